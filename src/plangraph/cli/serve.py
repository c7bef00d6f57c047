"""``plangraph serve``: the HTTP API with uvicorn."""

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
) -> None:
    """Serve the API, the SPARQL endpoint and the pages (settings from PLANGRAPH_*)."""
    import uvicorn

    from plangraph.api import create_app

    app = create_app(settings())
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False)
