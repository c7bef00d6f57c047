"""The reference for bench_cli.py: a raw pyoxigraph script answering a planner's question.

``python benchmarks/raw_answers.py QUESTION DIR`` opens the on-disk Oxigraph store in DIR (the
one ``plangraph --store oxigraph:DIR`` uses), runs the same packaged query the analysis runs,
looks up the labels of every node in the answer in one more query (Bokmål first, then untagged,
then any), and prints the rows as JSON, as ``plangraph --store oxigraph:DIR QUESTION --format
json`` does. QUESTION: gaps, overlaps, coverage. No plangraph import: only pyoxigraph and the
standard library, the least a script could do for the same answer.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox

QUERIES = Path(__file__).resolve().parents[1] / "src" / "plangraph" / "queries"
LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?label WHERE { ?node skos:prefLabel ?label }
"""


def _rows(store: ox.Store, name: str) -> list[list[Any]]:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    result = store.query(text, use_default_graph_as_union=True)
    out = []
    for solution in result:  # type: ignore[union-attr]
        out.append([None if term is None else term.value for term in solution])
    return out


def _labels(store: ox.Store, nodes: set[str]) -> dict[str, str]:
    """The nb (else untagged, else any) skos:prefLabel of each node, one query for all."""
    if not nodes:
        return {}
    values = " ".join(f"<{n}>" for n in nodes)
    query = LABELS.replace("WHERE {", f"WHERE {{ VALUES ?node {{ {values} }}")
    best: dict[str, tuple[int, str]] = {}
    for node, label in store.query(query, use_default_graph_as_union=True):  # type: ignore[misc]
        rank = {"nb": 0, "": 1}.get(label.language or "", 2)
        if node.value not in best or rank < best[node.value][0]:
            best[node.value] = (rank, label.value)
    return {n: best[n][1] if n in best else n.rsplit("/", 1)[-1] for n in nodes}


def _node(labels: dict[str, str], iri: str | None) -> dict[str, str] | None:
    return None if iri is None else {"iri": iri, "label": labels[iri]}


def gaps(store: ox.Store) -> list[dict[str, Any]]:
    first: dict[str, list[Any]] = {}
    for row in _rows(store, "uncovered_challenges"):
        first.setdefault(row[0], row)
    labels = _labels(store, {v for row in first.values() for v in row[:5] if v is not None})
    rows = sorted(first.values(), key=lambda r: (r[3] or "", r[1] or "", r[0]))
    return [
        {
            "challenge": _node(labels, r[0]),
            "parent": _node(labels, r[4]),
            "theme": _node(labels, r[1]),
            "organisation": _node(labels, r[3]),
            "plan": _node(labels, r[2]),
        }
        for r in rows
    ]


def overlaps(store: ox.Store) -> list[dict[str, Any]]:
    degree = {m: int(n) for m, n in _rows(store, "measure_challenge_counts")}
    found = []
    for a, b, shared, challenges in _rows(store, "overlapping_measures"):
        count = int(shared)
        found.append((count, count / (degree[a] + degree[b] - count), a, b, challenges.split()))
    found.sort(key=lambda f: (-f[0], -f[1], f[2], f[3]))
    labels = _labels(store, {n for f in found for n in (f[2], f[3], *f[4])})
    return [
        {
            "measure_a": _node(labels, a),
            "measure_b": _node(labels, b),
            "shared_count": count,
            "jaccard": jaccard,
            "shared": [_node(labels, c) for c in shared],
        }
        for count, jaccard, a, b, shared in found
    ]


def coverage(store: ox.Store) -> dict[str, Any]:
    total: dict[str, set[str]] = defaultdict(set)
    covered: dict[str, set[str]] = defaultdict(set)
    for theme, _organisation, challenge, is_covered in _rows(store, "coverage_by_theme"):
        total[theme].add(challenge)
        if is_covered == "1":
            covered[theme].add(challenge)
    by_org: dict[tuple[str, str], set[str]] = defaultdict(set)
    for theme, challenge, organisation in _rows(store, "coverage_matrix"):
        by_org[(theme, organisation)].add(challenge)
    organisations = sorted({o for _t, o in by_org})
    labels = _labels(store, set(total) | set(organisations))
    cells = []
    for theme in sorted(total):
        n = len(total[theme])
        for organisation in [*organisations, "any"]:
            hit = (
                covered[theme]
                if organisation == "any"
                else by_org.get((theme, organisation), set())
            )
            cells.append(
                {
                    "theme": theme,
                    "organisation": organisation,
                    "challenges": n,
                    "covered": len(hit),
                    "share": len(hit) / n if n else 0.0,
                }
            )
    return {
        "themes": [_node(labels, t) for t in sorted(total)],
        "organisations": [_node(labels, o) for o in organisations],
        "cells": cells,
    }


def main() -> None:
    question, folder = sys.argv[1], sys.argv[2]
    store = ox.Store(folder)
    answer = {"gaps": gaps, "overlaps": overlaps, "coverage": coverage}[question](store)
    sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
