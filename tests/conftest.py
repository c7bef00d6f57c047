"""Shared fixtures: the seed data on every store backend."""

from __future__ import annotations

import os
import tempfile

import pytest

from plangraph.store import PlanStore
from tests.helpers import BACKENDS, open_backend

__all__ = ["BACKENDS"]

# The command line keeps its store in the user's cache folder: the tests get their own, not the
# home folder's (run_cli passes XDG_CACHE_HOME on to every command it runs).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="plangraph-test-cache-")


@pytest.fixture(scope="session", params=BACKENDS)
def seed_store(request: pytest.FixtureRequest) -> PlanStore:
    """The seed data on each backend (shared: do not change it in a test)."""
    return open_backend(request.param)


@pytest.fixture(params=BACKENDS)
def empty_store(request: pytest.FixtureRequest) -> PlanStore:
    """A store with only the ontology, fresh for each test, on each backend."""
    return open_backend(request.param, data_dir=None)
