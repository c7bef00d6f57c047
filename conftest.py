"""Names every docstring example may use without importing them (``--doctest-modules``)."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Literal, URIRef


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["URIRef"] = URIRef
    doctest_namespace["Literal"] = Literal
