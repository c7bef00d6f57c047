"""Tests marked ``untraced`` run with no coverage tracer, on pytest-xdist's workers too."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from tests.conftest import tracer_off
from tests.helpers import tracer_paused


@pytest.mark.untraced
def test_an_untraced_test_runs_without_a_tracer() -> None:
    # Under ``make test`` (--cov, two xdist workers) pytest-cov runs two coverage instances in
    # each worker; pausing only the newest left the other's tracer on.
    assert sys.gettrace() is None


def _tracing_here() -> bool:
    """Whether coverage's tracer measures the caller's thread (its trace function a coverage
    tracer, or the calling frame's lines traced)."""
    tracer = sys.gettrace()
    caller = sys._getframe(1)
    return type(tracer).__module__.startswith("coverage") or caller.f_trace is not None


def test_a_thread_started_in_the_pause_stays_traced() -> None:
    # A pool's thread started during an untraced test (anyio's workers of the in-process app,
    # kept for the next jobs) runs the next tests' work: started untraced, it measured none of
    # it. The pause takes the tracer out of its own thread only.
    resume, seen = threading.Event(), []

    def pooled() -> None:
        seen.append(_tracing_here())
        resume.wait()
        seen.append(_tracing_here())

    traced = _tracing_here()
    with tracer_off():
        assert sys.gettrace() is None
        thread = threading.Thread(target=pooled)
        thread.start()
        while not seen:
            time.sleep(0.001)
    resume.set()
    thread.join()
    assert seen == [traced, traced]  # traced whenever the test is (under --cov)


def test_the_untraced_pause_keeps_coverage_started_for_per_test_contexts() -> None:
    # pytest-cov's --cov-context=test (tests/tools/pick_untraced.py measure) switches coverage's
    # context at each phase of a test, also while an untraced test's pause lasts: a stopped
    # coverage refuses that ("Cannot switch context, coverage is not started") and stays
    # stopped. The pause only takes the tracer out of the thread.
    import coverage

    running, tracer = coverage.Coverage.current(), sys.gettrace()
    with tracer_off():
        assert sys.gettrace() is None
        assert coverage.Coverage.current() is running
        if running is not None:  # under --cov, as `make test` runs
            previous = running.switch_context("tests/test_tracer.py::probe")
            running.switch_context(previous or "")
    assert sys.gettrace() is tracer  # the same tracer back, its frames measured to the end


def test_the_pause_leaves_the_tracer_as_it_found_it() -> None:
    import coverage

    running, tracer = coverage.Coverage.current(), type(sys.gettrace())
    with tracer_paused():
        assert sys.gettrace() is None and coverage.Coverage.current() is None
    # The same instance measures again, with a tracer of its own (a new one) when it had one.
    assert coverage.Coverage.current() is running
    assert type(sys.gettrace()) is tracer


def test_every_listed_case_is_collected_and_selected_by_the_marker(
    request: pytest.FixtureRequest,
) -> None:
    # tests/untraced_cases.py names cases by node id: a renamed or removed test (or module)
    # would silently run traced again, or never. Every listed id must still be collected, and
    # carry the marker from collection on (`-m untraced`, applied before any later hook,
    # selects them as it selects decorated tests).
    import subprocess
    from pathlib import Path

    from tests.untraced_cases import UNTRACED_CASES

    # A run that collected the listed modules (the whole suite: every pytest-xdist worker of
    # `make test` collects all of it) shows it in its own items: the conftest marks a listed
    # case in ``pytest_itemcollected``, as it is collected, before any ``-m`` selection.
    # Only the ids this run did not collect with the marker (a run of some modules, ``-k`` or
    # ``-m``, ``--trace-listed``, or a stale id) are collected again with ``-m untraced`` in a
    # fresh pytest process, as before.
    marked = {item.nodeid for item in request.session.items if item.get_closest_marker("untraced")}
    missing = UNTRACED_CASES - marked
    if not missing:
        return
    root = Path(__file__).resolve().parents[1]
    modules = sorted({case.partition("::")[0] for case in missing})
    present = [module for module in modules if (root / module).is_file()]
    selected: set[str] = set()
    if present:
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
    stale = sorted(missing - selected)
    assert not stale, (
        f"{len(stale)} id(s) of tests/untraced_cases.py collected no test (renamed or removed? "
        f"re-run tests/tools/pick_untraced.py): {stale}"
    )
