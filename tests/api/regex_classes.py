"""hypothesis' regex character classes built from their ranges, for the schemathesis run
(``schemathesis_hooks`` installs it in the schemathesis process only).

hypothesis adds each code point of a range in a character class to the class one at a time
(each call testing the case flag), then sorts them all back into intervals. The IRI parameters'
pattern has eight classes of ucschar, 456,000 code points in all: ~1.9 s of CPU a build, and the
run builds it three times (two alphabets, two anchorings), over half of the schemathesis
process's CPU in the 25 s run at load 11. ``RangeBuilder`` collects the code points as numbers
when case does not matter and makes the same intervals in one sort: the same character sets
(tests/api/test_api_openapi.py compares them class by class), so the same strategies and the
same values drawn from them.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis.internal.intervalsets import IntervalSet
from hypothesis.strategies._internal import regex as _regex

_NO_FLAGS = re.RegexFlag(0)
HYPOTHESIS_BUILDER = _regex.CharactersBuilder
"""hypothesis' own builder (a subclass of it replaces it while installed)."""


class RangeBuilder(HYPOTHESIS_BUILDER):  # type: ignore[misc,valid-type]
    """hypothesis' ``CharactersBuilder`` (one character class of a regex) that keeps the code
    points ``_strategy`` adds to it as numbers when case does not matter, turned into intervals
    once, when the class's strategy is made. Under ``re.IGNORECASE`` it is hypothesis' own."""

    def __init__(self, *, negate: bool = False, flags: Any = _NO_FLAGS, alphabet: Any):
        super().__init__(negate=negate, flags=flags, alphabet=alphabet)
        self._codes: list[int] = []
        if not flags & re.IGNORECASE:
            # hypothesis' ``_strategy`` adds each member as ``add_char(code_to_char(code))``.
            self.code_to_char = int
            self.add_char = self._codes.append

    @property
    def strategy(self) -> Any:
        if self._codes:
            runs: list[list[int]] = []
            for code in sorted(set(self._codes)):
                if runs and code == runs[-1][1] + 1:
                    runs[-1][1] = code
                else:
                    runs.append([code, code])
            self._intervals = self._intervals | IntervalSet(runs)
            self._codes = []
        return super().strategy


def install(builder: type = RangeBuilder) -> type:
    """Make ``builder`` the one hypothesis' regex strategies use; returns the one before."""
    before: type = _regex.CharactersBuilder
    _regex.CharactersBuilder = builder
    return before
