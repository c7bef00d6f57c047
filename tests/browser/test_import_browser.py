"""The /import page in headless Chromium against a real server with a writable data folder:
upload a plan, change a kind, drop a row, save; the plan is then in /viz and `plangraph gaps`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.conftest import Server, Watched, start_server, stop_server
from tests.browser.test_viz_browser import assert_clean
from tests.helpers import ROOT, run_cli
from tests.ingest.fixtures import TXT_NB

pytestmark = [pytest.mark.browser, pytest.mark.server]

KEY = "browser-test-key-31"


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    data = tmp_path_factory.mktemp("import-page") / "data"
    data.mkdir()
    for ttl in (ROOT / "data").glob("*.ttl"):
        shutil.copy(ttl, data)
    running = start_server({"PLANGRAPH_DATA_DIR": str(data), "PLANGRAPH_API_KEY": KEY})
    yield running, data
    stop_server(running)


def test_upload_correct_and_save(
    writable: tuple[Server, Path], watched: Watched, tmp_path: Path
) -> None:
    server, data = writable
    plan_file = tmp_path / "handlingsplan.txt"
    plan_file.write_text(TXT_NB, encoding="utf-8")
    page = watched.page
    response = page.goto(server.url + "/import")
    assert response is not None and response.status == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert page.locator("html").get_attribute("lang") == "nb"
    page.set_input_files("#file", str(plan_file))
    page.fill("#api-key", KEY)
    page.click("#preview-button")
    page.wait_for_selector("#items tbody tr", timeout=60_000)
    assert "Fant" in page.inner_text("#status")
    rows = page.locator("#items tbody tr")
    labels = [rows.nth(i).locator("td.label").inner_text() for i in range(rows.count())]
    measure_row = rows.nth(labels.index("Styrke legemiddelsamstemming ved innleggelse"))
    assert measure_row.locator("select.kind").input_value() == "measure"
    # the planner says this one is a goal, and drops the nested sub-item
    measure_row.locator("select.kind").select_option("goal")
    rows.nth(labels.index("Opplæring av teamledere")).locator("input.keep").uncheck()
    page.click("#save-button")
    page.wait_for_function(
        "() => document.getElementById('status').dataset.result !== undefined", timeout=60_000
    )
    assert page.inner_text("#status").startswith("Lagret"), page.inner_text("#status")
    slug = "handlingsplan-for-pasientsikkerhet-2025-2027"
    saved = (data / f"{slug}.ttl").read_text("utf-8")
    assert "Opplæring av teamledere" not in saved
    assert "Styrke legemiddelsamstemming ved innleggelse" in saved
    # the plan is in the graph view's data, with the corrected kind
    plan_iri = f"https://w3id.org/plangraph/id/plan/{slug}"
    answer = page.request.get(server.url + "/viz/data.json?plan=" + quote(plan_iri, safe=""))
    assert answer.status == 200
    view = answer.json()
    text = json.dumps(view, ensure_ascii=False)
    assert "Styrke legemiddelsamstemming ved innleggelse" in text
    # ... and in the gap analysis over the same data folder
    gaps = run_cli("--data-dir", str(data), "gaps", "--format", "json")
    assert gaps.returncode == 0, gaps.stderr
    assert "meldte avvik" in gaps.stdout
    assert_clean(watched)


def test_a_bad_file_says_why(
    writable: tuple[Server, Path], watched: Watched, tmp_path: Path
) -> None:
    server, _data = writable
    bad = tmp_path / "plan.pdf"
    bad.write_text("ikke en pdf", encoding="utf-8")
    page = watched.page
    page.goto(server.url + "/import")
    page.set_input_files("#file", str(bad))
    page.fill("#api-key", KEY)
    page.click("#preview-button")
    page.wait_for_function(
        "() => document.getElementById('status').className === 'error'", timeout=30_000
    )
    assert "does not match the extension" in page.inner_text("#status")
    watched.console.clear()  # the browser logs the 400 response itself
    assert_clean(watched)


def test_a_windows_1252_csv_shows_its_note_as_text(
    writable: tuple[Server, Path], watched: Watched, tmp_path: Path
) -> None:
    """A spreadsheet of the plan's own saved by Excel on Windows: the preview says it was read
    as Windows-1252 (each note set as the text of a list item, never as markup)."""
    server, _data = writable
    plan_file = tmp_path / "tiltak.csv"
    plan_file.write_bytes(
        "Tiltak;Ansvarlig;Frist\nStyrke kompetansen på sjukehusa;Økonomisjef;2026\n".encode(
            "cp1252"
        )
    )
    page = watched.page
    page.goto(server.url + "/import")
    assert "et eget regneark" in page.inner_text("header")
    assert page.locator("#plan-notes").is_hidden()
    page.set_input_files("#file", str(plan_file))
    page.fill("#api-key", KEY)
    page.click("#preview-button")
    page.wait_for_selector("#items tbody tr", timeout=60_000)
    assert page.locator("#plan-notes").is_visible()
    notes = page.locator("#plan-notes li").all_inner_texts()
    assert any("Windows-1252" in note for note in notes), notes
    labels = page.locator("#items td.label").all_inner_texts()
    assert "Styrke kompetansen på sjukehusa" in labels
    assert_clean(watched)
