"""Every JSON answer of the read API matches the model it declares.

In-process over ASGI (httpx's ``ASGITransport``): no server to start.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError

from plangraph.api import routes, schemas
from plangraph.api.app import create_app
from plangraph.config import Settings
from plangraph.store import open_store

# Values for the required parameters (seed data).
PARAMS = {
    "/api/node": {"iri": "id:org/helse-vest"},
    "/api/subgraph": {"root": "id:measure/hv-tiltaksplan/helseberedskap"},
    "/api/analysis/trace": {"node": "id:goal/hv-h2035-1"},
    "/api/analysis/impact": {"measure": "id:measure/hv-tiltaksplan/helseberedskap"},
}


def _declared() -> dict[str, Any]:
    """Each GET route's declared response model, by path (from the routers the app includes)."""
    found: dict[str, Any] = {}
    for module in (routes.health, routes.resources, routes.subgraph, routes.analysis):
        for route in module.router.routes:
            if isinstance(route, APIRoute) and "GET" in route.methods and route.response_model:
                found[route.path] = route.response_model
    return found


async def _answers(paths: list[str]) -> dict[str, httpx.Response]:
    app = create_app(Settings(), open_store())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return {path: await client.get(path, params=PARAMS.get(path, {})) for path in paths}


def test_every_json_answer_matches_its_declared_model() -> None:
    declared = _declared()
    assert len(declared) >= 20  # the read API, not an empty list
    assert {"/api/health", "/api/subgraph", "/api/analysis/gaps"} <= set(declared)
    answers = asyncio.run(_answers(list(declared)))
    for path, model in declared.items():
        response = answers[path]
        assert response.status_code == 200, (path, response.text[:300])
        try:
            TypeAdapter(model).validate_python(response.json())
        except ValidationError as exc:
            pytest.fail(f"{path}: the answer does not match {model}: {exc}")


def test_a_wrong_answer_would_be_caught() -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(_declared()["/api/health"]).validate_python({"status": 1})


BAD_REQUESTS = [  # answered 422 by FastAPI's own parameter check
    ("/api/subgraph", {"root": "id:org/helse-vest", "depth": "two"}),
    ("/api/analysis/gaps", {"limit": "x"}),
    ("/api/analysis/trace", {}),
]


async def _error_answers() -> tuple[dict[str, Any], list[httpx.Response]]:
    app = create_app(Settings(), open_store())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        spec = (await client.get("/openapi.json")).json()
        answers = [await client.get(path, params=params) for path, params in BAD_REQUESTS]
    return spec, answers


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        *_, kind, name = node["$ref"].split("/")
        node = spec["components"][kind][name]
    return node


def test_a_parameter_error_answers_the_body_its_openapi_document_declares() -> None:
    spec, answers = asyncio.run(_error_answers())
    for (path, _params), response in zip(BAD_REQUESTS, answers, strict=True):
        assert response.status_code == 422, (path, response.text)
        declared = _resolve(spec, spec["paths"][path]["get"]["responses"]["422"])
        ref = declared["content"]["application/json"]["schema"]["$ref"]
        model = getattr(schemas, ref.rsplit("/", 1)[1])  # the pydantic model of that name
        body = TypeAdapter(model).validate_python(response.json())
        assert body.error.status == 422 and "invalid request" in body.error.message
    assert "HTTPValidationError" not in spec["components"]["schemas"]


async def _every_link() -> tuple[dict[str, Any], httpx.Response, httpx.Response]:
    app = create_app(Settings(), open_store())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        spec = (await client.get("/openapi.json")).json()
        root = PARAMS["/api/subgraph"]
        every = await client.get("/api/subgraph", params={**root, "predicate": "*"})
        default = await client.get("/api/subgraph", params=root)
    return spec, every, default


def test_the_documented_predicate_values_include_every_link() -> None:
    spec, every, default = asyncio.run(_every_link())
    (parameter,) = [
        p for p in spec["paths"]["/api/subgraph"]["get"]["parameters"] if p["name"] == "predicate"
    ]
    alternatives = parameter["schema"]["items"]["anyOf"]
    assert {"type": "string", "enum": ["*"]} in alternatives
    assert {"$ref": "#/components/schemas/IriOrName"} in alternatives
    assert every.status_code == default.status_code == 200
    assert len(every.json()["edges"]) > len(default.json()["edges"])
