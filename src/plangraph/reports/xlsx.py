"""The report as an Excel workbook: one sheet per table, formatted for reading, in Bokmål.

Each sheet has a bold, frozen header row with an autofilter, column widths fitted to the
content (within limits), wrapped text for long cells and shares formatted as percent. Every
goal, challenge and measure row carries its IRI, verbatim source text, source document and
section. Text from the data is always stored as text, never as a formula.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from plangraph.analysis import ANY_ORGANISATION
from plangraph.output import csv_safe
from plangraph.reports.data import Provenance, ReportData
from plangraph.reports.html import REASONS

__all__ = ["SHEETS", "build_workbook", "sheet_title", "write_xlsx"]

SHEETS = (
    "Sammendrag",
    "Dekningsmatrise",
    "Dekningsgrad per temaområde",
    "Udekkede utfordringer",
    "Svakt dekkede utfordringer",
    "Overlappende tiltak",
    "Mål uten tiltak",
    "Tiltak uten kobling",
)
"""The sheets, in order."""

_FORBIDDEN = set("[]:*?/\\")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="DCE6F0", end_color="DCE6F0")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_PERCENT = "0.0%"


def sheet_title(name: str) -> str:
    """A valid sheet name: at most 31 characters, none of ``[]:*?/\\``, not blank.

    >>> sheet_title("Dekning: per tema/område [alle]")
    'Dekning- per tema-område -alle-'
    """
    cleaned = "".join("-" if c in _FORBIDDEN else c for c in name).strip("' ")
    return (cleaned or "Ark")[:31]


# Column kinds: "text" (wrapped when long), "label", "iri", "int", "percent", "float".
Column = tuple[str, str, float]


def _source(provenance: dict[str, Provenance], node: Any) -> list[Any]:
    """Source text, source document and section of a node (blank if none)."""
    found = provenance.get(node["iri"]) if isinstance(node, dict) else None
    if found is None:
        return ["", "", ""]
    return [found.text, found.document_title, found.section]


def _label(node: Any) -> str:
    return str(node.get("label", "")) if isinstance(node, dict) else ""


def _iri(node: Any) -> str:
    return str(node.get("iri", "")) if isinstance(node, dict) else ""


def _labels(nodes: Any) -> str:
    return "; ".join(_label(n) for n in nodes or [])


def _iris(nodes: Any) -> str:
    return " ".join(_iri(n) for n in nodes or [])


_SOURCE_COLUMNS: list[Column] = [
    ("Kildetekst", "text", 60),
    ("Kildedokument", "label", 30),
    ("Avsnitt", "label", 28),
]


def _fill(sheet: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> None:
    """Header, rows and formatting of one sheet."""
    for index, (title, _kind, _width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
    widths = [min(max(len(title) + 2, 8), 40) for title, _k, _w in columns]
    for r, row in enumerate(rows, start=2):
        for c, ((_title, kind, limit), value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                value = csv_safe(value)  # never a formula, not even once re-saved as CSV
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text from the data is never a formula
                if len(value) > 40 or "\n" in value:
                    cell.alignment = _WRAP
                else:
                    cell.alignment = _TOP
                widths[c - 1] = max(widths[c - 1], min(len(value) + 2, int(limit)))
            if kind == "percent":
                cell.number_format = _PERCENT
            elif kind == "float":
                cell.number_format = "0.00"
            elif (
                kind == "iri"
                and isinstance(value, str)
                and value.startswith(("http://", "https://"))
            ):
                cell.hyperlink = value
                cell.style = "Hyperlink"
                cell.alignment = _TOP
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"


def build_workbook(data: ReportData) -> Workbook:
    """The workbook for ``data``."""
    p = data.provenance
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)

    def sheet(name: str) -> Worksheet:
        return book.create_sheet(sheet_title(name))

    figures = data.summary
    scope = "; ".join(
        f"{name}: {value['label']}"
        for key, name in (("org", "Organisasjon"), ("plan", "Plan"), ("theme", "Temaområde"))
        if (value := data.scope.get(key))
    )
    _fill(
        sheet("Sammendrag"),
        [("Nøkkeltall", "label", 40), ("Verdi", "float", 30)],
        [
            ["Utvalg", scope or "alle planer i grafen"],
            ["Laget", data.generated],
            ["Utfordringer", figures["challenges"]],
            ["Dekket av minst ett tiltak", figures["covered"]],
            ["Dekningsgrad", figures["share"]],
            ["Udekkede utfordringer", figures["gaps"]],
            ["Svakt dekkede utfordringer", figures["weak"]],
            ["Par av overlappende tiltak", figures["overlaps"]],
            ["Mål uten tiltak", figures["goals_without_measures"]],
            ["Tiltak uten kobling", figures["orphan_measures"]],
        ],
    )
    summary_sheet = book[sheet_title("Sammendrag")]
    summary_sheet["B6"].number_format = _PERCENT
    for row in range(4, 12):
        if row != 6:
            summary_sheet[f"B{row}"].number_format = "0"

    # Coverage matrix: one row per theme and covering organisation (a long table filters well).
    matrix = data.matrix
    themes = {t["iri"]: t for t in matrix["themes"]}
    organisations = {o["iri"]: o for o in matrix["organisations"]}
    _fill(
        sheet("Dekningsmatrise"),
        [
            ("Temaområde", "label", 40),
            ("Organisasjon med tiltak", "label", 36),
            ("Utfordringer i temaet", "int", 12),
            ("Dekket av organisasjonen", "int", 12),
            ("Andel", "percent", 10),
            ("Temaområde (IRI)", "iri", 60),
            ("Organisasjon (IRI)", "iri", 60),
        ],
        [
            [
                _label(themes.get(c["theme"])),
                "Alle"
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
    _fill(
        sheet("Dekningsgrad per temaområde"),
        [
            ("Temaområde", "label", 40),
            ("Organisasjon", "label", 36),
            ("Utfordringer", "int", 12),
            ("Dekket", "int", 10),
            ("Dekningsgrad", "percent", 12),
            ("Temaområde (IRI)", "iri", 60),
        ],
        [
            [
                _label(r["theme"]),
                _label(r["organisation"]),
                r["challenges"],
                r["covered"],
                r["share"],
                _iri(r["theme"]),
            ]
            for r in data.by_theme
        ],
    )
    _fill(
        sheet("Udekkede utfordringer"),
        [
            ("Utfordring", "text", 60),
            ("Temaområde", "label", 32),
            ("Organisasjon", "label", 32),
            ("Plan", "label", 32),
            ("Overordnet utfordring", "text", 40),
            *_SOURCE_COLUMNS,
            ("Utfordring (IRI)", "iri", 60),
        ],
        [
            [
                _label(r["challenge"]),
                _label(r["theme"]),
                _label(r["organisation"]),
                _label(r["plan"]),
                _label(r.get("parent")),
                *_source(p, r["challenge"]),
                _iri(r["challenge"]),
            ]
            for r in data.gaps
        ],
    )
    _fill(
        sheet("Svakt dekkede utfordringer"),
        [
            ("Utfordring", "text", 60),
            ("Temaområde", "label", 32),
            ("Organisasjon", "label", 32),
            ("Tiltak", "text", 60),
            ("Antall tiltak", "int", 10),
            ("Hvorfor svak", "text", 40),
            *_SOURCE_COLUMNS,
            ("Utfordring (IRI)", "iri", 60),
            ("Tiltak (IRI)", "text", 60),
        ],
        [
            [
                _label(r["challenge"]),
                _label(r["theme"]),
                _label(r["organisation"]),
                _labels(r["measures"]),
                len(r["measures"]),
                REASONS.get(str(r["reason"]), str(r["reason"])),
                *_source(p, r["challenge"]),
                _iri(r["challenge"]),
                _iris(r["measures"]),
            ]
            for r in data.weak
        ],
    )
    _fill(
        sheet("Overlappende tiltak"),
        [
            ("Tiltak A", "text", 50),
            ("Tiltak B", "text", 50),
            ("Felles utfordringer", "text", 60),
            ("Antall felles", "int", 10),
            ("Jaccard", "percent", 10),
            ("Tiltak A (IRI)", "iri", 60),
            ("Tiltak B (IRI)", "iri", 60),
            ("Felles utfordringer (IRI)", "text", 60),
        ],
        [
            [
                _label(r["measure_a"]),
                _label(r["measure_b"]),
                _labels(r["shared"]),
                r["shared_count"],
                r["jaccard"],
                _iri(r["measure_a"]),
                _iri(r["measure_b"]),
                _iris(r["shared"]),
            ]
            for r in data.overlaps
        ],
    )
    _fill(
        sheet("Mål uten tiltak"),
        [
            ("Mål", "text", 60),
            ("Plan", "label", 32),
            *_SOURCE_COLUMNS,
            ("Mål (IRI)", "iri", 60),
        ],
        [
            [_label(r["goal"]), _label(r["plan"]), *_source(p, r["goal"]), _iri(r["goal"])]
            for r in data.goals_without_measures
        ],
    )
    _fill(
        sheet("Tiltak uten kobling"),
        [
            ("Tiltak", "text", 60),
            ("Plan", "label", 32),
            ("Organisasjon", "label", 32),
            *_SOURCE_COLUMNS,
            ("Tiltak (IRI)", "iri", 60),
        ],
        [
            [
                _label(r["measure"]),
                _label(r["plan"]),
                _label(r.get("organisation")),
                *_source(p, r["measure"]),
                _iri(r["measure"]),
            ]
            for r in data.orphans
        ],
    )
    return book


def write_xlsx(data: ReportData, path: str | os.PathLike[str]) -> Path:
    """Write the workbook to ``path``."""
    path = Path(path)
    build_workbook(data).save(path)
    return path
