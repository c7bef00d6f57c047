"""``plangraph viz``: the graph view as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from plangraph.cli._common import Lang, LangOption, command
from plangraph.cli.versions import AsOfOption, store_as_of  # --as-of: plan versions (issue 12)
from plangraph.errors import StoreError

# plangraph.viz (pyvis, jinja2, rdflib) loads inside the command; its constants the options
# show are spelt out here (tests/test_cli_imports.py compares them with plangraph.viz's).
KINDS = ("organisation", "plan", "goal", "theme", "challenge", "measure")
DEFAULT_MAX_NODES = 3000

__all__: list[str] = []


@command("viz")
def viz(
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")],
    theme: Annotated[str | None, typer.Option(help="Only this theme area (IRI).")] = None,
    org: Annotated[str | None, typer.Option(help="Only this organisation (IRI).")] = None,
    plan: Annotated[str | None, typer.Option(help="Only this plan (IRI).")] = None,
    types: Annotated[
        list[str] | None,
        typer.Option(help=f"Node types to draw (repeat or comma-separate): {', '.join(KINDS)}."),
    ] = None,
    gaps: Annotated[bool, typer.Option("--gaps", help="Only uncovered challenges.")] = False,
    focus: Annotated[str | None, typer.Option(help="Only what lies near this node (IRI).")] = None,
    depth: Annotated[int, typer.Option(help="Links from the focus node (0-6).")] = 2,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Only nodes whose label contains this.")
    ] = None,
    layout: Annotated[str, typer.Option(help="layered or force.")] = "layered",
    overlaps: Annotated[
        bool, typer.Option("--overlaps", help="Show overlap links between measures.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many nodes.")] = DEFAULT_MAX_NODES,
    lang: LangOption = Lang.nb,
    as_of: AsOfOption = None,
) -> None:
    """Write the graph view (with these filters) as ONE HTML file that opens from disk.

    Scripts and styles are inlined; the file fetches nothing from anywhere.
    """
    from plangraph.store import atomic_write
    from plangraph.viz import ViewFilters, build_view, kinds_of, render_export

    filters = ViewFilters(
        theme=theme,
        org=org,
        plan=plan,
        types=kinds_of(types) if types else KINDS,
        gaps_only=gaps,
        focus=focus,
        depth=depth,
        search=search,
        layout=layout,
        overlaps=overlaps,
        lang=lang.value,
        limit=limit,
    )
    store = store_as_of(as_of)
    view = build_view(store, filters)
    html = render_export(view, store)
    try:
        atomic_write(out, html.encode("utf-8"))
    except OSError as exc:
        raise StoreError(f"could not write {out}: {exc.strerror}") from None
    note = f" (of {view.total_nodes}: narrow the filters)" if view.truncated else ""
    overlap = view.overlap_count()
    extra = f" and {overlap} overlap links (hidden until shown)" if overlap else ""
    typer.echo(
        f"wrote {out}: {len(view.nodes)} nodes{note}, {view.link_count()} links{extra}", err=True
    )
