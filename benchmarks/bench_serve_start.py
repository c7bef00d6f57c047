"""What a ``plangraph serve`` start costs: CPU and wall time until /api/health answers 200, and
of a start refused for a bad plan file (an empty one), for this tree and a reference commit.

The reference (``--ref``, default ``main``) is checked out with ``git archive`` into a temporary
folder and run with the same interpreter (``PYTHONPATH`` before the installed package). The two
are run alternately, ``--repeat`` times each after one warm-up (bytecode written), on a copy of
data/*.ttl with the start-up SHACL check off (as the test servers run). CPU = user + system time
of the server process itself when /api/health first answers (from /proc; its forked query workers
not counted), or of the whole refused process (rusage). Results: benchmarks/results/serve-start.md.

    .venv/bin/python benchmarks/bench_serve_start.py [--ref main] [--repeat 5]
"""

from __future__ import annotations

import argparse
import http.client
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "serve-start.md"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(src: Path, data: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PLANGRAPH_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(
        {
            "PYTHONPATH": str(src),
            "PLANGRAPH_DATA_DIR": str(data),
            "PLANGRAPH_API_KEY": "bench",
            "PLANGRAPH_STARTUP_CHECK_MAX_QUADS": "0",
        }
    )
    return env


def start(src: Path, data: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one server start until /api/health answers 200."""
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "plangraph", "serve", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(src, data),
    )
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/api/health")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.02)
        wall = time.perf_counter() - started
        with open(f"/proc/{process.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    finally:
        process.terminate()
        process.wait()
    return cpu, wall


def refused(src: Path, bad: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of a start refused for an empty plan file."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "plangraph", "serve", "--port", str(_free_port())],
        capture_output=True,
        text=True,
        env=_env(src, bad),
        timeout=300,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode == 0 or "empty-plan.ttl" not in out.stderr:
        raise RuntimeError(f"the start was not refused for the empty file: {out.stderr[-500:]}")
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main", help="the reference commit (default: main)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        folder = Path(tmp)
        reference = folder / "ref"
        reference.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.ref], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(reference)], input=archive, check=True)
        data, bad = folder / "data", folder / "bad"
        for target in (data, bad):
            target.mkdir()
            for path in (ROOT / "data").glob("*.ttl"):
                shutil.copy(path, target / path.name)
        (bad / "empty-plan.ttl").write_bytes(b"")
        trees = {"this tree": ROOT / "src", args.ref: reference / "src"}
        load_before = os.getloadavg()
        runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for i in range(args.repeat + 1):
            for name, src in trees.items():
                for kind, run in (("start", start), ("refused", refused)):
                    result = run(src, data if kind == "start" else bad)
                    if i:  # the first round writes the bytecode
                        runs.setdefault((kind, name), []).append(result)
        load_after = os.getloadavg()
    rows = []
    for kind, label in (
        ("start", "start until /api/health answers"),
        ("refused", "start refused (empty plan file)"),
    ):
        cpu = {n: statistics.median(c for c, _w in runs[(kind, n)]) for n in trees}
        wall = {n: statistics.median(w for _c, w in runs[(kind, n)]) for n in trees}
        ours, theirs = cpu["this tree"], cpu[args.ref]
        rows.append(
            f"| {label} | {ours:.2f} s | {theirs:.2f} s | {ours / theirs:.2f} "
            f"| {wall['this tree']:.2f} s | {wall[args.ref]:.2f} s |"
        )
    loads = (
        ", ".join(f"{x:.1f}" for x in load_before)
        + " → "
        + ", ".join(f"{x:.1f}" for x in load_after)
    )
    text = "\n".join(
        [
            "# `plangraph serve`: the cost of a start",
            "",
            f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
            f"- load average (1, 5, 15 min), before → after: {loads} (2 CPUs)",
            f"- command: `.venv/bin/python benchmarks/bench_serve_start.py --ref {args.ref} "
            f"--repeat {args.repeat}`",
            "",
            f"Medians of {args.repeat} runs each, this tree and `{args.ref}` alternately, on a "
            "copy of data/*.ttl (start-up SHACL check off, as the test servers run). CPU: the "
            "server process until /api/health first answers (query workers not counted), or "
            "the whole refused process.",
            "",
            f"| what | CPU, this tree | CPU, {args.ref} | ratio | wall, this tree | wall, "
            f"{args.ref} |",
            "|:---|---:|---:|---:|---:|---:|",
            *rows,
            "",
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
