"""``/sparql`` side by side with ``oxigraph serve-read-only`` on the same quads.

Starts ``plangraph serve`` twice (no access log; once with the answer cache off, once with it
on as by default) and the engine's own server (the ``oxigraph`` binary from the ``oxigraph`` pip
package, ``serve-read-only --union-default-graph``, on a RocksDB folder loaded with the same
N-Quads that plangraph's store holds), all on loopback, then drives each with the same client:
Python threads, one keep-alive connection each, in a closed loop (every client sends its next
query as soon as the answer is in). Every server gets the same query text and ``Accept:
application/sparql-results+json``, and must give the same solutions before it is timed.

Measured per query (a small one: the challenges no measure addresses; an analysis-sized one:
the packaged ``coverage_matrix``): p50 and p99 at 1 client, throughput (and p50) at 8 and 32
clients. Then the deadline: a runaway query on plangraph (killed at ``--timeout`` seconds)
while ``/api/health`` is asked every 50 ms: the slowest health answer.

The client shares the machine with the servers (on two cores it costs a share of the CPU
either server would use): the ratios are the figure to read, not the absolute numbers.

    python benchmarks/bench_sparql.py                  # the seed data
    python benchmarks/bench_sparql.py --size 100k      # the synthetic graph (benchmarks/.cache)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _common import RESULTS, dataset_dir, parse_sizes, size_name  # noqa: E402

SMALL = (
    "PREFIX pg: <https://w3id.org/plangraph/ns#>\n"
    "SELECT ?c WHERE { GRAPH ?g { ?c a pg:Challenge } "
    "FILTER NOT EXISTS { GRAPH ?h { ?m pg:addresses ?c } } }"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(port: int, path: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.args}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_plangraph(
    data_dir: Path | None, timeout: float, *, cache: bool
) -> tuple[int, subprocess.Popen[bytes]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    env.update(PLANGRAPH_QUERY_TIMEOUT=str(timeout), PLANGRAPH_MAX_ROWS="100000")
    if not cache:
        env["PLANGRAPH_ANSWER_CACHE_MB"] = "0"  # every query runs in a worker
    # Every client here comes from 127.0.0.1: the per-client rate limits and the per-client share
    # of query slots (meant to keep one address from starving the others) would measure the
    # limiter, not the endpoint. oxigraph serve-read-only has neither.
    env.update(
        PLANGRAPH_RATE_LIMIT="0",
        PLANGRAPH_SPARQL_RATE_LIMIT="0",
        PLANGRAPH_SPARQL_CLIENT_SHARE=os.environ.get("PLANGRAPH_SPARQL_MAX_CONCURRENT", "4"),
    )
    if data_dir is not None:
        env["PLANGRAPH_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "plangraph",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        cwd=ROOT,
    )
    wait_until_up(port, "/api/health", process)
    return port, process


def start_oxigraph(nquads: Path, workdir: Path) -> tuple[int, subprocess.Popen[bytes]]:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = workdir / "oxigraph-db"
    subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(nquads)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_up(port, "/query?query=ASK%7B%7D", process)
    return port, process


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its children (the query
    workers), from /proc; 0.0 where there is no /proc."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    proc = Path("/proc")
    if not proc.is_dir():
        return 0.0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


@dataclass
class Run:
    p50: float
    p99: float
    rps: float
    requests: int
    failures: int
    cpu: float = 0.0  # the server's CPU seconds (with its workers) during the run


def load(
    port: int, path: str, query: str, clients: int, duration: float, requests: int, pid: int = 0
) -> Run:
    """Closed loop: ``clients`` threads, each on one keep-alive connection, for ``duration``
    seconds or ``requests`` requests in all, whichever ends first."""
    target = f"{path}?{urllib.parse.urlencode({'query': query})}"
    headers = {"Accept": "application/sparql-results+json"}
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    left = [requests]
    barrier = threading.Barrier(clients)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine: list[float] = []
        barrier.wait()
        while time.monotonic() < stop_at:
            with lock:
                if left[0] <= 0:
                    break
                left[0] -= 1
            started = time.perf_counter()
            conn.request("GET", target, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                with lock:
                    failures[0] += 1
        with lock:
            latencies.extend(mine)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    cpu_before = tree_cpu(pid) if pid else 0.0
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    cpu = tree_cpu(pid) - cpu_before if pid else 0.0
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Run(
        statistics.median(latencies),
        p99,
        len(latencies) / elapsed,
        len(latencies),
        failures[0],
        cpu,
    )


def median_run(runs: list[Run]) -> Run:
    """The median of each figure over the rounds (CPU: summed, like the requests)."""
    return Run(
        statistics.median(r.p50 for r in runs),
        statistics.median(r.p99 for r in runs),
        statistics.median(r.rps for r in runs),
        sum(r.requests for r in runs),
        sum(r.failures for r in runs),
        sum(r.cpu for r in runs),
    )


def answer(port: int, path: str, query: str) -> tuple[int, list[list[tuple[str, str]]]]:
    """A query's status and its solutions (sorted, each as sorted (variable, term) pairs)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request(
        "GET",
        f"{path}?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        return response.status, []
    rows = [
        sorted((name, json.dumps(term, sort_keys=True)) for name, term in binding.items())
        for binding in json.loads(body)["results"]["bindings"]
    ]
    return 200, sorted(rows)


def cpu_us(run: Run) -> str:
    return f"{run.cpu / run.requests * 1e6:.0f} µs" if run.requests and run.cpu else "-"


def runaway(port: int, timeout: float) -> tuple[int, float, int]:
    """A runaway query on plangraph while /api/health is asked every 50 ms: the query's
    status, the slowest health answer (s), how many health answers."""
    status: list[int] = []

    def slow() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout + 60)
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY}))
        response = conn.getresponse()
        response.read()
        status.append(response.status)

    thread = threading.Thread(target=slow)
    thread.start()
    worst = 0.0
    count = 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while thread.is_alive():
        started = time.perf_counter()
        conn.request("GET", "/api/health")
        conn.getresponse().read()
        worst = max(worst, time.perf_counter() - started)
        count += 1
        time.sleep(0.05)
    thread.join()
    return status[0], worst, count


def ms(value: float) -> str:
    return f"{value * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", default="", help="synthetic graph size (e.g. 100k); seed data if empty"
    )
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per loaded run")
    parser.add_argument("--single", type=int, default=400, help="requests at 1 client")
    parser.add_argument("--timeout", type=float, default=3.0, help="plangraph's query deadline")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per row")
    parser.add_argument("--output", default=str(RESULTS / "sparql.md"))
    args = parser.parse_args()

    from plangraph.resources import query_text
    from plangraph.store import open_store

    data_dir = dataset_dir(parse_sizes(args.size)[0]) if args.size else None
    label = f"synthetic {size_name(parse_sizes(args.size)[0])}" if args.size else "seed data"
    queries = {
        "small (uncovered challenges)": SMALL,
        "analysis (coverage_matrix)": query_text("coverage_matrix"),
    }
    lines: list[str] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(data_dir=data_dir) if data_dir is not None else open_store()
        nquads = Path(tmp) / "data.nq"
        nquads.write_bytes(store.serialize("nq"))
        quads = len(store)
        del store
        ox_port, ox_process = start_oxigraph(nquads, Path(tmp))
        servers: list[tuple[str, int, subprocess.Popen[bytes]]] = []
        try:
            for variant, cache in (("off", False), ("on", True)):
                port, process = start_plangraph(data_dir, args.timeout, cache=cache)
                servers.append((variant, port, process))
            rows: list[str] = []
            for name, query in queries.items():
                # The same answer from every server, before timing (it warms them too).
                expected = answer(ox_port, "/query", query)
                for variant, port, _process in servers:
                    got = answer(port, "/sparql", query)
                    if got != expected:
                        raise SystemExit(f"{name}: plangraph (cache {variant}) answers otherwise")
                    load(port, "/sparql", query, 1, 60, 20)
                load(ox_port, "/query", query, 1, 60, 20)
                for clients, count in ((1, args.single), (8, 10**9), (32, 10**9)):
                    duration = 60.0 if clients == 1 else args.duration / args.rounds
                    # Alternate the servers in short rounds and take medians: the machine is
                    # shared, and its load drifts within a run.
                    ox_runs: list[Run] = []
                    pg_runs: dict[str, list[Run]] = {variant: [] for variant, _p, _s in servers}
                    share = max(1, count // args.rounds)
                    for _round in range(args.rounds):
                        ox_runs.append(
                            load(ox_port, "/query", query, clients, duration, share, ox_process.pid)
                        )
                        for variant, port, process in servers:
                            pg_runs[variant].append(
                                load(port, "/sparql", query, clients, duration, share, process.pid)
                            )
                    ox = median_run(ox_runs)
                    for variant, _port, _process in servers:
                        pg = median_run(pg_runs[variant])
                        rows.append(
                            f"| {name} | {clients} | {variant} | {ms(ox.p50)} / {ms(ox.p99)} | "
                            f"{ms(pg.p50)} / {ms(pg.p99)} | {pg.p50 / ox.p50:.2f}x | "
                            f"{ox.rps:.0f} | {pg.rps:.0f} | {ox.rps / pg.rps:.2f}x | "
                            f"{cpu_us(ox)} | {cpu_us(pg)} | {ox.failures + pg.failures} |"
                        )
                        print(rows[-1], flush=True)
            # The deadline, on the server without the cache (a runaway answer is never kept
            # anyway: it is an error).
            status, worst, probes = runaway(servers[0][1], args.timeout)
        finally:
            for _variant, _port, process in servers:
                stop(process)
            stop(ox_process)
    lines += [
        "# SPARQL: plangraph's `/sparql` beside `oxigraph serve-read-only`",
        "",
        f"Data: {label}, {quads:,} quads, the same N-Quads in every server. "
        f"Machine: {os.cpu_count()} cores, load average {load_before:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end.",
        "",
        "Command: `python benchmarks/bench_sparql.py"
        + (f" --size {args.size}" if args.size else "")
        + f" --duration {args.duration:g} --single {args.single} --rounds {args.rounds}`",
        "",
        "Each row: the same query text to each server, JSON results, closed loop (each client "
        "sends its next query when the answer is in), the servers in alternating rounds, "
        "medians over the rounds. Two plangraph servers: `cache off` "
        "(`PLANGRAPH_ANSWER_CACHE_MB=0`: every query runs in a query worker) and `cache on` (the "
        "default: a repeated query is answered from the answer cache until the next write). "
        "p50 / p99 latency; throughput in queries a second; `slower` = plangraph p50 / oxigraph "
        "p50, `behind` = oxigraph q/s / plangraph q/s (1.00x: the same); CPU = the server's CPU "
        "time (user + system, with its query workers) per query, from /proc.",
        "",
        "| query | clients | plangraph answer cache | oxigraph p50 / p99 | plangraph p50 / p99 "
        "| slower | oxigraph q/s | plangraph q/s | behind | oxigraph CPU/query "
        "| plangraph CPU/query | non-200 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Runaway query (`{RUNAWAY}`) on plangraph (cache off) with a {args.timeout:g} s "
        f"deadline: answered {status}; `/api/health` asked every 50 ms meanwhile ({probes} "
        f"answers), slowest {ms(worst)}.",
        "",
    ]
    Path(args.output).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
