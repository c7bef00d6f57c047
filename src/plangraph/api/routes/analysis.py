"""``/api/analysis/...``: the analyses of ``plangraph.analysis`` as JSON, with the same filters."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from plangraph import analysis
from plangraph.api.deps import (
    LangDep,
    PageDep,
    Paging,
    SettingsDep,
    StoreDep,
    filter_iri,
    required_iri,
)
from plangraph.api.rendering import json_response
from plangraph.api.routes._lazy import LazyRoute
from plangraph.api.schemas import (
    CoverageMatrix,
    CoverageRow,
    ErrorResponse,
    GapRows,
    ImpactRow,
    OverlapRow,
    Rows,
    Summary,
    WeakRow,
)
from plangraph.store import PlanStore

router = APIRouter(prefix="/api/analysis", tags=["analysis"], route_class=LazyRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorResponse,
        "description": "A filter that is not an IRI, or an ``as_of`` that is not a date.",
    },
    404: {
        "model": ErrorResponse,
        "description": "``as_of`` before the first recorded plan version (or none recorded).",
    },
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    404: {"model": ErrorResponse, "description": "No such node, or ``as_of`` too early."},
}

OrgFilter = Annotated[
    str | None,
    Query(
        description="Only this organisation's items (IRI).",
        examples=["https://w3id.org/plangraph/id/org/helse-midt-norge"],
    ),
]
PlanFilter = Annotated[
    str | None,
    Query(
        description="Only this plan's items (IRI).",
        examples=["https://w3id.org/plangraph/id/plan/hmn-statusnotater-2021"],
    ),
]
ThemeFilter = Annotated[
    str | None,
    Query(
        description="Only this theme area's items (IRI).",
        examples=["https://w3id.org/plangraph/id/theme/hmn/beredskap"],
    ),
]


AsOf = Annotated[
    str | None,
    Query(
        description="The plans as they stood on this date (YYYY-MM-DD, YYYY-MM or YYYY): each "
        "plan with recorded versions as the version then in force.",
        examples=["2023-06-01"],
    ),
]


def store_as_of(store: StoreDep, settings: SettingsDep, as_of: AsOf = None) -> PlanStore:
    """The store an analysis reads: the current plans, or with ``as_of`` the plans as they
    stood on that date (``ingest.versions.as_of_store``; plan versions, issue 12). A malformed
    date is a 400, one before the first recorded version a 404."""
    if as_of is None:
        return store
    from plangraph.ingest.versions import as_of_store

    return as_of_store(store, settings.data_dir, as_of)


AsOfStoreDep = Annotated[PlanStore, Depends(store_as_of)]
"""Every analysis takes ``?as_of=``: its store, as it stood on that date."""


def _filters(org: str | None, plan: str | None, theme: str | None) -> dict[str, str | None]:
    def text(value: str | None, name: str) -> str | None:
        iri = filter_iri(value, name)
        return str(iri) if iri is not None else None

    return {"org": text(org, "org"), "plan": text(plan, "plan"), "theme": text(theme, "theme")}


def _rows(rows: list[dict[str, Any]], page: Paging) -> Response:
    return json_response(
        {
            "items": rows[page.offset : page.offset + page.limit],
            "total": len(rows),
            "limit": page.limit,
            "offset": page.offset,
        },
        headers={"Vary": "Accept-Language"},
    )


def _filtered(
    func: Callable[..., list[dict[str, Any]]],
    store: Any,
    page: Paging,
    lang: str,
    org: str | None,
    plan: str | None,
    theme: str | None,
    **extra: Any,
) -> Response:
    accepted = inspect.signature(func).parameters
    filters = {k: v for k, v in _filters(org, plan, theme).items() if k in accepted}
    rows = func(store, **filters, lang=lang, **extra)
    return _rows(rows, page)


@router.get("/gaps", response_model=GapRows, responses=_ERRORS, summary="Coverage gaps")
def gaps(
    store: AsOfStoreDep,
    page: PageDep,
    lang: LangDep,
    org: OrgFilter = None,
    plan: PlanFilter = None,
    theme: ThemeFilter = None,
) -> Response:
    """Challenges that no measure addresses (no curated or accepted ``pg:addresses`` link).

    ``considered`` says which plans' measures were counted (a gap is "no measure of these
    plans addresses it"), with ``text``, one Bokmål sentence; ``total`` counts every gap."""
    response = _filtered(analysis.uncovered_challenges, store, page, lang, org, plan, theme)
    body = json.loads(bytes(response.body))
    considered = analysis.measures_considered(store, lang)
    body["considered"] = {**considered, "text": analysis.considered_text(considered)}
    return json_response(body)


@router.get(
    "/weak", response_model=Rows[WeakRow], responses=_ERRORS, summary="Weakly covered challenges"
)
def weak(
    store: AsOfStoreDep,
    page: PageDep,
    lang: LangDep,
    org: OrgFilter = None,
    plan: PlanFilter = None,
    theme: ThemeFilter = None,
) -> Response:
    """Challenges addressed by a single measure, or only by measures still being planned."""
    return _filtered(analysis.weakly_covered_challenges, store, page, lang, org, plan, theme)


@router.get(
    "/overlaps", response_model=Rows[OverlapRow], responses=_ERRORS, summary="Overlapping measures"
)
def overlaps(
    store: AsOfStoreDep,
    page: PageDep,
    lang: LangDep,
    org: OrgFilter = None,
    plan: PlanFilter = None,
    theme: ThemeFilter = None,
    min_shared: Annotated[
        int, Query(ge=1, le=1000, description="At least this many shared challenges.")
    ] = 1,
) -> Response:
    """Pairs of measures that address the same challenges, with their Jaccard similarity."""
    return _filtered(
        analysis.overlapping_measures, store, page, lang, org, plan, theme, min_shared=min_shared
    )


@router.get(
    "/coverage", response_model=Rows[CoverageRow], responses=_ERRORS, summary="Coverage by theme"
)
def coverage(
    store: AsOfStoreDep,
    page: PageDep,
    lang: LangDep,
    org: OrgFilter = None,
    plan: PlanFilter = None,
    theme: ThemeFilter = None,
) -> Response:
    """Per theme: how many challenges, how many covered, and the share."""
    return _filtered(analysis.coverage_by_theme, store, page, lang, org, plan, theme)


@router.get(
    "/coverage/matrix",
    response_model=CoverageMatrix,
    responses=_ERRORS,
    summary="Coverage matrix: themes by covering organisations",
)
def coverage_matrix(
    store: AsOfStoreDep,
    lang: LangDep,
    org: OrgFilter = None,
    plan: PlanFilter = None,
    theme: ThemeFilter = None,
) -> Response:
    """Rows are the challenges' themes; columns the organisations whose measures cover them
    (and ``any``: covered by anyone)."""
    return json_response(
        analysis.coverage_matrix(store, **_filters(org, plan, theme), lang=lang),
        headers={"Vary": "Accept-Language"},
    )


@router.get(
    "/goals-without-measures",
    response_model=Rows[dict[str, Any]],
    responses=_ERRORS,
    summary="Goals nothing contributes to",
)
def goals_without_measures(
    store: AsOfStoreDep,
    page: PageDep,
    lang: LangDep,
    org: OrgFilter = None,
    plan: PlanFilter = None,
) -> Response:
    """Strategic goals with no measure under them (goals have no theme). Rows: ``goal``,
    ``plan``."""
    return _filtered(analysis.goals_without_measures, store, page, lang, org, plan, None)


@router.get(
    "/orphan-measures",
    response_model=Rows[dict[str, Any]],
    responses=_ERRORS,
    summary="Measures that trace to no goal",
)
def orphan_measures(
    store: AsOfStoreDep,
    page: PageDep,
    lang: LangDep,
    org: OrgFilter = None,
    plan: PlanFilter = None,
    theme: ThemeFilter = None,
) -> Response:
    """Measures with no goal above them. Rows: ``measure``, ``plan``."""
    return _filtered(analysis.orphan_measures, store, page, lang, org, plan, theme)


@router.get(
    "/shared-goals",
    response_model=Rows[dict[str, Any]],
    responses=_ERRORS,
    summary="Measures of one theme that serve the same goal",
)
def shared_goals(
    store: AsOfStoreDep,
    page: PageDep,
    lang: LangDep,
    org: OrgFilter = None,
    plan: PlanFilter = None,
    theme: ThemeFilter = None,
) -> Response:
    """Pairs of measures in the same theme that contribute to the same goal. Rows:
    ``measure_a``, ``measure_b``, ``theme``, ``goal``."""
    return _filtered(analysis.measures_sharing_goal_in_theme, store, page, lang, org, plan, theme)


@router.get(
    "/cross-region",
    response_model=Rows[dict[str, Any]],
    responses=_ERRORS,
    summary="Challenges covered by other organisations' measures",
)
def cross_region(
    store: AsOfStoreDep,
    page: PageDep,
    lang: LangDep,
    org: OrgFilter = None,
    plan: PlanFilter = None,
    theme: ThemeFilter = None,
) -> Response:
    """Challenges of one organisation that measures of other organisations address. Rows:
    ``challenge``, ``organisation``, ``covered_by``."""
    return _filtered(analysis.cross_region_gaps, store, page, lang, org, plan, theme)


@router.get(
    "/trace",
    response_model=dict[str, Any],
    responses=_NOT_FOUND,
    summary="Trace a goal, challenge or measure",
)
def trace(
    store: AsOfStoreDep,
    lang: LangDep,
    node: Annotated[
        str,
        Query(
            description="A goal, challenge or measure (IRI).",
            examples=["https://w3id.org/plangraph/id/goal/hmn-s2030-1"],
        ),
    ],
) -> Response:
    """For a goal: goal -> challenges -> measures; for a measure: measure -> challenges ->
    goals; for a challenge: both ways."""
    iri = required_iri(node, "node")
    return json_response(analysis.trace(store, str(iri), lang=lang))


@router.get(
    "/impact",
    response_model=Rows[ImpactRow],
    responses=_NOT_FOUND,
    summary="What dropping a measure would do",
)
def impact(
    store: AsOfStoreDep,
    page: PageDep,
    lang: LangDep,
    measure: Annotated[
        str,
        Query(
            description="A measure (IRI).",
            examples=["https://w3id.org/plangraph/id/measure/hv-tiltaksplan/helseberedskap"],
        ),
    ],
) -> Response:
    """Per challenge the measure addresses: the other measures addressing it, and whether the
    challenge would lose its only measure."""
    iri = required_iri(measure, "measure")
    return _rows(analysis.impact(store, str(iri), lang=lang), page)


@router.get(
    "/centrality",
    response_model=dict[str, Any],
    responses=_ERRORS,
    summary="Central measures and bridging challenges",
)
def centrality(
    store: AsOfStoreDep,
    lang: LangDep,
    top: Annotated[int, Query(ge=1, le=500, description="How many of each to list.")] = 20,
) -> Response:
    """Measures by centrality in the measure-challenge graph, and challenges that bridge themes.

    Betweenness is exact up to 400 nodes; above that it is estimated from 32 seeded sample
    sources (the same numbers every run, close to the exact values)."""
    return json_response(analysis.centrality(store, lang=lang, top=top))


@router.get(
    "/communities",
    response_model=Rows[dict[str, Any]],
    responses=_ERRORS,
    summary="Communities of measures",
)
def communities(store: AsOfStoreDep, page: PageDep, lang: LangDep) -> Response:
    """Groups of measures that address related challenges, and whether they cross themes."""
    return _rows(analysis.communities(store, lang=lang), page)


@router.get("/summary", response_model=Summary, responses=_ERRORS, summary="Headline figures")
def summary(store: AsOfStoreDep, lang: LangDep) -> Response:
    """Counts and shares for a dashboard: challenges, covered, gaps, overlaps, ..."""
    return json_response(analysis.summary(store, lang=lang))
