"""Finding the ontology, the seed data and the packaged SPARQL queries.

Everything is found through ``importlib.resources.files("plangraph")``, the same way in a
checkout (where ``_ontology`` and ``_data`` are symlinks to the top-level ``ontology/`` and
``data/``) and in an installed wheel (which carries copies under the same names).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from plangraph.errors import QueryInputError

__all__ = [
    "data_dir",
    "ontology_file",
    "query_names",
    "query_text",
    "shapes_file",
]


def _package() -> Traversable:
    return files("plangraph")


def ontology_file() -> Traversable:
    """The OWL ontology, ``ontology/plangraph.ttl``."""
    return _package() / "_ontology" / "plangraph.ttl"


def shapes_file() -> Traversable:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return _package() / "_ontology" / "shapes.ttl"


def data_dir() -> Traversable:
    """The seed data: one Turtle file per plan, plus curated links."""
    return _package() / "_data"


def _queries_dir() -> Traversable:
    return _package() / "queries"


@cache
def query_names() -> tuple[str, ...]:
    """Names of the packaged queries (``queries/NAME.rq``), sorted."""
    return tuple(
        sorted(p.name[: -len(".rq")] for p in _queries_dir().iterdir() if p.name.endswith(".rq"))
    )


@cache
def query_text(name: str) -> str:
    """The text of the packaged query ``name``.

    >>> "SELECT" in query_text("counts_per_class").upper()
    True
    """
    if name not in query_names():
        raise QueryInputError(f"unknown query {name!r}; known queries: {', '.join(query_names())}")
    return (_queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
