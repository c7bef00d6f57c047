"""The visualisation core, the export and the pages, without a browser.

Expected counts come from docs/data-model.md (the seed data's documented counts), not from
running the code.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import hashlib
import html as html_lib
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from rdflib import Graph, URIRef

from plangraph import analysis
from plangraph.api.app import create_app
from plangraph.errors import InputError, NotFoundError, UnsafeInputError
from plangraph.store import PlanStore, open_store
from plangraph.viz import KINDS, View, ViewFilters, build_view, render_export, render_page
from plangraph.viz.render import script_json
from plangraph.vocab import PG
from tests.helpers import DATA, ROOT, run_cli

ID = "https://w3id.org/plangraph/id/"
BEREDSKAP = ID + "theme/hmn/beredskap"
DIMENSJONERING = ID + "challenge/hmn-2021/beredskap-4"
HMN = ID + "org/helse-midt-norge"
MARKUP_DIR = DATA / "viz"


def kinds(view, kind):  # type: ignore[no-untyped-def]
    return {n["iri"] for n in view.nodes if n["kind"] == kind}


@pytest.fixture(scope="module")
def _default_view_built(seed_store: PlanStore) -> tuple[View, View]:
    """The whole view of the seed data (no filters) on each backend, built once for the module,
    and a copy of it as built."""
    view = build_view(seed_store)
    return view, copy.deepcopy(view)


@pytest.fixture
def default_view(_default_view_built: tuple[View, View]) -> Iterator[View]:
    """``build_view(seed_store)``, shared by the tests that only read it: after each of them
    it must still be as built (a test that changed it errors at its own teardown, by name)."""
    view, built = _default_view_built
    yield view
    assert view == built, "the test changed the shared view"


def test_whole_view_holds_the_documented_items(default_view: View) -> None:
    view = default_view
    counts = view.counts()
    # docs/data-model.md, "Counts": 41 challenges, 16 measures, 8 goals, 13 themes, 2 RHFs,
    # 4 plans held item by item (the 9 only cited are not drawn).
    assert counts == {
        "organisation": 2,
        "plan": 4,
        "goal": 8,
        "theme": 13,
        "challenge": 41,
        "measure": 16,
    }
    assert not view.truncated
    addresses = [e for e in view.edges if e["kind"] == "addresses"]
    assert len(addresses) == 21  # docs: 21 pg:addresses links
    contributes = [e for e in view.edges if e["kind"] == "contributesTo"]
    assert len(contributes) == 62  # docs: 62 pg:contributesTo links
    assert all(n["x"] is not None and n["y"] is not None for n in view.nodes)


def test_gaps_only_shows_exactly_the_uncovered_challenges(seed_store: PlanStore) -> None:
    view = build_view(seed_store, ViewFilters(gaps_only=True))
    expected = {r["challenge"]["iri"] for r in analysis.uncovered_challenges(seed_store)}
    assert kinds(view, "challenge") == expected
    assert len(expected) == 24  # docs: 24 of 41 challenges have no measure
    assert not kinds(view, "measure")
    assert all(not n["covered"] for n in view.nodes if n["kind"] == "challenge")


def test_covered_flag_agrees_with_the_analysis(seed_store: PlanStore, default_view: View) -> None:
    view = default_view
    uncovered = {r["challenge"]["iri"] for r in analysis.uncovered_challenges(seed_store)}
    for n in view.nodes:
        if n["kind"] == "challenge":
            assert n["covered"] == (n["iri"] not in uncovered), n["iri"]


def test_theme_filter_keeps_the_theme_and_what_addresses_its_challenges(
    seed_store: PlanStore,
) -> None:
    view = build_view(seed_store, ViewFilters(theme=BEREDSKAP))
    challenges = kinds(view, "challenge")
    assert len(challenges) == 4  # docs: Beredskap 4
    assert all(c.startswith(ID + "challenge/hmn-2021/beredskap-") for c in challenges)
    # The measures drawn are exactly those addressing a Beredskap challenge.
    addressing = {
        str(r["m"])
        for r in seed_store.select(
            "PREFIX pg: <https://w3id.org/plangraph/ns#> "
            "SELECT ?m ?t WHERE { ?m pg:addresses ?c . ?c pg:inTheme ?t }",
            {"t": URIRef(BEREDSKAP)},
        )
    }
    assert kinds(view, "measure") == addressing
    assert addressing  # Helseberedskap and Forsyningssikkerheit address Dimensjonering


def test_org_filter_keeps_that_organisations_items(seed_store: PlanStore) -> None:
    view = build_view(seed_store, ViewFilters(org=HMN, types=("goal", "theme", "challenge")))
    assert len(kinds(view, "challenge")) == 41
    assert len(kinds(view, "goal")) == 4  # Strategi 2030's goals only
    assert {n["kind"] for n in view.nodes} <= {"goal", "theme", "challenge"}


def test_focus_with_depth_one_is_the_node_and_its_neighbours(seed_store: PlanStore) -> None:
    view = build_view(seed_store, ViewFilters(focus=DIMENSJONERING, depth=1))
    iris = {n["iri"] for n in view.nodes}
    assert DIMENSJONERING in iris
    # Its theme and the two measures that address it (see `plangraph show`), and its plan is
    # reached through the theme, not directly.
    assert BEREDSKAP in iris
    assert ID + "measure/hv-tiltaksplan/helseberedskap" in iris
    assert ID + "measure/hv-tiltaksplan/forsyningssikkerheit" in iris
    linked = {e["to"] for e in view.edges if e["from"] == DIMENSJONERING} | {
        e["from"] for e in view.edges if e["to"] == DIMENSJONERING
    }
    assert iris - {DIMENSJONERING} == linked
    depth0 = build_view(seed_store, ViewFilters(focus=DIMENSJONERING, depth=0))
    assert [n["iri"] for n in depth0.nodes] == [DIMENSJONERING]


def test_search_keeps_matches_and_their_neighbours(seed_store: PlanStore) -> None:
    view = build_view(seed_store, ViewFilters(search="dimensjonering"))
    assert DIMENSJONERING in {n["iri"] for n in view.nodes}
    nothing = build_view(seed_store, ViewFilters(search="zzz-no-such-label"))
    assert nothing.nodes == []
    assert nothing.notes and "zzz-no-such-label" in nothing.notes[0]


def test_types_filter_and_limit(seed_store: PlanStore) -> None:
    view = build_view(seed_store, ViewFilters(types=("measure",)))
    assert {n["kind"] for n in view.nodes} == {"measure"}
    capped = build_view(seed_store, ViewFilters(limit=10))
    assert len(capped.nodes) == 10
    assert capped.truncated and capped.total_nodes == 84
    assert "84" in capped.notes[0]
    # Structural nodes come first when the view is cut.
    assert {n["kind"] for n in capped.nodes} <= {"organisation", "plan", "goal"}


@pytest.mark.parametrize(
    ("filters", "error", "words"),
    [
        (ViewFilters(types=("goal", "nonsense")), InputError, "nonsense"),
        (ViewFilters(theme="javascript:alert(1)"), UnsafeInputError, "javascript"),
        (ViewFilters(theme="https://example.org/none"), NotFoundError, "theme"),
        (ViewFilters(theme=DIMENSJONERING), NotFoundError, "not a theme"),
        (ViewFilters(depth=9), InputError, "depth"),
        (ViewFilters(layout="circle"), InputError, "layout"),
        (ViewFilters(lang="de"), InputError, "language"),
        (ViewFilters(limit=0), InputError, "limit"),
    ],
)
def test_bad_filters_are_clear_errors_and_change_nothing(
    filters: ViewFilters, error: type[Exception], words: str
) -> None:
    store = open_store()
    before = len(store)
    with pytest.raises(error, match=words):
        build_view(store, filters)
    assert len(store) == before


def test_details_hold_the_verbatim_source_text_and_link_statuses(default_view: View) -> None:
    view = default_view
    details = view.details[DIMENSJONERING]
    # The verbatim text as the data file holds it, read independently of the store.
    data = Graph().parse(ROOT / "data" / "hmn-statusnotater-2021.ttl")
    expected = {str(o) for o in data.objects(URIRef(DIMENSJONERING), PG.sourceText)}
    assert {t["value"] for t in details["source_text"]} == expected
    assert details["source_section"] == ["Beredskap"]
    assert details["source_document"]["iri"] == ID + "plan/hmn-statusnotater-2021"
    links = details["links"]
    assert {link["status"] for link in links} == {"curated"}
    assert {link["node"]["iri"] for link in links if link["predicate"] == "pg:addresses"} == {
        ID + "measure/hv-tiltaksplan/helseberedskap",
        ID + "measure/hv-tiltaksplan/forsyningssikkerheit",
    }


def test_suggested_link_records_show_with_their_status() -> None:
    store = open_store()
    record = (
        "<https://w3id.org/plangraph/id/link/test0000001> a pg:LinkRecord ; "
        f"pg:linkSubject <{ID}measure/hv-tiltaksplan/klima> ; pg:linkPredicate pg:addresses ; "
        f"pg:linkObject <{DIMENSJONERING}> ; pg:linkStatus pg:Suggested ."
    )
    store.load_data(
        f"@prefix pg: <https://w3id.org/plangraph/ns#> . {record}".encode(),
        "ttl",
        URIRef("https://w3id.org/plangraph/graph/test-suggestions"),
    )
    view = build_view(store)
    statuses = {
        (link["node"]["iri"], link["status"]) for link in view.details[DIMENSJONERING]["links"]
    }
    assert (ID + "measure/hv-tiltaksplan/klima", "suggested") in statuses
    # A suggestion is not a plain link: the challenge is no more covered than before.
    drawn = {(e["from"], e["to"]) for e in view.edges if e["kind"] == "addresses"}
    assert (ID + "measure/hv-tiltaksplan/klima", DIMENSJONERING) not in drawn


def test_language_labels_fall_back(seed_store: PlanStore) -> None:
    view = build_view(seed_store, ViewFilters(lang="nn"))
    challenge = next(n for n in view.nodes if n["iri"] == DIMENSJONERING)
    # The challenge has only a Bokmål label: Nynorsk falls back to it.
    assert challenge["label"] == "Dimensjonering av beredskap"
    theme = next(n for n in view.nodes if n["iri"] == BEREDSKAP)
    assert theme["labels"]["en"] == "Preparedness"
    assert theme["labels"]["nb"] == "Beredskap"


def test_layouts_are_deterministic_and_layered_by_kind(
    seed_store: PlanStore, default_view: View
) -> None:
    first = build_view(seed_store, ViewFilters(layout="force"))
    second = build_view(seed_store, ViewFilters(layout="force"))
    assert [(n["x"], n["y"]) for n in first.nodes] == [(n["x"], n["y"]) for n in second.nodes]
    layered = default_view
    top = {kind: min(n["y"] for n in layered.nodes if n["kind"] == kind) for kind in KINDS}
    bottom = {kind: max(n["y"] for n in layered.nodes if n["kind"] == kind) for kind in KINDS}
    for upper, lower in itertools.pairwise(KINDS):
        assert bottom[upper] < top[lower], (upper, lower)


def test_script_json_cannot_close_the_script_element() -> None:
    value = {"label": "</script><script>alert(1)</script> & <!--", "x": "\u2028"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == value


def _inline_blocks(html: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.DOTALL)


def test_export_is_self_contained_with_a_matching_csp() -> None:
    store = open_store(data_dir=MARKUP_DIR)
    html = render_export(build_view(store), store)
    # Nothing to fetch: the only resource reference is the empty data: icon.
    fetched = re.findall(
        r"<(?:script|link|img|iframe|source)[^>]*\s(?:src|href)=\"([^\"]*)\"", html, re.IGNORECASE
    )
    assert fetched == ["data:,"]
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = html_lib.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        allowed = re.search(rf"{directive} ([^;]+);", policy)
        assert allowed is not None
        for block in _inline_blocks(html, tag):
            digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed.group(1)


def test_markup_in_labels_never_reaches_the_page_as_markup() -> None:
    store = open_store(data_dir=MARKUP_DIR)
    view = build_view(store)
    for html in (render_export(view, store), render_page(view, store)):
        assert "<img src=x" not in html
        assert "<svg onload" not in html
        assert "<script>window.__xss" not in html
        assert "<b>bold</b>" not in html
        # The one application/json block holds the labels, escaped, and parses back intact.
        data = re.search(
            r'<script type="application/json" id="viz-data">(.*?)</script>', html, re.DOTALL
        )
        assert data is not None
        parsed = json.loads(data.group(1))
        labels = {m["labels"]["nb"] for m in parsed["meta"]}
        assert "<img src=x onerror=\"window.__xss='label'\"> Dimensjonering" in labels


def test_cli_viz_writes_one_file_and_refuses_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "gaps.html"
    done = run_cli("viz", "--out", str(out), "--gaps", "--lang", "en")
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert 'http-equiv="Content-Security-Policy"' in html
    bad = tmp_path / "bad.html"
    refused = run_cli("viz", "--out", str(bad), "--types", "goal,planet")
    assert refused.returncode == 2
    assert "planet" in refused.stderr and "Traceback" not in refused.stderr
    assert not bad.exists()


class Client:
    """Requests to the app in process (starlette's TestClient warns about its httpx use)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def get(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        async def fetch() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                return await http.get(path, params=params)

        return asyncio.run(fetch())


@pytest.fixture(scope="module")
def client() -> Client:
    return Client(create_app(store=open_store()))


def test_pages_send_a_strict_csp(client: Client) -> None:
    for path in ("/", "/viz", "/viz?gaps=1&layout=force"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe" not in policy
        assert "object-src 'none'" in policy and "base-uri 'none'" in policy


def test_landing_page_shows_the_summary(client: Client) -> None:
    html = client.get("/").text
    figures = analysis.summary(open_store())
    assert f'id="fig-gaps">{figures["gaps"]}<' in html
    assert f'id="fig-challenges">{figures["challenges"]}<' in html
    assert 'href="/viz?gaps=1' in html


def test_data_json_matches_the_view(client: Client) -> None:
    data = client.get("/viz/data.json", params={"theme": BEREDSKAP}).json()
    view = build_view(open_store(), ViewFilters(theme=BEREDSKAP))
    assert [n["iri"] for n in data["nodes"]] == [n["iri"] for n in view.nodes]
    assert data["counts"]["challenge"] == 4


def test_bad_page_parameters_are_4xx_with_the_message_escaped(client: Client) -> None:
    response = client.get("/viz", params={"types": "<script>x</script>"})
    assert response.status_code == 400
    assert "&lt;script&gt;" in response.text and "<script>x" not in response.text
    assert client.get("/viz", params={"focus": "https://example.org/none"}).status_code == 404
    assert client.get("/viz/data.json", params={"theme": "javascript:x"}).status_code == 400
    assert client.get("/static/viz/secret.py").status_code == 404


def test_search_text_is_echoed_escaped(client: Client) -> None:
    html = client.get("/viz", params={"q": '"><script>window.__xss=1</script>'}).text
    assert "<script>window.__xss" not in html


def test_static_assets_come_from_the_pyvis_package(client: Client) -> None:
    import pyvis

    vis = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    response = client.get("/static/viz/vis-network.min.js")
    assert response.status_code == 200
    assert response.content == vis.read_bytes()
    assert response.headers["content-type"].startswith("text/javascript")


def test_node_details_endpoint_gives_what_the_export_embeds(client: Client) -> None:
    embedded = build_view(open_store(), ViewFilters(lang="en")).details[DIMENSJONERING]
    served = client.get("/viz/node.json", params={"iri": DIMENSJONERING, "lang": "en"})
    assert served.status_code == 200
    assert served.json() == embedded
    assert client.get("/viz/node.json", params={"iri": "javascript:x"}).status_code == 400
    missing = client.get("/viz/node.json", params={"iri": "https://example.org/none"})
    assert missing.status_code == 404
    assert (
        client.get("/viz/node.json", params={"iri": DIMENSJONERING, "lang": "de"}).status_code
        == 400
    )


def test_nodes_take_shape_and_colour_from_their_kind(default_view: View) -> None:
    from plangraph.viz.render import vis_data

    view = default_view
    nodes, _edges, options = vis_data(view)
    shapes = {options["groups"][n["group"]]["shape"] for n in nodes}
    assert len(shapes) == 6  # one shape per kind: goal, theme, challenge, ... differ
    assert all("shape" not in n and "color" not in n for n in nodes)
    gaps = [n for n, v in zip(nodes, view.nodes, strict=True) if v.get("covered") is False]
    assert gaps and all(n["group"] == "gap" for n in gaps)
