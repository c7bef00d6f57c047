"""``plangraph serve``: the HTTP API with uvicorn.

One process: the store lives in its memory, so several workers would each load (and, for the
in-memory store, each hold and write) their own copy. uvicorn's ``auto`` event loop and HTTP
parser pick uvloop and httptools, which the ``uvicorn[standard]`` dependency installs; the
standard asyncio loop and h11 parser are the fallback when they are missing.
"""

from __future__ import annotations

from typing import Annotated

import typer

from plangraph.cli._common import command, settings

__all__: list[str] = []


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
) -> None:
    """Serve the API, the SPARQL endpoint and the pages (settings from PLANGRAPH_*)."""
    import uvicorn

    from plangraph.api import create_app

    app = create_app(settings())
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        proxy_headers=False,
        loop="auto",
        http="auto",
    )
