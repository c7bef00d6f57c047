"""``/api/subgraph``: one walk, four formats that say the same thing; caps; negotiation."""

from __future__ import annotations

import json
from collections.abc import Collection

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from plangraph.store import PlanStore, open_store
from plangraph.subgraph import DEFAULT_FANOUT, DEFAULT_PREDICATES, subgraph
from plangraph.terms import from_ox
from plangraph.vocab import DATA, DCTERMS, GRAPH, ORG, PG, RDF
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
        ({"fanout": -1}, "application/json", 422),
        ({"fanout": "many"}, "application/json", 422),
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


# ---------------------------------------------------------------- hubs and default links

THEME = str(DATA["theme/hmn/samhandling-og-helsefellesskap"])
ACTION_PLAN = str(DATA["plan/hv-regional-tiltaksplan"])
LINKS = """\
SELECT DISTINCT ?n ?s ?p ?o WHERE {
  { ?n ?p ?o BIND (?n AS ?s) } UNION { ?s ?p ?n BIND (?n AS ?o) }
  FILTER (isIRI(?s) && isIRI(?o))
}"""


def _links(store: PlanStore, node: str, predicates: Collection[str]) -> set[tuple[str, str, str]]:
    """The distinct links of ``node`` along ``predicates``, both ways, read by a plain query."""
    rows = store.select(LINKS, {"n": URIRef(node)})
    return {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows if str(r["p"]) in set(predicates)}


def test_hubs_are_left_unexpanded(seed_store: PlanStore) -> None:
    fanout = 3
    result = subgraph(seed_store, MEASURE, depth=2, fanout=fanout)
    first_hop = {
        s if o == MEASURE else o for s, _p, o in _links(seed_store, MEASURE, DEFAULT_PREDICATES)
    }
    assert first_hop and first_hop <= set(result.nodes)
    degree = {n: len(_links(seed_store, n, DEFAULT_PREDICATES)) for n in first_hop}
    hubs = {n for n, d in degree.items() if d > fanout}
    # The seed data has both kinds one hop from this measure, so the test says something.
    assert hubs and first_hop - hubs
    assert set(result.hubs) == hubs
    assert result.expanded == {MEASURE} | (first_hop - hubs)
    # A hub's own links stay out; every edge leaves or enters a node the walk expanded.
    for s, _p, o in result.edges:
        assert s in result.expanded or o in result.expanded, (s, o)
    for hub in hubs:
        beyond = {s if o == hub else o for s, _p, o in _links(seed_store, hub, DEFAULT_PREDICATES)}
        only_via_hub = beyond - {MEASURE} - first_hop
        for other in only_via_hub:
            assert not any(hub in (s, o) and other in (s, o) for s, _p, o in result.edges)
    data = result.as_json("nb")
    assert data["hubs"] == result.hubs and data["fanout"] == fanout
    flags = {n["iri"]: n["expanded"] for n in data["nodes"]}
    assert all(flags[h] is False for h in hubs) and flags[MEASURE] is True


def test_without_a_fanout_limit_hubs_are_expanded(seed_store: PlanStore) -> None:
    limited = subgraph(seed_store, MEASURE, depth=2, fanout=3)
    unlimited = subgraph(seed_store, MEASURE, depth=2, fanout=None)
    assert unlimited.hubs == []
    assert set(limited.nodes) < set(unlimited.nodes)
    for hub in limited.hubs:
        assert hub in unlimited.expanded


def test_the_root_is_expanded_even_when_it_is_a_hub(seed_store: PlanStore) -> None:
    members = {
        s for s, p, _o in _links(seed_store, THEME, [str(PG.inTheme)]) if p == str(PG.inTheme)
    }
    assert len(members) > 2
    result = subgraph(seed_store, THEME, depth=1, fanout=2)
    assert members <= set(result.nodes)
    assert result.hubs == [] and result.expanded == {THEME}


def test_default_walk_leaves_provenance_and_membership_links(seed_store: PlanStore) -> None:
    measures = {
        str(r["m"])
        for r in seed_store.select(
            "PREFIX pg: <https://w3id.org/plangraph/ns#> "
            "SELECT ?plan ?m WHERE { ?m a pg:Measure ; pg:partOfPlan ?plan }",
            {"plan": URIRef(ACTION_PLAN)},
        )
    }
    assert len(measures) == 16
    default = subgraph(seed_store, ACTION_PLAN, depth=1)
    provenance = {str(PG.partOfPlan), str(PG.sourceDocument), str(DCTERMS.publisher)}
    assert not any(p in provenance for _s, p, _o in default.edges)
    assert not measures & set(default.nodes)
    asked = subgraph(seed_store, ACTION_PLAN, depth=1, predicates=[str(PG.partOfPlan)])
    assert measures <= set(asked.nodes)
    assert {p for _s, p, _o in asked.edges} == {str(PG.partOfPlan)}


def test_default_walk_follows_the_organisation_tree() -> None:
    from plangraph.generate import generate_plans

    store = open_store(data_dir=None)
    store.load_data(
        generate_plans(20_000, seed=3).to_bytes("nq"), "nq", URIRef(f"{GRAPH}synthetic")
    )
    parents = list(
        store.select(
            "PREFIX org: <http://www.w3.org/ns/org#> "
            "SELECT ?trust ?rhf WHERE { ?trust org:subOrganizationOf ?rhf } ORDER BY ?trust LIMIT 1"
        )
    )
    assert parents, "the generated data has hospital trusts"
    trust, rhf = str(parents[0]["trust"]), str(parents[0]["rhf"])
    result = subgraph(store, trust, depth=1)
    assert (trust, str(ORG.subOrganizationOf), rhf) in result.edges


def test_json_and_headers_report_hubs(client: httpx.Client) -> None:
    response = _get(client, "application/json", fanout=3)
    data = response.json()
    assert data["hubs"] and data["fanout"] == 3
    assert response.headers["x-plangraph-hubs"] == str(len(data["hubs"]))
    nodes = {n["iri"]: n for n in data["nodes"]}
    for hub in data["hubs"]:
        assert nodes[hub]["expanded"] is False
    assert nodes[MEASURE]["expanded"] is True
    default = _get(client, "application/json").json()
    assert default["fanout"] == DEFAULT_FANOUT
    turtle = _get(client, "text/turtle", fanout=3)
    assert turtle.headers["x-plangraph-hubs"] == str(len(data["hubs"]))


def test_openapi_documents_the_defaults(client: httpx.Client) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/subgraph"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["fanout"]["schema"]["default"] == DEFAULT_FANOUT
    assert "pg:partOfPlan" in operation["description"]
    assert "expanded: false" in operation["description"]
    assert "org:subOrganizationOf" in params["predicate"]["description"]
