"""SPARQL answers kept for the store state they were computed on (the answer cache).

A read-only query's answer is a pure function of the store's data and the request: the query
text, the result media type, the dataset (``default-graph-uri``, ``named-graph-uri``, the
query's own FROM) and the caps. So a complete answer (not cut by the row cap; errors never) is
filed in the app's ``AnswerCache`` (``PLANGRAPH_ANSWER_CACHE_MB``, shared with the subgraph
answers) under the store's change counter (``PlanStore.generation``) and that request. Any write
moves the counter on, and from then on no older answer is served.

An answer is filed only if the counter was even (no write under way) when the query was handed
to a worker and is still the same when the answer is in: the worker then answered from exactly
that state (``QueryPool`` hands out only workers forked at the current counter). Stores without
a counter (a SPARQL server that others may change) keep nothing.

``X-Plangraph-Cache`` says whether an answer came from the cache (``hit``), was computed now
(``miss``) or could not be looked up (``off``: the cache is off, or the store has no counter).
"""

from __future__ import annotations

from collections.abc import Hashable

from plangraph.api.answers import AnswerCache
from plangraph.api.sparql_exec import QueryJob, QueryOutcome
from plangraph.store import PlanStore

__all__ = ["Lookup", "answer_key", "keep", "look_up"]


def answer_key(job: QueryJob) -> Hashable:
    """Everything a SPARQL answer depends on besides the store's data."""
    return (
        "sparql",
        job.query,
        job.kind,
        job.media,
        job.max_rows,
        job.max_bytes,
        None if job.default_graphs is None else tuple(job.default_graphs),
        None if job.named_graphs is None else tuple(job.named_graphs),
        job.from_query,
    )


class Lookup:
    """A cache look-up for one job: the answer found (``hit``), or what ``keep`` needs."""

    __slots__ = ("cache", "found", "generation", "key", "status")

    def __init__(
        self,
        cache: AnswerCache | None,
        generation: int | None,
        key: Hashable,
        found: QueryOutcome | None,
        status: str,
    ) -> None:
        self.cache = cache
        self.generation = generation
        self.key = key
        self.found = found
        self.status = status


def look_up(cache: AnswerCache | None, store: PlanStore, job: QueryJob) -> Lookup:
    """The cached answer to ``job`` if there is one for the store's current state."""
    generation = store.generation
    if cache is None or not cache.enabled or generation is None:
        return Lookup(None, None, None, None, "off")
    key = answer_key(job)
    if generation % 2:  # a write is under way: nothing is looked up or kept
        return Lookup(None, None, key, None, "miss")
    found = cache.get(generation, key)
    if isinstance(found, QueryOutcome):
        return Lookup(cache, generation, key, found, "hit")
    return Lookup(cache, generation, key, None, "miss")


def keep(lookup: Lookup, store: PlanStore, outcome: QueryOutcome) -> None:
    """File ``outcome`` (the answer computed after ``lookup`` missed) if it is whole and the
    store did not change meanwhile."""
    cache = lookup.cache
    if cache is None or lookup.generation is None or outcome.truncated:
        return
    if store.generation != lookup.generation:
        return
    cache.put(lookup.generation, lookup.key, outcome)
