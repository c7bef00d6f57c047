"""The vocabulary module and the ontology agree, term for term."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from plangraph import resources
from plangraph.vocab import NAMESPACE, PG


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=resources.ontology_file().read_bytes(), format="turtle")


def _declared(ontology: Graph) -> set[str]:
    return {
        str(s)[len(NAMESPACE) :]
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(NAMESPACE) and str(s) != NAMESPACE
    }


def test_every_vocab_term_is_declared_in_the_ontology(ontology: Graph) -> None:
    in_module = set(PG.__annotations__)
    missing = in_module - _declared(ontology)
    assert not missing, f"in vocab.py but not declared in ontology/plangraph.ttl: {sorted(missing)}"


def test_every_ontology_term_is_in_the_vocab_module(ontology: Graph) -> None:
    used = {
        str(t)[len(NAMESPACE) :]
        for triple in ontology
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(NAMESPACE)
    }
    missing = (used | _declared(ontology)) - set(PG.__annotations__)
    assert not missing, f"in the ontology but not in vocab.py: {sorted(missing)}"


def test_a_typo_in_a_term_is_an_error() -> None:
    assert PG.addresses == URIRef(NAMESPACE + "addresses")
    with pytest.raises(AttributeError):
        _ = PG.adresses  # the Norwegian spelling slips in easily


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_term_has_label_and_comment(ontology: Graph, lang: str) -> None:
    lacking = []
    for name in PG.__annotations__:
        term = URIRef(NAMESPACE + name)
        for prop in (RDFS.label, RDFS.comment):
            if not any(
                isinstance(v, Literal) and v.language == lang for v in ontology.objects(term, prop)
            ):
                lacking.append(f"{name} {prop.n3(ontology.namespace_manager)}@{lang}")
    assert not lacking, lacking


def test_classes_and_properties_align_to_standard_vocabularies(ontology: Graph) -> None:
    """The core classes are SKOS/ORG/PROV subclasses, not reinventions."""
    skos_concept = URIRef("http://www.w3.org/2004/02/skos/core#Concept")
    org_formal = URIRef("http://www.w3.org/ns/org#FormalOrganization")
    assert (PG.ThemeArea, RDFS.subClassOf, skos_concept) in ontology
    assert (PG.Organisation, RDFS.subClassOf, org_formal) in ontology
    assert (
        PG.partOfPlan,
        RDFS.subPropertyOf,
        URIRef("http://purl.org/dc/terms/isPartOf"),
    ) in ontology
    assert (
        PG.sourceDocument,
        RDFS.subPropertyOf,
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
    ) in ontology
    for cls in (PG.Plan, PG.StrategicGoal, PG.ThemeArea, PG.Challenge, PG.Measure, PG.LinkRecord):
        assert (cls, RDF.type, OWL.Class) in ontology


def test_the_plain_namespaces_are_the_vocabularys_iris() -> None:
    """``plangraph.namespaces`` (text, for the rdflib-free paths) gives the IRIs ``vocab`` and
    ``store`` give as rdflib terms, and rdflib's own namespaces."""
    from rdflib.namespace import DCTERMS, ORG, PROV, SKOS, XSD

    from plangraph import namespaces, vocab
    from plangraph.labels import LABEL_PROPERTIES
    from plangraph.store import ONTOLOGY_GRAPH

    assert str(PG._NS) == namespaces.NAMESPACE
    assert str(vocab.DATA) == namespaces.DATA_NS
    assert str(vocab.GRAPH) == namespaces.GRAPH_NS
    assert str(ONTOLOGY_GRAPH) == namespaces.ONTOLOGY_GRAPH_IRI
    assert isinstance(ONTOLOGY_GRAPH, URIRef)
    assert {
        "pg": str(PG._NS),
        "id": str(vocab.DATA),
        "skos": str(SKOS),
        "dcterms": str(DCTERMS),
        "prov": str(PROV),
        "org": str(ORG),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "owl": str(OWL),
        "xsd": str(XSD),
    } == namespaces.PREFIXES
    assert vocab.PREFIXES is namespaces.PREFIXES
    assert (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title)) == LABEL_PROPERTIES
    terms = [name for name in vars(namespaces.PG) if not name.startswith("_")]
    assert terms
    for name in terms:
        assert getattr(namespaces.PG, name) == str(getattr(PG, name)), name
