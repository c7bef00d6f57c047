"""Checks on data before it enters plangraph: nesting depth, IRIs, literals.

Every write path ends in the store's data check (``store.base._check_data``), which calls
these on each parsed quad; JSON-LD is checked for its nesting depth before any parser sees it
(the JSON and JSON-LD parsers recurse, and a document nested some thousands deep crashes them).

What is refused, and why:

- JSON nested deeper than ``MAX_JSON_DEPTH`` (arrays and objects together);
- IRIs (subjects, properties, objects, graph names, datatypes) with a scheme other than those in
  ``terms.ALLOWED_IRI_SCHEMES``, with characters RFC 3987 forbids, or with invisible characters
  that change how text reads: the bidirectional overrides and isolates U+202A-U+202E and
  U+2066-U+2069, the line and paragraph separators U+2028 and U+2029;
- literals holding control characters (C0 other than tab, line feed and carriage return, DEL,
  C1): the message gives the position;
- ill-typed literals: a lexical form outside its XSD datatype's lexical space (``"abc"`` as an
  ``xsd:integer``, ``"2021-13-45"`` as an ``xsd:date``) for the common XSD datatypes.

>>> check_literal("2024-02-29", XSD + "date")
>>> check_literal("2023-02-29", XSD + "date")
Traceback (most recent call last):
...
plangraph.errors.UnsafeInputError: "2023-02-29" is not a valid xsd:date
>>> check_json_depth(b'{"a": [[1]]}', limit=3)
>>> check_json_depth(b'{"a": [[[1]]]}', limit=3)
Traceback (most recent call last):
...
plangraph.errors.UnsafeInputError: the JSON is nested deeper than 3 levels; plangraph reads at most 3
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from typing import TypeVar, cast

from plangraph.errors import UnsafeInputError
from plangraph.namespaces import XSD_NS
from plangraph.terms import ALLOWED_IRI_SCHEMES, IRI_FORBIDDEN_CHARS
from plangraph.terms import check_iri as _check_iri_syntax

__all__ = [
    "MAX_JSON_DEPTH",
    "XSD",
    "check_iri",
    "check_json_depth",
    "check_literal",
    "check_text",
    "locate",
    "printable",
]

MAX_JSON_DEPTH = 100
"""The deepest nesting of arrays and objects a JSON(-LD) document may have. Plan documents
need about ten; the JSON-LD parsers crash at a few thousand."""

XSD = XSD_NS

# -- JSON nesting --------------------------------------------------------------------------------

_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def check_json_depth(data: bytes, *, limit: int = MAX_JSON_DEPTH, source: str = "") -> None:
    """Refuse JSON whose arrays and objects nest deeper than ``limit``, without parsing it.

    No recursion, and C-speed passes: escaped backslashes and quotes are dropped, the text is
    split at the remaining quotes (every other piece is inside a string), the brackets outside
    strings are kept and counted. Malformed JSON is left for the parser to report.
    """
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[::2])
    brackets = outside.translate(None, _NOT_BRACKETS)
    depth = 0
    opening = frozenset(b"[{")
    for byte in brackets:
        if byte in opening:
            depth += 1
            if depth > limit:
                where = f"{source}: " if source else ""
                raise UnsafeInputError(
                    f"{where}the JSON is nested deeper than {limit} levels; "
                    f"plangraph reads at most {limit}"
                )
        else:
            depth -= 1


# -- IRIs and text -------------------------------------------------------------------------------

_INVISIBLE_CHARS = "\u202a-\u202e\u2066-\u2069\u2028\u2029"
_INVISIBLE_IN_IRI = re.compile(f"[{_INVISIBLE_CHARS}]")
_PLAIN_IRI = re.compile(
    "(?:" + "|".join(sorted(ALLOWED_IRI_SCHEMES)) + "):"
    f"[^{IRI_FORBIDDEN_CHARS}{_INVISIBLE_CHARS}]*",
    re.IGNORECASE | re.ASCII,
)
"""The IRIs ``check_iri`` accepts, in one match (an allowed scheme, then none of the refused
characters), built from the same rules: a value that does not match goes through the checks
one by one, which name what is wrong. (The loader checks every distinct IRI of a file: at 1M
triples about 37,000.)"""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


_control_search = _CONTROL.search
_T = TypeVar("_T")


def _name(char: str) -> str:
    return f"U+{ord(char):04X}"


def check_iri(value: str) -> str:
    """``value`` if it is an IRI plangraph accepts (``terms.check_iri``, and no bidi overrides,
    isolates or line separators), else ``UnsafeInputError``.

    >>> check_iri("https://example.org/\u202egnp.exe")
    Traceback (most recent call last):
    ...
    plangraph.errors.UnsafeInputError: IRI 'https://example.org/\u202egnp.exe' holds U+202E (a bidirectional control or line separator) at position 20
    """
    if _PLAIN_IRI.fullmatch(value) is not None:
        return value
    _check_iri_syntax(value)
    bad = _INVISIBLE_IN_IRI.search(value)
    if bad:
        raise UnsafeInputError(
            f"IRI {value!r} holds {_name(bad.group())} (a bidirectional control or line "
            f"separator) at position {bad.start()}"
        )
    return value


def check_text(value: str, what: str = "the text") -> None:
    """Refuse control characters (other than tab, line feed, carriage return), naming the position.

    >>> check_text("Tiltak\\x00 1", "the label")
    Traceback (most recent call last):
    ...
    plangraph.errors.UnsafeInputError: the label holds the control character U+0000 at position 6 (counting from 0): 'Tiltak\\x00 1'
    """
    bad = _CONTROL.search(value)
    if bad:
        shown = value
        if len(value) > 80:
            shown = "..." + value[max(0, bad.start() - 30) : bad.start() + 30] + "..."
        raise UnsafeInputError(
            f"{what} holds the control character {_name(bad.group())} at position "
            f"{bad.start()} (counting from 0): {shown!r}"
        )


def printable(value: _T) -> _T:
    """A string with its control characters (see ``check_text``) replaced by U+FFFD; anything
    else unchanged. For output that cannot hold them (an Excel cell, XML): data stored before
    the checks existed, or read from a store plangraph did not fill, must not stop a report.

    >>> printable("Tiltak\\x00 1"), printable(3)
    ('Tiltak\\ufffd 1', 3)
    """
    if isinstance(value, str) and _control_search(value):
        return cast(_T, _CONTROL.sub("\ufffd", value))
    return value


def locate(data: bytes, char: str) -> str:
    """``line L, column C`` of the first raw ``char`` in ``data`` (UTF-8), or ``""``."""
    at = data.find(char.encode("utf-8"))
    if at < 0:
        return ""
    line = data.count(b"\n", 0, at) + 1
    column = at - (data.rfind(b"\n", 0, at) + 1) + 1
    return f"line {line}, column {column}"


# -- typed literals ------------------------------------------------------------------------------

_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_YEAR = r"-?(?:[1-9]\d{4,}|\d{4})"
_DATE = re.compile(rf"({_YEAR})-(\d\d)-(\d\d){_TZ}")
_TIME = r"(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?)"
_DATETIME = re.compile(rf"({_YEAR})-(\d\d)-(\d\d)T{_TIME}{_TZ}")
_DATETIME_STAMP = re.compile(rf"({_YEAR})-(\d\d)-(\d\d)T{_TIME}(?:Z|[+-]\d\d:\d\d)")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_DOUBLE = re.compile(r"(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN)")
_DURATION = re.compile(
    r"-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?"
)

_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}


def _valid_day(match: re.Match[str]) -> bool:
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12 or day < 1:
        return False
    # calendar.monthrange wants a year in 1..9999; leap years repeat every 400 years.
    return day <= calendar.monthrange(year % 400 + 2000, month)[1]


def _date_like(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        match = pattern.fullmatch(text)
        return match is not None and _valid_day(match)

    return check


def _integer(lowest: int | None, highest: int | None) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        if not _INTEGER.fullmatch(text):
            return False
        number = int(text)
        return (lowest is None or number >= lowest) and (highest is None or number <= highest)

    return check


def _any_uri(text: str) -> bool:
    if _CONTROL.search(text) or _INVISIBLE_IN_IRI.search(text):
        return False
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
        try:
            check_iri(text)
        except UnsafeInputError:
            return False
    return True


_LEXICAL: dict[str, Callable[[str], bool]] = {
    XSD + "boolean": lambda t: t in ("true", "false", "1", "0"),
    XSD + "decimal": lambda t: _DECIMAL.fullmatch(t) is not None,
    XSD + "double": lambda t: _DOUBLE.fullmatch(t) is not None,
    XSD + "float": lambda t: _DOUBLE.fullmatch(t) is not None,
    XSD + "date": _date_like(_DATE),
    XSD + "dateTime": _date_like(_DATETIME),
    XSD + "dateTimeStamp": _date_like(_DATETIME_STAMP),
    XSD + "time": lambda t: re.fullmatch(_TIME + _TZ, t) is not None,
    XSD + "gYear": lambda t: re.fullmatch(_YEAR + _TZ, t) is not None,
    XSD + "gYearMonth": lambda t: re.fullmatch(rf"{_YEAR}-(?:0[1-9]|1[0-2]){_TZ}", t) is not None,
    XSD + "duration": lambda t: _DURATION.fullmatch(t) is not None,
    XSD + "anyURI": _any_uri,
    **{XSD + name: _integer(*bounds) for name, bounds in _INTEGER_RANGES.items()},
}

# The XSD types above collapse whitespace before reading the lexical form.
_COLLAPSE = " \t\n\r"


_TEXT_TYPES = frozenset(
    (XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", None)
)


def check_literal(
    value: str,
    datatype: str | None,
    what: str = "the literal",
    checked_datatypes: set[str] | None = None,
) -> None:
    """Refuse a literal with control characters, an unsafe datatype IRI, or a lexical form its
    XSD datatype does not allow (for the datatypes in ``_LEXICAL``; others pass).

    ``checked_datatypes``: datatype IRIs already found safe (the caller's cache over a file).
    """
    if _control_search(value):
        check_text(value, what)
    if datatype in _TEXT_TYPES:
        return
    assert datatype is not None
    if checked_datatypes is None or datatype not in checked_datatypes:
        check_iri(datatype)
        if checked_datatypes is not None:
            checked_datatypes.add(datatype)
    valid = _LEXICAL.get(datatype)
    if valid is not None and not valid(value.strip(_COLLAPSE)):
        short = "xsd:" + datatype[len(XSD) :]
        shown = value if len(value) <= 60 else value[:60] + "..."
        raise UnsafeInputError(f'"{shown}" is not a valid {short}')
