"""plangraph's own betweenness (Brandes on plain lists) gives networkx's numbers, bit for bit."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from plangraph.analysis import network


def _random_bipartite(measures: int, challenges: int, links: int, seed: int) -> network._Bipartite:
    """A measure-challenge graph with some isolated parts and some hubs."""
    rng = random.Random(seed)
    nodes = [f"m{i:04d}" for i in range(measures)] + [f"c{i:04d}" for i in range(challenges)]
    kinds = ["measure"] * measures + ["challenge"] * challenges
    edges = sorted(
        {
            (rng.randrange(measures), measures + int(rng.paretovariate(1.2)) % challenges)
            for _ in range(links)
        }
    )
    adjacency: list[list[int]] = [[] for _ in nodes]
    for a, b in edges:
        adjacency[a].append(b)
        adjacency[b].append(a)
    return network._Bipartite(nodes, kinds, [() for _ in nodes], adjacency)


def _networkx(graph: network._Bipartite) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(graph.nodes)
    g.add_edges_from(
        (graph.nodes[i], graph.nodes[j])
        for i, near in enumerate(graph.adjacency)
        for j in near
        if i < j
    )
    return g


@pytest.mark.parametrize(
    ("measures", "challenges", "links", "seed"),
    [(40, 60, 120, 1), (150, 200, 260, 2), (300, 500, 900, 3), (700, 900, 2000, 4)],
)
def test_same_numbers_as_networkx(measures: int, challenges: int, links: int, seed: int) -> None:
    graph = _random_bipartite(measures, challenges, links, seed)
    n = len(graph.nodes)
    sampled = n > network.BETWEENNESS_SAMPLE
    expected = nx.betweenness_centrality(
        _networkx(graph),
        k=network.BETWEENNESS_SOURCES if sampled else None,
        seed=network._SEED if sampled else None,
    )
    got = network._betweenness(graph)
    assert got == [expected[node] for node in graph.nodes]
    assert any(value > 0 for value in got)


def test_the_sample_is_the_same_every_run() -> None:
    graph = _random_bipartite(700, 900, 2000, 5)
    assert network._betweenness(graph) == network._betweenness(graph)


def test_the_projection_from_plain_lists_equals_networkx_s() -> None:
    from plangraph.store import open_store
    from tests.helpers import DATA

    for data_dir in ("", DATA / "analysis"):
        store = open_store("memory", data_dir=data_dir)
        expected = network.measure_projection(network.measure_graph(store))
        got = network._projection(network._bipartite(store))
        assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
        assert list(got.edges(data=True)) == list(expected.edges(data=True))
        assert got.number_of_edges() > 0
