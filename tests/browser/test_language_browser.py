"""One language per view: the pages in Bokmål by default, and every word changing with the
language chosen (Nynorsk, English), in headless Chromium against a real server."""

from __future__ import annotations

import re
from typing import Any

import pytest

from plangraph.i18n import text
from tests.browser.conftest import Server, Watched
from tests.browser.test_viz_browser import assert_clean, open_view

pytestmark = [pytest.mark.browser, pytest.mark.server]

ENGLISH = re.compile(
    r"\b(Graph|Gaps|Layered|Force-directed|Show|Reset|Theme|Organisation|Node types|Search label|"
    r"Depth|Layout|nodes|links|Click a node|Plans|Views|challenges|measures|strategic goals|"
    r"covered by)\b"
)

MARKED = """() => Array.from(document.querySelectorAll('[data-i18n]')).map(n => [
    n.getAttribute('data-i18n'),
    JSON.parse(n.getAttribute('data-i18n-fields') || '{}'),
    n.getAttribute('data-i18n-attr') ? n.getAttribute(n.getAttribute('data-i18n-attr')) : n.textContent,
])"""


def marked(watched: Watched) -> list[Any]:
    found: list[Any] = watched.page.evaluate(MARKED)
    return found


def assert_all_in(watched: Watched, lang: str) -> None:
    seen = marked(watched)
    assert len(seen) > 25
    for key, fields, shown in seen:
        assert shown == text(key, lang, **fields), (key, lang)


def test_the_graph_view_is_bokmal_by_default_and_switches_every_word(
    server: Server, watched: Watched
) -> None:
    open_view(watched, server.url + "/viz")
    assert watched.page.evaluate("document.documentElement.lang") == "nb"
    assert_all_in(watched, "nb")
    body = watched.page.locator("body").inner_text()
    assert not ENGLISH.search(body), ENGLISH.search(body)
    assert "Vis overlapp mellom tiltak" in body
    legend = watched.page.locator(".legend").inner_text()
    assert "Utfordring" in legend and "adresserer" in legend
    for lang in ("en", "nn", "nb"):
        watched.page.click(f".lang-switch button[data-lang={lang}]")
        assert_all_in(watched, lang)
        assert watched.page.evaluate("document.documentElement.lang") == lang
    watched.page.click(".lang-switch button[data-lang=en]")
    body = watched.page.locator("body").inner_text()
    assert "Show overlaps between measures" in body and "Search label" in body
    # The details panel follows the language too.
    watched.page.evaluate("(id) => window.vizShowDetails(id)", 0)
    assert watched.page.locator("#details h3").first.inner_text() in ("Labels", "Links")
    assert_clean(watched)


@pytest.mark.parametrize(
    ("lang", "heading", "english_expected"),
    [
        (None, "Planer, mål, utfordringer og tiltak", False),
        ("nn", "Planar, mål, utfordringar og tiltak", False),
        ("en", "Plans, goals, challenges and measures", True),
    ],
)
def test_the_landing_page_is_in_one_language(
    server: Server, watched: Watched, lang: str | None, heading: str, english_expected: bool
) -> None:
    watched.page.goto(server.url + "/" + (f"?lang={lang}" if lang else ""))
    assert watched.page.locator("h1").inner_text() == heading
    body = watched.page.locator("body").inner_text()
    assert bool(ENGLISH.search(body)) is english_expected, ENGLISH.search(body)
    assert_clean(watched)


def test_an_error_page_speaks_the_language_asked_for(server: Server, watched: Watched) -> None:
    response = watched.page.goto(server.url + "/viz?theme=https://e.org/none&lang=nn")
    assert response.status == 404
    assert watched.page.locator("h1").inner_text() == "Ikkje funne"
    assert "Tilbake til heile grafen" in watched.page.locator("body").inner_text()


@pytest.mark.parametrize(
    ("lang", "button", "rows"),
    [(None, "Kjør", "rad(er)"), ("nn", "Køyr", "rad(er)"), ("en", "Run", "row(s)")],
)
def test_the_sparql_page_is_in_one_language(
    server: Server, watched: Watched, lang: str | None, button: str, rows: str
) -> None:
    watched.page.goto(server.url + "/sparql" + (f"?lang={lang}" if lang else ""))
    page = watched.page
    assert page.evaluate("document.documentElement.lang") == (lang or "nb")
    assert page.locator("#run").inner_text() == button
    for key, _fields, shown in marked(watched):
        assert shown == text(key, lang or "nb"), key
    page.click("#run")
    page.wait_for_function("() => /\\d/.test(document.getElementById('status').textContent)")
    assert page.locator("#status").inner_text().endswith(rows)
    body = page.locator("body").inner_text()
    assert bool(re.search(r"\b(Query|Run|Read-only|row\(s\))\b", body)) is (lang == "en")
    assert_clean(watched)
