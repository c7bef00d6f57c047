"""Loading at the engine's speed, the second command, and a write on a big store (issue 13).

Whole processes, each pair run in turn, median of ``--repeat`` runs:

- **load**: ``plangraph --store oxigraph:DIR --data-dir G info -f json`` (load the file into a
  fresh on-disk store and count per plan and per class) against a raw pyoxigraph script that
  does ``Store(DIR).bulk_load`` of the same file and counts per class; wall time and peak
  resident memory (``/usr/bin/time``);
- **second command**: ``plangraph --data-dir G info -f json`` on the default store (the cache in
  ``PLANGRAPH_CACHE_DIR``) after a first run filled it: the files are only checksummed;
- **write**: in one process with the store open (``oxigraph:DIR`` over G plus the seed data),
  ``import_plan`` of a small plan, ``review_link`` of a suggested link and ``delete_plan``, each
  timed alone (what the API does for one request, without HTTP).

    python benchmarks/bench_load.py --triples 1000000            # generates G with seed 7
    python benchmarks/bench_load.py --file g1m.nq --repeat 3
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable

RAW = """
import sys, pyoxigraph as ox
s = ox.Store(sys.argv[1])
s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
q = "SELECT ?c (COUNT(DISTINCT ?n) AS ?k) WHERE { ?n a ?c } GROUP BY ?c"
rows = [(str(r[0]), int(r[1].value)) for r in s.query(q, use_default_graph_as_union=True)]
print(len(rows))
"""

PLAN = b"""\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/plangraph/id/plan/bench> a pg:Plan ; skos:prefLabel "Benchmark-plan"@nb .
"""


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system) per measured command, by label: on a shared machine wall time
includes waiting for a core, CPU time does not."""


def timed(cmd: list[str], env: dict[str, str], label: str = "") -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole process (CPU seconds kept in ``CPU``)."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M %U %S", *cmd], capture_output=True, text=True, env=env
    )
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    wall, kib, user, system = out.stderr.strip().splitlines()[-1].split()
    CPU.setdefault(label, []).append(float(user) + float(system))
    return float(wall), int(kib) / 1024


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    env.update(extra)
    return env


def bench_load(data: Path, file: Path, repeat: int, work: Path) -> dict[str, list[float]]:
    runs: dict[str, list[float]] = {k: [] for k in ("pg_s", "pg_mib", "raw_s", "raw_mib")}
    for i in range(repeat):
        store = work / f"pg-{i}"
        s, m = timed(
            [PY, "-m", "plangraph", "--store", f"oxigraph:{store}", "--data-dir", str(data),
             "info", "-f", "json"],
            clean_env(),
            "pg",
        )  # fmt: skip
        runs["pg_s"].append(s)
        runs["pg_mib"].append(m)
        shutil.rmtree(store)
        raw = work / f"raw-{i}"
        s, m = timed([PY, "-c", RAW, str(raw), str(file)], clean_env(), "raw")
        runs["raw_s"].append(s)
        runs["raw_mib"].append(m)
        shutil.rmtree(raw)
    return runs


SMALL_NODE = "https://w3id.org/plangraph/id/synthetic/org/helse-sor-ost"
"""A node of the synthetic data for a small second command (``show``: its own work is a few
index lookups, so its time is what reaching the cached data costs)."""


def bench_second(data: Path, repeat: int, work: Path) -> dict[str, list[float]]:
    env = clean_env(PLANGRAPH_CACHE_DIR=str(work / "cache"))
    cmd = [PY, "-m", "plangraph", "-q", "--data-dir", str(data), "info", "-f", "json"]
    small = [PY, "-m", "plangraph", "-q", "--data-dir", str(data), "show", SMALL_NODE, "-f", "json"]
    first, _ = timed(cmd, env)
    seconds = []
    shown = []
    for _ in range(repeat):
        seconds.append(timed(cmd, env, "second")[0])
        shown.append(timed(small, env, "small")[0])
    opening = []
    for _ in range(repeat):
        out = subprocess.run([PY, "-c", OPEN, str(data)], capture_output=True, text=True, env=env)
        if out.returncode != 0:
            raise SystemExit(out.stderr[-2000:])
        opening.append(float(out.stdout.strip().splitlines()[-1]))
    shutil.rmtree(work / "cache")
    return {"first_s": [first], "second_s": seconds, "small_s": shown, "open_s": opening}


def bench_report(data: Path, work: Path) -> tuple[float, float]:
    """``plangraph report`` on the data (one run, on the cache the second command left)."""
    env = clean_env(PLANGRAPH_CACHE_DIR=str(work / "cache"))
    cmd = [PY, "-m", "plangraph", "-q", "--data-dir", str(data), "report", "-o", str(work / "r")]
    timed(cmd, env)  # fills the cache
    wall, _ = timed(cmd, env, "report")
    return wall, CPU["report"][-1]


OPEN = """
import os, sys, time
from plangraph.store import open_cached
t = time.perf_counter()
cached = open_cached(sys.argv[1], cache_dir=os.environ["PLANGRAPH_CACHE_DIR"])
assert cached.warning is None, cached.warning
print(time.perf_counter() - t)
"""


WRITE = """
import json, sys, time
from plangraph.ingest.plans import delete_plan, import_plan, open_plan_store, review_link
store = open_plan_store("oxigraph:" + sys.argv[1], data_dir=sys.argv[2], structure_max_quads=0)
out = {"quads": len(store)}
t = time.perf_counter(); import_plan(store, sys.argv[2], "bench", sys.argv[3].encode(), "text/turtle")
out["import_s"] = time.perf_counter() - t
link = store.select_plain(
    "PREFIX pg: <https://w3id.org/plangraph/ns#> SELECT ?l WHERE "
    "{ ?l pg:linkStatus pg:Suggested "
    "FILTER STRSTARTS(STR(?l), 'https://w3id.org/plangraph/id/link/') } LIMIT 1").rows
if link:
    t = time.perf_counter(); review_link(store, sys.argv[2], str(link[0][0]).rsplit("/", 1)[-1], True)
    out["accept_s"] = time.perf_counter() - t
t = time.perf_counter(); delete_plan(store, sys.argv[2], "bench")
out["delete_s"] = time.perf_counter() - t
print(json.dumps(out))
"""


def bench_write(data: Path, work: Path) -> dict[str, float]:
    folder = work / "writable"
    shutil.copytree(data, folder)
    for path in (ROOT / "src" / "plangraph" / "_data").glob("*.ttl"):
        shutil.copy(path, folder / path.name)
    # Suggested links to accept (the tests' set, about the seed data).
    shutil.copy(ROOT / "tests" / "data" / "api" / "suggested-links.ttl", folder)
    out = subprocess.run(
        [PY, "-c", WRITE, str(work / "write-store"), str(folder), PLAN.decode()],
        capture_output=True, text=True, env=clean_env(),
    )  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def med(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path, help="an N-Quads file to use instead of generating")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "load.md")
    parser.add_argument("--report", action="store_true", help="also time `plangraph report`")
    args = parser.parse_args()
    started_load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        work = Path(tmp)
        data = work / "data"
        data.mkdir()
        file = data / "synthetic.nq"
        if args.file:
            os.link(args.file, file) if args.file.stat().st_dev == data.stat().st_dev else (
                shutil.copy(args.file, file)
            )
        else:
            subprocess.run(
                [PY, "-m", "plangraph", "generate", "--triples", str(args.triples),
                 "--seed", "7", "--out", str(file)],
                check=True, env=clean_env(),
            )  # fmt: skip
        load = bench_load(data, file, args.repeat, work)
        second = bench_second(data, args.repeat, work)
        report = bench_report(data, work) if args.report else None
        write = bench_write(data, work)
    lines = [
        "# Loading, the second command, a write on a big store",
        "",
        f"Command: `python benchmarks/bench_load.py {' '.join(sys.argv[1:])}` "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}); file: "
        f"{file.name} ({args.file or f'generate --triples {args.triples} --seed 7'}); "
        f"median of {args.repeat}; whole processes, pairs in turn; 2 shared cores, other "
        "work running on the machine at the same time (absolute figures are noisy, the ratios "
        f"less so). Load average (1, 5, 15 min) at the start: {started_load}; at the end: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        "| | plangraph | raw pyoxigraph | ratio |",
        "|---|--:|--:|--:|",
        f"| load + count per class, time (s) | {med(load['pg_s']):.1f} | "
        f"{med(load['raw_s']):.1f} | {med(load['pg_s']) / med(load['raw_s']):.2f}x |",
        f"| load + count per class, peak RSS (MiB) | {med(load['pg_mib']):.0f} | "
        f"{med(load['raw_mib']):.0f} | {med(load['pg_mib']) / med(load['raw_mib']):.2f}x |",
        f"| load + count per class, CPU user+sys (s) | {med(CPU['pg']):.1f} | "
        f"{med(CPU['raw']):.1f} | {med(CPU['pg']) / med(CPU['raw']):.2f}x |",
        "",
        f"Runs (s): plangraph {load['pg_s']}, raw {load['raw_s']}.",
        "",
        "| default store (cache) | seconds |",
        "|---|--:|",
        f"| first command (fills the cache) | {second['first_s'][0]:.1f} |",
        f"| second command, unchanged data (median) | {med(second['second_s']):.2f} |",
        f"| second command, CPU user+sys (median) | {med(CPU['second']):.2f} |",
        f"| small second command (`show NODE -f json`), unchanged data (median) | "
        f"{med(second['small_s']):.2f} |",
        f"| small second command, CPU user+sys (median) | {med(CPU['small']):.2f} |",
        f"| of which opening the cached store (checksums, manifest, integrity; in-process) | "
        f"{med(second['open_s']):.2f} |",
        "",
        f"Second-command runs (s): {second['second_s']}; small: {second['small_s']}.",
        "",
    ]
    if report is not None:
        lines += [
            f"`plangraph report` on the same data (one run, cache filled): {report[0]:.1f} s, "
            f"CPU user+sys {report[1]:.1f} s.",
            "",
        ]
    lines += [
        f"| write on {write['quads']:,} quads (one call, no HTTP) | seconds |",
        "|---|--:|",
    ]
    for key, name in (
        ("import_s", "import a small plan"),
        ("accept_s", "accept a suggested link"),
        ("delete_s", "delete that plan"),
    ):
        if key in write:
            lines.append(f"| {name} | {write[key]:.2f} |")
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
