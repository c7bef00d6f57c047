"""``plangraph serve``: the HTTP API with uvicorn.

One process: the store lives in its memory, so several workers would each load (and, for the
in-memory store, each hold and write) their own copy.

HTTP parsing is httptools when installed (``uvicorn[standard]`` installs it; h11 otherwise). The
event loop is the standard asyncio loop unless ``--loop uvloop`` asks otherwise: measured with
wrk at 32 connections on the 1M-triple graph (benchmarks/results/api.md), uvloop gave about the
same throughput but a p99 four times worse (~400 ms against ~100 ms), because it lets some
connections wait while others are served (MagicStack/uvloop issue #123 describes the pattern).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from plangraph.cli._common import check_data_dir, command, report_loaded, settings

if TYPE_CHECKING:
    from plangraph.store import PlanStore

__all__: list[str] = []


class Loop(StrEnum):
    """The event loop uvicorn runs."""

    asyncio = "asyncio"
    uvloop = "uvloop"
    auto = "auto"


@command("serve")
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=0, max=65535)
    ] = 8000,
    log_level: Annotated[
        str, typer.Option("--log-level", help="uvicorn log level (info, warning, ...).")
    ] = "info",
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log/--no-access-log",
            help="Log every request (a line per request costs time under load).",
        ),
    ] = True,
    loop: Annotated[
        Loop,
        typer.Option(
            "--loop",
            help="Event loop: asyncio (fairest under load), uvloop, or auto (uvloop if installed).",
        ),
    ] = Loop.asyncio,
    skip_bad_plans: Annotated[
        bool,
        typer.Option(
            "--skip-bad-plans",
            help="Start even if plan files fail the start-up check: leave them out and list "
            "them in the log and /api/health (PLANGRAPH_SKIP_BAD_PLANS).",
        ),
    ] = False,
) -> None:
    """Serve the API, the SPARQL endpoint and the pages (settings from PLANGRAPH_*)."""
    import gc

    from plangraph.ingest.plans import open_plan_store

    active = settings()
    if skip_bad_plans:
        active = active.model_copy(update={"skip_bad_plans": True})
    # Opened here, before the server starts: a missing data folder or a bad plan file stops the
    # start with a message naming it (exit 2), not a traceback from inside the server.
    folder = check_data_dir(active.data_dir)
    store = open_plan_store(
        active.store,
        data_dir=active.data_dir,
        load_seed=active.load_seed,
        skip_bad=active.skip_bad_plans,
        structure_max_quads=active.startup_check_max_quads,
    )
    index = store.index
    for bad in index.bad if index is not None else []:
        typer.echo(f"error: BAD PLAN FILE LEFT OUT: {bad.name}: {bad.problem}", err=True)
    if folder is not None and active.load_seed:
        report_loaded(store, folder)
    # The server's modules are imported once the store has opened (a start refused for a bad
    # plan file or data folder does not wait for them), with the collector off: importing them
    # and building the app makes ~70,000 objects that live as long as the process (and a few
    # hundred of garbage), and the collections their making set off walked them again and
    # again, then the lifespan's full collection once more (app.py). What the store's opening
    # left is collected first; what the imports built is then frozen as it is (out of every
    # later collection's reach, as the lifespan would have frozen it), without a walk.
    gc.collect()
    gc.disable()
    try:
        import uvicorn

        from plangraph.api import create_app
        from plangraph.api.errors import json_error_protocol

        app = create_app(active, store=store)
        gc.freeze()
    finally:
        gc.enable()
    try:
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level=log_level,
            access_log=access_log,
            proxy_headers=False,
            loop=loop.value,
            http=json_error_protocol(),  # httptools when installed, else h11; errors as JSON
        )
    finally:
        _leave(store)


def _leave(store: PlanStore) -> None:
    """The end of the process, once the server has stopped: the store let go of (an on-disk
    store flushed, its lock released), then everything still alive moved out of the collector's
    reach. Python's shutdown runs full collections as it takes the modules apart; over what a
    server holds (the modules, the app's routes and models, the store's terms) they took ~0.5 s
    of CPU and 1-2 s of waiting for a stop, for nothing: the memory goes with the process."""
    import gc

    store.close()
    gc.freeze()
