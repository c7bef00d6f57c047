"""The report as one self-contained HTML page, in Norwegian Bokmål.

No external resources at all: the CSS is inline, the chart is an inline SVG drawn here, and
there is no script. Every text from the data is escaped (labels are data, never markup); the
only links out are the nodes' own IRIs (http/https only). Each goal, challenge and measure opens
(a ``details`` element) on its verbatim source text, source document, section and position, so
the page works offline.
"""

from __future__ import annotations

from html import escape
from typing import Any

from plangraph.analysis import ANY_ORGANISATION
from plangraph.reports.data import Provenance, ReportData

__all__ = ["SECTIONS", "percent", "render_html"]

SECTIONS: tuple[tuple[str, str], ...] = (
    ("sammendrag", "Sammendrag"),
    ("dekningsmatrise", "Dekningsmatrise"),
    ("dekningsgrad", "Dekningsgrad per temaområde"),
    ("udekkede", "Udekkede utfordringer"),
    ("svakt-dekkede", "Svakt dekkede utfordringer"),
    ("overlappende", "Overlappende tiltak"),
    ("mal-uten-tiltak", "Mål uten tiltak"),
    ("tiltak-uten-kobling", "Tiltak uten kobling"),
)
"""The page's sections: (id, heading)."""

REASONS = {
    "single-measure": "Bare ett tiltak",
    "only-planned": "Bare planlagte tiltak (under planlegging eller kandidat)",
}
"""The weakly-covered reasons in Norwegian."""

_LANGUAGE_NAMES = {"nb": "bokmål", "nn": "nynorsk", "en": "engelsk"}

_CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe1; --accent: #0b5cad; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 78rem; padding: 1.5rem; line-height: 1.45; }
h1 { margin: 0 0 .25rem; font-size: 1.8rem; }
h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
.lead, .note { color: var(--muted); }
nav ol { columns: 2; padding-left: 1.2rem; }
a { color: var(--accent); }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem; }
dl.figures div { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
dl.figures dt { color: var(--muted); font-size: .85rem; }
dl.figures dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .75rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--bg); position: sticky; top: 0; }
td.num, th.num { text-align: right; white-space: nowrap; }
.matrix td.num { min-width: 4.5rem; }
.wrap { overflow-x: auto; }
details summary { cursor: pointer; }
details .source { margin: .4rem 0 .2rem; padding: .5rem .7rem; background: var(--bg); border-left: 3px solid var(--line); }
details .source p { margin: .2rem 0; }
blockquote { margin: .3rem 0; white-space: pre-wrap; }
.meta, .iri { font-size: .8rem; color: var(--muted); word-break: break-all; }
.bar-low { fill: #c0392b; } .bar-mid { fill: #d68910; } .bar-high { fill: #1e8449; }
.chart text { font-size: 12px; fill: var(--ink); }
.chart .axis { stroke: var(--line); }
@media print { nav { display: none; } details { break-inside: avoid; } th { position: static; } }
"""


def percent(share: float) -> str:
    """A share as Norwegian percent: ``0.5`` -> ``"50 %"``."""
    return f"{share * 100:.0f} %"


def _href(iri: str) -> str | None:
    """The IRI as a link target if it is a web IRI; other schemes are not linked."""
    return iri if iri.startswith(("https://", "http://")) else None


def _iri_link(iri: str) -> str:
    target = _href(iri)
    text = escape(iri)
    if target is None:
        return f"<span>{text}</span>"
    return f'<a href="{escape(target, quote=True)}">{text}</a>'


def _plain_node(value: Any) -> str:
    """A node (theme, organisation, plan) as its label linked to its IRI."""
    if not isinstance(value, dict):
        return ""
    label = escape(str(value.get("label") or value.get("iri") or ""))
    target = _href(str(value.get("iri", "")))
    if target is None:
        return label
    return f'<a href="{escape(target, quote=True)}">{label}</a>'


def _source_node(value: Any, provenance: dict[str, Provenance]) -> str:
    """A goal, challenge or measure: its label, opening on its source text and IRI."""
    if not isinstance(value, dict):
        return ""
    iri = str(value.get("iri", ""))
    label = escape(str(value.get("label") or iri))
    found = provenance.get(iri)
    parts = ['<details class="node">', f"<summary>{label}</summary>", '<div class="source">']
    if found is not None:
        where = []
        if found.document_title:
            where.append(f"Kildedokument: <cite>{escape(found.document_title)}</cite>")
        if found.section:
            where.append(f"Avsnitt: {escape(found.section)}")
        if found.position is not None:
            where.append(f"Punkt {found.position}")
        if where:
            parts.append(f'<p class="meta">{" · ".join(where)}</p>')
        lang = f' lang="{escape(found.text_lang, quote=True)}"' if found.text_lang else ""
        parts.append(f"<blockquote{lang}>{escape(found.text)}</blockquote>")
    else:
        parts.append('<p class="meta">Ingen kildetekst registrert.</p>')
    parts.append(f'<p class="iri">{_iri_link(iri)}</p>')
    parts.append("</div></details>")
    return "".join(parts)


def _nodes(values: Any, provenance: dict[str, Provenance]) -> str:
    if not isinstance(values, list) or not values:
        return ""
    return "".join(_source_node(v, provenance) for v in values)


def _table(header: list[tuple[str, str]], rows: list[list[str]], total: int) -> list[str]:
    """A table (header: (text, css class)) of already escaped cells, with a note if cut."""
    if total == 0:
        return ['<p class="note">Ingen funn.</p>']
    head = "".join(f'<th class="{cls}" scope="col">{escape(text)}</th>' for text, cls in header)
    body = [
        "<tr>"
        + "".join(
            f'<td class="{cls}">{cell}</td>' for (_t, cls), cell in zip(header, row, strict=True)
        )
        + "</tr>"
        for row in rows
    ]
    out = ['<div class="wrap"><table>', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    out += body
    out += ["</tbody></table></div>"]
    if total > len(rows):
        out.append(
            f'<p class="note">Viser de første {_count(len(rows))} av {_count(total)} radene; '
            "regnearket har alle.</p>"
        )
    return out


def _count(n: int) -> str:
    """A count with a no-break space between thousands, as Norwegian writes it."""
    return f"{n:,}".replace(",", "\u00a0")


def _summary(data: ReportData) -> list[str]:
    figures = data.summary
    items = [
        ("Utfordringer", f"{figures['challenges']}"),
        ("Dekket av minst ett tiltak", f"{figures['covered']}"),
        ("Dekningsgrad", percent(figures["share"])),
        ("Udekkede utfordringer", f"{figures['gaps']}"),
        ("Svakt dekkede utfordringer", f"{figures['weak']}"),
        ("Par av overlappende tiltak", f"{figures['overlaps']}"),
        ("Mål uten tiltak", f"{figures['goals_without_measures']}"),
        ("Tiltak uten kobling", f"{figures['orphan_measures']}"),
    ]
    cells = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in items)
    return [
        f'<dl class="figures">{cells}</dl>',
        '<p class="note">En utfordring regnes som dekket når et tiltak adresserer den med en '
        "kuratert eller godkjent kobling (pg:addresses). Foreslåtte og avviste koblinger teller "
        "ikke.</p>",
    ]


def _matrix(data: ReportData) -> list[str]:
    matrix = data.matrix
    themes, organisations = matrix["themes"], matrix["organisations"]
    if not themes:
        return ['<p class="note">Ingen funn.</p>']
    cells = {(c["theme"], c["organisation"]): c for c in matrix["cells"]}
    head = ['<th scope="col">Temaområde</th>', '<th class="num" scope="col">Utfordringer</th>']
    head += [f'<th class="num" scope="col">{_plain_node(o)}</th>' for o in organisations]
    head.append('<th class="num" scope="col">Alle</th>')
    rows = []
    for theme in themes:
        total = cells.get((theme["iri"], ANY_ORGANISATION))
        line = [f'<th scope="row">{_plain_node(theme)}</th>']
        line.append(f'<td class="num">{total["challenges"] if total else 0}</td>')
        for org in [*organisations, {"iri": ANY_ORGANISATION}]:
            cell = cells.get((theme["iri"], org["iri"]))
            if cell is None or not cell["covered"]:
                line.append('<td class="num">–</td>')
                continue
            share = float(cell["share"])
            shade = f"background: rgba(30, 132, 73, {0.1 + 0.5 * share:.2f})"
            line.append(
                f'<td class="num" style="{shade}">{cell["covered"]} ({percent(share)})</td>'
            )
        rows.append("<tr>" + "".join(line) + "</tr>")
    return [
        '<p class="note">Rader: temaområdene utfordringene står i. Kolonner: organisasjonene '
        "som har tiltak som adresserer dem. Hver celle: hvor mange av temaets utfordringer "
        "organisasjonens tiltak dekker, og andelen. «Alle»: dekket av hvem som helst.</p>",
        '<div class="wrap"><table class="matrix">',
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>",
        *rows,
        "</tbody></table></div>",
    ]


def _chart(data: ReportData) -> list[str]:
    """Coverage per theme as horizontal bars, drawn as an inline SVG."""
    rows = data.by_theme
    if not rows:
        return ['<p class="note">Ingen funn.</p>']
    label_width, bar_width, row_height, top = 380, 360, 22, 24
    width = label_width + bar_width + 70
    height = top + row_height * len(rows) + 10
    out = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        '<title id="chart-title">Dekningsgrad per temaområde: andel av utfordringene som minst '
        "ett tiltak dekker</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_width + bar_width * tick / 100
        out.append(
            f'<line class="axis" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 8}"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle">{tick} %</text>')
    for index, row in enumerate(rows):
        y = top + index * row_height
        theme = (row.get("theme") or {}).get("label", "")
        org = (row.get("organisation") or {}).get("label", "")
        full = f"{theme} ({org})" if org else str(theme)
        shown = full if len(full) <= 58 else full[:57] + "…"
        share = float(row["share"])
        level = "low" if share < 1 / 3 else "mid" if share < 2 / 3 else "high"
        tooltip = f"{full}: {row['covered']} av {row['challenges']} dekket ({percent(share)})"
        out.append(f"<g><title>{escape(tooltip)}</title>")
        out.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(shown)}</text>'
        )
        out.append(
            f'<rect class="bar-{level}" x="{label_width}" y="{y + 4}" '
            f'width="{max(bar_width * share, 1):.1f}" height="{row_height - 8}"/>'
        )
        out.append(
            f'<text x="{label_width + bar_width * share + 6:.1f}" y="{y + 15}">'
            f"{percent(share)}</text></g>"
        )
    out.append("</svg>")
    table_rows = [
        [
            _plain_node(r["theme"]),
            _plain_node(r["organisation"]),
            str(r["challenges"]),
            str(r["covered"]),
            percent(float(r["share"])),
        ]
        for r in rows
    ]
    header = [
        ("Temaområde", ""),
        ("Organisasjon", ""),
        ("Utfordringer", "num"),
        ("Dekket", "num"),
        ("Dekningsgrad", "num"),
    ]
    return ['<div class="wrap">', *out, "</div>", *_table(header, table_rows, len(rows))]


def render_html(data: ReportData, *, max_rows: int = 1000) -> str:
    """The report page. Long lists show their first ``max_rows`` rows (the workbook has all)."""
    p = data.provenance
    scope_parts = []
    for key, name in (("org", "Organisasjon"), ("plan", "Plan"), ("theme", "Temaområde")):
        value = data.scope.get(key)
        if value:
            scope_parts.append(f"{name}: {_plain_node(value)}")
    scope = "; ".join(scope_parts) if scope_parts else "alle planer i grafen"
    language = _LANGUAGE_NAMES.get(data.lang, data.lang)
    sections: dict[str, list[str]] = {
        "sammendrag": _summary(data),
        "dekningsmatrise": _matrix(data),
        "dekningsgrad": _chart(data),
    }
    gaps = data.gaps[:max_rows]
    sections["udekkede"] = [
        '<p class="note">Utfordringer som ingen tiltak adresserer. '
        f"Totalt: {len(data.gaps)}. {escape(data.considered)}</p>",
        *_table(
            [
                ("Utfordring", ""),
                ("Temaområde", ""),
                ("Organisasjon", ""),
                ("Plan", ""),
                ("Overordnet utfordring", ""),
            ],
            [
                [
                    _source_node(r["challenge"], p),
                    _plain_node(r["theme"]),
                    _plain_node(r["organisation"]),
                    _plain_node(r["plan"]),
                    _source_node(r["parent"], p) if r.get("parent") else "",
                ]
                for r in gaps
            ],
            len(data.gaps),
        ),
    ]
    sections["svakt-dekkede"] = [
        '<p class="note">Utfordringer som bare ett tiltak dekker, eller bare tiltak som ennå er '
        "under planlegging eller kandidater.</p>",
        *_table(
            [
                ("Utfordring", ""),
                ("Temaområde", ""),
                ("Organisasjon", ""),
                ("Tiltak", ""),
                ("Hvorfor svak", ""),
            ],
            [
                [
                    _source_node(r["challenge"], p),
                    _plain_node(r["theme"]),
                    _plain_node(r["organisation"]),
                    _nodes(r["measures"], p),
                    escape(REASONS.get(str(r["reason"]), str(r["reason"]))),
                ]
                for r in data.weak[:max_rows]
            ],
            len(data.weak),
        ),
    ]
    sections["overlappende"] = [
        '<p class="note">Par av tiltak som adresserer de samme utfordringene, flest felles '
        "først. Jaccard = felles utfordringer delt på alle utfordringene de to tiltakene "
        "adresserer.</p>",
        *_table(
            [
                ("Tiltak A", ""),
                ("Tiltak B", ""),
                ("Felles utfordringer", ""),
                ("Antall felles", "num"),
                ("Jaccard", "num"),
            ],
            [
                [
                    _source_node(r["measure_a"], p),
                    _source_node(r["measure_b"], p),
                    _nodes(r["shared"], p),
                    str(r["shared_count"]),
                    percent(float(r["jaccard"])),
                ]
                for r in data.overlaps[:max_rows]
            ],
            len(data.overlaps),
        ),
    ]
    sections["mal-uten-tiltak"] = [
        '<p class="note">Strategiske mål som ingen tiltak bidrar til, direkte eller gjennom en '
        "utfordring det adresserer.</p>",
        *_table(
            [("Mål", ""), ("Plan", "")],
            [
                [_source_node(r["goal"], p), _plain_node(r["plan"])]
                for r in data.goals_without_measures[:max_rows]
            ],
            len(data.goals_without_measures),
        ),
    ]
    sections["tiltak-uten-kobling"] = [
        '<p class="note">Tiltak som verken adresserer en utfordring eller bidrar til et mål.</p>',
        *_table(
            [("Tiltak", ""), ("Plan", ""), ("Organisasjon", "")],
            [
                [
                    _source_node(r["measure"], p),
                    _plain_node(r["plan"]),
                    _plain_node(r.get("organisation")),
                ]
                for r in data.orphans[:max_rows]
            ],
            len(data.orphans),
        ),
    ]
    nav = "".join(f'<li><a href="#{sid}">{escape(title)}</a></li>' for sid, title in SECTIONS)
    body: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="nb">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Dekningsrapport – plangraph</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>Dekningsrapport</h1>",
        f'<p class="lead">Utvalg: {scope}. Etiketter på {escape(language)}. '
        f"Laget {escape(data.generated)} med plangraph.</p>",
        "</header>",
        f'<nav aria-label="Innhold"><ol>{nav}</ol></nav>',
        "<main>",
    ]
    for sid, title in SECTIONS:
        body.append(f'<section id="{sid}">')
        body.append(f"<h2>{escape(title)}</h2>")
        body += sections[sid]
        body.append("</section>")
    body += [
        "</main>",
        '<footer><p class="note">Klikk på en utfordring, et tiltak eller et mål for å se '
        "kildeteksten ordrett, kildedokumentet og avsnittet den står i.</p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(body)
