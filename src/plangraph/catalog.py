"""Lists of plans, organisations, themes, goals, challenges and measures, filtered and paged.

Each kind has one query (``queries/list_KIND.rq``) that returns one row per item, label and
related node; rows are grouped per item here, filtered, sorted by label and paged. Related nodes
(theme, plan, organisation, ...) are labelled only for the items on the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from plangraph import resources
from plangraph.errors import InputError
from plangraph.labels import local_name, pick_label
from plangraph.nodes import label_of
from plangraph.output import node, scalar
from plangraph.store import PlanStore
from plangraph.vocab import PG

__all__ = ["KINDS", "Kind", "list_items"]


@dataclass(frozen=True)
class Kind:
    """One kind of listed item: its query, the node columns it returns and its filters."""

    query: str
    node_columns: tuple[str, ...]
    filters: frozenset[str]
    value_columns: tuple[str, ...] = ()
    typed: bool = False
    coverable: bool = False


KINDS: dict[str, Kind] = {
    "plans": Kind(
        "list_plans",
        ("organisation",),
        frozenset({"organisation"}),
        value_columns=("issued", "graph"),
        typed=True,
    ),
    "organisations": Kind("list_organisations", ("parent",), frozenset(), typed=True),
    "themes": Kind(
        "list_themes", ("scheme", "organisation", "plan"), frozenset({"organisation", "plan"})
    ),
    "goals": Kind(
        "list_goals",
        ("plan", "organisation"),
        frozenset({"organisation", "plan"}),
        coverable=True,
    ),
    "challenges": Kind(
        "list_challenges",
        ("theme", "plan", "organisation", "parent"),
        frozenset({"theme", "organisation", "plan"}),
        coverable=True,
    ),
    "measures": Kind(
        "list_measures",
        ("theme", "plan", "organisation", "status"),
        frozenset({"theme", "organisation", "plan", "status"}),
        coverable=True,
    ),
}

_GENERIC_TYPES = {str(PG.Plan), str(PG.Organisation)}


def _most_specific(types: set[str]) -> str:
    specific = sorted(t for t in types if t not in _GENERIC_TYPES)
    chosen = specific[0] if specific else (sorted(types)[0] if types else "")
    return local_name(URIRef(chosen)) if chosen else ""


def list_items(
    store: PlanStore,
    kind_name: str,
    *,
    filters: Mapping[str, URIRef | None],
    uncovered: bool = False,
    lang: str | None = "nb",
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """One page of items of ``kind_name`` matching ``filters``, and how many match in all.

    ``filters`` maps a filter name (theme, organisation, plan, status) to an IRI or ``None``.
    ``uncovered`` keeps challenges no measure addresses, goals nothing contributes to, and
    measures that address no challenge.
    """
    kind = KINDS[kind_name]
    for name, value in filters.items():
        if value is not None and name not in kind.filters:
            allowed = ", ".join(sorted(kind.filters)) or "none"
            raise InputError(f"{kind_name} cannot be filtered by {name}; filters: {allowed}")
    if uncovered and not kind.coverable:
        raise InputError(f"uncovered applies to goals, challenges and measures, not {kind_name}")
    grouped: dict[str, dict[str, Any]] = {}
    for row in store.select(resources.query_text(kind.query)):
        iri = str(row["item"])
        entry = grouped.get(iri)
        if entry is None:
            entry = grouped[iri] = {
                "labels": [],
                "types": set(),
                "covered": False,
                **{c: set() for c in kind.node_columns},
                **{c: None for c in kind.value_columns},
            }
        label = row.get("label")
        if isinstance(label, Literal) and label not in entry["labels"]:
            entry["labels"].append(label)
        if kind.typed and row.get("type") is not None:
            entry["types"].add(str(row["type"]))
        for column in kind.node_columns:
            if row.get(column) is not None:
                entry[column].add(str(row[column]))
        for column in kind.value_columns:
            if row.get(column) is not None:
                entry[column] = scalar(row[column])
        if kind.coverable and scalar(row.get("covered")) in (True, "true"):
            entry["covered"] = True
    wanted = {name: str(value) for name, value in filters.items() if value is not None}
    matches = [
        (iri, entry)
        for iri, entry in grouped.items()
        if all(value in entry[name] for name, value in wanted.items())
        and not (uncovered and entry["covered"])
    ]
    labelled = [
        (pick_label(entry["labels"], lang, default="") or label_of(store, URIRef(iri), lang), iri)
        for iri, entry in matches
    ]
    entries = dict(matches)
    labelled.sort(key=lambda pair: (pair[0].casefold(), pair[1]))
    page = labelled[offset : offset + limit]
    cache: dict[str, str] = {}

    def related(iri: str) -> dict[str, Any]:
        if iri not in cache:
            cache[iri] = label_of(store, URIRef(iri), lang)
        return node(iri, cache[iri])

    items = []
    for label, iri in page:
        entry = entries[iri]
        item: dict[str, Any] = node(iri, label)
        if kind.typed:
            item["type"] = _most_specific(entry["types"])
        for column in kind.node_columns:
            values = sorted(entry[column])
            item[column] = related(values[0]) if values else None
        for column in kind.value_columns:
            item[column] = entry[column]
        if kind.coverable:
            item["covered"] = entry["covered"]
        items.append(item)
    return items, len(labelled)
