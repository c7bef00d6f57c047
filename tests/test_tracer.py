"""Tests marked ``untraced`` run with no coverage tracer, on pytest-xdist's workers too."""

from __future__ import annotations

import sys

import pytest

from tests.helpers import tracer_paused


@pytest.mark.untraced
def test_an_untraced_test_runs_without_a_tracer() -> None:
    # Under ``make test`` (--cov, two xdist workers) pytest-cov runs two coverage instances in
    # each worker; pausing only the newest left the other's tracer on.
    assert sys.gettrace() is None


def test_the_pause_leaves_the_tracer_as_it_found_it() -> None:
    import coverage

    running, tracer = coverage.Coverage.current(), type(sys.gettrace())
    with tracer_paused():
        assert sys.gettrace() is None and coverage.Coverage.current() is None
    # The same instance measures again, with a tracer of its own (a new one) when it had one.
    assert coverage.Coverage.current() is running
    assert type(sys.gettrace()) is tracer


def test_every_listed_case_is_collected_and_selected_by_the_marker() -> None:
    # tests/untraced_cases.py names cases by node id: a renamed or removed test (or module)
    # would silently run traced again, or never. Every listed id must still be collected, and
    # carry the marker from collection on (`-m untraced`, applied before any later hook,
    # selects them as it selects decorated tests).
    import subprocess
    from pathlib import Path

    from tests.untraced_cases import UNTRACED_CASES

    root = Path(__file__).resolve().parents[1]
    modules = sorted({case.partition("::")[0] for case in UNTRACED_CASES})
    present = [module for module in modules if (root / module).is_file()]
    command = ["-m", "pytest", "--co", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    out = subprocess.run(
        [sys.executable, *command, "-m", "untraced", *present],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    selected = {line for line in out.stdout.splitlines() if line.startswith("tests/")}
    stale = sorted(UNTRACED_CASES - selected)
    assert not stale, (
        f"{len(stale)} id(s) of tests/untraced_cases.py collected no test (renamed or removed? "
        f"re-run tests/tools/pick_untraced.py): {stale}"
    )
