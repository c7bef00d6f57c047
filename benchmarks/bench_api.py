"""The API under load: subgraph fetches (depth 2) at 32 concurrent connections, and SPARQL latency.

Starts ``plangraph serve`` (no access log) in a subprocess on a free loopback port with the
synthetic graph (``plangraph generate``, cached in benchmarks/.cache), waits for /api/health, then
drives it from the same machine with ``wrk`` (Debian package ``wrk``; a Lua script cycles through
sampled subgraph paths, one per request), so that the load generator costs little of the CPU the
server needs. Without wrk on the PATH (or with ``--client python``) a small asyncio + httpx load
generator runs instead; it needs about as much CPU as the server, so its figures are much worse.

Measured, per store:

- ``GET /api/subgraph?root=MEASURE&depth=2`` as JSON at ``--connections`` connections, with the
  default links and with ``predicate=*`` (every link), roots cycling through ``--roots`` measures
  sampled at random (seeded) from the whole graph: p50, p99, requests per second;
- the default walk as Turtle (pyoxigraph serialiser), and as JSON over one connection;
- ``/api/health`` at the same concurrency: the floor of the HTTP stack (it counts the named
  graphs, so it is not free either);
- ``/sparql`` ASK over one connection: the cost of running each query in a forked child (the
  deadline's price).

Plain rdflib (``PLANGRAPH_STORE=rdflib:memory``) runs the same fetches on a smaller graph
(``--rdflib-size``, default 100k): loading 1M triples into rdflib takes ~40 s and 1.1 GiB.

The closed loop of wrk keeps every connection busy: by Little's law, ``connections / p50`` is
about the throughput, so p50 under 10 ms at 32 connections needs ~3,200 requests per second.

    python benchmarks/bench_api.py                       # 1M on Oxigraph, 100k on both
    python benchmarks/bench_api.py --size 100k --duration 10 --rdflib-size 0

Notes written by hand below the line ``<!-- notes -->`` in results/api.md are kept when the
file is rewritten.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import RESULTS, dataset_dir, fmt_seconds, parse_sizes, size_name, table, write_results

ROOT = Path(__file__).resolve().parents[1]
NOTES_MARKER = "<!-- notes -->"
MEASURES = (
    "PREFIX pg: <https://w3id.org/plangraph/ns#> "
    "SELECT DISTINCT ?m WHERE { ?m a pg:Measure ; pg:addresses ?c } ORDER BY ?m"
)

WRK_SCRIPT = r"""
-- Written by benchmarks/bench_api.py. Each request takes the next path of the file named after
-- "--" (each thread starts at its own place); done() prints one line for bench_api.py to read.
local paths = {}
local counter = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = ((id or 0) * 7919) % #paths
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_average() -> float:
    return os.getloadavg()[0]


class Server:
    def __init__(self, data_dir: Path, store: str, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
        env.update(
            PLANGRAPH_DATA_DIR=str(data_dir),
            PLANGRAPH_STORE=store,
            PLANGRAPH_QUERY_TIMEOUT="60",
            PLANGRAPH_MAX_ROWS="100000",
            # Load tests are one client at thousands of requests a second: no rate limits.
            PLANGRAPH_RATE_LIMIT="0",
            PLANGRAPH_SPARQL_RATE_LIMIT="0",
            PLANGRAPH_SPARQL_CLIENT_SHARE="1000",
        )
        env.update(extra_env or {})
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
                "--no-access-log",
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


@dataclass
class Load:
    """One load run: latency percentiles (seconds), throughput, counts, machine load."""

    p50: float
    p99: float
    rps: float
    requests: int
    failures: int
    load_before: float
    load_after: float
    command: str


class WrkClient:
    """wrk with the path-cycling Lua script."""

    name = "wrk"

    def __init__(self, wrk: str, workdir: Path, duration: int) -> None:
        self.wrk = wrk
        self.workdir = workdir
        self.duration = duration
        self.script = workdir / "paths.lua"
        self.script.write_text(WRK_SCRIPT, encoding="utf-8")

    def run(self, url: str, paths: list[str], connections: int, headers: dict[str, str]) -> Load:
        listing = self.workdir / f"paths-{abs(hash(tuple(paths)))}.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        threads = min(2, connections)
        command = [
            self.wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{self.duration}s",
            "--timeout",
            "60s",
            "--latency",
            *[arg for k, v in headers.items() for arg in ("-H", f"{k}: {v}")],
            "-s",
            str(self.script),
            url,
            "--",
            str(listing),
        ]
        before = load_average()
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        after = load_average()
        match = re.search(r"^BENCH (.*)$", out, re.MULTILINE)
        if match is None:
            raise RuntimeError(f"wrk printed no summary:\n{out}")
        fields = {k: int(v) for k, v in (p.split("=") for p in match.group(1).split())}
        return Load(
            p50=fields["p50_us"] / 1e6,
            p99=fields["p99_us"] / 1e6,
            rps=fields["requests"] / (fields["duration_us"] / 1e6),
            requests=fields["requests"],
            failures=fields["status_errors"] + fields["socket_errors"],
            load_before=before,
            load_after=after,
            command=f"wrk -t{threads} -c{connections} -d{self.duration}s --timeout 60s --latency "
            + "".join(f"-H '{k}: {v}' " for k, v in headers.items())
            + "-s paths.lua URL -- PATHS",
        )


class PythonClient:
    """asyncio + httpx: the fallback when wrk is missing (it competes with the server for CPU)."""

    name = "python (asyncio + httpx)"

    def __init__(self, requests: int) -> None:
        self.requests = requests

    def run(self, url: str, paths: list[str], connections: int, headers: dict[str, str]) -> Load:
        before = load_average()
        result = asyncio.run(self._load(url, paths, connections, headers))
        after = load_average()
        return Load(
            **result,
            load_before=before,
            load_after=after,
            command=f"python client, {self.requests} requests, {connections} connections",
        )

    async def _load(
        self, url: str, paths: list[str], connections: int, headers: dict[str, str]
    ) -> dict[str, Any]:
        latencies: list[float] = []
        failures = 0
        counter = iter(range(self.requests))
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
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

            await asyncio.gather(*(client.get(paths[0]) for _ in range(connections)))
            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(connections)))
            elapsed = time.perf_counter() - started
        latencies.sort()
        return {
            "p50": statistics.median(latencies),
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "rps": len(latencies) / elapsed,
            "requests": len(latencies),
            "failures": failures,
        }


def sample_roots(url: str, count: int) -> list[str]:
    """``count`` measures that address something, drawn with a fixed seed from the whole graph."""
    response = httpx.get(
        f"{url}/sparql",
        params={"query": MEASURES},
        headers={"Accept": "application/sparql-results+json"},
        timeout=120,
    )
    response.raise_for_status()
    measures = [b["m"]["value"] for b in response.json()["results"]["bindings"]]
    return sorted(random.Random(0).sample(measures, min(count, len(measures))))


def subgraph_paths(roots: list[str], **extra: Any) -> list[str]:
    return [str(httpx.URL("/api/subgraph", params={"root": r, "depth": 2, **extra})) for r in roots]


def walk_sizes(url: str, paths: list[str]) -> dict[str, float]:
    """Median nodes, edges and hubs of the walks, and how many the node cap truncated."""
    found = []
    for path in paths:
        body = httpx.get(url + path, timeout=120).json()
        found.append(
            (len(body["nodes"]), len(body["edges"]), len(body.get("hubs", ())), body["truncated"])
        )
    return {
        "nodes": statistics.median(f[0] for f in found),
        "max_nodes": max(f[0] for f in found),
        "edges": statistics.median(f[1] for f in found),
        "hubs": statistics.median(f[2] for f in found),
        "truncated": sum(1 for f in found if f[3]),
        "n": len(found),
    }


def cache_counts(url: str) -> tuple[int, int] | None:
    """(hits, misses) of the server's subgraph answer cache, ``None`` when it is off."""
    stats = httpx.get(f"{url}/api/health", timeout=60).json().get("answer_cache")
    return (int(stats["hits"]), int(stats["misses"])) if stats else None


def hit_rate(before: tuple[int, int] | None, after: tuple[int, int] | None) -> str:
    if before is None or after is None:
        return "off"
    hits, misses = after[0] - before[0], after[1] - before[1]
    return f"{hits / (hits + misses):.0%}" if hits + misses else "-"


def measure(
    url: str, client: WrkClient | PythonClient, roots: int, connections: int
) -> dict[str, Any]:
    """Every run against the server at ``url``; cache hit rates of the subgraph runs."""
    sampled = sample_roots(url, roots)
    default = subgraph_paths(sampled)
    everything = subgraph_paths(sampled, predicate="*")
    sizes = {
        "default": walk_sizes(url, default[:50]),
        "all": walk_sizes(url, everything[:50]),
    }
    json_accept = {"Accept": "application/json"}
    runs: dict[str, tuple[list[str], int, dict[str, str]]] = {
        "default": (default, connections, json_accept),
        "all": (everything, connections, json_accept),
        "turtle": (default, connections, {"Accept": "text/turtle"}),
        "single": (default, 1, json_accept),
        "health": (["/api/health"], connections, {}),
        "sparql": (
            [str(httpx.URL("/sparql", params={"query": "ASK { ?s ?p ?o }"}))],
            1,
            {},
        ),
    }
    loads: dict[str, Load] = {}
    hits: dict[str, str] = {}
    for key, (paths, conns, headers) in runs.items():
        before = cache_counts(url)
        loads[key] = client.run(url, paths, conns, headers)
        subgraph = key in ("default", "all", "turtle", "single")
        hits[key] = hit_rate(before, cache_counts(url)) if subgraph else ""
    return {"roots": len(sampled), "sizes": sizes, "loads": loads, "hits": hits}


def run_store(
    data_dir: Path,
    store: str,
    client: WrkClient | PythonClient,
    roots: int,
    connections: int,
    extra_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    server = Server(data_dir, store, extra_env)
    try:
        result = measure(server.url, client, roots, connections)
        return {**result, "startup": server.startup, "rss": server.rss()}
    finally:
        server.stop()


def result_rows(
    runs: list[tuple[str, int, dict[str, Any]]], c: int
) -> tuple[list[list[str]], list[list[str]]]:
    """Table rows: the load runs, and the walk sizes."""
    rows = []
    for name, n, r in runs:
        for label, key in (
            (f"subgraph JSON, default links, {c} conn.", "default"),
            (f"subgraph JSON, predicate=*, {c} conn.", "all"),
            (f"subgraph Turtle, default links, {c} conn.", "turtle"),
            ("subgraph JSON, default links, 1 conn.", "single"),
            (f"/api/health, {c} conn.", "health"),
            ("/sparql ASK (forked child), 1 conn.", "sparql"),
        ):
            m: Load = r["loads"][key]
            rows.append(
                [
                    f"{name}, {size_name(n)}" if n else name,
                    label,
                    fmt_seconds(m.p50),
                    fmt_seconds(m.p99),
                    f"{m.rps:.0f}",
                    f"{m.requests} ({m.failures} failed)",
                    r.get("hits", {}).get(key, ""),
                    f"{m.load_before:.1f} → {m.load_after:.1f}",
                ]
            )
    facts = []
    for name, n, r in runs:
        for label, key in (("default links", "default"), ("predicate=*", "all")):
            s = r["sizes"][key]
            facts.append(
                [
                    f"{name}, {size_name(n)}" if n else name,
                    label,
                    f"{s['nodes']:.0f} / {s['edges']:.0f} (max {s['max_nodes']} nodes)",
                    f"{s['hubs']:.0f}",
                    f"{s['truncated']} of {s['n']}",
                ]
            )
    return rows, facts


def kept_notes() -> list[str]:
    """The hand-written part of results/api.md (from the notes marker on), if any."""
    path = RESULTS / "api.md"
    if not path.exists():
        return [NOTES_MARKER]
    text = path.read_text(encoding="utf-8")
    index = text.find(NOTES_MARKER)
    return text[index:].rstrip("\n").split("\n") if index >= 0 else [NOTES_MARKER]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1M", help="triples for the Oxigraph run")
    parser.add_argument(
        "--rdflib-size", default="100k", help="triples for the rdflib comparison (0: none)"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    parser.add_argument("--roots", type=int, default=500, help="sampled measures to cycle")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--requests", type=int, default=2000, help="requests per run of the Python client"
    )
    parser.add_argument(
        "--url",
        help="measure a server that is already running there (e.g. an older version) and "
        "print the figures; results/api.md is left as it is",
    )
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if args.client == "wrk" and wrk is None:
        parser.error("wrk is not on the PATH (Debian: apt-get install wrk)")
    size = parse_sizes(args.size)[0]
    rdflib_size = parse_sizes(args.rdflib_size)[0] if args.rdflib_size != "0" else 0
    runs: list[tuple[str, int, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        client: WrkClient | PythonClient
        if wrk is not None and args.client != "python":
            client = WrkClient(wrk, Path(tmp), args.duration)
        else:
            client = PythonClient(args.requests)
        if args.url:
            found = measure(args.url.rstrip("/"), client, args.roots, args.connections)
            rows, facts = result_rows([(args.url, 0, found)], args.connections)
            print(
                "\n".join(
                    table(
                        [
                            "server",
                            "request",
                            "p50",
                            "p99",
                            "req/s",
                            "requests",
                            "cache hits",
                            "load avg",
                        ],
                        rows,
                    )
                )
            )
            print(
                "\n".join(table(["server", "links", "nodes / edges", "hubs", "truncated"], facts))
            )
            return
        # Cache off everywhere but the first run: those runs measure a walk per request (the
        # cold path), and compare stores on equal terms.
        off = {"PLANGRAPH_ANSWER_CACHE_MB": "0"}
        plan: list[tuple[str, str, int, dict[str, str]]] = [
            ("oxigraph (memory), answer cache on", "memory", size, {}),
            ("oxigraph (memory), answer cache off", "memory", size, off),
        ]
        if rdflib_size:
            if rdflib_size != size:
                plan.append(("oxigraph (memory), cache off", "memory", rdflib_size, off))
            plan.append(
                ("plain rdflib (rdflib:memory), cache off", "rdflib:memory", rdflib_size, off)
            )
        for name, store, n, extra in plan:
            print(f"{name}, {size_name(n)} ...", file=sys.stderr)
            found = run_store(dataset_dir(n), store, client, args.roots, args.connections, extra)
            runs.append((name, n, found))
    rows, facts = result_rows(runs, args.connections)
    servers = [
        [f"{name}, {size_name(n)}", f"{r['startup']:.1f} s", f"{r['rss'] / 2**20:.0f} MiB"]
        for name, n, r in runs
    ]
    commands = sorted({m.command for _name, _n, r in runs for m in r["loads"].values()})
    body = [
        f"Load generator: {client.name}, on the same machine as the server (loopback). Server: "
        "`plangraph serve --log-level warning --no-access-log`, one process. Roots: "
        f"{runs[0][2]['roots']} measures sampled with seed 0, each request the next one. "
        "Latency is per request as the client sees it, queueing at the server included. "
        "Cache hits: the share of subgraph requests the server answered from its answer cache "
        "during the run (from the counters in /api/health); `off`: every request walked the "
        "graph. "
        f"The last column is the machine's 1-minute load average before → after each run, on "
        f"{os.cpu_count()} CPUs: anything above ~1 besides this benchmark is other work "
        "competing for the same cores.",
        "",
        *table(
            ["store", "request", "p50", "p99", "req/s", "requests", "cache hits", "load avg"],
            rows,
        ),
        "",
        "Depth-2 walks from the first 50 sampled roots: median nodes / edges, median hubs left "
        "unexpanded (more than 50 links to follow), and how many the node cap (500) truncated:",
        "",
        *table(["store", "links", "nodes / edges", "hubs", "truncated"], facts),
        "",
        "Server start (load included) and resident memory after the runs:",
        "",
        *table(["store", "start", "RSS"], servers),
        "",
        "Load commands (`paths.lua` is written by bench_api.py; PATHS lists the request paths):",
        "",
        *[f"- `{command}`" for command in commands],
        "",
        *kept_notes(),
    ]
    write_results("api", "API benchmark: subgraph fetches and SPARQL over HTTP", body)
    print("\n".join(body))


if __name__ == "__main__":
    main()
