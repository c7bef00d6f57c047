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

>>> from plangraph.vocab import GRAPH
>>> store = open_store("memory", data_dir=None, load_seed=False)
>>> store.load_data(b'<https://e.org/a> <https://e.org/b> "c" .', "nt", GRAPH["x"], source="x.nt")
1
>>> store.select("SELECT ?o WHERE { ?s ?p ?o }").rows[0]["o"]
rdflib.term.Literal('c')
"""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plangraph import resources
from plangraph.errors import InputError, StoreError
from plangraph.store.backup import IN_USE
from plangraph.store.base import (
    PlanStore,
    SelectResult,
    SparqlAnswer,
    atomic_write,
)
from plangraph.store.cache import CachedStore, cache_root, open_cached
from plangraph.store.formats import (
    FORMATS,
    RdfFormat,
    graph_for_file,
    rdf_format,
)
from plangraph.store.index import (
    BadFile,
    DataIndex,
    StartupCheckError,
    StructureCheck,
    open_index,
)
from plangraph.store.oxigraph import OxigraphStore

if TYPE_CHECKING:
    from plangraph.store.base import ONTOLOGY_GRAPH
    from plangraph.store.rdflib import RdflibStore
    from plangraph.store.remote import SparqlEndpointStore

__all__ = [
    "FORMATS",
    "IN_USE",
    "ONTOLOGY_GRAPH",
    "BadFile",
    "CachedStore",
    "DataIndex",
    "OxigraphStore",
    "PlanStore",
    "RdfFormat",
    "RdflibStore",
    "SelectResult",
    "SparqlAnswer",
    "SparqlEndpointStore",
    "StartupCheckError",
    "StructureCheck",
    "atomic_write",
    "cache_root",
    "empty_store",
    "graph_for_file",
    "open_cached",
    "open_oxigraph",
    "open_store",
    "rdf_format",
]


def empty_store() -> PlanStore:
    """An empty embedded store in memory (no ontology, no plans): scratch space for a check."""
    return OxigraphStore()


def open_oxigraph(path: str | os.PathLike[str]) -> OxigraphStore:
    """The on-disk Oxigraph store in ``path``, or a clear ``StoreError`` if another process
    holds it (RocksDB allows one writer) or it cannot be opened."""
    try:
        return OxigraphStore(path)
    except OSError as exc:
        text = str(exc)
        if "current process" in text:
            # An earlier store object of this process on the same folder, not yet collected.
            gc.collect()
            with contextlib.suppress(OSError):
                return OxigraphStore(path)
        if "LOCK" in text and ("lock" in text.lower() or "unavailable" in text.lower()):
            raise StoreError(f"{IN_USE} ({path})") from None
        raise StoreError(f"cannot open the store at {path}: {text}") from None
    except RuntimeError as exc:  # RocksDB's "Corruption: ..." and the like
        raise StoreError(
            f"the store at {path} is damaged ({exc}); remove that folder to rebuild it from the "
            "plan files, or restore a backup (plangraph restore)"
        ) from None


def open_store(
    url: str = "memory",
    *,
    data_dir: str | os.PathLike[str] | Any | None = "",
    load_seed: bool = True,
    timeout: float = 30.0,
    skip_bad: bool = False,
    structure_check: StructureCheck | None = None,
    structure_max_quads: int = 200_000,
) -> PlanStore:
    """Open the store named by ``url`` and make it hold the ontology and the plan files.

    ``sparql:QUERY_URL`` uses an existing SPARQL 1.1 server; its update and Graph Store Protocol
    URLs are derived for Oxigraph-style servers (``.../query`` -> ``.../update``, ``.../store``).

    ``data_dir``: ``""`` means the packaged seed data, ``None`` loads no plan files, anything
    else is a folder of plan files. The store is an index of those files (``store.index``):
    an on-disk store keeps a manifest of their checksums and, at every open, rebuilds the graphs
    of any file that is new, changed or gone (see ``plangraph.store.index``). A bad file stops
    the open with a ``StartupCheckError`` naming it, unless ``skip_bad``: then it is left out
    and listed in ``store.index.bad``. Without a data folder (``None``), and for a SPARQL
    server, the store is taken as it is (loaded only when empty).
    """
    store: PlanStore
    if url in ("", "memory", "oxigraph:memory", "oxigraph:"):
        store = OxigraphStore()
    elif url.startswith("oxigraph:"):
        store = open_oxigraph(url[len("oxigraph:") :])
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
    folder: Any = None
    if load_seed and data_dir is not None:
        folder = resources.data_dir() if data_dir == "" else Path(data_dir)
    if url.startswith("sparql:") or folder is None:
        # No data folder to index (or a server others may fill): take the store as it is.
        if len(store) == 0:
            store.load_ontology()
            if folder is not None:
                store.load_directory(folder)
        return store
    index = open_index(store, folder)
    index.sync(
        skip_bad=skip_bad,
        structure_check=structure_check,
        structure_max_quads=structure_max_quads,
    )
    store.index = index
    return store


def __getattr__(name: str) -> Any:
    """The plain-rdflib and SPARQL-server backends, imported on first use (rdflib's SPARQL
    engine takes ~0.2 s to import; the embedded default does not need it); ``ONTOLOGY_GRAPH``,
    an rdflib term, made on first use (``namespaces.ONTOLOGY_GRAPH_IRI`` is its IRI as text)."""
    if name == "ONTOLOGY_GRAPH":
        from plangraph.store import base

        return base.ONTOLOGY_GRAPH
    if name == "RdflibStore":
        from plangraph.store.rdflib import RdflibStore

        return RdflibStore
    if name == "SparqlEndpointStore":
        from plangraph.store.remote import SparqlEndpointStore

        return SparqlEndpointStore
    raise AttributeError(f"module 'plangraph.store' has no attribute {name!r}")
