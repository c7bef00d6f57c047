"""The pages in headless Chromium against a real ``plangraph serve``.

Every test checks that nothing was logged as an error (CSP violations are console errors) and
that no request left the machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest

from plangraph import analysis
from plangraph.store import open_store
from tests.browser.conftest import Server, Watched
from tests.helpers import run_cli

pytestmark = [pytest.mark.browser, pytest.mark.server]

ID = "https://w3id.org/plangraph/id/"
DIMENSJONERING = ID + "challenge/hmn-2021/beredskap-4"
BEREDSKAP = ID + "theme/hmn/beredskap"
MARKUP_CHALLENGE = "https://example.org/plangraph-test/challenge/markup-1"
MARKUP_MEASURE = "https://example.org/plangraph-test/measure/markup-1"


def assert_clean(watched: Watched, allowed_schemes: tuple[str, ...] = ("http",)) -> None:
    assert watched.console == [], watched.console
    for url in watched.requests:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob"):
            continue
        assert parsed.scheme in allowed_schemes, url
        if parsed.scheme == "http":
            assert parsed.hostname in ("127.0.0.1", "localhost"), url


def open_view(watched: Watched, url: str) -> None:
    watched.page.goto(url)
    watched.page.wait_for_function("() => window.__vizReady === true", timeout=30_000)


def drawn_ids(watched: Watched) -> list[str]:
    ids: list[str] = watched.page.evaluate(
        "() => window.vizNetwork.body.data.nodes.getIds().map(id => window.vizMeta[id].iri)"
    )
    return ids


def click_node(watched: Watched, iri: str) -> None:
    """Click the node on the canvas where vis-network drew it (centred and zoomed first)."""
    page = watched.page
    point = page.evaluate(
        """(id) => {
            const net = window.vizNetwork;
            const n = window.vizIdOf(id);
            net.moveTo({position: net.getPositions([n])[n], scale: 2, animation: false});
            return net.canvasToDOM(net.getPositions([n])[n]);
        }""",
        iri,
    )
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_landing_page_and_its_gaps_link_draw_exactly_the_uncovered_challenges(
    server: Server, watched: Watched
) -> None:
    """The landing page's figures, then its "Bare hull" link: the gaps view it opens
    (``/viz?gaps=1&lang=nb``, the default language) draws exactly the uncovered challenges.

    One page load for both (they were two tests, the second loading ``/viz?gaps=1`` anew)."""
    watched.page.goto(server.url + "/")
    figures = analysis.summary(open_store())
    assert watched.page.locator("#fig-gaps").inner_text() == str(figures["gaps"])
    assert watched.page.locator("#fig-challenges").inner_text() == str(figures["challenges"])
    assert watched.page.locator("#fig-overlaps").inner_text() == str(figures["overlaps"])
    watched.page.get_by_role("link", name="Bare hull").first.click()
    watched.page.wait_for_function("() => window.__vizReady === true", timeout=30_000)
    assert_clean(watched)
    assert urlparse(watched.page.url).query in ("gaps=1", "gaps=1&lang=nb"), watched.page.url
    challenges = watched.page.evaluate(
        "() => window.vizNetwork.body.data.nodes.getIds().map(id => window.vizMeta[id])"
        ".filter(m => m.kind === 'challenge').map(m => m.iri)"
    )
    expected = {r["challenge"]["iri"] for r in analysis.uncovered_challenges(open_store())}
    assert set(challenges) == expected
    assert_clean(watched)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"layout": "force"},
        {"theme": BEREDSKAP},
        {"types": "goal,challenge", "lang": "en"},
        {"focus": DIMENSJONERING, "depth": "1"},
    ],
)
def test_drawn_nodes_match_the_data_endpoint(
    server: Server, watched: Watched, params: dict[str, str]
) -> None:
    query = "?" + urlencode(params) if params else ""
    open_view(watched, server.url + "/viz" + query)
    data = server.get_json("/viz/data.json" + query)
    assert sorted(drawn_ids(watched)) == sorted(n["id"] for n in data["nodes"])
    assert data["nodes"], "the view should not be empty"
    assert_clean(watched)


def test_one_graph_view_relabels_shows_overlaps_shows_details_and_filters(
    server: Server, watched: Watched
) -> None:
    """On one load of ``/viz`` (these were four tests, each loading the same page anew), in
    turn: the language switch relabels the nodes (and back to Bokmål), the overlap edges can be
    switched on, clicking a node shows its source text and links, and a filter from the form
    changes the graph. Each step's assertions are those of the test it was."""
    open_view(watched, server.url + "/viz")
    before = len(drawn_ids(watched))

    # The language switch relabels the nodes.
    def label() -> Any:
        return watched.page.evaluate(
            "(iri) => window.vizNetwork.body.data.nodes.get(window.vizIdOf(iri)).label", BEREDSKAP
        )

    assert label() == "Beredskap"
    watched.page.click(".lang-switch button[data-lang=en]")
    assert label() == "Preparedness"
    watched.page.click(".lang-switch button[data-lang=nn]")
    assert label() == "Beredskap"  # no Nynorsk label: falls back to Bokmål
    watched.page.click(".lang-switch button[data-lang=nb]")
    assert label() == "Beredskap"
    assert_clean(watched)

    # The overlap edges can be switched on.
    count_visible = """() => window.vizNetwork.body.data.edges.get({
        filter: e => e.overlap && !e.hidden
    }).length"""
    assert watched.page.evaluate(count_visible) == 0
    watched.page.check("#show-overlaps")
    pairs = analysis.overlapping_measures(open_store())
    assert watched.page.evaluate(count_visible) == len(pairs)
    assert_clean(watched)

    # Clicking a node shows its source text and links.
    click_node(watched, DIMENSJONERING)
    panel = watched.page.locator("#details")
    panel.locator(".source-text").wait_for()
    assert panel.locator("h2").inner_text() == "Dimensjonering av beredskap"
    assert panel.locator(".source-text").inner_text() == "Dimensjonering av beredskap"
    text = panel.inner_text()
    assert "Helseberedskap" in text and "curated" in text
    api = panel.locator("a.api-link").get_attribute("href")
    assert api is not None and api.startswith("/api/node?iri=")
    assert_clean(watched)

    # A filter from the form changes the graph.
    watched.page.select_option("select[name=theme]", BEREDSKAP)
    watched.page.click("form.filters button[type=submit]")
    watched.page.wait_for_url("**/viz?*theme=*")
    watched.page.wait_for_function("() => window.__vizReady === true", timeout=30_000)
    after = drawn_ids(watched)
    data = server.get_json("/viz/data.json?" + urlencode({"theme": BEREDSKAP}))
    assert len(after) < before
    assert sorted(after) == sorted(n["id"] for n in data["nodes"])
    assert_clean(watched)


def test_markup_in_labels_shows_as_text(markup_server: Server, watched: Watched) -> None:
    open_view(watched, markup_server.url + "/viz")
    click_node(watched, MARKUP_CHALLENGE)
    panel = watched.page.locator("#details")
    panel.locator(".source-text").wait_for()
    assert panel.locator("h2").inner_text() == (
        "<img src=x onerror=\"window.__xss='label'\"> Dimensjonering"
    )
    assert panel.locator(".source-text").inner_text() == (
        "Kildetekst </script><script>window.__xss='text'</script> & <i>mer</i>"
    )
    assert "Rationale <script>window.__xss='rationale'</script>" in panel.inner_text()
    assert panel.locator("img, script, svg, i").count() == 0
    # Hover a node with "href" in its label: pyvis's own template would switch to HTML tooltips.
    point = watched.page.evaluate(
        """(id) => {
            const net = window.vizNetwork;
            const n = window.vizIdOf(id);
            net.moveTo({position: net.getPositions([n])[n], scale: 2, animation: false});
            return net.canvasToDOM(net.getPositions([n])[n]);
        }""",
        MARKUP_MEASURE,
    )
    box = watched.page.locator("#network").bounding_box()
    watched.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = watched.page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible")
    assert '<a href="https://example.org">ekstern</a>' in tooltip.inner_text()
    assert tooltip.locator("a").count() == 0
    assert watched.page.evaluate("() => window.__xss") is None
    watched.page.goto(markup_server.url + "/")
    assert watched.page.evaluate("() => window.__xss") is None
    assert_clean(watched)


def test_static_export_opens_from_disk_without_network(tmp_path: Path, watched: Watched) -> None:
    out = tmp_path / "view.html"
    done = run_cli("viz", "--out", str(out), "--layout", "force")
    assert done.returncode == 0, done.stderr
    open_view(watched, out.as_uri())
    assert len(drawn_ids(watched)) == 84  # docs/data-model.md: 2 + 4 + 8 + 13 + 41 + 16
    click_node(watched, DIMENSJONERING)
    watched.page.locator("#details .source-text").wait_for()
    assert_clean(watched, allowed_schemes=("file",))
    assert all(urlparse(u).scheme in ("file", "data") for u in watched.requests)
