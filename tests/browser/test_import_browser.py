"""The /import page in headless Chromium against a real server with a writable data folder:
upload a plan, change a kind, drop a row, save; the plan is then in /viz and `plangraph gaps`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from plangraph.vocab import PG
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
    labels = [rows.nth(i).locator("input.label-edit").input_value() for i in range(rows.count())]
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
    labels = [
        page.locator("#items input.label-edit").nth(i).input_value()
        for i in range(page.locator("#items input.label-edit").count())
    ]
    assert "Styrke kompetansen på sjukehusa" in labels
    assert_clean(watched)


STATUS_NOTE = """# Statusnotat for Helse Prøvedal (fiktiv)

## Utfordringer innen akuttmottak

- For lang ventetid i akuttmottaket om kvelden

## Utfordringer innen rekruttering

- Vanskelig å rekruttere spesialsykepleiere til intensivavdelingen
- Mange ubesatte legestillinger i distriktet
"""


def test_rename_a_theme_and_move_a_challenge(
    writable: tuple[Server, Path], watched: Watched, tmp_path: Path
) -> None:
    """The planner renames a theme (the drop-downs of the challenges follow the new name) and
    moves a challenge to the other theme; the stored plan has both changes."""
    server, data = writable
    plan_file = tmp_path / "statusnotat.md"
    plan_file.write_text(STATUS_NOTE, encoding="utf-8")
    page = watched.page
    page.goto(server.url + "/import?lang=nn")
    page.set_input_files("#file", str(plan_file))
    page.fill("#api-key", KEY)
    page.click("#preview-button")
    page.wait_for_selector("#items tbody tr", timeout=60_000)
    rows = page.locator("#items tbody tr")
    names = [rows.nth(i).locator("input.label-edit").input_value() for i in range(rows.count())]
    first_theme = rows.nth(names.index("Utfordringer innen akuttmottak"))
    assert first_theme.locator("input.label-edit").get_attribute("aria-label") == "Namn på punkt 1"
    first_theme.locator("input.label-edit").fill("Akuttmedisin")
    doctors = rows.nth(names.index("Mange ubesatte legestillinger i distriktet"))
    move = doctors.locator("select.theme")
    assert move.get_attribute("aria-label") == "Tema for punkt " + str(
        names.index("Mange ubesatte legestillinger i distriktet") + 1
    )
    options = move.locator("option").all_inner_texts()
    assert options == ["Akuttmedisin", "Utfordringer innen rekruttering"]  # follows the rename
    move.select_option(label="Akuttmedisin")
    page.click("#save-button")
    page.wait_for_function(
        "() => document.getElementById('status').dataset.result !== undefined", timeout=60_000
    )
    assert page.inner_text("#status").startswith("Lagra"), page.inner_text("#status")
    saved = next(data.glob("statusnotat-for-helse-provedal*.ttl")).read_text("utf-8")
    graph = Graph().parse(data=saved, format="turtle")
    (theme,) = graph.subjects(SKOS.prefLabel, Literal("Akuttmedisin", lang="nb"))
    (doctor,) = graph.subjects(
        SKOS.prefLabel, Literal("Mange ubesatte legestillinger i distriktet", lang="nb")
    )
    assert (doctor, PG.inTheme, theme) in graph
    assert not list(
        graph.subjects(SKOS.prefLabel, Literal("Utfordringer innen akuttmottak", lang="nb"))
    )
    assert_clean(watched)
