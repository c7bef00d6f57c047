"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint, and its query page for browsers.

Queries arrive by GET (``?query=``), form POST (``query=``) or direct POST
(``application/sparql-query``). Updates are refused in every form. Every query is inspected
first (``plangraph.sparql.inspect_query``): SERVICE, LOAD and FROM of graphs the store does not
hold are refused before anything runs; ``default-graph-uri`` / ``named-graph-uri`` may only
name graphs the store holds. The inspection is a single non-recursive pass over the tokens,
safe from many threads at once; the engine parses the query in a worker process of the pool,
under the deadline, the row cap and the byte cap (see ``plangraph.api.sparql_exec``).
"""

from __future__ import annotations

import threading
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from plangraph.api.answers import cache_of
from plangraph.api.deps import SettingsDep, StoreDep
from plangraph.api.errors import ApiError
from plangraph.api.rendering import negotiate, require_media_type
from plangraph.api.routes._lazy import LazyRoute
from plangraph.api.schemas import ErrorResponse
from plangraph.api.sparql_answers import keep, look_up
from plangraph.api.sparql_exec import (
    GRAPH_TYPES,
    RESULT_TYPES,
    QueryJob,
    QueryOutcome,
    QueryPool,
    evaluate,
)
from plangraph.config import Settings
from plangraph.sparql import inspect_query
from plangraph.store import PlanStore

router = APIRouter(tags=["sparql"], route_class=LazyRoute)

_READ_ONLY = "this SPARQL endpoint is read-only: updates are not accepted"
_EXAMPLE = (
    "PREFIX pg: <https://w3id.org/plangraph/ns#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?measure ?label WHERE { ?measure a pg:Measure ; skos:prefLabel ?label } LIMIT 10"
)
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "SELECT/ASK results (SPARQL JSON, XML, CSV, TSV) or CONSTRUCT/DESCRIBE "
        "triples (Turtle, N-Triples, JSON-LD, RDF/XML), by Accept. The header "
        "X-Plangraph-Truncated says whether the row cap cut the answer.",
        "content": {
            "application/sparql-results+json": {},
            "application/sparql-results+xml": {},
            "text/csv": {},
            "text/tab-separated-values": {},
            "text/turtle": {},
            "application/n-triples": {},
            "application/ld+json": {},
            "application/rdf+xml": {},
            "text/html": {},
        },
    },
    400: {"model": ErrorResponse, "description": "A query that does not parse, or is unsafe."},
    403: {"model": ErrorResponse, "description": "An update: the endpoint is read-only."},
    406: {"model": ErrorResponse, "description": "No acceptable result format."},
    413: {"model": ErrorResponse, "description": "The request body or results are too large."},
    415: {"model": ErrorResponse, "description": "A POST body of an unsupported type."},
    503: {
        "model": ErrorResponse,
        "description": "The query ran past the deadline and was stopped.",
    },
}

_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}
_pool_lock = threading.Lock()


def _slot(limit: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        if limit not in _slots:
            _slots[limit] = threading.BoundedSemaphore(limit)
        return _slots[limit]


def query_pool(app: FastAPI, store: PlanStore, settings: Settings) -> QueryPool | None:
    """The app's pool of query workers for ``store``, started at the first call; ``None`` for
    a store others may change behind its back (a SPARQL server), whose queries run here."""
    if store.generation is None:
        return None
    with _pool_lock:
        pool: QueryPool | None = getattr(app.state, "sparql_pool", None)
        if pool is None or pool.store is not store:
            if pool is not None:
                pool.close()
            pool = QueryPool(store, settings.sparql_max_concurrent)
            app.state.sparql_pool = pool
        return pool


def stop_query_pool(app: FastAPI) -> None:
    """Stop the app's query workers, if it started any."""
    with _pool_lock:
        pool: QueryPool | None = getattr(app.state, "sparql_pool", None)
        if pool is not None:
            pool.close()
            app.state.sparql_pool = None


def _query_page() -> str:
    return files("plangraph.api").joinpath("static", "api", "sparql.html").read_text("utf-8")


def _run(
    app: FastAPI,
    store: PlanStore,
    settings: Settings,
    query: str,
    accept: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
) -> tuple[QueryOutcome, str]:
    """The answer and where it came from (``hit``, ``miss`` or ``off``, see sparql_answers)."""
    held = [str(g) for g in store.graph_names()]
    held_set = set(held)
    for name, given in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
        for graph in given:
            if graph not in held_set:
                raise ApiError(
                    400,
                    f"{name} {graph!r} is not a graph this store holds; nothing is fetched. "
                    f"Graphs held: {', '.join(held)}",
                )
    info = inspect_query(query, held_graphs=held)
    offered = RESULT_TYPES if info.kind in ("SELECT", "ASK") else GRAPH_TYPES
    media = require_media_type(accept, offered)
    job = QueryJob(
        query,
        info.kind,
        media,
        max_rows=settings.max_rows,
        max_bytes=settings.sparql_max_result_bytes,
        # The protocol's graph parameters take precedence over the query's FROM / FROM NAMED.
        default_graphs=list(default_graphs) if default_graphs or named_graphs else None,
        named_graphs=list(named_graphs) if default_graphs or named_graphs else None,
        from_query=info.has_dataset and not (default_graphs or named_graphs),
    )
    pool = query_pool(app, store, settings)
    if pool is not None:
        lookup = look_up(cache_of(app.state), store, job)
        if lookup.found is not None:
            return lookup.found, lookup.status
        outcome = pool.run(job, timeout=settings.query_timeout)
        keep(lookup, store, outcome)
        return outcome, lookup.status
    slot = _slot(settings.sparql_max_concurrent)
    if not slot.acquire(timeout=settings.query_timeout):
        raise ApiError(503, "too many queries are running; try again in a moment")
    try:
        return evaluate(store, job), "off"
    finally:
        slot.release()


async def _answer(
    request: Request,
    store: PlanStore,
    settings: Settings,
    query: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
) -> Response:
    accept = request.headers.get("accept")
    if query is None or not query.strip():
        if negotiate(accept, ["application/sparql-results+json", "text/html"]) == "text/html":
            return Response(_query_page(), media_type="text/html; charset=utf-8")
        raise ApiError(400, "give a SPARQL query in the 'query' parameter")
    outcome, cache = await run_in_threadpool(
        _run, request.app, store, settings, query, accept, default_graphs, named_graphs
    )
    return Response(
        outcome.body,
        media_type=outcome.content_type,
        headers={
            "X-Plangraph-Truncated": "true" if outcome.truncated else "false",
            "X-Plangraph-Cache": cache,
            "Vary": "Accept",
            "Cache-Control": "no-store",
        },
    )


@router.get("/sparql", responses=_RESPONSES, summary="SPARQL query (GET)")
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[
        str | None,
        Query(
            description="The SPARQL query. Without it, browsers get the query page.",
            examples=[_EXAMPLE],
        ),
    ] = None,
    default_graph_uri: Annotated[
        list[str] | None,
        Query(
            alias="default-graph-uri",
            description="A graph the store holds, for the default graph (repeatable).",
        ),
    ] = None,
    named_graph_uri: Annotated[
        list[str] | None,
        Query(alias="named-graph-uri", description="A graph the store holds (repeatable)."),
    ] = None,
    update: Annotated[
        str | None,
        Query(description="Refused: the endpoint is read-only.", include_in_schema=False),
    ] = None,
) -> Response:
    """Run a read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE); the result format follows
    ``Accept``. Queries run under ``PLANGRAPH_QUERY_TIMEOUT`` and ``PLANGRAPH_MAX_ROWS``."""
    if update is not None:
        raise ApiError(403, _READ_ONLY)
    if len(request.query_params.getlist("query")) > 1:
        raise ApiError(400, "give one 'query' parameter, not several")
    return await _answer(
        request, store, settings, query, default_graph_uri or [], named_graph_uri or []
    )


@router.post(
    "/sparql",
    responses=_RESPONSES,
    summary="SPARQL query (POST)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string", "example": _EXAMPLE},
                            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        },
                        "required": ["query"],
                    }
                },
                "application/sparql-query": {
                    "schema": {"type": "string", "example": _EXAMPLE},
                },
            },
        }
    },
)
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """The query as a form field (``application/x-www-form-urlencoded``) or as the body
    (``application/sparql-query``, graph parameters in the URL). Updates
    (``application/sparql-update`` or an ``update`` field) are refused."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = request.query_params
    default_graphs = url_params.getlist("default-graph-uri")
    named_graphs = url_params.getlist("named-graph-uri")
    if content_type == "application/sparql-update" or "update" in url_params:
        raise ApiError(403, _READ_ONLY)
    if content_type == "application/x-www-form-urlencoded":
        body = await request.body()
        try:
            fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise ApiError(400, "the form is not UTF-8") from None
        if any(name == "update" for name, _value in fields):
            raise ApiError(403, _READ_ONLY)
        queries = [value for name, value in fields if name == "query"]
        if len(queries) > 1:
            raise ApiError(400, "give one 'query' field, not several")
        default_graphs += [v for n, v in fields if n == "default-graph-uri"]
        named_graphs += [v for n, v in fields if n == "named-graph-uri"]
        query = queries[0] if queries else None
        if query is None:
            raise ApiError(400, "give a SPARQL query in the 'query' form field")
    elif content_type == "application/sparql-query":
        raw = await request.body()
        try:
            query = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "the query is not UTF-8") from None
    else:
        raise ApiError(
            415,
            "POST a query as application/x-www-form-urlencoded (query=...) or as "
            "application/sparql-query",
        )
    return await _answer(request, store, settings, query, default_graphs, named_graphs)
