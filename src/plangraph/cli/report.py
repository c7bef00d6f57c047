"""``plangraph report``: the planners' report as a self-contained HTML page and an Excel workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from plangraph.cli._common import Lang, LangOption, command, get_store
from plangraph.nodes import find_node
from plangraph.reports import write_report
from plangraph.store import PlanStore

__all__: list[str] = []


def _resolve(store: PlanStore, text: str | None, lang: str, kind: str) -> str | None:
    if text is None:
        return None
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
) -> None:
    """Write the coverage report: coverage matrix, coverage per theme (chart), gaps, weakly
    covered challenges, overlapping measures, goals without measures, measures without links.

    Headings are in Norwegian Bokmål; labels in the chosen language.
    """
    store = get_store()
    paths = write_report(
        store,
        out,
        org=_resolve(store, org, lang.value, "organisation"),
        plan=_resolve(store, plan, lang.value, "plan"),
        theme=_resolve(store, theme, lang.value, "theme"),
        lang=lang.value,
        max_rows=max_rows,
    )
    for path in paths:
        typer.echo(f"wrote {path}", err=True)
