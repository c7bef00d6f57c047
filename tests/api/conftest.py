"""The API under test: in-process over ASGI for most tests, a real server where one is needed.

``app`` runs the app in this process (``tests.helpers.App``: its lifespan opens the store and
forks the query workers, as ``plangraph serve`` does) on a writable copy of data/*.ttl (plus
test suggestions), with an API key and small caps; ``client`` is a client of it. ``live`` is the
same as a real ``plangraph serve`` subprocess, for what needs one: a browser, curl and other
HTTP clients, deadlines and the query workers seen from outside. ``seed_live`` serves the
packaged seed data (no data folder: writes are refused) for schemathesis.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import (
    API_KEY,
    DATA,
    LIVE_ENV,
    ROOT,
    App,
    HitCounter,
    Server,
    copy_data,
    free_port,
    start_app,
    start_server,
)

# Re-exported: the API tests import them from here.
__all__ = [
    "API_KEY",
    "DATA",
    "LIVE_ENV",
    "ROOT",
    "App",
    "HitCounter",
    "Server",
    "copy_data",
    "free_port",
    "start_app",
    "start_server",
]


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The app in-process on a writable copy of the data, with an API key and small caps."""
    tmp = tmp_path_factory.mktemp("app")
    running = start_app(tmp, LIVE_ENV, copy_data(tmp / "data"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def seed_app() -> Iterator[App]:
    """The app in-process on the packaged seed data (no data folder): writes are refused."""
    running = start_app(None, {"PLANGRAPH_API_KEY": API_KEY}, None)
    yield running
    running.stop()


@pytest.fixture
def client(app: App) -> Iterator[httpx.Client]:
    with app.client() as c:
        yield c


STRANGER_CALLED = "stranger-called"
"""The file the installed ``strangerhook`` would write (in the ``live`` server's folder, beside
its log) if its evaluation hook ever ran."""


def install_stranger_hook(tmp: Path) -> Path:
    """A package with an ``rdf.plugins.sparqleval`` entry point in ``tmp/site`` (to put on a
    server's PYTHONPATH): rdflib loads such hooks; plangraph removes them at start. Its hook
    writes ``tmp/STRANGER_CALLED`` if it ever runs."""
    site = tmp / "site"
    (site / "strangerhook-1.0.dist-info").mkdir(parents=True)
    (site / "strangerhook-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: strangerhook\nVersion: 1.0\n"
    )
    (site / "strangerhook-1.0.dist-info" / "entry_points.txt").write_text(
        "[rdf.plugins.sparqleval]\nstranger = strangerhook:evaluate\n"
    )
    (site / "strangerhook.py").write_text(
        "from pathlib import Path\n\n\n"
        "def evaluate(ctx, part):\n"
        f"    Path({str(tmp / STRANGER_CALLED)!r}).write_text('called')\n"
        "    raise NotImplementedError\n"
    )
    return site


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server on a writable copy of the data, with an API key, small caps and a 1.5 s
    query deadline, one CORS origin (https://planner.example), and a foreign SPARQL evaluation
    hook installed on its path (``install_stranger_hook``; plangraph removes it at start, as for any user who has such a
    package: what test_api_sparql checks; for every other test it is a server like any).
    One server for the real-process tests of test_api_sparql and test_api_hardening, which need
    these settings and no others (each started its own before)."""
    tmp = tmp_path_factory.mktemp("live")
    env = {
        **LIVE_ENV,
        # test_api_sparql's three deadline tests each wait out this limit while a query worker
        # runs the cross product at full speed (~3 s of CPU each at LIVE_ENV's 3 s); their
        # other requests are answered in ~0.2 s at load 5, and every other query sent to this
        # server is small (the seed data's measures, ASKs): 1.5 s is room enough.
        "PLANGRAPH_QUERY_TIMEOUT": "1.5",
        "PLANGRAPH_CORS_ORIGINS": '["https://planner.example"]',
        "PYTHONPATH": str(install_stranger_hook(tmp)),
    }
    server = start_server(tmp, env, copy_data(tmp / "data"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seed_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server on the packaged seed data (no data folder): writes are refused."""
    tmp = tmp_path_factory.mktemp("seed")
    server = start_server(tmp, {"PLANGRAPH_API_KEY": API_KEY}, None)
    yield server
    server.stop()


@pytest.fixture
def hit_counter() -> Iterator[HitCounter]:
    counter = HitCounter()
    yield counter
    counter.close()
