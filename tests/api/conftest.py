"""Servers for the API tests: ``plangraph serve`` in a subprocess on a free loopback port.

``live`` serves a temporary copy of data/*.ttl (plus test suggestions) with an API key; writes
go to that copy. ``seed_live`` serves the packaged seed data: writes are refused there.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.helpers import DATA, ROOT, free_port

API_KEY = "test-key-6f1d2c"


@dataclass
class Server:
    """A running ``plangraph serve``."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    data_dir: Path | None
    env: dict[str, str] = field(default_factory=dict)

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(tmp: Path, env: dict[str, str], data_dir: Path | None) -> Server:
    """Start the server, wait until /api/health answers."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    full_env = {**clean, **env}
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
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{server.url}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"server did not start: {log.read_text(errors='replace')}")


def copy_data(target: Path, *, suggestions: bool = True) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, target / path.name)
    if suggestions:
        shutil.copy(DATA / "api" / "suggested-links.ttl", target / "suggested-links.ttl")
    return target


LIVE_ENV = {
    "PLANGRAPH_API_KEY": API_KEY,
    "PLANGRAPH_QUERY_TIMEOUT": "3",
    "PLANGRAPH_MAX_ROWS": "50",
    "PLANGRAPH_MAX_BODY_BYTES": "200000",
    "PLANGRAPH_SUBGRAPH_MAX_NODES": "60",
}


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on a writable copy of the data, with an API key and small caps."""
    tmp = tmp_path_factory.mktemp("live")
    server = start_server(tmp, LIVE_ENV, copy_data(tmp / "data"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seed_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on the packaged seed data (no data folder): writes are refused."""
    tmp = tmp_path_factory.mktemp("seed")
    server = start_server(tmp, {"PLANGRAPH_API_KEY": API_KEY}, None)
    yield server
    server.stop()


@pytest.fixture
def client(live: Server) -> Iterator[httpx.Client]:
    with live.client() as c:
        yield c


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


@pytest.fixture
def hit_counter() -> Iterator[HitCounter]:
    counter = HitCounter()
    yield counter
    counter.close()
