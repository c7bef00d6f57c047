"""What the graph view's force-directed layout costs the server (``/viz?layout=force``,
``plangraph viz --layout force``), without a browser.

For the seed data's whole view (84 nodes) and generated views of about 500, 2,000 and 3,000
drawable nodes (``generate.write_plans``, cut with the view's ``limit``), it times
``viz.layout.force_layout`` on the view's nodes and edges (CPU time, the best and the median of
``--repeat`` runs) and prints a digest of the positions, so that two versions of the code can be
compared on the same input, figure for figure and position for position:

    PYTHONPATH=OLD/src .venv/bin/python benchmarks/bench_layout.py
    .venv/bin/python benchmarks/bench_layout.py

The views are built once and kept under ``benchmarks/.cache`` (``layout-views-2.json``).
Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import CACHE, dataset_dir  # noqa: E402

SIZES = {"seed": 0, "500": 500, "2000": 2_000, "3000": 3_000}
"""View name: the drawn nodes' limit (0: the seed data's whole view)."""
TRIPLES = 250_000
"""Generated triples the capped views are cut from (about 10,000 drawable nodes)."""


_NODE_KEYS = ("id", "kind", "level", "organisation", "plan", "themes", "label")
"""What the layouts read of a node."""


def views() -> dict[str, dict[str, Any]]:
    """Each view's nodes (id, kind) and edges (from, to, kind), built once and cached."""
    path = CACHE / "layout-views-2.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    from plangraph.store import open_store
    from plangraph.viz import ViewFilters, build_view

    found: dict[str, dict[str, Any]] = {}
    generated = open_store("memory", data_dir=dataset_dir(TRIPLES))
    for name, limit in SIZES.items():
        store = open_store() if not limit else generated
        view = build_view(store, ViewFilters(limit=limit) if limit else ViewFilters())
        found[name] = {
            "nodes": [{k: n.get(k) for k in _NODE_KEYS} for n in view.nodes],
            "edges": [{"from": e["from"], "to": e["to"], "kind": e["kind"]} for e in view.edges],
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(found), encoding="utf-8")
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated view names (seed,500,...)")
    args = parser.parse_args()
    from plangraph.viz import layout

    wanted = [v for v in args.only.split(",") if v] or list(SIZES)
    print(f"code: {Path(layout.__file__).resolve().parents[2]}")
    print("| view | nodes | edges | best CPU s | median CPU s | positions (sha256) |")
    print("|---|---:|---:|---:|---:|---|")
    for name, view in views().items():
        if name not in wanted:
            continue
        nodes, edges = view["nodes"], view["edges"]
        times = []
        positions: dict[str, Any] = {}
        for _ in range(args.repeat):
            started = time.process_time()
            positions = layout.force_layout(nodes, edges)
            times.append(time.process_time() - started)
        digest = hashlib.sha256(json.dumps(positions, sort_keys=True).encode()).hexdigest()[:16]
        print(
            f"| {name} | {len(nodes)} | {len(edges)} | {min(times):.3f} | "
            f"{statistics.median(times):.3f} | {digest} |"
        )


if __name__ == "__main__":
    main()
