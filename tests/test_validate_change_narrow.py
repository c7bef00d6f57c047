"""A write's SHACL check judges only the nodes the change can affect (``changed_only``).

For a store that conforms, the narrowed check must give exactly what a check of the whole
union gives: the findings of the nodes it judges are those of the whole check of the new
union, and every node it leaves out keeps the findings it had before. Each change below is
checked against the whole check, before and after; some must be refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from plangraph.ingest.plans import _change_findings, _union_with, review_link, update_graph
from plangraph.linking.records import link_id
from plangraph.store import PlanStore, open_store
from plangraph.validate import Finding, validate_graph
from plangraph.vocab import DATA, GRAPH, PG, RDF, RDFS, SKOS

ID = "https://w3id.org/plangraph/id/"
M1, M2, M3 = (f"{ID}measure/prove-kommune/{n}" for n in ("m1", "m2", "m3"))
C1, C2, C3 = (f"{ID}challenge/prove-kommune/{n}" for n in ("c1", "c2", "c3"))
G1 = f"{ID}goal/prove-kommune/g1"
T1 = f"{ID}theme/prove-tema/t1"
PLAN = f"{ID}plan/prove-kommune"
ADDRESSES = str(PG.addresses)
R_OPEN = link_id(M1, ADDRESSES, C2)
R_ACCEPTED = link_id(M2, ADDRESSES, C3)
R_REJECTED = link_id(M3, ADDRESSES, C1)

PREFIXES = """
@prefix pg:   <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

PLAN_TTL = f"""{PREFIXES}
<{PLAN}> a pg:ActionPlan ; skos:prefLabel "Handlingsplan for eldre i prøvekommunen"@nb .
<{C1}> a pg:Challenge ;
    skos:prefLabel "Mange eldre bor alene uten daglig tilsyn"@nb ;
    pg:inTheme <{T1}> ; pg:sourceDocument <{PLAN}> ;
    pg:sourceText "Mange eldre bor alene og får ikke daglig tilsyn."@nb .
<{C2}> a pg:Challenge ;
    skos:prefLabel "Lange ventetider på korttidsopphold"@nb ;
    pg:inTheme <{T1}> ; pg:sourceDocument <{PLAN}> ;
    pg:sourceText "Ventetiden for korttidsopphold er for lang."@nb .
<{C3}> a pg:Challenge ;
    skos:prefLabel "Underernæring hos hjemmeboende"@nb ;
    pg:inTheme <{T1}> ; pg:sourceDocument <{PLAN}> ;
    pg:sourceText "Mange hjemmeboende eldre er underernærte."@nb .
<{G1}> a pg:StrategicGoal ;
    skos:prefLabel "Eldre skal kunne bo trygt hjemme"@nb ;
    pg:sourceDocument <{PLAN}> ;
    pg:sourceText "Eldre skal kunne bo trygt hjemme lengst mulig."@nb .
<{M1}> a pg:Measure ;
    skos:prefLabel "Digitalt tilsyn om natten"@nb ;
    pg:measureStatus pg:UnderPlanning ; pg:sourceDocument <{PLAN}> ;
    pg:sourceText "Kommunen tar i bruk digitalt tilsyn om natten."@nb ;
    pg:addresses <{C1}> ; pg:contributesTo <{G1}> .
<{M2}> a pg:Measure ;
    skos:prefLabel "Ernæringskartlegging i hjemmetjenesten"@nb ;
    pg:measureStatus pg:StartingOrRunning ; pg:sourceDocument <{PLAN}> ;
    pg:sourceText "Hjemmetjenesten kartlegger ernæringsstatus hos alle nye brukere."@nb .
<{M3}> a pg:Measure ;
    skos:prefLabel "Flere plasser for korttidsopphold"@nb ;
    pg:measureStatus pg:Candidate ; pg:sourceDocument <{PLAN}> ;
    pg:sourceText "Kommunen vurderer å opprette flere korttidsplasser."@nb .
"""

THEMES_TTL = f"""{PREFIXES}
<{T1}> a pg:ThemeArea ; skos:prefLabel "Helse og omsorg"@nb ;
    pg:sourceSection "Kapittel 3 Helse og omsorg"@nb .
"""


def _record(ident: str, subject: str, obj: str, status: str, confidence: str) -> str:
    return f"""
<{DATA}link/{ident}> a pg:LinkRecord ;
    pg:linkSubject <{subject}> ; pg:linkPredicate pg:addresses ; pg:linkObject <{obj}> ;
    pg:linkStatus pg:{status} ; pg:rationale "Shared terms in the two texts."@en ;
    pg:confidence "{confidence}"^^xsd:decimal .
"""


LINKS_TTL = (
    PREFIXES
    + _record(R_OPEN, M1, C2, "Suggested", "0.412")
    + _record(R_ACCEPTED, M2, C3, "Accepted", "0.530")
    + _record(R_REJECTED, M3, C1, "Rejected", "0.220")
    + f"<{M2}> pg:addresses <{C3}> .\n"
)

LINKS = "links-suggested"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "prove-kommune.ttl").write_text(PLAN_TTL, encoding="utf-8")
    (tmp_path / "prove-tema.ttl").write_text(THEMES_TTL, encoding="utf-8")
    (tmp_path / f"{LINKS}.ttl").write_text(LINKS_TTL, encoding="utf-8")
    return tmp_path


@pytest.fixture
def store(folder: Path) -> PlanStore:
    return open_store(data_dir=str(folder))


def _nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _v(term: object) -> str:
    return str(getattr(term, "value", ""))


def _link(ident: str) -> str:
    return str(DATA[f"link/{ident}"])


def _quads(store: PlanStore, name: str) -> list[ox.Quad]:
    return list(store.patterns(None, None, None, _nn(str(GRAPH[name]))))  # type: ignore[misc]


def _with(
    store: PlanStore, name: str, drop: Callable[[ox.Quad], bool], add: list[tuple[str, str, object]]
) -> list[ox.Quad]:
    g = _nn(str(GRAPH[name]))
    kept = [q for q in _quads(store, name) if not drop(q)]
    new = [
        ox.Quad(_nn(s), _nn(p), o if isinstance(o, ox.Literal) else _nn(str(o)), g)
        for s, p, o in add
    ]
    return kept + new


def _status(ident: str) -> Callable[[ox.Quad], bool]:
    return lambda q: _v(q.subject) == _link(ident) and _v(q.predicate) == str(PG.linkStatus)


def _subject(*iris: str) -> Callable[[ox.Quad], bool]:
    return lambda q: _v(q.subject) in iris


def _changes(store: PlanStore) -> dict[str, tuple[str, list[ox.Quad] | None, bool]]:
    """name: (graph changed, its new content or None for removed, whether it must conform)."""
    status, note = str(PG.linkStatus), str(PG.reviewNote)
    never = _subject()
    new_id = link_id(M3, ADDRESSES, C2)
    return {
        "accept: status, note and the plain link (C2 gains a measure)": (
            LINKS,
            _with(
                store,
                LINKS,
                _status(R_OPEN),
                [
                    (_link(R_OPEN), status, PG.Accepted),
                    (_link(R_OPEN), note, ox.Literal("Samme tiltak.")),
                    (M1, ADDRESSES, C2),
                ],
            ),
            True,
        ),
        "reject: status and note": (
            LINKS,
            _with(
                store,
                LINKS,
                _status(R_OPEN),
                [
                    (_link(R_OPEN), status, PG.Rejected),
                    (_link(R_OPEN), note, ox.Literal("Ikke samme utfordring.")),
                ],
            ),
            True,
        ),
        "a suggest run adds a record": (
            LINKS,
            _with(
                store,
                LINKS,
                never,
                [
                    (_link(new_id), str(RDF.type), PG.LinkRecord),
                    (_link(new_id), str(PG.linkSubject), M3),
                    (_link(new_id), str(PG.linkPredicate), ADDRESSES),
                    (_link(new_id), str(PG.linkObject), C2),
                    (_link(new_id), status, PG.Suggested),
                    (_link(new_id), str(PG.rationale), ox.Literal("Shared: korttidsopphold")),
                ],
            ),
            True,
        ),
        "a record and the accepted link removed (C3 loses its only measure)": (
            LINKS,
            _with(
                store,
                LINKS,
                lambda q: (
                    _v(q.subject) == _link(R_ACCEPTED)
                    or (_v(q.subject) == M2 and _v(q.predicate) == ADDRESSES)
                ),
                [],
            ),
            True,
        ),
        "a record changed: confidence out of range (refused)": (
            LINKS,
            _with(
                store,
                LINKS,
                lambda q: _v(q.subject) == _link(R_OPEN) and _v(q.predicate) == str(PG.confidence),
                [
                    (
                        _link(R_OPEN),
                        str(PG.confidence),
                        ox.Literal(
                            "1.500", datatype=_nn("http://www.w3.org/2001/XMLSchema#decimal")
                        ),
                    )
                ],
            ),
            False,
        ),
        "a record changed: status not a link status (refused)": (
            LINKS,
            _with(store, LINKS, _status(R_OPEN), [(_link(R_OPEN), status, PG.UnderPlanning)]),
            False,
        ),
        "a link to a goal as if it were a challenge (refused)": (
            LINKS,
            _with(store, LINKS, never, [(M1, ADDRESSES, G1)]),
            False,
        ),
        "the links graph removed": (LINKS, None, True),
        "a target removed from another graph: C3 leaves the plan (refused)": (
            "prove-kommune",
            _with(store, "prove-kommune", _subject(C3), []),
            False,
        ),
        "the theme's type removed from the theme graph (refused)": (
            "prove-tema",
            _with(store, "prove-tema", lambda q: _v(q.predicate) == str(RDF.type), []),
            False,
        ),
        "a measure relabelled and one measure's status dropped (refused)": (
            "prove-kommune",
            _with(
                store,
                "prove-kommune",
                lambda q: (
                    (_v(q.subject) == M1 and _v(q.predicate) == str(SKOS.prefLabel))
                    or (_v(q.subject) == M3 and _v(q.predicate) == str(PG.measureStatus))
                ),
                [(M1, str(SKOS.prefLabel), ox.Literal("Nattlig digitalt tilsyn", language="nb"))],
            ),
            False,
        ),
        "a challenge leaves the plan that only a rejected record names": (
            "prove-kommune",
            _with(
                store,
                "prove-kommune",
                lambda q: _v(q.subject) == C1 or (_v(q.subject) == M1 and _v(q.object) == C1),
                [],
            ),
            True,
        ),
        "a challenge's type dropped; a measure in the same graph points at it (refused)": (
            "prove-kommune",
            _with(
                store,
                "prove-kommune",
                lambda q: _v(q.subject) == C1 and _v(q.predicate) == str(RDF.type),
                [],
            ),
            False,
        ),
        "a subclass axiom in the data (judged as before, every node)": (
            "prove-kommune",
            _with(
                store,
                "prove-kommune",
                never,
                [(f"{ID}class/prove-kommune/Tiltak", str(RDFS.subClassOf), PG.Measure)],
            ),
            True,
        ),
    }


def _whole(store: PlanStore, name: str | None, quads: list[ox.Quad] | None) -> list[Finding]:
    if name is None:
        return validate_graph(store.to_graph(ontology=False), scratch=True).findings
    return validate_graph(_union_with(store, GRAPH[name], quads), scratch=True).findings


def test_the_store_conforms_to_start_with(store: PlanStore) -> None:
    findings = _whole(store, None, None)
    assert not [f for f in findings if f.severity == "Violation"]
    # C2 has no measure yet: the coverage warning the accepted link will take away
    assert [f.node for f in findings if f.severity == "Warning"] == [C2]


def test_a_narrowed_check_finds_what_the_whole_check_finds(store: PlanStore) -> None:
    before = _whole(store, None, None)
    for label, (name, quads, conforms) in _changes(store).items():
        graphs = {str(GRAPH[name])}
        narrow, focus = _change_findings(store, graphs, quads, changed_only=True)
        broad, broad_focus = _change_findings(store, graphs, quads)
        assert focus is not None and broad_focus is not None
        after = _whole(store, name, quads)
        # every node the narrowed check leaves out is judged as before the change
        kept = [f for f in before if f.node not in focus]
        assert Counter(after) == Counter(narrow.findings + kept), label
        assert narrow.conforms is conforms, label
        assert Counter(narrow.violations) == Counter(
            f for f in after if f.severity == "Violation"
        ), label
        # on the nodes both judge, the narrowed and the earlier check agree
        # the check an import runs (every node the graph describes) agrees with the whole one
        assert Counter(broad.findings) == Counter(f for f in after if f.node in broad_focus), label
        both = focus & broad_focus
        assert [f for f in broad.findings if f.node in both] == [
            f for f in narrow.findings if f.node in both
        ], label
        if "subclass" in label:
            assert focus == broad_focus and M1 in focus, label


def test_a_review_judges_the_record_and_the_link_not_every_record(store: PlanStore) -> None:
    accept = "accept: status, note and the plain link (C2 gains a measure)"
    _name, quads, _conforms = _changes(store)[accept]
    graphs = {str(GRAPH[LINKS])}
    _report, focus = _change_findings(store, graphs, quads, changed_only=True)
    _broad, broad_focus = _change_findings(store, graphs, quads)
    assert focus == {_link(R_OPEN), M1, C2}
    assert {_link(R_ACCEPTED), _link(R_REJECTED), M2} <= (broad_focus or set())
    assert not {_link(R_ACCEPTED), _link(R_REJECTED), M2} & (focus or set())
    # a change that changes nothing judges nothing
    same, nothing = _change_findings(store, graphs, _quads(store, LINKS), changed_only=True)
    assert nothing == set() and same.findings == []


def test_writes_refuse_and_accept_as_the_whole_check_says(store: PlanStore, folder: Path) -> None:
    links_file = folder / f"{LINKS}.ttl"
    before = links_file.read_bytes()

    def link_to_goal(current: list[ox.Quad]) -> list[ox.Quad]:
        g = _nn(str(GRAPH[LINKS]))
        return [*current, ox.Quad(_nn(M1), _nn(ADDRESSES), _nn(G1), g)]

    from plangraph.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        update_graph(store, str(folder), LINKS, link_to_goal)
    violations = refused.value.report.violations
    whole = _whole(store, LINKS, link_to_goal(_quads(store, LINKS)))
    assert violations == [f for f in whole if f.severity == "Violation"]
    assert [(f.node, f.path, f.value) for f in violations] == [(M1, "pg:addresses", G1)]
    assert links_file.read_bytes() == before
    result = review_link(store, str(folder), R_OPEN, True, reviewer="prøve")
    assert result["added_triple"] is True
    plain = ox.Quad(_nn(M1), _nn(ADDRESSES), _nn(C2), _nn(str(GRAPH[LINKS])))
    assert plain in _quads(store, LINKS)
    # the accepted link took away C2's coverage gap; the whole store conforms, no warnings
    assert _whole(store, None, None) == []
