"""Rules found with batch H of the held-out set: short headings under a goals heading that stand
over a paragraph and "Slik gjør vi det:" bullets are goals; a "Hovedmål ...:" line and a "Målet er
at ..." sentence are goals under any heading; breadcrumbs inside <main> and bullets under a lead-in
that names the plan itself ("Handlingsplanen:") are no items. The texts here are written for the
tests, not taken from the batch."""

from __future__ import annotations

import pytest

from plangraph.ingest.documents import read_document
from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import of_kind as _of


def _md(text: str) -> Draft:
    return read_upload("plan.md", text.encode("utf-8"))


@pytest.mark.parametrize(
    ("goals_heading", "how"),
    [
        ("Våre mål", "Slik gjør vi det:"),
        ("Målområder", "Dette gjør vi:"),
        ("Hovudmål", "Slik gjer vi det:"),
    ],
)
def test_short_headings_under_a_goals_heading_are_goals_and_their_bullets_measures(
    goals_heading: str, how: str
) -> None:
    draft = _md(
        f"""# Strategi 2027-2031 for Fjellbygd kommune

## {goals_heading}

### Barna trives på skolen

Alle elever skal ha et trygt skolemiljø, og ingen skal oppleve mobbing.

{how}

- Vi gir alle lærere kurs i klasseledelse.
- Vi tilsetter en miljøterapeut ved hver skole.

### Eldre bor lenger hjemme

Flere eldre skal kunne bo i egen bolig med god hjelp.

{how}

- Vi bygger ut hjemmetjenesten med to nye team.
"""
    )
    assert [g.label for g in _of(draft, "goal")] == [
        "Barna trives på skolen",
        "Eldre bor lenger hjemme",
    ]
    assert not [t for t in _of(draft, "theme") if t.label.startswith(("Barna", "Eldre"))]
    assert [m.text for m in _of(draft, "measure")] == [
        "Vi gir alle lærere kurs i klasseledelse.",
        "Vi tilsetter en miljøterapeut ved hver skole.",
        "Vi bygger ut hjemmetjenesten med to nye team.",
    ]


@pytest.mark.parametrize("cue", ["Hovedmål for planperioden", "Hovudmål fram mot 2030"])
def test_a_main_goal_line_is_a_goal_under_a_challenge_heading(cue: str) -> None:
    draft = _md(
        f"""# Utviklingsplan 2026-2030 for Sykehuset Nord

## 4 Utfordringer og veivalg

{cue}: Innen 2030 skal halvparten av kontrollene skje på video.

## 4.1 Flere eldre

Antallet innbyggere over 80 år vil dobles, og det mangler sykepleiere i alle klinikker.
"""
    )
    goals = _of(draft, "goal")
    assert [g.text for g in goals] == [
        f"{cue}: Innen 2030 skal halvparten av kontrollene skje på video."
    ]
    assert goals[0].label == "Innen 2030 skal halvparten av kontrollene skje på video."
    assert not [c for c in _of(draft, "challenge") if cue in (c.text or "")]


def test_a_maalet_er_at_sentence_inside_a_paragraph_is_a_goal() -> None:
    draft = _md(
        """# Handlingsplan for barnevern 2026-2028

## Tidleg hjelp

Det mangler tilbod til familiar i dei minste kommunane. Målet er at alle familiar skal få \
hjelp innan to veker.

- Tilsetje to familieterapeutar
- Opne ein familieklinikk i Vik
"""
    )
    assert [g.text for g in _of(draft, "goal")] == [
        "Målet er at alle familiar skal få hjelp innan to veker."
    ]
    assert [m.text for m in _of(draft, "measure")] == [
        "Tilsetje to familieterapeutar",
        "Opne ein familieklinikk i Vik",
    ]


_PAGE = """<!DOCTYPE html>
<html lang="nn"><head><meta charset="utf-8"><title>Plan</title></head><body>
<main>
<ul class="sti"><li><a href="/">Heim</a></li><li><a href="/dokument">Dokument</a></li>
<li>Handlingsplan for rus og psykisk helse</li></ul>
<h1>Handlingsplan for rus og psykisk helse 2026–2029</h1>
<p>{lead}</p>
<ul><li>byggjer på kommunedelplanen for helse</li><li>gjeld for alle einingane i kommunen</li>
<li>blir revidert kvart år</li></ul>
<h2>Bustad</h2>
<ul><li>Byggje ti nye bustader med oppfølging</li><li>Tilsetje ein bustadkonsulent</li></ul>
</main></body></html>"""


@pytest.mark.parametrize("lead", ["Handlingsplanen:", "Planen:", "Denne planen:"])
def test_breadcrumbs_in_main_and_bullets_describing_the_plan_are_no_measures(
    lead: str,
) -> None:
    draft = read_upload("plan.html", _PAGE.format(lead=lead).encode("utf-8"))
    assert [m.text for m in _of(draft, "measure")] == [
        "Byggje ti nye bustader med oppfølging",
        "Tilsetje ein bustadkonsulent",
    ]


def test_a_list_of_links_that_does_not_end_in_the_title_stays_content() -> None:
    page = _PAGE.replace("<li>Handlingsplan for rus og psykisk helse</li>", "<li>Bustad</li>")
    doc = read_document("plan.html", page.format(lead="Handlingsplanen:").encode("utf-8"))
    assert [b.text for b in doc.blocks if b.kind == "item"][:3] == ["Heim", "Dokument", "Bustad"]


@pytest.mark.parametrize("heading", ["Dette må vi løse", "Det vi må løyse", "Hva må vi løse?"])
def test_paragraphs_under_a_what_we_must_solve_heading_are_challenges(heading: str) -> None:
    draft = _md(
        f"""# Strategi 2027-2030 for Sykehuset Sør

## {heading}

Fire utviklingstrekk vil prege tjenestene de neste årene.

Ventetidene i psykisk helsevern for barn har økt hvert år siden 2022.

Ambulansene bruker stadig lengre tid på oppdrag i de ytre kommunene.
"""
    )
    assert [c.text for c in _of(draft, "challenge")] == [
        "Ventetidene i psykisk helsevern for barn har økt hvert år siden 2022.",
        "Ambulansene bruker stadig lengre tid på oppdrag i de ytre kommunene.",
    ]
    assert not [t for t in _of(draft, "theme") if t.label == heading]


def test_a_decimal_numbered_heading_styled_like_its_parent_stands_under_it() -> None:
    draft = _md(
        """# Utviklingsplan 2026-2035 for Sykehuset Vest

## 4 Utfordringer

## 4.1 Ventetider

Ventetiden i barne- og ungdomspsykiatrien har økt med en tredel siden 2021.

## 5 Tiltak

## 5.1 Behandling hjemme

Vi vil gi alle pasienter med hjertesvikt tilbud om digital oppfølging hjemme.
"""
    )
    assert [t.label for t in _of(draft, "theme")] == ["Ventetider", "Behandling hjemme"]
    assert [c.text for c in _of(draft, "challenge")] == [
        "Ventetiden i barne- og ungdomspsykiatrien har økt med en tredel siden 2021."
    ]
    assert [m.text for m in _of(draft, "measure")] == [
        "Vi vil gi alle pasienter med hjertesvikt tilbud om digital oppfølging hjemme."
    ]


def test_who_reports_on_the_plan_to_the_board_is_no_measure() -> None:
    draft = _md(
        """# Strategi 2027-2030 for Sykehuset Sør

## Tiltak

- Vi innfører video-konsultasjoner i alle poliklinikker.

## Oppfølging

Strategien følges opp gjennom årlige handlingsplaner. Direktøren rapporterer til styret om \
status hvert år.
"""
    )
    assert [m.text for m in _of(draft, "measure")] == [
        "Vi innfører video-konsultasjoner i alle poliklinikker."
    ]


@pytest.mark.parametrize(
    "opening",
    [
        "Kapittelet bygger på analysene i kapittel 2.",
        "Notatet er skrive som underlag til arbeidet med ny plan.",
    ],
)
def test_a_paragraph_about_the_document_itself_is_no_challenge(opening: str) -> None:
    draft = _md(
        f"""# Utviklingsplan 2026-2035 for Sykehuset Vest

## Utfordringer

{opening} Her samler vi det viktigste.

Det er for få spesialsykepleiere i intensivavdelingen.
"""
    )
    assert [c.text for c in _of(draft, "challenge")] == [
        "Det er for få spesialsykepleiere i intensivavdelingen."
    ]


@pytest.mark.parametrize(
    "second",
    [
        "Det gir lengre liggetid for dei eldste pasientane.",
        "Det er særleg pasientar med hjartesvikt som ventar lenge.",
        "Ein viktig grunn er at kommunane manglar plassar.",
    ],
)
def test_a_sentence_that_explains_the_one_before_stays_with_its_challenge(second: str) -> None:
    first = "Sengepostane har hatt overbelegg store delar av året."
    draft = _md(
        f"""# Utviklingsplan 2026-2030 for Sjukehuset Vest

## Utfordringar

{first} {second}
"""
    )
    assert [c.text for c in _of(draft, "challenge")] == [f"{first} {second}"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Kommunen vil nå målene med tre grep. Grepene er beskrevet i kapittel 6.",
        "Klinikken ber om at direktøren tar opp saken i ledermøtet.",
        "Erfaringene fra Sørby viser at dagkirurgi gir kortere ventetid.",
    ],
)
def test_an_announcement_a_request_or_evidence_under_a_measures_heading_is_no_measure(
    paragraph: str,
) -> None:
    draft = _md(
        f"""# Handlingsplan 2026-2028 for Sykehuset Øst

## Videre arbeid

Vi vil åpne en ny dagkirurgisk enhet i Nordby fra januar 2027.

{paragraph}
"""
    )
    assert [m.text for m in _of(draft, "measure")] == [
        "Vi vil åpne en ny dagkirurgisk enhet i Nordby fra januar 2027."
    ]
