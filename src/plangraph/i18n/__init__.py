"""Every word a planner reads, in one catalogue per language: Bokmål (``nb``, the default),
Nynorsk (``nn``) and English (``en``).

The catalogues are the modules ``plangraph.i18n.nb``, ``.nn`` and ``.en``: each a dict of message
id to text, with the same ids (a test checks it). ``text(key, lang)`` looks a message up;
``catalogue(lang)`` gives a language's whole dict (the pages hand it to their templates and
scripts). A message may hold ``{name}`` fields, filled by ``text(key, lang, name=...)``.

>>> text("col.challenge", "nn"), text("col.challenge", "en")
('utfordring', 'challenge')
>>> column("covered_by", "nb")
'dekket av'
>>> column("some_sparql_variable", "nb")  # not in the catalogue: shown as it is
'some_sparql_variable'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plangraph.i18n import en, nb, nn

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "catalogue", "column", "text"]

LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"

_CATALOGUES: dict[str, Mapping[str, str]] = {
    "nb": nb.MESSAGES,
    "nn": nn.MESSAGES,
    "en": en.MESSAGES,
}


def catalogue(lang: str | None) -> Mapping[str, str]:
    """The messages of ``lang`` (Bokmål for an unknown or missing language)."""
    return _CATALOGUES.get(lang or DEFAULT_LANGUAGE, _CATALOGUES[DEFAULT_LANGUAGE])


def text(key: str, lang: str | None, **fields: Any) -> str:
    """The message ``key`` in ``lang``, its ``{fields}`` filled. An unknown key is a KeyError."""
    message = catalogue(lang)[key]
    return message.format(**fields) if fields else message


def column(name: str, lang: str | None) -> str:
    """A table column's header in ``lang``; names outside the catalogue are shown unchanged."""
    return catalogue(lang).get(f"col.{name}", name)
