"""Rules for the genres held-out batch K showed: workbooks with a goals sheet and merged area
cells, consultation responses (letters), minutes of an owner's meeting, slide decks and a
municipality's plan page. The texts here are written for the tests, in those shapes."""

from __future__ import annotations

from plangraph.ingest.draft import Draft, DraftItem
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of as _labels
from tests.ingest.fixtures import of_kind as _of
from tests.ingest.fixtures import texts_of as _texts
from tests.ingest.fixtures import xlsx_bytes


def _theme_of(draft: Draft, item: DraftItem) -> str | None:
    return next((t.label for t in _of(draft, "theme") if t.id == item.theme), None)


def _txt(text: str) -> Draft:
    return read_upload("plan.txt", text.encode("utf-8"))


def _md(text: str) -> Draft:
    return read_upload("plan.md", text.encode("utf-8"))


def _html(text: str) -> Draft:
    return read_upload("plan.html", text.encode("utf-8"))


# ---------------------------------------------------------------- workbooks


def _workbook(sheets: dict[str, list[list[str | None]]]) -> Draft:
    return read_upload("arbeidsplan.xlsx", xlsx_bytes(sheets))


def test_a_goals_sheet_with_an_area_column_gives_goals_in_their_areas() -> None:
    draft = _workbook(
        {
            "Målsetjingar": [
                ["Arbeidsplan for samhandling 2028"],
                ["Satsingsområde", "Mål for 2028"],
                ["Rehabilitering", "Alle pasientar skal ha ein plan for opptrening ved utskriving"],
                ["Legemiddel", "Ingen pasientar skal skrivast ut utan oppdatert legemiddelliste"],
            ],
            "Tiltak": [
                ["Satsingsområde", "Tiltak", "Ansvarleg"],
                ["Rehabilitering", "Opprette eit felles rehabiliteringsteam", "Kommunane"],
                ["Legemiddel", "Innføre samstemming av legemiddellister i mottaket", "Sjukehuset"],
            ],
        }
    )
    goals = {i.text: _theme_of(draft, i) for i in _of(draft, "goal")}
    assert goals == {
        "Alle pasientar skal ha ein plan for opptrening ved utskriving": "Rehabilitering",
        "Ingen pasientar skal skrivast ut utan oppdatert legemiddelliste": "Legemiddel",
    }
    assert _labels(draft, "theme") == ["Rehabilitering", "Legemiddel"]


def test_a_blank_area_cell_carries_the_area_above_it() -> None:
    # a merged "Innsatsområde" cell reads as blank in every row but its first
    draft = _workbook(
        {
            "Handlingsplan": [
                ["Innsatsområde", "Nr", "Tiltak", "Frist"],
                ["Fysisk aktivitet", "1", "Starte turgrupper for eldre i alle bydeler", "2028"],
                [None, "2", "Tilby treningskontakt til ungdom med psykiske plager", "2028"],
                ["Ernæring", "3", "Kartlegge ernæringsstatus hos alle nye brukere", "2029"],
                [None, "4", "Lære opp hjemmetjenesten i kostråd", "2029"],
            ]
        }
    )
    themes = {i.text: _theme_of(draft, i) for i in _of(draft, "measure")}
    assert themes == {
        "Starte turgrupper for eldre i alle bydeler": "Fysisk aktivitet",
        "Tilby treningskontakt til ungdom med psykiske plager": "Fysisk aktivitet",
        "Kartlegge ernæringsstatus hos alle nye brukere": "Ernæring",
        "Lære opp hjemmetjenesten i kostråd": "Ernæring",
    }


def test_a_challenge_sheet_whose_rows_name_their_areas_adds_no_theme_named_after_the_plan() -> None:
    draft = _workbook(
        {
            "Om planen": [["Samhandlingsplan for Nordmo 2028"], ["Vedteken", "2. mars 2028"]],
            "Utfordringar": [
                ["Innsatsområde", "Utfordring"],
                ["Rus", "For mange ungdommar ventar lenge på første samtale"],
                [
                    "Eldre",
                    "Mange eldre blir liggjande på sjukehuset etter at dei er utskrivingsklare",
                ],
            ],
        }
    )
    assert _labels(draft, "theme") == ["Rus", "Eldre"]
    assert {_theme_of(draft, i) for i in _of(draft, "challenge")} == {"Rus", "Eldre"}


# ---------------------------------------------------------------- consultation responses

LETTER = """Sørmo kommune (fiktiv)
Helse og velferd

Helse Vestmark HF (fiktiv)

Vår ref.: 26/88    Deres ref.: 25/1402    Dato: 03.03.2028

HØYRINGSFRÅSEGN – UTVIKLINGSPLAN FOR VESTMARK SJUKEHUS 2028–2035

Vi viser til høyringsbrevet og takkar for høve til å uttale oss.

1. Generelle merknader

Kommunen manglar ein samla oversikt over kva planen vil koste, men sluttar seg til hovudlinjene.

2. Kommentarar til kap. 3: Fødetilbodet

Reisevegen til næraste fødeavdeling er for lang for dei gravide i kommunen, og fleire føder i bil.

Planen bør innehalde eit mål om at ingen gravide skal ha meir enn to timar reiseveg til fødestaden.

Vi føreslår at sjukehuset opprettar ei forsterka fødestove i Sørmo.

Kommunen føreslår vidare at jordmortenesta blir delt mellom kommunen og sjukehuset.

Figur 4 i kapittelet manglar årstal.

Kapittel 6 – Akuttberedskap

Det er vanskeleg å halde vaktordninga for ambulansen i gang om sommaren.

Sørmo kommune tilrår at ambulansen får ein fast stasjon i kommunesenteret.
"""


def test_b_a_letters_reference_line_is_no_title_and_its_capital_title_no_theme() -> None:
    draft = _txt(LETTER)
    assert draft.title == "HØYRINGSFRÅSEGN – UTVIKLINGSPLAN FOR VESTMARK SJUKEHUS 2028–2035"
    assert not any("ref." in t or "HØYRINGSFRÅSEGN" in t for t in _labels(draft, "theme"))


def test_b_chapter_references_are_stripped_from_theme_labels() -> None:
    assert _labels(_txt(LETTER), "theme") == ["Fødetilbodet", "Akuttberedskap"]


def test_b_a_consultation_responses_prose_gives_challenges_proposed_goals_and_measures() -> None:
    draft = _txt(LETTER)
    assert _texts(draft, "challenge") == [
        "Reisevegen til næraste fødeavdeling er for lang for dei gravide i kommunen, og fleire "
        "føder i bil.",
        "Det er vanskeleg å halde vaktordninga for ambulansen i gang om sommaren.",
    ]
    assert _texts(draft, "goal") == [
        "Planen bør innehalde eit mål om at ingen gravide skal ha meir enn to timar reiseveg "
        "til fødestaden."
    ]
    assert _texts(draft, "measure") == [
        "Vi føreslår at sjukehuset opprettar ei forsterka fødestove i Sørmo.",
        "Kommunen føreslår vidare at jordmortenesta blir delt mellom kommunen og sjukehuset.",
        "Sørmo kommune tilrår at ambulansen får ein fast stasjon i kommunesenteret.",
    ]
    measures = {i.text: _theme_of(draft, i) for i in _of(draft, "measure")}
    assert set(measures.values()) == {"Fødetilbodet", "Akuttberedskap"}


# ---------------------------------------------------------------- minutes of a meeting

MINUTES = """# Protokoll frå føretaksmøte i Helse Austfjell HF (fiktiv)

## Sak 2 Oppdrag for 2028

Føretaksmøtet viste til styringsdokumentet for 2028 og protokollen frå førre møte.

### 2.1 Rehabilitering

Talet på pasientar som ventar på rehabiliteringsopphald har auka kvart år sidan 2025.

Føretaksmøtet fatta slikt vedtak:

1. Ventetida for rehabiliteringsopphald skal vere under 30 dagar i 2028.
2. Føretaksmøtet ber Helse Austfjell HF opprette eit dagtilbod for rehabilitering i Austby.

## Sak 3 Økonomi

Føretaksmøtet fatta slikt vedtak:

1. Føretaksmøtet ber Helse Austfjell HF om å selje den gamle tomta ved Austby sjukehus.
2. Føretaksmøtet tek rapporten om investeringsbehovet til orientering.
"""


def test_c_minutes_give_the_context_problem_as_a_challenge_and_targets_as_goals() -> None:
    draft = _md(MINUTES)
    assert _texts(draft, "challenge") == [
        "Talet på pasientar som ventar på rehabiliteringsopphald har auka kvart år sidan 2025."
    ]
    assert _texts(draft, "goal") == [
        "Ventetida for rehabiliteringsopphald skal vere under 30 dagar i 2028."
    ]


def test_c_a_decision_that_asks_someone_to_act_is_a_measure_and_noting_a_report_no_item() -> None:
    draft = _md(MINUTES)
    assert _texts(draft, "measure") == [
        "Føretaksmøtet ber Helse Austfjell HF opprette eit dagtilbod for rehabilitering i Austby.",
        "Føretaksmøtet ber Helse Austfjell HF om å selje den gamle tomta ved Austby sjukehus.",
    ]
    everything = " ".join(i.text or i.label for i in draft.items)
    assert "til orientering" not in everything
    assert "styringsdokumentet" not in everything  # a pointer to another paper is no item
    assert "Økonomi" in _labels(draft, "theme")


def test_c_a_numbered_point_wrapped_in_a_pdf_keeps_the_year_on_its_next_line() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Tiltaksplan for rehabilitering", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "Tiltak:", new_x="LMARGIN", new_y="NEXT")
    for line in (
        "1. Opprette eit dagtilbod for rehabilitering ved alle lokalsjukehusa i regionen innan",
        "2029.",
        "2. Lage ein felles plan for opptrening etter hjerneslag",
    ):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    draft = read_upload("plan.pdf", bytes(pdf.output()))
    assert _texts(draft, "measure")[0].endswith("i regionen innan 2029.")


# ---------------------------------------------------------------- slide decks


def _slides(slides: list[list[str]]) -> Draft:
    """A deck exported to PDF, one slide a page: "# " the deck's title, "## " a slide's title,
    "### " a sub-heading in bold, "- " a bullet, anything else a line of text."""
    from fpdf import FPDF

    pdf = FPDF()
    for slide in slides:
        pdf.add_page()
        for line in slide:
            style, size, text = "", 11, line
            if line.startswith("# "):
                style, size, text = "B", 20, line[2:]
            elif line.startswith("## "):
                style, size, text = "B", 14, line[3:]
            elif line.startswith("### "):
                style, size, text = "B", 12, line[4:]
            pdf.set_font("Helvetica", style, size)
            pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    return read_upload("lysark.pdf", bytes(pdf.output()))


DECK = [
    ["# Regional plan for hjerneslag 2028-2031", "Styreseminar 4. mai 2028"],
    ["## Agenda", "- Hvorfor en ny plan", "- Tre innsatsomrader", "- Tidsplan"],
    [
        "## Akuttbehandling",
        "### Hva ser vi?",
        "- Mange pasienter kommer for sent til trombolyse",
        "- Ulik tilgang til trombektomi i regionen",
        "### Hva gjør vi?",
        "- Innfore felles varsling fra ambulansen til slagenheten",
    ],
    ["## Videre prosess", "- Styrebehandling 12. juni 2028", "- Hoering hosten 2028"],
]


def test_d_a_slides_hva_ser_vi_introduces_challenges_and_hva_gjor_vi_measures() -> None:
    draft = _slides(DECK)
    assert _texts(draft, "challenge") == [
        "Mange pasienter kommer for sent til trombolyse",
        "Ulik tilgang til trombektomi i regionen",
    ]
    assert _texts(draft, "measure") == ["Innfore felles varsling fra ambulansen til slagenheten"]


def test_d_agenda_and_videre_prosess_slides_give_no_items() -> None:
    draft = _slides(DECK)
    assert _labels(draft, "theme") == ["Akuttbehandling"]
    everything = " ".join(i.text or i.label for i in draft.items)
    assert "Tre innsatsomrader" not in everything
    assert "Styrebehandling" not in everything


# ---------------------------------------------------------------- a plan's web page

PAGE = """<!doctype html><html lang="nn"><head><meta charset="utf-8"><title>Plan</title></head>
<body><main>
<h1>Plan for helse og omsorg 2028–2036</h1>
<section>
<h2>Tidleg innsats for barn</h2>
<h3>Slik er det i dag</h3>
<p>Kommunen har 1 900 barn under seks år, og talet vil auke med ein femtedel fram mot 2036.
Helsestasjonen har for få stillingar til å gi alle familiar heimebesøk.</p>
<p><strong>Målet vårt:</strong> Alle nyfødde skal få heimebesøk av helsestasjonen innan to veker.</p>
<h3>Dette vil vi gjere</h3>
<ul><li>Opprette to nye stillingar ved helsestasjonen</li></ul>
<p><a href="/barn">Les meir om helsestasjonen</a></p>
</section>
<section>
<h2>Oppfølging</h2>
<p>Planen blir følgd opp i budsjettet kvart år.</p>
<p>Sjå også temaplanen for folkehelse på nettsidene våre.</p>
</section>
</main></body></html>
"""


def test_e_slik_er_det_i_dag_gives_its_problem_sentence_as_a_challenge() -> None:
    draft = _html(PAGE)
    assert _texts(draft, "challenge") == [
        "Helsestasjonen har for få stillingar til å gi alle familiar heimebesøk."
    ]
    assert _theme_of(draft, _of(draft, "challenge")[0]) == "Tidleg innsats for barn"


def test_e_a_malet_vart_label_makes_its_paragraph_a_goal() -> None:
    draft = _html(PAGE)
    assert _texts(draft, "goal") == [
        "Målet vårt: Alle nyfødde skal få heimebesøk av helsestasjonen innan to veker."
    ]


def test_e_les_meir_and_sja_ogsa_pointer_lines_are_no_items() -> None:
    draft = _html(PAGE)
    everything = " ".join(i.text or i.label for i in draft.items)
    assert "Les meir" not in everything
    assert "Sjå også" not in everything
    assert _texts(draft, "measure") == ["Opprette to nye stillingar ved helsestasjonen"]


# ---------------------------------------------------------------- goals in their sections


def test_f_a_goal_under_a_topic_heading_gets_that_topic_as_its_theme() -> None:
    draft = _md(
        """# Handlingsplan for lindrande behandling 2028–2030

## Lindrande behandling heime

Mål: Fleire pasientar skal få døy heime dersom dei ønskjer det.

### Tiltak

- Opprette eit ambulant palliativt team i kvar region
"""
    )
    goal = _of(draft, "goal")[0]
    assert _theme_of(draft, goal) == "Lindrande behandling heime"


def test_a_a_goal_column_headed_with_a_bare_year_is_read_too() -> None:
    draft = _workbook(
        {
            "Mål": [
                ["Tema", "Målsetting 2028"],
                ["Ernæring", "Alle beboere i sykehjem skal ha en ernæringsplan"],
            ]
        }
    )
    assert _texts(draft, "goal") == ["Alle beboere i sykehjem skal ha en ernæringsplan"]
    assert _theme_of(draft, _of(draft, "goal")[0]) == "Ernæring"


def test_c_board_minutes_in_bokmal_read_the_same_way() -> None:
    draft = _md(
        """# Møteprotokoll – styret i Helse Nordfjell HF (fiktiv)

## Sak 14/28 Tilgang til psykisk helsevern

Ventetiden i psykisk helsevern for voksne er for lang i alle klinikkene.

Vedtak:

1. Styret ber administrasjonen etablere et felles inntaksteam for voksenpsykiatrien.
2. Styret tok rapporten om ventetider til etterretning.
"""
    )
    assert _texts(draft, "challenge") == [
        "Ventetiden i psykisk helsevern for voksne er for lang i alle klinikkene."
    ]
    assert _texts(draft, "measure") == [
        "Styret ber administrasjonen etablere et felles inntaksteam for voksenpsykiatrien."
    ]
    assert _labels(draft, "theme") == ["Tilgang til psykisk helsevern"]


def test_b_innspill_til_kapittel_is_a_chapter_reference_too() -> None:
    draft = _txt(
        """HØRINGSSVAR – PLAN FOR FØDETILBUDET 2029–2032

Innspill til kapittel 2: Jordmortjenesten

Det er for få jordmødre i kommunene på kysten.
"""
    )
    assert _labels(draft, "theme") == ["Jordmortjenesten"]
    assert _texts(draft, "challenge") == ["Det er for få jordmødre i kommunene på kysten."]


def test_c_a_task_with_a_deadline_under_an_oppdrag_heading_stays_a_measure() -> None:
    draft = _md(
        """# Oppdragsdokument 2028 for Helse Sørdal HF (fiktiv)

## Oppdrag

- Helse Sørdal HF skal ha etablert eit felles inntaksteam for rus innan 1. juni 2028.
- Ventetida i rusbehandlinga skal vere under 30 dagar.
"""
    )
    assert _texts(draft, "measure") == [
        "Helse Sørdal HF skal ha etablert eit felles inntaksteam for rus innan 1. juni 2028."
    ]
    assert _texts(draft, "goal") == ["Ventetida i rusbehandlinga skal vere under 30 dagar."]


def test_c_a_paragraph_that_opens_with_a_pointer_but_goes_on_is_still_read() -> None:
    draft = _md(
        """# Handlingsplan for rusbehandling 2028

## Tiltak

Klinikken viser til den regionale planen for rusbehandling. Klinikken skal opprette eit
felles inntaksteam for rus og psykisk helse i 2028.
"""
    )
    assert any("felles inntaksteam" in t for t in _texts(draft, "measure"))


def test_b_a_plan_that_mentions_its_consultation_responses_is_no_consultation_response() -> None:
    draft = _md(
        """# Strategi for psykisk helse 2028–2032

Utkastet til strategi var på høring våren 2027, og vi fikk 40 høringsuttalelser.

## Barn og unge

Foretaket skal innføre felles inntak for BUP og kommunene i hele regionen.
"""
    )
    assert any("felles inntak" in t for t in _texts(draft, "measure"))


def test_d_a_tidsplan_og_tiltak_heading_still_heads_measures() -> None:
    draft = _md(
        """# Handlingsplan for smittevern 2028

## Tidsplan og tiltak

- Innføre daglig tilsyn med håndhygiene på alle sengeposter
- Lære opp alle nyansatte i smittevern innen første arbeidsuke
"""
    )
    assert len(_of(draft, "measure")) == 2
