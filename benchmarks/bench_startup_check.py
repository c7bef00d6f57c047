"""The store's start-up SHACL structure check and a plan write's SHACL check, this tree against
a reference commit, in the same minutes.

Each measurement runs in a fresh interpreter (``PYTHONPATH`` = the tree's ``src`` before the
installed package), the two trees alternately, ``--repeat`` times each after one warm-up:

- ``fresh start``: ``open_plan_store`` on a new on-disk store over a copy of data/*.ttl, the
  start-up SHACL check on (the default), as a first ``plangraph serve`` or a start after the
  manifest was lost: every plan file loaded and checked. CPU of the open alone (the imports
  before it not counted), and of the first file's check apart (it imports pySHACL);
- ``writes``: six writes (``load_version``, as ``PUT /api/plans/big``) of a 3,000-triple plan,
  alternating two versions, into such a store: each one's SHACL check of the change, file,
  store and manifest.

- ``validate``: ten ``validate_graph(..., scratch=True)`` of one plan file (data/
  hmn-statusnotater-2021.ttl), after one that imported pySHACL.

The reference (``--ref``, default ``main``) is checked out with ``git archive`` into a temporary
folder. Results: benchmarks/results/startup-check.md.

    .venv/bin/python benchmarks/bench_startup_check.py [--ref main] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "startup-check.md"

_CHILD = r"""
import json, sys, time
from pathlib import Path
work, what = Path(sys.argv[1]), sys.argv[2]
from plangraph.ingest.plans import open_plan_store
import plangraph.store.index as index

checks = []
real = index.DataIndex._structure
def timed(self, *args, **kwargs):
    started = time.process_time()
    try:
        return real(self, *args, **kwargs)
    finally:
        checks.append(time.process_time() - started)
index.DataIndex._structure = timed

def plan(version, n=3000):
    lines = ["@prefix pg: <https://w3id.org/plangraph/ns#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             f'<https://w3id.org/plangraph/id/plan/big> a pg:Plan ; rdfs:label "Stor plan {version}"@nb .']
    lines += [f'<https://w3id.org/plangraph/id/test/big/n{i}> rdfs:label "{version} {i}"@nb .'
              for i in range(n - 2)]
    return ("\n".join(lines) + "\n").encode()

out = {}
if what == "validate":
    from rdflib import Graph
    from plangraph.validate import validate_graph
    graph = Graph().parse(work / "data" / "hmn-statusnotater-2021.ttl")
    validate_graph(graph, scratch=True)  # pySHACL imported, the shapes parsed
    started = time.process_time()
    for _ in range(10):
        validate_graph(graph, scratch=True)
    out["cpu"] = time.process_time() - started
    print(json.dumps(out))
    raise SystemExit(0)
if what == "fresh":
    started = time.process_time()
    store = open_plan_store(f"oxigraph:{work / 'store'}", data_dir=str(work / "data"))
    out["cpu"] = time.process_time() - started
    out["first_check"] = checks[0]
    out["other_checks"] = sum(checks[1:])
    out["files"] = len(checks)
else:
    from plangraph.ingest.versions import load_version
    (work / "data" / "big.ttl").write_bytes(plan("A"))
    store = open_plan_store(f"oxigraph:{work / 'store'}", data_dir=str(work / "data"),
                            structure_max_quads=0)
    load_version(store, str(work / "data"), "big", plan("B"), "text/turtle", loaded_by="api")
    started = time.process_time()
    for version in "ABABAB":
        load_version(store, str(work / "data"), "big", plan(version), "text/turtle",
                     loaded_by="api")
    out["cpu"] = time.process_time() - started
store.close()
print(json.dumps(out))
"""


def _run(src: Path, what: str) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="bench-check-"))
    try:
        data = work / "data"
        data.mkdir()
        if what in ("fresh", "validate"):
            for path in sorted((ROOT / "data").glob("*.ttl")):
                shutil.copy(path, data / path.name)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
        env["PYTHONPATH"] = str(src)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(work), what],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{src} {what}: {done.stderr}")
        result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        result["wall"] = time.perf_counter() - started
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _reference(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", ref], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", args.ref], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this tree": ROOT / "src", commit: _reference(args.ref, Path(tmp))}
        rows = []
        for what in ("validate", "fresh", "writes"):
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
            for src in trees.values():
                _run(src, what)  # warm-up: bytecode written
            for _ in range(args.repeat):
                for name, src in trees.items():
                    runs[name].append(_run(src, what))
            rows.append((what, runs))
    load_after = os.getloadavg()

    def median(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    names = list(trees)
    lines = [
        "# The start-up SHACL check and a write's SHACL check",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "- load average (1, 5, 15 min), before → after: "
        + ", ".join(f"{x:.1f}" for x in load_before)
        + " → "
        + ", ".join(f"{x:.1f}" for x in load_after)
        + f" ({os.cpu_count()} CPUs)",
        f"- command: `.venv/bin/python benchmarks/bench_startup_check.py --ref {args.ref} "
        f"--repeat {args.repeat}`",
        "",
        f"Medians of {args.repeat} runs each, this tree and `{commit}` alternately, each in a "
        "fresh interpreter (see the script's docstring). CPU: user + system of the step alone.",
        "",
        f"| what | CPU, this tree | CPU, {commit} | ratio |",
        "|:---|---:|---:|---:|",
    ]
    labels = {
        "validate": "ten SHACL checks of one plan file (validate_graph, scratch=True)",
        "fresh": "fresh start over data/*.ttl: open, load and check every file",
        "writes": "six writes of a 3,000-triple plan (SHACL check, file, store, manifest)",
    }
    for what, runs in rows:
        a, b = median(runs[names[0]], "cpu"), median(runs[names[1]], "cpu")
        lines.append(f"| {labels[what]} | {a:.2f} s | {b:.2f} s | {a / b:.2f} |")
        if what == "fresh":
            for key, label in (
                ("first_check", "of which the first file's check (imports pySHACL)"),
                ("other_checks", "of which the other files' checks"),
            ):
                a, b = median(runs[names[0]], key), median(runs[names[1]], key)
                lines.append(f"| {label} | {a:.2f} s | {b:.2f} s | {a / b:.2f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
