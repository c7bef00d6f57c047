"""Response models: what the API answers, for validation-free fast responses and for OpenAPI.

Routes build plain data and serialise it themselves (``json.dumps``), so the models here document
the shapes (and their examples) rather than convert every answer on the way out.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ChallengeItem",
    "CoverageMatrix",
    "CoverageRow",
    "ErrorBody",
    "ErrorResponse",
    "GapRow",
    "GoalItem",
    "Health",
    "ImpactRow",
    "LinkReviewed",
    "MeasureItem",
    "NodeDescription",
    "NodeRef",
    "OrganisationItem",
    "OverlapRow",
    "Page",
    "PlanImported",
    "PlanItem",
    "Rows",
    "SubgraphEdge",
    "SubgraphJson",
    "SubgraphNode",
    "Summary",
    "ThemeItem",
    "WeakRow",
]

T = TypeVar("T")

_ID = "https://w3id.org/plangraph/id/"


class NodeRef(BaseModel):
    """A node: its IRI and its label in the language asked for (with fallback)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "iri": _ID + "challenge/hmn-2021/beredskap-4",
                    "label": "Dimensjonering av beredskap",
                }
            ]
        },
    )
    iri: str
    label: str


class ErrorBody(BaseModel):
    """What went wrong."""

    model_config = ConfigDict(extra="allow")
    status: int = Field(examples=[404])
    message: str = Field(examples=["no node https://w3id.org/plangraph/id/x in the store"])
    request_id: str = Field(examples=["5d1c2f6a0e0b4d1c9d5d7b1a2b3c4d5e"])


class ErrorResponse(BaseModel):
    """Every error answer."""

    error: ErrorBody


class CacheStats(BaseModel):
    """The subgraph answer cache since start: what it holds and how often it answered."""

    entries: int = Field(examples=[120])
    bytes: int = Field(examples=[480_000])
    max_bytes: int = Field(examples=[67_108_864])
    hits: int = Field(examples=[9_000])
    misses: int = Field(examples=[1_000])


class Health(BaseModel):
    """The server is up and its store open."""

    status: str = Field(examples=["ok"])
    backend: str = Field(examples=["oxigraph"])
    graphs: int = Field(examples=[8])
    answer_cache: CacheStats | None = Field(
        default=None, description="Null when the cache is off (or the store is a SPARQL server)."
    )
    bad_plans: list[dict[str, str]] = Field(
        default_factory=list,
        description="Plan files left out at start because they failed the start-up check "
        "(only when started with PLANGRAPH_SKIP_BAD_PLANS): each with `file` and `problem`.",
    )


class Page(BaseModel, Generic[T]):
    """One page of a list: ``total`` counts every match, ``items`` the ones on this page."""

    items: list[T]
    total: int = Field(examples=[41])
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])


class Rows(BaseModel, Generic[T]):
    """Rows of an analysis, one page of them; ``total`` counts every row."""

    items: list[T]
    total: int
    limit: int
    offset: int


class PlanItem(NodeRef):
    """A plan: its type, publisher and issue date; ``graph`` when plangraph holds its items."""

    type: str = Field(examples=["StatusNote"])
    publisher: NodeRef | None = None
    issued: str | None = Field(default=None, examples=["2021-06-17"])
    graph: str | None = Field(
        default=None, examples=["https://w3id.org/plangraph/graph/hmn-statusnotater-2021"]
    )


class OrganisationItem(NodeRef):
    """An organisation and its type."""

    type: str = Field(examples=["RegionalHealthAuthority"])
    parent: NodeRef | None = None


class ThemeItem(NodeRef):
    """A theme area: its scheme, organisation and plan."""

    scheme: NodeRef | None = None
    organisation: NodeRef | None = None
    plan: NodeRef | None = None


class GoalItem(NodeRef):
    """A strategic goal; ``covered``: something contributes to it."""

    plan: NodeRef | None = None
    organisation: NodeRef | None = None
    covered: bool


class ChallengeItem(NodeRef):
    """A challenge; ``covered``: some measure addresses it (a plain ``pg:addresses`` link)."""

    theme: NodeRef | None = None
    plan: NodeRef | None = None
    organisation: NodeRef | None = None
    parent: NodeRef | None = None
    covered: bool


class MeasureItem(NodeRef):
    """A measure; ``covered``: it addresses at least one challenge."""

    theme: NodeRef | None = None
    plan: NodeRef | None = None
    organisation: NodeRef | None = None
    status: NodeRef | None = None
    covered: bool


class ValueRow(BaseModel):
    """A literal value of a node."""

    property: str = Field(examples=["skos:prefLabel"])
    value: Any
    lang: str = Field(examples=["nb"])


class LinkRow(BaseModel):
    """A link to or from a node."""

    property: str = Field(examples=["pg:inTheme"])
    node: NodeRef


class NodeDescription(BaseModel):
    """One node: its types, literal values, and links both ways."""

    node: NodeRef
    types: list[NodeRef]
    values: list[ValueRow]
    outgoing: list[LinkRow]
    incoming: list[LinkRow]


class SubgraphNode(BaseModel):
    """A node of a subgraph; ``type`` is its most specific class as a CURIE.

    ``expanded``: whether the walk followed this node's links. False on the nodes of the last
    hop and on hubs (more links than ``fanout``); fetch the node as ``root`` for its links.
    """

    iri: str
    label: str
    type: str | None = Field(default=None, examples=["pg:Challenge"])
    expanded: bool


class SubgraphEdge(BaseModel):
    """A link of a subgraph."""

    source: str
    target: str
    predicate: str = Field(examples=["pg:addresses"])


class SubgraphJson(BaseModel):
    """A subgraph for front ends; ``truncated`` when the node cap cut it short.

    ``hubs``: the nodes reached before the last hop that the walk did not expand because they
    have more than ``fanout`` links to follow.
    """

    root: str
    depth: int
    nodes: list[SubgraphNode]
    edges: list[SubgraphEdge]
    truncated: bool
    hubs: list[str]
    fanout: int | None = Field(examples=[50])


class GapRow(BaseModel):
    """A challenge no measure addresses."""

    model_config = ConfigDict(extra="allow")
    challenge: NodeRef
    theme: NodeRef | None = None
    organisation: NodeRef | None = None
    plan: NodeRef | None = None
    parent: NodeRef | None = None


class WeakRow(BaseModel):
    """A challenge addressed by one measure only, or only by planned ones."""

    model_config = ConfigDict(extra="allow")
    challenge: NodeRef
    theme: NodeRef | None = None
    organisation: NodeRef | None = None
    measures: list[NodeRef]
    reason: str = Field(examples=["single-measure"])


class OverlapRow(BaseModel):
    """Two measures that address the same challenges."""

    model_config = ConfigDict(extra="allow")
    measure_a: NodeRef
    measure_b: NodeRef
    shared: list[NodeRef]
    shared_count: int
    jaccard: float


class CoverageRow(BaseModel):
    """Coverage of one theme's challenges."""

    model_config = ConfigDict(extra="allow")
    theme: NodeRef
    organisation: NodeRef | None = None
    challenges: int
    covered: int
    share: float


class CoverageMatrix(BaseModel):
    """Themes (rows) by covering organisations (columns); organisation ``any``: anyone."""

    model_config = ConfigDict(extra="allow")
    themes: list[NodeRef]
    organisations: list[NodeRef]
    cells: list[dict[str, Any]]


class ImpactRow(BaseModel):
    """What dropping a measure would do to one challenge it addresses."""

    model_config = ConfigDict(extra="allow")
    challenge: NodeRef
    other_measures: list[NodeRef]
    loses_only_measure: bool


class Summary(BaseModel):
    """Headline figures."""

    model_config = ConfigDict(extra="allow")
    challenges: int
    covered: int
    share: float
    gaps: int
    weak: int
    overlaps: int
    goals_without_measures: int
    orphan_measures: int
    measures: int
    goals: int
    themes: int
    plans: int


class Finding(BaseModel):
    """A SHACL finding."""

    severity: str = Field(examples=["Warning"])
    node: NodeRef
    message: str
    path: str = ""
    value: str = ""


class PlanImported(BaseModel):
    """A plan stored (and saved to the data folder)."""

    graph: str = Field(examples=["https://w3id.org/plangraph/graph/my-plan"])
    file: str = Field(examples=["my-plan.ttl"])
    triples: int
    replaced: bool
    warnings: list[Finding]


class PlanDeleted(BaseModel):
    """A plan removed."""

    graph: str
    file: str


class LinkReviewed(BaseModel):
    """A suggested link accepted or rejected."""

    link: str = Field(examples=["https://w3id.org/plangraph/id/link/0123456789ab"])
    status: str = Field(examples=["pg:Accepted"])
    subject: str
    predicate: str
    object: str
    graph: str
    added_triple: bool
