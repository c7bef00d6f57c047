"""The import preview's terminal table: nothing cut, one language per view, fits the width."""

from __future__ import annotations

import pytest

from plangraph.ingest.importer import read_upload, render_preview

LONG = (
    "Etablere et felles team for oppfølging av pasienter som skrives ut fra sykehuset til "
    "kommunale korttidsplasser"
)
TEXT = f"""# Handlingsplan for samhandling (fiktiv)

## Utskrivning

Tiltak:

- {LONG}
- Lage en rutine for samtale før utskrivning
"""


def _table(width: int, lang: str | None = None) -> str:
    draft = read_upload("plan.md", TEXT.encode("utf-8"))
    return render_preview(draft, "table", lang=lang, width=width)


def _column_cells(body: str, heading: str, following: str) -> list[str]:
    """Each row's text in one column of the table, its wrapped lines joined."""
    lines = body.splitlines()
    start, end = lines[0].index(heading), lines[0].index(following)
    cells: list[str] = []
    for line in lines[2:]:  # below the headings and the rule
        if line[:start].strip():  # a new row starts with its kind
            cells.append("")
        cells[-1] += line[start:end].strip()
    return cells


def test_a_long_label_is_wrapped_within_the_width_not_cut() -> None:
    body = _table(80).split("\n\n", 1)[1]
    assert max(len(line) for line in body.splitlines()) <= 80
    labels = _column_cells(body, "navn", "overordnet")
    # the whole label, wrapped over lines of its column (a word longer than the column is
    # folded), not cut: the old table cut labels at 48 characters with an ellipsis
    assert LONG.replace(" ", "") in [cell.replace(" ", "") for cell in labels]
    assert "…" not in body


@pytest.mark.parametrize(
    ("lang", "headings", "measure"),
    [
        (None, ("type", "navn", "sikkerhet", "grunn"), "tiltak"),  # Bokmål by default
        ("nn", ("type", "namn", "tryggleik", "grunn"), "tiltak"),
        ("en", ("kind", "label", "confidence", "reason"), "measure"),
    ],
)
def test_headings_and_kinds_are_in_one_language(
    lang: str | None, headings: tuple[str, ...], measure: str
) -> None:
    table = _table(160, lang)
    head, body = table.split("\n\n", 1)
    first = body.splitlines()[0].split()
    assert [h for h in headings if h in first] == list(headings)
    assert any(line.startswith(measure + " ") for line in body.splitlines())
    assert f"2 {measure}" in head  # the counts name the kinds in the same language


def test_csv_and_json_keep_the_machine_values() -> None:
    draft = read_upload("plan.md", TEXT.encode("utf-8"))
    csv_rows = render_preview(draft, "csv").splitlines()
    assert csv_rows[0] == "kind,label,text,parent,confidence,reason,position"
    assert any(row.startswith("measure,") for row in csv_rows[1:])
