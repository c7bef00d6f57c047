"""The CLI as a user meets it: whole processes, each beside a raw pyoxigraph reference.

``.venv/bin/python benchmarks/bench_cli.py [--size 1M] [--repeat 5]``

- ``plangraph --help`` (target under 0.2 s) beside ``python -c "import pyoxigraph"``;
- ``plangraph gaps --format json`` on the seed data, default store (target under 0.5 s);
- ``plangraph --store oxigraph:DIR gaps|overlaps|coverage --format json`` on the synthetic data
  loaded once into DIR, beside ``benchmarks/raw_answers.py`` answering the same question on the
  same store (the same packaged query, labels in one more query, JSON out): target 1.3x;
- centrality and communities on the same store (target under 2 s): as whole processes (a
  fresh interpreter imports plangraph, opens the store, runs the analysis and writes its JSON:
  what an API call or a script costs from nothing), and timed in one process.

Each pair runs in turn (plangraph, reference, plangraph, ...), ``--repeat`` times; the tables
give the median wall time and the median CPU time (user + system, from the child's rusage: the
machine is shared, and CPU time is what other jobs inflate least), and the ratios of the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import (
    CACHE,
    compile_bytecode,
    dataset_dir,
    fmt_seconds,
    parse_sizes,
    size_name,
    table,
    write_results,
)

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
PLANGRAPH = [PYTHON, "-m", "plangraph", "--quiet"]


def _run_cpu(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Run a whole process; (wall seconds, CPU seconds from its rusage, bytes of stdout)."""
    started = time.perf_counter()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        os.dup2(w, 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.execvpe(argv[0], argv, {**os.environ, **(env or {})})
    os.close(w)
    size = 0
    while chunk := os.read(r, 1 << 16):
        size += len(chunk)
    os.close(r)
    _pid, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv} exited {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime, size


def pair(
    a: list[str], b: list[str] | None, repeat: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Run ``a`` and ``b`` in turn ``repeat`` times (one warm-up each first); medians."""
    _run_cpu(a, env)
    if b is not None:
        _run_cpu(b, env)
    walls: dict[str, list[float]] = {"a": [], "b": []}
    cpus: dict[str, list[float]] = {"a": [], "b": []}
    sizes: dict[str, int] = {}
    for _ in range(repeat):
        for key, argv in (("a", a), ("b", b)):
            if argv is None:
                continue
            wall, cpu, size = _run_cpu(argv, env)
            walls[key].append(wall)
            cpus[key].append(cpu)
            sizes[key] = size
    out = {
        "a_wall": statistics.median(walls["a"]),
        "a_cpu": statistics.median(cpus["a"]),
        "a_bytes": sizes["a"],
    }
    if b is not None:
        out |= {
            "b_wall": statistics.median(walls["b"]),
            "b_cpu": statistics.median(cpus["b"]),
            "b_bytes": sizes["b"],
        }
    return out


def on_disk_store(triples: int) -> Path:
    """The synthetic data loaded once into an on-disk Oxigraph store (cached)."""
    folder = CACHE / f"oxigraph-{size_name(triples)}-seed0"
    if not (folder / "loaded").exists():
        data = dataset_dir(triples)
        started = time.perf_counter()
        subprocess.run(
            [*PLANGRAPH, "--store", f"oxigraph:{folder}", "--data-dir", str(data), "info"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (folder / "loaded").write_text("ok\n")
        print(f"loaded {data} into {folder} in {time.perf_counter() - started:.0f} s")
    return folder


def in_process(folder: Path, repeat: int) -> list[list[str]]:
    """Centrality and communities on the on-disk store, timed in one process (median)."""
    code = f"""
import statistics, time, json
from plangraph.store import open_store
from plangraph import analysis
store = open_store("oxigraph:{folder}", data_dir=None)
out = {{}}
for name in ("centrality", "communities"):
    walls, cpus = [], []
    for _ in range({repeat}):
        started, cpu = time.perf_counter(), time.process_time()
        result = getattr(analysis, name)(store)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    out[name] = [statistics.median(walls), statistics.median(cpus)]
print(json.dumps(out))
"""
    done = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        [name, fmt_seconds(found[name][0]), fmt_seconds(found[name][1]), "2 s"]
        for name in ("centrality", "communities")
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1M", help="synthetic triples, e.g. 100k or 1M")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts to run (the file then holds only those): {', '.join(PARTS)}",
    )
    parser.add_argument(
        "--questions",
        default=",".join(QUESTIONS),
        help=f"comma-separated questions for the analyses part: {', '.join(QUESTIONS)}",
    )
    parser.add_argument(
        "--store-dir",
        type=Path,
        help="an on-disk store already holding the synthetic data (default: loaded once into "
        "the benchmark cache)",
    )
    args = parser.parse_args()
    parts = [p for p in args.only.split(",") if p]
    questions = [q for q in args.questions.split(",") if q]
    unknown = sorted(set(parts) - set(PARTS)) + sorted(set(questions) - set(QUESTIONS))
    if unknown:
        parser.error(f"unknown part or question: {', '.join(unknown)}")
    (triples,) = parse_sizes(args.size)
    compiled = compile_bytecode()
    started_load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    body = [
        f"Load average at the start (1, 5, 15 min): {started_load}.",
        "",
        "Whole processes, each pair run in turn; median of "
        f"{args.repeat} runs after one warm-up each. CPU = user + system time of the process. "
        + compiled,
        "",
    ]
    if "startup" in parts:
        body += startup_part(args.repeat)
    if "analyses" in parts or "inprocess" in parts or "graph" in parts:
        folder = args.store_dir or on_disk_store(triples)
        if "analyses" in parts:
            body += analyses_part(folder, triples, questions, args.repeat)
        if "graph" in parts:
            body += graph_part(folder, triples, args.repeat)
        if "inprocess" in parts:
            body += inprocess_part(folder, triples)
    body += ["", f"Load average at the end (1, 5, 15 min): {_load()}."]
    write_results("cli", "The CLI as a user meets it", body)


PARTS = ("startup", "analyses", "graph", "inprocess")
QUESTIONS = ("gaps", "overlaps", "coverage")


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def startup_part(repeat: int) -> list[str]:
    """``plangraph --help`` and ``gaps`` on the seed data, as whole processes."""
    body = ["## Start-up", ""]
    startup = []
    helped = pair([*PLANGRAPH, "--help"], [PYTHON, "-c", "import pyoxigraph"], repeat)
    startup.append(
        [
            "`plangraph --help` (target < 0.2 s) / `python -c 'import pyoxigraph'`",
            fmt_seconds(helped["a_wall"]),
            fmt_seconds(helped["a_cpu"]),
            fmt_seconds(helped["b_wall"]),
            fmt_seconds(helped["b_cpu"]),
        ]
    )
    seed = pair([*PLANGRAPH, "gaps", "--format", "json"], None, repeat)
    startup.append(
        [
            "`plangraph gaps --format json`, seed data (target < 0.5 s)",
            fmt_seconds(seed["a_wall"]),
            fmt_seconds(seed["a_cpu"]),
            "",
            "",
        ]
    )
    body += table(["command", "wall", "CPU", "reference wall", "reference CPU"], startup)
    return [*body, "", f"Load average after the start-up part: {_load()}.", ""]


def analyses_part(folder: Path, triples: int, questions: list[str], repeat: int) -> list[str]:
    """gaps, overlaps, coverage on the on-disk store beside the raw pyoxigraph script."""
    raw = [PYTHON, str(HERE / "raw_answers.py")]
    body = [
        "",
        f"## Analyses on the on-disk store, {size_name(triples)} triples (target: within 1.3x)",
        "",
        "`plangraph --store oxigraph:DIR --data-dir G QUESTION --format json` beside "
        "`python benchmarks/raw_answers.py QUESTION DIR` (same store, same packaged query, "
        "labels in one more query, JSON out).",
        "",
    ]
    rows = []
    data = dataset_dir(triples)
    for question in questions:
        # --data-dir: the store is an index of that folder (without it, of the seed data, and
        # the store would be rebuilt to hold the seed data); plangraph checks the file is
        # unchanged (size, times, inode) and the store's files against its manifest.
        where = ["--store", f"oxigraph:{folder}", "--data-dir", str(data)]
        found = pair(
            [*PLANGRAPH, *where, question, "--format", "json"],
            [*raw, question, str(folder)],
            repeat,
        )
        rows.append(
            [
                question,
                fmt_seconds(found["a_wall"]),
                fmt_seconds(found["b_wall"]),
                f"{found['a_wall'] / found['b_wall']:.2f}x",
                fmt_seconds(found["a_cpu"]),
                fmt_seconds(found["b_cpu"]),
                f"{found['a_cpu'] / found['b_cpu']:.2f}x",
                f"{found['a_bytes']:,} / {found['b_bytes']:,}",
            ]
        )
        print(rows[-1], file=sys.stderr, flush=True)
    body += table(
        [
            "question",
            "plangraph wall",
            "raw wall",
            "ratio",
            "plangraph CPU",
            "raw CPU",
            "ratio",
            "JSON bytes (plangraph / raw)",
        ],
        rows,
    )
    return [*body, "", f"Load average after the analyses: {_load()}.", ""]


GRAPH_SCRIPT = """
import sys
from plangraph import analysis
from plangraph.output import dumps
from plangraph.store import open_store
store = open_store("oxigraph:" + sys.argv[2], data_dir=None)
sys.stdout.write(dumps(getattr(analysis, sys.argv[1])(store)) + "\\n")
"""


def graph_part(folder: Path, triples: int, repeat: int) -> list[str]:
    """Centrality and communities as whole processes, from a fresh interpreter to the JSON."""
    body = [
        "",
        f"## Graph analyses as whole processes, {size_name(triples)} triples (target: under 2 s)",
        "",
        "`python -c SCRIPT NAME DIR`: import plangraph, open the on-disk store, run "
        "`analysis.NAME` and write its JSON (`plangraph.output.dumps`) to stdout. The queries "
        "of both run in background threads on the embedded store (the engine writes its answer "
        "without Python's lock), so on two idle cores the wall time is below the CPU time.",
        "",
    ]
    rows = []
    for name in ("centrality", "communities"):
        found = pair([PYTHON, "-c", GRAPH_SCRIPT, name, str(folder)], None, repeat)
        rows.append(
            [
                name,
                fmt_seconds(found["a_wall"]),
                fmt_seconds(found["a_cpu"]),
                f"{found['a_bytes']:,}",
                "2 s",
            ]
        )
        print(rows[-1], file=sys.stderr, flush=True)
    body += table(["analysis", "wall", "CPU", "JSON bytes", "target"], rows)
    return [*body, "", f"Load average after the graph analyses: {_load()}.", ""]


def inprocess_part(folder: Path, triples: int) -> list[str]:
    """Centrality and communities timed in one process."""
    body = [
        "",
        f"## Graph analyses in one process, {size_name(triples)} triples (median of 3)",
        "",
        "Betweenness is estimated from a seeded sample of sources above "
        "`BETWEENNESS_SAMPLE` nodes (exact below): the same answer every run. Communities: "
        "networkx's Louvain (seeded), run by `analysis._louvain` on plain lists (the same "
        "partition as `networkx.community.louvain_communities`; a test compares).",
        "",
    ]
    body += table(["analysis", "wall", "CPU", "target"], in_process(folder, 3))
    return body


if __name__ == "__main__":
    main()
