"""Link suggestions: run them, list them, and the review page ``/review``.

The work is ``plangraph.linking`` (the CLI calls the same functions); accepting and rejecting
go through ``POST /api/links/{id}/accept|reject`` (routes/writes.py). The page is Bokmål, with its
own script and style from ``/static/review/``, under the same Content-Security-Policy as the
other pages.
"""

from __future__ import annotations

from importlib import resources as importlib_resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from plangraph.api.deps import SettingsDep, StoreDep, WriteAccess
from plangraph.api.rendering import json_response
from plangraph.api.routes._lazy import LazyRoute
from plangraph.api.schemas import ErrorResponse
from plangraph.viz import PAGE_CSP

__all__ = ["router"]

router = APIRouter(tags=["suggestions"], route_class=LazyRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A filter or option that is not valid."},
    401: {"model": ErrorResponse, "description": "No API key given."},
    403: {"model": ErrorResponse, "description": "Wrong API key, or writes are off."},
    404: {
        "model": ErrorResponse,
        "description": "No plan (with measures, challenges or goals) or organisation by that name.",
    },
    422: {"model": ErrorResponse, "description": "The change breaks the SHACL shapes."},
}


class SuggestRun(BaseModel):
    """Options of a run (all optional)."""

    limit: int = Field(5, ge=1, le=100, description="Candidates per subject (top K).")
    plan: str | None = Field(None, description="Only pairs with a subject or object in this plan.")
    org: str | None = Field(None, description="Only pairs with a subject or object of this org.")
    relations: list[str] | None = Field(
        None,
        description="addresses, measure-goal, challenge-goal, near-duplicate (default all).",
    )


@router.post(
    "/api/suggestions/run",
    responses=_ERRORS,
    summary="Compute link suggestions and store the new ones",
)
async def run_suggestions(
    store: StoreDep,
    settings: SettingsDep,
    _auth: WriteAccess,
    body: SuggestRun | None = None,
) -> Response:
    """Rank candidate links and store the new ones as open suggestions in
    ``links-suggested``; decisions (accepted, rejected) and curated links are kept."""
    from plangraph.ingest.plans import data_folder
    from plangraph.linking.service import resolve_scope, run_suggest

    options = body or SuggestRun(limit=5, plan=None, org=None, relations=None)
    data_folder(settings.data_dir)

    def work() -> dict[str, Any]:
        result = run_suggest(
            store,
            data_dir=settings.data_dir,
            k=options.limit,
            plan=resolve_scope(store, options.plan, "plan"),
            org=resolve_scope(store, options.org, "org"),
            relations=options.relations,
        )
        saved = result.saved
        return {
            "candidates": len(result.rows),
            "stored": saved.stored if saved else 0,
            "replaced_open": saved.replaced_open if saved else 0,
            "kept_decided": saved.kept_decided if saved else 0,
            "file": saved.file if saved else None,
            "warnings": result.warnings,
        }

    return json_response(await run_in_threadpool(work))


@router.get(
    "/api/suggestions",
    responses={400: _ERRORS[400], 404: _ERRORS[404]},
    summary="Stored link suggestions (and decided links), best first",
)
async def get_suggestions(
    store: StoreDep,
    status: Annotated[
        Literal["suggested", "accepted", "rejected", "curated", "all"],
        Query(description="suggested (default), accepted, rejected, curated, or all."),
    ] = "suggested",
    plan: Annotated[str | None, Query(description="Plan IRI or slug.")] = None,
    org: Annotated[str | None, Query(description="Organisation IRI or slug.")] = None,
    predicate: Annotated[
        str | None, Query(description="pg:addresses, pg:contributesTo or skos:closeMatch.")
    ] = None,
    min_score: Annotated[float, Query(ge=0, le=1, description="Lowest score.")] = 0.0,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Skip this many.")] = 0,
    evidence: Annotated[bool, Query(description="Include the evidence.")] = True,
) -> Response:
    """Rows with ``id``, ``subject``, ``predicate``, ``object``, ``score``, ``status``,
    ``method``, ``rationale`` and ``evidence`` (terms, with spans in both verbatim texts);
    ``total`` counts all that match the filters."""
    from plangraph.api.deps import filter_iri
    from plangraph.linking.records import CURIES
    from plangraph.linking.service import list_suggestions, resolve_scope

    # An IRI, <IRI> or prefix:name, as the OpenAPI description says (else 400), matched as the
    # rows name it (pg:addresses)
    iri = filter_iri(predicate, "predicate")
    wanted = None if iri is None else CURIES.get(str(iri), str(iri))

    def work() -> dict[str, Any]:
        rows, total = list_suggestions(
            store,
            status=None if status == "all" else status,
            plan=resolve_scope(store, plan, "plan"),
            org=resolve_scope(store, org, "org"),
            predicate=wanted,
            min_score=min_score,
            limit=limit,
            offset=offset,
            evidence=evidence,
        )
        return {"total": total, "offset": offset, "limit": limit, "rows": rows}

    return json_response(await run_in_threadpool(work))


_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
_ASSETS = {"review.js": "text/javascript", "review.css": "text/css"}


def _asset(name: str) -> bytes:
    return (importlib_resources.files("plangraph.api") / "static" / "review" / name).read_bytes()


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
async def review_page() -> HTMLResponse:
    """The review queue (Bokmål; ``?lang=nn`` or ``?lang=en`` for Nynorsk or English)."""
    return HTMLResponse(_asset("review.html").decode("utf-8"), headers=_HEADERS)


@router.get("/static/review/{name}", include_in_schema=False)
async def review_asset(name: str) -> Response:
    """The page's own script and style."""
    if name not in _ASSETS:
        return json_response({"error": "not found"}, status=404)
    return Response(
        _asset(name),
        media_type=_ASSETS[name],
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
    )
