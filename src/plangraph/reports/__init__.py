"""Planners' reports: a self-contained HTML page and an Excel workbook, in Norwegian Bokmål by
default (Nynorsk or English with ``lang``: the words and the labels).

Both are written from the analysis functions (``plangraph.analysis``): the coverage matrix,
coverage per theme (with a chart), the coverage gaps, weakly covered challenges, overlapping
measures, goals without measures and measures without links, each goal, challenge and measure
with its verbatim source text, source document and section.

>>> from plangraph.store import open_store
>>> import tempfile
>>> paths = write_report(open_store(), tempfile.mkdtemp())
>>> sorted(p.name for p in paths)
['dekningsrapport.html', 'dekningsrapport.xlsx']
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import signal
import struct
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plangraph.analysis._common import freeing_held
from plangraph.errors import InputError
from plangraph.progress import collector_paused
from plangraph.reports._xlsx_stream import SheetHead, assemble, write_taken
from plangraph.reports.data import (
    ANALYSES,
    Provenance,
    ReportData,
    collect_report,
    generated_now,
)
from plangraph.reports.html import _template, render_html
from plangraph.reports.layout import SECTIONS as LAYOUT
from plangraph.reports.layout import section_title
from plangraph.reports.xlsx import SHEETS, rewrite_xlsx, sheet_heads, sheet_title, write_xlsx
from plangraph.store import PlanStore, atomic_write

if TYPE_CHECKING:
    from plangraph.reports.cache import ReportCache

__all__ = [
    "HTML_NAME",
    "LAYOUT",
    "SECTIONS",
    "SHEETS",
    "STEPS",
    "XLSX_NAME",
    "Provenance",
    "ReportData",
    "collect_report",
    "render_html",
    "section_title",
    "sheet_title",
    "write_report",
    "write_xlsx",
]

SECTIONS: tuple[tuple[str, str], ...] = tuple((s.id, section_title(s.id, "nb")) for s in LAYOUT)
"""The page's sections in a Bokmål report: (id, heading). ``layout.SECTIONS`` has the rest."""

STEPS = ANALYSES + 3
"""The steps ``write_report`` reports done: the analyses, the changes, the page, the workbook."""

HTML_NAME = "dekningsrapport.html"
XLSX_NAME = "dekningsrapport.xlsx"


def write_report(
    store: PlanStore,
    out_dir: str | os.PathLike[str],
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
    max_rows: int = 1000,
    data_dir: str | None = None,
    cache_root: Path | None = None,
    advance: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write ``dekningsrapport.html`` and ``dekningsrapport.xlsx`` into ``out_dir``.

    The filters (IRIs) narrow the report as they narrow the analyses. Both files are written
    whole or not at all (a failure leaves files already there unchanged). With ``cache_root``
    (the command line's cache folder), the analyses of the cached store are kept there while
    the plan files stay as they are (``reports.cache``). ``advance(n)`` is told each of the
    ``STEPS`` steps done (for a progress bar).

    A big workbook made afresh is written by a forked process of its own on the machine's
    other core while this one keeps the analyses and writes the page (``_Workbook``).
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out must be a folder, but {out} is a file")
    step: Callable[[int], None] = advance or (lambda _n: None)
    scope = {"org": org, "plan": plan, "theme": theme, "lang": lang}
    cache = None
    if cache_root is not None:
        from plangraph.reports.cache import report_cache

        cache = report_cache(store, cache_root)
    # what the analyses read and let go of is freed after the page and the workbook are
    # written (``freeing_held``): a command line's process ends meanwhile (the thread that
    # frees it is a daemon), having freed little of it
    with freeing_held():
        return _write(store, out, cache, scope, step, max_rows, data_dir)


def _write(
    store: PlanStore,
    out: Path,
    cache: ReportCache | None,
    scope: dict[str, Any],
    step: Callable[[int], None],
    max_rows: int,
    data_dir: str | None,
) -> list[Path]:
    """``write_report`` once its arguments are checked."""
    # The page's template is made meanwhile (Jinja2 loaded and the template compiled): while the
    # analyses wait for the store's answers (the engine works without Python's lock), not after.
    page = threading.Thread(target=_page_template, name="plangraph-page-template", daemon=True)
    page.start()
    data, kept = _analyses(store, cache, scope, step)
    page.join()  # (before the workbook's process is forked: no import half done in it)
    made = not out.exists()
    html_path, xlsx_path = out / HTML_NAME, out / XLSX_NAME
    tmp_name = ""
    done = False
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{XLSX_NAME}.", suffix=".tmp", dir=out)
        os.close(fd)
        with collector_paused():  # (in both processes: a collector pass copies every page)
            book = _Workbook(data, tmp_name, cache if kept else None, scope, fresh=cache)
            try:
                if cache is not None and not kept and not book.keeping:
                    cache.save(scope, data)
                if data_dir:  # plan versions (issue 12): "Endringer siden forrige versjon"
                    from plangraph.reports.data import collect_changes

                    data.changes = collect_changes(store, data_dir)
                step(1)
                html = render_html(data, max_rows=max_rows).encode("utf-8")
                step(1)
                book.finish()
            finally:
                book.cancel()
        os.replace(tmp_name, xlsx_path)
        step(1)
        atomic_write(html_path, html)
        for path in (html_path, xlsx_path):
            path.chmod(0o644)  # a report is for handing on (temporary files are made 0600)
        done = True
    except OSError as exc:
        raise InputError(f"cannot write the report to {out}: {exc.strerror}") from None
    finally:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
        if made and not done:
            with contextlib.suppress(OSError):
                out.rmdir()  # (only if empty: the folder this call made)
    return [html_path, xlsx_path]


def _page_template() -> None:
    """Make the page's template (``html._template``, kept for the process); a failure is left to
    ``render_html``, which makes it again and raises."""
    with contextlib.suppress(Exception):
        _template()


def _analyses(
    store: PlanStore,
    cache: ReportCache | None,
    scope: dict[str, Any],
    step: Callable[[int], None],
) -> tuple[ReportData, bool]:
    """``collect_report``, or its rows as kept for the store's files as they are now (and
    whether they were). Rows made afresh are kept by the caller."""
    if cache is not None:
        kept = cache.load(scope, generated_now())
        if kept is not None:
            step(ANALYSES)
            return kept, True
    return collect_report(store, **scope, advance=step), False


FORK_ROWS = 5_000
"""Rows (of every table section together) from which a workbook made afresh is written in a
forked process: below that, forking costs more than it saves."""


class _Workbook:
    """The workbook of ``data`` written to ``path`` (``_workbook``) while the caller makes the
    page: on both cores when it is made afresh, big (``FORK_ROWS``) and the platform forks;
    else in this process, in ``finish``.

    On both cores, a forked child process first keeps the rows made afresh (in ``fresh``:
    ``ReportCache.save_into``; while this process makes the page, which is about as long),
    then writes sheets, the biggest first,
    each into a zip file of its own (``write_taken``); this process joins in ``finish``, once
    the page is made, taking the sheets still left (each sheet is taken once: one byte from a
    pipe both read), then puts the workbook together from both files (``assemble``) and keeps
    it in ``fresh``. The child inherits the rows as they are in memory (nothing copied until
    written: its collector stays off) and exits with ``os._exit`` (no cleanup of the parent's
    runs in it; it touches neither the store nor the terminal). An ``OSError`` there (a full
    disk, a folder gone) is raised again here as the same ``OSError``; any other failure, or
    a child that died, has the whole workbook written here again, so that it fails (or not)
    as it would have in this process (and the rows kept here if the child did not keep
    them). ``cancel`` ends a child still running (the caller failed meanwhile) and removes
    its files."""

    def __init__(
        self,
        data: ReportData,
        path: str,
        kept: ReportCache | None,
        scope: dict[str, Any],
        *,
        fresh: ReportCache | None,
    ) -> None:
        self.args = (data, path, kept, scope)
        self.fresh = fresh
        self.keeping = ""
        """The file the child keeps the rows in (``ReportCache.temporary``), if it does."""
        self.pid: int | None = None
        self.said = -1
        self.left = -1
        self.part = ""
        self.heads: list[SheetHead] = []
        rows = sum(len(getattr(data, s.rows)) for s in LAYOUT if s.rows)
        # (a sheet is taken as one byte: a workbook of more than 256 sheets in one process)
        if kept is None and rows >= FORK_ROWS and hasattr(os, "fork") and len(LAYOUT) <= 256:
            self._fork()

    def _fork(self) -> None:
        heads = self.heads = sheet_heads(self.args[0])
        biggest = sorted(range(len(heads)), key=lambda i: -heads[i].size * len(heads[i].columns))
        left, put = os.pipe()
        try:
            os.write(put, bytes(biggest))  # (a few bytes: the pipe holds them all)
        finally:
            os.close(put)
        self.left = left
        fd, self.part = tempfile.mkstemp(
            prefix=os.path.basename(self.args[1]) + ".", dir=os.path.dirname(self.args[1])
        )
        os.close(fd)
        if self.fresh is not None:  # (rows made afresh: this forks only when none are kept)
            with contextlib.suppress(OSError):  # (else kept by the caller, in a thread)
                self.keeping = self.fresh.temporary(self.args[3])
        said, say = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12+ warns of forking a process with threads (the store's own): the
            # child runs only this module's writers and the standard library, and exits
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child
            status = 1
            try:
                os.close(said)
                gc.disable()
                if self.fresh is not None and self.keeping:
                    data, _path, _kept, scope = self.args
                    with contextlib.suppress(Exception):  # (not kept: only slower next time)
                        self.fresh.save_into(scope, data, self.keeping)
                write_taken(heads, _taken(left), self.part)
                status = 0
            except OSError as exc:
                os.write(say, json.dumps([exc.errno, exc.strerror]).encode()[:4000])
            except BaseException:  # noqa: S110 - written again by the parent, which raises it
                pass
            finally:
                os._exit(status)
        os.close(say)
        self.pid, self.said = pid, said

    def finish(self) -> None:
        """Write this process's share of the workbook, wait for the child's, put them
        together (or write the workbook now); raise what writing it raised."""
        if self.pid is None:
            _workbook(*self.args, fresh=self.fresh)
            return
        _data, path, _kept, scope = self.args
        mine = io.BytesIO()
        write_taken(self.heads, _taken(self.left), mine)
        with os.fdopen(self.said, "rb") as pipe:
            self.said = -1
            told = pipe.read()
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) != 0:
            if told:
                number, message = json.loads(told)
                raise OSError(number, message)
            if self.fresh is not None and not self.fresh.path(scope).exists():
                self.fresh.save(scope, _data)  # (the child died before it kept the rows)
            _workbook(*self.args, fresh=self.fresh)
            return
        self.keeping = ""  # (renamed into place or removed by the child)
        assemble(self.heads, [self.part, mine], path)
        if self.fresh is not None:
            self.fresh.save_book(scope, Path(path).read_bytes())

    def cancel(self) -> None:
        """End the child if it still runs (nothing if ``finish`` returned); remove its file."""
        if self.said >= 0:
            os.close(self.said)
            self.said = -1
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None
        if self.left >= 0:
            os.close(self.left)
            self.left = -1
        for name in (self.part, self.keeping):
            if name:
                with contextlib.suppress(OSError):
                    os.unlink(name)  # (the rows' file only if the child did not rename it)
        self.part = self.keeping = ""


def _taken(left: int) -> Iterator[int]:
    """The sheets still left to write, one at a time, from the pipe ``left`` (each byte is
    taken by one reader only)."""
    while taken := os.read(left, 1):
        yield taken[0]


def _workbook(
    data: ReportData,
    path: str,
    kept: ReportCache | None,
    scope: dict[str, Any],
    *,
    fresh: ReportCache | None,
) -> None:
    """Write the workbook to ``path``: from the one kept with the rows (``kept``: only its
    summary sheet and time written again) when there is one, else made afresh and then kept
    (in ``fresh``)."""
    book = kept.load_book(scope) if kept is not None else None
    if book is not None:
        try:
            rewrite_xlsx(data, book, path)
            return
        except (ValueError, KeyError, zipfile.BadZipFile, struct.error):
            pass  # not a workbook as this code writes it: made afresh
    write_xlsx(data, path)
    if fresh is not None:
        fresh.save_book(scope, Path(path).read_bytes())
