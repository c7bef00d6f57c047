"""`/viz/diff/{plan}` in headless Chromium: the items of two hand-made versions marked added,
removed or changed, a legend, the changed links; its own stylesheet applied under the page CSP;
nothing leaves the machine."""

from __future__ import annotations

import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import Server, Watched, start_server, stop_server
from tests.helpers import ROOT
from tests.versions.plans import m, version_1, version_2

pytestmark = [pytest.mark.browser, pytest.mark.server]

KEY = "versions-key-7c1"


def _put(server: Server, body: str) -> None:
    request = urllib.request.Request(
        server.url + "/api/plans/versjonsplan",
        data=body.encode(),
        headers={"Content-Type": "text/turtle", "X-API-Key": KEY},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status in (200, 201)


@pytest.fixture(scope="module")
def versions_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder: Path = tmp_path_factory.mktemp("versions-data")
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, folder / path.name)
    running = start_server({"PLANGRAPH_DATA_DIR": str(folder), "PLANGRAPH_API_KEY": KEY})
    _put(running, version_1())
    _put(running, version_2())
    yield running
    stop_server(running)


def test_the_diff_page_marks_added_removed_and_changed(
    versions_server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(versions_server.url + "/viz/diff/versjonsplan")
    assert page.locator("h1").inner_text() == (
        "Endringer i versjonsplan: versjon 2023-01-01 til 2024-06-01"
    )
    states = {
        g.get_attribute("data-iri"): g.get_attribute("data-state")
        for g in page.locator("g.node").all()
    }
    assert states == {
        m("4"): "added",
        m("d"): "removed",
        m("a"): "changed",
        m("c"): "changed",
        m("b"): "unchanged",
    }
    legend = page.locator("ul.legend li").all_inner_texts()
    assert [t.strip() for t in legend] == ["+ Ny", "− Fjernet", "~ Endret", "Uendret"]
    removed = page.locator('g.node[data-state="removed"] rect')
    assert removed.get_attribute("stroke-dasharray") == "5 3"
    # the stylesheet loaded (the legend is laid out as a row) under the page's CSP
    display = page.locator("ul.legend").evaluate("e => getComputedStyle(e).display")
    assert display == "flex"
    rows = page.locator("table tr").all_inner_texts()
    assert any("ny kobling" in r and "Kompetent og robust beredskapsledelse" in r for r in rows)
    assert any("fjernet kobling" in r and "Tydeliggjøring av roller og ansvar" in r for r in rows)
    assert not [c for c in watched.console if "error" in c.lower()], watched.console
    local = versions_server.url
    assert all(url.startswith((local, "data:")) for url in watched.requests), watched.requests


def test_the_diff_page_in_nynorsk_and_bad_input(versions_server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(versions_server.url + "/viz/diff/versjonsplan?lang=nn")
    assert page.locator("h1").inner_text().startswith("Endringar i versjonsplan")
    response = page.goto(versions_server.url + "/viz/diff/versjonsplan?from=hv-helse2035/1")
    assert response is not None and response.status == 400
    response = page.goto(versions_server.url + "/viz/diff/hv-helse2035")
    assert response is not None and response.status == 400
