"""``--as-of DATE`` and ``?as_of=`` on every analysis: the plans as they stood on that date.

Plan ``versjonsplan`` has two versions (tests/versions/plans.py): 2023-01-01 holds measure d
(addressing C_D), 2024-06-01 drops it and adds measure 4 (addressing C_NEW). Each command and
endpoint is asked about 2023-06-01 (version 1 in force), about a date before the first version
and with a malformed date.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from plangraph import analysis
from plangraph.api.app import create_app
from plangraph.config import Settings
from plangraph.ingest.versions import as_of_store, load_version
from plangraph.store import PlanStore, open_store
from tests.helpers import ROOT, run_cli
from tests.versions.plans import C_D, C_NEW, PLAN, m, version_1, version_2

THEN = "2023-06-01"  # version 1 in force
EARLY = "1990-01-01"  # before every version
BAD = "2023-13-45"  # not a date


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("as-of") / "data"
    data.mkdir()
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, data / path.name)
    store = open_store("memory", data_dir=str(data))
    for text in (version_1(), version_2()):
        load_version(store, str(data), "versjonsplan", text.encode(), "text/turtle")
    return data


def _cli(folder: Path, *args: str) -> tuple[int, str, str]:
    r = run_cli("--data-dir", str(folder), *args)
    return r.returncode, r.stdout, r.stderr


# -- the command line ---------------------------------------------------------------------------

CLI_COMMANDS: dict[str, list[str]] = {
    "gaps": ["gaps"],
    "overlaps": ["overlaps"],
    "coverage": ["coverage"],
    "trace": ["trace", m("a")],
    "impact": ["impact", m("a")],
    "query": ["query", "addresses_edges"],
    "report": ["report", "--out", "{tmp}/report"],
    "viz": ["viz", "--out", "{tmp}/view.html"],
}


@pytest.mark.parametrize("name", [*CLI_COMMANDS, "sparql"])
def test_every_analysis_command_refuses_bad_dates(name: str, folder: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    args = CLI_COMMANDS.get(name, ["sparql", str(query)])
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = _cli(folder, *args, "--as-of", EARLY)
    assert code == 2, out + err
    assert "no plan had a version on 1990-01-01" in err and "dated 2023-01-01" in err
    code, out, err = _cli(folder, *args, "--as-of", BAD)
    assert code == 2, out + err
    assert "'2023-13-45' is not a date" in err and "Traceback" not in err
    code, out, err = _cli(folder, *args, "--as-of", THEN)
    assert code == 0, out + err
    assert not (tmp_path / "report").exists() or name == "report"


def _json(folder: Path, *args: str) -> Any:
    code, out, err = _cli(folder, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_trace_and_impact_as_of_find_a_measure_only_the_old_version_had(folder: Path) -> None:
    code, _, _err = _cli(folder, "trace", m("d"))
    assert code == 2  # not in the current version
    traced = _json(folder, "trace", m("d"), "--as-of", THEN)
    assert traced["kind"] == "measure" and traced["node"]["iri"] == m("d")
    assert [c["challenge"]["iri"] for c in traced["challenges"]] == [C_D]
    rows = _json(folder, "impact", m("d"), "--as-of", THEN)
    assert [r["challenge"]["iri"] for r in rows] == [C_D]


def _edges(rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
    out = set()
    for row in rows:
        values = [v["iri"] if isinstance(v, dict) else v for v in row.values()]
        out |= {(a, b) for a in values for b in values if a == m("d") or a == m("4")}
    return out


def test_query_and_sparql_as_of_read_the_old_version(folder: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        f"SELECT ?m ?c WHERE {{ ?m <https://w3id.org/plangraph/ns#partOfPlan> <{PLAN}> ; "
        "<https://w3id.org/plangraph/ns#addresses> ?c }",
        encoding="utf-8",
    )
    now = {(r["m"]["iri"], r["c"]["iri"]) for r in _json(folder, "sparql", str(query))}
    then = {
        (r["m"]["iri"], r["c"]["iri"]) for r in _json(folder, "sparql", str(query), "--as-of", THEN)
    }
    assert (m("4"), C_NEW) in now and (m("d"), C_D) not in now
    assert (m("d"), C_D) in then and (m("4"), C_NEW) not in then
    edges_now = _edges(_json(folder, "query", "addresses_edges"))
    edges_then = _edges(_json(folder, "query", "addresses_edges", "--as-of", THEN))
    assert (m("d"), C_D) in edges_then and (m("d"), C_D) not in edges_now
    assert (m("4"), C_NEW) in edges_now and (m("4"), C_NEW) not in edges_then


def test_overlaps_as_of_answer_as_the_store_then(folder: Path) -> None:
    then = as_of_store(open_store("memory", data_dir=str(folder)), folder, THEN)
    expected = analysis.overlapping_measures(then)
    rows = _json(folder, "overlaps", "--as-of", THEN)
    key = [(r["measure_a"]["iri"], r["measure_b"]["iri"]) for r in rows]
    assert key == [(r["measure_a"]["iri"], r["measure_b"]["iri"]) for r in expected]


def test_report_and_viz_as_of(folder: Path, tmp_path: Path) -> None:
    code, _, err = _cli(folder, "report", "--out", str(tmp_path / "then"), "--as-of", THEN)
    assert code == 0, err
    html = (tmp_path / "then" / "dekningsrapport.html").read_text("utf-8")
    assert 'id="endringer"' not in html  # the changes section compares the latest versions
    code, _, err = _cli(folder, "report", "--out", str(tmp_path / "now"))
    assert code == 0, err
    now = (tmp_path / "now" / "dekningsrapport.html").read_text("utf-8")
    assert "Kortere ventetid" in html and "Kortere ventetid" not in now.split('id="endringer"')[0]
    out = tmp_path / "view.html"
    code, _, err = _cli(folder, "viz", "--out", str(out), "--as-of", THEN, "--plan", PLAN)
    assert code == 0, err
    assert m("d") in out.read_text("utf-8")
    code, _, err = _cli(folder, "viz", "--out", str(out), "--plan", PLAN)
    assert code == 0, err
    assert m("d") not in out.read_text("utf-8")


def test_gaps_as_of_does_not_go_with_changes(folder: Path) -> None:
    code, _, err = _cli(folder, "gaps", "--changes", "--plan", "versjonsplan", "--as-of", THEN)
    assert code == 2 and "--as-of does not go with --changes" in err


# -- the API ----------------------------------------------------------------------------------

ENDPOINTS: dict[str, dict[str, str]] = {
    "/api/analysis/gaps": {},
    "/api/analysis/weak": {},
    "/api/analysis/overlaps": {},
    "/api/analysis/coverage": {},
    "/api/analysis/coverage/matrix": {},
    "/api/analysis/goals-without-measures": {},
    "/api/analysis/orphan-measures": {},
    "/api/analysis/shared-goals": {},
    "/api/analysis/cross-region": {},
    "/api/analysis/trace": {"node": m("d")},
    "/api/analysis/impact": {"measure": m("d")},
    "/api/analysis/centrality": {},
    "/api/analysis/communities": {},
    "/api/analysis/summary": {},
}


_APPS: dict[tuple[PlanStore, Path], FastAPI] = {}
"""One app per store and folder for this module's requests (forgotten at its end).

A new app builds each route's dependencies again on its first request (FastAPI does that
lazily, per app: ~0.5 s of CPU), which was most of these tests' time. What an app keeps besides
its store and settings does not change an analysis answer: the answer cache holds only subgraph
and SPARQL answers, and the rate limits (400 requests of burst) are never reached here."""


@pytest.fixture(scope="module", autouse=True)
def _forget_apps() -> Iterator[None]:
    yield
    _APPS.clear()


def _get(store: PlanStore, folder: Path, path: str, params: dict[str, str]) -> httpx.Response:
    app = _APPS.get((store, folder))
    if app is None:
        app = _APPS[store, folder] = create_app(Settings(data_dir=str(folder)), store)

    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await http.get(path, params={"limit": "1000", **params})

    return asyncio.run(fetch())


@pytest.fixture(scope="module")
def stores(folder: Path) -> tuple[PlanStore, PlanStore]:
    """The store now, and the store as it stood on THEN (built without the API)."""
    now = open_store("memory", data_dir=str(folder))
    return now, as_of_store(now, folder, THEN)


def test_every_analysis_endpoint_is_listed() -> None:
    from fastapi.routing import APIRoute

    from plangraph.api.routes import analysis as routes

    paths = {r.path for r in routes.router.routes if isinstance(r, APIRoute)}
    assert paths == set(ENDPOINTS)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_analysis_endpoint_answers_as_of(
    path: str, folder: Path, stores: tuple[PlanStore, PlanStore]
) -> None:
    now, then = stores
    params = ENDPOINTS[path]
    asked = _get(now, folder, path, {**params, "as_of": THEN})
    assert asked.status_code == 200, asked.text
    # the same answer as a server whose store holds the plans as they stood then
    assert asked.json() == _get(then, folder, path, params).json()
    early = _get(now, folder, path, {**params, "as_of": EARLY})
    assert early.status_code == 404, early.text
    assert "no plan had a version on 1990-01-01" in early.text
    bad = _get(now, folder, path, {**params, "as_of": BAD})
    assert bad.status_code == 400, bad.text
    assert "is not a date" in bad.text


def test_as_of_changes_the_answer(folder: Path, stores: tuple[PlanStore, PlanStore]) -> None:
    now, _ = stores
    assert _get(now, folder, "/api/analysis/trace", {"node": m("d")}).status_code == 404
    gaps_now = _get(now, folder, "/api/analysis/gaps", {}).json()["items"]
    gaps_then = _get(now, folder, "/api/analysis/gaps", {"as_of": THEN}).json()["items"]
    iris_now = {row["challenge"]["iri"] for row in gaps_now}
    iris_then = {row["challenge"]["iri"] for row in gaps_then}
    assert C_D in iris_now and C_D not in iris_then
    assert C_NEW in iris_then and C_NEW not in iris_now
