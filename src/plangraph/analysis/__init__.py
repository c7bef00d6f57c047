"""Analyses of the plan graph: coverage gaps, overlaps, traceability, centrality, communities.

SPARQL (the packaged queries in ``plangraph/queries``) answers the set questions; networkx the
graph questions, on the measure-challenge part of the graph only. Every function takes a store
first, keyword filters ``org``, ``plan`` and ``theme`` (IRIs) where they make sense and a label
language ``lang`` (``nb``, ``nn`` or ``en``, falling back to what exists), and returns plain data:
lists of dicts, with nodes as ``{"iri": ..., "label": ...}`` dicts.

"Covered" means a measure addresses the challenge with a plain ``pg:addresses`` triple (these
exist only for curated or accepted links).

>>> from plangraph.store import open_store
>>> store = open_store()
>>> summary(store)["challenges"]
41
"""

from __future__ import annotations

from typing import Any

from plangraph.analysis._common import Labels, Scope, select
from plangraph.analysis.considered import considered_text, measures_considered
from plangraph.analysis.coverage import (
    ANY_ORGANISATION,
    coverage_by_theme,
    coverage_matrix,
    cross_region_gaps,
    goals_without_measures,
    orphan_measures,
    uncovered_challenges,
    weakly_covered_challenges,
)
from plangraph.analysis.network import centrality, communities, measure_graph, measure_projection
from plangraph.analysis.overlaps import measures_sharing_goal_in_theme, overlapping_measures
from plangraph.analysis.trace import impact, node_kind, trace
from plangraph.store import PlanStore

__all__ = [
    "ANY_ORGANISATION",
    "Labels",
    "Scope",
    "centrality",
    "communities",
    "considered_text",
    "coverage_by_theme",
    "coverage_matrix",
    "cross_region_gaps",
    "goals_without_measures",
    "impact",
    "measure_graph",
    "measure_projection",
    "measures_considered",
    "measures_sharing_goal_in_theme",
    "node_kind",
    "orphan_measures",
    "overlapping_measures",
    "summary",
    "trace",
    "uncovered_challenges",
    "weakly_covered_challenges",
]


def summary(store: PlanStore, *, lang: str = "nb") -> dict[str, Any]:
    """Headline figures for the whole store.

    ``challenges``, ``covered``, ``share`` (covered / challenges), ``gaps`` (uncovered
    challenges), ``weak`` (weakly covered), ``overlaps`` (pairs of measures sharing a challenge),
    ``goals_without_measures``, ``orphan_measures``, ``measures``, ``goals``, ``themes``, and
    ``plans`` (plans that state goals, themes, challenges or measures). Counted in one SPARQL
    query (``summary_counts``), without listing the rows.
    """
    figures = {r["figure"]: int(r["count"]) for r in select(store, "summary_counts").records()}
    total = figures["challenges"]
    gaps = figures["gaps"]
    return {
        "challenges": total,
        "covered": total - gaps,
        "share": (total - gaps) / total if total else 0.0,
        "gaps": gaps,
        "weak": figures["weak"],
        "overlaps": figures["overlaps"],
        "goals_without_measures": figures["goals_without_measures"],
        "orphan_measures": figures["orphan_measures"],
        "measures": figures["measures"],
        "goals": figures["goals"],
        "themes": figures["themes"],
        "plans": figures["plans"],
    }
