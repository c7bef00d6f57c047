"""Genre rules of round o (the blind batch O's shapes): an assignment letter (oppdragsbrev,
tildelingsbrev, styringsdokument) printed as PDF or text, with numbered goal lines without a
colon, 'Styringsparameter:' lines that are no items and 'Oppdrag:' over the tasks; a working
group's report with its mandate, its challenges as a numbered list apart from the measure
tables, a main goal announced by a lead-in line and the numbered areas of its measures chapter;
meeting minutes whose decisions and follow-ups are measures; English headings over Norwegian
text. The texts here are written for the tests, in those shapes."""

from __future__ import annotations

from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import docx_of, labels_of, pdf_bytes, texts_of

# ---------------------------------------------------------------- an assignment letter

LETTER_LINES = [
    "Oppdrag og tildeling 2028 - Helse Nordkyst RHF",
    "Vår ref.: 27/4410-3    Dato: 15.12.2027",
    "2 Svangerskapsomsorg",
    "Antallet fødende som må reise mer enn to timer til fødestedet, har gått ned de siste "
    "årene, men få får følge av jordmor underveis.",
    "Mål 2.1 Alle fødende med lang reisevei skal få tilbud om følgetjeneste",
    "Styringsparameter: Andel fødende med mer enn 90 minutters reisevei som fikk følge",
    "Styringsparameter: Antall uplanlagte fødsler utenfor institusjon",
    "Mål 2.2 Ingen fødende skal vente mer enn fire uker på ultralyd i uke 18",
    "Oppdrag:",
    "- Helse Nordkyst RHF skal etablere en felles vaktordning for jordmorfølge i regionen.",
    "- Helse Nordkyst RHF skal utrede ambulerende ultralyd i de ytre kommunene.",
]


def _letter_pdf() -> bytes:
    styles = ["h1", "p", "h2", "p", "p", "p", "p", "p", "p", "p", "p"]
    return pdf_bytes([list(zip(styles, LETTER_LINES, strict=True))])


def test_an_assignment_letter_pdf_reads_numbered_goals_without_colon_and_its_tasks() -> None:
    draft = read_upload("oppdrag.pdf", _letter_pdf())
    assert labels_of(draft, "goal") == [
        "Alle fødende med lang reisevei skal få tilbud om følgetjeneste",
        "Ingen fødende skal vente mer enn fire uker på ultralyd i uke 18",
    ]
    assert texts_of(draft, "measure") == [
        "Helse Nordkyst RHF skal etablere en felles vaktordning for jordmorfølge i regionen.",
        "Helse Nordkyst RHF skal utrede ambulerende ultralyd i de ytre kommunene.",
    ]


def test_steering_parameters_of_an_assignment_letter_stay_out() -> None:
    draft = read_upload("oppdrag.pdf", _letter_pdf())
    every = " ".join(i.label + " " + (i.text or "") for i in draft.items)
    assert "Styringsparameter" not in every
    assert "uplanlagte fødsler" not in every
    assert "Andel fødende" not in every


def test_an_assignment_letter_as_text_splits_its_field_lines_without_blank_lines() -> None:
    text = "\n".join(
        [
            "OPPDRAG OG TILDELING 2028",
            "",
            "2 Svangerskapsomsorg",
            "",
            LETTER_LINES[3],
            "",
            *LETTER_LINES[4:9],
            *LETTER_LINES[9:],
        ]
    )
    draft = read_upload("oppdrag.txt", text.encode())
    assert labels_of(draft, "goal") == [
        "Alle fødende med lang reisevei skal få tilbud om følgetjeneste",
        "Ingen fødende skal vente mer enn fire uker på ultralyd i uke 18",
    ]
    every = " ".join(i.label + " " + (i.text or "") for i in draft.items)
    assert "Styringsparameter" not in every


def test_an_area_opening_that_tells_a_decline_or_haphazard_care_states_its_challenges() -> None:
    text = (
        "# Styringsdokument 2028\n\n"
        "## 3 Organdonasjon\n\n"
        "Talet på donorar i regionen har gått ned sidan 2024. Oppfølginga av pårørande er ofte "
        "tilfeldig. I 2027 var det 31 donorar.\n\n"
        "Mål 3.1: Talet på donorar skal auke til 25 per million innbyggjarar.\n\n"
        "## 4 Fengselshelse\n\n"
        "Mange innsette har rusproblem, men få får tilbod frå spesialisthelsetenesta.\n\n"
        "Mål 4.1: Alle innsette skal få vurdering innan ei veke.\n"
    )
    draft = read_upload("styring.md", text.encode())
    assert texts_of(draft, "challenge") == [
        "Talet på donorar i regionen har gått ned sidan 2024.",
        "Oppfølginga av pårørande er ofte tilfeldig.",
        "Mange innsette har rusproblem, men få får tilbod frå spesialisthelsetenesta.",
    ]


def test_a_sentence_naming_numbered_goals_in_passing_is_no_goal_line() -> None:
    # "Mål 2.1 og 2.2 ..." is a sentence about the goals, not a numbered goal line
    text = (
        "# Årleg melding 2027\n\n"
        "## Svangerskapsomsorg\n\n"
        "Mål 2.1 og 2.2 vart nådde i 2027, og rapporteringa er send departementet.\n"
    )
    draft = read_upload("melding.md", text.encode())
    assert labels_of(draft, "goal") == []


# ---------------------------------------------------------------- a working group's report

REPORT: list[str | list[list[str]]] = [
    "# Hjerneslag - rapport frå prosjektgruppa",
    "## 1 Mandat og arbeidsform",
    "Direktøren gav prosjektgruppa i oppdrag 20.03.2027 å",
    "- kartleggje dagens forløp for pasientar med hjerneslag",
    "- foreslå tiltak med ansvar og frist",
    "## 2 Utfordringar",
    "Prosjektgruppa meiner at dette er dei viktigaste utfordringane. Numra blir brukte i "
    "tiltaksplanen i kapittel 4.",
    "1. Trombolysebehandlinga startar for seint for pasientar frå dei ytre kommunane",
    "1. Kommunane får for lite informasjon om funksjonsnivået ved utskriving",
    "## 3 Mål",
    "Prosjektgruppa foreslår dette hovudmålet:",
    "Alle pasientar med hjerneslag skal få behandling og rehabilitering utan opphald.",
    "## 4 Tiltaksplan",
    "Tiltaka er grupperte i to område. Kolonnen «Utfordring» viser kva utfordring tiltaket "
    "svarar på.",
    "### 4.1 Akuttfasen",
    [
        ["Nr", "Tiltak", "Utfordring", "Ansvar"],
        ["1", "Innføre videovurdering frå ambulansen", "1", "Klinikksjef"],
    ],
    "### 4.2 Oppfølging etter utskriving",
    [
        ["Nr", "Tiltak", "Utfordring", "Ansvar"],
        ["2", "Sende ein strukturert rapport til kommunen før utskriving", "2", "Avdelingsleiar"],
    ],
    "## 5 Vidare arbeid",
    "Rapporten blir send på høyring til klinikkane med frist 1. juni. Deretter blir han lagd "
    "fram for leiarmøtet.",
]


def test_the_mandate_of_the_group_that_wrote_a_report_is_no_measure() -> None:
    draft = read_upload("rapport.docx", docx_of(REPORT))
    measures = texts_of(draft, "measure")
    assert not any("kartleggje dagens forløp" in m for m in measures)
    assert not any("foreslå tiltak" in m for m in measures)


def test_an_owner_giving_the_trust_a_task_is_still_a_measure() -> None:
    text = (
        "# Oppdragsdokument 2028\n\n"
        "## Akuttmedisin\n\n"
        "Helse Vest gir helseføretaket i oppdrag å:\n\n"
        "- etablere ein felles akuttmottaksmodell\n"
        "- innføre videostøtte mellom ambulanse og mottak\n"
    )
    draft = read_upload("oppdrag.md", text.encode())
    assert texts_of(draft, "measure") == [
        "etablere ein felles akuttmottaksmodell",
        "innføre videostøtte mellom ambulanse og mottak",
    ]


def test_a_numbered_challenge_list_whose_lead_in_points_to_a_chapter_is_challenges() -> None:
    draft = read_upload("rapport.docx", docx_of(REPORT))
    assert texts_of(draft, "challenge") == [
        "Trombolysebehandlinga startar for seint for pasientar frå dei ytre kommunane",
        "Kommunane får for lite informasjon om funksjonsnivået ved utskriving",
    ]


def test_a_lead_in_announcing_one_goal_makes_the_paragraph_after_it_the_goal() -> None:
    draft = read_upload("rapport.docx", docx_of(REPORT))
    assert texts_of(draft, "goal") == [
        "Alle pasientar med hjerneslag skal få behandling og rehabilitering utan opphald."
    ]


def test_how_the_measures_are_arranged_and_the_reports_hearing_are_no_measures() -> None:
    draft = read_upload("rapport.docx", docx_of(REPORT))
    assert texts_of(draft, "measure") == [
        "Innføre videovurdering frå ambulansen",
        "Sende ein strukturert rapport til kommunen før utskriving",
    ]


def test_every_numbered_area_of_a_measures_chapter_is_a_theme() -> None:
    draft = read_upload("rapport.docx", docx_of(REPORT))
    themes = labels_of(draft, "theme")
    assert "Akuttfasen" in themes
    assert "Oppfølging etter utskriving" in themes
    measure = next(i for i in draft.items if i.text.startswith("Sende ein strukturert"))
    theme = next(i for i in draft.items if i.id == measure.theme)
    assert theme.label == "Oppfølging etter utskriving"


def test_a_follow_up_heading_over_measures_with_no_theme_siblings_stays_a_measure_heading() -> None:
    parts: list[str | list[list[str]]] = [
        "# Handlingsplan 2028",
        "## 4 Tiltak",
        "### 4.1 Oppfølging etter utskriving",
        "- Ringe alle pasientar dagen etter utskriving",
    ]
    draft = read_upload("plan.docx", docx_of(parts))
    assert "Oppfølging etter utskriving" not in labels_of(draft, "theme")
    assert texts_of(draft, "measure") == ["Ringe alle pasientar dagen etter utskriving"]


# ---------------------------------------------------------------- English headings

ENGLISH_HEADINGS: list[str | list[list[str]]] = [
    "# Plan for barnepsykiatri 2028–2031",
    "## Summary",
    "Planen skildrar tre innsatsområde med mål, indikatorar og tiltak.",
    "## 1 Poliklinikk",
    "### Challenges",
    "- Ventetida for barn med angst er ofte lengre enn tolv veker",
    "### Goals and indicators",
    "Innan 2029 skal ingen barn vente meir enn seks veker på første samtale.",
    "Indikator: Median ventetid frå tilvising til første samtale",
    "### Actions",
    "- Opprette eit gruppetilbod for barn med angst",
    "## 2 Døgnbehandling",
    "### Challenges",
    "- Fleire barn blir lagde inn fordi kommunen manglar eit tilbod om kvelden",
    "### Actions",
    "- Inngå avtale med kommunane om felles kveldsteam",
]


def test_english_kind_headings_over_norwegian_text_name_the_kinds() -> None:
    draft = read_upload("plan.docx", docx_of(ENGLISH_HEADINGS))
    assert texts_of(draft, "challenge") == [
        "Ventetida for barn med angst er ofte lengre enn tolv veker",
        "Fleire barn blir lagde inn fordi kommunen manglar eit tilbod om kvelden",
    ]
    assert texts_of(draft, "goal") == [
        "Innan 2029 skal ingen barn vente meir enn seks veker på første samtale."
    ]
    assert texts_of(draft, "measure") == [
        "Opprette eit gruppetilbod for barn med angst",
        "Inngå avtale med kommunane om felles kveldsteam",
    ]
    themes = labels_of(draft, "theme")
    assert "Poliklinikk" in themes
    assert "Challenges" not in themes
    assert "Actions" not in themes


def test_an_indicator_line_under_a_goal_is_no_item_but_a_note_on_the_goal() -> None:
    draft = read_upload("plan.docx", docx_of(ENGLISH_HEADINGS))
    every = " ".join(i.label + " " + (i.text or "") for i in draft.items)
    assert "Median ventetid" not in every
    goal = next(i for i in draft.items if i.kind == "goal")
    assert any("Median ventetid" in note for note in goal.notes)


def test_a_norwegian_theme_heading_with_an_english_word_stays_a_theme() -> None:
    parts: list[str | list[list[str]]] = [
        "# Handlingsplan 2028",
        "## Tiltak",
        "### Action learning i avdelingane",
        "- Innføre månadlege refleksjonsgrupper",
    ]
    draft = read_upload("plan.docx", docx_of(parts))
    assert "Action learning i avdelingane" in labels_of(draft, "theme")


# ---------------------------------------------------------------- meeting minutes

MINUTES = (
    "# Referat frå møte i styringsgruppa for legemiddelsamstemming\n\n"
    "**Tid:** 4. februar 2028  \n**Til stades:** fagdirektør, farmasøyt, to avdelingsleiarar\n\n"
    "## Sak 3/28 Legemiddelsamstemming ved innlegging\n\n"
    "Farmasøyten orienterte om stikkprøvene. Klinikken har som mål at alle pasientar skal få "
    "legemidla samstemte innan 24 timar.\n\n"
    "**Vedtak:**\n\n"
    "- Alle sengepostar tek i bruk sjekklista for samstemming frå 1. mars.\n"
    "- Alle nytilsette legar skal gjennomføre e-læringskurset innan tre månader.\n\n"
    "**Oppfølging:**\n\n"
    "- Farmasøyten lagar ein månadleg rapport til avdelingsleiarane. Frist: 1. april.\n\n"
    "## Sak 4/28 Opne spørsmål\n\n"
    "- Det er uklart kven som skal betale for farmasøytstillingane etter 2028.\n\n"
    "## Eventuelt\n\n"
    "- Avdelingsleiarane takka for godt samarbeid.\n"
)


def test_the_decisions_and_follow_ups_of_minutes_are_measures() -> None:
    draft = read_upload("referat.md", MINUTES.encode())
    assert texts_of(draft, "measure") == [
        "Alle sengepostar tek i bruk sjekklista for samstemming frå 1. mars.",
        "Alle nytilsette legar skal gjennomføre e-læringskurset innan tre månader.",
        "Farmasøyten lagar ein månadleg rapport til avdelingsleiarane. Frist: 1. april.",
    ]


def test_a_goal_told_as_what_the_project_has_as_its_goal_is_a_goal() -> None:
    draft = read_upload("referat.md", MINUTES.encode())
    assert texts_of(draft, "goal") == [
        "Klinikken har som mål at alle pasientar skal få legemidla samstemte innan 24 timar."
    ]


def test_open_questions_of_minutes_are_challenges_and_any_other_business_is_nothing() -> None:
    draft = read_upload("referat.md", MINUTES.encode())
    assert texts_of(draft, "challenge") == [
        "Det er uklart kven som skal betale for farmasøytstillingane etter 2028."
    ]
    every = " ".join(i.label + " " + (i.text or "") for i in draft.items)
    assert "takka" not in every
    assert "Eventuelt" not in labels_of(draft, "theme")


def test_a_decision_only_to_take_a_case_as_information_is_no_measure() -> None:
    text = (
        "# Referat frå styringsgruppemøte\n\n"
        "## Sak 5/28 Status for prosjektet\n\n"
        "**Vedtak:**\n\n"
        "- Styringsgruppa tek statusrapporten til orientering.\n"
        "- Prosjektleiaren legg fram ein revidert framdriftsplan i neste møte.\n"
    )
    draft = read_upload("referat.md", text.encode())
    assert texts_of(draft, "measure") == [
        "Prosjektleiaren legg fram ein revidert framdriftsplan i neste møte."
    ]
