"""Store engines side by side on synthetic plan data: load time, memory, the planners' questions.

Engines, each run in a fresh subprocess so its memory is measured alone:

- ``rdflib``: plain rdflib, an in-memory ``Dataset`` (default graph = union);
- ``oxrdflib``: rdflib over Oxigraph (``Dataset(store="Oxigraph")``, loaded with ``ox-nquads``);
- ``pyoxigraph``: a raw pyoxigraph ``Store()``;
- ``plangraph``: plangraph's embedded store (``open_store("memory", data_dir=...)``) and its
  analysis functions (labels included, as a planner gets them).

The raw engines run the same packaged queries the analyses use (``uncovered_challenges.rq``,
``overlapping_measures.rq``, ``coverage_by_theme.rq`` + ``coverage_matrix.rq``) and
``benchmarks/queries/theme_subgraph.rq``. Plain rdflib queries run in a forked child that is
killed after ``--timeout`` seconds, so the run finishes ("> 120 s").

    python benchmarks/bench_store.py                  # 100k and 1M triples
    python benchmarks/bench_store.py --sizes 100k     # one size
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    DEFAULT_SIZES,
    QUERIES,
    dataset_dir,
    fmt_mib,
    fmt_seconds,
    parse_sizes,
    rss,
    size_name,
    table,
    timed,
    with_timeout,
    write_results,
)

ENGINES = ("rdflib", "oxrdflib", "pyoxigraph", "plangraph")
QUESTIONS = (
    ("uncovered", "uncovered challenges"),
    ("overlaps", "all overlapping measure pairs"),
    ("matrix", "coverage matrix"),
    ("subgraph", "theme subgraph CONSTRUCT"),
)


def _query(name: str) -> str:
    from plangraph import resources

    return resources.query_text(name)


def _theme_for(path: Path) -> str:
    """A theme area of a Helse Vest trust (the first the file names): the subgraph to fetch."""
    marker = "/id/synthetic/theme/helse-bergen/"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if marker in line and "ThemeArea>" in line:
                return line.split(" ", 1)[0][1:-1]
    raise SystemExit(f"no Helse Bergen theme in {path}")


# ------------------------------------------------------------------------------------ workers


def _worker(engine: str, path: Path, theme: str, timeout: float, repeat: int) -> dict[str, Any]:
    import pyoxigraph as ox
    import rdflib

    out: dict[str, Any] = {"engine": engine}
    before = rss()
    started = time.perf_counter()
    questions: dict[str, Callable[[], int]]
    if engine in ("rdflib", "oxrdflib"):
        if engine == "rdflib":
            ds = rdflib.Dataset(default_union=True)
            ds.parse(str(path), format="nquads")
        else:
            ds = rdflib.Dataset(store="Oxigraph", default_union=True)
            ds.parse(str(path), format="ox-nquads")
        out["load"] = time.perf_counter() - started
        out["triples"] = len(ds) if engine == "rdflib" else None
        out["memory"] = rss() - before
        theme_ref = rdflib.URIRef(theme)

        def select(name: str) -> Callable[[], int]:
            text = _query(name)
            return lambda: sum(1 for _ in ds.query(text))

        subgraph_text = (QUERIES / "theme_subgraph.rq").read_text(encoding="utf-8")
        questions = {
            "uncovered": select("uncovered_challenges"),
            "overlaps": select("overlapping_measures"),
            "matrix": lambda: select("coverage_by_theme")() + select("coverage_matrix")(),
            "subgraph": lambda: len(
                ds.query(subgraph_text, initBindings={"theme": theme_ref}).graph
            ),
        }
    elif engine == "pyoxigraph":
        store = ox.Store()
        store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        out["load"] = time.perf_counter() - started
        out["triples"] = len(store)
        out["memory"] = rss() - before
        theme_node = ox.NamedNode(theme)

        def ox_select(name: str) -> Callable[[], int]:
            text = _query(name)
            return lambda: sum(1 for _ in store.query(text, use_default_graph_as_union=True))

        subgraph_text = (QUERIES / "theme_subgraph.rq").read_text(encoding="utf-8")
        questions = {
            "uncovered": ox_select("uncovered_challenges"),
            "overlaps": ox_select("overlapping_measures"),
            "matrix": lambda: ox_select("coverage_by_theme")() + ox_select("coverage_matrix")(),
            "subgraph": lambda: sum(
                1
                for _ in store.query(
                    subgraph_text,
                    use_default_graph_as_union=True,
                    substitutions={ox.Variable("theme"): theme_node},
                )
            ),
        }
    elif engine == "plangraph":
        from plangraph.analysis import coverage_matrix, overlapping_measures, uncovered_challenges
        from plangraph.store import open_store

        pstore = open_store("memory", data_dir=path.parent)
        out["load"] = time.perf_counter() - started
        out["triples"] = len(pstore)
        out["memory"] = rss() - before
        subgraph_text = (QUERIES / "theme_subgraph.rq").read_text(encoding="utf-8")
        questions = {
            "uncovered": lambda: len(uncovered_challenges(pstore)),
            "overlaps": lambda: len(overlapping_measures(pstore)),
            "matrix": lambda: len(coverage_matrix(pstore)["cells"]),
            "subgraph": lambda: len(
                pstore.construct(subgraph_text, {"theme": rdflib.URIRef(theme)})
            ),
        }
    else:
        raise SystemExit(f"unknown engine {engine!r}")
    for key, func in questions.items():
        if engine == "rdflib":
            elapsed, result = with_timeout(func, timeout)
        else:
            elapsed, result = timed(func, repeat)
        out[key] = elapsed
        out[f"{key}_rows"] = result
    return out


# ------------------------------------------------------------------------------------ driver


def _run_engine(
    engine: str, folder: Path, theme: str, timeout: float, repeat: int
) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--worker",
        engine,
        "--file",
        str(folder / "synthetic.nq"),
        "--theme",
        theme,
        "--timeout",
        str(timeout),
        "--repeat",
        str(repeat),
    ]
    print(f"  {engine} ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return {"engine": engine, "error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _cell(result: dict[str, Any], key: str, timeout: float) -> str:
    if "error" in result:
        return "error"
    value = result.get(key)
    if value is None:
        return f"> {timeout:.0f} s" if key in dict(QUESTIONS) else "n/a"
    return fmt_seconds(value)


def _ratio(result: dict[str, Any], base: dict[str, Any], key: str, timeout: float) -> str:
    value, reference = result.get(key), base.get(key)
    if reference in (None, 0):
        return "n/a"
    if value is None:
        return f"> {timeout / reference:,.0f}x"
    return f"{value / reference:,.1f}x"


def _section(size: int, results: list[dict[str, Any]], theme: str, timeout: float) -> list[str]:
    by_engine = {r["engine"]: r for r in results}
    engines = [e for e in ENGINES if e in by_engine]
    header = ["", *[_title(e) for e in engines]]
    rows: list[list[str]] = [
        ["load N-Quads", *[_cell(by_engine[e], "load", timeout) for e in engines]],
        [
            "resident memory after load (RSS delta)",
            *[fmt_mib(by_engine[e].get("memory")) for e in engines],
        ],
    ]
    for key, title in QUESTIONS:
        rows.append([title, *[_cell(by_engine[e], key, timeout) for e in engines]])
    rows.append(
        [
            "rows (uncovered / pairs / matrix / subgraph triples)",
            *[
                " / ".join(str(by_engine[e].get(f"{k}_rows", "-")) for k, _t in QUESTIONS)
                for e in engines
            ],
        ]
    )
    out = [f"## {size_name(size)} triples", "", *table(header, rows), ""]
    base = by_engine.get("pyoxigraph")
    if base is not None and "error" not in base:
        ratio_rows = [
            [title, *[_ratio(by_engine[e], base, key, timeout) for e in engines]]
            for key, title in (("load", "load"), *QUESTIONS)
        ]
        ratio_rows.insert(
            1,
            [
                "memory",
                *[
                    f"{by_engine[e]['memory'] / base['memory']:.1f}x"
                    if by_engine[e].get("memory") and base.get("memory")
                    else "n/a"
                    for e in engines
                ],
            ],
        )
        out += [
            f"Ratios to raw pyoxigraph at {size_name(size)} (time or memory ÷ pyoxigraph's):",
            "",
            *table(header, ratio_rows),
            "",
        ]
    out.append(f"Theme of the subgraph: `{theme}`.")
    out.append("")
    return out


def _title(engine: str) -> str:
    return {
        "rdflib": "plain rdflib (Dataset, memory)",
        "oxrdflib": "rdflib on Oxigraph (oxrdflib)",
        "pyoxigraph": "pyoxigraph `Store()`",
        "plangraph": "plangraph embedded store + analysis",
    }[engine]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (median reported)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--theme", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        result = _worker(args.worker, Path(args.file), args.theme, args.timeout, args.repeat)
        print(json.dumps(result))
        return
    body = [
        "Synthetic data from `plangraph generate` (seed 0), loaded from one N-Quads file (one named "
        "graph per plan). Each engine runs in a fresh subprocess; memory is the growth of the "
        "process's resident set during the load. Query times are the median of "
        f"{args.repeat} runs, except plain rdflib: one run in a forked child killed after "
        f"{args.timeout:.0f} s. Raw engines run plangraph's packaged queries and iterate every "
        "row; plangraph's column calls the analysis functions (rows with labels, as the CLI and "
        "API get them). The coverage matrix is two queries (`coverage_by_theme.rq` + "
        "`coverage_matrix.rq`).",
        "",
    ]
    engines = [e for e in args.engines.split(",") if e]
    for size in parse_sizes(args.sizes):
        folder = dataset_dir(size)
        theme = _theme_for(folder / "synthetic.nq")
        print(f"{size_name(size)} triples:", file=sys.stderr)
        results = [_run_engine(e, folder, theme, args.timeout, args.repeat) for e in engines]
        body += _section(size, results, theme, args.timeout)
        for r in results:
            print(json.dumps(r), file=sys.stderr)
    write_results(
        "bench_store",
        "Store engines on synthetic plan data (load, memory, planners' questions)",
        body,
    )


if __name__ == "__main__":
    main()
