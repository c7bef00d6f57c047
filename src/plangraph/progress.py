"""Progress on long work: a bar (or a spinner when the size is unknown) on stderr.

Shown only when the work takes more than ``DELAY`` seconds, only when stderr is a terminal,
and never when quiet (``plangraph --quiet``, or ``PLANGRAPH_QUIET=1``). Rich loads only when a
bar is actually drawn, so importing this module costs nothing.

>>> with progress("Importing plans", total=3) as bar:
...     for _ in range(3):
...         bar.advance()
>>> bar.done
3

Commands wrap their slow calls: ``with progress("Loading plan files"): store = open_store(...)``;
work that knows its size reports it with ``total=`` and ``advance()``.

Long work that builds many containers none of which is in a reference cycle (a report's rows,
the versions a diff compares, kept rows read back) runs with ``collector_paused()``.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["DELAY", "Progress", "collector_paused", "progress", "set_quiet", "shown"]

DELAY = 1.0
"""Seconds of work before anything is drawn: quick work stays silent."""

_quiet = False


def set_quiet(quiet: bool) -> None:
    """Turn progress off (``True``) or back on for this process (the CLI's ``--quiet``)."""
    global _quiet
    _quiet = quiet


def shown() -> bool:
    """Whether progress would be drawn: stderr is a terminal and nobody asked for quiet."""
    if _quiet or os.environ.get("PLANGRAPH_QUIET", "").strip().lower() in ("1", "true", "yes"):
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """One piece of work: how much is done (``advance``) of how much (``total``, may be None)."""

    def __init__(self, description: str, total: int | None) -> None:
        self.description = description
        self.total = total
        self.done = 0
        self._lock = threading.Lock()
        self._bar: Any = None
        self._task: Any = None
        self._closed = False

    def advance(self, amount: int = 1) -> None:
        """Record ``amount`` more units done."""
        with self._lock:
            self.done += amount
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done, total=self.total)

    def set_total(self, total: int | None) -> None:
        """The size of the work, once known."""
        with self._lock:
            self.total = total
            if self._bar is not None:
                self._bar.update(self._task, total=total)

    def _show(self) -> None:
        """Start drawing (called once the work has taken ``DELAY`` seconds)."""
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import (
            Progress as RichProgress,
        )

        with self._lock:
            if self._closed:
                return
            columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
            if self.total is not None:
                columns += [BarColumn(), MofNCompleteColumn()]
            columns.append(TimeElapsedColumn())
            bar = RichProgress(*columns, console=Console(stderr=True), transient=True)
            self._task = bar.add_task(self.description, total=self.total, completed=self.done)
            bar.start()
            self._bar = bar

    def _close(self) -> None:
        with self._lock:
            self._closed = True
            bar, self._bar = self._bar, None
        if bar is not None:
            bar.stop()


@contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Progress]:
    """Show progress of the work in the ``with`` block on stderr once it has taken ``DELAY``
    seconds (if ``shown()``); yields a ``Progress`` to ``advance``. Nothing is drawn otherwise,
    and nothing is left on the screen afterwards."""
    work = Progress(description, total)
    timer: threading.Timer | None = None
    if shown():
        timer = threading.Timer(DELAY, work._show)
        timer.daemon = True
        timer.start()
    try:
        yield work
    finally:
        if timer is not None:
            timer.cancel()
        work._close()


_pauses = threading.Lock()
_paused = [0, False]
"""Blocks inside ``collector_paused`` now, and whether the collector was on when the first began."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off within the block, back as it was after the last
    such block ends (blocks may nest and run in several threads at once).

    For work that builds a few million small containers (rows, nodes, dicts) living until it is
    done, none of them in a reference cycle: with the collector on, each of its full passes
    walks them all again (at 1M triples a quarter of a report's CPU). Objects in cycles made
    meanwhile are collected once it is back on.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    with _pauses:
        if _paused[0] == 0:
            _paused[1] = gc.isenabled()
            gc.disable()
        _paused[0] += 1
    try:
        yield
    finally:
        with _pauses:
            _paused[0] -= 1
            if _paused[0] == 0 and _paused[1]:
                # What the block made (millions of objects at 1M triples) is all in the youngest
                # generation: the first collection once the collector is on would walk it all
                # (~0.4 s after a report at 1M). Moved to the oldest generation instead (freeze
                # and unfreeze: lists spliced, nothing walked), it stays collectable, with the
                # oldest generation's much rarer full collections.
                gc.freeze()
                gc.unfreeze()
                gc.enable()
