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
from typing import Annotated

import typer

from plangraph.cli._common import command, get_store, settings

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
) -> None:
    """Serve the API, the SPARQL endpoint and the pages (settings from PLANGRAPH_*)."""
    import uvicorn

    from plangraph.api import create_app
    from plangraph.api.errors import json_error_protocol

    # Opened here, not at the app's start, so that a missing data folder is exit 2 with a
    # message and the command says what the folder gave.
    app = create_app(settings(), store=get_store())
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
