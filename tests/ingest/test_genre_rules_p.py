"""Genre rules of round p (the blind batch P's shapes): a plan numbered 1 / 1.1 / 1.1.1 in
prose with no kind words, whose kinds only the phrasing tells; an internal-audit or supervision
report with Roman and lettered chapters and 'Funn' / 'Vurdering' / 'Tilråding' blocks; a
hearing draft with its changes written out as '[Sletta: ...]' / '[Nytt: ...]'; an intranet
page with question-form challenges and <details> measures; a workbook with one 'x' column per
area. The texts here are written for the tests, in those shapes."""

from __future__ import annotations

from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import docx_of, labels_of, texts_of, xlsx_bytes

# ---------------------------------------------------------------- a hierarchically numbered plan

NUMBERED_PROSE_NN = """PLAN FOR BARN MED DIABETES 2028–2031

Helse Vestvik HF (fiktiv), Barneklinikken
Vedteken av klinikkleiinga 2. mars 2028

Om lag 300 born og unge blir følgde opp ved poliklinikken. Planen er ordna i to område.

1 Oppfølging i skulen

1.1 Mange skular har ikkje ein plan for korleis dei skal hjelpe elevar med låg blodsukker.

1.2 Alle elevar med diabetes skal ha ein skriftleg plan for skuledagen innan 2030.

1.2.1 Tilby kurs for lærarar og assistentar kvart haustsemester.

1.2.2 Lage ein mal for skuleplanen saman med kommunane.

2 Overgang til vaksen

2.1 Kontrollane blir ofte avlyste når ungdommane flyttar, og oppfølginga er tilfeldig.

2.2 Alle ungdommar skal ha ein overgangssamtale før dei fyller 18 år.

2.2.1 Opprette eit felles overgangsteam med barne- og vaksenlegar.
"""


def test_a_numbered_prose_plan_reads_areas_problems_goals_and_measures_by_phrasing() -> None:
    draft = read_upload("plan.txt", NUMBERED_PROSE_NN.encode())
    assert labels_of(draft, "theme") == ["Oppfølging i skulen", "Overgang til vaksen"]
    challenges = texts_of(draft, "challenge")
    assert len(challenges) == 2
    assert challenges[0].startswith("Mange skular har ikkje ein plan")
    assert challenges[1].startswith("Kontrollane blir ofte avlyste")
    goals = texts_of(draft, "goal")
    assert [g[:30] for g in goals] == [
        "Alle elevar med diabetes skal ",
        "Alle ungdommar skal ha ein ove",
    ]
    measures = texts_of(draft, "measure")
    assert [m.split()[0] for m in measures] == ["Tilby", "Lage", "Opprette"]


def test_a_numbered_measure_with_numbered_steps_stays_a_measure() -> None:
    text = (
        "Tiltaksplan for legemiddelhandtering 2028\n\n"
        "Tiltak\n\n"
        "1 Etablere legemiddelsamstemming ved innlegging\n"
        "1.1 Lære opp sjukepleiarane i mottaket\n"
        "1.2 Ta i bruk sjekklista i journalen\n"
    )
    draft = read_upload("tiltak.txt", text.encode())
    assert texts_of(draft, "measure")[0] == "Etablere legemiddelsamstemming ved innlegging"
    assert labels_of(draft, "theme") == [] or "Etablere" not in " ".join(labels_of(draft, "theme"))


def test_a_problem_statement_under_a_measure_heading_stays_a_measure() -> None:
    text = (
        "Handlingsplan 2028\n\n"
        "Tiltak\n\n"
        "- Sengepostane får ikkje nok tid til opplæring, så vi samlar kursa på éin dag\n"
        "- Innføre felles introduksjonsprogram\n"
    )
    draft = read_upload("tiltak.txt", text.encode())
    assert texts_of(draft, "challenge") == []
    assert len(texts_of(draft, "measure")) == 2


# ---------------------------------------------------------------- an audit report

AUDIT_MD_NB = """# Tilsynsrapport: Legemiddelhåndtering i hjemmesykepleien

**Helse Sørnes HF (fiktiv) – Enhet for internrevisjon**
Rapport 2/2028 · Dato: 14.04.2028

## I Sammendrag

Revisjonen har undersøkt legemiddelhåndteringen ved tre avdelinger. Vi gir fire anbefalinger.

## II Formål, omfang og metode

### A Revisjonskriterier

Kriteriene er hentet fra forskrift om legemiddelhåndtering:

- Alle pasienter skal ha en oppdatert legemiddelliste
- Dobbeltkontroll skal dokumenteres

### B Metode

Vi har gått gjennom 80 journaler og intervjuet 22 ansatte.

## III Funn og anbefalinger

### A Legemiddellister

**Funn**

Ved to av tre avdelinger var legemiddellisten ikke oppdatert etter utskrivning. Av 40 journaler manglet 15 en oppdatert liste.

**Vurdering**

Revisjonen vurderer at avdelingene ikke har god nok kontroll med legemiddellistene.

**Anbefalinger**

- Innføre legemiddelsamstemming ved hvert første besøk etter utskrivning
- Gi alle sykepleiere opplæring i samstemming

### B Opplæring og oppfølging

**Funn**

Nyansatte får ingen opplæring i dobbeltkontroll før de går alene i vakt.

**Vurdering**

Dette er alvorlig fordi feil dose kan gis uten at noen oppdager det.

**Anbefalinger**

Internrevisjonen anbefaler at avdelingene innfører en fast opplæringsplan for nyansatte.

## IV Ledelsens kommentarer

Direktøren slutter seg til anbefalingene. Ledelsen har satt som mål at alle pasienter skal ha en oppdatert legemiddelliste innen utgangen av 2029.
"""


def test_an_audit_report_reads_each_finding_first_sentence_as_a_challenge() -> None:
    draft = read_upload("tilsyn.md", AUDIT_MD_NB.encode())
    assert texts_of(draft, "challenge") == [
        "Ved to av tre avdelinger var legemiddellisten ikke oppdatert etter utskrivning.",
        "Nyansatte får ingen opplæring i dobbeltkontroll før de går alene i vakt.",
    ]


def test_an_audit_report_reads_recommendations_as_measures_and_no_assessment() -> None:
    draft = read_upload("tilsyn.md", AUDIT_MD_NB.encode())
    assert texts_of(draft, "measure") == [
        "Innføre legemiddelsamstemming ved hvert første besøk etter utskrivning",
        "Gi alle sykepleiere opplæring i samstemming",
        "Internrevisjonen anbefaler at avdelingene innfører en fast opplæringsplan for nyansatte.",
    ]
    every = " ".join(i.label + " " + (i.text or "") for i in draft.items)
    assert "vurderer at" not in every
    assert "alvorlig fordi" not in every


def test_an_audit_report_leaves_its_criteria_method_and_chapter_letters_out() -> None:
    draft = read_upload("tilsyn.md", AUDIT_MD_NB.encode())
    assert labels_of(draft, "theme") == ["Legemiddellister", "Opplæring og oppfølging"]
    every = " ".join(i.label + " " + (i.text or "") for i in draft.items)
    assert "Dobbeltkontroll skal dokumenteres" not in every
    assert "80 journaler" not in every


def test_the_management_goal_in_an_audit_report_is_a_goal() -> None:
    draft = read_upload("tilsyn.md", AUDIT_MD_NB.encode())
    assert [g[:40] for g in texts_of(draft, "goal")] == ["Ledelsen har satt som mål at alle pasien"]


def test_a_lone_assessment_line_without_findings_keeps_its_problem_sentence() -> None:
    text = (
        "# Statusnotat for akuttmottaket 2028\n\n"
        "## Bemanning\n\n"
        "**Vurdering**\n\n"
        "Den største utfordringen er at mange sykepleierstillinger står ubesatt om sommeren.\n"
    )
    draft = read_upload("notat.md", text.encode())
    assert any("ubesatt" in t for t in texts_of(draft, "challenge"))


def test_headings_that_open_with_a_capital_i_are_no_roman_numbers_alone() -> None:
    text = (
        "# Handlingsplan for ambulansetjenesten 2028\n\n"
        "## I Nord-Troms\n\n"
        "- Etablere en ny ambulansestasjon i Skjervøy\n\n"
        "## I Sør-Troms\n\n"
        "- Styrke bemanningen om natten\n"
    )
    draft = read_upload("plan.md", text.encode())
    assert labels_of(draft, "theme") == ["I Nord-Troms", "I Sør-Troms"]


# ---------------------------------------------------------------- a hearing draft with redlines

REDLINE_PARTS: list[str | list[list[str]]] = [
    "# Handlingsplan for hjerterehabilitering 2028–2030",
    "Høringsutkast med endringer etter høringen. [Slettet: ...] viser tekst som er tatt ut, "
    "og [Nytt: ...] viser tekst som er lagt til.",
    "## 1 Tilbud etter hjerteinfarkt",
    "### Utfordringer",
    "- Mange pasienter starter rehabiliteringen [Slettet: sent][Nytt: mer enn åtte uker etter "
    "utskrivning], fordi henvisningen ikke blir sendt",
    "### Tiltak",
    "1. Sende henvisning til rehabilitering før utskrivning",
    "1. [Slettet: Opprette en egen treningsgruppe på sykehuset]",
    "1. Tilby [Nytt: digital] oppfølging [Slettet: på telefon] i tre måneder",
    "## 2 [Nytt: Pasienter som bor langt unna]",
    "### Tiltak",
    "1. [Nytt: Samarbeide med kommunenes frisklivssentraler om trening nær hjemmet]",
]


def test_a_hearing_draft_is_read_with_its_written_out_changes_accepted() -> None:
    draft = read_upload("horing.docx", docx_of(REDLINE_PARTS))
    assert texts_of(draft, "challenge") == [
        "Mange pasienter starter rehabiliteringen mer enn åtte uker etter utskrivning, fordi "
        "henvisningen ikke blir sendt"
    ]
    assert texts_of(draft, "measure") == [
        "Sende henvisning til rehabilitering før utskrivning",
        "Tilby digital oppfølging i tre måneder",
        "Samarbeide med kommunenes frisklivssentraler om trening nær hjemmet",
    ]
    assert labels_of(draft, "theme") == [
        "Tilbud etter hjerteinfarkt",
        "Pasienter som bor langt unna",
    ]
    assert any("changes accepted" in note for note in draft.notes)


def test_brackets_that_are_no_changes_stay_as_written() -> None:
    parts: list[str | list[list[str]]] = [
        "# Tiltaksplan for smittevern 2028",
        "## Tiltak",
        "- Oppdatere prosedyren for isolasjon [Nytt tiltak]",
        "- Gjennomføre hygienerunder [se vedlegg 2]",
    ]
    draft = read_upload("tiltak.docx", docx_of(parts))
    assert texts_of(draft, "measure") == [
        "Oppdatere prosedyren for isolasjon [Nytt tiltak]",
        "Gjennomføre hygienerunder [se vedlegg 2]",
    ]
    assert not any("changes accepted" in note for note in draft.notes)


# ---------------------------------------------------------------- an intranet page

INTRANET_NN = """<!doctype html>
<html lang="nn"><head><meta charset="utf-8"><title>Dialyseeininga – Intranett</title></head>
<body>
<header><a href="/">Intranett</a></header>
<nav class="venstremeny"><ul><li><a href="/med">Medisinsk klinikk</a></li></ul></nav>
<main>
<h1>Dialyseeininga</h1>
<section>
<h2>Siste nytt</h2>
<ul>
<li><a href="/nyhende/1">Nye vaktlister for påska</a> <time datetime="2028-03-02">02.03.2028</time></li>
<li><a href="/nyhende/2">Kurs i fistelstell for nytilsette</a> 14.02.2028</li>
</ul>
</section>
<h2>Handlingsplan 2028–2029</h2>
<p>Handlingsplanen er utarbeidd av seksjonsleiaren saman med sjukepleiarane og vart godkjend i leiarmøtet 10. januar 2028.</p>
<p>I 2027 fekk 64 pasientar dialyse her, og 12 av dei starta med heimedialyse.</p>
<h3>Heimedialyse</h3>
<p>Spørsmål vi må finne svar på:</p>
<ul>
<li>Korleis kan vi få fleire pasientar til å velje heimedialyse, når dei fleste ikkje kjenner tilbodet?</li>
</ul>
<ol>
<li><details><summary>Gje alle nye pasientar informasjon om heimedialyse før oppstart</summary>
<p>Informasjonen blir gitt av sjukepleiar i predialysepoliklinikken.</p>
<p>Ansvar: Seksjonsleiar. Frist: 01.06.2028.</p></details></li>
<li><details><summary>Lære opp pårørande som vil hjelpe til heime</summary>
<p>Ansvar: Fagsjukepleiar. Frist: 2029.</p></details></li>
</ol>
<h3>Transport og oppfølging</h3>
<p>Spørsmål vi må finne svar på:</p>
<ul>
<li>Korleis sikrar vi at pasientane kjem fram i tide når drosjeavtalen blir endra?</li>
</ul>
<ol>
<li><details><summary>Inngå ein avtale med pasientreiser om faste hentetider</summary>
<p>Ansvar: Klinikksjef. Frist: 2028.</p></details></li>
</ol>
</main>
<footer>Helse Fjordvik HF (fiktiv)</footer>
</body></html>
"""


def test_an_intranet_page_reads_details_summaries_as_measures_and_not_their_panels() -> None:
    draft = read_upload("side.html", INTRANET_NN.encode())
    assert texts_of(draft, "measure") == [
        "Gje alle nye pasientar informasjon om heimedialyse før oppstart",
        "Lære opp pårørande som vil hjelpe til heime",
        "Inngå ein avtale med pasientreiser om faste hentetider",
    ]


def test_an_intranet_page_leaves_its_news_list_out() -> None:
    draft = read_upload("side.html", INTRANET_NN.encode())
    every = " ".join(i.label + " " + (i.text or "") for i in draft.items)
    assert "vaktlister" not in every
    assert "fistelstell" not in every
    assert "Siste nytt" not in labels_of(draft, "theme")


def test_open_questions_under_their_lead_in_are_challenges() -> None:
    draft = read_upload("side.html", INTRANET_NN.encode())
    assert [c[:30] for c in texts_of(draft, "challenge")] == [
        "Korleis kan vi få fleire pasie",
        "Korleis sikrar vi at pasientan",
    ]


def test_how_the_plan_was_made_and_last_years_figures_are_no_measures() -> None:
    draft = read_upload("side.html", INTRANET_NN.encode())
    every = " ".join(i.label + " " + (i.text or "") for i in draft.items)
    assert "utarbeidd av" not in every
    assert "64 pasientar" not in every


def test_an_area_heading_with_a_kind_word_among_area_headings_is_a_theme() -> None:
    draft = read_upload("side.html", INTRANET_NN.encode())
    assert labels_of(draft, "theme") == ["Heimedialyse", "Transport og oppfølging"]


def test_a_question_with_no_kind_word_over_it_is_a_challenge_but_a_verb_first_one_a_measure() -> (
    None
):
    text = (
        "# Handlingsplan for fødetilbodet 2028\n\n"
        "## Jordmorfølgje\n\n"
        "- Korleis kan vi sikre følgje for alle som bur meir enn to timar unna?\n"
        "- Utgreie om vi kan tilby følgje med eigen bil?\n"
    )
    draft = read_upload("plan.md", text.encode())
    assert [c[:20] for c in texts_of(draft, "challenge")] == ["Korleis kan vi sikre"]
    assert [m[:20] for m in texts_of(draft, "measure")] == ["Utgreie om vi kan ti"]


def test_a_list_of_links_without_dates_stays_a_list_of_measures() -> None:
    page = (
        "<html><body><main><h1>Tiltaksplan for smittevern 2028</h1><h2>Tiltak</h2><ul>"
        '<li><a href="/p/1">Innføre daglege hygienerundar</a></li>'
        '<li><a href="/p/2">Oppdatere isolasjonsprosedyren</a></li>'
        "</ul></main></body></html>"
    )
    draft = read_upload("tiltak.html", page.encode())
    assert texts_of(draft, "measure") == [
        "Innføre daglege hygienerundar",
        "Oppdatere isolasjonsprosedyren",
    ]


# ---------------------------------------------------------------- a workbook with 'x' columns

CROSS_SHEETS: dict[str, list[list[str | None]]] = {
    "Tiltak": [
        ["Tiltaksoversikt 2028 – Revmatologisk avdeling", None, None, None, None],
        ["Nr", "Tiltak", "Pasientopplæring", "Digitale tjenester", "Ansvar"],
        ["1", "Tilby digitalt lærings- og mestringskurs for nye pasienter", "x", "x", "Sykepleier"],
        ["2", "Innføre egenregistrering av sykdomsaktivitet før kontroll", None, "x", "Overlege"],
        ["3", "Starte en gruppe for unge voksne med revmatisk sykdom", "x", None, "Psykolog"],
        ["x = tiltaket hører til området", None, None, None, None],
    ],
    "Mål": [
        ["Område", "Utfordring", "Mål"],
        [
            "Pasientopplæring",
            "Mange pasienter får ikke opplæring før de starter med ny medisin",
            "Alle nye pasienter skal ha fått opplæring innen tre måneder",
        ],
        ["Digitale tjenester", None, "Halvparten av kontrollene skal kunne gjøres digitalt"],
    ],
}


def test_x_columns_of_a_workbook_name_the_areas_of_its_measures() -> None:
    draft = read_upload("tiltak.xlsx", xlsx_bytes(CROSS_SHEETS))
    assert labels_of(draft, "theme") == ["Pasientopplæring", "Digitale tjenester"]
    themes = {t.id: t.label for t in draft.items if t.kind == "theme"}
    measures = [i for i in draft.items if i.kind == "measure"]
    assert [themes.get(m.theme or "") for m in measures] == [
        "Pasientopplæring",
        "Digitale tjenester",
        "Pasientopplæring",
    ]
    assert any("Digitale tjenester" in n for n in measures[0].notes)


def test_an_area_sheet_gives_goals_beside_challenges_even_with_an_empty_challenge_cell() -> None:
    draft = read_upload("tiltak.xlsx", xlsx_bytes(CROSS_SHEETS))
    assert texts_of(draft, "goal") == [
        "Alle nye pasienter skal ha fått opplæring innen tre måneder",
        "Halvparten av kontrollene skal kunne gjøres digitalt",
    ]
    assert texts_of(draft, "challenge") == [
        "Mange pasienter får ikke opplæring før de starter med ny medisin"
    ]


def test_x_columns_of_years_are_no_areas() -> None:
    sheets: dict[str, list[list[str | None]]] = {
        "Tiltak": [
            ["Tiltak", "2028", "2029", "Ansvar"],
            ["Innføre pakkeforløp for artrose", "x", None, "Klinikksjef"],
            ["Utvide åpningstiden i poliklinikken", None, "x", "Avdelingsleder"],
        ]
    }
    draft = read_upload("tiltak.xlsx", xlsx_bytes(sheets))
    assert labels_of(draft, "theme") == []
    assert len(texts_of(draft, "measure")) == 2


# ---------------------------------------------------------------- an annual report

ANNUAL_MD_NN = """# Årleg melding 2027 – Lindrande behandling

## Status for tiltaka i 2027

| Nr | Tiltak | Status |
|---|---|---|
| 1 | Opprette eit palliativt team ved Fjordby sjukehus | Gjennomført |
| 2 | Lære opp ressurssjukepleiarar i alle kommunane | Vidareførast |
| 3 | Utgreie eigne senger for lindrande behandling | Avslutta |

## Tiltak for 2028

Planen for 2028 består av tiltaka nedanfor og tiltak 2 i tabellen over.

- Innføre ein felles plan for siste levedøgn i journalen
- Tilby heimebesøk frå det palliative teamet innan ei veke etter utskriving

## Oppfølging

Rådet rapporterer status for tiltaka til leiargruppa i juni. Måloppnåinga blir følgd med dei same tala som i år.
"""


def test_an_annual_report_keeps_last_years_measures_carried_forward_and_drops_finished_ones() -> (
    None
):
    draft = read_upload("melding.md", ANNUAL_MD_NN.encode())
    assert texts_of(draft, "measure") == [
        "Lære opp ressurssjukepleiarar i alle kommunane",
        "Innføre ein felles plan for siste levedøgn i journalen",
        "Tilby heimebesøk frå det palliative teamet innan ei veke etter utskriving",
    ]
    assert any("finished or closed" in note for note in draft.notes)


def test_a_revised_plans_own_measure_table_keeps_its_closed_rows() -> None:
    text = """# Revidert handlingsplan for smittevern 2027–2028

## Tiltak

| Nr | Tiltak | Status 2027 |
|---|---|---|
| 1 | Innføre daglege hygienerundar på sengepostane | Vidareførast |
| 2 | Kjøpe inn nye sprittstativ til alle rom | Utgår |
"""
    draft = read_upload("plan.md", text.encode())
    assert len(texts_of(draft, "measure")) == 2


def test_a_status_note_with_finished_measures_and_none_carried_keeps_them() -> None:
    text = """# Statusrapport for tiltaksplanen 2027

## Status for tiltak 2027

| Tiltak | Status |
|---|---|
| Innføre daglege hygienerundar | Gjennomført |
| Oppdatere isolasjonsprosedyren | Pågår |

## Tiltak for 2028

- Lære opp alle nytilsette i basale smittevernrutinar
"""
    draft = read_upload("rapport.md", text.encode())
    assert texts_of(draft, "measure")[:2] == [
        "Innføre daglege hygienerundar",
        "Oppdatere isolasjonsprosedyren",
    ]


def test_struck_through_and_deleted_text_is_read_as_removed() -> None:
    md = (
        "# Handlingsplan for slagbehandling 2028\n\n"
        "## Tiltak\n\n"
        "- Gi trombolyse innen ~~60~~ 30 minutter etter ankomst\n"
        "- ~~Opprette en egen slagenhet på Nesøy~~\n"
    )
    draft = read_upload("plan.md", md.encode())
    assert texts_of(draft, "measure") == ["Gi trombolyse innen 30 minutter etter ankomst"]
    page = (
        "<html><body><main><h1>Handlingsplan for slagbehandling 2028</h1><h2>Tiltak</h2><ul>"
        "<li>Gi trombolyse innen <del>60</del><ins>30</ins> minutter etter ankomst</li>"
        "<li><del>Opprette en egen slagenhet på Nesøy</del></li>"
        "</ul></main></body></html>"
    )
    draft = read_upload("plan.html", page.encode())
    assert texts_of(draft, "measure") == ["Gi trombolyse innen 30 minutter etter ankomst"]


def test_linked_measures_with_a_deadline_date_are_no_news() -> None:
    page = (
        "<html><body><main><h1>Tiltaksplan for smittevern 2028</h1><h2>Tiltak</h2><ul>"
        '<li><a href="/p/1">Innføre daglege hygienerundar</a> – 01.03.2028</li>'
        '<li><a href="/p/2">Oppdatere isolasjonsprosedyren</a> – 01.06.2028</li>'
        "</ul></main></body></html>"
    )
    draft = read_upload("tiltak.html", page.encode())
    assert len(texts_of(draft, "measure")) == 2


def test_a_word_list_in_three_levels_reads_its_top_points_as_areas() -> None:
    parts: list[str | list[list[str]]] = [
        "# Plan for habilitering 2028–2031",
        "1. Tidleg innsats",
        "  1. Mange born får ikkje tilbod før dei byrjar på skulen.",
        "  1. Alle born med mistanke om utviklingsforstyrring skal vere vurderte innan tre månader.",
        "    1. Opprette eit tverrfagleg vurderingsteam.",
        "1. Overgangar",
        "  1. Ungdommar mistar kontakten med tenesta når dei fyller 18 år.",
        "  1. Alle ungdommar skal ha ein individuell plan for overgangen.",
        "    1. Starte planlegginga ved 16 års alder.",
    ]
    draft = read_upload("plan.docx", docx_of(parts))
    assert labels_of(draft, "theme") == ["Tidleg innsats", "Overgangar"]
    themes = {t.id: t.label for t in draft.items if t.kind == "theme"}
    assert [(i.kind, themes.get(i.theme or "")) for i in draft.items if i.kind != "theme"] == [
        ("challenge", "Tidleg innsats"),
        ("goal", "Tidleg innsats"),
        ("measure", "Tidleg innsats"),
        ("challenge", "Overgangar"),
        ("goal", "Overgangar"),
        ("measure", "Overgangar"),
    ]


def test_a_two_level_list_of_short_points_keeps_its_points() -> None:
    parts: list[str | list[list[str]]] = [
        "# Tiltaksplan for kreftomsorg 2028",
        "## Tiltak",
        "1. Pakkeforløp heim",
        "  1. Tilby samtale med kreftkoordinator ved utskriving",
        "1. Ernæring",
        "  1. Kartleggje ernæringsstatus ved første time",
    ]
    draft = read_upload("plan.docx", docx_of(parts))
    assert labels_of(draft, "theme") == []
    assert "Pakkeforløp heim" in texts_of(draft, "measure")
