"""Read-only SPARQL from users: inspect a query before it runs, then run it on the store.

``inspect_query`` parses the text with rdflib's SPARQL parser (parsing only: nothing is
evaluated) and refuses what plangraph never runs for a user:

- an update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY): ``UnsafeInputError``;
- ``SERVICE`` anywhere, also nested in subqueries, OPTIONAL, UNION, MINUS or EXISTS: it would
  make the engine call another server (``UnsafeInputError``);
- ``FROM`` / ``FROM NAMED`` naming a graph the store does not hold: rdflib's engine would fetch
  it over the network (``UnsafeInputError``).

The check walks the parse tree, so the word "SERVICE" inside a string or an IRI is no SERVICE
clause, and ``service`` in lower case is one. A query that does not parse raises
``QueryInputError`` with the line and column.

``run_query`` inspects first and only then runs the query. Nothing is ever dereferenced: on the
embedded Oxigraph store ``FROM`` / ``FROM NAMED`` of held graphs are read from the store; on the
rdflib backend (whose engine would load them from the web) and on a SPARQL server backend (which
is sent the dataset with every query) ``FROM`` is refused with a message that says to use
``GRAPH`` instead.

>>> inspect_query("SELECT * WHERE { ?s ?p 'SERVICE' }").kind
'SELECT'
>>> inspect_query("DROP ALL")
Traceback (most recent call last):
...
plangraph.errors.UnsafeInputError: updates are not allowed: this endpoint is read-only (the text is a SPARQL update)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from plangraph import resources
from plangraph.errors import QueryInputError, UnsafeInputError
from plangraph.store import PlanStore, SelectResult
from plangraph.terms import from_ox, parse_iri
from plangraph.vocab import PREFIXES, XSD

__all__ = [
    "PARAMETER_KINDS",
    "QUERY_KINDS",
    "NamedQuery",
    "QueryInfo",
    "QueryParameter",
    "bind_parameters",
    "inspect_query",
    "named_queries",
    "named_query",
    "run_named_query",
    "run_query",
]

QUERY_KINDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
"""The kinds of query ``run_query`` runs."""

_KIND_OF = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}

MAX_QUERY_CHARS = 100_000
"""Longer query texts are refused before parsing (the parser's time grows with the text)."""


@dataclass(frozen=True)
class QueryInfo:
    """What a read-only query is: its kind and the graphs its FROM / FROM NAMED clauses name."""

    kind: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)

    @property
    def has_dataset(self) -> bool:
        """Whether the query names its own dataset (FROM or FROM NAMED)."""
        return bool(self.default_graphs or self.named_graphs)


def _syntax_error(exc: ParseBaseException) -> QueryInputError:
    # pyparsing names the grammar rule it expected ("Expected SelectQuery"), which helps no
    # one; the position and the text there do.
    line = exc.line.strip()
    near = exc.line[exc.col - 1 :].strip() if exc.col >= 1 else line
    if len(near) > 40:
        near = near[:40] + " ..."
    where = f"near {near!r}" if near else "at the end of the line"
    return QueryInputError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {where}")


def _has_service(tree: Any) -> bool:
    """Whether a SERVICE clause stands anywhere in the parse tree."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple) or hasattr(item, "asList"):
            stack.extend(list(item))
    return False


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except ParseBaseException:
        return False
    except Exception:  # a malformed update the parser gives up on in another way
        return False
    return True


def inspect_query(text: str, *, held_graphs: Collection[str] = ()) -> QueryInfo:
    """Parse ``text`` as a read-only query and check it is safe to run; nothing is evaluated.

    Raises ``UnsafeInputError`` for an update, a SERVICE clause, or a FROM / FROM NAMED graph
    not in ``held_graphs``; ``QueryInputError`` for a query that does not parse (with line and
    column) or uses an undeclared prefix.

    >>> info = inspect_query("SELECT * FROM <https://e.org/g> WHERE { ?s ?p ?o }", held_graphs=["https://e.org/g"])
    >>> info.kind, info.default_graphs
    ('SELECT', ['https://e.org/g'])
    """
    if not isinstance(text, str) or not text.strip():
        raise QueryInputError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryInputError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        if _is_update(text):
            raise UnsafeInputError(
                "updates are not allowed: this endpoint is read-only (the text is a SPARQL update)"
            ) from None
        raise _syntax_error(exc) from None
    except Exception as exc:  # rdflib raises plain exceptions for a few malformed tokens
        raise QueryInputError(f"SPARQL syntax error: {exc}") from None
    if _has_service(tree):
        raise UnsafeInputError(
            "SERVICE is not allowed: plangraph does not query other servers on a user's behalf"
        )
    try:
        translated = translateQuery(tree)
    except Exception as exc:  # unknown prefix, bad projection and the like
        message = str(exc)
        if message.startswith("Unknown namespace prefix"):
            message = f"the query uses a prefix it does not declare ({message}); add a PREFIX line"
        raise QueryInputError(f"SPARQL error: {message}") from None
    kind = _KIND_OF.get(tree[1].name)
    if kind is None:  # pragma: no cover - the grammar allows only the four kinds
        raise QueryInputError(f"unsupported query form {tree[1].name}")
    default_graphs: list[str] = []
    named_graphs: list[str] = []
    for clause in translated.algebra.get("datasetClause") or []:
        if "default" in clause:
            default_graphs.append(str(clause["default"]))
        if "named" in clause:
            named_graphs.append(str(clause["named"]))
    held = {str(g) for g in held_graphs}
    missing = [g for g in [*default_graphs, *named_graphs] if g not in held]
    if missing:
        raise UnsafeInputError(
            "FROM / FROM NAMED may name only graphs the store holds (nothing is fetched); "
            f"not held: {', '.join(f'<{g}>' for g in missing)}"
        )
    return QueryInfo(kind, default_graphs, named_graphs)


def run_query(
    store: PlanStore, text: str, *, limit: int | None = None
) -> SelectResult | bool | Graph:
    """Inspect ``text`` (see ``inspect_query``), then run it on ``store``.

    SELECT gives a ``SelectResult`` (at most ``limit`` rows, ``truncated`` set when more were
    found), ASK a ``bool``, CONSTRUCT and DESCRIBE an rdflib ``Graph``. No backend dereferences
    anything: FROM / FROM NAMED must name graphs the store holds, and only the embedded Oxigraph
    backend runs them (the others refuse them with a message).
    """
    info = inspect_query(text, held_graphs=[str(g) for g in store.graph_names()])
    if info.has_dataset:
        if store.backend == "oxigraph":
            return _run_with_dataset(store, text, info, limit)
        # rdflib's engine would load FROM graphs from the web; a SPARQL server is sent the
        # store's graphs as default-graph-uri, which overrides FROM. Refuse rather than ignore.
        reason = (
            "its engine would load the graphs from the web"
            if store.backend == "rdflib"
            else "the store names the dataset for every query"
        )
        raise QueryInputError(
            f"FROM / FROM NAMED is not supported on the {store.backend} backend ({reason}); "
            "use GRAPH <name> { ... } in the WHERE clause instead"
        )
    if info.kind == "SELECT":
        return store.select(text, limit=limit)
    if info.kind == "ASK":
        return store.ask(text)
    return store.construct(text)


def _run_with_dataset(
    store: PlanStore, text: str, info: QueryInfo, limit: int | None
) -> SelectResult | bool | Graph:
    """Run on Oxigraph with the query's own dataset (held graphs only, read from the store)."""
    raw: ox.Store = store.raw  # type: ignore[attr-defined]
    try:
        # Without the union flag Oxigraph takes the dataset from FROM / FROM NAMED.
        result = raw.query(text)
    except SyntaxError as exc:
        raise QueryInputError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
    cache: dict[str, URIRef] = {}
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        graph.addN(
            (
                from_ox(t.subject, cache),
                from_ox(t.predicate, cache),
                from_ox(t.object, cache),
                graph,
            )
            for t in result
        )
        return graph
    assert isinstance(result, ox.QuerySolutions)
    variables = [v.value for v in result.variables]
    out = SelectResult(variables)
    for solution in result:
        if limit is not None and len(out.rows) >= limit:
            out.truncated = True
            break
        out.rows.append(
            {
                name: None if solution[name] is None else from_ox(solution[name], cache)
                for name in variables
            }
        )
    return out


# -- packaged (named) queries with parameters given as text -----------------------------------

_PARAMETER = re.compile(r"\?(\w+)\s*\(([^)]*)\)")
PARAMETER_KINDS = ("IRI", "string", "integer", "decimal", "boolean", "date", "literal")
"""The kinds a packaged query's header may declare for a parameter."""


@dataclass(frozen=True)
class QueryParameter:
    """A parameter a packaged query declares in its header: ``# Parameters: ?name (KIND)``."""

    name: str
    kind: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A packaged query: its name, the purpose and parameters from its header, its text."""

    name: str
    purpose: str
    parameters: tuple[QueryParameter, ...]
    columns: str
    text: str


def _header_field(lines: list[str], key: str) -> str:
    """The text of ``# Key: ...`` in a query header, continuation lines (``#   ...``) joined."""
    found: list[str] = []
    inside = False
    for line in lines:
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.lower().startswith(f"{key.lower()}:"):
            found.append(body[len(key) + 1 :].strip())
            inside = True
        elif inside and line.startswith("#  "):
            found.append(body)
        else:
            inside = False
    return " ".join(found)


def named_query(name: str) -> NamedQuery:
    """The packaged query ``name`` with its header read; an unknown name lists the known ones."""
    text = resources.query_text(name)
    lines = text.splitlines()
    declared = _header_field(lines, "Parameters")
    parameters: list[QueryParameter] = []
    for match in _PARAMETER.finditer(declared):
        words = [w.strip() for w in match.group(2).split(",")]
        kind = next((k for k in PARAMETER_KINDS if words and words[0].lower() == k.lower()), None)
        if kind is None:
            raise QueryInputError(
                f"query {name!r} declares parameter ?{match.group(1)} of unknown kind "
                f"{match.group(2)!r}"
            )
        parameters.append(QueryParameter(match.group(1), kind, "optional" in words[1:]))
    return NamedQuery(
        name,
        _header_field(lines, "Purpose"),
        tuple(parameters),
        _header_field(lines, "Columns"),
        text,
    )


def named_queries() -> list[NamedQuery]:
    """Every packaged query, by name."""
    return [named_query(n) for n in resources.query_names()]


_DATATYPES = {
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "boolean": XSD.boolean,
    "date": XSD.date,
}


def _parameter_value(parameter: QueryParameter, value: str) -> Node:
    text = value.strip()
    if parameter.kind == "IRI":
        if text.startswith("<") and text.endswith(">"):
            return parse_iri(text)
        prefix, sep, rest = text.partition(":")
        if sep and prefix in PREFIXES and not rest.startswith("//"):
            return URIRef(PREFIXES[prefix] + rest)
        try:
            return parse_iri(text)
        except UnsafeInputError as exc:
            raise QueryInputError(
                f"parameter ?{parameter.name} must be an IRI (<https://...> or a prefixed name "
                f"like id:org/helse-vest): {exc}"
            ) from None
    if parameter.kind in ("string", "literal"):
        return Literal(value)
    datatype = _DATATYPES[parameter.kind]
    literal = Literal(text, datatype=datatype)
    if literal.ill_typed or literal.value is None:
        raise QueryInputError(
            f"parameter ?{parameter.name} must be a literal of kind {parameter.kind}, got {value!r}"
        )
    return literal


def bind_parameters(query: NamedQuery, params: Mapping[str, str]) -> dict[str, Node]:
    """Check ``params`` (name -> text) against what ``query`` declares and turn them into terms.

    A parameter the query does not declare, or a value of the wrong kind, raises
    ``QueryInputError``; nothing is run. A required parameter left out is an error too.
    """
    declared = {p.name: p for p in query.parameters}
    bindings: dict[str, Node] = {}
    for name, value in params.items():
        key = name.lstrip("?$")
        parameter = declared.get(key)
        if parameter is None:
            known = ", ".join(f"?{p}" for p in declared) or "none"
            raise QueryInputError(
                f"query {query.name!r} has no parameter ?{key}; its parameters: {known}"
            )
        bindings[key] = _parameter_value(parameter, value)
    missing = [p.name for p in query.parameters if not p.optional and p.name not in bindings]
    if missing:
        raise QueryInputError(
            f"query {query.name!r} needs " + ", ".join(f"--param {m}=..." for m in missing)
        )
    return bindings


def run_named_query(
    store: PlanStore,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    limit: int | None = None,
) -> SelectResult:
    """Run the packaged SELECT query ``name`` with ``params`` checked and bound (never formatted
    into the text)."""
    query = named_query(name)
    return store.select(query.text, bind_parameters(query, params or {}), limit=limit)
