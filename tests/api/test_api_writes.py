"""Writes against the app in-process: API key, SHACL before storing, atomic, persisted, safe input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from plangraph.vocab import DATA, GRAPH
from tests.api.conftest import API_KEY, LIVE_ENV, App, HitCounter, copy_data, start_app

KEY = {"X-API-Key": API_KEY}
TTL = {"Content-Type": "text/turtle", **KEY}
NEW_PLAN = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/plangraph/id/plan/test-plan> a pg:Plan ;
    skos:prefLabel "Testplan"@nb ;
    dcterms:publisher <https://w3id.org/plangraph/id/org/helse-vest> .
"""
# A measure without a label breaks a SHACL Violation shape.
BROKEN_PLAN = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
<https://w3id.org/plangraph/id/plan/test-broken> a pg:Plan .
<https://w3id.org/plangraph/id/measure/test/unlabelled> a pg:Measure .
"""


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("writes")
    server = start_app(tmp, LIVE_ENV, copy_data(tmp / "data"))
    yield server
    server.stop()


@pytest.fixture
def w(writable: App) -> Iterator[httpx.Client]:
    with writable.client() as c:
        yield c


def _ask(client: httpx.Client, query: str) -> bool:
    return bool(client.get("/sparql", params={"query": query}).json()["boolean"])


def _plan_exists(client: httpx.Client, name: str) -> bool:
    return _ask(client, f"ASK {{ GRAPH <{GRAPH[name]}> {{ ?s ?p ?o }} }}")


def test_writes_need_the_key(w: httpx.Client, writable: App) -> None:
    # A plan name no other test of the module writes: the server is shared by them all.
    plan = NEW_PLAN.replace("test-plan>", "unkeyed-plan>")
    missing = w.put(
        "/api/plans/unkeyed-plan", content=plan, headers={"Content-Type": "text/turtle"}
    )
    assert missing.status_code == 401
    wrong = w.put(
        "/api/plans/unkeyed-plan",
        content=plan,
        headers={"Content-Type": "text/turtle", "X-API-Key": "nope"},
    )
    assert wrong.status_code == 403
    bearer_wrong = w.post(
        "/api/links/aaaaaaaaaaa1/accept", headers={"Authorization": "Bearer nope"}
    )
    assert bearer_wrong.status_code == 403
    assert not _plan_exists(w, "unkeyed-plan")
    assert API_KEY not in writable.log_text()


def test_import_stores_and_saves_a_plan(w: httpx.Client, writable: App) -> None:
    created = w.put("/api/plans/test-plan", content=NEW_PLAN, headers=TTL)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["graph"] == str(GRAPH["test-plan"]) and body["replaced"] is False
    assert body["triples"] == 3
    assert _plan_exists(w, "test-plan")
    assert writable.data_dir is not None
    saved = (writable.data_dir / "test-plan.ttl").read_bytes()
    assert len(list(ox.parse(saved, format=ox.RdfFormat.TURTLE))) == 3
    plans = w.get("/api/plans", params={"limit": 1000}).json()["items"]
    assert str(DATA["plan/test-plan"]) in {p["iri"] for p in plans}
    replaced = w.put(
        "/api/plans/test-plan",
        content=NEW_PLAN.replace('"Testplan"@nb', '"Testplan, ny versjon"@nb'),
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {API_KEY}"},
    )
    assert replaced.status_code == 200 and replaced.json()["replaced"] is True
    node = w.get("/api/node", params={"iri": str(DATA["plan/test-plan"])}).json()
    assert node["node"]["label"] == "Testplan, ny versjon"


def test_violations_refuse_the_whole_write(w: httpx.Client, writable: App) -> None:
    response = w.put("/api/plans/broken-plan", content=BROKEN_PLAN, headers=TTL)
    assert response.status_code == 422
    findings = response.json()["error"]["findings"]
    assert any(f["node"]["iri"].endswith("/measure/test/unlabelled") for f in findings)
    assert all(f["severity"] == "Violation" for f in findings)
    assert not _plan_exists(w, "broken-plan")
    assert writable.data_dir is not None
    assert not (writable.data_dir / "broken-plan.ttl").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "status"),
    [
        ("bad-syntax", "<https://e.org/a> <https://e.org/b> .", "text/turtle", 400),
        ("bad-iri", '<javascript:alert(1)> <https://e.org/b> "x" .', "text/turtle", 400),
        ("Bad Name", NEW_PLAN, "text/turtle", 400),
        ("ontology", NEW_PLAN, "text/turtle", 400),
        ("import", NEW_PLAN, "text/turtle", 400),  # reserved: /api/plans/import is the importer
        (
            "xml-plan",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x/>',
            "application/rdf+xml",
            415,
        ),
        ("empty", "", "text/turtle", 400),
        # Issue 15, item 11: a plan graph holds exactly one pg:Plan (or subclass) node.
        ("no-plan-node", '<https://e.org/a> <https://e.org/b> "c" .', "text/turtle", 400),
        (
            "two-plan-nodes",
            "@prefix pg: <https://w3id.org/plangraph/ns#> .\n"
            "<https://e.org/p1> a pg:Plan . <https://e.org/p2> a pg:Strategy .",
            "text/turtle",
            400,
        ),
        (
            "two-graphs",
            json.dumps(
                {
                    "@context": {"ex": "https://e.org/"},
                    "@id": "https://e.org/g",
                    "@graph": [{"@id": "ex:a", "ex:b": "c"}],
                }
            ),
            "application/ld+json",
            400,
        ),
    ],
)
def test_bad_imports_are_refused(
    w: httpx.Client, name: str, content: str, content_type: str, status: int
) -> None:
    response = w.put(
        f"/api/plans/{name}", content=content, headers={"Content-Type": content_type, **KEY}
    )
    assert response.status_code == status, response.text
    assert response.json()["error"]["message"]
    if name not in ("Bad Name", "ontology", "import"):  # not plan names; the ontology exists
        assert not _plan_exists(w, name)


def test_remote_jsonld_contexts_are_refused_and_never_fetched(
    w: httpx.Client, hit_counter: HitCounter
) -> None:
    context = hit_counter.url + "/context.jsonld"
    documents = [
        {"@context": context, "@id": "https://w3id.org/plangraph/id/plan/x", "name": "x"},
        {"@context": [context, {"ex": "https://e.org/"}], "@id": "https://e.org/a"},
        {"@context": {"@import": context}, "@id": "https://e.org/a"},
        {"@context": {"ex": "https://e.org/"}, "@graph": [{"@context": context, "@id": "ex:a"}]},
        {
            "@context": {"ex": {"@id": "https://e.org/ex", "@context": context}},
            "@id": "https://e.org/a",
        },
    ]
    for document in documents:
        response = w.put(
            "/api/plans/remote-context",
            content=json.dumps(document),
            headers={"Content-Type": "application/ld+json", **KEY},
        )
        assert response.status_code == 400, response.text
        assert "remote JSON-LD contexts are not fetched" in response.json()["error"]["message"]
    assert hit_counter.hits == 0
    assert not _plan_exists(w, "remote-context")


def test_pyoxigraph_itself_does_not_fetch_remote_contexts(hit_counter: HitCounter) -> None:
    """Defence in depth: even unchecked, the parser fails instead of fetching."""
    document = json.dumps({"@context": hit_counter.url + "/c", "@id": "https://e.org/a", "n": "x"})
    with pytest.raises((SyntaxError, ValueError, OSError)):
        list(ox.parse(document.encode(), format=ox.RdfFormat.JSON_LD))
    assert hit_counter.hits == 0


def test_jsonld_with_an_inline_context_is_imported(w: httpx.Client) -> None:
    document = {
        "@context": {
            "pg": "https://w3id.org/plangraph/ns#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
        },
        "@id": "https://w3id.org/plangraph/id/plan/jsonld-plan",
        "@type": "pg:Plan",
        "skos:prefLabel": {"@value": "JSON-LD-plan", "@language": "nb"},
    }
    response = w.put(
        "/api/plans/jsonld-plan",
        content=json.dumps(document),
        headers={"Content-Type": "application/ld+json", **KEY},
    )
    assert response.status_code == 201, response.text
    assert _plan_exists(w, "jsonld-plan")


def test_delete_a_plan(w: httpx.Client, writable: App) -> None:
    plan = NEW_PLAN.replace("test-plan>", "to-delete>")
    assert w.put("/api/plans/to-delete", content=plan, headers=TTL).status_code == 201
    assert writable.data_dir is not None and (writable.data_dir / "to-delete.ttl").exists()
    assert w.delete("/api/plans/to-delete", headers=KEY).status_code == 200
    assert not _plan_exists(w, "to-delete")
    assert not (writable.data_dir / "to-delete.ttl").exists()
    assert w.delete("/api/plans/to-delete", headers=KEY).status_code == 404


def test_accept_and_reject_suggested_links(w: httpx.Client, writable: App) -> None:
    record = DATA["link/aaaaaaaaaaa1"]
    plain = (
        f"ASK {{ <{DATA['measure/hv-tiltaksplan/kunstig-intelligens']}> "
        f"<https://w3id.org/plangraph/ns#addresses> <{DATA['challenge/hmn-2021/beredskap-1']}> }}"
    )
    assert not _ask(w, plain)
    gaps_before = w.get("/api/challenges", params={"uncovered": "true", "limit": 1}).json()["total"]
    accepted = w.post("/api/links/aaaaaaaaaaa1/accept", headers=KEY)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "pg:Accepted" and accepted.json()["added_triple"] is True
    assert _ask(w, plain)
    assert _ask(
        w,
        f"ASK {{ <{record}> <https://w3id.org/plangraph/ns#linkStatus> <https://w3id.org/plangraph/ns#Accepted> }}",
    )
    gaps_after = w.get("/api/challenges", params={"uncovered": "true", "limit": 1}).json()["total"]
    assert gaps_after == gaps_before - 1
    assert w.post("/api/links/aaaaaaaaaaa1/accept", headers=KEY).status_code == 409
    assert w.post("/api/links/aaaaaaaaaaa1/reject", headers=KEY).status_code == 409

    rejected = w.post("/api/links/aaaaaaaaaaa2/reject", headers=KEY)
    assert rejected.status_code == 200 and rejected.json()["added_triple"] is False
    assert not _ask(
        w,
        f"ASK {{ <{DATA['measure/hv-tiltaksplan/klima']}> <https://w3id.org/plangraph/ns#addresses> ?c }}",
    )
    assert writable.data_dir is not None
    saved = (writable.data_dir / "suggested-links.ttl").read_text()
    assert "Accepted" in saved and "Rejected" in saved and "Suggested" not in saved

    curated = w.get(
        "/sparql",
        params={
            "query": "PREFIX pg: <https://w3id.org/plangraph/ns#> SELECT ?l WHERE { ?l pg:linkStatus pg:Curated } LIMIT 1"
        },
    ).json()["results"]["bindings"][0]["l"]["value"]
    assert w.post(f"/api/links/{curated.rsplit('/', 1)[1]}/accept", headers=KEY).status_code == 409
    assert w.post("/api/links/ffffffffffff/accept", headers=KEY).status_code == 404
    assert w.post("/api/links/not-an-id/accept", headers=KEY).status_code == 400


def test_seed_data_server_refuses_writes(seed_app: App) -> None:
    with seed_app.client() as c:
        response = c.put("/api/plans/test-plan", content=NEW_PLAN, headers=TTL)
        assert response.status_code == 403
        assert "PLANGRAPH_DATA_DIR" in response.json()["error"]["message"]


def test_writes_survive_a_restart(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path / "data")
    first = start_app(tmp_path, LIVE_ENV, data_dir)
    try:
        with first.client() as c:
            assert c.put("/api/plans/test-plan", content=NEW_PLAN, headers=TTL).status_code == 201
            assert c.post("/api/links/aaaaaaaaaaa1/accept", headers=KEY).status_code == 200
    finally:
        first.stop()
    second = start_app(tmp_path, LIVE_ENV, data_dir)
    try:
        with second.client() as c:
            assert _plan_exists(c, "test-plan")
            assert _ask(
                c,
                f"ASK {{ <{DATA['measure/hv-tiltaksplan/kunstig-intelligens']}> "
                f"<https://w3id.org/plangraph/ns#addresses> <{DATA['challenge/hmn-2021/beredskap-1']}> }}",
            )
    finally:
        second.stop()
