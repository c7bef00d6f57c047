"""`plangraph report` on a big data folder (issue 13): the first report after the files change
and a repeat report on the same files, whole processes, median of ``--repeat`` runs.

The command line's store cache is filled once (``plangraph info``, untimed). Then, in turn:

- **first report**: ``plangraph report`` with no analyses kept for these files (the kept rows
  of the run before removed): the analyses read the store, then the page and the workbook;
- **repeat report**: ``plangraph report`` again on the same files: the analyses' rows are read
  back from beside the store (``reports.cache``), then the page and the workbook.

Wall time, CPU (user + system, ``/usr/bin/time``) and peak RSS of each run; the load average
at the start and the end (the machine is shared: wall time includes waiting for a core).
``--src DIR`` times another checkout's ``src`` (e.g. the code before a change, from
``git archive``) with the same interpreter.

    python benchmarks/bench_report.py --data benchmarks/.cache/synthetic-1M-seed0 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import compile_bytecode, write_results  # noqa: E402

PY = sys.executable


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one whole process."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M %U %S", *cmd], capture_output=True, text=True, env=env
    )
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    wall, kib, user, system = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kib) / 1024


def load_average() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=HERE / ".cache" / "synthetic-1M-seed0",
        help="a folder of plan files (default: the cached 1M synthetic data)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--src", type=Path, help="time this checkout's src instead")
    parser.add_argument("--name", default="report", help="results/<name>.md")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"{args.data} is not a folder (python benchmarks/run.py makes it)")
    compiled = compile_bytecode(args.src.resolve() if args.src is not None else None)
    started = load_average()
    runs: dict[str, list[tuple[float, float, float]]] = {"first": [], "repeat": []}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
        env["PLANGRAPH_CACHE_DIR"] = str(work / "cache")
        if args.src is not None:
            env["PYTHONPATH"] = str(args.src.resolve())
        base = [PY, "-m", "plangraph", "-q", "--data-dir", str(args.data)]
        subprocess.run([*base, "info", "-f", "json"], env=env, check=True, capture_output=True)
        for i in range(args.repeat):
            shutil.rmtree(work / "cache" / "reports", ignore_errors=True)
            runs["first"].append(timed([*base, "report", "-o", str(work / f"f{i}")], env))
            runs["repeat"].append(timed([*base, "report", "-o", str(work / f"r{i}")], env))
        sizes = {p.name: p.stat().st_size for p in (work / "f0").iterdir()}

    def med(kind: str, at: int) -> float:
        return statistics.median(r[at] for r in runs[kind])

    shown = " ".join(a for a in sys.argv[1:])
    body = [
        f"Command: `python benchmarks/bench_report.py {shown}`; data: `{args.data.name}`"
        + (f"; code: `{args.src}`" if args.src else "")
        + f"; median of {args.repeat} whole processes, first and repeat in turn. Load average "
        f"(1, 5, 15 min) at the start: {started}; at the end: {load_average()} (2 shared cores: "
        "wall time includes waiting for a core, CPU time does not). " + compiled,
        "",
        "| `plangraph report` | wall (s) | CPU user+sys (s) | peak RSS (MiB) |",
        "|---|--:|--:|--:|",
        f"| first report after the files changed (analyses run) | {med('first', 0):.1f} | "
        f"{med('first', 1):.1f} | {med('first', 2):.0f} |",
        f"| repeat report, same files (analyses kept) | {med('repeat', 0):.1f} | "
        f"{med('repeat', 1):.1f} | {med('repeat', 2):.0f} |",
        "",
        "Runs (wall s, CPU s): first "
        + ", ".join(f"({w:.1f}, {c:.1f})" for w, c, _m in runs["first"])
        + "; repeat "
        + ", ".join(f"({w:.1f}, {c:.1f})" for w, c, _m in runs["repeat"])
        + ".",
        "",
        "Files written: " + ", ".join(f"{n} {s / 2**20:.1f} MiB" for n, s in sorted(sizes.items())),
    ]
    write_results(args.name, "`plangraph report` on a big data folder", body)


if __name__ == "__main__":
    main()
