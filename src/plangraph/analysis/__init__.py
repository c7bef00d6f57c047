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

from plangraph.analysis._common import Labels, Scope, rows
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
    "coverage_by_theme",
    "coverage_matrix",
    "cross_region_gaps",
    "goals_without_measures",
    "impact",
    "measure_graph",
    "measure_projection",
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
    ``plans`` (plans that state goals, themes, challenges or measures).
    """
    counts = rows(store, "summary_counts")[0]
    total = int(counts["challenges"] or 0)
    gaps = len({r["challenge"] for r in rows(store, "uncovered_challenges")})
    return {
        "challenges": total,
        "covered": total - gaps,
        "share": (total - gaps) / total if total else 0.0,
        "gaps": gaps,
        "weak": len({r["challenge"] for r in rows(store, "weakly_covered")}),
        "overlaps": len(rows(store, "overlapping_measures")),
        "goals_without_measures": len({r["goal"] for r in rows(store, "goals_without_measures")}),
        "orphan_measures": len({r["measure"] for r in rows(store, "orphan_measures")}),
        "measures": int(counts["measures"] or 0),
        "goals": int(counts["goals"] or 0),
        "themes": int(counts["themes"] or 0),
        "plans": int(counts["plans"] or 0),
    }
