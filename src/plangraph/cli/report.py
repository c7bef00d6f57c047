"""``plangraph report``: the planners' report as a self-contained HTML page and an Excel workbook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plangraph.cli._common import Lang, LangOption, _store_settings, command
from plangraph.cli.versions import AsOfOption, store_as_of  # --as-of: plan versions (issue 12)

if TYPE_CHECKING:
    from plangraph.store import PlanStore

__all__: list[str] = []


def _resolve(store: PlanStore, text: str | None, lang: str, kind: str) -> str | None:
    if text is None:
        return None
    from plangraph.nodes import find_node

    return str(find_node(store, text, lang, kind=kind))


@command("report")
def report(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder to write dekningsrapport.html and .xlsx into."),
    ],
    org: Annotated[
        str | None,
        typer.Option("--org", help="Only this organisation (and its trusts): an IRI or a label."),
    ] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Only this plan: an IRI or a label.")
    ] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="Only this theme area: an IRI or a label.")
    ] = None,
    lang: LangOption = Lang.nb,
    max_rows: Annotated[
        int,
        typer.Option(
            "--max-rows", min=1, help="Rows per list on the HTML page (the workbook has all)."
        ),
    ] = 1000,
    as_of: AsOfOption = None,
) -> None:
    """Write the coverage report: coverage matrix, coverage per theme (chart), gaps, weakly
    covered challenges, overlapping measures, goals without measures, measures without links.

    In Norwegian Bokmål by default; --lang nn or en changes every word and the labels.
    With --as-of DATE, the plans as they stood on that date (and no changes section).
    """
    from plangraph.progress import progress
    from plangraph.reports import STEPS, write_report
    from plangraph.store.cache import cache_root

    store = store_as_of(as_of)
    scope = {
        "org": _resolve(store, org, lang.value, "organisation"),
        "plan": _resolve(store, plan, lang.value, "plan"),
        "theme": _resolve(store, theme, lang.value, "theme"),
    }
    # plan versions (issue 12): the changes section compares the latest versions, so a report
    # of the plans as they stood on an earlier date leaves it out
    # (the settings as the store was opened with: no pydantic-settings for plain variables)
    choice = _store_settings()
    data_dir = (choice.data_dir or None) if as_of is None else None
    # the analyses of the command line's cached store are kept beside it (reports.cache)
    kept = cache_root(choice.cache_dir) if as_of is None and choice.cache_dir != "off" else None
    with progress("Writing the report", total=STEPS) as bar:
        paths = write_report(
            store,
            out,
            **scope,
            lang=lang.value,
            max_rows=max_rows,
            data_dir=data_dir,
            cache_root=kept,
            advance=bar.advance,
        )
    for path in paths:
        typer.echo(f"wrote {path}", err=True)
    # The files are written and closed. What the analyses leave in memory (the store's index,
    # their caches of keys and labels: millions of objects at 1M) goes with the process; the
    # interpreter's exit would first run one last full collection over it (~0.5 s at 1M).
    # Frozen objects are skipped by it. Only at the exit: a program that runs the command
    # in-process (the tests) collects as before until it ends.
    import atexit
    import gc

    atexit.register(gc.freeze)
