"""The application factory: a thin shell around the routers.

>>> from plangraph.store import open_store
>>> app = create_app(store=open_store())
>>> "/sparql" in app.openapi()["paths"]
True
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from plangraph.api._fastapi import FastAPI, StaticFiles  # first: see there
from plangraph.api.answers import AnswerCache
from plangraph.api.errors import GuardMiddleware, JsonCORSMiddleware, install_error_handlers
from plangraph.api.lane import SubgraphLane
from plangraph.api.limits import ClientLimits, LimitsMiddleware
from plangraph.api.routes import (
    analysis,
    docs,
    health,
    pages,
    resources,
    sparql,
    subgraph,
    suggestions,
    writes,
)
from plangraph.api.routes import importing as importing_routes
from plangraph.api.routes import versions as versions_routes  # plan versions (issue 12)
from plangraph.api.schemas import harden_openapi
from plangraph.api.sparql_lane import SparqlLane
from plangraph.config import Settings, get_settings
from plangraph.ingest.plans import open_plan_store
from plangraph.rdflib_guard import guard_rdflib_on_import
from plangraph.store import PlanStore
from plangraph.vocab import PREFIXES

__all__ = ["create_app"]

log = logging.getLogger("plangraph.api")

DESCRIPTION = """\
Plans of Norwegian regional health authorities as an RDF knowledge graph: strategic goals, theme
areas, challenges (from status notes), measures (from action plans) and the curated links between
them (`pg:addresses`, `pg:contributesTo`).

* **Resources**: plans, organisations, themes, goals, challenges and measures as pageable lists
  with filters; one node with its values and links both ways.
* **Subgraphs** around a node as JSON-LD, Turtle, N-Triples or nodes-and-edges JSON.
* **Analyses**: coverage gaps, weakly covered challenges, overlapping measures, coverage by
  theme, traces from goals to measures, the impact of dropping a measure, headline figures.
* **SPARQL 1.1** at `/sparql` (read-only; every query runs under a deadline and a row cap).
* **Writes** (importing a plan, accepting or rejecting a suggested link) need the API key.

Errors are JSON: `{"error": {"status", "message", "request_id"}}`, with an `X-Request-ID` header.
"""

TAGS = [
    {
        "name": "resources",
        "description": "Plans, organisations, themes, goals, challenges, measures.",
    },
    {
        "name": "subgraph",
        "description": "The neighbourhood of a node, in RDF or as nodes and edges.",
    },
    {"name": "analysis", "description": "Coverage, overlaps and traceability."},
    {"name": "sparql", "description": "The read-only SPARQL 1.1 Protocol endpoint."},
    {"name": "writes", "description": "Importing plans and reviewing links (API key required)."},
    {"name": "health", "description": "Whether the server is up."},
]


ROUTERS = (
    health.router,
    resources.router,
    subgraph.router,
    analysis.router,
    sparql.router,
    writes.router,
    importing_routes.router,
    suggestions.router,
    versions_routes.router,
    versions_routes.pages,
    pages.router,
    docs.router,
)
"""The routers whose routes the app serves, in the order it tries them."""


def _static_dir(name: str) -> Path | None:
    path = Path(str(files("plangraph.api").joinpath("static", name)))
    return path if path.is_dir() else None


def create_app(
    settings: Settings | None = None,
    store: PlanStore | None = None,
    *,
    fast_lane: bool = True,
) -> FastAPI:
    """The FastAPI app. ``settings`` default to the environment; ``store`` to one opened at start.

    Given ``settings`` are what the routes see (``deps.app_settings`` reads ``app.state``).
    ``fast_lane=False`` sends every subgraph request through the FastAPI route (the tests
    compare the two; see ``lane.SubgraphLane``).
    """
    active = settings or get_settings()
    # rdflib's SPARQL parsing serialised, unknown evaluation hooks removed: now if rdflib's
    # SPARQL is loaded, else when it is (a server on the embedded store may never load it).
    guard_rdflib_on_import()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "store", None) is None:
            app.state.store = open_plan_store(
                active.store,
                data_dir=active.data_dir,
                load_seed=active.load_seed,
                skip_bad=active.skip_bad_plans,
                structure_max_quads=active.startup_check_max_quads,
            )
            log.info("store %s opened", active.store)
            index = app.state.store.index
            for bad in index.bad if index is not None else []:
                log.error("BAD PLAN FILE LEFT OUT: %s: %s", bad.name, bad.problem)
        # What start-up built (modules, the app, an rdflib store's terms) lives as long as the
        # process: move it out of the collector's reach, so that a full collection under load
        # does not walk it every time (~80 ms at 100k triples; p99 spikes).
        gc.collect()
        gc.freeze()
        # The query workers are forked now, after the store is loaded (see sparql_exec).
        sparql.query_pool(app, app.state.store, active)
        yield
        sparql.stop_query_pool(app)
        gc.unfreeze()

    app = FastAPI(
        title="plangraph",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        # /docs and /redoc come from routes/docs.py: FastAPI's own load their files from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    # Held on app.state, not set as a dependency override: any override makes FastAPI
    # re-analyse every dependency on every request (see deps.py).
    app.state.settings = active
    app.state.answer_cache = AnswerCache(active.answer_cache_mb * 2**20)

    install_error_handlers(app)
    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = harden_openapi(plain_openapi(), list(PREFIXES))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    # The routers' routes themselves, not ``include_router``: FastAPI analyses an included
    # router's routes again for every app (their parameters, dependencies and models: ~0.4 s
    # of CPU for the 49), on the app's first request that reaches them, to add what the
    # including router adds (a prefix, tags, dependencies, responses, its
    # ``dependency_overrides``). This app adds none (and takes no overrides: deps.py), and a
    # route holds no state of an app: every app serves the routes their routers made, each
    # analysed once per process, on first use (routes/_lazy.py).
    for router in ROUTERS:
        app.router.routes.extend(router.routes)

    static_api = _static_dir("api")
    if static_api is not None:
        app.mount("/static/api", StaticFiles(directory=static_api), name="static-api")

    if fast_lane:
        app.add_middleware(SubgraphLane)
        app.add_middleware(SparqlLane)
    if active.cors_origins:
        # Only the configured origins, read-only methods: never "*".
        app.add_middleware(
            JsonCORSMiddleware,
            allow_origins=list(active.cors_origins),
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "Accept-Language", "Content-Type"],
            expose_headers=["X-Request-ID", "X-Plangraph-Truncated", "X-Plangraph-Hubs"],
        )
    app.state.limits = ClientLimits(active)
    app.add_middleware(LimitsMiddleware, limits=app.state.limits)
    app.add_middleware(
        GuardMiddleware,
        max_body_bytes=active.max_body_bytes,
        allowed_hosts=active.allowed_hosts,
        api_key=active.api_key,
    )
    return app
