"""Plans, organisations, themes, goals, challenges and measures: pageable lists, and one node."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from plangraph.api.deps import LangDep, PageDep, StoreDep, filter_iri, required_iri
from plangraph.api.rendering import json_response
from plangraph.api.routes._lazy import LazyRoute
from plangraph.api.schemas import (
    ChallengeItem,
    ErrorResponse,
    GoalItem,
    MeasureItem,
    NodeDescription,
    OrganisationItem,
    Page,
    PlanItem,
    ThemeItem,
)
from plangraph.catalog import list_items
from plangraph.nodes import describe_node

router = APIRouter(tags=["resources"], route_class=LazyRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A filter that is not an IRI, or not allowed."},
}

Theme = Annotated[
    str | None,
    Query(
        description="Only items in this theme area (IRI).",
        examples=["https://w3id.org/plangraph/id/theme/hmn/beredskap"],
    ),
]
Organisation = Annotated[
    str | None,
    Query(
        description="Only items of this organisation (IRI): the publisher of their plan.",
        examples=["https://w3id.org/plangraph/id/org/helse-midt-norge"],
    ),
]
Org = Annotated[str | None, Query(description="Same as organisation.")]
PlanFilter = Annotated[
    str | None,
    Query(
        description="Only items of this plan (IRI).",
        examples=["https://w3id.org/plangraph/id/plan/hmn-statusnotater-2021"],
    ),
]
Status = Annotated[
    str | None,
    Query(
        description="Only measures with this status (IRI or CURIE).",
        examples=["pg:UnderPlanning"],
    ),
]
Uncovered = Annotated[
    bool,
    Query(
        description="Challenges no measure addresses; goals nothing contributes to; measures "
        "that address no challenge.",
        examples=[True],
    ),
]


def _list(
    store: Any,
    kind: str,
    page: Any,
    lang: str,
    *,
    theme: str | None = None,
    organisation: str | None = None,
    org: str | None = None,
    plan: str | None = None,
    status: str | None = None,
    uncovered: bool = False,
) -> Response:
    # Both spellings are checked, each under its own name; ``organisation`` wins when both are
    # given (a bad ``org`` next to a good ``organisation`` is still 400, as the schema says).
    given, alias = filter_iri(organisation, "organisation"), filter_iri(org, "org")
    filters = {
        "theme": filter_iri(theme, "theme"),
        "organisation": given if given is not None else alias,
        "plan": filter_iri(plan, "plan"),
        "status": filter_iri(status, "status"),
    }
    items, total = list_items(
        store,
        kind,
        filters=filters,
        uncovered=uncovered,
        lang=lang,
        limit=page.limit,
        offset=page.offset,
    )
    return json_response(
        {"items": items, "total": total, "limit": page.limit, "offset": page.offset},
        headers={"Vary": "Accept-Language"},
    )


@router.get("/api/plans", response_model=Page[PlanItem], responses=_ERRORS, summary="Plans")
def plans(
    store: StoreDep,
    page: PageDep,
    lang: LangDep,
    organisation: Organisation = None,
    org: Org = None,
) -> Response:
    """Every plan: the ones plangraph holds item by item (``graph`` set) and the ones they cite."""
    return _list(store, "plans", page, lang, organisation=organisation, org=org)


@router.get(
    "/api/organisations",
    response_model=Page[OrganisationItem],
    responses=_ERRORS,
    summary="Organisations",
)
def organisations(store: StoreDep, page: PageDep, lang: LangDep) -> Response:
    """Every organisation (regional health authorities and hospital trusts)."""
    return _list(store, "organisations", page, lang)


@router.get("/api/themes", response_model=Page[ThemeItem], responses=_ERRORS, summary="Themes")
def themes(
    store: StoreDep,
    page: PageDep,
    lang: LangDep,
    organisation: Organisation = None,
    org: Org = None,
    plan: PlanFilter = None,
) -> Response:
    """Every theme area, with its scheme and organisation."""
    return _list(store, "themes", page, lang, organisation=organisation, org=org, plan=plan)


@router.get("/api/goals", response_model=Page[GoalItem], responses=_ERRORS, summary="Goals")
def goals(
    store: StoreDep,
    page: PageDep,
    lang: LangDep,
    organisation: Organisation = None,
    org: Org = None,
    plan: PlanFilter = None,
    uncovered: Uncovered = False,
) -> Response:
    """Every strategic goal; ``covered`` says whether anything contributes to it."""
    return _list(
        store,
        "goals",
        page,
        lang,
        organisation=organisation,
        org=org,
        plan=plan,
        uncovered=uncovered,
    )


@router.get(
    "/api/challenges", response_model=Page[ChallengeItem], responses=_ERRORS, summary="Challenges"
)
def challenges(
    store: StoreDep,
    page: PageDep,
    lang: LangDep,
    theme: Theme = None,
    organisation: Organisation = None,
    org: Org = None,
    plan: PlanFilter = None,
    uncovered: Uncovered = False,
) -> Response:
    """Every challenge; ``covered`` says whether a measure addresses it (curated or accepted)."""
    return _list(
        store,
        "challenges",
        page,
        lang,
        theme=theme,
        organisation=organisation,
        org=org,
        plan=plan,
        uncovered=uncovered,
    )


@router.get(
    "/api/measures", response_model=Page[MeasureItem], responses=_ERRORS, summary="Measures"
)
def measures(
    store: StoreDep,
    page: PageDep,
    lang: LangDep,
    theme: Theme = None,
    organisation: Organisation = None,
    org: Org = None,
    plan: PlanFilter = None,
    status: Status = None,
    uncovered: Uncovered = False,
) -> Response:
    """Every measure, with its theme, plan, organisation and status."""
    return _list(
        store,
        "measures",
        page,
        lang,
        theme=theme,
        organisation=organisation,
        org=org,
        plan=plan,
        status=status,
        uncovered=uncovered,
    )


@router.get(
    "/api/node",
    response_model=NodeDescription,
    responses={**_ERRORS, 404: {"model": ErrorResponse, "description": "No such node."}},
    summary="One node with its values and links both ways",
)
def one_node(
    store: StoreDep,
    lang: LangDep,
    iri: Annotated[
        str,
        Query(
            description="The node's IRI (or prefix:name).",
            examples=["https://w3id.org/plangraph/id/challenge/hmn-2021/beredskap-4"],
        ),
    ],
) -> Response:
    """The node's types, literal values (with language), outgoing and incoming links."""
    node_iri = required_iri(iri, "iri")
    return json_response(describe_node(store, node_iri, lang), headers={"Vary": "Accept-Language"})
