"""``plangraph template`` and ``plangraph import``: bring your own plan (documents, a
spreadsheet of its own, or the spreadsheet template), preview it, correct it, store it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from plangraph.cli._common import command, get_store, settings
from plangraph.errors import InputError

__all__: list[str] = []


def _write(out: Path, data: bytes) -> None:
    from plangraph.store import atomic_write

    try:
        atomic_write(out, data)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror}") from None


@command("template")
def template(
    out: Annotated[Path, typer.Option("--out", "-o", help="The workbook to write (.xlsx).")] = Path(
        "plan.xlsx"
    ),
) -> None:
    """Write the spreadsheet template a planner fills in: a sheet for the plan, one per kind
    (goals, themes, challenges, measures), one for links, with drop-down lists and an example
    row (ids starting with 'eksempel' are skipped on import)."""
    from plangraph.ingest.spreadsheet import write_xlsx

    _write(out, write_xlsx(None))
    typer.echo(f"wrote the template to {out}", err=True)


@command("import")
def import_file(
    file: Annotated[
        Path,
        typer.Argument(
            help="The plan: .docx, .pdf (with text), .html, .md, .txt, the template "
            "(.xlsx, .csv), a spreadsheet of the plan's own (.xlsx, or .csv with ';', ',' or "
            "tab: read as a document whose table holds the items), or RDF (.ttl, .trig, "
            ".jsonld) stored as a version."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be stored; store nothing.")
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Preview format: table, json or csv.")
    ] = "table",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the preview to the spreadsheet template (draft.xlsx) to correct it; "
            "store nothing.",
        ),
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="The organisation (org/<slug> or its name).")
    ] = None,
    plan_type: Annotated[
        str | None,
        typer.Option("--plan-type", help="Plan, Strategy, ActionPlan or StatusNote."),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="nb or nn.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The plan's title.")] = None,
    file_format: Annotated[
        str | None,
        typer.Option("--file-format", help="Read the file as this format (default: extension)."),
    ] = None,
    # Plan versions (issue 12): which plan an RDF file is a version of, its date and label.
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="RDF files: the plan's name (default: the file stem)."),
    ] = None,
    version_date: Annotated[
        str | None,
        typer.Option("--date", help="The version's date (default: the plan's own date, or today)."),
    ] = None,
    version_label: Annotated[
        str | None, typer.Option("--label", help="The version's label (default: its date).")
    ] = None,
) -> None:
    """Import a plan document or the filled-in template as its own plan graph.

    Finds headings and lists, classifies each item as goal, theme, challenge or measure with a
    confidence and the reason, keeps the verbatim text and where it stood, and stores the plan
    as DATA_DIR/<slug>.ttl after SHACL validation (nothing is stored if it fails). Importing the
    same file again changes nothing; a changed file becomes a new version of the plan
    (`plangraph versions PLAN` lists them, `plangraph diff PLAN` compares them). A plan in
    Turtle, TriG or JSON-LD is stored as it is, as a new version.
    """
    from plangraph.ingest.importer import read_upload, render_preview, store_draft

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"{file}: cannot read the file: {exc.strerror}") from None
    from plangraph.cli.versions import RDF_SUFFIXES, import_rdf_version  # issue 12

    if file.suffix.lower().lstrip(".") in RDF_SUFFIXES and file_format is None:
        if dry_run or out is not None:
            raise InputError("--dry-run and --out apply to documents, not to RDF plan files")
        import_rdf_version(file, data, plan, version_date, version_label)
        return
    if fmt not in ("table", "json", "csv"):
        raise InputError(f"unknown preview format {fmt!r}; known: table, json, csv")
    draft = read_upload(
        file.name,
        data,
        fmt=file_format,
        title=title,
        organisation=org,
        plan_type=plan_type,
        language=lang,
    )
    if out is not None:
        from plangraph.ingest.spreadsheet import write_xlsx

        _write(out, write_xlsx(draft))
        typer.echo(
            f"wrote the draft ({len(draft.items)} items) to {out}; correct it, then "
            f"`plangraph import {out}`",
            err=True,
        )
        return
    if dry_run:
        sys.stdout.write(render_preview(draft, fmt) + "\n")
        return
    s = settings()
    if not s.data_dir:
        raise InputError(
            "no data folder to write to: give --data-dir DIR (a folder of plan files) or set "
            "PLANGRAPH_DATA_DIR"
        )
    from plangraph.cli.versions import loaded_by

    outcome = store_draft(get_store(), s.data_dir, draft, loaded_by=loaded_by())
    counts = ", ".join(f"{n} {k}" for k, n in outcome.items.items())
    if outcome.status == "unchanged":
        typer.echo(f"unchanged: {outcome.graph} already holds this plan ({counts})")
        return
    typer.echo(
        f"{outcome.status}: {outcome.graph} in {Path(s.data_dir) / outcome.file} "
        f"({outcome.triples} triples; {counts}; {len(outcome.warnings)} coverage warnings)"
    )
    if outcome.version:
        typer.echo(outcome.version, err=True)
    for note in draft.notes:  # what the importer noticed (a CSV read as Windows-1252, ...)
        typer.echo(f"note: {note}", err=True)
