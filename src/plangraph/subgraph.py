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

On the embedded Oxigraph store the walk reads quad patterns directly (no query parsing, no
rdflib terms). There each quad handed to Python is what costs, so the walk reads as few as it
can. A node's incoming quads come first: in one scan when they are few (``_IN_SCAN``), else by
one lookup per followed predicate, those the scan met first, so that a hub's links pass
``fanout`` early; the reading stops there, and a hub costs about ``fanout`` quads however many
links it has. A node's own quads come in one scan (``_OUT_SCAN``) that also gives its types and
labels, else by one lookup per followed predicate; the nodes the walk does not expand have their
types and labels looked up. (A walk along every link reads one lookup per direction.) Whichever
way they were read, links are ordered as one lookup per followed predicate and direction
(outgoing first) would give them, so the result, and where the node cap cuts it, does not
depend on that. Whether the root exists is asked only when the walk finds neither facts nor
links of it. On other backends the walk runs the ``subgraph_*.rq`` queries.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from plangraph import resources
from plangraph.errors import NotFoundError
from plangraph.labels import LABEL_PROPERTIES, curie, fallback_order, local_name
from plangraph.store import PlanStore
from plangraph.terms import to_ox
from plangraph.vocab import ORG, PG, RDF, SKOS

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
_LABELS = (*(str(p) for p in LABEL_PROPERTIES), str(PG.rationale))
_LABEL_RANK = {p: rank for rank, p in enumerate(_LABELS)}
# The node facts a subgraph holds, as (IRI, pyoxigraph term) pairs in the order they are read.
_OX_ABOUT = tuple((p, ox.NamedNode(p)) for p in (_TYPE, *_LABELS))
_ABOUT_RANK = {p: rank for rank, (p, _term) in enumerate(_OX_ABOUT)}
_IN_SCAN = 8
"""How many of a node's incoming quads the Oxigraph walk reads in one scan. A node with more (a
goal with hundreds of contributing measures and their link records, a theme, a plan) has its
followed predicates looked up one by one instead: a lookup hands over only the quads along its
predicate, and stops with the hub's limit."""
_OUT_SCAN = 64
"""How many of a node's own quads the Oxigraph walk reads in one scan (usually a dozen: links,
types, labels, texts) before it looks up its followed predicates one by one instead."""
_PG = str(PG)
_PG_PLAN = str(PG.Plan)

Edge = tuple[str, str, str]
"""A link as ``(subject, predicate, object)`` IRIs."""


@lru_cache(maxsize=4096)
def _curie(iri: str) -> str:
    return curie(URIRef(iri))


@lru_cache(maxsize=64)
def _follow_terms(follow: tuple[str, ...]) -> tuple[tuple[ox.NamedNode, ...], dict[str, int]]:
    """The followed predicates as pyoxigraph terms, and each one's position in ``follow``."""
    return tuple(ox.NamedNode(p) for p in follow), {p: i for i, p in enumerate(follow)}


def _distinct(facts: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The same fact in two named graphs is one fact (the first position is kept)."""
    return list(dict.fromkeys(facts)) if len(facts) > 1 else facts


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
        # One number per (language rank, label property rank) pair, ordered as the pairs are.
        width = len(_LABELS)
        label_rank = _LABEL_RANK
        is_type = _TYPE
        literal = ox.Literal
        about = self.about
        expanded = self.expanded
        # A language tag's rank, looked up once per distinct tag as written (the literals of
        # one walk carry few: nb, nn, en, none).
        tag_rank: dict[str, int] = {}
        nodes = []
        for iri in self.nodes:
            best = -1
            chosen: Any = None
            types = []
            for predicate, value in about.get(iri, ()):
                if predicate == is_type:
                    types.append(value.value)
                elif type(value) is literal:
                    language = value.language
                    if language:
                        rank = tag_rank.get(language, -1)
                        if rank < 0:
                            rank = tag_rank[language] = lang_rank.get(language.lower(), other)
                    else:
                        rank = untagged
                    key = rank * width + label_rank[predicate]
                    if best < 0 or key < best:
                        best, chosen = key, value
            nodes.append(
                {
                    "iri": iri,
                    "label": chosen.value if best >= 0 else local_name(iri),
                    "type": (_curie(types[0]) if len(types) == 1 else _main_type(types)),
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
        self.patterns = store.patterns
        # Node facts read along with a node's outgoing links (Oxigraph), for about().
        self._facts: dict[str, list[tuple[str, Any]]] = {}

    def links(
        self, node: str, follow: tuple[str, ...], direction: str, limit: int | None
    ) -> list[tuple[Edge, str]] | None:
        """The distinct links of ``node`` to follow, each with the node at its other end.

        ``follow`` empty means every link. ``None`` when there are more than ``limit``: the
        reading stops there, so a hub costs about ``limit`` links read, not its whole degree.
        On Oxigraph they come in the order of one lookup per followed predicate and direction
        (outgoing first), each in the store's order; elsewhere in the queries' order.
        """
        out = direction in ("out", "both")
        into = direction in ("in", "both")
        if self.patterns is not None:
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

    # The Oxigraph walk is the API's hot path. pyoxigraph decodes every quad it hands to
    # Python into new objects, and that (more than the index lookups) is what costs, so the walk
    # reads as few quads as it can (see the module docstring). The links go into one slot per
    # predicate and direction, so their order does not depend on how they were read.

    def _ox_links(
        self, node: str, follow: tuple[str, ...], out: bool, into: bool, limit: int | None
    ) -> list[tuple[Edge, str]] | None:
        assert self.patterns is not None
        if not follow:
            return self._ox_every_link(node, out, into, limit)
        term = ox.NamedNode(node)
        # Slot 2i holds the outgoing links along follow[i], slot 2i + 1 the incoming ones.
        slots: list[list[tuple[Edge, str]]] = [[] for _ in range(2 * len(follow))]
        seen: set[Edge] = set()
        cap = -1 if limit is None else limit  # a hub once cap + 1 distinct links are seen
        # Incoming first: a hub's many links come in (measures to a goal, challenges to a
        # theme), and once they pass the limit nothing else of it is read.
        if into and not self._ox_in(node, term, follow, slots, seen, cap, out):
            return None
        if out and not self._ox_out(node, term, follow, slots, seen, cap):
            return None
        return [link for slot in slots for link in slot]

    def _ox_in(
        self,
        node: str,
        term: ox.NamedNode,
        follow: tuple[str, ...],
        slots: list[list[tuple[Edge, str]]],
        seen: set[Edge],
        cap: int,
        out: bool,
    ) -> bool:
        """Add ``node``'s incoming links to ``slots``; ``False`` once more than ``cap``."""
        assert self.patterns is not None
        named = ox.NamedNode
        rank = _follow_terms(follow)[1]
        hits = [0] * len(follow)
        read = 0
        for q in self.patterns(None, None, term, None):
            read += 1
            if read > _IN_SCAN:
                # Many incoming quads (a hub, or links not followed): the predicates met so
                # far first, so that a hub's links pass the limit before the other lookups.
                order = sorted(range(len(follow)), key=lambda i: -hits[i])
                return self._ox_by_predicate(
                    node, term, follow, order, False, slots, seen, cap, skip_self=out
                )
            i = rank.get(q.predicate.value, -1)
            if i < 0:
                continue
            hits[i] += 1
            other_term = q.subject
            if type(other_term) is not named:
                continue
            other = other_term.value
            if other == node and out:
                continue  # a link to itself: the outgoing reading adds it, in its slot
            edge = (other, follow[i], node)
            if edge not in seen:
                seen.add(edge)
                slots[2 * i + 1].append((edge, other))
                if len(seen) == cap + 1:
                    return False
        return True

    def _ox_out(
        self,
        node: str,
        term: ox.NamedNode,
        follow: tuple[str, ...],
        slots: list[list[tuple[Edge, str]]],
        seen: set[Edge],
        cap: int,
    ) -> bool:
        """Add ``node``'s outgoing links to ``slots``; ``False`` once more than ``cap``.

        A scan that reads all of the node's quads keeps its types and labels for about().
        """
        assert self.patterns is not None
        named = ox.NamedNode
        rank = _follow_terms(follow)[1]
        about_rank = _ABOUT_RANK
        facts: tuple[list[tuple[str, Any]], ...] = tuple([] for _ in _OX_ABOUT)
        read = 0
        for q in self.patterns(term, None, None, None):
            read += 1
            if read > _OUT_SCAN:
                order = range(len(follow))
                return self._ox_by_predicate(node, term, follow, order, True, slots, seen, cap)
            predicate = q.predicate.value
            a = about_rank.get(predicate, -1)
            if a >= 0:
                facts[a].append((predicate, q.object))
            i = rank.get(predicate, -1)
            if i < 0:
                continue
            other_term = q.object
            if type(other_term) is not named:
                continue
            other = other_term.value
            edge = (node, follow[i], other)
            if edge not in seen:
                seen.add(edge)
                slots[2 * i].append((edge, other))
                if len(seen) == cap + 1:
                    return False
        self._facts[node] = _distinct([fact for group in facts for fact in group])
        return True

    def _ox_by_predicate(
        self,
        node: str,
        term: ox.NamedNode,
        follow: tuple[str, ...],
        order: Iterable[int],
        outward: bool,
        slots: list[list[tuple[Edge, str]]],
        seen: set[Edge],
        cap: int,
        skip_self: bool = False,
    ) -> bool:
        """Read one direction's links again, one lookup per predicate in ``order``.

        Replaces what a cut scan put in that direction's slots; ``False`` once more than
        ``cap`` links. ``skip_self``: leave links to itself to the outgoing reading.
        """
        assert self.patterns is not None
        quads = self.patterns
        named = ox.NamedNode
        terms = _follow_terms(follow)[0]
        side = 0 if outward else 1
        for i in range(len(follow)):
            seen.difference_update(edge for edge, _other in slots[2 * i + side])
            slots[2 * i + side] = []
        for i in order:
            predicate = follow[i]
            slot = slots[2 * i + side]
            p = terms[i]
            for q in quads(term, p, None, None) if outward else quads(None, p, term, None):
                other_term = q.object if outward else q.subject
                if type(other_term) is not named:
                    continue
                other = other_term.value
                if other == node and skip_self:
                    continue
                edge = (node, predicate, other) if outward else (other, predicate, node)
                if edge not in seen:
                    seen.add(edge)
                    slot.append((edge, other))
                    if len(seen) == cap + 1:
                        return False
        return True

    def _ox_every_link(
        self, node: str, out: bool, into: bool, limit: int | None
    ) -> list[tuple[Edge, str]] | None:
        # Every link: one lookup per direction, read until one more than ``limit``. The
        # outgoing lookup reads all of the node's own quads: when it reads them to the end, it
        # keeps the node's types and labels for about() (as _ox_out's scan does).
        assert self.patterns is not None
        quads = self.patterns
        named = ox.NamedNode
        term = named(node)
        found: dict[Edge, str] = {}
        cap = -1 if limit is None else limit
        if out:
            about_rank = _ABOUT_RANK
            facts: tuple[list[tuple[str, Any]], ...] = tuple([] for _ in _OX_ABOUT)
            for q in quads(term, None, None, None):
                pred = q.predicate.value
                other_term = q.object
                a = about_rank.get(pred, -1)
                if a >= 0:
                    facts[a].append((pred, other_term))
                    if a == 0:
                        continue  # rdf:type: a fact, never a link
                if type(other_term) is not named:
                    continue
                other = other_term.value
                edge = (node, pred, other)
                if edge not in found:
                    found[edge] = other
                    if len(found) == cap + 1:
                        return None
            self._facts[node] = _distinct([fact for group in facts for fact in group])
        if into:
            for q in quads(None, None, term, None):
                other_term = q.subject
                if type(other_term) is not named:
                    continue
                pred = q.predicate.value
                if pred == _TYPE:
                    continue
                other = other_term.value
                edge = (other, pred, node)
                if edge not in found:
                    found[edge] = other
                    if len(found) == cap + 1:
                        return None
        return list(found.items())

    def about(self, node: str) -> list[tuple[str, Any]]:
        facts: list[tuple[str, Any]] = []
        if self.patterns is not None:
            known = self._facts.get(node)
            if known is not None:
                return known
            subject = ox.NamedNode(node)
            quads_for_pattern = self.patterns
            for predicate, term in _OX_ABOUT:
                for q in quads_for_pattern(subject, term, None, None):
                    facts.append((predicate, q.object))
            return _distinct(facts)
        seen: set[tuple[str, Any]] = set()
        for r in self.store.select(resources.query_text("subgraph_about"), {"node": URIRef(node)}):
            key = (str(r["predicate"]), to_ox(r["object"]))
            if key not in seen:
                seen.add(key)
                facts.append(key)
        return facts

    def exists(self, node: str) -> bool:
        if self.patterns is not None:
            term = ox.NamedNode(node)
            return any(True for _ in self.patterns(term, None, None, None)) or any(
                True for _ in self.patterns(None, None, term, None)
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
    # On Oxigraph the walk itself shows that the root is there (it has facts or links); only
    # when it finds neither is the store asked. Other backends ask first, as a walk costs more.
    if source.patterns is None and not source.exists(root):
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
    # A root with facts is a subject; one with links (kept, or dropped by the node cap) is in
    # some triple too.
    found = result.about[root] or result.edges or result.truncated
    if source.patterns is not None and not found and not source.exists(root):
        raise NotFoundError(f"no node {root} in the store")
    return result
