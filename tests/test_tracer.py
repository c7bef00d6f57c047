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


def test_the_listed_cases_are_selected_by_the_marker() -> None:
    # tests/untraced_cases.py's cases carry the marker from collection on, so `-m untraced`
    # (applied before any later hook) selects them as it selects decorated tests.
    import subprocess

    from tests.untraced_cases import UNTRACED_CASES

    listed = sorted(c for c in UNTRACED_CASES if c.startswith("tests/test_store.py::"))
    assert listed
    command = ["-m", "pytest", "--co", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    out = subprocess.run(
        [sys.executable, *command, "-m", "untraced", "tests/test_store.py"],
        capture_output=True,
        text=True,
        check=True,
    )
    selected = {line for line in out.stdout.splitlines() if line.startswith("tests/")}
    assert set(listed) <= selected
