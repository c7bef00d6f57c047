"""What the store holds: counts per class and per plan, finding a node, describing a node.

Each function takes a store and returns plain data (rows of dicts; nodes as
``{"iri": ..., "label": ...}``), for the CLI, the API and the pages alike.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from plangraph import resources
from plangraph.errors import InputError, NotFoundError
from plangraph.labels import curie, local_name, pick_label
from plangraph.output import node, scalar
from plangraph.store import PlanStore
from plangraph.store.index import derive
from plangraph.terms import parse_name, to_ox
from plangraph.vocab import PG, PREFIXES, RDF

__all__ = [
    "KINDS",
    "class_counts",
    "curie",
    "describe_node",
    "find_node",
    "label_of",
    "labels_of",
    "plan_counts",
]

_ITEM_CLASSES = (PG.StrategicGoal, PG.ThemeArea, PG.Challenge, PG.Measure)


def label_of(store: PlanStore, iri: Node, lang: str | None = None) -> str:
    """The best label of ``iri`` for ``lang``, or its last IRI segment."""
    if not isinstance(iri, URIRef):
        return str(iri)
    rows = store.named_query("node_labels", {"node": iri})
    return pick_label([r["label"] for r in rows], lang, default=local_name(iri))


def labels_of(store: PlanStore, iris: list[Node], lang: str | None = None) -> dict[Node, str]:
    """``label_of`` for many nodes at once: one query for all of them (a query costs ~2 ms on
    a big store, whatever it asks; a node at a time, a table of plans took hundreds)."""
    wanted = list(dict.fromkeys(i for i in iris if isinstance(i, URIRef)))
    found: dict[str, list[Node]] = {str(i): [] for i in wanted}
    if wanted:
        query = resources.query_text("node_labels")
        values = " ".join(str(to_ox(i)) for i in wanted)
        query = query.replace("WHERE {", f"WHERE {{\n  VALUES ?node {{ {values} }}", 1)
        for r in store.select(query).rows:  # ordered by rank, language, text: label_of's order
            found[str(r["node"])].append(r["label"])
    out: dict[Node, str] = {}
    for iri in iris:
        if isinstance(iri, URIRef):
            out[iri] = pick_label(found[str(iri)], lang, default=local_name(iri))
        else:
            out[iri] = str(iri)
    return out


def class_counts(store: PlanStore, lang: str | None = "en") -> list[dict[str, Any]]:
    """Nodes per plangraph class in the plan graphs.

    >>> from plangraph.store import open_store
    >>> rows = class_counts(open_store())
    >>> any(r["class"]["label"] == "Measure" and r["count"] > 0 for r in rows)
    True
    """
    rows = [
        {"class": URIRef(cls), "count": count}
        for cls, count in derive(
            store,
            "counts_per_class",
            lambda: [
                [str(r["class"]), scalar(r["count"])]
                for r in store.named_query("counts_per_class").rows
            ],
        )
    ]
    labels = labels_of(store, [r["class"] for r in rows], lang)
    return [{"class": node(r["class"], labels[r["class"]]), "count": r["count"]} for r in rows]


def plan_counts(store: PlanStore, lang: str | None = None) -> list[dict[str, Any]]:
    """Per plan: its type, publisher, graph and how many goals, themes, challenges, measures."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    # Kept with the store's manifest while the files stay as they are (this count reads the
    # whole store: ~0.5 s at 1M triples).
    found_counts = derive(
        store,
        "counts_per_plan",
        lambda: [
            [str(r["plan"]), str(r["class"]), int(scalar(r["count"]))]
            for r in store.named_query("counts_per_plan").rows
        ],
    )
    for plan, cls, count in found_counts:
        counts[plan][cls] = count
    plans: dict[str, dict[str, Any]] = {}
    found = store.named_query("plans").rows
    labels = labels_of(
        store, [r["plan"] for r in found] + [r["publisher"] for r in found if r["publisher"]], lang
    )
    for r in found:
        iri = str(r["plan"])
        row = plans.get(iri)
        if row is None:
            publisher = r["publisher"]
            row = plans[iri] = {
                "plan": node(r["plan"], labels[r["plan"]]),
                "type": local_name(r["type"]) if r["type"] else "",
                "publisher": node(publisher, labels[publisher]) if publisher else None,
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


KINDS: dict[str, URIRef] = {
    "organisation": PG.Organisation,
    "plan": PG.Plan,
    "theme": PG.ThemeArea,
    "goal": PG.StrategicGoal,
    "challenge": PG.Challenge,
    "measure": PG.Measure,
}
"""What ``find_node(kind=...)`` can ask a node to be: the class it must have (a subclass counts)."""


def find_node(
    store: PlanStore, text: str, lang: str | None = None, *, kind: str | None = None
) -> URIRef:
    """The node a user named: an IRI (full, ``<...>`` or ``prefix:name``) or a label.

    The one way from what a user typed to a node, for the CLI, the API and the reports. IRIs
    are parsed and checked by ``terms.parse_name``. A label matches case-insensitively, first
    exactly, then as a unique substring. ``kind`` (a key of ``KINDS``) keeps only nodes of that
    kind, so ``--org "Helse Midt-Norge"`` finds the organisation and not a plan about it. No
    match, or several, raise ``NotFoundError`` naming the candidates or the near misses.
    """
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}")
    what = kind or "node"
    text = text.strip()
    if not text:
        raise NotFoundError(f"give the IRI or the label of a {what}")
    iri = parse_name(text)
    allowed = _of_kind(store, kind) if kind is not None else None
    if iri is not None:
        if allowed is not None:
            if iri in allowed:
                return iri
        elif store.ask("ASK { { ?node ?p ?o } UNION { ?s ?p ?node } }", {"node": iri}):
            return iri
        known = sorted({str(n) for n, _label in _labelled(store, allowed)})
        near = difflib.get_close_matches(str(iri), known, n=3, cutoff=0.8)
        hint = f"; did you mean {', '.join(_typable(n) for n in near)}?" if near else ""
        raise NotFoundError(f"no {what} {iri} in the store{hint}")
    wanted = text.casefold()
    exact: dict[URIRef, str] = {}
    partial: dict[URIRef, str] = {}
    labelled = _labelled(store, allowed)
    for subject, label in labelled:
        folded = label.casefold()
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
                f"{len(found)} {what}s match {text!r}: {listing}{more}. "
                "Give the IRI or more of the label."
            )
    by_label: dict[str, tuple[URIRef, str]] = {}
    for subject, label in sorted(labelled):
        by_label.setdefault(label.casefold(), (subject, label))
    near = difflib.get_close_matches(wanted, list(by_label), n=3, cutoff=0.6)
    hint = ""
    if near:
        named = (f"{by_label[n][1]!r} ({_typable(by_label[n][0])})" for n in near)
        hint = f"; did you mean {', '.join(named)}?"
    raise NotFoundError(f"no {what} has a label like {text!r}{hint}")


def _typable(iri: str) -> str:
    """``iri`` as a user can type it back: ``id:org/helse-vest`` where a prefix fits."""
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns) and "//" not in text[len(ns) :]:
            return f"{prefix}:{text[len(ns) :]}"
    return text


def _of_kind(store: PlanStore, kind: str) -> set[URIRef]:
    """The nodes typed with ``KINDS[kind]`` or a subclass of it (the ontology is in the store)."""
    rows = store.named_query("nodes_of_kind", {"class": KINDS[kind]})
    return {r["node"] for r in rows if isinstance(r["node"], URIRef)}


def _labelled(store: PlanStore, allowed: set[URIRef] | None) -> list[tuple[URIRef, str]]:
    """Every label of every labelled node (of ``allowed`` only, when given)."""
    return [
        (r["node"], str(r["label"]))
        for r in store.named_query("all_labels")
        if isinstance(r["node"], URIRef) and (allowed is None or r["node"] in allowed)
    ]


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
