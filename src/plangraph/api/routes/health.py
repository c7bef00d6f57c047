"""``/api/health``: the server is up and the store open."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from plangraph.api.deps import StoreDep
from plangraph.api.schemas import Health
from plangraph.store import OxigraphStore, PlanStore

router = APIRouter(tags=["health"])


def _health(store: PlanStore) -> Health:
    return Health(status="ok", backend=store.backend, graphs=store.graph_count())


@router.get("/api/health", response_model=Health, summary="Whether the server is up")
async def health(store: StoreDep) -> Health:
    """``ok`` once the store is open, with the number of named graphs it holds."""
    if isinstance(store, OxigraphStore):
        # An index scan without I/O: cheaper on the event loop than a hop to the thread pool.
        return _health(store)
    return await run_in_threadpool(_health, store)
