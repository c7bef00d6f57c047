"""The report's HTML page opens offline in headless Chromium without errors.

In the package's one Chromium (it was a Chromium of its own, with its Playwright driver, in
tests/test_reports.py: a driver start and a browser launch more for one page), on the same
report: the seed data plus the markup and formula labels of tests/test_reports.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from plangraph.reports import HTML_NAME, write_report
from plangraph.store import open_store
from plangraph.vocab import GRAPH
from tests.browser.conftest import fresh_page
from tests.test_reports import EVIL

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tests.test_reports``'s report: the seed data, a challenge whose label is markup and a
    measure whose label is a formula."""
    store = open_store("memory")
    store.load_data(EVIL.encode(), "ttl", GRAPH["test-evil"], source="evil.ttl")
    out = tmp_path_factory.mktemp("report")
    write_report(store, out)
    return out


def test_the_page_opens_offline_in_chromium_without_errors(
    report: Path, browser_context: Any
) -> None:
    errors: list[str] = []
    requests: list[str] = []
    page = fresh_page(browser_context)
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto((report / HTML_NAME).resolve().as_uri(), wait_until="load")
        assert page.locator("h1").inner_text() == "Dekningsrapport"
        # A gap's source text opens on click.
        first = page.locator("#udekkede details").first
        first.locator("summary").click()
        assert first.locator("blockquote").is_visible()
        assert page.locator("svg.chart rect").count() >= 6
    finally:
        page.close()
    assert errors == []
    assert requests and all(url.startswith("file://") for url in requests), requests
