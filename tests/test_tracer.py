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
