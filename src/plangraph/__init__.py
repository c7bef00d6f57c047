"""plangraph: plans of Norwegian health authorities as an RDF knowledge graph.

The core (vocabulary, store, queries, validation, analysis) is re-exported here; the API, CLI and
visualisation are not, so that importing plangraph pulls in no web framework.

>>> import plangraph
>>> store = plangraph.open_store()
>>> store.backend
'oxigraph'
"""

from __future__ import annotations

from plangraph.config import Settings, get_settings
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
from plangraph.labels import pick_label
from plangraph.nodes import class_counts, describe_node, find_node, label_of, plan_counts
from plangraph.store import (
    FORMATS,
    OxigraphStore,
    PlanStore,
    RdflibStore,
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
    "OxigraphStore",
    "PlanStore",
    "PlangraphError",
    "QueryInputError",
    "RdflibStore",
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
