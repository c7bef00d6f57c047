"""`POST /api/suggestions/run`, `GET /api/suggestions`, decisions over HTTP, `/review` served.

The app in-process on its own writable copy of the data (the shared ``app``'s state is left
alone).
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator

import httpx
import pytest

from tests.api.conftest import API_KEY, LIVE_ENV, App, copy_data, start_app

AUTH = {"X-API-Key": API_KEY}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("suggestions")
    running = start_app(tmp, LIVE_ENV, copy_data(tmp / "data", suggestions=False))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server: App) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


@pytest.fixture
def suggested(client: httpx.Client, server: App) -> None:
    """Suggestions stored in the module's data folder: by the run test, when it ran first (as
    it does in file order), else by a run made here, so no test needs another to have run."""
    assert server.data_dir is not None
    if not (server.data_dir / "links-suggested.ttl").exists():
        done = client.post(
            "/api/suggestions/run", headers=AUTH, json={"limit": 3, "relations": ["addresses"]}
        )
        assert done.status_code == 200, done.text


def test_run_needs_the_key_and_stores_suggestions(client: httpx.Client, server: App) -> None:
    assert client.post("/api/suggestions/run").status_code == 401
    assert client.post("/api/suggestions/run", headers={"X-API-Key": "wrong"}).status_code == 403
    bad = client.post("/api/suggestions/run", headers=AUTH, json={"limit": 0})
    assert bad.status_code in (400, 422)
    bad_plan = client.post("/api/suggestions/run", headers=AUTH, json={"plan": "no-such-plan"})
    assert bad_plan.status_code == 404 and "no-such-plan" in bad_plan.text
    done = client.post(
        "/api/suggestions/run", headers=AUTH, json={"limit": 3, "relations": ["addresses"]}
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["stored"] > 0 and body["file"] == "links-suggested.ttl"
    assert server.data_dir is not None
    assert (server.data_dir / "links-suggested.ttl").exists()


@pytest.mark.usefixtures("suggested")
def test_list_filters_and_pages(client: httpx.Client) -> None:
    page = client.get("/api/suggestions", params={"limit": 5}).json()
    assert page["total"] >= 5 and len(page["rows"]) == 5
    scores = [r["score"] for r in page["rows"]]
    assert scores == sorted(scores, reverse=True)
    row = page["rows"][0]
    assert row["status"] == "suggested" and row["id"]
    assert row["subject"]["text"] and row["object"]["label"]
    assert row["evidence"] and row["evidence"][0]["subject"]
    span = row["evidence"][0]["subject"][0]
    field = {"label": "label", "text": "text"}.get(span["field"])
    if field:
        assert row["subject"][field][span["start"] : span["end"]] == span["text"]
    second = client.get("/api/suggestions", params={"limit": 5, "offset": 5}).json()
    assert not {r["id"] for r in second["rows"]} & {r["id"] for r in page["rows"]}
    curated = client.get("/api/suggestions", params={"status": "curated", "limit": 500}).json()
    assert curated["total"] >= 21
    plan = client.get(
        "/api/suggestions", params={"plan": "hmn-statusnotater-2021", "limit": 500}
    ).json()
    assert plan["total"] == page["total"]  # every addresses suggestion has an HMN challenge
    refused = client.get("/api/suggestions", params={"status": "maybe"})
    assert refused.status_code == 422  # not one of the documented values (an enum in the schema)
    assert "suggested" in refused.json()["error"]["message"]
    assert client.get("/api/suggestions", params={"limit": 0}).status_code in (400, 422)


@pytest.mark.usefixtures("suggested")
def test_the_predicate_filter_takes_an_iri_and_refuses_anything_else(client: httpx.Client) -> None:
    """``predicate`` is one IRI, ``<IRI>`` or prefix:name, as the OpenAPI description says: a
    schemathesis run found other text answered 200 with no rows (stop 29)."""
    every = client.get("/api/suggestions", params={"status": "all", "limit": 500}).json()
    by_curie = client.get(
        "/api/suggestions", params={"status": "all", "limit": 500, "predicate": "pg:addresses"}
    ).json()
    full = "https://w3id.org/plangraph/ns#addresses"
    by_iri = client.get(
        "/api/suggestions", params={"status": "all", "limit": 500, "predicate": f"<{full}>"}
    ).json()
    addresses = [r["id"] for r in every["rows"] if r["predicate"] == "pg:addresses"]
    assert addresses and [r["id"] for r in by_curie["rows"]] == addresses
    assert [r["id"] for r in by_iri["rows"]] == addresses
    for bad in (".exe", "<x>", "not an iri"):
        refused = client.get("/api/suggestions", params={"predicate": bad})
        assert refused.status_code == 400, bad
        assert "predicate" in refused.json()["error"]["message"]


@pytest.mark.usefixtures("suggested")
def test_two_reviewers_at_once_one_wins(client: httpx.Client, server: App) -> None:
    row = client.get("/api/suggestions", params={"limit": 1}).json()["rows"][0]

    def decide(action: str) -> httpx.Response:
        with server.client() as c:
            return c.post(
                f"/api/links/{row['id']}/{action}", headers=AUTH, json={"reason": "dobbelt"}
            )

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(decide, ["accept", "reject"]))
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 409], [a.text for a in answers]
    told = next(a for a in answers if a.status_code == 409)
    assert "only suggested links" in told.text
    listed = client.get("/api/suggestions", params={"status": "all", "limit": 500}).json()
    status = next(r["status"] for r in listed["rows"] if r["id"] == row["id"])
    assert status in ("accepted", "rejected")


@pytest.mark.usefixtures("suggested")
def test_rejection_keeps_the_reason_and_the_pair_does_not_come_back(
    client: httpx.Client, server: App
) -> None:
    row = client.get("/api/suggestions", params={"limit": 1}).json()["rows"][0]
    done = client.post(
        f"/api/links/{row['id']}/reject", headers=AUTH, json={"reason": "ikke samme sak"}
    )
    assert done.status_code == 200, done.text
    assert server.data_dir is not None
    assert "ikke samme sak" in (server.data_dir / "links-suggested.ttl").read_text()
    client.post("/api/suggestions/run", headers=AUTH, json={"limit": 3, "relations": ["addresses"]})
    open_ids = {
        r["id"] for r in client.get("/api/suggestions", params={"limit": 500}).json()["rows"]
    }
    assert row["id"] not in open_ids


@pytest.mark.usefixtures("suggested")
def test_accepting_a_vanished_suggestion_is_404_and_changes_nothing(
    client: httpx.Client, server: App
) -> None:
    assert server.data_dir is not None
    before = (server.data_dir / "links-suggested.ttl").read_bytes()
    gone = client.post("/api/links/0123456789ab/accept", headers=AUTH)
    assert gone.status_code == 404
    assert (server.data_dir / "links-suggested.ttl").read_bytes() == before


def test_gaps_say_what_they_counted(client: httpx.Client) -> None:
    body = client.get("/api/analysis/gaps").json()
    assert body["total"] == len(body["items"]) or body["total"] > len(body["items"])
    considered = body["considered"]
    assert considered["measures"] == 16
    assert considered["plans"][0]["plan"]["label"] == "Regional tiltaksplan"
    assert "Regional tiltaksplan" in considered["text"]


def test_review_page_is_served_with_the_page_csp(client: httpx.Client) -> None:
    page = client.get("/review")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert 'lang="nb"' in page.text and "<script>" not in page.text
    assert client.get("/static/review/review.js").status_code == 200
    assert client.get("/static/review/review.css").status_code == 200
    assert client.get("/static/review/other.js").status_code == 404


def test_writes_off_on_the_packaged_data(seed_app: App) -> None:
    with seed_app.client() as c:
        done = c.post("/api/suggestions/run", headers=AUTH)
        assert done.status_code == 403 and "writes are off" in done.text
