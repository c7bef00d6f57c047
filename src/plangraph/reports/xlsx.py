"""The report as an Excel workbook: one sheet per section, formatted for reading, in the report's
language (Bokmål by default). The sections and their columns are ``layout.SECTIONS``, shared
with the HTML page.

Each sheet has a bold, frozen header row with an autofilter, column widths fitted to the
content (within limits), wrapped text for long cells and shares formatted as percent. Every
goal, challenge and measure row carries its IRI, verbatim source text, source document and
section. Text from the data is always stored as text, never as a formula.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from plangraph.analysis import ANY_ORGANISATION
from plangraph.i18n import text
from plangraph.reports._xlsx_stream import PERCENT as _PERCENT
from plangraph.reports._xlsx_stream import (
    ColumnRows,
    SheetHead,
    SheetSpec,
    rewrite_first_sheet,
    write_sheets,
)
from plangraph.reports.data import ReportData
from plangraph.reports.html import reason_text
from plangraph.reports.layout import FIGURES, SECTIONS, Section, section_title

__all__ = [
    "SHEETS",
    "SheetHead",
    "SheetSpec",
    "rewrite_xlsx",
    "sheet_heads",
    "sheet_specs",
    "sheet_title",
    "write_xlsx",
]

SHEETS = tuple(section_title(s.id, "nb") for s in SECTIONS)
"""The sheets of a Bokmål workbook, in order (other languages: ``layout.section_title``)."""

_FORBIDDEN = set("[]:*?/\\")


def sheet_title(name: str) -> str:
    """A valid sheet name: at most 31 characters, none of ``[]:*?/\\``, not blank.

    >>> sheet_title("Dekning: per tema/område [alle]")
    'Dekning- per tema-område -alle-'
    """
    cleaned = "".join("-" if c in _FORBIDDEN else c for c in name).strip("' ")
    return (cleaned or "Ark")[:31]


# Column kinds: "text" (wrapped when long), "label", "iri", "int", "percent", "float".
XColumn = tuple[str, str, float]


def _label(node: Any) -> str:
    return str(node.get("label", "")) if isinstance(node, dict) else ""


def _iri(node: Any) -> str:
    return str(node.get("iri", "")) if isinstance(node, dict) else ""


def _labels(nodes: Any) -> str:
    return "; ".join(_label(n) for n in nodes or [])


def _iris(nodes: Any) -> str:
    return " ".join(_iri(n) for n in nodes or [])


def _table_columns(section: Section, lang: str) -> list[XColumn]:
    """The header of a table section, from ``layout``: its columns, then the source of its
    first goal, challenge or measure (when the section has provenance), then IRIs."""
    columns: list[XColumn] = []
    for c in section.columns:
        kind = {
            "source": "text",
            "sources": "text",
            "node": "label",
            "count": "int",
            "reason": "text",
        }
        columns.append((c.title(lang), kind.get(c.kind, c.kind), c.width))
    main = next((c for c in section.columns if c.kind == "source"), None)
    if section.provenance and main is not None:
        columns += [
            (text("report.col.source_text", lang), "text", 60),
            (text("report.col.source_document", lang), "label", 30),
            (text("report.col.source_section", lang), "label", 28),
        ]
    with_iri = [c for c in section.columns if c.iri]
    for c in with_iri:
        columns.append(
            (
                text("report.iri", lang, name=c.title(lang)),
                "iri" if c.kind != "sources" else "text",
                60,
            )
        )
    return columns


def _table_sheet(section: Section, data: ReportData, lang: str) -> tuple[list[XColumn], ColumnRows]:
    """The header (``_table_columns``) and rows of a table section."""
    p = data.provenance
    columns = _table_columns(section, lang)
    main = next((c for c in section.columns if c.kind == "source"), None)
    with_iri = [c for c in section.columns if c.iri]
    # column by column, each a list comprehension (_label, _iri and _source written out):
    # ~46,000 rows and ~370,000 cells at 1M triples
    rows = getattr(data, section.rows)
    got: dict[str, list[Any]] = {}

    def field(name: str) -> list[Any]:
        found = got.get(name)
        if found is None:
            found = got[name] = [r.get(name) for r in rows]
        return found

    values: list[list[Any]] = []
    for c in section.columns:
        found = field(c.source_field)
        if c.kind in ("source", "node"):
            values.append([str(v.get("label", "")) if isinstance(v, dict) else "" for v in found])
        elif c.kind == "sources":  # (_labels)
            values.append(
                [
                    "; ".join([str(n.get("label", "")) if isinstance(n, dict) else "" for n in v])
                    if v
                    else ""
                    for v in found
                ]
            )
        elif c.kind == "count":
            values.append([len(v or []) for v in found])
        elif c.kind == "reason":
            words = {w: reason_text(w, lang) for w in {str(v) for v in found}}
            values.append([words[str(v)] for v in found])
        else:
            values.append(found)
    if section.provenance and main is not None:
        at = [p.get(v["iri"]) if isinstance(v, dict) else None for v in field(main.source_field)]
        values.append(["" if s is None else s.text for s in at])
        values.append(["" if s is None else s.document_title for s in at])
        values.append(["" if s is None else s.section for s in at])
    for c in with_iri:
        found = field(c.source_field)
        values.append(
            [  # (_iris)
                " ".join([str(n.get("iri", "")) if isinstance(n, dict) else "" for n in v])
                if v
                else ""
                for v in found
            ]
            if c.kind == "sources"
            else [str(v.get("iri", "")) if isinstance(v, dict) else "" for v in found]
        )
    return columns, ColumnRows(values, len(rows))


def sheet_specs(data: ReportData) -> list[SheetSpec]:
    """Every sheet of the workbook for ``data``, in the order of ``layout.SECTIONS``."""
    return [head.make() for head in sheet_heads(data)]


def sheet_heads(data: ReportData) -> list[SheetHead]:
    """``sheet_specs`` as heads: a table sheet's rows are made when it is written."""
    lang = data.lang
    heads = []
    for section in SECTIONS:
        title = sheet_title(section.title(lang))
        if section.id == "sammendrag":
            heads.append(SheetHead.of(_summary(title, data, lang)))
        elif section.id == "dekningsmatrise":
            heads.append(SheetHead.of(_matrix(title, data, lang)))
        else:
            heads.append(
                SheetHead(
                    title,
                    _table_columns(section, lang),
                    len(getattr(data, section.rows)),
                    {},
                    functools.partial(_table_spec, title, section, data, lang),
                )
            )
    return heads


def _table_spec(title: str, section: Section, data: ReportData, lang: str) -> SheetSpec:
    return SheetSpec(title, *_table_sheet(section, data, lang))


def _summary(title: str, data: ReportData, lang: str) -> SheetSpec:
    scope = "; ".join(
        f"{text('report.col.' + name, lang)}: {value['label']}"
        for key, name in (("org", "organisation"), ("plan", "plan"), ("theme", "theme"))
        if (value := data.scope.get(key))
    )
    return SheetSpec(
        title,
        [(text("report.figure", lang), "label", 40), (text("report.value", lang), "float", 30)],
        [
            [text("report.scope", lang), scope or text("report.all_plans", lang)],
            [text("report.made", lang), data.generated],
            *([text(f"report.fig.{key}", lang), data.summary[key]] for key, _kind in FIGURES),
        ],
        {
            (row, 2): _PERCENT if kind == "percent" else "0"
            for row, (_key, kind) in enumerate(FIGURES, start=4)
        },
    )


def _matrix(title: str, data: ReportData, lang: str) -> SheetSpec:
    """Coverage matrix: one row per theme and covering organisation (a long table filters well)."""
    matrix = data.matrix
    themes = {t["iri"]: t for t in matrix["themes"]}
    organisations = {o["iri"]: o for o in matrix["organisations"]}
    return SheetSpec(
        title,
        [
            (text("report.col.theme", lang), "label", 40),
            (text("report.col.org_with_measures", lang), "label", 36),
            (text("report.col.theme_challenges", lang), "int", 12),
            (text("report.col.org_covered", lang), "int", 12),
            (text("report.col.share_short", lang), "percent", 10),
            (text("report.iri", lang, name=text("report.col.theme", lang)), "iri", 60),
            (text("report.iri", lang, name=text("report.col.organisation", lang)), "iri", 60),
        ],
        [
            [
                _label(themes.get(c["theme"])),
                text("report.all", lang)
                if c["organisation"] == ANY_ORGANISATION
                else _label(organisations.get(c["organisation"])),
                c["challenges"],
                c["covered"],
                c["share"],
                c["theme"],
                "" if c["organisation"] == ANY_ORGANISATION else c["organisation"],
            ]
            for c in matrix["cells"]
        ],
    )


def write_xlsx(data: ReportData, path: str | os.PathLike[str]) -> Path:
    """Write the workbook to ``path`` (streamed: the cells openpyxl would write, ~1 s at 1M
    triples where building it with openpyxl takes ~20 s)."""
    path = Path(path)
    write_sheets(sheet_specs(data), path)
    return path


def rewrite_xlsx(data: ReportData, kept: bytes, path: str | os.PathLike[str]) -> Path:
    """``write_xlsx``'s workbook for ``data`` from ``kept``, the workbook it wrote for the same
    analyses at another time: the summary sheet (which says when) and the time the workbook
    was made are written again, every other part copied as it is (``ValueError`` if ``kept``
    is not a report's workbook)."""
    path = Path(path)
    first = SECTIONS[0]
    if first.id != "sammendrag":  # (the summary must be the first sheet)
        raise ValueError("the first sheet is not the summary")
    rewrite_first_sheet(kept, _summary(sheet_title(first.title(data.lang)), data, data.lang), path)
    return path
