"""The workbook writer's texts: a column's distinct texts escaped all at once when nothing in
them needs a cell of its own (``_xlsx_stream._texts``) give the cells written one by one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from plangraph.output import FORMULA_PREFIXES
from plangraph.reports._xlsx_stream import ColumnRows, SheetSpec, _texts, write_sheets
from plangraph.safety import printable

SAFE = [
    "Beredskap",
    "Beredskap",  # (a repeated text)
    "",
    "a & b < c > d",
    "linje 1\nlinje 2",
    "vognretur\r her",
    "x" * 41,
    "x" * 40,
    "https://w3id.org/plangraph/id/a?b=1&c=2",
    "http://example.org/b",
    "urn:x-plangraph:c",
    "midt = + - @ i teksten",
    "hardt\u00a0mellomrom",
    "æøå – “sitat”",
]
"""Texts that need no cell of their own."""

TROUBLE = [
    "=SUM(A1)",
    "+47",
    "-1",
    "@navn",
    "\tfane",
    "\rretur",
    " foran",
    "bak ",
    "bak\n",
    "\u00a0hardt mellomrom foran",
    "kontroll\x07tegn",
    "slett\x7f",
    "nul\x00tegn",
]
"""Texts that do: a formula's start, a space first or last, a control character."""


def _sheet(path: Path) -> bytes:
    with zipfile.ZipFile(path) as book:
        return book.read("xl/worksheets/sheet1.xml") + book.read(
            "xl/worksheets/_rels/sheet1.xml.rels"
        )


@pytest.mark.parametrize("trouble", [None, *TROUBLE])
def test_texts_escaped_at_once_are_the_cells_written_one_by_one(
    tmp_path: Path, trouble: str | None
) -> None:
    """Plain texts with at most one that needs a cell of its own, in a text and an IRI column
    (and a column of plain words), written from rows, from columns and cell by cell."""
    texts = [*SAFE, *([trouble] if trouble is not None else [])]
    plain = [t for t in texts if t.isalnum()]
    rows = [[t, t, plain[i % len(plain)], i] for i, t in enumerate(texts)]
    columns = [
        ("Tekst", "text", 30),
        ("IRI", "iri", 60),
        ("Enkel", "label", 20),
        ("Tall", "int", 8),
    ]
    write_sheets([SheetSpec("Ark", columns, rows)], tmp_path / "rows.xlsx")
    held = ColumnRows([list(c) for c in zip(*rows, strict=True)], len(rows))
    assert list(held) == rows and held[3] == rows[3] and held[-1] == rows[-1]
    write_sheets([SheetSpec("Ark", columns, held)], tmp_path / "columns.xlsx")
    # a format for a cell that is not there: the same sheet, written cell by cell
    write_sheets([SheetSpec("Ark", columns, rows, {(10_000, 1): "0"})], tmp_path / "cells.xlsx")
    by_cell = _sheet(tmp_path / "cells.xlsx")
    assert _sheet(tmp_path / "rows.xlsx") == by_cell
    assert _sheet(tmp_path / "columns.xlsx") == by_cell
    assert b"<t>a &amp; b &lt; c &gt; d</t>" in by_cell
    assert (b"<t>'=SUM(A1)</t>" in by_cell) == (trouble == "=SUM(A1)")


@pytest.mark.parametrize(
    "numbers",
    [
        [1, 1.0, 2, 2, 0.5, 0.5, 10**20, -3],
        [0.0, -0.0, 0.0, 1.5, -0.0],
        [float("nan"), float("inf"), -float("inf"), 0.25, float("nan"), 7],
    ],
)
def test_numbers_written_once_each_are_the_cells_written_one_by_one(
    tmp_path: Path, numbers: list[float]
) -> None:
    """A column of numbers (each distinct number's cell written once) gives the cells written
    one by one: an int and its float apart, -0.0 not 0.0, NaN and infinities as Python
    writes them."""
    rows = [[n, str(i)] for i, n in enumerate(numbers)]
    columns = [("Tall", "percent", 10), ("Tekst", "text", 20)]
    held = ColumnRows([list(c) for c in zip(*rows, strict=True)], len(rows))
    write_sheets([SheetSpec("Ark", columns, held)], tmp_path / "columns.xlsx")
    write_sheets([SheetSpec("Ark", columns, rows, {(10_000, 1): "0"})], tmp_path / "cells.xlsx")
    sheets = []
    for name in ("columns", "cells"):
        with zipfile.ZipFile(tmp_path / f"{name}.xlsx") as book:
            sheets.append(book.read("xl/worksheets/sheet1.xml"))
    by_cell = sheets[1]
    assert sheets[0] == by_cell
    for n in numbers:
        assert f"<v>{n!r}</v>".encode() in by_cell


def test_every_text_that_needs_a_cell_of_its_own_is_found() -> None:
    """Each control character ``printable`` replaces, each formula start and each space first
    or last (``str.isspace``, all of Unicode) makes ``_texts`` write the column's texts one by
    one (a text with NUL among them forces that; the cells must be the same): a check that
    missed one would write it unreplaced, unquoted or without ``xml:space``."""
    assert all(len(prefix) == 1 for prefix in FORMULA_PREFIXES)  # (checked as characters)
    controls = [chr(c) for c in range(0x10000) if printable(chr(c)) != chr(c)]
    assert "\x07" in controls and "\x9f" in controls and "\n" not in controls
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    cases = [
        *(f"a{c}b" for c in controls if c != "\x00"),
        *(f"{p}x" for p in FORMULA_PREFIXES),
        *(f"{s}x" for s in spaces),
        *(f"x{s}" for s in spaces),
    ]
    for case in cases:
        texts = ["Beredskap", "https://w3id.org/plangraph/id/a", case]
        found: dict[str, str] = {}
        _texts(texts, True, (1, 2, 3), "</row>", found, {})
        one_by_one: dict[str, str] = {}
        _texts([*texts, "nul\x00tegn"], True, (1, 2, 3), "</row>", one_by_one, {})
        assert found[case] == one_by_one[case], repr(case)
        assert found["Beredskap"] == one_by_one["Beredskap"]
