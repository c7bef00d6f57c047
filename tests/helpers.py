"""Helpers for tests, in one place: running the CLI (in-process, or end to end), free ports,
servers, Chromium arguments, comparing graphs with a readable diff."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from plangraph.store import PlanStore, open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


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

    from plangraph.cli import app
    from plangraph.config import get_settings

    cleared: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PLANGRAPH_")}
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            app, list(args), input=stdin, env={**cleared, **(env or {})}, catch_exceptions=True
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
