"""Helpers for tests, in one place: running the CLI (in-process, or end to end), the API
(in-process over ASGI, or a real ``plangraph serve``), free ports, SPARQL servers, Chromium
arguments, comparing graphs with a readable diff."""

from __future__ import annotations

import atexit
import functools
import io
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import traceback
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from plangraph.store import PlanStore, open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@contextmanager
def tracer_paused() -> Iterator[None]:
    """Coverage's tracer paused inside the block (when ``--cov`` runs one): for work that repeats
    code other tests measure, or runs only other packages' code, where the tracer would only slow
    it down (``untraced`` in tests/conftest.py pauses it for a whole test)."""
    import coverage

    # Every running instance, newest first, started again oldest first (the stack left as it
    # was): on a pytest-xdist worker pytest-cov 7 runs two (one from its plugin's __init__,
    # where the worker's options say "distributed", one at session start), and stopping only
    # the newer resumed the older's tracer: the block ran traced all the same.
    stopped: list[coverage.Coverage] = []
    while (running := coverage.Coverage.current()) is not None:
        running.stop()
        stopped.append(running)
    try:
        yield
    finally:
        for instance in reversed(stopped):
            instance.start()


def run_fresh(code: str, modules: tuple[str, ...], *, timeout: float = 120) -> tuple[str, set[str]]:
    """Run ``code`` in a fresh interpreter (no PLANGRAPH_* settings): what it printed, and which
    of ``modules`` it holds at the end."""
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json as _json, sys as _sys
        print(_json.dumps([m for m in {list(modules)!r} if m in _sys.modules]))
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PLANGRAPH_")}
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
        env=env,
    ).stdout
    *printed, loaded = out.strip().splitlines()
    return "\n".join(printed), set(json.loads(loaded))


def loaded_after(code: str, modules: tuple[str, ...]) -> set[str]:
    """Which of ``modules`` a fresh interpreter holds after running ``code`` (``run_fresh``):
    behaviour, not timing, for the checks that a command loads only what it uses."""
    return run_fresh(code, modules)[1]


def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``plangraph ARGS`` in this process (Typer's ``CliRunner``), as a user would run it.

    PLANGRAPH_* settings come only from ``env`` (the settings cache is cleared around the run).
    The result looks like a finished subprocess: ``returncode``, ``stdout``, ``stderr``; an
    exception the CLI did not turn into a message is written to ``stderr`` as a traceback, as
    Python would print it.
    """
    from typer.testing import CliRunner

    from plangraph.cli._app import app_for
    from plangraph.config import get_settings

    cleared: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PLANGRAPH_")}
    # Tables fit the terminal's width: the product's default (120), whatever terminal (or
    # pytest-xdist worker, which says 80) runs the tests, unless a test asks for another.
    cleared["COLUMNS"] = "120"
    get_settings.cache_clear()
    try:
        # The app ``plangraph ARGS`` runs on (``cli.main``): the named command's alone, or
        # the whole app (test_cli_one_command.py checks that the two answer alike).
        result = CliRunner().invoke(
            app_for(list(args)),
            list(args),
            input=stdin,
            env={**cleared, **(env or {})},
            catch_exceptions=True,
        )
    finally:
        get_settings.cache_clear()
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(
        ["plangraph", *args], result.exit_code, result.stdout, stderr
    )


def run_cli_process(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``plangraph ARGS`` in a subprocess (the end-to-end smoke tests), with PLANGRAPH_*
    taken only from ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    return subprocess.run(
        [sys.executable, "-m", "plangraph", *args],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        input=stdin,
        timeout=300,
    )


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Graphs equal up to blank-node names; on failure, show what is only in each."""
    if isomorphic(expected, actual):
        return
    _both, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["graphs differ"]
    lines += [f"  only expected: {t}" for t in sorted(only_expected)[:20]]
    lines += [f"  only actual:   {t}" for t in sorted(only_actual)[:20]]
    raise AssertionError("\n".join(lines))


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium, which the page tests drive with Playwright (never ``playwright install``)."""

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Headless, and nothing that would reach the network on its own."""

BACKENDS = ("memory", "rdflib:memory", "sparql")
"""Every store backend the query tests run on. ``sparql`` is a real Oxigraph SPARQL server
(the ``oxigraph`` package's ``oxigraph serve``), one fresh in-memory server per store opened."""

_servers: list[subprocess.Popen[bytes]] = []
_stores: list[PlanStore] = []


def record_queries(
    monkeypatch: pytest.MonkeyPatch,
    store: PlanStore,
    methods: tuple[str, ...] = ("select_plain", "query_with_dataset"),
) -> list[str]:
    """The text of every query ``store`` is asked through ``methods`` (its plain rows, and the
    engine's answers read directly), in order, in the list returned; the methods still answer."""
    asked: list[str] = []
    for method in methods:
        original = getattr(store, method)

        def counted(query: str, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            asked.append(query)
            return _original(query, *args, **kwargs)

        monkeypatch.setattr(store, method, counted)
    return asked


REPORTED_ANALYSES = (
    "coverage_matrix",
    "coverage_by_theme",
    "uncovered_challenges",
    "weakly_covered_challenges",
    "overlapping_measures",
    "orphan_measures",
)
"""The analyses a report shows that take the same filters (org, plan, theme): tests compare
each one run alone with its rows inside a report's shared reads."""


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_sparql_server() -> str:
    """Start an empty in-memory Oxigraph SPARQL server on loopback; return its query URL."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _servers.append(process)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return f"http://127.0.0.1:{port}/query"
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("oxigraph serve did not start within 20 s")


@atexit.register
def _stop_servers() -> None:
    for store in _stores:
        store.close()
    for process in _servers:
        process.kill()
    for process in _servers:
        process.wait()


def open_backend(backend: str, **kwargs: Any) -> PlanStore:
    """``open_store`` for a test: ``sparql`` gets a fresh real SPARQL server of its own."""
    if backend == "sparql":
        store = open_store(f"sparql:{start_sparql_server()}", **kwargs)
        _stores.append(store)  # closed when the test run ends, before its server is stopped
        return store
    return open_store(backend, **kwargs)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
"""
"""A throw-away Virtuoso: its database in a temporary folder, SQL and HTTP on loopback only."""


def start_virtuoso(folder: Path) -> str:
    """Start Debian's Virtuoso open source (``make virtuoso`` installs it) on loopback with its
    database in ``folder``; let anonymous SPARQL clients write (as plangraph's writes need);
    return the SPARQL endpoint's URL."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        raise RuntimeError("virtuoso-t / isql-vt not found: `make virtuoso` installs them")
    sql_port, http_port = free_port(), free_port()
    folder.mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _servers.append(process)
    url = f"http://127.0.0.1:{http_port}/sparql"
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            log = (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {log}")
        try:
            with socket.create_connection(("127.0.0.1", http_port), timeout=0.2):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("virtuoso-t did not start within 120 s") from None
            time.sleep(0.1)
    # The permissions first, the role last: a grant of a role held already fails (below).
    grant = "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7); grant SPARQL_UPDATE to \"SPARQL\";"
    while True:
        done = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={grant}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        # A database that has the grant already (a copy of one made here, or an earlier try
        # that granted before it failed) answers U0013 "already have role": granted.
        errors = [
            line
            for line in (done.stdout + done.stderr).splitlines()
            if "Error" in line and "already have role" not in line
        ]
        if done.returncode == 0 and not errors:
            return url
        if time.monotonic() > deadline:
            raise RuntimeError(f"could not set Virtuoso's permissions: {done.stdout}{done.stderr}")
        time.sleep(0.2)


def open_virtuoso(url: str, *, writes: str = "store", **kwargs: Any) -> PlanStore:
    """``open_store`` on a Virtuoso started by ``start_virtuoso``, emptied of plangraph's graphs
    first. ``writes``: ``store`` (Graph Store Protocol) or ``update`` (SPARQL Update)."""
    option = (
        f";store={url}-graph-crud" if writes == "store" else f";update={url}"
    )  # Virtuoso's Graph Store Protocol lives at /sparql-graph-crud
    empty = open_store(f"sparql:{url}{option}", data_dir=None, load_seed=False)
    for graph in empty.graph_names():
        empty.remove_graph(graph)
    empty.close()
    store = open_store(f"sparql:{url}{option}", **kwargs)
    _stores.append(store)
    return store


# -- the API: in-process, or a real server -----------------------------------------------------

API_KEY = "test-key-6f1d2c"

LIVE_ENV = {
    "PLANGRAPH_API_KEY": API_KEY,
    "PLANGRAPH_QUERY_TIMEOUT": "3",
    "PLANGRAPH_MAX_ROWS": "50",
    "PLANGRAPH_MAX_BODY_BYTES": "200000",
    "PLANGRAPH_SUBGRAPH_MAX_NODES": "60",
    # No start-up SHACL check of each plan file (two thirds of a start; see APP_ENV).
    "PLANGRAPH_STARTUP_CHECK_MAX_QUADS": "0",
}
"""The settings of the shared API servers: an API key and small caps."""


APP_ENV = {"PLANGRAPH_STARTUP_CHECK_MAX_QUADS": "0"}
"""What in-process apps and test servers (``start_server``) have unless ``env`` says otherwise:
no start-up SHACL structure check of each plan file (it logs that it skipped them). It is two
thirds of a start, on files known to pass: the data's SHACL check is tests/test_seed_fidelity.py's,
the start-up check itself is tested on a real server (tests/api/test_api_durability.py, which
turns it on) and on the index (test_store_index)."""


def copy_data(target: Path, *, suggestions: bool = True) -> Path:
    """A writable copy of data/*.ttl in ``target`` (plus test link suggestions)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, target / path.name)
    if suggestions:
        shutil.copy(DATA / "api" / "suggested-links.ttl", target / "suggested-links.ttl")
    return target


@functools.cache
def tls_context() -> Any:
    """One TLS context (httpx's default: certificates checked) for every client of a test
    server: httpx would build one per client, loading the CA bundle, ~65 ms of CPU each, though
    the servers here speak plain HTTP on loopback (a health poll every 50 ms while a server
    starts cost as much CPU as the start itself)."""
    return httpx.create_ssl_context()


def http_client(**kwargs: Any) -> httpx.Client:
    """``httpx.Client(**kwargs)`` with the shared ``tls_context``."""
    kwargs.setdefault("verify", tls_context())
    return httpx.Client(**kwargs)


@dataclass
class Server:
    """A running ``plangraph serve`` (a real process on a free loopback port)."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    data_dir: Path | None
    env: dict[str, str] = field(default_factory=dict)

    def client(self, **kwargs: Any) -> httpx.Client:
        return http_client(base_url=self.url, timeout=60, **kwargs)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def get_json(self, path: str) -> Any:
        with http_client(timeout=30) as client:
            return client.get(self.url + path).raise_for_status().json()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(tmp: Path, env: dict[str, str], data_dir: Path | None) -> Server:
    """Start ``plangraph serve`` in a subprocess (PLANGRAPH_* only from ``APP_ENV`` under
    ``env``); wait until /api/health answers. For what needs a real server: a browser, curl and
    other HTTP clients, deadlines and the forked query workers seen from outside, signals, the
    access log. A test of the start-up SHACL check sets ``PLANGRAPH_STARTUP_CHECK_MAX_QUADS``."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    full_env = {**clean, **APP_ENV, **env}
    if data_dir is not None:
        full_env["PLANGRAPH_DATA_DIR"] = str(data_dir)
    log = tmp / f"server-{port}.log"
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "plangraph", "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env=full_env,
        cwd=ROOT,
    )
    handle.close()
    server = Server(f"http://127.0.0.1:{port}", process, log, data_dir, env)
    deadline = time.monotonic() + 120
    with http_client(timeout=2) as poll:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text(errors='replace')}")
            try:
                if poll.get(f"{server.url}/api/health").status_code == 200:
                    return server
            except httpx.HTTPError:
                pass
            time.sleep(0.05)  # polled: the test goes on as soon as the server answers
    server.stop()
    raise RuntimeError(f"server did not start: {log.read_text(errors='replace')}")


def settings_from(env: Mapping[str, str], data_dir: Path | None = None) -> Any:
    """``Settings`` as ``plangraph serve`` would read them from an environment holding only
    the PLANGRAPH_* variables of ``env`` (and ``PLANGRAPH_DATA_DIR`` when ``data_dir`` is given)."""
    from plangraph.config import Settings

    wanted = {k: v for k, v in env.items() if k.startswith("PLANGRAPH_")}
    if data_dir is not None:
        wanted["PLANGRAPH_DATA_DIR"] = str(data_dir)
    saved = {k: v for k, v in os.environ.items() if k.startswith("PLANGRAPH_")}
    for name in saved:
        del os.environ[name]
    os.environ.update(wanted)
    try:
        return Settings()
    finally:
        for name in wanted:
            os.environ.pop(name, None)
        os.environ.update(saved)


@functools.cache
def _test_clients() -> tuple[Any, Any]:
    """Starlette's TestClient, and a subclass for the clients of an app already running."""
    # starlette.testclient warns about its httpx dependency on import; not our code.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    class SharedClient(TestClient):
        """A TestClient on a running app: entering and leaving it opens and closes only the
        client, never the app's lifespan."""

        def __enter__(self) -> Any:
            return self

        def __exit__(self, *args: Any) -> None:
            self.close()

    return TestClient, SharedClient


class App:
    """The app in this process, over ASGI: no port, no subprocess, every middleware on the way.

    Its lifespan runs as under ``plangraph serve``: the store is opened from the settings (the
    data folder loaded and checked), the SPARQL query workers are forked; ``stop`` runs the
    shutdown. The same face as ``Server``: ``url``, ``client()``, ``log_text()``, ``stop()``.
    Requests come from 127.0.0.1 (``client(address=...)`` for another loopback address).
    """

    url = "http://127.0.0.1"

    def __init__(self, env: Mapping[str, str], data_dir: Path | None) -> None:
        from plangraph.api import create_app

        self.env = dict(env)
        self.data_dir = data_dir
        self.settings = settings_from(env, data_dir)
        self._log = io.StringIO()
        self._handler = logging.StreamHandler(self._log)
        self._handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(self._handler)
        self.app = create_app(self.settings)
        test_client, _shared = _test_clients()
        self._main = self.client()
        try:
            test_client.__enter__(self._main)  # the lifespan: store opened, workers forked
        except BaseException:
            logging.getLogger().removeHandler(self._handler)
            raise

    def client(self, *, address: str = "127.0.0.1", **kwargs: Any) -> httpx.Client:
        """A client of the running app (``with app.client() as c:`` closes only the client)."""
        _test_client, shared_client = _test_clients()
        shared = shared_client(
            self.app,
            base_url=self.url,
            raise_server_exceptions=False,  # a 500 is an answer, as from a real server
            follow_redirects=False,  # as httpx.Client
            client=(address, 50000),
            **kwargs,
        )
        main = getattr(self, "_main", None)
        if main is not None:
            shared.portal = main.portal  # one event loop for every client of the app
        return shared  # type: ignore[no-any-return]

    def log_text(self) -> str:
        """What the app logged while it ran (Python logging; there is no access log here)."""
        return self._log.getvalue()

    def stop(self) -> None:
        """The lifespan's shutdown (the query workers stopped), then the store closed: what
        the end of a server's process would release (files, a SPARQL server's connections)."""
        test_client, _shared = _test_clients()
        try:
            test_client.__exit__(self._main, None, None, None)
            store = getattr(self.app.state, "store", None)
            if store is not None:
                store.close()
        finally:
            logging.getLogger().removeHandler(self._handler)


def start_app(tmp: Path | None, env: Mapping[str, str], data_dir: Path | None) -> App:
    """The in-process twin of ``start_server`` (``tmp`` unused: no log file, no port), with
    ``APP_ENV`` under ``env``."""
    return App({**APP_ENV, **env}, data_dir)


class HitCounter:
    """A loopback HTTP server that counts every request it gets (it should get none)."""

    def __init__(self) -> None:
        import http.server
        import threading

        counter = self
        self.hits = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                counter.hits += 1
                body = b'{"@context": {"name": "http://schema.org/name"}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
