"""Rows of plain data rendered as a table, JSON or CSV: the one place that decides how.

A row is a ``dict`` of column name to value. A value is a scalar, a node (a ``dict`` with at least
``iri`` and ``label``) or a list of those. JSON keeps nodes as objects; the table shows their
labels; CSV gives a node column two columns, ``NAME`` (the label) and ``NAME_iri``.

Tables are drawn by rich to the terminal's width (``COLUMNS``, else the terminal, else 120),
wrapping long text rather than cutting it; their headers follow the chosen language. JSON and
CSV keep the English column names (a program reads them).

Every CSV cell goes through ``csv_safe``: a cell a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'`` (OWASP's rule).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from plangraph.i18n import DEFAULT_LANGUAGE, column, text

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = ["FORMULA_PREFIXES", "OUTPUT_FORMATS", "csv_safe", "dumps", "node", "render", "scalar"]

OUTPUT_FORMATS = ("table", "json", "csv")

Row = dict[str, Any]


def node(iri: Node | str, label: str, **extra: Any) -> dict[str, Any]:
    """A node as plain data: ``{"iri": ..., "label": ...}`` plus any extra fields.

    >>> node(URIRef("https://e.org/a"), "A")
    {'iri': 'https://e.org/a', 'label': 'A'}
    """
    return {"iri": str(iri), "label": label, **extra}


def scalar(term: Node | None) -> Any:
    """A literal as a Python value (numbers stay numbers), an IRI as its string.

    >>> scalar(Literal(3))
    3
    """
    if term is None:
        return None
    rdflib_terms = sys.modules.get("rdflib.term")  # not loaded: ``term`` is none of its terms
    if rdflib_terms is not None and isinstance(term, rdflib_terms.Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float | str):
            return value
        return str(term)
    return str(term)


def _is_node(value: Any) -> bool:
    return isinstance(value, dict) and "iri" in value


def _cell(value: Any, lang: str = "en") -> str:
    if value is None:
        return ""
    if _is_node(value):
        return str(value.get("label") or value["iri"])
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v, lang) for v in value)
    if isinstance(value, bool):
        return text("output.yes" if value else "output.no", lang)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection")."""


def csv_safe(value: str) -> str:
    """``value`` as a CSV or spreadsheet cell that no spreadsheet runs as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    single quote (and is otherwise unchanged); every other cell is returned as it is. Numbers
    written as numbers (``-3``) are the caller's to keep as numbers: this is for text.

    >>> csv_safe("=SUM(A1)"), csv_safe("-1"), csv_safe("Beredskap")
    ("'=SUM(A1)", "'-1", 'Beredskap')
    """
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _terminal_width() -> int:
    return shutil.get_terminal_size((120, 24)).columns


def _table(rows: Sequence[Row], columns: Sequence[str], lang: str | None, width: int | None) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    cells = [[_cell(row.get(c), lang or DEFAULT_LANGUAGE) for c in columns] for row in rows]
    headers = [column(c, lang) for c in columns]
    width = width or _terminal_width()
    # Each column at least as wide as its longest word (up to 20), so text wraps between words,
    # as long as all of them fit the width together (with a column's worth of slack each: rich's
    # own shrinking can overshoot by a few characters); else the widest give way first.
    mins = [
        min(
            max((len(w) for v in [h, *(line[i] for line in cells)] for w in v.split()), default=1),
            20,
        )
        for i, h in enumerate(headers)
    ]
    while sum(mins) + 4 * len(mins) > width and max(mins) > 3:
        mins[mins.index(max(mins))] -= 1
    for i, c in enumerate(columns):
        numeric = all(
            isinstance(r.get(c), int | float) and not isinstance(r.get(c), bool) for r in rows
        )
        table.add_column(
            headers[i], overflow="fold", justify="right" if numeric else "left", min_width=mins[i]
        )
    for line in cells:
        table.add_row(*line)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n")


def _csv(rows: Sequence[Row], columns: Sequence[str]) -> str:
    node_columns = {c for c in columns if any(_is_node(r.get(c)) for r in rows)}
    list_node_columns = {
        c
        for c in columns
        if any(isinstance(r.get(c), list) and r[c] and _is_node(r[c][0]) for r in rows)
    }
    header: list[str] = []
    for c in columns:
        header.append(c)
        if c in node_columns or c in list_node_columns:
            header.append(f"{c}_iri")
    lines: list[str] = []

    def writerow(cells: list[str]) -> None:
        # "\r\n" as the writer's terminator makes it quote a cell holding a lone "\r" too;
        # the rows are then joined with "\n" as before.
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(cells)
        lines.append(buffer.getvalue()[:-2])

    writerow([csv_safe(h) for h in header])
    for row in rows:
        line: list[str] = []
        for c in columns:
            value = row.get(c)
            line.append(_cell(value) if isinstance(value, int | float) else csv_safe(_cell(value)))
            if c in node_columns:
                line.append(csv_safe(str(value["iri"])) if _is_node(value) else "")  # type: ignore[index]
            elif c in list_node_columns:
                line.append(csv_safe(" ".join(v["iri"] for v in value or [] if _is_node(v))))
        writerow(line)
    return "\n".join(lines)


_encode_text: Any = getattr(json.encoder, "c_encode_basestring", None) or (
    json.encoder.encode_basestring
)
_INFINITE = (float("inf"), float("-inf"))


def _plain_json(value: Any) -> str | None:
    """A scalar as ``json.dumps`` writes it, or ``None`` for what is not a plain scalar."""
    kind = type(value)
    if kind is str:
        return _encode_text(value)  # type: ignore[no-any-return]
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is float and value == value and value not in _INFINITE:
        return float.__repr__(value)
    return None


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, the same text, faster.

    With ``indent`` the standard library encodes in pure Python, token by token (0.6 s for the
    18 MB of ``overlaps`` at 1M triples); this writes each object of plain values in one join
    and each text with the C string encoder (0.35 s). Anything else (a subclass, a tuple key,
    NaN) goes to ``json.dumps`` itself.

    >>> dumps([{"a": 1, "b": [None, "x"]}, {}]) == json.dumps(
    ...     [{"a": 1, "b": [None, "x"]}, {}], ensure_ascii=False, indent=2)
    True
    """
    out: list[str] = []
    append = out.append

    def dump(item: Any, indent: str) -> None:
        plain = _plain_json(item)
        if plain is not None:
            append(plain)
            return
        inner = indent + "  "
        if type(item) is dict:
            if not item:
                append("{}")
                return
            parts = []
            for key, member in item.items():
                if type(key) is not str:
                    raise TypeError(key)
                plain = _plain_json(member)
                if plain is None:
                    break
                parts.append(_encode_text(key) + ": " + plain)
            else:
                append("{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}")
                return
            first = True
            append("{")
            for key, member in item.items():
                if type(key) is not str:
                    raise TypeError(key)
                append(("\n" if first else ",\n") + inner + _encode_text(key) + ": ")
                first = False
                dump(member, inner)
            append("\n" + indent + "}")
        elif type(item) is list:
            if not item:
                append("[]")
                return
            first = True
            append("[")
            for member in item:
                append(("\n" if first else ",\n") + inner)
                first = False
                dump(member, inner)
            append("\n" + indent + "]")
        else:
            raise TypeError(type(item))

    try:
        dump(value, "")
    except (TypeError, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(out)


def render(
    rows: Sequence[Row],
    fmt: str = "table",
    columns: Sequence[str] | None = None,
    *,
    lang: str | None = None,
    width: int | None = None,
) -> str:
    """Render ``rows`` as ``table``, ``json`` or ``csv``.

    ``lang`` picks the table's column headers (Bokmål by default); ``width`` the table's width
    (default: the terminal's).

    >>> print(render([{"n": 1, "who": node("https://e.org/a", "A")}], "csv"))
    n,who,who_iri
    1,A,https://e.org/a
    """
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; known: {', '.join(OUTPUT_FORMATS)}")
    if columns is None:
        columns = list(rows[0]) if rows else []
    if fmt == "json":
        return dumps([{c: row.get(c) for c in columns} for row in rows])
    if fmt == "csv":
        return _csv(rows, columns)
    if not rows:
        return text("output.no_rows", lang)
    return _table(rows, columns, lang, width)
