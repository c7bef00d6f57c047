"""Readable labels in /viz: short labels for themes, goals and the focus node at the default
(whole-graph) zoom, the full label of the node under the mouse, full labels zoomed in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser.conftest import Server, Watched
from tests.browser.test_viz_browser import DIMENSJONERING, assert_clean, open_view

pytestmark = [pytest.mark.browser, pytest.mark.server]


def drawn(watched: Watched) -> dict[str, str]:
    """IRI -> the label drawn over the canvas in the last frame."""
    labels: dict[str, str] = watched.page.evaluate(
        """() => { window.vizNetwork.redraw();
                   return Object.fromEntries(window.vizDrawnLabels().map(
                       l => [window.vizMeta[l.id].iri, l.text])); }"""
    )
    return labels


def kinds(watched: Watched) -> dict[str, Any]:
    found: dict[str, Any] = watched.page.evaluate(
        "() => Object.fromEntries(window.vizMeta.map(m => [m.iri, [m.kind, m.labels.nb]]))"
    )
    return found


def test_short_labels_for_themes_and_goals_at_the_default_zoom(
    server: Server, watched: Watched
) -> None:
    open_view(watched, server.url + "/viz")
    scale = watched.page.evaluate("() => window.vizNetwork.getScale()")
    assert scale * 13 < 9, "the whole graph is drawn too small for vis-network's own labels"
    labels, meta = drawn(watched), kinds(watched)
    expected = {iri for iri, (kind, _label) in meta.items() if kind in ("theme", "goal")}
    assert set(labels) == expected
    for iri, text in labels.items():
        full = meta[iri][1]
        assert len(text) <= 25
        assert text == full or (text.endswith("…") and full.startswith(text[:-1]))
    assert any(text.endswith("…") for text in labels.values())  # long goals are shortened
    assert_clean(watched)


def test_the_node_under_the_mouse_gets_its_full_label(server: Server, watched: Watched) -> None:
    open_view(watched, server.url + "/viz")
    meta = kinds(watched)
    point = watched.page.evaluate(
        """(iri) => { const net = window.vizNetwork, id = window.vizIdOf(iri);
                      return net.canvasToDOM(net.getPositions([id])[id]); }""",
        DIMENSJONERING,
    )
    box = watched.page.locator("#network").bounding_box()
    watched.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    watched.page.wait_for_function(
        "(iri) => window.vizDrawnLabels().some(l => window.vizMeta[l.id].iri === iri)",
        arg=DIMENSJONERING,
        timeout=10_000,
    )
    assert drawn(watched)[DIMENSJONERING] == meta[DIMENSJONERING][1]


def test_zoomed_in_vis_network_draws_the_full_labels(server: Server, watched: Watched) -> None:
    open_view(watched, server.url + "/viz")
    watched.page.evaluate("() => window.vizNetwork.moveTo({scale: 1.2, animation: false})")
    assert drawn(watched) == {}
    # Every node keeps its full label in the data vis-network draws from.
    labels = watched.page.evaluate(
        "() => window.vizNetwork.body.data.nodes.get().map(n => [n.id, n.label])"
    )
    meta = watched.page.evaluate("() => window.vizMeta.map(m => m.labels.nb)")
    assert all(label == meta[i] for i, label in labels)


def test_the_focus_node_gets_a_short_label(server: Server, watched: Watched) -> None:
    open_view(watched, server.url + "/viz?" + urlencode({"focus": DIMENSJONERING, "depth": 2}))
    watched.page.evaluate("() => window.vizNetwork.moveTo({scale: 0.1, animation: false})")
    assert DIMENSJONERING in drawn(watched)
