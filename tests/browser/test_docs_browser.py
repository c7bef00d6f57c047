"""The OpenAPI pages in headless Chromium against a real server: drawn from the files of an
installed package, under the pages' Content-Security-Policy, nothing fetched off the machine."""

from __future__ import annotations

import re

import pytest

from plangraph.api.schemas import IRI_SCHEMA, iri_pattern
from plangraph.namespaces import PREFIXES
from plangraph.viz import PAGE_CSP
from tests.browser.conftest import Server, Watched
from tests.browser.test_viz_browser import assert_clean
from tests.helpers import http_client

pytestmark = [pytest.mark.browser, pytest.mark.server]

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def operations(server: Server) -> int:
    """How many operations the server's OpenAPI description holds."""
    with http_client(timeout=30) as client:
        paths = client.get(server.url + "/openapi.json").json()["paths"]
    return sum(1 for item in paths.values() for method in item if method in METHODS)


def test_swagger_ui_is_drawn_offline(server: Server, watched: Watched) -> None:
    """Every operation drawn. (That an opened operation shows an IRI parameter's pattern, read
    from its named schema, was checked by hand: opening one cost ~0.7 s more CPU here; the
    pattern's place in the description is test_api_openapi's, ReDoc's showing it below.)"""
    expected = operations(server)
    response = watched.page.goto(server.url + "/docs")
    assert response.headers["content-security-policy"] == PAGE_CSP
    watched.page.wait_for_function("() => window.__docsReady === true", timeout=30_000)
    page = watched.page
    page.wait_for_selector(".opblock-tag", timeout=30_000)
    assert "plangraph" in page.locator(".info .title").inner_text()
    tags = page.locator(".opblock-tag").all_inner_texts()
    assert any("subgraph" in t for t in tags), tags
    assert page.locator(".opblock").count() == expected
    # The stylesheet applied (the CSP would have dropped it): operation blocks are styled.
    border = page.evaluate(
        "() => getComputedStyle(document.querySelector('.opblock')).borderTopStyle"
    )
    assert border == "solid"
    assert_clean(watched)
    assert any(u.endswith("/static/docs/swagger-ui-bundle.js") for u in watched.requests)


def test_redoc_is_drawn_offline(server: Server, watched: Watched) -> None:
    """Every operation drawn; the IRI parameters show their named schema and its pattern."""
    expected = operations(server)
    response = watched.page.goto(server.url + "/redoc")
    policy = response.headers["content-security-policy"]
    # The pages' policy, with a fresh nonce (and two hashes) for the styles ReDoc writes.
    assert "unsafe" not in policy
    assert re.sub(r"style-src 'self'[^;]*", "style-src 'self'", policy) == PAGE_CSP
    assert "'nonce-" in policy
    watched.page.wait_for_function("() => window.__docsReady === true", timeout=30_000)
    page = watched.page
    page.wait_for_selector("h1", timeout=30_000)
    assert "plangraph" in page.locator("h1").first.inner_text()
    text = page.locator("body").inner_text()
    assert "Subgraphs" in text
    assert page.locator("[data-section-id^='tag/']").count() >= 5
    assert page.locator("[data-section-id^='operation/']").count() == expected
    # ReDoc shortens a long pattern (the rest behind "Show pattern"): its start is there.
    assert f"string ({IRI_SCHEMA}) " + iri_pattern(list(PREFIXES), required=True)[:30] in text
    assert_clean(watched)
