"""Names every docstring example may use without importing them (``--doctest-modules``)."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Literal, URIRef


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["URIRef"] = URIRef
    doctest_namespace["Literal"] = Literal


# The longest test modules first: with `make test`'s `--dist loadscope` each module goes to one
# worker in collection order, so a long module collected last would run alone at the end.
# Within a module the order is unchanged; only whole modules move (tests do not depend on order).
_LONG_FIRST = (
    "tests/test_subgraph_walk.py",
    "tests/api/test_api_durability.py",
    "tests/versions/test_generated_versions.py",
    "tests/api/test_api_openapi.py",
    "tests/test_generate.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return _LONG_FIRST.index(path) if path in _LONG_FIRST else len(_LONG_FIRST)

    items.sort(key=rank)  # stable: every other test keeps its place
