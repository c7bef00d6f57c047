"""What the CLI and the API call: run suggestions, list them for review, as rows.

A row: ``id`` (the record id), ``subject``/``object`` (nodes: ``iri``, ``label``, ``kind``,
``plan``, ``text``), ``predicate`` (``pg:addresses``, ``pg:contributesTo``, ``skos:closeMatch``),
``score``, ``status`` (``new``: computed, not stored; ``suggested``, ``accepted``, ``rejected``,
``curated``; ``linked``: a plain link without a record), ``method``, ``relation`` and
``evidence`` (shared terms with their spans in both texts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plangraph.errors import InputError, NotFoundError
from plangraph.linking.features import Item
from plangraph.linking.items import read_items
from plangraph.linking.rank import RELATIONS, Candidate, explain_pairs, rank
from plangraph.linking.records import (
    CURIES,
    METHOD_LEXICAL,
    SaveResult,
    link_id,
    plain_links,
    read_records,
    save_suggestions,
)
from plangraph.store import PlanStore
from plangraph.vocab import DATA

__all__ = ["SuggestResult", "list_suggestions", "resolve_scope", "run_suggest"]

STATUSES = ("suggested", "accepted", "rejected", "curated")


@dataclass
class SuggestResult:
    """A run: the rows, warnings per item, what was stored."""

    rows: list[dict[str, Any]]
    warnings: list[dict[str, Any]] = field(default_factory=list)
    saved: SaveResult | None = None


def node(item: Item) -> dict[str, Any]:
    """A node as rows carry it."""
    return {
        "iri": item.iri,
        "label": item.label,
        "kind": item.kind,
        "plan": item.plan,
        "text": item.text,
    }


_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def resolve_scope(store: PlanStore, value: str | None, kind: str) -> str | None:
    """A ``--plan``/``--org`` value as an IRI that is in the store: a slug (``hv-helse2035``),
    or anything ``nodes.find_node`` reads (IRI, prefixed name, label) of that kind.

    A value that names no such plan or organisation raises ``NotFoundError`` (the API's 404; the
    CLI's exit 2, as for any bad input); one that is not a name at all, ``InputError``.
    """
    if value is None or value == "":
        return None
    iri: str | None = None
    if value.startswith(("http://", "https://")):
        iri = value
    elif _SLUG.fullmatch(value):
        iri = f"{DATA}{kind}/{value}"
    if iri is None or not store.ask("ASK { ?node ?p ?o }", {"node": _uri(iri)}):
        from plangraph.nodes import find_node

        iri = str(find_node(store, value, kind="organisation" if kind == "org" else kind))
    items = {i.plan for i in read_items(store)} if kind == "plan" else None
    if kind == "plan" and iri not in (items or set()):
        raise NotFoundError(f"no plan {value!r} with measures, challenges or goals in the store")
    if kind == "org" and not store.ask("ASK { ?plan ?p ?org }", {"org": _uri(iri)}):
        raise NotFoundError(f"no organisation {value!r} in the store")
    return iri


def _uri(iri: str) -> Any:
    from rdflib import URIRef

    return URIRef(iri)


def _row(c: Candidate, status: str, method: str) -> dict[str, Any]:
    return {
        "id": link_id(c.subject.iri, c.predicate, c.object.iri),
        "subject": node(c.subject),
        "predicate": CURIES.get(c.predicate, c.predicate),
        "object": node(c.object),
        "score": round(c.score, 4),
        "status": status,
        "method": method,
        "relation": c.relation,
        "evidence": c.evidence,
    }


def run_suggest(
    store: PlanStore,
    *,
    data_dir: str | None,
    k: int = 5,
    plan: str | None = None,
    org: str | None = None,
    only_new: bool = False,
    relations: list[str] | None = None,
) -> SuggestResult:
    """Rank candidate links; store the new ones as open suggestions when ``data_dir`` is set.

    ``plan``/``org`` (IRIs) restrict the pairs to those whose subject or object is in the plan /
    of the organisation: subjects there are ranked against every object, and every subject
    against the objects there.
    """
    if k < 1 or k > 100:
        raise InputError(f"--limit must be between 1 and 100 (got {k})")
    known = {r.name for r in RELATIONS}
    if relations is not None and not set(relations) <= known:
        raise InputError(f"relations must be among: {', '.join(sorted(known))}")
    items = read_items(store)

    def inside(item: Item) -> bool:
        return (plan is None or item.plan == plan) and (org is None or item.org == org)

    scoped = plan is not None or org is not None
    if scoped:
        first = rank(items, k=k, relations=relations, subject_filter=inside)
        second = rank(items, k=k, relations=relations, object_filter=inside)
        seen: set[tuple[str, str, str]] = set()
        candidates = []
        for c in [*first.candidates, *second.candidates]:
            key = (c.subject.iri, c.predicate, c.object.iri)
            if key not in seen:
                seen.add(key)
                candidates.append(c)
        warnings_by = {**first.warnings, **second.warnings}
    else:
        ranking = rank(items, k=k, relations=relations)
        candidates, warnings_by = ranking.candidates, ranking.warnings
    by_iri = {i.iri: i for i in items}
    warnings = [
        {"iri": iri, "label": by_iri[iri].label, "kind": by_iri[iri].kind, "warnings": w}
        for iri, w in sorted(warnings_by.items())
        if not scoped or inside(by_iri[iri])
    ]
    saved = None
    if data_dir:
        scope_iris = {i.iri for i in items if inside(i)}
        ranked_kinds = {
            (r.subject_kind, r.object_kind)
            for r in RELATIONS
            if relations is None or r.name in relations
        }

        def in_scope(subject: str, obj: str) -> bool:
            s, o = by_iri.get(subject), by_iri.get(obj)
            if s is None or o is None:
                return True  # a suggestion about a node that is gone: drop it
            if (s.kind, o.kind) not in ranked_kinds:
                return False
            return not scoped or subject in scope_iris or obj in scope_iris

        saved = save_suggestions(store, data_dir, candidates, in_scope)
    records = read_records(store)
    linked = plain_links(store, CURIES)
    rows = []
    for c in sorted(candidates, key=lambda c: (-c.score, c.subject.iri, c.object.iri)):
        key = (c.subject.iri, c.predicate, c.object.iri)
        record = records.get(key)
        if record is not None:
            status, method = record.status, record.method
        elif key in linked:
            status, method = "linked", ""
        else:
            status, method = "new", METHOD_LEXICAL
        if only_new and status not in ("new", "suggested"):
            continue
        rows.append(_row(c, status, method))
    return SuggestResult(rows, warnings, saved)


def list_suggestions(
    store: PlanStore,
    *,
    status: str | None = "suggested",
    plan: str | None = None,
    org: str | None = None,
    predicate: str | None = None,
    min_score: float = 0.0,
    limit: int = 50,
    offset: int = 0,
    evidence: bool = True,
) -> tuple[list[dict[str, Any]], int]:
    """Stored link records as rows, best score first; with the total before paging.

    Evidence is recomputed for the rows of the page (the record keeps its matched terms only).
    """
    if status is not None and status not in STATUSES:
        raise InputError(f"status must be one of: {', '.join(STATUSES)}")
    if limit < 1 or limit > 500 or offset < 0:
        raise InputError("limit must be 1-500 and offset 0 or more")
    items = read_items(store)
    by_iri = {i.iri: i for i in items}
    chosen = []
    for record in read_records(store).values():
        if status is not None and record.status != status:
            continue
        if predicate is not None and CURIES.get(record.predicate, record.predicate) != predicate:
            continue
        s, o = by_iri.get(record.subject), by_iri.get(record.object)
        if s is None or o is None:
            continue  # its subject or object is gone; accepting it would be refused
        if plan is not None and plan not in (s.plan, o.plan):
            continue
        if org is not None and org not in (s.org, o.org):
            continue
        if (record.confidence or 0.0) < min_score:
            continue
        chosen.append((record, s, o))
    chosen.sort(key=lambda e: (-(e[0].confidence or 0.0), e[0].subject, e[0].object))
    total = len(chosen)
    page = chosen[offset : offset + limit]
    pairs = [(r.subject, r.object) for r, _s, _o in page]
    explained = explain_pairs(items, pairs) if evidence else {}
    rows = []
    for record, s, o in page:
        found = explained.get((record.subject, record.object))
        ev = found.evidence if found is not None else []
        rows.append(
            {
                "id": record.id,
                "subject": node(s),
                "predicate": CURIES.get(record.predicate, record.predicate),
                "object": node(o),
                "score": record.confidence,
                "status": record.status,
                "method": record.method,
                "rationale": record.rationale,
                "review_note": record.review_note,
                "evidence": ev,
                # what lowered the score: "roles" (about different people), "light" (no
                # shared concern); the review queue says it in words (review.penalty.*)
                "penalties": list(found.penalties) if found is not None else [],
            }
        )
    return rows, total
