"""A real server (``plangraph serve``) and headless Chromium for the page tests.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright (never ``playwright install``);
``make browser`` installs it. Without it these tests are skipped, saying why.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, DATA, free_port


@dataclass
class Server:
    """A running ``plangraph serve`` on 127.0.0.1."""

    url: str
    process: subprocess.Popen[bytes]
    log: Any

    def get_json(self, path: str) -> Any:
        import json

        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return json.load(response)


def start_server(env: dict[str, str] | None = None) -> Server:
    """Start the server on a free port and wait until it answers."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    # A file, not a pipe: a pipe nobody reads could fill up and stall the server.
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop_server
    process = subprocess.Popen(
        [sys.executable, "-m", "plangraph", "serve", "--port", str(port), "--log-level", "warning"],
        env={**clean, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            err = log.read().decode(errors="replace")
            log.close()
            raise RuntimeError(f"the server exited: {err[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2):
                return Server(url, process, log)
        except OSError:
            time.sleep(0.2)
    process.terminate()
    process.wait()
    log.close()
    raise RuntimeError("the server did not answer within 60 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    server.log.close()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The server with the seed data."""
    running = start_server()
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def markup_server() -> Iterator[Server]:
    """The server with only the fixture plan whose labels hold markup."""
    running = start_server({"PLANGRAPH_DATA_DIR": str(DATA / "viz")})
    yield running
    stop_server(running)


# Module scope, not session: Playwright's sync API keeps an event loop running in this thread
# while it is open, which breaks every later test that starts one (FastAPI's TestClient).
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A page with what it logged and requested."""

    page: Any
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    """A fresh page that records console errors, page errors and every request."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    watched = Watched(page)
    page.on(
        "console",
        lambda m: (
            watched.console.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: watched.console.append(f"pageerror: {e}"))
    page.on("request", lambda r: watched.requests.append(r.url))
    yield watched
    context.close()
