"""Lists, one node, languages and the error shape, against the running server."""

from __future__ import annotations

import httpx
import pytest

from plangraph.store import open_store
from plangraph.vocab import DATA

HMN = str(DATA["org/helse-midt-norge"])
HV = str(DATA["org/helse-vest"])
BEREDSKAP = str(DATA["theme/hmn/beredskap"])
STATUS_NOTES = str(DATA["plan/hmn-statusnotater-2021"])


def _all(client: httpx.Client, path: str, **params: object) -> list[dict]:
    items: list[dict] = []
    offset = 0
    while True:
        page = client.get(path, params={**params, "limit": 7, "offset": offset}).json()
        items += page["items"]
        offset += 7
        if offset >= page["total"]:
            assert len(items) == page["total"]
            return items


def _count(query: str) -> int:
    store = open_store()
    return int(store.select(query).rows[0]["n"])


def test_lists_page_through_every_item_once(client: httpx.Client) -> None:
    for path, cls in (("/api/challenges", "Challenge"), ("/api/measures", "Measure")):
        items = _all(client, path)
        expected = _count(
            f"PREFIX pg: <https://w3id.org/plangraph/ns#> SELECT (COUNT(DISTINCT ?x) AS ?n) "
            f"WHERE {{ ?x a pg:{cls} }}"
        )
        assert len({i["iri"] for i in items}) == len(items) == expected
        for item in items:
            assert item["iri"].startswith("https://") and item["label"]


def test_challenge_filters_match_the_graph(client: httpx.Client) -> None:
    in_theme = _all(client, "/api/challenges", theme=BEREDSKAP)
    assert in_theme and all(i["theme"]["iri"] == BEREDSKAP for i in in_theme)
    store = open_store()
    expected = {
        str(r["c"])
        for r in store.select(
            "PREFIX pg: <https://w3id.org/plangraph/ns#> SELECT ?c WHERE { ?c a pg:Challenge ; "
            f"pg:inTheme <{BEREDSKAP}> }}"
        )
    }
    assert {i["iri"] for i in in_theme} == expected
    assert _all(client, "/api/challenges", organisation=HV) == []
    assert len(_all(client, "/api/challenges", org=HMN)) == len(_all(client, "/api/challenges"))
    assert len(_all(client, "/api/challenges", plan=STATUS_NOTES)) == len(
        _all(client, "/api/challenges")
    )


def test_uncovered_challenges_are_those_no_measure_addresses(client: httpx.Client) -> None:
    uncovered = _all(client, "/api/challenges", uncovered="true")
    store = open_store()
    addressed = {
        str(r["c"])
        for r in store.select(
            "PREFIX pg: <https://w3id.org/plangraph/ns#> SELECT ?c WHERE { ?m pg:addresses ?c }"
        )
    }
    assert uncovered
    assert not ({i["iri"] for i in uncovered} & addressed)
    everything = _all(client, "/api/challenges")
    assert len(uncovered) + len([i for i in everything if i["covered"]]) == len(everything)


def test_measure_status_filter_takes_a_curie(client: httpx.Client) -> None:
    planned = _all(client, "/api/measures", status="pg:UnderPlanning")
    assert planned
    assert all(i["status"]["iri"].endswith("#UnderPlanning") for i in planned)
    assert len(planned) < len(_all(client, "/api/measures"))


def test_plans_organisations_themes_goals(client: httpx.Client) -> None:
    plans = client.get("/api/plans", params={"limit": 100}).json()
    held = [p for p in plans["items"] if p["graph"]]
    assert {p["type"] for p in held} >= {"StatusNote", "ActionPlan", "Strategy"}
    orgs = client.get("/api/organisations").json()["items"]
    assert {o["iri"] for o in orgs} >= {HMN, HV}
    themes = _all(client, "/api/themes", organisation=HV)
    assert themes and all(t["organisation"]["iri"] == HV for t in themes)
    goals = _all(client, "/api/goals")
    assert len(goals) == 8


def test_labels_follow_lang_and_accept_language(client: httpx.Client) -> None:
    measure = str(DATA["measure/hv-tiltaksplan/helseberedskap"])
    by_param = client.get("/api/node", params={"iri": measure, "lang": "en"}).json()
    by_header = client.get(
        "/api/node", params={"iri": measure}, headers={"Accept-Language": "en-GB, nn;q=0.5"}
    ).json()
    default = client.get("/api/node", params={"iri": measure}).json()
    english = [
        v["value"]
        for v in default["values"]
        if v["lang"] == "en" and v["property"] == "skos:prefLabel"
    ]
    nynorsk = [
        v["value"]
        for v in default["values"]
        if v["lang"] == "nn" and v["property"] == "skos:prefLabel"
    ]
    assert by_param["node"]["label"] == by_header["node"]["label"] == english[0]
    assert default["node"]["label"] == nynorsk[0]  # nb asked, nn is the fallback
    bad = client.get("/api/node", params={"iri": measure, "lang": "de"})
    assert bad.status_code == 422


def test_node_has_links_both_ways(client: httpx.Client) -> None:
    challenge = str(DATA["challenge/hmn-2021/beredskap-4"])
    body = client.get("/api/node", params={"iri": challenge}).json()
    assert any(link["property"] == "pg:inTheme" for link in body["outgoing"])
    assert any(link["property"] == "pg:addresses" for link in body["incoming"])


@pytest.mark.parametrize(
    ("method", "path", "params", "status"),
    [
        ("GET", "/api/nowhere", {}, 404),
        ("DELETE", "/api/challenges", {}, 405),
        ("GET", "/api/challenges", {"limit": "-1"}, 422),
        ("GET", "/api/challenges", {"theme": "javascript:alert(1)"}, 400),
        ("GET", "/api/organisations", {"theme": BEREDSKAP}, 200),  # unknown params are ignored
        ("GET", "/api/plans", {"uncovered": "true"}, 200),  # plans take no uncovered: ignored
        ("GET", "/api/themes", {"uncovered": "maybe"}, 200),
        ("GET", "/api/node", {"iri": str(DATA["nothing-here"])}, 404),
    ],
)
def test_errors_are_json_with_a_request_id(
    client: httpx.Client, method: str, path: str, params: dict, status: int
) -> None:
    response = client.request(method, path, params=params)
    assert response.status_code == status
    request_id = response.headers["x-request-id"]
    assert request_id
    if status >= 400:
        error = response.json()["error"]
        assert error["status"] == status
        assert error["request_id"] == request_id
        assert error["message"] and "Traceback" not in error["message"]


def test_request_id_is_taken_only_when_sane(client: httpx.Client) -> None:
    kept = client.get("/api/health", headers={"X-Request-ID": "abc-123.x"})
    assert kept.headers["x-request-id"] == "abc-123.x"
    replaced = client.get("/api/health", headers={"X-Request-ID": "bad id\twith <stuff>"})
    assert replaced.headers["x-request-id"] != "bad id\twith <stuff>"
    assert replaced.headers["x-request-id"].isalnum()
