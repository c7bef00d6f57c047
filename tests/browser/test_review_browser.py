"""`/review` in headless Chromium: accept one suggestion with the keyboard, then see the link in
`/viz` data and gone from the gaps; reject needs a reason; nothing leaves the machine."""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser.conftest import Server, Watched, start_server, stop_server
from tests.helpers import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.server]

KEY = "review-key-3b9"


def _post(server: Server, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        server.url + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-API-Key": KEY},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder: Path = tmp_path_factory.mktemp("review-data")
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, folder / path.name)
    running = start_server({"PLANGRAPH_DATA_DIR": str(folder), "PLANGRAPH_API_KEY": KEY})
    _post(running, "/api/suggestions/run", {"limit": 3, "relations": ["addresses"]})
    yield running
    stop_server(running)


def _gaps(server: Server) -> set[str]:
    body = server.get_json("/api/analysis/gaps?limit=1000")
    return {r["challenge"]["iri"] for r in body["items"]}


def test_accept_one_with_the_keyboard_and_see_it_in_viz_and_gaps(
    review_server: Server, watched: Watched
) -> None:
    server, page = review_server, watched.page
    queue = server.get_json("/api/suggestions?status=suggested&limit=200")["rows"]
    gaps = _gaps(server)
    index, row = next((i, r) for i, r in enumerate(queue) if r["object"]["iri"] in gaps)
    page.goto(server.url + "/review")
    page.wait_for_selector("#card:not([hidden])")
    # the queue is ordered by score and shows both verbatim texts with the evidence marked
    assert page.locator("#link-id").inner_text() == queue[0]["id"]
    assert page.locator("#subject-label").inner_text() == queue[0]["subject"]["label"]
    assert page.locator("mark").count() > 0
    page.fill("#api-key", KEY)
    page.click("#key-form button")
    for n in range(index):
        page.keyboard.press("h")
        page.wait_for_function(
            "n => document.getElementById('position').textContent.startsWith('Forslag ' + n)",
            arg=n + 2,
        )
    assert page.locator("#link-id").inner_text() == row["id"]
    page.keyboard.press("g")
    page.wait_for_function(
        "() => document.getElementById('status').textContent.startsWith('Godtatt')",
        timeout=120_000,
    )
    # at once in /viz data and in the gaps
    data = server.get_json("/viz/data.json?" + urlencode({"limit": 2000}))
    edges = {(e["from"], e["to"], e["predicate"]) for e in data["edges"]}
    assert (row["subject"]["iri"], row["object"]["iri"], "pg:addresses") in edges
    assert _gaps(server) == gaps - {row["object"]["iri"]}
    # a second decision on the same link is refused: the API says so
    request = urllib.request.Request(
        server.url + f"/api/links/{row['id']}/reject",
        data=b'{"reason": "x"}',
        headers={"Content-Type": "application/json", "X-API-Key": KEY},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as told:
        urllib.request.urlopen(request, timeout=60)
    assert told.value.code == 409
    told.value.close()
    assert not [c for c in watched.console if "error" in c.lower()], watched.console
    local = server.url.split("//", 1)[1]
    assert all(local in url or url.startswith("data:") for url in watched.requests)


def test_reject_needs_a_reason_and_skip_moves_on(review_server: Server, watched: Watched) -> None:
    server, page = review_server, watched.page
    page.goto(server.url + "/review")
    page.wait_for_selector("#card:not([hidden])")
    first = page.locator("#link-id").inner_text()
    page.keyboard.press("a")
    assert "begrunnelse" in page.locator("#status").inner_text().lower()
    assert page.locator("#link-id").inner_text() == first  # nothing decided
    page.keyboard.press("Escape")  # out of the reason field it focused
    page.keyboard.press("h")
    page.wait_for_function("id => document.getElementById('link-id').textContent !== id", arg=first)
    # without a key a decision is not sent
    page.fill("#reason", "ikke samme sak")
    page.click("#reject")
    assert "nøkkel" in page.locator("#status").inner_text().lower()
    open_ids = {r["id"] for r in server.get_json("/api/suggestions?limit=500")["rows"]}
    assert first in open_ids


@pytest.mark.parametrize(
    ("lang", "heading", "position", "kind", "skip_key", "no_key"),
    [
        ("nn", "Vurder koplingsforslag", "Forslag 2 av", "Tiltak", "h", "Skriv inn API-nøkkelen"),
        ("en", "Review link suggestions", "Suggestion 2 of", "Measure", "s", "Enter the API key"),
    ],
)
def test_the_page_speaks_nynorsk_or_english_and_its_keys_follow(
    review_server: Server,
    watched: Watched,
    lang: str,
    heading: str,
    position: str,
    kind: str,
    skip_key: str,
    no_key: str,
) -> None:
    server, page = review_server, watched.page
    page.goto(server.url + "/review?lang=" + lang)
    page.wait_for_selector("#card:not([hidden])")
    assert page.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("#subject-kind").text_content() == kind  # (shown upper-case by CSS)
    assert skip_key.upper() in page.locator("#keys-help").inner_text()
    assert page.locator("#graph-link").get_attribute("href") == "/viz?lang=" + lang
    first = page.locator("#link-id").inner_text()
    page.keyboard.press(skip_key)  # the skip key of this language
    page.wait_for_function("id => document.getElementById('link-id').textContent !== id", arg=first)
    assert page.locator("#position").inner_text().startswith(position)
    # a thesaurus concept among the reasons reads in the page's language, marked as a concept
    shown = page.locator("#link-id").inner_text()
    rows = server.get_json("/api/suggestions?status=suggested&limit=200")["rows"]
    row = next(r for r in rows if r["id"] == shown)
    concepts = [e["labels"][lang] for e in row["evidence"] if e["kind"] == "concept"]
    assert concepts, "the second card's reasons name no concept"
    mark = {"nn": "omgrep", "en": "concept"}[lang]
    assert f"{mark}: {concepts[0]}" in page.locator("#terms").inner_text()
    page.fill("#reason", "not the same concern")
    page.click("#reject")
    assert page.locator("#status").inner_text().startswith(no_key)
    # no Bokmål word of the page is left in this language
    body = page.locator("body").inner_text()
    assert "Godta" not in body or lang == "nn"
    assert "Felles ord og begreper" not in body
    assert not [c for c in watched.console if "error" in c.lower()], watched.console
