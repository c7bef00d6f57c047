"""``/api/subgraph``: the neighbourhood of a node, in the format the client asks for."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool

from plangraph.api.answers import (
    FORMATS,
    OFFERED,
    SubgraphRequest,
    answer_subgraph,
    etag_matches,
)
from plangraph.api.deps import (
    AnswerCacheDep,
    LangDep,
    SettingsDep,
    StoreDep,
    filter_iri,
    required_iri,
)
from plangraph.api.errors import ApiError
from plangraph.api.rendering import require_media_type
from plangraph.api.routes._lazy import LazyRoute
from plangraph.api.schemas import FOLLOW_EVERY_LINK, ErrorResponse, SubgraphJson
from plangraph.labels import curie
from plangraph.subgraph import DEFAULT_FANOUT, DEFAULT_PREDICATES, MAX_DEPTH

router = APIRouter(tags=["subgraph"], route_class=LazyRoute)


class Direction(StrEnum):
    """Which way links are followed."""

    out = "out"
    in_ = "in"
    both = "both"


class SubgraphFormat(StrEnum):
    """A format that overrides the Accept header."""

    json = "json"
    jsonld = "jsonld"
    ttl = "ttl"
    nt = "nt"


@router.get(
    "/api/subgraph",
    summary="The neighbourhood of a node",
    response_model=SubgraphJson,
    responses={
        200: {
            "description": "The subgraph: nodes and edges as JSON, or RDF.",
            "content": {
                "application/ld+json": {},
                "text/turtle": {},
                "application/n-triples": {},
            },
        },
        304: {"description": "Unchanged since the answer whose ETag was sent."},
        400: {"model": ErrorResponse},
        404: {"model": ErrorResponse},
        406: {"model": ErrorResponse},
    },
)
async def get_subgraph(
    store: StoreDep,
    settings: SettingsDep,
    cache: AnswerCacheDep,
    lang: LangDep,
    root: Annotated[
        str,
        Query(
            description="The node to start from: an IRI (or prefix:name).",
            examples=["https://w3id.org/plangraph/id/measure/hv-tiltaksplan/helseberedskap"],
        ),
    ],
    depth: Annotated[
        int, Query(ge=0, le=MAX_DEPTH, description="How many hops to walk.", examples=[2])
    ] = 1,
    predicate: Annotated[
        list[str] | None,
        Query(
            description="A link to follow (IRI or CURIE such as pg:addresses); repeat for more; "
            "'*' follows every link. Default: "
            + ", ".join(curie(URIRef(p)) for p in DEFAULT_PREDICATES)
            + ".",
            examples=[["pg:addresses", "pg:contributesTo"]],
        ),
    ] = None,
    direction: Annotated[
        Direction, Query(description="Follow links out of, into, or both ways.")
    ] = Direction.both,
    fanout: Annotated[
        int,
        Query(
            ge=0,
            le=100_000,
            description="Expand a node other than the root only when it has at most this many "
            "links to follow. A node with more (a hub: a theme area, a goal many measures "
            "contribute to, a plan) stays in the subgraph with `expanded: false` and is listed "
            "in `hubs`; ask for it as `root` to see its links.",
            examples=[DEFAULT_FANOUT],
        ),
    ] = DEFAULT_FANOUT,
    fmt: Annotated[
        SubgraphFormat | None,
        Query(alias="format", description="Overrides the Accept header."),
    ] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
    if_none_match: Annotated[
        str | None,
        Header(
            description="The ETag of an answer the client holds: 304 without a body when it "
            "is still current.",
        ),
    ] = None,
) -> Response:
    """Walk from ``root`` along the chosen links, at most ``depth`` hops and
    ``PLANGRAPH_SUBGRAPH_MAX_NODES`` nodes (``truncated`` says when the cap cut it short; RDF
    answers say so in the ``X-Plangraph-Truncated`` header).

    **Defaults that keep a walk about the plan links.** Without ``predicate`` the walk follows
    the semantic links (``pg:addresses``, ``pg:contributesTo``, ``pg:inTheme``,
    ``pg:subChallengeOf``, the SKOS mapping links, ``org:subOrganizationOf``), not provenance
    and membership (``pg:partOfPlan``, ``pg:sourceDocument``, ``dcterms:publisher``, link
    records): name those in ``predicate``, or ``predicate=*`` for every link. ``rdf:type`` is
    never walked; every node's types and labels are in the answer.

    **Hubs are not expanded.** The root is always expanded; any other node only when it has at
    most ``fanout`` (default 50) links to follow. A theme area with hundreds of challenges or a
    goal with hundreds of contributing measures is kept as a node, marked ``expanded: false``
    and listed in ``hubs`` (RDF answers: the ``X-Plangraph-Hubs`` header counts them), so a
    depth-2 walk from a measure shows its challenges, goals and theme, not the whole theme.
    ``expanded`` is also false on the nodes of the last hop.

    Content negotiation by ``Accept``: ``application/json`` (nodes and edges, the default),
    ``application/ld+json`` (compact context), ``text/turtle``, ``application/n-triples``.

    **Caching.** Answers are kept in memory until the data changes (``X-Plangraph-Cache``:
    ``hit`` or ``miss``; ``off`` on a SPARQL-server store), and carry an ``ETag`` with
    ``Cache-Control: no-cache``: send it back in ``If-None-Match`` to get a 304 while the
    data is unchanged.
    """
    media = FORMATS[fmt.value] if fmt else require_media_type(accept, OFFERED)
    root_iri = required_iri(root, "root")
    predicates: tuple[str, ...] | None = None
    if predicate:
        predicates = (
            () if FOLLOW_EVERY_LINK in predicate else tuple(_predicate_iri(p) for p in predicate)
        )
    wanted = SubgraphRequest(
        root=str(root_iri),
        depth=depth,
        predicates=predicates,
        direction="in" if direction is Direction.in_ else direction.value,
        fanout=fanout,
        media=media,
        lang=lang,
        max_nodes=settings.subgraph_max_nodes,
    )
    if store.answers_inline:
        # Index lookups without I/O, below a millisecond for a default walk (see
        # benchmarks/results/api.md): on the event loop this is faster than a hop to the
        # thread pool. Other backends run queries that can take long: off the loop.
        answer, cached = answer_subgraph(store, wanted, cache)
    else:
        answer, cached = await run_in_threadpool(answer_subgraph, store, wanted, cache)
    if etag_matches(if_none_match, answer.etag):
        return Response(status_code=304, headers=answer.not_modified_headers())
    headers = answer.headers(cached)
    media_type = headers.pop("Content-Type")
    return Response(answer.body, media_type=media_type, headers=headers)


def _predicate_iri(value: str) -> str:
    iri = filter_iri(value, "predicate")
    if iri is None:
        raise ApiError(400, "parameter 'predicate' is empty")
    return str(iri)
