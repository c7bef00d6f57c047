"""The web visualisation: which nodes to draw, where, and the page that draws them.

``build_view`` selects nodes and links with server-side filters and lays them out;
``render_page`` turns a view into the HTML page served at ``/viz`` (scripts and styles from
``/static/viz/``), ``render_export`` into one self-contained file (scripts and styles inlined,
a Content-Security-Policy in a meta tag). pyvis builds the vis-network node and edge data and
ships vis-network itself; the page template is plangraph's own, so every text from the data is
escaped and no script or style comes from anywhere but the page's own server or file.
"""

from __future__ import annotations

from plangraph.viz.render import (
    PAGE_CSP,
    STATIC_ASSETS,
    render_error,
    render_export,
    render_landing,
    render_page,
    script_json,
    static_asset,
)
from plangraph.viz.view import (
    DEFAULT_MAX_NODES,
    KINDS,
    LAYOUTS,
    MAX_LIMIT,
    View,
    ViewFilters,
    build_view,
    kinds_of,
    node_details,
    view_choices,
)

__all__ = [
    "DEFAULT_MAX_NODES",
    "KINDS",
    "LAYOUTS",
    "MAX_LIMIT",
    "PAGE_CSP",
    "STATIC_ASSETS",
    "View",
    "ViewFilters",
    "build_view",
    "kinds_of",
    "node_details",
    "render_error",
    "render_export",
    "render_landing",
    "render_page",
    "script_json",
    "static_asset",
    "view_choices",
]
