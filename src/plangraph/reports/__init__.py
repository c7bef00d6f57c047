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
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from plangraph.errors import InputError
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
from plangraph.reports.xlsx import SHEETS, sheet_title, write_xlsx
from plangraph.store import PlanStore, atomic_write

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
    data = _analyses(store, cache_root, step, org=org, plan=plan, theme=theme, lang=lang)
    if data_dir:  # plan versions (issue 12): "Endringer siden forrige versjon"
        from plangraph.reports.data import collect_changes

        data.changes = collect_changes(store, data_dir)
    step(1)
    with _collector_paused():
        html = render_html(data, max_rows=max_rows).encode("utf-8")
    step(1)
    try:
        out.mkdir(parents=True, exist_ok=True)
        html_path, xlsx_path = out / HTML_NAME, out / XLSX_NAME
        fd, tmp_name = tempfile.mkstemp(prefix=f".{XLSX_NAME}.", suffix=".tmp", dir=out)
        os.close(fd)
        try:
            with _collector_paused():
                write_xlsx(data, tmp_name)
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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while: the writers make few cycles but many
    containers, and at 1M triples each full collection walks the report's ~1M rows again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _analyses(
    store: PlanStore,
    cache_root: Path | None,
    step: Callable[[int], None],
    *,
    org: str | None,
    plan: str | None,
    theme: str | None,
    lang: str,
) -> ReportData:
    """``collect_report``, or its rows as kept for the store's files as they are now."""
    cache = None
    if cache_root is not None:
        from plangraph.reports.cache import report_cache

        cache = report_cache(store, cache_root)
    scope = {"org": org, "plan": plan, "theme": theme, "lang": lang}
    if cache is not None:
        kept = cache.load(scope, generated_now())
        if kept is not None:
            step(ANALYSES)
            return kept
    data = collect_report(store, org=org, plan=plan, theme=theme, lang=lang, advance=step)
    if cache is not None:
        cache.save(scope, data)
    return data
