"""The vocabulary's namespaces, and the few terms the rdflib-free paths use, as plain strings.

``plangraph.vocab`` gives the same IRIs as rdflib terms (``URIRef``, closed namespaces), which
cost importing rdflib (~0.15 s). The commands that only read the store through pyoxigraph
(``gaps``, ``overlaps``, ``coverage`` on the embedded store) need the IRIs as text only: they
take them from here and never import rdflib. ``tests/test_vocab.py`` checks every string here is
the IRI ``vocab`` gives.

>>> PG.Measure
'https://w3id.org/plangraph/ns#Measure'
>>> PREFIXES["id"]
'https://w3id.org/plangraph/id/'
"""

from __future__ import annotations

__all__ = [
    "DATA_NS",
    "DCTERMS_NS",
    "GRAPH_NS",
    "LABEL_PROPERTIES",
    "NAMESPACE",
    "ONTOLOGY_GRAPH_IRI",
    "PG",
    "PREFIXES",
    "RDFS_NS",
    "SKOS_NS",
    "XSD_NS",
]

NAMESPACE = "https://w3id.org/plangraph/ns#"
"""The plangraph ontology (``pg:``)."""

DATA_NS = "https://w3id.org/plangraph/id/"
"""Where the data's own nodes live (``vocab.DATA``)."""

GRAPH_NS = "https://w3id.org/plangraph/graph/"
"""Names of the named graphs (``vocab.GRAPH``): one per data file."""

ONTOLOGY_GRAPH_IRI = GRAPH_NS + "ontology"
"""The named graph holding ``ontology/plangraph.ttl`` (``store.ONTOLOGY_GRAPH``)."""

SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_NS = "http://purl.org/dc/terms/"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"

PREFIXES: dict[str, str] = {
    "pg": NAMESPACE,
    "id": DATA_NS,
    "skos": SKOS_NS,
    "dcterms": DCTERMS_NS,
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": RDFS_NS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD_NS,
}
"""Prefixes used in serialisations, query output and JSON-LD contexts (``vocab.PREFIXES``)."""

LABEL_PROPERTIES = (SKOS_NS + "prefLabel", RDFS_NS + "label", DCTERMS_NS + "title")
"""``labels.LABEL_PROPERTIES`` as text: where a node's label comes from, best first."""


class PG:
    """The ``pg:`` terms the rdflib-free paths use, as text (``vocab.PG`` has them all, as
    rdflib terms; a name missing here is an ``AttributeError``, for mypy too)."""

    Candidate = NAMESPACE + "Candidate"
    Challenge = NAMESPACE + "Challenge"
    Measure = NAMESPACE + "Measure"
    StrategicGoal = NAMESPACE + "StrategicGoal"
    UnderPlanning = NAMESPACE + "UnderPlanning"
