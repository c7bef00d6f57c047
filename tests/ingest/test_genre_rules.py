"""Rules of the genre the importer follows on plans it has not seen: prose challenges and measures
split into sentences, sub-headings under a kind heading as themes, headings that only name a
kind, "Mål 1: ..." headings, tables of measures, and the development plan as a plan type."""

from __future__ import annotations

import pytest

from plangraph.ingest.classify import _cue
from plangraph.ingest.documents import read_document
from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from plangraph.ingest.sentences import split_sentences
from tests.ingest.fixtures import of_kind as _of


def _md(text: str) -> Draft:
    return read_upload("plan.md", text.encode("utf-8"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vi skal f.eks. auke bruken av video, jf. nr. 3 i planen. Det gjeld bl.a. BUP.",
            ["Vi skal f.eks. auke bruken av video, jf. nr. 3 i planen.", "Det gjeld bl.a. BUP."],
        ),
        (
            "Frå 1. januar 2025 skal alle ha plan. Ferdig innan 2025. Vidare skal talet aukast.",
            [
                "Frå 1. januar 2025 skal alle ha plan.",
                "Ferdig innan 2025.",
                "Vidare skal talet aukast.",
            ],
        ),
        (
            "Belegget var ca. 108 pst. i 2024. Korridorpasientar er vanleg, jf. indikator nr. 7. Slik er det.",
            [
                "Belegget var ca. 108 pst. i 2024.",
                "Korridorpasientar er vanleg, jf. indikator nr. 7.",
                "Slik er det.",
            ],
        ),
        (
            "Kostnaden auka med 2,5 pst. Av dette gjekk 10 mill. kr til IKT.",
            ["Kostnaden auka med 2,5 pst.", "Av dette gjekk 10 mill. kr til IKT."],
        ),
    ],
)
def test_sentences_respect_abbreviations_and_numbers(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == expected


TRIAL = """# Utviklingsplan 2023–2026 for Sjukehuset Testfjord HF

## Innleiing

Utviklingsplanen byggjer på strategien til Helse Vest og gjev retning for tenestene.

## Utfordringar

Føretaket står overfor fleire utfordringar. Talet på eldre over 80 år vil auke med 40 prosent, \
og det blir vanskelegare å rekruttere. Ventetidene innan psykisk helsevern for barn og unge er \
for lange. Det er stor variasjon i liggjetid mellom avdelingane.

## Tiltak

### Psykisk helsevern

- Etablere eit ambulant team for barn og unge
- Redusere ventetida i BUP

### Teknologi

Føretaket skal innføre digital heimeoppfølging innan 2025. Vidare skal talet på \
videokonsultasjonar aukast.

### Bygg

Arbeidet med nytt bygg er forseinka. Dette skal rettast opp i 2025.
"""


def test_prose_challenges_are_split_and_the_lead_in_dropped() -> None:
    draft = _md(TRIAL)
    texts = [c.text for c in _of(draft, "challenge")]
    assert texts == [
        "Talet på eldre over 80 år vil auke med 40 prosent, og det blir vanskelegare å rekruttere.",
        "Ventetidene innan psykisk helsevern for barn og unge er for lange.",
        "Det er stor variasjon i liggjetid mellom avdelingane.",
    ]
    # each keeps the paragraph it came from and a position of its own
    challenges = _of(draft, "challenge")
    assert len({c.paragraph for c in challenges}) == 1
    assert [c.position for c in challenges] == [1, 2, 3]
    assert all(
        "innledende setning «Føretaket står overfor fleire utfordringar.» utelatt" in c.reason
        for c in challenges
    )


def test_kind_word_heading_is_no_theme_and_the_editorial_theme_says_so() -> None:
    draft = _md(TRIAL)
    labels = [t.label for t in _of(draft, "theme")]
    assert "Utfordringar" not in labels
    theme = next(t for t in _of(draft, "theme") if t.id == _of(draft, "challenge")[0].theme)
    assert theme.label_kind == "editorial"
    assert theme.editorial_note and "only names their kind" in theme.editorial_note
    assert "bare navnet på typen" in theme.reason


def test_prose_measures_split_when_each_sentence_stands_alone_else_kept_whole() -> None:
    draft = _md(TRIAL)
    measures = {m.text: m for m in _of(draft, "measure")}
    assert "Føretaket skal innføre digital heimeoppfølging innan 2025." in measures
    assert "Vidare skal talet på videokonsultasjonar aukast." in measures
    # "Dette skal ..." refers back: the paragraph stays one item, nothing dropped
    assert "Arbeidet med nytt bygg er forseinka. Dette skal rettast opp i 2025." in measures


def test_sub_headings_under_measures_are_themes_whatever_stands_under_them() -> None:
    draft = _md(TRIAL)
    themes = {t.label: t for t in _of(draft, "theme")}
    assert {"Psykisk helsevern", "Teknologi", "Bygg"} <= set(themes)
    video = next(m for m in _of(draft, "measure") if m.text.startswith("Vidare"))
    assert video.theme == themes["Teknologi"].id


def test_development_plan_is_a_plan_not_a_strategy() -> None:
    draft = _md(TRIAL)  # its text cites a strategy; the title says utviklingsplan
    assert draft.plan_type == "Plan"
    assert "utviklingsplan" in draft.detected["plan_type"]


def test_goal_headings_and_how_we_reach_the_goal() -> None:
    draft = _md(
        "# Strategi 2025–2030\n\n## Strategiske mål\n\n"
        "### Mål 1: Vi gjev pasientane rett behandling på rett stad\n\n"
        "Slik når vi målet:\n\n- Vi vil utvide bruken av ambulante tenester\n"
        "- Vi vil samordne pasientforløpa med kommunane\n"
    )
    goals = _of(draft, "goal")
    assert [g.label for g in goals] == ["Vi gjev pasientane rett behandling på rett stad"]
    assert goals[0].text == "Mål 1: Vi gjev pasientane rett behandling på rett stad"
    assert [m.label for m in _of(draft, "measure")] == [
        "Vi vil utvide bruken av ambulante tenester",
        "Vi vil samordne pasientforløpa med kommunane",
    ]
    assert _cue("Slik når vi målet:", heading=False)[0] == "measure"


def test_labelled_goal_line_is_no_lead_in_of_the_list_after_it() -> None:
    draft = _md(
        "# Utviklingsplan\n\n## Innsatsområde 2: Psykisk helse\n\n"
        "Mål: Ventetida skal ned til under 40 dagar.\n\n"
        "- Styrke dei ambulante teama\n- Innføre pakkeforløp i alle poliklinikkar\n"
    )
    assert [g.label for g in _of(draft, "goal")] == ["Ventetida skal ned til under 40 dagar."]
    assert len(_of(draft, "measure")) == 2


def test_markdown_table_of_measures_with_columns() -> None:
    draft = _md(
        "# Handlingsplan 2025\n\n## Tiltak\n\n"
        "| Nr | Tiltak | Ansvar | Frist | Status |\n|---|---|---|---|---|\n"
        "| 1 | Innføre felles prosedyre for samstemming | Fagdirektør | 31.12.2025 | Pågår |\n"
        "| 2 | Revidere opplæringen i avviksmelding | HR-direktør | 2026 | Under planlegging |\n"
    )
    measures = _of(draft, "measure")
    assert [m.label for m in measures] == [
        "Innføre felles prosedyre for samstemming",
        "Revidere opplæringen i avviksmelding",
    ]
    assert measures[0].responsible == "Fagdirektør"
    assert measures[0].deadline == "31.12.2025"
    assert measures[0].status == "StartingOrRunning"
    assert measures[1].status == "UnderPlanning"
    assert [m.number for m in measures] == [1, 2]


def test_a_sentence_that_refers_back_stays_with_its_challenge() -> None:
    draft = _md(
        "# Statusnotat\n\n## Utfordringar\n\n"
        "Ventetida i BUP er for lang. Dette gjer at fleire barn får hjelp for seint. "
        "Dei fleste avdelingane manglar psykologspesialistar.\n"
    )
    assert [c.text for c in _of(draft, "challenge")] == [
        "Ventetida i BUP er for lang. Dette gjer at fleire barn får hjelp for seint.",
        "Dei fleste avdelingane manglar psykologspesialistar.",
    ]


def test_table_under_a_measure_heading_and_status_cells() -> None:
    draft = _md(
        "# Handlingsplan 2025\n\n## Tiltak\n\n"
        "| Beskrivelse | Ansvar | Status |\n|---|---|---|\n"
        "| Etablere felles akuttmottak | Klinikksjef | Ikke igangsatt |\n"
        "| Innføre ny prosedyre for legemiddelsamstemming | Fagdirektør | Fullført |\n"
    )
    measures = _of(draft, "measure")
    assert [m.label for m in measures] == [
        "Etablere felles akuttmottak",
        "Innføre ny prosedyre for legemiddelsamstemming",
    ]
    assert "kolonnen «Beskrivelse»" in measures[0].reason
    assert measures[0].status == "UnderPlanning"
    assert measures[1].status is None  # done: no plangraph status, the source value kept
    assert any("Fullført" in n for n in measures[1].notes)


def test_table_that_names_no_kind_is_said_not_dropped_silently() -> None:
    draft = _md(
        "# Plan\n\n## Bakgrunn\n\n| Sykehus | Senger |\n|---|---|\n| Molde | 120 |\n| Ålesund | 300 |\n"
    )
    assert not draft.items
    assert any("names no kind" in n for n in draft.notes)


def test_compound_kind_words_and_consequence_sentences() -> None:
    assert _cue("Hovedutfordringer")[0] == "challenge"
    assert _cue("Hovudutfordringar i planperioden")[0] == "challenge"
    draft = _md(
        "# Plan\n\n## Utfordringar\n\n### Demografi\n\n"
        "Regionen får fleire eldre. Det betyr at behovet for senger aukar. "
        "Sjukepleiarmangelen er størst i distrikta.\n"
    )
    assert [c.text for c in _of(draft, "challenge")] == [
        "Regionen får fleire eldre. Det betyr at behovet for senger aukar.",
        "Sjukepleiarmangelen er størst i distrikta.",
    ]


def test_numbered_markdown_headings_keep_their_number_apart() -> None:
    draft = _md(
        "# Oppdrag 2025\n\n## 1. Rask tilgang til helsetjenester\n\nMål 2025:\n\n"
        "- Ventetiden skal være under 60 dager.\n"
    )
    theme = _of(draft, "theme")[0]
    assert (theme.label, theme.number) == ("Rask tilgang til helsetjenester", 1)


def test_two_page_pdf_footer_with_page_number_is_no_text() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)

    def footer() -> None:
        pdf.set_y(-15)
        pdf.set_font("Helvetica", "", 8)
        pdf.cell(0, 8, f"Statusnotat 2025   side {pdf.page_no()}", align="C")

    pdf.footer = footer  # type: ignore[method-assign]
    for title, body in (
        ("Statusnotat psykisk helsevern", "Ventetida for barn og unge i BUP er framleis for lang."),
        ("Utfordringar", "Det manglar psykologspesialistar ved fleire av dei minste DPS-a."),
    ):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    blocks = [b.text for b in read_document("notat.pdf", data).blocks]
    assert not any("side" in t for t in blocks), blocks
    texts = [i.text for i in read_upload("notat.pdf", data).items if i.kind == "challenge"]
    assert texts == ["Det manglar psykologspesialistar ved fleire av dei minste DPS-a."]


NUMBERED = """# Utviklingsplan for Helse Testmark HF 2023–2026

## 3 Utfordringsbildet

### 3.1 Befolkningsutvikling

Befolkningen i opptaksområdet blir eldre. Figur 3 viser forventet vekst blant de over 80 år. \
Kilde: SSB, middelalternativet. Hva betyr dette for oss? Antallet pasienter med flere kroniske \
sykdommer vil øke.

### 3.2 Rekruttering

Sykehuset har i dag om lag 4 500 ansatte. Det er krevende å rekruttere spesialsykepleiere.

## 4 Mål og tiltak

### 4.1 Pasientens helsetjeneste

Vi skal gi pasientene mulighet til å delta i beslutninger om egen behandling. Innen 2025 skal \
alle pasienter kunne se sine timer digitalt.

### 4.2 Bygg

Nytt sykehusbygg tas i bruk i 2026, jf. styresak 12/2022, og det gamle bygget skal rives.
"""


def test_numbered_sibling_sections_are_no_list_of_items() -> None:
    draft = _md(NUMBERED)
    themes = [t.label for t in _of(draft, "theme")]
    assert themes == [
        "Befolkningsutvikling",
        "Rekruttering",
        "Pasientens helsetjeneste",
        "Bygg",
    ]
    measures = [m.text for m in _of(draft, "measure")]
    assert measures[:2] == [
        "Vi skal gi pasientene mulighet til å delta i beslutninger om egen behandling.",
        "Innen 2025 skal alle pasienter kunne se sine timer digitalt.",
    ]
    # the label is the first sentence, and "jf." does not end it
    bygg = next(m for m in _of(draft, "measure") if m.text.startswith("Nytt"))
    assert bygg.label.startswith("Nytt sykehusbygg tas i bruk i 2026, jf. styresak 12/2022")


def test_references_and_questions_stay_with_their_challenge_and_facts_are_doubted() -> None:
    draft = _md(NUMBERED)
    challenges = _of(draft, "challenge")
    assert [c.text for c in challenges][:2] == [
        "Befolkningen i opptaksområdet blir eldre. Figur 3 viser forventet vekst blant de over "
        "80 år. Kilde: SSB, middelalternativet. Hva betyr dette for oss?",
        "Antallet pasienter med flere kroniske sykdommer vil øke.",
    ]
    fact = next(c for c in challenges if c.text.startswith("Sykehuset har"))
    assert fact.confidence < 0.5 and "kan være bakgrunn" in fact.reason
    hard = next(c for c in challenges if c.text.startswith("Det er krevende"))
    assert hard.confidence > fact.confidence


def test_table_with_theme_and_goal_columns_reads_the_measure_column() -> None:
    draft = _md(
        "# Handlingsplan for kvalitet 2025\n\n## Handlingsplan\n\n"
        "| Innsatsområde | Delmål | Tiltak | Ansvar | Frist |\n|---|---|---|---|---|\n"
        "| Pasientsikkerhet | Færre fall | Innføre fallrisikovurdering ved innkomst | Klinikksjef | 2025 |\n"
        "| Pasientsikkerhet | Færre fall | Gi opplæring i fallforebygging | Fagsjef | 2025 |\n"
        "| Samhandling | Bedre utskrivning | Innføre sjekkliste for utskrivning | Fagsjef | 2026 |\n"
    )
    measures = _of(draft, "measure")
    themes = {t.id: t.label for t in _of(draft, "theme")}
    assert [(m.label, themes[m.theme or ""]) for m in measures] == [
        ("Innføre fallrisikovurdering ved innkomst", "Pasientsikkerhet"),
        ("Gi opplæring i fallforebygging", "Pasientsikkerhet"),
        ("Innføre sjekkliste for utskrivning", "Samhandling"),
    ]
    assert [g.label for g in _of(draft, "goal")] == ["Færre fall", "Bedre utskrivning"]
    assert any("row of the goal 'Færre fall'" in n for n in measures[1].notes)
    assert not draft.links  # the row is stated in a note, not a link the importer judged


def test_goal_cards_sub_heading_names_the_goal_and_the_paragraph_says_it() -> None:
    html = (
        "<html><body><main><h1>Strategi 2030</h1><h2>Strategiske mål</h2>"
        "<div class='card'><h3>Pasienten først</h3>"
        "<p>Vi skal gi pasientene bedre mulighet til å delta i egen behandling.</p></div>"
        "<div class='card'><h3>Attraktiv arbeidsplass</h3>"
        "<p>Vi skal beholde og utvikle medarbeiderne våre.</p></div>"
        "<h2>Slik når vi målene</h2><ul><li>Styrke samarbeidet med kommunene</li></ul>"
        "</main></body></html>"
    )
    draft = read_upload("strategi.html", html.encode("utf-8"))
    goals = [(g.label, g.text) for g in _of(draft, "goal")]
    assert goals == [
        ("Pasienten først", "Vi skal gi pasientene bedre mulighet til å delta i egen behandling."),
        ("Attraktiv arbeidsplass", "Vi skal beholde og utvikle medarbeiderne våre."),
    ]
    assert [m.label for m in _of(draft, "measure")] == ["Styrke samarbeidet med kommunene"]


def test_samtidig_opens_a_challenge_of_its_own() -> None:
    draft = _md(
        "# Utviklingsplan\n\n## Utfordringsbildet\n\n"
        "Regionen står overfor store utfordringer. Andelen innbyggere over 70 år øker raskt. "
        "Samtidig blir det færre i yrkesaktiv alder. Dette gjør det vanskelig å rekruttere.\n\n"
        "Sykehusene har hatt store underskudd de siste årene. Investeringsbehovet er stort.\n"
    )
    challenges = _of(draft, "challenge")
    assert [c.text for c in challenges] == [
        "Andelen innbyggere over 70 år øker raskt.",
        "Samtidig blir det færre i yrkesaktiv alder. Dette gjør det vanskelig å rekruttere.",
        "Sykehusene har hatt store underskudd de siste årene.",
        "Investeringsbehovet er stort.",
    ]
    assert all(c.confidence >= 0.55 for c in challenges)


def test_a_paragraph_that_only_announces_the_challenges_is_none() -> None:
    draft = _md(
        "# Statusnotat\n\n## Utfordringar\n\nFøretaket står overfor følgjande store utfordringar.\n\n"
        "Ventetida i psykisk helsevern for vaksne er for lang.\n"
    )
    assert [c.text for c in _of(draft, "challenge")] == [
        "Ventetida i psykisk helsevern for vaksne er for lang."
    ]
    assert any("only announces" in n for n in draft.notes)


def test_one_page_pdf_footer_in_small_print_is_no_text() -> None:
    from fpdf import FPDF

    pdf = FPDF()

    def footer() -> None:
        pdf.set_y(-15)
        pdf.set_font("Helvetica", "", 8)
        pdf.cell(0, 8, f"Tiltaksplan for eldre pasientar 2025   side {pdf.page_no()}", align="C")

    pdf.footer = footer  # type: ignore[method-assign]
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, "Tiltaksplan for eldre pasientar 2025", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    body = (
        "Arbeidet byggjer på erfaringar frå 2024, då føretaket prøvde ut geriatrisk vurdering "
        "i akuttmottaket ved to av sjukehusa."
    )
    pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    blocks = [b.text for b in read_document("plan.pdf", bytes(pdf.output())).blocks]
    assert blocks == ["Tiltaksplan for eldre pasientar 2025", body]


def test_a_bold_paragraph_on_a_web_page_is_a_heading() -> None:
    html = (
        "<html><body><main><h1>Handlingsplan for rus 2025</h1>"
        "<p><strong>Utfordringer</strong></p>"
        "<p>Mange pasienter avbryter behandlingen etter kort tid. "
        "Det mangler boliger med oppfølging i kommunene.</p>"
        "<p><strong>Tiltak</strong></p>"
        "<ul><li>Etablere boligteam sammen med kommunene</li></ul>"
        "<p>Les <strong>mer</strong> om planen.</p>"
        "</main></body></html>"
    )
    doc = read_document("plan.html", html.encode("utf-8"))
    assert [b.text for b in doc.blocks if b.kind == "heading"] == [
        "Handlingsplan for rus 2025",
        "Utfordringer",
        "Tiltak",
    ]
    draft = read_upload("plan.html", html.encode("utf-8"))
    assert [c.confidence for c in _of(draft, "challenge")] == [0.55, 0.55]
    measure = _of(draft, "measure")[0]
    assert measure.section == "Tiltak" and measure.confidence >= 0.8
