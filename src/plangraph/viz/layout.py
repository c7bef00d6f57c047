"""Node positions, computed before the page is sent so the browser needs no physics.

Two layouts, both deterministic (the same view gets the same picture):

- ``layered``: one band per kind (organisation, plan, goal, theme, challenge, measure, top to
  bottom); within a band the order is improved by barycentre sweeps (each node moves towards
  the mean position of its neighbours in the other bands), which untangles most crossings. A
  band with many nodes wraps into several rows.
- ``force``: a Fruchterman-Reingold force layout started from the layered one. Repulsion is
  computed only between nodes in neighbouring grid cells, so an iteration costs about O(n + e)
  rather than O(n²); pure Python, since networkx's layouts need numpy, which plangraph does not
  depend on.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

__all__ = ["force_layout", "layered_layout", "layout_positions"]

Position = tuple[float, float]

_X_GAP = 170.0
_ROW_GAP = 110.0
_BAND_GAP = 220.0
_SAMPLE = 48


def _row_length(count: int) -> int:
    # Wide enough to read, narrow enough that a big band does not become a thin line.
    return max(8, min(40, int(math.sqrt(count) * 2.2)))


def layered_layout(
    nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]], sweeps: int = 4
) -> dict[str, Position]:
    """Positions by band (``level``), ordered within a band to shorten links."""
    bands: dict[int, list[str]] = defaultdict(list)
    for n in sorted(
        nodes,
        key=lambda n: (
            n["level"],
            n.get("organisation") or "",
            n.get("plan") or "",
            (n.get("themes") or [""])[0],
            n["label"].casefold(),
            n["id"],
        ),
    ):
        bands[n["level"]].append(n["id"])
    neighbours: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e.get("kind") == "overlap":
            continue
        neighbours[e["from"]].append(e["to"])
        neighbours[e["to"]].append(e["from"])
    levels = sorted(bands)
    # x in [0, 1] within each band; barycentre sweeps down and up.
    rank: dict[str, float] = {}
    for level in levels:
        members = bands[level]
        for i, iri in enumerate(members):
            rank[iri] = (i + 0.5) / len(members)
    for sweep in range(sweeps):
        order = levels if sweep % 2 == 0 else list(reversed(levels))
        for level in order:
            members = bands[level]

            def barycentre(iri: str) -> float:
                around = [rank[o] for o in neighbours.get(iri, ()) if o in rank]
                return sum(around) / len(around) if around else rank[iri]

            members.sort(key=lambda iri: (barycentre(iri), rank[iri]))
            for i, iri in enumerate(members):
                rank[iri] = (i + 0.5) / len(members)
    positions: dict[str, Position] = {}
    y = 0.0
    widest = max(
        (min(len(bands[level]), _row_length(len(bands[level]))) for level in levels), default=1
    )
    for level in levels:
        members = bands[level]
        per_row = _row_length(len(members))
        rows = math.ceil(len(members) / per_row)
        for i, iri in enumerate(members):
            row, col = divmod(i, per_row)
            in_row = min(per_row, len(members) - row * per_row)
            # Spread each row over the width of the widest band, centred.
            span = (widest - 1) * _X_GAP
            x = (col + 0.5) / in_row * span - span / 2 if in_row > 1 else 0.0
            # Stagger rows a little so links between them do not run along a node.
            positions[iri] = (round(x + (row % 2) * _X_GAP / 4, 1), round(y + row * _ROW_GAP, 1))
        y += (rows - 1) * _ROW_GAP + _BAND_GAP
    return positions


def force_layout(
    nodes: Sequence[dict[str, Any]],
    edges: Sequence[dict[str, Any]],
    iterations: int | None = None,
) -> dict[str, Position]:
    """A force-directed layout (Fruchterman-Reingold with grid-cut repulsion)."""
    ids = [n["id"] for n in nodes]
    count = len(ids)
    if count == 0:
        return {}
    index = {iri: i for i, iri in enumerate(ids)}
    start = layered_layout(nodes, edges)
    k = 170.0  # the ideal distance between linked nodes
    # Start from the layered picture squeezed into a square of the right size.
    xs0 = [start[iri][0] for iri in ids]
    ys0 = [start[iri][1] for iri in ids]
    side = k * math.sqrt(count) * 1.2
    span_x = (max(xs0) - min(xs0)) or 1.0
    span_y = (max(ys0) - min(ys0)) or 1.0
    xs = [(x - min(xs0)) / span_x * side - side / 2 for x in xs0]
    ys = [(y - min(ys0)) / span_y * side - side / 2 for y in ys0]
    pairs = [
        (index[e["from"]], index[e["to"]])
        for e in edges
        if e.get("kind") != "overlap" and e["from"] in index and e["to"] in index
    ]
    if iterations is None:
        iterations = 120 if count <= 300 else 60 if count <= 1000 else 30 if count <= 3000 else 15
    cell = 2 * k
    cutoff2 = cell * cell
    temperature = side / 10
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx = [0.0] * count
        dy = [0.0] * count
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(count):
            grid[(int(xs[i] // cell), int(ys[i] // cell))].append(i)
        for (cx, cy), members in grid.items():
            others: list[int] = []
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    others.extend(grid.get((cx + ox, cy + oy), ()))
            # In a crowded neighbourhood a fixed-size sample stands for the rest (each sampled
            # push counts ``weight`` times), so an iteration stays about O(n).
            weight = max(1, len(others) // _SAMPLE)
            # Where the sampled nodes are, read once for the cell's members (positions move
            # only after the iteration), and each push's numerator (``weight * k * k``).
            sample = [(j, xs[j], ys[j]) for j in others[::weight]]
            push = weight * k * k
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j, xj, yj in sample:
                    # d2 = ddx * ddx + ddy * ddy, in one line: most pairs end at this test.
                    if (d2 := (ddx := xi - xj) * ddx + (ddy := yi - yj) * ddy) < cutoff2:
                        if d2 < 0.01:
                            if j == i:  # a node does not push itself (its d2 is 0.0)
                                continue
                            ddx, ddy, d2 = (i - j) * 0.1, 0.1, 0.02
                        force = push / d2
                        fx += ddx * force
                        fy += ddy * force
                dx[i] += fx
                dy[i] += fy
        for a, b in pairs:
            ddx = xs[a] - xs[b]
            ddy = ys[a] - ys[b]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 0.01
            force = d / k
            dx[a] -= ddx * force
            dy[a] -= ddy * force
            dx[b] += ddx * force
            dy[b] += ddy * force
        for i in range(count):
            # A weak pull to the centre keeps loose parts from drifting away.
            dx[i] -= xs[i] * 0.01
            dy[i] -= ys[i] * 0.01
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if length > 0:
                step = min(length, temperature)
                xs[i] += dx[i] / length * step
                ys[i] += dy[i] / length * step
        temperature = max(temperature - cooling, k / 20)
    return {iri: (round(xs[i], 1), round(ys[i], 1)) for i, iri in enumerate(ids)}


def layout_positions(
    nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]], layout: str
) -> dict[str, Position]:
    """Positions for ``layout`` (``layered`` or ``force``)."""
    if layout == "force":
        return force_layout(nodes, edges)
    return layered_layout(nodes, edges)
