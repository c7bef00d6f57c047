"""plangraph: plans of Norwegian health authorities as an RDF knowledge graph.

The core (vocabulary, store, queries, validation, analysis) is re-exported here; the API, CLI and
visualisation are not, so that importing plangraph pulls in no web framework. The store is
reached through ``open_store`` and the ``PlanStore`` interface; the engines' own classes stay in
``plangraph.store``.

>>> import plangraph
>>> store = plangraph.open_store()
>>> store.backend
'oxigraph'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from plangraph.errors import (
    DataSyntaxError,
    InputError,
    NotFoundError,
    PlangraphError,
    QueryInputError,
    StoreError,
    UnknownFormatError,
    UnsafeInputError,
    ValidationFailed,
)

if TYPE_CHECKING:
    from plangraph.config import Settings, get_settings
    from plangraph.labels import pick_label
    from plangraph.nodes import class_counts, describe_node, find_node, label_of, plan_counts
    from plangraph.store import (
        FORMATS,
        PlanStore,
        SelectResult,
        open_store,
        rdf_format,
    )
    from plangraph.validate import Finding, ValidationReport, validate_graph, validate_store
    from plangraph.vocab import DATA, GRAPH, PG

__version__ = "0.1.0"

__all__ = [
    "DATA",
    "FORMATS",
    "GRAPH",
    "PG",
    "DataSyntaxError",
    "Finding",
    "InputError",
    "NotFoundError",
    "PlanStore",
    "PlangraphError",
    "QueryInputError",
    "SelectResult",
    "Settings",
    "StoreError",
    "UnknownFormatError",
    "UnsafeInputError",
    "ValidationFailed",
    "ValidationReport",
    "__version__",
    "class_counts",
    "describe_node",
    "find_node",
    "get_settings",
    "label_of",
    "open_store",
    "pick_label",
    "plan_counts",
    "rdf_format",
    "validate_graph",
    "validate_store",
]

# Where each re-exported name lives. The modules are imported on first use of a name, so that
# ``import plangraph`` (and with it the CLI's ``--help``) stays quick: rdflib, pyshacl and
# pydantic-settings load only when something asks for them.
_HOMES = {
    "Settings": "config",
    "get_settings": "config",
    "pick_label": "labels",
    "class_counts": "nodes",
    "describe_node": "nodes",
    "find_node": "nodes",
    "label_of": "nodes",
    "plan_counts": "nodes",
    "FORMATS": "store",
    "PlanStore": "store",
    "SelectResult": "store",
    "open_store": "store",
    "rdf_format": "store",
    "Finding": "validate",
    "ValidationReport": "validate",
    "validate_graph": "validate",
    "validate_store": "validate",
    "DATA": "vocab",
    "GRAPH": "vocab",
    "PG": "vocab",
}


def __getattr__(name: str) -> Any:
    """Import the module a re-exported name lives in, on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'plangraph' has no attribute {name!r}")
    value = getattr(import_module(f"plangraph.{home}"), name)
    globals()[name] = value
    return value
