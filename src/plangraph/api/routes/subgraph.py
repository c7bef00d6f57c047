"""``/api/subgraph``: the neighbourhood of a node, in the format the client asks for."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool

from plangraph.api.deps import LangDep, SettingsDep, StoreDep, filter_iri, required_iri
from plangraph.api.errors import ApiError
from plangraph.api.rendering import json_response, require_media_type, serialize_triples
from plangraph.api.schemas import ErrorResponse, SubgraphJson
from plangraph.api.subgraph import DEFAULT_FANOUT, DEFAULT_PREDICATES, MAX_DEPTH, subgraph
from plangraph.labels import curie
from plangraph.store import OxigraphStore, PlanStore

router = APIRouter(tags=["subgraph"])

OFFERED = ["application/json", "application/ld+json", "text/turtle", "application/n-triples"]
_FORMATS = {
    "json": "application/json",
    "jsonld": "application/ld+json",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
}


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
        400: {"model": ErrorResponse},
        404: {"model": ErrorResponse},
        406: {"model": ErrorResponse},
    },
)
async def get_subgraph(
    store: StoreDep,
    settings: SettingsDep,
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
    """
    media = _FORMATS[fmt.value] if fmt else require_media_type(accept, OFFERED)
    root_iri = required_iri(root, "root")
    predicates: list[str] | None = None
    if predicate:
        if "*" in predicate:
            predicates = []
        else:
            predicates = []
            for p in predicate:
                iri = filter_iri(p, "predicate")
                if iri is None:
                    raise ApiError(400, "parameter 'predicate' is empty")
                predicates.append(str(iri))
    walk = partial(
        _answer,
        store,
        str(root_iri),
        media,
        lang,
        depth=depth,
        predicates=predicates,
        direction="in" if direction is Direction.in_ else direction.value,
        max_nodes=settings.subgraph_max_nodes,
        fanout=fanout,
    )
    if isinstance(store, OxigraphStore):
        # Index lookups without I/O, about a millisecond for a default walk (see
        # benchmarks/results/api.md): on the event loop this is faster than a hop to the
        # thread pool. Other backends run queries that can take long: off the loop.
        return walk()
    return await run_in_threadpool(walk)


def _answer(
    store: PlanStore,
    root: str,
    media: str,
    lang: str,
    *,
    depth: int,
    predicates: list[str] | None,
    direction: str,
    max_nodes: int,
    fanout: int,
) -> Response:
    result = subgraph(
        store,
        root,
        depth=depth,
        predicates=predicates,
        direction=direction,
        max_nodes=max_nodes,
        fanout=fanout,
    )
    headers = {
        "X-Plangraph-Truncated": "true" if result.truncated else "false",
        "X-Plangraph-Hubs": str(len(result.hubs)),
        "Vary": "Accept, Accept-Language",
    }
    if media == "application/json":
        return json_response(result.as_json(lang), headers=headers)
    body = serialize_triples(result.triples(), media)
    return Response(body, media_type=media, headers=headers)
