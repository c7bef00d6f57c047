"""``plangraph versions`` and ``plangraph diff``: a plan's versions and what changed between them."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plangraph.cli._common import (
    Format,
    FormatOption,
    Lang,
    LangOption,
    _store_settings,
    check_data_dir,
    command,
    echo_rows,
    get_store,
    settings,
)
from plangraph.errors import InputError

if TYPE_CHECKING:
    from plangraph.store import PlanStore

__all__: list[str] = []

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The plans as they stood on this date (YYYY-MM-DD, YYYY-MM or YYYY): each plan "
        "with recorded versions as the version then in force.",
    ),
]
"""``--as-of DATE``: every analysis command takes it (plan versions, issue 12)."""


def store_as_of(as_of: str | None) -> PlanStore:
    """The store the analyses read: the current plans, or with ``--as-of`` the plans as they
    stood on that date (``ingest.versions.as_of_store``). A malformed date, or one before the
    first recorded version, is a clear error (exit 2)."""
    store = get_store()
    if as_of is None:
        return store
    from plangraph.ingest.versions import as_of_store

    return as_of_store(store, settings().data_dir, as_of)


RDF_SUFFIXES = {"ttl": "text/turtle", "trig": "application/trig", "jsonld": "application/ld+json"}
"""Plan files ``plangraph import`` stores as a version as they are (no document import)."""


def _data_dir() -> str:
    data_dir = _store_settings().data_dir  # no pydantic-settings when the variables are plain
    if not data_dir:
        raise InputError(
            "plan versions live in a data folder: give --data-dir DIR (a folder of plan files) "
            "or set PLANGRAPH_DATA_DIR"
        )
    check_data_dir(data_dir)  # the same refusal as every command's (missing, not a folder)
    return data_dir


def loaded_by() -> str:
    """Who loads a version from the command line: ``cli:<user>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@command("versions")
def versions(
    plan: Annotated[str, typer.Argument(help="The plan's name (its file stem).")],
    fmt: FormatOption = Format.table,
    correct: Annotated[
        str | None,
        typer.Option(
            "--correct",
            help="Correct a match: the IRI of an item of the current version (with --to).",
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="With --correct: the previous version's item it continues, or 'none'.",
        ),
    ] = None,
) -> None:
    """List a plan's versions in date order: label, date, which is current, source file and
    checksum, who loaded it and when. With --correct ITEM --to PREDECESSOR (or --to none), a
    person corrects how an item of the current version was matched to the version before."""
    from plangraph.ingest.plans import check_plan_name
    from plangraph.ingest.versions import list_versions

    check_plan_name(plan)
    if correct is not None or to is not None:
        if not (correct and to):
            raise InputError("--correct ITEM and --to PREDECESSOR (or --to none) go together")
        from plangraph.cli._common import get_store
        from plangraph.ingest.versions import correct_match

        done = correct_match(
            get_store(),
            _data_dir(),
            plan,
            correct,
            None if to == "none" else to,
            corrected_by=loaded_by(),
        )
        typer.echo(f"corrected: in version {done['version']}, {done['item']} is now {done['now']}")
        return
    found = list_versions(_data_dir(), plan)
    if not found:
        raise InputError(
            f"plan {plan!r} has no recorded versions (load one with `plangraph import FILE "
            f"--plan {plan}`)"
        )
    rows = [v.as_json() for v in found]
    columns = ["label", "date", "current", "source_file", "loaded_by", "loaded_at", "checksum"]
    echo_rows(rows, fmt, columns)


@command("diff")
def diff(
    plan: Annotated[str, typer.Argument(help="The plan's name (its file stem).")],
    from_label: Annotated[
        str | None,
        typer.Option("--from", help="The older version's label (default: the one before --to)."),
    ] = None,
    to_label: Annotated[
        str | None, typer.Option("--to", help="The newer version's label (default: the latest).")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json, csv or md (for a saksframlegg).")
    ] = "table",
    lang: LangOption = Lang.nb,
) -> None:
    """What changed between two versions of a plan: items added, removed and changed
    (reworded, with a word-level diff; a new label; moved to another theme; status changed),
    links added and removed."""
    from plangraph.ingest.diff import DIFF_FORMATS, plan_diff, render_diff
    from plangraph.ingest.names import check_plan_name
    from plangraph.progress import collector_paused

    if fmt not in DIFF_FORMATS:
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(DIFF_FORMATS)}")
    check_plan_name(plan)
    folder = _data_dir()
    # Reading two versions builds ~10^5 dicts and strings that form no cycles: the cyclic
    # collector would walk them again and again for nothing (~5 % of the command).
    with collector_paused():
        result = plan_diff(folder, plan, from_label, to_label, store=get_store())
        text = render_diff(result, fmt, lang.value)
    sys.stdout.write(text)


def import_rdf_version(
    file: Path, data: bytes, plan: str | None, date: str | None, label: str | None
) -> None:
    """``plangraph import`` of a plan as Turtle, TriG or JSON-LD: store it as a version."""
    from plangraph.ingest.versions import load_version

    media = RDF_SUFFIXES[file.suffix.lower().lstrip(".")]
    name = plan or file.stem
    result = load_version(
        get_store(),
        _data_dir(),
        name,
        data,
        media,
        date=date,
        label=label,
        loaded_by=loaded_by(),
        source_file=file.name,
    )
    typer.echo(result.message)
    for m in result.matches:
        if m["method"] == "similar text":
            typer.echo(
                f"  matched {m['written_as']} -> {m['item']} (similarity {m['score']:.2f})",
                err=True,
            )


def gaps_changes(
    from_label: str | None, to_label: str | None, plan: str | None, fmt: Format
) -> None:
    """``plangraph gaps --changes``: challenges newly uncovered / newly covered by a change."""
    from plangraph.ingest.diff import coverage_change

    if not plan:
        raise InputError("--changes needs --plan PLAN: the plan whose versions to compare")
    name = plan.rsplit("/", 1)[-1]
    result = coverage_change(get_store(), _data_dir(), name, from_label, to_label)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    rows = [
        {"change": "newly uncovered", "challenge": r["label"], "iri": r["iri"]}
        for r in result["newly_uncovered"]
    ] + [
        {"change": "newly covered", "challenge": r["label"], "iri": r["iri"]}
        for r in result["newly_covered"]
    ]
    if fmt is Format.table:
        f, t = result["from"], result["to"]
        typer.echo(
            f"{name}: {f['label']} -> {t['label']}: uncovered challenges "
            f"{result['uncovered_before']} -> {result['uncovered_after']}",
            err=True,
        )
    echo_rows(rows, fmt, ["change", "challenge", "iri"])
