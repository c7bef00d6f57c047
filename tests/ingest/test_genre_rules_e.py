"""Rules of the genre found with batch E of the held-out set (imp_e round): spreadsheets of the
plan's own (not the template), merged section rows in tables, accordions and definition lists
on web pages, upper-case question headings in plain text, "Delmål 1.1: ..." lines."""

from __future__ import annotations

import io

import pytest

from plangraph.errors import InputError
from plangraph.ingest.draft import Draft, DraftItem
from plangraph.ingest.importer import read_upload


def _of(draft: Draft, kind: str) -> list[DraftItem]:
    return [i for i in draft.items if i.kind == kind]


def _xlsx(sheets: dict[str, list[list[str]]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_workbook_of_measures_is_read_as_a_table_of_the_plan() -> None:
    data = _xlsx(
        {
            "Tiltak": [
                ["Tiltaksplan for habilitering 2025"],
                ["Oppdatert 1. mars 2025"],
                [],
                ["Nr", "Innsatsområde", "Tiltak", "Ansvarleg", "Frist", "Status"],
                ["1", "Overgangar", "Innføre overgangssamtale ved 16 år", "BUP", "2025", "Starta"],
                ["2", "Kompetanse", "Tilby rettleiing til kommunane", "HAVO", "2026", "Planlagd"],
            ],
            "Forklaring": [["Status: Ikkje starta, Planlagd, Starta, Fullført."]],
        }
    )
    draft = read_upload("tiltak.xlsx", data)
    measures = _of(draft, "measure")
    assert [m.text for m in measures] == [
        "Innføre overgangssamtale ved 16 år",
        "Tilby rettleiing til kommunane",
    ]
    assert measures[0].responsible == "BUP"
    assert measures[0].deadline == "2025"
    assert sorted(t.label for t in _of(draft, "theme")) == ["Kompetanse", "Overgangar"]
    assert draft.title == "Tiltaksplan for habilitering 2025"


def test_a_semicolon_csv_with_a_bom_is_read_as_a_table_of_the_plan() -> None:
    text = (
        "\ufeffTiltak;Mål;Ansvarlig;Frist\n"
        "Innføre digital innsjekk;Kortere ventetid;Poliklinikksjef;2025\n"
        '"Tilby valg av behandlingssted, også hos private";Kortere ventetid;Fagdirektør;2026\n'
    )
    draft = read_upload("tiltak-status.csv", text.encode("utf-8"))
    assert [m.text for m in _of(draft, "measure")] == [
        "Innføre digital innsjekk",
        "Tilby valg av behandlingssted, også hos private",
    ]
    assert [g.label for g in _of(draft, "goal")] == ["Kortere ventetid"]


def test_the_template_and_its_errors_stay_the_template_s() -> None:
    # A CSV with the template's columns is the template, and a ragged row is still refused.
    with pytest.raises(InputError, match="ragged"):
        read_upload("goals.csv", b"id,label,text\ng1,M\xc3\xa5l ein,M\xc3\xa5l ein\ng2,M\n")
    with pytest.raises(InputError, match="unknown column"):
        read_upload("plan.csv", b"kind,label,colour\ngoal,Mal,rod\n")
    # A workbook with no table and no text is refused with a clear message.
    with pytest.raises(InputError, match="no text"):
        read_upload("tom.xlsx", _xlsx({"Ark1": [[]]}))
