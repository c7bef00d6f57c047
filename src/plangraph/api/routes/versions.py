"""``/api/plans/{plan}/versions``, ``/diff`` and ``/coverage-changes``: a plan's history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from plangraph.api.deps import LangDep, SettingsDep, StoreDep
from plangraph.api.rendering import json_response
from plangraph.api.routes._lazy import LazyRoute
from plangraph.api.schemas import ErrorResponse
from plangraph.errors import InputError

router = APIRouter(prefix="/api/plans", tags=["versions"], route_class=LazyRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A bad plan name, version or format."},
    404: {"model": ErrorResponse, "description": "No such plan or version."},
}

PlanName = Annotated[
    str,
    Path(description="The plan's name (its file stem).", examples=["hv-regional-tiltaksplan"]),
]
FromVersion = Annotated[
    str | None,
    Query(alias="from", description="The older version's label (default: the one before 'to')."),
]
ToVersion = Annotated[
    str | None, Query(alias="to", description="The newer version's label (default: the latest).")
]


def _folder(data_dir: str) -> str:
    if not data_dir:
        raise InputError("this server runs on the packaged seed data, which has no plan versions")
    return data_dir


@router.get("/{plan}/versions", responses=_ERRORS, summary="A plan's versions")
def versions(plan: PlanName, store: StoreDep, settings: SettingsDep) -> Response:
    """The plan's versions in date order (label, date, current, source file, checksum, who
    loaded it and when); an empty list for a plan with no recorded versions yet."""
    from plangraph.errors import NotFoundError
    from plangraph.ingest.plans import check_plan_name
    from plangraph.ingest.versions import list_versions
    from plangraph.vocab import GRAPH

    check_plan_name(plan)
    found = list_versions(settings.data_dir or None, plan)
    if not found and not store.has_graph(GRAPH[plan]):
        raise NotFoundError(f"no plan {plan!r}")
    # A plan stored before versions were recorded (or on the seed data) has none yet: its first
    # recorded version is made when a new version is loaded.
    return json_response({"plan": plan, "versions": [v.as_json() for v in found]})


@router.get("/{plan}/diff", responses=_ERRORS, summary="What changed between two versions")
def diff(
    plan: PlanName,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    from_label: FromVersion = None,
    to_label: ToVersion = None,
    fmt: Annotated[
        str, Query(alias="format", description="json (default), csv or md (Markdown).")
    ] = "json",
) -> Response:
    """Items added, removed and changed (reworded with a word-level diff, a new
    ``skos:prefLabel``, moved to another theme, status changed), links added and removed;
    default: the two latest versions. Markdown in ``lang`` (default Bokmål)."""
    from plangraph.ingest.diff import plan_diff, render_diff
    from plangraph.ingest.plans import check_plan_name

    if fmt not in ("json", "csv", "md"):
        raise InputError(f"unknown format {fmt!r}; known: json, csv, md")
    check_plan_name(plan)
    result = plan_diff(_folder(settings.data_dir), plan, from_label, to_label, store=store)
    if fmt == "json":
        return json_response(result)
    media = "text/csv" if fmt == "csv" else "text/markdown"
    return PlainTextResponse(
        render_diff(result, fmt, lang),
        media_type=f"{media}; charset=utf-8",
        headers={"Vary": "Accept-Language"},
    )


@router.get(
    "/{plan}/coverage-changes",
    responses=_ERRORS,
    summary="Challenges newly uncovered or covered by a change",
)
def coverage_changes(
    plan: PlanName,
    store: StoreDep,
    settings: SettingsDep,
    from_label: FromVersion = None,
    to_label: ToVersion = None,
) -> Response:
    """Challenges that became uncovered, and those newly covered, between two versions."""
    from plangraph.ingest.diff import coverage_change
    from plangraph.ingest.plans import check_plan_name

    check_plan_name(plan)
    return json_response(
        coverage_change(store, _folder(settings.data_dir), plan, from_label, to_label)
    )


pages = APIRouter(tags=["pages"], route_class=LazyRoute)
"""The version-diff page (``/viz/diff/{plan}``) and its stylesheet."""

_PAGE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@pages.get("/viz/diff.css", include_in_schema=False)
def diff_css() -> Response:
    from plangraph.viz.diffview import DIFF_CSS

    return Response(DIFF_CSS, media_type="text/css; charset=utf-8", headers=_PAGE_HEADERS)


@pages.get("/viz/diff/{plan}", include_in_schema=False)
def diff_page(
    plan: PlanName,
    store: StoreDep,
    settings: SettingsDep,
    from_label: FromVersion = None,
    to_label: ToVersion = None,
    lang: Annotated[str, Query(description="nb, nn or en.")] = "nb",
) -> Response:
    """The version diff as a picture: items by theme, marked added, removed or changed."""
    from plangraph.ingest.diff import diff_nodes
    from plangraph.ingest.plans import check_plan_name
    from plangraph.viz import PAGE_CSP
    from plangraph.viz.diffview import render_diff_page

    if lang not in ("nb", "nn", "en"):
        raise InputError(f"unknown language {lang!r}; known: nb, nn, en")
    check_plan_name(plan)
    view = diff_nodes(_folder(settings.data_dir), plan, from_label, to_label, store=store)
    html = render_diff_page(view, lang, "/viz/diff.css")
    return HTMLResponse(html, headers={**_PAGE_HEADERS, "Content-Security-Policy": PAGE_CSP})
