"""Shared fixtures: the seed data on every store backend."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

from plangraph.store import PlanStore
from tests.helpers import BACKENDS, open_backend, tracer_paused

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


@pytest.fixture(autouse=True)
def _untraced(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests marked ``untraced`` run with coverage's tracer paused (when ``--cov`` runs one).

    For tests that repeat, thousands of times over, code other tests already run (the exhaustive
    subgraph walks, generating 250,000 triples twice): on Python 3.11 the tracer doubles their
    time and measures no line the other tests do not. Everything they check is still checked;
    the module-scoped fixtures they use were set up (and measured) before this one runs.
    """
    if request.node.get_closest_marker("untraced") is None:
        yield
        return
    with tracer_paused():
        yield


HEAVY_FIRST = (
    "tests/api/test_api_durability.py",
    "tests/test_subgraph_walk.py",
    "tests/api/test_api_openapi.py",
    "tests/test_generate.py",
    "tests/test_virtuoso.py",
    "tests/versions/test_generated_versions.py",
    "tests/browser/test_viz_browser.py",
    "tests/test_reports.py",
    "tests/api/test_api_sparql.py",
    "tests/test_store_index.py",
    "tests/api/test_api_hardening.py",
    "tests/browser/test_review_browser.py",
)
"""The modules that take longest (summed test times of a whole run, longest first): they run
first, so that on pytest-xdist (``--dist loadscope --no-loadscope-reorder``, each module on one
worker, handed out in this order) no long module starts near the end while the other worker has
nothing left to do. Every other module keeps its place in the collection order (many small
modules, the doctests last, fill the end)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Move the tests of ``HEAVY_FIRST`` to the front, module by module in that order; the
    order inside a module and of every other module is kept."""
    rank = {name: i for i, name in enumerate(HEAVY_FIRST)}
    root = config.rootpath

    def module_rank(item: pytest.Item) -> int:
        try:
            name = item.path.relative_to(root).as_posix()
        except ValueError:
            return len(rank)
        return rank.get(name, len(rank))

    items.sort(key=module_rank)  # stable: the rest keep their order
