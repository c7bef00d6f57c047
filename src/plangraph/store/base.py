"""The store's interface (PlanStore) and the helpers every backend shares."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from plangraph import resources
from plangraph.errors import (
    DataSyntaxError,
    NotFoundError,
    QueryInputError,
    StoreError,
    UnsafeInputError,
)
from plangraph.faults import kill_point
from plangraph.namespaces import ONTOLOGY_GRAPH_IRI, PREFIXES
from plangraph.safety import check_iri as check_term_iri
from plangraph.safety import check_json_depth, check_literal, locate
from plangraph.store.formats import FORMATS, RdfFormat, graph_for_file, rdf_format
from plangraph.terms import PlainResult, check_iri

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.term import Node

    ONTOLOGY_GRAPH: URIRef
    """The named graph that holds ``ontology/plangraph.ttl`` (an rdflib term, made on first
    use of the name: ``namespaces.ONTOLOGY_GRAPH_IRI`` is its IRI as text)."""

# rdflib loads only where rdflib terms are made or read (``Graph``, ``quads``, ``select``): the
# embedded store answers ``select_plain`` and ``patterns`` in pyoxigraph's terms without it.

Bindings = Mapping[str, "Node"]


def __getattr__(name: str) -> Any:
    """``ONTOLOGY_GRAPH``, made on first use (PEP 562): it is an rdflib term."""
    if name == "ONTOLOGY_GRAPH":
        from rdflib import URIRef

        value = globals()[name] = URIRef(ONTOLOGY_GRAPH_IRI)
        return value
    raise AttributeError(f"module 'plangraph.store.base' has no attribute {name!r}")


QuadPatterns = Callable[[Any, Any, Any, Any], Iterator[ox.Quad]]
"""A quad-pattern lookup in pyoxigraph terms: ``(subject, predicate, object, graph)``, each
``None`` for any, answered straight from an engine's indexes (``PlanStore.patterns``)."""


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


@dataclass
class SparqlAnswer:
    """A query's answer in pyoxigraph terms, for writers of the SPARQL result formats.

    One of: ``boolean`` (ASK); ``variables`` and ``rows`` (SELECT: each row a list of terms or
    ``None``, in the order of ``variables``); ``triples`` (CONSTRUCT, DESCRIBE). ``rows`` and
    ``triples`` are iterators: the engine may still be working while the caller takes them.
    """

    boolean: bool | None = None
    variables: list[str] = field(default_factory=list)
    rows: Iterator[list[Any]] | None = None
    triples: Iterator[ox.Triple] | None = None


@dataclass(frozen=True)
class _CheckedData:
    """RDF data that parsed completely and whose IRIs are all allowed."""

    data: bytes
    fmt: RdfFormat
    graph: URIRef | str
    graphs: frozenset[str]
    """The IRIs of the named graphs the data fills (``graph``'s too, if it has triples)."""
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


def check_quad(q: ox.Quad, seen: set[str], source: str, data: bytes | None = None) -> None:
    """The checks every quad passes on every path into a store (a write's parse and the
    one-pass load at start): each IRI once per distinct value (``seen``), with ``safety``'s
    rules (schemes, bidirectional overrides, line separators), and each literal's lexical form
    and characters. ``data``, when given, lets a refusal name the position in the file. An
    RDF 1.2 triple term (``<<( s p o )>>``) as the object has its terms checked the same way."""
    named_node = ox.NamedNode
    for term in (q.subject, q.predicate, q.object, q.graph_name):
        if type(term) is named_node:
            value = term.value
            if value not in seen:
                try:
                    check_term_iri(value)
                except UnsafeInputError as exc:
                    raise UnsafeInputError(f"{source}: {exc}") from None
                seen.add(value)
    obj = q.object
    if type(obj) is ox.Literal:
        _check_literal(q, data, source, seen)
    elif isinstance(obj, ox.Triple):
        inner = ox.Quad(obj.subject, obj.predicate, obj.object, q.graph_name)
        check_quad(inner, seen, source, data)


def _check_data(data: bytes, fmt: RdfFormat, source: str, graph: URIRef | str) -> _CheckedData:
    """Parse ``data`` completely and check every IRI, keeping nothing but the graph names.

    A second, streaming parse (``_CheckedData.quads``) loads it: cheaper in memory than holding
    a list of a million quads, and nothing enters a store before the whole file passed.
    """
    seen: set[str] = set()
    graphs: set[str] = set()
    count = 0
    has_triples = False  # quads in the default graph, which go into ``graph``
    named_node = ox.NamedNode
    if fmt.name == "jsonld":
        check_json_depth(data, source=source)  # before any parser: they recurse
    try:
        for q in ox.parse(data, format=fmt.ox_format, base_iri=None, lenient=False):
            count += 1
            g = q.graph_name
            if type(g) is named_node:
                graphs.add(g.value)
            else:
                has_triples = True
            check_quad(q, seen, source, data)
    except SyntaxError as exc:
        message = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
        raise DataSyntaxError(source, message, exc.lineno, exc.offset) from None
    except (ValueError, OSError) as exc:
        raise DataSyntaxError(source, str(exc)) from None
    if has_triples:
        graphs.add(str(graph))
    return _CheckedData(data, fmt, graph, frozenset(graphs), count)


def _check_literal(q: ox.Quad, data: bytes | None, source: str, seen: set[str]) -> None:
    """``safety.check_literal`` on the quad's object, naming the statement and file position."""
    literal = q.object
    assert isinstance(literal, ox.Literal)
    try:
        check_literal(literal.value, literal.datatype.value, "the literal", seen)
    except UnsafeInputError as exc:
        where = locate(data, literal.value) if data is not None and len(literal.value) > 3 else ""
        at = f" ({where})" if where else ""
        raise UnsafeInputError(
            f"{source}{at}: {exc}, in the statement <{q.subject.value}> <{q.predicate.value}>"
            if isinstance(q.subject, ox.NamedNode | ox.BlankNode)
            else f"{source}{at}: {exc}, on property <{q.predicate.value}>"
        ) from None


def _graph_of(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """An rdflib Graph of ``triples``, with plangraph's prefixes bound."""
    from rdflib import Graph

    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def _from_ox_triples(triples: Iterable[Any]) -> Iterator[tuple[Node, Node, Node]]:
    """pyoxigraph triples as rdflib terms (IRIs converted once each)."""
    from plangraph.terms_rdflib import from_ox

    cache: dict[str, URIRef] = {}
    for t in triples:
        yield from_ox(t.subject, cache), from_ox(t.predicate, cache), from_ox(t.object, cache)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows opening a directory)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
        kill_point(f"temp-written:{path.name}")  # tests only (plangraph.faults)
        os.replace(tmp_name, path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


class PlanStore(ABC):
    """A set of named graphs, one per plan, with SPARQL over their union."""

    backend: str = "abstract"

    index: Any = None
    """The ``store.index.DataIndex`` over the data folder, when the store was opened on one."""

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

    def all_labels(self) -> list[tuple[str, Any, int]]:
        """Every labelled IRI node's labels: the rows of ``queries/all_labels.rq``, each
        ``(node, label, rank)`` in plain values (as ``select_plain`` gives them; rank 1 for
        ``skos:prefLabel``, 2 ``rdfs:label``, 3 ``dcterms:title``), each once, in no order.

        Here (a SPARQL server) the query itself, one request; the embedded backends read the
        three properties' triples from their indexes instead of planning and running a query.
        """
        return [
            (node, label, rank)
            for node, label, rank in self.select_plain(resources.query_text("all_labels"))
        ]

    # -- graphs ------------------------------------------------------------------------------

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """The named graphs in the store, sorted."""

    def graph_iris(self) -> list[str]:
        """The named graphs' IRIs, as text, sorted (no rdflib terms made)."""
        return [str(g) for g in self.graph_names()]

    def graph_count(self) -> int:
        """How many named graphs the store holds (cheaper than ``graph_names`` on Oxigraph)."""
        return len(self.graph_names())

    @abstractmethod
    def quads(self, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        """All quads (of one graph, or of all) as rdflib terms."""

    def ox_quads(self, graph: URIRef | str | None = None) -> Iterator[ox.Quad]:
        """All quads (of one graph, or of all) as pyoxigraph quads, for code that works in them."""
        from rdflib import URIRef

        from plangraph.terms_rdflib import to_ox

        for s, p, o, g in self.quads(None if graph is None else URIRef(str(graph))):
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))

    def scratch_copy(self, leave_out: Collection[str] = ()) -> PlanStore:
        """A copy of this store's quads in a new embedded store in memory, without the named
        graphs ``leave_out`` (their IRIs): scratch space to change and query without touching
        this store (``ingest.versions.as_of_store``). Each quad keeps its graph.

        Here (a SPARQL server, whose data others may have written) the quads go through a
        load's checks (``load_data``: every IRI and literal, as any data entering a store); the
        embedded backends, whose every quad passed those checks on its way in, override this
        with a copy that neither checks again nor writes the quads out as text.
        """
        from plangraph.store.oxigraph import OxigraphStore

        skip = frozenset(leave_out)
        scratch = OxigraphStore()
        nquads = ox.serialize(
            (q for q in self.ox_quads() if q.graph_name.value not in skip),  # type: ignore[union-attr]
            format=ox.RdfFormat.N_QUADS,
        )
        assert isinstance(nquads, bytes)
        scratch.load_data(nquads, "nq", ONTOLOGY_GRAPH_IRI, source="the store", replace=False)
        return scratch

    @property
    def patterns(self) -> QuadPatterns | None:
        """Quad-pattern lookups from the engine's indexes, or ``None`` to use SPARQL instead.

        Only the embedded Oxigraph store has them: a lookup there costs microseconds where a
        query costs a parse and a plan; other backends answer ``None``.
        """
        return None

    @property
    def chooses_dataset(self) -> bool:
        """Whether ``query_with_dataset`` can run a query over graphs the caller chooses."""
        return False

    def query_with_dataset(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        from_query: bool = False,
    ) -> Any:
        """Run ``query`` over a chosen dataset and give the engine's own result.

        ``from_query``: the query's FROM / FROM NAMED choose (graphs the store holds only, read
        from the store, never fetched). Otherwise ``default_graphs`` (``None``: the union of all
        graphs) and ``named_graphs`` (``None``: every graph). The result is pyoxigraph's
        (``QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``); a syntax error is pyoxigraph's
        ``SyntaxError``, for the caller to word. Only where ``chooses_dataset`` is true.
        """
        raise QueryInputError(
            f"choosing graphs (FROM, default-graph-uri, named-graph-uri) needs the embedded "
            f"Oxigraph backend; this store is {self.backend}"
        )

    def answer(
        self,
        query: str,
        kind: str,
        *,
        limit: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        from_query: bool = False,
    ) -> SparqlAnswer:
        """Run a user's read-only ``query`` of ``kind`` (SELECT, ASK, CONSTRUCT or DESCRIBE,
        as ``sparql.inspect_query`` found it) and give its answer in pyoxigraph terms.

        The dataset as in ``query_with_dataset``; without one, the union of all graphs. At
        most ``limit`` + 1 rows or triples are read where the engine cannot stream (the caller
        takes ``limit`` and learns from the one more that the cap cut the answer). A syntax
        error raises ``QueryInputError`` naming the line and column.
        """
        if default_graphs is not None or named_graphs is not None or from_query:
            # A store that can choose graphs answers through query_with_dataset (its own
            # ``answer``); the others cannot, and say so.
            raise QueryInputError(
                f"choosing graphs (FROM, default-graph-uri, named-graph-uri) needs the embedded "
                f"Oxigraph backend; this store is {self.backend}"
            )
        from plangraph.terms_rdflib import to_ox

        more = None if limit is None else limit + 1
        if kind == "ASK":
            return SparqlAnswer(boolean=self.ask(query))
        if kind == "SELECT":
            result = self.select(query, limit=more)
            names = result.variables
            return SparqlAnswer(
                variables=list(names),
                rows=(
                    [None if row.get(n) is None else to_ox(row[n]) for n in names]
                    for row in result.rows
                ),
            )
        graph = self.construct(query)
        return SparqlAnswer(triples=(ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph))

    @property
    def answers_inline(self) -> bool:
        """Whether a small read is cheap enough to run on an event loop (no I/O, no long query).

        True for the embedded Oxigraph store (index lookups in memory or on local disk); False
        for plain rdflib (slow queries) and a SPARQL server (network).
        """
        return False

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads in all graphs."""

    @abstractmethod
    def _insert(self, quads: Iterable[ox.Quad]) -> None: ...

    def _insert_checked(self, checked: _CheckedData) -> None:
        """Insert data that ``_check_data`` passed (its quads, parsed again)."""
        self._insert(checked.quads())

    @abstractmethod
    def _clear_graph(self, graph: URIRef | str) -> None: ...

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
        graph: URIRef | str,
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
                for name in checked.graphs | {str(graph)}:
                    self._clear_graph(name)
                if self.index is not None:  # a data folder's store, not a scratch one
                    kill_point(f"store-cleared:{source}")  # tests only (plangraph.faults)
            self._insert_checked(checked)
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
        checked: list[tuple[URIRef, _CheckedData]] = []
        for entry in entries:
            suffix = entry.name.rsplit(".", 1)[-1].lower() if "." in entry.name else ""
            if not entry.is_file() or suffix not in FORMATS:
                continue
            graph = graph_for_file(entry.name)
            checked.append(
                (graph, _check_data(entry.read_bytes(), FORMATS[suffix], str(entry), graph))
            )
        # All files parsed and checked: only now does anything enter the store.
        with self._changing():
            for graph, item in checked:
                for name in item.graphs | {str(graph)}:
                    self._clear_graph(name)
                self._insert_checked(item)
                loaded[graph] = item.count
        return loaded

    def load_ontology(self) -> int:
        """Load ``ontology/plangraph.ttl`` into ``ONTOLOGY_GRAPH``."""
        data = resources.ontology_file().read_bytes()
        return self.load_data(data, "ttl", ONTOLOGY_GRAPH_IRI, source="ontology/plangraph.ttl")

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
            if ontology or graph is not None or str(g) != ONTOLOGY_GRAPH_IRI
        )


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


def _quad_key(q: Any) -> tuple[str, ...]:
    """Sort key that groups by graph and subject, so Turtle and TriG come out readable."""
    graph = getattr(q, "graph_name", None)
    return (
        str(graph) if graph is not None else "",
        str(q.subject),
        str(q.predicate),
        str(q.object),
    )
