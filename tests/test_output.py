"""Tables that fit the terminal and speak the chosen language; CSV and XLSX cells that no
spreadsheet runs as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from plangraph.i18n import LANGUAGES, catalogue, column
from plangraph.output import csv_safe, node, render
from tests.helpers import DATA, run_cli

LONG = (
    "Optimal utnyttelse av tilgjengelige styrings- og kvalitetsdata fra ulike kilder, som "
    "utgangspunkt for forbedring og læring i hele foretaksgruppen"
)


def test_a_table_fits_the_width_and_wraps_long_text_without_cutting_it() -> None:
    rows = [{"challenge": node("https://e.org/c", LONG), "measures": 3}]
    for width in (40, 80, 200):
        table = render(rows, "table", width=width)
        assert all(len(line) <= width for line in table.splitlines()), table
        assert "…" not in table
        words = " ".join(table.split())
        for word in LONG.split():
            assert word in words


def test_table_headers_follow_the_language() -> None:
    rows = [{"challenge": node("https://e.org/c", "C"), "covered_by": []}]
    assert "utfordring" in render(rows, "table", lang="nb")
    assert "dekt av" in render(rows, "table", lang="nn")
    assert "covered by" in render(rows, "table", lang="en")
    # JSON and CSV keep the English names a program reads.
    assert render(rows, "csv", lang="nn").splitlines()[0] == "challenge,challenge_iri,covered_by"


def test_cli_table_headers_follow_lang() -> None:
    nb = run_cli("--data-dir", str(DATA / "analysis"), "gaps").stdout
    nn = run_cli("--data-dir", str(DATA / "analysis"), "gaps", "--lang", "nn").stdout
    en = run_cli("--data-dir", str(DATA / "analysis"), "gaps", "--lang", "en").stdout
    assert nb.split()[:3] == ["utfordring", "overordnet", "temaområde"]
    assert nn.split()[:3] == ["utfordring", "overordna", "temaområde"]
    assert en.split()[:3] == ["challenge", "parent", "theme"]


def test_the_catalogues_hold_the_same_messages() -> None:
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    assert keys["nn"] == keys["nb"] == keys["en"]
    assert column("covered_by", "nb") != column("covered_by", "en")


@pytest.mark.parametrize(
    "dangerous",
    [
        '=HYPERLINK("https://evil.example","x")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
    ],
)
def test_csv_cells_that_look_like_formulas_are_neutralised(dangerous: str) -> None:
    assert csv_safe(dangerous) == "'" + dangerous
    rows = [{"label": dangerous, "who": node("https://e.org/a", dangerous), "n": -3}]
    parsed = list(csv.reader(io.StringIO(render(rows, "csv"), newline="")))
    assert parsed[1] == ["'" + dangerous, "'" + dangerous, "https://e.org/a", "-3"]


def test_safe_text_is_unchanged() -> None:
    for text in ("Beredskap", "", "1/4 (25%)", "https://e.org/x", "a=b"):
        assert csv_safe(text) == text


FORMULA_PLAN = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://e.org/org> a pg:RegionalHealthAuthority ; skos:prefLabel "=HYPERLINK(\\"https://evil.example\\")"@nb .
<https://e.org/plan> a pg:ActionPlan ; dcterms:title "@SUM(A1)"@nb ; dcterms:publisher <https://e.org/org> .
<https://e.org/theme> a pg:ThemeArea ; skos:prefLabel "+tema"@nb ; pg:partOfPlan <https://e.org/plan> .
<https://e.org/c> a pg:Challenge ; skos:prefLabel "-utfordring"@nb ; pg:inTheme <https://e.org/theme> ;
    pg:partOfPlan <https://e.org/plan> .
"""


def test_cli_csv_and_the_workbook_carry_no_formula(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    data.mkdir()
    (data / "formula.ttl").write_text(FORMULA_PLAN)
    out = run_cli("--data-dir", str(data), "gaps", "-f", "csv")
    assert out.returncode == 0, out.stderr
    cells = [c for row in csv.reader(io.StringIO(out.stdout)) for c in row]
    assert "'-utfordring" in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells), cells
    report = run_cli("--data-dir", str(data), "report", "-o", str(tmp_path / "r"))
    assert report.returncode == 0, report.stderr
    book = load_workbook(tmp_path / "r" / "dekningsrapport.xlsx")
    texts = [
        c.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert "'-utfordring" in texts
    assert not any(t.startswith(("=", "+", "-", "@", "\t", "\r")) for t in texts)


@pytest.mark.parametrize("width", [80, 100, 120])
def test_a_wide_table_keeps_every_column_within_the_width(width: int) -> None:
    from plangraph.nodes import plan_counts
    from plangraph.store import open_store

    rows = plan_counts(open_store(), "nb")
    columns = ["plan", "type", "publisher", "issued", "goals", "themes", "challenges", "measures"]
    table = render(rows, "table", columns, width=width)
    lines = table.splitlines()
    assert all(len(line) <= width for line in lines)
    assert "tiltak" in lines[0] + lines[1] + lines[2]  # the last header, whole
    words = " ".join(table.split())
    for row in rows:
        assert str(row["measures"]) in words
        if width >= 120:  # room for every word whole; narrower, long words fold
            for word in str(row["plan"]["label"]).split():
                assert len(word) > 20 or word in words
