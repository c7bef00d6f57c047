"""Conversions between pyoxigraph's terms and rdflib's, for the code that speaks rdflib terms.

Importing this module imports rdflib; ``plangraph.terms`` gives the same names, loading this
module on first use of one, so that code reading plain values never pays for rdflib.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from plangraph.namespaces import XSD_NS
from plangraph.terms import _plain_literal

__all__ = ["from_ox", "plain_from_rdflib", "to_ox"]

_XSD_STRING = XSD_NS + "string"
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


def plain_from_rdflib(term: Node | None) -> Any:
    """The plain value of an rdflib term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        datatype = term.datatype
        return _plain_literal(
            str(term), term.language, str(datatype) if datatype is not None else None
        )
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"unsupported term {term!r}")
