"""Overlaps: measures that address the same challenges, or serve the same goal in one theme.

The filters narrow the *measures*: a pair is listed when at least one of its two measures is
of that organisation, in that plan, in that theme (so a planner sees what overlaps with theirs,
across regions too).
"""

from __future__ import annotations

from typing import Any

from plangraph.analysis._common import (
    Labels,
    Scope,
    natural_ranks,
    plain_columns,
    select,
    split_iris,
)
from plangraph.analysis._ranks import natural_keys
from plangraph.errors import InputError
from plangraph.store import PlanStore

__all__ = ["measures_sharing_goal_in_theme", "overlapping_measures"]

Row = dict[str, Any]


def overlapping_measures(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
    min_shared: int = 1,
) -> list[Row]:
    """Pairs of measures that address the same challenges.

    Rows: ``measure_a``, ``measure_b``, ``shared`` (challenge nodes), ``shared_count`` and
    ``jaccard`` (shared / challenges either addresses), most shared first.

    >>> from plangraph.store import open_store
    >>> pairs = overlapping_measures(open_store(), min_shared=1)
    >>> all(0 < p["jaccard"] <= 1 for p in pairs)
    True
    """
    if isinstance(min_shared, bool) or not isinstance(min_shared, int) or min_shared < 1:
        raise InputError(f"min_shared must be a whole number of at least 1, got {min_shared!r}")
    scope = Scope.of(store, org, plan, theme)
    labels = Labels(store, lang)
    degree = dict(plain_columns(store, "measure_challenge_counts", "measure", "challenges"))
    found: list[tuple[int, float, str, str, str]] = []
    unfiltered = scope.unfiltered
    for a, b, shared, challenges in plain_columns(
        store, "overlapping_measures", "measureA", "measureB", "shared", "sharedChallenges"
    ):
        if shared < min_shared or not (unfiltered or a in scope or b in scope):
            continue
        found.append((shared, shared / (degree[a] + degree[b] - shared), a, b, challenges))
    measures = {m for f in found for m in (f[2], f[3])}
    ranks = natural_keys(measures)
    found.sort(key=lambda f: (-f[0], -f[1], ranks[f[2]], ranks[f[3]]))
    # Each pair's challenges: distinct, in natural order (split_iris, with the ranks of all the
    # challenges found once instead of a key per challenge per pair).
    shared_sets = [set((f[4] or "").split()) for f in found]
    challenges = {c for found_set in shared_sets for c in found_set}
    in_order = natural_keys(challenges).__getitem__
    shared_lists = [sorted(found_set, key=in_order) for found_set in shared_sets]
    labels.preload_all(len(measures) + len(challenges) + 4)  # (as counted by two rankings)
    node, nodes = labels.node, labels.nodes
    return [
        {
            "measure_a": node(a),
            "measure_b": node(b),
            "shared": nodes(challenges),
            "shared_count": shared,
            "jaccard": jaccard,
        }
        for (shared, jaccard, a, b, _text), challenges in zip(found, shared_lists, strict=True)
    ]


def measures_sharing_goal_in_theme(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
) -> list[Row]:
    """Pairs of measures in the same theme that contribute to the same strategic goal.

    Rows: ``measure_a``, ``measure_b``, ``theme``, ``goal``.
    """
    scope = Scope.of(store, org, plan, theme)
    labels = Labels(store, lang)
    groups = select(store, "measures_same_theme_goal").rows  # theme goal measures
    ranks = natural_ranks(v for g in groups for v in (g.theme, g.goal))
    groups.sort(key=lambda g: (ranks[g.theme], ranks[g.goal]))
    out: list[Row] = []
    for group in groups:
        theme_iri, goal, measures_text = group.theme, group.goal, group.measures
        # Measures in natural order, so the pairs come out sorted by (measure_a, measure_b).
        # Up to hundreds of thousands of rows: nodes are built here, each its own dict.
        named = [(m, labels(m)) for m in split_iris(measures_text)]
        theme_label, goal_label = labels(theme_iri), labels(goal)
        for i, (a, label_a) in enumerate(named):
            for b, label_b in named[i + 1 :]:
                if scope.unfiltered or a in scope or b in scope:
                    out.append(
                        {
                            "measure_a": {"iri": a, "label": label_a},
                            "measure_b": {"iri": b, "label": label_b},
                            "theme": {"iri": theme_iri, "label": theme_label},
                            "goal": {"iri": goal, "label": goal_label},
                        }
                    )
    return out
