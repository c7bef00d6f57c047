"""Planners' commands: gaps, overlaps, coverage, trace, impact, query, sparql."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from plangraph.cli._common import (
    Format,
    FormatOption,
    Lang,
    LangOption,
    command,
    echo_rows,
    settings,
)
from plangraph.cli.versions import AsOfOption, store_as_of  # --as-of: plan versions (issue 12)
from plangraph.errors import InputError, QueryInputError

if TYPE_CHECKING:
    from rdflib import Graph

    from plangraph.store import PlanStore, SelectResult

# The core loads inside the commands: plangraph.analysis (no networkx until centrality or
# communities), plangraph.sparql (rdflib's SPARQL parser) only for query and sparql.

__all__: list[str] = []

OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org",
        help="Only this organisation (and its sub-organisations): an IRI, a prefixed name like "
        "id:org/helse-vest, or a label.",
    ),
]
PlanOption = Annotated[
    str | None, typer.Option("--plan", help="Only this plan: an IRI, a prefixed name or a label.")
]
ThemeOption = Annotated[
    str | None,
    typer.Option("--theme", help="Only this theme area: an IRI, a prefixed name or a label."),
]


def _filters(
    store: PlanStore, lang: Lang, org: str | None, plan: str | None, theme: str | None
) -> dict[str, Any]:
    """The filters as IRIs (each found like ``plangraph show`` finds a node, of its kind only)."""
    if not (org or plan or theme):
        return {"org": None, "plan": None, "theme": None, "lang": lang.value}
    from plangraph.nodes import find_node  # rdflib's terms: only when a filter is given

    return {
        "org": str(find_node(store, org, lang.value, kind="organisation")) if org else None,
        "plan": str(find_node(store, plan, lang.value, kind="plan")) if plan else None,
        "theme": str(find_node(store, theme, lang.value, kind="theme")) if theme else None,
        "lang": lang.value,
    }


def _json(payload: Any) -> None:
    from plangraph.output import dumps

    typer.echo(dumps(payload))


class GapKind(StrEnum):
    """Which gaps ``plangraph gaps`` lists."""

    challenges = "challenges"
    weak = "weak"
    cross_region = "cross-region"
    goals = "goals"
    orphans = "orphans"


@command("gaps")
def gaps(
    show: Annotated[
        GapKind,
        typer.Option(
            "--show",
            help="challenges: no measure addresses them; weak: only one measure, or only "
            "measures under planning or candidates; cross-region: only another organisation's "
            "measures address them; goals: goals with no measure under them; orphans: measures "
            "with no goal and no challenge.",
        ),
    ] = GapKind.challenges,
    org: OrgOption = None,
    plan: PlanOption = None,
    theme: ThemeOption = None,
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
    # Plan versions (issue 12).
    changes: Annotated[
        bool,
        typer.Option(
            "--changes",
            help="Challenges newly uncovered / newly covered between two versions of --plan.",
        ),
    ] = False,
    from_label: Annotated[
        str | None, typer.Option("--from", help="With --changes: the older version.")
    ] = None,
    to_label: Annotated[
        str | None, typer.Option("--to", help="With --changes: the newer version.")
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """Coverage gaps: challenges that no measure addresses (and other kinds with --show).

    The filters narrow the challenges (goals, measures) listed; a challenge counts as covered
    when any measure in the graph addresses it.
    """
    if as_of is not None and changes:
        raise InputError("--as-of does not go with --changes (that compares two versions)")
    if changes:  # plan versions (issue 12)
        from plangraph.cli.versions import gaps_changes

        return gaps_changes(from_label, to_label, plan, fmt)
    if from_label or to_label:
        raise InputError("--from and --to go with --changes")
    from plangraph import analysis

    store = store_as_of(as_of)
    kw = _filters(store, lang, org, plan, theme)
    if show is GapKind.challenges:
        rows = analysis.uncovered_challenges(store, **kw)
        columns = ["challenge", "parent", "theme", "organisation", "plan"]
    elif show is GapKind.weak:
        rows = analysis.weakly_covered_challenges(store, **kw)
        columns = ["challenge", "reason", "measures", "theme", "organisation"]
    elif show is GapKind.cross_region:
        rows = analysis.cross_region_gaps(store, **kw)
        columns = ["challenge", "organisation", "theme", "covered_by"]
    elif show is GapKind.goals:
        if kw.pop("theme"):
            raise InputError("--theme does not apply to goals (goals have no theme area)")
        rows = analysis.goals_without_measures(store, **kw)
        columns = ["goal", "plan", "organisation"]
    else:
        rows = analysis.orphan_measures(store, **kw)
        columns = ["measure", "theme", "plan", "organisation"]
    echo_rows(rows, fmt, columns, lang=lang)
    # What was counted: the total, and whose measures can cover a challenge (on stdout under a
    # table; on stderr for JSON and CSV, so their data stays as it was).
    footer = [
        f"Totalt: {len(rows)}.",
        analysis.considered_text(analysis.measures_considered(store, lang.value)),
    ]
    typer.echo("\n".join(footer), err=fmt is not Format.table)


@command("overlaps")
def overlaps(
    min_shared: Annotated[
        int, typer.Option("--min-shared", min=1, help="Only pairs sharing at least this many.")
    ] = 1,
    same_goal: Annotated[
        bool,
        typer.Option(
            "--same-goal",
            help="List pairs of measures in the same theme that serve the same goal instead.",
        ),
    ] = False,
    org: OrgOption = None,
    plan: PlanOption = None,
    theme: ThemeOption = None,
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
    as_of: AsOfOption = None,
) -> None:
    """Pairs of measures that address the same challenges: shared challenges, count, Jaccard.

    The filters keep pairs where at least one of the two measures is inside them.
    """
    from plangraph import analysis

    store = store_as_of(as_of)
    kw = _filters(store, lang, org, plan, theme)
    if same_goal:
        echo_rows(
            analysis.measures_sharing_goal_in_theme(store, **kw),
            fmt,
            ["measure_a", "measure_b", "theme", "goal"],
            lang=lang,
        )
        return
    rows = analysis.overlapping_measures(store, min_shared=min_shared, **kw)
    echo_rows(rows, fmt, ["measure_a", "measure_b", "shared_count", "jaccard", "shared"], lang=lang)


@command("coverage")
def coverage(
    per_theme: Annotated[
        bool,
        typer.Option(
            "--per-theme",
            help="One row per theme (and the organisation that named its challenges) instead "
            "of the theme x organisation matrix.",
        ),
    ] = False,
    org: OrgOption = None,
    plan: PlanOption = None,
    theme: ThemeOption = None,
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
    as_of: AsOfOption = None,
) -> None:
    """Coverage of challenges per theme: as a matrix of themes x the organisations whose
    measures address them (cells: covered / challenges), with the total in the last column,
    "dekket av noen" ("dekt av nokon" with --lang nn, "covered by anyone" with --lang en).

    JSON gives the matrix as {themes, organisations, cells}; CSV one row per cell.
    """
    from plangraph import analysis

    store = store_as_of(as_of)
    kw = _filters(store, lang, org, plan, theme)
    if per_theme:
        rows = analysis.coverage_by_theme(store, **kw)
        echo_rows(rows, fmt, ["theme", "organisation", "challenges", "covered", "share"], lang=lang)
        return
    matrix = analysis.coverage_matrix(store, **kw)
    if fmt is Format.json:
        _json(matrix)
        return
    themes = {t["iri"]: t for t in matrix["themes"]}
    orgs = {o["iri"]: o for o in matrix["organisations"]}
    if fmt is Format.csv:
        echo_rows(
            [
                {
                    "theme": themes[c["theme"]],
                    "organisation": orgs.get(c["organisation"], {"iri": "", "label": "any"}),
                    "challenges": c["challenges"],
                    "covered": c["covered"],
                    "share": round(c["share"], 4),
                }
                for c in matrix["cells"]
            ],
            fmt,
            lang=lang,
        )
        return
    table: list[dict[str, Any]] = []
    for t in matrix["themes"]:
        row: dict[str, Any] = {"theme": t}
        for c in matrix["cells"]:
            if c["theme"] != t["iri"]:
                continue
            name = (
                "covered by anyone"
                if c["organisation"] == analysis.ANY_ORGANISATION
                else orgs[c["organisation"]]["label"]
            )
            row[name] = f"{c['covered']}/{c['challenges']} ({c['share']:.0%})"
        table.append(row)
    columns = ["theme", *(o["label"] for o in matrix["organisations"]), "covered by anyone"]
    echo_rows(table, fmt, columns, lang=lang)


@command("trace")
def trace(
    node: Annotated[
        str, typer.Argument(help="A goal, challenge or measure: IRI, prefixed name or label.")
    ],
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
    as_of: AsOfOption = None,
) -> None:
    """Trace a node: goal -> challenges -> measures, measure -> challenges -> goals, or both
    directions from a challenge."""
    from plangraph import analysis
    from plangraph.nodes import find_node

    store = store_as_of(as_of)
    result = analysis.trace(store, str(find_node(store, node, lang.value)), lang=lang.value)
    if fmt is Format.json:
        _json(result)
        return
    rows: list[dict[str, Any]] = []
    if result["kind"] == "goal":
        rows += [
            {"via challenge": c["challenge"], "measures": c["measures"]}
            for c in result["challenges"]
        ]
        rows += [{"via challenge": "(directly)", "measures": [m]} for m in result["measures"]]
        columns = ["via challenge", "measures"]
    elif result["kind"] == "measure":
        rows += [
            {"via challenge": c["challenge"], "goals": c["goals"]} for c in result["challenges"]
        ]
        rows += [{"via challenge": "(directly)", "goals": [g]} for g in result["goals"]]
        columns = ["via challenge", "goals"]
    else:
        rows += [{"direction": "up", "node": g, "goals": []} for g in result["goals"]]
        rows += [
            {"direction": "down", "node": m["measure"], "goals": m["goals"]}
            for m in result["measures"]
        ]
        columns = ["direction", "node", "goals"]
    if fmt is Format.table:
        typer.echo(f"{result['kind']}: {result['node']['label']}\n<{result['node']['iri']}>\n")
    echo_rows(rows, fmt, columns, lang=lang)


@command("impact")
def impact(
    measure: Annotated[str, typer.Argument(help="A measure: IRI, prefixed name or label.")],
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
    as_of: AsOfOption = None,
) -> None:
    """What dropping a measure does: which challenges would lose their only measure."""
    from plangraph import analysis
    from plangraph.nodes import find_node

    store = store_as_of(as_of)
    rows = analysis.impact(store, str(find_node(store, measure, lang.value)), lang=lang.value)
    echo_rows(rows, fmt, ["challenge", "loses_only_measure", "other_measures"], lang=lang)


def _term_rows(store: PlanStore, result: SelectResult, lang: Lang) -> list[dict[str, Any]]:
    from rdflib import Literal, URIRef

    from plangraph import analysis
    from plangraph.output import scalar

    labels = analysis.Labels(store, lang.value)
    return [
        {
            name: labels.node(str(value))
            if isinstance(value, URIRef)
            else scalar(value)
            if isinstance(value, Literal)
            else (None if value is None else str(value))
            for name, value in row.items()
        }
        for row in result.rows
    ]


def _echo_result(
    store: PlanStore, result: SelectResult | bool | Graph, fmt: Format, lang: Lang
) -> None:
    from rdflib import Graph

    if isinstance(result, bool):
        _json({"boolean": result}) if fmt is Format.json else typer.echo(str(result).lower())
        return
    if isinstance(result, Graph):
        sys.stdout.write(result.serialize(format="json-ld" if fmt is Format.json else "turtle"))
        return
    echo_rows(_term_rows(store, result, lang), fmt, result.variables, lang=lang)
    if result.truncated:
        typer.echo(f"(only the first {len(result.rows)} rows; use --limit)", err=True)


LimitOption = Annotated[
    int | None,
    typer.Option("--limit", min=1, help="At most this many rows (default: PLANGRAPH_MAX_ROWS)."),
]


@command("query")
def query(
    name: Annotated[str | None, typer.Argument(help="A packaged query (see --list).")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="NAME=VALUE for a parameter the query declares (an IRI or prefixed name for "
            "IRI parameters). Repeat for several.",
        ),
    ] = None,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the packaged queries and their purpose.")
    ] = False,
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
    as_of: AsOfOption = None,
) -> None:
    """Run a packaged query by name, with parameters bound (never pasted into the text)."""
    from plangraph.sparql import bind_parameters, named_queries, named_query

    if list_queries:
        echo_rows(
            [
                {
                    "name": q.name,
                    "parameters": ", ".join(
                        f"?{p.name} ({p.kind}{', optional' if p.optional else ''})"
                        for p in q.parameters
                    ),
                    "purpose": q.purpose,
                }
                for q in named_queries()
            ],
            fmt,
            ["name", "parameters", "purpose"],
            lang=lang,
        )
        return
    if not name:
        raise QueryInputError("give a query name, or --list to see them")
    found = named_query(name)
    params: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryInputError(f"--param takes NAME=VALUE, got {item!r}")
        params[key.strip()] = value
    bindings = bind_parameters(found, params)
    store = store_as_of(as_of)
    result = store.select(found.text, bindings, limit=limit or settings().max_rows)
    _echo_result(store, result, fmt, lang)


@command("sparql")
def sparql(
    file: Annotated[str, typer.Argument(help="A file holding a SPARQL query, or - for stdin.")],
    limit: LimitOption = None,
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
    as_of: AsOfOption = None,
) -> None:
    """Run a read-only SPARQL query of your own (SELECT, ASK, CONSTRUCT, DESCRIBE).

    Updates, SERVICE and FROM of graphs the store does not hold are refused (exit 2).
    CONSTRUCT and DESCRIBE print Turtle (JSON-LD with --format json).
    """
    from plangraph.sparql import run_query

    if file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {file}: {exc}") from None
    store = store_as_of(as_of)
    result = run_query(store, text, limit=limit or settings().max_rows)
    _echo_result(store, result, fmt, lang)
