"""Rules of the genre found with batch E of the held-out set (imp_e round): spreadsheets of the
plan's own (not the template), merged section rows in tables, accordions and definition lists
on web pages, upper-case question headings in plain text, "Delmål 1.1: ..." lines."""

from __future__ import annotations

import io

import pytest

from plangraph.errors import InputError
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import of_kind as _of
from tests.ingest.fixtures import pdf_bytes
from tests.ingest.fixtures import xlsx_bytes as _xlsx


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


def test_an_accordion_panel_title_is_a_heading_and_its_list_belongs_to_it() -> None:
    page = """<html><body><main><h1>Strategi 2025</h1><h2>Innsatsområder</h2>
<details><summary>Barn og unge</summary><ul><li>Opprette ambulante team</li>
<li>Innføre felles inntaksmøter</li></ul></details>
<details><summary>Brukermedvirkning</summary><ul><li>Ansette erfaringskonsulenter</li></ul>
</details></main></body></html>"""
    draft = read_upload("strategi.html", page.encode("utf-8"))
    themes = {t.id: t.label for t in _of(draft, "theme")}
    assert sorted(themes.values()) == ["Barn og unge", "Brukermedvirkning"]
    measures = _of(draft, "measure")
    assert [(m.text, themes.get(m.theme or "")) for m in measures] == [
        ("Opprette ambulante team", "Barn og unge"),
        ("Innføre felles inntaksmøter", "Barn og unge"),
        ("Ansette erfaringskonsulenter", "Brukermedvirkning"),
    ]


@pytest.mark.parametrize("heading", ["Hva er utfordringen?", "Dette er utfordringene"])
def test_a_question_or_presentation_of_the_kind_is_no_theme(heading: str) -> None:
    sentence = "Vi ser at ventetiden har økt kraftig siden 2022."
    text = f"# Handlingsplan 2025\n\n## {heading}\n\n{sentence}\n"
    draft = read_upload("plan.md", text.encode("utf-8"))
    assert [c.text for c in _of(draft, "challenge")] == [sentence]
    assert all(t.label != heading for t in _of(draft, "theme"))
    assert all(t.label_kind == "editorial" for t in _of(draft, "theme"))


def test_upper_case_question_headings_in_plain_text() -> None:
    text = (
        "STATUSNOTAT REHABILITERING\nHelse Testvest, april 2025\n\n"
        "1. KVA ER UTFORDRINGA?\n\nVi ser at ventetida har auka kraftig sidan 2022.\n\n"
        "2. KVA VIL VI OPPNÅ?\n\nIngen pasientar skal vente meir enn fire veker.\n\n"
        "3. KVA GJER VI?\n\n- Vi opprettar eit ambulant team.\n- Vi inngår avtalar.\n"
    )
    draft = read_upload("notat.txt", text.encode("utf-8"))
    assert draft.title == "STATUSNOTAT REHABILITERING"
    assert [c.text for c in _of(draft, "challenge")] == [
        "Vi ser at ventetida har auka kraftig sidan 2022."
    ]
    assert [g.text for g in _of(draft, "goal")] == [
        "Ingen pasientar skal vente meir enn fire veker."
    ]
    assert [m.text for m in _of(draft, "measure")] == [
        "Vi opprettar eit ambulant team.",
        "Vi inngår avtalar.",
    ]


def test_a_merged_section_row_of_a_table_is_a_theme_over_its_rows() -> None:
    page = """<html><body><main><h1>Handlingsplan 2025</h1><h2>Tiltak</h2><table>
<tr><th>Nr</th><th>Tiltak</th><th>Ansvar</th><th>Frist</th></tr>
<tr><td colspan="4">Innsatsområde 1: Riktig legemiddelliste</td></tr>
<tr><td>1.1</td><td>Innføre legemiddelsamstemming</td><td>Klinikksjef</td><td>2025</td></tr>
<tr><td colspan="4">Innsatsområde 2: Kompetanse</td></tr>
<tr><td>2.1</td><td>Ansette klinisk farmasøyt</td><td>Fagdirektør</td><td>2026</td></tr>
<tr><td>Sum</td></tr>
</table></main></body></html>"""
    draft = read_upload("plan.html", page.encode("utf-8"))
    themes = {t.id: t.label for t in _of(draft, "theme")}
    assert sorted(themes.values()) == [
        "Innsatsområde 1: Riktig legemiddelliste",
        "Innsatsområde 2: Kompetanse",
    ]
    assert [(m.text, themes.get(m.theme or "")) for m in _of(draft, "measure")] == [
        ("Innføre legemiddelsamstemming", "Innsatsområde 1: Riktig legemiddelliste"),
        ("Ansette klinisk farmasøyt", "Innsatsområde 2: Kompetanse"),
    ]


def test_numbered_sub_goal_lines_of_a_pdf_are_goals_of_their_own() -> None:
    data = pdf_bytes(
        [
            [
                ("h1", "Utviklingsplan 2025-2030"),
                ("h2", "Mål 1: Pasientane får rett behandling på rett nivå"),
                ("p", "Delmål 1.1: Fleire pasientar får oppfølging heime med digitale løysingar"),
                ("p", "Delmål 1.2: Ventetida til poliklinisk vurdering er under 50 dagar"),
            ]
        ]
    )
    draft = read_upload("plan.pdf", data)
    assert [(g.label, g.text) for g in _of(draft, "goal")] == [
        (
            "Pasientane får rett behandling på rett nivå",
            "Mål 1: Pasientane får rett behandling på rett nivå",
        ),
        (
            "Fleire pasientar får oppfølging heime med digitale løysingar",
            "Delmål 1.1: Fleire pasientar får oppfølging heime med digitale løysingar",
        ),
        (
            "Ventetida til poliklinisk vurdering er under 50 dagar",
            "Delmål 1.2: Ventetida til poliklinisk vurdering er under 50 dagar",
        ),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Status for tiltakene rapporteres til ledermøtet hvert tertial. Klinikksjefene har "
        "ansvar for gjennomføringen i egen klinikk.",
        "Handlingsplanen rapporteres til styret hvert tertial.",
        "Tiltaka blir evaluerte og planen revidert i 2026.",
    ],
)
def test_how_the_plan_is_followed_up_is_no_measure(paragraph: str) -> None:
    text = (
        "# Handlingsplan 2025\n\n## Tiltak\n\n- Innføre legemiddelsamstemming i akuttmottaket\n\n"
        f"## Oppfølging og rapportering\n\n{paragraph}\n"
    )
    draft = read_upload("plan.md", text.encode("utf-8"))
    assert [m.text for m in _of(draft, "measure")] == [
        "Innføre legemiddelsamstemming i akuttmottaket"
    ]


def test_a_measure_about_reporting_stays_a_measure() -> None:
    text = (
        "# Handlingsplan 2025\n\n## Oppfølging\n\n"
        "Vi vil innføre månedlig rapportering av ventetider til styret fra 2025.\n"
    )
    draft = read_upload("plan.md", text.encode("utf-8"))
    assert [m.text for m in _of(draft, "measure")] == [
        "Vi vil innføre månedlig rapportering av ventetider til styret fra 2025."
    ]


def test_a_workbook_s_date_and_number_cells_read_as_the_sheet_shows_them() -> None:
    import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Nr", "Tiltak", "Ansvar", "Frist"])
    ws.append([1.0, "Innføre digital innsjekk", "Poliklinikksjef", datetime.datetime(2025, 6, 1)])
    out = io.BytesIO()
    wb.save(out)
    draft = read_upload("tiltak.xlsx", out.getvalue())
    (measure,) = _of(draft, "measure")
    assert measure.deadline == "2025-06-01"
    assert measure.number == 1


def test_a_huge_cell_of_a_free_form_csv_is_refused() -> None:
    big = "x" * 1_000_001
    with pytest.raises(InputError, match="more than"):
        read_upload("tiltak.csv", f"Tiltak;Ansvar\n{big};A\n".encode())


@pytest.mark.parametrize("column", ["Beskrivelse av tiltak", "Hva skal gjøres?"])
def test_a_measure_column_named_by_a_phrase(column: str) -> None:
    text = (
        "# Handlingsplan 2025\n\n## Tiltak\n\n"
        f"| Nr | Innsatsområde | {column} | Ansvar | Frist |\n|---|---|---|---|---|\n"
        "| 1 | Barn og unge | Opprette ambulante team i alle opptaksområder | Klinikksjef | 2025 |\n"
    )
    draft = read_upload("plan.md", text.encode("utf-8"))
    (measure,) = _of(draft, "measure")
    assert measure.text == "Opprette ambulante team i alle opptaksområder"
    assert measure.responsible == "Klinikksjef"
    assert [t.label for t in _of(draft, "theme")] == ["Barn og unge"]


def test_hva_er_problemet_only_names_the_kind() -> None:
    sentence = "Ventetiden for barn har økt kraftig siden 2022, og mange venter over fristen."
    text = f"# Handlingsplan 2025\n\n## Hva er problemet?\n\n{sentence}\n"
    draft = read_upload("plan.md", text.encode("utf-8"))
    assert [c.text for c in _of(draft, "challenge")] == [sentence]
    assert [t.label_kind for t in _of(draft, "theme")] == ["editorial"]


def test_numbered_labels_in_one_plain_text_paragraph_are_items_of_their_own() -> None:
    text = (
        "Utviklingsplan 2025\n\nMål og delmål\n\n"
        "Mål 1: Pasientane får rett behandling på rett nivå\n"
        "Delmål 1.1: Fleire pasientar får oppfølging heime\n"
        "Delmål 1.2: Ventetida er under 50 dagar\n"
    )
    draft = read_upload("plan.txt", text.encode("utf-8"))
    assert [(g.label, g.text) for g in _of(draft, "goal")] == [
        (
            "Pasientane får rett behandling på rett nivå",
            "Mål 1: Pasientane får rett behandling på rett nivå",
        ),
        (
            "Fleire pasientar får oppfølging heime",
            "Delmål 1.1: Fleire pasientar får oppfølging heime",
        ),
        ("Ventetida er under 50 dagar", "Delmål 1.2: Ventetida er under 50 dagar"),
    ]


def test_markdown_text_is_read_without_its_markup() -> None:
    text = (
        "# Strategi 2025\n\n## Mål\n\n**Mål 1:** Pasientane får rett behandling på rett nivå.\n\n"
        "## Tiltak\n\n- **Etablere** eit heimesjukehus, sjå [planen](https://example.org/p).\n"
    )
    draft = read_upload("plan.md", text.encode("utf-8"))
    (goal,) = _of(draft, "goal")
    assert (goal.label, goal.text) == (
        "Pasientane får rett behandling på rett nivå.",
        "Mål 1: Pasientane får rett behandling på rett nivå.",
    )
    assert [m.text for m in _of(draft, "measure")] == ["Etablere eit heimesjukehus, sjå planen."]


def test_a_comma_csv_with_an_id_column_is_no_template() -> None:
    text = (
        "ID,Tiltak,Ansvar,Frist\nT1,Innføre digital innsjekk i poliklinikken,Poliklinikksjef,2025\n"
    )
    draft = read_upload("tiltaksliste.csv", text.encode("utf-8"))
    (measure,) = _of(draft, "measure")
    assert measure.text == "Innføre digital innsjekk i poliklinikken"
    assert measure.responsible == "Poliklinikksjef"
