"""Rules for the shapes held-out batch I showed: challenges told in prose (a cause in an
assessment, a sentence after the list, short-titled paragraphs under "Kvifor må vi endre oss?"),
goals behind "Dette vil vi oppnå:", "Grep N: ..." lines as themes, an annual report's text
tables (indicators, tasks with status) and running header, sentences that count or follow up
the items, and a closing table that repeats the areas. The texts here are written for the
tests."""

from __future__ import annotations

from fpdf import FPDF

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import of_kind as _of


def _md(text: str) -> Draft:
    return read_upload("plan.md", text.encode("utf-8"))


def _pdf(pages: list[list[tuple[str, str]]], header: str | None = None) -> Draft:
    """A text PDF, each page a list of (style, text) with style h1/h2/h3/p, or l for one line
    of a paragraph (no space after it); ``header`` is
    printed at the top of every page (a running header)."""
    pdf = FPDF()
    for page in pages:
        pdf.add_page()
        if header:
            pdf.set_font("Helvetica", "", 9)
            pdf.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        for style, text in page:
            size = {"h1": 20, "h2": 14, "h3": 12}.get(style, 10)
            pdf.set_font("Helvetica", "B" if style.startswith("h") else "", size)
            if style == "l" or (style == "p" and "   " in text):
                pdf.cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")  # a table line
            else:
                pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
    return read_upload("melding.pdf", bytes(pdf.output()))


def test_a_text_table_of_tasks_in_a_pdf_gives_one_measure_per_row() -> None:
    draft = _pdf(
        [
            [
                ("h1", "Årlig melding 2025 for Nordby sykehus"),
                ("h2", "3 Rapportering på oppdrag"),
                ("p", "Oppdrag                          Status                Kommentar"),
                ("p", "Innfore digital innsjekk          Gjennomfort           Alle poliklinikker"),
                ("p", "Etablere felles akutteam          Delvis gjennomfort    Drift fra mars"),
                ("p", "Gjennomfore ROS-analyse           Ikke gjennomfort      Utsatt til 2026"),
            ]
        ]
    )
    measures = _of(draft, "measure")
    assert [m.text for m in measures] == [
        "Innfore digital innsjekk",
        "Etablere felles akutteam",
        "Gjennomfore ROS-analyse",
    ]
    assert not any(m.text.startswith("Oppdrag") for m in draft.items)


def test_one_line_with_wide_gaps_in_a_pdf_paragraph_is_no_table() -> None:
    draft = _pdf(
        [
            [
                ("h1", "Handlingsplan 2026"),
                ("h2", "Tiltak"),
                ("l", "Vi vil etablere ambulante team i alle distrikter og"),
                ("l", "tilby   videooppfølging   etter utskrivning."),
            ]
        ]
    )
    assert [" ".join(m.text.split()) for m in _of(draft, "measure")] == [
        "Vi vil etablere ambulante team i alle distrikter og tilby videooppfølging etter "
        "utskrivning."
    ]


def test_an_indicator_table_under_a_goal_line_gives_no_goals_and_the_area_is_a_theme() -> None:
    draft = _pdf(
        [
            [
                ("h1", "Årlig melding 2025 for Nordby sykehus"),
                ("h2", "2 Rapportering på mål"),
                ("h3", "2.1 Ventetider"),
                ("p", "Mål: Gjennomsnittlig ventetid skal være under 50 dager."),
                ("p", "Styringsparameter          Mål 2025     2024     2025     Status"),
                ("p", "Ventetid (dager)           < 50         61       57       Ikke nådd"),
                ("p", "Fristbrudd (prosent)       0            4,1      2,8      Ikke nådd"),
            ]
        ]
    )
    assert [g.text for g in _of(draft, "goal")] == [
        "Mål: Gjennomsnittlig ventetid skal være under 50 dager."
    ]
    assert [t.label for t in _of(draft, "theme")] == ["Ventetider"]
    assert any("lists indicators" in n for n in draft.notes)


def test_a_running_header_repeated_on_the_pages_is_no_item() -> None:
    running = "Nordby sykehus HF (fiktiv) - Årlig melding for 2025"
    draft = _pdf(
        [
            [
                ("h1", "Årlig melding 2025"),
                ("h2", "Mål"),
                ("p", "Mål: Alle skal ha kort ventetid."),
            ],
            [("h2", "Tiltak"), ("p", "- Innføre digital innsjekk ved alle poliklinikker")],
        ],
        header=running,
    )
    assert not any(running in (i.text or i.label) for i in draft.items)
    assert [i.kind for i in draft.items] == ["goal", "measure"]


def test_a_sentence_that_counts_the_items_of_its_section_is_none_of_them() -> None:
    draft = _md(
        """# Årlig melding 2025

## Rapportering på mål

Helse Nord RHF satte tre mål for foretaket i 2025. Under hvert mål vises resultatet.

## Rapportering på oppdrag

Foretaket fikk fire oppdrag i oppdragsdokumentet for 2025. Tabellen viser status.
"""
    )
    assert draft.items == []


def test_the_cause_named_in_an_assessment_is_a_challenge() -> None:
    draft = _md(
        """# Årlig melding 2025

## Rapportering på mål

### Ventetider

Mål: Ventetiden i somatikken skal være under 50 dager.

Vurdering: Ventetiden gikk ned, men målet ble ikke nådd. Den viktigste årsaken er mangel på
anestesisykepleiere, som stengte operasjonsstuer i høst.

### Kreft

Mål: Minst 70 prosent skal starte behandling innen normert tid.

Vurdering: Målet ble nådd unntatt for lungekreft. For lungekreft er flaskehalsen kapasiteten på
PET-CT.
"""
    )
    challenges = [" ".join(c.text.split()) for c in _of(draft, "challenge")]
    assert challenges == [
        "Den viktigste årsaken er mangel på anestesisykepleiere, som stengte operasjonsstuer i "
        "høst.",
        "For lungekreft er flaskehalsen kapasiteten på PET-CT.",
    ]  # the sentence that says the goal was (not) reached is no challenge
    assert [g.label for g in _of(draft, "goal")] == [
        "Ventetiden i somatikken skal være under 50 dager.",
        "Minst 70 prosent skal starte behandling innen normert tid.",
    ]
    assert [t.label for t in _of(draft, "theme")] == ["Ventetider", "Kreft"]


def test_a_bold_lead_in_dette_vil_vi_oppna_states_the_goal_of_its_section() -> None:
    draft = _md(
        """# Strategi 2026–2030

## Satsingsområde 1: Heile pasientforløp

**Dette vil vi oppnå:** Pasientane skal oppleve éi samanhengande teneste.

Slik gjer vi det:

- Vi lagar felles pasientforløp med kommunane.
"""
    )
    goals = _of(draft, "goal")
    assert [g.text for g in goals] == [
        "Dette vil vi oppnå: Pasientane skal oppleve éi samanhengande teneste."
    ]
    assert goals[0].label == "Pasientane skal oppleve éi samanhengande teneste."
    assert [m.text for m in _of(draft, "measure")] == [
        "Vi lagar felles pasientforløp med kommunane."
    ]


def test_other_lead_ins_that_state_a_sections_goal() -> None:
    draft = _md(
        """# Strategi 2026–2030

## Satsingsområde 1: Trygge overganger

Ønsket tilstand: Ingen pasienter skrives ut uten at kommunen er varslet.

## Satsingsområde 2: Kompetanse

**Dette ønsker vi å oppnå:** Alle nyansatte skal ha en fast veileder.
"""
    )
    assert [g.label for g in _of(draft, "goal")] == [
        "Ingen pasienter skrives ut uten at kommunen er varslet.",
        "Alle nyansatte skal ha en fast veileder.",
    ]


def test_grep_lines_in_body_text_are_themes_over_the_measures_after_them() -> None:
    draft = _md(
        """# Utviklingsplan 2026–2040

## Strategiske grep

For å nå måla vil vi ta to strategiske grep i planperioden.

Grep 1: Behandling nærare heimen

- Opprette ambulante team i alle opptaksområde

Grep 2: Rekruttering og kompetanse

- Auke talet på LIS-stillingar i psykiatri
"""
    )
    themes = _of(draft, "theme")
    assert [t.label for t in themes] == [
        "Grep 1: Behandling nærare heimen",
        "Grep 2: Rekruttering og kompetanse",
    ]
    measures = _of(draft, "measure")
    assert [m.text for m in measures] == [
        "Opprette ambulante team i alle opptaksområde",
        "Auke talet på LIS-stillingar i psykiatri",
    ]
    assert [m.theme for m in measures] == [t.id for t in themes]


def test_a_paragraph_that_says_the_moves_are_followed_up_elsewhere_is_no_measure() -> None:
    draft = _md(
        """# Utviklingsplan 2026–2040

## Oppfølging

Grepa blir følgde opp i dei årlege handlingsplanane til helseføretaka og i den årlege meldinga.
"""
    )
    assert _of(draft, "measure") == []


def test_a_closing_table_that_repeats_the_areas_gives_no_new_themes() -> None:
    draft = _md(
        """# Strategi 2026–2030

## Satsingsområde 1: Heile pasientforløp

- Vi lagar felles pasientforløp med kommunane.

## Satsingsområde 2: Teknologi som gir tid

- Vi tek i bruk talegjenkjenning i alle poliklinikkar.

## Korleis følgjer vi opp strategien?

| Satsingsområde | Ansvarleg i leiargruppa |
|---|---|
| Heile pasientforløp | Fagdirektør |
| Teknologi som gir tid | Direktør for teknologi |
"""
    )
    assert [t.label for t in _of(draft, "theme")] == [
        "Satsingsområde 1: Heile pasientforløp",
        "Satsingsområde 2: Teknologi som gir tid",
    ]


def test_short_titled_paragraphs_under_a_why_change_heading_are_challenges() -> None:
    draft = _md(
        """# Strategi 2026–2030

## Kvifor må vi endre oss?

**Fleire eldre, færre hender.** Talet på innbyggjarar over 75 år aukar raskt, medan talet på
personar i yrkesaktiv alder står stille.

**Gamle bygg.** Sengeposten i hovudbygget er frå 1968 og har for få einerom.
"""
    )
    challenges = _of(draft, "challenge")
    assert [c.label for c in challenges] == ["Fleire eldre, færre hender.", "Gamle bygg."]
    assert challenges[1].text.endswith("har for få einerom.")  # the title and its sentences


def test_a_why_change_heading_without_a_verb_is_over_challenges() -> None:
    draft = _md(
        """# Utviklingsplan 2026–2035

## 2 Hvorfor endring?

**Lange avstander.** Mange pasienter har over to timers reise til nærmeste sykehus.
"""
    )
    assert [c.label for c in _of(draft, "challenge")] == ["Lange avstander."]


def test_a_short_sentence_with_a_verb_is_no_title() -> None:
    draft = _md(
        """# Strategi 2026–2030

## Kvifor må vi endre oss?

Ventetidene aukar. Talet på pasientar over 80 år vil doblast fram mot 2040.
"""
    )
    assert [c.text for c in _of(draft, "challenge")] == [
        "Ventetidene aukar.",
        "Talet på pasientar over 80 år vil doblast fram mot 2040.",
    ]


def test_a_problem_told_after_the_list_of_challenges_is_one_more() -> None:
    draft = _md(
        """# Utviklingsplan

## Status og utfordringar

Dei viktigaste utfordringane er:

- Ventetida for barn og unge har auka
- Det er vanskeleg å rekruttere psykiatrar

Talet på tvangsinnleggingar i regionen ligg over landsgjennomsnittet.
"""
    )
    assert [c.text for c in _of(draft, "challenge")][-1] == (
        "Talet på tvangsinnleggingar i regionen ligg over landsgjennomsnittet."
    )
    assert len(_of(draft, "challenge")) == 3


def test_praise_of_the_present_before_the_list_of_challenges_is_no_challenge() -> None:
    draft = _md(
        """# Utviklingsplan

## Status og utfordringar

Alle helseføretaka har distriktspsykiatriske senter, og tilbodet er i hovudsak godt utbygd.
Talet på tilvisingar har auka, og poliklinikkane har fått fleire stillingar.

Dei viktigaste utfordringane er:

- Ventetida for barn og unge har auka
"""
    )
    assert [c.text for c in _of(draft, "challenge")] == ["Ventetida for barn og unge har auka"]


def test_not_good_enough_in_a_clause_is_a_problem_under_bakgrunn() -> None:
    draft = _md(
        """# Handlingsplan for eldre

## Tiltak

- Innføre utskrivingssamtale på video

## Bakgrunn

Mange eldre blir lagde inn fleire gonger fordi oppfølginga etter utskriving ikkje er god nok.
Handlingsplanen byggjer på den regionale utviklingsplanen.
"""
    )
    assert [c.text for c in _of(draft, "challenge")] == [
        "Mange eldre blir lagde inn fleire gonger fordi oppfølginga etter utskriving ikkje er "
        "god nok."
    ]


def test_a_sentence_that_counts_the_main_challenges_only_announces_them() -> None:
    draft = _md(
        """# Statusnotat

## Utfordringer

Prosjektgruppen ser to hovedutfordringer for det siste året.

Det første er at slagenheten har for få sengeplasser.

- Rekruttering av slagsykepleiere er vanskelig
"""
    )
    texts = [c.text for c in _of(draft, "challenge")]
    assert not any(t.startswith("Prosjektgruppen ser") for t in texts)
    assert texts[0] == "Det første er at slagenheten har for få sengeplasser."


def test_a_text_table_in_plain_text_gives_one_measure_per_row_with_its_status() -> None:
    text = (
        "Årlig melding 2025 for Nordby sykehus\n\n"
        "3 Rapportering på oppdrag\n\n"
        "Oppdrag                                Status              Kommentar\n"
        "Innføre digital innsjekk               Gjennomført         Alle poliklinikker\n"
        "Etablere felles akutteam med kommunen  Delvis gjennomført  Drift fra mars\n"
        "Gjennomføre ROS-analyse\tIkke gjennomført\tUtsatt til 2026\n"
    )
    draft = read_upload("melding.txt", text.encode("utf-8"))
    measures = _of(draft, "measure")
    assert [(m.text, m.status) for m in measures] == [
        ("Innføre digital innsjekk", None),
        ("Etablere felles akutteam med kommunen", "StartingOrRunning"),
        ("Gjennomføre ROS-analyse", None),
    ]
    assert "Ikke gjennomført" in " ".join(measures[2].notes)  # kept as the source says it


def test_other_wordings_of_a_cause_that_is_a_lack_are_challenges() -> None:
    draft = _md(
        """# Årlig melding 2025

## Rapportering på mål

### Ventetider

Mål: Ingen fristbrudd.

Vurdering: Målet ble ikke nådd. Dette skyldes i hovedsak mangel på operasjonssykepleiere.
Årsaken til de lange ventetidene i psykiatrien er for få psykologer. Grunnen er at tallene
ble rapportert sent.
"""
    )
    assert [" ".join(c.text.split()) for c in _of(draft, "challenge")] == [
        "Dette skyldes i hovedsak mangel på operasjonssykepleiere.",
        "Årsaken til de lange ventetidene i psykiatrien er for få psykologer.",
    ]


def test_praise_and_a_lead_in_in_a_challenge_paragraph_are_no_challenges() -> None:
    draft = _md(
        """# Utviklingsplan

## Status og utfordringar

Sjukehuset har god kvalitet på dei fleste områda. Likevel er det store utfordringar. Ventetida
for barn og unge er for lang. Talet på korridorpasientar har auka.
"""
    )
    assert [" ".join(c.text.split()) for c in _of(draft, "challenge")] == [
        "Ventetida for barn og unge er for lang.",
        "Talet på korridorpasientar har auka.",
    ]


def test_a_grep_line_in_a_pdf_stands_apart_from_the_text_under_it() -> None:
    draft = _pdf(
        [
            [
                ("h1", "Utviklingsplan 2026-2040"),
                ("h2", "Strategiske grep"),
                ("l", "Grep 1: Behandling nærare heimen"),
                ("l", "Vi vil byggje ut ambulante team i alle opptaksområde."),
                ("l", "- Opprette FACT-team saman med kommunane"),
            ]
        ]
    )
    themes = _of(draft, "theme")
    assert [t.label for t in themes] == ["Grep 1: Behandling nærare heimen"]
    assert [(m.text, m.theme) for m in _of(draft, "measure")] == [
        ("Vi vil byggje ut ambulante team i alle opptaksområde.", themes[0].id),
        ("Opprette FACT-team saman med kommunane", themes[0].id),
    ]


def test_grep_headings_in_plain_text_are_themes_and_the_sentence_counting_them_no_measure() -> None:
    text = (
        "Utviklingsplan 2026-2040\n\n"
        "Strategiske grep\n\n"
        "For å nå måla vil vi ta tre strategiske grep i planperioden.\n\n"
        "Grep 1: Samla tilbod for rus og psykisk helse\n\n"
        "- Slå saman poliklinikkane for rus og psykisk helse\n"
        "- Innføre felles inntaksteam\n"
    )
    draft = read_upload("plan.txt", text.encode("utf-8"))
    themes = _of(draft, "theme")
    assert [t.label for t in themes] == ["Grep 1: Samla tilbod for rus og psykisk helse"]
    assert [(m.text, m.theme) for m in _of(draft, "measure")] == [
        ("Slå saman poliklinikkane for rus og psykisk helse", themes[0].id),
        ("Innføre felles inntaksteam", themes[0].id),
    ]
    assert _of(draft, "challenge") == []


def test_a_text_table_typed_with_tabs_in_word_gives_one_item_per_row() -> None:
    import io

    import docx

    document = docx.Document()
    document.add_heading("Årlig melding 2025", level=1)
    document.add_heading("Rapportering på oppdrag", level=2)
    for line in (
        "Oppdrag\tStatus\tKommentar",
        "Innføre digital innsjekk\tGjennomført\tAlle poliklinikker",
        "Etablere felles akutteam\tDelvis gjennomført\tDrift fra mars",
    ):
        document.add_paragraph(line)
    document.add_heading("Rapportering på mål", level=2)
    document.add_paragraph("Mål: Ventetiden skal være under 50 dager.")
    for line in ("Styringsparameter\tMål 2025\t2025", "Ventetid (dager)\t< 50\t57"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    draft = read_upload("melding.docx", out.getvalue())
    assert [(m.text, m.status) for m in _of(draft, "measure")] == [
        ("Innføre digital innsjekk", None),
        ("Etablere felles akutteam", "StartingOrRunning"),
    ]
    assert [g.text for g in _of(draft, "goal")] == ["Mål: Ventetiden skal være under 50 dager."]


def test_a_row_of_dashes_in_a_word_table_is_its_rule_not_an_item() -> None:
    import io

    import docx

    document = docx.Document()
    document.add_heading("Handlingsplan 2026", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, (first, second) in zip(
        table.rows,
        (("Tiltak", "Ansvar"), ("---", "---"), ("Innføre digital innsjekk", "Klinikken")),
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = first, second
    out = io.BytesIO()
    document.save(out)
    draft = read_upload("plan.docx", out.getvalue())
    assert [m.text for m in draft.items] == ["Innføre digital innsjekk"]


def test_a_table_typed_with_bars_in_plain_text_gives_one_item_per_row() -> None:
    text = (
        "Handlingsplan 2026\n\n"
        "Innsatsområde 3: Kompetanse\n\n"
        "| Tiltak | Ansvar | Frist |\n"
        "|---|---|---|\n"
        "| Utdanne flere spesialsykepleiere | Fagsjef | 2026 |\n"
        "| Innføre årlig kompetansekartlegging | HR-sjef | 2025 |\n"
    )
    draft = read_upload("plan.txt", text.encode("utf-8"))
    assert [(m.text, m.responsible, m.deadline) for m in _of(draft, "measure")] == [
        ("Utdanne flere spesialsykepleiere", "Fagsjef", "2026"),
        ("Innføre årlig kompetansekartlegging", "HR-sjef", "2025"),
    ]


def test_problems_counted_then_taken_in_order_are_challenges_under_any_heading() -> None:
    draft = _md(
        """# Statusnotat hjerneslag

## Oppsummering og vurdering

Planen er i rute. Likevel er det to forhold som bekymrer.

For det første har slagenheten for få senger.

For det andre mangler det logopeder i kommunene.

## Videre arbeid

Det første møtet i fagrådet er i mars.
"""
    )
    assert [c.text for c in _of(draft, "challenge")] == [
        "For det første har slagenheten for få senger.",
        "For det andre mangler det logopeder i kommunene.",
    ]


def test_dette_vil_vi_oppna_as_a_heading_or_a_lead_in_is_over_goals() -> None:
    draft = _md(
        """# Strategi 2026–2030

## Satsingsområde 1: Heile pasientforløp

### Dette vil vi oppnå

Pasientane skal oppleve at sjukehuset og kommunen samarbeider som éi teneste.

### Slik gjer vi det

- Vi lagar felles pasientforløp med kommunane.

## Satsingsområde 2: Teknologi

Dette vil vi oppnå:

- Dei tilsette skal bruke mindre tid på dokumentasjon.

Slik gjer vi det:

- Vi tek i bruk talegjenkjenning.
"""
    )
    assert [g.text for g in _of(draft, "goal")] == [
        "Pasientane skal oppleve at sjukehuset og kommunen samarbeider som éi teneste.",
        "Dei tilsette skal bruke mindre tid på dokumentasjon.",
    ]
    assert [m.text for m in _of(draft, "measure")] == [
        "Vi lagar felles pasientforløp med kommunane.",
        "Vi tek i bruk talegjenkjenning.",
    ]
