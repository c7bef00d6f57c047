"""``/api/analysis/...`` answers what ``plangraph.analysis`` computes, with filters and paging."""

from __future__ import annotations

import httpx
import pytest

from plangraph import analysis
from plangraph.store import open_store
from plangraph.vocab import DATA

HMN = str(DATA["org/helse-midt-norge"])
BEREDSKAP = str(DATA["theme/hmn/beredskap"])


@pytest.fixture(scope="module")
def store():  # type: ignore[no-untyped-def]
    return open_store()


def _all_items(client: httpx.Client, path: str, **params: object) -> list[dict]:
    body = client.get(path, params={**params, "limit": 1000}).json()
    assert body["total"] == len(body["items"])
    return body["items"]


@pytest.mark.parametrize(
    ("path", "func", "params"),
    [
        ("gaps", analysis.uncovered_challenges, {}),
        ("gaps", analysis.uncovered_challenges, {"theme": BEREDSKAP}),
        ("gaps", analysis.uncovered_challenges, {"org": HMN}),
        ("weak", analysis.weakly_covered_challenges, {}),
        ("overlaps", analysis.overlapping_measures, {}),
        ("coverage", analysis.coverage_by_theme, {}),
        ("goals-without-measures", analysis.goals_without_measures, {}),
        ("orphan-measures", analysis.orphan_measures, {}),
        ("shared-goals", analysis.measures_sharing_goal_in_theme, {}),
        ("cross-region", analysis.cross_region_gaps, {}),
    ],
)
def test_rows_are_the_analysis_rows(
    client: httpx.Client,
    store,
    path: str,
    func,
    params: dict,  # type: ignore[no-untyped-def]
) -> None:
    expected = func(store, lang="en", **params)
    assert _all_items(client, f"/api/analysis/{path}", lang="en", **params) == expected


def test_paging_splits_the_rows(client: httpx.Client, store) -> None:  # type: ignore[no-untyped-def]
    expected = analysis.uncovered_challenges(store, lang="nb")
    first = client.get("/api/analysis/gaps", params={"limit": 5}).json()
    second = client.get("/api/analysis/gaps", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == len(expected)
    assert first["items"] + second["items"] == expected[:10]


def test_summary_trace_impact_matrix(client: httpx.Client, store) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/analysis/summary").json() == analysis.summary(store, lang="nb")
    goal = str(DATA["goal/hmn-s2030-1"])
    assert client.get("/api/analysis/trace", params={"node": goal}).json() == analysis.trace(
        store, goal, lang="nb"
    )
    measure = str(DATA["measure/hv-tiltaksplan/helseberedskap"])
    impact = _all_items(client, "/api/analysis/impact", measure=measure)
    assert impact == analysis.impact(store, measure, lang="nb")
    matrix = client.get("/api/analysis/coverage/matrix").json()
    assert matrix == analysis.coverage_matrix(store, lang="nb")


def test_bad_filters_and_unknown_nodes(client: httpx.Client) -> None:
    bad = client.get("/api/analysis/gaps", params={"org": "not an iri"})
    assert bad.status_code == 400
    missing = client.get("/api/analysis/trace", params={"node": str(DATA["goal/none"])})
    assert missing.status_code == 404
    assert missing.json()["error"]["request_id"] == missing.headers["x-request-id"]
