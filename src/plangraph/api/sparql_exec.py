"""Running one SPARQL query under a deadline that really stops it, and writing its results.

pyoxigraph cannot cancel a running query from another thread, so each query runs in a forked
child process: the child inherits the in-memory store copy-on-write (no copying, no reloading),
evaluates the query, writes the serialised results to a pipe and exits. The parent reads the pipe
until the deadline; past it, the child gets SIGKILL, which stops the work wherever it is (inside
the Rust engine too). The parent's thread waits in ``select``, so other requests go on.

Results are capped at ``max_rows`` solutions (or triples): the child reads one more to know
whether the cap cut the answer, and says so. Writers for the SPARQL 1.1 result formats (JSON,
XML, CSV, TSV) are here, so the cap applies before serialising.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import os
import select
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from plangraph.api.errors import ApiError
from plangraph.api.rendering import TURTLE_PREFIXES, jsonld_compact
from plangraph.errors import InputError
from plangraph.store import OxigraphStore, PlanStore
from plangraph.terms import to_ox

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "QueryOutcome",
    "evaluate",
    "run_forked",
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
_OX_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
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


def _csv_term(term: Term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
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


def write_triples(triples: Sequence[ox.Triple], media: str) -> bytes:
    """CONSTRUCT or DESCRIBE results in one of ``GRAPH_TYPES``."""
    if media == "application/ld+json":
        return json.dumps(jsonld_compact(triples), ensure_ascii=False).encode("utf-8")
    out = ox.serialize(list(triples), format=_OX_GRAPH_FORMATS[media], prefixes=TURTLE_PREFIXES)
    assert isinstance(out, bytes)
    return out


def _take(items: Iterable[Any], limit: int) -> tuple[list[Any], bool]:
    taken: list[Any] = []
    for item in items:
        if len(taken) >= limit:
            return taken, True
        taken.append(item)
    return taken, False


# ---------------------------------------------------------------- evaluation


def _evaluate_oxigraph(
    store: OxigraphStore,
    query: str,
    media: str,
    max_rows: int,
    default_graphs: Sequence[str] | None,
    named_graphs: Sequence[str] | None,
) -> QueryOutcome:
    kwargs: dict[str, Any] = {}
    if default_graphs is None:
        kwargs["use_default_graph_as_union"] = True
    else:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs] or ox.DefaultGraph()
    if named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.raw.query(query, **kwargs)
    except SyntaxError as exc:
        raise InputError(
            f"SPARQL syntax error: {' '.join(str(exc.msg or exc).split())[:200]}"
        ) from None
    content_type = _CONTENT_TYPES[media]
    if isinstance(result, ox.QueryBoolean):
        return QueryOutcome(write_boolean(bool(result), media), content_type, False)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        solutions, truncated = _take(result, max_rows)
        rows = [[s[v] for v in variables] for s in solutions]
        return QueryOutcome(
            write_solutions(variables, rows, media, truncated), content_type, truncated
        )
    triples, truncated = _take(result, max_rows)
    return QueryOutcome(write_triples(triples, media), content_type, truncated)


def _evaluate_generic(store: PlanStore, query: str, media: str, max_rows: int) -> QueryOutcome:
    """Any other backend: through rdflib's engine on the store's rdflib Dataset."""
    from rdflib.plugins import sparql as rdflib_sparql

    # Never let rdflib fetch a FROM graph it does not hold (inspect_query refuses those already).
    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    raw = getattr(store, "raw", None)
    if raw is None:
        raise ApiError(501, f"the {store.backend} backend cannot run SPARQL here")
    try:
        result = raw.query(query)
    except Exception:
        raise InputError("the query could not be evaluated") from None
    content_type = _CONTENT_TYPES[media]
    if result.type == "ASK":
        return QueryOutcome(write_boolean(bool(result.askAnswer), media), content_type, False)
    if result.type == "SELECT":
        variables = [str(v) for v in result.vars or []]
        taken, truncated = _take(result, max_rows)
        rows = [[to_ox(t) if t is not None else None for t in row] for row in taken]
        return QueryOutcome(
            write_solutions(variables, rows, media, truncated), content_type, truncated
        )
    triples_in = (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.graph)
    triples, truncated = _take(triples_in, max_rows)
    return QueryOutcome(write_triples(triples, media), content_type, truncated)


def evaluate(
    store: PlanStore,
    query: str,
    media: str,
    *,
    max_rows: int,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
) -> QueryOutcome:
    """Run ``query`` in this process and serialise its results as ``media``.

    ``default_graphs`` / ``named_graphs``: the dataset (``None``: the union of all graphs as the
    default graph, and every named graph).
    """
    if isinstance(store, OxigraphStore):
        return _evaluate_oxigraph(store, query, media, max_rows, default_graphs, named_graphs)
    if default_graphs is not None or named_graphs is not None:
        raise InputError(
            f"choosing graphs (FROM, default-graph-uri, named-graph-uri) needs the Oxigraph "
            f"backend; this server runs {store.backend}"
        )
    return _evaluate_generic(store, query, media, max_rows)


# ---------------------------------------------------------------- the child process


class QueryTimeout(ApiError):
    """The query ran past its deadline and was stopped."""


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _child(write_fd: int, work: Callable[[], QueryOutcome]) -> None:
    """In the child: do the work, send a header line and the body, never return."""
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            outcome = work()
            header = {
                "ok": True,
                "content_type": outcome.content_type,
                "truncated": outcome.truncated,
            }
            body = outcome.body
        except ApiError as exc:
            header = {"ok": False, "status": exc.status, "message": exc.message}
            body = b""
        except InputError as exc:
            header = {"ok": False, "status": 400, "message": str(exc)}
            body = b""
        except Exception as exc:  # reported to the parent, which logs it
            header = {"ok": False, "status": 500, "log": repr(exc)[:500]}
            body = b""
        _write_all(write_fd, json.dumps(header).encode("utf-8") + b"\n" + body)
    except BaseException:
        code = 1
    finally:
        with contextlib.suppress(OSError):
            os.close(write_fd)
        os._exit(code)


def _reap(pid: int, kill: bool) -> None:
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def run_forked(work: Callable[[], QueryOutcome], *, timeout: float, max_bytes: int) -> QueryOutcome:
    """Run ``work`` in a forked child; SIGKILL it at the deadline (503) or past ``max_bytes``."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(read_fd)
        _child(write_fd, work)
    os.close(write_fd)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    finished = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeout(
                    503,
                    f"the query ran longer than the limit of {timeout:g} s and was stopped; "
                    "narrow it down or add a LIMIT",
                )
            ready, _w, _x = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            data = os.read(read_fd, 1 << 16)
            if not data:
                finished = True
                break
            size += len(data)
            if size > max_bytes + 4096:
                raise ApiError(
                    413,
                    f"the results are larger than the limit of {max_bytes} bytes; add a LIMIT",
                )
            chunks.append(data)
    finally:
        os.close(read_fd)
        _reap(pid, kill=not finished)
    raw = b"".join(chunks)
    header_line, _sep, body = raw.partition(b"\n")
    try:
        header = json.loads(header_line)
    except ValueError:
        log.error("query child %s ended without an answer", pid)
        raise ApiError(500, "internal error; the request id is logged") from None
    if not header.get("ok"):
        if header.get("status") == 500:
            log.error("query child failed: %s", header.get("log", ""))
            raise ApiError(500, "internal error; the request id is logged")
        raise ApiError(int(header.get("status", 400)), str(header.get("message", "bad query")))
    return QueryOutcome(body, str(header["content_type"]), bool(header["truncated"]))
