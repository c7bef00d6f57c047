"""A workbook whose sheets several processes write, each into a file of its own, put together
afterwards (``_xlsx_stream.write_taken`` and ``assemble``): every part is the one
``write_sheets`` writes in one go, whichever file holds which sheet."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from plangraph.reports._xlsx_stream import (
    ColumnRows,
    SheetHead,
    SheetSpec,
    assemble,
    write_sheets,
    write_taken,
)
from plangraph.reports.data import ReportData, collect_report
from plangraph.reports.xlsx import sheet_heads, sheet_specs
from plangraph.store import open_store


@pytest.fixture(scope="module", params=["nb", "en"])
def data(request: pytest.FixtureRequest) -> ReportData:
    return collect_report(open_store("memory"), lang=request.param)


def _parts(book: Path | io.BytesIO) -> dict[str, bytes]:
    """Every part but the time the workbook was made, in the order of the file."""
    with zipfile.ZipFile(book) as opened:
        assert opened.testzip() is None
        return {n: opened.read(n) for n in opened.namelist() if n != "docProps/core.xml"}


def _split(heads: list[SheetHead], groups: list[list[int]], path: Path) -> None:
    files = [io.BytesIO() for _ in groups]
    for group, file in zip(groups, files, strict=True):
        write_taken(heads, iter(group), file)
    assemble(heads, files, path)


def test_every_split_of_the_sheets_gives_the_workbook_written_at_once(
    data: ReportData, tmp_path: Path
) -> None:
    write_sheets(sheet_specs(data), tmp_path / "once.xlsx")
    once = _parts(tmp_path / "once.xlsx")
    assert len([n for n in once if n.startswith("xl/worksheets/sheet")]) == 8
    heads = sheet_heads(data)
    count = len(heads)
    splits = [
        [list(range(count))],
        [[], list(range(count))],
        [list(range(0, count, 2)), list(range(1, count, 2))],
        [list(reversed(range(count)))],
        *([[i], [j for j in range(count) if j != i]] for i in range(count)),
        [[7, 2], [5, 0, 3], [1, 4, 6]],
    ]
    for n, groups in enumerate(splits):
        _split(heads, groups, tmp_path / f"split{n}.xlsx")
        assert _parts(tmp_path / f"split{n}.xlsx") == once, groups
        assert list(_parts(tmp_path / f"split{n}.xlsx")) == list(once)  # (the order too)


def test_cell_formats_of_a_later_sheet_are_numbered_as_written_at_once(tmp_path: Path) -> None:
    """Sheets with different kinds of columns, a percent format of one cell, a column with
    a blank (written cell by cell): the second process starts from the formats the first
    sheets add, without writing them."""
    percent = SheetSpec(
        "Tall",
        [("Navn", "label", 20), ("Del", "percent", 10)],
        [["a", 0.5], ["b", 0.25]],
        {(2, 2): "0.00"},
    )
    mixed = SheetSpec(
        "Blandet",
        [("Tekst", "text", 30), ("Verdi", "float", 10), ("IRI", "iri", 60)],
        [["x", 1.5, "https://example.org/a"], ["y", None, "urn:b"]],
    )
    columns = SheetSpec(
        "Kolonner",
        [("Heltall", "int", 8), ("Tekst", "text", 30)],
        ColumnRows([[1, 2], ["p", "q" * 50]], 2),
    )
    specs = [percent, mixed, columns]
    write_sheets(specs, tmp_path / "once.xlsx")
    heads = [SheetHead.of(spec) for spec in specs]
    _split(heads, [[2], [0, 1]], tmp_path / "split.xlsx")
    assert _parts(tmp_path / "split.xlsx") == _parts(tmp_path / "once.xlsx")
    _split(heads, [[1], [2, 0]], tmp_path / "split2.xlsx")
    assert _parts(tmp_path / "split2.xlsx") == _parts(tmp_path / "once.xlsx")


def test_a_sheet_written_nowhere_or_twice_is_refused(data: ReportData, tmp_path: Path) -> None:
    heads = sheet_heads(data)
    with pytest.raises(ValueError, match="sheet 3 was not written"):
        _split(heads, [[0, 1], [3, 4, 5, 6, 7]], tmp_path / "missing.xlsx")
    with pytest.raises(ValueError, match="written twice"):
        _split(heads, [list(range(8)), [4]], tmp_path / "twice.xlsx")


def test_a_sheet_unlike_its_head_is_refused(data: ReportData) -> None:
    heads = sheet_heads(data)
    heads[3].size += 1
    with pytest.raises(ValueError, match="sheet 4 is not as its head says"):
        write_taken(heads, iter([3]), io.BytesIO())
