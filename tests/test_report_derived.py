"""The report's queries answered from base relations (``analysis._derived``): the same distinct
rows as the queries themselves, on the seed data, the analyses fixture, generated plans with
versions and data made to catch each join (items in two themes, plans with two publishers or
none, untyped measures, statuses mixed, triples in two graphs); data the derivations do not take
(literal objects, blank-node items) gets the queries; and a report reads only the relations."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from plangraph import analysis, resources
from plangraph.analysis import _common, _derived
from plangraph.generate import write_plans
from plangraph.reports.data import collect_report
from plangraph.store import PlanStore, open_store
from plangraph.terms import PlainResult
from tests.helpers import DATA, REPORTED_ANALYSES, record_queries

PREFIXES = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix x: <https://example.org/x/> .
"""

# Every join of the derivations with a case on each side: C1 in two themes and addressed by a
# typed measure under planning and a candidate (only planned), C3 by two measures one of them
# untyped, with a parent and in two plans (one publisher each side, P1 two publishers); C2 and
# C4 without theme, C6 in a plan without publisher; goals served by a typed measure (G1),
# through an addressed challenge (G2), by an untyped measure only (G4: not served), through an
# unaddressed challenge (G6: not served); M3 an orphan in two plans; M5 with two statuses, one
# planned (C2: single-measure); M8 and M9 in plans without publisher or none.
EDGES = (
    PREFIXES
    + """
x:P1 dcterms:publisher x:O1 , x:O2 .
x:P3 dcterms:publisher x:O3 .
x:C1 a pg:Challenge ; pg:inTheme x:T1 , x:T2 ; pg:partOfPlan x:P1 ;
    skos:prefLabel "Utfordring"@nb , "Challenge"@en ; pg:contributesTo x:G2 .
x:C2 a pg:Challenge ; pg:partOfPlan x:P2 ; pg:contributesTo x:G5 .
x:C3 a pg:Challenge ; pg:inTheme x:T1 ; pg:subChallengeOf x:C1 ; pg:partOfPlan x:P1 , x:P2 .
x:C4 a pg:Challenge ; pg:contributesTo x:G6 .
x:C6 a pg:Challenge ; pg:inTheme x:T2 ; pg:partOfPlan x:P2 .
x:C5 a pg:Challenge ; pg:inTheme x:T2 ; pg:partOfPlan x:P3 ; skos:prefLabel 7 .
x:M1 a pg:Measure ; pg:partOfPlan x:P1 ; pg:measureStatus pg:UnderPlanning ;
    pg:addresses x:C1 .
x:M2 a pg:Measure ; pg:partOfPlan x:P2 ; pg:measureStatus pg:Candidate ;
    pg:addresses x:C1 , x:C3 .
x:X pg:partOfPlan x:P3 ; pg:addresses x:C3 , x:C5 ; pg:contributesTo x:G4 .
x:M3 a pg:Measure ; pg:inTheme x:T1 ; pg:partOfPlan x:P1 , x:P3 .
x:M4 a pg:Measure ; pg:contributesTo x:G1 .
x:M5 a pg:Measure ; pg:partOfPlan x:P3 ; pg:measureStatus pg:Candidate , pg:Ongoing ;
    pg:addresses x:C5 , x:C2 .
x:M8 a pg:Measure ; pg:partOfPlan x:P2 ; pg:addresses x:C6 .
x:M9 a pg:Measure .
x:G1 a pg:StrategicGoal ; pg:partOfPlan x:P1 .
x:G2 a pg:StrategicGoal ; pg:partOfPlan x:P2 .
x:G3 a pg:StrategicGoal .
x:G4 a pg:StrategicGoal ; pg:partOfPlan x:P3 .
x:G5 a pg:StrategicGoal ; pg:partOfPlan x:P1 .
x:G6 a pg:StrategicGoal .
"""
)

# The same triples again in a second file (graph): the engine gives them twice.
AGAIN = (
    PREFIXES + "x:M1 pg:addresses x:C1 .\nx:C1 pg:inTheme x:T1 .\nx:P3 dcterms:publisher x:O3 .\n"
)


def _edge_store(tmp_path: Path, *extra: str, edges: str = EDGES) -> PlanStore:
    data = tmp_path / "data"
    data.mkdir()
    (data / "edges.ttl").write_text(edges, encoding="utf-8")
    (data / "again.ttl").write_text(AGAIN, encoding="utf-8")
    for i, text in enumerate(extra):
        (data / f"extra{i}.ttl").write_text(PREFIXES + text, encoding="utf-8")
    return open_store("memory", data_dir=data)


def _relations(store: PlanStore) -> _derived.Relations:
    def get(name: str) -> Any:
        if name == "pref_labels":
            return store.select_plain(resources.query_text(name))
        return _derived.read_relation(store, name)

    return _derived.Relations(get)


def _distinct(name: str, rows: list[Any]) -> set[tuple[Any, ...]]:
    if name == "overlapping_measures":  # GROUP_CONCAT: in no particular order
        return {(a, b, n, tuple(sorted(text.split()))) for a, b, n, text in rows}
    # the type too: a count is an int, a label keeps its language
    return {tuple((type(v), v, getattr(v, "lang", None)) for v in row) for row in rows}


def _assert_derived_as_queried(
    store: PlanStore, *, not_derived: frozenset[str] = frozenset()
) -> None:
    """Each query of ``DERIVED`` (but ``not_derived``, which must give ``None``) derived as the
    query gives it."""
    relations = _relations(store)
    for name in _derived.DERIVED:
        derived = _derived.derive(name, relations)
        if name in not_derived:
            assert derived is None, name
            continue
        assert derived is not None, name
        queried = store.select_plain(resources.query_text(name))
        assert derived.variables == queried.variables, name
        assert _distinct(name, derived.rows) == _distinct(name, queried.rows), name
        assert len(derived.rows) == len(set(map(tuple, derived.rows)))  # distinct rows
        if name == "measures_considered":  # ORDER BY ?plan
            assert derived.rows == queried.rows
    assert relations.ok


def test_derived_rows_are_the_queries_rows_on_the_seed_data() -> None:
    _assert_derived_as_queried(open_store("memory"))


def test_derived_rows_are_the_queries_rows_on_the_analyses_fixture() -> None:
    _assert_derived_as_queried(open_store("memory", data_dir=DATA / "analysis"))


def test_derived_rows_are_the_queries_rows_on_every_join_case(tmp_path: Path) -> None:
    store = _edge_store(tmp_path)
    # (a plan with two publishers: the query orders by plan alone)
    _assert_derived_as_queried(store, not_derived=frozenset({"measures_considered"}))
    # the cases are there: rows the derivations could get wrong
    rows = _derived.derive("weakly_covered", _relations(store))
    assert rows is not None
    assert {r.challenge.rsplit("/", 1)[1] for r in rows.rows} == {"C1", "C2", "C6"}
    goals = _derived.derive("goals_without_measures", _relations(store))
    assert goals is not None
    assert {r.goal.rsplit("/", 1)[1] for r in goals.rows} == {"G3", "G4", "G6"}


def test_measures_considered_derived_in_the_querys_order(tmp_path: Path) -> None:
    # the join-case data without the plan of two publishers
    one_publisher = EDGES.replace("x:O1 , x:O2 .", "x:O2 .")
    store = _edge_store(tmp_path, "x:P9 dcterms:publisher x:O1 .", edges=one_publisher)
    _assert_derived_as_queried(store)
    plans = [r.plan for r in store.select_plain(resources.query_text("measures_considered")).rows]
    assert len(plans) >= 3 and plans[0] is None


def test_blank_node_subjects_of_the_grouped_relations_are_read_pair_by_pair(
    tmp_path: Path,
) -> None:
    # (read grouped by object, a blank node's STR() has no value: the relation is read again)
    store = _edge_store(
        tmp_path, "[] pg:inTheme x:T1 ; pg:partOfPlan x:P1 ; pg:contributesTo x:G6 ."
    )
    assert "_:" in " ".join(_derived.read_relation(store, "in_theme") or ())  # type: ignore[arg-type]
    _assert_derived_as_queried(store, not_derived=frozenset({"measures_considered"}))


def _relation_from_terms(store: PlanStore, name: str) -> Any:
    """A base relation read the plain way, from the engine's term objects (what the engine's
    TSV text must give ``read_relation``): subjects, or each subject's objects (as many times as
    the engine gives them, in any order)."""
    predicate, cls = _derived.RELATIONS[name]

    def value(term: Any) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term.value)

    if cls is not None:
        query = f"SELECT ?s WHERE {{ ?s <{predicate}> <{cls}> }}"
        return {value(s) for (s,) in store.query_with_dataset(query)}
    pairs: dict[str, list[str]] = {}
    for s, o in store.query_with_dataset(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"):
        pairs.setdefault(value(s), []).append(value(o))
    return pairs


def _sorted_lists(found: Any) -> Any:
    return {k: sorted(v) for k, v in found.items()} if isinstance(found, dict) else found


@pytest.mark.parametrize(
    "extra",
    [
        # IRIs outside ASCII (written as they are in the engine's text), an IRI with a query
        # and a fragment; a blank-node plan and theme (objects), a blank node's theme (subject)
        "<https://example.org/x/tiltak/ø-æ-å> a pg:Measure ; pg:partOfPlan x:P1 ; "
        "pg:addresses <https://example.org/x/utfordring/𝄞?a=1&b=2#c> ; "
        "pg:contributesTo <https://example.org/x/mål/1> .\n"
        "<https://example.org/x/utfordring/𝄞?a=1&b=2#c> a pg:Challenge ; pg:inTheme x:T1 .\n",
        "x:M1 pg:partOfPlan [ dcterms:publisher x:O9 ] .\nx:C2 pg:inTheme _:t .\n"
        "_:t pg:inTheme x:T1 .\n",
    ],
)
def test_each_relation_is_read_as_the_engines_terms_give_it(tmp_path: Path, extra: str) -> None:
    store = _edge_store(tmp_path, extra)
    for name in _derived.RELATIONS:
        found = _derived.read_relation(store, name)
        assert found is not None, name
        assert _sorted_lists(found) == _sorted_lists(_relation_from_terms(store, name)), name
    _assert_derived_as_queried(store, not_derived=frozenset({"measures_considered"}))


@pytest.mark.untraced
def test_derived_rows_are_the_queries_rows_on_generated_plans_with_versions(
    tmp_path: Path,
) -> None:
    write_plans(tmp_path / "data" / "synthetic.nq", 12_000, seed=5, versions=3)
    store = open_store("memory", data_dir=tmp_path / "data")
    assert len(store.select_plain(resources.query_text("overlapping_measures")).rows) > 10
    _assert_derived_as_queried(store)


@pytest.mark.parametrize(
    "odd",
    [
        'x:C4 pg:inTheme "x:T9" .',  # a literal where an IRI belongs
        'x:M3 pg:contributesTo "G1" .',
        'x:M1 pg:partOfPlan "https://example.org/x/P1" .',
        'x:M3 pg:addresses "https://example.org/x/C4" .',
        'x:M4 pg:measureStatus "https://w3id.org/plangraph/ns#Candidate" .',
    ],
)
def test_data_the_derivations_do_not_take_gets_the_queries(tmp_path: Path, odd: str) -> None:
    store = _edge_store(tmp_path, odd)
    relations = _relations(store)
    assert [n for n in _derived.DERIVED if _derived.derive(n, relations) is None]
    assert not relations.ok  # and none after the first that could not be derived
    _assert_reported_as_alone(store)


@pytest.mark.parametrize(
    "odd",
    ["x:M1 pg:addresses [ a pg:Challenge ] .", "[] pg:addresses x:C4 .", "[] a pg:Measure ."],
)
def test_blank_node_items_get_the_queries(tmp_path: Path, odd: str) -> None:
    # (the analyses cannot label a blank node on the embedded store, with or without these)
    store = _edge_store(tmp_path, odd)
    relations = _relations(store)
    assert [n for n in _derived.DERIVED if _derived.derive(n, relations) is None]
    assert not relations.ok


def _assert_reported_as_alone(store: PlanStore, **scope: str) -> None:
    alone = {name: getattr(analysis, name)(store, **scope) for name in REPORTED_ANALYSES}
    goal_scope = {k: v for k, v in scope.items() if k != "theme"}
    alone["goals"] = analysis.goals_without_measures(store, **goal_scope)
    prefetch = ("coverage_by_theme", "report_provenance")
    with _common.shared_reads(store, "nb", prefetch=prefetch):
        for name, rows in alone.items():
            if name == "goals":
                assert analysis.goals_without_measures(store, **goal_scope) == rows
            else:
                assert getattr(analysis, name)(store, **scope) == rows, name


@pytest.mark.parametrize(
    "scope",
    [{}, {"org": "https://example.org/x/O1"}, {"theme": "https://example.org/x/T1"}],
)
def test_a_report_on_every_join_case_has_the_rows_of_each_analysis_alone(
    tmp_path: Path, scope: dict[str, str]
) -> None:
    _assert_reported_as_alone(_edge_store(tmp_path), **scope)


@pytest.mark.untraced
def test_a_report_on_generated_plans_is_the_report_without_derivations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plans(tmp_path / "data" / "synthetic.nq", 12_000, seed=2, versions=2)
    store = open_store("memory", data_dir=tmp_path / "data")
    plan = store.select_plain(resources.query_text("orphan_measures")).rows[0].plan
    reports = []
    for derived in (_derived.DERIVED, {}):
        monkeypatch.setattr(_derived, "DERIVED", derived)
        for scope in ({}, {"plan": plan}):
            data = collect_report(store, lang="nn", **scope)
            data.generated = ""
            reports.append(data)
    assert reports[0] == reports[2] and reports[1] == reports[3]
    assert reports[0].overlaps and reports[1].orphans


def test_a_report_asks_the_engine_for_the_relations_not_the_derived_queries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = open_store("memory", data_dir=DATA / "analysis")
    asked = record_queries(monkeypatch, store)
    collect_report(store)
    derived = {resources.query_text(name) for name in _derived.DERIVED}
    assert not derived & set(asked)
    assert sum("WHERE { ?s <" in q for q in asked) == len(_derived.RELATIONS)


def test_the_cycle_collector_is_off_while_a_report_is_made_and_back_after() -> None:
    store = open_store("memory", data_dir=DATA / "analysis")
    assert gc.isenabled()
    with _common.shared_reads(store):
        assert not gc.isenabled()
        with _common.shared_reads(store, "en"):  # nested: back on only when both are done
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:  # off before: stays off
        with _common.shared_reads(store):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Made:
    """An object the collector tracks (and a weak reference can follow)."""

    other: Any = None


def test_what_a_report_made_is_left_collectable_without_a_collection_walking_it() -> None:
    store = open_store("memory", data_dir=DATA / "analysis")
    with _common.shared_reads(store):
        kept = _Made()
        cycle = _Made()
        cycle.other = _Made()
        cycle.other.other = cycle  # garbage in a cycle once dropped
        gone = weakref.ref(cycle)
        del cycle
    # not in the youngest generation (whose next collection would walk all the block made),
    # in the oldest
    assert not any(o is kept for o in gc.get_objects(generation=0))
    assert any(o is kept for o in gc.get_objects(generation=2))
    assert gone() is not None
    gc.collect()
    assert gone() is None  # still collected (not frozen away)


def test_a_report_lets_go_of_its_reads_in_a_thread_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = open_store("memory")  # the seed data (with provenance)
    freed: list[str] = []
    free = _common._free

    def recorded(held: list[Any]) -> None:
        freed.append(threading.current_thread().name)
        results = [h for h in held if isinstance(h, dict) and "pref_labels" in h]
        assert results and isinstance(results[0]["pref_labels"], PlainResult)
        free(held)
        assert not held and not results[0]  # emptied, piece by piece

    monkeypatch.setattr(_common, "_free", recorded)
    data = collect_report(store)
    for thread in threading.enumerate():
        if thread.name == "plangraph-let-go":
            thread.join()
    assert freed == ["plangraph-let-go"]
    assert data.gaps and data.provenance  # the report's own rows are its own


def test_a_filtered_report_finds_the_items_in_its_scope_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = open_store("memory", data_dir=DATA / "analysis")
    scope = {"org": "https://example.org/t/org-b", "theme": "https://example.org/t/theme-b-tema"}
    asked = record_queries(monkeypatch, store, ("select_plain",))
    data = collect_report(store, **scope)
    for name in ("items_of_organisation", "items_in_theme"):
        assert asked.count(resources.query_text(name)) == 1, name
    assert data.gaps and data.overlaps  # (the rows: test_analysis's shared reads, scoped)
