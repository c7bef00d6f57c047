"""Writes behind the API key: importing (or removing) a plan, reviewing a suggested link."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from plangraph.api.deps import SettingsDep, StoreDep, WriteAccess
from plangraph.api.errors import ApiError
from plangraph.api.rendering import json_response
from plangraph.api.routes._lazy import LazyRoute
from plangraph.api.schemas import ErrorResponse, LinkReviewed, PlanDeleted, PlanImported
from plangraph.ingest.plans import IMPORT_TYPES, delete_plan, review_link
from plangraph.ingest.versions import load_version
from plangraph.vocab import GRAPH

router = APIRouter(tags=["writes"], route_class=LazyRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Data that does not parse, or is unsafe."},
    401: {"model": ErrorResponse, "description": "No API key given."},
    403: {"model": ErrorResponse, "description": "Wrong API key, or writes are off."},
    404: {"model": ErrorResponse, "description": "No such plan or link."},
    409: {"model": ErrorResponse, "description": "The link is not a suggestion."},
    413: {"model": ErrorResponse, "description": "The body is too large."},
    415: {"model": ErrorResponse, "description": "Not Turtle or JSON-LD."},
    422: {"model": ErrorResponse, "description": "The change breaks the SHACL shapes."},
}

_PLAN_EXAMPLE = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/plangraph/id/plan/example> a pg:Plan ;
    skos:prefLabel "Eksempelplan"@nb .
"""

PlanName = Annotated[
    str,
    Path(
        description="The plan's name: its graph is https://w3id.org/plangraph/graph/NAME and its "
        "file NAME.ttl in the data folder.",
        examples=["hv-regional-tiltaksplan"],
    ),
]
LinkId = Annotated[
    str,
    Path(description="The link record's id: link/ID, 12 hex digits.", examples=["0123456789ab"]),
]


class ReviewBody(BaseModel):
    """An optional note on a decision."""

    reason: str | None = Field(None, max_length=2000, description="Why (kept on the record).")
    reviewer: str | None = Field(None, max_length=200, description="Who decides.")


@router.put(
    "/api/plans/{name}",
    response_model=PlanImported,
    status_code=200,
    responses={**_ERRORS, 201: {"model": PlanImported, "description": "A new plan."}},
    summary="Import a plan, or a new version of it",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/turtle": {"schema": {"type": "string"}, "example": _PLAN_EXAMPLE},
                "application/ld+json": {"schema": {"type": "object"}},
                "application/trig": {"schema": {"type": "string"}},
            },
        }
    },
)
async def put_plan(
    request: Request,
    name: PlanName,
    store: StoreDep,
    settings: SettingsDep,
    _auth: WriteAccess,
) -> Response:
    """Parse the body (Turtle, TriG with one graph, or JSON-LD with an inline context)
    completely, validate the store with it against the SHACL shapes, then store it as a version
    of the plan: a new plan (201), a new current version, or an older-dated version kept in date
    order (200; the current version stays). The same body again makes no new version. Query
    parameters ``date`` (YYYY-MM-DD) and ``label`` name the version. A Violation refuses it
    (422, with the findings) and nothing changes."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in IMPORT_TYPES and media != "application/trig":
        raise ApiError(
            415,
            "send the plan as text/turtle, application/trig or application/ld+json (RDF/XML is "
            "not accepted)",
        )
    body = await request.body()
    # Plan versions (issue 12): a plan that exists gets a new version instead of an overwrite.
    date = request.query_params.get("date") or None
    label = request.query_params.get("label") or None
    result = await run_in_threadpool(
        lambda: load_version(
            store, settings.data_dir, name, body, media, date=date, label=label, loaded_by="api"
        )
    )
    return json_response(
        {
            "graph": str(GRAPH[name]),
            "file": f"{name}.ttl",
            "triples": result.triples,
            "replaced": result.status in ("new-version", "older-version"),
            "warnings": [f.as_dict() for f in result.warnings],
            "status": result.status,
            "version": result.version.label,
            "message": result.message,
        },
        status=201 if result.status == "created" else 200,
    )


@router.delete(
    "/api/plans/{name}",
    response_model=PlanDeleted,
    responses=_ERRORS,
    summary="Remove a plan",
)
def remove_plan(
    name: PlanName, store: StoreDep, settings: SettingsDep, _auth: WriteAccess
) -> Response:
    """Drop the plan's graph and delete its file from the data folder."""
    result = delete_plan(store, settings.data_dir, name)
    return json_response({"graph": str(result.graph), "file": result.path.name})


@router.post(
    "/api/links/{link_id}/accept",
    response_model=LinkReviewed,
    responses=_ERRORS,
    summary="Accept a suggested link",
)
def accept_link(
    link_id: LinkId,
    store: StoreDep,
    settings: SettingsDep,
    _auth: WriteAccess,
    body: ReviewBody | None = None,
) -> Response:
    """Set the record's status to ``pg:Accepted`` and add the plain link the analyses read.
    A second decision on the same link gets 409."""
    note = body or ReviewBody(reason=None, reviewer=None)
    return json_response(
        review_link(
            store,
            settings.data_dir,
            link_id,
            accept=True,
            reason=note.reason,
            reviewer=note.reviewer,
        )
    )


@router.post(
    "/api/links/{link_id}/reject",
    response_model=LinkReviewed,
    responses=_ERRORS,
    summary="Reject a suggested link",
)
def reject_link(
    link_id: LinkId,
    store: StoreDep,
    settings: SettingsDep,
    _auth: WriteAccess,
    body: ReviewBody | None = None,
) -> Response:
    """Set the record's status to ``pg:Rejected`` (with the reason, if given); no plain link
    is added, and the pair is not suggested again. A second decision gets 409."""
    note = body or ReviewBody(reason=None, reviewer=None)
    return json_response(
        review_link(
            store,
            settings.data_dir,
            link_id,
            accept=False,
            reason=note.reason,
            reviewer=note.reviewer,
        )
    )
