"""The page's rows escape their texts without markupsafe's ``Markup`` objects (``html._esc``):
the same text as ``str(markupsafe.escape(...))`` for every kind of value the rows hold."""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import Markup, escape

from plangraph.reports.html import _esc
from plangraph.terms import LangString


class _Html:
    def __html__(self) -> str:
        return "<b>as it says</b>"


EVERY_CHARACTER = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "plain",
        "&<>'\"",
        "&amp; is already escaped &lt;",
        "a <b>bold</b> & 'quoted' \"word\"",
        EVERY_CHARACTER,
        LangString("Tiltak <1> & 'to'", "nb"),
        Markup("<i>markup</i> stays"),
        _Html(),
        12,
        0.25,
        None,
    ],
)
def test_escaped_as_markupsafe_escapes(value: Any) -> None:
    got = _esc(value)
    assert type(got) is str
    assert got == str(escape(value))
