"""Coverage: which challenges no measure addresses, which only weakly, and coverage per theme.

"Covered" means a measure addresses the challenge with a plain ``pg:addresses`` triple; those
exist only for curated or accepted links. By default any measure in the graph counts. The
filters ``org``, ``plan`` and ``theme`` (IRIs) narrow which *challenges* (or goals, measures)
a question is about: the challenges of that organisation (its plans' and its
sub-organisations'), of that plan, in that theme.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from plangraph.analysis._common import _SHARED, Labels, Scope, natural_key, natural_ranks, select
from plangraph.analysis._ranks import natural_keys
from plangraph.namespaces import PG
from plangraph.store import PlanStore
from plangraph.terms import PlainRow

__all__ = [
    "ANY_ORGANISATION",
    "coverage_by_theme",
    "coverage_matrix",
    "cross_region_gaps",
    "goals_without_measures",
    "orphan_measures",
    "uncovered_challenges",
    "weakly_covered_challenges",
]

Row = dict[str, Any]

ANY_ORGANISATION = "any"
"""The column of ``coverage_matrix`` that counts a challenge covered by anyone's measure."""

_PLANNED = {str(PG.UnderPlanning), str(PG.Candidate)}


def _first_per(found: Iterable[PlainRow], column: str) -> list[PlainRow]:
    """One row per value of the variable ``column`` (a challenge in two themes would give two):
    of several, the first in natural order of all columns, so every backend keeps the same one."""
    value = attrgetter(column)
    best: dict[str, PlainRow] = {}
    for row in found:
        key = value(row)
        kept = best.get(key)
        if kept is None or _row_key(row) < _row_key(kept):
            best[key] = row
    return list(best.values())


def _row_key(row: PlainRow) -> tuple[Any, ...]:
    """The natural order of whole rows (every column, as the query gives them): a tie-break
    that is the same on every backend."""
    return tuple(natural_key(None if v is None else str(v)) for v in row)


def _by_natural_order(found: list[PlainRow], *columns: str) -> list[PlainRow]:
    """``found`` sorted by the natural order of the given variables (stable), each distinct
    value's key found once (``natural_keys``)."""
    if len(columns) == 1:
        value = attrgetter(columns[0])
        key = natural_keys([value(row) for row in found]).__getitem__
        return sorted(found, key=lambda row: key(value(row)))
    values = attrgetter(*columns)
    keys = natural_keys({v for row in found for v in values(row)})
    return sorted(found, key=lambda row: [keys[v] for v in values(row)])


def uncovered_challenges(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
) -> list[Row]:
    """Coverage gaps: challenges that no measure addresses.

    Rows: ``challenge``, ``theme``, ``organisation``, ``plan``, ``parent`` (the challenge a
    nested one stands under, or ``None``), ordered by organisation, theme and source order.

    >>> from plangraph.store import open_store
    >>> gaps = uncovered_challenges(open_store())
    >>> "Krav og forventninger til beredskap" in [g["challenge"]["label"] for g in gaps]
    True
    """
    scope = Scope.of(store, org, plan, theme)
    labels = Labels(store, lang)
    # challenge theme plan organisation parent label (one row per prefLabel of the challenge)
    result = select(store, "uncovered_challenges").rows
    if not scope.unfiltered:
        result = [r for r in result if r.challenge in scope]
    labels.preload((r.challenge, r.label) for r in result)
    found = _first_per(result, "challenge")
    node = labels.node
    return [
        {
            "challenge": node(r.challenge),
            "theme": node(r.theme),
            "organisation": node(r.organisation),
            "plan": node(r.plan),
            "parent": node(r.parent),
        }
        for r in _by_natural_order(found, "organisation", "theme", "challenge")
    ]


def weakly_covered_challenges(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
) -> list[Row]:
    """Challenges covered only weakly: by measures under planning or candidates only
    (``reason`` ``"only-planned"``), or by a single measure (``"single-measure"``).

    A single measure under planning is ``"only-planned"``, the weaker of the two. Rows:
    ``challenge``, ``theme``, ``organisation``, ``plan``, ``measures`` (nodes with a ``status``
    node), ``reason``.
    """
    scope = Scope.of(store, org, plan, theme)
    labels = Labels(store, lang)
    # challenge theme plan organisation measure status; the first row (natural order) of a
    # challenge gives its theme, plan and organisation.
    rows_of: dict[str, list[PlainRow]] = defaultdict(list)
    for r in select(store, "weakly_covered").rows:
        rows_of[r.challenge].append(r)
    if not scope.unfiltered:
        rows_of = defaultdict(list, {c: found for c, found in rows_of.items() if c in scope})
    values = {v for found in rows_of.values() for r in found for v in r}
    values.discard(None)
    if all(type(v) is str for v in values):  # IRIs (as the plan shapes have them)
        keys = natural_keys(values)

        def row_key(row: PlainRow) -> list[Any]:
            return [keys[v] for v in row]

        measure_key: Callable[[str], Any] = keys.__getitem__
    else:
        row_key, measure_key = _row_key, natural_key  # type: ignore[assignment]
    first: list[PlainRow] = []
    statuses: dict[str, dict[str, set[str]]] = {}
    for challenge, found in rows_of.items():
        first.append(found[0] if len(found) == 1 else min(found, key=row_key))
        measures: dict[str, set[str]] = defaultdict(set)
        for r in found:
            status = measures[r.measure]
            if r.status is not None:
                status.add(r.status)
        statuses[challenge] = measures
    node = labels.node
    out: list[Row] = []
    for r in _by_natural_order(first, "organisation", "theme", "challenge"):
        measures = statuses[r.challenge]
        only_planned = all(s and s <= _PLANNED for s in measures.values())
        out.append(
            {
                "challenge": node(r.challenge),
                "theme": node(r.theme),
                "organisation": node(r.organisation),
                "plan": node(r.plan),
                "measures": [
                    node(m, status=node(min(measures[m])) if measures[m] else None)
                    for m in sorted(measures, key=measure_key)
                ],
                "reason": "only-planned" if only_planned else "single-measure",
            }
        )
    return out


def _theme_counts(store: PlanStore, scope: Scope) -> dict[tuple[str, str | None], list[int]]:
    """``[challenges, covered]`` per (theme, organisation), in natural order of both; a
    challenge in several themes (or of several organisations) counts once, under its first.
    Within a report, counted once for both coverage sections (the result is not changed)."""
    shared = _SHARED.get()
    if shared is None or shared.store is not store:
        return _count_themes(store, scope)
    key = ("theme counts", scope.org, scope.plan, scope.theme)
    found: dict[tuple[str, str | None], list[int]] | None = shared.memo.get(key)
    if found is None:
        found = shared.memo[key] = _count_themes(store, scope)
    return found


def _count_themes(store: PlanStore, scope: Scope) -> dict[tuple[str, str | None], list[int]]:
    result = select(store, "coverage_by_theme").rows  # theme organisation challenge covered
    first = _first_per(
        result if scope.unfiltered else (r for r in result if r.challenge in scope), "challenge"
    )
    counts: dict[tuple[str, str | None], list[int]] = {}
    for r in first:
        cell = counts.get((r.theme, r.organisation))
        if cell is None:
            cell = counts[(r.theme, r.organisation)] = [0, 0]
        cell[0] += 1
        cell[1] += int(r.covered)
    ranks = natural_ranks(v for key in counts for v in key)
    return {key: counts[key] for key in sorted(counts, key=lambda k: (ranks[k[0]], ranks[k[1]]))}


def _share(covered: int, challenges: int) -> float:
    return covered / challenges if challenges else 0.0


def coverage_by_theme(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
) -> list[Row]:
    """Per theme of the challenges (and the organisation that named them): how many challenges,
    how many covered, and the share covered (0..1).

    Rows: ``theme``, ``organisation``, ``challenges``, ``covered``, ``share``.
    """
    scope = Scope.of(store, org, plan, theme)
    labels = Labels(store, lang)
    out = [
        {
            "theme": labels.node(theme_iri),
            "organisation": labels.node(org_iri),
            "challenges": n,
            "covered": covered,
            "share": _share(covered, n),
        }
        for (theme_iri, org_iri), (n, covered) in _theme_counts(store, scope).items()
    ]
    out.sort(
        key=lambda r: (
            (r["organisation"] or {}).get("label", ""),
            r["theme"]["label"],
            r["theme"]["iri"],
        )
    )
    return out


def coverage_matrix(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
) -> dict[str, Any]:
    """Theme x organisation: per theme of the challenges, how many of its challenges the
    measures of each organisation address (organisation = publisher of the measure's plan).

    Returns ``{"themes": [node], "organisations": [node], "cells": [...]}``: a cell for every
    theme and organisation (zeros included), plus one per theme under organisation ``"any"``
    (covered by anyone's measure). Cells: ``theme`` (IRI), ``organisation`` (IRI or ``"any"``),
    ``challenges``, ``covered``, ``share``. The filters narrow the challenges, not the measures.
    """
    scope = Scope.of(store, org, plan, theme)
    labels = Labels(store, lang)
    totals: dict[str, list[int]] = {}
    for (theme_iri, _org), (n, covered) in _theme_counts(store, scope).items():
        cell = totals.setdefault(theme_iri, [0, 0])
        cell[0] += n
        cell[1] += covered
    by_org: dict[tuple[str, str], int] = {}
    if scope.unfiltered:  # counted by the query (the challenges themselves are not needed)
        for r in select(store, "coverage_matrix_counts").rows:
            if r.theme in totals:
                by_org[(r.theme, r.coveringOrganisation)] = int(r.covered)
    else:
        challenges: dict[tuple[str, str], set[str]] = defaultdict(set)
        for r in select(store, "coverage_matrix").rows:
            if r.theme in totals and r.challenge in scope:
                challenges[(r.theme, r.coveringOrganisation)].add(r.challenge)
        by_org = {key: len(found) for key, found in challenges.items()}
    themes = sorted((labels.node(t) for t in totals), key=lambda n: (n["label"], n["iri"]))  # type: ignore[index]
    organisations = sorted(
        (labels.node(o) for o in {o for _t, o in by_org}),
        key=lambda n: (n["label"], n["iri"]),  # type: ignore[index]
    )
    cells: list[Row] = []
    for t in themes:
        assert t is not None
        n, covered = totals[t["iri"]]
        for o in organisations:
            assert o is not None
            hits = by_org.get((t["iri"], o["iri"]), 0)
            cells.append(
                {
                    "theme": t["iri"],
                    "organisation": o["iri"],
                    "challenges": n,
                    "covered": hits,
                    "share": _share(hits, n),
                }
            )
        cells.append(
            {
                "theme": t["iri"],
                "organisation": ANY_ORGANISATION,
                "challenges": n,
                "covered": covered,
                "share": _share(covered, n),
            }
        )
    return {"themes": themes, "organisations": organisations, "cells": cells}


def goals_without_measures(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    lang: str = "nb",
) -> list[Row]:
    """Strategic goals no measure serves, directly or through a challenge it addresses.

    Rows: ``goal``, ``plan``, ``organisation``.
    """
    scope = Scope.of(store, org, plan)
    labels = Labels(store, lang)
    result = select(store, "goals_without_measures").rows  # goal plan organisation
    found = _first_per((r for r in result if r.goal in scope), "goal")
    node = labels.node
    return [
        {"goal": node(r.goal), "plan": node(r.plan), "organisation": node(r.organisation)}
        for r in _by_natural_order(found, "goal")
    ]


def orphan_measures(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
) -> list[Row]:
    """Measures that contribute to no goal and address no challenge.

    Rows: ``measure``, ``plan``, ``organisation``, ``theme``.
    """
    scope = Scope.of(store, org, plan, theme)
    labels = Labels(store, lang)
    result = select(store, "orphan_measures").rows  # measure plan organisation theme
    found = _first_per((r for r in result if r.measure in scope), "measure")
    node = labels.node
    return [
        {
            "measure": node(r.measure),
            "plan": node(r.plan),
            "organisation": node(r.organisation),
            "theme": node(r.theme),
        }
        for r in _by_natural_order(found, "measure")
    ]


def _regions(store: PlanStore) -> Callable[[str], str]:
    """Organisation -> its region: the top of its ``org:subOrganizationOf`` chain."""
    parents: dict[str, str] = {}
    for r in sorted(select(store, "organisation_parents"), key=_row_key):
        parents.setdefault(r.organisation, r.parent)

    def region(organisation: str) -> str:
        seen = {organisation}
        while organisation in parents and parents[organisation] not in seen:
            organisation = parents[organisation]
            seen.add(organisation)
        return organisation

    return region


def cross_region_gaps(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
) -> list[Row]:
    """Challenges an organisation named that no measure of its own region addresses, but a
    measure of another region does: a chance to coordinate or learn across regions. A region is
    the top of an organisation's ``org:subOrganizationOf`` chain (a trust belongs to its RHF's).

    Rows: ``challenge``, ``organisation`` (the challenge's), ``theme``, ``covered_by`` (measure
    nodes, each with its ``organisation`` node).
    """
    scope = Scope.of(store, org, plan, theme)
    labels = Labels(store, lang)
    region = _regions(store)
    links: dict[tuple[str, str], Row] = {}
    for r in select(store, "cross_region_gaps"):
        challenge, organisation, theme_iri = r.challenge, r.organisation, r.theme
        measure, measure_org = r.measure, r.measureOrganisation
        if challenge not in scope:
            continue
        row = links.get((challenge, organisation))
        if row is None:
            row = links[(challenge, organisation)] = {
                "theme": theme_iri,
                "own": False,
                "measures": set(),
            }
        elif theme_iri is not None and (
            row["theme"] is None or natural_key(theme_iri) < natural_key(row["theme"])
        ):
            row["theme"] = theme_iri
        if region(measure_org) == region(organisation):
            row["own"] = True
        else:
            row["measures"].add((measure, measure_org))
    grouped = {key: row for key, row in links.items() if not row["own"] and row["measures"]}
    out = [
        {
            "challenge": labels.node(challenge),
            "organisation": labels.node(organisation),
            "theme": labels.node(row["theme"]),
            "covered_by": [
                labels.node(m, organisation=labels.node(o))
                for m, o in sorted(
                    row["measures"], key=lambda p: (natural_key(p[0]), natural_key(p[1]))
                )
            ],
        }
        for (challenge, organisation), row in grouped.items()
    ]
    out.sort(
        key=lambda r: (natural_key(r["organisation"]["iri"]), natural_key(r["challenge"]["iri"]))
    )
    return out
