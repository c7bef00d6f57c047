"""Issue 15 against a running server: bad input (items 4, 5) and the HTTP edge (item 9).

Clients other than 127.0.0.1 are the same machine on other loopback addresses (Linux routes all
of 127/8 to the loopback interface), so per-client limits can be seen with one test process.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from plangraph.vocab import GRAPH
from tests.api.conftest import API_KEY, LIVE_ENV, Server, copy_data, start_server
from tests.helpers import http_client, tls_context

KEY = {"X-API-Key": API_KEY}
XSD = "http://www.w3.org/2001/XMLSchema#"
PLAN_HEAD = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/plangraph/id/plan/bad-input> a pg:Plan ; skos:prefLabel "Plan"@nb .
"""
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def hard(live: Server) -> Server:
    """The shared real server (tests/api/conftest.py's ``live``: LIVE_ENV and CORS for
    https://planner.example), as this module's own was; these tests leave its data as it was
    (every write here is refused)."""
    return live


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Small limits, so that they are reached in a test."""
    tmp = tmp_path_factory.mktemp("limited")
    env = {
        **LIVE_ENV,
        "PLANGRAPH_RATE_LIMIT": "2",
        "PLANGRAPH_RATE_BURST": "12",
        "PLANGRAPH_SPARQL_RATE_LIMIT": "0.5",
        "PLANGRAPH_SPARQL_RATE_BURST": "4",
        "PLANGRAPH_FAILED_KEY_LIMIT": "1",
        "PLANGRAPH_FAILED_KEY_BURST": "3",
        "PLANGRAPH_SPARQL_MAX_CONCURRENT": "2",
        "PLANGRAPH_SPARQL_CLIENT_QUEUE": "1",
        # The slow queries of test_one_client_cannot_take_every_sparql_slot run one after the
        # other until this deadline stops each, a query worker at full speed meanwhile: 1.5 s
        # leaves their 429s (at once) and another client's answer (~0.1 s) room, and the test
        # waits 3 s rather than 8.
        "PLANGRAPH_QUERY_TIMEOUT": "1.5",
    }
    server = start_server(tmp, env, copy_data(tmp / "data"))
    yield server
    server.stop()


def client_from(server: Server, address: str) -> httpx.Client:
    """A client whose connections come from ``address`` (a loopback address)."""
    transport = httpx.HTTPTransport(local_address=address, verify=tls_context())
    return http_client(base_url=server.url, timeout=60, transport=transport)


def assert_error_shape(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status
    assert error["request_id"] and error["request_id"] == response.headers["x-request-id"]
    return str(error["message"])


def _exists(client: httpx.Client, name: str) -> bool:
    query = f"ASK {{ GRAPH <{GRAPH[name]}> {{ ?s ?p ?o }} }}"
    return bool(client.get("/sparql", params={"query": query}).json()["boolean"])


# -- item 4: deep nesting ------------------------------------------------------------------------


def test_deep_jsonld_gets_400_and_the_server_lives(hard: Server) -> None:
    head = '{"@context": {"ex": "https://e.org/"}, "@id": "https://e.org/a", "ex:p": '
    body = head + "[" * 5000 + '"x"' + "]" * 5000 + "}"  # was: 500, RecursionError
    with hard.client() as c:
        response = c.put(
            "/api/plans/deep",
            content=body,
            headers={"Content-Type": "application/ld+json", **KEY},
        )
        message = assert_error_shape(response, 400)
        assert "nested deeper than 100 levels" in message
        assert c.get("/api/health").status_code == 200
        assert not _exists(c, "deep")
    assert "RecursionError" not in hard.log_text()


# -- item 5: ill-typed and unsafe terms ----------------------------------------------------------

SUBJECT = "<https://w3id.org/plangraph/id/plan/bad-input>"


@pytest.mark.parametrize(
    ("triple", "expected"),
    [
        (
            f'{SUBJECT} <https://e.org/n> "abc"^^<{XSD}integer> .',
            '"abc" is not a valid xsd:integer',
        ),
        (f'{SUBJECT} <https://e.org/d> "2021-13-45"^^<{XSD}date> .', "not a valid xsd:date"),
        (f'{SUBJECT} <https://e.org/d> "1"^^<javascript:x> .', "scheme 'javascript'"),
        (f'{SUBJECT} <https://e.org/a\u202egnp> "x" .', "U+202E"),
        (f"{SUBJECT} <https://e.org/o> <https://e.org/x\u2028y> .", "U+2028"),
        (f'{SUBJECT} <https://e.org/t> "Tiltak\x00 med NUL" .', "U+0000 at position 6"),
        (f'{SUBJECT} <https://e.org/t> "Tiltak \\u001b[31m" .', "U+001B at position 7"),
    ],
)
def test_ill_typed_and_unsafe_terms_are_refused(hard: Server, triple: str, expected: str) -> None:
    with hard.client() as c:
        response = c.put(
            "/api/plans/bad-input",
            content=(PLAN_HEAD + triple + "\n").encode(),
            headers={"Content-Type": "text/turtle", **KEY},
        )
        assert expected in assert_error_shape(response, 400)
        assert not _exists(c, "bad-input")


def test_library_messages_do_not_reach_the_client(hard: Server) -> None:
    with hard.client() as c:
        response = c.put(
            "/api/plans/not-utf8",
            content=b'{"@id": "https://e.org/\xff\xfe"}',
            headers={"Content-Type": "application/ld+json", **KEY},
        )
        message = assert_error_shape(response, 400)
        assert "codec" not in message and "utf-8" not in message.lower().replace("utf-8 text", "")


# -- item 9: the HTTP edge -----------------------------------------------------------------------


def test_only_trusted_host_names_are_answered(hard: Server) -> None:
    port = urlsplit(hard.url).port
    with hard.client() as c:
        for host in ("evil.example", "evil.example:80", f"127.0.0.1.nip.io:{port}"):
            message = assert_error_shape(c.get("/api/health", headers={"Host": host}), 400)
            assert "host" in message.lower()
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost", "[::1]"):
            assert c.get("/api/health", headers={"Host": host}).status_code == 200, host


def test_configured_hosts_replace_the_default() -> None:
    import warnings

    from plangraph.api import create_app
    from plangraph.config import Settings
    from plangraph.store import open_store

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    app = create_app(Settings(allowed_hosts=["plans.example"]), store=open_store())
    client = TestClient(app, base_url="http://plans.example")
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/health", headers={"Host": "localhost"}).status_code == 400
    assert client.get("/api/health", headers={"Host": "plans.example:8443"}).status_code == 200
    anyone = TestClient(create_app(Settings(allowed_hosts=["*"]), store=open_store()))
    assert anyone.get("/api/health", headers={"Host": "whatever.example"}).status_code == 200


def test_a_key_in_the_url_is_refused_and_never_logged(hard: Server) -> None:
    with hard.client() as c:
        for params in (
            {"api_key": API_KEY},
            {"apikey": "anything"},
            {"token": API_KEY},
            {"q": API_KEY},  # the configured key under any name
        ):
            response = c.get("/api/measures", params={"limit": 1, **params})
            assert "X-API-Key header" in assert_error_shape(response, 400)
        assert_error_shape(c.delete(f"/api/plans/x{API_KEY}"), 400)
        # Keys in headers, right and wrong, are never logged either.
        c.delete("/api/plans/nothing-here", headers=KEY)
        c.delete("/api/plans/nothing-here", headers={"Authorization": f"Bearer {API_KEY}"})
        c.delete("/api/plans/nothing-here", headers={"X-API-Key": API_KEY + "-wrong"})
    log = hard.log_text()
    assert API_KEY not in log
    assert "api_key=REDACTED" in log


def test_head_answers_like_get_without_a_body(hard: Server) -> None:
    with hard.client() as c:
        for path in (
            "/api/health",
            "/api/measures?limit=2",
            "/",
            "/api/subgraph?root=id:org/helse-vest",
        ):
            got = c.get(path)
            head = c.head(path)
            assert head.status_code == got.status_code == 200, path
            assert head.content == b""
            assert head.headers["content-type"] == got.headers["content-type"]
            if "content-length" in got.headers:
                assert head.headers["content-length"] == got.headers["content-length"]


def test_405_lists_every_method_of_the_path(hard: Server) -> None:
    with hard.client() as c:
        response = c.patch("/api/plans/anything")
        assert_error_shape(response, 405)
        assert response.headers["allow"] == "PUT, DELETE"
        response = c.request("OPTIONS", "/sparql")
        assert response.headers["allow"] == "GET, HEAD, POST"


def test_protocol_and_cors_errors_are_json(hard: Server) -> None:
    address = urlsplit(hard.url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _sep, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"application/json" in head.lower()
    assert json.loads(body)["error"]["status"] == 400
    with hard.client() as c:
        refused = c.options(
            "/api/health",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
        assert "cross-origin" in assert_error_shape(refused, 400)
        allowed = c.options(
            "/api/health",
            headers={"Origin": "https://planner.example", "Access-Control-Request-Method": "GET"},
        )
        assert allowed.status_code == 200


def test_rate_limit_per_client_with_retry_after(limited: Server) -> None:
    with client_from(limited, "127.0.0.3") as busy, client_from(limited, "127.0.0.4") as calm:
        statuses = [busy.get("/api/health") for _ in range(30)]
        limited_answers = [r for r in statuses if r.status_code == 429]
        assert limited_answers, [r.status_code for r in statuses]
        first = limited_answers[0]
        assert_error_shape(first, 429)
        assert int(first.headers["retry-after"]) >= 1
        assert calm.get("/api/health").status_code == 200  # another client is not held back


def test_wrong_keys_are_limited_harder(limited: Server) -> None:
    with client_from(limited, "127.0.0.5") as guesser, client_from(limited, "127.0.0.6") as other:
        guesses = [
            guesser.delete("/api/plans/nothing", headers={"X-API-Key": f"guess-{i}"}).status_code
            for i in range(5)
        ]
        assert guesses[:3] == [403, 403, 403]
        assert guesses[3:] == [429, 429]
        # Even the right key waits now; without a key the client is served as before.
        assert guesser.delete("/api/plans/nothing", headers=KEY).status_code == 429
        assert guesser.get("/api/health").status_code == 200
        assert other.delete("/api/plans/nothing", headers=KEY).status_code == 404


def test_sparql_is_limited_harder(limited: Server) -> None:
    with client_from(limited, "127.0.0.7") as c:
        answers = [c.get("/sparql", params={"query": "ASK {}"}).status_code for _ in range(6)]
        assert answers[:4] == [200] * 4
        assert 429 in answers[4:]
        assert c.get("/api/health").status_code == 200


def test_one_client_cannot_take_every_sparql_slot(limited: Server) -> None:
    """Two slots; 127.0.0.8 sends slow queries: one runs, one waits, the rest get 429 at once,
    and 127.0.0.9 is answered while they run."""
    outcomes: list[int] = []
    lock = threading.Lock()

    def slow() -> None:
        with client_from(limited, "127.0.0.8") as c:
            status = c.get("/sparql", params={"query": SLOW}).status_code
        with lock:
            outcomes.append(status)

    threads = [threading.Thread(target=slow) for _ in range(4)]
    for thread in threads:
        thread.start()
    # The two beyond the share and the line are refused at once, while the others still run.
    for _ in range(600):
        with lock:
            if outcomes.count(429) >= 2:
                break
        threading.Event().wait(0.05)
    with lock:
        assert outcomes.count(429) == 2, outcomes
    with client_from(limited, "127.0.0.9") as other:
        quick = other.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        still_running = any(thread.is_alive() for thread in threads)
    assert quick.status_code == 200
    assert still_running
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [429, 429, 503, 503]  # the deadline stopped the two slow ones
