"""The store as an index of the plan files: a manifest of checksums, checked at every start.

The plan files in the data folder are the source of truth. The store holds what they say, and
a manifest records, per file, the SHA-256 of the bytes the store was built from and the named
graphs that file filled. At every start (``DataIndex.sync``):

1. stray temporary files that an interrupted atomic save left in the data folder are removed;
2. every data file's checksum is compared with the manifest; a file that is new or differs is
   checked in one streaming pass (parse, IRIs, not empty, optionally the SHACL structure) and
   its graphs rebuilt; graphs of files that are gone are dropped. A file whose size, times and
   inode are those recorded when it was last read (and which had not changed for
   ``_SETTLED_NS`` before that read, so a change within the file system's clock tick cannot
   hide) is taken as unchanged without reading it again, as ``git status`` and ``make`` do;
   any change to the file's bytes moves its ctime, which no program can set back;
3. the store's own integrity is checked (its per-graph quad counts against the manifest). The
   count reads every quad, so it is skipped when the engine's table files are exactly those
   (name, size, modification time) the manifest recorded after its last write: RocksDB never
   rewrites a table file in place, so the same files hold the same, already counted, data. Any
   write, compaction, replayed log or tampering changes that listing;
4. the manifest is written (atomically, fsynced) only after the store has been flushed, and
   only when something in it changed (a second command on unchanged data writes nothing).
   The command line opens its store read-only (``cache``) when the last writer closed the
   engine cleanly (``oxigraph.CLOSED_NAME``): then the engine holds nothing that is not in
   its table files, and a command that only reads writes none of the engine's own files.

The structure check (SHACL, ``structure_check``) of a file is the costly part of a rebuild
(~0.2 s a seed file, most of a start that rebuilds them). The manifest also keeps a record of
the file contents that passed it: per file name, the SHA-256 of the bytes checked, under the
check's own fingerprint (``structure_check.fingerprint()``: the shapes, the ontology, the code
and library versions that decide a verdict). A rebuilt file whose name and bytes are in the
record under the same fingerprint passed that check before, so it is not checked again (as a
file the manifest keeps is not); any other file is. The record is read even when the rest of
the manifest cannot be used (another data folder, a store rebuilt after a crash or damage), is
set only after a check passed (at start, or the SHACL check of a write), and written with the
manifest (atomically, fsynced). A record that is missing, unreadable or made under another
fingerprint means every file is checked.

A write goes: manifest entry removed (fsynced) -> plan file written atomically (fsynced) ->
store updated and flushed -> manifest entry set. A crash anywhere leaves either an entry that
matches both file and store, or no entry, and then the next start rebuilds that plan from its
file. So after a crash the store holds exactly what the files hold.

The same mechanism keeps the command line's cache of the data folder (``cache_store_url``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox

from plangraph import resources
from plangraph.errors import DataSyntaxError, InputError, StoreError, UnsafeInputError
from plangraph.namespaces import ONTOLOGY_GRAPH_IRI
from plangraph.safety import check_iri as check_term_iri
from plangraph.safety import check_json_depth, check_literal
from plangraph.store.base import (
    PlanStore,
    _check_data,
    atomic_write,
    check_quad,
)
from plangraph.store.formats import FORMATS, RdfFormat, graph_iri_for_file
from plangraph.store.linescan import QuickScan, quick_check

if TYPE_CHECKING:
    from rdflib import URIRef

__all__ = [
    "MANIFEST_NAME",
    "BadFile",
    "DataIndex",
    "FileEntry",
    "StartupCheckError",
    "StructureCheck",
    "derive",
    "file_digest",
    "load_checked",
    "remove_stray_temporaries",
]

log = logging.getLogger("plangraph.store")

MANIFEST_NAME = "plangraph-manifest.json"
"""The manifest's file name, inside an on-disk store's folder (RocksDB ignores foreign files)."""

_ONTOLOGY_KEY = "@ontology"
_VERSION = 1

_SETTLED_NS = 2_000_000_000
"""How long a file must have been unchanged before it was read for its recorded size and times
to stand for its content later (2 s: more than any file system's time step, FAT's included)."""

StructureCheck = Callable[[PlanStore, "list[URIRef]"], "str | None"]
"""Checks the named graphs just loaded from one file; returns what is wrong, or ``None``. One
with a ``fingerprint()`` method (a string naming everything that decides its verdict but the
file's bytes) has its passes recorded (see the module docstring); one without checks every time."""

_CHECKED_PER_FILE = 4
"""Contents of one file name kept in the record of passed checks (the latest first): a plan
written back and forth between versions finds each of them there."""


class StartupCheckError(InputError):
    """A plan file (or the store) failed the start-up check; the message names it."""


@dataclass
class FileEntry:
    """What the store was built from for one data file."""

    sha256: str
    size: int
    graphs: list[str]
    quads: int
    stat: list[int] = field(default_factory=list)
    """``[size, mtime_ns, ctime_ns, inode]`` of the file when its checksum was taken (empty for
    files inside the installed package, which are always read)."""
    read_ns: int = 0
    """When the checksum was taken (``time.time_ns``)."""

    def unchanged(self, stat: list[int]) -> bool:
        """Whether a file with ``stat`` is, by its metadata alone, the one this entry recorded."""
        return (
            bool(self.stat)
            and stat == self.stat
            and max(stat[1], stat[2]) < self.read_ns - _SETTLED_NS
        )


@dataclass(frozen=True)
class BadFile:
    """A data file left out because it failed the start-up check."""

    name: str
    problem: str

    def as_dict(self) -> dict[str, str]:
        return {"file": self.name, "problem": self.problem}


def file_digest(data: bytes) -> str:
    """The SHA-256 of ``data`` as hex."""
    return hashlib.sha256(data).hexdigest()


def _stat(path: Path) -> list[int]:
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _store_files(folder: Path | None) -> list[list[Any]] | None:
    """The engine's table files as ``[name, size, mtime_ns]``, sorted (see step 3 of the module
    docstring); ``None`` for a store not on disk or not readable.

    Its write-ahead logs are left out: RocksDB replays a log into new table files when it
    opens the store (so a write that reached only the log shows as new tables here, listed
    after the open), and the logs a flush has emptied in effect go away only at the next open.
    """
    if folder is None:
        return None
    try:
        found = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".sst") and entry.is_file():
                    st = entry.stat()
                    found.append([entry.name, st.st_size, st.st_mtime_ns])
        return sorted(found)
    except OSError:
        return None


def _path_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def remove_stray_temporaries(folder: Path) -> list[str]:
    """Remove the ``.NAME.XXXX.tmp`` files an interrupted ``atomic_write`` left behind."""
    removed = []
    for entry in folder.iterdir():
        if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry.name)
    if removed:
        log.warning("removed %d stray temporary file(s): %s", len(removed), ", ".join(removed))
    return removed


_LINE_BASED = frozenset({"nt", "nq"})
"""The formats ``linescan.quick_check`` reads (one statement per line, terms in full)."""

_CONCURRENT_BYTES = 4 << 20
"""From this size on, a file goes through the engine's bulk loader and is checked while the
engine loads it (two threads, two cores); a smaller one is checked before anything of it
enters the store, and loaded in one transaction."""


def _collect(quads: Iterator[ox.Quad], terms: set[Any], graphs: set[Any], dataset: bool) -> None:
    """Add the distinct terms of ``quads`` (subjects, predicates, objects, graph names) to
    ``terms`` and, for a dataset format, their graph names to ``graphs``.

    One cheap step per quad (``set.update`` with the quad: its four terms are hashed in Rust);
    the checks then run once per distinct term (at 1M quads about 127,000 of 4 million places).
    Filled as the parse goes, so that what was read before a syntax error is known.
    """
    update = terms.update
    if not dataset:  # every triple goes into the file's own graph
        for q in quads:
            update(q)
        return
    add = graphs.add
    for q in quads:
        update(q)
        add(q.graph_name)


def _graph_names(
    terms: set[Any], graphs: set[Any], dataset: bool, target: ox.NamedNode
) -> set[str]:
    """The named graphs that ``_collect`` found filled (default-graph triples: ``target``)."""
    if not dataset:
        return {target.value} if terms else set()
    names = {g.value for g in graphs if type(g) is ox.NamedNode}
    if len(names) < len(graphs):  # the default graph
        names.add(target.value)
    return names


def _terms_pass(terms: Iterable[Any], datatypes: set[str] | None = None) -> bool:
    """Whether every IRI and literal in ``terms`` (and in their triple terms) passes
    ``check_quad``'s checks."""
    named_node = ox.NamedNode
    literal = ox.Literal
    datatypes = set() if datatypes is None else datatypes
    try:
        for term in terms:
            kind = type(term)
            if kind is named_node:
                check_term_iri(term.value)
            elif kind is literal:
                check_literal(term.value, term.datatype.value, "the literal", datatypes)
            elif kind is ox.Triple and not _terms_pass(term, datatypes):
                return False
    except UnsafeInputError:
        return False
    return True


def _first_failure(quads: Iterator[ox.Quad], source: str, target: ox.NamedNode) -> None:
    """Raise the check's error for the first quad of ``quads`` (in file order) that fails it,
    with the message the per-quad check gives (``check_quad``)."""
    seen: set[str] = set()
    for q in quads:
        if type(q.graph_name) is ox.DefaultGraph:
            q = ox.Quad(q.subject, q.predicate, q.object, target)
        check_quad(q, seen, source)
    raise UnsafeInputError(f"{source}: a term failed the check")  # the same checks: not reached


def _scanned_graphs(
    scan: QuickScan, now: set[Any], before: set[Any], dataset: bool, target: ox.NamedNode
) -> set[str] | None:
    """The named graphs a file that ``quick_check`` passed filled, from the graphs the store
    held before the load and after it; ``None`` when that cannot tell (the file may have added
    to a graph the store already held: the caller then reads the file's graph names)."""
    if not dataset:
        return {target.value} if scan.has_statement else set()
    held = {g.value for g in before if type(g) is ox.NamedNode}
    if target.value in held or (scan.last_iris is not None and scan.last_iris & held):
        return None
    return _graph_names(set(), now - before, dataset, target)  # the graphs the load added


def load_checked(
    store: PlanStore,
    *,
    fmt: RdfFormat,
    graph: URIRef | str,
    source: str,
    path: Path | None = None,
    data: bytes | None = None,
) -> set[str]:
    """Load a file (or bytes) into ``store`` with one pass of the engine, checking every IRI.

    The embedded Oxigraph store parses and loads the file itself (``bulk_load``: Rust, no copy
    of the quads in Python; default-graph triples into ``graph``, blank nodes renamed as every
    write renames them). Meanwhile (for a file of ``_CONCURRENT_BYTES`` or more; before, for a
    smaller one) the file is checked: an N-Triples or N-Quads file first by a scan of its bytes
    (``linescan.quick_check``) that passes it when that is certain; otherwise (not sure, other
    formats, small files) a second parse collects the file's distinct terms and graph names,
    and each distinct IRI and literal is checked once. If the parse or a check fails, every
    graph the file touched is removed again: nothing of a bad file stays; the error is that of
    the first quad in the file that fails. Other backends get the checked bytes. Returns the
    named graphs the file filled.
    """
    raw = getattr(store, "raw", None)
    if not isinstance(raw, ox.Store):
        if data is None:
            assert path is not None
            data = path.read_bytes()
        checked = _check_data(data, fmt, source, graph)
        with store._changing():
            store._insert_checked(checked)
        return {str(g) for g in checked.graphs}
    if fmt.name == "jsonld":  # before any parser sees it: JSON-LD parsers recurse
        check_json_depth(path.read_bytes() if data is None else data, source=source)  # type: ignore[union-attr]
    target = ox.NamedNode(str(graph))
    options: dict[str, Any] = {"format": fmt.ox_format, "base_iri": None, "lenient": False}

    def parsed() -> Iterator[ox.Quad]:
        return ox.parse(path=str(path), **options) if data is None else ox.parse(data, **options)

    def load() -> None:
        # A small file in one transaction (into the engine's memory table, written out with
        # the rest); a big one through the bulk loader, which writes table files directly.
        # Strict parsing (``lenient=False``), which ``quick_check`` relies on.
        if size < _CONCURRENT_BYTES:
            if data is None:
                raw.load(path=str(path), format=fmt.ox_format, to_graph=target, lenient=False)
            else:
                raw.load(data, format=fmt.ox_format, to_graph=target, lenient=False)
        elif data is None:
            raw.bulk_load(path=str(path), format=fmt.ox_format, to_graph=target, lenient=False)
        else:
            raw.bulk_load(data, format=fmt.ox_format, to_graph=target, lenient=False)

    size = len(data) if data is not None else path.stat().st_size  # type: ignore[union-attr]
    dataset = fmt.is_dataset
    before = set(raw.named_graphs())
    terms: set[Any] = set()
    found: set[Any] = set()
    collected = False  # whether ``terms`` and ``found`` hold the whole file
    scans: list[QuickScan | None] = []

    def collect() -> None:
        nonlocal collected
        _collect(parsed(), terms, found, dataset)
        collected = True

    def check() -> None:  # the big-file path's check, while the engine loads
        if fmt.name in _LINE_BASED:
            # The last IRIs of the statements only when the store already holds named graphs
            # the file might add to (``_scanned_graphs``).
            held = any(type(g) is ox.NamedNode for g in before)
            scanned = path if data is None else data
            assert scanned is not None
            scans.append(quick_check(scanned, last_iris=held and dataset))
        if not scans or scans[0] is None:
            collect()

    loading = False
    graphs: set[str] | None = None
    try:
        with store._changing():
            if size < _CONCURRENT_BYTES:
                collect()
                if not _terms_pass(terms):
                    _first_failure(parsed(), source, target)
                loading = True
                load()
            else:
                loading = True
                _in_parallel(load, check)
                if collected and not _terms_pass(terms):
                    _first_failure(parsed(), source, target)
            if not collected:
                scan = scans[0]
                assert scan is not None
                graphs = _scanned_graphs(scan, set(raw.named_graphs()), before, dataset, target)
                if graphs is None:
                    collect()
    except BaseException as exc:
        if loading:  # every graph the file touched, as far as it was read, and any new one
            if not collected:  # the scan passed it: read its graph names (and the parser's error)
                try:
                    collect()
                except (SyntaxError, ValueError) as parse_error:
                    # The parse's own words for a file that does not parse (as the exact
                    # check's parse gives them: the first error in file order).
                    if isinstance(exc, SyntaxError | ValueError):
                        exc = parse_error
                except Exception:  # noqa: S110 - the load's own error is reported below
                    pass
            touched = _graph_names(terms, found, dataset, target) | {target.value}
            with store._changing():
                now = set(raw.named_graphs())
                for name in touched:
                    with contextlib.suppress(Exception):
                        raw.remove_graph(ox.NamedNode(name))
                for new in now - before:  # blank-node graph names too
                    with contextlib.suppress(Exception):
                        raw.remove_graph(new)
        if isinstance(exc, SyntaxError):
            message = str(exc.msg if getattr(exc, "msg", None) else exc)
            raise DataSyntaxError(source, message, exc.lineno, exc.offset) from None
        if isinstance(exc, ValueError):
            raise DataSyntaxError(source, str(exc)) from None
        if isinstance(exc, OSError):
            raise StoreError(f"could not load {source}: {exc}") from None
        raise
    if graphs is None:
        graphs = _graph_names(terms, found, dataset, target)
    return graphs


_T = TypeVar("_T")


def _in_parallel(background: Callable[[], None], foreground: Callable[[], _T]) -> _T:
    """``foreground()`` while ``background()`` runs in a thread (the engine's bulk loader lets
    go of the interpreter); both finished before this returns. The foreground's error comes
    first (the same parser's, in file order), then the background's."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            background()
        except BaseException as exc:  # handed to the caller below
            failed.append(exc)

    worker = threading.Thread(target=run, name="plangraph-bulk-load", daemon=True)
    worker.start()
    try:
        result = foreground()
    finally:
        worker.join()
    if failed:
        raise failed[0]
    return result


@dataclass
class DataIndex:
    """The manifest of one store over one data folder, and the bad files left out at start."""

    store: PlanStore
    folder: Path | Any | None
    manifest_path: Path | None
    entries: dict[str, FileEntry] = field(default_factory=dict)
    bad: list[BadFile] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)

    # -- the manifest ------------------------------------------------------------------------

    _read_payload: bytes | None = None
    """The manifest as read at open: ``save`` writes nothing when it would write the same."""
    _recorded_files: list[list[Any]] | None = None
    """The engine's files as the manifest recorded them after its last write (step 3)."""
    _recorded_quads: int | None = None
    entries_read: dict[str, FileEntry] = field(default_factory=dict)
    """The entries as the manifest held them at open."""
    derived: dict[str, Any] = field(default_factory=dict)
    """Small answers computed from the files' data (``derive``), kept in the manifest while the
    entries stay as they are: any change to a file, or any write, drops them all."""
    keep_derived: bool = False
    """Whether ``derive`` keeps answers: set by the command line's own store (one process, one
    command at a time); a server computes every time."""
    _synced_generation: int | None = None
    checked: dict[str, list[str]] = field(default_factory=dict)
    """The record of passed structure checks: per file name, the SHA-256s of contents that
    passed (see the module docstring)."""
    _checked_key: str | None = None
    """The fingerprint of the check ``checked`` was made by."""
    _fingerprint: Callable[[], Any] | None = None
    """The ``fingerprint`` of the structure check of the last ``sync`` (``None``: none, or one
    that cannot say what decides its verdict; nothing is then recorded or taken as passed)."""
    _key: str | None = None

    @property
    def _check_key(self) -> str | None:
        """``_fingerprint()``, made on first use (a start that checks nothing does not)."""
        if self._key is None and self._fingerprint is not None:
            self._key = str(self._fingerprint())
        return self._key

    def _read(self) -> dict[str, FileEntry] | None:
        if self.manifest_path is None or not self.manifest_path.exists():
            return None
        try:
            data = self.manifest_path.read_bytes()
            payload = json.loads(data)
            # Whatever the rest says: a passed check stays passed for the same bytes.
            self._read_checked(payload)
            if payload.get("version") != _VERSION or payload.get("folder") != self._folder_key():
                return None
            entries = {name: FileEntry(**entry) for name, entry in payload["files"].items()}
            derived = payload.get("derived")
            self.derived = derived if isinstance(derived, dict) else {}
            engine = payload.get("store")
            if isinstance(engine, dict):
                files, quads = engine.get("files"), engine.get("quads")
                self._recorded_files = files if isinstance(files, list) else None
                self._recorded_quads = quads if isinstance(quads, int) else None
            self._read_payload = data
            return entries
        except (OSError, ValueError, TypeError, KeyError):
            log.warning("the store's manifest %s is unreadable; rebuilding", self.manifest_path)
            return None

    def _folder_key(self) -> str:
        if self.folder is None:
            return ""
        if isinstance(self.folder, Path):
            return str(self.folder.resolve())
        return "package:" + str(self.folder)

    def _store_path(self) -> Path | None:
        path = getattr(self.store, "path", None)
        return path if isinstance(path, Path) else None

    def _read_checked(self, payload: Any) -> None:
        """The record of passed checks from the manifest's ``payload`` (empty if malformed)."""
        record = payload.get("checked") if isinstance(payload, dict) else None
        if not isinstance(record, dict):
            return
        key, files = record.get("fingerprint"), record.get("files")
        if not isinstance(key, str) or not isinstance(files, dict):
            return
        if all(
            isinstance(shas, list) and all(isinstance(s, str) for s in shas)
            for shas in files.values()
        ):
            self._checked_key, self.checked = key, {n: list(s) for n, s in files.items()}

    def _passed(self, name: str, sha256: str) -> None:
        """Record that ``name`` holding ``sha256`` passed the structure check."""
        if self._check_key is None:
            return
        if self._checked_key != self._check_key:  # a record of another check: start anew
            self._checked_key, self.checked = self._check_key, {}
        shas = [sha256, *(s for s in self.checked.get(name, []) if s != sha256)]
        self.checked[name] = shas[:_CHECKED_PER_FILE]

    def _passed_before(self, name: str, sha256: str) -> bool:
        """Whether ``name`` holding ``sha256`` passed the structure check as it is now."""
        return (
            self._check_key is not None
            and self._checked_key == self._check_key
            and sha256 in self.checked.get(name, ())
        )

    def save(self, *, count: bool = False) -> None:
        """Flush the store, then write the manifest atomically (fsynced), if it changed.

        With the manifest go the engine's files after the flush and, when ``count`` (at open,
        where loading costs far more than one count) or already known, the store's quad count.
        """
        if self.manifest_path is None:
            return
        flush = getattr(self.store, "flush", None)
        if callable(flush):
            flush()
        payload: dict[str, Any] = {
            "version": _VERSION,
            "folder": self._folder_key(),
            "files": {name: asdict(entry) for name, entry in sorted(self.entries.items())},
        }
        files = _store_files(self._store_path())
        if files is not None:
            engine: dict[str, Any] = {"files": files}
            known = getattr(self.store, "known_len", None)
            quads = known() if callable(known) else None
            if quads is None and count:
                quads = len(self.store)
            if quads is not None:
                engine["quads"] = quads
            payload["store"] = engine
        if self.derived:
            payload["derived"] = self.derived
        if self._checked_key is not None and self.checked:
            payload["checked"] = {"fingerprint": self._checked_key, "files": self.checked}
        data = json.dumps(payload, indent=1).encode()
        if data == self._read_payload:
            return
        try:
            atomic_write(self.manifest_path, data)
        except OSError as exc:
            raise StoreError(f"could not write the manifest {self.manifest_path}: {exc}") from None
        self._read_payload = data

    def derive(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept with the manifest under ``key`` while the files stay as they are.

        For small answers that read the whole store (counts per plan: ~0.5 s at 1M triples):
        a later command on the same files takes them from the manifest. ``compute`` must give
        plain JSON data (lists, not tuples). Kept only when ``keep_derived`` and the store has
        not changed since it was synced with the files; otherwise computed every time.
        """
        generation = self.store.generation
        if not self.keep_derived or generation is None or generation != self._synced_generation:
            return compute()
        if key in self.derived:
            return self.derived[key]
        value = compute()
        self.derived[key] = value
        with contextlib.suppress(StoreError):  # a cache that cannot be written is only slower
            self.save()
        return value

    def forget(self, name: str, *, passed: str | None = None) -> None:
        """Mark a file as being rewritten: until ``record``, a restart rebuilds it from its file.

        ``passed``: the SHA-256 of the bytes about to be written, which passed the structure
        check (a write's SHACL check of the same shapes, judging the nodes they describe in the
        context of the other graphs, as the start-up check does): recorded as passed in the
        same manifest write, so that a restart after a crash anywhere in the write rebuilds
        the file without checking it again (see the module docstring).
        """
        self.derived = {}
        dropped = self.entries.pop(name, None) is not None
        if passed is not None and not self._passed_before(name, passed):
            self._passed(name, passed)
            dropped = True
        if dropped:
            self.save()

    def record(self, path: Path, graphs: list[URIRef] | None = None) -> None:
        """The store now holds exactly what ``path`` holds: set its entry (after a write)."""
        self.derived = {}
        if not path.exists():
            self.entries.pop(path.name, None)
        else:
            stat, read_ns = _stat(path), time.time_ns()
            sha, size = _path_digest(path)
            names = [str(g) for g in graphs] if graphs else [graph_iri_for_file(path.name)]
            self.entries[path.name] = FileEntry(sha, size, names, self._count(names), stat, read_ns)
        self.save()

    def _count(self, graphs: list[str]) -> int:
        patterns = self.store.patterns
        if patterns is None:
            return -1
        return sum(sum(1 for _ in patterns(None, None, None, ox.NamedNode(g))) for g in graphs)

    # -- start-up ----------------------------------------------------------------------------

    def _files(self) -> list[Any]:
        if self.folder is None:
            return []
        found = []
        for entry in sorted(self.folder.iterdir(), key=lambda p: p.name):
            suffix = entry.name.rsplit(".", 1)[-1].lower() if "." in entry.name else ""
            if entry.name.startswith(".") or suffix not in FORMATS or not entry.is_file():
                continue
            found.append(entry)
        return found

    def _drop(self, graphs: list[str]) -> None:
        for name in graphs:
            self.store._clear_graph(name)

    def _graph_counts(self) -> dict[str, int]:
        """Quads per named graph, in one query (the engine counts; no quads cross to Python)."""
        counts: dict[str, int] = {}
        for row in self.store.select_plain(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        ).rows:
            counts[str(row.g)] = int(str(row.n))
        return counts

    def _integrity(self, old: dict[str, FileEntry]) -> set[str]:
        """Names of files whose graphs in the store do not hold the recorded number of quads."""
        patterns = self.store.patterns
        if patterns is None:
            return set()
        files = _store_files(self._store_path())
        if files is not None and files == self._recorded_files:
            # The engine's files are those the last write left (step 3): nothing to count.
            settle = getattr(self.store, "settle_len", None)
            if self._recorded_quads is not None and callable(settle):
                settle(self._recorded_quads)
            return set()
        try:
            # The total first (cheap); per graph only when it differs.
            if all(e.quads >= 0 for e in old.values()) and len(self.store) == sum(
                e.quads for e in old.values()
            ):
                return set()
            counts = self._graph_counts()
        except Exception as exc:  # the engine's own error: the store is damaged
            where = getattr(self.store, "path", None) or "the store"
            raise StoreError(
                f"the store at {where} is damaged ({exc}); remove that folder to rebuild it "
                "from the plan files, or restore a backup (plangraph restore)"
            ) from None
        differ = set()
        for name, entry in old.items():
            held = sum(counts.get(g, 0) for g in entry.graphs)
            if entry.quads >= 0 and held != entry.quads:
                differ.add(name)
        return differ

    def sync(
        self,
        *,
        skip_bad: bool = False,
        structure_check: StructureCheck | None = None,
        structure_max_quads: int = 200_000,
    ) -> None:
        """Make the store hold exactly what the data files hold (see the module docstring)."""
        fingerprint = getattr(structure_check, "fingerprint", None)
        self._fingerprint, self._key = (fingerprint if callable(fingerprint) else None), None
        if isinstance(self.folder, Path):
            if not self.folder.is_dir():
                raise StartupCheckError(f"the data folder {self.folder} does not exist")
            remove_stray_temporaries(self.folder)
        old = self._read()
        self.entries_read = dict(old or {})
        store = self.store
        if old is None:
            if len(store) and self.manifest_path is not None:
                log.warning("the store holds data not recorded in its manifest: rebuilding it")
            with store._changing():
                for graph_name in store.graph_iris():
                    store._clear_graph(graph_name)
            old = {}
        else:
            for file_name in self._integrity(old):
                log.warning(
                    "the store's graphs for %s do not match its manifest: rebuilding", file_name
                )
                with store._changing():
                    self._drop(old.pop(file_name).graphs)
        entries: dict[str, FileEntry] = {}
        # The ontology, as packaged: a new version of plangraph reloads it.
        ontology = resources.ontology_file().read_bytes()
        ontology_sha = file_digest(ontology)
        previous = old.pop(_ONTOLOGY_KEY, None)
        reload_ontology = previous is None or previous.sha256 != ontology_sha
        if previous is not None and not reload_ontology:
            entries[_ONTOLOGY_KEY] = previous
        else:  # loaded again after the plan files (see below)
            with store._changing():
                store._clear_graph(ONTOLOGY_GRAPH_IRI)
        files = self._files()
        names = {f.name for f in files}
        loaded: list[tuple[Any, FileEntry]] = []
        for gone in [n for n in old if n not in names]:
            with store._changing():
                self._drop(old.pop(gone).graphs)
        pending: list[tuple[Any, bytes | None, str, int, list[int], int]] = []
        for entry in files:
            previous = old.pop(entry.name, None)
            stat: list[int] = []
            read_ns = 0
            if isinstance(entry, Path):
                stat, read_ns = _stat(entry), time.time_ns()
                if previous is not None and previous.unchanged(stat):
                    entries[entry.name] = previous
                    continue
            data = entry.read_bytes() if not isinstance(entry, Path) else None
            if data is not None:
                sha, size = file_digest(data), len(data)
            else:
                sha, size = _path_digest(entry)
            if previous is not None and previous.sha256 == sha:
                # Same bytes: remember the file's metadata now, so the next open need not read it.
                entries[entry.name] = FileEntry(
                    previous.sha256, previous.size, previous.graphs, previous.quads, stat, read_ns
                )
                continue
            pending.append((entry, data, sha, size, stat, read_ns))
        # Every graph no kept entry accounts for is stale: what a changed file filled before, or
        # what a write interrupted after its manifest entry was removed. Drop it all before any
        # file is loaded, so a rebuilt graph holds its file's content and nothing else.
        kept = {g for item in entries.values() for g in item.graphs}
        stale = [g for g in store.graph_iris() if g not in kept]
        if stale:
            with store._changing():
                for graph_name in stale:
                    store._clear_graph(graph_name)
        # Big files first, through the bulk loader: into an empty store it writes each table
        # file at the level where it stays, and the small writes after it (small files, the
        # ontology: one transaction each) leave the store with nothing to compact.
        patterns = store.patterns
        was_empty = patterns is not None and next(patterns(None, None, None, None), None) is None
        bulk = sum(1 for item in pending if item[3] >= _CONCURRENT_BYTES)
        failed = False
        order = sorted(range(len(pending)), key=lambda k: pending[k][3] < _CONCURRENT_BYTES)
        done: dict[int, tuple[Any, FileEntry]] = {}
        for k in order:
            entry, data, sha, size, stat, read_ns = pending[k]
            problem, graphs = self._load_one(entry, data, size)
            if problem is not None:
                failed = True
                self._bad(entry, problem, skip_bad)
                continue
            done[k] = (entry, FileEntry(sha, size, sorted(graphs), -1, stat, read_ns))
        loaded = [done[k] for k in sorted(done)]
        if reload_ontology:
            store.load_data(ontology, "ttl", ONTOLOGY_GRAPH_IRI, source="ontology/plangraph.ttl")
            held = [ONTOLOGY_GRAPH_IRI]
            entries[_ONTOLOGY_KEY] = FileEntry(ontology_sha, len(ontology), held, self._count(held))
        # Every file is in: judge the structure of each new one in the context of all the others
        # (so that the order files load in does not matter).
        counts = self._loaded_counts(entries, loaded)
        for entry, item in loaded:
            item.quads = sum(counts.get(g, 0) for g in item.graphs) if counts else -1
            problem = self._structure(entry, item, structure_check, structure_max_quads)
            if problem is not None:
                failed = True
                with store._changing():
                    self._drop(item.graphs)
                self._bad(entry, problem, skip_bad)
                continue
            self.rebuilt.append(entry.name)
            entries[entry.name] = item
        if self._key is not None and self._checked_key == self._key:
            # Only the names still in the folder (a file removed and made again is checked).
            self.checked = {n: s for n, s in self.checked.items() if n in names}
        if _contents(entries) != _contents(self.entries_read):
            self.derived = {}
            optimize = getattr(store, "optimize", None)
            # Compacted once here, so the next command finds the files settled (else RocksDB
            # compacts in the background of the commands that follow, and each finds the
            # files changed). Not needed after at most one bulk load into an empty store that
            # kept all it loaded: its files are settled (at 1M triples that saves 3 s).
            settled = was_empty and bulk <= 1 and not failed
            if callable(optimize) and not settled:
                optimize()
        self.entries = entries
        self.save(count=True)
        self._synced_generation = store.generation
        if self.bad:
            log.error(
                "%d bad plan file(s) left out: %s",
                len(self.bad),
                "; ".join(f"{b.name} ({b.problem})" for b in self.bad),
            )

    def _loaded_counts(
        self, entries: dict[str, FileEntry], loaded: list[tuple[Any, FileEntry]]
    ) -> dict[str, int]:
        """Quads per graph of the files just loaded (others may be left out).

        One file loaded beside files whose counts the manifest holds (the usual first load, or
        one changed file): its graphs hold the store's count less theirs. Counting the store
        (``len``) costs a third of counting it per graph (at 1M quads 0.2 s against 0.6 s).
        """
        if not loaded or self.store.patterns is None:
            return {}
        kept = {g for item in entries.values() for g in item.graphs}
        if len(loaded) == 1 and all(e.quads >= 0 for e in entries.values()):
            _, item = loaded[0]
            if not kept.intersection(item.graphs):
                held = len(self.store) - sum(e.quads for e in entries.values())
                return {g: held if i == 0 else 0 for i, g in enumerate(item.graphs)}
        return self._graph_counts()

    def _bad(self, entry: Any, problem: str, skip_bad: bool) -> None:
        if not skip_bad:
            raise StartupCheckError(
                f"plan file {entry}: {problem}; fix or remove it, or start with "
                "--skip-bad-plans to serve the rest without it"
            )
        log.error("LEFT OUT bad plan file %s: %s", entry, problem)
        self.bad.append(BadFile(entry.name, problem))

    def _load_one(self, entry: Any, data: bytes | None, size: int) -> tuple[str | None, set[str]]:
        if size == 0:
            return "the file is empty (0 bytes)", set()
        suffix = entry.name.rsplit(".", 1)[-1].lower()
        try:
            graph = graph_iri_for_file(entry.name)
            graphs = load_checked(
                self.store,
                fmt=FORMATS[suffix],
                graph=graph,
                source=str(entry),
                path=entry if data is None else None,
                data=data,
            )
        except InputError as exc:
            return str(exc).removeprefix(f"{entry}: ").removeprefix(f"{entry}, "), set()
        if not graphs:
            return "the file holds no triples", set()
        return None, graphs

    def _structure(
        self,
        entry: Any,
        item: FileEntry,
        structure_check: StructureCheck | None,
        structure_max_quads: int,
    ) -> str | None:
        if structure_check is None:
            return None
        if 0 <= item.quads <= structure_max_quads:
            if self._passed_before(entry.name, item.sha256):
                return None  # these bytes passed this check before (see the module docstring)
            from rdflib import URIRef

            problem = structure_check(self.store, [URIRef(g) for g in item.graphs])
            if problem is None:
                self._passed(entry.name, item.sha256)
            return problem
        log.warning(
            "%s: %d quads, more than the start-up structure check takes (%d); "
            "run `plangraph validate` on it",
            entry,
            item.quads,
            structure_max_quads,
        )
        return None


def _contents(entries: dict[str, FileEntry]) -> dict[str, tuple[str, list[str]]]:
    return {name: (e.sha256, e.graphs) for name, e in entries.items()}


def derive(store: PlanStore, key: str, compute: Callable[[], Any]) -> Any:
    """``store.index.derive(key, compute)``, or ``compute()`` for a store without an index."""
    index = getattr(store, "index", None)
    if isinstance(index, DataIndex):
        return index.derive(key, compute)
    return compute()


def open_index(store: PlanStore, folder: Path | Any | None) -> DataIndex:
    """The index of ``store`` over ``folder``: the manifest beside an on-disk store's data."""
    path = getattr(store, "path", None)
    manifest = Path(path) / MANIFEST_NAME if isinstance(path, Path) else None
    return DataIndex(store, folder, manifest)
