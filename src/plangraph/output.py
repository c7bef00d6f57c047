"""Rows of plain data rendered as a table, JSON or CSV: the one place that decides how.

A row is a ``dict`` of column name to value. A value is a scalar, a node (a ``dict`` with at least
``iri`` and ``label``) or a list of those. JSON keeps nodes as objects; the table shows their
labels; CSV gives a node column two columns, ``NAME`` (the label) and ``NAME_iri``.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from rdflib import Literal
from rdflib.term import Node

__all__ = ["OUTPUT_FORMATS", "node", "render", "scalar"]

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
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float | str):
            return value
        return str(term)
    return str(term)


def _is_node(value: Any) -> bool:
    return isinstance(value, dict) and "iri" in value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if _is_node(value):
        return str(value.get("label") or value["iri"])
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows: Sequence[Row], columns: Sequence[str], max_width: int) -> str:
    cells = [[_cell(row.get(c)).replace("\n", " ") for c in columns] for row in rows]
    widths = [_width(c) for c in columns]
    for line in cells:
        widths = [max(w, min(_width(v), max_width)) for w, v in zip(widths, line, strict=True)]

    def fit(text: str, width: int) -> str:
        if _width(text) > width:
            text = text[: max(width - 1, 1)] + "…"
        return text + " " * (width - _width(text))

    out = ["  ".join(fit(c, w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out.extend(
        "  ".join(fit(v, w) for v, w in zip(line, widths, strict=True)).rstrip() for line in cells
    )
    return "\n".join(out)


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        line: list[str] = []
        for c in columns:
            value = row.get(c)
            line.append(_cell(value))
            if c in node_columns:
                line.append(str(value["iri"]) if _is_node(value) else "")  # type: ignore[index]
            elif c in list_node_columns:
                line.append(" ".join(v["iri"] for v in value or [] if _is_node(v)))
        writer.writerow(line)
    return buffer.getvalue().rstrip("\n")


def render(
    rows: Sequence[Row],
    fmt: str = "table",
    columns: Sequence[str] | None = None,
    *,
    max_width: int = 60,
) -> str:
    """Render ``rows`` as ``table``, ``json`` or ``csv``.

    >>> print(render([{"n": 1, "who": node("https://e.org/a", "A")}], "csv"))
    n,who,who_iri
    1,A,https://e.org/a
    """
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; known: {', '.join(OUTPUT_FORMATS)}")
    if columns is None:
        columns = list(rows[0]) if rows else []
    if fmt == "json":
        return json.dumps(
            [{c: row.get(c) for c in columns} for row in rows], ensure_ascii=False, indent=2
        )
    if fmt == "csv":
        return _csv(rows, columns)
    if not rows:
        return "(no rows)"
    return _table(rows, columns, max_width)
