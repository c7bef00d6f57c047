"""A fast lane for ``GET /sparql``: a plain query goes to a query worker without FastAPI's
per-request work and without a thread.

FastAPI's route costs about a millisecond before the query reaches a worker (routing,
parameters, dependencies, a hop to the thread pool that then waits on the worker's pipe);
the engine answers a small query in a fraction of that. This pure ASGI middleware takes a
plain GET (one ``query`` parameter and nothing else, an ``Accept`` the endpoint can answer,
a query that passes ``inspect_query`` and names no dataset of its own), hands it to an idle
worker of the pool, and waits for the answer on the event loop (``QueryPool.run_async``), so
the deadline, the row cap and the byte cap are the route's.

Anything else goes on to the FastAPI route unchanged, which checks it again and writes the
error or runs it: a request the lane is unsure of, a refused query (nothing has run), a
dataset (FROM, ``default-graph-uri``). When all workers are busy the lane waits on the event
loop for one (the pool hands a released worker to waiting loops and waiting threads in
turn). Once the lane has taken a query it answers itself, errors too, in the shape every
error has.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qsl

from plangraph.api.answers import cache_of
from plangraph.api.errors import ApiError, ASGIApp, Scope, Send
from plangraph.api.lane import GetLane
from plangraph.api.rendering import negotiate
from plangraph.api.sparql_answers import keep, look_up
from plangraph.api.sparql_exec import GRAPH_TYPES, RESULT_TYPES, QueryJob, QueryOutcome, QueryPool
from plangraph.config import Settings
from plangraph.errors import PlangraphError
from plangraph.sparql import inspect_query
from plangraph.store import PlanStore

__all__ = ["SPARQL_PATH", "SparqlLane"]

SPARQL_PATH = "/sparql"


def _query_of(query_string: bytes) -> str | None:
    """The one ``query`` parameter, if it is the only parameter; else ``None``."""
    try:
        pairs = parse_qsl(query_string.decode("ascii"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return None
    if len(pairs) != 1 or pairs[0][0] != "query" or not pairs[0][1].strip():
        return None
    return pairs[0][1]


@dataclass(frozen=True, slots=True)
class _Plain:
    """A query string the lane takes: the query text and its kind (from ``inspect_query``)."""

    query: str
    kind: str


def _plain_query(query_string: bytes) -> _Plain | None:
    """The query of a plain request, if it passes ``inspect_query`` and names no dataset of its
    own; ``None`` sends the request on to the route."""
    query = _query_of(query_string)
    if query is None:
        return None
    try:
        info = inspect_query(query)
    except PlangraphError:
        return None  # refused before anything ran: the route writes the error
    if info.has_dataset:
        return None
    return _Plain(query, info.kind)


MEMO_ENTRIES = 512
"""Query strings whose verdict the lane remembers (the most recently taken ones)."""
MEMO_MAX_CHARS = 16_384
"""Longer query strings are checked every time (the memo stays under ~8 MB)."""


class SparqlLane(GetLane):
    """Pure ASGI middleware: answers plain ``GET /sparql`` queries through the worker pool.

    The check of a query string (decoding it, ``inspect_query``) is a pure function of its
    bytes, so the lane remembers the verdict for the last ``MEMO_ENTRIES`` strings it took: an
    API consumer sending the same query again skips ~60 µs of the ~1 ms a small query costs.
    Only the verdict is kept: the query runs in a worker every time (answers are cached, if at
    all, by ``sparql_answers``: the answer cache).
    """

    path = SPARQL_PATH

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self._memo: OrderedDict[bytes, _Plain] = OrderedDict()
        self._accepts: dict[tuple[str | None, bool], str | None] = {}

    def _plain(self, query_string: bytes) -> _Plain | None:
        # Only ever used on the event loop's thread: no lock.
        memo = self._memo
        plain = memo.get(query_string)
        if plain is not None:
            memo.move_to_end(query_string)
            return plain
        plain = _plain_query(query_string)
        if plain is not None and len(query_string) <= MEMO_MAX_CHARS:
            memo[query_string] = plain
            if len(memo) > MEMO_ENTRIES:
                memo.popitem(last=False)
        return plain

    def _media(self, accept: str | None, results: bool) -> str | None:
        # A client sends the same Accept header every time: its reading is remembered (a few
        # dozen distinct headers at most in practice; the memo starts over past 256).
        key = (accept, results)
        media = self._accepts.get(key, "")
        if media == "":
            media = negotiate(accept, RESULT_TYPES if results else GRAPH_TYPES)
            if accept is None or len(accept) <= 256:
                if len(self._accepts) >= 256:
                    self._accepts.clear()
                self._accepts[key] = media
        return media

    async def _answer(self, scope: Scope, send: Send) -> bool:
        state = scope["app"].state
        store = getattr(state, "store", None)
        settings = getattr(state, "settings", None)
        pool = getattr(state, "sparql_pool", None)
        if not isinstance(store, PlanStore) or not isinstance(settings, Settings):
            return False
        if not isinstance(pool, QueryPool) or pool.store is not store:
            return False
        accept: str | None = None
        for name, value in scope["headers"]:
            if name == b"accept":
                if accept is not None:
                    return False
                accept = value.decode("latin-1")
        plain = self._plain(scope["query_string"])
        if plain is None:
            return False
        kind = plain.kind
        media = self._media(accept, kind in ("SELECT", "ASK"))
        if media is None:
            return False
        job = QueryJob(
            plain.query,
            kind,
            media,
            max_rows=settings.max_rows,
            max_bytes=settings.sparql_max_result_bytes,
        )
        lookup = look_up(cache_of(state), store, job)
        if lookup.found is not None:
            await self._send(send, lookup.found, lookup.status)
            return True
        try:
            outcome = await pool.answer_async(job, timeout=settings.query_timeout)
        except ApiError as exc:
            await self._error(scope, send, exc)
            return True
        keep(lookup, store, outcome)
        await self._send(send, outcome, lookup.status)
        return True

    async def _send(self, send: Send, outcome: QueryOutcome, cache: str) -> None:
        headers = [
            (b"content-type", outcome.content_type.encode("latin-1")),
            (b"content-length", str(len(outcome.body)).encode("latin-1")),
            (b"x-plangraph-truncated", b"true" if outcome.truncated else b"false"),
            (b"x-plangraph-cache", cache.encode("latin-1")),
            (b"vary", b"Accept"),
            (b"cache-control", b"no-store"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": outcome.body})

    async def _error(self, scope: Scope, send: Send, exc: ApiError) -> None:
        request_id = str(scope.get("state", {}).get("request_id", "") or "-")
        error = {"status": exc.status, "message": exc.message, "request_id": request_id}
        error.update(exc.extra)
        body = json.dumps({"error": error}).encode("utf-8")
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("latin-1")),
            (b"x-request-id", request_id.encode("latin-1")),
        ]
        headers += [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in exc.headers.items()
        ]
        await send({"type": "http.response.start", "status": exc.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
