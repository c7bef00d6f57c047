"""``/api/health``: the server is up and the store open."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from plangraph.api.answers import AnswerCache
from plangraph.api.deps import AnswerCacheDep, StoreDep
from plangraph.api.routes._lazy import LazyRoute
from plangraph.api.schemas import CacheStats, Health
from plangraph.store import PlanStore

router = APIRouter(tags=["health"], route_class=LazyRoute)


def _health(store: PlanStore, cache: AnswerCache | None) -> Health:
    stats = None
    if cache is not None and cache.enabled and store.generation is not None:
        stats = CacheStats(
            entries=len(cache),
            bytes=cache.size,
            max_bytes=cache.max_bytes,
            hits=cache.hits,
            misses=cache.misses,
        )
    index = store.index
    bad = [b.as_dict() for b in index.bad] if index is not None else []
    return Health(
        status="degraded" if bad else "ok",
        backend=store.backend,
        graphs=store.graph_count(),
        answer_cache=stats,
        bad_plans=bad,
    )


@router.get("/api/health", response_model=Health, summary="Whether the server is up")
async def health(store: StoreDep, cache: AnswerCacheDep) -> Health:
    """``ok`` once the store is open, with the number of named graphs it holds and what the
    subgraph answer cache holds and has answered since start."""
    if store.answers_inline:
        # An index scan without I/O: cheaper on the event loop than a hop to the thread pool.
        return _health(store, cache)
    return await run_in_threadpool(_health, store, cache)
