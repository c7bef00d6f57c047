"""The HTTP API: resources, subgraphs, analyses, a read-only SPARQL endpoint and guarded writes.

``create_app`` builds the FastAPI application; the routers in ``plangraph.api.routes`` do the
work. ``plangraph serve`` starts it with uvicorn.
"""

from __future__ import annotations

from plangraph.api.app import create_app

__all__ = ["create_app"]
