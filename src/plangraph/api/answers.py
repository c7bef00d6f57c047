"""Subgraph answers: computed once per store state, kept in memory, revalidated by ETag.

A subgraph answer is a pure function of the store's data and the request (root, depth, links,
direction, fan-out, format, language, node cap), so ``answer_subgraph`` files each answer under
the store's change counter (``PlanStore.generation``) and the request. Any write moves the
counter on, after which no older answer is served (the cache empties itself the first time it
sees the new counter). A store that others can change behind our back (a SPARQL server) has no
counter: nothing is cached for it.

Every answer carries a strong ``ETag`` (a hash of its bytes) and ``Cache-Control: no-cache``: a
client or proxy may keep it, but asks again each time; ``If-None-Match`` with the current tag
gets a 304 without a body.

``X-Plangraph-Cache`` says whether this answer came from the cache (``hit``), was computed now
(``miss``) or cannot be cached (``off``).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Protocol, overload

from plangraph.api.rendering import json_response_bytes, serialize_triples
from plangraph.store import PlanStore
from plangraph.subgraph import subgraph

__all__ = [
    "FORMATS",
    "OFFERED",
    "Answer",
    "AnswerCache",
    "SubgraphRequest",
    "answer_subgraph",
    "cache_of",
    "etag_matches",
]


OFFERED = ("application/json", "application/ld+json", "text/turtle", "application/n-triples")
"""The media types a subgraph answer comes in, the default first."""

FORMATS = {
    "json": "application/json",
    "jsonld": "application/ld+json",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
}
"""The ``format`` parameter's values (which override ``Accept``) and their media types."""


@dataclass(frozen=True, slots=True)
class SubgraphRequest:
    """Everything a subgraph answer depends on, besides the store's data."""

    root: str
    depth: int
    predicates: tuple[str, ...] | None  # None: the default links; (): every link
    direction: str  # "out", "in" or "both"
    fanout: int
    media: str
    lang: str
    max_nodes: int


@dataclass(frozen=True, slots=True)
class Answer:
    """A finished 200 answer: the body and the headers that describe it."""

    body: bytes
    content_type: str
    etag: str
    truncated: bool
    hubs: int

    def headers(self, cache: str) -> dict[str, str]:
        """The response headers (besides Content-Length), ``cache`` being hit, miss or off."""
        return {
            "Content-Type": self.content_type,
            "ETag": self.etag,
            "Cache-Control": "no-cache",
            "Vary": "Accept, Accept-Language",
            "X-Plangraph-Truncated": "true" if self.truncated else "false",
            "X-Plangraph-Hubs": str(self.hubs),
            "X-Plangraph-Cache": cache,
        }

    def not_modified_headers(self) -> dict[str, str]:
        """The headers of a 304 for this answer."""
        return {
            "ETag": self.etag,
            "Cache-Control": "no-cache",
            "Vary": "Accept, Accept-Language",
        }


_ENTRY_OVERHEAD = 512
"""Bytes an entry costs besides its body (key, answer object, dict slot): a rough figure."""


class Kept(Protocol):
    """What the cache keeps: anything with a ``body`` (its size is what counts)."""

    @property
    def body(self) -> bytes: ...


class AnswerCache:
    """A least-recently-used map of answers, bounded in bytes, for one store.

    Subgraph answers (keyed by ``SubgraphRequest``) and SPARQL answers (keyed by
    ``sparql_answers.answer_key``, a tuple) share it and its budget. Safe to use from the event
    loop and from worker threads at once.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Kept] = OrderedDict()
        self._bytes = 0
        self._generation: int | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Bytes held, counted as ``put`` counts them."""
        return self._bytes

    def _turn_to(self, generation: int) -> None:
        # Called with the lock held: a new store state makes every entry stale.
        if generation != self._generation:
            self._entries.clear()
            self._bytes = 0
            self._generation = generation

    @overload
    def get(self, generation: int, key: SubgraphRequest) -> Answer | None: ...
    @overload
    def get(self, generation: int, key: Hashable) -> Kept | None: ...
    def get(self, generation: int, key: Hashable) -> Kept | None:
        with self._lock:
            self._turn_to(generation)
            answer = self._entries.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, generation: int, key: Hashable, answer: Kept) -> None:
        size = len(answer.body) + _ENTRY_OVERHEAD
        if size > self.max_bytes:
            return
        with self._lock:
            self._turn_to(generation)
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body) + _ENTRY_OVERHEAD
            self._entries[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body) + _ENTRY_OVERHEAD


def cache_of(state: Any) -> AnswerCache | None:
    """The answer cache an app holds on its ``state`` (``None`` when it has none)."""
    cache = getattr(state, "answer_cache", None)
    return cache if isinstance(cache, AnswerCache) else None


def _compute(store: PlanStore, request: SubgraphRequest) -> Answer:
    result = subgraph(
        store,
        request.root,
        depth=request.depth,
        predicates=request.predicates,
        direction=request.direction,
        max_nodes=request.max_nodes,
        fanout=request.fanout,
    )
    if request.media == "application/json":
        body = json_response_bytes(result.as_json(request.lang))
    else:
        body = serialize_triples(result.triples(), request.media)
    content_type = request.media
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return Answer(
        body=body,
        content_type=content_type,
        etag='"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"',
        truncated=result.truncated,
        hubs=len(result.hubs),
    )


def answer_subgraph(
    store: PlanStore, request: SubgraphRequest, cache: AnswerCache | None
) -> tuple[Answer, str]:
    """The answer to ``request`` and whether it came from the cache (``hit``/``miss``/``off``).

    Raises what ``subgraph`` raises (``NotFoundError`` for an unknown root); errors are never
    cached.
    """
    generation = store.generation
    if cache is None or not cache.enabled or generation is None:
        return _compute(store, request), "off"
    found = cache.get(generation, request)
    if found is not None:
        return found, "hit"
    answer = _compute(store, request)
    cache.put(generation, request, answer)
    return answer, "miss"


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison, as RFC 9110 asks).

    >>> etag_matches('W/"abc", "def"', '"abc"')
    True
    >>> etag_matches("*", '"abc"')
    True
    >>> etag_matches('"abd"', '"abc"')
    False
    """
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    for part in if_none_match.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == etag:
            return True
    return False
