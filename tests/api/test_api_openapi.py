"""The OpenAPI description is complete, and a schemathesis run over it finds no 5xx."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.conftest import App, Server


def test_openapi_has_tags_examples_and_error_models(seed_app: App) -> None:
    with seed_app.client() as client:
        spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/challenges",
        "/api/subgraph",
        "/api/node",
        "/api/analysis/gaps",
        "/api/analysis/summary",
        "/sparql",
        "/api/plans/{name}",
        "/api/links/{link_id}/accept",
    ):
        assert path in paths, path
        for operation in paths[path].values():
            assert operation.get("tags"), path
            assert operation.get("description") or operation.get("summary"), path
    subgraph = paths["/api/subgraph"]["get"]
    root = next(p for p in subgraph["parameters"] if p["name"] == "root")
    assert root["schema"].get("examples") or root.get("examples") or root.get("example")
    media = subgraph["responses"]["200"]["content"]
    assert {
        "application/json",
        "application/ld+json",
        "text/turtle",
        "application/n-triples",
    } <= set(media)
    put = paths["/api/plans/{name}"]["put"]
    assert "text/turtle" in put["requestBody"]["content"]
    assert {"APIKeyHeader", "HTTPBearer"} <= set(spec["components"]["securitySchemes"])
    post = paths["/sparql"]["post"]["requestBody"]["content"]
    assert {"application/x-www-form-urlencoded", "application/sparql-query"} <= set(post)


@pytest.mark.slow
def test_schemathesis_finds_no_failures_with_every_check(seed_live: Server, tmp_path: Path) -> None:
    """No 5xx, and conformance: statuses, content types, headers and bodies as documented; every
    request the description allows is accepted, every one it forbids refused; ``Allow`` right.

    Bounded by ``--max-time`` (schemathesis repeats its phases until the budget is spent; on a
    busy machine it covers less in that time, never more time).
    """
    here = Path(__file__).resolve().parent
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks"}
    out = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "--config-file",
            str(here / "schemathesis.toml"),
            "run",
            f"{seed_live.url}/openapi.json",
            # Every check is on by default; no --checks here, since checks named on the command
            # line win over the config file's one exception for /sparql.
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "5",
            # One worker: with several, hypothesis' ast-based repr sometimes crashes inside
            # schemathesis itself on Python 3.11 ("AST constructor recursion depth mismatch").
            "--workers",
            "1",
            "--max-time",
            "45",
            "--suppress-health-check",
            "all",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=here.parents[1],
    )
    assert out.returncode == 0, out.stdout[-8000:] + out.stderr[-2000:]
    assert "Traceback" not in seed_live.log_text()


def test_as_of_schema_admits_exactly_the_dates_the_server_reads(seed_app: App) -> None:
    """A value that fits the published ``as_of`` pattern is a date the server reads (no 400 for
    a schema-valid request), and a malformed one is refused by both."""
    import datetime as dt
    import re

    from plangraph.api.schemas import AS_OF_PATTERN
    from plangraph.errors import InputError
    from plangraph.ingest.versions import parse_date

    def reads(text: str) -> bool:
        try:
            parse_date(text)
        except InputError:
            return False
        return True

    pattern = re.compile(AS_OF_PATTERN)
    candidates = ["2023", "0000", "0001", "9999", "2023-00", "2023-13", "2023-1", "23-06-01", ""]
    for year in (1, 4, 100, 400, 1900, 2000, 2023, 2024, 9999):
        for month in range(0, 14):
            candidates.append(f"{year:04d}-{month:02d}")
            candidates += [f"{year:04d}-{month:02d}-{day:02d}" for day in range(0, 33)]
    for text in candidates:
        assert bool(pattern.fullmatch(text)) == reads(text), text
    assert reads("2024-02-29") and not reads("2023-02-29") and not reads("1900-02-29")
    assert dt.date(2000, 2, 29) == parse_date("2000-02-29")

    with seed_app.client() as client:
        spec = client.get("/openapi.json").json()
    for path in ("/api/analysis/gaps", "/api/analysis/orphan-measures"):
        parameter = next(
            p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "as_of"
        )
        assert parameter["schema"]["pattern"] == AS_OF_PATTERN, path
