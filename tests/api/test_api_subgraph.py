"""``/api/subgraph``: one walk, four formats that say the same thing; caps; negotiation."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from plangraph.store import open_store
from plangraph.terms import from_ox
from plangraph.vocab import DATA, PG, RDF
from tests.helpers import assert_isomorphic

MEASURE = str(DATA["measure/hv-tiltaksplan/helseberedskap"])


def _get(client: httpx.Client, accept: str, **params: object) -> httpx.Response:
    response = client.get(
        "/api/subgraph", params={"root": MEASURE, "depth": 2, **params}, headers={"Accept": accept}
    )
    assert response.status_code == 200, response.text
    return response


def test_rdf_formats_hold_the_same_graph(client: httpx.Client) -> None:
    turtle = Graph().parse(data=_get(client, "text/turtle").text, format="turtle")
    ntriples = Graph().parse(data=_get(client, "application/n-triples").text, format="nt")
    jsonld_text = _get(client, "application/ld+json").text
    # pyoxigraph's JSON-LD parser (rdflib's warns about its own ConjunctiveGraph).
    jsonld = Graph()
    for triple in ox.parse(jsonld_text.encode(), format=ox.RdfFormat.JSON_LD):
        jsonld.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    assert len(turtle) > 0
    assert_isomorphic(turtle, ntriples)
    assert_isomorphic(turtle, jsonld)
    context = json.loads(jsonld_text)["@context"]
    assert context["pg"] == str(PG) and "skos" in context and "dcterms" in context


def test_json_nodes_and_edges_match_the_rdf(client: httpx.Client) -> None:
    data = _get(client, "application/json").json()
    graph = Graph().parse(data=_get(client, "text/turtle").text, format="turtle")
    iris = {n["iri"] for n in data["nodes"]}
    assert MEASURE in iris
    for edge in data["edges"]:
        assert edge["source"] in iris and edge["target"] in iris
        prefix, _sep, _local = edge["predicate"].partition(":")
        assert prefix in ("pg", "skos")
        assert (URIRef(edge["source"]), None, URIRef(edge["target"])) in graph
    types = {n["iri"]: n["type"] for n in data["nodes"]}
    assert types[MEASURE] == "pg:Measure"
    # Every addressed challenge of the measure is one hop away, so it is in the subgraph.
    store = open_store()
    addressed = {
        str(r["c"])
        for r in store.select(
            f"PREFIX pg: <{PG}> SELECT ?c WHERE {{ <{MEASURE}> pg:addresses ?c }}"
        )
    }
    assert addressed and addressed <= iris
    assert data["truncated"] is False


def test_direction_and_predicate_choose_the_links(client: httpx.Client) -> None:
    out = _get(client, "application/json", depth=1, direction="out", predicate="pg:addresses")
    edges = out.json()["edges"]
    assert edges and all(e["source"] == MEASURE and e["predicate"] == "pg:addresses" for e in edges)
    incoming = _get(client, "application/json", depth=1, direction="in", predicate="pg:addresses")
    assert incoming.json()["edges"] == []  # nothing addresses a measure


def test_node_cap_truncates(client: httpx.Client) -> None:
    response = _get(client, "application/json", depth=3, predicate="*")
    data = response.json()
    assert data["truncated"] is True
    assert len(data["nodes"]) == 60  # PLANGRAPH_SUBGRAPH_MAX_NODES of the live server
    assert response.headers["x-plangraph-truncated"] == "true"
    rdf = _get(client, "text/turtle", depth=3, predicate="*")
    assert rdf.headers["x-plangraph-truncated"] == "true"


def test_format_parameter_overrides_accept(client: httpx.Client) -> None:
    response = _get(client, "application/json", format="ttl")
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(MEASURE), RDF.type, PG.Measure) in graph


@pytest.mark.parametrize(
    ("params", "accept", "status"),
    [
        ({"depth": 4}, "application/json", 422),
        ({"depth": -1}, "application/json", 422),
        ({}, "image/png", 406),
        ({"root": str(DATA["no/such/node"])}, "application/json", 404),
        ({"root": "file:///etc/passwd"}, "application/json", 400),
        ({"direction": "sideways"}, "application/json", 422),
    ],
)
def test_bad_requests(client: httpx.Client, params: dict, accept: str, status: int) -> None:
    response = client.get(
        "/api/subgraph", params={"root": MEASURE, **params}, headers={"Accept": accept}
    )
    assert response.status_code == status
    body = response.json()["error"]
    if status == 406:
        assert "text/turtle" in body["offered"] and "application/ld+json" in body["offered"]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_node_labels_are_the_labels_plangraph_picks(client: httpx.Client, lang: str) -> None:
    from plangraph.nodes import label_of

    store = open_store()
    data = _get(client, "application/json", depth=2, predicate="*", lang=lang).json()
    assert len(data["nodes"]) > 10
    for node in data["nodes"]:
        assert node["label"] == label_of(store, URIRef(node["iri"]), lang), node["iri"]
