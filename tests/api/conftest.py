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


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server on a writable copy of the data, with an API key and small caps."""
    tmp = tmp_path_factory.mktemp("live")
    server = start_server(tmp, LIVE_ENV, copy_data(tmp / "data"))
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
