"""A subgraph request that misses the answer cache: its CPU beside a raw pyoxigraph walk.

``.venv/bin/python benchmarks/bench_miss.py [--size 1M] [--requests 2000]``

One run, on the on-disk store bench_cli.py builds (the synthetic data loaded once):

1. a raw pyoxigraph walk (no plangraph): from each sampled root, depth 2, both directions along
   plangraph's default link predicates, a node other than the root expanded only with at most 50
   such links (plangraph's fan-out rule), then the types and labels of every node reached; CPU
   per walk from ``time.process_time``;
2. ``plangraph serve`` on the same store with the answer cache off; ``--requests`` sequential
   requests of ``/api/subgraph?root=R&depth=2`` (the same roots, cycled), then as many of
   ``/api/health``; the server's CPU per request from its process times (the client's CPU is
   not counted).

Target: (subgraph CPU - health CPU) / raw walk CPU within 1.3x. Each walk's node and link
counts are checked against the API's answer for the same root.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
import pyoxigraph as ox
from _common import fmt_seconds, parse_sizes, size_name, table, write_results
from bench_cli import dataset_dir, on_disk_store

ROOT = Path(__file__).resolve().parents[1]
PG = "https://w3id.org/plangraph/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FOLLOW = [
    ox.NamedNode(iri)
    for iri in (
        *(PG + name for name in ("addresses", "contributesTo", "inTheme", "subChallengeOf")),
        *(SKOS + m for m in ("closeMatch", "exactMatch", "relatedMatch", "broadMatch")),
        SKOS + "narrowMatch",
        "http://www.w3.org/ns/org#subOrganizationOf",
    )
]
"""plangraph.subgraph.DEFAULT_PREDICATES, spelt out (this script imports no plangraph)."""
ABOUT = [
    ox.NamedNode(iri)
    for iri in (
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://purl.org/dc/terms/title",
        PG + "rationale",
    )
]
FANOUT = 50


def raw_walk(store: ox.Store, root: str) -> tuple[int, int]:
    """Depth-2 walk; (nodes, links) collected, with the nodes' types and labels read."""
    start = ox.NamedNode(root)
    reached = {start}
    links: set[ox.Triple] = set()
    frontier = [start]
    for _hop in range(2):
        following = []
        for node in frontier:
            found: dict[ox.Triple, ox.NamedNode] = {}
            limit = None if node == start else FANOUT
            for predicate in FOLLOW:
                for q in store.quads_for_pattern(node, predicate, None, None):
                    if isinstance(q.object, ox.NamedNode):
                        found.setdefault(q.triple, q.object)
                for q in store.quads_for_pattern(None, predicate, node, None):
                    if isinstance(q.subject, ox.NamedNode):
                        found.setdefault(q.triple, q.subject)
                        if limit is not None and len(found) > limit:
                            break
                if limit is not None and len(found) > limit:
                    break
            if limit is not None and len(found) > limit:
                continue  # a hub: not expanded (reading stopped past the fan-out)
            for triple, other in found.items():
                links.add(triple)
                if other not in reached:
                    reached.add(other)
                    following.append(other)
        frontier = following
    facts = 0
    for node in reached:
        for predicate in ABOUT:
            facts += sum(1 for _ in store.quads_for_pattern(node, predicate, None, None))
    return len(reached), len(links)


def sample_roots(store: ox.Store, count: int) -> list[str]:
    measures = sorted(
        {
            q.subject.value
            for q in store.quads_for_pattern(None, FOLLOW[0], None, None)
            if isinstance(q.subject, ox.NamedNode)
        }
    )
    return sorted(random.Random(0).sample(measures, min(count, len(measures))))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1M")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--roots", type=int, default=500)
    args = parser.parse_args()
    (triples,) = parse_sizes(args.size)
    folder = on_disk_store(triples)

    store = ox.Store.read_only(str(folder))
    roots = sample_roots(store, args.roots)
    sizes = {root: raw_walk(store, root) for root in roots}  # warm-up and the counts
    started = time.process_time()
    for i in range(args.requests):
        raw_walk(store, roots[i % len(roots)])
    raw = (time.process_time() - started) / args.requests
    del store

    # The server checks its store against its data folder at start (the plan files are the
    # truth): it gets the folder the store was loaded from, and a copy of the cached store, so
    # that nothing it does at start can change the cache other benchmarks read.
    scratch = Path(tempfile.mkdtemp(prefix="bench-miss-"))
    served = scratch / "store"
    shutil.copytree(folder, served)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    env |= {
        "PLANGRAPH_STORE": f"oxigraph:{served}",
        "PLANGRAPH_DATA_DIR": str(dataset_dir(triples)),
        "PLANGRAPH_ANSWER_CACHE_MB": "0",
        # one client sends every request as fast as it can: the per-client rate limit (200/s)
        # would answer some with 429; it costs the health request as much as the subgraph one
        "PLANGRAPH_RATE_LIMIT": "0",
    }
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "plangraph", "--quiet", "serve", "--port", str(port)),
            *("--log-level", "warning", "--no-access-log"),
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        server = psutil.Process(process.pid)
        paths = [str(httpx.URL("/api/subgraph", params={"root": r, "depth": 2})) for r in roots]
        mismatched = 0
        with httpx.Client(base_url=url, timeout=60) as client:
            for path, root in zip(paths, roots, strict=True):  # warm-up, and the same walk?
                answer = client.get(path).json()
                if (len(answer["nodes"]), len(answer["edges"])) != sizes[root]:
                    mismatched += 1
            before = server_cpu(server)
            for i in range(args.requests):
                client.get(paths[i % len(paths)]).raise_for_status()
            subgraph = (server_cpu(server) - before) / args.requests
            before = server_cpu(server)
            for _ in range(args.requests):
                client.get("/api/health").raise_for_status()
            health = (server_cpu(server) - before) / args.requests
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)

    ratio = (subgraph - health) / raw
    rows = [
        ["raw pyoxigraph walk (CPU per walk)", fmt_seconds(raw)],
        ["`/api/subgraph` depth 2, cache off (server CPU per request)", fmt_seconds(subgraph)],
        ["`/api/health` (server CPU per request)", fmt_seconds(health)],
        ["(subgraph - health) / raw walk (target <= 1.3x)", f"{ratio:.2f}x"],
    ]
    body = [
        f"{size_name(triples)} synthetic triples, on-disk Oxigraph store; {len(roots)} sampled "
        f"measures as roots, {args.requests} requests each way, one after another. "
        f"Walks whose node/link counts differ from the API's answer: {mismatched} of "
        f"{len(roots)}.",
        "",
        *table(["what", "CPU"], rows),
    ]
    print("\n".join(body))
    write_results("miss", "A subgraph request that misses the answer cache", body)


if __name__ == "__main__":
    main()
