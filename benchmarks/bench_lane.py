"""Does the /api/subgraph fast lane (api/lane.py) still buy its cost on top of the answer cache?

In-process, no sockets: each request is one call of the ASGI app (``create_app(fast_lane=...)``)
with a prepared scope, so the figure is the server's own cost per request, not the client's or
the network's, and it holds up on a busy machine (runs alternate lane on / lane off, best of
``--rounds`` kept). Measured on the seed data (or ``--size`` synthetic triples) for:

- cache hits: the same ``--roots`` measures requested over and over (after one warm-up pass);
- cache misses: the answer cache off (``answer_cache_mb=0``), a walk per request;
- a 304: ``If-None-Match`` with the answer's ETag (cache on).

    python benchmarks/bench_lane.py                     # seed data
    python benchmarks/bench_lane.py --size 100k         # synthetic, cached in benchmarks/.cache
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import RESULTS, dataset_dir, parse_sizes, size_name, table

from plangraph.api.app import create_app
from plangraph.config import Settings
from plangraph.store import PlanStore, open_store


def _scope(app: Any, query: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/subgraph",
        "raw_path": b"/api/subgraph",
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "app": app,
    }


async def _call(app: Any, scope: dict[str, Any]) -> tuple[int, dict[bytes, bytes]]:
    status = 0
    headers: dict[bytes, bytes] = {}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            headers.update(message.get("headers", []))

    await app(scope, receive, send)
    return status, headers


async def _per_request(app: Any, scopes: list[dict[str, Any]], repeat: int) -> float:
    """Seconds per request over ``repeat`` passes through ``scopes``."""
    for scope in scopes:  # warm-up: fills the cache when it is on
        status, _ = await _call(app, scope)
        assert status in (200, 304), status
    start = time.perf_counter()
    for _ in range(repeat):
        for scope in scopes:
            await _call(app, scope)
    return (time.perf_counter() - start) / (repeat * len(scopes))


def _roots(store: PlanStore, count: int) -> list[str]:
    rows = store.select(
        "SELECT ?m WHERE { ?m a <https://w3id.org/plangraph/ns#Measure> } ORDER BY ?m"
    ).rows
    measures = [str(r["m"]) for r in rows]
    return random.Random(1).sample(measures, min(count, len(measures)))


async def _measure(store: PlanStore, roots: list[str], rounds: int, repeat: int) -> list[list[str]]:
    on = Settings(answer_cache_mb=64)
    off = Settings(answer_cache_mb=0)
    queries = [urlencode({"root": r, "depth": 2}) for r in roots]
    cases: dict[str, tuple[Settings, bool]] = {
        "cache hit": (on, False),
        "cache off (a walk each)": (off, False),
        "304 (If-None-Match)": (on, True),
    }
    rows = []
    for case, (settings, conditional) in cases.items():
        apps = {lane: create_app(settings, store, fast_lane=lane) for lane in (True, False)}
        scopes: dict[bool, list[dict[str, Any]]] = {}
        for lane, app in apps.items():
            scopes[lane] = [_scope(app, q, []) for q in queries]
            if conditional:
                tagged = []
                for scope in scopes[lane]:
                    _status, headers = await _call(app, scope)
                    tagged.append(
                        _scope(
                            app,
                            scope["query_string"].decode(),
                            [(b"if-none-match", headers[b"etag"])],
                        )
                    )
                scopes[lane] = tagged
        best = {True: float("inf"), False: float("inf")}
        for _ in range(rounds):
            for lane in (True, False):
                best[lane] = min(best[lane], await _per_request(apps[lane], scopes[lane], repeat))
        saved = best[False] - best[True]
        rows.append(
            [
                case,
                f"{best[True] * 1e6:.0f} us",
                f"{best[False] * 1e6:.0f} us",
                f"{saved * 1e6:.0f} us ({saved / best[False]:.0%})",
            ]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="", help="synthetic triples (default: the seed data)")
    parser.add_argument("--roots", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--write", action="store_true", help="write results/lane.md")
    args = parser.parse_args()
    if args.size:
        (n,) = parse_sizes(args.size)
        store = open_store("memory", data_dir=dataset_dir(n))
        data = f"synthetic, {size_name(n)} triples"
    else:
        store = open_store("memory")
        data = f"seed data, {len(store):,} quads"
    roots = _roots(store, args.roots)
    rows = asyncio.run(_measure(store, roots, args.rounds, args.repeat))
    head = ["request (GET /api/subgraph, depth 2, JSON)", "lane on", "lane off", "lane saves"]
    text = "\n".join(table(head, rows))
    command = " ".join(["python", "benchmarks/bench_lane.py", *sys.argv[1:]])
    report = (
        f"# The subgraph fast lane on top of the answer cache\n\n- command: `{command}`\n"
        f"- data: {data}; {len(roots)} roots; best of {args.rounds} alternated rounds of "
        f"{args.repeat} passes; per request, in-process ASGI calls (no sockets)\n\n{text}\n"
    )
    print(report)
    if args.write:
        (RESULTS / "lane.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
