"""What the faster paths of overlaps and communities must keep: the labels a node's own lookup
gives, each item's themes as ``items_in_theme`` pairs them, the rows ``select`` gives, and the
same answers on the embedded store and on rdflib."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from plangraph import analysis
from plangraph.analysis import _common, network
from plangraph.analysis._common import plain_columns, rows
from plangraph.nodes import label_of
from plangraph.store import PlanStore, open_store
from plangraph.vocab import GRAPH

PG = "https://w3id.org/plangraph/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ID = "https://w3id.org/plangraph/id/"


@pytest.fixture(scope="module")
def seed() -> PlanStore:
    return open_store("memory")


def _odd_store(backend: str, *, number: bool = True) -> PlanStore:
    """A small store with labels and themes the fast paths must take as the slow ones do: an
    upper-case language tag, a number, an IRI and several texts as prefLabels, a node with only
    an rdfs:label, and a blank node in a theme. (A number as the only label is a label on the
    embedded store and none on the others, as before these paths: ``number=False`` leaves it
    out.)"""
    store = open_store(backend, data_dir=None)
    data = f"""
    @prefix pg: <{PG}> . @prefix skos: <{SKOS}> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <{ID}m/1> skos:prefLabel "Tiltak en"@NB ; pg:addresses <{ID}c/1>, <{ID}c/2> ;
        pg:inTheme <{ID}t/a>, <{ID}t/b> .
    <{ID}m/2> skos:prefLabel {42 if number else '"Tiltak to"@nb'} ; pg:addresses <{ID}c/1>, <{ID}c/2> ; pg:inTheme <{ID}t/a> .
    <{ID}m/10> skos:prefLabel <{ID}not-a-text>, "Ti"@nb, "Ti"@nn, "ti" ;
        pg:addresses <{ID}c/2> .
    <{ID}m/3> rdfs:label "Bare rdfs" ; pg:addresses <{ID}c/1> ; pg:inTheme <{ID}t/b> .
    <{ID}c/1> skos:prefLabel "Utfordring"@nb ; pg:inTheme <{ID}t/a> .
    <{ID}t/a> skos:prefLabel "Tema A"@nb .
    [] pg:inTheme <{ID}t/b> .
    """
    store.load_data(data.encode(), "ttl", URIRef(GRAPH + "odd"))
    return store


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_preload_all_chooses_as_label_of_does(
    seed: PlanStore, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_common, "_FIND_TITLED_AFTER", 1)
    labels = analysis.Labels(seed, lang)
    labels.preload_all(10**6)
    assert labels._pref  # the one query was read
    iris = sorted({str(r["node"]) for r in seed.named_query("all_labels")})
    assert len(iris) > 100
    for iri in iris:
        assert labels(iri) == label_of(seed, URIRef(iri), lang), iri


def test_preload_all_keeps_odd_labels_as_the_lookup_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_common, "_FIND_TITLED_AFTER", 1)
    store = _odd_store("memory")
    nodes = [f"{ID}{n}" for n in ("m/1", "m/2", "m/10", "m/3", "c/1", "c/2", "t/a", "t/b")]
    for lang in ("nb", "nn", "en"):
        preloaded = analysis.Labels(store, lang)
        preloaded.preload_all(10**6)
        assert preloaded._pref
        one_by_one = analysis.Labels(store, lang)
        assert [preloaded(n) for n in nodes] == [one_by_one(n) for n in nodes]


def test_preload_all_is_skipped_for_a_few_nodes(seed: PlanStore) -> None:
    labels = analysis.Labels(seed, "nb")
    labels.preload_all(3)
    assert not labels._pref


@pytest.mark.parametrize("backend", ["memory", "rdflib"])
def test_item_themes_are_the_pairs_of_items_in_theme(backend: str, seed: PlanStore) -> None:
    for store in (_odd_store(backend), seed if backend == "memory" else None):
        if store is None:
            continue
        expected: dict[str, set[str]] = {}
        for row in rows(store, "items_in_theme"):
            expected.setdefault(row["item"], set()).add(row["theme"])
        found = network._item_themes(store)
        assert dict(found) == expected
        assert any(item.startswith("_:") for item in found) == (store is not seed)


def test_item_themes_from_one_row_per_theme_when_every_item_is_an_iri(
    seed: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    original = network.plain_columns

    def spy(store: PlanStore, name: str, *variables: str) -> list[tuple[object, ...]]:
        asked.append(name)
        return original(store, name, *variables)

    monkeypatch.setattr(network, "plain_columns", spy)
    network._item_themes(seed)
    assert asked == ["theme_items"]
    asked.clear()
    network._item_themes(_odd_store("memory"))  # a blank node: the row per item
    assert asked == ["theme_items", "items_in_theme"]


@pytest.mark.parametrize("backend", ["memory", "rdflib"])
def test_plain_columns_are_the_values_select_gives(backend: str) -> None:
    store = _odd_store(backend)
    for name, columns in (
        ("overlapping_measures", ("measureB", "shared", "measureA", "sharedChallenges")),
        ("measure_challenge_counts", ("measure", "challenges")),
        ("items_in_theme", ("item", "theme")),
    ):
        expected = [tuple(r[c] for c in columns) for r in rows(store, name)]
        found = plain_columns(store, name, *columns)
        found.sort(key=repr)
        expected.sort(key=repr)
        assert found == expected and found
        for got, wanted in zip(found, expected, strict=True):
            assert [type(v) for v in got] == [type(v) for v in wanted]


def test_the_answers_are_the_same_on_both_backends() -> None:
    memory, rdflib = (_odd_store(b, number=False) for b in ("memory", "rdflib"))
    assert analysis.overlapping_measures(memory) == analysis.overlapping_measures(rdflib)
    assert analysis.communities(memory) == analysis.communities(rdflib)
    assert analysis.overlapping_measures(memory)[0]["shared"][0]["label"] == "Utfordring"


def _projection_from_bipartite(store: PlanStore) -> tuple[list[str], list[dict[int, int]]]:
    """The measure projection as ``communities`` built it before ``_measure_projection``: from
    the whole measure-challenge graph."""
    graph = network._bipartite(store)
    weights: dict[int, dict[int, int]] = {}
    for c, kind in enumerate(graph.kinds):
        if kind == "challenge":
            ends = sorted(graph.adjacency[c])
            for i, a in enumerate(ends):
                for b in ends[i + 1 :]:
                    weights.setdefault(a, {})[b] = weights.get(a, {}).get(b, 0) + 1
                    weights.setdefault(b, {})[a] = weights.get(b, {}).get(a, 0) + 1
    kept = sorted(weights)
    local = {m: i for i, m in enumerate(kept)}
    adjacency = [{local[b]: weights[m][b] for b in sorted(weights[m])} for m in kept]
    return [graph.nodes[m] for m in kept], adjacency


@pytest.mark.parametrize("both_kinds", [False, True])
def test_the_measure_projection_is_the_one_from_the_whole_graph(
    both_kinds: bool, seed: PlanStore
) -> None:
    # With a node that addresses and is addressed (m/2 addresses m/1), the projection comes
    # from the whole graph, as before; without, from the links alone, with the same answer.
    for store in (_odd_store("memory"), seed):
        if both_kinds:
            store.load_data(
                f"<{ID}m/2> <{PG}addresses> <{ID}m/1> .".encode(), "ttl", URIRef(GRAPH + "both")
            )
        measures, adjacency = network._measure_projection(store)
        assert measures
        assert (measures, adjacency) == _projection_from_bipartite(store)
        if both_kinds:
            break  # the seed store is shared: left as it is


@pytest.mark.parametrize("backend", ["memory", "rdflib"])
def test_columns_read_ahead_are_the_values_plain_columns_gives(backend: str) -> None:
    # The embedded store's background read (the engine's JSON answer) against its row objects;
    # rdflib answers through plain_columns itself.
    store = _odd_store(backend)
    for name, columns in (
        ("pref_labels", ("node", "label")),
        ("theme_items", ("theme", "items")),
        ("addresses_edges", ("measure", "challenge")),
        ("items_in_theme", ("item", "theme")),
        ("overlapping_measures", ("measureB", "shared", "measureA", "sharedChallenges")),
    ):
        ahead = network._Ahead(store, name)
        assert (ahead._thread is not None) == (backend == "memory")
        found = ahead.columns(*columns)
        expected = plain_columns(store, name, *columns)
        assert sorted(found, key=repr) == sorted(expected, key=repr) and found
        for got, wanted in zip(sorted(found, key=repr), sorted(expected, key=repr), strict=True):
            assert [type(v) for v in got] == [type(v) for v in wanted]
            assert [getattr(v, "lang", None) for v in got] == [
                getattr(v, "lang", None) for v in wanted
            ]
    # Literals written with escapes, numbers, other datatypes and a boolean (which the TSV
    # answer writes as ``true`` whether it was "1" or "true": read again the slow way).
    odd = _odd_store(backend)
    data = f"""
    @prefix skos: <{SKOS}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <{ID}x/1> skos:prefLabel "quote \\" back \\\\ tab \\t nl \\n cr \\r \\u00e6 \\U0001F600"@EN-gb .
    <{ID}x/2> skos:prefLabel "007"^^xsd:integer, "-5"^^xsd:integer, "1.50"^^xsd:decimal, "-.5"^^xsd:decimal, "+3"^^xsd:integer, "1e-2"^^xsd:double .
    <{ID}x/3> skos:prefLabel "typed"^^<{ID}type>, "2e3"^^xsd:double, "plain" .
    <{ID}x/4> skos:prefLabel "\\\\u0041 is not an escape" .
    """
    odd.load_data(data.encode(), "ttl", URIRef(GRAPH + "odd-literals"))
    asked: list[str] = []
    original = network.plain_columns

    def spy(store: PlanStore, name: str, *variables: str) -> list[tuple[object, ...]]:
        asked.append(name)
        return original(store, name, *variables)

    for extra, reread in ((None, False), ('"1"^^xsd:boolean', True)):
        if extra:
            odd.load_data(
                f"@prefix skos: <{SKOS}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
                f"<{ID}x/5> skos:prefLabel {extra} .".encode(),
                "ttl",
                URIRef(GRAPH + "odd-boolean"),
            )
        asked.clear()
        with pytest.MonkeyPatch.context() as m:
            m.setattr(network, "plain_columns", spy)
            found = network._Ahead(odd, "pref_labels").columns("node", "label")
        expected = plain_columns(odd, "pref_labels", "node", "label")
        assert sorted(found, key=repr) == sorted(expected, key=repr)
        assert [
            (type(v), getattr(v, "lang", None)) for r in sorted(found, key=repr) for v in r
        ] == [(type(v), getattr(v, "lang", None)) for r in sorted(expected, key=repr) for v in r]
        assert asked == (["pref_labels"] if reread or backend != "memory" else [])
        texts = {str(v) for _n, v in found}
        assert {
            'quote " back \\ tab \t nl \n cr \r \u00e6 \U0001f600',
            "\\u0041 is not an escape",
        } <= texts
    keep = {f"{ID}m/10", f"{ID}c/1"}
    kept = network._Ahead(store, "pref_labels").columns("node", "label", first_in=keep)
    expected = [r for r in plain_columns(store, "pref_labels", "node", "label") if r[0] in keep]
    assert sorted(kept, key=repr) == sorted(expected, key=repr) and len(kept) == 5


def test_an_error_in_the_background_read_is_raised_to_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = _odd_store("memory")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("the engine failed")

    monkeypatch.setattr(store, "query_with_dataset", broken)
    ahead = network._Ahead(store, "addresses_edges")
    with pytest.raises(OSError, match="the engine failed"):
        ahead.columns("measure", "challenge")


def test_no_background_read_inside_a_reports_shared_reads(seed: PlanStore) -> None:
    with _common.shared_reads(seed, "nb"):
        ahead = network._Ahead(seed, "addresses_edges")
        assert ahead._thread is None
        assert ahead.columns("measure", "challenge") == plain_columns(
            seed, "addresses_edges", "measure", "challenge"
        )


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_communities_with_the_labels_read_ahead_are_those_read_one_by_one(
    seed: PlanStore, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On the seed data too few measures for reading every prefLabel; made to here, and
    # compared with each node's own lookup (no preload at all).
    monkeypatch.setattr(_common, "_FIND_TITLED_AFTER", 1)
    monkeypatch.setattr(network, "_LABELS_SHARE", 10**6)
    started: list[str] = []
    original = network._Ahead.__init__

    def spy(self: network._Ahead, store: PlanStore, name: str) -> None:
        started.append(name)
        original(self, store, name)

    monkeypatch.setattr(network._Ahead, "__init__", spy)
    for store in (seed, _odd_store("memory", number=False)):
        started.clear()
        ahead = analysis.communities(store, lang=lang)
        assert started == ["addresses_edges", "theme_items", "pref_labels"]
        with monkeypatch.context() as m:
            m.setattr(network, "_labels_ahead", lambda *_a: None)
            m.setattr(_common.Labels, "preload_all", lambda *_a, **_k: None)
            one_by_one = analysis.communities(store, lang=lang)
        assert ahead == one_by_one and ahead


def test_centrality_rows_in_the_documented_order_with_ties_of_every_kind() -> None:
    # Measures whose IRIs have equal natural keys (m/1, m/01, m/001), equal scores and equal
    # counts: the rows are those networkx's graph gives, sorted by score, challenges and natural
    # key, ties kept in the graph's node order (as a stable sort keeps them).
    import networkx as nx

    store = open_store("memory", data_dir=None)
    lines = [f"@prefix pg: <{PG}> ."]
    for i, name in enumerate(["m/1", "m/01", "m/001", "m/2", "m/10", "m/3"]):
        lines.append(f"<{ID}{name}> pg:addresses <{ID}c/{i % 3}>, <{ID}c/x{i}> ;")
        lines.append(f"    pg:inTheme <{ID}t/{i % 2}>, <{ID}t/0{i % 2}> .")
    store.load_data("\n".join(lines).encode(), "ttl", URIRef(GRAPH + "ties"))
    graph = analysis.measure_graph(store)
    between = nx.betweenness_centrality(graph)
    degree = dict(graph.degree)
    total = sum(1 for _n, d in graph.nodes(data=True) if d["kind"] == "challenge")
    expected = []
    for node, data in graph.nodes(data=True):
        if data["kind"] == "measure":
            score = sum(1 / degree[c] for c in graph[node]) / total
            expected.append((node, score, len(graph[node]), between[node]))
    expected.sort(key=lambda r: (-round(r[1], 12), -r[2], _common.natural_key(r[0])))
    bridging = []
    for node, data in graph.nodes(data=True):
        themes = {t for m in graph[node] for t in graph.nodes[m]["themes"]}
        if data["kind"] == "challenge" and len(themes) >= 2:
            ordered = sorted(themes, key=_common.natural_key)
            bridging.append((node, ordered, between[node]))
    bridging.sort(key=lambda r: (-round(r[2], 12), -len(r[1]), _common.natural_key(r[0])))
    found = analysis.centrality(store, top=100)
    assert [
        (r["measure"]["iri"], r["score"], r["challenges"], r["betweenness"])
        for r in found["measures"]
    ] == [(n, pytest.approx(s), c, pytest.approx(b)) for n, s, c, b in expected]
    # The case holds the ties it is about: equal natural keys with equal scores and counts.
    tied = [r for r in expected if r[0].rsplit("/", 1)[1].lstrip("0") == "1"]
    assert len(tied) == 3 and len({(round(r[1], 12), r[2]) for r in tied}) == 1
    assert [
        (r["challenge"]["iri"], [t["iri"] for t in r["themes"]], r["score"])
        for r in found["bridging_challenges"]
    ] == [(n, t, pytest.approx(b)) for n, t, b in bridging]
    assert len(bridging) >= 2
