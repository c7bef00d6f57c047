"""Seed fidelity: the Turtle in data/ holds the two seed documents faithfully, item by item.

Everything expected here is parsed from the seed texts in data/sources/ (the two documents and
the README with the strategic goals), not from a hard-coded list. The data files are loaded with
rdflib directly, so these tests do not depend on the plangraph package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SOURCES = DATA / "sources"
ONTOLOGY = ROOT / "ontology" / "plangraph.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
BROKEN = Path(__file__).resolve().parent / "data" / "broken"

PG = Namespace("https://w3id.org/plangraph/ns#")
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = "https://w3id.org/plangraph/id/"
GRAPH = "https://w3id.org/plangraph/graph/"

STATUS_NOTE = URIRef(ID + "plan/hmn-statusnotater-2021")
ACTION_PLAN = URIRef(ID + "plan/hv-regional-tiltaksplan")

RUNNING_SECTION = "Tiltak og initiativ under oppstart og gjennomføring"
PLANNING_SECTION = "Tiltak og initiativ under planlegging"

# Literals on plan items that are curators' prose (English), not plan text.
NOTE_PROPS = {PG.sourceNote, SKOS.editorialNote, SKOS.scopeNote, SKOS.note}

# This module runs no plangraph code (rdflib and pyshacl only), so coverage's tracer, which
# measures plangraph alone, has nothing to see here; paused, it no longer slows rdflib's parsing
# and pyshacl's validation of the seed data (tests/conftest.py's ``untraced``).
pytestmark = pytest.mark.untraced


# ---------------------------------------------------------------- parsing the seed texts


def _blocks(text: str) -> list[list[str]]:
    """Split a text into blocks of consecutive non-blank lines."""
    out: list[list[str]] = []
    cur: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _is_bullet(line: str) -> bool:
    return line.lstrip(" ").startswith("-")


@dataclass
class Bullet:
    text: str
    children: list[str] = field(default_factory=list)


@dataclass
class Theme:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[Bullet] = field(default_factory=list)
    cut_off: bool = False


@cache
def status_note_themes() -> tuple[Theme, ...]:
    """Theme headings, paragraphs and (nested) bullets of document 000, after 'Formål med notatet'."""
    text = next(SOURCES.glob("000_*.txt")).read_text(encoding="utf-8")
    blocks = _blocks(text)
    start = blocks.index(["Formål med notatet"]) + 2  # skip the heading and its paragraph
    themes: list[Theme] = []
    for block in blocks[start:]:
        if _is_bullet(block[0]):
            for line in block:
                if line.strip() == "-":
                    themes[-1].cut_off = True
                elif line.startswith(" - "):
                    themes[-1].bullets[-1].children.append(line[3:].rstrip())
                elif line.startswith("- "):
                    themes[-1].bullets.append(Bullet(line[2:].rstrip()))
                else:  # pragma: no cover - a new bullet syntax in the source
                    raise AssertionError(f"unexpected bullet line: {line!r}")
            continue
        assert len(block) == 1, block
        line = block[0].rstrip()
        starts_theme = not themes or themes[-1].bullets
        if starts_theme and not re.search(r"[.:,;]$", line):
            themes.append(Theme(line))
        else:
            themes[-1].paragraphs.append(line)
    return tuple(themes)


@cache
def action_plan_paragraphs() -> tuple[str, ...]:
    """All paragraphs of document 003, trailing whitespace (incl. no-break spaces) stripped."""
    text = next(SOURCES.glob("003_*.txt")).read_text(encoding="utf-8")
    return tuple(" ".join(b).rstrip() for b in _blocks(text))


def running_paragraphs() -> list[str]:
    paras = list(action_plan_paragraphs())
    return paras[paras.index(RUNNING_SECTION) + 1 : paras.index(PLANNING_SECTION)]


@cache
def numbered_measures() -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    """(number, heading, body paragraphs) of the numbered measures under planning."""
    paras = list(action_plan_paragraphs())
    out: list[tuple[int, str, list[str]]] = []
    for p in paras[paras.index(PLANNING_SECTION) + 1 :]:
        m = re.fullmatch(r"(\d+)\. (.+)", p)
        if m:
            out.append((int(m.group(1)), m.group(2), []))
        elif out:
            out[-1][2].append(p)
    return tuple((n, h, tuple(body)) for n, h, body in out)


@cache
def readme_goals() -> dict[str, list[tuple[int, str, str | None]]]:
    """The strategic goals the seeds README lists: (number, text, short form)."""
    text = (SOURCES / "README.md").read_text(encoding="utf-8")
    hmn = text.split("**Helse Midt-Norge, Strategi 2030**")[1].split("**Helse Vest, Helse2035**")[0]
    hv = text.split("**Helse Vest, Helse2035**")[1].split("**National layer.**")[0]
    return {
        "hmn-s2030": [
            (int(n), first, short)
            for n, first, short in re.findall(
                r'^(\d)\. "(.+?)" \(short form: (.+?)\)\s*$', hmn, re.M
            )
        ],
        "hv-h2035": [
            (int(n), goal.rstrip(), None) for n, goal in re.findall(r"^(\d)\. (.+)$", hv, re.M)
        ],
    }


# ---------------------------------------------------------------- loading the data


def _data_files() -> list[Path]:
    return sorted(DATA.glob("*.ttl"))


@cache
def dataset() -> rdflib.Dataset:
    ds = rdflib.Dataset()
    for path in _data_files():
        ds.graph(URIRef(GRAPH + path.stem)).parse(path, format="turtle")
    return ds


@cache
def union() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in _data_files():
        g.parse(path, format="turtle")
    return g


def named(stem: str) -> rdflib.Graph:
    return dataset().graph(URIRef(GRAPH + stem))


def one(g: rdflib.Graph, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, f"{s} {p}: expected one value, got {values}"
    return values[0]


def nb(text: str) -> Literal:
    return Literal(text, lang="nb")


def nn(text: str) -> Literal:
    return Literal(text, lang="nn")


def theme_node(heading: str) -> URIRef:
    g = union()
    found = [
        t
        for t in g.subjects(SKOS.prefLabel, nb(heading))
        if (t, RDF.type, PG.ThemeArea) in g and (t, PG.partOfPlan, STATUS_NOTE) in g
    ]
    assert len(found) == 1, f"theme {heading!r}: {found}"
    return found[0]


def measures_of(plan: URIRef) -> list[URIRef]:
    g = union()
    return [m for m in g.subjects(PG.partOfPlan, plan) if (m, RDF.type, PG.Measure) in g]


# ---------------------------------------------------------------- the seed parse itself


def test_seed_parse_finds_what_the_readme_describes():
    themes = status_note_themes()
    assert len(themes) == 6
    assert all(t.bullets for t in themes)
    assert themes[-1].cut_off, "the README says the last list is cut off"
    assert [n for n, _, _ in numbered_measures()] == [11, 12, 13, 14, 15]
    assert len(readme_goals()["hmn-s2030"]) == 4
    assert len(readme_goals()["hv-h2035"]) == 4
    assert running_paragraphs()


def test_each_file_is_its_own_named_graph():
    ds = dataset()
    for path in _data_files():
        g = ds.graph(URIRef(GRAPH + path.stem))
        assert len(g) > 0, path.name
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == {
        GRAPH + p.stem for p in _data_files()
    }


# ---------------------------------------------------------------- document 000: themes and challenges


def test_status_note_document():
    g = named("hmn-statusnotater-2021")
    assert (STATUS_NOTE, RDF.type, PG.StatusNote) in g
    assert one(g, STATUS_NOTE, DCTERMS.title) == nb("Statusnotater temaområder")
    assert one(g, STATUS_NOTE, DCTERMS.issued) == Literal("2021-06-17", datatype=XSD.date)
    assert one(g, STATUS_NOTE, PG.sourceFile) == Literal(next(SOURCES.glob("000_*.txt")).name)
    assert one(g, STATUS_NOTE, DCTERMS.language) == Literal("nb")
    text = next(SOURCES.glob("000_*.txt")).read_text(encoding="utf-8")
    assert str(one(g, STATUS_NOTE, DCTERMS.description)) in text
    front = str(one(g, STATUS_NOTE, PG.sourceText))
    assert front.startswith("Forslag til konklusjon") and front in text
    if status_note_themes()[-1].cut_off:
        assert list(g.objects(STATUS_NOTE, PG.sourceNote)), (
            "the cut-off list must be noted on the document"
        )


def test_theme_areas_are_verbatim():
    g = union()
    for position, theme in enumerate(status_note_themes(), 1):
        node = theme_node(theme.heading)
        assert str(node).startswith(ID + "theme/hmn/")
        assert one(g, node, PG.sourceSection) == nb(theme.heading)
        assert one(g, node, PG.sourcePosition).toPython() == position
        assert one(g, node, PG.sourceDocument) == STATUS_NOTE
        *status, intro = theme.paragraphs
        assert one(g, node, PG.listIntro) == nb(intro)
        assert one(g, node, PG.statusText) == nb("\n\n".join(status))
        if theme.cut_off:
            assert list(g.objects(node, PG.sourceNote)), (
                f"cut-off list of {theme.heading!r} not noted"
            )


def _check_challenge(node, text, heading, position, theme, parent):
    g = union()
    assert (node, RDF.type, PG.Challenge) in g
    assert one(g, node, PG.sourceText) == nb(text)
    assert [lbl for lbl in g.objects(node, SKOS.prefLabel) if lbl.language == "nb"] == [nb(text)]
    assert one(g, node, PG.sourceSection) == nb(heading)
    assert one(g, node, PG.sourcePosition).toPython() == position
    assert one(g, node, PG.inTheme) == theme
    assert one(g, node, PG.partOfPlan) == STATUS_NOTE
    assert one(g, node, PG.sourceDocument) == STATUS_NOTE
    assert one(g, node, PG.labelKind) == PG.VerbatimLabel
    assert one(g, node, PG.listKind) in {
        PG.UnresolvedChallenge,
        PG.NewNeed,
        PG.FocusArea,
        PG.Priority,
    }
    assert list(g.objects(node, PG.subChallengeOf)) == ([parent] if parent else [])


def _challenge_by_text(text: str, theme: URIRef) -> URIRef:
    g = union()
    found = [c for c in g.subjects(PG.sourceText, nb(text)) if (c, PG.inTheme, theme) in g]
    assert len(found) == 1, f"bullet {text!r}: {found}"
    return found[0]


def test_every_bullet_is_a_challenge():
    g = union()
    expected = 0
    for theme in status_note_themes():
        theme_iri = theme_node(theme.heading)
        kinds = set()
        for i, bullet in enumerate(theme.bullets, 1):
            node = _challenge_by_text(bullet.text, theme_iri)
            _check_challenge(node, bullet.text, theme.heading, i, theme_iri, None)
            kinds.add(one(g, node, PG.listKind))
            expected += 1
            for j, child in enumerate(bullet.children, 1):
                sub = _challenge_by_text(child, theme_iri)
                _check_challenge(sub, child, theme.heading, j, theme_iri, node)
                assert str(sub).startswith(str(node) + "-"), "nested IRI extends the parent's"
                kinds.add(one(g, sub, PG.listKind))
                expected += 1
        assert len(kinds) == 1, f"one list kind per theme list: {theme.heading}"
    held = {c for c in g.subjects(PG.partOfPlan, STATUS_NOTE) if (c, RDF.type, PG.Challenge) in g}
    assert len(held) == expected, "no challenge beyond the source's bullets"


# ---------------------------------------------------------------- document 003: measures


def test_action_plan_document():
    g = named("hv-regional-tiltaksplan")
    assert (ACTION_PLAN, RDF.type, PG.ActionPlan) in g
    assert one(g, ACTION_PLAN, DCTERMS.title) == nn("Regional tiltaksplan")
    assert one(g, ACTION_PLAN, DCTERMS.language) == Literal("nn")
    assert one(g, ACTION_PLAN, PG.sourceFile) == Literal(next(SOURCES.glob("003_*.txt")).name)
    assert str(one(g, ACTION_PLAN, DCTERMS.description)) in action_plan_paragraphs()


def test_every_running_paragraph_is_in_exactly_one_measure():
    g = union()
    running = [
        m for m in measures_of(ACTION_PLAN) if (m, PG.measureStatus, PG.StartingOrRunning) in g
    ]
    texts = {m: str(one(g, m, PG.sourceText)) for m in running}
    paragraphs = running_paragraphs()
    for para in paragraphs:
        holders = [m for m, t in texts.items() if para in t]
        assert len(holders) == 1, f"paragraph {para[:60]!r}... held by {holders}"
    for m, text in texts.items():
        # a measure's text is source paragraphs joined by a blank line, in source order, nothing else
        parts = text.split("\n\n")
        assert all(p in paragraphs for p in parts), m
        assert [paragraphs.index(p) for p in parts] == sorted(paragraphs.index(p) for p in parts), m
        assert one(g, m, PG.sourceText).language == "nn"
        assert one(g, m, PG.sourceSection) == nn(RUNNING_SECTION)
        assert one(g, m, PG.labelKind) == PG.EditorialLabel
        assert list(g.objects(m, SKOS.editorialNote)), f"{m}: editorial label without note"
        assert not list(g.objects(m, PG.number)), (
            f"{m}: the source numbers none of the running measures"
        )
        assert one(g, m, PG.sourceDocument) == ACTION_PLAN
        assert (one(g, m, PG.inTheme), RDF.type, PG.ThemeArea) in g
    positions = sorted(one(g, m, PG.sourcePosition).toPython() for m in running)
    assert positions == list(range(1, len(running) + 1))
    # positions follow the order of the measures' first paragraphs
    by_pos = sorted(running, key=lambda m: one(g, m, PG.sourcePosition).toPython())
    firsts = [paragraphs.index(texts[m].split("\n\n")[0]) for m in by_pos]
    assert firsts == sorted(firsts)


def test_every_numbered_heading_is_a_measure():
    g = union()
    numbered = numbered_measures()
    for position, (n, heading, body) in enumerate(numbered, 1):
        found = [m for m in g.subjects(PG.number, Literal(n)) if (m, RDF.type, PG.Measure) in g]
        assert len(found) == 1, f"measure {n}: {found}"
        m = found[0]
        assert m == URIRef(f"{ID}measure/hv-tiltaksplan/{n}")
        assert [lbl for lbl in g.objects(m, SKOS.prefLabel) if lbl.language == "nn"] == [
            nn(heading)
        ]
        assert one(g, m, PG.labelKind) == PG.VerbatimLabel
        assert one(g, m, PG.measureStatus) == PG.UnderPlanning
        assert one(g, m, PG.sourceText) == nn("\n\n".join(body))
        assert one(g, m, PG.sourceSection) == nn(PLANNING_SECTION)
        assert one(g, m, PG.sourcePosition).toPython() == position
        assert one(g, m, PG.partOfPlan) == ACTION_PLAN
        cut = any(not re.search(r"[.!?:]$", p) for p in body)
        assert bool(list(g.objects(m, PG.sourceNote))) == cut, (
            f"measure {n}: cut-off note must match the source"
        )
    planned = [m for m in measures_of(ACTION_PLAN) if (m, PG.measureStatus, PG.UnderPlanning) in g]
    assert len(planned) == len(numbered)


# ---------------------------------------------------------------- goals


@pytest.mark.parametrize("key", ["hmn-s2030", "hv-h2035"])
def test_goals_from_readme_are_present_verbatim(key):
    g = union()
    lang = "nb" if key.startswith("hmn") else "nn"
    for n, text, short in readme_goals()[key]:
        goal = URIRef(f"{ID}goal/{key}-{n}")
        assert (goal, RDF.type, PG.StrategicGoal) in g
        assert [lbl for lbl in g.objects(goal, SKOS.prefLabel) if lbl.language == lang] == [
            Literal(text, lang=lang)
        ]
        assert one(g, goal, PG.sourceText) == Literal(text, lang=lang)
        assert one(g, goal, PG.number).toPython() == n
        assert one(g, goal, PG.sourcePosition).toPython() == n
        if short:
            assert one(g, goal, PG.shortForm) == Literal(short, lang=lang)
        en = [lbl for lbl in g.objects(goal, SKOS.prefLabel) if lbl.language == "en"]
        assert len(en) == 1 and (goal, PG.translatedLabelLanguage, Literal("en")) in g
        plan = one(g, goal, PG.partOfPlan)
        assert (plan, RDF.type, PG.Strategy) in g and one(g, goal, PG.sourceDocument) == plan
        assert list(g.objects(goal, PG.sourceNote))


# ---------------------------------------------------------------- links and their records


LINK_PREDICATES = [
    PG.addresses,
    PG.contributesTo,
    SKOS.closeMatch,
    SKOS.exactMatch,
    SKOS.relatedMatch,
]


def _records(g, s, p, o):
    return [
        r
        for r in g.subjects(PG.linkSubject, s)
        if (r, PG.linkPredicate, p) in g and (r, PG.linkObject, o) in g
    ]


def test_every_plain_link_has_one_curated_record():
    g = union()
    plain = [(s, p, o) for p in LINK_PREDICATES for s, o in g.subject_objects(p)]
    assert plain
    for s, p, o in plain:
        records = _records(g, s, p, o)
        assert len(records) == 1, f"{s} {p} {o}: {records}"
        r = records[0]
        assert one(g, r, PG.linkStatus) == PG.Curated
        assert one(g, r, PG.rationale).language == "en"
        assert 0 <= one(g, r, PG.confidence).toPython() <= 1
        assert one(g, r, PG.method) == Literal("semapv:ManualMappingCuration")
        assert str(r).startswith(ID + "link/")


def test_every_curated_record_has_its_plain_triple():
    g = union()
    for r in g.subjects(PG.linkStatus, PG.Curated):
        s, p, o = one(g, r, PG.linkSubject), one(g, r, PG.linkPredicate), one(g, r, PG.linkObject)
        assert (s, p, o) in g, f"{r}: curated record without its plain triple"


def test_link_files_hold_the_links():
    for p in (PG.addresses, PG.contributesTo):
        for stem in (
            "hmn-statusnotater-2021",
            "hv-regional-tiltaksplan",
            "hmn-strategi-2030",
            "hv-helse2035",
        ):
            assert not list(named(stem).triples((None, p, None))), (
                f"{p} in {stem}: links belong in links-curated"
            )


# ---------------------------------------------------------------- languages and IRIs


def _check_languages(node, lang):
    g = union()
    translated = {str(x) for x in g.objects(node, PG.translatedLabelLanguage)}
    for p, o in g.predicate_objects(node):
        if not isinstance(o, Literal) or o.language is None:
            continue
        if p in NOTE_PROPS:
            assert o.language == "en", f"{node} {p}: notes are English"
        elif o.language == "en":
            assert p == SKOS.prefLabel and "en" in translated, (
                f"{node} {p}: English only as a marked translation"
            )
        else:
            assert o.language == lang, f"{node} {p} {o!r}: expected @{lang}"


def test_language_tags_of_challenges_and_measures():
    g = union()
    challenges = [
        c for c in g.subjects(RDF.type, PG.Challenge) if (c, PG.partOfPlan, STATUS_NOTE) in g
    ]
    assert challenges
    for c in challenges:
        _check_languages(c, "nb")
    for m in measures_of(ACTION_PLAN):
        _check_languages(m, "nn")
    for t in g.subjects(PG.partOfPlan, STATUS_NOTE):
        if (t, RDF.type, PG.ThemeArea) in g:
            _check_languages(t, "nb")


def test_iris_are_http_and_ascii():
    g = union()
    for triple in g:
        for term in triple:
            if isinstance(term, URIRef):
                assert str(term).startswith(("http://", "https://")), term
                if str(term).startswith(ID):
                    assert str(term).isascii() and " " not in str(term), term


def test_required_provenance_on_items():
    g = union()
    for cls in (PG.StrategicGoal, PG.Challenge, PG.Measure, PG.ThemeArea):
        for node in g.subjects(RDF.type, cls):
            for p in (PG.sourceDocument, PG.sourceSection, PG.sourcePosition, PG.partOfPlan):
                assert list(g.objects(node, p)), f"{node} has no {p}"


# ---------------------------------------------------------------- SHACL


def _validate(data: rdflib.Graph, inference: str) -> list[tuple[URIRef, str]]:
    from pyshacl import validate

    ont = rdflib.Graph().parse(ONTOLOGY, format="turtle")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    _, report, _ = validate(
        data, shacl_graph=shapes, ont_graph=ont, inference=inference, allow_warnings=True
    )
    return [
        (report.value(r, SH.resultSeverity), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_data_has_no_shacl_violations(inference):
    results = _validate(union(), inference)
    violations = [msg for sev, msg in results if sev == SH.Violation]
    assert violations == []
    # coverage gaps are reported, as warnings
    assert all(sev == SH.Warning for sev, _ in results)


@pytest.mark.parametrize(
    ("fixture", "needle"),
    [
        ("measure-without-label.ttl", "no skos:prefLabel"),
        ("challenge-without-theme.ttl", "no pg:inTheme"),
        ("link-record-bad.ttl", "no pg:rationale"),
        ("link-record-bad.ttl", "between 0 and 1"),
        ("editorial-label-without-note.ttl", "no skos:editorialNote"),
        ("editorial-label-without-note.ttl", "more than one skos:prefLabel"),
        ("addresses-not-a-challenge.ttl", "not a pg:Challenge"),
    ],
)
def test_broken_fixture_gives_a_named_violation(fixture, needle):
    data = rdflib.Graph().parse(BROKEN / fixture, format="turtle")
    results = _validate(data, "none")
    violations = [msg for sev, msg in results if sev == SH.Violation]
    assert any(needle in msg for msg in violations), violations
