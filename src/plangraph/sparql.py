"""Read-only SPARQL from users: inspect a query before it runs, then run it on the store.

``inspect_query`` reads the text in one pass over its tokens (no recursive parser, nothing
evaluated, safe from many threads at once) and refuses what plangraph never runs for a user:

- an update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY): ``UnsafeInputError``;
- ``SERVICE`` anywhere, also nested in subqueries, OPTIONAL, UNION, MINUS or EXISTS: it would
  make the engine call another server (``UnsafeInputError``);
- ``FROM`` / ``FROM NAMED`` naming a graph the store does not hold: rdflib's engine would fetch
  it over the network (``UnsafeInputError``).

Strings, IRIs, comments and prefixed names are whole tokens, so the word "SERVICE" inside
them is no SERVICE clause, and ``service`` in lower case is one. The engine parses the query
when it runs it; a query that does not parse raises ``QueryInputError`` with the line and
column.

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
from urllib.parse import urljoin

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from plangraph import resources
from plangraph.errors import QueryInputError, UnsafeInputError
from plangraph.store import PlanStore, SelectResult, SparqlAnswer
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

UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
"""Words that open a SPARQL update (after the prologue)."""

MAX_QUERY_CHARS = 100_000
"""Longer query texts are refused before any parser sees them."""

MAX_NESTING = 128
"""Deeper nesting of ``{ ( [`` is refused before any parser sees it (the engine's time grows
steeply with depth: 100 nested groups take ~0.5 s to plan, 200 take ~10 s)."""


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


# -- the scanner: SPARQL 1.1's terminals, matched in one pass, without recursion --------------
#
# Strings, IRIs and comments are whole tokens, so a word inside them is no keyword; a prefixed
# name (with its backslash escapes, e.g. ``ex:a\#b``) is one token, so neither ``ex:SERVICE``
# nor a ``#`` inside a local name is taken for a keyword or a comment. Everything the check
# refuses (SERVICE, FROM, an update) stands outside strings, IRIs and comments in the grammar,
# so what this scanner reads as code the engine reads as code too.

_NAME_CHAR = "\\w\u00b7\u0300-\u036f\u203f\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%]"
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<string>'{3}(?:(?:'|'')?(?:[^'\\]|\\.))*'{3}
        |"{3}(?:(?:"|"")?(?:[^"\\]|\\.))*"{3}
        |'(?:[^'\\\n\r]|\\.)*'
        |"(?:[^"\\\n\r]|\\.)*")
    | (?P<var>[?$][NAME]+)
    | (?P<bnode>_:[NAME](?:[NAME.\-]*[NAME\-])?)
    | (?P<pname>(?:[^\W\d_](?:[NAME.\-]*[NAME\-])?)?:
        (?:(?:[NAME:\-]|PLX)(?:(?:[NAME:.\-]|PLX)*(?:[NAME:\-]|PLX))?)?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
    | (?P<other>.)
    """.replace("NAME", _NAME_CHAR).replace("PLX", _PLX),
    re.VERBOSE | re.DOTALL,
)
_OPEN = frozenset("{([")
_CLOSE = frozenset("})]")

Token = tuple[str, str, int]
"""``(kind, text, offset)``."""


def _tokens(text: str) -> list[Token]:
    """Every token but whitespace and comments."""
    out: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        out.append((kind, match.group(), match.start()))
    return out


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _iri_of(token: Token, prefixes: Mapping[str, str], base: str | None) -> str:
    kind, value, _offset = token
    if kind == "pname":
        prefix, _sep, local = value.partition(":")
        return prefixes.get(prefix, "") + re.sub(r"\\(.)", r"\1", local)
    iri = value[1:-1]
    if base and not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri):
        return urljoin(base, iri)
    return iri


def _prologue(tokens: list[Token]) -> tuple[int, dict[str, str], str | None]:
    """Where the prologue (BASE and PREFIX lines) ends, the prefixes and the base it declares."""
    prefixes: dict[str, str] = {}
    base: str | None = None
    index = 0
    while index < len(tokens):
        kind, value, _offset = tokens[index]
        word = value.upper() if kind == "word" else ""
        if word == "BASE" and index + 1 < len(tokens) and tokens[index + 1][0] == "iri":
            base = _iri_of(tokens[index + 1], prefixes, base)
            index += 2
        elif (
            word == "PREFIX"
            and index + 2 < len(tokens)
            and tokens[index + 1][0] == "pname"
            and tokens[index + 1][1].endswith(":")
            and tokens[index + 2][0] == "iri"
        ):
            prefixes[tokens[index + 1][1][:-1]] = _iri_of(tokens[index + 2], prefixes, base)
            index += 3
        else:
            break
    return index, prefixes, base


_AMBIGUOUS = (
    "in an expression the engine may read '<' as less-than, and then a quote or '#' inside "
    "the IRI as the start of a string or a comment; such texts are refused rather than guessed"
)
_UPDATE_REFUSED = (
    "updates are not allowed: this endpoint is read-only (the text is a SPARQL update)"
)
_SERVICE_REFUSED = (
    "SERVICE is not allowed: plangraph does not query other servers on a user's behalf"
)


def inspect_query(text: str, *, held_graphs: Collection[str] = ()) -> QueryInfo:
    """Check ``text`` is a read-only query that is safe to run. Nothing is evaluated, no
    recursive parser runs, and it is safe to call from many threads at once.

    Raises ``UnsafeInputError`` for an update, a SERVICE clause, or a FROM / FROM NAMED graph
    not in ``held_graphs``; ``QueryInputError`` for an empty or oversized text, nesting deeper
    than ``MAX_NESTING``, no query form, or an undeclared prefix. Other syntax errors are the
    engine's to find when it runs the query (``run_query`` names the line and column).

    >>> info = inspect_query("SELECT * FROM <https://e.org/g> WHERE { ?s ?p ?o }", held_graphs=["https://e.org/g"])
    >>> info.kind, info.default_graphs
    ('SELECT', ['https://e.org/g'])
    """
    if not isinstance(text, str) or not text.strip():
        raise QueryInputError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryInputError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    tokens = _tokens(text)
    start, prefixes, base = _prologue(tokens)
    if start >= len(tokens):
        raise QueryInputError("SPARQL syntax error: no query after the prologue")
    kind, value, offset = tokens[start]
    first = value.upper() if kind == "word" else ""
    if first in UPDATE_WORDS:
        raise UnsafeInputError(_UPDATE_REFUSED)
    if first not in QUERY_KINDS:
        raise QueryInputError(
            f"SPARQL syntax error at {_position(text, offset)}: expected SELECT, ASK, "
            f"CONSTRUCT or DESCRIBE, found {value[:40]!r}"
        )
    default_graphs: list[str] = []
    named_graphs: list[str] = []
    depth = 0
    comment_may_end = -1  # see _AMBIGUOUS
    for index in range(len(tokens)):
        kind, value, offset = tokens[index]
        if kind == "iri":
            if "'" in value:
                raise QueryInputError(
                    f"an IRI with an apostrophe at {_position(text, offset)}: write it as %27 "
                    f"({_AMBIGUOUS})"
                )
            if "#" in value:
                line_end = min(
                    (p for p in (text.find("\n", offset), text.find("\r", offset)) if p >= 0),
                    default=len(text),
                )
                comment_may_end = max(comment_may_end, line_end)
        elif kind == "string" and value[:3] in ("'''", '"""') and offset < comment_may_end:
            raise QueryInputError(
                f"a long string at {_position(text, offset)} on the line of an IRI with '#': "
                f"start it on the next line ({_AMBIGUOUS})"
            )
        if index < start:
            continue
        if kind == "other":
            if value in _OPEN:
                depth += 1
                if depth > MAX_NESTING:
                    raise QueryInputError(
                        f"the query nests brackets deeper than {MAX_NESTING} levels "
                        f"(at {_position(text, offset)})"
                    )
            elif value in _CLOSE:
                depth -= 1
        elif kind == "pname":
            prefix = value.partition(":")[0]
            if prefix not in prefixes:
                raise QueryInputError(
                    f"the query uses a prefix it does not declare ({prefix}: at "
                    f"{_position(text, offset)}); add a PREFIX line"
                )
        elif kind == "word":
            word = value.upper()
            if word == "SERVICE":
                raise UnsafeInputError(_SERVICE_REFUSED)
            if word in UPDATE_WORDS and tokens[index - 1][1] == ";":
                raise UnsafeInputError(_UPDATE_REFUSED)
            if word == "FROM":
                following = tokens[index + 1 : index + 3]
                named = bool(following) and following[0][1].upper() == "NAMED"
                target = following[1:2] if named else following[:1]
                if target and target[0][0] in ("iri", "pname"):
                    iri = _iri_of(target[0], prefixes, base)
                    (named_graphs if named else default_graphs).append(iri)
    held = {str(g) for g in held_graphs}
    missing = [g for g in [*default_graphs, *named_graphs] if g not in held]
    if missing:
        raise UnsafeInputError(
            "FROM / FROM NAMED may name only graphs the store holds (nothing is fetched); "
            f"not held: {', '.join(f'<{g}>' for g in missing)}"
        )
    return QueryInfo(first, default_graphs, named_graphs)


def run_query(
    store: PlanStore, text: str, *, limit: int | None = None
) -> SelectResult | bool | Graph:
    """Inspect ``text`` (see ``inspect_query``), then run it on ``store``.

    SELECT gives a ``SelectResult`` (at most ``limit`` rows, ``truncated`` set when more were
    found), ASK a ``bool``, CONSTRUCT and DESCRIBE an rdflib ``Graph``. No backend dereferences
    anything: FROM / FROM NAMED must name graphs the store holds, and only a store that can
    choose its dataset (the embedded Oxigraph) runs them; the others refuse them with a message
    that says to use ``GRAPH`` instead. A syntax error names its line and column.
    """
    info = inspect_query(text, held_graphs=[str(g) for g in store.graph_names()])
    if info.has_dataset:
        if not store.chooses_dataset:
            raise QueryInputError(
                f"FROM / FROM NAMED is not supported on the {store.backend} backend (nothing is "
                "fetched, and this store cannot choose graphs for a query); use GRAPH <name> "
                "{ ... } in the WHERE clause instead"
            )
        return _from_answer(store.answer(text, info.kind, limit=limit, from_query=True), limit)
    if info.kind == "SELECT":
        return store.select(text, limit=limit)
    if info.kind == "ASK":
        return store.ask(text)
    return store.construct(text)


def _from_answer(answer: SparqlAnswer, limit: int | None) -> SelectResult | bool | Graph:
    """A ``SparqlAnswer`` (pyoxigraph terms) as ``run_query`` gives results (rdflib terms)."""
    cache: dict[str, URIRef] = {}
    if answer.boolean is not None:
        return answer.boolean
    if answer.rows is None:
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
            for t in answer.triples or ()
        )
        return graph
    out = SelectResult(answer.variables)
    for row in answer.rows:
        if limit is not None and len(out.rows) >= limit:
            out.truncated = True
            break
        out.rows.append(
            {
                name: None if term is None else from_ox(term, cache)
                for name, term in zip(answer.variables, row, strict=True)
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
