"""Per-client limits: request rates, failed API keys, and each client's share of SPARQL slots.

A client is its IP address (``plangraph serve`` trusts no proxy headers). Three token buckets
per client, each refilled at its rate up to its burst:

- every request (``PLANGRAPH_RATE_LIMIT`` per second, ``PLANGRAPH_RATE_BURST``);
- ``/sparql`` requests in addition (``PLANGRAPH_SPARQL_RATE_LIMIT``, ``..._BURST``): stricter;
- wrong API keys (``PLANGRAPH_FAILED_KEY_LIMIT`` per minute, ``..._BURST``): once a client has
  spent them, every request of its that carries a key gets 429 until the bucket refills, so a
  key cannot be guessed at speed.

A rate of 0 turns that limit off. An empty bucket answers ``429`` with ``Retry-After`` (whole
seconds) in the JSON error shape.

SPARQL slots: whatever pool runs the queries (``sparql_max_concurrent`` of them), one client
has at most its share running at once (``PLANGRAPH_SPARQL_CLIENT_SHARE``, default half the
pool, at least 1); its further queries wait in line (at most ``PLANGRAPH_SPARQL_CLIENT_QUEUE``
of them, each at most twice ``PLANGRAPH_QUERY_TIMEOUT`` and a second), else get 429. So 25 slow queries
from one client hold half the pool, and everyone else still has the other half. The share is
taken here, around the whole request, so the SPARQL route needs no change; a route that wants
to take it itself can call ``sparql_share(request)`` (an async context manager).

>>> buckets = TokenBuckets(rate=1.0, burst=2)
>>> [buckets.take("a", now=0.0) for _ in range(3)]
[0.0, 0.0, 1.0]
>>> buckets.take("a", now=1.0), buckets.take("b", now=1.0)
(0.0, 0.0)
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import Request

from plangraph.api.errors import ASGIApp, Receive, Scope, Send, send_error
from plangraph.config import Settings

__all__ = [
    "ClientLimits",
    "ClientShare",
    "LimitsMiddleware",
    "TokenBuckets",
    "client_of",
    "limits_of",
    "sparql_share",
]

MAX_CLIENTS = 10_000
"""Buckets kept at most; the least recently seen client's bucket goes first (it is full by then,
or nearly: a client that comes back starts with a full bucket)."""

SPARQL_PATHS = frozenset({"/sparql"})


class TokenBuckets:
    """One token bucket per client: ``take`` spends a token, or says how long until there is one."""

    def __init__(self, rate: float, burst: float, *, max_clients: int = MAX_CLIENTS) -> None:
        self.rate = rate
        self.burst = max(1.0, float(burst))
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def _level(self, client: str, now: float) -> float:
        tokens, last = self._buckets.get(client, (self.burst, now))
        return min(self.burst, tokens + (now - last) * self.rate)

    def take(self, client: str, now: float | None = None) -> float:
        """Spend one token: 0.0 if there was one, else the seconds until there will be."""
        if not self.enabled:
            return 0.0
        now = time.monotonic() if now is None else now
        tokens = self._level(client, now)
        if tokens >= 1.0:
            self._store(client, tokens - 1.0, now)
            return 0.0
        self._store(client, tokens, now)
        return (1.0 - tokens) / self.rate

    def wait(self, client: str, now: float | None = None) -> float:
        """Seconds until a token is there (0.0 if one is), spending nothing."""
        if not self.enabled or client not in self._buckets:
            return 0.0
        now = time.monotonic() if now is None else now
        tokens = self._level(client, now)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def _store(self, client: str, tokens: float, now: float) -> None:
        self._buckets[client] = (tokens, now)
        self._buckets.move_to_end(client)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)


class Busy(Exception):
    """A client's share of the slots is taken and its line is full, or it waited too long."""


@dataclass
class _Client:
    semaphore: asyncio.Semaphore
    users: int = 0


class ClientShare:
    """At most ``share`` concurrent holders per client; others wait in line (bounded)."""

    def __init__(self, share: int, queue: int, timeout: float) -> None:
        self.share = max(1, share)
        self.queue = max(0, queue)
        self.timeout = timeout
        self._clients: dict[str, _Client] = {}

    def running(self, client: str) -> int:
        """How many of ``client``'s requests hold a slot of its share now."""
        entry = self._clients.get(client)
        if entry is None:
            return 0
        return self.share - entry.semaphore._value

    @asynccontextmanager
    async def hold(self, client: str) -> AsyncIterator[None]:
        """Hold one of ``client``'s slots for the block; ``Busy`` if none comes in time."""
        entry = self._clients.get(client)
        if entry is None:
            entry = self._clients[client] = _Client(asyncio.Semaphore(self.share))
        if entry.users >= self.share + self.queue:
            raise Busy
        entry.users += 1
        try:
            if entry.semaphore.locked():
                # In line: asyncio.timeout times this task's own wait (wait_for would start a
                # task per waiting request).
                try:
                    async with asyncio.timeout(self.timeout):
                        await entry.semaphore.acquire()
                except TimeoutError:
                    raise Busy from None
            else:
                # A free slot is taken at once: no timer.
                await entry.semaphore.acquire()
            try:
                yield
            finally:
                entry.semaphore.release()
        finally:
            entry.users -= 1
            if entry.users == 0:
                self._clients.pop(client, None)


class ClientLimits:
    """The limits of one app, from its settings (held on ``app.state.limits``)."""

    def __init__(self, settings: Settings) -> None:
        self.requests = TokenBuckets(settings.rate_limit, settings.rate_burst)
        self.sparql = TokenBuckets(settings.sparql_rate_limit, settings.sparql_rate_burst)
        self.failed_keys = TokenBuckets(settings.failed_key_limit / 60.0, settings.failed_key_burst)
        share = settings.sparql_client_share or max(1, settings.sparql_max_concurrent // 2)
        # A query in line waits for one running query's deadline, and then some.
        self.sparql_share = ClientShare(
            share, settings.sparql_client_queue, 2 * settings.query_timeout + 1
        )

    def note_failed_key(self, client: str) -> None:
        """A wrong API key from ``client``: spend one of its failed-key tokens."""
        self.failed_keys.take(client)


def client_of(scope: Scope) -> str:
    """The client's address (the peer of the connection)."""
    client = scope.get("client")
    return str(client[0]) if client else "-"


def limits_of(request: Request) -> ClientLimits | None:
    """The app's limits, if it has any."""
    limits = getattr(request.app.state, "limits", None)
    return limits if isinstance(limits, ClientLimits) else None


@asynccontextmanager
async def sparql_share(request: Request) -> AsyncIterator[None]:
    """Hold one of this client's SPARQL slots (429 ``ApiError`` if none comes in time).

    ``LimitsMiddleware`` already does this around every ``/sparql`` request; this is for a
    route elsewhere that runs queries on the same pool.
    """
    from plangraph.api.errors import ApiError

    limits = limits_of(request)
    if limits is None:
        yield
        return
    try:
        async with limits.sparql_share.hold(client_of(request.scope)):
            yield
    except Busy:
        raise ApiError(
            429,
            "too many of your queries are running or waiting; try again in a moment",
            headers={"Retry-After": "1"},
        ) from None


def _retry_after(seconds: float) -> dict[str, str]:
    return {"Retry-After": str(max(1, math.ceil(seconds)))}


class LimitsMiddleware:
    """Pure ASGI middleware applying ``ClientLimits`` before a request reaches the routes."""

    def __init__(self, app: ASGIApp, *, limits: ClientLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limits = self.limits
        client = client_of(scope)
        request_id = str(scope.get("state", {}).get("request_id", "-"))
        wait = limits.requests.take(client)
        if wait:
            await send_error(
                send,
                429,
                "too many requests from this client; slow down and try again",
                request_id,
                _retry_after(wait),
            )
            return
        if limits.failed_keys.enabled and any(
            name in (b"x-api-key", b"authorization") for name, _v in scope.get("headers", [])
        ):
            wait = limits.failed_keys.wait(client)
            if wait:
                await send_error(
                    send,
                    429,
                    "too many wrong API keys from this client; try again later",
                    request_id,
                    _retry_after(wait),
                )
                return
        if scope.get("path") not in SPARQL_PATHS:
            await self.app(scope, receive, send)
            return
        wait = limits.sparql.take(client)
        if wait:
            await send_error(
                send,
                429,
                "too many SPARQL queries from this client; slow down and try again",
                request_id,
                _retry_after(wait),
            )
            return
        try:
            async with limits.sparql_share.hold(client):
                await self.app(scope, receive, send)
        except Busy:
            await send_error(
                send,
                429,
                "too many of your SPARQL queries are running or waiting; let them finish and "
                "try again",
                request_id,
                _retry_after(1),
            )
