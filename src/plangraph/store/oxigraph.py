"""The embedded default backend: pyoxigraph, in memory or on disk."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import threading
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from plangraph.errors import (
    QueryInputError,
)
from plangraph.namespaces import LABEL_PROPERTIES, PREFIXES
from plangraph.store.base import (
    Bindings,
    PlanStore,
    QuadPatterns,
    SelectResult,
    SparqlAnswer,
    _CheckedData,
    _from_ox_triples,
    _graph_of,
    _quad_key,
    _query_error,
)
from plangraph.store.formats import RdfFormat, rdf_format
from plangraph.terms import PlainResult, TsvUnread, plain_from_ox, plain_rows_from_tsv

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.term import Node

# rdflib loads in the methods that make or read its terms (select, quads, construct, graph_names,
# bindings): select_plain, patterns and ox_quads answer without it.


def _ox_bindings(bindings: Bindings | None) -> dict[ox.Variable, Any] | None:
    if not bindings:
        return None
    from plangraph.terms_rdflib import to_ox

    return {ox.Variable(name): to_ox(value) for name, value in bindings.items()}


_held: set[str] = set()
"""On-disk stores this process holds open with ``read_until_write`` (resolved paths)."""
_held_lock = threading.Lock()


def _let_go(key: str, fd: int | None) -> None:
    with _held_lock:
        _held.discard(key)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)  # the lock goes with the descriptor


CLOSED_NAME = "plangraph-closed.json"
"""Left in an on-disk store's folder (RocksDB ignores foreign files) when a store opened with
``read_until_write`` lets go of an engine it opened for writing: the engine's state as that
clean close left it (``_engine_state``). Removed before any such store opens it for writing."""


def _engine_state(path: Path) -> list[Any] | None:
    """The engine's own manifest of the store at ``path``, as ``[name, size]``: the file its
    ``CURRENT`` names (every writable open of RocksDB starts a new one, and every flush or
    compaction appends to it); ``None`` when it cannot be read."""
    try:
        name = (path / "CURRENT").read_text(encoding="ascii").strip()
        if not name.startswith("MANIFEST-") or "/" in name:
            return None
        return [name, (path / name).stat().st_size]
    except (OSError, ValueError):
        return None


def _closed_cleanly(path: Path) -> bool:
    """Whether the engine at ``path`` is as a clean close of a writer left it (``CLOSED_NAME``):
    every write it took is in its table files, so a read-only open finds them all there."""
    try:
        recorded = json.loads((path / CLOSED_NAME).read_bytes())
    except (OSError, ValueError):
        return False
    state = _engine_state(path)
    return state is not None and recorded == {"engine": state}


def _forget_clean_close(path: Path) -> None:
    """Remove the record of a clean close: the engine is about to be opened for writing."""
    with contextlib.suppress(FileNotFoundError):
        (path / CLOSED_NAME).unlink()


def _record_clean_close(path: Path) -> None:
    """Record the engine's state after a clean close (best effort, not fsynced: a record lost
    or torn means only that the next open is a writable one; one that survives a later writer
    names a manifest that writer's open replaced)."""
    state = _engine_state(path)
    if state is None:
        return
    tmp = path / f".{CLOSED_NAME}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(json.dumps({"engine": state}).encode())
        os.replace(tmp, path / CLOSED_NAME)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


class OxigraphStore(PlanStore):
    """The embedded default: pyoxigraph, in memory or on disk."""

    backend = "oxigraph"

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        read_until_write: bool = False,
    ) -> None:
        """An in-memory store, or the on-disk store at ``path``.

        ``read_until_write``: open an existing on-disk store read-only, and for writing only at
        its first write (see ``_open_held``): a command that only reads pays for no engine
        files written and fsynced at open (RocksDB's writable open writes a new MANIFEST,
        CURRENT and OPTIONS, fsyncs them and rotates its LOG). Other processes are locked out
        all the same.
        """
        super().__init__()
        self.path = Path(path) if path is not None else None
        self._len: tuple[int, int] | None = None
        """``(generation, quads)``: the count, valid while the generation stays (counting reads
        every quad: 0.2 s at 1M)."""
        self._reading = False
        """Whether the engine underneath is open read-only (until the first write)."""
        self._marks_close = False
        """Whether ``close`` records a clean close (``CLOSED_NAME``): an engine opened for
        writing by a store opened with ``read_until_write``."""
        self._release: Callable[[], Any] | None = None
        if path is None:
            self._store = ox.Store()
        elif read_until_write:
            self._open_held(Path(path))
        else:
            self._store = ox.Store(str(path))

    def _open_held(self, path: Path) -> None:
        """Open the store at ``path`` read-only and hold its lock, or open it for writing when
        it must be: no store there yet, or one that the last writer did not close cleanly
        here (``_closed_cleanly``). A writer that died, or another program, may have left a
        write in the engine's write-ahead log alone; a writable open writes that out into new
        table files, which the index's integrity check relies on (``index._store_files``).

        The decision does not read the write-ahead logs: RocksDB touches them on its own
        threads (an inactive log is synced, truncated and closed by a background flush job,
        which moves its modification time), keeps flushed ones for reuse (renamed, and written
        over in place, so their size says nothing), and their times are only as fine as the
        kernel's clock tick. The engine's own manifest, named by ``CURRENT``, is replaced at
        every writable open and grows at every flush, and is recorded only after the engine
        has been let go of.

        RocksDB's read-only mode takes no lock, and a writer beside a reader is undefined
        behaviour: so the lock a writable open takes (``fcntl`` on the store's ``LOCK`` file,
        RocksDB's own) is taken here and held until ``close``. Another process cannot open
        the store meanwhile, as it could not while a writable open held it; nor can this
        process open it a second time (``_held``; RocksDB refuses that itself, but does not
        know of a reader).
        """
        key = str(path.resolve())
        with _held_lock:
            if key in _held:
                raise OSError(f"lock {path / 'LOCK'}: already held by the current process")
            fd: int | None = None
            if (path / "CURRENT").is_file() and _closed_cleanly(path):
                fd = os.open(path / "LOCK", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as exc:  # held by another process, as RocksDB would say
                    os.close(fd)
                    raise OSError(exc.errno, f"lock {path / 'LOCK'}: {exc.strerror}") from None
                try:
                    self._store, self._reading = ox.Store.read_only(str(path)), True
                except Exception:  # opened for writing, as before: its own error, or repair
                    os.close(fd)
                    fd = None
            if fd is None:
                self._store = ox.Store(str(path))  # takes RocksDB's lock, or raises
                _forget_clean_close(path)  # (under the lock) until this writer closes
                self._marks_close = True
            _held.add(key)
        # Also when the store is never closed: the lock goes with the object.
        self._release = weakref.finalize(self, _let_go, key, fd)

    def _writable(self) -> None:
        """Open a store opened read-only for writing (its lock held all along: the engine's
        files are as the reader found them)."""
        if self._reading:
            with self._lock:
                if self._reading:
                    self._store = None  # type: ignore[assignment]  # the reader goes first
                    assert self.path is not None
                    _forget_clean_close(self.path)
                    self._store = ox.Store(str(self.path))
                    self._reading = False
                    self._marks_close = True

    @contextmanager
    def _changing(self) -> Iterator[None]:
        self._writable()
        with super()._changing():
            yield

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store underneath, for callers that need its speed directly.

        Handing it out forgets the remembered quad count (the caller may write through it);
        a caller that keeps it and writes later must do so inside ``_changing``. A store open
        for reading only is opened for writing first.
        """
        self._writable()
        self._len = None
        return self._store

    def flush(self) -> None:
        """Write what the engine holds in memory to its files (on-disk stores; one open for
        reading only holds nothing unwritten)."""
        if self.path is not None and not self._reading:
            self._store.flush()

    def optimize(self) -> None:
        """Compact an on-disk store's files now (after a load), rather than in the background of
        the commands that follow (each would pay part of it and find the files changed). One
        open for reading only has had nothing written since it was opened."""
        if self.path is not None and not self._reading:
            self._store.optimize()

    def known_len(self) -> int | None:
        """The quad count if known without counting, else ``None``."""
        known = self._len
        return known[1] if known is not None and known[0] == self._generation else None

    def settle_len(self, quads: int) -> None:
        """Take ``quads`` as the count as of now (the index knows it from its manifest)."""
        self._len = (self._generation, quads)

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
        from plangraph.terms_rdflib import from_ox

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
        if limit is None:
            # The whole answer written by the engine at once, without Python's lock, and read
            # as text (``terms.plain_rows_from_tsv``): no row object per answer, and no waiting
            # for the lock at every row while other threads run Python.
            answer = result.serialize(format=ox.QueryResultsFormat.TSV)
            assert isinstance(answer, bytes)
            try:
                variables, found = plain_rows_from_tsv(answer.decode())
            except TsvUnread:  # a term it does not read: the answer again, term by term
                result = self._query(query, bindings)
            else:
                out = PlainResult(variables)
                out.rows = list(map(out.row, found))
                return out
        out = PlainResult([v.value for v in result.variables])
        columns = range(len(out.variables))
        plain = plain_from_ox
        make = out.row
        if limit is None:
            out.rows = [make([plain(solution[i]) for i in columns]) for solution in result]
            return out
        rows = out.rows
        for solution in result:
            if len(rows) >= limit:
                out.truncated = True
                break
            rows.append(make([plain(solution[i]) for i in columns]))
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
        from rdflib import URIRef

        return [URIRef(name) for name in sorted(self._graph_iris())]

    def graph_iris(self) -> list[str]:
        return sorted(self._graph_iris())

    def _graph_iris(self) -> Iterator[str]:
        return (g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_count(self) -> int:
        return sum(1 for _ in self._graph_iris())

    def quads(self, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        from rdflib import URIRef

        from plangraph.terms_rdflib import from_ox

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

    def ox_quads(self, graph: URIRef | str | None = None) -> Iterator[ox.Quad]:
        graph_name = ox.NamedNode(str(graph)) if graph is not None else None
        return self._store.quads_for_pattern(None, None, None, graph_name)

    def all_labels(self) -> list[tuple[str, Any, int]]:
        """The three label properties' triples from the indexes (of every graph: the query's
        union), IRI subjects only, each distinct term once (as the query's DISTINCT)."""
        found: set[tuple[str, Any, int]] = set()
        quads = self._store.quads_for_pattern
        named_node = ox.NamedNode
        for rank, predicate in enumerate(LABEL_PROPERTIES, start=1):
            for q in quads(None, named_node(predicate), None, None):
                subject = q.subject
                if type(subject) is named_node:
                    found.add((subject.value, q.object, rank))
        return [(node, plain_from_ox(label), rank) for node, label, rank in found]

    def scratch_copy(self, leave_out: Collection[str] = ()) -> PlanStore:
        """The quads copied engine to engine, graph by graph, without a check (each passed
        the checks on its way into this store) and without writing them out as N-Quads and
        parsing them back: ~8 ms for the 2,600 quads of the seed data, where the text and the
        checks took ~25 ms more. Blank nodes keep their labels (a load would rename them)."""
        skip = frozenset(leave_out)
        scratch = OxigraphStore()
        source = self._store
        with scratch._changing():
            target = scratch._store
            for graph in source.named_graphs():
                if graph.value not in skip:
                    target.extend(source.quads_for_pattern(None, None, None, graph))
            # Quads in the default graph (plangraph writes none), where they were.
            target.extend(source.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return scratch

    @property
    def patterns(self) -> QuadPatterns:
        if self._reading:  # the engine underneath changes at the first write: look it up then
            return lambda *pattern: self._store.quads_for_pattern(*pattern)
        return self._store.quads_for_pattern

    @property
    def answers_inline(self) -> bool:
        return True

    @property
    def chooses_dataset(self) -> bool:
        return True

    def query_with_dataset(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        from_query: bool = False,
    ) -> Any:
        kwargs: dict[str, Any] = {}
        if not from_query:
            # Without the union flag Oxigraph takes the dataset from FROM / FROM NAMED.
            if default_graphs is None:
                kwargs["use_default_graph_as_union"] = True
            else:
                kwargs["default_graph"] = [
                    ox.NamedNode(g) for g in default_graphs
                ] or ox.DefaultGraph()
            if named_graphs is not None:
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return self._store.query(query, **kwargs)

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
        try:
            result = self.query_with_dataset(
                query,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                from_query=from_query,
            )
        except SyntaxError as exc:
            raise _query_error(exc, query) from None
        if isinstance(result, ox.QueryBoolean):
            return SparqlAnswer(boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return SparqlAnswer(variables=names, rows=([s[n] for n in names] for s in result))
        return SparqlAnswer(triples=iter(result))

    def __len__(self) -> int:
        known = self.known_len()
        if known is None:
            generation = self._generation  # before counting: a write meanwhile voids the count
            known = len(self._store)
            self._len = (generation, known)
        return known

    def close(self) -> None:
        """Let go of the engine (an on-disk store's lock goes with it); unusable afterwards."""
        if self.path is not None:
            self.flush()
            self.index = None
            engine, self._store = self._store, None  # type: ignore[assignment]
            # Let go of here, the engine closes now (its files final) unless something else
            # still holds it (a bound method, an iterator): then no clean close is recorded.
            clean = self._marks_close and engine is not None and sys.getrefcount(engine) == 2
            del engine
            if clean:
                _record_clean_close(self.path)  # under the lock, which goes below
            self._reading = self._marks_close = False
            if self._release is not None:
                self._release()  # after the engine: its own lock goes with this one

    def _insert(self, quads: Iterable[ox.Quad]) -> None:
        self._writable()
        self._store.extend(quads)

    def _insert_checked(self, checked: _CheckedData) -> None:
        """The engine parses and inserts the checked bytes itself, in one transaction (as
        ``extend`` of their quads would: default-graph triples into ``checked.graph``, blank
        nodes renamed), without a Python object per quad (~10 ms of CPU a 3,000-triple plan)."""
        self._writable()
        self._store.load(
            checked.data,
            format=checked.fmt.ox_format,
            to_graph=ox.NamedNode(str(checked.graph)),
            base_iri=None,
            lenient=False,
        )

    def _clear_graph(self, graph: URIRef | str) -> None:
        name = ox.NamedNode(str(graph))
        self._writable()
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
