"""Natural order (``natural_ranks``) sooner for IRIs: each key as one comparable string."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from plangraph.analysis._common import natural_key, natural_ranks, ranks_by_key

__all__ = ["fast_natural_ranks", "natural_keys"]

_RUNS = re.compile(r"[0-9]+")


class _LongNumber(Exception):
    """A run of a million digits or more: left to ``natural_ranks``."""


def _digit_run(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    if len(digits) >= 1_000_000:
        raise _LongNumber
    return f"\x01{len(digits):06d}{digits}"


@lru_cache(maxsize=200_000)
def _flat_key(value: str) -> str:
    """``natural_key(value)`` as one string that compares as the key does (ASCII ``value``
    without ``\x00`` or ``\x01``; see ``fast_natural_ranks``).

    Written in two parts, up to the last ``/`` and after it: the part before is shared by many
    IRIs (a plan's measures) and written once (``_flat_head``); a ``/`` is no digit, so no run
    of digits is cut and the two parts joined are the whole written at once."""
    head, slash, tail = value.rpartition("/")
    return _flat_head(head + slash) + _RUNS.sub(_digit_run, tail) + "\x01"


@lru_cache(maxsize=20_000)
def _flat_head(value: str) -> str:
    return _RUNS.sub(_digit_run, value)


def fast_natural_ranks(values: Iterable[str | None]) -> dict[str | None, int]:
    """``natural_ranks(values)``, sooner for ASCII text (IRIs): each ``natural_key`` written as
    one string that compares as the key does, so the sort compares strings, not long tuples
    (at 1M triples 37,000 IRIs: about 0.1 s instead of 0.5 s).

    The key alternates text and digit runs, so two keys compare run by run of the same kind: a
    text run is written followed by ``\x01`` (below any character in it: a shorter text sorts
    first), a digit run as its value's length in six digits and its digits (a longer number is
    a bigger one; leading zeros dropped, as ``int`` drops them).
    """
    distinct = {v for v in values if v is not None}
    distinct.add("")
    if not all(v.isascii() and "\x00" not in v and "\x01" not in v for v in distinct):
        return natural_ranks(distinct)
    try:
        keys = {value: _flat_key(value) for value in distinct}
    except _LongNumber:
        return natural_ranks(distinct)
    return ranks_by_key(keys)


def natural_keys(values: Iterable[str | None]) -> dict[str | None, Any]:
    """A sort key for each of ``values`` (and ``None``, as ``""``): keys compare, and are equal,
    as their ``natural_key`` are. For ASCII text (IRIs) each key is one string
    (``_flat_key``, see ``fast_natural_ranks``; kept for the next analysis that sorts the same
    IRIs), else the ``natural_key`` itself. Sorting by these needs no ranking of the values
    first."""
    distinct = {v for v in values if v is not None}
    distinct.add("")
    keys: dict[str | None, Any]
    if all(v.isascii() and "\x00" not in v and "\x01" not in v for v in distinct):
        try:
            keys = {value: _flat_key(value) for value in distinct}
        except _LongNumber:
            keys = {value: natural_key(value) for value in distinct}
    else:
        keys = {value: natural_key(value) for value in distinct}
    keys[None] = keys[""]
    return keys
