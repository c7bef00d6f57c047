"""communities' Louvain (``analysis._louvain``) gives networkx's partition, graph for graph.

networkx's ``louvain_communities`` is the reference: the same seed, the same graph (nodes in
the same order, integer weights) must give the same communities, on random graphs of many
shapes and on the projection ``communities`` builds from the seed data.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from plangraph.analysis import communities
from plangraph.analysis._louvain import louvain
from plangraph.analysis.network import _SEED, measure_graph, measure_projection
from plangraph.store import open_store


def _both(graph: nx.Graph, seed: int) -> tuple[list[list[int]], list[list[int]]]:
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    adjacency = [
        {index[v]: data.get("weight", 1) for v, data in graph[u].items() if v != u} for u in nodes
    ]
    expected = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    found = louvain(adjacency, seed)
    return (
        sorted(sorted(index[n] for n in group) for group in expected),
        sorted(sorted(group) for group in found),
    )


@pytest.mark.parametrize("case", range(40))
def test_the_same_partition_as_networkx_on_random_graphs(case: int) -> None:
    rng = random.Random(case)
    graph = nx.gnm_random_graph(rng.randint(2, 120), rng.randint(1, 400), seed=case)
    for u, v in graph.edges:
        graph[u][v]["weight"] = rng.randint(1, 5)
    expected, found = _both(graph, seed=case)
    assert found == expected


def test_the_same_partition_as_networkx_on_graphs_with_clear_groups() -> None:
    graph = nx.relabel_nodes(
        nx.planted_partition_graph(6, 12, 0.7, 0.02, seed=5), lambda n: (n * 7) % 72
    )
    expected, found = _both(graph, seed=_SEED)
    assert found == expected and len(found) > 1


def test_an_empty_graph_keeps_every_node_alone() -> None:
    assert louvain([{}, {}, {}], _SEED) == [{0}, {1}, {2}]


def test_communities_on_the_seed_data_are_networkx_communities() -> None:
    store = open_store()
    projection = measure_projection(measure_graph(store))
    projection.remove_nodes_from([n for n in list(projection) if projection.degree(n) == 0])
    expected = nx.community.louvain_communities(projection, weight="weight", seed=_SEED)
    groups = {frozenset(g) for g in expected if len(g) > 1}
    found = {frozenset(m["iri"] for m in row["measures"]) for row in communities(store)}
    assert found == groups


@pytest.mark.parametrize("case", range(12))
def test_the_same_partition_as_networkx_with_weights_that_are_not_integers(case: int) -> None:
    # Fractional weights: every node is looked at in every pass, as networkx does (the skip of
    # nodes whose numbers have not changed needs exact integer sums).
    rng = random.Random(1000 + case)
    graph = nx.gnm_random_graph(rng.randint(2, 90), rng.randint(1, 300), seed=case)
    for u, v in graph.edges:
        graph[u][v]["weight"] = rng.choice([0.1, 0.2, 0.3, 1.7, 2.5])
    expected, found = _both(graph, seed=case)
    assert found == expected


@pytest.mark.parametrize("case", range(40))
def test_the_same_partition_as_networkx_on_sparse_graphs_with_many_passes(case: int) -> None:
    # Sparse graphs of many small parts and chains: many nodes stay pass after pass while their
    # neighbours' communities change around them (what the skip must notice).
    rng = random.Random(2000 + case)
    n = rng.randint(30, 200)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for u in range(1, n):
        if rng.random() < 0.8:
            graph.add_edge(u, rng.randrange(max(0, u - 6), u), weight=rng.randint(1, 3))
    for _ in range(n // 5):
        u, v = rng.randrange(n), rng.randrange(n)
        if u != v:
            graph.add_edge(u, v, weight=rng.randint(1, 4))
    expected, found = _both(graph, seed=case)
    assert found == expected
