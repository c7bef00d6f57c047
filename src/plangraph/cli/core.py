"""Commands about the graph itself: info, validate, export, show."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from plangraph.cli._common import (
    Format,
    FormatOption,
    Lang,
    LangOption,
    _store_settings,
    command,
    echo_rows,
    get_store,
    store_description,
)
from plangraph.errors import InputError

if TYPE_CHECKING:
    from rdflib import URIRef

    from plangraph.store import PlanStore

# The core modules load inside the commands (rdflib, pyshacl): see cli/_common.py.
RDF_FORMAT_NAMES = ("ttl", "trig", "nt", "nq", "jsonld")
"""``plangraph.store.FORMATS``'s keys, spelt out so ``--help`` needs no store (a test compares)."""

__all__: list[str] = []


@command("info")
def info(fmt: FormatOption = Format.table, lang: LangOption = Lang.nb) -> None:
    """What the store holds: counts per plan and per class.

    CSV output gives the per-plan table only.
    """
    from plangraph.nodes import class_counts, plan_counts

    store = get_store()
    plans = plan_counts(store, lang.value)
    classes = class_counts(store, "en")
    where = store_description()
    index = store.index
    bad = [b.as_dict() for b in index.bad] if index is not None else []
    if fmt is Format.json:
        payload = {
            "store": _store_settings().store,
            "store_used": where,
            "bad_plans": bad,
            "backend": store.backend,
            "quads": len(store),
            "graphs": [str(g) for g in store.graph_names()],
            "plans": plans,
            "classes": classes,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    columns = ["plan", "type", "publisher", "issued", "goals", "themes", "challenges", "measures"]
    if fmt is Format.csv:
        echo_rows(plans, fmt, [*columns, "graph"], lang=lang)
        return
    typer.echo(
        f"Store: {where} ({store.backend}), {len(store)} quads "
        f"in {len(store.graph_names())} named graphs\n"
    )
    for item in bad:
        typer.echo(f"BAD PLAN FILE LEFT OUT: {item['file']}: {item['problem']}\n")
    typer.echo("Plans")
    echo_rows(plans, fmt, columns, lang=lang)
    typer.echo("\nNodes per class")
    echo_rows(classes, fmt, ["class", "count"], lang=lang)


@command("validate")
def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Plan files to validate instead of the store (Turtle, JSON-LD, ...)."),
    ] = None,
    with_store: Annotated[
        bool,
        typer.Option(
            "--with-store/--alone",
            help="Validate the files together with what the store holds (default: alone).",
        ),
    ] = False,
    warnings: Annotated[
        bool, typer.Option("--warnings/--no-warnings", help="Show warnings (coverage gaps).")
    ] = True,
    fmt: FormatOption = Format.table,
) -> None:
    """Check the data against the SHACL shapes. Exit code 1 if there is a violation.

    Violations are structural problems (a measure without a label, a challenge without a theme);
    warnings are coverage gaps (a challenge no measure addresses, a goal with nothing under it).
    """
    from plangraph.store import empty_store
    from plangraph.validate import validate_graph, validate_store

    if files:
        store = get_store() if with_store else empty_store()
        for path in files:
            store.load_file(path)
        report = validate_graph(store.to_graph(ontology=False), scratch=True)
        target = ", ".join(str(p) for p in files)
    else:
        report = validate_store(get_store())
        target = "the store"
    findings = [f for f in report.findings if warnings or f.severity == "Violation"]
    rows = [
        {
            "severity": f.severity,
            "node": {"iri": f.node, "label": f.label},
            "message": f.message,
            "path": f.path,
        }
        for f in findings
    ]
    if fmt is Format.json:
        typer.echo(
            json.dumps(
                {
                    "target": target,
                    "conforms": report.conforms,
                    "violations": len(report.violations),
                    "warnings": len(report.warnings),
                    "findings": [f.as_dict() for f in findings],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        if rows:
            echo_rows(rows, fmt, ["severity", "node", "message", "path"])
        if fmt is Format.table and rows:
            typer.echo("")
        typer.echo(f"{target}: {report.summary()}", err=fmt is not Format.table)
    if not report.conforms:
        raise typer.Exit(1)


@command("export")
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=f"RDF format: {', '.join(RDF_FORMAT_NAMES)}; or xlsx with --plan.",
        ),
    ] = "trig",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph",
            help="Export only this named graph: its IRI, a short name (graph file stem, "
            "id:plan/...) or the plan it holds.",
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="With --format xlsx: the plan (slug or IRI) to export."),
    ] = None,
) -> None:
    """Write the graph as RDF. TriG and N-Quads keep the named graphs; the others get the union.
    ``--format xlsx --plan P`` writes plan P as the spreadsheet template instead."""
    from plangraph.store import atomic_write, rdf_format

    store = get_store()
    if fmt == "xlsx":
        from plangraph.ingest.importer import export_plan

        if not plan:
            raise InputError("--format xlsx needs --plan (the plan to write as the template)")
        if out is None:
            raise InputError("--format xlsx needs --out FILE.xlsx")
        book = export_plan(store, plan)
        try:
            atomic_write(out, book)
        except OSError as exc:
            raise InputError(f"cannot write {out}: {exc.strerror}") from None
        typer.echo(f"wrote plan {plan} as the template to {out}", err=True)
        return
    rdf = rdf_format(fmt)
    graph_iri = _graph_named(store, graph) if graph else None
    data = store.serialize(rdf, graph_iri)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            atomic_write(out, data)
        except OSError as exc:
            raise InputError(f"cannot write {out}: {exc.strerror}") from None
        typer.echo(f"wrote {len(data)} bytes to {out}", err=True)


def _graph_named(store: PlanStore, text: str) -> URIRef:
    """The named graph ``text`` names: its IRI (full, ``<...>``, ``prefix:name``), its file stem
    (``hmn-strategi-2030``), or a plan node (``id:plan/...``) whose graph it is.

    Anything else is an ``InputError`` that lists the graphs the store holds.
    """
    from rdflib import URIRef

    from plangraph.store import ONTOLOGY_GRAPH
    from plangraph.terms import check_iri, parse_iri
    from plangraph.vocab import GRAPH, PG, PREFIXES

    held = store.graph_names()
    text = text.strip()
    candidates: list[str] = []
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, rest = text.partition(":")
    if sep and prefix in PREFIXES:
        candidates.append(PREFIXES[prefix] + rest)
    elif sep:
        candidates.append(str(parse_iri(text)))
    elif text:
        candidates.append(str(GRAPH) + text)
    kinds = " ".join(f"<{PG[k]}>" for k in ("Plan", "Strategy", "StatusNote", "ActionPlan"))
    for candidate in candidates:
        try:
            iri = URIRef(check_iri(candidate))
        except InputError:
            continue
        if iri in held:
            return iri
        # A plan node: the graph that declares it a plan.
        for row in store.select(
            f"SELECT DISTINCT ?g WHERE {{ VALUES ?type {{ {kinds} }} GRAPH ?g {{ <{iri}> a ?type }} }}"
        ).rows:
            found = row["g"]
            if isinstance(found, URIRef) and found in held:
                return found
    listing = ", ".join(
        f"{str(g).removeprefix(str(GRAPH))} <{g}>" for g in sorted(held) if g != ONTOLOGY_GRAPH
    )
    raise InputError(
        f"the store holds no graph {text!r}; give one of its graphs by file stem or IRI: "
        f"{listing or '(none: the store is empty)'}"
    )


@command("show")
def show(
    node: Annotated[str, typer.Argument(help="An IRI, a prefixed name (id:...) or a label.")],
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
) -> None:
    """A node's values and its links both ways."""
    from plangraph.nodes import describe_node, find_node

    store = get_store()
    iri = find_node(store, node, lang.value)
    described = describe_node(store, iri, lang.value)
    if fmt is Format.json:
        typer.echo(json.dumps(described, ensure_ascii=False, indent=2))
        return
    rows: list[dict[str, Any]] = []
    rows += [{"direction": "type", "property": "rdf:type", "value": t} for t in described["types"]]
    rows += [
        {"direction": "value", "property": v["property"], "value": v["value"], "lang": v["lang"]}
        for v in described["values"]
    ]
    rows += [
        {"direction": "out", "property": link["property"], "value": link["node"]}
        for link in described["outgoing"]
    ]
    rows += [
        {"direction": "in", "property": link["property"], "value": link["node"]}
        for link in described["incoming"]
    ]
    if fmt is Format.table:
        head = described["node"]
        typer.echo(f"{head['label']}\n<{head['iri']}>\n")
        echo_rows(rows, fmt, ["direction", "property", "value", "lang"], lang=lang)
    else:
        echo_rows(rows, fmt, ["direction", "property", "value", "lang"], lang=lang)
