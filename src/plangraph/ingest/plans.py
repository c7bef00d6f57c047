"""Changing what the store holds, safely: importing a plan, reviewing a suggested link.

Every write goes the same way, under one lock:

1. parse and check the new graph completely (IRIs, no remote JSON-LD contexts, only its own
   graph);
2. validate the union of the store (without the graph's old content) and the new graph against
   the SHACL shapes: a Violation refuses the write (422) before anything is stored;
3. replace the graph in the store, then save it to the data folder (an atomic file write);
4. if saving fails, put the graph's previous content back, so store and files agree.

Writes persist to ``PLANGRAPH_DATA_DIR``, which the server loads at start, so a restart shows
them. A server running on the packaged seed data (no data folder set) refuses writes.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from plangraph import resources
from plangraph.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    StoreError,
    UnsafeInputError,
    ValidationFailed,
    WritesDisabledError,
)
from plangraph.safety import check_json_depth
from plangraph.store import FORMATS, ONTOLOGY_GRAPH, PlanStore, RdfFormat, empty_store
from plangraph.terms import from_ox, to_ox
from plangraph.validate import Finding, ValidationReport, validate_graph
from plangraph.vocab import DATA, DCTERMS, GRAPH, PG, SKOS

__all__ = [
    "IMPORT_TYPES",
    "WriteResult",
    "check_jsonld_safe",
    "delete_plan",
    "import_plan",
    "review_link",
    "update_graph",
]

IMPORT_TYPES = {
    "text/turtle": FORMATS["ttl"],
    "application/x-turtle": FORMATS["ttl"],
    "application/ld+json": FORMATS["jsonld"],
}
"""The media types a plan may be imported in."""

_PLAN_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
RESERVED_PLAN_NAMES = frozenset({"import"})
"""Names the API uses for other resources under ``/api/plans/``."""
_LINK_ID = re.compile(r"^[0-9a-f]{12}$")
_REVIEWABLE = {
    str(PG.addresses),
    str(PG.contributesTo),
    str(SKOS.closeMatch),
    str(SKOS.exactMatch),
    str(SKOS.relatedMatch),
    str(SKOS.broadMatch),
    str(SKOS.narrowMatch),
}

_write_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()


def _write_lock(store: PlanStore) -> threading.Lock:
    with _locks_guard:
        return _write_locks.setdefault(id(store), threading.Lock())


@dataclass
class WriteResult:
    """What a write did."""

    graph: URIRef
    path: Path
    triples: int
    replaced: bool
    warnings: list[Finding]


def data_folder(data_dir: str) -> Path:
    """The writable data folder, or ``WritesDisabledError`` saying why writes are off."""
    if not data_dir:
        raise WritesDisabledError(
            "writes are off: this server runs on the packaged seed data; set PLANGRAPH_DATA_DIR "
            "to a writable folder of plan files (a copy of data/*.ttl) to allow writes",
        )
    path = Path(data_dir)
    if not path.is_dir():
        raise WritesDisabledError("writes are off: the data folder does not exist")
    return path


def check_plan_name(name: str) -> URIRef:
    """The graph for plan ``name``: lower-case ASCII letters, digits, '-' and '_'."""
    if not _PLAN_NAME.match(name):
        raise InputError(
            f"plan name {name!r} is not allowed: use 1-64 lower-case ASCII letters, digits, "
            "'-' or '_', starting with a letter or digit"
        )
    if GRAPH[name] == ONTOLOGY_GRAPH:
        raise InputError("the ontology graph cannot be replaced through the API")
    if name in RESERVED_PLAN_NAMES:
        raise InputError(
            f"plan name {name!r} is reserved (/api/plans/{name} is another resource); "
            "choose another name"
        )
    return GRAPH[name]


def check_jsonld_safe(data: bytes) -> None:
    """Refuse JSON-LD that would need a document from elsewhere (a remote ``@context``).

    Checked on the parsed JSON before any JSON-LD processing: a ``@context`` that is a string
    (an IRI), a list holding a string, or a context with ``@import`` is refused wherever it
    stands (top level, nested objects, scoped contexts).
    """
    check_json_depth(data)  # before json.loads, which recurses
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"the JSON-LD is not valid JSON: {exc}") from None

    def refuse(where: str) -> None:
        raise UnsafeInputError(
            f"remote JSON-LD contexts are not fetched: {where}; give the context inline "
            "as an object"
        )

    stack: list[Any] = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@context":
                    contexts = item if isinstance(item, list) else [item]
                    for context in contexts:
                        if isinstance(context, str):
                            refuse(f'"@context": {context!r}')
                        if isinstance(context, dict) and "@import" in context:
                            refuse(f'"@import": {context["@import"]!r}')
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)


def _parse_graph(data: bytes, fmt: RdfFormat, graph: URIRef, source: str) -> list[ox.Quad]:
    """Parse ``data`` into ``graph`` completely (nothing stored), refusing other graphs."""
    if fmt.name == "jsonld":
        check_jsonld_safe(data)
    scratch = empty_store()
    count = scratch.load_data(data, fmt, graph, source=source)
    if count == 0:
        raise InputError(f"{source}: no triples in the data")
    names = {str(g) for g in scratch.graph_names()}
    if names != {str(graph)}:
        others = sorted(names - {str(graph)})
        raise InputError(
            f"{source}: the data names other graphs ({', '.join(others[:5])}); a plan is one graph"
        )
    return list(scratch.ox_quads())


def _union_with(store: PlanStore, graph: URIRef, new_quads: list[ox.Quad] | None) -> Graph:
    """The store's plan data with ``graph`` replaced by ``new_quads`` (or left out)."""
    union = Graph()
    union.addN(
        (s, p, o, union) for s, p, o, g in store.quads() if g != graph and g != ONTOLOGY_GRAPH
    )
    if new_quads:
        cache: dict[str, URIRef] = {}
        union.addN(
            (
                from_ox(q.subject, cache),
                from_ox(q.predicate, cache),
                from_ox(q.object, cache),
                union,
            )
            for q in new_quads
        )
    return union


def _validate(union: Graph, subjects: set[str]) -> list[Finding]:
    report: ValidationReport = validate_graph(union)
    if not report.conforms:
        count = len(report.violations)
        raise ValidationFailed(
            f"the change would break {count} SHACL constraint(s); nothing was stored",
            report,
        )
    return [f for f in report.warnings if f.node in subjects]


def _file_for(folder: Path, graph: URIRef) -> tuple[Path, str]:
    """The data file that holds ``graph`` (any known format), else ``STEM.ttl``."""
    stem = str(graph)[len(str(GRAPH)) :]
    found = [folder / f"{stem}.{fmt.extension}" for fmt in FORMATS.values()]
    existing = [p for p in found if p.exists()]
    if len(existing) > 1:
        raise ConflictError(
            f"the data folder holds several files for {stem}: "
            + ", ".join(p.name for p in existing),
        )
    if existing:
        return existing[0], existing[0].suffix.lstrip(".")
    return folder / f"{stem}.ttl", "ttl"


def _replace_and_save(
    store: PlanStore, graph: URIRef, data: bytes, fmt: str, path: Path, save_fmt: str
) -> bool:
    """Replace ``graph`` with ``data`` and save it; on a failed save, restore. Returns replaced."""
    replaced = store.has_graph(graph)
    previous = store.serialize("nq", graph) if replaced else None
    store.load_data(data, fmt, graph, source=path.name)
    try:
        store.save_graph(graph, path, save_fmt)
    except StoreError:
        if previous is not None:
            store.load_data(previous, "nq", graph, source="previous content")
        else:
            store.remove_graph(graph)
        raise
    return replaced


def import_plan(
    store: PlanStore, data_dir: str, name: str, data: bytes, media_type: str
) -> WriteResult:
    """Store ``data`` as plan ``name`` (graph ``GRAPH[name]``, file ``DATA_DIR/name.ttl``)."""
    folder = data_folder(data_dir)
    graph = check_plan_name(name)
    fmt = IMPORT_TYPES[media_type]
    quads = _parse_graph(data, fmt, graph, f"{name}.{fmt.extension}")
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    with _write_lock(store):
        path, save_fmt = _file_for(folder, graph)
        warnings = _validate(_union_with(store, graph, quads), subjects)
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert isinstance(nquads, bytes)
        replaced = _replace_and_save(store, graph, nquads, "nq", path, save_fmt)
    return WriteResult(graph, path, len(quads), replaced, warnings)


def delete_plan(store: PlanStore, data_dir: str, name: str) -> WriteResult:
    """Remove plan ``name`` from the store and its file from the data folder."""
    folder = data_folder(data_dir)
    graph = check_plan_name(name)
    with _write_lock(store):
        if not store.has_graph(graph):
            raise NotFoundError(f"no plan graph {graph}")
        path, _fmt = _file_for(folder, graph)
        _validate(_union_with(store, graph, None), set())
        previous = store.serialize("nq", graph)
        store.remove_graph(graph)
        try:
            path.unlink(missing_ok=True)
        except OSError:
            store.load_data(previous, "nq", graph, source="previous content")
            raise StoreError("could not remove the plan file") from None
    return WriteResult(graph, path, 0, True, [])


def review_link(
    store: PlanStore,
    data_dir: str,
    link_id: str,
    accept: bool,
    *,
    reason: str | None = None,
    reviewer: str | None = None,
) -> dict[str, Any]:
    """Accept or reject the suggested link ``link/ID``: set its status; on accept add the link.

    ``reason`` is kept as the record's ``pg:reviewNote``, ``reviewer`` as ``dcterms:contributor``.
    Accepting a link whose subject or object is no longer in the store is refused.
    """
    folder = data_folder(data_dir)
    if not _LINK_ID.match(link_id):
        raise InputError(f"link id {link_id!r} is not 12 lower-case hex digits")
    link = DATA[f"link/{link_id}"]
    with _write_lock(store):
        rows = store.select(resources.query_text("link_record"), {"link": link}).rows
        if not rows:
            raise NotFoundError(f"no link record {link}")
        if len(rows) > 1:
            raise ConflictError(
                f"link record {link} is not well-formed (several statuses or graphs)"
            )
        row = rows[0]
        graph = URIRef(str(row["graph"]))
        status = str(row["status"])
        if status != str(PG.Suggested):
            raise ConflictError(
                f"link {link_id} has status {status.rsplit('#', 1)[-1]}; only suggested links "
                "can be accepted or rejected",
            )
        subject, predicate, obj = (URIRef(str(row[k])) for k in ("subject", "predicate", "object"))
        if str(predicate) not in _REVIEWABLE:
            raise ConflictError(f"link {link_id} uses a predicate that cannot be reviewed here")
        if accept:
            for role, node in (("subject", subject), ("object", obj)):
                if not store.ask("ASK { ?node a ?type }", {"node": node}):
                    raise ConflictError(
                        f"link {link_id} cannot be accepted: its {role} {node} is no longer in "
                        "the store"
                    )
        new_status = PG.Accepted if accept else PG.Rejected
        current = ox.Store()
        current.extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(graph)))
            for s, p, o, _g in store.quads(graph)
        )
        g_node = ox.NamedNode(str(graph))
        current.remove(
            ox.Quad(
                ox.NamedNode(str(link)),
                ox.NamedNode(str(PG.linkStatus)),
                ox.NamedNode(status),
                g_node,
            )
        )
        current.add(
            ox.Quad(
                ox.NamedNode(str(link)),
                ox.NamedNode(str(PG.linkStatus)),
                ox.NamedNode(str(new_status)),
                g_node,
            )
        )
        for prop, value in ((PG.reviewNote, reason), (DCTERMS.contributor, reviewer)):
            if value:
                current.add(
                    ox.Quad(
                        ox.NamedNode(str(link)),
                        ox.NamedNode(str(prop)),
                        ox.Literal(value),
                        g_node,
                    )
                )
        added = False
        plain = ox.Quad(
            ox.NamedNode(str(subject)), ox.NamedNode(str(predicate)), ox.NamedNode(str(obj)), g_node
        )
        if accept and plain not in current:
            current.add(plain)
            added = True
        quads = list(current.quads_for_pattern(None, None, None, g_node))
        _validate(_union_with(store, graph, quads), set())
        path, save_fmt = _file_for(folder, graph)
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert isinstance(nquads, bytes)
        _replace_and_save(store, graph, nquads, "nq", path, save_fmt)
    return {
        "link": str(link),
        "status": f"pg:{str(new_status).rsplit('#', 1)[-1]}",
        "subject": str(subject),
        "predicate": str(predicate),
        "object": str(obj),
        "graph": str(graph),
        "added_triple": added,
    }


def update_graph(
    store: PlanStore,
    data_dir: str,
    name: str,
    change: Callable[[list[ox.Quad]], list[ox.Quad]],
) -> WriteResult:
    """Read graph ``name``, let ``change`` compute its new content, and store it: all under the
    write lock, so no other write comes between reading and saving (one of two reviewers deciding
    the same link wins; the other sees the new state). ``change`` gets and returns quads in that
    graph and may raise to refuse; validation and the atomic save are those of ``import_plan``.
    """
    folder = data_folder(data_dir)
    graph = check_plan_name(name)
    g_node = ox.NamedNode(str(graph))
    with _write_lock(store):
        current = [
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), g_node) for s, p, o, _g in store.quads(graph)
        ]
        quads = [ox.Quad(q.subject, q.predicate, q.object, g_node) for q in change(current)]
        path, save_fmt = _file_for(folder, graph)
        if not quads:
            if store.has_graph(graph):
                _validate(_union_with(store, graph, None), set())
                store.remove_graph(graph)
                path.unlink(missing_ok=True)
            return WriteResult(graph, path, 0, True, [])
        warnings = _validate(_union_with(store, graph, quads), set())
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert isinstance(nquads, bytes)
        replaced = _replace_and_save(store, graph, nquads, "nq", path, save_fmt)
    return WriteResult(graph, path, len(quads), replaced, warnings)
