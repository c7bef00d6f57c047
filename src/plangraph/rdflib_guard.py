"""Making rdflib's SPARQL machinery safe to use from a threaded server.

Two things, both done once by ``guard_rdflib()`` (calling it again does nothing more; the server
calls ``guard_rdflib_on_import()`` at start, which guards at once if rdflib's SPARQL package is
loaded and otherwise the moment it is imported: a server on the embedded store may never load it,
and loading it builds rdflib's SPARQL grammar, ~0.2 s of CPU that a start no longer pays):

- **One parse at a time.** rdflib's SPARQL grammar is built with pyparsing, which works out how
  to call each parse action the first time that action runs. Several threads doing that at
  once leave the grammar broken for good (every later query of that form gets
  ``Param.postParse2() missing 1 required positional argument``). Every rdflib SPARQL parse goes
  through ``parser.parseQuery`` / ``parser.parseUpdate`` (the processor, ``Graph.query``,
  ``prepareQuery`` and pyshacl's SPARQL constraints all do); those are replaced by versions that
  hold one lock while they parse. Evaluation is not serialised, only parsing.
- **A query text parsed once.** rdflib parses and translates a query given as text each time
  it runs it, and pySHACL runs each SPARQL constraint as text once per focus node (hundreds of
  times per validation, most of its time). ``SPARQLProcessor.query`` is replaced by a version
  that keeps the last ``PREPARED_QUERIES`` translations by text, base and namespaces, as
  rdflib's own ``prepareQuery`` would make them, and evaluates those: the same algebra, so the
  same answers, with the parse done once.
- **No evaluation hooks that nobody asked for.** rdflib loads every installed package's
  ``rdf.plugins.sparqleval`` entry point into ``rdflib.plugins.sparql.CUSTOM_EVALS``, and each
  runs inside every rdflib SPARQL evaluation (SHACL validation included). Hooks not in
  ``ALLOWED_CUSTOM_EVALS`` (empty) are removed and named in the log.
"""

from __future__ import annotations

import functools
import importlib.abc
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

__all__ = [
    "ALLOWED_CUSTOM_EVALS",
    "PARSE_LOCK",
    "PREPARED_QUERIES",
    "clear_custom_evals",
    "guard_rdflib",
    "guard_rdflib_on_import",
]

log = logging.getLogger("plangraph.rdflib_guard")

ALLOWED_CUSTOM_EVALS: frozenset[str] = frozenset()
"""Names of rdflib custom SPARQL evaluation hooks plangraph lets run: none."""

PARSE_LOCK = threading.RLock()
"""Held while rdflib parses SPARQL (pyparsing's grammar is not safe to share between threads)."""

PREPARED_QUERIES = 256
"""How many translated query texts ``SPARQLProcessor.query`` keeps (least recently used go)."""

_done = False
_done_lock = threading.Lock()


def _before_fork() -> None:
    # No parse may be half done in the copy a fork takes (pyparsing's state included).
    PARSE_LOCK.acquire()


def _after_fork_in_parent() -> None:
    PARSE_LOCK.release()


def _after_fork_in_child() -> None:
    global PARSE_LOCK
    PARSE_LOCK = threading.RLock()


def _locked(function: Callable[..., Any]) -> Callable[..., Any]:
    if getattr(function, "__plangraph_locked__", False):
        return function

    @functools.wraps(function)
    def parse(*args: Any, **kwargs: Any) -> Any:
        with PARSE_LOCK:
            return function(*args, **kwargs)

    parse.__plangraph_locked__ = True  # type: ignore[attr-defined]
    return parse


def _reusing(method: Callable[..., Any]) -> Callable[..., Any]:
    """``SPARQLProcessor.query`` that translates a query text once (see the module)."""
    if getattr(method, "__plangraph_reusing__", False):
        return method
    from rdflib.plugins.sparql import processor

    @functools.lru_cache(maxsize=PREPARED_QUERIES)
    def prepared(text: str, base: str | None, namespaces: tuple[Any, ...] | None) -> Any:
        # What the processor does with a text, looked up at call time (the locked parser).
        initial = None if namespaces is None else dict(namespaces)
        return processor.translateQuery(processor.parseQuery(text), base, initial)  # type: ignore[attr-defined]

    @functools.wraps(method)
    def query(
        self: Any,
        strOrQuery: Any,  # rdflib's parameter names: callers pass them by name
        initBindings: Any = None,
        initNs: Any = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Any:
        if isinstance(strOrQuery, str):
            namespaces = None if initNs is None else tuple(initNs.items())
            try:
                hash((base, namespaces))
            except TypeError:  # something unhashable among them: rdflib's own path translates
                pass
            else:
                strOrQuery = prepared(strOrQuery, base, namespaces)
        return method(self, strOrQuery, initBindings, initNs, base, DEBUG)

    query.__plangraph_reusing__ = True  # type: ignore[attr-defined]
    return query


def clear_custom_evals() -> list[str]:
    """Remove every rdflib custom evaluation hook not in ``ALLOWED_CUSTOM_EVALS``; their names."""
    from rdflib.plugins import sparql as rdflib_sparql

    removed = sorted(n for n in rdflib_sparql.CUSTOM_EVALS if n not in ALLOWED_CUSTOM_EVALS)
    for name in removed:
        del rdflib_sparql.CUSTOM_EVALS[name]
    if removed:
        log.warning(
            "removed rdflib SPARQL evaluation hooks that installed packages registered "
            "(entry point rdf.plugins.sparqleval), which would run inside every query and SHACL "
            "validation: %s",
            ", ".join(removed),
        )
    return removed


def guard_rdflib() -> list[str]:
    """Serialise rdflib's SPARQL parsing and clear unknown evaluation hooks (see the module).

    Returns the names of the hooks removed (each call checks again: a hook registered later is
    removed too).
    """
    global _done
    from rdflib.plugins import sparql as rdflib_sparql
    from rdflib.plugins.sparql import parser, processor

    with _done_lock:
        if not _done:
            parser.parseQuery = _locked(parser.parseQuery)
            parser.parseUpdate = _locked(parser.parseUpdate)
            processor.parseQuery = parser.parseQuery  # type: ignore[attr-defined]
            processor.parseUpdate = parser.parseUpdate  # type: ignore[attr-defined]
            processor.SPARQLProcessor.query = _reusing(  # type: ignore[method-assign]
                processor.SPARQLProcessor.query
            )
            # rdflib would otherwise load a FROM graph it does not hold from the web.
            rdflib_sparql.SPARQL_LOAD_GRAPHS = False
            os.register_at_fork(
                before=_before_fork,
                after_in_parent=_after_fork_in_parent,
                after_in_child=_after_fork_in_child,
            )
            _done = True
    return clear_custom_evals()


_SPARQL_PACKAGE = "rdflib.plugins.sparql"


class _GuardingLoader(importlib.abc.Loader):
    """The loader of rdflib's SPARQL package, guarding it once the package has run (its parser
    and processor loaded), before the import lock is let go: no thread sees it unguarded."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        guard_rdflib()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)  # resources and the rest: the package's own loader


class _GuardOnImport(importlib.abc.MetaPathFinder):
    """Finds rdflib's SPARQL package as the other finders do, with a ``_GuardingLoader``."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != _SPARQL_PACKAGE:
            return None
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec: ModuleSpec | None = find(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _GuardingLoader(spec.loader)
                return spec
        return None


_on_import = _GuardOnImport()


def guard_rdflib_on_import() -> None:
    """``guard_rdflib()`` now if rdflib's SPARQL package is loaded, else the moment it is
    imported (by anything: a query on an rdflib graph, pySHACL, the rdflib store)."""
    with _done_lock:
        waiting = _SPARQL_PACKAGE not in sys.modules
        if waiting and _on_import not in sys.meta_path:
            sys.meta_path.insert(0, _on_import)
    if not waiting:
        guard_rdflib()
