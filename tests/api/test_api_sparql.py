"""``/sparql``: the SPARQL 1.1 Protocol, result formats, and what a trusted endpoint promises."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

from plangraph.store import open_store
from plangraph.vocab import DATA, GRAPH, PG
from tests.api.conftest import (
    API_KEY,
    STRANGER_CALLED,
    HitCounter,
    Server,
    copy_data,
    start_app,
)

PREFIX = "PREFIX pg: <https://w3id.org/plangraph/ns#>\n"
MEASURES = PREFIX + "SELECT ?m WHERE { ?m a pg:Measure } ORDER BY ?m"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # billions of rows on the seed data: only the deadline ends it


def _expected_measures() -> list[str]:
    return [str(r["m"]) for r in open_store().select(MEASURES)]


def _count_quads(client: httpx.Client) -> int:
    response = client.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_select_in_every_result_format(client: httpx.Client) -> None:
    expected = _expected_measures()
    params = {"query": MEASURES}
    as_json = client.get(
        "/sparql", params=params, headers={"Accept": "application/sparql-results+json"}
    )
    assert as_json.headers["content-type"].startswith("application/sparql-results+json")
    assert [b["m"]["value"] for b in as_json.json()["results"]["bindings"]] == expected

    as_xml = client.get(
        "/sparql", params=params, headers={"Accept": "application/sparql-results+xml"}
    )
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(as_xml.content)
    assert [u.text for u in root.findall(".//s:uri", ns)] == expected

    as_csv = client.get("/sparql", params=params, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0] == ["m"] and [r[0] for r in rows[1:]] == expected

    as_tsv = client.get("/sparql", params=params, headers={"Accept": "text/tab-separated-values"})
    lines = as_tsv.text.splitlines()
    assert lines[0] == "?m" and lines[1:] == [f"<{m}>" for m in expected]


def test_csv_cells_never_start_a_formula(client: httpx.Client) -> None:
    """Issue 15 item 6: text cells starting with = + - @ tab CR are quoted (OWASP); numbers stay."""
    query = (
        'SELECT ?a ?b ?c ?d ?n WHERE { BIND("=HYPERLINK(\\"http://x\\")" AS ?a) '
        'BIND("+cmd|x" AS ?b) BIND("@SUM(A1)" AS ?c) BIND("Beredskap" AS ?d) BIND(-3 AS ?n) }'
    )
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "'+cmd|x", "'@SUM(A1)", "Beredskap", "-3"]


def test_three_ways_to_send_a_query(client: httpx.Client) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = client.get("/sparql", params={"query": MEASURES}, headers=accept).json()
    by_form = client.post("/sparql", data={"query": MEASURES}, headers=accept).json()
    direct = client.post(
        "/sparql",
        content=MEASURES.encode(),
        headers={**accept, "Content-Type": "application/sparql-query"},
    ).json()
    assert by_get == by_form == direct


def test_literals_keep_language_and_datatype(client: httpx.Client) -> None:
    query = (
        PREFIX
        + "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        + f"SELECT ?label ?n WHERE {{ <{DATA['measure/hv-tiltaksplan/11']}> skos:prefLabel ?label ; pg:number ?n }}"
    )
    body = client.get("/sparql", params={"query": query}).json()
    langs = {b["label"]["xml:lang"] for b in body["results"]["bindings"]}
    assert "nn" in langs
    assert body["results"]["bindings"][0]["n"]["datatype"].endswith("#integer")


def test_ask_and_construct(client: httpx.Client) -> None:
    ask = client.get("/sparql", params={"query": PREFIX + "ASK { ?m pg:addresses ?c }"})
    assert ask.json()["boolean"] is True
    construct = PREFIX + "CONSTRUCT { ?m pg:addresses ?c } WHERE { ?m pg:addresses ?c }"
    turtle = client.get("/sparql", params={"query": construct}, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    expected = {
        (URIRef(str(r["m"])), URIRef(str(r["c"])))
        for r in open_store().select(PREFIX + "SELECT ?m ?c WHERE { ?m pg:addresses ?c }")
    }
    assert {(s, o) for s, _p, o in graph} == expected
    nt = client.get(
        "/sparql", params={"query": construct}, headers={"Accept": "application/n-triples"}
    )
    assert len(Graph().parse(data=nt.text, format="nt")) == len(graph)
    jsonld = client.get(
        "/sparql", params={"query": construct}, headers={"Accept": "application/ld+json"}
    )
    assert "@context" in jsonld.json()
    wrong = client.get("/sparql", params={"query": construct}, headers={"Accept": "text/csv"})
    assert wrong.status_code == 406
    assert "text/turtle" in wrong.json()["error"]["offered"]


def test_row_cap_marks_truncation(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert response.headers["x-plangraph-truncated"] == "true"
    body = response.json()
    assert len(body["results"]["bindings"]) == 50  # PLANGRAPH_MAX_ROWS of the live server
    assert body["truncated"] is True
    small = client.get("/sparql", params={"query": MEASURES})
    assert small.headers["x-plangraph-truncated"] == "false"
    assert "truncated" not in small.json()


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {
            "method": "GET",
            "params": {"query": "INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }"},
        },
        {
            "method": "GET",
            "params": {"update": "INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }"},
        },
        {
            "method": "POST",
            "data": {"update": "INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }"},
        },
        {
            "method": "POST",
            "content": b"INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {
            "method": "POST",
            "content": b"DROP ALL",
            "headers": {"Content-Type": "application/sparql-query"},
        },
        {"method": "POST", "data": {"query": "CLEAR DEFAULT"}},
    ],
)
def test_updates_are_refused_and_change_nothing(client: httpx.Client, request_kwargs: dict) -> None:
    before = _count_quads(client)
    kwargs = dict(request_kwargs)
    response = client.request(kwargs.pop("method"), "/sparql", **kwargs)
    assert 400 <= response.status_code < 500
    assert "read-only" in response.json()["error"]["message"]
    assert _count_quads(client) == before


def test_nothing_is_fetched(client: httpx.Client, hit_counter: HitCounter) -> None:
    remote = hit_counter.url + "/graph"
    refused = [
        client.get(
            "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}"}
        ),
        client.get(
            "/sparql",
            params={
                "query": f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{remote}> {{ ?s ?p ?o }} }} }}"
            },
        ),
        client.get("/sparql", params={"query": f"SELECT * FROM <{remote}> WHERE {{ ?s ?p ?o }}"}),
        client.get(
            "/sparql",
            params={"query": f"SELECT * FROM NAMED <{remote}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        ),
        client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": remote}),
        client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "named-graph-uri": remote}),
        client.post("/sparql", data={"query": f"LOAD <{remote}>"}),
    ]
    for response in refused:
        assert response.status_code == 400, response.text
    assert hit_counter.hits == 0


def test_protocol_graph_parameters_choose_held_graphs(client: httpx.Client) -> None:
    goals_graph = str(GRAPH["hv-helse2035"])
    query = PREFIX + "SELECT DISTINCT ?t WHERE { ?x a ?t } ORDER BY ?t"
    only = client.get("/sparql", params={"query": query, "default-graph-uri": goals_graph}).json()
    types = {b["t"]["value"] for b in only["results"]["bindings"]}
    assert str(PG.StrategicGoal) in types and str(PG.Measure) not in types
    named = client.get(
        "/sparql",
        params={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": goals_graph,
        },
    ).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [goals_graph]
    from_clause = client.get(
        "/sparql", params={"query": query.replace("WHERE", f"FROM <{goals_graph}> WHERE")}
    ).json()
    assert from_clause == only


def test_syntax_error_names_where(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE {\n  ?x ?y \n"})
    assert response.status_code == 400
    assert "line" in response.json()["error"]["message"]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def _state(pid: int) -> str:
    """A process's state: "R" if any of its threads runs, else the first thread's letter
    (S sleeping, ...), from /proc; "" once it is gone."""
    try:
        states = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/stat") as handle:
                states.append(handle.read().rsplit(")", 1)[1].split()[0])
    except OSError:
        return ""
    return "R" if "R" in states else (states[0] if states else "")


def test_deadline_stops_the_query_while_others_are_answered(live: Server) -> None:
    workers = _children(live.process.pid)
    assert workers, "the server started no query workers"
    outcome: dict[str, httpx.Response] = {}

    def slow() -> None:
        with live.client() as c:
            outcome["slow"] = c.get("/sparql", params={"query": SLOW})

    thread = threading.Thread(target=slow)
    thread.start()
    busy: list[int] = []
    with live.client() as c:
        # Wait until a worker is running the query, then ask the server something else.
        for _ in range(400):
            busy = [p for p in _children(live.process.pid) if _state(p) == "R"]
            if busy:
                break
            threading.Event().wait(0.02)
        assert busy, "no query worker started running the query"
        health = c.get("/api/health")
        answered_while_running = thread.is_alive()
        assert health.status_code == 200
        assert answered_while_running
        listing = c.get("/api/measures", params={"limit": 1})
        assert listing.status_code == 200
        fast = c.get("/sparql", params={"query": MEASURES})
        assert fast.status_code == 200 and thread.is_alive()
    thread.join(timeout=60)
    slow_response = outcome["slow"]
    assert slow_response.status_code == 503
    assert "stopped" in slow_response.json()["error"]["message"]
    # The worker that ran it was killed and reaped (the work really stopped) and replaced.
    after = _children(live.process.pid)
    assert set(busy).isdisjoint(after)
    assert all(_state(p) == "" for p in busy)
    assert len(after) == len(workers)
    # No worker is left running the query. A replacement just started may be running its own
    # start-up for a moment on a busy machine; the query would keep a worker running for good.
    running = [p for p in after if _state(p) == "R"]
    for _ in range(200):
        if not running:
            break
        threading.Event().wait(0.05)
        running = [p for p in running if _state(p) == "R"]
    assert not running, f"workers still running after the deadline: {running}"
    with live.client() as c:
        again = c.get("/sparql", params={"query": MEASURES})
    assert again.status_code == 200


@pytest.mark.parametrize("method", ["GET", "POST"])  # the fast lane and the route
def test_a_lost_worker_is_replaced_and_the_query_run_again(live: Server, method: str) -> None:
    """A query worker killed mid-query (a crash) costs the client no 500: the read-only query
    runs again in a fresh worker (here the slow query then meets its deadline: 503)."""
    outcome: dict[str, httpx.Response] = {}

    def slow() -> None:
        with live.client() as c:
            if method == "GET":
                outcome["slow"] = c.get("/sparql", params={"query": SLOW})
            else:
                outcome["slow"] = c.post("/sparql", data={"query": SLOW})

    thread = threading.Thread(target=slow)
    thread.start()
    busy: list[int] = []
    for _ in range(400):
        busy = [p for p in _children(live.process.pid) if _state(p) == "R"]
        if busy:
            break
        threading.Event().wait(0.02)
    assert busy, "no query worker started running the query"
    os.kill(busy[0], signal.SIGKILL)
    thread.join(timeout=60)
    response = outcome["slow"]
    assert response.status_code == 503, response.text  # run again, then stopped at the deadline
    assert "stopped" in response.json()["error"]["message"]
    with live.client() as c:
        assert c.get("/sparql", params={"query": MEASURES}).status_code == 200


def test_curl_queries_the_endpoint(live: Server) -> None:
    out = subprocess.run(
        [
            "curl",
            "-sS",
            "--fail",
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            f"query={MEASURES}",
            f"{live.url}/sparql",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert [r[0] for r in list(csv.reader(io.StringIO(out.stdout)))[1:]] == _expected_measures()


# SPARQLWrapper builds rdflib's deprecated ConjunctiveGraph when it converts RDF results.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparqlwrapper_json_xml_and_construct(live: Server) -> None:
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

    expected = _expected_measures()
    endpoint = SPARQLWrapper(f"{live.url}/sparql")
    endpoint.setQuery(MEASURES)
    endpoint.setReturnFormat(JSON)
    result = endpoint.query().convert()
    assert [b["m"]["value"] for b in result["results"]["bindings"]] == expected  # type: ignore[index]

    endpoint.setReturnFormat(XML)
    document = endpoint.query().convert()
    uris = [n.firstChild.data for n in document.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert uris == expected

    endpoint.setQuery(PREFIX + "CONSTRUCT { ?m a pg:Measure } WHERE { ?m a pg:Measure }")
    endpoint.setReturnFormat(XML)  # RDF/XML for CONSTRUCT
    graph = endpoint.query().convert()
    assert sorted(str(s) for s in graph.subjects()) == expected  # type: ignore[union-attr]
    endpoint.setReturnFormat(TURTLE)
    turtle = endpoint.query().convert()
    assert len(Graph().parse(data=turtle, format="turtle")) == len(expected)  # type: ignore[arg-type]
    endpoint.setMethod("POST")
    endpoint.setQuery(PREFIX + "ASK { ?m a pg:Measure }")
    endpoint.setReturnFormat(JSON)
    assert endpoint.query().convert()["boolean"] is True  # type: ignore[index]


def test_rdflib_sparqlstore(live: Server) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(query_endpoint=f"{live.url}/sparql")
    graph = Graph(store=store)
    rows = graph.query(MEASURES)
    assert [str(r[0]) for r in rows] == _expected_measures()  # type: ignore[index]
    constructed = graph.query(PREFIX + "CONSTRUCT { ?m a pg:Measure } WHERE { ?m a pg:Measure }")
    assert len(constructed.graph) == len(_expected_measures())  # type: ignore[arg-type]
    assert graph.query(PREFIX + "ASK { ?m a pg:Measure }").askAnswer is True


def test_query_page_for_browsers(client: httpx.Client) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "<textarea" in page.text and "/static/api/sparql.js" in page.text
    assert "http://" not in page.text.replace("http://www.w3.org", "")  # nothing from a CDN
    script = client.get("/static/api/sparql.js")
    assert script.status_code == 200 and "fetch(" in script.text
    no_query = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert no_query.status_code == 400


def test_body_cap(client: httpx.Client) -> None:
    big = "#" + "x" * 300_000 + "\nASK { ?s ?p ?o }"
    response = client.post(
        "/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413


def test_unsupported_post_type(client: httpx.Client) -> None:
    response = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415
    json.loads(response.text)


def _cycle_plan(nodes: int) -> str:
    """A test plan whose measures point to each other round a cycle of ``nodes``."""
    lines = [
        "@prefix pg: <https://w3id.org/plangraph/ns#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "<https://w3id.org/plangraph/id/plan/cycle> a pg:Plan ;",
        '    skos:prefLabel "Syklus (testdata)"@nb ;',
        "    dcterms:publisher <https://w3id.org/plangraph/id/org/helse-vest> .",
    ]
    lines += [
        f"<https://w3id.org/plangraph/id/test/cycle/{i}> skos:related "
        f"<https://w3id.org/plangraph/id/test/cycle/{(i + 1) % nodes}> ."
        for i in range(nodes)
    ]
    return "\n".join(lines) + "\n"


def test_property_path_over_a_long_cycle_on_plain_rdflib(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    tmp = tmp_path_factory.mktemp("cycle")
    data = copy_data(tmp / "data", suggestions=False)
    (data / "cycle.ttl").write_text(_cycle_plan(1500), encoding="utf-8")
    # What is tested is the answer over a long cycle, not its speed: the walk takes up to
    # ~4 s on this machine, so the default 5 s query limit made it fail under load (503);
    # the limit itself has its own tests.
    env = {"PLANGRAPH_STORE": "rdflib:memory", "PLANGRAPH_QUERY_TIMEOUT": "120"}
    server = start_app(tmp, env, data)
    try:
        query = (
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            "SELECT (COUNT(?x) AS ?n) WHERE { "
            "<https://w3id.org/plangraph/id/test/cycle/0> skos:related+ ?x }"
        )
        with server.client() as c:
            response = c.get("/sparql", params={"query": query})
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "1500"
    finally:
        server.stop()


def test_installed_sparql_evaluation_hooks_do_not_run(live: Server) -> None:
    """A package with an ``rdf.plugins.sparqleval`` entry point is installed (on the path of
    the server: ``live`` has it, see ``install_stranger_hook``); rdflib loads it, plangraph
    removes it at start: it never runs, not in a query and not in the SHACL validation of a
    write, and the log names it."""
    marker = live.log.parent / STRANGER_CALLED
    assert (Path(live.env["PYTHONPATH"]) / "strangerhook.py").exists()
    with live.client() as c:
        plan = (
            "@prefix pg: <https://w3id.org/plangraph/ns#> .\n"
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
            "<https://w3id.org/plangraph/id/plan/hook-test> a pg:Plan ;\n"
            '    skos:prefLabel "Testplan"@nb ;\n'
            "    dcterms:publisher <https://w3id.org/plangraph/id/org/helse-vest> .\n"
            # a node a shape targets: a write checks only what its change can affect, and a
            # plan node alone is targeted by no shape (the SHACL validation would not run)
            "<https://w3id.org/plangraph/id/theme/hook-test/tema> a pg:ThemeArea ;\n"
            '    skos:prefLabel "Tema"@nb ;\n'
            '    pg:sourceSection "1" .\n'
        )
        written = c.put(
            "/api/plans/hook-test",
            content=plan,
            headers={"Content-Type": "text/turtle", "X-API-Key": API_KEY},
        )
        assert written.status_code == 201, written.text
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
        # The plan written here is removed again: the shared server's data as it was.
        deleted = c.delete("/api/plans/hook-test", headers={"X-API-Key": API_KEY})
        assert deleted.status_code == 200, deleted.text
    assert not marker.exists()
    assert "stranger" in live.log_text()


def _user_namespaces_allowed() -> bool:
    from plangraph.api.sparql_exec import cut_off_network

    pid = os.fork()
    if pid == 0:  # pragma: no cover - the probe child
        os._exit(0 if cut_off_network() else 1)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def test_query_workers_have_no_network(live: Server) -> None:
    """Defence in depth behind the SERVICE check: the workers run in a network namespace of
    their own, with no interface up, so the engine could not reach any server."""
    if not _user_namespaces_allowed():
        pytest.skip("this system does not allow unprivileged user namespaces (nothing to test)")
    server_net = os.readlink(f"/proc/{live.process.pid}/ns/net")
    workers = _children(live.process.pid)
    assert workers
    for pid in workers:
        assert os.readlink(f"/proc/{pid}/ns/net") != server_net
        with open(f"/proc/{pid}/net/dev") as handle:
            interfaces = [line.split(":")[0].strip() for line in handle.readlines()[2:]]
        assert interfaces == ["lo"]  # only loopback, and it is down in a new namespace
