"""What the store holds: counts per class and per plan, finding a node, describing a node.

Each function takes a store and returns plain data (rows of dicts; nodes as
``{"iri": ..., "label": ...}``), for the CLI, the API and the pages alike.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from plangraph.errors import NotFoundError
from plangraph.labels import curie, local_name, pick_label
from plangraph.output import node, scalar
from plangraph.store import PlanStore
from plangraph.terms import check_iri
from plangraph.vocab import PG, PREFIXES, RDF

__all__ = [
    "class_counts",
    "curie",
    "describe_node",
    "find_node",
    "label_of",
    "plan_counts",
]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ITEM_CLASSES = (PG.StrategicGoal, PG.ThemeArea, PG.Challenge, PG.Measure)


def label_of(store: PlanStore, iri: Node, lang: str | None = None) -> str:
    """The best label of ``iri`` for ``lang``, or its last IRI segment."""
    if not isinstance(iri, URIRef):
        return str(iri)
    rows = store.named_query("node_labels", {"node": iri})
    return pick_label([r["label"] for r in rows], lang, default=local_name(iri))


def class_counts(store: PlanStore, lang: str | None = "en") -> list[dict[str, Any]]:
    """Nodes per plangraph class in the plan graphs.

    >>> from plangraph.store import open_store
    >>> rows = class_counts(open_store())
    >>> any(r["class"]["label"] == "Measure" and r["count"] > 0 for r in rows)
    True
    """
    return [
        {"class": node(r["class"], label_of(store, r["class"], lang)), "count": scalar(r["count"])}
        for r in store.named_query("counts_per_class")
    ]


def plan_counts(store: PlanStore, lang: str | None = None) -> list[dict[str, Any]]:
    """Per plan: its type, publisher, graph and how many goals, themes, challenges, measures."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for r in store.named_query("counts_per_plan"):
        counts[str(r["plan"])][str(r["class"])] = int(scalar(r["count"]))
    plans: dict[str, dict[str, Any]] = {}
    for r in store.named_query("plans"):
        iri = str(r["plan"])
        row = plans.get(iri)
        if row is None:
            publisher = r["publisher"]
            row = plans[iri] = {
                "plan": node(r["plan"], label_of(store, r["plan"], lang)),
                "type": local_name(r["type"]) if r["type"] else "",
                "publisher": node(publisher, label_of(store, publisher, lang))
                if publisher
                else None,
                "issued": scalar(r["issued"]),
                "graph": str(r["graph"]) if r["graph"] else "",
            }
            per_class = counts.get(iri, {})
            for cls in _ITEM_CLASSES:
                row[_count_column(cls)] = per_class.get(str(cls), 0)
        elif r["type"] and local_name(r["type"]) != "Plan":
            row["type"] = local_name(r["type"])  # the most specific type wins over pg:Plan
    return sorted(plans.values(), key=lambda r: (not r["graph"], r["plan"]["label"]))


def _count_column(cls: URIRef) -> str:
    return {
        PG.StrategicGoal: "goals",
        PG.ThemeArea: "themes",
        PG.Challenge: "challenges",
        PG.Measure: "measures",
    }[cls]


def find_node(store: PlanStore, text: str, lang: str | None = None) -> URIRef:
    """The node named by ``text``: an IRI (full, ``<...>`` or ``prefix:name``) or a label.

    A label matches case-insensitively, first exactly, then as a unique substring. No match, or
    several, raise ``NotFoundError`` naming the candidates.
    """
    text = text.strip()
    if not text:
        raise NotFoundError("give an IRI or a label")
    iri = _as_iri(text)
    if iri is not None:
        if store.ask("ASK { { ?node ?p ?o } UNION { ?s ?p ?node } }", {"node": iri}):
            return iri
        raise NotFoundError(f"no node {iri} in the store")
    wanted = text.casefold()
    exact: dict[URIRef, str] = {}
    partial: dict[URIRef, str] = {}
    for r in store.named_query("all_labels"):
        label = str(r["label"])
        folded = label.casefold()
        subject = r["node"]
        assert isinstance(subject, URIRef)
        if folded == wanted:
            exact[subject] = label
        elif wanted in folded:
            partial[subject] = label
    for found in (exact, partial):
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            shown = sorted(found.items())[:10]
            listing = "; ".join(f"{label} <{iri}>" for iri, label in shown)
            more = f" and {len(found) - 10} more" if len(found) > 10 else ""
            raise NotFoundError(
                f"{len(found)} nodes match {text!r}: {listing}{more}. Give the IRI or more of the label."
            )
    raise NotFoundError(f"no node has a label like {text!r}")


def _as_iri(text: str) -> URIRef | None:
    """``text`` as an IRI if it is written as one (``<...>``, ``prefix:name``, ``scheme:...``)."""
    if text.startswith("<") and text.endswith(">"):
        return URIRef(check_iri(text[1:-1]))
    if " " in text or not _SCHEME.match(text):
        return None  # a label
    prefix, _sep, rest = text.partition(":")
    if prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + rest)
    return URIRef(check_iri(text))  # refuses javascript:, file: and the like


def describe_node(store: PlanStore, iri: URIRef, lang: str | None = None) -> dict[str, Any]:
    """A node's types, values (literals) and links both ways, with labels.

    Returns ``{"node", "types", "values", "outgoing", "incoming"}``; ``values`` rows have
    ``property``, ``value`` and ``lang``; link rows have ``property`` and ``node``.
    """
    labels: dict[str, str] = {}

    def labelled(term: Node) -> dict[str, Any]:
        key = str(term)
        if key not in labels:
            labels[key] = label_of(store, term, lang)
        return node(term, labels[key])

    types: list[dict[str, Any]] = []
    values: list[dict[str, Any]] = []
    outgoing: list[dict[str, Any]] = []
    for r in store.named_query("node_outgoing", {"node": iri}):
        predicate, obj = r["predicate"], r["object"]
        assert predicate is not None and obj is not None
        if predicate == RDF.type:
            types.append(labelled(obj))
        elif isinstance(obj, Literal):
            values.append(
                {"property": curie(predicate), "value": scalar(obj), "lang": obj.language or ""}
            )
        else:
            outgoing.append({"property": curie(predicate), "node": labelled(obj)})
    incoming = [
        {"property": curie(r["predicate"]), "node": labelled(r["subject"])}  # type: ignore[arg-type]
        for r in store.named_query("node_incoming", {"node": iri})
    ]
    if not (types or values or outgoing or incoming):
        raise NotFoundError(f"no node {iri} in the store")
    return {
        "node": labelled(iri),
        "types": types,
        "values": values,
        "outgoing": outgoing,
        "incoming": incoming,
    }
