"""``PlanStore.select_plain``: rows of plain Python values, the same on every backend."""

from __future__ import annotations

import functools
import pickle
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from plangraph.errors import QueryInputError, UnsafeInputError
from plangraph.store import PlanStore, open_store
from plangraph.terms import LangString, PlainResult, plain_from_ox, plain_from_rdflib
from plangraph.vocab import GRAPH
from tests.helpers import record_queries

ID = "https://w3id.org/plangraph/id/"
PREFIXES = """PREFIX pg: <https://w3id.org/plangraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def _only(result: PlainResult) -> tuple[Any, ...]:
    assert len(result.rows) == 1, result.rows
    return result.rows[0]


def test_iris_and_language_tagged_labels(seed_store: PlanStore) -> None:
    # data/hmn-statusnotater-2021.ttl: the challenge beredskap-4 and its Bokmål label.
    challenge = ID + "challenge/hmn-2021/beredskap-4"
    result = seed_store.select_plain(
        PREFIXES + "SELECT ?c ?label WHERE { ?c skos:prefLabel ?label }",
        {"c": URIRef(challenge)},
    )
    assert result.variables == ["c", "label"]
    iri, label = _only(result)
    assert type(iri) is str and iri == challenge
    assert isinstance(label, LangString)
    assert (str(label), label.lang) == ("Dimensjonering av beredskap", "nb")


def test_numbers_become_numbers_and_other_literals_their_text(seed_store: PlanStore) -> None:
    # data/hv-regional-tiltaksplan.ttl: measure 11 has pg:number 11 and a position; a curated
    # link record (links-curated.ttl) has an xsd:decimal confidence, a plain creator string and
    # an xsd:date.
    _measure, number, position = _only(
        seed_store.select_plain(
            PREFIXES + "SELECT ?m ?n ?pos WHERE { ?m pg:number ?n ; pg:sourcePosition ?pos }",
            {"m": URIRef(ID + "measure/hv-tiltaksplan/11")},
        )
    )
    assert (type(number), number) == (int, 11)
    assert type(position) is int
    rows = seed_store.select_plain(
        PREFIXES + "SELECT ?confidence ?creator ?date WHERE { ?r a pg:LinkRecord ; "
        "pg:confidence ?confidence ; dcterms:creator ?creator ; dcterms:date ?date }"
    ).rows
    assert rows
    for confidence, creator, date in rows:
        assert type(confidence) is float and 0 <= confidence <= 1
        assert (type(creator), creator) == (str, "plangraph curators")
        assert (type(date), date) == (str, "2026-11-23")
    (count,) = _only(
        seed_store.select_plain(
            PREFIXES + "SELECT (COUNT(?c) AS ?n) WHERE { ?c rdf:type pg:Challenge }"
        )
    )
    assert (type(count), count) == (int, 41)  # docs/data-model.md: 41 challenges


def test_unbound_is_none_and_records_name_the_columns(seed_store: PlanStore) -> None:
    result = seed_store.select_plain(
        PREFIXES + "SELECT ?m ?nothing WHERE { ?m rdf:type pg:Measure "
        "OPTIONAL { ?m pg:noSuchProperty ?nothing } } ORDER BY ?m LIMIT 2"
    )
    assert [row[1] for row in result] == [None, None]
    assert result.records()[0] == {"m": result.rows[0][0], "nothing": None}


def test_same_values_as_select_converted(seed_store: PlanStore) -> None:
    # Every triple of the curated links, through both methods: the same values, in the same order.
    query = (
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isIRI(?s)) } ORDER BY ?s ?p ?o"
    )
    bindings = {"g": GRAPH["links-curated"]}
    plain = seed_store.select_plain(query, bindings)
    terms = seed_store.select(query, bindings)
    assert len(plain) == len(terms) > 100
    converted = [tuple(plain_from_rdflib(row[v]) for v in terms.variables) for row in terms]
    assert plain.rows == converted
    languages = {v.lang for row in plain for v in row if isinstance(v, LangString)}
    assert languages == {"en"}  # the rationales


_EVERY_TRIPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def _typed_sorted(result: PlainResult) -> list[tuple[tuple[str, str, str], ...]]:
    """Rows sorted, with the type and language of each value (which equality alone would not
    see): engines order literals differently (ORDER BY)."""
    return sorted(
        tuple((type(v).__name__, str(v), getattr(v, "lang", "")) for v in row) for row in result
    )


@functools.cache
def _embedded_answer() -> tuple[Any, int, list[tuple[tuple[str, str, str], ...]]]:
    """The embedded store's answer on the seed data (its variables, row count and typed rows): the
    reference of every backend's case, made once."""
    reference = open_store("memory").select_plain(_EVERY_TRIPLE)
    return reference.variables, len(reference), _typed_sorted(reference)


def test_every_backend_gives_what_the_embedded_store_gives(seed_store: PlanStore) -> None:
    variables, size, typed = _embedded_answer()
    found = seed_store.select_plain(_EVERY_TRIPLE)
    assert found.variables == variables
    assert len(found) == size > 1000
    assert _typed_sorted(found) == typed


def test_limit_truncates(seed_store: PlanStore) -> None:
    result = seed_store.select_plain(
        PREFIXES + "SELECT ?c WHERE { ?c rdf:type pg:Challenge }", limit=5
    )
    assert len(result) == 5 and result.truncated
    whole = seed_store.select_plain(
        PREFIXES + "SELECT ?c WHERE { ?c rdf:type pg:Challenge }", limit=41
    )
    assert len(whole) == 41 and not whole.truncated


def test_blank_nodes_and_malformed_numbers(empty_store: PlanStore) -> None:
    malformed = (
        b'<https://e.org/a> <https://e.org/n> "not a number"'
        b"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
    )
    data = (
        b"<https://e.org/a> <https://e.org/p> _:b1 .\n"
        b'<https://e.org/a> <https://e.org/d> "2.5"^^<http://www.w3.org/2001/XMLSchema#double> .\n'
    )
    # An ill-typed literal is refused on load (plangraph.safety) ...
    with pytest.raises(UnsafeInputError, match="not a valid xsd:integer"):
        empty_store.load_data(malformed + data, "nt", GRAPH["plain-test"], source="plain.nt")
    empty_store.load_data(data, "nt", GRAPH["plain-test"], source="plain.nt")
    rows = dict(empty_store.select_plain("SELECT ?p ?o WHERE { <https://e.org/a> ?p ?o }").rows)
    blank = rows["https://e.org/p"]
    assert isinstance(blank, str) and blank.startswith("_:") and len(blank) > 2
    assert rows["https://e.org/d"] == 2.5
    # ... but a store filled otherwise may hold one: its plain value stays its text.
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert plain_from_ox(ox.Literal("not a number", datatype=ox.NamedNode(integer))) == (
        "not a number"
    )


def test_refuses_what_is_not_a_select(seed_store: PlanStore) -> None:
    with pytest.raises(QueryInputError, match="SELECT"):
        seed_store.select_plain("ASK { ?s ?p ?o }")
    with pytest.raises(QueryInputError, match="syntax"):
        seed_store.select_plain("SELECT ?s WHERE { ?s ?p }")


def test_lang_string_keeps_its_tag_through_pickling() -> None:
    label = pickle.loads(pickle.dumps(LangString("Tiltak", "nn")))
    assert (label, label.lang) == ("Tiltak", "nn")
    assert label == "Tiltak" and hash(label) == hash("Tiltak")


def test_rows_are_read_by_variable_name(seed_store: PlanStore) -> None:
    # The analyses read a row's values by name: a query may add or reorder columns.
    result = seed_store.select_plain(
        PREFIXES + "SELECT ?label ?m WHERE { ?m rdf:type pg:Measure ; skos:prefLabel ?label } "
        "ORDER BY ?m LIMIT 3"
    )
    assert len(result) == 3
    for row, record in zip(result, result.records(), strict=True):
        assert (row.m, row.label) == (record["m"], record["label"])
        assert row.m.startswith(ID + "measure/") and isinstance(row.label, LangString)
        assert pickle.loads(pickle.dumps(row)) == tuple(row)  # a tuple for whoever pickles it


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _odd_terms_store() -> Any:
    """An embedded store holding terms its TSV answer writes in every way there is: escapes
    and control characters, upper-case language tags, numbers bare and quoted, ill-typed
    numbers (which a load refuses, but a store filled otherwise may hold), other datatypes,
    blank nodes, IRIs with odd characters."""
    from plangraph.store.oxigraph import OxigraphStore

    store = OxigraphStore()
    a = ox.NamedNode("https://e.org/a")
    graph = ox.NamedNode(GRAPH + "odd-terms")
    texts = [
        'quote " back \\ tab \t nl \n cr \r ff \f bs \b',
        "\x00\x01\x1f\x7f \u2028 \u00e6\U0001f600",
        "\\u0041 is not an escape, \\n neither",
        "",
        " ends with a backslash \\",
    ]
    objects: list[Any] = [ox.Literal(t) for t in texts]
    objects += [ox.Literal(t, language="EN-gb") for t in texts[:2]]
    objects += [
        ox.Literal(v, datatype=ox.NamedNode(_XSD + t))
        for v, t in [
            ("007", "integer"),
            ("+3", "integer"),
            ("-5", "integer"),
            ("1.50", "decimal"),
            ("-.5", "decimal"),
            ("1.", "decimal"),
            ("1e-2", "double"),
            ("2.0E3", "double"),
            ("INF", "double"),
            ("NaN", "float"),
            ("12", "int"),
            ("not a number", "integer"),
            ("1.5.5", "decimal"),
            ("tekst", "string"),
            ("2024-01-02", "date"),
        ]
    ]
    objects += [
        ox.Literal("typed", datatype=ox.NamedNode("https://e.org/type")),
        ox.NamedNode("https://e.org/x?q=%C3%A6&y=æ#frag"),
        ox.BlankNode("b1"),
    ]
    for i, o in enumerate(objects):
        store.raw.add(ox.Quad(a, ox.NamedNode(f"https://e.org/p{i}"), o, graph))
        store.raw.add(ox.Quad(ox.BlankNode(f"s{i}"), ox.NamedNode("https://e.org/q"), o, graph))
    return store


def _term_by_term(store: Any, query: str) -> list[tuple[Any, ...]]:
    """The rows as the term objects give them (``plain_from_ox``)."""
    found = store.query_with_dataset(query)
    width = len(found.variables)
    return [tuple(plain_from_ox(s[i]) for i in range(width)) for s in found]


def _typed(rows: list[Any]) -> list[list[tuple[str, type, str | None]]]:
    """Each value's repr (NaN equals itself there), type and language."""
    return [[(repr(v), type(v), getattr(v, "lang", None)) for v in row] for row in rows]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?p ?o WHERE { <https://e.org/a> ?p ?o }",
        "SELECT ?s ?o WHERE { ?s <https://e.org/q> ?o }",
        "SELECT ?o WHERE { ?s <https://e.org/q> ?o }",
        "SELECT ?s ?o ?none WHERE { ?s <https://e.org/q> ?o OPTIONAL { ?s <https://e.org/none> ?none } }",
        "SELECT (COUNT(*) AS ?n) (SUM(1.5) AS ?sum) (AVG(2.0E0) AS ?avg) WHERE { ?s ?p ?o }",
        "SELECT ?o (STRLEN(STR(?o)) AS ?n) WHERE { ?s <https://e.org/q> ?o FILTER(isLiteral(?o)) }",
    ],
)
def test_the_engines_written_answer_gives_the_values_of_its_term_objects(
    query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The embedded store reads a whole answer from the engine's SPARQL TSV text: each value
    # must be exactly what the term object gives (type, text, language), read at once.
    store = _odd_terms_store()
    asked = record_queries(monkeypatch, store, ("_query",))
    found = store.select_plain(query)
    expected = _term_by_term(store, query)
    assert found.rows and _typed(found.rows) == _typed(expected)
    assert found.variables == [v.value for v in store.query_with_dataset(query).variables]
    assert len(asked) == 1  # no second reading: the text was read
    assert [r._fields for r in found.rows[:1]] == [tuple(found.variables)]


@pytest.mark.parametrize(
    ("query", "extra"),
    [
        # A boolean is written ``true`` whether it was "1" or "true"; the term object tells.
        (
            "SELECT ?o WHERE { ?s <https://e.org/bool> ?o }",
            ox.Literal("1", datatype=ox.NamedNode(_XSD + "boolean")),
        ),
        (
            "SELECT ?o WHERE { ?s <https://e.org/bool> ?o }",
            ox.Literal("true", datatype=ox.NamedNode(_XSD + "boolean")),
        ),
        ("SELECT (?o = ?o AS ?same) WHERE { ?s <https://e.org/bool> ?o }", ox.Literal("x")),
        # RDF 1.2: a base direction after the language (``"hei"@nb--ltr``).
        (
            "SELECT ?o WHERE { ?s <https://e.org/bool> ?o }",
            ox.Literal("hei", language="nb", direction=ox.BaseDirection.LTR),
        ),
        # No variables: each row is an empty line of the text.
        ("SELECT * WHERE { ?s <https://e.org/bool> ?o FILTER(false) } ", None),
        ("SELECT * WHERE { }", None),
    ],
)
def test_what_the_written_answer_does_not_tell_is_read_term_by_term(
    query: str, extra: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _odd_terms_store()
    if extra is not None:
        store.raw.add(
            ox.Quad(ox.NamedNode("https://e.org/b"), ox.NamedNode("https://e.org/bool"), extra)
        )
    asked = record_queries(monkeypatch, store, ("_query",))
    found = store.select_plain(query)
    expected = _term_by_term(store, query)
    assert _typed(found.rows) == _typed(expected)
    if query.startswith("SELECT *") and "FILTER" not in query:
        assert found.rows == [()]
    if extra is not None:
        assert len(asked) == 2 and found.rows


def test_a_triple_term_is_refused_as_term_by_term(monkeypatch: pytest.MonkeyPatch) -> None:
    # RDF 1.2 triple terms have no plain value: refused as plain_from_ox refuses them, not
    # read as an IRI from their written form (``<<( <a> <p> "x" )>>``).
    store = _odd_terms_store()
    quoted = ox.Triple(
        ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"), ox.Literal("x")
    )
    store.raw.add(
        ox.Quad(ox.NamedNode("https://e.org/r"), ox.NamedNode("https://e.org/about"), quoted)
    )
    with pytest.raises(TypeError, match="unsupported term"):
        store.select_plain("SELECT ?o WHERE { ?s <https://e.org/about> ?o }")
