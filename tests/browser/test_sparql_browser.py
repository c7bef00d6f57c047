"""The SPARQL query page in headless Chromium: it loads, runs a query, shows the table.

Against the page tests' seed-data server, in the package's one Chromium (it was a Chromium of
its own, with its Playwright driver, next to the API tests' server: ~2.5 s of CPU and a
browser start more for one page)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import Server, fresh_page

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_query_page_runs_a_query(server: Server, browser_context: Any) -> None:
    errors: list[str] = []
    hosts: set[str] = set()
    page = fresh_page(browser_context)
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or r.url))
        page.goto(f"{server.url}/sparql?lang=en")  # the words asserted below are English
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
        page.close()
    assert header == ["m"]
    assert rows > 0 and f"{rows} row(s)" in status
    assert "syntax" in error_text.lower()
    assert errors_before_bad_query == []
    # The bad query's 400 answer is logged by Chromium as a failed resource, and only that.
    assert all("status of 400" in e for e in errors[len(errors_before_bad_query) :])
    assert hosts == {"127.0.0.1"}
