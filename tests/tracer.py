"""Pausing coverage's tracer for tests marked ``untraced``, on pytest-xdist's workers too.

tests/conftest.py's ``_untraced`` stops ``coverage.Coverage.current()``. On an xdist worker
(``make test``), pytest-cov 7 starts two ``Coverage`` instances (one in its plugin's
``__init__``, where the worker's options say "distributed", one at session start), and coverage
keeps their collectors on a stack: stopping the newer resumes the older's tracer, so the test
ran traced all the same (``sys.gettrace()`` inside it was a ``CTracer``). ``_untraced_everywhere``
below stops every running instance, newest first, and starts them again oldest first, which
leaves the stack as it was. A module uses it by importing it (pytest then runs it for each of
its tests, after conftest's own).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

__all__ = ["every_tracer_paused", "untraced_everywhere"]


@contextmanager
def every_tracer_paused() -> Iterator[None]:
    """Every running coverage instance stopped inside the block (none: nothing to do)."""
    import coverage

    stopped: list[coverage.Coverage] = []
    while (running := coverage.Coverage.current()) is not None:
        running.stop()
        stopped.append(running)
    try:
        yield
    finally:
        for instance in reversed(stopped):
            instance.start()


@pytest.fixture(autouse=True)
def untraced_everywhere(request: pytest.FixtureRequest, _untraced: None) -> Iterator[None]:
    """Tests marked ``untraced`` run with no coverage tracer at all (after conftest's
    ``_untraced``, which pauses only the newest instance)."""
    if request.node.get_closest_marker("untraced") is None:
        yield
        return
    with every_tracer_paused():
        yield
