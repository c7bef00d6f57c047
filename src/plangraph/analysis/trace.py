"""Traceability: goal -> challenges -> measures, measure -> challenges -> goals, and what a
measure's removal would leave uncovered."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from plangraph.analysis._common import Labels, natural_key, rows
from plangraph.errors import InputError, NotFoundError
from plangraph.namespaces import PG
from plangraph.store import PlanStore
from plangraph.terms import parse_name

if TYPE_CHECKING:
    from rdflib import URIRef

__all__ = ["impact", "node_kind", "trace"]

Row = dict[str, Any]

_KINDS = {str(PG.StrategicGoal): "goal", str(PG.Measure): "measure", str(PG.Challenge): "challenge"}


def _iri(value: str, what: str) -> URIRef:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"give the IRI of a {what}, got {value!r}")
    iri = parse_name(value)
    if iri is None:
        raise InputError(f"{value!r} is not an IRI or a prefixed name (id:..., pg:...)")
    return iri


def node_kind(store: PlanStore, iri: URIRef) -> str:
    """``"goal"``, ``"measure"`` or ``"challenge"``; ``NotFoundError`` for anything else."""
    types = {r["type"] for r in rows(store, "node_types", {"node": iri})}
    for cls, kind in _KINDS.items():
        if cls in types:
            return kind
    if types:
        raise NotFoundError(f"{iri} is not a goal, challenge or measure")
    raise NotFoundError(f"no goal, challenge or measure {iri} in the store")


def _sorted_nodes(labels: Labels, iris: set[str]) -> list[dict[str, Any]]:
    return labels.nodes(sorted(iris, key=natural_key))


def trace(store: PlanStore, node_iri: str, *, lang: str = "nb") -> dict[str, Any]:
    """Trace a node through the links.

    - a goal: ``{"kind": "goal", "node", "challenges": [{"challenge", "measures"}],
      "measures"}`` (challenges contributing to it with the measures addressing each; measures
      contributing to it directly);
    - a measure: ``{"kind": "measure", "node", "challenges": [{"challenge", "goals"}],
      "goals"}`` (challenges it addresses with their goals; goals it contributes to directly);
    - a challenge: ``{"kind": "challenge", "node", "goals", "measures": [{"measure",
      "goals"}]}`` (goals it contributes to; measures addressing it, each with its goals).

    An IRI that names no goal, challenge or measure raises ``NotFoundError``.
    """
    iri = _iri(node_iri, "goal, challenge or measure")
    kind = node_kind(store, iri)
    labels = Labels(store, lang)
    out: dict[str, Any] = {"kind": kind, "node": labels.node(str(iri))}
    if kind == "goal":
        under: dict[str, set[str]] = defaultdict(set)
        direct: set[str] = set()
        for r in rows(store, "trace_goal", {"goal": iri}):
            if r["challenge"] is None:
                direct.add(r["measure"])
            else:
                found = under[r["challenge"]]
                if r["measure"] is not None:
                    found.add(r["measure"])
        out["challenges"] = [
            {"challenge": labels.node(c), "measures": _sorted_nodes(labels, under[c])}
            for c in sorted(under, key=natural_key)
        ]
        out["measures"] = _sorted_nodes(labels, direct)
    elif kind == "measure":
        up: dict[str, set[str]] = defaultdict(set)
        goals: set[str] = set()
        for r in rows(store, "trace_measure", {"measure": iri}):
            if r["challenge"] is None:
                goals.add(r["goal"])
            else:
                found = up[r["challenge"]]
                if r["goal"] is not None:
                    found.add(r["goal"])
        out["challenges"] = [
            {"challenge": labels.node(c), "goals": _sorted_nodes(labels, up[c])}
            for c in sorted(up, key=natural_key)
        ]
        out["goals"] = _sorted_nodes(labels, goals)
    else:
        goals = set()
        measures: dict[str, set[str]] = defaultdict(set)
        for r in rows(store, "trace_challenge", {"challenge": iri}):
            if r["measure"] is None:
                goals.add(r["goal"])
            else:
                found = measures[r["measure"]]
                if r["measureGoal"] is not None:
                    found.add(r["measureGoal"])
        out["goals"] = _sorted_nodes(labels, goals)
        out["measures"] = [
            {"measure": labels.node(m), "goals": _sorted_nodes(labels, measures[m])}
            for m in sorted(measures, key=natural_key)
        ]
    return out


def impact(store: PlanStore, measure_iri: str, *, lang: str = "nb") -> list[Row]:
    """What dropping a measure does: per challenge it addresses, the other measures that
    address it, and whether it would lose its only measure.

    Rows: ``challenge``, ``other_measures`` (nodes), ``loses_only_measure`` (bool); challenges
    that would lose their only measure first. ``NotFoundError`` if the IRI is not a measure.
    """
    iri = _iri(measure_iri, "measure")
    if node_kind(store, iri) != "measure":
        raise NotFoundError(f"{iri} is not a measure")
    labels = Labels(store, lang)
    others: dict[str, set[str]] = defaultdict(set)
    for r in rows(store, "impact", {"measure": iri}):
        found = others[r["challenge"]]
        if r["addressedBy"] != str(iri):
            found.add(r["addressedBy"])
    out = [
        {
            "challenge": labels.node(c),
            "other_measures": _sorted_nodes(labels, others[c]),
            "loses_only_measure": not others[c],
        }
        for c in others
    ]
    out.sort(key=lambda r: (not r["loses_only_measure"], natural_key(r["challenge"]["iri"])))
    return out
