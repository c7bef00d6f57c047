"""The API under load: subgraph fetches (depth 2) at 32 concurrent clients, and SPARQL latency.

Starts ``plangraph serve`` in a subprocess on a free loopback port with the synthetic graph
(``plangraph generate``, cached in benchmarks/.cache), waits for /api/health, then drives it with
a small asyncio + httpx load generator on the same machine (so client and server share the CPUs:
the figures are conservative). Needs nothing beyond the test extras (httpx, psutil).

Measured, per store:

- subgraph ``GET /api/subgraph?root=MEASURE&depth=2`` (JSON nodes/edges, roots cycling through
  sampled measures) at ``--concurrency`` clients: p50, p99, requests per second;
- the same as Turtle (pyoxigraph serialiser);
- ``/sparql`` ASK at one client: the cost of running each query in a forked child
  (the deadline's price), next to ``/api/health`` as the floor of one HTTP round trip.

Plain rdflib (``PLANGRAPH_STORE=rdflib:memory``) runs the same fetches on a smaller graph
(``--rdflib-size``, default 100k): loading 1M triples into rdflib takes ~40 s and 1 GiB.

    python benchmarks/bench_api.py                       # 1M on Oxigraph, 100k on both
    python benchmarks/bench_api.py --size 100k --requests 500
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import dataset_dir, fmt_seconds, parse_sizes, size_name, table, write_results

ROOT = Path(__file__).resolve().parents[1]
MEASURES = (
    "PREFIX pg: <https://w3id.org/plangraph/ns#> "
    "SELECT DISTINCT ?m WHERE { ?m a pg:Measure ; pg:addresses ?c } ORDER BY ?m LIMIT 500"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, data_dir: Path, store: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
        env.update(
            PLANGRAPH_DATA_DIR=str(data_dir),
            PLANGRAPH_STORE=store,
            PLANGRAPH_QUERY_TIMEOUT="30",
        )
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "plangraph",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        while True:
            if self.process.poll() is not None:
                raise RuntimeError("server exited")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        self.startup = time.perf_counter() - started

    def rss(self) -> int:
        import psutil

        return int(psutil.Process(self.process.pid).memory_info().rss)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def load(
    url: str, paths: list[str], requests: int, concurrency: int, headers: dict[str, str]
) -> dict[str, float]:
    """``requests`` GETs over ``concurrency`` connections; latencies and throughput."""
    latencies: list[float] = []
    failures = 0
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=url, limits=limits, timeout=60, headers=headers
    ) as client:

        async def worker() -> None:
            nonlocal failures
            for i in counter:
                started = time.perf_counter()
                response = await client.get(paths[i % len(paths)])
                await response.aread()
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    failures += 1

        # Warm up every connection before measuring.
        await asyncio.gather(*(client.get(paths[0]) for _ in range(concurrency)))
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "rps": len(latencies) / elapsed,
        "failures": failures,
        "n": len(latencies),
    }


def sample_roots(url: str) -> list[str]:
    response = httpx.get(
        f"{url}/sparql",
        params={"query": MEASURES},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    response.raise_for_status()
    return [b["m"]["value"] for b in response.json()["results"]["bindings"]]


def subgraph_paths(roots: list[str]) -> list[str]:
    return [str(httpx.URL("/api/subgraph", params={"root": r, "depth": 2})) for r in roots]


def run_store(data_dir: Path, store: str, requests: int, concurrency: int) -> dict[str, Any]:
    server = Server(data_dir, store)
    try:
        roots = sample_roots(server.url)
        paths = subgraph_paths(roots)
        sizes = []
        for path in paths[:20]:
            body = httpx.get(server.url + path, timeout=60).json()
            sizes.append((len(body["nodes"]), len(body["edges"]), body["truncated"]))
        json_load = asyncio.run(
            load(server.url, paths, requests, concurrency, {"Accept": "application/json"})
        )
        turtle_load = asyncio.run(
            load(server.url, paths, requests, concurrency, {"Accept": "text/turtle"})
        )
        single = asyncio.run(load(server.url, paths, max(100, requests // 10), 1, {}))
        ask = str(httpx.URL("/sparql", params={"query": "ASK { ?s ?p ?o }"}))
        sparql = asyncio.run(load(server.url, [ask], 100, 1, {}))
        health = asyncio.run(load(server.url, ["/api/health"], 200, 1, {}))
        return {
            "startup": server.startup,
            "rss": server.rss(),
            "nodes": statistics.median(s[0] for s in sizes),
            "edges": statistics.median(s[1] for s in sizes),
            "truncated": sum(1 for s in sizes if s[2]),
            "json": json_load,
            "turtle": turtle_load,
            "single": single,
            "sparql": sparql,
            "health": health,
        }
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1M", help="triples for the Oxigraph run")
    parser.add_argument("--rdflib-size", default="100k", help="triples for the rdflib comparison")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    size = parse_sizes(args.size)[0]
    rdflib_size = parse_sizes(args.rdflib_size)[0]
    runs: list[tuple[str, int, dict[str, Any]]] = []
    runs.append(
        (
            "oxigraph (memory)",
            size,
            run_store(dataset_dir(size), "memory", args.requests, args.concurrency),
        )
    )
    if rdflib_size:
        small_requests = max(200, args.requests // 10)
        if rdflib_size != size:
            runs.append(
                (
                    "oxigraph (memory)",
                    rdflib_size,
                    run_store(dataset_dir(rdflib_size), "memory", small_requests, args.concurrency),
                )
            )
        runs.append(
            (
                "plain rdflib (rdflib:memory)",
                rdflib_size,
                run_store(
                    dataset_dir(rdflib_size), "rdflib:memory", small_requests, args.concurrency
                ),
            )
        )
    rows = []
    for name, n, r in runs:
        for label, key in (
            (f"subgraph JSON, {args.concurrency} clients", "json"),
            (f"subgraph Turtle, {args.concurrency} clients", "turtle"),
            ("subgraph JSON, 1 client", "single"),
            ("/sparql ASK (forked child), 1 client", "sparql"),
            ("/api/health, 1 client", "health"),
        ):
            m = r[key]
            rows.append(
                [
                    f"{name}, {size_name(n)}",
                    label,
                    fmt_seconds(m["p50"]),
                    fmt_seconds(m["p99"]),
                    f"{m['rps']:.0f}",
                    f"{m['n']} ({m['failures']} failed)",
                ]
            )
    facts = [
        [
            f"{name}, {size_name(n)}",
            f"{r['startup']:.1f} s",
            f"{r['rss'] / 2**20:.0f} MiB",
            f"{r['nodes']:.0f} / {r['edges']:.0f}",
            f"{r['truncated']} of 20",
        ]
        for name, n, r in runs
    ]
    load_after = os.getloadavg()[0]
    body = [
        f"Machine load average (1 min) before / after the run: {load_before:.1f} / {load_after:.1f} "
        f"on {os.cpu_count()} CPUs (other work on the machine competes with client and server).",
        "",
        "Client and server on the same machine (loopback); the client is Python (asyncio + httpx),",
        "which costs CPU the server would otherwise have. Latency is per request as the client sees",
        "it, queueing at the server included.",
        "",
        *table(["store", "request", "p50", "p99", "req/s", "requests"], rows),
        "",
        "Server start (load included), resident memory, and the median depth-2 subgraph size "
        "(nodes / edges) over 20 sampled measures:",
        "",
        *table(["store", "start", "RSS", "nodes / edges", "truncated"], facts),
    ]
    write_results("api", "API benchmark: subgraph fetches and SPARQL over HTTP", body)
    print("\n".join(body))


if __name__ == "__main__":
    main()
