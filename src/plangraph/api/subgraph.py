"""The neighbourhood of a node: a breadth-first walk along chosen links, capped in depth and size.

The walk follows links (IRI-valued triples, never ``rdf:type``) out of, into, or both ways from
each node, up to ``depth`` hops. The subgraph holds the links it followed plus the types and
labels of every node it reached. When the node cap stops the walk, ``truncated`` is set and links
to nodes left out are dropped.

On the embedded Oxigraph store the walk reads triple patterns directly (no query parsing: a
depth-2 walk is hundreds of lookups); on other backends it runs the ``subgraph_*.rq`` queries.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from plangraph.api.rendering import api_query
from plangraph.errors import NotFoundError
from plangraph.labels import curie, fallback_order, local_name
from plangraph.store import OxigraphStore, PlanStore
from plangraph.terms import to_ox
from plangraph.vocab import DCTERMS, PG, RDF, RDFS, SKOS

__all__ = ["DEFAULT_PREDICATES", "MAX_DEPTH", "Subgraph", "subgraph"]

MAX_DEPTH = 3
"""The deepest walk the API allows."""

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
)
"""The links a walk follows unless told otherwise: the plan links the analyses read."""

_TYPE = str(RDF.type)
# The label properties in the order plangraph's node_labels.rq ranks them (the tests check that
# subgraph labels equal nodes.label_of, so a change there shows up here).
_LABELS = (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title), str(PG.rationale))
_LABEL_RANK = {p: rank for rank, p in enumerate(_LABELS)}
_OX_TYPE = ox.NamedNode(_TYPE)
_OX_LABELS = tuple(ox.NamedNode(p) for p in _LABELS)
_PG = str(PG)


@dataclass
class Subgraph:
    """A walk's result: nodes in the order reached, the links followed, and the node facts."""

    root: str
    depth: int
    nodes: list[str] = field(default_factory=list)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    about: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    truncated: bool = False

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
        """``{"nodes": [{"iri","label","type"}], "edges": [{"source","target","predicate"}]}``."""
        # pick_label's order, without converting every literal to rdflib: the asked language
        # first (then its fallbacks), then untagged, then any; prefLabel before rdfs:label
        # before dcterms:title within a language.
        order = fallback_order(lang)
        nodes = []
        for iri in self.nodes:
            best: tuple[int, int] | None = None
            label = ""
            types = []
            for predicate, value in self.about.get(iri, ()):
                if predicate == _TYPE:
                    types.append(value.value)
                elif isinstance(value, ox.Literal):
                    language = (value.language or "").lower()
                    if language in order:
                        lang_rank = order.index(language)
                    else:
                        lang_rank = len(order) + (1 if language else 0)
                    key = (lang_rank, _LABEL_RANK[predicate])
                    if best is None or key < best:
                        best, label = key, value.value
            nodes.append(
                {
                    "iri": iri,
                    "label": label if best is not None else local_name(URIRef(iri)),
                    "type": _main_type(types),
                }
            )
        curies: dict[str, str] = {}
        edges = []
        for s, p, o in self.edges:
            if p not in curies:
                curies[p] = curie(URIRef(p))
            edges.append({"source": s, "target": o, "predicate": curies[p]})
        return {
            "root": self.root,
            "depth": self.depth,
            "nodes": nodes,
            "edges": edges,
            "truncated": self.truncated,
        }


def _main_type(types: list[str]) -> str | None:
    """The most telling type: a plangraph class other than pg:Plan first, then any."""
    if not types:
        return None
    ranked = sorted(types, key=lambda t: (not t.startswith(_PG), t == str(PG.Plan), t))
    return curie(URIRef(ranked[0]))


class _Source:
    """How the walk reads the store: direct patterns on Oxigraph, queries elsewhere."""

    def __init__(self, store: PlanStore) -> None:
        self.store = store
        self.raw: ox.Store | None = store.raw if isinstance(store, OxigraphStore) else None

    def out_links(self, node: str) -> Iterator[tuple[str, str]]:
        if self.raw is not None:
            seen: set[tuple[str, str]] = set()
            for q in self.raw.quads_for_pattern(ox.NamedNode(node), None, None, None):
                obj = q.object
                if isinstance(obj, ox.NamedNode) and q.predicate.value != _TYPE:
                    key = (q.predicate.value, obj.value)
                    if key not in seen:
                        seen.add(key)
                        yield key
            return
        for r in self.store.select(api_query("subgraph_out"), {"node": URIRef(node)}):
            yield str(r["predicate"]), str(r["object"])

    def in_links(self, node: str) -> Iterator[tuple[str, str]]:
        if self.raw is not None:
            seen: set[tuple[str, str]] = set()
            for q in self.raw.quads_for_pattern(None, None, ox.NamedNode(node), None):
                subject = q.subject
                if isinstance(subject, ox.NamedNode) and q.predicate.value != _TYPE:
                    key = (q.predicate.value, subject.value)
                    if key not in seen:
                        seen.add(key)
                        yield key
            return
        for r in self.store.select(api_query("subgraph_in"), {"node": URIRef(node)}):
            yield str(r["predicate"]), str(r["subject"])

    def about(self, node: str) -> list[tuple[str, Any]]:
        facts: list[tuple[str, Any]] = []
        seen: set[tuple[str, Any]] = set()
        if self.raw is not None:
            subject = ox.NamedNode(node)
            for predicate in (_OX_TYPE, *_OX_LABELS):
                for q in self.raw.quads_for_pattern(subject, predicate, None, None):
                    key = (predicate.value, q.object)
                    if key not in seen:
                        seen.add(key)
                        facts.append(key)
            return facts
        for r in self.store.select(api_query("subgraph_about"), {"node": URIRef(node)}):
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
) -> Subgraph:
    """Walk from ``root`` along ``predicates`` (default ``DEFAULT_PREDICATES``; empty: any link).

    ``direction`` is ``out``, ``in`` or ``both``. Raises ``NotFoundError`` for an unknown root.
    """
    if not 0 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 0 and {MAX_DEPTH}")
    source = _Source(store)
    if not source.exists(root):
        raise NotFoundError(f"no node {root} in the store")
    follow = set(DEFAULT_PREDICATES if predicates is None else predicates)
    result = Subgraph(root=root, depth=depth, nodes=[root])
    reached = {root}
    edge_seen: set[tuple[str, str, str]] = set()
    frontier = [root]

    def add_edge(edge: tuple[str, str, str], other: str) -> bool:
        if other not in reached:
            if len(reached) >= max_nodes:
                result.truncated = True
                return False
            reached.add(other)
            result.nodes.append(other)
            next_frontier.append(other)
        if edge not in edge_seen:
            edge_seen.add(edge)
            result.edges.append(edge)
        return True

    for _hop in range(depth):
        next_frontier: list[str] = []
        for node in frontier:
            if direction in ("out", "both"):
                for predicate, obj in source.out_links(node):
                    if not follow or predicate in follow:
                        add_edge((node, predicate, obj), obj)
            if direction in ("in", "both"):
                for predicate, subj in source.in_links(node):
                    if not follow or predicate in follow:
                        add_edge((subj, predicate, node), subj)
        frontier = next_frontier
        if not frontier:
            break
    for iri in result.nodes:
        result.about[iri] = source.about(iri)
    return result
