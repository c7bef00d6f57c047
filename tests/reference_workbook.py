"""The report's workbook built cell by cell with openpyxl: the reference the streamed writer
(``plangraph.reports.write_xlsx``, which writes the sheet XML itself) is compared with in
``tests/test_reports.py``. The product no longer builds it (~20 s at 1M triples)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from plangraph.output import csv_safe
from plangraph.reports._xlsx_stream import PERCENT as _PERCENT
from plangraph.reports.data import ReportData
from plangraph.reports.xlsx import XColumn, sheet_specs
from plangraph.safety import printable

__all__ = ["build_workbook"]


def build_workbook(data: ReportData) -> Workbook:
    """The workbook for ``data`` as an openpyxl ``Workbook``: one sheet per section of
    ``layout.SECTIONS``, in order (``sheet_specs``, as ``write_xlsx`` writes them)."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for spec in sheet_specs(data):
        sheet = book.create_sheet(spec.title)
        _fill(sheet, spec.columns, spec.rows)
        for (row, column), number_format in spec.formats.items():
            sheet.cell(row=row, column=column).number_format = number_format
    return book


def _fill(sheet: Worksheet, columns: Sequence[XColumn], rows: Sequence[Sequence[Any]]) -> None:
    """Header, rows and formatting of one sheet."""
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", start_color="DCE6F0", end_color="DCE6F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    rows = [[printable(value) for value in row] for row in rows]  # one bad label must not stop it
    for index, (title, _kind, _width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = wrap
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
                    cell.alignment = wrap
                else:
                    cell.alignment = top
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
                cell.alignment = top
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
