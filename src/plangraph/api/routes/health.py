"""``/api/health``: the server is up and the store open."""

from __future__ import annotations

from fastapi import APIRouter

from plangraph.api.deps import StoreDep
from plangraph.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/api/health", response_model=Health, summary="Whether the server is up")
def health(store: StoreDep) -> Health:
    """``ok`` once the store is open."""
    return Health(status="ok", backend=store.backend, graphs=len(store.graph_names()))
