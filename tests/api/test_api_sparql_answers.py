"""``/sparql`` answers from the answer cache: filed per store state, unreachable after a write.

Against a real ``plangraph serve`` on a writable copy of the data: the same query answered
twice comes from the cache the second time (by GET through the fast lane and by POST through
the route), a write through the API makes the next answer a fresh one with the new data, cut
answers are never kept, and with the cache off (the app in this process) every answer is
computed. Then several clients read right after each of a series of writes while others keep
the query running throughout: every read that starts after a write was acknowledged sees that
write. Last, the engine's own JSON writer (complete SELECT answers) against the Python writer
it stands in for.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from plangraph.api.answers import AnswerCache
from plangraph.api.errors import ApiError
from plangraph.api.sparql_answers import keep, look_up
from plangraph.api.sparql_exec import (
    QueryJob,
    QueryOutcome,
    QueryPool,
    _engine_json,
    evaluate,
    write_solutions,
)
from plangraph.store import open_store
from tests.api.conftest import API_KEY, LIVE_ENV, Server, copy_data, start_app, start_server

PLAN = "https://w3id.org/plangraph/id/plan/sparql-answers-test"
PLAN_TTL = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/plangraph/id/plan/sparql-answers-test> a pg:Plan ;
    skos:prefLabel "LABEL"@nb ;
    dcterms:publisher <https://w3id.org/plangraph/id/org/helse-vest> .
"""
WRITE = {"X-API-Key": API_KEY, "Content-Type": "text/turtle"}
JSON = {"Accept": "application/sparql-results+json"}
LABEL_QUERY = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    f"SELECT ?label WHERE {{ GRAPH ?g {{ <{PLAN}> skos:prefLabel ?label }} }}"
)
MANY_ROWS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200"  # over LIVE_ENV's cap of 50 rows


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("sparql-answers")
    # All clients here are 127.0.0.1: the per-client rate limits would answer 429.
    env = {**LIVE_ENV, "PLANGRAPH_RATE_LIMIT": "0", "PLANGRAPH_SPARQL_RATE_LIMIT": "0"}
    started = start_server(tmp, env, copy_data(tmp / "data"))
    yield started
    started.stop()


def _get(client: httpx.Client, query: str) -> httpx.Response:
    response = client.get("/sparql", params={"query": query}, headers=JSON)
    assert response.status_code == 200, response.text
    return response


def _post(client: httpx.Client, query: str) -> httpx.Response:
    response = client.post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code == 200, response.text
    return response


def _labels(response: httpx.Response) -> list[str]:
    return sorted(b["label"]["value"] for b in response.json()["results"]["bindings"])


def _put(client: httpx.Client, label: str) -> None:
    written = client.put(
        "/api/plans/sparql-answers-test", content=PLAN_TTL.replace("LABEL", label), headers=WRITE
    )
    assert written.status_code in (200, 201), written.text


def test_a_write_makes_older_answers_unreachable(server: Server) -> None:
    with server.client() as c:
        _put(c, "FIRST")
        first = _get(c, LABEL_QUERY)
        assert first.headers["x-plangraph-cache"] == "miss"
        assert _labels(first) == ["FIRST"]
        again = _get(c, LABEL_QUERY)
        assert again.headers["x-plangraph-cache"] == "hit"
        assert again.content == first.content
        assert again.headers["content-type"] == first.headers["content-type"]
        # The route (POST) files and finds answers under the same key as the lane (GET).
        posted = _post(c, LABEL_QUERY)
        assert posted.headers["x-plangraph-cache"] == "hit"
        assert posted.content == first.content

        _put(c, "SECOND")
        after = _post(c, LABEL_QUERY)
        assert after.headers["x-plangraph-cache"] == "miss"
        assert _labels(after) == ["SECOND"]
        by_get = _get(c, LABEL_QUERY)
        assert by_get.headers["x-plangraph-cache"] == "hit"
        assert _labels(by_get) == ["SECOND"]

        # Another result format is another answer.
        as_csv = c.get("/sparql", params={"query": LABEL_QUERY}, headers={"Accept": "text/csv"})
        assert as_csv.headers["x-plangraph-cache"] == "miss"
        assert as_csv.text.splitlines() == ["label", "SECOND"]

        # A refused write changes nothing: the answer stays.
        refused = c.put("/api/plans/sparql-answers-test", content="<broken", headers=WRITE)
        assert refused.status_code == 400
        assert _get(c, LABEL_QUERY).headers["x-plangraph-cache"] == "hit"

        deleted = c.delete("/api/plans/sparql-answers-test", headers={"X-API-Key": API_KEY})
        assert deleted.status_code == 200, deleted.text
        gone = _get(c, LABEL_QUERY)
        assert gone.headers["x-plangraph-cache"] == "miss"
        assert _labels(gone) == []


def test_cut_answers_and_errors_are_not_kept(server: Server) -> None:
    with server.client() as c:
        for _ in range(2):
            cut = _get(c, MANY_ROWS)
            assert cut.headers["x-plangraph-truncated"] == "true"
            assert cut.headers["x-plangraph-cache"] == "miss"
            assert len(cut.json()["results"]["bindings"]) == 50
        for _ in range(2):
            # Passes the lane's check; the engine finds the syntax error.
            wrong = c.get("/sparql", params={"query": "SELECT * { ?x ?p }"}, headers=JSON)
            assert wrong.status_code == 400, wrong.text
            assert "x-plangraph-cache" not in wrong.headers


def test_reads_after_each_write_see_it_while_others_query(server: Server) -> None:
    """Read-your-writes through the cache: after each acknowledged write, readers started then
    get the new label, while background clients keep asking the same query all along (filling
    the cache at every moment, also during the writes)."""
    stop = threading.Event()
    seen: list[str] = []
    failures: list[str] = []

    def background() -> None:
        with server.client() as c:
            while not stop.is_set():
                response = c.get("/sparql", params={"query": LABEL_QUERY}, headers=JSON)
                if response.status_code != 200:
                    failures.append(response.text)
                    continue
                seen.extend(_labels(response))

    with server.client() as writer:
        _put(writer, "V0")
        threads = [threading.Thread(target=background) for _ in range(3)]
        for thread in threads:
            thread.start()
        try:
            for k in range(1, 9):
                _put(writer, f"V{k}")
                answers: list[list[str]] = []

                def read(answers: list[list[str]] = answers) -> None:
                    with server.client() as c:
                        for _ in range(3):
                            answers.append(_labels(_get(c, LABEL_QUERY)))

                readers = [threading.Thread(target=read) for _ in range(4)]
                for reader in readers:
                    reader.start()
                for reader in readers:
                    reader.join()
                assert answers == [[f"V{k}"]] * 12, (k, answers)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        deleted = writer.delete("/api/plans/sparql-answers-test", headers={"X-API-Key": API_KEY})
        assert deleted.status_code == 200
    assert not failures
    assert seen and set(seen) <= {f"V{k}" for k in range(9)}


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    # A setting, not the server: the app in this process (the same lane, route and workers).
    off = start_app(tmp_path, {"PLANGRAPH_ANSWER_CACHE_MB": "0"}, None)
    try:
        with off.client() as c:
            answers = [_get(c, LABEL_QUERY.replace(PLAN, PLAN + "-none")) for _ in range(2)]
            answers += [_post(c, LABEL_QUERY) for _ in range(2)]
        assert [a.headers["x-plangraph-cache"] for a in answers] == ["off"] * 4
        assert answers[0].content == answers[1].content
    finally:
        off.stop()


def test_an_answer_is_kept_only_for_the_state_it_was_computed_on() -> None:
    store = open_store()
    cache = AnswerCache(1 << 20)
    job = QueryJob("ASK {}", "ASK", "application/sparql-results+json", 10, 1000)
    outcome = QueryOutcome(b'{"head":{},"boolean":true}', "application/sparql-results+json", False)

    lookup = look_up(cache, store, job)
    assert lookup.status == "miss" and lookup.found is None
    keep(lookup, store, outcome)
    assert look_up(cache, store, job).found == outcome

    # The store changed while the query ran: the answer is not kept.
    lookup = look_up(AnswerCache(1 << 20), store, job)
    store._generation += 2
    keep(lookup, store, outcome)
    assert lookup.cache is not None and len(lookup.cache) == 0
    # Nor is an answer looked up or kept while a write is under way, nor a cut answer.
    store._generation += 1
    assert look_up(cache, store, job).found is None
    store._generation += 1
    lookup = look_up(cache, store, job)
    keep(lookup, store, QueryOutcome(b"{}", "application/sparql-results+json", True))
    assert look_up(cache, store, job).found is None
    assert look_up(None, store, job).status == "off"


# -- the engine's own JSON writer --------------------------------------------------------------

WRITER_QUERIES = [
    "PREFIX pg: <https://w3id.org/plangraph/ns#>\n"
    "SELECT ?c WHERE { GRAPH ?g { ?c a pg:Challenge } "
    "FILTER NOT EXISTS { GRAPH ?h { ?m pg:addresses ?c } } }",
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } "
    "ORDER BY ?s ?label LIMIT 40",
    'SELECT ?a ?b ?c ?d ?e WHERE { VALUES (?a ?b ?c ?d) { ("x" "y"@nb 3 <http://e.org/a>) '
    '("tab\\t{quote\\"}\\u0001 æøå" UNDEF 1.5e0 UNDEF) } OPTIONAL { ?a ?b ?e } }',
    "SELECT * WHERE {}",
    "SELECT ?x WHERE { ?x ?y ?z } LIMIT 0",
]


@pytest.mark.parametrize("query", WRITER_QUERIES)
def test_the_engine_writes_the_same_json_as_the_python_writer(query: str) -> None:
    store = open_store()
    job = QueryJob(query, "SELECT", "application/sparql-results+json", 1000, 10**7)
    fast = _engine_json(store, job)
    assert fast is not None and not fast.truncated
    answer = store.answer(query, "SELECT", limit=1000)
    assert answer.rows is not None and answer.variables is not None
    rows = list(answer.rows)
    careful = write_solutions(answer.variables, rows, job.media, truncated=False)
    assert json.loads(fast.body) == json.loads(careful)
    assert evaluate(store, job) == fast


def test_cut_or_oversized_answers_are_written_the_careful_way() -> None:
    store = open_store()
    query = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10"
    cut = QueryJob(query, "SELECT", "application/sparql-results+json", 3, 10**7)
    assert _engine_json(store, cut) is None
    outcome = evaluate(store, cut)
    assert outcome.truncated
    body = json.loads(outcome.body)
    assert body["truncated"] is True and len(body["results"]["bindings"]) == 3
    large = QueryJob(query, "SELECT", "application/sparql-results+json", 100, 200)
    assert _engine_json(store, large) is None
    with pytest.raises(ApiError) as refused:
        evaluate(store, large)
    assert refused.value.status == 413
    # Other result types and query forms are written here, as before.
    assert _engine_json(store, QueryJob(query, "SELECT", "text/csv", 100, 10**7)) is None
    assert _engine_json(store, QueryJob("ASK {}", "ASK", cut.media, 100, 10**7)) is None


# -- the pool and writes -------------------------------------------------------------------------


def test_no_worker_is_forked_while_a_write_is_inside_the_engine() -> None:
    """A fork during a write would copy the engine's locks as the write held them (held by no
    thread in the copy) and the store half written: the pool waits for the write to finish."""
    store = open_store()
    pool = QueryPool(store, 1)
    try:
        forked: list[int | None] = []
        with store._changing():
            thread = threading.Thread(target=lambda: forked.append(pool._spawn().generation))
            thread.start()
            thread.join(0.5)
            assert thread.is_alive() and forked == []  # waiting for the write
        thread.join()
        assert forked == [store.generation]  # forked after it, at the state it left
        job = QueryJob("ASK { ?s ?p ?o }", "ASK", "application/sparql-results+json", 10, 1000)
        assert json.loads(pool.run(job, timeout=30).body)["boolean"] is True
    finally:
        pool.close()
