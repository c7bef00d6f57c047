"""A fast lane for ``GET /api/subgraph``: the API's hot path without FastAPI's per-request work.

FastAPI spends about half a millisecond on each subgraph request before the walk starts:
matching the route, validating nine parameters through pydantic, solving three dependencies.
At 32 concurrent clients that is most of the server's time. This pure ASGI middleware answers
the plain, well-formed requests itself, with the same function the FastAPI route calls
(``answers.answer_subgraph``), so the answer (body, headers, ETag) is the same either way.

It takes a request only when it can read every part of it without doubt: a GET with no
parameters besides the route's own (each at most once, except ``predicate``), values in the
exact forms the route accepts (a small decimal number for ``depth`` and ``fanout``, a known
``direction``/``format``/``lang``), a root and predicates that pass the same IRI checks, an
``Accept`` header the route can satisfy. Anything else (a missing or odd parameter, a 406, an
unknown root, any error) goes on to the FastAPI route unchanged, which validates it and writes
the error as every other route does. The route stays the documented interface (OpenAPI); the
lane is an implementation detail that the tests compare against it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from plangraph.api.answers import (
    FORMATS,
    OFFERED,
    SubgraphRequest,
    answer_subgraph,
    cache_of,
    etag_matches,
)
from plangraph.api.deps import filter_iri, resolve_lang
from plangraph.api.errors import ASGIApp, Receive, Scope, Send
from plangraph.api.rendering import negotiate
from plangraph.config import Settings
from plangraph.errors import PlangraphError
from plangraph.labels import LANGUAGES
from plangraph.store import PlanStore
from plangraph.subgraph import DEFAULT_FANOUT, MAX_DEPTH

__all__ = ["SUBGRAPH_PATH", "GetLane", "SubgraphLane", "parse_subgraph_request"]

SUBGRAPH_PATH = "/api/subgraph"

DIRECTIONS = frozenset({"out", "in", "both"})
LANGS = frozenset(LANGUAGES)
MAX_FANOUT = 100_000
_SINGLE = frozenset({"root", "depth", "direction", "fanout", "format", "lang"})


def _small_int(text: str, high: int) -> int | None:
    # Only plain decimal digits: pydantic also reads forms like "+2" or " 2", which the lane
    # leaves to the route rather than guess how they are read.
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        return None
    value = int(text)
    return value if value <= high else None


def parse_subgraph_request(
    query_string: bytes,
    accept: str | None,
    accept_language: str | None,
    max_nodes: int,
) -> SubgraphRequest | None:
    """The request, if the lane can take it; ``None`` sends it on to the FastAPI route."""
    single: dict[str, str] = {}
    predicates: list[str] = []
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if value == "":
            return None
        if key == "predicate":
            predicates.append(value)
        elif key in _SINGLE and key not in single:
            single[key] = value
        else:
            return None  # an unknown or repeated parameter
    root_text = single.get("root")
    if root_text is None:
        return None
    depth = 1
    if "depth" in single:
        parsed = _small_int(single["depth"], MAX_DEPTH)
        if parsed is None:
            return None
        depth = parsed
    fanout = DEFAULT_FANOUT
    if "fanout" in single:
        parsed = _small_int(single["fanout"], MAX_FANOUT)
        if parsed is None:
            return None
        fanout = parsed
    direction = single.get("direction", "both")
    if direction not in DIRECTIONS:
        return None
    lang = single.get("lang")
    if lang is not None and lang not in LANGS:
        return None
    given = single.get("format")
    media = FORMATS.get(given) if given is not None else negotiate(accept, OFFERED)
    if media is None:
        return None
    try:
        root = filter_iri(root_text, "root")
        chosen: tuple[str, ...] | None = None
        if predicates:
            if "*" in predicates:
                chosen = ()
            else:
                iris = [filter_iri(p, "predicate") for p in predicates]
                if any(iri is None for iri in iris):
                    return None
                chosen = tuple(str(iri) for iri in iris)
    except PlangraphError:
        return None
    if root is None:
        return None
    return SubgraphRequest(
        root=str(root),
        depth=depth,
        predicates=chosen,
        direction=direction,
        fanout=fanout,
        media=media,
        lang=resolve_lang(lang, accept_language),
        max_nodes=max_nodes,
    )


class GetLane:
    """Pure ASGI middleware for one path: ``_answer`` takes the plain ``GET`` requests it can
    read without doubt (returning True once it answered); everything else goes on to the app."""

    path: str

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != self.path
            or scope["method"] != "GET"
            or not await self._answer(scope, send)
        ):
            await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, send: Send) -> bool:
        raise NotImplementedError


class SubgraphLane(GetLane):
    """Pure ASGI middleware: answers plain ``GET /api/subgraph`` requests on Oxigraph stores.

    Other backends run SPARQL queries that may take long and belong in the route's thread pool;
    their requests go on to the route.
    """

    path = SUBGRAPH_PATH

    async def _answer(self, scope: Scope, send: Send) -> bool:
        state = scope["app"].state
        store = getattr(state, "store", None)
        settings = getattr(state, "settings", None)
        if not isinstance(store, PlanStore) or not store.answers_inline:
            return False
        if not isinstance(settings, Settings):
            return False
        accept = accept_language = if_none_match = None
        for name, value in scope["headers"]:
            if name == b"accept":
                if accept is not None:
                    return False
                accept = value.decode("latin-1")
            elif name == b"accept-language":
                if accept_language is not None:
                    return False
                accept_language = value.decode("latin-1")
            elif name == b"if-none-match":
                if if_none_match is not None:
                    return False
                if_none_match = value.decode("latin-1")
        wanted = parse_subgraph_request(
            scope["query_string"], accept, accept_language, settings.subgraph_max_nodes
        )
        if wanted is None:
            return False
        try:
            answer, cached = answer_subgraph(store, wanted, cache_of(state))
        except PlangraphError:
            return False  # an unknown root: the route writes the error
        if etag_matches(if_none_match, answer.etag):
            status, body, headers = 304, b"", answer.not_modified_headers()
        else:
            status, body, headers = 200, answer.body, answer.headers(cached)
            headers["Content-Length"] = str(len(body))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in headers.items()
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return True
