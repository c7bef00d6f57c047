"""The neighbourhood of a node: a breadth-first walk along chosen links, capped in depth and size.

The walk follows links (IRI-valued triples, never ``rdf:type``) out of, into, or both ways from
each node, up to ``depth`` hops. The subgraph holds the links it followed plus the types and
labels of every node it reached. When the node cap stops the walk, ``truncated`` is set and links
to nodes left out are dropped.

Hubs are not expanded: a node other than the root with more than ``fanout`` links to follow (a
theme area with hundreds of challenges, a goal many measures contribute to, a plan) is kept as a
node, but the walk goes no further through it (it is listed in ``hubs`` and marked
``"expanded": false``). Without this rule a depth-2 walk from one measure reaches every challenge
of its theme; ask for the hub as the root to see its links.

On the embedded Oxigraph store the walk reads triple patterns directly, one index lookup per
followed predicate and direction (no query parsing, no rdflib terms), and stops reading a hub's
links as soon as it has seen one more than ``fanout``; on other backends it runs the
``subgraph_*.rq`` queries.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from plangraph import resources
from plangraph.errors import NotFoundError
from plangraph.labels import curie, fallback_order, local_name
from plangraph.store import OxigraphStore, PlanStore
from plangraph.terms import to_ox
from plangraph.vocab import DCTERMS, ORG, PG, RDF, RDFS, SKOS

__all__ = ["DEFAULT_FANOUT", "DEFAULT_PREDICATES", "MAX_DEPTH", "Subgraph", "subgraph"]

MAX_DEPTH = 3
"""The deepest walk the API allows."""

DEFAULT_FANOUT = 50
"""A node other than the root with more links to follow than this is a hub: not expanded.

In the synthetic national graph a challenge has at most ~20 such links (measures addressing it,
its theme, goals, sub-challenges) and a measure at most 6, while a theme area has 100-360
members and most goals 70-900 contributors: 50 keeps the first expanded and stops at the others.
"""

DEFAULT_PREDICATES: tuple[str, ...] = (
    str(PG.addresses),
    str(PG.contributesTo),
    str(PG.inTheme),
    str(PG.subChallengeOf),
    str(SKOS.closeMatch),
    str(SKOS.exactMatch),
    str(SKOS.relatedMatch),
    str(SKOS.broadMatch),
    str(SKOS.narrowMatch),
    str(ORG.subOrganizationOf),
)
"""The links a walk follows unless told otherwise: the plan links the analyses read, theme
mappings and the organisation tree. Provenance and membership links (``pg:partOfPlan``,
``pg:sourceDocument``, ``dcterms:publisher``, link records) are followed only when asked for."""

_TYPE = str(RDF.type)
# The label properties in the order plangraph's node_labels.rq ranks them (the tests check that
# subgraph labels equal nodes.label_of, so a change there shows up here).
_LABELS = (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title), str(PG.rationale))
_LABEL_RANK = {p: rank for rank, p in enumerate(_LABELS)}
_OX_TYPE = ox.NamedNode(_TYPE)
_OX_LABELS = tuple(ox.NamedNode(p) for p in _LABELS)
_PG = str(PG)
_PG_PLAN = str(PG.Plan)

Edge = tuple[str, str, str]
"""A link as ``(subject, predicate, object)`` IRIs."""


@lru_cache(maxsize=4096)
def _curie(iri: str) -> str:
    return curie(URIRef(iri))


@lru_cache(maxsize=1024)
def _term(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@dataclass
class Subgraph:
    """A walk's result: nodes in the order reached, the links followed, and the node facts.

    ``expanded`` holds the nodes whose links the walk followed; ``hubs`` the nodes it reached
    before its last hop but left unexpanded because they have more than ``fanout`` links.
    """

    root: str
    depth: int
    nodes: list[str] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    about: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    truncated: bool = False
    expanded: set[str] = field(default_factory=set)
    hubs: list[str] = field(default_factory=list)
    fanout: int | None = None

    def triples(self) -> list[ox.Triple]:
        """Links, types and labels as pyoxigraph triples, for the RDF serialisers."""
        out = [
            ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)) for s, p, o in self.edges
        ]
        for iri in self.nodes:
            subject = ox.NamedNode(iri)
            for predicate, value in self.about.get(iri, ()):
                out.append(ox.Triple(subject, ox.NamedNode(predicate), value))
        return out

    def as_json(self, lang: str | None) -> dict[str, Any]:
        """``{"nodes": [{"iri","label","type","expanded"}], "edges": [...], "hubs": [...]}``."""
        # pick_label's order, without converting every literal to rdflib: the asked language
        # first (then its fallbacks), then untagged, then any; prefLabel before rdfs:label
        # before dcterms:title within a language.
        order = fallback_order(lang)
        lang_rank = {language: rank for rank, language in enumerate(order)}
        untagged = len(order)
        other = len(order) + 1
        nodes = []
        expanded = self.expanded
        for iri in self.nodes:
            best: tuple[int, int] | None = None
            label = ""
            types = []
            for predicate, value in self.about.get(iri, ()):
                if predicate == _TYPE:
                    types.append(value.value)
                elif isinstance(value, ox.Literal):
                    language = value.language
                    rank = lang_rank.get(language.lower(), other) if language else untagged
                    key = (rank, _LABEL_RANK[predicate])
                    if best is None or key < best:
                        best, label = key, value.value
            nodes.append(
                {
                    "iri": iri,
                    "label": label if best is not None else local_name(URIRef(iri)),
                    "type": _main_type(types),
                    "expanded": iri in expanded,
                }
            )
        edges = [{"source": s, "target": o, "predicate": _curie(p)} for s, p, o in self.edges]
        return {
            "root": self.root,
            "depth": self.depth,
            "nodes": nodes,
            "edges": edges,
            "truncated": self.truncated,
            "hubs": list(self.hubs),
            "fanout": self.fanout,
        }


def _main_type(types: list[str]) -> str | None:
    """The most telling type: a plangraph class other than pg:Plan first, then any."""
    if not types:
        return None
    if len(types) == 1:
        return _curie(types[0])
    ranked = sorted(types, key=lambda t: (not t.startswith(_PG), t == _PG_PLAN, t))
    return _curie(ranked[0])


class _Source:
    """How the walk reads the store: direct patterns on Oxigraph, queries elsewhere."""

    def __init__(self, store: PlanStore) -> None:
        self.store = store
        self.raw: ox.Store | None = store.raw if isinstance(store, OxigraphStore) else None

    def links(
        self, node: str, follow: tuple[str, ...], direction: str, limit: int | None
    ) -> list[tuple[Edge, str]] | None:
        """The distinct links of ``node`` to follow, each with the node at its other end.

        ``follow`` empty means every link. ``None`` when there are more than ``limit``: the
        reading stops there, so a hub costs ``limit`` lookups, not its whole degree.
        """
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
        # The hot path of the API (hubs are read up to limit + 1 links): one index lookup per
        # followed predicate and direction, plain loops, no generator.
        assert self.raw is not None
        quads = self.raw.quads_for_pattern
        named = ox.NamedNode
        term = named(node)
        found: dict[Edge, str] = {}
        cap = -1 if limit is None else limit
        lookups: list[tuple[str | None, Any, bool]] = []
        for predicate in follow or (None,):
            p = _term(predicate) if predicate is not None else None
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
                if pred == _TYPE:
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
            for predicate in (_OX_TYPE, *_OX_LABELS):
                for q in quads_for_pattern(subject, predicate, None, None):
                    facts.append((predicate.value, q.object))
            # The same fact in two named graphs is one fact (dict keeps the first position).
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


def subgraph(
    store: PlanStore,
    root: str,
    *,
    depth: int = 1,
    predicates: Collection[str] | None = None,
    direction: str = "both",
    max_nodes: int = 500,
    fanout: int | None = DEFAULT_FANOUT,
) -> Subgraph:
    """Walk from ``root`` along ``predicates`` (default ``DEFAULT_PREDICATES``; empty: any link).

    ``direction`` is ``out``, ``in`` or ``both``. The root is always expanded; another node
    only when it has at most ``fanout`` links to follow (``None``: no limit). Raises
    ``NotFoundError`` for an unknown root.
    """
    if not 0 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 0 and {MAX_DEPTH}")
    if fanout is not None and fanout < 0:
        raise ValueError("fanout must not be negative")
    source = _Source(store)
    if not source.exists(root):
        raise NotFoundError(f"no node {root} in the store")
    # A tuple in the order given, so that the walk (and where the node cap cuts it) is the same
    # in every process; types are node facts, never links to walk.
    chosen = DEFAULT_PREDICATES if predicates is None else predicates
    follow = tuple(p for p in dict.fromkeys(chosen) if p != _TYPE)
    result = Subgraph(root=root, depth=depth, nodes=[root], fanout=fanout)
    reached = {root}
    edge_seen: set[Edge] = set()
    frontier = [root]
    if chosen and not follow:  # only rdf:type was asked for: there is nothing to follow
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
