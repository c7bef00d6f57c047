"""SHACL validation parses the shapes and the ontology once per process (``validate._parsed``)
and gives pySHACL a fresh copy of each every time: the findings are those of the Turtle parsed
anew, and what one validation adds to its shapes graph never reaches the next."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from plangraph import resources, validate
from plangraph.store import open_store


def _fresh(name: str) -> Graph:
    source = resources.shapes_file() if name == "shapes" else resources.ontology_file()
    return Graph().parse(data=source.read_bytes(), format="turtle")


def _data(broken: bool) -> Graph:
    data = open_store("memory").to_graph(ontology=False)
    if broken:  # measures and challenges without a label: Violations with messages and paths
        pg = "https://w3id.org/plangraph/ns#"
        for kind in ("Measure", "Challenge"):
            for node in list(data.subjects(None, URIRef(pg + kind)))[:3]:
                data.remove((node, SKOS.prefLabel, None))
    return data


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    return copy


def _spy(
    monkeypatch: pytest.MonkeyPatch,
) -> list[tuple[Graph, Graph, Graph, set[Any], Graph, set[Any]]]:
    """What each ``pyshacl.validate`` call is given as shapes and ontology: the graphs, and a copy
    of their triples and prefixes as they were given (the validation still runs)."""
    import pyshacl

    given: list[tuple[Graph, Graph, Graph, set[Any], Graph, set[Any]]] = []
    real = pyshacl.validate

    def spy(data: Graph, **kwargs: Any) -> Any:
        shapes, ontology = kwargs["shacl_graph"], kwargs["ont_graph"]
        given.append(
            (
                shapes,
                ontology,
                _copy(shapes),
                set(shapes.namespaces()),
                _copy(ontology),
                set(ontology.namespaces()),
            )
        )
        return real(data, **kwargs)

    monkeypatch.setattr(pyshacl, "validate", spy)
    return given


@pytest.mark.parametrize("broken", [False, True])
def test_findings_are_those_of_the_turtle_parsed_anew(
    broken: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both properties on the same two validations (one test: each SHACL run of the seed data
    is ~0.4 s of CPU, and the second test ran two more of the same)."""
    given = _spy(monkeypatch)
    data = _data(broken)
    kept = validate.validate_graph(data).findings
    kept_again = validate.validate_graph(data).findings
    # Each validation got its own unchanged copy of the shapes and the ontology.
    shapes, ontology = _fresh("shapes"), _fresh("ontology")
    assert len(given) == 2
    assert given[0][0] is not given[1][0] and given[0][1] is not given[1][1]
    for _s, _o, shape_triples, shape_prefixes, ont_triples, ont_prefixes in given:
        assert isomorphic(shape_triples, shapes)
        assert shape_prefixes == set(shapes.namespaces())
        assert isomorphic(ont_triples, ontology)
        assert ont_prefixes == set(ontology.namespaces())
    # The findings are those of the Turtle parsed anew.
    monkeypatch.setattr(validate, "_shapes_graph", lambda: _fresh("shapes"))
    monkeypatch.setattr(validate, "_ontology_graph", lambda: _fresh("ontology"))
    parsed = validate.validate_graph(data).findings
    strip = [(f.severity, f.node, f.label, f.message, f.path, f.value) for f in parsed]
    for findings in (kept, kept_again):
        assert [
            (f.severity, f.node, f.label, f.message, f.path, f.value) for f in findings
        ] == strip
    assert any(f.severity == "Violation" for f in parsed) is broken
