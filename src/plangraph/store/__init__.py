"""Opening the store, loading and saving plans, and running SPARQL over them.

A store holds one named graph per plan file (``GRAPH[file stem]``) plus the ontology in
``GRAPH["ontology"]``; queries see the union of all graphs as their default graph.

Backends, chosen by a URL-like setting (``PLANGRAPH_STORE``):

=================  ================================================================
``memory``         embedded Oxigraph (pyoxigraph) in memory: the default
``oxigraph:DIR``   embedded Oxigraph persisted in DIR
``rdflib:memory``  plain rdflib ``Dataset``: slower, kept for comparison and as a check
                   that the queries are standard SPARQL
=================  ================================================================

Every file is parsed completely (by pyoxigraph, which reports line and column) and every IRI in
it checked before anything from it enters the store, so a bad file loads nothing.

>>> store = open_store("memory", data_dir=None, load_seed=False)
>>> store.load_data(b'<https://e.org/a> <https://e.org/b> "c" .', "nt", GRAPH["x"], source="x.nt")
1
>>> store.select("SELECT ?o WHERE { ?s ?p ?o }").rows[0]["o"]
rdflib.term.Literal('c')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plangraph import resources
from plangraph.errors import InputError
from plangraph.store.base import (
    ONTOLOGY_GRAPH,
    PlanStore,
    SelectResult,
    SparqlAnswer,
    atomic_write,
)
from plangraph.store.formats import (
    FORMATS,
    RdfFormat,
    graph_for_file,
    rdf_format,
)
from plangraph.store.oxigraph import OxigraphStore

if TYPE_CHECKING:
    from plangraph.store.rdflib import RdflibStore
    from plangraph.store.remote import SparqlEndpointStore
from plangraph.vocab import GRAPH  # noqa: F401 - the module's doctest names graphs with it

__all__ = [
    "FORMATS",
    "ONTOLOGY_GRAPH",
    "OxigraphStore",
    "PlanStore",
    "RdfFormat",
    "RdflibStore",
    "SelectResult",
    "SparqlAnswer",
    "SparqlEndpointStore",
    "atomic_write",
    "empty_store",
    "graph_for_file",
    "open_store",
    "rdf_format",
]


def empty_store() -> PlanStore:
    """An empty embedded store in memory (no ontology, no plans): scratch space for a check."""
    return OxigraphStore()


def open_store(
    url: str = "memory",
    *,
    data_dir: str | os.PathLike[str] | Any | None = "",
    load_seed: bool = True,
    timeout: float = 30.0,
) -> PlanStore:
    """Open the store named by ``url`` and load the ontology and the plan files.

    ``sparql:QUERY_URL`` uses an existing SPARQL 1.1 server; its update and Graph Store Protocol
    URLs are derived for Oxigraph-style servers (``.../query`` -> ``.../update``, ``.../store``).

    ``data_dir``: ``""`` means the packaged seed data, ``None`` loads no plan files, anything
    else is a folder of plan files. A persistent store that already holds data is not reloaded.
    """
    store: PlanStore
    if url in ("", "memory", "oxigraph:memory", "oxigraph:"):
        store = OxigraphStore()
    elif url.startswith("oxigraph:"):
        store = OxigraphStore(url[len("oxigraph:") :])
    elif url in ("rdflib", "rdflib:", "rdflib:memory"):
        from plangraph.store.rdflib import RdflibStore

        store = RdflibStore()
    elif url.startswith("sparql:"):
        from plangraph.store.remote import SparqlEndpointStore

        store = SparqlEndpointStore(url[len("sparql:") :], timeout=timeout)
    else:
        raise InputError(
            f"unknown store {url!r}; known stores: memory, oxigraph:DIR, rdflib:memory, "
            "sparql:QUERY_URL"
        )
    if len(store) == 0:
        store.load_ontology()
        if load_seed and data_dir is not None:
            store.load_directory(resources.data_dir() if data_dir == "" else Path(data_dir))
    return store


def __getattr__(name: str) -> Any:
    """The plain-rdflib and SPARQL-server backends, imported on first use (rdflib's SPARQL
    engine takes ~0.2 s to import; the embedded default does not need it)."""
    if name == "RdflibStore":
        from plangraph.store.rdflib import RdflibStore

        return RdflibStore
    if name == "SparqlEndpointStore":
        from plangraph.store.remote import SparqlEndpointStore

        return SparqlEndpointStore
    raise AttributeError(f"module 'plangraph.store' has no attribute {name!r}")
