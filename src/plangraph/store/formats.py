"""RDF formats plangraph reads and writes, and the file-to-graph naming rule."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from plangraph.errors import (
    UnknownFormatError,
    UnsafeInputError,
)
from plangraph.namespaces import GRAPH_NS

if TYPE_CHECKING:
    from rdflib import URIRef


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation plangraph reads or writes."""

    name: str
    ox_format: ox.RdfFormat
    media_type: str
    extension: str

    @property
    def is_dataset(self) -> bool:
        """Whether the format keeps named graphs (TriG, N-Quads)."""
        return bool(self.ox_format.supports_datasets)


FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat("ttl", ox.RdfFormat.TURTLE, "text/turtle", "ttl"),
    "trig": RdfFormat("trig", ox.RdfFormat.TRIG, "application/trig", "trig"),
    "nt": RdfFormat("nt", ox.RdfFormat.N_TRIPLES, "application/n-triples", "nt"),
    "nq": RdfFormat("nq", ox.RdfFormat.N_QUADS, "application/n-quads", "nq"),
    "jsonld": RdfFormat("jsonld", ox.RdfFormat.JSON_LD, "application/ld+json", "jsonld"),
}
"""The formats by their short names."""

_ALIASES = {
    "turtle": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "nquads": "nq",
    "n-quads": "nq",
    "json-ld": "jsonld",
}


def rdf_format(name: str) -> RdfFormat:
    """The format by short name, alias, file extension or media type.

    >>> rdf_format("turtle").media_type
    'text/turtle'
    >>> rdf_format("xml")
    Traceback (most recent call last):
    ...
    plangraph.errors.UnknownFormatError: unknown format 'xml'; known formats: ttl, trig, nt, nq, jsonld
    """
    key = name.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key in FORMATS:
        return FORMATS[key]
    for fmt in FORMATS.values():
        if fmt.media_type == key:
            return fmt
    raise UnknownFormatError(name, list(FORMATS))


def graph_for_file(path: str | os.PathLike[str]) -> URIRef:
    """The named graph a data file is loaded into: ``GRAPH[file stem]``."""
    from rdflib import URIRef

    return URIRef(graph_iri_for_file(path))


def graph_iri_for_file(path: str | os.PathLike[str]) -> str:
    """``graph_for_file``'s IRI, as text (no rdflib term made)."""
    stem = Path(path).name.split(".")[0]
    return GRAPH_NS + check_iri_segment(stem)


def check_iri_segment(stem: str) -> str:
    """A file stem that can stand in an IRI path (letters, digits, ``-``, ``_``, ``.``)."""
    if not stem or not all(c.isascii() and (c.isalnum() or c in "-_.") for c in stem):
        raise UnsafeInputError(
            f"file name {stem!r} cannot name a graph: use ASCII letters, digits, '-', '_' or '.'"
        )
    return stem
