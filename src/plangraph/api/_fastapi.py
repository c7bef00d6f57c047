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

FastAPI also asks, of every route's response model and parameter as it makes the route (and of
an object ``jsonable_encoder`` cannot place), whether it is a pydantic v1 model, to refuse it:
its check imports ``pydantic.v1`` to ask (~30 ms of CPU, on a server's first request). A class or
object of pydantic v1 exists only once ``pydantic.v1`` has been imported; until then the answer
is no, given here without the import (``_without_v1_import``), and after it FastAPI's own check
answers, as before.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any


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


def _without_v1_import(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """``check`` (FastAPI's "is this pydantic v1?"), answering no while ``pydantic.v1`` is not
    imported: nothing can be of it before (see above)."""

    @functools.wraps(check)
    def checked(value: Any) -> bool:
        return "pydantic.v1" in sys.modules and check(value)

    return checked


def _skip_v1_import() -> None:
    """FastAPI's pydantic v1 checks, each wrapped by ``_without_v1_import`` where FastAPI calls
    it (left as they are where a FastAPI version has them elsewhere)."""
    from fastapi import encoders
    from fastapi._compat import shared

    for module, name in (
        (shared, "is_pydantic_v1_model_class"),  # annotation_is_pydantic_v1 calls it
        (shared, "is_pydantic_v1_model_instance"),
        (encoders, "is_pydantic_v1_model_instance"),
    ):
        check = getattr(module, name, None)
        if callable(check) and not hasattr(check, "__wrapped__"):
            setattr(module, name, _without_v1_import(check))


_import_fastapi()
_skip_v1_import()

from fastapi import FastAPI  # noqa: E402
from fastapi.staticfiles import StaticFiles  # noqa: E402

__all__ = ["FastAPI", "StaticFiles"]
