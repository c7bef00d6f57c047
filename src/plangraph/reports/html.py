"""The report as one self-contained HTML page, in the report's language (Bokmål by default).

Written through a Jinja2 template (``templates/report.html``) with autoescape on, like the graph
view: every text from the data is escaped (labels are data, never markup); the only links out
are the nodes' own IRIs (http/https only). No external resources at all: the CSS is inline, the
chart is an inline SVG, and there is no script. Each goal, challenge and measure opens (a
``details`` element) on its verbatim source text, source document, section and position, so
the page works offline. The sections and their columns are ``layout.SECTIONS``, shared with the
workbook.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from plangraph.analysis import ANY_ORGANISATION
from plangraph.i18n import catalogue, text
from plangraph.reports.data import ReportData
from plangraph.reports.layout import FIGURES, SECTIONS, TABLES, Column, Section

if TYPE_CHECKING:
    import jinja2

Row = dict[str, Any]

__all__ = ["percent", "reason_text", "render_html"]

_NUMERIC = ("int", "count", "percent")


def percent(share: float) -> str:
    """A share as Norwegian writes a percent: ``0.5`` -> ``"50 %"``."""
    return f"{float(share) * 100:.0f} %"


def reason_text(reason: str, lang: str) -> str:
    """Why a challenge counts as weakly covered, in words."""
    return catalogue(lang).get(f"report.reason.{reason}", reason)


def _web(iri: str) -> str | None:
    """The IRI as a link target if it is a web IRI; other schemes are not linked."""
    return iri if iri.startswith(("https://", "http://")) else None


def _count(n: int) -> str:
    """A count with a no-break space between thousands, as Norwegian writes it."""
    return f"{n:,}".replace(",", "\u00a0")


@cache
def _template() -> jinja2.Template:
    """The page's template, compiled once per process (loading Jinja2 and compiling it: ~0.15 s,
    which ``write_report`` has a thread of its own do while the analyses read the store)."""
    import jinja2

    folder = files("plangraph.reports") / "templates"
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"report.html": (folder / "report.html").read_text("utf-8")}),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
    return env.get_template("report.html")


@cache
def _css() -> Markup:
    css = (files("plangraph.reports") / "templates" / "report.css").read_text("utf-8")
    if "</" in css:
        raise ValueError("the report's CSS holds a closing tag")
    return Markup(css)  # noqa: S704 - packaged and checked: it cannot end the <style>


def _matrix(data: ReportData) -> dict[str, Any]:
    matrix = data.matrix
    cells = {(c["theme"], c["organisation"]): c for c in matrix["cells"]}
    rows = []
    for theme in matrix["themes"]:
        total = cells.get((theme["iri"], ANY_ORGANISATION))
        line: list[dict[str, Any] | None] = []
        for org in [*matrix["organisations"], {"iri": ANY_ORGANISATION}]:
            cell = cells.get((theme["iri"], org["iri"]))
            if cell is None or not cell["covered"]:
                line.append(None)
                continue
            share = float(cell["share"])
            line.append({"covered": cell["covered"], "share": share, "shade": round(share * 5)})
        rows.append(
            {"theme": theme, "challenges": total["challenges"] if total else 0, "cells": line}
        )
    return {"themes": matrix["themes"], "organisations": matrix["organisations"], "rows": rows}


def _chart(data: ReportData) -> dict[str, Any]:
    """Coverage per theme as horizontal bars (an inline SVG the template draws)."""
    label_width, bar_width, row_height, top = 380, 360, 22, 24
    bars = []
    for index, row in enumerate(data.by_theme):
        theme = (row.get("theme") or {}).get("label", "")
        org = (row.get("organisation") or {}).get("label", "")
        full = f"{theme} ({org})" if org else str(theme)
        share = float(row["share"])
        bars.append(
            {
                "y": top + index * row_height,
                "full": full,
                "shown": full if len(full) <= 58 else full[:57] + "…",
                "share": share,
                "covered": row["covered"],
                "challenges": row["challenges"],
                "level": "low" if share < 1 / 3 else "mid" if share < 2 / 3 else "high",
                "width": f"{max(bar_width * share, 1):.1f}",
                "end": f"{label_width + bar_width * share + 6:.1f}",
            }
        )
    return {
        "bars": bars,
        "label_width": label_width,
        "row_height": row_height,
        "top": top,
        "width": label_width + bar_width + 70,
        "height": top + row_height * len(bars) + 10,
        "ticks": [
            {"value": tick, "x": f"{label_width + bar_width * tick / 100:.1f}"}
            for tick in (0, 25, 50, 75, 100)
        ],
    }


def _esc(value: Any) -> str:
    """``str(markupsafe.escape(value))`` without the ``Markup`` object in between (the same
    replacements: markupsafe's own when its C speedups are missing); tens of thousands of
    texts at 1M triples."""
    if value.__class__ is str:
        plain: str = value
    elif hasattr(value, "__html__"):
        return str(escape(value))
    else:
        plain = str(value)
    return (
        plain.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def _rows_html(section: Section, rows: list[Row], data: ReportData) -> Markup:
    """The ``<tr>`` lines of a table section, as the template's ``cell`` macros wrote them
    (``<details>`` on each goal, challenge and measure with its source), built here: at 1M
    triples the page has ~6,000 rows and ~19,000 such nodes, and a macro call per cell made
    the page take ~1 s."""
    lang = data.lang
    provenance = data.provenance
    messages = catalogue(lang)
    document = text("report.col.source_document", lang) + ": "
    place = text("report.col.source_section", lang) + ": "
    no_source = '<p class="meta">' + _esc(text("report.no_source", lang)) + "</p>"
    sources: dict[str, str] = {}

    def source(value: Any) -> str:
        if not isinstance(value, Mapping):
            return ""
        iri = value["iri"]
        label = value["label"] or iri
        key = f"{iri}\n{label}"
        known = sources.get(key)
        if known is not None:
            return known
        found = provenance.get(iri)
        if found:
            where = []
            if found.document_title:
                where.append(document + found.document_title)
            if found.section:
                where.append(place + found.section)
            if found.position is not None:
                where.append(text("report.point", lang, n=found.position))
            meta = f'<p class="meta">{_esc(" · ".join(where))}</p>' if where else ""
            lang_attr = f' lang="{_esc(found.text_lang)}"' if found.text_lang else ""
            body = f"{meta}<blockquote{lang_attr}>{_esc(found.text)}</blockquote>"
        else:
            body = no_source
        href = _web(iri)
        shown = _esc(iri)
        link = f'<a href="{_esc(href)}">{shown}</a>' if href else f"<span>{shown}</span>"
        known = sources[key] = (
            f'<details class="node"><summary>{_esc(label)}</summary><div class="source">'
            f'{body}<p class="iri">{link}</p></div></details>'
        )
        return known

    def plain(value: Any) -> str:
        if not isinstance(value, Mapping):
            return ""
        label = _esc(value["label"] or value["iri"])
        href = _web(value["iri"])
        return f'<a href="{_esc(href)}">{label}</a>' if href else label

    def cell(column: Column, row: Row) -> str:
        value = row.get(column.source_field)
        kind = column.kind
        if kind == "source":
            return source(value)
        if kind == "sources":
            return "".join(source(v) for v in value or [])
        if kind == "node":
            return plain(value)
        if kind == "count":
            return str(len(value or []))
        if kind == "percent":
            return _esc(percent(value))  # type: ignore[arg-type]  # a share, always
        if kind == "reason":
            key = f"report.reason.{value}"
            return _esc(text(key, lang) if key in messages else value)
        return _esc(value)

    opening = [f'<td class="{"num" if c.kind in _NUMERIC else ""}">' for c in section.columns]
    lines = []
    for row in rows:
        cells = "".join(
            f"{start}{cell(c, row)}</td>" for start, c in zip(opening, section.columns, strict=True)
        )
        lines.append(f"<tr>{cells}</tr>\n")
    return Markup("".join(lines))  # noqa: S704 - every text in it escaped above


def render_html(data: ReportData, *, max_rows: int = 1000) -> str:
    """The report page. Long lists show their first ``max_rows`` rows (the workbook has all)."""
    lang = data.lang
    figures = [
        (key, percent(data.summary[key]) if kind == "percent" else str(data.summary[key]))
        for key, kind in FIGURES
    ]
    all_rows = {s.id: getattr(data, s.rows) for s in TABLES}
    return _template().render(
        data=data,
        lang=lang,
        t=lambda key, **fields: text(key, lang, **fields),
        messages=catalogue(lang),
        css=_css(),
        web=_web,
        percent=percent,
        count=_count,
        numeric=_NUMERIC,
        provenance=data.provenance,
        scope=[
            (k, v)
            for k, v in (
                ("organisation", data.scope.get("org")),
                ("plan", data.scope.get("plan")),
                ("theme", data.scope.get("theme")),
            )
            if v
        ],
        sections=SECTIONS,
        figures=figures,
        matrix=_matrix(data),
        chart=_chart(data),
        rows={k: v[:max_rows] for k, v in all_rows.items()},
        bodies={s.id: _rows_html(s, all_rows[s.id][:max_rows], data) for s in TABLES},
        totals={k: len(v) for k, v in all_rows.items()},
    )
