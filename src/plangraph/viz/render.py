"""Turning a view into HTML: the served page, the self-contained export, the landing page.

pyvis builds the vis-network node and edge records (``pyvis.network.Network``) and ships
vis-network 9.1.2 itself (``pyvis/lib/vis-9.1.2``); the page template is plangraph's own. pyvis's
template is not used: it always links Bootstrap from a CDN, its ``local`` mode still loads
vis-network from cdnjs, it does not escape the heading, and it switches node tooltips to raw HTML
(``popup.innerHTML = title``) as soon as any title contains ``href``.

Safety, in one place:

- the Jinja environment autoescapes every value; only the packaged scripts and styles and the
  legend's own SVG are marked safe;
- the view travels as JSON in ``<script type="application/json">`` with ``<``, ``>``, ``&``
  and the JavaScript line separators escaped (``script_json``), so no label can close the
  script element;
- the page's script writes data into the DOM only with ``textContent``; vis-network draws
  labels on a canvas and shows string tooltips with ``innerText``;
- the served page loads scripts and styles only from its own origin (``PAGE_CSP``: no inline
  script at all); the export inlines them and allows exactly those by their SHA-256 hashes in a
  ``<meta>`` Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from markupsafe import Markup
from rdflib import URIRef

from plangraph.errors import NotFoundError
from plangraph.i18n import catalogue, text
from plangraph.labels import LANGUAGES, pick_label
from plangraph.store import PlanStore
from plangraph.viz.view import KINDS, View
from plangraph.vocab import PG

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "PAGE_CSP",
    "STATIC_ASSETS",
    "export_csp",
    "render_error",
    "render_export",
    "render_landing",
    "render_page",
    "script_json",
    "static_asset",
    "vis_data",
]

LABEL_DRAW_PX = 9
"""The smallest on-screen size (px) at which vis-network draws a node's full label."""

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
"""The Content-Security-Policy of the served pages: everything from the page's own origin."""


@cache
def _vis_dir() -> Traversable:
    """vis-network as pyvis ships it (the pages serve their own copy, nothing from a CDN).

    Found on first use, as pyvis is imported (with networkx under it) only in ``vis_data``: a
    server starts without them."""
    return files("pyvis") / "lib" / "vis-9.1.2"


STATIC_ASSETS: dict[str, str] = {
    "vis-network.min.js": "text/javascript; charset=utf-8",
    "vis-network.min.css": "text/css; charset=utf-8",
    "viz.js": "text/javascript; charset=utf-8",
    "viz.css": "text/css; charset=utf-8",
}
"""The files served under ``/static/viz/``, with their media types."""


@cache
def static_asset(name: str) -> bytes:
    """The bytes of one of ``STATIC_ASSETS`` (vis-network from pyvis, the rest packaged here)."""
    if name not in STATIC_ASSETS:
        raise NotFoundError(f"no static file {name!r}")
    if name == "vis-network.min.js":
        return (_vis_dir() / "vis-network.min.js").read_bytes()
    if name == "vis-network.min.css":
        return (_vis_dir() / "vis-network.css").read_bytes()
    return (files("plangraph.viz") / "assets" / name).read_bytes()


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left.

    >>> script_json({"label": "</script><b>&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _trusted(text: str) -> Markup:
    """Mark text as safe markup. Only for text made here: packaged assets (checked for closing
    tags), the legend's SVG built from constants, and ``script_json`` output."""
    return Markup(text)  # noqa: S704 - never called with data from the store unescaped


# -- how each kind of node and link looks ----------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    shape: str
    background: str
    border: str
    size: int


_NODE_STYLE = {
    "organisation": _Style("triangle", "#5d6d7e", "#2c3e50", 22),
    "plan": _Style("diamond", "#a47148", "#6e4a2c", 20),
    "goal": _Style("star", "#f4c20d", "#a67c00", 22),
    "theme": _Style("hexagon", "#9b7fd1", "#5e3fa3", 18),
    "challenge": _Style("dot", "#5b9bd5", "#2e6da4", 12),
    "measure": _Style("square", "#5cb85c", "#2d7a2d", 11),
}
_UNCOVERED = _Style("dot", "#e74c3c", "#8b0000", 14)

_EDGE_STYLE: dict[str, dict[str, Any]] = {
    "addresses": {"color": "#2d7a2d", "width": 2},
    "contributesTo": {"color": "#c99a00", "width": 1.5},
    "inTheme": {"color": "#b0b0b0", "width": 1},
    "subChallengeOf": {"color": "#2e6da4", "width": 1, "dashes": True},
    "partOfPlan": {"color": "#c8b39b", "width": 1},
    "publisher": {"color": "#8d99a6", "width": 1},
    "themeMatch": {"color": "#7d5fc0", "width": 2, "dashes": True},
    "overlap": {"color": "#d35400", "width": 2, "dashes": [4, 4]},
}


_KIND_CLASS = {
    "organisation": PG.Organisation,
    "plan": PG.Plan,
    "goal": PG.StrategicGoal,
    "theme": PG.ThemeArea,
    "challenge": PG.Challenge,
    "measure": PG.Measure,
}


def _kind_labels(store: PlanStore) -> dict[str, dict[str, str]]:
    """Names of the kinds per language, from the ontology's labels."""
    out: dict[str, dict[str, str]] = {code: {} for code in LANGUAGES}
    for kind, cls in _KIND_CLASS.items():
        rows = store.named_query("node_labels", {"node": URIRef(cls)})
        for code in LANGUAGES:
            out[code][kind] = pick_label([r["label"] for r in rows], code, default=kind)
    return out


def _svg(kind: str, uncovered: bool = False) -> Markup:
    style = _UNCOVERED if uncovered else _NODE_STYLE[kind]
    fill, stroke = style.background, style.border
    shapes = {
        "triangle": '<polygon points="8,1 15,15 1,15"/>',
        "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
        "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
        "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
        "dot": '<circle cx="8" cy="8" r="6"/>',
        "square": '<rect x="2" y="2" width="12" height="12"/>',
    }
    width = 3 if uncovered else 1.5
    return _trusted(
        f'<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}">{shapes[style.shape]}</svg>'
    )


def _edge_svg(kind: str) -> Markup:
    style = _EDGE_STYLE[kind]
    dash = ' stroke-dasharray="3,3"' if style.get("dashes") else ""
    return _trusted(
        f'<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">'
        f'<line x1="1" y1="8" x2="15" y2="8" stroke="{style["color"]}" stroke-width="2"{dash}/></svg>'
    )


def _legend(kind_labels: dict[str, str], view: View) -> list[dict[str, Any]]:
    """The legend's entries: a node kind (``kind``, labelled from the ontology) or a catalogue
    message (``message``)."""
    items: list[dict[str, Any]] = [
        {"svg": _svg(kind), "label": kind_labels[kind], "kind": kind} for kind in KINDS
    ]
    items.append({"svg": _svg("challenge", uncovered=True), "message": "viz.gap", "kind": None})
    kinds_drawn = {e["kind"] for e in view.edges}
    for kind in _EDGE_STYLE:
        if kind in kinds_drawn:
            items.append({"svg": _edge_svg(kind), "message": f"viz.edge.{kind}", "kind": None})
    return items


# -- the vis-network data ----------------------------------------------------------------------


def _options(view: View) -> dict[str, Any]:
    big = len(view.nodes) > 1000
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": not big,
            "tooltipDelay": 300,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "groups": _groups(),
        "nodes": {
            "font": {"size": 13, "face": "system-ui, sans-serif"},
            # Below 9 px on screen a label is unreadable: vis-network leaves it out, and the
            # page draws short labels of the key nodes instead (viz.js).
            "scaling": {"label": {"drawThreshold": LABEL_DRAW_PX}},
            "borderWidth": 1.5,
            # Long labels (a challenge is a whole bullet) wrap instead of running into others.
            "widthConstraint": {"maximum": 150},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "selectionWidth": 2,
        },
    }


def _groups() -> dict[str, Any]:
    """One vis-network group per kind (and one for gaps), so nodes carry no style of their own."""
    groups: dict[str, Any] = {}
    for name, style, border in [
        *((kind, _NODE_STYLE[kind], 1.5) for kind in KINDS),
        ("gap", _UNCOVERED, 4),
    ]:
        groups[name] = {
            "shape": style.shape,
            "size": style.size,
            "borderWidth": border,
            "color": {
                "background": style.background,
                "border": style.border,
                "highlight": {"background": style.background, "border": "#000000"},
                "hover": {"background": style.background, "border": "#000000"},
            },
        }
    return groups


def vis_data(
    view: View, kind_labels: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """The vis-network nodes, edges and options of ``view``, built with pyvis.

    Nodes are numbered in view order (``id`` = index; the page maps it back to the IRI) and
    styled by group, which keeps a 2,000-node page small enough to load fast.
    """
    from pyvis.edge import Edge
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="local")
    index = {n["id"]: i for i, n in enumerate(view.nodes)}
    for i, n in enumerate(view.nodes):
        uncovered = n["kind"] == "challenge" and not n.get("covered", True)
        # A plain-text tooltip: vis-network shows a string title with innerText.
        title = f"{(kind_labels or {}).get(n['kind'], n['kind'])}: {n['label']}"
        net.add_node(
            i,
            label=n["label"],
            title=title,
            group="gap" if uncovered else n["kind"],
            x=n["x"],
            y=n["y"],
        )
    # pyvis's add_edge checks every edge against the node list (quadratic); the view's edges
    # are already unique and between drawn nodes, so the records are built directly. Arrows
    # come from the options, so the records are built undirected.
    for e in view.edges:
        extra: dict[str, Any] = {"id": e["id"], **_EDGE_STYLE[e["kind"]]}
        if e["kind"] == "overlap":
            extra["hidden"] = not view.filters.overlaps
            extra["overlap"] = True
            extra["arrows"] = {"to": {"enabled": False}}
            extra["width"] = 1 + min(int(e.get("shared_count", 1)), 5)
            extra["sharedCount"] = int(e.get("shared_count", 0))
            extra["title"] = text("viz.shared", view.filters.lang, count=extra["sharedCount"])
        elif e["kind"] == "themeMatch":
            extra["title"] = e["predicate"]
        net.edges.append(Edge(index[e["from"]], index[e["to"]], False, **extra).options)
    nodes, edges, _heading, _height, _width, _options_json = net.get_network_data()
    for record in nodes:
        # pyvis always writes a shape ("dot"), which would override the group's.
        record.pop("shape", None)
    return nodes, edges, _options(view)


def _page_data(
    view: View,
    store: PlanStore,
    *,
    server: bool,
    api_node_url: str | None,
    details_url: str | None = None,
) -> dict[str, Any]:
    kinds = _kind_labels(store)
    nodes, edges, options = vis_data(view, kinds[view.filters.lang])
    meta = []
    for n in view.nodes:
        # Only the languages whose label differs from Bokmål's; the page falls back to nb.
        labels = {"nb": n["labels"]["nb"]}
        labels.update({code: v for code, v in n["labels"].items() if v != labels["nb"]})
        entry: dict[str, Any] = {"iri": n["iri"], "kind": n["kind"], "labels": labels}
        if n["kind"] in ("theme", "goal") or n["iri"] == view.filters.focus:
            entry["key"] = True  # gets a short label when zoomed out (viz.js)
        if n["kind"] == "challenge":
            entry["covered"] = n.get("covered")
        meta.append(entry)
    return {
        "lang": view.filters.lang,
        "server": server,
        "apiNodeUrl": api_node_url,
        "detailsUrl": details_url,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "meta": meta,
        "details": view.details,
        "ui": {"kinds": kinds, "messages": _page_messages()},
    }


@cache
def _page_messages() -> dict[str, dict[str, str]]:
    """The graph view's messages (``viz.*``, ``page.*``) in every language: the page switches without a
    round trip, and the static export has no server to ask."""
    return {
        code: {k: v for k, v in catalogue(code).items() if k.startswith(("viz.", "page."))}
        for code in LANGUAGES
    }


# -- templates ---------------------------------------------------------------------------------


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # here: a server imports viz for PAGE_CSP; only the pages need templates

    templates = files("plangraph.viz") / "templates"
    loader = jinja2.DictLoader(
        {
            name: (templates / name).read_text(encoding="utf-8")
            for name in ("viz.html", "landing.html", "error.html")
        }
    )
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def _translators(lang: str) -> dict[str, Any]:
    """The templates' words, from the catalogue of ``lang``:

    - ``t(key, **fields)``: the text (escaped by the template like any value);
    - ``msg(key, **fields)``: the text in a ``<span data-i18n>`` that the graph view's script
      rewrites when the reader picks another language;
    - ``i18n(key, **fields)``: just those attributes, for an element that can hold no span
      (an ``<option>``; ``attr`` names an attribute to fill instead of the text).
    """

    def t(key: str, **fields: Any) -> str:
        return text(key, lang, **fields)

    def i18n(key: str, attr: str | None = None, **fields: Any) -> Markup:
        out = Markup(' data-i18n="{}"').format(key)
        if fields:
            out += Markup(" data-i18n-fields='{}'").format(json.dumps(fields, ensure_ascii=False))
        if attr:
            out += Markup(' data-i18n-attr="{}"').format(attr)
        return out

    def msg(key: str, **fields: Any) -> Markup:
        return Markup("<span{}>{}</span>").format(i18n(key, **fields), t(key, **fields))

    return {"t": t, "msg": msg, "i18n": i18n}


def _context(
    view: View,
    store: PlanStore,
    *,
    server: bool,
    api_node_url: str | None,
    details_url: str | None = None,
) -> dict[str, Any]:
    kind_labels = _kind_labels(store)[view.filters.lang]
    params = view.filters.as_params()

    def query(**changes: str | None) -> str:
        merged: dict[str, str] = dict(params)
        for key, value in changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return "?" + urlencode(merged) if merged else ""

    title = "viz.title.gaps" if view.filters.gaps_only else "viz.title.graph"
    return {
        **_translators(view.filters.lang),
        "lang": view.filters.lang,
        "languages": LANGUAGES,
        "title": title,
        "server": server,
        "home_url": "/" if server else "#",
        "query": query,
        "filters": view.filters,
        "choices": view.choices,
        "kinds": KINDS,
        "kind_labels": kind_labels,
        "applied": sorted(params.items()),
        "notes": view.note_messages,
        "shown": len(view.nodes),
        "total": view.total_nodes,
        "edge_count": view.link_count(),
        "overlap_count": view.overlap_count(),
        "legend": _legend(kind_labels, view),
        "data_json": _trusted(
            script_json(
                _page_data(
                    view, store, server=server, api_node_url=api_node_url, details_url=details_url
                )
            )
        ),
    }


def render_page(
    view: View,
    store: PlanStore,
    *,
    static_url: str = "/static/viz",
    api_node_url: str | None = None,
    details_url: str | None = None,
) -> str:
    """The page served at ``/viz``: scripts and styles from ``static_url`` (send ``PAGE_CSP``).

    ``api_node_url`` is the prefix the details panel puts before a node's (encoded) IRI to
    link to it in the API; without it the panel links to the IRI itself. ``details_url`` is
    where the panel fetches a node's details (``?iri=...&lang=...``) when the view does not
    carry them.
    """
    context = _context(view, store, server=True, api_node_url=api_node_url, details_url=details_url)
    return (
        _environment()
        .get_template("viz.html")
        .render(**context, inline=False, static_url=static_url, meta_csp=None)
    )


def _text(name: str) -> str:
    return static_asset(name).decode("utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def export_csp(scripts: list[str], styles: list[str]) -> str:
    """A Content-Security-Policy allowing exactly these inline scripts and styles, nothing else."""
    return (
        "default-src 'none'; "
        f"script-src {' '.join(_hash(s) for s in scripts)}; "
        f"style-src {' '.join(_hash(s) for s in styles)}; "
        "img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'"
    )


_CLOSING = re.compile(r"</(script|style)", re.IGNORECASE)


def _inline(text: str) -> str:
    # A packaged file holding "</script" or "</style" would end its element early.
    if _CLOSING.search(text):
        raise ValueError("an asset holds a closing script or style tag")
    # The HTML parser turns CR and CRLF into LF before the browser hashes an inline script, so
    # the text is normalised the same way first, or its hash would not match.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def render_export(view: View, store: PlanStore) -> str:
    """The view as one self-contained HTML file: no request leaves it, not even to a server."""
    context = _context(view, store, server=False, api_node_url=None)
    vis_js, viz_js = _inline(_text("vis-network.min.js")), _inline(_text("viz.js"))
    vis_css, viz_css = _inline(_text("vis-network.min.css")), _inline(_text("viz.css"))
    return (
        _environment()
        .get_template("viz.html")
        .render(
            **context,
            inline=True,
            static_url="",
            vis_js=_trusted(vis_js),
            viz_js=_trusted(viz_js),
            vis_css=_trusted(vis_css),
            viz_css=_trusted(viz_css),
            meta_csp=export_csp([vis_js, viz_js], [vis_css, viz_css]),
        )
    )


def render_landing(
    store: PlanStore,
    *,
    lang: str,
    summary: dict[str, Any] | None,
    summary_error: str = "",
    plans: list[dict[str, Any]],
    choices: dict[str, list[dict[str, Any]]],
    static_url: str = "/static/viz",
) -> str:
    """The landing page: what is loaded, the headline figures, links into the views."""
    share = ""
    if summary:
        share = f"{round(float(summary.get('share', 0.0)) * 100)} %"
    return (
        _environment()
        .get_template("landing.html")
        .render(
            **_translators(lang),
            lang=lang,
            languages=LANGUAGES,
            static_url=static_url,
            quads=len(store),
            graphs=len(store.graph_names()),
            summary=summary,
            summary_error=summary_error,
            share=share,
            plans=[p for p in plans if p.get("graph")],
            organisations=choices.get("org", []),
            themes=choices.get("theme", []),
        )
    )


def render_error(
    status: int, message: str, *, static_url: str = "/static/viz", lang: str = "nb"
) -> str:
    """A small page saying what was wrong with the request (the message is escaped)."""
    title = text("error.not_found" if status == 404 else "error.bad_request", lang)
    return (
        _environment()
        .get_template("error.html")
        .render(
            **_translators(lang),
            lang=lang,
            status=status,
            title=title,
            message=message,
            static_url=static_url,
        )
    )
