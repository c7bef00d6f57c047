"""Read-only SPARQL: what ``inspect_query`` refuses and accepts, and that ``run_query`` never
changes data or dereferences anything, on every backend."""

from __future__ import annotations

import pytest
from rdflib import Graph

from plangraph.errors import QueryInputError, UnsafeInputError
from plangraph.sparql import (
    bind_parameters,
    inspect_query,
    named_query,
    run_named_query,
    run_query,
)
from plangraph.store import PlanStore, SelectResult
from tests.helpers import BACKENDS, open_backend

LINKS = "https://w3id.org/plangraph/graph/links-curated"


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest) -> PlanStore:
    return open_backend(request.param)


UPDATES = [
    "INSERT DATA { <https://e.org/a> <https://e.org/b> <https://e.org/c> }",
    "DELETE DATA { <https://e.org/a> <https://e.org/b> <https://e.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX x: <https://e.org/> INSERT { ?s x:p 1 } WHERE { ?s ?p ?o }",
    "WITH <https://e.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <https://e.org/data.ttl>",
    "LOAD SILENT <https://e.org/data.ttl> INTO GRAPH <https://e.org/g>",
    "CLEAR ALL",
    "clear default",
    "DROP GRAPH <https://e.org/g>",
    "drop all",
    "CREATE GRAPH <https://e.org/g>",
    "ADD <https://e.org/a> TO <https://e.org/b>",
    "MOVE DEFAULT TO <https://e.org/b>",
    "COPY <https://e.org/a> TO DEFAULT",
    "INSERT DATA { <https://e.org/a> <https://e.org/b> 1 } ; DROP ALL",
]


@pytest.mark.parametrize("text", UPDATES)
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(UnsafeInputError, match="updates are not allowed"):
        inspect_query(text)


SERVICES = [
    "SELECT * WHERE { SERVICE <https://e.org/sparql> { ?s ?p ?o } }",
    "select * where { service <https://e.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <https://e.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <https://e.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SeRvIcE <https://e.org/sparql> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <https://e.org/sparql> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <https://e.org/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <https://e.org/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    "ASK { GRAPH ?g { SERVICE <https://e.org/x> { ?s ?p ?o } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <https://e.org/x> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <https://e.org/x> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("text", SERVICES)
def test_service_is_refused_wherever_it_stands(text: str) -> None:
    with pytest.raises(UnsafeInputError, match="SERVICE is not allowed"):
        inspect_query(text)


ACCEPTED = [
    ("SELECT * WHERE { ?s ?p 'SERVICE' }", "SELECT"),
    ("SELECT * WHERE { ?s <https://e.org/SERVICE> ?o }", "SELECT"),
    ('SELECT * WHERE { ?s ?p ?o FILTER (CONTAINS(STR(?o), "service <x> {")) }', "SELECT"),
    ("# SERVICE <https://e.org/x> in a comment\nSELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX service: <https://e.org/> SELECT * WHERE { ?s service:p ?o }", "SELECT"),
    ("SELECT * WHERE { ?s ?p 'INSERT DATA { } DROP ALL LOAD <x>' }", "SELECT"),
    ("ASK { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <https://e.org/a>", "DESCRIBE"),
]


@pytest.mark.parametrize(("text", "kind"), ACCEPTED)
def test_harmless_queries_are_accepted(text: str, kind: str) -> None:
    info = inspect_query(text)
    assert info.kind == kind
    assert info.default_graphs == [] and info.named_graphs == []


def test_from_must_name_held_graphs() -> None:
    text = f"SELECT * FROM <{LINKS}> FROM NAMED <https://e.org/other> WHERE {{ ?s ?p ?o }}"
    with pytest.raises(UnsafeInputError, match=r"https://e\.org/other"):
        inspect_query(text, held_graphs=[LINKS])
    with pytest.raises(UnsafeInputError, match="not held"):
        inspect_query("SELECT * FROM <https://e.org/remote.ttl> WHERE { ?s ?p ?o }")
    info = inspect_query(
        f"PREFIX g: <https://w3id.org/plangraph/graph/> SELECT * FROM g:links-curated "
        f"FROM NAMED <{LINKS}> WHERE {{ ?s ?p ?o }}",
        held_graphs=[LINKS],
    )
    assert info.default_graphs == [LINKS] and info.named_graphs == [LINKS]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("SELECT * WHERE { ?s ?p }", 1, 25),
        ("SELECT *\nWHERE {\n  ?s ?p ?o .\n  FILTER (?o = )\n}", 5, 2),
    ],
)
def test_a_syntax_error_names_line_and_column(text: str, line: int, column: int) -> None:
    # The engine parses (inspect_query only scans tokens): its error names where.
    with pytest.raises(QueryInputError, match=f"line {line}, column {column}"):
        run_query(open_backend("memory"), text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "SELEC * WHERE { ?s ?p ?o }",
        "x" * 200_000,
        "PREFIX x: <https://e.org/>",
        "SELECT * WHERE " + "{ " * 200 + "}" * 200,
    ],
)
def test_empty_garbage_and_huge_texts_are_input_errors(text: str) -> None:
    with pytest.raises(QueryInputError):
        inspect_query(text)


def test_an_undeclared_prefix_is_named() -> None:
    with pytest.raises(QueryInputError, match="PREFIX"):
        inspect_query("SELECT * WHERE { ?s ex:p ?o }")


# -- running ------------------------------------------------------------------------------------


def test_run_query_gives_each_kind_its_result(store: PlanStore) -> None:
    select = run_query(
        store,
        "PREFIX pg: <https://w3id.org/plangraph/ns#> "
        "SELECT ?m WHERE { ?m a pg:Measure } ORDER BY ?m",
        limit=3,
    )
    assert isinstance(select, SelectResult)
    assert len(select.rows) == 3 and select.truncated
    assert run_query(store, "ASK { ?s ?p ?o }") is True
    graph = run_query(
        store,
        "PREFIX pg: <https://w3id.org/plangraph/ns#> "
        "CONSTRUCT { ?m pg:addresses ?c } WHERE { ?m pg:addresses ?c }",
    )
    assert isinstance(graph, Graph) and len(graph) == 21  # data-model.md: 21 pg:addresses


def test_refused_queries_change_nothing(store: PlanStore) -> None:
    before = len(store)
    for text in [*UPDATES, *SERVICES[:3]]:
        with pytest.raises(UnsafeInputError):
            run_query(store, text)
    assert len(store) == before


def test_from_of_a_graph_not_held_is_refused_before_running(store: PlanStore) -> None:
    with pytest.raises(UnsafeInputError):
        run_query(store, "SELECT * FROM <http://127.0.0.1:9/remote.ttl> WHERE { ?s ?p ?o }")


def test_from_of_a_held_graph_reads_the_store_or_is_refused_clearly(store: PlanStore) -> None:
    text = f"SELECT (COUNT(*) AS ?n) FROM <{LINKS}> WHERE {{ ?s ?p ?o }}"
    whole = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS}> {{ ?s ?p ?o }} }}"
    expected = int(run_query(store, whole).rows[0]["n"])  # type: ignore[union-attr]
    if store.backend != "oxigraph":
        # rdflib's engine would load FROM graphs from the web, and a SPARQL server backend is
        # sent the dataset with each query (which overrides FROM): refused, with a way out.
        with pytest.raises(QueryInputError, match="GRAPH"):
            run_query(store, text)
        return
    result = run_query(store, text)
    assert isinstance(result, SelectResult)
    assert int(result.rows[0]["n"]) == expected < len(store)


# -- named queries with parameters ----------------------------------------------------------------


def test_named_query_parameters_are_checked() -> None:
    query = named_query("trace_goal")
    assert [(p.name, p.kind, p.optional) for p in query.parameters] == [("goal", "IRI", False)]
    with pytest.raises(QueryInputError, match="no parameter \\?nope"):
        bind_parameters(query, {"nope": "id:goal/hmn-s2030-1"})
    with pytest.raises(QueryInputError, match="must be an IRI"):
        bind_parameters(query, {"goal": "Befolkningens behov"})
    with pytest.raises(UnsafeInputError):
        bind_parameters(query, {"goal": "<javascript:alert(1)>"})
    with pytest.raises(QueryInputError, match="needs --param goal"):
        bind_parameters(query, {})
    bound = bind_parameters(query, {"goal": "id:goal/hmn-s2030-1"})
    assert str(bound["goal"]) == "https://w3id.org/plangraph/id/goal/hmn-s2030-1"


def test_unknown_named_query_lists_the_names() -> None:
    with pytest.raises(QueryInputError, match=r"known queries: .*uncovered_challenges"):
        named_query("no_such_query")


def test_every_packaged_query_declares_prefixes_and_parses() -> None:
    from plangraph.sparql import named_queries

    for query in named_queries():
        assert query.purpose, query.name
        info = inspect_query(query.text)
        assert info.kind == "SELECT", query.name


def test_run_named_query_binds_on_every_backend(store: PlanStore) -> None:
    rows = run_named_query(
        store, "impact", {"measure": "id:measure/hv-tiltaksplan/helseberedskap"}
    ).rows
    assert {str(r["addressedBy"]).rsplit("/", 1)[1] for r in rows} == {
        "helseberedskap",
        "forsyningssikkerheit",
    }


# -- the scanner: no bypass, no recursion limit, safe from many threads ------------------------

BYPASSES = [
    # A '#' escaped in a prefixed name is no comment: the engine reads SERVICE after it as code.
    "PREFIX ex: <https://e.org/> SELECT * WHERE { ?s ex:a\\#b ?o . SERVICE <https://e.org/x> { ?s ?p ?o } }",
    # A quote escaped in a prefixed name opens no string.
    "PREFIX ex: <https://e.org/> SELECT * WHERE { ?s ex:a\\'b ?o . SERVICE <https://e.org/x> { ?s ?p ?o } } # '",
    # Strings closed before the keyword; long strings with quotes inside.
    "SELECT * WHERE { ?s ?p 'a\\'' . SERVICE <https://e.org/x> { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p """a""b""" . SERVICE <https://e.org/x> { ?s ?p ?o } }',
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<?s) SERVICE<https://e.org/x>{ ?s ?p ?o } }",
    "SELECT * WHERE {\n# comment\nSERVICE <https://e.org/x> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }",
]


@pytest.mark.parametrize("text", BYPASSES)
def test_no_bypass_through_strings_comments_or_escapes(text: str) -> None:
    with pytest.raises(UnsafeInputError):
        inspect_query(text)


def test_big_queries_are_not_refused_for_their_size() -> None:
    store = open_backend("memory")
    patterns = " ".join(f"?s{i} <https://e.org/p{i}> ?o{i} ." for i in range(100))
    text = f"SELECT * WHERE {{ {patterns} }}"
    assert inspect_query(text).kind == "SELECT"
    assert run_query(store, text).rows == []  # type: ignore[union-attr]
    nested = "SELECT * WHERE " + "{ ?s a ?o " * 40 + "}" * 40
    assert inspect_query(nested).kind == "SELECT"
    flat = run_query(store, "SELECT * WHERE { ?s a ?o }")
    assert len(run_query(store, nested).rows) == len(flat.rows) > 0  # type: ignore[union-attr]


def test_inspect_is_safe_from_many_threads_on_first_use() -> None:
    import threading

    texts = [
        f"PREFIX pg: <https://w3id.org/plangraph/ns#> SELECT ?c WHERE {{ GRAPH ?g {{ ?c a "
        f"pg:Challenge }} FILTER NOT EXISTS {{ GRAPH ?h {{ ?m pg:addresses ?c }} }} }} LIMIT {i}"
        for i in range(64)
    ]
    errors: list[BaseException] = []
    barrier = threading.Barrier(16)

    def work(chunk: list[str]) -> None:
        barrier.wait()
        for text in chunk:
            try:
                assert inspect_query(text).kind == "SELECT"
            except BaseException as exc:  # collected and reported below
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(texts[i::16],)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_unknown_rdflib_evaluation_hooks_are_removed() -> None:
    from rdflib.plugins import sparql as rdflib_sparql

    from plangraph.rdflib_guard import guard_rdflib

    called: list[object] = []

    def hook(ctx: object, part: object) -> object:
        called.append(part)
        raise NotImplementedError

    rdflib_sparql.CUSTOM_EVALS["stranger"] = hook
    try:
        assert guard_rdflib() == ["stranger"]
        assert "stranger" not in rdflib_sparql.CUSTOM_EVALS
        open_backend("rdflib:memory").select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        assert called == []
    finally:
        rdflib_sparql.CUSTOM_EVALS.pop("stranger", None)


def test_a_query_text_is_translated_once_per_namespaces(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the guard, rdflib parses a query text once and evaluates that translation for
    each run (pySHACL runs each SPARQL constraint once per focus node): the answers are those
    of each run's bindings, and a graph whose prefixes mean something else gets its own."""
    import uuid

    from rdflib import Graph, Literal, Namespace
    from rdflib.plugins.sparql import processor

    from plangraph.rdflib_guard import guard_rdflib

    guard_rdflib()
    parsed: list[str] = []
    parse = processor.parseQuery  # type: ignore[attr-defined]

    def counted(text: str) -> object:
        parsed.append(text)
        return parse(text)

    monkeypatch.setattr(processor, "parseQuery", counted)
    org, net = Namespace("https://example.org/"), Namespace("https://example.net/")
    here = Graph()
    here.bind("ex", org)
    for i in range(3):
        here.add((org[f"s{i}"], org.p, Literal(i)))
    # Unique in this process: no earlier test has had it translated.
    text = f"SELECT ?o WHERE {{ ?s ex:p ?o }} # {uuid.uuid4()}"
    answers = [
        [row.o for row in here.query(text, initBindings={"s": org[f"s{i}"]})] for i in range(3)
    ]  # type: ignore[union-attr]
    assert answers == [[Literal(0)], [Literal(1)], [Literal(2)]]
    assert parsed == [text]
    there = Graph()
    there.bind("ex", net)
    there.add((net.s, net.p, Literal("net")))
    assert [row.o for row in there.query(text)] == [Literal("net")]  # type: ignore[union-attr]
    assert [row.o for row in here.query(text, initBindings={"s": org.s1})] == [Literal(1)]  # type: ignore[union-attr]
    assert parsed == [text, text]


_RACE = """
import sys, threading
sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race shows at once
from rdflib.plugins.sparql import prepareQuery
from plangraph.rdflib_guard import guard_rdflib
guard_rdflib()
q = ("PREFIX pg: <https://w3id.org/plangraph/ns#> SELECT ?c WHERE { GRAPH ?g { ?c a pg:Challenge }"
     " FILTER NOT EXISTS { GRAPH ?h { ?m pg:addresses ?c } } }")
errors = []
barrier = threading.Barrier(16)
def work():
    barrier.wait()
    for i in range(5):
        try:
            prepareQuery(q + f" LIMIT {i}")
        except Exception as exc:
            errors.append(repr(exc))
threads = [threading.Thread(target=work) for _ in range(16)]
for t in threads:
    t.start()
for t in threads:
    t.join()
prepareQuery(q)
print(len(errors), errors[:1])
"""


@pytest.mark.parametrize("attempt", range(3))
def test_rdflib_parsing_from_many_threads_on_first_use(attempt: int) -> None:
    """rdflib's grammar breaks for good when threads use it first at the same moment (without
    the guard this script fails in most runs: errors, then ``Param.postParse2() missing 1
    required positional argument``); SHACL validation in the server parses that way."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _RACE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[0] == "0", out.stdout


# In an expression the engine reads '<' as less-than, so "<'x>" is no IRI there but the start
# of a string (and '#' the start of a comment): the scanner refuses such texts rather than read
# them differently from the engine (which would run the SERVICE below).
AMBIGUOUS = [
    "SELECT * WHERE { BIND('a' AS ?a) FILTER(?a<'x>') SERVICE <https://e.org/x> { ?s ?p ?o } "
    "FILTER(?a != '') }",
    "SELECT * WHERE { BIND(1 AS ?a) FILTER(?a<?b#>'''\n) SERVICE <https://e.org/x> "
    "{ ?s ?p ?o } FILTER(?a != ''' ') }",
]


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_texts_the_engine_may_read_otherwise_are_refused(text: str) -> None:
    with pytest.raises((UnsafeInputError, QueryInputError)):
        inspect_query(text)
