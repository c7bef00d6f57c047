"""Opening stores, loading plans, refusing bad input, saving atomically, on every backend."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from plangraph import resources
from plangraph.errors import (
    DataSyntaxError,
    InputError,
    QueryInputError,
    UnknownFormatError,
    UnsafeInputError,
)
from plangraph.store import (
    FORMATS,
    ONTOLOGY_GRAPH,
    PlanStore,
    graph_for_file,
    open_store,
    rdf_format,
)
from plangraph.terms import from_ox
from plangraph.vocab import GRAPH, PG
from tests.helpers import DATA, assert_isomorphic

SKOS_PREF = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


def _seed_files() -> list[Path]:
    root = Path(str(resources.data_dir()))
    return sorted(p for p in root.iterdir() if p.suffix == ".ttl")


def test_every_seed_file_is_its_own_named_graph(seed_store: PlanStore) -> None:
    names = set(seed_store.graph_names())
    expected = {graph_for_file(p) for p in _seed_files()} | {ONTOLOGY_GRAPH}
    assert names == expected
    assert seed_store.graph_count() == len(expected)
    assert seed_store.graph_names() == sorted(expected)


def test_the_change_counter_moves_on_every_change(empty_store: PlanStore) -> None:
    before = empty_store.generation
    if before is None:  # a SPARQL server: others may change it, so there is no counter
        assert empty_store.backend == "sparql"
        return
    graph = URIRef("https://example.org/graph/counter")
    empty_store.load_data(b"<https://example.org/a> <https://example.org/p> 1 .", "ttl", graph)
    after_load = empty_store.generation
    assert after_load is not None and after_load > before
    with pytest.raises(DataSyntaxError):
        empty_store.load_data(b"<https://example.org/a> <broken", "ttl", graph)
    assert empty_store.generation == after_load  # refused before anything changed
    empty_store.remove_graph(graph)
    assert empty_store.generation is not None and empty_store.generation > after_load


@functools.cache
def _parsed_seed_files() -> list[tuple[Path, Graph]]:
    """Each seed file parsed by rdflib: the reference of every backend's case, made once (the
    tests only read it)."""
    return [(path, Graph().parse(path, format="turtle")) for path in _seed_files()]


@functools.cache
def _embedded_reference() -> tuple[int, Graph]:
    """The embedded store on the seed data: its size and its graph, made once for every
    backend's case (the tests only read them)."""
    reference = open_store("memory")
    return len(reference), reference.to_graph()


def test_each_named_graph_holds_exactly_its_file(seed_store: PlanStore) -> None:
    for path, expected in _parsed_seed_files():
        assert_isomorphic(expected, seed_store.to_graph(graph_for_file(path)))


def test_backends_hold_the_same_quads(seed_store: PlanStore) -> None:
    size, reference = _embedded_reference()
    assert len(seed_store) == size > 1000
    assert_isomorphic(reference, seed_store.to_graph())


def test_queries_see_the_union_of_the_graphs(seed_store: PlanStore) -> None:
    # addresses links live in the links graph, the measures in the action plan's graph.
    rows = seed_store.select(
        "PREFIX pg: <https://w3id.org/plangraph/ns#> "
        "SELECT (COUNT(*) AS ?n) WHERE { ?m a pg:Measure ; pg:addresses ?c . ?c a pg:Challenge }"
    ).rows
    assert int(rows[0]["n"]) > 0  # type: ignore[arg-type]


def test_syntax_error_names_file_and_line_and_loads_nothing(empty_store: PlanStore) -> None:
    before = len(empty_store)
    with pytest.raises(DataSyntaxError) as caught:
        empty_store.load_file(DATA / "syntax-error.ttl")
    message = str(caught.value)
    assert "syntax-error.ttl" in message
    assert caught.value.line == 8
    assert "line 8" in message
    # The first, valid statement of the file did not get in either.
    assert len(empty_store) == before
    assert not empty_store.has_graph(GRAPH["syntax-error"])


def test_a_dataset_file_replaces_its_own_graphs(empty_store: PlanStore, tmp_path: Path) -> None:
    trig = (
        b'<https://e.org/a> <https://e.org/p> "default" .\n'
        b'<https://w3id.org/plangraph/graph/inner> { <https://e.org/b> <https://e.org/p> "named" . }\n'
    )
    (tmp_path / "versions.trig").write_bytes(trig)
    for _ in range(2):  # loading twice must not duplicate anything
        empty_store.load_directory(tmp_path)
    assert len(list(empty_store.quads(GRAPH["inner"]))) == 1
    assert len(list(empty_store.quads(GRAPH["versions"]))) == 1


def test_a_bad_file_in_a_directory_loads_nothing_from_the_directory(
    empty_store: PlanStore, tmp_path: Path
) -> None:
    (tmp_path / "a-good.ttl").write_bytes((DATA / "tiny.ttl").read_bytes())
    (tmp_path / "b-bad.ttl").write_bytes((DATA / "syntax-error.ttl").read_bytes())
    before = len(empty_store)
    with pytest.raises(DataSyntaxError, match=r"b-bad\.ttl"):
        empty_store.load_directory(tmp_path)
    assert len(empty_store) == before


def test_unknown_format_lists_the_known_ones(empty_store: PlanStore) -> None:
    with pytest.raises(UnknownFormatError) as caught:
        empty_store.load_data(b"", "rdfxml", GRAPH["x"])
    for name in FORMATS:
        assert name in str(caught.value)


@pytest.mark.parametrize(
    ("iri", "why"),
    [
        ("<https://e.org/with space>", "space"),
        ('<https://e.org/with"quote>', "quote"),
        ("<javascript:alert(1)>", "javascript"),
        ("<file:///etc/passwd>", "file"),
        ("<data:text/html,hi>", "data"),
    ],
)
def test_invalid_or_unsafe_iris_are_rejected_on_load(
    empty_store: PlanStore, iri: str, why: str
) -> None:
    before = len(empty_store)
    data = f'<https://e.org/ok> <https://e.org/p> "fine" .\n{iri} <https://e.org/p> "x" .\n'
    with pytest.raises(InputError):
        empty_store.load_data(data.encode(), "nt", GRAPH["x"], source="bad.nt")
    assert len(empty_store) == before


def test_unsafe_iri_error_names_the_scheme(empty_store: PlanStore) -> None:
    with pytest.raises(UnsafeInputError, match="javascript"):
        empty_store.load_data(b'<javascript:x> <https://e.org/p> "x" .', "nt", GRAPH["x"])


def test_loading_a_graph_again_replaces_it(empty_store: PlanStore) -> None:
    empty_store.load_file(DATA / "tiny.ttl")
    n = len(empty_store)
    empty_store.load_file(DATA / "tiny.ttl")
    assert len(empty_store) == n
    empty_store.load_data(b'<https://e.org/a> <https://e.org/p> "only this" .', "nt", GRAPH["tiny"])
    assert len(list(empty_store.quads(GRAPH["tiny"]))) == 1


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_serialisations_round_trip(seed_store: PlanStore, fmt: str) -> None:
    graph = graph_for_file(_seed_files()[0])
    data = seed_store.serialize(fmt, graph)
    # Parsed back by pyoxigraph: rdflib's TriG and JSON-LD parsers warn about its own internals.
    parsed = Graph()
    parsed.addN(
        (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), parsed)
        for q in ox.parse(data, format=FORMATS[fmt].ox_format)
    )
    assert_isomorphic(seed_store.to_graph(graph), parsed)


def test_save_writes_the_graph_and_it_loads_back(empty_store: PlanStore, tmp_path: Path) -> None:
    empty_store.load_file(DATA / "tiny.ttl")
    target = tmp_path / "tiny.ttl"
    empty_store.save_graph(GRAPH["tiny"], target)
    assert_isomorphic(Graph().parse(DATA / "tiny.ttl"), Graph().parse(target))
    # Norwegian letters survive as UTF-8 text.
    assert "Tiltak éin" in target.read_text(encoding="utf-8")
    # Readable like any new file (mkstemp alone would leave it 0600).
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_failed_save_leaves_the_old_file_byte_identical(
    empty_store: PlanStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_store.load_file(DATA / "tiny.ttl")
    target = tmp_path / "tiny.ttl"
    target.write_bytes(b"# the previous version\n")
    before = target.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(Exception, match="could not save"):
        empty_store.save_graph(GRAPH["tiny"], target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.ttl"]  # no temp file left


def test_rdf_format_accepts_aliases_and_media_types() -> None:
    assert rdf_format("turtle") is FORMATS["ttl"]
    assert rdf_format("application/ld+json") is FORMATS["jsonld"]
    assert rdf_format(".nt") is FORMATS["nt"]


def test_unknown_store_url_is_an_input_error() -> None:
    with pytest.raises(InputError, match="known stores"):
        open_store("postgres://nowhere")


def test_persistent_oxigraph_store_keeps_data_between_openings(tmp_path: Path) -> None:
    url = f"oxigraph:{tmp_path / 'db'}"
    first = open_store(url)
    n = len(first)
    del first
    import gc

    gc.collect()
    second = open_store(url, data_dir=None)  # would load nothing new: already holds data
    assert len(second) == n


def test_bindings_select_one_node(seed_store: PlanStore) -> None:
    iri = URIRef("https://w3id.org/plangraph/id/challenge/hmn-2021/beredskap-1")
    rows = seed_store.named_query("node_labels", {"node": iri}).rows
    assert Literal("Krav og forventninger til beredskap", lang="nb") in {r["label"] for r in rows}
    assert {r["node"] for r in rows} == {iri}


def test_ontology_graph_holds_the_ontology(seed_store: PlanStore) -> None:
    assert (PG.Measure, None, None) is not None
    assert any(s == PG.Measure for s, _p, _o, _g in seed_store.quads(ONTOLOGY_GRAPH))


def test_ox_quads_are_the_same_quads_on_every_backend(seed_store: PlanStore) -> None:
    expected = {
        (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in seed_store.ox_quads()
    }
    assert expected == {(s, p, o) for s, p, o, _ in seed_store.quads()}


def test_pattern_lookups_only_where_the_engine_has_them(seed_store: PlanStore) -> None:
    patterns = seed_store.patterns
    assert (patterns is not None) is (seed_store.backend == "oxigraph")
    assert seed_store.answers_inline is (seed_store.backend == "oxigraph")
    if patterns is not None:
        ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
        assert sum(1 for _ in patterns(None, None, None, ontology)) == len(
            list(seed_store.quads(ONTOLOGY_GRAPH))
        )


def test_query_over_a_chosen_dataset(seed_store: PlanStore) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    if not seed_store.chooses_dataset:
        with pytest.raises(QueryInputError, match="needs the embedded Oxigraph backend"):
            seed_store.query_with_dataset(count, default_graphs=[str(ONTOLOGY_GRAPH)])
        return
    in_ontology = len(list(seed_store.quads(ONTOLOGY_GRAPH)))

    def n(result: object) -> int:
        return int(next(iter(result))["n"].value)  # type: ignore[call-overload]

    assert (
        n(seed_store.query_with_dataset(count, default_graphs=[str(ONTOLOGY_GRAPH)])) == in_ontology
    )
    assert n(seed_store.query_with_dataset(count)) == len(seed_store)
    from_ontology = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert n(seed_store.query_with_dataset(from_ontology, from_query=True)) == in_ontology


def test_the_engine_loads_checked_bytes_as_their_quads_would_be_inserted() -> None:
    """``OxigraphStore.load_data`` hands the checked bytes to the engine (``_insert_checked``)
    instead of inserting their quads one by one (``_insert``): the same quads in the same graphs
    (default-graph triples in the target graph, named graphs kept, blank nodes renamed at each
    load and shared within one), in every format a plan may come in."""
    from plangraph.store.base import _check_data
    from plangraph.store.oxigraph import OxigraphStore

    target = GRAPH["checked"]
    cases = [(p.read_bytes(), "ttl") for p in _seed_files()] + [
        (b'_:a <https://e.org/p> _:b .\n_:b <https://e.org/p> "1"@nb .\n', "ttl"),
        (b'<https://e.org/s> <https://e.org/p> "1" <https://e.org/g> .\n'
         b'_:x <https://e.org/p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', "nq"),
        (b'{"@id": "https://e.org/s", "https://e.org/p": [{"@value": "v"}, {"@id": "_:n"}]}',
         "jsonld"),
        (b'<https://e.org/g> { <https://e.org/s> <https://e.org/p> <https://e.org/o> . }\n'
         b'{ <https://e.org/s> <https://e.org/p> "d" . }\n', "trig"),
    ]  # fmt: skip
    for data, fmt in cases:
        by_engine, by_quads = OxigraphStore(), OxigraphStore()
        for _ in range(2):  # twice: blank nodes renamed anew, so the second load adds them again
            by_engine.load_data(data, fmt, target, replace=False)
            by_quads._insert(_check_data(data, FORMATS[fmt], "x", target).quads())
        assert len(by_engine) == len(by_quads) > 0
        assert by_engine.graph_iris() == by_quads.graph_iris()
        for graph in by_engine.graph_names():
            assert_isomorphic(by_quads.to_graph(graph), by_engine.to_graph(graph))
