"""The subgraph walk in one process (``plangraph.subgraph.subgraph`` + ``as_json``): CPU per walk.

``.venv/bin/python benchmarks/bench_walk.py [--size 20k] [--rounds 5] [--old /path/to/src]``

What a cache-missing ``/api/subgraph`` request computes, without the server around it: on the
seed data (or ``--size`` synthetic triples, cached in benchmarks/.cache), every subject as a
root, for each of two mixes:

- ``default``: the API's defaults (depth 2, default links, fan-out 50), then its JSON;
- ``every``: depth 1-3 along every link (``predicates=()``), each direction, fan-out none/1/50.

``--old SRC`` runs the same mixes with another checkout's ``src`` first on ``PYTHONPATH`` (the
code before a change), in a child process per round, alternating with this checkout's, so both
sides see the same minutes of a shared machine; the best round of each side is kept. CPU from
``time.process_time`` around the walks only (the store is loaded before).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import dataset_dir, parse_sizes, size_name, table, write_results

HERE = Path(__file__).resolve()
SRC = HERE.parents[1] / "src"


def measure(size: int | None) -> dict[str, float]:
    """CPU seconds per walk of each mix, one pass (this process's plangraph)."""
    import pyoxigraph as ox

    from plangraph.store import OxigraphStore, open_store
    from plangraph.subgraph import subgraph

    store = open_store() if size is None else open_store("memory", data_dir=dataset_dir(size))
    assert isinstance(store, OxigraphStore)
    roots = sorted({q.subject.value for q in store.raw if isinstance(q.subject, ox.NamedNode)})  # type: ignore[union-attr]
    if size is not None:
        roots = roots[:: max(1, len(roots) // 600)]
    out: dict[str, float] = {}
    started = time.process_time()
    for root in roots:
        subgraph(store, root, depth=2).as_json("nb")
    out["default"] = (time.process_time() - started) / len(roots)
    walks = 0
    started = time.process_time()
    for root in roots:
        for depth in (1, 2, 3):
            for direction in ("out", "in", "both"):
                for fanout in (None, 1, 50):
                    subgraph(
                        store,
                        root,
                        depth=depth,
                        direction=direction,
                        predicates=(),
                        fanout=fanout,
                        max_nodes=1_000_000,
                    ).as_json("nb")
                    walks += 1
    out["every"] = (time.process_time() - started) / walks
    return out


def child(src: Path, size: int | None) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    args = [sys.executable, str(HERE), "--child", *(["--size", str(size)] if size else [])]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default=None, help="synthetic triples (default: seed data)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--old", type=Path, default=None, help="src folder of the code before")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write", action="store_true", help="write results/walk.md")
    args = parser.parse_args()
    size = parse_sizes(args.size)[0] if args.size else None
    if args.child:
        print(json.dumps(measure(size)))
        return
    if size is not None:
        dataset_dir(size)  # generated once, before any timing
    sides = {"this": SRC, **({"old": args.old} if args.old else {})}
    best: dict[str, dict[str, float]] = {side: {} for side in sides}
    for _round in range(args.rounds):
        for side, src in sides.items():
            for mix, value in child(src, size).items():
                best[side][mix] = min(best[side].get(mix, value), value)
    data = "seed data" if size is None else f"{size_name(size)} synthetic triples"
    mixes = ("default", "every")
    rows = [[side, *(f"{best[side][mix] * 1e6:.0f} us" for mix in mixes)] for side in sides]
    body = [
        f"- command: `{' '.join(['python', 'benchmarks/bench_walk.py', *sys.argv[1:]])}`",
        f"- data: {data}; best of {args.rounds} alternated rounds, CPU per walk with its JSON",
        "",
        *table(["code", "default (depth 2)", "every link (depth 1-3)"], rows),
    ]
    print("\n".join(body))
    if args.write:
        write_results("walk", "The subgraph walk in one process", body)


if __name__ == "__main__":
    main()
