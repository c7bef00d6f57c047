"""Pick the test cases that run with coverage's tracer paused (tests/untraced_cases.py).

Two steps, from the repository's root, with the project's venv::

    env -u PYTHONDONTWRITEBYTECODE CI=true .venv/bin/python tests/tools/pick_untraced.py measure [paths]
    .venv/bin/python tests/tools/pick_untraced.py pick

``measure`` runs the suite (or the test paths given) on one xdist worker (no pytest-randomly),
everything traced (``--trace-listed``: the listed cases too), with coverage's per-test contexts
(``--cov-context=test``), and keeps the data (``.untraced/coverage``) and each test's CPU time in
this process (``.untraced/cpu.json``: setup, call and teardown, the whole process's and the test's
own thread's; a server's or a command's own process not counted). ``pick`` is a greedy pass over
the tests of tests/ by the test thread's CPU time (what the pause saves: it takes the tracer out
of that thread only; the process's, where a measure has no thread time), largest first: a test is untraced when every plangraph line and branch arc it measures (in its
setup, call or teardown) is measured by a test that stays traced (or outside any test, at
collection); the doctests, tests/test_tracer.py (it checks the tracer itself) and tests already
marked ``untraced`` in their module stay as they are. It rewrites tests/untraced_cases.py.

Why the order of a whole run in one process is enough for two xdist workers: what happens once
a process (a module's import, a cache filled) is measured in the first test that does it, and
that test alone measures it, so it stays traced; pytest-xdist (``--dist loadscope
--no-loadscope-reorder``) runs on each worker a part of this same order, so that test is also
the first on its worker to do it. Check the result against the whole run's coverage JSON (lines
and branch arcs per file, ``make test``'s options, with and without the list).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / ".untraced"
DATA = OUT / "coverage"
CPU = OUT / "cpu.json"
CASES = ROOT / "tests" / "untraced_cases.py"

MIN_CPU = 0.05
"""Tests taking less CPU than this in their own thread (seconds, traced) stay traced: too
little to gain."""

KEEP_TRACED = ("tests/test_tracer.py::",)
"""Tests that check the tracer itself."""


_TESTS: dict[str, dict[str, Any]] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Any:
    """Loaded with ``-p tests.tools.pick_untraced`` (on the xdist worker that runs the tests):
    each test's CPU time in this process, and whether its module marks it ``untraced``."""
    del nextitem
    start, own = time.process_time(), time.thread_time()
    yield
    _TESTS[item.nodeid] = {
        "cpu": time.process_time() - start,
        # What the pause can save: the tracer leaves only this thread (tests/conftest.py's
        # tracer_off), the work of an in-process app's threads stays traced.
        "thread": time.thread_time() - own,
        "marked": item.get_closest_marker("untraced") is not None,  # --trace-listed: own marks
    }


def pytest_sessionfinish(session: Any) -> None:
    if _TESTS and os.environ.get("PICK_UNTRACED_CPU"):
        Path(os.environ["PICK_UNTRACED_CPU"]).write_text(json.dumps(_TESTS, indent=0))


def measure(extra: list[str]) -> int:
    OUT.mkdir(exist_ok=True)
    DATA.unlink(missing_ok=True)
    os.environ["COVERAGE_FILE"] = str(DATA)
    os.environ["PICK_UNTRACED_CPU"] = str(CPU)
    sys.path.insert(0, str(ROOT))
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    args = [
        "-p",
        "no:randomly",
        "-p",
        "tests.tools.pick_untraced",
        # One xdist worker, as under `make test` (two coverage instances; the pause is made
        # for that), one process for the whole run.
        "-n",
        "1",
        "-q",
        "--cov=plangraph",
        "--cov-context=test",
        "--cov-report=",
        "--cov-fail-under=0",  # a part of the suite covers less than make test's floor
        "--trace-listed",
        # Tests marked in their own module run untraced, as under `make test` (tests/conftest.py's
        # tracer_off keeps the per-test contexts): what they measure (their module's fixtures'
        # set-up before the pause) is what they measure there.
        *extra,
    ]
    code = pytest.main(args)
    print(f"pick_untraced: data in {DATA}, CPU in {CPU}", file=sys.stderr)
    return int(code)


def _measured() -> dict[str, set[tuple[int, int, int]]]:
    """What each test (by node id; "" for outside any test) measures: (file, from, to) arcs
    and (file, line, 0) lines."""
    db = sqlite3.connect(DATA)
    contexts = dict(db.execute("select id, context from context"))
    measured: dict[str, set[tuple[int, int, int]]] = defaultdict(set)

    def test_of(context_id: int) -> str:
        name = contexts[context_id]
        return name.rpartition("|")[0] if "|" in name else name

    for file_id, context_id, start, end in db.execute(
        "select file_id, context_id, fromno, tono from arc"
    ):
        measured[test_of(context_id)].add((file_id, start, end))
    from coverage.numbits import numbits_to_nums

    for file_id, context_id, bits in db.execute(
        "select file_id, context_id, numbits from line_bits"
    ):
        for line in numbits_to_nums(bits):
            measured[test_of(context_id)].add((file_id, line, 0))
    return measured


def pick() -> int:
    tests: dict[str, dict[str, Any]] = json.loads(CPU.read_text())
    measured = _measured()
    unknown = set(measured) - set(tests) - {""}
    if unknown:
        print(
            f"pick_untraced: contexts of no recorded test: {sorted(unknown)[:5]}", file=sys.stderr
        )
    count: dict[tuple[int, int, int], int] = defaultdict(int)
    for arcs in measured.values():
        for arc in arcs:
            count[arc] += 1
    saves = {nodeid: test.get("thread", test["cpu"]) for nodeid, test in tests.items()}
    candidates = sorted(
        (
            nodeid
            for nodeid, test in tests.items()
            if nodeid.startswith("tests/")
            and not nodeid.startswith(KEEP_TRACED)
            and not test["marked"]
            and saves[nodeid] >= MIN_CPU
        ),
        key=lambda nodeid: (-saves[nodeid], nodeid),
    )
    untraced = []
    for nodeid in candidates:
        arcs = measured.get(nodeid, set())
        if all(count[arc] > 1 for arc in arcs):
            for arc in arcs:
                count[arc] -= 1
            untraced.append(nodeid)
    cpu = sum(saves[n] for n in untraced)
    where = "the tests' threads" if all("thread" in t for t in tests.values()) else "this process"
    total = sum(saves.values())
    print(
        f"pick_untraced: {len(untraced)} of {len(candidates)} candidates untraced "
        f"({cpu:.1f} s of {total:.1f} s CPU traced, {where})",
        file=sys.stderr,
    )
    _write(sorted(untraced))
    return 0


def _quoted(text: str) -> str:
    """``text`` as a Python string as ruff's formatter writes it: in double quotes unless it
    holds a double quote and no single one."""
    if '"' in text and "'" not in text and "\\" not in text:
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)


def _write(cases: list[str]) -> None:
    text = CASES.read_text()
    head = text[: text.index("UNTRACED_CASES = frozenset(")]
    lines = ["UNTRACED_CASES = frozenset(\n", "    {\n"]
    module = None
    for nodeid in cases:
        this = nodeid.partition("::")[0]
        if this != module:
            lines.append(f"        # {this}\n")
            module = this
        lines.append(f"        {_quoted(nodeid)},\n")
    lines += ["    }\n", ")\n"]
    CASES.write_text(head + "".join(lines))


def main(argv: list[str]) -> int:
    if argv[:1] == ["measure"]:
        return measure(argv[1:])
    if argv == ["pick"]:
        return pick()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
