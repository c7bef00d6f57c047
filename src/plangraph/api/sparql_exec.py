"""Running SPARQL queries in a pool of worker processes, under a deadline that really stops
them, and writing their results.

pyoxigraph cannot cancel a running query from another thread, so queries run in worker
processes forked from the server once the store is loaded: each inherits the store
copy-on-write (no copying, no reloading) and answers one query at a time, read from a pipe,
with the serialised results written back. The server's thread waits in ``select`` until the
deadline; past it the worker gets SIGKILL, which stops the work wherever it is (inside the
Rust engine too), and a fresh worker is forked in its place. A worker forked before a write
does not see it (the fork holds the store as it was), so a worker whose store ``generation``
is not the store's current one is replaced before it answers.

Each worker moves itself into a network namespace of its own (``cut_off_network``): a query
there cannot reach any server, even if the check before it were fooled.

Results are capped at ``max_rows`` solutions (or triples): the worker reads one more to know
whether the cap cut the answer, and says so; answers larger than ``max_bytes`` are refused.
Writers for the SPARQL 1.1 result formats (JSON, XML, CSV, TSV) are here, so the cap applies
before serialising; RDF goes through ``rendering.serialize_triples``. A complete SELECT answer
in JSON is written by the engine itself (``_engine_json``; several times faster), stopped and
left to the writers here once it passes a cap.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import csv
import ctypes
import io
import json
import logging
import marshal
import os
import select
import signal
import struct
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from plangraph.api.errors import ApiError
from plangraph.api.rendering import serialize_triples
from plangraph.errors import InputError
from plangraph.output import csv_safe
from plangraph.store import PlanStore

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "QueryJob",
    "QueryOutcome",
    "QueryPool",
    "QueryTimeout",
    "cut_off_network",
    "evaluate",
]

log = logging.getLogger("plangraph.api.sparql")

RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
]
"""What a SELECT or ASK answer can be, best first."""

GRAPH_TYPES = [
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
]
"""What a CONSTRUCT or DESCRIBE answer can be, best first."""

_CONTENT_TYPES = {
    "application/sparql-results+json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml; charset=utf-8",
    "text/csv": "text/csv; charset=utf-8",
    "text/tab-separated-values": "text/tab-separated-values; charset=utf-8",
    "text/turtle": "text/turtle; charset=utf-8",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json",
    "application/rdf+xml": "application/rdf+xml",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class QueryOutcome:
    """A finished query: the serialised body, its content type, and whether the cap cut it."""

    body: bytes
    content_type: str
    truncated: bool


# ---------------------------------------------------------------- terms

Term = Any  # a pyoxigraph term


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    return {"type": "literal", "value": str(term)}


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters, even escaped.
    cleaned = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)
    return escape(cleaned)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>"
                f"{_xml_text(term.value)}</literal>"
            )
        return f"<literal>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(str(term))}</literal>"


_NUMERIC_TYPES = frozenset(
    f"http://www.w3.org/2001/XMLSchema#{name}"
    for name in ("integer", "decimal", "double", "float", "int", "long", "short", "byte")
)


def _csv_term(term: Term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        if term.datatype.value in _NUMERIC_TYPES:
            return term.value  # a number stays a number a spreadsheet can add up
        return csv_safe(term.value)  # never a formula (OWASP's rule), as every CSV we write
    if isinstance(term, ox.NamedNode):
        return str(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _tsv_term(term: Term) -> str:
    # N-Triples syntax, which pyoxigraph's str() of a term gives (escapes included).
    return "" if term is None else str(term)


# ---------------------------------------------------------------- result writers


def write_solutions(
    variables: Sequence[str], rows: Sequence[Sequence[Term]], media: str, truncated: bool
) -> bytes:
    """SELECT results in one of ``RESULT_TYPES``."""
    if media in ("application/sparql-results+json", "application/json"):
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        data: dict[str, Any] = {
            "head": {"vars": list(variables)},
            "results": {"bindings": bindings},
        }
        if truncated:
            data["truncated"] = True
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if media == "application/sparql-results+xml":
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>'
        ]
        parts.extend(f"<variable name={quoteattr(v)}/>" for v in variables)
        parts.append("</head>\n<results>\n")
        for row in rows:
            parts.append("<result>")
            for v, t in zip(variables, row, strict=True):
                if t is not None:
                    parts.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            parts.append("</result>\n")
        parts.append("</results>\n</sparql>\n")
        return "".join(parts).encode("utf-8")
    if media == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(t) for t in row])
        return buffer.getvalue().encode("utf-8")
    if media == "text/tab-separated-values":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines.extend("\t".join(_tsv_term(t) for t in row) for row in rows)
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"no writer for {media}")


def write_boolean(value: bool, media: str) -> bytes:
    """ASK results in one of ``RESULT_TYPES``."""
    if media in ("application/sparql-results+json", "application/json"):
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if media == "application/sparql-results+xml":
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n'
            f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"
        ).encode()
    # CSV and TSV define no boolean form; this is what Jena and others write.
    newline = "\r\n" if media == "text/csv" else "\n"
    return f"_askResult{newline}{'true' if value else 'false'}{newline}".encode()


def _take(items: Iterable[Any], limit: int) -> tuple[list[Any], bool]:
    taken: list[Any] = []
    for item in items:
        if len(taken) >= limit:
            return taken, True
        taken.append(item)
    return taken, False


# ---------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class QueryJob:
    """One query to answer: the text (inspected already), its kind, the result type, the caps
    and the dataset (``None``: the union of all graphs; ``from_query``: the query's FROM)."""

    query: str
    kind: str
    media: str
    max_rows: int
    max_bytes: int
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    from_query: bool = False


class _Overflow(Exception):
    """The engine's writer went past a cap: the answer is written the careful way instead."""


class _CappedSink:
    """Where the engine's own JSON writer puts a SELECT answer, stopping it (``_Overflow``)
    once the bytes pass ``max_bytes`` or the answer may hold more than ``max_rows`` rows.

    Each solution of SPARQL JSON results is an object, so it holds at least one ``{``: the
    ``{`` count less the three of the frame (the document, ``head``, ``results``) bounds the
    rows from above (a ``{`` inside a string only raises the bound).
    """

    __slots__ = ("braces", "chunks", "max_braces", "max_bytes", "size")

    def __init__(self, max_rows: int, max_bytes: int) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.braces = 0
        self.max_bytes = max_bytes
        self.max_braces = max_rows + 3

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        self.size += len(chunk)
        self.braces += chunk.count(b"{")
        if self.size > self.max_bytes or self.braces > self.max_braces:
            raise _Overflow
        self.chunks.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass


_JSON_RESULTS = frozenset({"application/sparql-results+json", "application/json"})


def _engine_json(store: PlanStore, job: QueryJob) -> QueryOutcome | None:
    """A SELECT answer in SPARQL JSON written by the engine itself (Rust, several times faster
    than building it in Python), when the store is the embedded Oxigraph and the answer is
    whole: ``None`` when it is not (more rows than the cap, more bytes than the limit, a
    syntax or engine error), and ``evaluate`` writes it (or the error) the careful way."""
    if job.kind != "SELECT" or job.media not in _JSON_RESULTS or not store.answers_inline:
        return None
    query_with_dataset = getattr(store, "query_with_dataset", None)
    if query_with_dataset is None:
        return None
    sink = _CappedSink(job.max_rows, job.max_bytes)
    try:
        result = query_with_dataset(
            job.query,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            from_query=job.from_query,
        )
        if not isinstance(result, ox.QuerySolutions):
            return None
        # Any object with write() and flush() will do (the stubs say IO[bytes]).
        result.serialize(sink, format=ox.QueryResultsFormat.JSON)  # type: ignore[arg-type]
    except Exception:  # _Overflow, SyntaxError, an engine error: the careful way says which
        return None
    return QueryOutcome(b"".join(sink.chunks), _CONTENT_TYPES[job.media], False)


def evaluate(store: PlanStore, job: QueryJob) -> QueryOutcome:
    """Run ``job`` in this process and serialise its results."""
    fast = _engine_json(store, job)
    if fast is not None:
        return fast
    answer = store.answer(
        job.query,
        job.kind,
        limit=job.max_rows,
        default_graphs=job.default_graphs,
        named_graphs=job.named_graphs,
        from_query=job.from_query,
    )
    content_type = _CONTENT_TYPES[job.media]
    if answer.boolean is not None:
        return QueryOutcome(write_boolean(answer.boolean, job.media), content_type, False)
    if answer.rows is not None:
        rows, truncated = _take(answer.rows, job.max_rows)
        body = write_solutions(answer.variables, rows, job.media, truncated)
    else:
        triples, truncated = _take(answer.triples or iter(()), job.max_rows)
        body = serialize_triples(triples, job.media)
    if len(body) > job.max_bytes:
        raise ApiError(
            413, f"the results are larger than the limit of {job.max_bytes} bytes; add a LIMIT"
        )
    return QueryOutcome(body, content_type, truncated)


# ---------------------------------------------------------------- the worker processes


class QueryTimeout(ApiError):
    """The query ran past its deadline and was stopped."""


_LENGTHS = struct.Struct("!QQ")
_WORKER_STACK = 512 * 2**20
"""The stack of a worker's query thread: rdflib's engine recurses (a property path over a
long cycle goes one level per node); the memory is reserved, not used, until needed."""


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exact(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        data = os.read(fd, min(size, 1 << 20))
        if not data:
            return None
        chunks.append(data)
        size -= len(data)
    return b"".join(chunks)


def _frame(head: dict[str, Any], body: bytes = b"") -> bytes:
    encoded = json.dumps(head).encode("utf-8")
    return _LENGTHS.pack(len(encoded), len(body)) + encoded + body


class WorkerGone(ApiError):
    """A query worker ended before it answered (it died, or its pipe broke): a 500 for the
    client unless the query, read-only as every query here, is run again in a fresh worker."""

    def __init__(self) -> None:
        super().__init__(500, "internal error; the request id is logged")


def _answer_one(store: PlanStore, job: QueryJob) -> bytes:
    try:
        outcome = evaluate(store, job)
        return _frame(
            {"ok": True, "content_type": outcome.content_type, "truncated": outcome.truncated},
            outcome.body,
        )
    except ApiError as exc:
        return _frame({"ok": False, "status": exc.status, "message": exc.message})
    except InputError as exc:
        return _frame({"ok": False, "status": 400, "message": str(exc)})
    except RecursionError:
        return _frame(
            {
                "ok": False,
                "status": 400,
                "message": "the query nests or recurses deeper than this backend's engine can "
                "follow; simplify it, or serve the data with the Oxigraph backend",
            }
        )
    except Exception as exc:  # reported to the parent, which logs it
        return _frame({"ok": False, "status": 500, "log": repr(exc)[:500]})


def _serve(store: PlanStore, requests: int, answers: int) -> None:
    """A worker's loop: read a job, answer it, until the server closes the pipe.

    A job comes whole in one read as a rule (the server writes its frame at once, and only
    one job is in the pipe at a time); a longer one is read on until complete.
    """
    while True:
        data = os.read(requests, 1 << 16)
        if not data:
            return
        if len(data) < _LENGTHS.size:
            rest = _read_exact(requests, _LENGTHS.size - len(data))
            if rest is None:
                return
            data += rest
        head_size, _body_size = _LENGTHS.unpack_from(data)
        missing = _LENGTHS.size + head_size - len(data)
        if missing > 0:
            rest = _read_exact(requests, missing)
            if rest is None:
                return
            data += rest
        # Written by the server that forked this worker (_job_frame), never by a client.
        job = QueryJob(*marshal.loads(data[_LENGTHS.size :]))  # noqa: S302
        _write_all(answers, _answer_one(store, job))


_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def cut_off_network() -> bool:
    """Move this (single-threaded) process into new user and network namespaces, where there
    is no network at all, not even loopback: whatever a query asks for (a SERVICE the check
    missed), the engine cannot reach another server. Files stay readable. ``False`` where the
    system does not allow it (unprivileged user namespaces off); the query check still holds.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0)
    except (OSError, AttributeError):
        return False


def _worker_main(store: PlanStore, requests: int, answers: int) -> None:  # pragma: no cover
    """In a forked worker: serve jobs on a thread with a deep stack, then exit, never return."""
    code = 0
    try:
        # Ctrl-C reaches the whole process group: the server stops and closes the pipes,
        # which ends the worker; SIGTERM and SIGKILL end it at once.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        cut_off_network()
        sys.setrecursionlimit(200_000)
        threading.stack_size(_WORKER_STACK)
        thread = threading.Thread(target=_serve, args=(store, requests, answers), daemon=True)
        thread.start()
        thread.join()
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _timeout(timeout: float) -> QueryTimeout:
    return QueryTimeout(
        503,
        f"the query ran longer than the limit of {timeout:g} s and was stopped; "
        "narrow it down or add a LIMIT",
    )


def _too_large(max_bytes: int) -> ApiError:
    return ApiError(413, f"the results are larger than the limit of {max_bytes} bytes; add a LIMIT")


def _job_frame(job: QueryJob) -> bytes:
    """A job as the worker reads it: its fields in order, in ``marshal`` form (plain strings,
    numbers and lists; several times quicker than JSON both ways). Only ever read by a worker
    this process forked; the answers coming back are JSON and length-checked."""
    encoded = marshal.dumps(
        (
            job.query,
            job.kind,
            job.media,
            job.max_rows,
            job.max_bytes,
            job.default_graphs,
            job.named_graphs,
            job.from_query,
        )
    )
    return _LENGTHS.pack(len(encoded), 0) + encoded


def _decode(raw: bytes) -> QueryOutcome:
    """A worker's answer frame as an outcome, or the error it reports."""
    head_size, _body_size = _LENGTHS.unpack_from(raw)
    head = json.loads(raw[_LENGTHS.size : _LENGTHS.size + head_size])
    body = raw[_LENGTHS.size + head_size :]
    if not head.get("ok"):
        if head.get("status") == 500:
            log.error("query worker failed: %s", head.get("log", ""))
            raise ApiError(500, "internal error; the request id is logged")
        raise ApiError(int(head.get("status", 400)), str(head.get("message", "bad query")))
    return QueryOutcome(body, str(head["content_type"]), bool(head["truncated"]))


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop running in this thread, if any."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


@dataclass(eq=False)
class _Worker:
    pid: int
    send: int
    receive: int
    generation: int | None
    buffer: bytearray = field(default_factory=bytearray)


class QueryPool:
    """``size`` worker processes forked from this one, each answering one query at a time.

    ``run`` hands a job to an idle worker and waits until the deadline; a worker past it is
    killed and replaced. Workers forked before the store last changed are replaced before
    they answer (a forked copy does not see later writes).
    """

    def __init__(self, store: PlanStore, size: int) -> None:
        self.store = store
        self.size = size
        self._workers: set[_Worker] = set()
        self._idle: list[_Worker] = []
        self._ready = threading.Condition()
        self._fork_lock = threading.Lock()
        self._closed = False
        self._waiters: collections.deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[_Worker]]]
        self._waiters = collections.deque()
        self._threads_waiting = 0
        self._turn = False
        lock = getattr(store, "_lock", None)
        self._store_lock: contextlib.AbstractContextManager[Any] = (
            lock if lock is not None else contextlib.nullcontext()
        )
        for _ in range(size):
            self._idle.append(self._spawn())

    @property
    def pids(self) -> list[int]:
        """The workers' process ids."""
        return sorted(w.pid for w in self._workers)

    def _spawn(self) -> _Worker:
        # The store's write lock as well: a fork taken while a write is inside the engine would
        # copy the engine's locks as that write held them, locks no thread of the worker ever
        # releases (its first query touching one would hang until the deadline), and a store
        # half written. Held, it makes the fork wait for the write to finish. (Taken before
        # the fork lock, which _retire takes on the event loop: the loop never waits on a write.)
        with self._store_lock, self._fork_lock:
            generation = self.store.generation
            request_read, request_write = os.pipe()
            answer_read, answer_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the worker, which never returns
                for other in self._workers:
                    for fd in (other.send, other.receive):
                        if fd not in (request_read, answer_write):
                            with contextlib.suppress(OSError):
                                os.close(fd)
                os.close(request_write)
                os.close(answer_read)
                _worker_main(self.store, request_read, answer_write)
            os.close(request_read)
            os.close(answer_write)
            # A fork taken while a write was under way may hold half of it: replace it at its
            # first use once the write is done.
            stable = generation is not None and generation % 2 == 0
            worker = _Worker(pid, request_write, answer_read, generation if stable else None)
            self._workers.add(worker)
            return worker

    def _retire(self, worker: _Worker) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(worker.pid, 0)
        with self._fork_lock:  # no fork may copy the fd numbers as they are reused
            self._workers.discard(worker)
            for fd in (worker.send, worker.receive):
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _current(self, worker: _Worker) -> bool:
        now = self.store.generation
        if worker.generation is None:
            return False
        if now is None or worker.generation == now:
            return True
        # During a write (an odd generation) a worker from before it answers from the store as
        # it was; once the write is done it is replaced.
        return now % 2 == 1

    def _acquire(self, deadline: float) -> _Worker:
        with self._ready:
            self._threads_waiting += 1
            try:
                while not self._idle:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._closed:
                        raise ApiError(503, "too many queries are running; try again in a moment")
                    self._ready.wait(remaining)
            finally:
                self._threads_waiting -= 1
            worker = self._idle.pop()
        if not self._current(worker):
            self._retire(worker)
            worker = self._spawn()
        return worker

    def _release(self, worker: _Worker) -> None:
        with self._ready:
            # Waiting threads and waiting event loops take turns.
            self._turn = not self._turn
            if not (self._threads_waiting and self._turn):
                here = _running_loop()
                while self._waiters:
                    loop, waiter = self._waiters.popleft()
                    if not waiter.done():
                        if loop is here:
                            # On the waiter's own loop (a query finished in the lane): handed
                            # over at once, without waking the loop through its self-pipe.
                            waiter.set_result(worker)
                        else:
                            loop.call_soon_threadsafe(self._hand, waiter, worker)
                        return
            self._idle.append(worker)
            self._ready.notify()

    def _replace(self, worker: _Worker) -> None:
        self._retire(worker)
        self._respawn()

    def _respawn(self) -> None:
        if not self._closed:
            self._release(self._spawn())

    def _receive(self, worker: _Worker, deadline: float, timeout: float, max_bytes: int) -> bytes:
        buffer = worker.buffer
        buffer.clear()
        needed = _LENGTHS.size
        header_seen = False
        while len(buffer) < needed:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _timeout(timeout)
            ready, _w, _x = select.select([worker.receive], [], [], remaining)
            if not ready:
                continue
            data = os.read(worker.receive, 1 << 20)
            if not data:
                log.error("query worker %s went away", worker.pid)
                raise WorkerGone
            buffer += data
            if not header_seen and len(buffer) >= _LENGTHS.size:
                head_size, body_size = _LENGTHS.unpack_from(buffer)
                if body_size > max_bytes:
                    raise _too_large(max_bytes)
                needed = _LENGTHS.size + head_size + body_size
                header_seen = True
        return bytes(buffer)

    def run(self, job: QueryJob, *, timeout: float) -> QueryOutcome:
        """Answer ``job`` in a worker; 503 past ``timeout`` seconds (the worker is killed).

        A worker that ends before answering is replaced and the query (read-only) runs once
        more in the time left; a second loss is the client's 500.
        """
        deadline = time.monotonic() + timeout
        try:
            return self._run_once(job, timeout=timeout)
        except WorkerGone:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _timeout(timeout) from None
            return self._run_once(job, timeout=left)

    async def answer_async(self, job: QueryJob, *, timeout: float) -> QueryOutcome:
        """``acquire_async`` + ``run_async``, with ``run``'s one retry after a lost worker."""
        deadline = time.monotonic() + timeout
        worker = await self.acquire_async(timeout)
        try:
            return await self.run_async(worker, job, timeout=max(deadline - time.monotonic(), 0.0))
        except WorkerGone:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _timeout(timeout) from None
            worker = await self.acquire_async(left)
            return await self.run_async(worker, job, timeout=max(deadline - time.monotonic(), 0.0))

    def _run_once(self, job: QueryJob, *, timeout: float) -> QueryOutcome:
        deadline = time.monotonic() + timeout
        worker = self._acquire(deadline)
        done = False
        try:
            _write_all(worker.send, _job_frame(job))
            raw = self._receive(worker, deadline, timeout, job.max_bytes)
            done = True
        except OSError:
            log.error("query worker %s went away", worker.pid)
            raise WorkerGone from None
        finally:
            if done:
                self._release(worker)
            else:
                self._replace(worker)
        return _decode(raw)

    async def acquire_async(self, timeout: float) -> _Worker:
        """A current worker, waiting on the event loop (not in a thread) until one is free;
        503 after ``timeout`` seconds of waiting."""
        loop = asyncio.get_running_loop()
        with self._ready:
            if self._closed:
                raise ApiError(503, "the server is stopping")
            waiter: asyncio.Future[_Worker] | None = None
            if self._idle:
                worker: _Worker | None = self._idle.pop()
            else:
                worker = None
                waiter = loop.create_future()
                self._waiters.append((loop, waiter))
        if waiter is not None:
            busy = ApiError(503, "too many queries are running; try again in a moment")
            pending = waiter

            def give_up() -> None:
                if not pending.done():
                    pending.set_exception(busy)

            expiry = loop.call_later(timeout, give_up)
            try:
                worker = await waiter
            except asyncio.CancelledError:
                # The client went away; a worker handed over just before is put back.
                if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                    self._release(waiter.result())
                raise
            finally:
                expiry.cancel()
        assert worker is not None
        if not self._current(worker):
            refresh = loop.run_in_executor(None, self._refresh, worker)
            try:
                worker = await asyncio.shield(refresh)
            except asyncio.CancelledError:
                # The client went away while a fresh worker was forked: it goes back to the
                # pool when it is ready (not lost, leaving the pool one short).
                refresh.add_done_callback(self._release_refreshed)
                raise
        return worker

    def _release_refreshed(self, refresh: asyncio.Future[_Worker]) -> None:
        if not refresh.cancelled() and refresh.exception() is None:
            self._release(refresh.result())

    def _refresh(self, worker: _Worker) -> _Worker:
        self._retire(worker)
        return self._spawn()

    def _hand(self, waiter: asyncio.Future[_Worker], worker: _Worker) -> None:
        """On the waiter's event loop: give it the worker, or put the worker back if the
        waiter gave up meanwhile."""
        if waiter.done():
            self._release(worker)
        else:
            waiter.set_result(worker)

    async def run_async(self, worker: _Worker, job: QueryJob, *, timeout: float) -> QueryOutcome:
        """Answer ``job`` in ``worker`` (from ``acquire_async``) without blocking the event loop:
        the loop reads the worker's pipe as data comes. Past ``timeout`` the worker is killed
        (503)."""
        loop = asyncio.get_running_loop()
        finished: asyncio.Future[None] = loop.create_future()
        buffer = bytearray()
        needed = [_LENGTHS.size, 0]  # bytes wanted; whether the lengths were read

        def finish(error: BaseException | None) -> None:
            if not finished.done():
                if error is None:
                    finished.set_result(None)
                else:
                    finished.set_exception(error)

        def readable() -> None:
            try:
                data = os.read(worker.receive, 1 << 20)
            except OSError:
                log.error("query worker %s went away", worker.pid)
                finish(WorkerGone())
                return
            if not data:
                log.error("query worker %s went away", worker.pid)
                finish(WorkerGone())
                return
            buffer.extend(data)
            if not needed[1] and len(buffer) >= _LENGTHS.size:
                head_size, body_size = _LENGTHS.unpack_from(buffer)
                if body_size > job.max_bytes:
                    finish(_too_large(job.max_bytes))
                    return
                needed[0] = _LENGTHS.size + head_size + body_size
                needed[1] = 1
            if needed[1] and len(buffer) >= needed[0]:
                finish(None)

        done = False
        loop.add_reader(worker.receive, readable)
        expiry = loop.call_later(timeout, lambda: finish(_timeout(timeout)))
        try:
            _write_all(worker.send, _job_frame(job))
            await finished
            done = True
        finally:
            expiry.cancel()
            loop.remove_reader(worker.receive)
            if done:
                self._release(worker)
            else:
                # Killed and reaped here; its successor is forked in a thread, off the event
                # loop (the fork may wait for a write to finish), and is in the pool before
                # this request answers (shielded: a client gone meanwhile does not stop it).
                self._retire(worker)
                await asyncio.shield(loop.run_in_executor(None, self._respawn))
        return _decode(bytes(buffer))

    def close(self) -> None:
        """Stop every worker."""
        with self._ready:
            self._closed = True
            workers = list(self._workers)
            self._idle.clear()
            self._ready.notify_all()
        for worker in workers:
            self._retire(worker)
