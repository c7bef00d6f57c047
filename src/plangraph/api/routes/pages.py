"""The web pages: the landing page at ``/``, the graph view at ``/viz`` and its data.

``/viz`` and ``/viz/data.json`` take the same filters as query parameters, so the page draws
exactly what the JSON lists. Scripts and styles come from ``/static/viz/`` (vis-network from the
installed pyvis package, the page's own script and style from ``plangraph.viz``); every HTML
response carries ``plangraph.viz.PAGE_CSP``. Labels are Bokmål unless ``lang`` says otherwise
(the pages do not follow Accept-Language: planners read the plans in Norwegian).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.routing import NoMatchFound

from plangraph.analysis import summary
from plangraph.api.deps import StoreDep, filter_iri
from plangraph.api.routes._lazy import LazyRoute
from plangraph.errors import InputError, NotFoundError
from plangraph.i18n import LANGUAGES, catalogue
from plangraph.nodes import plan_counts
from plangraph.viz import (
    DEFAULT_MAX_NODES,
    KINDS,
    MAX_LIMIT,
    PAGE_CSP,
    STATIC_ASSETS,
    ViewFilters,
    build_view,
    kinds_of,
    node_details,
    render_error,
    render_landing,
    render_page,
    script_json,
    static_asset,
    view_choices,
)

__all__ = ["router"]

router = APIRouter(tags=["pages"], route_class=LazyRoute)

STATIC_URL = "/static/viz"

_HTML_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=_HTML_HEADERS)


@dataclass(frozen=True)
class _Params:
    """The raw query parameters; turned into ``ViewFilters`` inside the handler so that a bad
    value becomes a readable page (for ``/viz``) or JSON error (for ``/viz/data.json``)."""

    theme: str | None
    org: str | None
    plan: str | None
    types: list[str] | None
    gaps: bool
    focus: str | None
    depth: int
    q: str | None
    layout: str
    overlaps: bool
    lang: str
    limit: int

    def filters(self) -> ViewFilters:
        def iri(value: str | None, name: str) -> str | None:
            found = filter_iri(value, name)
            return str(found) if found is not None else None

        return ViewFilters(
            theme=iri(self.theme, "theme"),
            org=iri(self.org, "org"),
            plan=iri(self.plan, "plan"),
            types=kinds_of(self.types) if self.types else KINDS,
            gaps_only=self.gaps,
            focus=iri(self.focus, "focus"),
            depth=self.depth,
            search=self.q,
            layout=self.layout,
            overlaps=self.overlaps,
            lang=self.lang,
            limit=self.limit,
        ).checked()


def _params(
    theme: Annotated[str | None, Query(description="Only this theme area (IRI).")] = None,
    org: Annotated[str | None, Query(description="Only this organisation (IRI).")] = None,
    plan: Annotated[str | None, Query(description="Only this plan (IRI).")] = None,
    types: Annotated[
        list[str] | None,
        Query(description=f"Node types to draw, repeated or comma-separated: {', '.join(KINDS)}."),
    ] = None,
    gaps: Annotated[bool, Query(description="Only uncovered challenges.")] = False,
    focus: Annotated[str | None, Query(description="Only what lies near this node (IRI).")] = None,
    depth: Annotated[int, Query(description="Links from the focus node (0-6).")] = 2,
    q: Annotated[str | None, Query(description="Only nodes whose label contains this.")] = None,
    layout: Annotated[str, Query(description="layered or force.")] = "layered",
    overlaps: Annotated[bool, Query(description="Show overlap links between measures.")] = False,
    lang: Annotated[str, Query(description="Label language: nb (default), nn or en.")] = "nb",
    limit: Annotated[
        int, Query(description=f"At most this many nodes (1-{MAX_LIMIT}).")
    ] = DEFAULT_MAX_NODES,
) -> _Params:
    return _Params(theme, org, plan, types, gaps, focus, depth, q, layout, overlaps, lang, limit)


ParamsDep = Annotated[_Params, Depends(_params)]


def _node_api_url(request: Request) -> str | None:
    """Where the API describes one node (``/api/node?iri=``), if this app has that route."""
    try:
        path = str(request.app.url_path_for("one_node"))  # resources.py's node route
    except NoMatchFound:
        return None
    return path + "?iri="


@router.get("/", response_class=HTMLResponse, summary="Landing page", include_in_schema=False)
def landing(
    store: StoreDep,
    lang: Annotated[str, Query(description="Label language: nb, nn or en.")] = "nb",
) -> HTMLResponse:
    """What is loaded, the headline figures, and links into the views."""
    if lang not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        return _html(render_error(400, f"unknown language {lang!r}; known: {known}"), 400)
    return _html(
        render_landing(
            store,
            lang=lang,
            summary=summary(store, lang=lang),
            plans=plan_counts(store, lang),
            choices=view_choices(store, lang),
            static_url=STATIC_URL,
        )
    )


@router.get("/viz", response_class=HTMLResponse, summary="The graph view", include_in_schema=False)
def viz_page(request: Request, store: StoreDep, params: ParamsDep) -> HTMLResponse:
    """The interactive graph for the filters in the query string."""
    try:
        view = build_view(store, params.filters(), details=False)
    except InputError as exc:
        status = 404 if isinstance(exc, NotFoundError) else 400
        lang = params.lang if params.lang in ("nb", "nn", "en") else "nb"
        return _html(render_error(status, str(exc), static_url=STATIC_URL, lang=lang), status)
    return _html(
        render_page(
            view,
            store,
            static_url=STATIC_URL,
            api_node_url=_node_api_url(request),
            details_url=str(request.app.url_path_for("viz_node")),
        )
    )


@router.get("/viz/data.json", summary="The nodes and links the graph view draws")
def viz_data(store: StoreDep, params: ParamsDep) -> JSONResponse:
    """What ``/viz`` draws for the same query string: nodes (with positions), links, counts.

    Errors in the filters are 400 (404 for an IRI that names nothing in the store).
    """
    view = build_view(store, params.filters(), details=False)
    return JSONResponse(view.to_json(), headers={"Cache-Control": "no-store"})


@router.get("/viz/node.json", summary="What the graph view's details panel shows for a node")
def viz_node(
    store: StoreDep,
    iri: Annotated[str, Query(description="The node's IRI.")],
    lang: Annotated[str, Query(description="Label language: nb (default), nn or en.")] = "nb",
) -> JSONResponse:
    """Labels, verbatim source text, source document and section, links with their status."""
    found = filter_iri(iri, "iri")
    if found is None:
        raise NotFoundError("parameter 'iri' is empty: give a node's IRI")
    return JSONResponse(
        node_details(store, str(found), lang), headers={"Cache-Control": "no-store"}
    )


@router.get("/static/i18n/messages.js", include_in_schema=False)
def page_messages() -> Response:
    """The static pages' words (``page.*``, ``sparql.*``, ``import.*``, ``review.*``) in every language, as a script that
    sets ``window.plangraphMessages`` (``/static/api/i18n.js`` applies them)."""
    return Response(
        messages_script(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


@functools.cache
def messages_script() -> str:
    messages = {
        lang: {
            k: v
            for k, v in catalogue(lang).items()
            if k.startswith(("page.", "sparql.", "import.", "review."))
        }
        for lang in LANGUAGES
    }
    return "window.plangraphMessages = " + script_json(messages) + ";\n"


@router.get(STATIC_URL + "/{name}", include_in_schema=False)
def viz_static(name: str) -> Response:
    """vis-network and the page's own script and style; nothing else."""
    if name not in STATIC_ASSETS:
        raise NotFoundError(f"no static file {name!r}")
    return Response(
        static_asset(name),
        media_type=STATIC_ASSETS[name],
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
