"""Subgraph answers: the cache, ETags and 304s, invalidation by writes, and the fast lane.

The server tests run against the app in-process, its lifespan run as ``plangraph serve`` runs it. The lane tests compare, request by
request, the app with its fast lane against the same app without it (every request through the
documented FastAPI route): the same status, body and headers for well-formed and odd requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio
import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plangraph.api import lane
from plangraph.api.answers import Answer, AnswerCache, SubgraphRequest
from plangraph.api.app import create_app
from plangraph.api.routes import subgraph as subgraph_route
from plangraph.config import Settings
from plangraph.store import PlanStore, open_store
from plangraph.vocab import DATA
from tests.api.conftest import API_KEY, LIVE_ENV, App, copy_data, start_app

MEASURE = str(DATA["measure/hv-tiltaksplan/helseberedskap"])
PLAN = str(DATA["plan/answer-test"])
KEY = {"X-API-Key": API_KEY, "Content-Type": "text/turtle"}
PLAN_TTL = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/plangraph/id/plan/answer-test> a pg:Plan ;
    skos:prefLabel "LABEL"@nb ;
    dcterms:publisher <https://w3id.org/plangraph/id/org/helse-vest> .
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("answers")
    started = start_app(tmp, LIVE_ENV, copy_data(tmp / "data"))
    yield started
    started.stop()


@pytest.fixture
def c(server: App) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def _subgraph(client: httpx.Client, root: str, **headers: str) -> httpx.Response:
    return client.get("/api/subgraph", params={"root": root, "depth": 2}, headers=headers)


def test_answers_are_cached_and_revalidated_by_etag(c: httpx.Client) -> None:
    stats_before = c.get("/api/health").json()["answer_cache"]
    first = _subgraph(c, MEASURE)
    second = _subgraph(c, MEASURE)
    assert first.status_code == second.status_code == 200
    assert first.headers["x-plangraph-cache"] == "miss"
    assert second.headers["x-plangraph-cache"] == "hit"
    assert first.content == second.content
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag == second.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    assert "Accept" in first.headers["vary"]
    stats = c.get("/api/health").json()["answer_cache"]
    assert stats["hits"] == stats_before["hits"] + 1
    assert stats["misses"] == stats_before["misses"] + 1
    assert stats["entries"] >= 1 and 0 < stats["bytes"] <= stats["max_bytes"]

    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = _subgraph(c, MEASURE, **{"If-None-Match": sent})
        assert again.status_code == 304, sent
        assert again.content == b"" and again.headers["etag"] == etag
    assert _subgraph(c, MEASURE, **{"If-None-Match": '"not-it"'}).status_code == 200

    # Another format (or language) is another answer with its own tag.
    turtle = _subgraph(c, MEASURE, Accept="text/turtle")
    assert turtle.status_code == 200 and turtle.headers["etag"] != etag
    english = c.get("/api/subgraph", params={"root": MEASURE, "depth": 2, "lang": "en"})
    assert english.headers["etag"] != etag


def test_a_write_makes_older_answers_stale(c: httpx.Client) -> None:
    created = c.put("/api/plans/answer-test", content=PLAN_TTL, headers=KEY)
    assert created.status_code == 201, created.text
    before = _subgraph(c, PLAN)
    assert _subgraph(c, PLAN).headers["x-plangraph-cache"] == "hit"
    labels = {n["iri"]: n["label"] for n in before.json()["nodes"]}
    assert labels[PLAN] == "LABEL"

    replaced = c.put(
        "/api/plans/answer-test", content=PLAN_TTL.replace("LABEL", "NEW LABEL"), headers=KEY
    )
    assert replaced.status_code == 200, replaced.text
    after = _subgraph(c, PLAN, **{"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["x-plangraph-cache"] == "miss"
    assert {n["iri"]: n["label"] for n in after.json()["nodes"]}[PLAN] == "NEW LABEL"
    # Other roots were filed under the old state too: they are computed again.
    assert _subgraph(c, MEASURE).headers["x-plangraph-cache"] == "miss"

    # A refused write changes nothing, so cached answers stay.
    assert _subgraph(c, PLAN).headers["x-plangraph-cache"] == "hit"
    refused = c.put("/api/plans/answer-test", content="<broken", headers=KEY)
    assert refused.status_code == 400
    assert _subgraph(c, PLAN).headers["x-plangraph-cache"] == "hit"

    assert c.delete("/api/plans/answer-test", headers={"X-API-Key": API_KEY}).status_code == 200
    gone = _subgraph(c, PLAN)
    assert gone.status_code == 404 and gone.json()["error"]["message"]


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    off = start_app(tmp_path, {"PLANGRAPH_ANSWER_CACHE_MB": "0"}, None)
    try:
        with off.client() as client:
            answers = [_subgraph(client, MEASURE) for _ in range(2)]
            assert client.get("/api/health").json()["answer_cache"] is None
        assert [a.headers["x-plangraph-cache"] for a in answers] == ["off", "off"]
        assert answers[0].content == answers[1].content
        assert answers[0].headers["etag"] == answers[1].headers["etag"]
    finally:
        off.stop()


# -- the cache on its own ------------------------------------------------------------------


def _request(root: str) -> SubgraphRequest:
    return SubgraphRequest(root, 1, None, "both", 50, "application/json", "nb", 500)


def _answer(size: int) -> Answer:
    return Answer(b"x" * size, "application/json", '"t"', truncated=False, hubs=0)


def test_cache_evicts_the_least_recently_used_within_its_bytes() -> None:
    cache = AnswerCache(max_bytes=3 * (1000 + 512))
    for name in "abc":
        cache.put(1, _request(name), _answer(1000))
    assert cache.get(1, _request("a")) is not None  # a is now the most recently used
    cache.put(1, _request("d"), _answer(1000))
    assert cache.get(1, _request("b")) is None
    assert all(cache.get(1, _request(n)) is not None for n in "acd")
    assert len(cache) == 3
    cache.put(1, _request("huge"), _answer(10_000))  # larger than the whole cache: not kept
    assert cache.get(1, _request("huge")) is None and len(cache) == 3
    assert cache.hits == 4 and cache.misses == 2


def test_cache_forgets_everything_when_the_store_changes() -> None:
    cache = AnswerCache(max_bytes=1_000_000)
    cache.put(1, _request("a"), _answer(10))
    assert cache.get(2, _request("a")) is None
    assert len(cache) == 0
    cache.put(1, _request("a"), _answer(10))  # late answer of the old state: dropped at once
    assert cache.get(2, _request("a")) is None


# -- the fast lane against the route -------------------------------------------------------


@pytest.fixture(scope="module")
def store() -> PlanStore:
    return open_store()


Pair = tuple[FastAPI, FastAPI]


@pytest.fixture(scope="module")
def pair(store: PlanStore) -> Pair:
    """The app with its fast lane, and without (the store is given: no lifespan needed)."""
    # A small node cap, so that truncation is part of what is compared.
    config = Settings(subgraph_max_nodes=15, load_seed=True)
    return create_app(config, store), create_app(config, store, fast_lane=False)


@dataclass
class Reply:
    """What a client of one app got: the status, the headers (as ``httpx.Response.headers``
    gives them) and the body."""

    status_code: int
    headers: httpx.Headers
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class Both:
    """Each case's request, built once by an ``httpx`` client (its URL, query and default
    headers, as ``client.get`` sends them), handed to each app of the pair as the ASGI scope
    ``httpx.ASGITransport`` makes of it, on one event loop for the whole module (in a thread of
    its own). The request is the same for both apps, so it is built once, and the replies are
    read as the transport reads them (status, headers, body), without an ``httpx.Response``
    and cookie jar per app per case: those were half of the comparison's time."""

    def __init__(self, pair: Pair, portal: BlockingPortal) -> None:
        self.portal = portal
        self.apps = pair
        # Never sent anything through: no cookies kept, every request as from a fresh client.
        self.client = httpx.AsyncClient(base_url="http://test")

    def get(self, url: str, headers: dict[str, str]) -> list[Reply]:
        request = self.client.build_request("GET", url, headers=headers)
        scope = {  # as httpx.ASGITransport.handle_async_request makes it
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "headers": [(k.lower(), v) for (k, v) in request.headers.raw],
            "scheme": request.url.scheme,
            "path": request.url.path,
            "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query,
            "server": (request.url.host, request.url.port),
            "client": ("127.0.0.1", 123),
            "root_path": "",
        }

        async def fetch() -> list[Reply]:
            return [await _call(app, dict(scope)) for app in self.apps]

        return self.portal.call(fetch)

    def close(self) -> None:
        self.portal.call(self.client.aclose)


async def _call(app: FastAPI, scope: dict[str, Any]) -> Reply:
    """Run ``app`` on a bodiless request as ``httpx.ASGITransport`` does: the body is empty,
    a second ``receive`` waits for the reply to end and gets a disconnect; app errors raise."""
    status: int | None = None
    headers: list[tuple[bytes, bytes]] | None = None
    parts: list[bytes] = []
    complete = anyio.Event()
    asked = False

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if asked:
            await complete.wait()
            return {"type": "http.disconnect"}
        asked = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            assert status is None
            status, headers = message["status"], message.get("headers", [])
        elif message["type"] == "http.response.body":
            assert not complete.is_set()
            if message.get("body", b""):
                parts.append(message["body"])
            if not message.get("more_body", False):
                complete.set()

    await app(scope, receive, send)
    assert complete.is_set() and status is not None and headers is not None
    return Reply(status, httpx.Headers(headers), b"".join(parts))


@pytest.fixture(scope="module")
def both(pair: Pair) -> Iterator[Both]:
    with start_blocking_portal() as portal:
        clients = Both(pair, portal)
        yield clients
        clients.close()


def test_lane_and_route_take_the_same_values() -> None:
    assert {d.value for d in subgraph_route.Direction} == lane.DIRECTIONS
    assert {f.value for f in subgraph_route.SubgraphFormat} == set(lane.FORMATS)


ROOTS = [
    MEASURE,
    "id:measure/hv-tiltaksplan/helseberedskap",
    f"<{MEASURE}>",
    str(DATA["org/helse-vest"]),
    "pg:Measure",
    "https://example.org/not-in-the-store",
    "javascript:alert(1)",
    "has space",
    "",
]
_params = st.lists(
    st.one_of(
        st.tuples(st.just("root"), st.sampled_from(ROOTS)),
        st.tuples(
            st.just("depth"),
            st.sampled_from(["0", "1", "2", "3", "4", "-1", "+1", "01", " 2", "2.0", "x", ""]),
        ),
        st.tuples(
            st.just("predicate"),
            st.sampled_from(
                [
                    "pg:addresses",
                    "*",
                    "https://w3id.org/plangraph/ns#inTheme",
                    "rdf:type",
                    "skos:closeMatch",
                    "",
                    "not an iri",
                ]
            ),
        ),
        st.tuples(st.just("direction"), st.sampled_from(["out", "in", "both", "IN", "x"])),
        st.tuples(
            st.just("fanout"), st.sampled_from(["0", "1", "2", "50", "100000", "100001", "-1"])
        ),
        st.tuples(st.just("format"), st.sampled_from(["json", "jsonld", "ttl", "nt", "xml"])),
        st.tuples(st.just("lang"), st.sampled_from(["nb", "nn", "en", "de"])),
        st.tuples(st.just("unknown"), st.just("1")),
    ),
    max_size=6,
)
_headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept": st.sampled_from(
            [
                "application/json",
                "text/turtle",
                "application/ld+json;q=0.5, text/turtle",
                "application/n-triples",
                "image/png",
                "*/*",
                "",
            ]
        ),
        "Accept-Language": st.sampled_from(["nn", "en-GB,en;q=0.9", "da"]),
    },
)
_IGNORED = {"x-plangraph-cache", "date"}


def _compare(both: Both, query: str, headers: dict[str, str]) -> Reply:
    sent = {"X-Request-ID": "compare", **headers}
    a, b = both.get(f"/api/subgraph?{query}", sent)
    assert (a.status_code, a.content) == (b.status_code, b.content), query
    assert {k: v for k, v in a.headers.items() if k not in _IGNORED} == {
        k: v for k, v in b.headers.items() if k not in _IGNORED
    }, query
    assert a.status_code < 500, (query, a.text)
    return a


@given(params=_params, with_root=st.booleans(), headers=_headers)
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_lane_answers_as_the_route_does(
    both: Both,
    params: list[tuple[str, str]],
    with_root: bool,
    headers: dict[str, str],
) -> None:
    if with_root:
        params = [("root", MEASURE), *params]
    _compare(both, urlencode(params), headers)


@pytest.mark.parametrize(
    "query",
    [
        f"root={MEASURE}&depth=2",
        f"root={MEASURE}&depth=3&predicate=*&direction=out&fanout=2",
        f"root={MEASURE}&depth=2&predicate=pg:addresses&predicate=pg:inTheme&format=ttl",
        f"root={MEASURE}&depth=2&format=jsonld&lang=nn",
        f"root={MEASURE}&depth=2&format=nt",
    ],
)
def test_lane_answers_the_plain_requests_itself(
    pair: Pair, both: Both, store: PlanStore, query: str
) -> None:
    """The lane answers without calling the app behind it, and as the route does."""
    answer = _compare(both, query, {})
    assert answer.status_code == 200
    fast_app = pair[0]
    behind_called: list[str] = []

    async def behind(scope: Any, receive: Any, send: Any) -> None:
        behind_called.append(scope["path"])

    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/subgraph",
        "query_string": query.encode(),
        "headers": [],
        "app": fast_app,
    }
    anyio.run(lane.SubgraphLane(behind), scope, receive, send)
    assert behind_called == []
    assert sent[0]["status"] == 200
    assert sent[1]["body"] == answer.content

    # And passes on what it does not take.
    for odd in (query + "&depth=+1", query + "&unknown=1", "depth=2", query.replace(MEASURE, "x")):
        behind_called.clear()
        anyio.run(lane.SubgraphLane(behind), {**scope, "query_string": odd.encode()}, receive, send)
        assert behind_called == ["/api/subgraph"], odd
