"""POST /api/plans/import against the app in-process: preview, save, re-import, errors, 413."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.api.conftest import API_KEY, LIVE_ENV, App, copy_data, start_app
from tests.ingest.fixtures import TXT_NB, docx_bytes

KEY = {"X-API-Key": API_KEY}


@pytest.fixture(scope="module")
def importer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("import")
    server = start_app(tmp, LIVE_ENV, copy_data(tmp / "data", suggestions=False))
    yield server
    server.stop()


@pytest.fixture
def c(importer: App) -> Iterator[httpx.Client]:
    with importer.client() as client:
        yield client


def _upload(name: str, data: bytes, **fields: str) -> dict[str, object]:
    return {"files": {"file": (name, data)}, "data": fields}


def test_dry_run_returns_the_preview_and_stores_nothing(c: httpx.Client, importer: App) -> None:
    r = c.post(
        "/api/plans/import",
        headers=KEY,
        **_upload("handlingsplan.txt", TXT_NB.encode(), dry_run="true"),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    rows = body["rows"]
    assert set(rows[0]) >= {"kind", "label", "text", "parent", "confidence", "reason", "position"}
    assert any(
        row["kind"] == "measure" and row["label"] == "Innføre felles meldesystem for avvik"
        for row in rows
    )
    assert importer.data_dir is not None
    assert not (importer.data_dir / f"{body['plan']['slug']}.ttl").exists()


def test_import_needs_the_key(c: httpx.Client) -> None:
    r = c.post("/api/plans/import", **_upload("plan.txt", TXT_NB.encode(), dry_run="true"))
    assert r.status_code == 401
    r = c.post(
        "/api/plans/import", headers={"X-API-Key": "wrong"}, **_upload("plan.txt", TXT_NB.encode())
    )
    assert r.status_code == 403


def test_save_with_corrections_then_noop_then_in_the_graph(c: httpx.Client, importer: App) -> None:
    docx = docx_bytes()  # python-docx stamps the time: one file, uploaded three times
    preview = c.post(
        "/api/plans/import", headers=KEY, **_upload("utviklingsplan.docx", docx, dry_run="true")
    ).json()
    measure = next(i for i in preview["items"] if i["kind"] == "measure")
    goal = next(i for i in preview["items"] if i["kind"] == "goal")
    corrections = {"items": {measure["id"]: {"kind": "goal"}, goal["id"]: {"drop": True}}}
    r = c.post(
        "/api/plans/import",
        headers=KEY,
        **_upload("utviklingsplan.docx", docx, corrections=json.dumps(corrections)),
    )
    assert r.status_code == 201, r.text
    saved = r.json()
    assert saved["status"] == "created"
    assert saved["items"]["goal"] == 2  # one dropped, one measure turned into a goal
    again = c.post(
        "/api/plans/import",
        headers=KEY,
        **_upload("utviklingsplan.docx", docx, corrections=json.dumps(corrections)),
    )
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    data = c.get(
        "/viz/data.json",
        params={"plan": f"https://w3id.org/plangraph/id/plan/{preview['plan']['slug']}"},
    )
    assert data.status_code == 200, data.text
    assert measure["label"] in data.text


def test_bad_uploads_are_4xx(c: httpx.Client) -> None:
    r = c.post(
        "/api/plans/import", headers=KEY, **_upload("plan.pdf", b"just text", dry_run="true")
    )
    assert r.status_code == 400
    assert "does not match the extension" in r.json()["error"]["message"]
    r = c.post(
        "/api/plans/import",
        headers=KEY,
        **_upload("plan.txt", TXT_NB.encode(), corrections="{not json"),
    )
    assert r.status_code == 400
    r = c.post(
        "/api/plans/import",
        headers=KEY,
        **_upload("plan.txt", TXT_NB.encode(), corrections='{"items": {"nope": {"kind": "goal"}}}'),
    )
    assert r.status_code == 400 and "nope" in r.json()["error"]["message"]


def test_upload_size_is_capped(c: httpx.Client) -> None:
    big = ("Tiltak\n\n" + "- Styrke samarbeidet\n" * 20000).encode()
    r = c.post("/api/plans/import", headers=KEY, **_upload("stor.txt", big, dry_run="true"))
    assert r.status_code == 413
