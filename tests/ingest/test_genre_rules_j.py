"""Rules for the genres held-out batch J showed: follow-up plans after a supervisory audit
(findings under "Avvik N" / "Merknad", corrective measures, a status table that refers back),
sub-strategies with numbered sub-headings ("3.1 area", "3.1.1 Mål", "3.1.2 Tiltak"), agreements
between a trust and its municipalities (parties, duties, purpose), risk analyses (the main
weakness, a recommendation, the register's heading), board papers (assessment, attachments,
follow-up, the case's history) and work-plan sheets with a one-cell remark row. The texts here
are written for the tests."""

from __future__ import annotations

import io

from fpdf import FPDF
from openpyxl import Workbook

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of as _labels
from tests.ingest.fixtures import of_kind as _of
from tests.ingest.fixtures import texts_of as _texts


def _md(text: str) -> Draft:
    return read_upload("plan.md", text.encode("utf-8"))


def _txt(text: str) -> Draft:
    return read_upload("plan.txt", text.encode("utf-8"))


# ---------------------------------------------------------------- audit follow-up plans

AUDIT = """# Plan for retting etter tilsyn med legemiddelhåndtering

## Bakgrunn for planen

Statsforvalteren førte tilsyn med legemiddelhåndteringen ved Vestby sjukehus i mars 2026.

## Avvik 1

Vestby sjukehus sikrar ikkje at legemiddellista blir samstemt ved innlegging.

Gjennomgangen av 30 journalar viste at berre 12 hadde samstemt liste.

### Korrigerande tiltak

1. Innføre sjekkliste for samstemming i mottaket
2. Lære opp alle turnuslegar i samstemming

## Avvik 2: Sjukehuset sikrar ikkje at opplæringa i medisinsk utstyr blir dokumentert

### Korrigerande tiltak

- Opprette eit register over opplæring i utstyr

## Merknad

Rutinane for kassering av legemiddel er ikkje kjende i alle einingar.

### Tiltak

- Spreie rutinen for kassering på alle sengepostar
"""


def test_a_finding_under_an_avvik_heading_is_a_challenge_and_its_evidence_no_item() -> None:
    draft = _md(AUDIT)
    challenges = _texts(draft, "challenge")
    assert "Vestby sjukehus sikrar ikkje at legemiddellista blir samstemt ved innlegging." in (
        challenges
    )
    assert not any("Gjennomgangen av 30 journalar" in t for t in _texts(draft, "challenge"))
    assert not any("Gjennomgangen" in (i.text or i.label) for i in draft.items)


def test_a_finding_written_in_its_heading_is_a_challenge() -> None:
    draft = _md(AUDIT)
    assert "Sjukehuset sikrar ikkje at opplæringa i medisinsk utstyr blir dokumentert" in _labels(
        draft, "challenge"
    )


def test_a_merknad_in_an_audit_plan_is_a_finding_too() -> None:
    draft = _md(AUDIT)
    assert "Rutinane for kassering av legemiddel er ikkje kjende i alle einingar." in _texts(
        draft, "challenge"
    )


def test_finding_headings_are_no_themes_and_the_corrective_measures_stay_measures() -> None:
    draft = _md(AUDIT)
    themes = _labels(draft, "theme")
    assert not any(t.startswith(("Avvik", "Merknad")) for t in themes)
    assert _texts(draft, "measure") == [
        "Innføre sjekkliste for samstemming i mottaket",
        "Lære opp alle turnuslegar i samstemming",
        "Opprette eit register over opplæring i utstyr",
        "Spreie rutinen for kassering på alle sengepostar",
    ]


def test_a_merknad_heading_outside_an_audit_names_no_finding() -> None:
    draft = _md(
        "# Handlingsplan for ernæring\n\n## Merknad\n\n"
        "Planen er send på høyring til kommunane og brukarutvalet i april.\n"
    )
    assert not any("funn" in i.reason for i in draft.items)


def test_goals_of_the_follow_up_under_mal_for_heading_are_goals() -> None:
    draft = _md(
        "# Oppfølging av revisjon\n\n## Mål for oppfølgingen\n\n"
        "- Alle avvik skal være lukket innen 1. oktober 2026.\n"
        "- Ingen pasienter skal få feil dose på grunn av manglende samstemming.\n"
    )
    assert _texts(draft, "goal") == [
        "Alle avvik skal være lukket innen 1. oktober 2026.",
        "Ingen pasienter skal få feil dose på grunn av manglende samstemming.",
    ]
    assert not _of(draft, "measure")


def test_a_status_table_that_refers_back_to_numbered_measures_adds_none() -> None:
    draft = _md(
        "# Oppfølging\n\n## Tiltak\n\n1. Innføre ny rutine for tavlemøter\n"
        "2. Lage felles mal for epikrise\n\n## Status i juni\n\n"
        "| Funn | Tiltak | Status |\n|---|---|---|\n| Avvik 1 | Tiltak 1 og 2 | Startet |\n"
        "| Avvik 2 | Tiltak 3–5 | Ikke startet |\n"
    )
    assert _texts(draft, "measure") == [
        "Innføre ny rutine for tavlemøter",
        "Lage felles mal for epikrise",
    ]
    assert any("refers back to numbered measures" in n for n in draft.notes)


# ---------------------------------------------------------------- numbered sub-strategies


def _pdf(pages: list[list[tuple[str, str]]], header: str) -> Draft:
    pdf = FPDF()
    for page in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", "", 8)
        pdf.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for style, text in page:
            size = {"h1": 20, "h2": 14, "h3": 12}.get(style, 11)
            pdf.set_font("Helvetica", "B" if style.startswith("h") else "", size)
            pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    return read_upload("strategi.pdf", bytes(pdf.output()))


def test_numbered_sub_headings_repeated_on_every_page_are_kept_in_a_pdf() -> None:
    area = [
        ("h3", "3.{n} {area}"),
        ("p", "{problem}"),
        ("h3", "3.{n}.1 Mål"),
        ("p", "{goal}"),
        ("h3", "3.{n}.2 Tiltak"),
        ("p", "1. {measure}"),
    ]
    texts = [
        {
            "area": "Digitale konsultasjonar",
            "problem": "Mange pasientar har lang reiseveg til kontrollar som kunne vore digitale.",
            "goal": "Halvparten av kontrollane skal vere digitale innan 2028.",
            "measure": "Innføre videokonsultasjon i alle poliklinikkar",
        },
        {
            "area": "Rekruttering",
            "problem": "Det er for få spesialsjukepleiarar i distrikta.",
            "goal": "Alle faste stillingar skal vere besette innan 2027.",
            "measure": "Opprette utdanningsstillingar i alle klinikkar",
        },
        {
            "area": "Samhandling",
            "problem": "Utskrivingane blir ofte forseinka fordi informasjonen er mangelfull.",
            "goal": "Epikrisen skal vere sendt same dag i 95 prosent av utskrivingane.",
            "measure": "Lage felles rutine for utskriving med kommunane",
        },
    ]
    pages = [
        [("h1", "Delstrategi for poliklinikk 2026-2029"), ("h2", "3 Innsatsområde")]
        + [(s, t.format(n=n, **v)) for s, t in area]
        for n, v in enumerate(texts, start=1)
    ]
    pages = [pages[0]] + [p[2:] for p in pages[1:]]
    draft = _pdf(pages, "Helse Sørby HF | Delstrategi for poliklinikk")
    assert _labels(draft, "theme") == ["Digitale konsultasjonar", "Rekruttering", "Samhandling"]
    assert _texts(draft, "goal") == [v["goal"] for v in texts]
    assert _texts(draft, "challenge") == [v["problem"] for v in texts]
    themes = {t.id: t.label for t in _of(draft, "theme")}
    assert [themes.get(m.theme or "") for m in _of(draft, "measure")] == [
        "Digitale konsultasjonar",
        "Rekruttering",
        "Samhandling",
    ]


def test_a_numbered_sub_heading_right_under_its_area_heading_is_not_joined_to_it() -> None:
    draft = _pdf(
        [
            [
                ("h1", "Delstrategi for kompetanse"),
                ("h2", "2 Innsatsområde"),
                ("h3", "2.4 Kompetanse i alle einingar"),
                ("h3", "2.4.1 Mål"),
                ("p", "Alle tilsette skal ha gjennomført grunnkurs i smittevern innan 2027."),
                ("h3", "2.4.2 Tiltak"),
                ("p", "1. Lage eit e-læringskurs i smittevern"),
            ]
        ],
        "Helse Sørby HF | Delstrategi for kompetanse",
    )
    assert _labels(draft, "theme") == ["Kompetanse i alle einingar"]
    assert _texts(draft, "goal") == [
        "Alle tilsette skal ha gjennomført grunnkurs i smittevern innan 2027."
    ]


def test_a_numbered_area_styled_like_its_sub_sections_is_their_theme() -> None:
    draft = _md(
        "# Strategi for barn og unge\n\n## 4 Satsingar\n\n### 4.1 Psykisk helse i skulen\n\n"
        "### 4.1.1 Mål\n\nAlle ungdomsskular skal ha eit lågterskeltilbod.\n\n"
        "### 4.1.2 Tiltak\n\n- Etablere skulehelseteam saman med kommunane\n"
    )
    theme = next(t for t in _of(draft, "theme") if t.label == "Psykisk helse i skulen")
    assert [m.theme for m in _of(draft, "measure")] == [theme.id]


def test_the_paragraph_opening_an_area_before_its_goal_states_its_problem() -> None:
    draft = _md(
        "# Strategi\n\n## 2 Område\n\n### 2.1 Rehabilitering\n\n"
        "Mange eldre ventar for lenge på rehabilitering etter hoftebrot.\n\n"
        "### 2.1.1 Mål\n\nAlle skal starte rehabilitering innan ei veke.\n\n"
        "### 2.1.2 Tiltak\n\n- Opprette fleire rehabiliteringsplassar\n"
    )
    assert _texts(draft, "challenge") == [
        "Mange eldre ventar for lenge på rehabilitering etter hoftebrot."
    ]


def test_follow_up_of_the_strategy_in_other_wordings_is_no_measure() -> None:
    draft = _md(
        "# Delstrategi\n\n## Tiltak\n\n- Innføre felles inntak\n\n## Oppfølging\n\n"
        "Delstrategien blir følgd opp i den årlege verksemdsplanen. Direktøren får ein "
        "statusrapport kvart halvår.\n\n## Gjennomføring\n\n"
        "Klinikksjefen vil følge gjennomføringen i ledermøtet og legge fram status for "
        "styret hvert tertial.\n"
    )
    assert _texts(draft, "measure") == ["Innføre felles inntak"]


# ---------------------------------------------------------------- agreements

AGREEMENT = """# Tenesteavtale om svangerskaps- og barselomsorg

## 1 Partar

Avtalen gjeld mellom Fjordby HF og desse kommunane:

- Nordvik kommune
- Austbø kommune (fiktiv)

## 2 Bakgrunn

Avtalen er revidert etter evalueringa i 2025. Rapportane frå heimebesøka er ofte ufullstendige og kjem seint fram.

## 3 Formål

Formålet med avtalen er at gravide og barselkvinner skal få eit samanhengande tilbod.

## 4 Helseføretaket sitt ansvar

Helseføretaket har ansvar for å:

- varsle helsestasjonen same dag som mor og barn reiser heim
- tilby ammepoliklinikk til alle som treng det

## 5 Kommunens ansvar

Kommunen skal tilby heimebesøk av jordmor innan tre dagar etter fødsel.

Tilbodet er heimla i forskrift om helsestasjons- og skulehelsetenesta.
"""


def test_the_parties_of_an_agreement_are_no_items() -> None:
    draft = _md(AGREEMENT)
    names = [i for i in draft.items if "kommune" in i.label and len(i.label.split()) <= 4]
    assert names == []
    assert "Partar" not in _labels(draft, "theme")


def test_a_parties_heading_holds_no_items_whatever_its_list_names() -> None:
    draft = _md(
        "# Samarbeidsavtale\n\n## Avtaleparter\n\n- Fastlegene i Nordvik\n"
        "- Brukerutvalget ved sykehuset\n"
    )
    assert draft.items == []


def test_a_list_of_municipality_names_holds_no_items() -> None:
    draft = _md(
        "# Interkommunal legevakt\n\n## Samarbeid\n\nDisse er med i samarbeidet:\n\n"
        "- Nordvik kommune\n- Austbø kommune\n- Sørby sykehus HF\n"
    )
    assert draft.items == []


def test_duties_after_har_ansvar_for_a_are_measures() -> None:
    draft = _md(AGREEMENT)
    measures = _texts(draft, "measure")
    assert "varsle helsestasjonen same dag som mor og barn reiser heim" in measures
    assert "tilby ammepoliklinikk til alle som treng det" in measures


def test_a_lead_in_ending_in_a_colon_after_aa_opens_a_list_of_measures() -> None:
    draft = _md(
        "# Avtale om samarbeid\n\n## Oppgåvedeling\n\nSjukehuset forpliktar seg til å:\n\n"
        "- varsle fastlegen når pasienten blir skriven ut\n"
        "- melde frå om endra medisinering same dag\n"
    )
    assert _texts(draft, "measure") == [
        "varsle fastlegen når pasienten blir skriven ut",
        "melde frå om endra medisinering same dag",
    ]
    assert _of(draft, "challenge") == []


def test_duties_under_a_partys_ansvar_heading_are_measures_and_the_heading_no_theme() -> None:
    draft = _md(AGREEMENT)
    measures = _texts(draft, "measure")
    assert "Kommunen skal tilby heimebesøk av jordmor innan tre dagar etter fødsel." in measures
    assert not any(m.startswith("Tilbodet er heimla") for m in measures)
    themes = _labels(draft, "theme")
    assert "Helseføretaket sitt ansvar" not in themes
    assert "Kommunens ansvar" not in themes
    assert all(m.theme is None for m in _of(draft, "measure"))


def test_a_purpose_stated_as_a_state_to_reach_is_a_goal() -> None:
    draft = _md(AGREEMENT)
    assert _texts(draft, "goal") == [
        "Formålet med avtalen er at gravide og barselkvinner skal få eit samanhengande tilbod."
    ]


def test_a_purpose_that_says_what_the_document_does_is_no_goal() -> None:
    draft = _md(
        "# Plan\n\n## Formål\n\nFormålet med planen er å beskrive ansvaret for "
        "oppfølgingen av pasienter etter utskrivning.\n"
    )
    assert _of(draft, "goal") == []


def test_an_incomplete_report_in_the_background_is_a_challenge() -> None:
    draft = _md(AGREEMENT)
    assert "Rapportane frå heimebesøka er ofte ufullstendige og kjem seint fram." in _texts(
        draft, "challenge"
    )
    assert not any("revidert etter evalueringa" in t for t in _texts(draft, "challenge"))


# ---------------------------------------------------------------- risk analyses


def test_the_main_weakness_and_a_recommendation_of_a_risk_assessment() -> None:
    draft = _md(
        "# ROS-analyse: IKT i akuttmottaket\n\n## 5 Samlet vurdering\n\n"
        "Gruppen mener beredskapen er bedre enn i 2022. Det største problemet er at "
        "reserveløsningen for journal bare er testet én gang.\n\n"
        "Prosjektgruppen anbefaler også å øve på nedetid i journalsystemet to ganger i året.\n"
    )
    assert _texts(draft, "challenge") == [
        "Det største problemet er at reserveløsningen for journal bare er testet én gang."
    ]
    assert _texts(draft, "measure") == [
        "Prosjektgruppen anbefaler også å øve på nedetid i journalsystemet to ganger i året."
    ]
    assert "Samlet vurdering" not in _labels(draft, "theme")


def test_the_heading_of_a_risk_register_is_no_theme() -> None:
    draft = _md(
        "# ROS-analyse for vannforsyning\n\n## Risikoregister\n\n"
        "| Risiko | Sannsynlighet | Tiltak |\n|---|---|---|\n"
        "| Brudd i hovedledningen | 2 | Legge ny reserveledning |\n"
    )
    assert _texts(draft, "challenge") == ["Brudd i hovedledningen"]
    assert "Risikoregister" not in _labels(draft, "theme")


# ---------------------------------------------------------------- board papers

BOARD = """# Styresak: bemanning i akuttmottaket

## Bakgrunn

Styret behandlet ventetidene og bemanningsplanen i sak 12/2025 og ba om en ny vurdering.

Det er mangel på erfarne sykepleiere på natt.

## Vurdering

Direktøren ser disse utfordringene:

- Turnusen gir for lite overlapp mellom vaktene.
- Nyansatte får for kort opplæring.

### Nye rutiner i mottaket

- Innføre overlappende vakter på ettermiddag
- Etablere fadderordning for nyansatte
- Samkjøre turnusen med sengepostene

## Oppfølging

Direktøren vil følge gjennomføringen i ledermøtet og legge fram status for styret.

Vedlegg: Bemanningsrapport for akuttmottaket i 2025, med tall per måned
"""


def test_a_board_papers_assessment_heading_is_no_theme() -> None:
    draft = _md(BOARD)
    assert "Vurdering" not in _labels(draft, "theme")
    assert "Turnusen gir for lite overlapp mellom vaktene." in _texts(draft, "challenge")


def test_the_attachment_line_and_the_follow_up_of_a_board_paper_are_no_items() -> None:
    draft = _md(BOARD)
    assert not any(
        (i.text or i.label).startswith(("Vedlegg", "Direktøren vil følge")) for i in draft.items
    )


def test_a_sentence_telling_an_earlier_board_case_is_no_challenge() -> None:
    draft = _md(BOARD)
    challenges = _texts(draft, "challenge")
    assert "Det er mangel på erfarne sykepleiere på natt." in challenges
    assert not any("sak 12/2025" in t for t in challenges)


def test_an_unknown_infinitive_among_verb_first_items_is_a_measure() -> None:
    draft = _md(BOARD)
    assert "Samkjøre turnusen med sengepostene" in _texts(draft, "measure")
    assert "Samkjøre turnusen med sengepostene" not in _texts(draft, "challenge")


# ---------------------------------------------------------------- work plans (sheets)


def test_a_one_cell_remark_row_under_a_sheets_table_is_read_as_text() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kvalitet"
    ws.append(["Mål", "Tiltak", "Ansvar"])
    ws.append(["Ingen fall med skade", "Innføre fallrisikovurdering ved innkomst", "Fagsjef"])
    ws.append([])
    ws.append(["Utfordring: Mange av pasientane er over 85 år og har høg fallrisiko."])
    out = io.BytesIO()
    wb.save(out)
    draft = read_upload("verksemdsplan.xlsx", out.getvalue())
    assert _labels(draft, "challenge") == [
        "Mange av pasientane er over 85 år og har høg fallrisiko."
    ]
    assert _texts(draft, "measure") == ["Innføre fallrisikovurdering ved innkomst"]


# ---------------------------------------------------------------- plain text


def test_the_last_item_of_a_numbered_list_before_a_paragraph_stays_an_item() -> None:
    # each item a paragraph of its own, as many plain-text plans set them
    draft = _txt(
        "Handlingsplan for smittevern\n\nTiltak\n\n"
        "1. Innføre daglige hygienerunder på sengepostene\n\n"
        "2. Lage ny rutine for isolering\n\n"
        "3. Gjennomføre kurs i håndhygiene for alle nyansatte\n\n"
        "Ansvar: smittevernoverlegen. Frist: 01.09.2026.\n"
    )
    assert _texts(draft, "measure") == [
        "Innføre daglige hygienerunder på sengepostene",
        "Lage ny rutine for isolering",
        "Gjennomføre kurs i håndhygiene for alle nyansatte",
    ]


def test_a_date_stamp_line_is_no_heading_over_the_plan() -> None:
    draft = _txt(
        "Avtale om legevakt\n\nSist oppdatert 02.03.2026\n\n1 Formål\n\n"
        "Formålet med avtalen er at innbyggjarane skal få legevakt innan ein time.\n"
    )
    assert "Sist oppdatert 02.03.2026" not in _labels(draft, "theme")
    assert _texts(draft, "goal") == [
        "Formålet med avtalen er at innbyggjarane skal få legevakt innan ein time."
    ]


def test_the_hazard_column_of_a_risk_register_names_the_challenge() -> None:
    draft = _md(
        "# ROS-analyse for bemanning i sommerferien\n\n## Register\n\n"
        "| Uønsket hendelse | Sannsynlighet | Konsekvens | Tiltak |\n|---|---|---|---|\n"
        "| For få sykepleiere på natt i juli | 4 | 3 | Leie inn sykepleiere fra bemanningsbyrå |\n"
    )
    assert _texts(draft, "challenge") == ["For få sykepleiere på natt i juli"]
    assert _texts(draft, "measure") == ["Leie inn sykepleiere fra bemanningsbyrå"]


def test_a_finding_told_as_a_labelled_line_of_an_audit_plan_is_a_challenge() -> None:
    draft = _md(
        "# Oppfølging av tilsyn med fødeavdelingen\n\n## Funn\n\n"
        "Avvik 1: Foretaket sikrer ikke at CTG blir vurdert av to jordmødre ved mistanke om "
        "oksygenmangel.\n\n## Tiltak\n\n- Innføre dobbeltkontroll av CTG\n"
    )
    assert _labels(draft, "challenge") == [
        "Foretaket sikrer ikke at CTG blir vurdert av to jordmødre ved mistanke om oksygenmangel."
    ]


def test_a_labelled_merknad_line_outside_an_audit_is_no_finding() -> None:
    draft = _md(
        "# Verksemdsplan 2026\n\n## Økonomi\n\n"
        "Merknad: Klinikken fekk eit overskot på 2 millionar kroner i fjor.\n"
    )
    assert _of(draft, "challenge") == []


def test_a_contents_line_in_a_plain_text_file_heads_no_chapter() -> None:
    draft = _txt(
        "Delstrategi for rus\n\nInnhald\n\n1 Innleiing .................... 2\n"
        "2 Område ....................... 2\n\n"
        "1 Innleiing\n\nStrategien gjeld for 2026-2029.\n\n2 Område\n\n"
        "Strategien har eitt innsatsområde.\n\n2.1 Tidleg hjelp\n\n"
        "Mange unge med rusproblem får hjelp for seint og fell ut av skulen.\n\n2.1.1 Mål\n\n"
        "Alle unge som blir tilviste, skal få første time innan to veker.\n\n2.1.2 Tiltak\n\n"
        "- Opprette lågterskeltilbod i alle kommunar\n"
    )
    assert _texts(draft, "challenge") == [
        "Mange unge med rusproblem får hjelp for seint og fell ut av skulen."
    ]
    assert _texts(draft, "goal") == [
        "Alle unge som blir tilviste, skal få første time innan to veker."
    ]
