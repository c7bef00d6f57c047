"""Rules for the genres held-out batch L showed: a regional plan in PDF with one area a page
and the same kind sub-headings under each, a Word plan whose headings are plain paragraphs
with the number typed in, project-tool exports with a column of goal IDs, a web page whose
areas are accordions over findings, and a wiki page with checklists and bold labels. The texts
here are written for the tests, in those shapes."""

from __future__ import annotations

from plangraph.ingest.draft import Draft, DraftItem
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of as _labels
from tests.ingest.fixtures import of_kind as _of
from tests.ingest.fixtures import texts_of as _texts


def _theme_of(draft: Draft, item: DraftItem) -> str | None:
    return next((t.label for t in _of(draft, "theme") if t.id == item.theme), None)


def _by_theme(draft: Draft, kind: str) -> dict[str, str | None]:
    """The items of a kind, their text (whitespace made single) to their theme's label."""
    return {" ".join((i.text or i.label).split()): _theme_of(draft, i) for i in _of(draft, kind)}


def _md(text: str) -> Draft:
    return read_upload("plan.md", text.encode("utf-8"))


def _html(text: str) -> Draft:
    return read_upload("plan.html", text.encode("utf-8"))


# ---------------------------------------------------------------- a: kind sub-headings


def _area_pdf(
    areas: list[tuple[str, list[str], list[str], list[str]]],
    before: list[str],
    challenge_heading: str = "Utfordringar",
    header: str = "Handlingsplan for rekruttering | Vestfjell sjukehus (fiktiv)",
) -> bytes:
    """A plan in PDF: a running header, a "Side N av M" footer, the opening pages (``before``:
    "## " a heading, else a paragraph), then one area a page, each with bold sub-headings "Mål",
    "Utfordringar" and "Tiltak" over its bullets."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.alias_nb_pages("{nb}")

    def head() -> None:
        pdf.set_font("Helvetica", "", 8)
        pdf.cell(0, 6, header, align="R")
        pdf.ln(10)

    def foot() -> None:
        pdf.set_y(-15)
        pdf.set_font("Helvetica", "", 8)
        pdf.cell(0, 8, f"Versjon 2   Side {pdf.page_no()} av {{nb}}", align="C")

    pdf.header = head  # type: ignore[method-assign]
    pdf.footer = foot  # type: ignore[method-assign]

    def line(text: str, style: str = "", size: int = 11) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    line("Handlingsplan for rekruttering 2028-2031", "B", 20)
    for text in before:
        if text.startswith("## "):
            line(text[3:], "B", 14)
        else:
            line(text)
    for name, goals, challenges, measures in areas:
        pdf.add_page()
        line(name, "B", 14)
        for sub, bullets in (("Mål", goals), (challenge_heading, challenges), ("Tiltak", measures)):
            line(sub, "B", 12)
            for bullet in bullets:
                line("- " + bullet)
    return bytes(pdf.output())


_AREAS = [
    (
        "1. Jordmødrer",
        ["Alle fødeavdelingane skal ha fast bemanning av jordmødrer innan 2031"],
        ["Halvparten av jordmødrene i distriktet går av med pensjon innan fem år"],
        ["Tilby stipend til sjukepleiarar som tek vidareutdanning i jordmorfag"],
    ),
    (
        "2. Radiografar",
        ["Ventetida på MR skal ikkje auke i planperioden"],
        ["Radiografane byter ofte arbeidsgivar etter eitt år"],
        ["Opprette ei fagstige for radiografar med lønnsopprykk"],
    ),
    (
        "3. Bioingeniørar",
        ["Laboratoria skal ha nok bioingeniørar til døgnkontinuerleg drift"],
        ["Laboratoria i distriktet har berre éin bioingeniør på vakt om natta"],
        ["Leggje til rette for desentralisert bioingeniørutdanning"],
    ),
]


def test_a_bullets_under_a_repeated_utfordringar_sub_heading_in_a_pdf_are_challenges() -> None:
    # the same sub-headings on every page are no running header: each heads its area's items
    draft = read_upload("plan.pdf", _area_pdf(_AREAS, []))
    challenges = _by_theme(draft, "challenge")
    assert challenges == {
        "Halvparten av jordmødrene i distriktet går av med pensjon innan fem år": "Jordmødrer",
        "Radiografane byter ofte arbeidsgivar etter eitt år": "Radiografar",
        "Laboratoria i distriktet har berre éin bioingeniør på vakt om natta": "Bioingeniørar",
    }
    assert _texts(draft, "measure") == [
        "Tilby stipend til sjukepleiarar som tek vidareutdanning i jordmorfag",
        "Opprette ei fagstige for radiografar med lønnsopprykk",
        "Leggje til rette for desentralisert bioingeniørutdanning",
    ]
    assert _labels(draft, "theme") == ["Jordmødrer", "Radiografar", "Bioingeniørar"]


def test_a_a_question_sub_heading_repeated_on_every_page_heads_challenges_too() -> None:
    draft = read_upload("plan.pdf", _area_pdf(_AREAS, [], "Kva er utfordringa?"))
    assert len(_of(draft, "challenge")) == 3
    assert "Radiografane byter ofte arbeidsgivar etter eitt år" in _texts(draft, "challenge")


def test_a_the_title_stays_though_the_running_header_repeats_it() -> None:
    title = "Handlingsplan for rekruttering 2028-2031"
    before = ["## Bakgrunn", "Det er vanskeleg å rekruttere bioingeniørar til distrikta."]
    draft = read_upload("plan.pdf", _area_pdf(_AREAS, before, header=title))
    assert draft.title == title
    assert _labels(draft, "theme") == ["Jordmødrer", "Radiografar", "Bioingeniørar"]


def test_a_background_is_no_challenge_where_the_plan_has_challenge_sections_of_its_own() -> None:
    before = [
        "## Bakgrunn",
        "Talet på fødslar i regionen aukar, og mange jordmødrer går av med pensjon dei neste "
        "åra. Det er vanskeleg å rekruttere radiografar til lokalsjukehusa.",
    ]
    draft = read_upload("plan.pdf", _area_pdf(_AREAS, before))
    assert len(_of(draft, "challenge")) == 3
    assert not any(
        "fødslar" in t or "vanskeleg å rekruttere" in t for t in _texts(draft, "challenge")
    )
    # no theme named after the plan for background sentences
    assert _labels(draft, "theme") == ["Jordmødrer", "Radiografar", "Bioingeniørar"]


def test_a_background_still_gives_its_problems_in_a_plan_without_challenge_sections() -> None:
    # guard: the background rule of earlier rounds holds where the plan names no challenges
    draft = _md(
        "# Handlingsplan for fødetilbodet 2028\n\n## Bakgrunn\n\n"
        "Det er vanskeleg å rekruttere jordmødrer til fødestovene i distriktet.\n\n"
        "## Tiltak\n\n- Tilby stipend til vidareutdanning i jordmorfag\n"
    )
    assert _texts(draft, "challenge") == [
        "Det er vanskeleg å rekruttere jordmødrer til fødestovene i distriktet."
    ]


def test_a_a_short_sentence_under_a_kind_sub_heading_is_an_item_of_that_kind() -> None:
    draft = _md(
        "# Handlingsplan for fallførebygging 2029\n\n"
        "## Fall i sengepostane\n\n"
        "### Mål\n\nFærre fall med skade i 2029.\n\n"
        "### Utfordringar\n\nNattbemanninga er for låg.\n\n"
        "### Tiltak\n\n- Innføre tilsynsrunde kvar time om natta\n"
    )
    assert _by_theme(draft, "goal") == {"Færre fall med skade i 2029.": "Fall i sengepostane"}
    assert _by_theme(draft, "challenge") == {"Nattbemanninga er for låg.": "Fall i sengepostane"}


def test_a_funn_sub_heading_gives_challenges_and_is_no_theme() -> None:
    draft = _md(
        "# Oppfølging av medarbeiderundersøkelsen 2028\n\n"
        "## Hva vi skal gjøre\n\n"
        "### Opplæring av nyansatte\n\n"
        "#### Funn\n\n"
        "Nyansatte sykepleiere sier at de blir satt alene på vakt for tidlig.\n\n"
        "#### Tiltak\n\n"
        "- Innføre fadderordning de første tolv vaktene\n\n"
        "### Pauser\n\n"
        "#### Dette fant vi\n\n"
        "Mange medarbeidere rekker ikke å ta pause på kveldsvakt.\n\n"
        "#### Tiltak\n\n"
        "- Sette opp faste pauseavløsere i sengepostene\n"
    )
    challenges = _by_theme(draft, "challenge")
    assert challenges == {
        "Nyansatte sykepleiere sier at de blir satt alene på vakt for tidlig.": "Opplæring av nyansatte",
        "Mange medarbeidere rekker ikke å ta pause på kveldsvakt.": "Pauser",
    }
    assert "Funn" not in _labels(draft, "theme")
    assert "Dette fant vi" not in _labels(draft, "theme")


def test_a_a_follow_up_and_reporting_section_gives_no_measures() -> None:
    draft = _md(
        "# Handlingsplan for legemiddelsikkerhet 2028\n\n"
        "## Tiltak\n\n- Innføre strekkodeskanning ved utdeling av legemidler\n\n"
        "## Oppfølging og rapportering\n\n"
        "Klinikkene rapporterer framdriften i tiltakene i sin tertialrapport.\n"
    )
    assert _texts(draft, "measure") == ["Innføre strekkodeskanning ved utdeling av legemidler"]


def test_a_contact_lines_give_no_items() -> None:
    draft = _md(
        "# Handlingsplan for legemiddelsikkerhet 2028\n\n"
        "## Tiltak\n\n- Innføre strekkodeskanning ved utdeling av legemidler\n\n"
        "## Oppfølging\n\n"
        "Kontakt: fagdirektør, fag@vestfjell.example\n\n"
        "Spørsmål om planen kan rettes til kvalitetsavdelingen på fag@vestfjell.example.\n"
    )
    assert _texts(draft, "measure") == ["Innføre strekkodeskanning ved utdeling av legemidler"]
    assert len(draft.items) == 1


# ---------------------------------------------------------------- b: typed-number headings


def _plain_docx(paragraphs: list[str]) -> bytes:
    """A Word file whose every paragraph is plain (no heading or list style), as a plan typed
    without styles is."""
    import io

    import docx

    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_b_typed_number_lines_over_body_text_in_a_word_file_are_headings() -> None:
    draft = read_upload(
        "plan.docx",
        _plain_docx(
            [
                "Vestfjell sjukehus (fiktiv)",
                "Handlingsplan for ernæring 2028–2029",
                "Innhald",
                "1 Innleiing",
                "2 Underernæring",
                "3 Oppfølging",
                "1 Innleiing",
                "Planen gjeld for alle sengepostar ved sjukehuset.",
                "2 Underernæring",
                "2.1 Mål",
                "Alle pasientar i risiko for underernæring skal ha ein ernæringsplan.",
                "2.2 Utfordringar",
                "Ernæringsstatus blir sjeldan kartlagd hos pasientar som kjem frå sjukeheim.",
                "2.3 Tiltak",
                "Bruke ein fast screeningskjema for ernæring ved innlegging på alle postar.",
                "3 Oppfølging",
                "Ernæringsrådet følgjer opp planen kvart halvår.",
            ]
        ),
    )
    assert draft.title == "Handlingsplan for ernæring 2028–2029"
    assert _labels(draft, "theme") == ["Underernæring"]
    assert _by_theme(draft, "goal") == {
        "Alle pasientar i risiko for underernæring skal ha ein ernæringsplan.": "Underernæring"
    }
    assert _by_theme(draft, "challenge") == {
        "Ernæringsstatus blir sjeldan kartlagd hos pasientar som kjem frå sjukeheim.": "Underernæring"
    }
    assert _texts(draft, "measure") == [
        "Bruke ein fast screeningskjema for ernæring ved innlegging på alle postar."
    ]


def test_b_a_typed_number_line_right_over_bullets_heads_them() -> None:
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("Handlingsplan for ernæring 2028")
    d.add_paragraph("1 Innleiing")
    d.add_paragraph("Planen gjeld for alle sengepostar.")
    d.add_paragraph("2 Tiltak")
    d.add_paragraph("Bruke eit fast screeningskjema ved innlegging", style="List Bullet")
    d.add_paragraph("Tilby næringsdrikk til alle i risiko", style="List Bullet")
    out = io.BytesIO()
    d.save(out)
    draft = read_upload("plan.docx", out.getvalue())
    assert _texts(draft, "measure") == [
        "Bruke eit fast screeningskjema ved innlegging",
        "Tilby næringsdrikk til alle i risiko",
    ]


def test_b_a_typed_numbered_list_in_a_word_file_stays_a_list() -> None:
    # guard: "1. Etablere ..." lines typed as a list are items, not headings
    draft = read_upload(
        "plan.docx",
        _plain_docx(
            [
                "Handlingsplan for ernæring 2028",
                "Tiltak",
                "1. Etablere eit ernæringsråd",
                "2. Tilsetje ein klinisk ernæringsfysiolog",
                "Rådet skal møtast fire gonger i året.",
            ]
        ),
    )
    assert _texts(draft, "measure")[:2] == [
        "Etablere eit ernæringsråd",
        "Tilsetje ein klinisk ernæringsfysiolog",
    ]


# ---------------------------------------------------------------- c: goal-ID references


def test_c_a_column_of_goal_ids_in_a_measures_sheet_refers_to_the_goals_sheet() -> None:
    from tests.ingest.fixtures import xlsx_bytes

    draft = read_upload(
        "arsplan.xlsx",
        xlsx_bytes(
            {
                "Mål": [
                    ["Mål-nr", "Innsatsområde", "Mål 2029"],
                    ["A1", "Legemiddel", "Alle pasientar skal ha oppdatert legemiddelliste"],
                    ["A2", "Ernæring", "Ingen pasientar skal gå ned i vekt under opphaldet"],
                ],
                "Tiltak": [
                    ["Nr", "Tiltak", "Mål-nr", "Ansvarleg"],
                    ["1", "Innføre legemiddelsamstemming i mottaket", "A1", "Mottaket"],
                    ["2", "Opprette eit tverrfagleg ernæringsteam", "A1 og A2", "Fagsjef"],
                ],
            }
        ),
    )
    assert _texts(draft, "goal") == [
        "Alle pasientar skal ha oppdatert legemiddelliste",
        "Ingen pasientar skal gå ned i vekt under opphaldet",
    ]
    team = next(i for i in _of(draft, "measure") if i.text.startswith("Opprette"))
    # the reference is kept as the source states it, with the goal it names
    assert any("'A2'" in n and "Ingen pasientar skal gå ned i vekt" in n for n in team.notes)


def test_c_a_goal_number_column_refers_to_the_numbered_goals() -> None:
    from tests.ingest.fixtures import xlsx_bytes

    draft = read_upload(
        "plan.xlsx",
        xlsx_bytes(
            {
                "Mål": [
                    ["Nr", "Mål"],
                    ["1", "Ingen pasientar skal vente over 60 dagar"],
                    ["2", "Alle pasientar skal få time innan fire veker"],
                ],
                "Tiltak": [
                    ["Tiltak", "Mål nr.", "Ansvar"],
                    ["Opprette kveldspoliklinikk", "2", "Klinikksjef"],
                ],
            }
        ),
    )
    assert len(_of(draft, "goal")) == 2
    (measure,) = _of(draft, "measure")
    assert any("Alle pasientar skal få time innan fire veker" in n for n in measure.notes)


def test_c_a_csv_column_of_goal_ids_gives_no_goals() -> None:
    text = (
        "\ufeffID;Tiltak;Gjeld mål;Frist\r\n"
        "T1;Opprette eit ambulant team for eldre;G2;2029\r\n"
        "T2;Innføre fast legemiddelgjennomgang i sjukeheimane;G1, G3;2029\r\n"
    )
    draft = read_upload("tiltak.csv", text.encode("utf-8"))
    assert _of(draft, "goal") == []
    assert _texts(draft, "measure") == [
        "Opprette eit ambulant team for eldre",
        "Innføre fast legemiddelgjennomgang i sjukeheimane",
    ]


# ---------------------------------------------------------------- d: accordions, results tables


_ACCORDION_PAGE = """<!doctype html><html lang="nn"><head><meta charset="utf-8">
<title>Oppfølging av brukarundersøkinga 2028</title></head><body><main>
<h1>Oppfølging av brukarundersøkinga 2028</h1>
<h2>Resultat frå undersøkinga</h2>
<table><tr><th>Tema</th><th>2027</th><th>2028</th></tr>
<tr><td>Informasjon</td><td>61 %</td><td>58 %</td></tr>
<tr><td>Ventetid</td><td>44 %</td><td>49 %</td></tr></table>
<h2>Dette skal vi gjere</h2>
<p>Planen har to innsatsområde.</p>
<details><summary>Informasjon til pårørande</summary>
<h3>Kva fann vi?</h3>
<p>Pårørande får sjeldan vite når pasienten skal skrivast ut.</p>
<h3>Mål</h3>
<p>Alle pårørande skal få melding om utskrivinga dagen før.</p>
<h3>Tiltak</h3>
<ul><li>Innføre ei fast sjekkliste for kontakt med pårørande før utskriving</li></ul>
</details>
<details><summary>Ventetid i poliklinikken</summary>
<h3>Kva fann vi?</h3>
<p>Mange pasientar ventar over ein time på venterommet.</p>
<h3>Tiltak</h3>
<ul><li>Sende SMS når timen er forseinka</li></ul>
</details>
</main></body></html>
"""


def test_d_an_accordions_summary_is_a_theme_over_the_panels_own_sub_headings() -> None:
    draft = _html(_ACCORDION_PAGE)
    assert _labels(draft, "theme") == ["Informasjon til pårørande", "Ventetid i poliklinikken"]
    assert _by_theme(draft, "challenge") == {
        "Pårørande får sjeldan vite når pasienten skal skrivast ut.": "Informasjon til pårørande",
        "Mange pasientar ventar over ein time på venterommet.": "Ventetid i poliklinikken",
    }
    assert _by_theme(draft, "goal") == {
        "Alle pårørande skal få melding om utskrivinga dagen før.": "Informasjon til pårørande"
    }
    assert _by_theme(draft, "measure") == {
        "Innføre ei fast sjekkliste for kontakt med pårørande før utskriving": (
            "Informasjon til pårørande"
        ),
        "Sende SMS når timen er forseinka": "Ventetid i poliklinikken",
    }


def test_d_a_table_of_results_per_area_gives_no_themes() -> None:
    draft = _html(_ACCORDION_PAGE)
    themes = _labels(draft, "theme")
    assert "Informasjon" not in themes and "Ventetid" not in themes
    assert "Resultat frå undersøkinga" not in themes


def test_d_a_sentence_that_says_how_the_plan_is_divided_is_no_item() -> None:
    draft = _md(
        "# Handlingsplan for rehabilitering 2028\n\n## Tiltak\n\n"
        "Planen har tre innsatsområde. Klikk på eit område for å sjå tiltaka.\n\n"
        "Sjukehuset vil opprette eit ambulant rehabiliteringsteam i 2028.\n"
    )
    assert _texts(draft, "measure") == [
        "Sjukehuset vil opprette eit ambulant rehabiliteringsteam i 2028."
    ]


# ---------------------------------------------------------------- e: wiki pages


_WIKI_PAGE = """[Beredskap](../beredskap.md) / Plan for straumbrot

# Plan for straumbrot ved Vestfjell sjukehus (fiktiv)

## Reservestraum

**Mål:** Alle operasjonsstover skal ha reservestraum innan ti sekund.

**Risiko:** Aggregatet i bygg B er over 30 år gammalt og har svikta to gonger.

**Risiko:** Middels

Tiltak:

- [ ] Byte ut aggregatet i bygg B
- [x] Teste aggregata kvar månad under last
"""


def test_e_a_checklists_boxes_are_stripped_and_its_items_kept_checked_or_not() -> None:
    draft = _md(_WIKI_PAGE)
    assert _texts(draft, "measure") == [
        "Byte ut aggregatet i bygg B",
        "Teste aggregata kvar månad under last",
    ]


def test_e_a_checklist_typed_in_plain_text_loses_its_boxes_too() -> None:
    draft = read_upload(
        "plan.txt",
        (
            "Plan for straumbrot 2028\n\nTiltak\n\n"
            "- [ ] Byte ut aggregatet i bygg B\n"
            "- [x] Teste aggregata kvar månad under last\n"
        ).encode(),
    )
    assert _texts(draft, "measure") == [
        "Byte ut aggregatet i bygg B",
        "Teste aggregata kvar månad under last",
    ]


def test_e_a_bold_risiko_label_over_a_sentence_gives_a_challenge_and_a_rating_none() -> None:
    draft = _md(_WIKI_PAGE)
    assert _by_theme(draft, "challenge") == {
        "Risiko: Aggregatet i bygg B er over 30 år gammalt og har svikta to gonger.": (
            "Reservestraum"
        )
    }
    assert _labels(draft, "challenge") == [
        "Aggregatet i bygg B er over 30 år gammalt og har svikta to gonger."
    ]


def test_e_a_word_checklist_loses_its_boxes() -> None:
    import io

    import docx

    d = docx.Document()
    d.add_heading("Plan for straumbrot 2028", 0)
    d.add_heading("Tiltak", 1)
    d.add_paragraph("☐ Byte ut aggregatet i bygg B", style="List Bullet")
    d.add_paragraph("[x] Teste aggregata kvar månad under last", style="List Bullet")
    out = io.BytesIO()
    d.save(out)
    draft = read_upload("plan.docx", out.getvalue())
    assert _texts(draft, "measure") == [
        "Byte ut aggregatet i bygg B",
        "Teste aggregata kvar månad under last",
    ]
