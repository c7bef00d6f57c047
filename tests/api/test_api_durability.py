"""Issue 15, items 1-3: a real ``plangraph serve`` killed during a large write, started on bad
plan files, backed up and restored while it runs.

Every server that serves here is a real process on an on-disk store (``oxigraph:DIR``); SIGKILL
is a real ``kill -9``. A start the store's start-up check refuses runs ``plangraph serve`` in this
process: the refusal comes before the command's server part. After each kill the server is started again and the store read directly
(pyoxigraph, read-only) and compared with the plan file, quad for quad.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from plangraph import faults
from plangraph.vocab import GRAPH
from tests.api.conftest import API_KEY, Server, copy_data, start_server
from tests.helpers import run_cli, tls_context

BIG = 300
"""Triples in the test plan: a kill lands at a named point (``plangraph.faults``), not at a
random time, so the plan need not be large enough to make a write slow. Each of its triples
says which version it belongs to, so a store that mixes two versions, or holds one the file
does not, differs from the file in every triple; a restart that kept the old graph while
loading the new file (its stale graphs not dropped) fails the check after the kill at
``file-saved`` (599 triples held against the file's 300), as it did with 3,000 triples (5,999
against 3,000), each PUT of which cost the server ~0.4 s more CPU."""
PLAN = "https://w3id.org/plangraph/id/plan/big"

KILL_POINTS = [
    # (where the server is killed during a PUT, which version the store holds after a restart)
    ("manifest-entry-dropped:big.ttl", "old"),  # the manifest entry gone, nothing else changed
    ("temp-written:big.ttl", "old"),  # the new file written to a temporary, not renamed yet
    ("file-saved:big.ttl", "new"),  # the file renamed into place; the store still old
    ("store-cleared:big.ttl", "new"),  # the graph emptied in the store, not yet filled
    ("store-loaded:big.ttl", "new"),  # the store filled; the manifest entry not set again
    ("manifest-entry-set:big.ttl", "new"),  # file, store and manifest agree; no reply yet
    ("version-file-saved:big", "new"),  # the version's file kept, the version records not
]
"""Every phase of a plan write, in order. A kill inside the store's fill lands between the last
two store phases: pyoxigraph's ``extend`` is atomic, so the graph is then empty, as after
``store-cleared``. A kill during parsing or validation changes nothing (the manifest entry is
still set); the first kill point is later than those and leaves less in place."""


def big_plan(version: str, n: int = BIG) -> bytes:
    """A plan graph of ``n`` triples, every one of which says which version it belongs to."""
    lines = [
        "@prefix pg: <https://w3id.org/plangraph/ns#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        f'<{PLAN}> a pg:Plan ; rdfs:label "Stor plan {version}"@nb .',
    ]
    lines += [
        f'<https://w3id.org/plangraph/id/test/big/n{i}> rdfs:label "{version} {i}"@nb .'
        for i in range(n - 2)
    ]
    return ("\n".join(lines) + "\n").encode()


def _env(store: Path, kill_at: str | None = None) -> dict[str, str]:
    env = {
        "PLANGRAPH_API_KEY": API_KEY,
        "PLANGRAPH_STORE": f"oxigraph:{store}",
        "PLANGRAPH_MAX_BODY_BYTES": "50000000",
        # The seed files and the test plan get the start-up SHACL check when (re)built.
        "PLANGRAPH_STARTUP_CHECK_MAX_QUADS": "10000",
    }
    if kill_at is not None:
        env[faults.ENV] = kill_at
    return env


def _triples(quads: object) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}  # type: ignore[attr-defined]


VERSIONS = {v: _triples(ox.parse(big_plan(v), format=ox.RdfFormat.TURTLE)) for v in "AB"}


def _state(store: Path, data: Path) -> str:
    """Which version the store holds for the big plan, after checking it matches the file."""
    view = ox.Store.read_only(str(store))
    held = _triples(view.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH["big"]))))
    del view
    on_file = _triples(ox.parse(path=str(data / "big.ttl"), format=ox.RdfFormat.TURTLE))
    assert held == on_file, f"store and file differ: {len(held)} vs {len(on_file)} triples"
    versions = [v for v, triples in VERSIONS.items() if triples == held]
    assert versions, "the store holds neither exactly the old nor exactly the new version"
    assert not _temporaries(data), "stray temporaries"
    return versions[0]


def _temporaries(data: Path) -> list[str]:
    return [p.name for p in data.iterdir() if p.name.endswith(".tmp")]


def _put(server: Server, version: str) -> int:
    """PUT version ``version`` of the big plan; its status, or -1 when no answer came."""
    try:
        return httpx.put(
            f"{server.url}/api/plans/big",
            content=big_plan(version),
            headers={"Content-Type": "text/turtle", "X-API-Key": API_KEY},
            timeout=600,
            verify=tls_context(),
        ).status_code
    except httpx.HTTPError:
        return -1


def test_sigkill_at_every_phase_of_a_put_leaves_old_or_new_matching_the_file(
    tmp_path: Path,
) -> None:
    # The data folder holds the big plan alone: every write, kill and check here is about its
    # file and graph, and no assertion reads another plan (the seed files only added their
    # load and start-up SHACL check to the first start, ~2 s of CPU).
    data = tmp_path / "data"
    data.mkdir()
    (data / "big.ttl").write_bytes(big_plan("A"))
    store = tmp_path / "store"
    servers: list[Server] = []
    try:
        _kill_during_puts(tmp_path, store, data, servers)
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.process.kill()
                server.process.wait()


def _start(
    tmp: Path, store: Path, data: Path, servers: list[Server], kill_at: str | None = None
) -> Server:
    server = start_server(tmp, _env(store, kill_at), data)
    servers.append(server)
    return server


def _kill(server: Server) -> None:
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()


def _kill_during_puts(tmp_path: Path, store: Path, data: Path, servers: list[Server]) -> None:
    # A whole PUT, acknowledged, then kill -9: the acknowledged write is kept.
    server = _start(tmp_path, store, data, servers)
    assert _put(server, "B") in (200, 201)
    _kill(server)
    current = "B"
    for kill_at, expected in KILL_POINTS:
        # Each start repairs what the kill before it left (the start-up check), then serves.
        server = _start(tmp_path, store, data, servers, kill_at)
        assert _state(store, data) == current, kill_at
        target = "A" if current == "B" else "B"
        status = _put(server, target)
        assert server.process.wait(timeout=300) == -signal.SIGKILL, kill_at
        assert status == -1, f"{kill_at}: the server answered {status} before it was killed"
        if kill_at.startswith("temp-written:"):
            assert _temporaries(data), "the kill came before the temporary file was renamed"
        current = target if expected == "new" else current
    # The last kill repaired too; then a write after all those kills, acknowledged, is kept.
    server = _start(tmp_path, store, data, servers)
    assert _state(store, data) == current
    target = "A" if current == "B" else "B"
    assert _put(server, target) in (200, 201)
    _kill(server)
    server = _start(tmp_path, store, data, servers)
    assert _state(store, data) == target
    versions = server.get_json("/api/plans/big/versions")["versions"]
    assert sum(1 for v in versions if v["current"]) == 1
    _kill(server)


@contextmanager
def _busy_port() -> Iterator[str]:
    """A loopback port something already listens on: a ``serve`` run in this process that got
    past its start-up check would stop at once (address in use) instead of serving forever."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield str(sock.getsockname()[1])


def _serve_in_process(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``plangraph serve`` whose start is refused by the store's start-up check, run in this
    process (``run_cli``): the refusal comes before the server's part of the command (the
    store is opened first), so its message and exit code are those a real process gives, without
    a fresh interpreter importing plangraph (and pySHACL) for it."""
    with _busy_port() as port:
        return run_cli("serve", "--port", port, env=env)


def test_bad_plan_files_stop_the_start_naming_the_file(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data", suggestions=False)
    (data / "empty-plan.ttl").write_bytes(b"")
    result = _serve_in_process(
        {"PLANGRAPH_DATA_DIR": str(data), "PLANGRAPH_STORE": f"oxigraph:{tmp_path / 'store'}"}
    )
    assert result.returncode != 0
    assert "empty-plan.ttl" in result.stderr and "empty" in result.stderr
    assert "Traceback" not in result.stderr


BAD_PLANS = [
    ("empty-plan.ttl", b"", "empty"),
    ("broken-syntax.ttl", b"<https://e.org/a> <https://e.org/b> .\n", "line 1"),
    (
        "unsafe-iri.ttl",
        b'<https://e.org/a> <https://e.org/b> "ok" .\n<javascript:x> <https://e.org/b> "c" .\n',
        "javascript",
    ),
]


@dataclass
class _Skipped:
    """What a server started with every file of ``BAD_PLANS`` beside the seed data answered,
    then what ``info`` on its store said."""

    data: Path
    health: Any
    asks: dict[str, Any]
    log: str
    info: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def skipped(tmp_path_factory: pytest.TempPathFactory) -> _Skipped:
    """One server for the three cases below (each a file left out for its own reason; one is
    judged without the others): started once, not once per case (~3 s of CPU a start and load)."""
    tmp = tmp_path_factory.mktemp("skip-bad")
    data = copy_data(tmp / "data", suggestions=False)
    for name, content, _problem in BAD_PLANS:
        (data / name).write_bytes(content)
    store = tmp / "store"
    server = start_server(
        tmp, {"PLANGRAPH_STORE": f"oxigraph:{store}", "PLANGRAPH_SKIP_BAD_PLANS": "1"}, data
    )
    try:
        health = httpx.get(f"{server.url}/api/health", verify=tls_context()).json()
        asks = {}
        for name, _content, _problem in BAD_PLANS:
            stem = name.split(".")[0]
            asks[name] = httpx.get(
                f"{server.url}/sparql",
                params={"query": f"ASK {{ GRAPH <{GRAPH[stem]}> {{ ?s ?p ?o }} }}"},
                verify=tls_context(),
            ).json()
        log = server.log_text()
    finally:
        server.stop()
    info = run_cli(
        "--store", f"oxigraph:{store}", "--data-dir", str(data), "info", "-f", "json",
        env={"PLANGRAPH_SKIP_BAD_PLANS": "1"},
    )  # fmt: skip
    return _Skipped(data, health, asks, log, info)


@pytest.mark.parametrize(("name", "content", "problem"), BAD_PLANS)
def test_skip_bad_plans_lists_them_in_health_and_info(
    skipped: _Skipped, name: str, content: bytes, problem: str
) -> None:
    health = skipped.health
    assert health["status"] == "degraded"
    listed = [b["file"] for b in health["bad_plans"]]
    assert sorted(listed) == sorted(n for n, _c, _p in BAD_PLANS)  # each once, nothing else
    (entry,) = [b for b in health["bad_plans"] if b["file"] == name]
    assert problem in entry["problem"]
    assert skipped.asks[name]["boolean"] is False  # nothing of a bad file is served
    assert "BAD PLAN FILE LEFT OUT" in skipped.log and name in skipped.log
    assert f"BAD PLAN FILE LEFT OUT: {name}" in skipped.log
    assert (skipped.data / name).read_bytes() == content  # left as it was
    out = skipped.info
    assert out.returncode == 0, out.stderr
    assert name in out.stdout and name in out.stderr


def test_a_truncated_plan_file_is_not_served_as_half_a_picture(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data", suggestions=False)
    path = data / "hmn-strategi-2030.ttl"
    lines = path.read_text().splitlines(keepends=True)
    ends = [i for i, line in enumerate(lines) if line.rstrip().endswith(" .") and line[0] != "@"]
    path.write_text("".join(lines[: ends[len(ends) // 2] + 1]))  # cut at a statement boundary
    result = _serve_in_process({"PLANGRAPH_DATA_DIR": str(data)})
    assert result.returncode != 0
    assert "fails the SHACL structure" in result.stderr


def test_backup_while_serving_then_restore_drill(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    store = tmp_path / "store"
    env = {"PLANGRAPH_STORE": f"oxigraph:{store}", "PLANGRAPH_DATA_DIR": str(data)}
    server = start_server(tmp_path, {**env, "PLANGRAPH_API_KEY": API_KEY}, data)
    try:
        view = ox.Store.read_only(str(store))
        before = set(view.quads_for_pattern(None, None, None, None))
        del view
        out = run_cli("backup", str(tmp_path / "bk"), env=env)
        assert out.returncode == 0, out.stderr
        # Change the data through the API: a new plan and a removed one.
        response = httpx.put(
            f"{server.url}/api/plans/drill",
            content=b"@prefix pg: <https://w3id.org/plangraph/ns#> .\n"
            b"<https://w3id.org/plangraph/id/plan/drill> a pg:Plan .\n",
            headers={"Content-Type": "text/turtle", "X-API-Key": API_KEY},
            verify=tls_context(),
            timeout=60,  # the first write imports the SHACL validator: over httpx's 5 s at load 17
        )
        assert response.status_code in (200, 201), response.text
        # The CLI on the store the server holds: a clear message, no lock traceback.
        for args in (["restore", str(tmp_path / "bk")], ["info"]):
            busy = run_cli("--store", f"oxigraph:{store}", *args, env=env)
            assert busy.returncode != 0
            assert "the store is in use by a running server; use the API or stop it" in busy.stderr
            assert "Traceback" not in busy.stderr
    finally:
        server.stop()
    versions_after_put = sorted(p.name for p in (data / "versions").iterdir())
    assert "drill" in versions_after_put  # the PUT recorded a version
    out = run_cli("restore", str(tmp_path / "bk"), env=env)
    assert out.returncode == 0, out.stderr
    assert not (data / "drill.ttl").exists()
    assert not (data / "versions" / "drill").exists()  # version records follow the restore
    after = set(ox.Store(str(store)).quads_for_pattern(None, None, None, None))
    assert after == before  # quad for quad


def test_a_damaged_store_is_refused_or_rebuilt_never_served_silently(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data", suggestions=False)
    store = tmp_path / "store"
    env = {"PLANGRAPH_STORE": f"oxigraph:{store}", "PLANGRAPH_DATA_DIR": str(data)}
    assert run_cli("info", env=env).returncode == 0
    tables = sorted(store.glob("*.sst"))
    assert tables, "expected RocksDB tables"
    for table in tables:
        raw = bytearray(table.read_bytes())
        middle = len(raw) // 2
        raw[middle : middle + 64] = os.urandom(64)
        table.write_bytes(bytes(raw))
    out = run_cli("info", "-f", "json", env=env)
    assert "Traceback" not in out.stderr
    if out.returncode == 0:
        # Opened: then it must hold exactly what the files hold.
        healthy = run_cli(
            "--store", "memory", "info", "-f", "json", env={"PLANGRAPH_DATA_DIR": str(data)}
        )
        assert '"quads"' in out.stdout
        assert out.stdout.split('"quads"')[1][:20] == healthy.stdout.split('"quads"')[1][:20]
    else:
        assert str(store) in out.stderr


def test_a_stopped_server_lets_go_of_its_store_and_leaves_the_rest_to_the_exit(
    tmp_path: Path,
) -> None:
    """What ``plangraph serve`` does once uvicorn has stopped: the store closed (an on-disk
    store flushed, its lock released), then what is still alive frozen, so that the collections
    of Python's shutdown do not walk it (~0.5 s of CPU a stop; the process ends right after)."""
    import gc

    from plangraph.cli import serve as serve_command
    from plangraph.store import open_store

    store = open_store(f"oxigraph:{tmp_path / 'store'}", data_dir=None, load_seed=False)
    store.load_data(b"<https://e.org/a> <https://e.org/p> <https://e.org/b> .", "nt", GRAPH["x"])
    frozen = gc.get_freeze_count()
    try:
        serve_command._leave(store)
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()  # this test process goes on
    again = open_store(f"oxigraph:{tmp_path / 'store'}", data_dir=None, load_seed=False)
    try:
        assert again.has_graph(GRAPH["x"])  # released and flushed: opened again, write kept
    finally:
        again.close()
