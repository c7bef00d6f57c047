"""Schemathesis hooks for the API run: how to send a raw SPARQL query body; each regular
expression's strategy built once, its character classes from their ranges (``regex_classes``).

Hypothesis builds a fresh strategy at every ``from_regex`` call, and schemathesis calls it again
for every operation and phase. The IRI parameters' pattern has Unicode ranges of 55,000
characters, which hypothesis adds to a set one character at a time: over five seconds a build,
most of the run's time. ``regex_strategy`` is a function of its arguments (the pattern, its flags,
``fullmatch``, the alphabet's characters), and hypothesis strategies are immutable and drawn from
again and again, so the one built first serves every later call with the same arguments: the same
values, the same checks, in a fraction of the time.
"""

from __future__ import annotations

import re
from typing import Any

import schemathesis
from hypothesis.strategies._internal import regex as _regex

from tests.api import regex_classes

_built: dict[tuple[Any, ...], Any] = {}
_regex_strategy = _regex.regex_strategy


def _regex_strategy_once(
    regex: Any,
    fullmatch: bool,
    *,
    alphabet: Any,
    _temp_jsonschema_hack_no_end_newline: bool = False,
) -> Any:
    """``hypothesis``' ``regex_strategy``, built once for each distinct set of arguments."""
    pattern = regex if isinstance(regex, re.Pattern) else re.compile(regex)
    intervals = getattr(alphabet, "intervals", None)
    if alphabet is not None and intervals is None:  # not a fixed set of characters: not kept
        return _regex_strategy(
            regex,
            fullmatch,
            alphabet=alphabet,
            _temp_jsonschema_hack_no_end_newline=_temp_jsonschema_hack_no_end_newline,
        )
    key = (
        pattern.pattern,
        pattern.flags,
        fullmatch,
        None if intervals is None else tuple(intervals.intervals),
        _temp_jsonschema_hack_no_end_newline,
    )
    if key not in _built:
        _built[key] = _regex_strategy(
            pattern,
            fullmatch,
            alphabet=alphabet,
            _temp_jsonschema_hack_no_end_newline=_temp_jsonschema_hack_no_end_newline,
        )
    return _built[key]


_regex.regex_strategy = _regex_strategy_once
regex_classes.install()


@schemathesis.serializer("application/sparql-query")
def sparql_query(ctx: Any, value: Any) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else str(value).encode("utf-8")
