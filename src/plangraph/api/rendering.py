"""Answers on the way out: content negotiation, fast JSON, and RDF written by pyoxigraph.

FastAPI's ``jsonable_encoder`` walks every value; routes here hand plain data to ``json.dumps``
and RDF to pyoxigraph's serialisers instead (see shared/docs/performance-notes.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox
from fastapi import Response

from plangraph.api.errors import ApiError
from plangraph.vocab import PREFIXES

__all__ = [
    "RDF_MEDIA_TYPES",
    "TURTLE_PREFIXES",
    "json_response",
    "json_response_bytes",
    "jsonld_compact",
    "negotiate",
    "require_media_type",
    "serialize_triples",
]

RDF_MEDIA_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}

TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}
"""Prefixes for Turtle: without ``id:``, whose local names would need ``\\/`` escapes."""


def json_response_bytes(data: Any) -> bytes:
    """Plain data as compact UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Plain data as JSON, without FastAPI's encoder walking it."""
    body = json_response_bytes(data)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _parse_accept(accept: str) -> list[tuple[str, str, float, int]]:
    """``(type, subtype, q, position)`` for every media range in an Accept header."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        main, _sep, sub = media.partition("/")
        if not sub:
            if main == "*":
                sub = "*"
            else:
                continue
        quality = 1.0
        for param in pieces[1:]:
            key, _eq, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((main, sub, quality, position))
    return ranges


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or ``None`` if it accepts none of them.

    No ``Accept`` (or an empty one) takes the first offered type.

    >>> negotiate("text/turtle;q=0.5, application/ld+json", ["text/turtle", "application/ld+json"])
    'application/ld+json'
    >>> negotiate("*/*", ["application/json", "text/turtle"])
    'application/json'
    >>> negotiate("image/png", ["application/json"]) is None
    True
    """
    if accept is None or not accept.strip():
        return offered[0] if offered else None
    ranges = _parse_accept(accept)
    best: tuple[float, int, int, int] | None = None
    chosen: str | None = None
    for index, media in enumerate(offered):
        main, _sep, sub = media.partition("/")
        match: tuple[float, int, int] | None = None  # (q, specificity, -position)
        for r_main, r_sub, quality, position in ranges:
            if r_main == main and r_sub == sub:
                specificity = 2
            elif r_main == main and r_sub == "*":
                specificity = 1
            elif r_main == "*":
                specificity = 0
            else:
                continue
            candidate = (quality, specificity, -position)
            if match is None or candidate[1:] > match[1:]:
                match = candidate  # the most specific range decides the quality
        if match is None or match[0] <= 0:
            continue
        key = (match[0], match[1], match[2], -index)
        if best is None or key > best:
            best, chosen = key, media
    return chosen


def require_media_type(accept: str | None, offered: Sequence[str]) -> str:
    """``negotiate`` or a 406 that lists what is offered."""
    chosen = negotiate(accept, offered)
    if chosen is None:
        raise ApiError(
            406,
            f"cannot answer in any type the Accept header names; offered: {', '.join(offered)}",
            offered=list(offered),
        )
    return chosen


def _compact_iri(value: str) -> str:
    for prefix, ns in PREFIXES.items():
        if value.startswith(ns) and len(value) > len(ns) and not value[len(ns) :].startswith("//"):
            return f"{prefix}:{value[len(ns) :]}"
    return value


def _jsonld_term(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return {"@id": _compact_iri(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return term.value
        return {"@value": term.value, "@type": _compact_iri(datatype)}
    raise TypeError(f"unsupported term {term!r}")


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def jsonld_compact(triples: Iterable[ox.Triple]) -> dict[str, Any]:
    """JSON-LD with a compact context (the plangraph prefixes) and one object per subject.

    Keys and IRIs are CURIEs where a prefix fits; ``rdf:type`` becomes ``@type``.
    """
    subjects: dict[str, dict[str, Any]] = {}
    for triple in triples:
        subject = triple.subject
        if isinstance(subject, ox.NamedNode):
            key = _compact_iri(subject.value)
        elif isinstance(subject, ox.BlankNode):
            key = f"_:{subject.value}"
        else:  # an RDF-star quoted triple: no JSON-LD form; keep its N-Triples text
            key = str(subject)
        item = subjects.setdefault(key, {"@id": key})
        predicate = triple.predicate.value
        if predicate == _RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            item.setdefault("@type", []).append(_compact_iri(triple.object.value))
            continue
        item.setdefault(_compact_iri(predicate), []).append(_jsonld_term(triple.object))
    graph = [subjects[k] for k in sorted(subjects)]
    return {"@context": dict(PREFIXES), "@graph": graph}


_WRITERS = {**RDF_MEDIA_TYPES, "application/rdf+xml": ox.RdfFormat.RDF_XML}


def serialize_triples(triples: Sequence[ox.Triple], media_type: str) -> bytes:
    """The triples as Turtle, N-Triples, (compact) JSON-LD or RDF/XML: the one RDF writer of
    the API (the routes and the SPARQL endpoint's CONSTRUCT / DESCRIBE answers)."""
    if media_type == "application/ld+json":
        return json.dumps(jsonld_compact(triples), ensure_ascii=False).encode("utf-8")
    out = ox.serialize(list(triples), format=_WRITERS[media_type], prefixes=TURTLE_PREFIXES)
    assert isinstance(out, bytes)
    return out
