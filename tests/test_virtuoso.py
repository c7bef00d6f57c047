"""The ``sparql:`` backend on a second engine: OpenLink Virtuoso open source (Debian's package).

One Virtuoso is started for this module (``make virtuoso`` installs it; ``make test`` does so
first), on a copy of a new, empty database kept between runs (``_pristine``): a new database
costs Virtuoso ~5 s of CPU to make (its system tables, a checkpoint after each step), a copy of
one ~2 s to open. The analyses, the nodes' views, the API and the graph view must give the same rows on
Virtuoso as on the embedded store, for the same data.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import URIRef

from plangraph import analysis, nodes
from plangraph.errors import InputError, StoreError
from plangraph.store import PlanStore, open_store
from plangraph.store.remote import SERVER_GRAPHS, SparqlEndpointStore
from plangraph.subgraph import subgraph
from plangraph.viz import ViewFilters, build_view
from plangraph.vocab import GRAPH
from tests.helpers import (
    DATA,
    VIRTUOSO_INI,
    assert_isomorphic,
    open_virtuoso,
    start_app,
    start_virtuoso,
)


def _pristine(scratch: Path, cache: Path) -> Path:
    """A new Virtuoso database as ``start_virtuoso`` leaves it (empty, anonymous writes granted),
    shut down cleanly; made once per Virtuoso binary and settings and kept in ``cache`` (pytest's
    cache folder, .pytest_cache). Every run copies it: no run sees another's data."""
    binary = Path(shutil.which("virtuoso-t") or "virtuoso-t")
    made = binary.stat() if binary.exists() else None
    key = hashlib.sha256(
        f"{binary}:{made and made.st_size}:{made and made.st_mtime_ns}:{VIRTUOSO_INI}".encode()
    ).hexdigest()[:16]
    kept = cache / f"virtuoso-{key}.db"
    if kept.exists():
        return kept
    folder = scratch / "pristine"
    start_virtuoso(folder)
    ini = (folder / "virtuoso.ini").read_text()
    sql_port = re.findall(r"ServerPort = 127\.0\.0\.1:(\d+)", ini)[0]
    isql = shutil.which("isql-vt") or "isql-vt"
    subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", "dba", "exec=shutdown;"],
        capture_output=True,
        timeout=120,
    )
    lock = folder / "virtuoso.lck"
    for _ in range(1200):  # the lock file goes when the server has shut down
        if not lock.exists():
            break
        time.sleep(0.05)
    else:
        raise RuntimeError("the new Virtuoso database's server did not shut down")
    partial = kept.with_suffix(f".{os.getpid()}.part")
    shutil.copyfile(folder / "virtuoso.db", partial)
    partial.replace(kept)
    return kept


@pytest.fixture(scope="module")
def virtuoso(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("virtuoso")
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    if cache is None:
        return start_virtuoso(folder / "server")  # a new database, made for this run
    (folder / "server").mkdir()
    shutil.copyfile(_pristine(folder, cache.mkdir("virtuoso")), folder / "server" / "virtuoso.db")
    return start_virtuoso(folder / "server")


ANALYSES: dict[str, Callable[[PlanStore], Any]] = {
    "uncovered": analysis.uncovered_challenges,
    "weak": analysis.weakly_covered_challenges,
    "cross_region": analysis.cross_region_gaps,
    "goals": analysis.goals_without_measures,
    "orphans": analysis.orphan_measures,
    "per_theme": analysis.coverage_by_theme,
    "matrix": analysis.coverage_matrix,
    "overlaps": analysis.overlapping_measures,
    "same_goal": analysis.measures_sharing_goal_in_theme,
    "summary": analysis.summary,
    "centrality": analysis.centrality,
    "communities": analysis.communities,
    "plans": lambda s: nodes.plan_counts(s, "nb"),
    "classes": lambda s: nodes.class_counts(s, "en"),
}


@pytest.fixture(scope="module", params=["seed", "analysis"])
def pair(request: pytest.FixtureRequest, virtuoso: str) -> Iterator[tuple[PlanStore, PlanStore]]:
    """The same data in the embedded store and in Virtuoso."""
    data_dir: str | Path = "" if request.param == "seed" else DATA / "analysis"
    yield open_store("memory", data_dir=data_dir), open_virtuoso(virtuoso, data_dir=data_dir)


@pytest.mark.parametrize("name", list(ANALYSES))
def test_analyses_give_the_same_rows(pair: tuple[PlanStore, PlanStore], name: str) -> None:
    embedded, remote = pair
    expected = ANALYSES[name](embedded)
    if embedded.has_graph(GRAPH["plans"]):  # made to give every analysis rows
        assert expected, "the fixture should give this analysis something to find"
    assert ANALYSES[name](remote) == expected


def test_filters_trace_impact_and_show_give_the_same_rows(
    pair: tuple[PlanStore, PlanStore],
) -> None:
    embedded, remote = pair
    measures = [row["measure"]["iri"] for row in analysis.orphan_measures(embedded)]
    measures += [row["measure_a"]["iri"] for row in analysis.overlapping_measures(embedded)]
    challenges = [row["challenge"]["iri"] for row in analysis.uncovered_challenges(embedded)]
    for iri in [*measures[:3], *challenges[:3]]:
        assert analysis.trace(remote, iri) == analysis.trace(embedded, iri)
        assert nodes.describe_node(remote, URIRef(iri), "nb") == nodes.describe_node(
            embedded, URIRef(iri), "nb"
        )
    for iri in measures[:3]:
        assert analysis.impact(remote, iri) == analysis.impact(embedded, iri)
    for row in analysis.coverage_by_theme(embedded)[:3]:
        theme = row["theme"]["iri"]
        assert analysis.uncovered_challenges(remote, theme=theme) == (
            analysis.uncovered_challenges(embedded, theme=theme)
        )


def test_views_and_subgraphs_are_the_same(pair: tuple[PlanStore, PlanStore]) -> None:
    embedded, remote = pair
    for filters in (ViewFilters(), ViewFilters(gaps_only=True), ViewFilters(overlaps=True)):
        a, b = build_view(embedded, filters), build_view(remote, filters)
        assert (b.nodes, b.edges) == (a.nodes, a.edges)
    root = analysis.uncovered_challenges(embedded)[0]["challenge"]["iri"]
    for depth in (1, 2):
        for predicates in (None, ()):
            got = subgraph(remote, root, depth=depth, predicates=predicates)
            expected = subgraph(embedded, root, depth=depth, predicates=predicates)
            # The same nodes, links and hubs; their order is the engine's (documented).
            assert _unordered(got.as_json("nb")) == _unordered(expected.as_json("nb"))


def _unordered(answer: dict[str, Any]) -> dict[str, Any]:
    """A subgraph answer with its lists sorted."""
    return {
        key: sorted(value, key=repr) if isinstance(value, list) else value
        for key, value in answer.items()
    }


def test_the_servers_own_graphs_stay_out(pair: tuple[PlanStore, PlanStore]) -> None:
    """Virtuoso keeps graphs of its own (its RDF views, LDP terms): not part of the data."""
    embedded, remote = pair
    assert remote.graph_names() == embedded.graph_names()
    assert not any(str(g).startswith(SERVER_GRAPHS) for g in remote.graph_names())
    assert len(remote) == len(embedded)
    assert_isomorphic(embedded.to_graph(), remote.to_graph())


@pytest.mark.parametrize("writes", ["store", "update"])
def test_writes_through_the_graph_store_protocol_or_sparql_update(
    virtuoso: str, writes: str
) -> None:
    store = open_virtuoso(virtuoso, writes=writes, data_dir=None)
    graph = GRAPH["virtuoso-write"]
    # More triples than one INSERT DATA carries, to exercise the parts.
    lines = [
        f'<https://e.org/s{i}> <https://e.org/p> "verdi {i} æøå \\"sitat\\""@nb .'
        for i in range(4500)
    ]
    assert store.load_data("\n".join(lines).encode(), "nt", graph, source="w.nt") == 4500
    assert graph in store.graph_names()
    assert len(list(store.quads(graph))) == 4500
    rows = store.select("SELECT ?o WHERE { <https://e.org/s7> ?p ?o }").rows
    assert str(rows[0]["o"]) == 'verdi 7 æøå "sitat"'
    store.remove_graph(graph)
    assert graph not in store.graph_names()
    assert len(list(store.quads(graph))) == 0


def test_store_url_options_are_checked(virtuoso: str) -> None:
    with pytest.raises(InputError, match="bad SPARQL store option"):
        open_store("sparql:http://127.0.0.1:9/sparql;updat=http://127.0.0.1:9/sparql")
    read_only = SparqlEndpointStore(virtuoso)
    assert (read_only.update_url, read_only.graph_store_url) == (None, None)
    before = read_only.graph_names()
    with pytest.raises(StoreError, match="read-only"):
        read_only.load_data(b"<https://e.org/a> <https://e.org/p> 1 .", "ttl", GRAPH["ro"])
    assert read_only.graph_names() == before
    read_only.close()
    derived = SparqlEndpointStore("http://127.0.0.1:9/query")
    assert derived.update_url == "http://127.0.0.1:9/update"
    assert derived.graph_store_url == "http://127.0.0.1:9/store"


def _get_routes(client: httpx.Client) -> list[str]:
    """The API's GET paths that need no path parameter and no required query parameter."""
    spec = client.get("/openapi.json").json()
    paths = []
    for path, item in spec["paths"].items():
        get = item.get("get")
        if get is None or "{" in path or path in ("/api/health", "/sparql"):
            continue
        if any(p.get("required") for p in get.get("parameters", [])):
            continue
        paths.append(path)
    return sorted(paths)


def test_the_api_and_the_view_answer_the_same(virtuoso: str) -> None:
    """The app on Virtuoso answers as on the embedded store (the seed data); both in-process,
    their lifespans run as under ``plangraph serve``."""
    open_virtuoso(virtuoso)  # Virtuoso now holds the seed data and the ontology
    embedded = start_app(None, {}, None)
    remote = start_app(
        None, {"PLANGRAPH_STORE": f"sparql:{virtuoso};store={virtuoso}-graph-crud"}, None
    )
    try:
        with embedded.client() as on_embedded, remote.client() as on_remote:
            _compare_every_route(on_embedded, on_remote)
    finally:
        embedded.stop()
        remote.stop()


def _compare_every_route(embedded: httpx.Client, remote: httpx.Client) -> None:
    paths = _get_routes(embedded)
    assert "/api/analysis/gaps" in paths and "/viz/data.json" in paths
    root = "https://w3id.org/plangraph/id/challenge/hmn-2021/beredskap-1"
    paths += [f"/api/subgraph?root={root}&depth=2", f"/api/node?iri={root}"]
    for path in paths:
        a = embedded.get(path)
        b = remote.get(path)
        assert (path, b.status_code) == (path, a.status_code)
        if path.startswith("/api/subgraph"):
            assert (path, _unordered(b.json())) == (path, _unordered(a.json()))
        elif a.headers["content-type"].startswith("application/json"):
            assert (path, b.json()) == (path, a.json())
        else:
            assert (path, b.text) == (path, a.text)
