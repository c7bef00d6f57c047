"""The app in-process: settings overrides, CORS, the 500 handler, failed saves, the rdflib backend."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from plangraph import analysis
from plangraph.api import create_app
from plangraph.api.app import ROUTERS
from plangraph.api.deps import resolve_lang
from plangraph.api.rendering import negotiate
from plangraph.api.schemas import harden_openapi
from plangraph.config import Settings
from plangraph.store import PlanStore, open_store
from plangraph.vocab import DATA, GRAPH, PREFIXES
from tests.api.conftest import copy_data

KEY = "in-process-key"
PLAN = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/plangraph/id/plan/test-plan> a pg:Plan ; skos:prefLabel "Testplan"@nb .
"""


def _client(app: Any, **kwargs: Any) -> Any:
    # starlette.testclient warns about its httpx dependency on import; not our code.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, **kwargs)


@pytest.fixture(scope="module")
def seed() -> PlanStore:
    return open_store()


def test_cors_is_off_unless_origins_are_listed(seed: PlanStore) -> None:
    headers = {"Origin": "https://planner.example", "Access-Control-Request-Method": "GET"}
    closed = _client(create_app(Settings(), store=seed))
    assert "access-control-allow-origin" not in closed.get("/api/health", headers=headers).headers
    assert (
        "access-control-allow-origin" not in closed.options("/api/health", headers=headers).headers
    )
    opened = _client(create_app(Settings(cors_origins=["https://planner.example"]), store=seed))
    response = opened.get("/api/health", headers=headers)
    assert response.headers["access-control-allow-origin"] == "https://planner.example"
    other = opened.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_unexpected_errors_get_a_generic_500(
    seed: PlanStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail in /srv/plangraph/secret.py")

    monkeypatch.setattr(analysis, "summary", broken)
    client = _client(create_app(Settings(), store=seed), raise_server_exceptions=False)
    response = client.get("/api/analysis/summary")
    assert response.status_code == 500
    error = response.json()["error"]
    assert "secret" not in response.text and "/srv" not in response.text
    assert error["request_id"] == response.headers["x-request-id"]
    assert "secret detail" in caplog.text  # logged server-side


def test_writes_are_off_without_a_key(seed: PlanStore, tmp_path: Path) -> None:
    settings = Settings(data_dir=str(copy_data(tmp_path / "data")), api_key="")
    client = _client(create_app(settings, store=open_store(data_dir=settings.data_dir)))
    response = client.put(
        "/api/plans/test-plan",
        content=PLAN,
        headers={"Content-Type": "text/turtle", "X-API-Key": "x"},
    )
    assert response.status_code == 403
    assert "PLANGRAPH_API_KEY" in response.json()["error"]["message"]


def test_a_failed_save_restores_the_previous_graph(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path / "data")
    store = open_store(data_dir=data_dir)
    client = _client(
        create_app(Settings(data_dir=str(data_dir), api_key=KEY), store=store),
        raise_server_exceptions=False,
    )
    headers = {"Content-Type": "text/turtle", "X-API-Key": KEY}
    assert client.put("/api/plans/test-plan", content=PLAN, headers=headers).status_code == 201
    before = store.serialize("nq", GRAPH["test-plan"])
    # Make the save fail: the plan's file path becomes a folder, which no file can replace.
    (data_dir / "test-plan.ttl").unlink()
    (data_dir / "test-plan.ttl").mkdir()
    changed = PLAN.replace('"Testplan"@nb', '"Endret"@nb')
    response = client.put("/api/plans/test-plan", content=changed, headers=headers)
    assert response.status_code == 500
    assert str(data_dir) not in response.text
    assert store.serialize("nq", GRAPH["test-plan"]) == before
    # A new plan whose save fails leaves no graph behind.
    (data_dir / "other-plan.ttl").mkdir()
    other = PLAN.replace("test-plan>", "other-plan>")
    assert client.put("/api/plans/other-plan", content=other, headers=headers).status_code == 500
    assert not store.has_graph(GRAPH["other-plan"])
    shutil.rmtree(data_dir)


def test_rdflib_backend_serves_subgraphs_and_sparql() -> None:
    store = open_store("rdflib:memory")
    client = _client(create_app(Settings(store="rdflib:memory"), store=store))
    measure = str(DATA["measure/hv-tiltaksplan/helseberedskap"])
    sub = client.get("/api/subgraph", params={"root": measure, "depth": 2}).json()
    oxigraph = _client(create_app(Settings(), store=open_store()))
    expected = oxigraph.get("/api/subgraph", params={"root": measure, "depth": 2}).json()
    assert {n["iri"] for n in sub["nodes"]} == {n["iri"] for n in expected["nodes"]}
    assert sorted(map(str, sub["edges"])) == sorted(map(str, expected["edges"]))
    query = "PREFIX pg: <https://w3id.org/plangraph/ns#> SELECT ?m WHERE { ?m a pg:Measure } ORDER BY ?m"
    by_rdflib = client.get("/sparql", params={"query": query}).json()
    by_oxigraph = oxigraph.get("/sparql", params={"query": query}).json()
    assert by_rdflib == by_oxigraph


@pytest.mark.parametrize(
    ("accept", "offered", "expected"),
    [
        (None, ["a/b", "c/d"], "a/b"),
        ("c/d", ["a/b", "c/d"], "c/d"),
        ("c/*;q=0.5, a/b;q=0.4", ["a/b", "c/d"], "c/d"),
        ("*/*;q=0.1, a/b;q=0", ["a/b", "c/d"], "c/d"),
        ("x/y", ["a/b"], None),
        ("text/turtle, */*;q=0.1", ["application/json", "text/turtle"], "text/turtle"),
    ],
)
def test_negotiate(accept: str | None, offered: list[str], expected: str | None) -> None:
    assert negotiate(accept, offered) == expected


@pytest.mark.parametrize(
    ("given", "header", "expected"),
    [
        ("nn", "en", "nn"),
        (None, None, "nb"),
        (None, "nn-NO, nb;q=0.9", "nn"),
        (None, "de, en;q=0.3", "en"),
        (None, "en;q=0, nn;q=0.2", "nn"),
        (None, "no", "nb"),
    ],
)
def test_resolve_lang(given: str | None, header: str | None, expected: str) -> None:
    assert resolve_lang(given, header) == expected


def test_settings_given_to_the_app_reach_the_routes(seed: PlanStore) -> None:
    client = _client(create_app(Settings(subgraph_max_nodes=3), store=seed))
    measure = str(DATA["measure/hv-tiltaksplan/helseberedskap"])
    body = client.get("/api/subgraph", params={"root": measure, "depth": 2}).json()
    assert len(body["nodes"]) == 3 and body["truncated"] is True


def test_the_app_serves_its_routers_routes_as_an_app_including_them_would(seed: PlanStore) -> None:
    """The app serves the routers' own routes (each analysed on first use), not the copies
    ``include_router`` would analyse again for every app: the same routes in the same order,
    and the OpenAPI description byte for byte the one an app including the routers gives."""
    app = create_app(Settings(), store=seed)
    served = [route for route in app.router.routes if isinstance(route, APIRoute)]
    own = [route for router in ROUTERS for route in router.routes]
    assert len(served) == len(own) >= 49
    assert all(a is b for a, b in zip(served, own, strict=True))
    described = json.dumps(app.openapi())
    including = FastAPI(
        title=app.title,
        version=app.version,
        description=app.description,
        openapi_tags=app.openapi_tags,
        docs_url=None,
        redoc_url=None,
    )
    for router in ROUTERS:
        including.include_router(router)
    assert described == json.dumps(harden_openapi(including.openapi(), list(PREFIXES)))
