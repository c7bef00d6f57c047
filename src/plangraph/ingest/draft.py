"""The draft of an imported plan: what the preview shows and what is stored after correction.

A draft is the same whatever it came from (a document, the spreadsheet template, a plan in the
store): the plan's facts, one ``DraftItem`` per goal, theme, challenge or measure, and the links
between items. ``rdf.draft_to_graph`` turns it into the plan's named graph.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "ITEM_KINDS",
    "LABEL_KINDS",
    "LINK_PREDICATES",
    "PLAN_TYPES",
    "STATUSES",
    "Draft",
    "DraftItem",
    "DraftLink",
    "ExtraTriple",
]

ITEM_KINDS = ("goal", "theme", "challenge", "measure")
PLAN_TYPES = ("Plan", "Strategy", "ActionPlan", "StatusNote")
STATUSES = ("StartingOrRunning", "UnderPlanning", "Candidate")
LABEL_KINDS = ("verbatim", "editorial")
LINK_PREDICATES = ("addresses", "contributesTo")


@dataclass
class DraftItem:
    """One item found in (or written for) a plan."""

    id: str  # the IRI path below https://w3id.org/plangraph/id/, or a short id to mint from
    kind: str  # goal | theme | challenge | measure
    label: str
    text: str = ""  # verbatim source text (pg:sourceText)
    parent: str | None = None  # the id of the item this one is nested under
    theme: str | None = None  # the id of its theme (pg:inTheme)
    section: str | None = None  # the verbatim heading it stood under (pg:sourceSection)
    position: int | None = None  # 1-based among its siblings (pg:sourcePosition)
    paragraph: int | None = None  # 1-based block index in the document
    page: int | None = None
    number: int | None = None
    label_kind: str = "verbatim"
    editorial_note: str | None = None
    status: str | None = None  # measures: a STATUSES value
    responsible: str | None = None
    deadline: str | None = None
    confidence: float = 1.0
    reason: str = ""
    heading_path: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # pg:sourceNote (English)

    def position_text(self) -> str:
        where = f"side {self.page}, " if self.page else ""
        return f"{where}avsnitt {self.paragraph}" if self.paragraph else where.rstrip(", ")


@dataclass
class DraftLink:
    """A link between two items: measure -> challenge (addresses), or -> goal (contributesTo)."""

    subject: str
    predicate: str  # addresses | contributesTo
    object: str
    rationale: str = ""
    confidence: float | None = None


@dataclass
class ExtraTriple:
    """A statement the template has no column for (kept so that export -> import is lossless)."""

    subject: str  # an id, or "plan"
    predicate: str  # a CURIE (pg:, skos:, dcterms:, ...) or a full IRI
    value: str
    language: str = ""
    datatype: str = ""  # "" literal or "iri" for a resource


@dataclass
class Draft:
    """A plan ready to preview, correct and store."""

    slug: str
    title: str
    language: str = "nb"
    plan_type: str = "Plan"
    organisation: str | None = None  # an org id (org/<slug>) or a name
    issued: str | None = None  # yyyy-mm-dd or yyyy
    source_url: str | None = None
    file_name: str | None = None
    checksum: str | None = None
    items: list[DraftItem] = field(default_factory=list)
    links: list[DraftLink] = field(default_factory=list)
    extra: list[ExtraTriple] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    detected: dict[str, str] = field(default_factory=dict)  # how each plan fact was found

    def as_json(self) -> dict[str, Any]:
        return {
            "plan": {
                "slug": self.slug,
                "title": self.title,
                "language": self.language,
                "plan_type": self.plan_type,
                "organisation": self.organisation,
                "issued": self.issued,
                "source_url": self.source_url,
                "file_name": self.file_name,
                "checksum": self.checksum,
                "notes": self.notes,
                "detected": self.detected,
            },
            "items": [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "label": i.label,
                    "text": i.text,
                    "parent": i.parent,
                    "parent_label": None,
                    "theme": i.theme,
                    "section": i.section,
                    "heading_path": i.heading_path,
                    "confidence": round(i.confidence, 2),
                    "reason": i.reason,
                    "position": i.position_text(),
                    "paragraph": i.paragraph,
                    "page": i.page,
                    "number": i.number,
                    "label_kind": i.label_kind,
                    "status": i.status,
                }
                for i in self.items
            ],
            "links": [asdict(link) for link in self.links],
        }
