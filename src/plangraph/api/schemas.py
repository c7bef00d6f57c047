"""Response models: what the API answers, for validation-free fast responses and for OpenAPI.

Routes build plain data and serialise it themselves (``json.dumps``), so the models here document
the shapes (and their examples) rather than convert every answer on the way out.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ChallengeItem",
    "Considered",
    "CoverageMatrix",
    "CoverageRow",
    "ErrorBody",
    "ErrorResponse",
    "GapRow",
    "GapRows",
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


class _Model(BaseModel):
    """The base of the models here: each built when first used (its validator and serialiser),
    not when this module is imported. Most only document a shape for OpenAPI (the routes
    serialise their answers themselves), and FastAPI builds what a route uses when the route is
    made; building every model at import as well was ~0.08 s of CPU of each server start."""

    model_config = ConfigDict(defer_build=True)


class NodeRef(_Model):
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


class ErrorBody(_Model):
    """What went wrong."""

    model_config = ConfigDict(extra="allow")
    status: int = Field(examples=[404])
    message: str = Field(examples=["no node https://w3id.org/plangraph/id/x in the store"])
    request_id: str = Field(examples=["5d1c2f6a0e0b4d1c9d5d7b1a2b3c4d5e"])


class ErrorResponse(_Model):
    """Every error answer."""

    error: ErrorBody


class CacheStats(_Model):
    """The subgraph answer cache since start: what it holds and how often it answered."""

    entries: int = Field(examples=[120])
    bytes: int = Field(examples=[480_000])
    max_bytes: int = Field(examples=[67_108_864])
    hits: int = Field(examples=[9_000])
    misses: int = Field(examples=[1_000])


class Health(_Model):
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


class Page(_Model, Generic[T]):
    """One page of a list: ``total`` counts every match, ``items`` the ones on this page."""

    items: list[T]
    total: int = Field(examples=[41])
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])


class Rows(_Model, Generic[T]):
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


class ValueRow(_Model):
    """A literal value of a node."""

    property: str = Field(examples=["skos:prefLabel"])
    value: Any
    lang: str = Field(examples=["nb"])


class LinkRow(_Model):
    """A link to or from a node."""

    property: str = Field(examples=["pg:inTheme"])
    node: NodeRef


class NodeDescription(_Model):
    """One node: its types, literal values, and links both ways."""

    node: NodeRef
    types: list[NodeRef]
    values: list[ValueRow]
    outgoing: list[LinkRow]
    incoming: list[LinkRow]


class SubgraphNode(_Model):
    """A node of a subgraph; ``type`` is its most specific class as a CURIE.

    ``expanded``: whether the walk followed this node's links. False on the nodes of the last
    hop and on hubs (more links than ``fanout``); fetch the node as ``root`` for its links.
    """

    iri: str
    label: str
    type: str | None = Field(default=None, examples=["pg:Challenge"])
    expanded: bool


class SubgraphEdge(_Model):
    """A link of a subgraph."""

    source: str
    target: str
    predicate: str = Field(examples=["pg:addresses"])


class SubgraphJson(_Model):
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


class GapRow(_Model):
    """A challenge no measure addresses."""

    model_config = ConfigDict(extra="allow")
    challenge: NodeRef
    theme: NodeRef | None = None
    organisation: NodeRef | None = None
    plan: NodeRef | None = None
    parent: NodeRef | None = None


class ConsideredPlan(_Model):
    """A plan whose measures the gaps counted."""

    plan: NodeRef | None
    organisation: NodeRef | None
    measures: int
    measures_with_links: int


class Considered(_Model):
    """Which plans' measures the gaps counted, and one Bokmål sentence saying so."""

    plans: list[ConsideredPlan]
    measures: int
    measures_with_links: int
    text: str = Field(
        examples=[
            "Tiltak som er regnet med: 16 tiltak fra Regional tiltaksplan (Helse Vest RHF), "
            "13 av dem koblet til utfordringer."
        ]
    )


class GapRows(Rows[GapRow]):
    """Gaps, one page of them, with what was counted."""

    considered: Considered


class WeakRow(_Model):
    """A challenge addressed by one measure only, or only by planned ones."""

    model_config = ConfigDict(extra="allow")
    challenge: NodeRef
    theme: NodeRef | None = None
    organisation: NodeRef | None = None
    measures: list[NodeRef]
    reason: str = Field(examples=["single-measure"])


class OverlapRow(_Model):
    """Two measures that address the same challenges."""

    model_config = ConfigDict(extra="allow")
    measure_a: NodeRef
    measure_b: NodeRef
    shared: list[NodeRef]
    shared_count: int
    jaccard: float


class CoverageRow(_Model):
    """Coverage of one theme's challenges."""

    model_config = ConfigDict(extra="allow")
    theme: NodeRef
    organisation: NodeRef | None = None
    challenges: int
    covered: int
    share: float


class CoverageMatrix(_Model):
    """Themes (rows) by covering organisations (columns); organisation ``any``: anyone."""

    model_config = ConfigDict(extra="allow")
    themes: list[NodeRef]
    organisations: list[NodeRef]
    cells: list[dict[str, Any]]


class ImpactRow(_Model):
    """What dropping a measure would do to one challenge it addresses."""

    model_config = ConfigDict(extra="allow")
    challenge: NodeRef
    other_measures: list[NodeRef]
    loses_only_measure: bool


class Summary(_Model):
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


class Finding(_Model):
    """A SHACL finding."""

    severity: str = Field(examples=["Warning"])
    node: NodeRef
    message: str
    path: str = ""
    value: str = ""


class PlanImported(_Model):
    """A plan stored (and saved to the data folder)."""

    graph: str = Field(examples=["https://w3id.org/plangraph/graph/my-plan"])
    file: str = Field(examples=["my-plan.ttl"])
    triples: int
    replaced: bool
    warnings: list[Finding]
    status: str | None = None  # created, new-version, older-version or unchanged (issue 12)
    version: str | None = None
    message: str | None = None


class PlanDeleted(_Model):
    """A plan removed."""

    graph: str
    file: str


class LinkReviewed(_Model):
    """A suggested link accepted or rejected."""

    link: str = Field(examples=["https://w3id.org/plangraph/id/link/0123456789ab"])
    status: str = Field(examples=["pg:Accepted"])
    subject: str
    predicate: str
    object: str
    graph: str
    added_triple: bool


# -- what the OpenAPI description promises about parameters and errors ---------------------------
#
# The routes declare their parameters as plain strings; the server checks them itself (400 with a
# message naming the parameter). ``harden_openapi`` writes those same rules into the description,
# so that a request the description allows is one the server accepts, and one it forbids is one
# the server refuses (schemathesis' conformance checks, tests/api/test_api_openapi.py).

# A conservative IRI grammar: every IRI it matches is one RFC 3987 (and the engine) accepts, and
# one ``terms.parse_name`` reads as an IRI. No userinfo, no IP literals, characters outside
# ucschar percent-encoded. Of ucschar (the BMP part), the characters Python calls white space
# (no-break space U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) are
# left out: ``parse_name`` reads text with white space in it as a label, not an IRI.
_IRI_SCHEMES = "(?:https?|urn|mailto|tag)"
_UCSCHAR = (
    r"\u00a1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e\u2030-\u205e\u2060-\u2fff"
    r"\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
)
_IRI_CHAR = rf"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{{2}}|[{_UCSCHAR}])"
_IRI_AUTHORITY = r"//[A-Za-z0-9._~-]+(?::[0-9]*)?"
_IRI_BODY = (
    f"{_IRI_SCHEMES}:(?:{_IRI_AUTHORITY}(?:/{_IRI_CHAR}*)*|(?!//)(?:{_IRI_CHAR}|/)*)"
    rf"(?:\?(?:{_IRI_CHAR}|[/?])*)?(?:#(?:{_IRI_CHAR}|[/?])*)?"
)


def iri_pattern(prefixes: list[str], *, required: bool) -> str:
    """The pattern an IRI parameter matches: a full IRI with an allowed scheme, the same in
    ``<...>``, or ``prefix:name`` with a known prefix (empty too when not ``required``)."""
    names = "|".join(sorted(prefixes))
    prefixed = f"(?:{names}):(?:[A-Za-z0-9._~-][A-Za-z0-9._~/-]*)?"
    body = f"<{_IRI_BODY}>|{_IRI_BODY}|{prefixed}"
    return f"^(?:{body})$" if required else f"^(?:{body})?$"


IRI_QUERY_PARAMETERS = frozenset(
    {"iri", "root", "node", "measure", "theme", "organisation", "org", "plan", "status", "focus"}
)
"""Query parameters that name a node by IRI (the routes read them with ``deps.filter_iri``)."""

PLAN_NAME_PATTERN = "^(?!(?:ontology|import)$)[a-z0-9][a-z0-9_-]{0,63}$"
LINK_ID_PATTERN = "^[0-9a-f]{12}$"

_YEAR = r"(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH_DAY = (
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
)
_LEAP_DAY = (
    r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29"
)
AS_OF_PATTERN = rf"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})$"
"""The dates ``?as_of=`` takes (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, real calendar days only), so
a value that fits the published schema is one ``ingest.versions.parse_date`` reads."""

_ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
_COMMON_ERRORS = {
    "400": "Bad input: a parameter, the body, a credential in the URL, or a Host header this "
    "server does not answer for.",
    "429": "Too many requests from this client (see the Retry-After header).",
}
_LANGUAGES = ("nb", "nn", "en")  # the label languages the graph view reads (viz.view.LANGUAGES)
_VIZ_KINDS = "(?:[oO][rR][gG][aA][nN][iI][sS][aA][tT][iI][oO][nN]|[pP][lL][aA][nN]|[gG][oO][aA][lL]|[tT][hH][eE][mM][eE]|[cC][hH][aA][lL][lL][eE][nN][gG][eE]|[mM][eE][aA][sS][uU][rR][eE])"

# Each rule and each error answer the description repeats is said once, under ``components``,
# and referred to (``$ref``) where it applies: the IRI pattern alone is ~1.7 kB, and was copied
# into ~55 parameters (100 kB of a 230 kB document), which every reader (Swagger UI, ReDoc,
# schemathesis, code generators) parsed again each time. OpenAPI 3.1 schemas are JSON Schema
# 2020-12, where keywords beside a ``$ref`` (a parameter's own title, default, examples) apply
# together with the referred schema's. The named schemas hold ``type``, ``pattern`` and a
# ``description`` only, so that a parameter's schema read with its reference spelled out is
# the one the description held before (with the named schema's description).
_SCHEMAS = "#/components/schemas/"
_RESPONSES = "#/components/responses/"
IRI_SCHEMA = "IriOrName"
# The predicate value of /api/subgraph that follows every link.
FOLLOW_EVERY_LINK = "*"
"""The named schema of a required IRI parameter (``iri_pattern(..., required=True)``)."""
OPTIONAL_IRI_SCHEMA = "IriOrNameOrEmpty"
"""The named schema of an optional IRI filter: the same, or empty (no filter)."""
_IRI_TEXT = (
    "A node: a full http(s), urn, mailto or tag IRI (lower-case scheme, no spaces), the same "
    "in <...>, or prefix:name with a known prefix (pg:addresses)."
)
_NAMED_SCHEMAS: dict[str, tuple[str, str]] = {  # name: (description, pattern or "" for the IRIs)
    IRI_SCHEMA: (_IRI_TEXT, ""),
    OPTIONAL_IRI_SCHEMA: (_IRI_TEXT + " Empty: no filter.", ""),
    "AsOfDate": (
        "A date: YYYY, YYYY-MM or YYYY-MM-DD (a real calendar day).",
        AS_OF_PATTERN,
    ),
    "PlanName": (
        "A plan's name (its file stem): 1 to 64 lower-case letters, digits, _ and -, the first "
        "a letter or digit; not ontology or import.",
        PLAN_NAME_PATTERN,
    ),
    "LinkId": ("A link record's id: 12 hex digits.", LINK_ID_PATTERN),
}
_NAMED_RESPONSES = {  # name: (status, description)
    "BadInput": ("400", _COMMON_ERRORS["400"]),
    "TooManyRequests": ("429", _COMMON_ERRORS["429"]),
    "NodeNotFound": ("404", "No node with that IRI in the store."),
}
_FASTAPI_VALIDATION_ERROR = {
    "description": "Validation Error",
    "content": {"application/json": {"schema": {"$ref": _SCHEMAS + "HTTPValidationError"}}},
}


def _enumerated(parameter: dict[str, Any]) -> bool:
    """Whether a parameter's schema lists its values (a ``Literal``): then it names no node."""
    schema = parameter.get("schema", {})
    return "enum" in schema or any("enum" in s for s in schema.get("anyOf", []))


def _once(parameter: dict[str, Any]) -> None:
    """A parameter's description said once: FastAPI copies it into the parameter's schema."""
    schema = parameter.get("schema")
    if isinstance(schema, dict) and schema.get("description") == parameter.get("description"):
        del schema["description"]


def _plain_string(parameter: dict[str, Any], **constraints: Any) -> None:
    schema = parameter.get("schema", {})
    kept = {k: v for k, v in schema.items() if k in ("title", "description", "default", "examples")}
    parameter["schema"] = {"type": "string", **kept, **constraints}


def _named_string(parameter: dict[str, Any], name: str) -> None:
    """The parameter's schema refers to the named string schema ``name``, keeping its own
    title, description, default and examples beside the reference."""
    schema = parameter.get("schema", {})
    kept = {k: v for k, v in schema.items() if k in ("title", "description", "default", "examples")}
    parameter["schema"] = {"$ref": _SCHEMAS + name, **kept}


def _string_items(parameter: dict[str, Any], **constraints: Any) -> None:
    schema = parameter.get("schema", {})
    kept = {k: v for k, v in schema.items() if k in ("title", "description")}
    parameter["schema"] = {"type": "array", "items": {"type": "string", **constraints}, **kept}


def _named_items(parameter: dict[str, Any], name: str, *also: str) -> None:
    """An array parameter whose items are the named string schema ``name`` (or one of ``also``)."""
    schema = parameter.get("schema", {})
    kept = {k: v for k, v in schema.items() if k in ("title", "description")}
    items: dict[str, Any] = {"$ref": _SCHEMAS + name}
    if also:
        items = {"anyOf": [items, {"type": "string", "enum": list(also)}]}
    parameter["schema"] = {"type": "array", "items": items, **kept}


def harden_openapi(spec: dict[str, Any], prefixes: list[str]) -> dict[str, Any]:
    """Write the server's own input rules and edge errors into ``spec`` (in place; returned)."""
    components = spec.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    iri = {
        IRI_SCHEMA: iri_pattern(prefixes, required=True),
        OPTIONAL_IRI_SCHEMA: iri_pattern(prefixes, required=False),
    }
    for name, (description, pattern) in _NAMED_SCHEMAS.items():
        schemas[name] = {
            "type": "string",
            "pattern": pattern or iri[name],
            "description": description,
        }
    responses_named = components.setdefault("responses", {})
    for name, (_status, description) in _NAMED_RESPONSES.items():
        responses_named[name] = {"description": description, "content": _ERROR_CONTENT}
    validation_used = False
    for path, operations in spec.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                _once(parameter)
                name, where = parameter.get("name"), parameter.get("in")
                if where == "query" and name in IRI_QUERY_PARAMETERS and not _enumerated(parameter):
                    required = bool(parameter.get("required"))
                    _named_string(parameter, IRI_SCHEMA if required else OPTIONAL_IRI_SCHEMA)
                elif where == "query" and name == "predicate":
                    schema = parameter.get("schema", {})
                    if any(  # a list of predicates (/api/subgraph's: array or null)
                        part.get("type") == "array" for part in [schema, *schema.get("anyOf", [])]
                    ):
                        _named_items(parameter, IRI_SCHEMA, FOLLOW_EVERY_LINK)
                    else:  # one predicate (/api/suggestions)
                        _named_string(parameter, OPTIONAL_IRI_SCHEMA)
                elif (
                    where == "path" and name in ("name", "plan") and path.startswith("/api/plans/")
                ):
                    _named_string(parameter, "PlanName")
                elif where == "query" and name == "as_of":
                    _named_string(parameter, "AsOfDate")
                elif where == "path" and name == "link_id":
                    _named_string(parameter, "LinkId")
                elif path == "/viz/data.json":
                    _viz_parameter(parameter)
                elif where == "query" and name == "lang" and path == "/viz/node.json":
                    parameter.setdefault("schema", {}).update(enum=list(_LANGUAGES))
            responses = operation["responses"]
            for named, (status, _description) in _NAMED_RESPONSES.items():
                if status != "404" or path.startswith("/viz/"):
                    responses.setdefault(status, {"$ref": _RESPONSES + named})
            if responses.get("422") == _FASTAPI_VALIDATION_ERROR:
                responses["422"] = {"$ref": _RESPONSES + "ValidationError"}
                validation_used = True
    if validation_used:
        # What the server answers (api/errors.py turns FastAPI's RequestValidationError into the
        # plain error body every other error has), not FastAPI's own HTTPValidationError list.
        responses_named["ValidationError"] = {
            "description": "The request's parameters or body do not have the declared types.",
            "content": _ERROR_CONTENT,
        }
    # FastAPI's two schemas for that list are then named by nothing but each other.
    schemas.pop("HTTPValidationError", None)
    if _SCHEMAS + "ValidationError" not in _refs(spec):
        schemas.pop("ValidationError", None)
    return spec


def _refs(node: Any) -> set[str]:
    """Every ``$ref`` target in ``node`` (a JSON value)."""
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node)) if node else set()
    return set()


def _viz_parameter(parameter: dict[str, Any]) -> None:
    """The graph view's filters, as ``viz.view.ViewFilters.checked`` reads them."""
    name = parameter.get("name")
    schema = parameter.get("schema", {})
    if name == "depth":
        schema.update(minimum=0, maximum=6)
    elif name == "limit":
        schema.update(minimum=1, maximum=20_000)
    elif name == "layout":
        schema.update(enum=["layered", "force"])
    elif name == "lang":
        schema.update(enum=list(_LANGUAGES))
    elif name == "types":
        # Comma-separated kinds (any case, spaces around them), at least one kind in all.
        part = rf"[ ]*{_VIZ_KINDS}[ ]*"
        _string_items(parameter, pattern=rf"^(?:[ ]*,)*{part}(?:,(?:{part}|[ ]*))*$")
    elif name == "q":
        _plain_string(parameter, maxLength=200)
