"""Plan versions: diff speed, coverage change at 1M triples, item-matching accuracy.

1. Diff: two versions of a synthetic 10,000-item action plan (version 2: 3 % of the measures
   dropped, 3 % added, 5 % reworded, 5 % with a new status, 2 % moved to another theme, a link
   on every tenth measure, some links changed). Timed: ``plan_diff`` (reading both version files,
   the comparison, word diffs of the reworded items), then rendering it as JSON and Markdown.
2. Coverage change: the national synthetic picture (``plangraph generate``, 1M triples, seed 0)
   in the embedded store; the largest action plan gets a second version with 10 % of its
   ``pg:addresses`` links dropped. Timed: ``coverage_change`` between the two versions.
3. Matching: the hand-written reworded set (tests/data/versions/reworded.tsv: Bokmål ->
   Nynorsk, Nynorsk -> Bokmål, words added/removed/changed) plus unchanged items, with the new
   version writing fresh IRIs in shuffled order (the worst case: an importer numbering items),
   over 20 shuffles; and the seed items rewritten word by word Bokmål <-> Nynorsk.

4. On versions written by ``plangraph generate --versions 3`` (1M triples, seed 0): each
   organisation's action plan is one plan with three versions a year apart, each derived from
   the one before. Timed: the diff of the two latest versions of every versioned plan (and of
   the largest alone), and ``coverage_change`` on the largest, in the store of that data folder;
   what the diffs found is checked against generate's own record of what it changed.

Also measured: that the analyses do not slow down, since older versions never enter the store
(the uncovered-challenges query before and after loading a second version).

Run: .venv/bin/python benchmarks/bench_versions.py
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import compile_bytecode, dataset_file, timed, write_results  # noqa: E402

from plangraph.ingest import versions as V  # noqa: E402
from plangraph.ingest.diff import coverage_change, plan_diff, render_diff  # noqa: E402

PG = "https://w3id.org/plangraph/ns#"
ID = "https://w3id.org/plangraph/id/"
STATUSES = ["Candidate", "UnderPlanning", "StartingOrRunning"]
WORDS = [
    "pasient",
    "tjeneste",
    "sykehus",
    "samarbeid",
    "kommune",
    "digital",
    "journal",
    "beredskap",
    "kompetanse",
    "rekruttering",
    "ventetid",
    "psykisk",
    "helsevern",
    "barn",
    "unge",
    "eldre",
    "kreft",
    "hjerte",
    "rus",
    "forskning",
    "innovasjon",
    "kvalitet",
    "prioritering",
    "klima",
    "bygg",
    "transport",
    "legemidler",
    "forsyning",
    "utstyr",
    "laboratorium",
    "røntgen",
    "hjemmesykehus",
    "videokonsultasjon",
    "ambulanse",
    "akutt",
    "fødetilbud",
    "jordmor",
    "sykepleier",
    "lege",
    "spesialist",
    "utdanning",
    "turnus",
    "region",
    "foretak",
    "styring",
    "økonomi",
    "investering",
    "plattform",
    "data",
]


def _measure(i: int, text: str, status: str, theme: int, plan: str, link: str | None) -> str:
    out = (
        f"<{ID}measure/bench/{i}> a <{PG}Measure> ;\n"
        f'  <http://www.w3.org/2004/02/skos/core#prefLabel> "Tiltak {i}"@nb ;\n'
        f'  <{PG}sourceText> "{text}"@nb ;\n'
        f"  <{PG}measureStatus> <{PG}{status}> ;\n"
        f"  <{PG}inTheme> <{ID}theme/bench/{theme}> ;\n"
        f"  <{PG}partOfPlan> <{plan}>"
    )
    if link:
        out += f" ;\n  <{PG}addresses> <{link}>"
    return out + " .\n"


def big_plan_versions(n: int, seed: int = 0) -> tuple[str, str, dict[str, int]]:
    rng = random.Random(seed)
    plan = f"{ID}plan/bench"
    rows = []
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
        link = f"{ID}challenge/bench/{rng.randrange(n // 2)}" if i % 10 == 0 else None
        rows.append([i, text, rng.choice(STATUSES), rng.randrange(12), link])
    v1 = "".join(_measure(i, t, s, th, plan, lk) for i, t, s, th, lk in rows)
    counts = {"dropped": 0, "added": 0, "reworded": 0, "status": 0, "theme": 0, "links": 0}
    v2_rows = []
    for row in rows:
        r = rng.random()
        if r < 0.03:
            counts["dropped"] += 1
            continue
        row = list(row)
        if rng.random() < 0.05:
            words = row[1].split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            words.insert(rng.randrange(len(words)), rng.choice(WORDS))
            row[1] = " ".join(words)
            counts["reworded"] += 1
        if rng.random() < 0.05:
            row[2] = STATUSES[(STATUSES.index(row[2]) + 1) % 3]
            counts["status"] += 1
        if rng.random() < 0.02:
            row[3] = (row[3] + 1) % 12
            counts["theme"] += 1
        if row[4] and rng.random() < 0.1:
            row[4] = f"{ID}challenge/bench/{rng.randrange(n // 2)}"
            counts["links"] += 1
        v2_rows.append(row)
    for j in range(int(n * 0.03)):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
        v2_rows.append([n + j, text, "UnderPlanning", rng.randrange(12), None])
        counts["added"] += 1
    v2 = "".join(_measure(i, t, s, th, plan, lk) for i, t, s, th, lk in v2_rows)
    return v1, v2, counts


def write_version(folder: Path, plan: str, label: str, date: str, nt: str) -> V.Version:
    import datetime as dt

    v = V.Version(
        plan,
        label,
        dt.date.fromisoformat(date),
        f"{label}.nt",
        "sha256:x",
        "bench",
        "2026-01-01T00:00:00Z",
        int(label[-1]),
    )
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
        for t in ox.parse(nt.encode(), format=ox.RdfFormat.TURTLE)
    ]
    V._save_version_file(folder, v, quads)
    return v


def bench_diff(lines: list[str]) -> None:
    n = 10_000
    v1, v2, counts = big_plan_versions(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a = write_version(folder, "bench", "v1", "2023-01-01", v1)
        b = write_version(folder, "bench", "v2", "2024-01-01", v2)
        b.current = True
        V._write_records(folder, "bench", [a, b])
        diff = plan_diff(folder, "bench")
        json_s, _ = timed(lambda: render_diff(diff, "json"), repeat=5)
        md_s, _ = timed(lambda: render_diff(diff, "md"), repeat=5)
        # In a fresh process, as `plangraph diff` runs: this process holds the matching set and
        # both versions' text, and every garbage collection would walk them.
        fresh = subprocess.run(
            [sys.executable, "-c", _DIFF_TIMING, str(folder), str(ROOT)],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds, diff_cpu = json.loads(fresh.stdout)
        # The current version as the plan's file, as `plangraph import` leaves it: the command
        # opens the folder's store for labels (the first run fills the CLI's on-disk cache, the
        # median is a run that finds it).
        (folder / "bench.ttl").write_text(v2, encoding="utf-8")
        compiled = compile_bytecode()
        env = {**os.environ, "XDG_CACHE_HOME": str(folder / ".cache")}
        command = [str(Path(sys.executable).parent / "plangraph"), "--data-dir", str(folder)]
        command += ["diff", "bench", "--format", "json"]
        whole_wall, whole_cpu = [], []
        for _ in range(5):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            whole_wall.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            whole_cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        whole = (sorted(whole_wall)[2], sorted(whole_cpu)[2])
    found = {
        "added": len(diff["added"]),
        "removed": len(diff["removed"]),
        "reworded": sum(1 for c in diff["changed"] if "reworded" in c["changes"]),
        "status": sum(1 for c in diff["changed"] if "status" in c["changes"]),
        "theme": sum(1 for c in diff["changed"] if "theme" in c["changes"]),
        "links added": len(diff["links_added"]),
        "links removed": len(diff["links_removed"]),
    }
    lines += [
        "## Diff of two versions of a 10,000-item plan (target: under 1 s)",
        "",
        f"Made: {json.dumps(counts)}.",
        f"Found: {json.dumps(found)}.",
        "",
        "| step | wall (median of 5) | CPU |",
        "|:---|---:|---:|",
        f"| `plan_diff` (read both version files, compare, word diffs; a fresh process) | "
        f"{seconds:.3f} s | {diff_cpu:.3f} s |",
        f"| whole command `plangraph --data-dir F diff bench --format json` (start-up, store, "
        f"diff, JSON out) | {whole[0]:.3f} s | {whole[1]:.3f} s |",
        f"| render as JSON | {json_s:.3f} s | |",
        f"| render as Markdown | {md_s:.3f} s | |",
        "",
        f"The whole command: {compiled} Load average after it: "
        + ", ".join(f"{x:.1f}" for x in os.getloadavg())
        + ".",
        "",
    ]


_DIFF_TIMING = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from benchmarks.bench_versions import cpu_timed
from plangraph.ingest.diff import plan_diff
wall, cpu, _ = cpu_timed(lambda: plan_diff(Path(sys.argv[1]), "bench"), repeat=5)
print(json.dumps([wall, cpu]))
"""


def bench_coverage(lines: list[str]) -> None:
    from plangraph.store import open_store
    from plangraph.vocab import GRAPH

    path = dataset_file(1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(path, folder / "synthetic.nq")
        started = time.perf_counter()
        store = open_store("memory", data_dir=str(folder))
        load_s = time.perf_counter() - started
        sizes: dict[str, int] = {}
        for q in store.ox_quads():
            g = q.graph_name.value  # type: ignore[union-attr]
            if q.predicate.value == PG + "addresses":
                sizes[g] = sizes.get(g, 0) + 1
        graph = max(sizes, key=lambda g: sizes[g])
        plan = graph[len(str(GRAPH)) :]
        quads = list(store.ox_quads(GRAPH[plan]))
        rng = random.Random(1)
        links = [q for q in quads if q.predicate.value == PG + "addresses"]
        dropped = set(rng.sample(range(len(links)), len(links) // 10))
        drop = {links[i] for i in dropped}
        second = [q for q in quads if q not in drop]
        import datetime as dt

        a = V.Version(plan, "v1", dt.date(2023, 1, 1), "a", "sha256:a", "bench", "x", 1)
        b = V.Version(plan, "v2", dt.date(2024, 1, 1), "b", "sha256:b", "bench", "x", 2, True)
        V._save_version_file(folder, a, quads)
        V._save_version_file(folder, b, second)
        V._write_records(folder, plan, [a, b])
        seconds, cov_cpu, result = cpu_timed(lambda: coverage_change(store, folder, plan))
        from plangraph import analysis

        gaps_s, _ = timed(lambda: analysis.uncovered_challenges(store), repeat=3)
    lines += [
        "## Coverage change between two versions, national picture (target: under 2 s)",
        "",
        f"Store: {len(store):,} quads (`plangraph generate`, 1M triples, seed 0), loaded in "
        f"{load_s:.1f} s. Plan `{plan}` ({len(quads):,} triples, {len(links):,} `pg:addresses` "
        f"links); version 2 drops {len(drop):,} of them.",
        "",
        "| step | wall (median of 3) | CPU |",
        "|:---|---:|---:|",
        f"| `coverage_change` (read both versions, challenges and links of the rest of the store "
        f"from the indexes) | {seconds:.3f} s | {cov_cpu:.3f} s |",
        f"| for scale: `analysis.uncovered_challenges` over the whole store | {gaps_s:.3f} s | |",
        "",
        f"Result: uncovered {result['uncovered_before']:,} -> {result['uncovered_after']:,}; "
        f"{len(result['newly_uncovered']):,} newly uncovered, "
        f"{len(result['newly_covered']):,} newly covered.",
        "",
    ]


def bench_matching(lines: list[str]) -> None:
    from tests.versions.test_matching import UNCHANGED, accuracy, reworded_set, versions

    rows = reworded_set()
    accs = []
    unchanged_moved = 0
    for seed in range(20):
        old, new, expected = versions(seed, fresh_iris=True)
        accs.append(accuracy(old, new, expected))
        found = {m["written_as"]: m["item"] for m in V.match_items(old, new)}
        for n, item in new.items():
            if any(item.text == t for _k, t in UNCHANGED) and found.get(n) != expected[n]:
                unchanged_moved += 1
    same_iri = [accuracy(*versions(s, fresh_iris=False)) for s in range(5)]
    # the seed items, rewritten word by word between Bokmål and Nynorsk
    seed_acc, seed_n, seed_unchanged_moved = seed_items_accuracy()
    lines += [
        "## Item matching across versions (target: at least 95 %; no unchanged item re-IRI'd)",
        "",
        f"Hand-written set: {len(rows)} reworded items "
        f"({sum(1 for r in rows if 'nb->nn' in r[3])} Bokmål -> Nynorsk, "
        f"{sum(1 for r in rows if 'nn->nb' in r[3])} Nynorsk -> Bokmål, the rest edited), plus "
        f"{len(UNCHANGED)} unchanged items.",
        "",
        "| case | matched to the right predecessor |",
        "|:---|---:|",
        f"| new version writes fresh IRIs, shuffled (20 shuffles) | min {min(accs):.1%}, "
        f"mean {sum(accs) / len(accs):.1%} |",
        f"| new version keeps the IRIs (5 runs) | min {min(same_iri):.1%} |",
        f"| seed items ({seed_n}) rewritten word by word nb <-> nn, fresh IRIs | {seed_acc:.1%} |",
        "",
        f"Unchanged items given a new IRI: {unchanged_moved} (hand-written set, 20 shuffles), "
        f"{seed_unchanged_moved} (seed items).",
        "",
    ]


def seed_items_accuracy() -> tuple[float, int, int]:
    store = ox.Store()
    for path in (ROOT / "data").glob("*.ttl"):
        store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE)
    items = V.items_of(store)
    items = {k: v for k, v in items.items() if v.text}
    nb_nn = {b: a for a, b in V._NN_NB.items()}
    nn_nb = dict(V._NN_NB)
    rng = random.Random(0)
    old = {}
    new = {}
    expected = {}
    unchanged = set()
    keys = sorted(items)
    order = list(range(len(keys)))
    rng.shuffle(order)
    for i, iri in enumerate(keys):
        item = items[iri]
        words = item.text.split(" ")
        swapped = [nb_nn.get(w, nn_nb.get(w, w)) for w in words]
        text = " ".join(swapped)
        if i % 5 == 0:
            text = item.text  # some unchanged
        n = f"https://e.org/new/{order[i]}"
        old[iri] = item
        new[n] = V.Item(n, item.kind, text)
        expected[n] = iri
        if text == item.text:
            unchanged.add(n)
    found = {m["written_as"]: m["item"] for m in V.match_items(old, new)}
    right = sum(1 for n, o in expected.items() if found.get(n) == o)
    moved = sum(1 for n in unchanged if found.get(n) != expected[n])
    return right / len(expected), len(expected), moved


def cpu_timed(func: Any, repeat: int = 3) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of ``repeat`` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    walls.sort()
    cpus.sort()
    return walls[len(walls) // 2], cpus[len(cpus) // 2], result


_GENERATED_TIMING = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from benchmarks.bench_versions import cpu_timed
from plangraph.ingest.diff import coverage_change, plan_diff
from plangraph.store import open_store

folder, largest = Path(sys.argv[1]), sys.argv[3]
names = sorted(p.name for p in (folder / "versions").iterdir())
started = time.perf_counter()
store = open_store("memory", data_dir=str(folder))
load_s = time.perf_counter() - started
all_s, all_cpu, diffs = cpu_timed(lambda: [plan_diff(folder, n) for n in names])
one_s, one_cpu, _ = cpu_timed(lambda: plan_diff(folder, largest), repeat=5)
cov_s, cov_cpu, change = cpu_timed(lambda: coverage_change(store, folder, largest))
found = {n: {
    "added": len(d["added"]),
    "removed": len(d["removed"]),
    **{k: sum(1 for c in d["changed"] if k in c["changes"]) for k in ("reworded", "status", "theme")},
} for n, d in zip(names, diffs)}
print(json.dumps({
    "quads": len(store), "load_s": load_s, "all": [all_s, all_cpu], "one": [one_s, one_cpu],
    "cov": [cov_s, cov_cpu], "found": found,
    "change": {k: change[k] if isinstance(change[k], int) else len(change[k])
               for k in ("uncovered_before", "uncovered_after", "newly_uncovered", "newly_covered")},
}))
"""


def bench_generated(lines: list[str], triples: int = 1_000_000, versions: int = 3) -> None:
    """Write the data with ``generate --versions``, then time the diffs and the coverage change
    in a fresh process, as ``plangraph diff`` and ``gaps --changes`` run (the generator's
    million tuples on this process's heap would make every garbage collection walk them)."""
    import subprocess

    from plangraph.generate import write_plans

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        data = write_plans(folder / "synthetic.nq", triples, seed=0, versions=versions)
        gen_s = time.perf_counter() - started
        names = sorted(data.versions)
        counts = {
            n: [sum(1 for _s, p, _o in v.triples if "measureStatus" in p) for v in h]
            for n, h in data.versions.items()
        }
        records = {n: h[-1].changes for n, h in data.versions.items()}
        flat, total = data.flat_triple_count, data.triple_count
        del data
        largest = max(names, key=lambda n: counts[n][-1])
        child = subprocess.run(
            [sys.executable, "-c", _GENERATED_TIMING, str(folder), str(ROOT), largest],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
    made = dict.fromkeys(("added", "removed", "reworded", "status", "theme"), 0)
    found = dict(made)
    for name in names:
        rec = records[name]
        made["added"] += len(rec["added"])
        made["removed"] += len(rec["dropped"]) + len(rec["completed"])
        for kind in ("reworded", "status", "theme"):
            made[kind] += len(rec[kind])
        for kind in found:
            found[kind] += result["found"][name][kind]
    items = sum(counts[n][-2] + counts[n][-1] for n in names)
    change = result["change"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines += [
        "## Diff and coverage change on versions written by `plangraph generate`",
        "",
        f"Data: `plangraph generate -n {triples:,} --seed 0 --versions {versions}` (written in "
        f"{gen_s:.1f} s): {flat:,} triples in the one file, and {len(names)} versioned action "
        f"plans whose current versions hold {total - flat:,} triples; the store of that folder "
        f"({result['quads']:,} quads) loaded in {result['load_s']:.1f} s. The two latest "
        f"versions of all {len(names)} plans hold {items:,} measures in all; the largest plan, "
        f"`{largest}`, {counts[largest][-2]:,} -> {counts[largest][-1]:,}. Timed in a fresh "
        "process, as the commands run.",
        "",
        f"Generate's record of the last step, summed over the plans: {json.dumps(made)}.",
        f"Found by the diffs: {json.dumps(found)}.",
        "",
        "| step | wall (median) | CPU (median) |",
        "|:---|---:|---:|",
        f"| `plan_diff` of the two latest versions, all {len(names)} plans (3 runs) | "
        f"{result['all'][0]:.3f} s | {result['all'][1]:.3f} s |",
        f"| `plan_diff`, the largest plan (5 runs) | {result['one'][0]:.3f} s | "
        f"{result['one'][1]:.3f} s |",
        f"| `coverage_change`, the largest plan, in the {result['quads']:,}-quad store (3 runs) "
        f"| {result['cov'][0]:.3f} s | {result['cov'][1]:.3f} s |",
        "",
        f"Coverage change of `{largest}`: uncovered {change['uncovered_before']:,} -> "
        f"{change['uncovered_after']:,}; {change['newly_uncovered']:,} newly uncovered, "
        f"{change['newly_covered']:,} newly covered. Load average when measured: {load}.",
        "",
    ]


def main() -> None:
    lines: list[str] = [
        "Older versions live in `DATA_DIR/versions/PLAN/`, outside the folder the store loads, "
        "so the analyses read the current versions only and do not slow down with history "
        "(nothing is added to the default union).",
        "",
    ]
    bench_matching(lines)
    bench_diff(lines)
    bench_coverage(lines)
    bench_generated(lines)
    write_results("versions", "Plan versions: diff, coverage change, item matching", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
