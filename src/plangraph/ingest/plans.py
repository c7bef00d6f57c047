"""Changing what the store holds, safely: importing a plan, reviewing a suggested link.

The plan files in the data folder are the truth and the store an index of them
(``plangraph.store.index``). Every write goes the same way, under one lock:

1. parse and check the new graph completely (IRIs, no remote JSON-LD contexts, only its own
   graph; an imported plan holds exactly one ``pg:Plan`` node);
2. validate what the write changes against the SHACL shapes (see ``validate_change``): an
   import judges every node the graph describes and the nodes that point at nodes whose types
   it changes (its warnings are reported); the other writes (a review, a suggest run, a link
   added or removed, a plan deleted) judge only the nodes whose findings the change can alter
   (``_changed_focus``), which for a store that conforms are the Violations a check of the
   whole union finds; a Violation refuses the write (422) before anything is stored;
3. mark the file's manifest entry as in progress, write the file atomically (fsynced), then
   replace the graph in the store from the written file and record the file's checksum: only
   then is the write acknowledged. A crash in between leaves the manifest without an entry for
   the file, and the next start rebuilds that graph from the file, old or new.

Writes persist to ``PLANGRAPH_DATA_DIR``, which the server loads at start, so a restart shows
them. A server running on the packaged seed data (no data folder set) refuses writes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

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
from plangraph.faults import kill_point
from plangraph.ingest.names import check_plan_name
from plangraph.safety import check_json_depth
from plangraph.store import (
    FORMATS,
    ONTOLOGY_GRAPH,
    PlanStore,
    RdfFormat,
    atomic_write,
    empty_store,
    open_store,
)
from plangraph.store.base import _fsync_dir
from plangraph.terms import from_ox, to_ox
from plangraph.validate import Finding, ValidationReport, validate_graph
from plangraph.vocab import DATA, DCTERMS, GRAPH, PG, RDF, RDFS, SKOS

log = logging.getLogger("plangraph.ingest")

__all__ = [
    "IMPORT_TYPES",
    "WriteResult",
    "check_jsonld_safe",
    "check_one_plan",
    "check_plan_name",
    "delete_plan",
    "import_plan",
    "open_plan_store",
    "review_link",
    "structure_problem",
    "update_graph",
    "validate_change",
]

IMPORT_TYPES = {
    "text/turtle": FORMATS["ttl"],
    "application/x-turtle": FORMATS["ttl"],
    "application/ld+json": FORMATS["jsonld"],
}
"""The media types a plan may be imported in."""

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


_PLAN_CLASSES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?c WHERE { GRAPH ?o { ?c rdfs:subClassOf* <https://w3id.org/plangraph/ns#Plan> } }
"""


def check_one_plan(store: PlanStore, quads: list[ox.Quad], source: str) -> None:
    """Refuse a plan graph that does not hold exactly one ``pg:Plan`` (or subclass) node."""
    classes = {str(row.c) for row in store.select_plain(_PLAN_CLASSES).rows}
    classes.add(str(PG.Plan))
    rdf_type = str(RDF.type)
    plans = {
        str(q.subject)
        for q in quads
        if q.predicate.value == rdf_type
        and isinstance(q.object, ox.NamedNode)
        and q.object.value in classes
    }
    if len(plans) != 1:
        found = f"holds {len(plans)}" + (f" ({', '.join(sorted(plans)[:3])})" if plans else "")
        raise InputError(
            f"{source}: a plan graph must hold exactly one pg:Plan node (a pg:Strategy, "
            f"pg:ActionPlan, ... counts); this one {found}"
        )


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


_RDF_TYPE = ox.NamedNode(str(RDF.type))
_INCOMING = (ox.NamedNode(str(PG.addresses)), ox.NamedNode(str(PG.contributesTo)))


@functools.lru_cache(maxsize=1)
def _shapes() -> Graph:
    """``ontology/shapes.ttl``, parsed once per process for what a write reads of the shapes
    (``_shape_targets``, ``_class_paths``); nothing adds to it."""
    return Graph().parse(data=resources.shapes_file().read_bytes(), format="turtle")


@functools.lru_cache(maxsize=1)
def _shape_targets() -> tuple[frozenset[str], frozenset[str]]:
    """The classes and predicates the SHACL shapes target (sh:targetClass, sh:targetSubjectsOf)."""
    shapes = _shapes()
    classes = {str(o) for o in shapes.objects(None, SH.targetClass)}
    predicates = {str(o) for o in shapes.objects(None, SH.targetSubjectsOf)}
    return frozenset(classes), frozenset(predicates)


@functools.lru_cache(maxsize=1)
def _class_paths() -> frozenset[ox.NamedNode] | None:
    """The predicates whose values the shapes check the class of (``sh:class`` on a property
    shape with a plain predicate path), or ``None`` when some ``sh:class`` has another path (or
    none): then the types of every value count."""
    shapes = _shapes()
    paths: set[ox.NamedNode] = set()
    for shape in shapes.subjects(SH["class"], None):
        path = shapes.value(shape, SH.path)
        if not isinstance(path, URIRef):
            return None
        paths.add(ox.NamedNode(str(path)))
    return frozenset(paths)


def _targets(store: PlanStore) -> tuple[set[ox.NamedNode], set[ox.NamedNode]]:
    """Targeted classes with every subclass the ontology names, and targeted predicates."""
    classes, predicates = _shape_targets()
    found = {ox.NamedNode(c) for c in classes}
    patterns = store.patterns
    sub_class = ox.NamedNode(str(RDFS.subClassOf))
    todo = list(found)
    while todo and patterns is not None:
        parent = todo.pop()
        for q in patterns(None, sub_class, parent, None):
            if isinstance(q.subject, ox.NamedNode) and q.subject not in found:
                found.add(q.subject)
                todo.append(q.subject)
    return found, {ox.NamedNode(p) for p in predicates}


def _context_graph(
    store: PlanStore, graphs: set[str], new_quads: list[ox.Quad], *, changed_only: bool = False
) -> tuple[Graph, set[str]] | None:
    """What a change to ``graphs`` can affect, as a small graph, and the nodes to judge.

    The nodes judged (the focus) are those the old or new content describes, and the nodes in
    other graphs that point at a node whose types the change alters. The graph holds their
    full descriptions (every graph, the changed ones as they will be), the types of the nodes
    they point at through a property whose values' class a shape checks (``sh:class``), and the
    links that point at them (the coverage warnings). Every shape judges
    a node by exactly these, so a node in the focus gets the same findings as in the whole
    union. ``None`` when the store has no quad-pattern lookups.

    ``changed_only``: judge only the nodes whose findings the change can alter (see
    ``_changed_focus``), rather than every node the graphs describe.
    """
    patterns = store.patterns
    if patterns is None:
        return None
    names = {ox.NamedNode(g) for g in graphs}
    old = [q for g in names for q in patterns(None, None, None, g)]

    def outside(quads: Any) -> Any:
        return (q for q in quads if q.graph_name not in names)

    # Only nodes some shape targets can have findings: those typed with a targeted class (or a
    # subclass) and the subjects of the targeted predicates. Others are left out of the focus.
    classes, predicates = _targets(store)

    def targeted(quads: Any) -> set[Any]:
        return {
            q.subject
            for q in quads
            if (q.predicate == _RDF_TYPE and q.object in classes) or q.predicate in predicates
        }

    def typed_elsewhere(nodes: set[Any]) -> set[Any]:
        """Of ``nodes``, those typed with a targeted class in another graph (a theme described
        in its plan and typed in the theme mapping)."""
        return {
            node
            for node in nodes
            if any(q.object in classes for q in outside(patterns(node, _RDF_TYPE, None, None)))
        }

    def referrers_of(nodes: set[Any]) -> set[Any]:
        """The subjects, in other graphs, of the triples that point at ``nodes``."""
        return {q.subject for node in nodes for q in outside(patterns(None, None, node, None))}

    focus: set[Any] | None = None
    if changed_only:
        focus = _changed_focus(old, new_quads, targeted, typed_elsewhere, referrers_of)
    if focus is None:
        touched = {q.subject for q in old} | {q.subject for q in new_quads}
        described = targeted(old) | targeted(new_quads)
        described |= typed_elsewhere(touched - described)

        def typings(quads: list[ox.Quad]) -> set[tuple[Any, Any]]:
            return {(q.subject, q.object) for q in quads if q.predicate == _RDF_TYPE}

        retyped = {s for s, _t in typings(old) ^ typings(new_quads) if isinstance(s, ox.NamedNode)}
        retyped &= touched
        focus = described | referrers_of(retyped)
    if not focus:
        return Graph(), set()
    triples: set[tuple[Any, Any, Any]] = {
        (q.subject, q.predicate, q.object) for q in new_quads if q.subject in focus
    }
    for node in focus:
        triples.update(
            (q.subject, q.predicate, q.object) for q in outside(patterns(node, None, None, None))
        )
    # The types of the values whose class a shape checks (typing every value would make each a
    # target of its own shapes, judged and thrown away: two per link record).
    class_paths = _class_paths()
    objects = {
        o
        for _s, p, o in triples
        if isinstance(o, (ox.NamedNode, ox.BlankNode)) and (class_paths is None or p in class_paths)
    }
    new_types = {(q.subject, q.object) for q in new_quads if q.predicate == _RDF_TYPE}
    for node in objects - focus:
        triples.update(
            (q.subject, q.predicate, q.object)
            for q in outside(patterns(node, _RDF_TYPE, None, None))
        )
    triples.update((s, _RDF_TYPE, t) for s, t in new_types if s in objects)
    # The links that point at the judged nodes (the coverage warnings count them).
    triples.update(
        (q.subject, q.predicate, q.object)
        for q in new_quads
        if q.predicate in _INCOMING and q.object in focus
    )
    for node in focus:
        for predicate in _INCOMING:
            triples.update(
                (q.subject, q.predicate, q.object)
                for q in outside(patterns(None, predicate, node, None))
            )
    union = Graph()
    cache: dict[str, URIRef] = {}
    union.addN(
        (from_ox(s, cache), from_ox(p, cache), from_ox(o, cache), union) for s, p, o in triples
    )
    return union, {str(from_ox(n, cache)) for n in focus}


_SUB_CLASS = ox.NamedNode(str(RDFS.subClassOf))


def _changed_focus(
    old: list[ox.Quad],
    new_quads: list[ox.Quad],
    targeted: Callable[[Any], set[Any]],
    typed_elsewhere: Callable[[set[Any]], set[Any]],
    referrers_of: Callable[[set[Any]], set[Any]],
) -> set[Any] | None:
    """The nodes whose SHACL findings a change from ``old`` to ``new_quads`` can alter, or
    ``None`` when the change reaches the class hierarchy (an ``rdfs:subClassOf`` triple).

    A node's findings depend on its own triples and types (every property shape, the SPARQL
    constraint, its targets), on the types of the nodes it points at (``sh:class``: a
    measure's status, a challenge's theme, a record's status, the target of ``pg:addresses``
    and ``pg:contributesTo``) and on the ``pg:addresses`` / ``pg:contributesTo`` links that
    point at it (the coverage warnings, ``sh:inversePath``); ``ontology/shapes.ttl`` reaches
    across nodes in no other way. So only these nodes can be judged differently:

    - the subjects of the triples added or removed (those a shape targets, here or in another
      graph);
    - the nodes, in any graph, that point at a node whose types were added or removed;
    - the objects of the ``pg:addresses`` / ``pg:contributesTo`` triples added or removed.

    Every other node keeps its findings: judged against a store that conforms, the change
    breaks nothing else, and the findings of these nodes are those of a check of the whole
    union.
    """

    def plain(quads: list[ox.Quad]) -> set[tuple[Any, Any, Any]]:
        return {(q.subject, q.predicate, q.object) for q in quads}

    delta = plain(old) ^ plain(new_quads)
    if any(p == _SUB_CLASS for _s, p, _o in delta):
        return None
    changed = {s for s, _p, _o in delta}
    described = {n for n in targeted(old) | targeted(new_quads) if n in changed}
    described |= typed_elsewhere(changed - described)
    retyped = {s for s, p, _o in delta if p == _RDF_TYPE and isinstance(s, ox.NamedNode)}
    referrers = referrers_of(retyped) | {q.subject for q in new_quads if q.object in retyped}
    pointed_at = {o for _s, p, o in delta if p in _INCOMING}
    return described | referrers | pointed_at


def validate_change(
    store: PlanStore,
    graphs: set[str],
    new_quads: list[ox.Quad] | None,
    *,
    changed_only: bool = False,
) -> ValidationReport:
    """SHACL findings for the nodes a change to ``graphs`` can affect (see ``_context_graph``).

    ``new_quads``: the graphs' new content (``None``: the graphs are removed). Stores without
    quad-pattern lookups validate the whole union instead, with every finding kept.
    ``changed_only``: only the nodes whose findings the change can alter (``_changed_focus``):
    for a store that conforms, the same Violations as a check of the whole union, and the
    Warnings of those nodes.
    """
    report, _focus = _change_findings(store, graphs, new_quads, changed_only=changed_only)
    return report


def _change_findings(
    store: PlanStore,
    graphs: set[str],
    new_quads: list[ox.Quad] | None,
    *,
    changed_only: bool = False,
) -> tuple[ValidationReport, set[str] | None]:
    """``validate_change`` and the nodes it judged (``None``: the whole union)."""
    context = _context_graph(store, graphs, new_quads or [], changed_only=changed_only)
    if context is None:
        assert len(graphs) == 1
        union_graph = _union_with(store, URIRef(next(iter(graphs))), new_quads)
        return validate_graph(union_graph, scratch=True), None
    union, focus = context
    if not focus:
        return ValidationReport([]), focus
    report = validate_graph(union, scratch=True)
    return ValidationReport([f for f in report.findings if f.node in focus]), focus


def _validate(
    store: PlanStore,
    graph: URIRef,
    new_quads: list[ox.Quad] | None,
    subjects: set[str],
    *,
    changed_only: bool = False,
) -> list[Finding]:
    report = validate_change(store, {str(graph)}, new_quads, changed_only=changed_only)
    if not report.conforms:
        count = len(report.violations)
        raise ValidationFailed(
            f"the change would break {count} SHACL constraint(s); nothing was stored",
            report,
        )
    return [f for f in report.warnings if f.node in subjects]


def structure_problem(store: PlanStore, graphs: list[URIRef]) -> str | None:
    """The start-up structure check of graphs just loaded from one file: SHACL Violations of
    the nodes they describe, in context, or ``None``."""
    names = {str(g) for g in graphs}
    patterns = store.patterns
    quads: list[ox.Quad] = []
    if patterns is not None:
        quads = [q for g in names for q in patterns(None, None, None, ox.NamedNode(g))]
        # Judge the graphs as they are: compare them with themselves (nothing retyped).
        context = _context_graph(store, names, quads)
        assert context is not None
        union, focus = context
        report = ValidationReport(
            [f for f in validate_graph(union, scratch=True).findings if f.node in focus]
        )
    else:
        report = validate_graph(store.to_graph(ontology=False), scratch=True)
    if report.conforms:
        return None
    first = report.violations[0]
    return (
        f"fails the SHACL structure: {len(report.violations)} violation(s), e.g. "
        f"<{first.node}>: {first.message}" + (f" ({first.path})" if first.path else "")
    )


@functools.cache
def _structure_fingerprint() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from plangraph import __version__, validate

    digest = hashlib.sha256()
    for part in (
        resources.shapes_file().read_bytes(),
        resources.ontology_file().read_bytes(),
        Path(__file__).read_bytes(),
        Path(validate.__file__).read_bytes(),
    ):
        digest.update(hashlib.sha256(part).digest())
    for package in ("pyshacl", "rdflib"):
        try:
            digest.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:  # pragma: no cover - both are dependencies
            digest.update(f"{package} ?\n".encode())
    digest.update(f"plangraph {__version__}".encode())
    return digest.hexdigest()


class _StructureCheck:
    """``structure_problem`` as the store index's ``StructureCheck``, with the fingerprint of
    what decides its verdicts besides a file's bytes, for the index's record of passed checks
    (``plangraph.store.index``): the shapes, the ontology (the class hierarchy the shapes see),
    the code that builds the context and runs the check, and the versions of pySHACL, rdflib
    and plangraph. Any change to one of them makes every file checked again."""

    def __call__(self, store: PlanStore, graphs: list[URIRef]) -> str | None:
        return structure_problem(store, graphs)

    def fingerprint(self) -> str:
        return _structure_fingerprint()


STRUCTURE_CHECK = _StructureCheck()
"""The start-up structure check ``open_plan_store`` gives the store index."""


def open_plan_store(
    url: str,
    *,
    data_dir: str | None,
    load_seed: bool = True,
    timeout: float = 30.0,
    skip_bad: bool = False,
    structure_max_quads: int = 200_000,
) -> PlanStore:
    """``store.open_store`` with the start-up structure check (SHACL) of every file it loads."""
    return open_store(
        url,
        data_dir=data_dir,
        load_seed=load_seed,
        timeout=timeout,
        skip_bad=skip_bad,
        structure_check=STRUCTURE_CHECK,
        structure_max_quads=structure_max_quads,
    )


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
    """Write ``graph``'s new content to its file, then the store, then the manifest.

    The file is written first (atomically, fsynced) and the store filled from the very bytes
    written, so the two agree; the manifest entry is removed before and set after, so a crash
    in between makes the next start rebuild the graph from the file. Returns whether the graph
    existed before.
    """
    replaced = store.has_graph(graph)
    scratch = empty_store()
    scratch.load_data(data, fmt, graph, source=path.name)
    content = scratch.serialize(save_fmt, graph)
    index = store.index
    if index is not None:
        # Every caller has run the SHACL check of this content (``_validate``) and it passed.
        index.forget(path.name, passed=hashlib.sha256(content).hexdigest())
    kill_point(f"manifest-entry-dropped:{path.name}")  # tests only (plangraph.faults)
    try:
        atomic_write(path, content)
    except OSError as exc:
        if index is not None:
            index.record(path, [graph])  # the file is as it was, and so is the store
        raise StoreError(f"could not save {path.name}: {exc.strerror}") from None
    kill_point(f"file-saved:{path.name}")
    try:
        store.load_data(content, save_fmt, graph, source=path.name)
    except Exception:
        # The file holds the new version; without a manifest entry the next start rebuilds
        # the graph from it.
        log.exception("the store could not take %s after it was saved", path.name)
        raise StoreError(
            f"{path.name} was saved but the store could not be updated; restart the server"
        ) from None
    kill_point(f"store-loaded:{path.name}")
    if index is not None:
        index.record(path, [graph])
    kill_point(f"manifest-entry-set:{path.name}")
    return replaced


def import_plan(
    store: PlanStore, data_dir: str, name: str, data: bytes, media_type: str
) -> WriteResult:
    """Store ``data`` as plan ``name`` (graph ``GRAPH[name]``, file ``DATA_DIR/name.ttl``)."""
    folder = data_folder(data_dir)
    graph = check_plan_name(name)
    fmt = IMPORT_TYPES[media_type]
    quads = _parse_graph(data, fmt, graph, f"{name}.{fmt.extension}")
    return import_quads(store, folder, graph, quads, f"{name}.{fmt.extension}")


def import_quads(
    store: PlanStore, folder: Path, graph: URIRef, quads: list[ox.Quad], source: str
) -> WriteResult:
    """``import_plan`` of quads already parsed and checked (every one in ``graph``; ``source``
    names them in errors): a plan version's load hands over the quads it parsed, rather than
    Turtle written from them to be parsed again (the same triples, so the same file, store
    and findings)."""
    check_one_plan(store, quads, source)
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    with _write_lock(store):
        path, save_fmt = _file_for(folder, graph)
        warnings = _validate(store, graph, quads, subjects)
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
        _validate(store, graph, None, set(), changed_only=True)
        _remove_and_forget(store, graph, path)
    return WriteResult(graph, path, 0, True, [])


def _remove_and_forget(store: PlanStore, graph: URIRef, path: Path) -> None:
    """Remove ``graph``'s file (fsynced), then the graph; the manifest entry is dropped before
    and set after, so a crash in between makes the next start follow the folder."""
    index = store.index
    if index is not None:
        index.forget(path.name)
    try:
        path.unlink(missing_ok=True)
        _fsync_dir(path.parent)
    except OSError:
        if index is not None:
            index.record(path, [graph])
        raise StoreError("could not remove the plan file") from None
    store.remove_graph(graph)
    if index is not None:
        index.record(path, [graph])


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
        _validate(store, graph, quads, set(), changed_only=True)
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
                _validate(store, graph, None, set(), changed_only=True)
                _remove_and_forget(store, graph, path)
            return WriteResult(graph, path, 0, True, [])
        warnings = _validate(store, graph, quads, set(), changed_only=True)
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert isinstance(nquads, bytes)
        replaced = _replace_and_save(store, graph, nquads, "nq", path, save_fmt)
    return WriteResult(graph, path, len(quads), replaced, warnings)
