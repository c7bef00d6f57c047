"""Graph questions on the measure-challenge part of the graph only (networkx for communities).

The graph is built from two queries (``addresses_edges``, and ``theme_items`` or
``items_in_theme`` for the themes): measures and challenges as nodes, a ``pg:addresses`` link as
an edge. Nodes and edges go in sorted, so sampling and community
detection (seeded) give the same answer on every backend and every run.
"""

from __future__ import annotations

import math
import random
import threading
from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from plangraph import resources
from plangraph.analysis import _common
from plangraph.analysis._common import Labels, natural_key, natural_ranks, plain_columns
from plangraph.analysis._louvain import louvain
from plangraph.analysis._ranks import fast_natural_ranks
from plangraph.errors import InputError
from plangraph.terms import TsvUnread, plain_tsv_columns

if TYPE_CHECKING:
    import networkx as nx

    from plangraph.store import PlanStore

# networkx (~0.3 s to import) loads in the functions that use it, not with plangraph.analysis.

__all__ = ["BETWEENNESS_SAMPLE", "centrality", "communities", "measure_graph", "measure_projection"]

Row = dict[str, Any]

BETWEENNESS_SAMPLE = 400
"""Above this many nodes, betweenness is estimated from ``BETWEENNESS_SOURCES`` seeded sample
sources instead of computed exactly (exact costs one BFS per node: a minute at 1M triples)."""
BETWEENNESS_SOURCES = 32

_SEED = 20211117

_LABELS_SHARE = 3
"""Every prefLabel is read in one query when the nodes to label are at least 1/_LABELS_SHARE
of the prefLabels (as ``Labels.preload_all`` decides); fewer are looked up one by one."""


@dataclass
class _Bipartite:
    """The measure-challenge graph as plain lists (no networkx): nodes in natural order, each
    with its kind, its themes and its neighbours (indexes, in the order networkx would list
    them for the same graph)."""

    nodes: list[str]
    kinds: list[str]
    themes: list[tuple[str, ...]]
    adjacency: list[list[int]]


class _Ahead:
    """A packaged query answered in a background thread, its columns read later (``columns``).

    On the embedded Oxigraph store (outside a report's ``shared_reads``) the thread runs the
    query and has the engine write its answer as SPARQL TSV results: pyoxigraph evaluates and
    writes without Python's lock, so the engine's work (mostly reading the terms' strings)
    overlaps the caller's Python work, such as Louvain, on a second core. Reading a row object
    per answer instead would take the lock back at every row. ``columns`` gives what
    ``plain_columns`` gives (each term as ``plain_from_ox`` would give it; a test compares);
    an answer holding a term written in a way ``terms.plain_from_tsv`` does not read (a
    boolean or an RDF 1.2 triple term) is read again through ``plain_columns``. Elsewhere it
    is ``plain_columns`` itself, run when asked.
    """

    def __init__(self, store: PlanStore, name: str) -> None:
        self.store = store
        self.name = name
        self._answer: bytes | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        shared = _common._SHARED.get()  # a report's reads: the rows are shared there
        if store.chooses_dataset and (shared is None or shared.store is not store):
            self._thread = threading.Thread(target=self._run, name=f"plangraph-{name}", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            found = self.store.query_with_dataset(resources.query_text(self.name))
            self._answer = found.serialize(format=ox.QueryResultsFormat.TSV)
        except BaseException as exc:  # raised again in the caller's thread
            self._error = exc

    def columns(
        self, *variables: str, first_in: Container[Any] | None = None
    ) -> list[tuple[Any, ...]]:
        """The columns ``variables`` as ``plain_columns`` gives them; with ``first_in``, only
        the rows whose first value is in it (the others' other values are not read)."""
        if self._thread is not None:
            self._thread.join()
            if self._error is not None:
                raise self._error
            assert self._answer is not None
            answer, self._answer = self._answer, None
            try:
                return plain_tsv_columns(answer.decode(), variables, first_in)
            except TsvUnread:
                pass
        found = plain_columns(self.store, self.name, *variables)
        if first_in is None:
            return found
        return [row for row in found if row[0] in first_in]


def _item_themes(store: PlanStore, ahead: _Ahead | None = None) -> dict[str, set[str]]:
    """Each item's themes, as ``items_in_theme`` pairs them (plain values).

    On a store that chooses its dataset (the embedded Oxigraph store) from ``theme_items``: one
    row per theme, its items' IRIs in one text, so each theme is read once, not once per item;
    an item that is no IRI leaves its theme's text unbound, and then ``items_in_theme`` answers.
    ``ahead``: ``theme_items`` already started (``_Ahead``).
    """
    themes: dict[str, set[str]] = defaultdict(set)
    if store.chooses_dataset:
        if ahead is None:
            grouped = plain_columns(store, "theme_items", "theme", "items")
        else:
            grouped = ahead.columns("theme", "items")
        if all(type(items) is str for _theme, items in grouped):
            for theme, items in grouped:
                for item in items.split(" "):
                    themes[item].add(theme)
            return themes
    for item, theme in plain_columns(store, "items_in_theme", "item", "theme"):
        themes[item].add(theme)
    return themes


def _bipartite(store: PlanStore) -> _Bipartite:
    # The links and the themes are read at once in the background (``_Ahead``).
    ahead = links = None
    if store.chooses_dataset:
        links = _Ahead(store, "addresses_edges")
        ahead = _Ahead(store, "theme_items")
    pairs = (
        plain_columns(store, "addresses_edges", "measure", "challenge")
        if links is None
        else links.columns("measure", "challenge")
    )
    kinds: dict[str, str] = {}
    edges: set[tuple[str, str]] = set()
    for measure, challenge in pairs:
        kinds[measure] = "measure"
        kinds[challenge] = "challenge"
        edges.add((measure, challenge))
    themes = {item: found for item, found in _item_themes(store, ahead).items() if item in kinds}
    ranks = fast_natural_ranks([*kinds, *(t for found in themes.values() for t in found)])
    rank = ranks.__getitem__

    def in_order(found: set[str]) -> tuple[str, ...]:
        return tuple(sorted(found, key=rank)) if len(found) > 1 else tuple(found)

    nodes = sorted(kinds, key=rank)
    index = {n: i for i, n in enumerate(nodes)}
    adjacency: list[list[int]] = [[] for _ in nodes]
    # Edges in the order of their ends' places (pairs of integers sort without a key function).
    for i, j in sorted([(index[a], index[b]) for a, b in edges]):
        adjacency[i].append(j)
        adjacency[j].append(i)
    return _Bipartite(
        nodes, [kinds[n] for n in nodes], [in_order(themes.get(n, set())) for n in nodes], adjacency
    )


def measure_graph(store: PlanStore) -> nx.Graph:
    """The bipartite measure-challenge graph.

    Nodes are IRIs with ``kind`` (``"measure"`` or ``"challenge"``) and ``themes`` (a sorted
    tuple of theme IRIs); an edge is a ``pg:addresses`` link.
    """
    import networkx as nx

    found = _bipartite(store)
    graph = nx.Graph()
    graph.add_nodes_from(
        (n, {"kind": kind, "themes": themes})
        for n, kind, themes in zip(found.nodes, found.kinds, found.themes, strict=True)
    )
    nodes = found.nodes
    graph.add_edges_from(
        (nodes[i], nodes[j]) for i, near in enumerate(found.adjacency) for j in near if i < j
    )
    return graph


def measure_projection(graph: nx.Graph) -> nx.Graph:
    """Measures linked when they address a common challenge; ``weight`` = challenges shared.

    Built from each challenge's measures (cheaper than ``bipartite.weighted_projected_graph``).
    """
    import networkx as nx

    ranks = natural_ranks(graph)
    rank = ranks.__getitem__
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for c, data in graph.nodes(data=True):
        if data["kind"] != "challenge":
            continue
        measures = sorted(graph.neighbors(c), key=rank)
        for a, b in combinations(measures, 2):
            weights[(a, b)] += 1
    projection = nx.Graph()
    projection.add_nodes_from(
        (n, data) for n, data in graph.nodes(data=True) if data["kind"] == "measure"
    )
    projection.add_weighted_edges_from(
        (a, b, w)
        for (a, b), w in sorted(weights.items(), key=lambda i: (ranks[i[0][0]], ranks[i[0][1]]))
    )
    return projection


def _projection(graph: _Bipartite) -> nx.Graph:
    """``measure_projection(measure_graph(store))`` built from the plain lists (the same nodes,
    edges and weights in the same order, without the bipartite networkx graph)."""
    import networkx as nx

    weights: dict[tuple[int, int], int] = defaultdict(int)
    for c, kind in enumerate(graph.kinds):
        if kind == "challenge":
            for a, b in combinations(sorted(graph.adjacency[c]), 2):
                weights[(a, b)] += 1
    nodes = graph.nodes
    projection = nx.Graph()
    projection.add_nodes_from(
        (nodes[i], {"kind": kind, "themes": graph.themes[i]})
        for i, kind in enumerate(graph.kinds)
        if kind == "measure"
    )
    projection.add_weighted_edges_from(
        (nodes[a], nodes[b], w) for (a, b), w in sorted(weights.items())
    )
    return projection


def _betweenness(graph: _Bipartite) -> list[float]:
    """Betweenness of every node (normalised, endpoints excluded): Brandes' algorithm on the
    plain lists, the same arithmetic in the same order as ``nx.betweenness_centrality`` (so the
    same numbers to the last bit; a test compares), about three times faster. Above
    ``BETWEENNESS_SAMPLE`` nodes it runs from ``BETWEENNESS_SOURCES`` sources drawn as networkx
    draws them with the same seed, and rescales as networkx does for a sample."""
    n = len(graph.nodes)
    if n == 0:
        return []
    adjacency = graph.adjacency
    k = BETWEENNESS_SOURCES if n > BETWEENNESS_SAMPLE else None
    # Not for secrecy: a seeded sample, so that every run gives the same estimate.
    sampler = random.Random(_SEED)  # noqa: S311
    sources = range(n) if k is None else sampler.sample(range(n), k)
    betweenness = [0.0] * n
    for s in sources:
        sigma = [0.0] * n
        distance = [-1] * n
        sigma[s] = 1.0
        distance[s] = 0
        order = [s]  # the BFS queue, and afterwards the nodes by distance
        head = 0
        while head < len(order):
            v = order[head]
            head += 1
            next_distance = distance[v] + 1
            sigma_v = sigma[v]
            for w in adjacency[v]:
                dw = distance[w]
                if dw < 0:
                    distance[w] = next_distance
                    sigma[w] += sigma_v
                    order.append(w)
                elif dw == next_distance:
                    sigma[w] += sigma_v
        # A node's predecessors are its neighbours one step nearer: no lists kept. The order
        # in which they are visited does not change any sum (each gets one term per node).
        delta = [0.0] * n
        for w in reversed(order):
            previous = distance[w] - 1
            coeff = (1 + delta[w]) / sigma[w]
            for v in adjacency[w]:
                if distance[v] == previous:
                    delta[v] += sigma[v] * coeff
            if w != s:
                betweenness[w] += delta[w]
    # networkx's _rescale (normalized=True, endpoints=False, undirected).
    big_n = n - 1
    if big_n < 2:
        return betweenness
    if k is None:
        scale = 1 / (big_n * (big_n - 1))
        if scale != 1:
            betweenness = [b * scale for b in betweenness]
        return betweenness
    scale_source = 1 / ((k - 1) * (big_n - 1)) if k > 1 else math.nan
    scale_other = 1 / (k * (big_n - 1))
    sampled = set(sources)
    return [b * (scale_source if i in sampled else scale_other) for i, b in enumerate(betweenness)]


def centrality(store: PlanStore, *, lang: str = "nb", top: int = 20) -> dict[str, list[Row]]:
    """Which measures carry most of the coverage, and which challenges bridge themes.

    ``measures`` rows: ``measure``, ``score`` (the share of all coverage the measure carries:
    each covered challenge counts 1, split evenly among the measures that address it, so the
    scores add up to 1), ``challenges`` (how many it addresses), ``sole_challenges`` (how many
    only it addresses), ``betweenness`` (in the measure-challenge graph; normalised, and
    above ``BETWEENNESS_SAMPLE`` nodes an estimate from ``BETWEENNESS_SOURCES`` seeded sample
    sources: the same numbers every run, close to but not the exact values).

    ``bridging_challenges`` rows: ``challenge``, ``themes`` (the themes of the measures that
    address it; two or more), ``score`` (betweenness in the measure-challenge graph: how much
    of the graph's shortest paths run through it).

    Both lists are best first and at most ``top`` long.
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError(f"top must be a whole number of at least 1, got {top!r}")
    graph = _bipartite(store)
    labels = Labels(store, lang)
    betweenness = _betweenness(graph)
    nodes, kinds, adjacency = graph.nodes, graph.kinds, graph.adjacency
    degree = [len(near) for near in adjacency]
    challenges = [i for i, kind in enumerate(kinds) if kind == "challenge"]
    total = len(challenges)
    # Rows sorted with the node's place as the last key: nodes are in natural order, and nodes
    # whose natural keys are equal keep their places, as a stable sort by the key keeps them.
    measures: list[tuple[Any, ...]] = []
    for m, kind in enumerate(kinds):
        if kind != "measure":
            continue
        addressed = adjacency[m]
        carried = sum(1 / degree[c] for c in addressed)
        score = carried / total if total else 0.0
        measures.append((-round(score, 12), -len(addressed), m, score))
    measures.sort()
    bridging: list[tuple[Any, ...]] = []
    for c in challenges:
        themes = {t for m in adjacency[c] for t in graph.themes[m]}
        if len(themes) >= 2:
            bridging.append((-round(betweenness[c], 12), -len(themes), c, themes))
    bridging.sort(key=lambda r: r[:3])
    out_measures: list[Row] = []
    for _score, _challenges, m, score in measures[:top]:
        addressed = adjacency[m]
        out_measures.append(
            {
                "measure": labels.node(nodes[m]),
                "score": score,
                "challenges": len(addressed),
                "sole_challenges": sum(1 for c in addressed if degree[c] == 1),
                "betweenness": betweenness[m],
            }
        )
    return {
        "measures": out_measures,
        "bridging_challenges": [
            {
                "challenge": labels.node(nodes[c]),
                "themes": labels.nodes(sorted(themes, key=natural_key)),
                "score": betweenness[c],
            }
            for _score, _themes, c, themes in bridging[:top]
        ],
    }


def _measure_projection(
    store: PlanStore, links: _Ahead | None = None
) -> tuple[list[str], list[dict[int, int]]]:
    """The weighted measure projection as plain lists: the measures that share a challenge with
    another (IRIs, in node order: natural order), and each one's neighbours (index -> challenges
    shared) in the order networkx's projection (``_projection``, edges added sorted) would list
    them: ascending. ``links``: ``addresses_edges`` already started (``_Ahead``).

    Built from the links alone (no ranks, themes or adjacency of challenges) unless a node both
    addresses and is addressed; then from ``_bipartite``, where such a node is one node of the
    kind it was given last.
    """
    if links is None:
        pairs = plain_columns(store, "addresses_edges", "measure", "challenge")
    else:
        pairs = links.columns("measure", "challenge")
    # Each measure once, in the order of its first link (the order ``_bipartite`` keeps for
    # measures whose natural keys are equal).
    measures = list(dict.fromkeys([m for m, _c in pairs]))
    members: dict[Any, set[int]] = defaultdict(set)
    if {c for _m, c in pairs}.isdisjoint(measures):
        ranks = fast_natural_ranks(measures)
        measures.sort(key=ranks.__getitem__)
        index = {m: i for i, m in enumerate(measures)}
        for m, c in pairs:
            members[c].add(index[m])
        nodes = measures
    else:
        graph = _bipartite(store)
        nodes = graph.nodes
        for c, kind in enumerate(graph.kinds):
            if kind == "challenge":
                members[c].update(graph.adjacency[c])
    weights: dict[int, dict[int, int]] = defaultdict(dict)
    for found in members.values():
        if len(found) > 1:
            for a, b in combinations(sorted(found), 2):
                weights[a][b] = weights[a].get(b, 0) + 1
                weights[b][a] = weights[b].get(a, 0) + 1
    kept = sorted(weights)
    local = {m: i for i, m in enumerate(kept)}
    adjacency = [{local[b]: weights[m][b] for b in sorted(weights[m])} for m in kept]
    return [nodes[m] for m in kept], adjacency


def communities(store: PlanStore, *, lang: str = "nb") -> list[Row]:
    """Groups of measures that address the same challenges more among themselves than with
    others (Louvain communities of the weighted measure projection, seeded), with the themes
    their measures are in.

    Rows: ``community`` (0, 1, ... largest first), ``measures`` (nodes), ``themes`` (nodes),
    ``crosses_themes`` (the measures are in more than one theme). Measures that share no
    challenge with any other measure form no community and are left out.
    """
    # The links and the themes are read at once in the background, and (once the measures are
    # known) the labels, while the projection is built and Louvain runs (``_Ahead``).
    links = themes_ahead = None
    if store.chooses_dataset:
        links = _Ahead(store, "addresses_edges")
        themes_ahead = _Ahead(store, "theme_items")
    measures, adjacency = _measure_projection(store, links)
    if not measures:
        if themes_ahead is not None:
            themes_ahead.columns("theme")  # not left reading after the answer is given
        return []
    labels = Labels(store, lang)
    labels_ahead = _labels_ahead(store, len(measures))
    # networkx's Louvain (``louvain_communities(projection, weight="weight", seed=_SEED)``), the
    # same partition from a leaner implementation (``_louvain``; a test compares the two).
    found = louvain(adjacency, _SEED)
    # Each group's measures in node order, which is natural order.
    groups = [[measures[i] for i in sorted(group)] for group in found if len(group) > 1]
    groups.sort(key=lambda g: (-len(g), natural_key(g[0])))
    themes_of = _item_themes(store, themes_ahead)
    if labels_ahead is None:
        labels.preload_all(sum(map(len, groups)))
    else:
        # Only the measures' labels: the other nodes (a few themes) are looked up on their own.
        labels.preload(labels_ahead.columns("node", "label", first_in=set(measures)))
    out: list[Row] = []
    for index, group in enumerate(groups):
        themes = sorted({t for m in group for t in themes_of.get(m, ())}, key=natural_key)
        out.append(
            {
                "community": index,
                "measures": labels.nodes(group),
                "themes": labels.nodes(themes),
                "crosses_themes": len(themes) > 1,
            }
        )
    return out


def _labels_ahead(store: PlanStore, needed: int) -> _Ahead | None:
    """Every ``skos:prefLabel`` read in the background (``pref_labels``), for ``Labels.preload``,
    where ``Labels.preload_all(needed)`` would read them all in one query (embedded store, at
    least a third as many nodes to label as there are prefLabels; ``needed``: the measures of
    the projection, which the communities' measures are among); otherwise ``None``. Either way
    each node gets the label its own lookup would give."""
    shared = _common._SHARED.get()
    if (
        store.patterns is None
        or needed < _common._FIND_TITLED_AFTER
        or (shared is not None and shared.store is store)
    ):
        return None
    query = store.query_with_dataset
    (count,) = next(iter(query(resources.query_text("pref_label_count"))))
    if needed * _LABELS_SHARE < int(count.value):
        return None
    return _Ahead(store, "pref_labels")
