"""Helpers for tests: running the CLI as a user does, comparing graphs with a readable diff."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``plangraph ARGS`` in a subprocess, with PLANGRAPH_* taken only from ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    return subprocess.run(
        [sys.executable, "-m", "plangraph", *args],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        input=stdin,
        timeout=300,
    )


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Graphs equal up to blank-node names; on failure, show what is only in each."""
    if isomorphic(expected, actual):
        return
    _both, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["graphs differ"]
    lines += [f"  only expected: {t}" for t in sorted(only_expected)[:20]]
    lines += [f"  only actual:   {t}" for t in sorted(only_actual)[:20]]
    raise AssertionError("\n".join(lines))
