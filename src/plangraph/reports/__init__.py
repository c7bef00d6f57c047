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

import os
import struct
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plangraph.errors import InputError
from plangraph.progress import collector_paused
from plangraph.reports.data import (
    ANALYSES,
    Provenance,
    ReportData,
    collect_report,
    generated_now,
)
from plangraph.reports.html import render_html
from plangraph.reports.layout import SECTIONS as LAYOUT
from plangraph.reports.layout import section_title
from plangraph.reports.xlsx import SHEETS, rewrite_xlsx, sheet_title, write_xlsx
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
    data, kept = _analyses(store, cache, scope, step)
    if data_dir:  # plan versions (issue 12): "Endringer siden forrige versjon"
        from plangraph.reports.data import collect_changes

        data.changes = collect_changes(store, data_dir)
    step(1)
    with collector_paused():
        html = render_html(data, max_rows=max_rows).encode("utf-8")
    step(1)
    try:
        out.mkdir(parents=True, exist_ok=True)
        html_path, xlsx_path = out / HTML_NAME, out / XLSX_NAME
        fd, tmp_name = tempfile.mkstemp(prefix=f".{XLSX_NAME}.", suffix=".tmp", dir=out)
        os.close(fd)
        try:
            with collector_paused():
                _workbook(data, tmp_name, cache if kept else None, scope, fresh=cache)
            os.replace(tmp_name, xlsx_path)
            step(1)
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
        atomic_write(html_path, html)
        for path in (html_path, xlsx_path):
            path.chmod(0o644)  # a report is for handing on (temporary files are made 0600)
    except OSError as exc:
        raise InputError(f"cannot write the report to {out}: {exc.strerror}") from None
    return [html_path, xlsx_path]


def _analyses(
    store: PlanStore,
    cache: ReportCache | None,
    scope: dict[str, Any],
    step: Callable[[int], None],
) -> tuple[ReportData, bool]:
    """``collect_report``, or its rows as kept for the store's files as they are now (and
    whether they were)."""
    if cache is not None:
        kept = cache.load(scope, generated_now())
        if kept is not None:
            step(ANALYSES)
            return kept, True
    data = collect_report(store, **scope, advance=step)
    if cache is not None:
        cache.save(scope, data)
    return data, False


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
