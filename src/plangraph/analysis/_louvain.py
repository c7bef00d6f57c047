"""Louvain communities on a graph of integer nodes: networkx's algorithm, step for step, leaner.

``louvain(adjacency, seed)`` gives the partition ``networkx.community.louvain_communities(G,
weight="weight", seed=seed)`` gives for the same undirected graph (nodes ``0..n-1`` in ``G``'s
node order, each node's neighbours in ``G[u]``'s order, no self-loops): the same seeded shuffle
of the nodes at every level, the same modularity gains computed with the same arithmetic, the
same first-best choice, the same aggregation and the same stopping rule (modularity gain of a
level at most ``threshold``). ``tests/test_network_louvain.py`` compares the two.

Why not networkx itself: its implementation keeps the graph in networkx's dict-of-dicts views and
recomputes modularity through them at every level; at 1M triples (13,000 measures, 26,000
weighted edges) that is 1.2 s of a 2 s budget for ``communities``. Plain lists and dicts of
integers do the same work in about a third of that.

Integer weights (counts of shared challenges) keep every sum exact, so the order in which a
sum is taken cannot change a result.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

__all__ = ["louvain"]


def louvain(
    adjacency: Sequence[Mapping[int, float]],
    seed: int,
    *,
    resolution: float = 1.0,
    threshold: float = 0.0000001,
) -> list[set[int]]:
    """The communities (sets of node indexes) of the graph ``adjacency`` (per node, neighbour
    -> weight, both directions present, no self-loops)."""
    rng = random.Random(seed)  # noqa: S311 - a seeded order, as networkx shuffles; no secrecy
    n = len(adjacency)
    partition: list[set[int]] = [{u} for u in range(n)]
    if not any(adjacency):
        return partition
    mod = _modularity(adjacency, _degrees(adjacency), [{u} for u in range(n)], resolution)
    # Integer weights keep every community's degree sum exact, which ``_one_level``'s skipping
    # of nodes whose choice cannot have changed needs (sums of integers stay integers).
    skip = all(type(w) is int for near in adjacency for w in near.values())
    # networkx first copies the graph edge by edge, which orders each node's neighbours as
    # aggregating every node into itself does.
    graph, members = _aggregate(adjacency, partition, [{u} for u in range(n)])
    degrees = _degrees(graph)  # each level's, for its moves and its modularity
    m = sum(degrees) / 2  # networkx's G.size(weight="weight")
    partition, inner, members, improvement = _one_level(
        graph, degrees, members, m, partition, resolution, rng, skip
    )
    improvement = True
    result = partition
    while improvement:
        result = [set(s) for s in partition]
        new_mod = _modularity(graph, degrees, inner, resolution)
        if new_mod - mod <= threshold:
            return result
        mod = new_mod
        graph, members = _aggregate(graph, inner, members)
        degrees = _degrees(graph)
        partition, inner, members, improvement = _one_level(
            graph, degrees, members, m, partition, resolution, rng, skip
        )
    return result


def _degrees(graph: Sequence[Mapping[int, float]]) -> list[float]:
    """Weighted degrees as networkx counts them (a self-loop twice)."""
    return [sum(near.values()) + near.get(u, 0) for u, near in enumerate(graph)]


def _modularity(
    graph: Sequence[Mapping[int, float]],
    degree: list[float],
    communities: list[set[int]],
    resolution: float,
) -> float:
    """networkx's ``modularity``, term for term (``degree``: the graph's ``_degrees``)."""
    deg_sum = sum(degree)
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    total = 0.0
    for community in communities:
        inside = 0.0
        if len(community) == 1:  # inside only a self-loop, if any
            for u in community:
                loop = graph[u].get(u)
                if loop is not None:
                    inside += loop
            degree_sum = degree[u]
            total += inside / m - resolution * degree_sum * degree_sum * norm
            continue
        for u in community:
            for v, weight in graph[u].items():
                if v >= u and v in community:
                    inside += weight
        degree_sum = sum(degree[u] for u in community)
        total += inside / m - resolution * degree_sum * degree_sum * norm
    return total


def _one_level(
    graph: list[dict[int, float]],
    degrees: list[float],
    members: list[set[int]],
    m: float,
    partition: list[set[int]],
    resolution: float,
    rng: random.Random,
    skip: bool = False,
) -> tuple[list[set[int]], list[set[int]], list[set[int]], bool]:
    """One level of networkx's ``_one_level``: nodes moved, in the shuffled order, pass after
    pass until a pass moves none.

    ``skip`` (integer weights only): a node that stayed where it was when last looked at is
    not looked at again while nothing its choice depends on has changed: its community and
    its neighbours' communities (who is in them and their degree sums). Its choice would be
    computed from the same numbers in the same order, so it would stay again; networkx
    computes it anyway (most of the later passes: at 1M triples five passes of 13,000 nodes
    move 9,500, 2,200, 500, 94, 16 and then none). Each community keeps the count of moves
    at the last move into or out of it, each node the count when it was last looked at.
    With other weights a degree sum taken down and put back may not come back to the same
    number, so every node is looked at, as networkx does.
    """
    n = len(graph)
    node2com = list(range(n))
    stot = list(degrees)
    nbrs = [
        [(v, w) for v, w in near.items() if v != u] if u in near else list(near.items())
        for u, near in enumerate(graph)
    ]
    rand_nodes = list(range(n))
    rng.shuffle(rand_nodes)
    # networkx's arithmetic, term for term: only the constants are computed once (``2 * m**2``
    # is the same number every time), and the neighbour weights are summed into a plain dict
    # (networkx's defaultdict, with the node's own community added last when no neighbour is
    # in it, as reading ``weights2com[best_com]`` adds it there).
    twice_m2 = 2 * m**2
    scaled = resolution != 1  # times 1 changes no number: left out
    nb_moves = 1
    improvement = False
    moves = 0  # moves so far in this level
    changed = [0] * n  # per community: ``moves`` at the last move into or out of it
    stayed = [-1] * n  # per node: ``moves`` when it was last looked at and stayed, or -1
    while nb_moves > 0:
        nb_moves = 0
        for u in rand_nodes:
            own = node2com[u]
            last = stayed[u]
            if last >= 0 and changed[own] <= last:
                for nbr, _wt in nbrs[u]:
                    if changed[node2com[nbr]] > last:
                        break
                else:
                    continue  # the same numbers as when it stayed: it stays
            weights2com: dict[int, float] = {}
            for nbr, wt in nbrs[u]:
                com = node2com[nbr]
                if com in weights2com:
                    weights2com[com] += wt
                else:
                    weights2com[com] = wt
            if own in weights2com:
                own_weight = weights2com[own]
            else:
                own_weight = weights2com[own] = 0
            degree = degrees[u]
            stot_own = stot[own] - degree
            stot[own] = stot_own
            best_mod = 0.0
            best_com = own
            if scaled:
                remove_cost = -own_weight / m + resolution * (stot_own * degree) / twice_m2
                for nbr_com, wt in weights2com.items():
                    gain = remove_cost + wt / m - resolution * (stot[nbr_com] * degree) / twice_m2
                    if gain > best_mod:
                        best_mod = gain
                        best_com = nbr_com
            else:
                remove_cost = -own_weight / m + (stot_own * degree) / twice_m2
                for nbr_com, wt in weights2com.items():
                    gain = remove_cost + wt / m - (stot[nbr_com] * degree) / twice_m2
                    if gain > best_mod:
                        best_mod = gain
                        best_com = nbr_com
            stot[best_com] += degree
            if best_com != own:
                improvement = True
                nb_moves += 1
                node2com[u] = best_com
                moves += 1
                changed[own] = changed[best_com] = moves
                stayed[u] = -1
            elif skip:
                stayed[u] = moves
    # The partitions networkx updates at every move, built once from where the nodes ended
    # (the same sets in the same places; only the order inside a set may differ, and no
    # result depends on it: integer sums, and sets of nodes).
    inner_partition: list[set[int]] = [set() for _ in range(n)]
    for u, com in enumerate(node2com):
        inner_partition[com].add(u)
    for com, part in enumerate(inner_partition):
        if len(part) != 1 or com not in part:
            held = partition[com]
            held.clear()
            for u in part:
                held.update(members[u])
    kept = [i for i, part in enumerate(inner_partition) if part]
    return [partition[i] for i in kept], [inner_partition[i] for i in kept], members, improvement


def _aggregate(
    graph: Sequence[Mapping[int, float]], inner: list[set[int]], members: list[set[int]]
) -> tuple[list[dict[int, float]], list[set[int]]]:
    """One node per community; edge weights summed in networkx's edge order (each edge once,
    from the first of its ends in node order), so each new node lists its neighbours in the
    order networkx's ``_gen_graph`` would."""
    node2com = [0] * len(graph)
    new_members: list[set[int]] = []
    for i, part in enumerate(inner):
        held: set[int] = set()
        for node in part:
            node2com[node] = i
            held.update(members[node])
        new_members.append(held)
    out: list[dict[int, float]] = [{} for _ in inner]
    for u, near in enumerate(graph):
        a = node2com[u]
        out_a = out[a]
        for v, weight in near.items():
            if v < u:  # each edge once, from the first of its ends in node order
                continue
            b = node2com[v]
            total = out_a.get(b, 0) + weight
            out_a[b] = total
            out[b][a] = total
    return out, new_members
