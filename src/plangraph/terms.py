"""RDF terms at plangraph's boundaries: checking IRIs, converting between pyoxigraph and rdflib.

Much of plangraph speaks rdflib terms (``URIRef``, ``Literal``, ``BNode``); the embedded
engine is pyoxigraph; the analyses read plain values (``PlainResult``). Conversion happens here
and only here (the rdflib half in ``terms_rdflib``, given here by name).
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from plangraph.errors import UnsafeInputError
from plangraph.namespaces import PREFIXES, XSD_NS

if TYPE_CHECKING:
    from rdflib import URIRef

    from plangraph.terms_rdflib import from_ox, plain_from_rdflib, to_ox

# rdflib (~0.15 s to import) loads only where rdflib terms are made or read: ``parse_iri`` and
# ``parse_name`` import it when called, and ``from_ox``, ``to_ox`` and ``plain_from_rdflib``
# live in ``plangraph.terms_rdflib``, loaded on first use of the name here (``__getattr__``), so
# that the commands reading plain values from pyoxigraph never import it.

__all__ = [
    "ALLOWED_IRI_SCHEMES",
    "LangString",
    "PlainResult",
    "PlainRow",
    "TsvUnread",
    "check_iri",
    "from_ox",
    "parse_iri",
    "parse_name",
    "plain_from_json",
    "plain_from_ox",
    "plain_from_rdflib",
    "plain_from_tsv",
    "plain_rows_from_tsv",
    "plain_tsv_columns",
    "to_ox",
    "tsv_lines",
]

ALLOWED_IRI_SCHEMES = frozenset({"http", "https", "urn", "mailto", "tag"})
"""IRIs in plan data must use one of these schemes. ``javascript:``, ``data:``, ``file:`` and the
like are refused on load: labels and IRIs end up in web pages and links."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
IRI_FORBIDDEN_CHARS = r'\x00-\x20<>"{}|\\^`\x7f'
"""Characters RFC 3987 does not allow in an IRI at all (a regular-expression class body)."""
_FORBIDDEN = re.compile(f"[{IRI_FORBIDDEN_CHARS}]")


def check_iri(value: str) -> str:
    """Return ``value`` if it is an absolute IRI plangraph accepts, else raise.

    >>> check_iri("https://w3id.org/plangraph/id/org/helse-vest")
    'https://w3id.org/plangraph/id/org/helse-vest'
    >>> check_iri("javascript:alert(1)")
    Traceback (most recent call last):
    ...
    plangraph.errors.UnsafeInputError: IRI scheme 'javascript' is not allowed ...
    """
    match = _SCHEME.match(value)
    if not match:
        raise UnsafeInputError(f"not an absolute IRI: {value!r}")
    scheme = match.group(1).lower()
    if scheme not in ALLOWED_IRI_SCHEMES:
        raise UnsafeInputError(
            f"IRI scheme {scheme!r} is not allowed in {value!r}; allowed schemes: "
            + ", ".join(sorted(ALLOWED_IRI_SCHEMES))
        )
    bad = _FORBIDDEN.search(value)
    if bad:
        raise UnsafeInputError(
            f"IRI {value!r} holds a character not allowed in IRIs: {bad.group()!r}"
        )
    return value


def parse_iri(value: str) -> URIRef:
    """A checked ``URIRef`` from user input (``<...>`` brackets are accepted)."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    from rdflib import URIRef

    return URIRef(check_iri(text))


def parse_name(text: str) -> URIRef | None:
    """The IRI a user wrote, checked; ``None`` when ``text`` is not written as an IRI (a label).

    Written as an IRI: ``<IRI>``, ``prefix:name`` with one of plangraph's prefixes (``id:``,
    ``pg:``, ``skos:``, ...), or an absolute IRI. A label is anything else: text with a space in
    it, or without a ``scheme:`` in front. This is the one parser of names for the CLI, the API,
    the analyses and the query parameters (``nodes.find_node`` adds labels and the store).

    >>> parse_name("id:org/helse-vest")
    rdflib.term.URIRef('https://w3id.org/plangraph/id/org/helse-vest')
    >>> parse_name("<https://w3id.org/plangraph/ns#Measure>")
    rdflib.term.URIRef('https://w3id.org/plangraph/ns#Measure')
    >>> parse_name("Helse Vest RHF") is None
    True
    >>> parse_name("pg:a>b")
    Traceback (most recent call last):
    ...
    plangraph.errors.UnsafeInputError: IRI 'https://w3id.org/plangraph/ns#a>b' holds a character not allowed in IRIs: '>'
    """
    from rdflib import URIRef

    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(check_iri(text[1:-1].strip()))
    if not text or any(c.isspace() for c in text) or not _SCHEME.match(text):
        return None
    prefix, _sep, rest = text.partition(":")
    if prefix in PREFIXES and not rest.startswith("//"):
        return URIRef(check_iri(str(PREFIXES[prefix]) + rest))
    return URIRef(check_iri(text))  # refuses javascript:, file: and the like


# -- plain values ---------------------------------------------------------------------------------
#
# Analyses read tens of thousands of rows; building an rdflib ``Literal`` costs far more than the
# query (performance notes). Plain values carry what they need: an IRI as its string, a literal as
# its lexical form (a ``LangString`` when it has a language tag), a number as ``int``/``float``.


class LangString(str):
    """A language-tagged literal as plain data: the text, with its tag in ``lang``.

    Compares and hashes as its text (the tag is not part of equality).

    >>> label = LangString("Tiltak", "nn")
    >>> (str(label), label.lang, label == "Tiltak")
    ('Tiltak', 'nn', True)
    """

    __slots__ = ("lang",)
    lang: str

    def __new__(cls, text: str, lang: str) -> LangString:
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj

    def __repr__(self) -> str:
        return f"LangString({str(self)!r}, {self.lang!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (LangString, (str(self), self.lang))


_XSD = XSD_NS
_INTEGER_TYPES = frozenset(
    _XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOAT_TYPES = frozenset(_XSD + t for t in ("decimal", "double", "float"))


def _plain_literal(text: str, lang: str | None, datatype: str | None) -> Any:
    """The plain value of a literal from its parts; a malformed number stays its text."""
    if lang:
        return LangString(text, lang.lower())
    if datatype in _INTEGER_TYPES:
        try:
            return int(text)
        except ValueError:
            return text
    if datatype in _FLOAT_TYPES:
        try:
            return float(text)
        except ValueError:
            return text
    return text


if TYPE_CHECKING:

    class PlainRow(tuple[Any, ...]):
        """A row of a ``PlainResult``: a tuple whose values are read by variable name
        (``row.challenge``), never by position."""

        def __getattr__(self, name: str) -> Any: ...

else:
    PlainRow = tuple


@lru_cache(maxsize=1024)
def _row_type(variables: tuple[str, ...]) -> Callable[[Iterable[Any]], PlainRow]:
    """The row maker of a query's variables: a named tuple (a variable that is no Python name,
    ``?class``, and one named like a tuple method, ``?count``, are read with
    ``PlainResult.records``)."""
    make_class: Any = namedtuple  # its fields are known only at run time
    row_class = make_class("PlainRow", variables, rename=True)
    row_class.__reduce__ = _reduce_row  # pickled as the plain tuple it is
    return row_class._make  # type: ignore[no-any-return]


def _reduce_row(row: tuple[Any, ...]) -> tuple[type, tuple[tuple[Any, ...]]]:
    return tuple, (tuple(row),)


@dataclass
class PlainResult:
    """Rows of a SELECT query as plain Python values, one row per solution.

    A row is a named tuple in ``variables`` order: read its values by name (``row.challenge``),
    not by position, so that a query may add or reorder its columns.

    Values: an IRI as ``str``; a literal as its lexical form (``str``), a ``LangString`` when it
    has a language tag, an ``int`` or ``float`` for the XSD numeric datatypes; a blank node as
    ``"_:id"``; an unbound variable as ``None``. Every backend gives the same values.

    >>> result = PlainResult(["plan", "count"])
    >>> result.rows.append(result.row(["https://example.org/plan/a", 3]))
    >>> [(r.plan, r.count) for r in result]
    [('https://example.org/plan/a', 3)]
    """

    variables: list[str]
    rows: list[PlainRow] = field(default_factory=list)
    truncated: bool = False

    @property
    def row(self) -> Callable[[Iterable[Any]], PlainRow]:
        """Makes a row of this result from its values in ``variables`` order."""
        return _row_type(tuple(self.variables))

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[PlainRow]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts of variable name to value."""
        names = self.variables
        return [dict(zip(names, row, strict=True)) for row in self.rows]


def plain_from_ox(term: Any) -> Any:
    """The plain value of a pyoxigraph term (``None`` stays ``None``)."""
    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value
    if kind is ox.Literal:
        language = term.language
        if language:
            return LangString(term.value, language.lower())
        return _plain_literal(term.value, None, term.datatype.value)
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    raise TypeError(f"unsupported term {term!r}")


def plain_from_json(value: dict[str, str] | None) -> Any:
    """The plain value of a SPARQL 1.1 JSON results term (``None`` stays ``None``)."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return value["value"]
    if kind == "bnode":
        return f"_:{value['value']}"
    if kind in ("literal", "typed-literal"):
        return _plain_literal(value["value"], value.get("xml:lang"), value.get("datatype"))
    raise TypeError(f"unsupported term {value!r}")


# -- plain values from the engine's TSV answer ---------------------------------------------------
#
# pyoxigraph writes a query's whole answer as SPARQL TSV results in one call without Python's
# lock (``QuerySolutions.serialize``); reading a row object per answer instead takes the lock
# back at every row (each waiting for the threads that hold it) and makes a Python object per
# term (~5 µs a term at 1M triples). The readers below give from that text exactly the values
# ``plain_from_ox`` gives from the term objects; a term written in a way they do not read raises
# ``TsvUnread``, and the caller reads the answer again the object way.


class TsvUnread(Exception):
    """A term of a TSV answer written in a way ``plain_from_tsv`` does not read (a boolean, an
    RDF 1.2 triple term or base direction, an unknown escape)."""


_BARE_INTEGER = re.compile(r"[+-]?[0-9]+")
_BARE_NUMBER = re.compile(r"[+-]?([0-9]*\.[0-9]+|([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+)")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) > 1:
        return chr(int(code[1:], 16))
    found = _ESCAPED.get(code)
    if found is None:
        raise TsvUnread(code)
    return found


def plain_from_tsv(token: str) -> Any:
    """The plain value (``plain_from_ox``'s) of one term as Oxigraph writes it in TSV results:
    ``<iri>``, ``_:id``, a literal as in N-Triples (``"text"``, ``"text"@lang``,
    ``"text"^^<datatype>``, escapes as ``\\"``, ``\\n``, ``\\u0009``), a number in Turtle's
    short form (``-5``, ``1.5``, ``2.0E3``), nothing for an unbound value. A boolean (``true``
    is also how ``"1"`` is written) or a triple term raises ``TsvUnread``.

    >>> plain_from_tsv('"Tiltak"@NN'), plain_from_tsv("-5"), plain_from_tsv("_:b1")
    (LangString('Tiltak', 'nn'), -5, '_:b1')
    >>> plain_from_tsv('"a\\\\tb"^^<http://example.org/t>')
    'a\\tb'
    >>> plain_from_tsv('"a"@'), type(plain_from_tsv('"a"@en-GB')).__name__  # no tag: a text
    ('a', 'LangString')
    """
    if not token:
        return None
    first = token[0]
    if first == "<":
        if token[1:2] == "<" or token[-1] != ">":
            raise TsvUnread(token)  # a triple term
        return token[1:-1]
    if first == '"':
        end = token.rindex('"')
        text = token[1:end]
        if "\\" in text:
            text = _ESCAPE.sub(_unescape, text)
        rest = token[end + 1 :]
        if not rest:
            return text
        if rest[0] == "@" and "--" not in rest:  # a language, not a base direction
            return _plain_literal(text, rest[1:], None)
        if rest.startswith("^^<") and rest[-1] == ">":
            return _plain_literal(text, None, rest[3:-1])
        raise TsvUnread(token)
    if token.startswith("_:"):
        return token
    # Numbers in Turtle's short forms (their lexical form as it is): an xsd:integer, and an
    # xsd:decimal or xsd:double, which are floats as plain values.
    if _BARE_INTEGER.fullmatch(token):
        return int(token)
    if _BARE_NUMBER.fullmatch(token):
        return float(token)
    raise TsvUnread(token)


class _TsvTerms(dict[str, Any]):
    """Each term written in an answer, read once: its plain value on first sight (an answer
    repeats its documents, sections, themes and statuses on many rows)."""

    def __missing__(self, token: str) -> Any:
        value = self[token] = plain_from_tsv(token)
        return value


def tsv_lines(text: str) -> tuple[list[str], list[str]]:
    """The variables of a TSV answer (its header ``?a\\t?b``) and its row lines (each line
    ends with a line break, the header's too; tabs and line breaks inside a literal are
    escaped, so a line is a row and a tab separates its terms)."""
    lines = text.split("\n")
    header = lines[0]
    if not header or lines[-1] or not all(v[:1] == "?" for v in header.split("\t")):
        raise TsvUnread(header)  # no variables (a line per row would read as one term)
    return [v[1:] for v in header.split("\t")], lines[1:-1]


def tsv_answer(solutions: Any) -> tuple[list[str], list[str]]:
    """``tsv_lines`` of pyoxigraph's ``QuerySolutions`` written as SPARQL TSV by the engine (in
    one call without Python's lock; no term object per value)."""
    text: bytes = solutions.serialize(format=ox.QueryResultsFormat.TSV)
    return tsv_lines(text.decode())


def plain_rows_from_tsv(text: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The variables and the rows of a TSV answer, each row a tuple of the values
    ``plain_from_ox`` gives (``plain_from_tsv``; a value written twice is read once and given
    as the same object). Raises ``TsvUnread`` as ``plain_from_tsv`` does.

    >>> plain_rows_from_tsv('?s\\t?n\\n<http://example.org/a>\\t3\\n_:b\\t\\n')
    (['s', 'n'], [('http://example.org/a', 3), ('_:b', None)])
    """
    variables, lines = tsv_lines(text)
    read = _TsvTerms().__getitem__
    if len(variables) == 1:
        return variables, [(read(line),) for line in lines]
    return variables, [tuple(map(read, line.split("\t"))) for line in lines]


def plain_tsv_columns(
    text: str, variables: Iterable[str], first_in: Container[Any] | None = None
) -> list[tuple[Any, ...]]:
    """The columns ``variables`` of a TSV answer as tuples of plain values (as
    ``plain_rows_from_tsv`` reads them); with ``first_in``, only the rows whose first value is
    in it (the others' other values are not read)."""
    header, lines = tsv_lines(text)
    where = [header.index(v) for v in variables]
    out: list[tuple[Any, ...]] = []
    if (
        len(header) == 2
        and len(where) == 2
        and all(line.count("<") == 2 and line.count(">") == 2 and '"' not in line for line in lines)
    ):
        # Every term an IRI (links): each one's text between its brackets.
        a, b = where
        for line in lines:
            terms = line.split("\t")
            first, second = terms[a][1:-1], terms[b][1:-1]
            if first_in is None or first in first_in:
                out.append((first, second))
        return out
    read = _TsvTerms().__getitem__
    for line in lines:
        terms = line.split("\t")
        value = read(terms[where[0]])
        if first_in is not None and value not in first_in:
            continue
        out.append((value, *[read(terms[i]) for i in where[1:]]))
    return out


_CONVERSIONS = frozenset({"from_ox", "to_ox", "plain_from_rdflib"})


def __getattr__(name: str) -> Any:
    """``from_ox``, ``to_ox``, ``plain_from_rdflib``: from ``terms_rdflib``, on first use."""
    if name in _CONVERSIONS:
        from plangraph import terms_rdflib

        value = getattr(terms_rdflib, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'plangraph.terms' has no attribute {name!r}")
