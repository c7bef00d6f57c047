"""A picture of what changed between two versions of a plan (``/viz/diff/{plan}``).

One column per theme area, one box per item, marked by what happened to it: added, removed,
changed or unchanged (colour and, for readers who cannot tell the colours apart, a sign and a
dashed border for removed items), with a legend; the links added and removed are listed below.
Plain SVG and HTML: no script, no style from elsewhere (the page's CSS is its own file).
"""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["DIFF_CSS", "render_diff_page"]

STATES = {
    # state: (fill, stroke, sign, label nb, label nn, label en)
    "added": ("#d8f3dc", "#1b7a3a", "+", "Ny", "Ny", "Added"),
    "removed": ("#fde2e1", "#b3261e", "−", "Fjernet", "Fjerna", "Removed"),
    "changed": ("#fff1c2", "#8a6100", "~", "Endret", "Endra", "Changed"),
    "unchanged": ("#f1f3f5", "#6c757d", "", "Uendret", "Uendra", "Unchanged"),
}
_WORDS = {
    "nb": {
        "title": "Endringer i {plan}: versjon {old} til {new}",
        "legend": "Tegnforklaring",
        "links": "Koblinger",
        "link_added": "ny kobling",
        "link_removed": "fjernet kobling",
        "no_theme": "(uten tema)",
        "none": "Ingen endrede koblinger.",
    },
    "nn": {
        "title": "Endringar i {plan}: versjon {old} til {new}",
        "legend": "Teiknforklaring",
        "links": "Koplingar",
        "link_added": "ny kopling",
        "link_removed": "fjerna kopling",
        "no_theme": "(utan tema)",
        "none": "Ingen endra koplingar.",
    },
    "en": {
        "title": "Changes in {plan}: version {old} to {new}",
        "legend": "Legend",
        "links": "Links",
        "link_added": "link added",
        "link_removed": "link removed",
        "no_theme": "(no theme)",
        "none": "No links changed.",
    },
}

DIFF_CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #212529; }
h1 { font-size: 1.4rem; }
.legend { display: flex; gap: 1.2rem; list-style: none; padding: 0; }
.legend li { display: flex; align-items: center; gap: .4rem; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; margin-top: .5rem; }
td, th { border: 1px solid #ced4da; padding: .25rem .5rem; text-align: left; }
tr.added td { background: #d8f3dc; }
tr.removed td { background: #fde2e1; }
"""

_COL, _ROW, _TOP, _BOX_W, _BOX_H = 280, 40, 40, 260, 32
_DASH = ' stroke-dasharray="5 3"'


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render_diff_page(view: dict[str, Any], lang: str, css_url: str) -> str:
    """The page for ``ingest.diff.diff_nodes``'s result, in ``lang`` (nb, nn or en)."""
    words = _WORDS.get(lang, _WORDS["nb"])
    col = {"nb": 3, "nn": 4, "en": 5}.get(lang, 3)
    diff = view["diff"]
    columns: dict[str, list[dict[str, Any]]] = {}
    titles: dict[str, str] = {}
    for node in view["nodes"]:
        key = node["theme"]["iri"] if node["theme"] else ""
        titles[key] = node["theme"]["label"] if node["theme"] else words["no_theme"]
        columns.setdefault(key, []).append(node)
    order = sorted(columns, key=lambda k: titles[k])
    height = _TOP + max((len(v) for v in columns.values()), default=0) * _ROW + 10
    width = max(1, len(order)) * _COL
    parts = [
        f'<svg class="diff" role="img" aria-label="{escape(words["legend"])}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    ]
    for c, key in enumerate(order):
        x = c * _COL + 10
        parts.append(
            f'<text x="{x}" y="24" font-weight="bold" font-size="13">'
            f"{escape(_short(titles[key], 36))}</text>"
        )
        for r, node in enumerate(columns[key]):
            fill, stroke, sign, *names = STATES[node["state"]]
            y = _TOP + r * _ROW
            dash = _DASH if node["state"] == "removed" else ""
            label = f"{sign} {node['label']}" if sign else node["label"]
            parts.append(
                f'<g class="node {node["state"]}" data-iri="{escape(node["iri"])}" '
                f'data-state="{node["state"]}"><title>{escape(names[col - 3])}: '
                f"{escape(node['label'])} ({escape(node['kind'])})</title>"
                f'<rect x="{x}" y="{y}" width="{_BOX_W}" height="{_BOX_H}" rx="6" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}/>'
                f'<text x="{x + 8}" y="{y + 21}" font-size="12">{escape(_short(label))}</text></g>'
            )
    parts.append("</svg>")
    legend = "".join(
        f'<li data-state="{state}"><svg width="28" height="18" aria-hidden="true"><rect x="1" '
        f'y="1" width="26" height="16" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="2"'
        f"{_DASH if state == 'removed' else ''}/></svg>"
        f"{escape(sign + ' ' if sign else '')}{escape(names[col - 3])}</li>"
        for state, (fill, stroke, sign, *names) in STATES.items()
    )
    rows = [
        f'<tr class="{cls}"><td>{escape(words[key])}</td><td>{escape(link["subject"]["label"])}'
        f"</td><td>{escape(link['predicate'])}</td><td>{escape(link['object']['label'])}</td></tr>"
        for cls, key, links in (
            ("added", "link_added", diff["links_added"]),
            ("removed", "link_removed", diff["links_removed"]),
        )
        for link in links
    ]
    links = f"<table><tbody>{''.join(rows)}</tbody></table>" if rows else f"<p>{words['none']}</p>"
    title = words["title"].format(
        plan=diff["plan"], old=diff["from"]["label"], new=diff["to"]["label"]
    )
    return (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{escape(css_url)}"></head><body>'
        f"<h1>{escape(title)}</h1>"
        f'<h2>{escape(words["legend"])}</h2><ul class="legend">{legend}</ul>'
        f'<div class="wrap">{"".join(parts)}</div>'
        f"<h2>{escape(words['links'])}</h2>{links}</body></html>"
    )
