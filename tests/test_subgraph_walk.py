"""The subgraph walk on the embedded Oxigraph store gives the same result as the walk it replaced.

``_ReferenceSource``, ``reference_subgraph`` and ``reference_as_json`` are copies of the
implementation as it was before the walk read a node's quads in scans (one lookup per followed
predicate and direction, five ``about()`` lookups per node, an ``exists()`` check first). They
are the yardstick: for every parameter combination the current walk must reach the same nodes,
links, hubs and expanded nodes, with the same facts per node and the same JSON. That contract
compares sets (order may change); the walk also keeps the reference's order, which is checked
separately. Hubs must be detected without reading all their incoming quads.
"""

from __future__ import annotations

import functools
import json
import os
import random
import subprocess
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from plangraph import resources
from plangraph import subgraph as subgraph_module
from plangraph.errors import NotFoundError
from plangraph.generate import generate_plans
from plangraph.labels import curie, fallback_order, local_name
from plangraph.store import OxigraphStore, PlanStore, open_store
from plangraph.subgraph import DEFAULT_PREDICATES, MAX_DEPTH, Subgraph, subgraph
from plangraph.terms import to_ox
from plangraph.vocab import DATA, DCTERMS, ORG, PG, RDF, RDFS, SKOS

# ------------------------------------------------------------------ the reference implementation
# A verbatim copy of plangraph.subgraph's _Source, subgraph() and Subgraph.as_json before the
# walk was optimised (only renamed, and with the module constants they use copied alongside;
# ``_ref_curie`` is cached, and the source's store reads are remembered per store
# (``_RememberingSource``), which changes no answer).

_REF_TYPE = str(RDF.type)
_REF_LABELS = (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title), str(PG.rationale))
_REF_LABEL_RANK = {p: rank for rank, p in enumerate(_REF_LABELS)}
_REF_OX_TYPE = ox.NamedNode(_REF_TYPE)
_REF_OX_LABELS = tuple(ox.NamedNode(p) for p in _REF_LABELS)
_REF_PG = str(PG)
_REF_PG_PLAN = str(PG.Plan)

Edge = tuple[str, str, str]


def _ref_term(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@functools.cache  # a pure function of the IRI: the cache only saves repeating it
def _ref_curie(iri: str) -> str:
    return curie(URIRef(iri))


def _ref_main_type(types: list[str]) -> str | None:
    if not types:
        return None
    if len(types) == 1:
        return _ref_curie(types[0])
    ranked = sorted(types, key=lambda t: (not t.startswith(_REF_PG), t == _REF_PG_PLAN, t))
    return _ref_curie(ranked[0])


_REF_NODE_SEEN: dict[
    tuple[str, int, str | None], tuple[object, dict[str, Any], dict[str, Any]]
] = {}
"""``reference_as_json``'s entry of a node (its label and type), not expanded and expanded, per
node IRI, facts list and language (the entries are only compared, never changed).

They are a function of those three alone, and a node's facts list is the very same object in
every reference walk of a store (``_RememberingSource``), so a node met again (in most of the
exhaustive tests' walks) is looked up rather than worked out again. The entry holds the list:
its ``id`` is not reused while it is here, and the ``is`` check makes sure of it."""


_REF_EDGE_SEEN: dict[Edge, dict[str, Any]] = {}
"""``reference_as_json``'s entry of a link (a function of the link alone)."""


def reference_as_json(self: Subgraph, lang: str | None) -> dict[str, Any]:
    """``Subgraph.as_json`` as it was (each node's label and type remembered, as above)."""
    order = fallback_order(lang)
    lang_rank = {language: rank for rank, language in enumerate(order)}
    untagged = len(order)
    other = len(order) + 1
    nodes = []
    expanded = self.expanded
    seen = _REF_NODE_SEEN
    for iri in self.nodes:
        facts = self.about.get(iri, ())
        known = seen.get((iri, id(facts), lang))
        if known is None or known[0] is not facts:
            best: tuple[int, int] | None = None
            label = ""
            types = []
            for predicate, value in facts:
                if predicate == _REF_TYPE:
                    types.append(value.value)
                elif isinstance(value, ox.Literal):
                    language = value.language
                    rank = lang_rank.get(language.lower(), other) if language else untagged
                    key = (rank, _REF_LABEL_RANK[predicate])
                    if best is None or key < best:
                        best, label = key, value.value
            entry = {
                "iri": iri,
                "label": label if best is not None else local_name(URIRef(iri)),
                "type": _ref_main_type(types),
                "expanded": False,
            }
            known = (facts, entry, {**entry, "expanded": True})
            seen[(iri, id(facts), lang)] = known
        nodes.append(known[2] if iri in expanded else known[1])
    edge_seen = _REF_EDGE_SEEN
    edges = []
    for edge in self.edges:
        entry = edge_seen.get(edge)
        if entry is None:
            s, p, o = edge
            entry = edge_seen[edge] = {"source": s, "target": o, "predicate": _ref_curie(p)}
        edges.append(entry)
    return {
        "root": self.root,
        "depth": self.depth,
        "nodes": nodes,
        "edges": edges,
        "truncated": self.truncated,
        "hubs": list(self.hubs),
        "fanout": self.fanout,
    }


class _ReferenceSource:
    """How the walk reads the store: direct patterns on Oxigraph, queries elsewhere."""

    def __init__(self, store: PlanStore) -> None:
        self.store = store
        self.raw: ox.Store | None = store.raw if isinstance(store, OxigraphStore) else None

    def links(
        self, node: str, follow: tuple[str, ...], direction: str, limit: int | None
    ) -> list[tuple[Edge, str]] | None:
        out = direction in ("out", "both")
        into = direction in ("in", "both")
        if self.raw is not None:
            return self._ox_links(node, follow, out, into, limit)
        found: dict[Edge, str] = {}
        binding = {"node": URIRef(node)}
        rows: list[tuple[Edge, str]] = []
        if out:
            for r in self.store.select(resources.query_text("subgraph_out"), binding):
                obj = str(r["object"])
                rows.append(((node, str(r["predicate"]), obj), obj))
        if into:
            for r in self.store.select(resources.query_text("subgraph_in"), binding):
                subject = str(r["subject"])
                rows.append(((subject, str(r["predicate"]), node), subject))
        for edge, other in rows:
            if (not follow or edge[1] in follow) and edge not in found:
                found[edge] = other
                if limit is not None and len(found) > limit:
                    return None
        return list(found.items())

    def _ox_links(
        self, node: str, follow: tuple[str, ...], out: bool, into: bool, limit: int | None
    ) -> list[tuple[Edge, str]] | None:
        assert self.raw is not None
        quads = self.raw.quads_for_pattern
        named = ox.NamedNode
        term = named(node)
        found: dict[Edge, str] = {}
        cap = -1 if limit is None else limit
        lookups: list[tuple[str | None, Any, bool]] = []
        for predicate in follow or (None,):
            p = _ref_term(predicate) if predicate is not None else None
            if out:
                lookups.append((predicate, p, True))
            if into:
                lookups.append((predicate, p, False))
        for predicate, p, outward in lookups:
            for q in quads(term, p, None, None) if outward else quads(None, p, term, None):
                other_term = q.object if outward else q.subject
                if type(other_term) is not named:
                    continue
                pred = predicate if predicate is not None else q.predicate.value
                if pred == _REF_TYPE:
                    continue
                other = other_term.value
                edge = (node, pred, other) if outward else (other, pred, node)
                if edge not in found:
                    found[edge] = other
                    if len(found) == cap + 1:
                        return None
        return list(found.items())

    def about(self, node: str) -> list[tuple[str, Any]]:
        facts: list[tuple[str, Any]] = []
        if self.raw is not None:
            subject = ox.NamedNode(node)
            quads_for_pattern = self.raw.quads_for_pattern
            for predicate in (_REF_OX_TYPE, *_REF_OX_LABELS):
                for q in quads_for_pattern(subject, predicate, None, None):
                    facts.append((predicate.value, q.object))
            return list(dict.fromkeys(facts)) if len(facts) > 1 else facts
        seen: set[tuple[str, Any]] = set()
        for r in self.store.select(resources.query_text("subgraph_about"), {"node": URIRef(node)}):
            key = (str(r["predicate"]), to_ox(r["object"]))
            if key not in seen:
                seen.add(key)
                facts.append(key)
        return facts

    def exists(self, node: str) -> bool:
        if self.raw is not None:
            term = ox.NamedNode(node)
            return any(True for _ in self.raw.quads_for_pattern(term, None, None, None)) or any(
                True for _ in self.raw.quads_for_pattern(None, None, term, None)
            )
        return self.store.ask(
            "ASK { { ?node ?p ?o } UNION { ?s ?p ?node } }", {"node": URIRef(node)}
        )


class _RememberingSource(_ReferenceSource):
    """``_ReferenceSource`` with each read done once per store: ``links``, ``about`` and
    ``exists`` are functions of the store's content and their arguments alone, and no test here
    changes a store after its first walk, so a repeated read answers what the first one did.

    The exhaustive tests walk the same store tens of thousands of times, and the walks share
    most of their reads (a deeper walk repeats a shallower one's, a node's facts are the same in
    every walk that reaches it): the reference's walk logic still runs for every walk, only its
    store reads are shared. The lists handed out are shared too: nothing here changes them.
    """

    def __init__(self, store: PlanStore) -> None:
        super().__init__(store)
        self._links: dict[tuple[Any, ...], list[tuple[Edge, str]] | None] = {}
        self._about: dict[str, list[tuple[str, Any]]] = {}
        self._exists: dict[str, bool] = {}

    def links(
        self, node: str, follow: tuple[str, ...], direction: str, limit: int | None
    ) -> list[tuple[Edge, str]] | None:
        key = (node, follow, direction, limit)
        if key not in self._links:
            self._links[key] = super().links(node, follow, direction, limit)
        return self._links[key]

    def about(self, node: str) -> list[tuple[str, Any]]:
        if node not in self._about:
            self._about[node] = super().about(node)
        return self._about[node]

    def exists(self, node: str) -> bool:
        if node not in self._exists:
            self._exists[node] = super().exists(node)
        return self._exists[node]


_SOURCES: dict[PlanStore, _RememberingSource] = {}
"""The reference's source of each store walked in this module (forgotten at its end)."""


def _reference_source(store: PlanStore) -> _ReferenceSource:
    if store not in _SOURCES:
        _SOURCES[store] = _RememberingSource(store)
    return _SOURCES[store]


def reference_subgraph(
    store: PlanStore,
    root: str,
    *,
    depth: int = 1,
    predicates: Collection[str] | None = None,
    direction: str = "both",
    max_nodes: int = 500,
    fanout: int | None = 50,
) -> Subgraph:
    """``subgraph()`` as it was."""
    if not 0 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 0 and {MAX_DEPTH}")
    if fanout is not None and fanout < 0:
        raise ValueError("fanout must not be negative")
    source = _reference_source(store)
    if not source.exists(root):
        raise NotFoundError(f"no node {root} in the store")
    chosen = DEFAULT_PREDICATES if predicates is None else predicates
    follow = tuple(p for p in dict.fromkeys(chosen) if p != _REF_TYPE)
    result = Subgraph(root=root, depth=depth, nodes=[root], fanout=fanout)
    reached = {root}
    edge_seen: set[Edge] = set()
    frontier = [root]
    if chosen and not follow:
        frontier = []
    for _hop in range(depth):
        next_frontier: list[str] = []
        for node in frontier:
            links = source.links(node, follow, direction, None if node == root else fanout)
            if links is None:
                result.hubs.append(node)
                continue
            result.expanded.add(node)
            for edge, other in links:
                if other not in reached:
                    if len(reached) >= max_nodes:
                        result.truncated = True
                        continue
                    reached.add(other)
                    result.nodes.append(other)
                    next_frontier.append(other)
                if edge not in edge_seen:
                    edge_seen.add(edge)
                    result.edges.append(edge)
        frontier = next_frontier
        if not frontier:
            break
    for iri in result.nodes:
        result.about[iri] = source.about(iri)
    return result


# ------------------------------------------------------------------ comparing results


def _summary(result: Subgraph) -> dict[str, Any]:
    """A walk's result as sets, after checking that its lists hold no duplicates."""
    assert result.nodes[0] == result.root
    assert len(set(result.nodes)) == len(result.nodes)
    assert len(set(result.edges)) == len(result.edges)
    assert len(set(result.hubs)) == len(result.hubs)
    assert set(result.about) == set(result.nodes)
    for facts in result.about.values():
        assert len(set(facts)) == len(facts)
    return {
        "root": result.root,
        "depth": result.depth,
        "fanout": result.fanout,
        "truncated": result.truncated,
        "nodes": set(result.nodes),
        "edges": set(result.edges),
        "hubs": set(result.hubs),
        "expanded": set(result.expanded),
        "about": {iri: set(facts) for iri, facts in result.about.items()},
    }


def _ordered(result: Subgraph) -> tuple[Any, ...]:
    return (result.nodes, result.edges, result.hubs, list(result.about.items()), result.truncated)


def _assert_cut_alike(store: PlanStore, actual: Subgraph, expected: Subgraph) -> None:
    """Both walks were cut by the node cap: same flag and size, right facts, links inside."""
    assert actual.truncated and expected.truncated
    assert len(actual.nodes) == len(expected.nodes)
    summary = _summary(actual)
    reference = _reference_source(store)
    for iri in actual.nodes:
        assert summary["about"][iri] == set(reference.about(iri)), iri
    for s, _p, o in actual.edges:
        assert s in summary["nodes"] and o in summary["nodes"]
        assert s in actual.expanded or o in actual.expanded


def _sorted_json(data: dict[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "nodes": sorted(data["nodes"], key=lambda n: n["iri"]),
        "edges": sorted(data["edges"], key=lambda e: (e["source"], e["predicate"], e["target"])),
        "hubs": sorted(data["hubs"]),
    }


def _content(result: Subgraph) -> tuple[Any, ...]:
    """What ``as_json`` reads of a walk's result, in order, as one hashable value: all of it but
    ``depth`` and ``fanout``, which both renderings copy into the JSON as they are (and which
    ``_summary`` has compared)."""
    return (
        result.root,
        result.truncated,
        tuple(result.nodes),
        tuple(result.edges),
        tuple(result.hubs),
        frozenset(result.expanded),
        tuple((iri, tuple(facts)) for iri, facts in result.about.items()),
    )


def _content_key(expected: Subgraph) -> tuple[Any, ...]:
    """``_content`` of a reference result, with each node's facts as the ``id`` of its list:
    the reference's facts lists are ``_RememberingSource``'s, one per node and store, kept (and
    unchanged) until the module ends, when ``_JSON_COMPARED`` is emptied too. Two results with
    equal keys have equal content, without hashing every fact of every node again."""
    return (
        expected.root,
        expected.truncated,
        tuple(expected.nodes),
        tuple(expected.edges),
        tuple(expected.hubs),
        frozenset(expected.expanded),
        tuple(id(facts) for facts in expected.about.values()),
    )


_JSON_COMPARED: set[tuple[Any, ...]] = set()
"""The results (``_content_key``) whose JSON (both languages) has been compared with the
reference's already.

Many parameter combinations reach the very same result (a deeper walk that finds nothing new,
a fan-out no node exceeds, a direction or predicate list that adds no link). Once the walk's result is known to equal the reference's in full
(``_summary``, ``_ordered``), the two JSON renderings are pure functions of that same content:
comparing them again for an equal result checks nothing new, and was most of this file's time.
"""


_REFERENCE_CACHE: dict[tuple[Any, ...], Subgraph] = {}
"""The reference's results where several tests (or loops) walk the same store with the same
parameters and only the current walk's own settings (``_IN_SCAN``, ``_OUT_SCAN``) differ: the
reference reads none of those, so its result for a store, root and parameters is computed once."""


@pytest.fixture(scope="module", autouse=True)
def _forget_references() -> Iterator[None]:
    yield
    _REFERENCE_CACHE.clear()
    _SOURCES.clear()
    _REF_NODE_SEEN.clear()
    _REF_EDGE_SEEN.clear()
    _JSON_COMPARED.clear()
    _NO_DUPLICATES.clear()


def _reference_once(store: PlanStore, root: str, **params: Any) -> Subgraph:
    key = (store, root, *sorted((k, _hashable(v)) for k, v in params.items()))
    if key not in _REFERENCE_CACHE:
        _REFERENCE_CACHE[key] = reference_subgraph(store, root, **params)
    return _REFERENCE_CACHE[key]


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _assert_same(store: PlanStore, root: str, *, reuse: bool = False, **params: Any) -> Subgraph:
    """The walk equals the reference (``reuse``: the reference's result may come from an earlier
    call with the same store, root and parameters; for stores kept for the whole module)."""
    if reuse:
        expected = _reference_once(store, root, **params)
    else:
        expected = reference_subgraph(store, root, **params)
    actual = subgraph(store, root, **params)
    same_order = _ordered(actual) == _ordered(expected)
    if expected.truncated:
        # The node cap cut the walk: which nodes it kept may depend on the order links are read.
        _assert_cut_alike(store, actual, expected)
    elif same_order:
        _assert_same_lists_summary(actual, expected, (root, params))
    else:
        assert _summary(actual) == _summary(expected), (root, params)
    # Beyond the contract: the walk keeps the reference's order too (it puts links into one
    # slot per predicate and direction, however it read them), so even cut walks agree.
    if not same_order:
        assert _ordered(actual) == _ordered(expected), (root, params)
    key = None if expected.truncated else _content_key(expected)
    if key is not None and key not in _JSON_COMPARED:
        assert _content(actual) == _content(expected), (root, params)
        for lang in ("nb", "en"):
            got, want = actual.as_json(lang), reference_as_json(expected, lang)
            # Equal as they are is equal once sorted; only a difference needs the sorting
            # (which decides, as before: order may differ).
            if got != want:
                assert _sorted_json(got) == _sorted_json(want), (root, params, lang)
        _JSON_COMPARED.add(key)
    return actual


_NO_DUPLICATES: dict[int, list[tuple[str, Any]]] = {}
"""The reference's facts lists (``_RememberingSource``'s, by ``id``, the list kept so that the
``id`` is not reused) found to hold no duplicate fact."""


def _assert_same_lists_summary(
    actual: Subgraph, expected: Subgraph, context: tuple[Any, ...]
) -> None:
    """``assert _summary(actual) == _summary(expected)``, for a walk whose ordered lists
    (``_ordered``) equal the reference's: equal lists are equal sets, so what is left to
    compare is what ``_ordered`` leaves out, and ``_summary``'s checks of both results' lists
    (no duplicates, the root first, facts for exactly the nodes) are made once, on the walk's
    lists (a list holds a duplicate exactly when an equal list does). A node's facts are the
    reference's own list, checked once per list."""
    assert (actual.root, actual.depth, actual.fanout, actual.expanded) == (
        expected.root,
        expected.depth,
        expected.fanout,
        expected.expanded,
    ), context
    assert actual.nodes[0] == actual.root
    assert len(set(actual.nodes)) == len(actual.nodes)
    assert len(set(actual.edges)) == len(actual.edges)
    assert len(set(actual.hubs)) == len(actual.hubs)
    assert set(actual.about) == set(actual.nodes)
    checked = _NO_DUPLICATES
    for facts in expected.about.values():  # equal to the walk's (``_ordered``)
        if checked.get(id(facts)) is not facts:
            assert len(set(facts)) == len(facts)
            checked[id(facts)] = facts


def _subjects(store: PlanStore) -> list[str]:
    """Every IRI that is the subject of a triple, sorted."""
    assert isinstance(store, OxigraphStore)
    return sorted(
        {q.subject.value for q in store.raw if isinstance(q.subject, ox.NamedNode)}  # type: ignore[union-attr]
    )


DEPTHS = range(MAX_DEPTH + 1)
DIRECTIONS = ("out", "in", "both")
FANOUTS = (None, 0, 1, 50)
BIG = 1_000_000


def _predicate_choices(single: str) -> list[tuple[str, ...] | None]:
    return [None, (), (single,)]


# ------------------------------------------------------------------ (a) the seed data


@pytest.fixture(scope="module")
def seed() -> PlanStore:
    return open_store()


@pytest.mark.slow
@pytest.mark.untraced
def test_seed_every_subject_every_parameter(seed: PlanStore) -> None:
    roots = _subjects(seed)
    assert len(roots) > 200
    singles = [str(PG.contributesTo), str(PG.partOfPlan), str(PG.inTheme), str(SKOS.closeMatch)]
    walks = 0
    for i, root in enumerate(roots):
        single = singles[i % len(singles)]
        for depth in DEPTHS:
            for direction in DIRECTIONS:
                for predicates in _predicate_choices(single):
                    for fanout in FANOUTS:
                        _assert_same(
                            seed,
                            root,
                            depth=depth,
                            direction=direction,
                            predicates=predicates,
                            fanout=fanout,
                            max_nodes=BIG,
                        )
                        walks += 1
    assert walks == len(roots) * 4 * 3 * 3 * 4


def test_seed_objects_only_roots_and_odd_predicate_lists(seed: PlanStore) -> None:
    assert isinstance(seed, OxigraphStore)
    subjects = set(_subjects(seed))
    objects_only = sorted(
        {q.object.value for q in seed.raw if isinstance(q.object, ox.NamedNode)} - subjects
    )
    assert objects_only
    odd: list[tuple[str, ...]] = [
        (_REF_TYPE,),  # only rdf:type: nothing to follow
        (_REF_TYPE, str(PG.addresses)),
        # A repeat, and a literal-valued predicate.
        (str(PG.addresses), str(PG.addresses), str(SKOS.prefLabel)),
        (str(PG.linkSubject), str(PG.linkObject), str(DCTERMS.publisher)),
        ("https://example.org/no-such-predicate",),
    ]
    roots = objects_only[:40] + sorted(subjects)[::7]
    for root in roots:
        for predicates in odd:
            for direction in DIRECTIONS:
                for fanout in (None, 2):
                    _assert_same(
                        seed,
                        root,
                        depth=2,
                        direction=direction,
                        predicates=predicates,
                        fanout=fanout,
                        max_nodes=BIG,
                    )


def test_seed_node_cap(seed: PlanStore) -> None:
    """With a small cap the walks may keep different nodes, but both are cut (or neither)."""
    roots = _subjects(seed)[::5]
    cut = 0
    for root in roots:
        for max_nodes in (1, 5, 30):
            for predicates in (None, ()):
                params: dict[str, Any] = {
                    "depth": 3,
                    "predicates": predicates,
                    "fanout": None,
                    "max_nodes": max_nodes,
                }
                expected = reference_subgraph(seed, root, **params)
                actual = subgraph(seed, root, **params)
                assert actual.truncated == expected.truncated, (root, params)
                assert len(actual.nodes) <= max_nodes
                if expected.truncated:
                    _assert_cut_alike(seed, actual, expected)
                    cut += 1
                else:
                    assert _summary(actual) == _summary(expected)
    assert cut > 10  # the cap did cut walks, so the test says something


@pytest.mark.slow
@pytest.mark.untraced
def test_seed_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The on-disk Oxigraph store orders its indexes differently from the in-memory one."""
    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    assert isinstance(store, OxigraphStore) and store.path is not None
    roots = _subjects(store)[::3]
    for in_scan in (subgraph_module._IN_SCAN, 0):
        monkeypatch.setattr(subgraph_module, "_IN_SCAN", in_scan)
        for root in roots:
            for direction in DIRECTIONS:
                for predicates in (None, ()):
                    for fanout in (None, 1, 50):
                        _assert_same(
                            store,
                            root,
                            reuse=True,
                            depth=2,
                            direction=direction,
                            predicates=predicates,
                            fanout=fanout,
                            max_nodes=BIG,
                        )
    store.close()


def test_unknown_root_is_not_found(seed: PlanStore) -> None:
    for root in (
        str(DATA["no/such/node"]),
        str(DCTERMS.creator),  # used only as a predicate
        "https://w3id.org/plangraph/graph/theme-mapping",  # used only as a graph name
    ):
        with pytest.raises(NotFoundError):
            reference_subgraph(seed, root)
        with pytest.raises(NotFoundError):
            subgraph(seed, root)
        with pytest.raises(NotFoundError):
            subgraph(seed, root, depth=0)


def test_non_oxigraph_backend_agrees(seed: PlanStore) -> None:
    rdflib_store = open_store("rdflib")
    measure = str(DATA["measure/hv-tiltaksplan/helseberedskap"])
    for params in ({"depth": 2}, {"depth": 1, "predicates": (), "direction": "in"}):
        expected = _summary(reference_subgraph(seed, measure, **params))
        assert _summary(subgraph(rdflib_store, measure, **params)) == expected
        assert _summary(subgraph(seed, measure, **params)) == expected


# ------------------------------------------------------------------ (b) generated data


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> PlanStore:
    folder = tmp_path_factory.mktemp("walk")
    generate_plans(20_000, seed=3).write(folder / "synthetic.nq")
    return open_store("memory", data_dir=folder)


@pytest.mark.slow
@pytest.mark.untraced
def test_generated_sample_of_roots(generated: PlanStore) -> None:
    subjects = _subjects(generated)
    assert len(subjects) > 1000
    rng = random.Random(0)
    roots = rng.sample(subjects, 60)
    # The hubs of the synthetic data: themes, goals, plans; and their members.
    for kind, count in (("/theme/", 3), ("/goal/", 3), ("/plan/", 2)):
        roots += [s for s in subjects if kind in s][:count]
    singles = [str(PG.addresses), str(PG.partOfPlan), str(PG.contributesTo)]
    for i, root in enumerate(roots):
        for depth in (1, 2, 3):
            for direction in DIRECTIONS:
                for predicates in _predicate_choices(singles[i % len(singles)]):
                    for fanout in FANOUTS:
                        if depth == 3 and fanout is None and predicates == ():
                            continue  # the whole graph, from every root: nothing new
                        _assert_same(
                            generated,
                            root,
                            depth=depth,
                            direction=direction,
                            predicates=predicates,
                            fanout=fanout,
                            max_nodes=BIG,
                        )


def test_generated_measures_default_walk(generated: PlanStore) -> None:
    """The API's hot path: depth 2 from measures, default links and fan-out."""
    assert isinstance(generated, OxigraphStore)
    measures = sorted(
        r["m"].value  # type: ignore[index]
        for r in generated.raw.query(
            f"SELECT DISTINCT ?m WHERE {{ ?m a <{PG.Measure}> }}", use_default_graph_as_union=True
        )
    )
    assert len(measures) > 100
    for root in measures[::3]:
        _assert_same(generated, root, depth=2, max_nodes=BIG)
        _assert_same(generated, root, depth=2, max_nodes=500)


# ------------------------------------------------------------------ edge cases, hubs, order

EX = "https://example.org/walk/"


def _ex(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


@dataclass
class _Counting:
    """A pyoxigraph store wrapper that counts the quads its pattern lookups hand out."""

    store: ox.Store
    read: int = 0

    def quads_for_pattern(self, *pattern: Any) -> Iterator[ox.Quad]:
        for quad in self.store.quads_for_pattern(*pattern):
            self.read += 1
            yield quad

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _store_of(quads: list[ox.Quad]) -> OxigraphStore:
    store = OxigraphStore()
    store.raw.extend(quads)
    return store


def _hub_store(followed: int, other: int) -> OxigraphStore:
    """root -addresses-> hub; ``followed`` measures contribute to the hub, ``other`` nodes are
    part of it (a link not followed by default), and link records point at it."""
    g1, g2 = _ex("g1"), _ex("g2")
    root, hub = _ex("root"), _ex("hub")
    quads = [
        ox.Quad(root, ox.NamedNode(str(PG.addresses)), hub, g1),
        ox.Quad(hub, ox.NamedNode(_REF_TYPE), ox.NamedNode(str(PG.StrategicGoal)), g1),
        ox.Quad(hub, ox.NamedNode(str(SKOS.prefLabel)), ox.Literal("Hub", language="nb"), g1),
    ]
    for i in range(followed):
        quads.append(ox.Quad(_ex(f"m{i}"), ox.NamedNode(str(PG.contributesTo)), hub, g1))
    for i in range(other):
        quads.append(ox.Quad(_ex(f"x{i}"), ox.NamedNode(str(PG.partOfPlan)), hub, g2))
        if i % 10 == 0:
            quads.append(ox.Quad(_ex(f"link{i}"), ox.NamedNode(str(PG.linkObject)), hub, g2))
    return _store_of(quads)


@pytest.mark.parametrize(("followed", "expanded"), [(3, True), (49, True), (50, False)])
def test_hub_in_scan_is_bounded(followed: int, expanded: bool) -> None:
    # The hub's links to follow: the root's pg:addresses plus ``followed`` pg:contributesTo.
    store = _hub_store(followed, 10_000)
    root, hub = EX + "root", EX + "hub"
    expected = reference_subgraph(store, root, depth=2)
    counting = _Counting(store.raw)
    store._store = counting  # type: ignore[assignment]
    actual = subgraph(store, root, depth=2)
    store._store = counting.store
    assert _summary(actual) == _summary(expected)
    assert (hub in actual.expanded) is expanded
    assert (hub in actual.hubs) is not expanded
    assert len(actual.nodes) == (2 + followed if expanded else 2)
    # The hub has 11,000 incoming quads; the walk reads the followed ones, one scan's worth of
    # the others, and a few more of the root's and the hub's own.
    bound = followed + subgraph_module._IN_SCAN + subgraph_module._OUT_SCAN + 20
    assert 0 < counting.read <= bound < 1_000, counting.read


def test_hub_as_root_reads_every_followed_link() -> None:
    store = _hub_store(120, 5_000)
    hub = EX + "hub"
    result = _assert_same(store, hub, depth=1)
    assert len(result.nodes) == 122 and result.hubs == []  # the hub, the root, 120 measures
    result = _assert_same(store, hub, depth=1, predicates=[str(PG.partOfPlan)], max_nodes=BIG)
    assert len(result.nodes) == 5_001


def _edge_case_store() -> OxigraphStore:
    """Duplicates across graphs, blank nodes, literals, rdf:type, self-links, the default graph,
    and a node ``f`` with many quads each way (past the walk's scan bounds)."""
    g1, g2 = _ex("g1"), _ex("g2")
    dg = ox.DefaultGraph()
    a, b, c, d, e, f = (_ex(n) for n in "abcdef")
    blank = ox.BlankNode("b0")
    addresses = ox.NamedNode(str(PG.addresses))
    in_theme = ox.NamedNode(str(PG.inTheme))
    rdf_type = ox.NamedNode(_REF_TYPE)
    comment = ox.NamedNode(str(RDFS.comment))
    pref, label, title, rationale = (ox.NamedNode(p) for p in _REF_LABELS)
    quads = [
        ox.Quad(a, addresses, b, g1),
        ox.Quad(a, addresses, b, g2),  # the same link in two graphs
        ox.Quad(a, addresses, b, dg),
        ox.Quad(a, addresses, a, g1),  # a self-link
        ox.Quad(a, in_theme, c, g1),
        ox.Quad(a, addresses, blank, g1),  # blank nodes are not walked
        ox.Quad(blank, addresses, a, g1),
        ox.Quad(a, addresses, ox.Literal("x"), g1),  # nor literals
        ox.Quad(a, rdf_type, ox.NamedNode(str(PG.Measure)), g1),
        ox.Quad(a, rdf_type, ox.NamedNode(str(PG.Measure)), g2),
        ox.Quad(a, rdf_type, ox.NamedNode(str(PG.Plan)), g2),
        ox.Quad(a, pref, ox.Literal("A", language="nb"), g1),
        ox.Quad(a, pref, ox.Literal("A", language="nb"), g2),
        ox.Quad(a, pref, ox.Literal("A too", language="nb"), g2),  # a tie: the first one wins
        ox.Quad(e, label, ox.Literal("E", language="nb"), g1),
        ox.Quad(e, label, ox.Literal("E too", language="nb"), g1),
        ox.Quad(a, pref, ox.Literal("A en", language="en"), g1),
        ox.Quad(a, label, ox.Literal("A plain"), g1),
        ox.Quad(a, title, ox.Literal("A title", language="nn"), g1),
        ox.Quad(a, rationale, ox.Literal("Why " * 500, language="nb"), g1),
        ox.Quad(a, comment, ox.Literal("not a label"), g1),
        ox.Quad(a, rdf_type, blank, g1),
        ox.Quad(b, rdf_type, ox.NamedNode(str(PG.Challenge)), g1),
        ox.Quad(b, title, ox.Literal("B"), g1),
        ox.Quad(b, pref, ox.NamedNode(EX + "iri-label"), g1),  # an IRI as a label value
        ox.Quad(c, ox.NamedNode(str(ORG.subOrganizationOf)), d, g1),
        ox.Quad(d, rdf_type, ox.NamedNode(str(PG.Plan)), dg),
        ox.Quad(e, in_theme, c, g2),
        ox.Quad(e, rdf_type, a, g1),  # rdf:type is a fact, never a link, even to a node
        ox.Quad(b, ox.NamedNode(str(PG.partOfPlan)), d, g1),
        ox.Quad(f, pref, ox.Literal("F", language="nb"), g1),
        ox.Quad(f, addresses, f, g1),
        ox.Quad(f, addresses, f, g2),
        ox.Quad(f, in_theme, c, g1),
    ]
    for i in range(70):
        quads.append(ox.Quad(f, comment, ox.Literal(f"text {i} " * 20), g1))
        quads.append(ox.Quad(_ex(f"in{i}"), ox.NamedNode(str(PG.partOfPlan)), f, g1))
        if i % 3 == 0:
            quads.append(ox.Quad(f, addresses, _ex(f"out{i}"), g2))
            quads.append(ox.Quad(_ex(f"in{i}"), in_theme, f, g1))
            quads.append(ox.Quad(_ex(f"in{i}"), in_theme, f, g2))
    quads.append(ox.Quad(f, rdf_type, ox.NamedNode(str(PG.Challenge)), g2))
    quads.append(ox.Quad(a, addresses, f, g1))
    return _store_of(quads)


EDGE_CASE_ROOTS = [EX + n for n in "abcdef"]


def test_edge_cases() -> None:
    store = _edge_case_store()
    for root in EDGE_CASE_ROOTS:
        for depth in DEPTHS:
            for direction in (*DIRECTIONS, "sideways"):  # the API refuses the last; no links
                for predicates in (None, (), (_REF_TYPE,), (str(PG.addresses), _REF_TYPE)):
                    for fanout in (*FANOUTS, 20, 30):
                        _assert_same(
                            store,
                            root,
                            depth=depth,
                            direction=direction,
                            predicates=predicates,
                            fanout=fanout,
                            max_nodes=BIG,
                        )


@pytest.fixture(scope="module")
def edge_cases() -> OxigraphStore:
    return _edge_case_store()


@pytest.mark.parametrize(("in_scan", "out_scan"), [(0, 0), (1, 2), (5, 0), (100_000, 100_000)])
def test_scan_bounds_do_not_change_the_result(
    monkeypatch: pytest.MonkeyPatch,
    seed: PlanStore,
    edge_cases: OxigraphStore,
    in_scan: int,
    out_scan: int,
) -> None:
    """However early the walk's scans give way to lookups per predicate, the result is the same."""
    monkeypatch.setattr(subgraph_module, "_IN_SCAN", in_scan)
    monkeypatch.setattr(subgraph_module, "_OUT_SCAN", out_scan)
    for store, roots in ((seed, _subjects(seed)[::4]), (edge_cases, EDGE_CASE_ROOTS)):
        for root in roots:
            for depth in (1, 2):
                for direction in DIRECTIONS:
                    for predicates in (None, (str(PG.addresses), str(PG.inTheme))):
                        for fanout in (None, 1, 3, 50):
                            _assert_same(
                                store,
                                root,
                                reuse=True,
                                depth=depth,
                                direction=direction,
                                predicates=predicates,
                                fanout=fanout,
                                max_nodes=BIG,
                            )


_ORDER_SCRIPT = """
import json, sys
from plangraph.subgraph import subgraph
from plangraph.store import open_store
store = open_store()
out = []
for root in sys.argv[1:]:
    for params in ({"depth": 2}, {"depth": 2, "predicates": ()}, {"depth": 3, "fanout": 1}):
        result = subgraph(store, root, **params)
        out.append([result.nodes, result.edges, result.hubs, sorted(result.expanded),
                    {k: [(p, str(v)) for p, v in f] for k, f in result.about.items()}])
print(json.dumps(out))
"""


def test_order_is_the_same_in_every_process(seed: PlanStore) -> None:
    roots = _subjects(seed)[::25]
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", _ORDER_SCRIPT, *roots],
            capture_output=True,
            text=True,
            env=env,
            cwd=Path(__file__).resolve().parents[1],
            check=True,
            timeout=300,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    # And the same as in this process.
    here = []
    for root in roots:
        for params in ({"depth": 2}, {"depth": 2, "predicates": ()}, {"depth": 3, "fanout": 1}):
            result = subgraph(seed, root, **params)  # type: ignore[arg-type]
            here.append(
                [
                    result.nodes,
                    [list(e) for e in result.edges],
                    result.hubs,
                    sorted(result.expanded),
                    {k: [[p, str(v)] for p, v in f] for k, f in result.about.items()},
                ]
            )
    assert json.loads(outputs.pop()) == here
