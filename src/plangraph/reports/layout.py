"""What the report shows, once for both writers: its sections in order, the headline figures,
and the columns of every table section. ``html.py`` and ``xlsx.py`` read these; the words come
from the catalogue of the report's language (``plangraph.i18n``, messages ``report.*``).

A table section lists the rows of one analysis (``ReportData`` attribute ``rows``) in
``columns``. Column kinds: ``source`` (a goal, challenge or measure: its label, opening on its
verbatim source text in the page), ``sources`` (a list of them), ``node`` (a theme, organisation
or plan), ``count`` (the length of a list field), ``int``, ``percent`` and ``reason`` (a weak
coverage reason, said in words). The workbook adds, after the columns, the source text,
document and section of the row's first ``source`` column (when ``provenance``), then an IRI
column for each column marked ``iri``.
"""

from __future__ import annotations

from dataclasses import dataclass

from plangraph.i18n import text

__all__ = [
    "FIGURES",
    "SECTIONS",
    "TABLES",
    "Column",
    "Section",
    "section_title",
]


@dataclass(frozen=True)
class Column:
    """One column of a table section."""

    key: str
    """The row's field, and the column's title as message ``report.col.<key>``."""
    kind: str
    width: float = 32
    """The widest the spreadsheet column grows (characters)."""
    iri: bool = False
    """The workbook adds a column with the IRI(s) of this column's node(s)."""
    field: str = ""
    """The row's field when it differs from ``key``."""

    @property
    def source_field(self) -> str:
        return self.field or self.key

    def title(self, lang: str) -> str:
        return text(f"report.col.{self.key}", lang)


@dataclass(frozen=True)
class Section:
    """One section of the page and one sheet of the workbook, in this order."""

    id: str
    """The page's anchor; the title is message ``report.section.<id>``, the note under it
    ``report.note.<id>`` (when ``note``)."""
    rows: str = ""
    """The ``ReportData`` attribute a table section lists; empty for the special sections."""
    columns: tuple[Column, ...] = ()
    note: bool = True
    provenance: bool = False

    def title(self, lang: str) -> str:
        return section_title(self.id, lang)


def section_title(section_id: str, lang: str) -> str:
    """A section's heading (and sheet name) in ``lang``."""
    return text(f"report.section.{section_id}", lang)


SECTIONS: tuple[Section, ...] = (
    Section("sammendrag", note=True),
    Section("dekningsmatrise", note=True),
    Section(
        "dekningsgrad",
        rows="by_theme",
        note=False,
        columns=(
            Column("theme", "node", 40, iri=True),
            Column("organisation", "node", 36),
            Column("challenges", "int", 12),
            Column("covered", "int", 10),
            Column("share", "percent", 12),
        ),
    ),
    Section(
        "udekkede",
        rows="gaps",
        provenance=True,
        columns=(
            Column("challenge", "source", 60, iri=True),
            Column("theme", "node", 32),
            Column("organisation", "node", 32),
            Column("plan", "node", 32),
            Column("parent", "source", 40),
        ),
    ),
    Section(
        "svakt-dekkede",
        rows="weak",
        provenance=True,
        columns=(
            Column("challenge", "source", 60, iri=True),
            Column("theme", "node", 32),
            Column("organisation", "node", 32),
            Column("measures", "sources", 60, iri=True),
            Column("measure_count", "count", 10, field="measures"),
            Column("reason", "reason", 40),
        ),
    ),
    Section(
        "overlappende",
        rows="overlaps",
        columns=(
            Column("measure_a", "source", 50, iri=True),
            Column("measure_b", "source", 50, iri=True),
            Column("shared", "sources", 60, iri=True),
            Column("shared_count", "int", 10),
            Column("jaccard", "percent", 10),
        ),
    ),
    Section(
        "mal-uten-tiltak",
        rows="goals_without_measures",
        provenance=True,
        columns=(Column("goal", "source", 60, iri=True), Column("plan", "node", 32)),
    ),
    Section(
        "tiltak-uten-kobling",
        rows="orphans",
        provenance=True,
        columns=(
            Column("measure", "source", 60, iri=True),
            Column("plan", "node", 32),
            Column("organisation", "node", 32),
        ),
    ),
)
"""Every section, in the order of the page and of the workbook's sheets."""

TABLES: tuple[Section, ...] = tuple(s for s in SECTIONS if s.rows)
"""The sections that are one table of rows (the same in both writers)."""

FIGURES: tuple[tuple[str, str], ...] = (
    ("challenges", "int"),
    ("covered", "int"),
    ("share", "percent"),
    ("gaps", "int"),
    ("weak", "int"),
    ("overlaps", "int"),
    ("goals_without_measures", "int"),
    ("orphan_measures", "int"),
)
"""The headline figures (``ReportData.summary`` keys; titles ``report.fig.<key>``)."""
