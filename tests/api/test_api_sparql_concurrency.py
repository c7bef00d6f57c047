"""``/sparql`` under many clients at once, on a cold server: every answer right.

A fresh ``plangraph serve`` gets, before any other query, a few hundred query texts it has
never seen from 32 clients at the same moment, while other clients write plans (each write is
SHACL-validated, which runs rdflib's SPARQL in the server). Every answer is compared with
pyoxigraph answering the same query directly over the same quads. Then one client alone
checks the server still answers right, and sees the plans that were written (the query
workers, forked before the writes, were replaced).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from plangraph.store import open_store
from plangraph.vocab import GRAPH
from tests.api.conftest import API_KEY, Server, copy_data, start_server

CLIENTS = 32
WRITERS = 2
WRITES_EACH = 3
PG = "PREFIX pg: <https://w3id.org/plangraph/ns#>\n"
SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
WRITTEN = str(GRAPH["written-"])
"""The graphs the writers fill start so; the queries leave them out, so that their answers
do not depend on how far the writes have got."""
OUTSIDE = f'FILTER (!STRSTARTS(STR(?g), "{WRITTEN}"))'


def _queries() -> list[str]:
    """Many different texts: the issue's query form first, then variations of several forms."""
    out = [
        PG + "SELECT ?c WHERE { GRAPH ?g { ?c a pg:Challenge } "
        "FILTER NOT EXISTS { GRAPH ?h { ?m pg:addresses ?c } } }"
    ]
    classes = ["pg:Challenge", "pg:Measure", "pg:StrategicGoal", "pg:Plan", "pg:LinkRecord"]
    predicates = ["pg:partOfPlan", "pg:contributesTo", "pg:inTheme", "pg:linkStatus"]
    for i in range(24):
        cls = classes[i % len(classes)]
        pred = predicates[i % len(predicates)]
        out += [
            PG + f"SELECT ?c WHERE {{ GRAPH ?g {{ ?c a {cls} }} {OUTSIDE} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?m pg:addresses ?c }} }} }} ORDER BY ?c LIMIT {i + 5}",
            PG + SKOS + f"SELECT ?x ?label WHERE {{ GRAPH ?g {{ ?x a {cls} "
            f'OPTIONAL {{ ?x skos:prefLabel ?label FILTER (lang(?label) = "nb") }} }} {OUTSIDE} }} '
            f"ORDER BY ?x ?label OFFSET {i % 3}",
            PG + f"SELECT ?o (COUNT(?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s {pred} ?o }} {OUTSIDE} }} "
            f"GROUP BY ?o HAVING (COUNT(?s) > {i % 4})",
            PG + f"ASK {{ GRAPH ?g {{ ?s {pred} ?o . ?o a {cls} }} {OUTSIDE} }}",
            PG + f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s a {cls} ; ?p ?o }} "
            f"{OUTSIDE} FILTER (STRLEN(STR(?o)) > {i}) }}",
            PG + f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s {pred} ?o }} {OUTSIDE} }} "
            f"# variant {i}",
            PG + f"SELECT ?s ?t WHERE {{ {{ GRAPH ?g {{ ?s a {cls} }} }} UNION "
            f"{{ GRAPH ?g {{ ?s {pred} ?t }} }} {OUTSIDE} }} ORDER BY ?s ?t LIMIT {20 + i}",
            PG + f"SELECT ?a ?b WHERE {{ GRAPH ?g {{ ?a {pred}+ ?b }} {OUTSIDE} }} "
            f"ORDER BY ?a ?b LIMIT {30 + i}",
            PG + f"SELECT ?a WHERE {{ GRAPH ?g {{ ?a {pred} ?b }} {OUTSIDE} "
            f"MINUS {{ GRAPH ?h {{ ?a a {cls} }} }} }} ORDER BY ?a LIMIT {30 + i}",
        ]
    return list(dict.fromkeys(out))  # each text once


def _plan(name: str, n: int) -> str:
    return f"""\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/plangraph/id/plan/{name}> a pg:Plan ;
    skos:prefLabel "Skriveplan {n}"@nb ;
    dcterms:publisher <https://w3id.org/plangraph/id/org/helse-vest> .
<https://w3id.org/plangraph/id/measure/{name}/tiltak> a pg:Measure ;
    skos:prefLabel "Testtiltak {n}"@nb ;
    pg:measureStatus pg:StartingOrRunning ;
    pg:sourceDocument <https://w3id.org/plangraph/id/plan/{name}> ;
    pg:sourceText "Testtiltak {n} (testdata, ingen ekte plan)" ;
    pg:partOfPlan <https://w3id.org/plangraph/id/plan/{name}> .
"""


def _term(value: Any) -> Any:
    if isinstance(value, ox.NamedNode):
        return ("uri", value.value)
    if isinstance(value, ox.Literal):
        language = value.language
        datatype = None if language else value.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            datatype = None
        return ("literal", value.value, language, datatype)
    return ("other", str(value))


def _json_term(binding: dict[str, Any]) -> Any:
    if binding["type"] == "uri":
        return ("uri", binding["value"])
    if binding["type"] == "literal":
        return ("literal", binding["value"], binding.get("xml:lang"), binding.get("datatype"))
    return ("other", binding["value"])


def _expected(engine: ox.Store, query: str) -> Any:
    result = engine.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = [tuple((n, _term(s[n])) for n in names if s[n] is not None) for s in result]
    return (names, sorted(rows))


def _got(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    data = response.json()
    if "boolean" in data:
        return data["boolean"]
    names = data["head"]["vars"]
    rows = [
        tuple((n, _json_term(b[n])) for n in names if n in b) for b in data["results"]["bindings"]
    ]
    return (names, sorted(rows))


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, ox.Store]]:
    tmp = tmp_path_factory.mktemp("concurrency")
    data = copy_data(tmp / "data")
    engine = ox.Store()
    engine.extend(open_store(data_dir=data).ox_quads())
    env = {
        "PLANGRAPH_API_KEY": API_KEY,
        # Generous: on a loaded two-core machine a burst of queries may wait for a worker.
        "PLANGRAPH_QUERY_TIMEOUT": "120",
        "PLANGRAPH_MAX_ROWS": "100000",
    }
    server = start_server(tmp, env, data)
    yield server, engine
    server.stop()


def test_many_clients_on_a_cold_server_all_get_right_answers(
    cold: tuple[Server, ox.Store],
) -> None:
    server, engine = cold
    queries = _queries()
    expected = {q: _expected(engine, q) for q in queries}
    wrong: list[str] = []
    write_status: list[int] = []
    barrier = threading.Barrier(CLIENTS + WRITERS)

    def ask(index: int) -> None:
        with server.client() as client:
            barrier.wait()
            for query in queries[index::CLIENTS]:
                method = index % 3
                headers = {"Accept": "application/sparql-results+json"}
                if method == 0:
                    response = client.get("/sparql", params={"query": query}, headers=headers)
                elif method == 1:
                    response = client.post("/sparql", data={"query": query}, headers=headers)
                else:
                    response = client.post(
                        "/sparql",
                        content=query.encode(),
                        headers={**headers, "Content-Type": "application/sparql-query"},
                    )
                try:
                    got = _got(response)
                except AssertionError as exc:
                    wrong.append(f"{query!r}: {exc}")
                    continue
                if got != expected[query]:
                    wrong.append(f"{query!r}: got {json.dumps(got)[:300]}")

    def write(index: int) -> None:
        with server.client() as client:
            barrier.wait()
            for n in range(WRITES_EACH):
                name = f"written-{index}-{n}"
                response = client.put(
                    f"/api/plans/{name}",
                    content=_plan(name, n),
                    headers={"Content-Type": "text/turtle", "X-API-Key": API_KEY},
                )
                write_status.append(response.status_code)
                if response.status_code != 201:
                    wrong.append(f"PUT {name}: {response.status_code} {response.text[:300]}")

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(CLIENTS)]
    threads += [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert wrong == [], f"{len(wrong)} of {len(queries)} answers wrong; first: {wrong[:3]}"
    assert write_status == [201] * (WRITERS * WRITES_EACH)

    # One client alone, afterwards: still right, and the written plans are visible.
    with server.client() as client:
        for query in queries[:10]:
            response = client.get(
                "/sparql",
                params={"query": query},
                headers={"Accept": "application/sparql-results+json"},
            )
            assert _got(response) == expected[query]
        for index in range(WRITERS):
            for n in range(WRITES_EACH):
                name = f"written-{index}-{n}"
                ask_written = (
                    PG + f"ASK {{ GRAPH <{GRAPH[name]}> {{ "
                    f"<https://w3id.org/plangraph/id/plan/{name}> a pg:Plan }} }}"
                )
                seen = client.get("/sparql", params={"query": ask_written})
                assert seen.json()["boolean"] is True, name
    assert "Traceback" not in server.log_text()


def test_repeated_query_parameter_is_refused(cold: tuple[Server, ox.Store]) -> None:
    server, _engine = cold
    with server.client() as client:
        response = client.get(
            "/sparql",
            params=[("query", "ASK { ?s ?p ?o }"), ("query", "SELECT * WHERE { ?s ?p ?o }")],
        )
    assert response.status_code == 400
    assert "one 'query'" in response.json()["error"]["message"]
