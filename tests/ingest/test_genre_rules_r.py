"""Rules for shapes batch H left unread: the opening paragraph of a section that also holds a
list, the problem stated before each area's measures on an action-plan page, problems stated
under "Bakgrunn" / "Dagens situasjon", and a memo's title over its "Til:/Frå:/Dato:" lines. The
texts here are written for the tests."""

from __future__ import annotations

import pytest

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import of_kind as _of


def _md(text: str) -> Draft:
    return read_upload("plan.md", text.encode("utf-8"))


def test_the_opening_paragraph_of_a_challenge_section_with_a_list_is_a_challenge() -> None:
    draft = _md(
        """# Utviklingsplan for Fjordbyen sykehus

## Utfordringsbildet

### Bemanning

Sykehuset mangler i dag 40 jordmorårsverk, flest ved fødeavdelingen. Prognosene viser at
behovet vil øke fram mot 2035.

De største utfordringene på området er:

- for få leger i spesialisering innen psykiatri
- høy turnover blant nyutdannede sykepleiere
"""
    )
    texts = [c.text for c in _of(draft, "challenge")]
    assert texts[0].startswith("Sykehuset mangler i dag 40 jordmorårsverk")
    assert "Prognosene viser at" in texts[0]  # the evidence stays with its challenge
    assert texts[1:] == [
        "for få leger i spesialisering innen psykiatri",
        "høy turnover blant nyutdannede sykepleiere",
    ]


HTML_PAGE = """<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">
<title>Tiltaksplan for rehabilitering 2026</title></head><body><main>
<h1>Tiltaksplan for rehabilitering 2026</h1>
<h2>Rehabilitering etter hjerneslag</h2>
<p>{problem}</p>
<ul>
<li>Etablere et ambulant rehabiliteringsteam</li>
<li>Tilby videooppfølging de første tre månedene</li>
</ul>
<p>Ansvar: Medisinsk klinikk. Frist: 1. mars 2027.</p>
<h2>Hjelpemidler</h2>
<p>Hjelpemiddelsentralen har lang ventetid på tilpasning av rullestoler.</p>
<p>Gruppen peker på disse behovene:</p>
<ul>
<li>Flere ergoterapeuter i kommunene</li>
<li>Bedre samarbeid med NAV</li>
</ul>
</main></body></html>"""


@pytest.mark.parametrize(
    "problem",
    [
        "Mange pasienter blir skrevet ut for tidlig, og oppfølgingen i kommunen starter for sent.",
        "Pasienter i distriktene har lang reisevei til poliklinikken.",
        "Antallet pasienter som trenger rehabilitering etter hjerneslag øker hvert år.",
    ],
)
def test_the_problem_stated_before_an_areas_measures_is_a_challenge(problem: str) -> None:
    draft = read_upload("plan.html", HTML_PAGE.format(problem=problem).encode("utf-8"))
    challenges = _of(draft, "challenge")
    assert [c.text for c in challenges if c.section == "Rehabilitering etter hjerneslag"] == [
        problem
    ]
    assert challenges[0].theme is not None
    theme = next(i for i in draft.items if i.id == challenges[0].theme)
    assert theme.label == "Rehabilitering etter hjerneslag"
    assert [m.label for m in _of(draft, "measure")][:2] == [
        "Etablere et ambulant rehabiliteringsteam",
        "Tilby videooppfølging de første tre månedene",
    ]
    # the "Ansvar:" line after the list is no challenge, and a paragraph before a list of
    # needs (not measures) is left to that list's own reading
    assert not any(c.text.startswith(("Ansvar", "Hjelpemiddelsentralen")) for c in challenges)


@pytest.mark.parametrize(
    "opening",
    [
        "Rehabiliteringen skjer ved tre sykehus og i kommunene.",
        # a rise that is no burden, and good news about a bad thing
        "Bruken av videooppfølging etter utskrivning øker hvert år.",
        "Ventetiden til rehabilitering har gått ned til 30 dager.",
    ],
)
def test_a_paragraph_before_measures_without_a_problem_is_no_challenge(opening: str) -> None:
    page = HTML_PAGE.format(problem=opening)
    draft = read_upload("plan.html", page.encode("utf-8"))
    assert not [
        c for c in _of(draft, "challenge") if c.section == "Rehabilitering etter hjerneslag"
    ]


@pytest.mark.parametrize("heading", ["Bakgrunn", "Dagens situasjon", "Kvar står vi i dag?"])
def test_a_problem_stated_under_a_background_heading_is_a_challenge(heading: str) -> None:
    draft = _md(
        f"""# Tiltaksplan for tannhelse 2027

## {heading}

Planen er laga etter vedtak i fylkestinget i 2026. Talet på tannpleiarar i indre strok har gått
ned, og to klinikkar har hatt ledige stillingar i over eitt år. Det gjer at barn må reise langt.

## Tiltak

- Opprette ei mobil tannklinikk
"""
    )
    challenges = _of(draft, "challenge")
    assert [c.text for c in challenges] == [
        "Talet på tannpleiarar i indre strok har gått\nned, og to klinikkar har hatt ledige "
        "stillingar i over eitt år. Det gjer at barn må reise langt."
    ]
    theme = next(i for i in draft.items if i.id == challenges[0].theme)
    assert theme.label == "Tiltaksplan for tannhelse 2027"  # never a theme called "Bakgrunn"
    assert theme.label_kind == "editorial"


def test_a_background_without_a_problem_gives_no_challenge() -> None:
    draft = _md(
        """# Strategi for Nordvik sykehus 2027-2030

## Bakgrunn

Strategien er vedtatt av styret og bygger på den regionale utviklingsplanen. Ventetiden i
psykisk helsevern har gått ned til 45 dager, og antallet fristbrudd er redusert. Bruken av
digitale konsultasjoner øker.

## Mål

- Alle pasienter skal få svar innen to uker
"""
    )
    assert _of(draft, "challenge") == []
    assert [t.label for t in _of(draft, "theme")] == []


@pytest.mark.parametrize("sep", [" ", "\t"])
def test_a_memos_first_line_over_its_header_fields_is_the_title(sep: str) -> None:
    text = (
        f"Statusnotat: Medisinsk klinikk, Sørvik sykehus\nTil:{sep}Direktøren\n"
        f"Fra:{sep}Klinikksjef\nDato:{sep}12.05.2026\n\nBakgrunn\n\nNotatet er skrevet som "
        "underlag for budsjettet.\n\nUtfordringer\n\nVentetiden i poliklinikken har økt til 70 "
        "dager.\n"
    )
    draft = read_upload("notat.txt", text.encode("utf-8"))
    assert draft.title == "Statusnotat: Medisinsk klinikk, Sørvik sykehus"
    assert draft.plan_type == "StatusNote"
    assert draft.issued == "2026-05-12"
    assert not any(i.label == "Bakgrunn" for i in draft.items)
    assert [c.text for c in _of(draft, "challenge")] == [
        "Ventetiden i poliklinikken har økt til 70 dager."
    ]


@pytest.mark.parametrize("over", ["Strategi for Sørvik sykehus 2027-2030", "Utfordringer og grep"])
def test_a_paragraph_opening_with_a_commitment_under_a_heading_without_a_kind_word_is_a_measure(
    over: str,
) -> None:
    draft = _md(
        f"""# Utviklingsplan for Sørvik sykehus

## {over}

### Behandling hjemme

Vi vil etablere digital hjemmeoppfølging for pasienter med hjertesvikt innen 2028.

### Kompetanse

Sykehuset skal også opprette ti nye utdanningsstillinger for intensivsykepleiere. Erfaringene
fra andre sykehus er gode.

### Samarbeid

Sammen med kommunene vil vi utvikle felles pasientforløp for eldre.

### Pasientens opplevelse

Vi vil ha fornøyde pasienter som opplever trygge overganger.

### Ventetider

Alle pasienter skal oppleve kort ventetid til første time.
"""
    )
    assert [m.label for m in _of(draft, "measure")] == [
        "Vi vil etablere digital hjemmeoppfølging for pasienter med hjertesvikt innen 2028.",
        "Sykehuset skal også opprette ti nye utdanningsstillinger for intensivsykepleiere.",
        "Sammen med kommunene vil vi utvikle felles pasientforløp for eldre.",
    ]
    # a wished-for state ("Vi vil ha ...") and what patients shall experience are no measures
    assert not any(
        m.text.startswith(("Vi vil ha", "Alle pasienter")) for m in _of(draft, "measure")
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "plan.txt",
            "Utviklingsplan 2027\n\nMål og delmål\n\nMål 1: Pasientane får rett behandling\n"
            "Delmål 1.1: Fleire pasientar får oppfølging heime\nMål 2: Vi har nok kompetanse\n"
            "Delmål 2.1: Turnover er under ti prosent.\n",
        ),
        (
            "plan.md",
            "# Utviklingsplan 2027\n\n## Mål og delmål\n\n### Mål 1: Pasientane får rett "
            "behandling\n\n#### Delmål 1.1: Fleire pasientar får oppfølging heime\n\n"
            "### Mål 2: Vi har nok kompetanse\n\nDelmål 2.1: Turnover er under ti prosent.\n",
        ),
    ],
)
def test_a_sub_goal_records_the_goal_it_stands_under_as_a_source_note(name: str, text: str) -> None:
    from plangraph.ingest.rdf import draft_to_graph
    from plangraph.vocab import PG

    draft = read_upload(name, text.encode("utf-8"))
    goals = {g.label.rstrip("."): g for g in _of(draft, "goal")}
    assert list(goals) == [
        "Pasientane får rett behandling",
        "Fleire pasientar får oppfølging heime",
        "Vi har nok kompetanse",
        "Turnover er under ti prosent",
    ]
    under = "In the source this sub-goal stands under the goal 'Mål {}'."
    assert goals["Fleire pasientar får oppfølging heime"].notes == [
        under.format("1: Pasientane får rett behandling")
    ]
    assert goals["Turnover er under ti prosent"].notes == [under.format("2: Vi har nok kompetanse")]
    assert goals["Vi har nok kompetanse"].notes == []
    stored = {str(o) for o in draft_to_graph(draft).objects(None, PG.sourceNote)}
    assert under.format("2: Vi har nok kompetanse") in stored


def test_the_benchmarks_word_builder_nests_headings_by_level() -> None:
    """benchmarks/bench_import.py builds its .docx files from markup: "##" is Heading 1, "###"
    Heading 2, "####" Heading 3, as real Word files nest them (it made every heading level 1)."""
    import importlib.util
    from pathlib import Path

    from plangraph.ingest.documents import read_document

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_import.py"
    spec = importlib.util.spec_from_file_location("bench_import_for_test", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    data = bench.build_docx(
        "# Utviklingsplan\n## 5 Utfordringar\n### 5.1 Bemanning\n#### 5.1.1 Legar\nTekst.\n"
    )
    headings = [
        (b.level, b.text) for b in read_document("p.docx", data).blocks if b.kind == "heading"
    ]
    top = headings[1][0]
    assert headings[1:] == [(top, "Utfordringar"), (top + 1, "Bemanning"), (top + 2, "Legar")]


def test_a_paragraph_that_adds_to_the_one_before_continues_its_measure() -> None:
    draft = read_upload(
        "plan.txt",
        (
            "Tiltaksplan for Vestby sjukehus\n\nTiltak i planperioden\n\n"
            "Sjukehuset opnar ein ny dagkirurgisk poliklinikk i 2027. Han skal ta dei enklaste "
            "inngrepa.\n\n"
            "I tillegg til dei nye stovene gir dette rom for fleire planlagde inngrep i hovudhuset.\n\n"
            "Likevel vil ventetida for dei tyngste inngrepa ikkje gå ned før 2028.\n\n"
            "Klinikken innfører digital heimeoppfølging etter kneprotese frå hausten 2026.\n"
        ).encode(),
    )
    measures = _of(draft, "measure")
    assert [m.text.split("\n\n") for m in measures] == [
        [
            "Sjukehuset opnar ein ny dagkirurgisk poliklinikk i 2027. Han skal ta dei enklaste "
            "inngrepa.",
            "I tillegg til dei nye stovene gir dette rom for fleire planlagde inngrep i hovudhuset.",
            "Likevel vil ventetida for dei tyngste inngrepa ikkje gå ned før 2028.",
        ],
        ["Klinikken innfører digital heimeoppfølging etter kneprotese frå hausten 2026."],
    ]
    assert measures[0].paragraph == 3  # where it starts


def test_a_projected_need_under_background_is_a_challenge_and_a_commitment_is_not() -> None:
    draft = _md(
        """# Utviklingsplan for Nordby sykehus 2027-2030

## Bakgrunn

Planen bygger på Nasjonal helse- og samhandlingsplan. Antallet innbyggere over 80 år vil nesten
dobles fram mot 2040. Det gir økt press på sengekapasiteten. Sykehuset skal derfor bygge ut
dagbehandlingen.
"""
    )
    assert [c.text for c in _of(draft, "challenge")] == [
        "Antallet innbyggere over 80 år vil nesten\ndobles fram mot 2040. Det gir økt press på "
        "sengekapasiteten."
    ]
