"""RDF terms at plangraph's boundaries: checking IRIs, converting between pyoxigraph and rdflib.

The rest of plangraph speaks rdflib terms (``URIRef``, ``Literal``, ``BNode``); the embedded
engine is pyoxigraph. Conversion happens here and only here.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from plangraph.errors import UnsafeInputError

__all__ = [
    "ALLOWED_IRI_SCHEMES",
    "check_iri",
    "from_ox",
    "parse_iri",
    "to_ox",
]

ALLOWED_IRI_SCHEMES = frozenset({"http", "https", "urn", "mailto", "tag"})
"""IRIs in plan data must use one of these schemes. ``javascript:``, ``data:``, ``file:`` and the
like are refused on load: labels and IRIs end up in web pages and links."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Characters RFC 3987 does not allow in an IRI at all.
_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def check_iri(value: str) -> str:
    """Return ``value`` if it is an absolute IRI plangraph accepts, else raise.

    >>> check_iri("https://w3id.org/plangraph/id/org/helse-vest")
    'https://w3id.org/plangraph/id/org/helse-vest'
    >>> check_iri("javascript:alert(1)")
    Traceback (most recent call last):
    ...
    plangraph.errors.UnsafeInputError: IRI scheme 'javascript' is not allowed ...
    """
    match = _SCHEME.match(value)
    if not match:
        raise UnsafeInputError(f"not an absolute IRI: {value!r}")
    scheme = match.group(1).lower()
    if scheme not in ALLOWED_IRI_SCHEMES:
        raise UnsafeInputError(
            f"IRI scheme {scheme!r} is not allowed in {value!r}; allowed schemes: "
            + ", ".join(sorted(ALLOWED_IRI_SCHEMES))
        )
    bad = _FORBIDDEN.search(value)
    if bad:
        raise UnsafeInputError(
            f"IRI {value!r} holds a character not allowed in IRIs: {bad.group()!r}"
        )
    return value


def parse_iri(value: str) -> URIRef:
    """A checked ``URIRef`` from user input (``<...>`` brackets are accepted)."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    return URIRef(check_iri(text))


_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def from_ox(term: Any, _cache: dict[str, URIRef] | None = None) -> Node:
    """An rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        value = term.value
        if _cache is not None:
            cached = _cache.get(value)
            if cached is None:
                cached = _cache[value] = URIRef(value)
            return cached
        return URIRef(value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported term {term!r}")


def to_ox(term: Node) -> Any:
    """A pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) not in (_XSD_STRING, _RDF_LANG_STRING):
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"unsupported term {term!r}")
