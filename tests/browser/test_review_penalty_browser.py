"""`/review` in headless Chromium says what lowered a suggestion (the two texts are about
different people; they share no concern), in the page's language, and nothing for the others."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plangraph.i18n import catalogue
from tests.browser.conftest import Server, Watched, start_server, stop_server
from tests.test_linking_decoys_2 import QUEUE_PLANS

pytestmark = [pytest.mark.browser, pytest.mark.server]

KEY = "penalty-key-7c1"


@pytest.fixture(scope="module")
def penalty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder: Path = tmp_path_factory.mktemp("penalty-data")
    (folder / "plans.ttl").write_text(QUEUE_PLANS, encoding="utf-8")
    running = start_server({"PLANGRAPH_DATA_DIR": str(folder), "PLANGRAPH_API_KEY": KEY})
    request = urllib.request.Request(
        running.url + "/api/suggestions/run",
        data=json.dumps({"limit": 5, "relations": ["addresses"]}).encode(),
        headers={"Content-Type": "application/json", "X-API-Key": KEY},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        json.load(response)
    yield running
    stop_server(running)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_each_card_says_its_penalty(penalty_server: Server, watched: Watched, lang: str) -> None:
    server, page = penalty_server, watched.page
    rows: list[dict[str, Any]] = server.get_json("/api/suggestions?status=suggested&limit=200")[
        "rows"
    ]
    assert {p for r in rows for p in r["penalties"]} == {"roles", "light"}
    words = catalogue(lang)
    page.goto(server.url + "/review?lang=" + lang)
    page.wait_for_selector("#card:not([hidden])")
    skip = words["review.key.skip"]
    for n, row in enumerate(rows):
        if n:
            page.keyboard.press(skip)
            page.wait_for_function(
                "id => document.getElementById('link-id').textContent === id", arg=row["id"]
            )
        penalties = page.locator("#penalties")
        if row["penalties"]:
            assert penalties.is_visible()
            said = penalties.inner_text()
            assert all(words[f"review.penalty.{p}"] in said for p in row["penalties"])
        else:
            assert not penalties.is_visible()
    assert not [c for c in watched.console if "error" in c.lower()], watched.console
