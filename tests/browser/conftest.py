"""A real server (``plangraph serve``) and headless Chromium for the page tests.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright (never ``playwright install``);
``make browser`` installs it. Without it these tests are skipped, saying why.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests import helpers
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, DATA, Server

__all__ = ["Server", "Watched", "start_server", "stop_server"]


def start_server(env: dict[str, str] | None = None) -> Server:
    """``plangraph serve`` on a free loopback port (``tests.helpers.start_server``), PLANGRAPH_*
    settings only from ``env``; its log in a temporary folder."""
    settings = dict(env or {})
    data = settings.pop("PLANGRAPH_DATA_DIR", None)
    folder = Path(tempfile.mkdtemp(prefix="plangraph-browser-"))
    return helpers.start_server(folder, settings, Path(data) if data else None)


def stop_server(server: Server) -> None:
    server.stop()


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


# Package scope, not session: Playwright's sync API keeps an event loop running in this thread
# while it is open, which breaks every later test that starts one (FastAPI's TestClient). It is
# closed after the last test of this package; the package's modules run one after another (on one
# pytest-xdist worker: ONE_UNIT in tests/conftest.py), so one Chromium serves them all.
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="package")
def browser_context(browser: Any) -> Iterator[Any]:
    """One browser context (profile) for the package's pages; each test gets a fresh page in it.

    A context costs Chromium ~0.3 s of CPU to make and close (its own storage partition and
    network context) on top of a page's renderer process; the pages here keep nothing in it:
    no cookies or local storage (the review page's API key is in ``sessionStorage``, which is
    per page), and the context's HTTP cache is emptied before each test's page (``fresh_page``),
    so every test's page fetches everything it uses, as in a context of its own.

    One blank tab (``about:blank``, nothing loaded, never navigated) stays open in it meanwhile:
    with no tab left, Chromium takes down and rebuilds per-context state for each new tab, ~0.6 s
    of CPU a page (benchmarks/bench_pages.py: 15 loads of /sparql, each in a new tab, 27.9 s of
    CPU in all Chromium's processes without it, 19.1 s with it). Each test still gets a tab of
    its own (``fresh_page``). The blank tab's DevTools session is what empties the cache."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    keeper = context.new_page()
    _cache_clearers[id(context)] = context.new_cdp_session(keeper)
    yield context
    del _cache_clearers[id(context)]
    keeper.close()
    context.close()


_cache_clearers: dict[int, Any] = {}
"""A context's (``id``) DevTools session on its blank tab: ``Network.clearBrowserCache`` there
empties the whole context's HTTP cache."""


@dataclass
class Watched:
    """A page with what it logged and requested."""

    page: Any
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def fresh_page(context: Any) -> Any:
    """A new page (tab, renderer process, session storage) in ``context``, after the context's
    cookies are cleared and its HTTP cache emptied: the page fetches everything it uses (what it
    fetches twice within a test may come from the cache, as in a context of its own).

    The cache is emptied once per page through the blank tab's DevTools session, not switched
    off in each page: switching it off (``Network.setCacheDisabled``) takes a DevTools session
    of the page's own with the network domain on, and Chromium then reports every request,
    response and data chunk of the page to that session as well as to Playwright's (~0.1 s of
    Chromium's CPU a page; benchmarks/results/pages.md)."""
    context.clear_cookies()
    _cache_clearers[id(context)].send("Network.clearBrowserCache")
    return context.new_page()


@pytest.fixture
def watched(browser_context: Any) -> Iterator[Watched]:
    """A fresh page that records console errors, page errors and every request."""
    page = fresh_page(browser_context)
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
    page.close()
