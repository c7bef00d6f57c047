"""Plan versions over HTTP, against the app in-process: PUT makes versions, diff, as_of."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.api.conftest import API_KEY, LIVE_ENV, App, copy_data, start_app
from tests.versions.plans import C_D, C_NEW, m, version_1, version_2

TTL = {"Content-Type": "text/turtle", "X-API-Key": API_KEY}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("versions-api")
    s = start_app(tmp, LIVE_ENV, copy_data(tmp / "data", suggestions=False))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def c(server: App) -> Iterator[httpx.Client]:
    with server.client() as client:
        first = client.put("/api/plans/versjonsplan", content=version_1(), headers=TTL)
        assert first.status_code == 201, first.text
        assert first.json()["status"] == "created"
        second = client.put("/api/plans/versjonsplan", content=version_2(), headers=TTL)
        assert second.status_code == 200, second.text
        assert second.json()["status"] == "new-version" and second.json()["replaced"] is True
        yield client


def test_put_of_an_existing_plan_makes_a_version(c: httpx.Client, server: App) -> None:
    r = c.get("/api/plans/versjonsplan/versions")
    assert r.status_code == 200, r.text
    versions = r.json()["versions"]
    assert [(v["label"], v["current"], v["loaded_by"]) for v in versions] == [
        ("2023-01-01", False, "api"),
        ("2024-06-01", True, "api"),
    ]
    assert server.data_dir is not None
    assert (server.data_dir / "versions" / "versjonsplan" / "2023-01-01.trig").is_file()
    # the store holds the current version, with the predecessors' IRIs
    node = c.get("/api/node", params={"iri": m("a")})
    assert node.status_code == 200 and node.json()["node"]["label"] == "Felles journalløysing"
    assert c.get("/api/node", params={"iri": m("1")}).status_code == 404


def test_put_same_body_again_is_unchanged(c: httpx.Client) -> None:
    r = c.put("/api/plans/versjonsplan", content=version_2(), headers=TTL)
    assert r.status_code == 200 and r.json()["status"] == "unchanged", r.text
    assert len(c.get("/api/plans/versjonsplan/versions").json()["versions"]) == 2


def test_put_failing_shacl_stores_nothing(c: httpx.Client, server: App) -> None:
    assert server.data_dir is not None
    before = {p: p.read_bytes() for p in server.data_dir.rglob("*") if p.is_file()}
    bad = version_2("2025-01-01").replace("pg:StartingOrRunning", "pg:NoSuchStatus")
    r = c.put("/api/plans/versjonsplan", content=bad, headers=TTL)
    assert r.status_code == 422, r.text
    after = {p: p.read_bytes() for p in server.data_dir.rglob("*") if p.is_file()}
    assert after == before


def test_diff_endpoint(c: httpx.Client) -> None:
    r = c.get("/api/plans/versjonsplan/diff")
    assert r.status_code == 200, r.text
    d = r.json()
    assert set(d) == {
        "plan",
        "from",
        "to",
        "added",
        "removed",
        "changed",
        "links_added",
        "links_removed",
    }
    assert [x["iri"] for x in d["added"]] == [m("4")]
    assert [x["iri"] for x in d["removed"]] == [m("d")]
    assert {x["iri"] for x in d["changed"]} == {m("a"), m("c")}
    md = c.get("/api/plans/versjonsplan/diff", params={"format": "md", "from": "2023-01-01"})
    assert md.status_code == 200 and md.text.startswith("## Endringer i versjonsplan")
    assert md.headers["content-type"].startswith("text/markdown")


def test_diff_endpoint_bad_input(c: httpx.Client) -> None:
    r = c.get("/api/plans/versjonsplan/diff", params={"from": "hv-helse2035/2020"})
    assert r.status_code == 400 and "belongs to plan 'hv-helse2035'" in r.text
    r = c.get("/api/plans/versjonsplan/diff", params={"to": "1999"})
    assert r.status_code == 404 and "no version '1999'" in r.text
    r = c.get("/api/plans/versjonsplan/diff", params={"format": "xml"})
    assert r.status_code == 400
    r = c.get("/api/plans/NOPE/diff")
    assert r.status_code == 400


def test_coverage_changes_and_as_of(c: httpx.Client) -> None:
    r = c.get("/api/plans/versjonsplan/coverage-changes")
    assert r.status_code == 200, r.text
    assert [x["iri"] for x in r.json()["newly_uncovered"]] == [C_D]
    assert [x["iri"] for x in r.json()["newly_covered"]] == [C_NEW]
    now = c.get("/api/analysis/gaps", params={"limit": 1000}).json()["items"]
    then = c.get("/api/analysis/gaps", params={"limit": 1000, "as_of": "2023-06-01"})
    assert then.status_code == 200, then.text
    iris_now = {json.dumps(row["challenge"]) for row in now}
    iris_then = {json.dumps(row["challenge"]) for row in then.json()["items"]}
    assert any(C_D in x for x in iris_now) and not any(C_D in x for x in iris_then)
    early = c.get("/api/analysis/gaps", params={"as_of": "2020-01-01"})
    assert early.status_code == 404 and "no plan had a version on 2020-01-01" in early.text
