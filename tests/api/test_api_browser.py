"""The SPARQL query page in headless Chromium: it loads, runs a query, shows the table."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

from tests.api.conftest import Server
from tests.helpers import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and shutil.which("chromium") is None,
        reason="needs Debian's chromium (make browser installs it)",
    ),
]


def test_query_page_runs_a_query(live: Server) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    hosts: set[str] = set()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or r.url))
            page.goto(f"{live.url}/sparql")
            page.fill(
                "#query",
                "PREFIX pg: <https://w3id.org/plangraph/ns#>\n"
                "SELECT ?m WHERE { ?m a pg:Measure } ORDER BY ?m",
            )
            page.click("#run")
            page.wait_for_selector("#results table tbody tr")
            rows = page.locator("#results table tbody tr").count()
            header = page.locator("#results table th").all_inner_texts()
            status = page.locator("#status").inner_text()
            errors_before_bad_query = list(errors)
            page.fill("#query", "SELECT WHERE {")
            page.click("#run")
            page.wait_for_selector("#status.error")
            error_text = page.locator("#status").inner_text()
        finally:
            browser.close()
    assert header == ["m"]
    assert rows > 0 and f"{rows} row(s)" in status
    assert "syntax" in error_text.lower()
    assert errors_before_bad_query == []
    # The bad query's 400 answer is logged by Chromium as a failed resource, and only that.
    assert all("status of 400" in e for e in errors[len(errors_before_bad_query) :])
    assert hosts == {"127.0.0.1"}
