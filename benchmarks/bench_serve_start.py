"""What a ``plangraph serve`` start costs: CPU and wall time until /api/health answers 200, and
of a start refused for a bad plan file (an empty one), for this tree and a reference commit.

The reference (``--ref``, default ``main``) is checked out with ``git archive`` into a temporary
folder and run with the same interpreter (``PYTHONPATH`` before the installed package). The two
are run alternately, ``--repeat`` times each after one warm-up (bytecode written), on a copy of
data/*.ttl with the start-up SHACL check off (as the test servers run). CPU = user + system time
of the server process itself when /api/health first answers (from /proc; its forked query workers
not counted), or of the whole refused process (rusage). Results: benchmarks/results/serve-start.md.

The first start's server then answers once each of ``BROWSE`` (every read route that needs no
parameter, a node and a subgraph, the OpenAPI description: what a user's first look around
costs the server, each route's first answer): its CPU when the last has answered is the
``browse`` row (the start included).

Two more starts with the start-up SHACL check on (the default), on an on-disk store, each from a
state made once per tree by that tree's own server and copied afresh for every run:
- a restart after a kill: a server killed (``PLANGRAPH_TEST_KILL_AT``, a real SIGKILL) during a
  PUT of a changed plan, once the new file was saved and before the store took it; the restart
  rebuilds that plan from its file (and checks it);
- a start after the data folder moved: the manifest was made for another folder, so every graph
  is rebuilt (as after a lost or unusable manifest).

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


ROOT_NODE = "https://w3id.org/plangraph/id/challenge/hmn-2021/beredskap-1"
BROWSE = [
    *(
        f"/api/{name}"
        for name in ("plans", "organisations", "themes", "goals", "challenges", "measures")
    ),
    *(
        f"/api/analysis/{name}"
        for name in (
            "gaps",
            "weak",
            "overlaps",
            "coverage",
            "coverage/matrix",
            "goals-without-measures",
            "orphan-measures",
            "shared-goals",
            "cross-region",
            "centrality",
            "communities",
            "summary",
        )
    ),
    "/api/suggestions",
    "/viz/data.json",
    f"/api/node?iri={ROOT_NODE}",
    f"/api/subgraph?root={ROOT_NODE}&depth=2",
    "/openapi.json",
]
"""The read requests of the ``browse`` row, each answered once (200 expected)."""


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (its children not counted)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(
    src: Path,
    data: Path,
    extra: dict[str, str] | None = None,
    keep: bool = False,
    browse: list[float] | None = None,
) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one server start until /api/health answers 200.

    ``extra``: more environment (``PLANGRAPH_*``); ``keep``: leave the server running (the
    caller's ``_kept`` list holds it); ``browse``: a list to append the server's CPU seconds
    to once it has then answered each of ``BROWSE``."""
    port = _free_port()
    started = time.perf_counter()
    env = {**_env(src, data), **(extra or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "plangraph", "serve", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
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
        cpu = _cpu(process.pid)
        if browse is not None:
            for path in BROWSE:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    raise RuntimeError(f"{path}: {response.status}")
            browse.append(_cpu(process.pid))
    finally:
        if keep and process.poll() is None:
            _kept.append((process, port))
        else:
            process.terminate()
            process.wait()
    return cpu, wall


_kept: list[tuple[subprocess.Popen[bytes], int]] = []

PLAN = "hv-regional-tiltaksplan"
"""The plan the killed PUT writes (a seed plan with one label changed)."""


def _checked(store: Path) -> dict[str, str]:
    """The environment of the restart cases: an on-disk store, the start-up check on."""
    return {"PLANGRAPH_STORE": f"oxigraph:{store}", "PLANGRAPH_STARTUP_CHECK_MAX_QUADS": "200000"}


def killed_state(src: Path, folder: Path) -> tuple[Path, Path]:
    """A data folder and a store as a server of ``src`` leaves them when killed during a PUT of
    a changed plan, after the new file was saved and before the store took it."""
    data, store = folder / "data", folder / "store"
    data.mkdir(parents=True)
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, data / path.name)
    start(src, data, _checked(store))  # the store built (and every file checked)
    env = {**_checked(store), "PLANGRAPH_TEST_KILL_AT": f"file-saved:{PLAN}.ttl"}
    start(src, data, env, keep=True)
    process, port = _kept.pop()
    body = (data / f"{PLAN}.ttl").read_bytes().replace(b"Helse Vest", b"Helse Vest (ny)", 1)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request(
            "PUT",
            f"/api/plans/{PLAN}",
            body=body,
            headers={"Content-Type": "text/turtle", "X-API-Key": "bench"},
        )
        connection.getresponse()
    except OSError:
        pass  # killed before it answered, as meant
    if process.wait(timeout=300) != -9:
        raise RuntimeError("the server was not killed during the PUT")
    return data, store


def restart(src: Path, state: tuple[Path, Path], scratch: Path) -> tuple[float, float]:
    """A start on a fresh copy of the killed state's store (the data folder is the state's)."""
    data, store = state
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(store, scratch)
    return start(src, data, _checked(scratch))


def moved(src: Path, state: tuple[Path, Path], scratch: Path) -> tuple[float, float]:
    """A start on a copy of the data folder under another name: every graph rebuilt."""
    data, store = state
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(store, scratch / "store")
    shutil.copytree(data, scratch / "data")
    return start(src, scratch / "data", _checked(scratch / "store"))


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
        states = {
            name: killed_state(src, folder / f"killed-{k}")
            for k, (name, src) in enumerate(trees.items())
        }
        runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for i in range(args.repeat + 1):
            for name, src in trees.items():
                scratch, state = folder / "scratch", states[name]
                browsed: list[float] = []
                measured_runs: tuple[tuple[str, tuple[float, float]], ...] = (
                    ("start", start(src, data, browse=browsed)),
                    ("browse", (browsed[0], 0.0)),
                    ("refused", refused(src, bad)),
                    ("restart", restart(src, state, scratch)),
                    ("moved", moved(src, state, scratch)),
                )
                for kind, measured in measured_runs:
                    if i:  # the first round writes the bytecode
                        runs.setdefault((kind, name), []).append(measured)
        load_after = os.getloadavg()
    rows = []
    for kind, label in (
        ("start", "start until /api/health answers"),
        ("browse", f"that start, then one answer to each of {len(BROWSE)} read requests"),
        ("refused", "start refused (empty plan file)"),
        ("restart", "restart after a kill during a PUT (one plan rebuilt, SHACL check on)"),
        ("moved", "start after the data folder moved (every graph rebuilt, SHACL check on)"),
    ):
        cpu = {n: statistics.median(c for c, _w in runs[(kind, n)]) for n in trees}
        wall = {n: statistics.median(w for _c, w in runs[(kind, n)]) for n in trees}
        ours, theirs = cpu["this tree"], cpu[args.ref]
        walls = (
            ("–", "–")  # the browse row's answers are not timed
            if kind == "browse"
            else (f"{wall['this tree']:.2f} s", f"{wall[args.ref]:.2f} s")
        )
        rows.append(
            f"| {label} | {ours:.2f} s | {theirs:.2f} s | {ours / theirs:.2f} "
            f"| {walls[0]} | {walls[1]} |"
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
            "copy of data/*.ttl (the first three: start-up SHACL check off, as the test "
            "servers run, in-memory store; the last two: check on, an on-disk store in the "
            "state the row names, made by that tree's own server; see the script's docstring). "
            "CPU: the server process until /api/health first answers (query workers not "
            "counted), or until the last of the read requests has answered (`BROWSE` in the "
            "script: the read routes that need no parameter, a node, a subgraph and "
            "/openapi.json), or the whole refused process.",
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
