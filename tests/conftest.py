"""Shared fixtures: the seed data on every store backend."""

from __future__ import annotations

import pytest

from plangraph.store import PlanStore, open_store

BACKENDS = ("memory", "rdflib:memory")


@pytest.fixture(scope="session", params=BACKENDS)
def seed_store(request: pytest.FixtureRequest) -> PlanStore:
    """The seed data on each backend (shared: do not change it in a test)."""
    return open_store(request.param)


@pytest.fixture(params=BACKENDS)
def empty_store(request: pytest.FixtureRequest) -> PlanStore:
    """A store with only the ontology, fresh for each test, on each backend."""
    return open_store(request.param, data_dir=None)
