"""FastAPI, imported with the pydantic models it defines built on first use.

Importing FastAPI defines ~40 pydantic models of the OpenAPI document (``fastapi.openapi.models``:
``OpenAPI``, ``Info``, ``PathItem``, ``APIKey``, ...) and builds each one's validator and
serializer as it is defined: ~8 % of the instructions of a ``plangraph serve`` start until the
app is built (callgrind, 2.19 G against 2.01 G), for models that only the OpenAPI description
(``/openapi.json``, ``/docs``) and the API key schemes use. Defined with pydantic's own
``defer_build``, the same models are built, in full and as before, the first time one is
validated or its schema is asked for (a request for the description, the security schemes when
``api/deps.py`` makes them); plangraph's own models already are (``api/schemas.py``).

``defer_build`` is set on ``BaseModel``'s configuration only while FastAPI's modules are first
imported: the classes defined meanwhile take it into their own configuration, and nothing
defined later does. If FastAPI was imported before (a program that uses it too), nothing
changes. Every module of plangraph imports FastAPI after this one (``plangraph.api`` runs it
first).
"""

from __future__ import annotations

import sys


def _import_fastapi() -> None:
    """Import ``fastapi`` with ``defer_build`` on for the models it defines (see above)."""
    from pydantic import BaseModel

    config = BaseModel.model_config
    if "fastapi" in sys.modules or "defer_build" in config:
        return
    config["defer_build"] = True
    try:
        import fastapi  # noqa: F401
    finally:
        del config["defer_build"]


_import_fastapi()

from fastapi import FastAPI  # noqa: E402
from fastapi.staticfiles import StaticFiles  # noqa: E402

__all__ = ["FastAPI", "StaticFiles"]
