"""Routes analysed on first use: what a server start does not pay for routes it never serves.

FastAPI analyses a route when it is made: the endpoint's signature and those of its
dependencies, a pydantic type adapter for every parameter, body and response model (349 for
the 49 routes, ~0.5 s of CPU, most of a start's work after the imports). The routers make
their routes when ``plangraph.api.routes`` is imported, so every ``plangraph serve`` paid for
all of them before its first answer, whichever it would then serve.

``LazyRoute`` is an ``APIRoute`` that keeps its arguments and sets at once only what matching
a request and naming a URL read (the path and its pattern, the methods, the name, the
endpoint); the first read of anything else (the app that serves it, its dependencies, its
models, as a request it matches or the OpenAPI description reads them) runs ``APIRoute``'s
own ``__init__`` with the arguments it was given, in full. What it serves and describes is what
the ``APIRoute`` would: the same code, a little later.

>>> from fastapi import APIRouter
>>> router = APIRouter(route_class=LazyRoute)
>>> @router.get("/api/things/{name}")
... def thing(name: str, limit: int = 10) -> dict[str, int]:
...     return {name: limit}
>>> route = router.routes[0]
>>> "dependant" in vars(route), route.path_format, sorted(route.methods)
(False, '/api/things/{name}', ['GET'])
>>> [param.name for param in route.dependant.query_params]
['limit']
>>> "dependant" in vars(route)
True
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.routing import compile_path, get_name

__all__ = ["LazyRoute"]

_BUILDING = threading.RLock()
"""Held while a route is analysed: two threads reaching the same route wait for one analysis."""


class LazyRoute(APIRoute):
    """An ``APIRoute`` that runs ``APIRoute.__init__`` when anything but its path is first read."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        # As APIRoute.__init__ sets them (fastapi.routing._populate_api_route_state).
        self.path = path
        self.endpoint = endpoint
        name = options.get("name")
        self.name = get_name(endpoint) if name is None else name
        self.methods = {method.upper() for method in options.get("methods") or ["GET"]}
        self.include_in_schema = options.get("include_in_schema", True)
        self.path_regex, self.path_format, self.param_convertors = compile_path(path)
        self._arguments = (path, endpoint, options)

    def __getattr__(self, name: str) -> Any:
        """Called only for what the instance does not hold: analyse the route, then read again."""
        if name.startswith("__") or "_arguments" not in self.__dict__:
            raise AttributeError(name)  # analysed already: it has no such attribute
        with _BUILDING:
            # Another thread may have analysed it meanwhile; this one may be analysing it now
            # (APIRoute.__init__ reading what it has not set yet: an AttributeError below, as
            # an APIRoute's own would meet).
            if "_arguments" in self.__dict__ and "_analysing" not in self.__dict__:
                path, endpoint, options = self._arguments
                self._analysing = True
                try:
                    APIRoute.__init__(self, path, endpoint, **options)
                    del self._arguments
                finally:
                    del self._analysing
        return object.__getattribute__(self, name)
