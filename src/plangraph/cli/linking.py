"""Linking commands: suggest, review, accept, reject, link add, link remove.

The work is done by ``plangraph.linking`` (the API calls the same functions); these commands
parse, call and print. Writes go to the data folder (``--data-dir`` or PLANGRAPH_DATA_DIR).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from plangraph.cli._common import (
    Format,
    FormatOption,
    Lang,
    LangOption,
    command,
    echo_rows,
    get_store,
    settings,
)

__all__: list[str] = []

LimitOption = Annotated[
    int, typer.Option("--limit", "-k", min=1, max=100, help="Candidates per subject (top K).")
]
PlanOption = Annotated[
    str | None,
    typer.Option(
        "--plan", help="Only pairs whose subject or object is in this plan (IRI or slug)."
    ),
]
OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org",
        help="Only pairs whose subject or object is of this organisation (IRI or slug).",
    ),
]
ReviewerOption = Annotated[
    str | None, typer.Option("--reviewer", help="Who decides (kept on the record).")
]


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _terms(row: dict[str, Any], n: int = 5) -> str:
    return ", ".join(list(dict.fromkeys(e["term"] for e in row["evidence"]))[:n])


# What a person reads (the table, `review`) is in --lang; JSON and CSV keep the raw values a
# program reads (English column names, status codes, compact predicates, plain terms).
_RELATIONS = {
    "pg:addresses": "review.relation.addresses",
    "pg:contributesTo": "review.relation.contributes",
    "skos:closeMatch": "review.relation.close_match",
}


def _said_terms(row: dict[str, Any], lang: str, n: int = 5) -> str:
    """The evidence as a reader sees it: shared words as they are, a thesaurus concept marked as
    one (``begrep: ...``) with its label in ``lang`` (neither text may contain that word)."""
    from plangraph.i18n import text

    concepts = {e["term"] for e in row["evidence"] if e.get("kind") == "concept"}
    said = []
    for e in row["evidence"]:
        if e.get("kind") == "concept":
            label = (e.get("labels") or {}).get(lang) or e["term"]
            said.append(text("review.concept", lang, label=label))
        elif e["term"] not in concepts:  # the word is the concept's own name: said once
            said.append(e["term"])
    return ", ".join(list(dict.fromkeys(said))[:n])


def _said(key: str, value: str, lang: str) -> str:
    """``value`` in ``lang`` from the catalogue entry ``key``, or unchanged if it has none."""
    from plangraph.i18n import catalogue

    return catalogue(lang).get(key, value)


def _flat(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "score": r["score"],
            "status": r["status"],
            "subject": {"iri": r["subject"]["iri"], "label": r["subject"]["label"]},
            "predicate": r["predicate"],
            "object": {"iri": r["object"]["iri"], "label": r["object"]["label"]},
            "evidence": _terms(r, 8),
        }
        for r in rows
    ]


def _json_rows(rows: list[dict[str, Any]], **extra: Any) -> None:
    out = [
        {
            "id": r["id"],
            "subject": {"iri": r["subject"]["iri"], "label": r["subject"]["label"]},
            "predicate": r["predicate"],
            "object": {"iri": r["object"]["iri"], "label": r["object"]["label"]},
            "score": r["score"],
            "evidence": r["evidence"],
            "status": r["status"],
            "method": r.get("method", ""),
            **({"penalties": r["penalties"]} if "penalties" in r else {}),
        }
        for r in rows
    ]
    payload: Any = out if not extra else {**extra, "rows": out}
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@command("suggest")
def suggest(
    limit: LimitOption = 5,
    plan: PlanOption = None,
    org: OrgOption = None,
    only_new: Annotated[
        bool,
        typer.Option("--only-new", help="Hide pairs already linked or decided (curated, ...)."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Rank and print only; store nothing.")
    ] = False,
    relation: Annotated[
        list[str] | None,
        typer.Option(
            "--relation",
            help="Only these kinds: addresses, measure-goal, challenge-goal, near-duplicate "
            "(repeatable; default all).",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
) -> None:
    """Suggest links: measure -> challenge (addresses), measure/challenge -> goal
    (contributesTo), near-duplicate measures across plans (closeMatch); best K per subject.

    With a writable data folder the new ones are stored as open suggestions in
    links-suggested.ttl (decisions and curated links are kept); review them with
    `plangraph review`.
    """
    from plangraph.linking.service import resolve_scope, run_suggest

    store = get_store()
    data_dir = None if dry_run else (settings().data_dir or None)
    result = run_suggest(
        store,
        data_dir=data_dir,
        k=limit,
        plan=resolve_scope(store, plan, "plan"),
        org=resolve_scope(store, org, "org"),
        only_new=only_new,
        relations=relation or None,
    )
    for w in result.warnings:
        for text in w["warnings"]:
            _err(f"warning: {w['kind']} {w['iri']} ({w['label'][:60]!r}): {text}")
    if fmt is Format.json:
        _json_rows(result.rows)
    elif fmt is Format.csv:
        echo_rows(_flat(result.rows), fmt)
    else:
        echo_rows(
            [
                {
                    "id": r["id"],
                    "score": f"{r['score']:.3f}",
                    "status": _said(f"link.status.{r['status']}", r["status"], lang.value),
                    "subject": r["subject"]["label"],
                    "predicate": _said(
                        _RELATIONS.get(r["predicate"], ""), r["predicate"], lang.value
                    ),
                    "object": r["object"]["label"],
                    "evidence": _said_terms(r, lang.value),
                }
                for r in result.rows
            ],
            fmt,
            lang=lang,
        )
    if result.saved is not None:
        s = result.saved
        _err(
            f"stored {s.stored} open suggestion(s) in {s.file} (replaced {s.replaced_open} "
            f"earlier open one(s); kept {s.kept_decided} decided record(s))"
        )
    elif not dry_run:
        _err("not stored: no writable data folder (give --data-dir or PLANGRAPH_DATA_DIR)")


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    from rich.markup import escape

    out, pos = [], 0
    for start, end in sorted(set(spans)):
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"[bold black on yellow]{escape(text[start:end])}[/]")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _side(row: dict[str, Any], side: str) -> str:
    node = row[side]
    spans: dict[str, list[tuple[int, int]]] = {"label": [], "text": []}
    for e in row["evidence"]:
        for s in e[side]:
            if s["field"] in spans:
                spans[s["field"]].append((s["start"], s["end"]))
    label = _highlight(node["label"], spans["label"])
    text = node["text"] if node["text"] != node["label"] else ""
    body = _highlight(text, spans["text"]) if text else ""
    return f"[bold]{label}[/]" + (f"\n\n{body}" if body else "")


@command("review")
def review(
    limit: Annotated[int, typer.Option("--limit", min=1, max=500, help="How many.")] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many.")] = 0,
    plan: PlanOption = None,
    org: OrgOption = None,
    status: Annotated[
        str,
        typer.Option("--status", help="suggested (default), accepted, rejected or curated."),
    ] = "suggested",
    fmt: FormatOption = Format.table,
    lang: LangOption = Lang.nb,
) -> None:
    """List open suggestions, best first, with both texts side by side and the matched terms
    highlighted. Decide with `plangraph accept ID` or `plangraph reject ID --reason ...`."""
    from plangraph.linking.service import list_suggestions, resolve_scope

    store = get_store()
    rows, total = list_suggestions(
        store,
        status=status,
        plan=resolve_scope(store, plan, "plan"),
        org=resolve_scope(store, org, "org"),
        limit=limit,
        offset=offset,
    )
    if fmt is Format.json:
        _json_rows(rows, total=total, offset=offset)
        return
    if fmt is Format.csv:
        echo_rows(_flat(rows), fmt)
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from plangraph.i18n import text

    say = lang.value
    console = Console(highlight=False, soft_wrap=False)
    shown = _said(f"link.status.{status}", status, say)
    console.print(
        escape(
            text(
                "cli.review.count",
                say,
                total=total,
                status=shown,
                shown=len(rows),
                start=offset + 1,
            )
        )
    )
    for r in rows:
        relation = _said(_RELATIONS.get(r["predicate"], ""), r["predicate"], say)
        table = Table(
            title=escape(f"{r['id']}  {text('review.score', say)} {r['score']}  {relation}"),
            title_justify="left",
            show_lines=False,
            expand=True,
        )
        for side in ("subject", "object"):
            kind = r[side]["kind"]
            table.add_column(escape(_said(f"review.kind.{kind}", kind, say)), ratio=1)
        table.add_row(_side(r, "subject"), _side(r, "object"))
        console.print(table)
        console.print(escape(f"  {text('review.evidence', say)} {_said_terms(r, say, 8) or '-'}"))
        for penalty in r.get("penalties", []):
            console.print(escape(f"  {_said(f'review.penalty.{penalty}', penalty, say)}"))
    if rows:
        console.print(escape(text("cli.review.decide", say)))


def _print_decision(result: dict[str, Any]) -> None:
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2))


def _data_dir() -> str:
    return settings().data_dir


@command("accept")
def accept(
    link: Annotated[str, typer.Argument(help="The suggestion's id (12 hex).")],
    reviewer: ReviewerOption = None,
) -> None:
    """Accept a suggestion: its record becomes accepted and the link is added."""
    from plangraph.linking.records import decide

    _print_decision(decide(get_store(), _data_dir(), link, accept=True, reviewer=reviewer))


@command("reject")
def reject(
    link: Annotated[str, typer.Argument(help="The suggestion's id (12 hex).")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept on the record).")] = "",
    reviewer: ReviewerOption = None,
) -> None:
    """Reject a suggestion, with the reason; it will not be suggested again."""
    from plangraph.linking.records import decide

    _print_decision(
        decide(get_store(), _data_dir(), link, accept=False, reason=reason, reviewer=reviewer)
    )


@command("add")
def link_add(
    subject: Annotated[str, typer.Argument(help="IRI, prefixed name or label of the subject.")],
    obj: Annotated[str, typer.Argument(metavar="OBJECT", help="IRI, prefixed name or label.")],
    predicate: Annotated[
        str,
        typer.Option("--predicate", help="addresses, contributesTo or closeMatch."),
    ] = "addresses",
    rationale: Annotated[str, typer.Option("--rationale", help="Why the link holds.")] = "",
    creator: Annotated[
        str, typer.Option("--creator", help="Who makes the link.")
    ] = "plangraph user",
) -> None:
    """Make a link yourself (recorded as accepted, manual curation)."""
    from plangraph.linking.records import add_link
    from plangraph.nodes import find_node

    store = get_store()
    result = add_link(
        store,
        _data_dir(),
        str(find_node(store, subject)),
        predicate,
        str(find_node(store, obj)),
        rationale=rationale,
        creator=creator,
    )
    _print_decision(result)


@command("remove")
def link_remove(
    link: Annotated[str, typer.Argument(help="The link record's id (12 hex).")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is withdrawn.")] = "",
    reviewer: ReviewerOption = None,
) -> None:
    """Withdraw an accepted link (recorded as rejected with the reason; not curated links)."""
    from plangraph.linking.records import remove_link

    _print_decision(remove_link(get_store(), _data_dir(), link, reason=reason, reviewer=reviewer))
