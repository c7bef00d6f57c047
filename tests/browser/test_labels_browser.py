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


def test_short_labels_at_the_default_zoom_full_under_the_mouse_and_zoomed_in(
    server: Server, watched: Watched
) -> None:
    """On one load of ``/viz`` (these were three tests, each loading the same page anew), in
    turn: short labels for themes and goals at the default (whole-graph) zoom, the full label of
    the node under the mouse, and (the mouse moved off it) vis-network's own full labels
    zoomed in. Each step's assertions are those of the test it was."""
    open_view(watched, server.url + "/viz")

    # Short labels for themes and goals at the default zoom.
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

    # The node under the mouse gets its full label.
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

    # Zoomed in, vis-network draws the full labels (the mouse off the node first, as on a
    # page just loaded: nothing hovered).
    watched.page.mouse.move(box["x"] + 1, box["y"] + 1)
    watched.page.wait_for_function(
        "(iri) => !window.vizDrawnLabels().some(l => window.vizMeta[l.id].iri === iri)",
        arg=DIMENSJONERING,
        timeout=10_000,
    )
    watched.page.evaluate("() => window.vizNetwork.moveTo({scale: 1.2, animation: false})")
    assert drawn(watched) == {}
    # Every node keeps its full label in the data vis-network draws from.
    in_data = watched.page.evaluate(
        "() => window.vizNetwork.body.data.nodes.get().map(n => [n.id, n.label])"
    )
    full_labels = watched.page.evaluate("() => window.vizMeta.map(m => m.labels.nb)")
    assert all(label == full_labels[i] for i, label in in_data)


def test_the_focus_node_gets_a_short_label(server: Server, watched: Watched) -> None:
    open_view(watched, server.url + "/viz?" + urlencode({"focus": DIMENSJONERING, "depth": 2}))
    watched.page.evaluate("() => window.vizNetwork.moveTo({scale: 0.1, animation: false})")
    assert DIMENSJONERING in drawn(watched)
