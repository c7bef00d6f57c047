"""Suggested links as records (SSSOM style, ``pg:LinkRecord``) and the decisions on them.

Suggestions live in their own named graph, ``graph/links-suggested`` (file
``links-suggested.ttl`` in the data folder), written through ``plangraph.ingest.plans`` (one
lock, SHACL validation, atomic save). Rules:

- a pair that has a record with a decision anywhere (curated, accepted, rejected), or a plain
  link in any graph, is never suggested again and its record is never touched by ``suggest``;
- a new ``suggest`` run replaces the open (``pg:Suggested``) records of the subjects it ranked,
  and keeps everything else;
- accepting adds the plain triple next to the record, so the analyses and the views see it at
  once; rejecting keeps the record (with the reason), so the pair does not come back;
- ``link add`` records a person's own link as accepted (manual curation); ``link remove``
  withdraws an accepted link (rejected, with the reason) and removes its plain triple. Curated
  links (``links-curated``) are not changed here: they are edited in their file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from plangraph.errors import ConflictError, InputError, NotFoundError
from plangraph.ingest.plans import review_link, update_graph
from plangraph.linking.rank import Candidate
from plangraph.store import PlanStore
from plangraph.vocab import DATA, DCTERMS, GRAPH, PG, RDF, SKOS, XSD

__all__ = [
    "CURIES",
    "GRAPH_NAME",
    "Record",
    "add_link",
    "decide",
    "link_id",
    "read_records",
    "remove_link",
    "save_suggestions",
]

GRAPH_NAME = "links-suggested"
SUGGESTED_GRAPH = GRAPH[GRAPH_NAME]
CREATOR = "plangraph suggest"
METHOD_LEXICAL = "semapv:LexicalMatching"
METHOD_MANUAL = "semapv:ManualMappingCuration"

CURIES = {
    str(PG.addresses): "pg:addresses",
    str(PG.contributesTo): "pg:contributesTo",
    str(SKOS.closeMatch): "skos:closeMatch",
}
"""The predicates links are suggested and made with, as Turtle writes them."""
PREDICATE_NAMES = {
    "addresses": str(PG.addresses),
    "contributesTo": str(PG.contributesTo),
    "closeMatch": str(SKOS.closeMatch),
}

_STATUS = {
    str(PG.Suggested): "suggested",
    str(PG.Accepted): "accepted",
    str(PG.Rejected): "rejected",
    str(PG.Curated): "curated",
}


def link_id(subject: str, predicate: str, obj: str) -> str:
    """The record id: SHA-1 of ``<subject> <predicate> <object>`` as Turtle writes it, 12 hex.

    >>> link_id("https://w3id.org/plangraph/id/measure/hv-tiltaksplan/uonskt-variasjon",
    ...         "https://w3id.org/plangraph/ns#addresses",
    ...         "https://w3id.org/plangraph/id/challenge/hmn-2021/kvalitet-og-pasientsikkerhet-3")
    '29809c6e1670'
    """
    text = f"<{subject}> {CURIES.get(predicate, f'<{predicate}>')} <{obj}>"
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


@dataclass(frozen=True)
class Record:
    """A link record as stored."""

    id: str
    subject: str
    predicate: str
    object: str
    status: str
    graph: str
    confidence: float | None
    method: str
    rationale: str
    review_note: str


_RECORDS = """
PREFIX pg: <https://w3id.org/plangraph/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?link ?graph ?status ?subject ?predicate ?object ?confidence ?method ?rationale ?note
WHERE {
  GRAPH ?graph {
    ?link rdf:type pg:LinkRecord ; pg:linkStatus ?status ; pg:linkSubject ?subject ;
      pg:linkPredicate ?predicate ; pg:linkObject ?object .
    OPTIONAL { ?link pg:confidence ?confidence }
    OPTIONAL { ?link pg:method ?method }
    OPTIONAL { ?link pg:rationale ?rationale }
    OPTIONAL { ?link pg:reviewNote ?note }
  }
}
"""


def read_records(store: PlanStore) -> dict[tuple[str, str, str], Record]:
    """Every link record in the store, by (subject, predicate, object)."""
    out: dict[tuple[str, str, str], Record] = {}
    for r in store.select_plain(_RECORDS).rows:
        key = (str(r.subject), str(r.predicate), str(r.object))
        record = Record(
            str(r.link).rsplit("/", 1)[-1],
            *key,
            _STATUS.get(str(r.status), str(r.status)),
            str(r.graph),
            float(r.confidence) if r.confidence is not None else None,
            str(r.method or ""),
            str(r.rationale or ""),
            str(r.note or ""),
        )
        previous = out.get(key)
        # a decision outranks an open suggestion when a pair has records in several graphs
        if previous is None or previous.status == "suggested":
            out[key] = record
    return out


def plain_links(store: PlanStore, predicates: Iterable[str]) -> set[tuple[str, str, str]]:
    """The plain (s, p, o) links of the given predicates, in any graph."""
    values = " ".join(f"<{p}>" for p in predicates)
    query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    return {(str(r.s), str(r.p), str(r.o)) for r in store.select_plain(query).rows}


def _v(term: Any) -> str:
    """The IRI or lexical value of an Oxigraph term."""
    return str(getattr(term, "value", term))


def _nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _record_quads(
    subject: str,
    predicate: str,
    obj: str,
    *,
    status: Any,
    method: str,
    confidence: float | None,
    rationale: str,
    creator: str,
    terms: Iterable[str] = (),
    note: str | None = None,
) -> list[ox.Quad]:
    link = _nn(str(DATA[f"link/{link_id(subject, predicate, obj)}"]))
    g = _nn(str(SUGGESTED_GRAPH))
    triples: list[tuple[Any, Any]] = [
        (RDF.type, _nn(str(PG.LinkRecord))),
        (PG.linkSubject, _nn(subject)),
        (PG.linkPredicate, _nn(predicate)),
        (PG.linkObject, _nn(obj)),
        (PG.linkStatus, _nn(str(status))),
        (PG.method, ox.Literal(method)),
        (PG.rationale, ox.Literal(rationale, language="en")),
        (DCTERMS.creator, ox.Literal(creator)),
        (
            DCTERMS.date,
            ox.Literal(dt.date.today().isoformat(), datatype=_nn(str(XSD.date))),
        ),
    ]
    if confidence is not None:
        value = f"{min(max(confidence, 0.0), 1.0):.3f}"
        triples.append((PG.confidence, ox.Literal(value, datatype=_nn(str(XSD.decimal)))))
    triples.extend((PG.matchedTerm, ox.Literal(t)) for t in dict.fromkeys(terms))
    if note:
        triples.append((PG.reviewNote, ox.Literal(note)))
    return [ox.Quad(link, _nn(str(p)), o, g) for p, o in triples]


def rationale_of(candidate: Candidate) -> str:
    """The one-line rationale of a computed suggestion: the terms it rests on."""
    terms = ", ".join(list(dict.fromkeys(e["term"] for e in candidate.evidence))[:6])
    terms = terms or "no shared terms"
    return (
        f"Computed suggestion (lexical match: stems, compound parts, Bokmål/Nynorsk spellings and "
        f"thesaurus concepts; cosine {candidate.score:.3f}) on: {terms}. Needs a person's review."
    )


@dataclass
class SaveResult:
    """What storing a run did."""

    stored: int
    kept_decided: int
    replaced_open: int
    file: str


def save_suggestions(
    store: PlanStore,
    data_dir: str,
    candidates: list[Candidate],
    in_scope: Callable[[str, str], bool],
) -> SaveResult:
    """Store ``candidates`` as open suggestions, keeping every decision (see the module doc).

    ``in_scope(subject, object)``: whether this run ranked the pair; the previous open
    suggestions in scope are replaced by this run's.
    """
    predicates = {c.predicate for c in candidates} | set(CURIES)
    stats = {"stored": 0, "kept": 0, "replaced": 0}

    def change(current: list[ox.Quad]) -> list[ox.Quad]:
        records = read_records(store)
        linked = plain_links(store, predicates)
        status_of: dict[str, str] = {}
        subject_of: dict[str, str] = {}
        object_of: dict[str, str] = {}
        for q in current:
            if _v(q.predicate) == str(PG.linkStatus):
                status_of[_v(q.subject)] = _v(q.object)
            elif _v(q.predicate) == str(PG.linkSubject):
                subject_of[_v(q.subject)] = _v(q.object)
            elif _v(q.predicate) == str(PG.linkObject):
                object_of[_v(q.subject)] = _v(q.object)
        drop = {
            link
            for link, status in status_of.items()
            if status == str(PG.Suggested)
            and in_scope(subject_of.get(link, ""), object_of.get(link, ""))
        }
        stats["replaced"] = len(drop)
        stats["kept"] = sum(1 for s in status_of.values() if s != str(PG.Suggested))
        kept = [q for q in current if _v(q.subject) not in drop]
        present = {_v(q.subject) for q in kept}
        new: list[ox.Quad] = []
        for c in candidates:
            key = (c.subject.iri, c.predicate, c.object.iri)
            record = records.get(key)
            if key in linked or (record is not None and record.status != "suggested"):
                continue
            if str(DATA[f"link/{link_id(*key)}"]) in present:
                continue
            new.extend(
                _record_quads(
                    *key,
                    status=PG.Suggested,
                    method=METHOD_LEXICAL,
                    confidence=c.score,
                    rationale=rationale_of(c),
                    creator=CREATOR,
                    terms=[e["term"] for e in c.evidence],
                )
            )
            present.add(str(DATA[f"link/{link_id(*key)}"]))
            stats["stored"] += 1
        return kept + new

    result = update_graph(store, data_dir, GRAPH_NAME, change)
    return SaveResult(stats["stored"], stats["kept"], stats["replaced"], result.path.name)


def _check_id(value: str) -> str:
    value = value.strip().lower()
    if value.startswith(str(DATA["link/"])):
        value = value[len(str(DATA["link/"])) :]
    if len(value) != 12 or any(ch not in "0123456789abcdef" for ch in value):
        raise InputError(f"link id {value!r} is not 12 hex digits (as `plangraph review` lists)")
    return value


def decide(
    store: PlanStore,
    data_dir: str,
    link: str,
    *,
    accept: bool,
    reason: str | None = None,
    reviewer: str | None = None,
) -> dict[str, Any]:
    """Accept or reject suggestion ``link`` (its id or IRI). A rejection needs a reason."""
    if not accept and not (reason and reason.strip()):
        raise InputError('a rejection needs a reason (--reason / "reason")')
    return review_link(
        store,
        data_dir,
        _check_id(link),
        accept,
        reason=reason.strip() if reason else None,
        reviewer=reviewer.strip() if reviewer else None,
    )


def _exists(store: PlanStore, iri: str) -> bool:
    return store.ask("ASK { ?node a ?type }", {"node": URIRef(iri)})


def add_link(
    store: PlanStore,
    data_dir: str,
    subject: str,
    predicate: str,
    obj: str,
    *,
    rationale: str,
    creator: str,
) -> dict[str, Any]:
    """Record a person's own link as accepted (manual curation) and add its plain triple."""
    predicate = PREDICATE_NAMES.get(predicate, predicate)
    if predicate not in CURIES:
        raise InputError(
            f"predicate {predicate!r} is not one of: {', '.join(sorted(PREDICATE_NAMES))}"
        )
    if not rationale.strip():
        raise InputError("a link needs a rationale (--rationale)")
    for role, iri in (("subject", subject), ("object", obj)):
        if not _exists(store, iri):
            raise NotFoundError(f"the {role} {iri} is not in the store")
    if subject == obj:
        raise InputError("a link needs two different nodes")
    key = (subject, predicate, obj)

    def change(current: list[ox.Quad]) -> list[ox.Quad]:
        record = read_records(store).get(key)
        if record is not None and record.status in ("curated", "accepted"):
            raise ConflictError(f"the link is already there ({record.status}, link {record.id})")
        if key in plain_links(store, [predicate]):
            raise ConflictError("the link is already there (a plain triple in the store)")
        link = str(DATA[f"link/{link_id(*key)}"])
        kept = [q for q in current if _v(q.subject) != link]
        quads = _record_quads(
            *key,
            status=PG.Accepted,
            method=METHOD_MANUAL,
            confidence=None,
            rationale=rationale.strip(),
            creator=creator,
        )
        g = _nn(str(SUGGESTED_GRAPH))
        return [*kept, *quads, ox.Quad(_nn(subject), _nn(predicate), _nn(obj), g)]

    update_graph(store, data_dir, GRAPH_NAME, change)
    return {
        "link": link_id(*key),
        "status": "accepted",
        "subject": subject,
        "predicate": predicate,
        "object": obj,
    }


def remove_link(
    store: PlanStore,
    data_dir: str,
    link: str,
    *,
    reason: str,
    reviewer: str | None = None,
) -> dict[str, Any]:
    """Withdraw an accepted link: status rejected (with the reason), plain triple removed."""
    if not reason.strip():
        raise InputError("withdrawing a link needs a reason (--reason)")
    ident = _check_id(link)
    iri = str(DATA[f"link/{ident}"])
    found: dict[str, Any] = {}

    def change(current: list[ox.Quad]) -> list[ox.Quad]:
        records = {r.id: r for r in read_records(store).values()}
        record = records.get(ident)
        if record is None:
            raise NotFoundError(f"no link record {ident}")
        if record.status == "curated" or record.graph != str(SUGGESTED_GRAPH):
            raise ConflictError(
                f"link {ident} is {record.status} in {record.graph.rsplit('/', 1)[-1]}; "
                "curated links are changed in their own file, not here"
            )
        if record.status != "accepted":
            raise ConflictError(f"link {ident} is {record.status}; only accepted links are removed")
        found.update(subject=record.subject, predicate=record.predicate, object=record.object)
        plain = (record.subject, record.predicate, record.object)
        out = []
        for q in current:
            if (_v(q.subject), _v(q.predicate), _v(q.object)) == plain:
                continue
            if _v(q.subject) == iri and _v(q.predicate) == str(PG.linkStatus):
                q = ox.Quad(q.subject, q.predicate, _nn(str(PG.Rejected)), q.graph_name)
            out.append(q)
        g = _nn(str(SUGGESTED_GRAPH))
        out.append(ox.Quad(_nn(iri), _nn(str(PG.reviewNote)), ox.Literal(reason.strip()), g))
        if reviewer:
            out.append(ox.Quad(_nn(iri), _nn(str(DCTERMS.contributor)), ox.Literal(reviewer), g))
        return out

    update_graph(store, data_dir, GRAPH_NAME, change)
    return {"link": ident, "status": "rejected", **found}
