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
>>> store.load_data(b"<https://e.org/a> <https://e.org/b> 'c' .", "nt", GRAPH["x"], source="x.nt")
1
>>> store.select("SELECT ?o WHERE { ?s ?p ?o }").rows[0]["o"]
rdflib.term.Literal('c')
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query as RdflibQuery
from rdflib.term import Node, Variable

from plangraph import resources
from plangraph.errors import (
    DataSyntaxError,
    InputError,
    NotFoundError,
    QueryInputError,
    StoreError,
    UnknownFormatError,
    UnsafeInputError,
)
from plangraph.terms import (
    PlainResult,
    check_iri,
    from_ox,
    plain_from_json,
    plain_from_ox,
    plain_from_rdflib,
    to_ox,
)
from plangraph.vocab import GRAPH, PREFIXES

__all__ = [
    "FORMATS",
    "ONTOLOGY_GRAPH",
    "OxigraphStore",
    "PlanStore",
    "RdfFormat",
    "RdflibStore",
    "SelectResult",
    "SparqlEndpointStore",
    "atomic_write",
    "graph_for_file",
    "open_store",
    "rdf_format",
]

ONTOLOGY_GRAPH = GRAPH["ontology"]
"""The named graph that holds ``ontology/plangraph.ttl``."""

Bindings = Mapping[str, Node]


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation plangraph reads or writes."""

    name: str
    ox_format: ox.RdfFormat
    media_type: str
    extension: str

    @property
    def is_dataset(self) -> bool:
        """Whether the format keeps named graphs (TriG, N-Quads)."""
        return bool(self.ox_format.supports_datasets)


FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat("ttl", ox.RdfFormat.TURTLE, "text/turtle", "ttl"),
    "trig": RdfFormat("trig", ox.RdfFormat.TRIG, "application/trig", "trig"),
    "nt": RdfFormat("nt", ox.RdfFormat.N_TRIPLES, "application/n-triples", "nt"),
    "nq": RdfFormat("nq", ox.RdfFormat.N_QUADS, "application/n-quads", "nq"),
    "jsonld": RdfFormat("jsonld", ox.RdfFormat.JSON_LD, "application/ld+json", "jsonld"),
}
"""The formats by their short names."""

_ALIASES = {
    "turtle": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "nquads": "nq",
    "n-quads": "nq",
    "json-ld": "jsonld",
}


def rdf_format(name: str) -> RdfFormat:
    """The format by short name, alias, file extension or media type.

    >>> rdf_format("turtle").media_type
    'text/turtle'
    >>> rdf_format("xml")
    Traceback (most recent call last):
    ...
    plangraph.errors.UnknownFormatError: unknown format 'xml'; known formats: ttl, trig, nt, nq, jsonld
    """
    key = name.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key in FORMATS:
        return FORMATS[key]
    for fmt in FORMATS.values():
        if fmt.media_type == key:
            return fmt
    raise UnknownFormatError(name, list(FORMATS))


def graph_for_file(path: str | os.PathLike[str]) -> URIRef:
    """The named graph a data file is loaded into: ``GRAPH[file stem]``."""
    stem = Path(path).name.split(".")[0]
    return GRAPH[check_iri_segment(stem)]


def check_iri_segment(stem: str) -> str:
    """A file stem that can stand in an IRI path (letters, digits, ``-``, ``_``, ``.``)."""
    if not stem or not all(c.isascii() and (c.isalnum() or c in "-_.") for c in stem):
        raise UnsafeInputError(
            f"file name {stem!r} cannot name a graph: use ASCII letters, digits, '-', '_' or '.'"
        )
    return stem


@dataclass
class SelectResult:
    """Rows of a SELECT query: each row maps a variable name to an rdflib term (or ``None``).

    Rows are typed ``dict[str, Any]``: a term's type depends on the query, not on the code.
    """

    variables: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)


@dataclass(frozen=True)
class _CheckedData:
    """RDF data that parsed completely and whose IRIs are all allowed."""

    data: bytes
    fmt: RdfFormat
    graph: URIRef
    graphs: frozenset[URIRef]
    count: int

    def quads(self) -> Iterator[ox.Quad]:
        """The quads, parsed again (streaming, no list); triples go into ``graph``."""
        target = ox.NamedNode(str(self.graph))
        for q in ox.parse(
            self.data, format=self.fmt.ox_format, base_iri=None, rename_blank_nodes=True
        ):
            if type(q.graph_name) is ox.DefaultGraph:
                yield ox.Quad(q.subject, q.predicate, q.object, target)
            else:
                yield q


def _check_data(data: bytes, fmt: RdfFormat, source: str, graph: URIRef) -> _CheckedData:
    """Parse ``data`` completely and check every IRI, keeping nothing but the graph names.

    A second, streaming parse (``_CheckedData.quads``) loads it: cheaper in memory than holding
    a list of a million quads, and nothing enters a store before the whole file passed.
    """
    seen: set[str] = set()
    graphs: set[str] = set()
    count = 0
    has_triples = False  # quads in the default graph, which go into ``graph``
    named_node = ox.NamedNode
    try:
        for q in ox.parse(data, format=fmt.ox_format, base_iri=None, lenient=False):
            count += 1
            g = q.graph_name
            if type(g) is named_node:
                graphs.add(g.value)
            else:
                has_triples = True
            for term in (q.subject, q.predicate, q.object, g):
                if type(term) is named_node:
                    value = term.value
                    if value not in seen:
                        try:
                            check_iri(value)
                        except UnsafeInputError as exc:
                            raise UnsafeInputError(f"{source}: {exc}") from None
                        seen.add(value)
    except SyntaxError as exc:
        message = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
        raise DataSyntaxError(source, message, exc.lineno, exc.offset) from None
    except (ValueError, OSError) as exc:
        raise DataSyntaxError(source, str(exc)) from None
    names = {URIRef(g) for g in graphs}
    if has_triples:
        names.add(graph)
    return _CheckedData(data, fmt, graph, frozenset(names), count)


def _graph_of(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """An rdflib Graph of ``triples``, with plangraph's prefixes bound."""
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def _from_ox_triples(triples: Iterable[Any]) -> Iterator[tuple[Node, Node, Node]]:
    """pyoxigraph triples as rdflib terms (IRIs converted once each)."""
    cache: dict[str, URIRef] = {}
    for t in triples:
        yield from_ox(t.subject, cache), from_ox(t.predicate, cache), from_ox(t.object, cache)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a failure leaves the old file byte-identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates the file 0600; a saved plan gets the mode any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


class PlanStore(ABC):
    """A set of named graphs, one per plan, with SPARQL over their union."""

    backend: str = "abstract"

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._generation = 0

    @property
    def generation(self) -> int | None:
        """A number that changes whenever this store changes its data, for caches of answers.

        Every change through this object (``load_data``, ``load_directory``, ``remove_graph``)
        moves it on twice: before the change starts, so that an answer computed during the
        change is filed under a number that will not last, and once it is done. ``None`` when
        others may change the data behind the store's back (a SPARQL server): cache nothing.
        """
        return self._generation

    @contextmanager
    def _changing(self) -> Iterator[None]:
        with self._lock:
            self._generation += 1
            try:
                yield
            finally:
                self._generation += 1

    # -- queries -----------------------------------------------------------------------------

    @abstractmethod
    def select(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> SelectResult:
        """Run a SELECT query; ``bindings`` bind variables used in triple patterns.

        A bound variable must also be in the SELECT projection: pyoxigraph applies
        substitutions only to projected variables, and every backend must give the same rows.
        """

    @abstractmethod
    def select_plain(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> PlainResult:
        """Run a SELECT query like ``select``, with rows as tuples of plain Python values.

        IRIs as ``str``, literals as ``str`` (a ``terms.LangString`` with ``.lang`` when
        language-tagged), XSD numbers as ``int``/``float``, blank nodes as ``"_:id"``: the same
        values on every backend, without building rdflib terms (much cheaper for many rows).
        """

    @abstractmethod
    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query and return the triples as an rdflib Graph."""

    def named_query(
        self, name: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> SelectResult:
        """Run the packaged SELECT query ``queries/NAME.rq``."""
        return self.select(resources.query_text(name), bindings, limit=limit)

    # -- graphs ------------------------------------------------------------------------------

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """The named graphs in the store, sorted."""

    def graph_count(self) -> int:
        """How many named graphs the store holds (cheaper than ``graph_names`` on Oxigraph)."""
        return len(self.graph_names())

    @abstractmethod
    def quads(self, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        """All quads (of one graph, or of all) as rdflib terms."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads in all graphs."""

    @abstractmethod
    def _insert(self, quads: Iterable[ox.Quad]) -> None: ...

    @abstractmethod
    def _clear_graph(self, graph: URIRef) -> None: ...

    @abstractmethod
    def serialize(self, fmt: str | RdfFormat, graph: URIRef | None = None) -> bytes:
        """The store (or one graph) in ``fmt``. Triple formats get the union of all graphs."""

    def close(self) -> None:  # noqa: B027 - a no-op is right for the embedded stores
        """Release what the store holds open (connections). The store is unusable afterwards."""

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has_graph(self, graph: URIRef) -> bool:
        """Whether the store holds a named graph by that name."""
        return graph in self.graph_names()

    def load_data(
        self,
        data: bytes,
        fmt: str | RdfFormat,
        graph: URIRef,
        *,
        source: str = "<data>",
        replace: bool = True,
    ) -> int:
        """Parse ``data`` and put it into ``graph`` (replacing what was there). Returns quads added.

        The data is parsed and checked in full first; if that fails nothing changes.
        """
        fmt = rdf_format(fmt) if isinstance(fmt, str) else fmt
        check_iri(str(graph))
        checked = _check_data(data, fmt, source, graph)
        with self._changing():
            if replace:
                for name in checked.graphs | {graph}:
                    self._clear_graph(name)
            self._insert(checked.quads())
        return checked.count

    def load_file(
        self, path: str | os.PathLike[str], *, graph: URIRef | None = None, fmt: str | None = None
    ) -> int:
        """Load one file into its own named graph (``GRAPH[file stem]`` unless ``graph`` is given)."""
        path = Path(path)
        fmt_info = rdf_format(fmt or path.suffix or "?")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise NotFoundError(f"cannot read {path}: {exc.strerror}") from None
        return self.load_data(data, fmt_info, graph or graph_for_file(path), source=str(path))

    def load_directory(self, directory: Path | Any) -> dict[URIRef, int]:
        """Load every RDF file directly in ``directory`` (sorted by name), one graph per file.

        ``directory`` is a ``Path`` or an ``importlib.resources`` Traversable.
        """
        if isinstance(directory, str):
            directory = Path(directory)
        loaded: dict[URIRef, int] = {}
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
        checked: list[_CheckedData] = []
        for entry in entries:
            suffix = entry.name.rsplit(".", 1)[-1].lower() if "." in entry.name else ""
            if not entry.is_file() or suffix not in FORMATS:
                continue
            graph = graph_for_file(entry.name)
            checked.append(_check_data(entry.read_bytes(), FORMATS[suffix], str(entry), graph))
        # All files parsed and checked: only now does anything enter the store.
        with self._changing():
            for item in checked:
                for name in item.graphs | {item.graph}:
                    self._clear_graph(name)
                self._insert(item.quads())
                loaded[item.graph] = item.count
        return loaded

    def load_ontology(self) -> int:
        """Load ``ontology/plangraph.ttl`` into ``ONTOLOGY_GRAPH``."""
        data = resources.ontology_file().read_bytes()
        return self.load_data(data, "ttl", ONTOLOGY_GRAPH, source="ontology/plangraph.ttl")

    def remove_graph(self, graph: URIRef) -> None:
        """Drop a named graph."""
        if not self.has_graph(graph):
            raise NotFoundError(f"no graph {graph}")
        with self._changing():
            self._clear_graph(graph)

    def save_graph(self, graph: URIRef, path: str | os.PathLike[str], fmt: str = "ttl") -> None:
        """Write one named graph to ``path`` atomically: a failed save leaves the old file intact."""
        if not self.has_graph(graph):
            raise NotFoundError(f"no graph {graph}")
        data = self.serialize(fmt, graph)
        try:
            atomic_write(Path(path), data)
        except OSError as exc:
            raise StoreError(f"could not save {path}: {exc.strerror}") from None

    def to_graph(self, graph: URIRef | None = None, *, ontology: bool = True) -> Graph:
        """An rdflib Graph with the triples of one graph, or of all graphs (the union).

        ``ontology=False`` leaves out ``ONTOLOGY_GRAPH`` from the union.
        """
        return _graph_of(
            (s, p, o)
            for s, p, o, g in self.quads(graph)
            if ontology or graph is not None or g != ONTOLOGY_GRAPH
        )


def _ox_bindings(bindings: Bindings | None) -> dict[ox.Variable, Any] | None:
    if not bindings:
        return None
    return {ox.Variable(name): to_ox(value) for name, value in bindings.items()}


def _query_error(exc: SyntaxError, query: str) -> QueryInputError:
    message = str(exc.msg or exc)
    found = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if found:
        line, column, message = found.groups()
    else:
        line = str(exc.lineno) if exc.lineno is not None else ""
        column = str(exc.offset) if exc.offset else ""
    where = f" at line {line}, column {column}" if line else ""
    message = " ".join(message.split())
    if message.startswith("expected one of Prefix not found"):
        message = "the query uses a prefix it does not declare (add a PREFIX line)"
    if len(message) > 200:
        message = message[:200] + " ..."
    return QueryInputError(f"SPARQL syntax error{where}: {message}")


class OxigraphStore(PlanStore):
    """The embedded default: pyoxigraph, in memory or on disk."""

    backend = "oxigraph"

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        self.path = Path(path) if path is not None else None
        self._store = ox.Store(str(path)) if path is not None else ox.Store()

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store underneath, for callers that need its speed directly."""
        return self._store

    def _query(self, query: str, bindings: Bindings | None) -> Any:
        try:
            return self._store.query(
                query,
                use_default_graph_as_union=True,
                substitutions=_ox_bindings(bindings),
            )
        except SyntaxError as exc:
            raise _query_error(exc, query) from None

    def select(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> SelectResult:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryInputError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        out = SelectResult(variables)
        cache: dict[str, URIRef] = {}
        rows = out.rows
        for solution in result:
            if limit is not None and len(rows) >= limit:
                out.truncated = True
                break
            row: dict[str, Any] = {}
            for name in variables:
                term = solution[name]
                row[name] = None if term is None else from_ox(term, cache)
            rows.append(row)
        return out

    def select_plain(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> PlainResult:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryInputError("expected a SELECT query")
        out = PlainResult([v.value for v in result.variables])
        columns = range(len(out.variables))
        plain = plain_from_ox
        if limit is None:
            out.rows = [tuple([plain(solution[i]) for i in columns]) for solution in result]
            return out
        rows = out.rows
        for solution in result:
            if len(rows) >= limit:
                out.truncated = True
                break
            rows.append(tuple([plain(solution[i]) for i in columns]))
        return out

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryInputError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryInputError("expected a CONSTRUCT or DESCRIBE query")
        return _graph_of(_from_ox_triples(result))

    def graph_names(self) -> list[URIRef]:
        return [URIRef(name) for name in sorted(self._graph_iris())]

    def _graph_iris(self) -> Iterator[str]:
        return (g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_count(self) -> int:
        return sum(1 for _ in self._graph_iris())

    def quads(self, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        graph_name = ox.NamedNode(str(graph)) if graph is not None else None
        cache: dict[str, URIRef] = {}
        for q in self._store.quads_for_pattern(None, None, None, graph_name):
            g = q.graph_name
            yield (
                from_ox(q.subject, cache),
                from_ox(q.predicate, cache),
                from_ox(q.object, cache),
                URIRef(g.value) if isinstance(g, ox.NamedNode) else URIRef(""),
            )

    def __len__(self) -> int:
        return len(self._store)

    def _insert(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def _clear_graph(self, graph: URIRef) -> None:
        name = ox.NamedNode(str(graph))
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)

    def serialize(self, fmt: str | RdfFormat, graph: URIRef | None = None) -> bytes:
        fmt = rdf_format(fmt) if isinstance(fmt, str) else fmt
        graph_name = ox.NamedNode(str(graph)) if graph is not None else None
        quads = self._store.quads_for_pattern(None, None, None, graph_name)
        items: list[Any]
        if fmt.is_dataset and graph is None:
            items = sorted(quads, key=_quad_key)
        else:
            # A triple format gets the triples of one graph, or the union of all graphs.
            items = sorted(
                {ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=_quad_key
            )
        out = ox.serialize(items, format=fmt.ox_format, prefixes=dict(PREFIXES))
        assert isinstance(out, bytes)
        return out


def _quad_key(q: Any) -> tuple[str, ...]:
    """Sort key that groups by graph and subject, so Turtle and TriG come out readable."""
    graph = getattr(q, "graph_name", None)
    return (
        str(graph) if graph is not None else "",
        str(q.subject),
        str(q.predicate),
        str(q.object),
    )


class RdflibStore(PlanStore):
    """Plain rdflib: an in-memory ``Dataset`` whose default graph is the union."""

    backend = "rdflib"

    def __init__(self) -> None:
        super().__init__()
        self._ds = Dataset(default_union=True)
        for prefix, ns in PREFIXES.items():
            self._ds.bind(prefix, ns)
        self._prepared: dict[str, RdflibQuery] = {}

    @property
    def raw(self) -> Dataset:
        """The rdflib Dataset underneath."""
        return self._ds

    def _prepare(self, query: str) -> RdflibQuery:
        prepared = self._prepared.get(query)
        if prepared is None:
            try:
                prepared = prepareQuery(query)
            except Exception as exc:  # pyparsing raises its own types
                line = getattr(exc, "lineno", None)
                col = getattr(exc, "col", None)
                where = f" at line {line}, column {col}" if line is not None else ""
                raise QueryInputError(f"SPARQL syntax error{where}: {exc}") from None
            self._prepared[query] = prepared
        return prepared

    def _run(self, query: str, bindings: Bindings | None) -> Any:
        prepared = self._prepare(query)
        init: Any = {Variable(k): v for k, v in (bindings or {}).items()}
        return self._ds.query(prepared, initBindings=init)

    def select(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> SelectResult:
        result = self._run(query, bindings)
        if result.type != "SELECT":
            raise QueryInputError("expected a SELECT query")
        variables = [str(v) for v in result.vars or []]
        out = SelectResult(variables)
        for row in result:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            out.rows.append({name: row[i] for i, name in enumerate(variables)})
        return out

    def select_plain(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> PlainResult:
        result = self._run(query, bindings)
        if result.type != "SELECT":
            raise QueryInputError("expected a SELECT query")
        out = PlainResult([str(v) for v in result.vars or []])
        for row in result:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            out.rows.append(tuple(plain_from_rdflib(v) for v in row))
        return out

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._run(query, bindings)
        if result.type != "ASK":
            raise QueryInputError("expected an ASK query")
        return bool(result.askAnswer)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        result = self._run(query, bindings)
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryInputError("expected a CONSTRUCT or DESCRIBE query")
        return _graph_of(result.graph)

    def graph_names(self) -> list[URIRef]:
        return sorted(
            g.identifier
            for g in self._ds.graphs()
            if isinstance(g.identifier, URIRef)
            and g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID
            and len(g) > 0
        )

    def quads(self, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        pattern: Any = (None, None, None, graph)
        for s, p, o, g in self._ds.quads(pattern):
            name = g.identifier if isinstance(g, Graph) else g
            yield s, p, o, URIRef(str(name))

    def __len__(self) -> int:
        return sum(1 for _ in self._ds.quads((None, None, None, None)))

    def _insert(self, quads: Iterable[ox.Quad]) -> None:
        cache: dict[str, URIRef] = {}
        graphs: dict[str, Graph] = {}

        def ctx(name: Any) -> Graph:
            key = name.value
            if key not in graphs:
                graphs[key] = self._ds.graph(URIRef(key))
            return graphs[key]

        self._ds.addN(
            (
                from_ox(q.subject, cache),
                from_ox(q.predicate, cache),
                from_ox(q.object, cache),
                ctx(q.graph_name),
            )
            for q in quads
        )

    def _clear_graph(self, graph: URIRef) -> None:
        self._ds.remove_graph(self._ds.graph(graph))

    def serialize(self, fmt: str | RdfFormat, graph: URIRef | None = None) -> bytes:
        fmt = rdf_format(fmt) if isinstance(fmt, str) else fmt
        # One serialiser for every backend, so exports do not depend on the backend.
        scratch = OxigraphStore()
        scratch._insert(
            [
                ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))
                for s, p, o, g in self.quads(graph)
            ]
        )
        return scratch.serialize(fmt, graph)


class SparqlEndpointStore(PlanStore):
    """An existing SPARQL 1.1 server, through the SPARQL 1.1 Protocol and Graph Store Protocol.

    Works with any server that speaks both (Oxigraph server, Apache Jena Fuseki, GraphDB, ...).
    Every query is sent with the store's named graphs as ``default-graph-uri`` (their union) and
    ``named-graph-uri``, so nothing depends on a server's union-default-graph setting. Bindings
    travel as a trailing ``VALUES`` block, which is why bound variables must be projected (the
    same rule as for pyoxigraph's substitutions).
    """

    backend = "sparql"

    @property
    def generation(self) -> int | None:
        """``None``: other clients of the server can change the data; nothing may be cached."""
        return None

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        super().__init__()
        import httpx  # only this backend needs an HTTP client

        check_iri(query_url)
        base = query_url[: -len("/query")] if query_url.endswith("/query") else None
        self.query_url = query_url
        self.update_url = update_url or (f"{base}/update" if base else None)
        self.graph_store_url = graph_store_url or (f"{base}/store" if base else None)
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)
        self._graphs: list[URIRef] | None = None

    def close(self) -> None:
        self._http.close()

    # -- protocol ----------------------------------------------------------------------------

    def _post_query(self, query: str, accept: str, *, dataset: bool = True) -> Any:
        form: list[tuple[str, str]] = [("query", query)]
        if dataset:
            names = [str(g) for g in self.graph_names()]
            form += [("default-graph-uri", g) for g in names]
            form += [("named-graph-uri", g) for g in names]
        try:
            response = self._http.post(
                self.query_url,
                content=urlencode(form),
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            )
        except Exception as exc:
            raise StoreError(f"SPARQL endpoint {self.query_url} unreachable: {exc}") from None
        if response.status_code == 400:
            raise QueryInputError(f"the SPARQL endpoint refused the query: {response.text[:300]}")
        if response.status_code >= 300:
            raise StoreError(
                f"SPARQL endpoint {self.query_url} answered {response.status_code}: "
                f"{response.text[:200]}"
            )
        return response

    def _with_values(self, query: str, bindings: Bindings | None) -> str:
        if not bindings:
            return query
        names = " ".join(f"?{name}" for name in bindings)
        values = " ".join(term.n3() for term in bindings.values())
        return f"{query}\nVALUES ({names}) {{ ({values}) }}"

    def _check_syntax(self, query: str) -> None:
        # Parse locally first: the same syntax errors as the embedded store, with line and
        # column, and nothing malformed goes over the wire.
        try:
            ox.Store().query(query)
        except SyntaxError as exc:
            raise _query_error(exc, query) from None

    def _select_json(self, query: str, bindings: Bindings | None) -> Any:
        """The SPARQL JSON results of a SELECT query, checked locally first."""
        self._check_syntax(query)
        response = self._post_query(
            self._with_values(query, bindings), "application/sparql-results+json"
        )
        payload = response.json()
        if "results" not in payload:
            raise QueryInputError("expected a SELECT query")
        return payload

    def select(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> SelectResult:
        payload = self._select_json(query, bindings)
        variables = list(payload["head"].get("vars", []))
        out = SelectResult(variables)
        cache: dict[str, URIRef] = {}
        for binding in payload["results"]["bindings"]:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            out.rows.append({v: _from_json_term(binding.get(v), cache) for v in variables})
        return out

    def select_plain(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> PlainResult:
        payload = self._select_json(query, bindings)
        out = PlainResult(list(payload["head"].get("vars", [])))
        names = out.variables
        for binding in payload["results"]["bindings"]:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            out.rows.append(tuple(plain_from_json(binding.get(v)) for v in names))
        return out

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        self._check_syntax(query)
        payload = self._post_query(
            self._with_values(query, bindings), "application/sparql-results+json"
        ).json()
        if "boolean" not in payload:
            raise QueryInputError("expected an ASK query")
        return bool(payload["boolean"])

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        self._check_syntax(query)
        response = self._post_query(self._with_values(query, bindings), "application/n-triples")
        return _graph_of(
            _from_ox_triples(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        )

    # -- graphs ------------------------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        if self._graphs is None:
            response = self._post_query(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                "application/sparql-results+json",
                dataset=False,
            )
            self._graphs = sorted(
                URIRef(b["g"]["value"])
                for b in response.json()["results"]["bindings"]
                if b["g"]["type"] == "uri"
            )
        return list(self._graphs)

    def quads(self, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        if graph is not None:
            query += f"\nVALUES ?g {{ {graph.n3()} }}"
        response = self._post_query(query, "application/sparql-results+json", dataset=False)
        cache: dict[str, URIRef] = {}
        for b in response.json()["results"]["bindings"]:
            s, p, o = (_from_json_term(b[v], cache) for v in "spo")
            assert s is not None and p is not None and o is not None
            yield s, p, o, URIRef(b["g"]["value"])

    def __len__(self) -> int:
        response = self._post_query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "application/sparql-results+json",
            dataset=False,
        )
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    def _graph_store(self, method: str, graph: URIRef, body: bytes | None = None) -> None:
        if self.graph_store_url is None:
            raise StoreError("this SPARQL store has no Graph Store Protocol URL: it is read-only")
        try:
            response = self._http.request(
                method,
                self.graph_store_url,
                params={"graph": str(graph)},
                content=body,
                headers={"Content-Type": "application/n-triples"} if body is not None else {},
            )
        except Exception as exc:
            raise StoreError(f"graph store {self.graph_store_url} unreachable: {exc}") from None
        if response.status_code == 404 and method == "DELETE":
            return
        if response.status_code >= 300:
            raise StoreError(
                f"graph store {self.graph_store_url} answered {response.status_code} to {method}"
            )

    def _insert(self, quads: Iterable[ox.Quad]) -> None:
        by_graph: dict[str, list[ox.Triple]] = {}
        for q in quads:
            if isinstance(q.graph_name, ox.NamedNode):
                by_graph.setdefault(q.graph_name.value, []).append(q.triple)
        for name, triples in by_graph.items():
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            assert isinstance(body, bytes)
            self._graph_store("POST", URIRef(name), body)
        self._graphs = None

    def _clear_graph(self, graph: URIRef) -> None:
        self._graph_store("DELETE", graph)
        self._graphs = None

    def serialize(self, fmt: str | RdfFormat, graph: URIRef | None = None) -> bytes:
        scratch = OxigraphStore()
        scratch._insert(
            [
                ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))
                for s, p, o, g in self.quads(graph)
            ]
        )
        return scratch.serialize(fmt, graph)


def _from_json_term(value: dict[str, str] | None, cache: dict[str, URIRef]) -> Node | None:
    """An rdflib term from a SPARQL 1.1 JSON results term."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        text = value["value"]
        cached = cache.get(text)
        if cached is None:
            cached = cache[text] = URIRef(text)
        return cached
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


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
        store = RdflibStore()
    elif url.startswith("sparql:"):
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
