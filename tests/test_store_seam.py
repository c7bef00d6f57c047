"""Two reads the store package answers in each backend's own way, the same on every backend.

``PlanStore.all_labels``: the rows ``queries/all_labels.rq`` gives (the embedded backends read
the three label properties by triple pattern instead of running it). ``PlanStore.scratch_copy``:
the store's quads in a new in-memory store, some graphs left out (``--as-of`` builds on it; the
embedded backends copy engine to engine, a SPARQL server's quads are checked on the way in).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from plangraph import resources
from plangraph.analysis._common import Labels
from plangraph.errors import UnsafeInputError
from plangraph.store import PlanStore
from plangraph.terms import LangString
from plangraph.vocab import GRAPH
from tests.helpers import open_backend

T = "https://example.org/seam/"
PREFIXES = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix pg: <https://w3id.org/plangraph/ns#> .
"""
# What the query's shape decides on: a blank node's label (left out), an IRI and typed literals
# as labels (7 and 7.0 are two terms with equal plain values), one text in two languages (equal
# as LangStrings), a label in two graphs (once), a node with all three properties.
FIRST = f"""{PREFIXES}
[] skos:prefLabel "Tom node"@nb .
<{T}x> skos:prefLabel "Tiltak x"@nb, "Tiltak x"@nn, "Measure x"@en ; rdfs:label "x" ;
    dcterms:title "Tittel x"@nn .
<{T}y> rdfs:label <{T}label-as-iri>, "7"^^xsd:integer, "7.0"^^xsd:decimal .
<{T}org> skos:prefLabel "Organisasjon B"@nb ; pg:hasPart [ skos:prefLabel "Del 1"@nb ] .
"""
SECOND = f"""{PREFIXES}
<{T}org> skos:prefLabel "Organisasjon B"@nb ; dcterms:title "Org B" .
<{T}z> dcterms:title "Plan z"@nb .
"""
LEFT_OUT = f"""{PREFIXES}
<{T}gone> skos:prefLabel "Borte"@nb ; pg:hasPart [ rdfs:label "Borte del" ] .
"""
LEFT_OUT_QUADS = 3


def _store(backend: str) -> PlanStore:
    store = open_backend(backend, data_dir=None)
    store.load_data(FIRST.encode(), "ttl", GRAPH["seam-first"])
    store.load_data(SECOND.encode(), "ttl", GRAPH["seam-second"])
    store.load_data(LEFT_OUT.encode(), "ttl", GRAPH["seam-left-out"])
    return store


def _typed(rows: Any) -> list[tuple[Any, ...]]:
    """Rows with each value's type and language, sorted (LangString compares as its text)."""
    return sorted(
        tuple((type(value).__name__, str(value), getattr(value, "lang", None)) for value in row)
        for row in rows
    )


@pytest.mark.parametrize("backend", ["memory", "rdflib:memory", "sparql"])
def test_all_labels_gives_the_rows_of_the_query(backend: str) -> None:
    store = _store(backend)
    expected = _typed(store.select_plain(resources.query_text("all_labels")))
    found = store.all_labels()
    assert _typed(found) == expected
    assert all(len(row) == 3 for row in found)
    keys = {(node, str(label), getattr(label, "lang", None), rank) for node, label, rank in found}
    assert (f"{T}x", "Tiltak x", "nb", 1) in keys and (f"{T}x", "Tiltak x", "nn", 1) in keys
    assert (f"{T}org", "Org B", None, 3) in keys and (f"{T}z", "Plan z", "nb", 3) in keys
    assert [row for row in found if row[0] == f"{T}org" and row[2] == 1] == [
        (f"{T}org", "Organisasjon B", 1)  # in two graphs: once
    ]
    assert sorted(type(row[1]).__name__ for row in found if row[0] == f"{T}y") == [
        "float",
        "int",
        "str",
    ]
    assert not any(node.startswith("_:") for node, _label, _rank in found)


@pytest.mark.parametrize("backend", ["rdflib:memory", "sparql"])
def test_labels_read_once_are_the_querys_grouped(backend: str) -> None:
    """``Labels`` reads every label at once on the backends without quad patterns: the query's
    rows, grouped by node, best-ranked property first, each property's sorted by text."""
    store = _store(backend)
    grouped: dict[str, set[tuple[int, str, str]]] = {}
    for node, label, rank in store.select_plain(resources.query_text("all_labels")):
        if isinstance(label, str):
            language = label.lang if isinstance(label, LangString) else ""
            grouped.setdefault(node, set()).add((int(rank), str(label), language))
    expected = {
        node: [LangString(text, lang) if lang else text for _rank, text, lang in sorted(values)]
        for node, values in grouped.items()
    }
    read = Labels(store, "nb")._read_all()
    assert read == expected
    for node, labels in expected.items():
        assert [getattr(label, "lang", None) for label in read[node]] == [
            getattr(label, "lang", None) for label in labels
        ]
    assert read[f"{T}x"] == ["Measure x", "Tiltak x", "Tiltak x", "x", "Tittel x"]
    assert read[f"{T}y"] == [f"{T}label-as-iri"]
    assert Labels(store, "nn")(f"{T}z") == "Plan z"


def _through_text(store: PlanStore) -> Iterator[ox.Quad]:
    """The store's quads written as N-Quads and loaded into an embedded store (how a scratch
    copy was made before ``scratch_copy``): the engine keeps numbers in their canonical form
    ("7.0"^^xsd:decimal comes back "7"), which the plain rdflib backend does not."""
    text = ox.serialize(store.ox_quads(), format=ox.RdfFormat.N_QUADS)
    reference = ox.Store()
    reference.load(text, format=ox.RdfFormat.N_QUADS)
    return iter(reference)


def _quads(store: PlanStore | Iterator[ox.Quad], graphs: set[str]) -> list[str]:
    """The quads of ``graphs``, as text with every blank node written ``_:b``."""
    out = []
    for q in store.ox_quads() if isinstance(store, PlanStore) else store:
        if q.graph_name.value in graphs:  # type: ignore[union-attr]
            terms = (q.subject, q.predicate, q.object, q.graph_name)
            out.append(
                " ".join("_:b" if type(t).__name__ == "BlankNode" else str(t) for t in terms)
            )
    return sorted(out)


@pytest.mark.parametrize("backend", ["memory", "rdflib:memory", "sparql"])
def test_scratch_copy_holds_the_stores_quads_but_the_graphs_left_out(backend: str) -> None:
    store = _store(backend)
    before = len(store)
    kept = set(store.graph_iris()) - {str(GRAPH["seam-left-out"])}
    scratch = store.scratch_copy(leave_out={str(GRAPH["seam-left-out"])})
    assert scratch is not store and scratch.backend == "oxigraph"
    assert set(scratch.graph_iris()) == kept and len(kept) >= 3  # the ontology's, two of ours
    assert _quads(scratch, kept) == _quads(_through_text(store), kept)
    assert len(scratch) == before - LEFT_OUT_QUADS
    # A blank node still joins what it joined.
    part = f"SELECT ?l WHERE {{ <{T}org> <https://w3id.org/plangraph/ns#hasPart> ?p . ?p ?k ?l }}"
    assert [row[0] for row in scratch.select_plain(part)] == ["Del 1"]
    # The copy is the caller's to change: the store stays as it was.
    scratch.load_data(SECOND.encode(), "ttl", GRAPH["seam-first"])
    scratch.remove_graph(GRAPH["seam-second"])
    assert len(store) == before and str(GRAPH["seam-left-out"]) in store.graph_iris()
    assert _quads(store, {str(GRAPH["seam-first"])}) != _quads(scratch, {str(GRAPH["seam-first"])})
    assert store.scratch_copy().graph_iris() == store.graph_iris()


def test_a_servers_quads_are_checked_on_their_way_into_the_copy() -> None:
    """A SPARQL server's data may come from its other clients, unchecked: the copy checks it as a
    load would, and refuses an IRI with a bidirectional override."""
    store = _store("sparql")
    assert store.backend == "sparql"
    update = store.update_url  # type: ignore[attr-defined]
    bad = f"{T}\u202egnp.exe"
    answer = httpx.post(
        update,
        data={"update": f"INSERT DATA {{ GRAPH <{GRAPH['seam-first']}> {{ <{bad}> <{T}p> 1 }} }}"},
    )
    assert answer.status_code < 300, answer.text
    with pytest.raises(UnsafeInputError, match="U\\+202E"):
        store.scratch_copy()
    store.scratch_copy(leave_out={str(GRAPH["seam-first"])})  # without that graph: no refusal
