"""Choosing a label for a node in the language a reader asks for, with fallback.

Plan data is labelled in the source's language (``nb`` or ``nn``), with ``en`` translations for
some nodes. A reader asking for one language gets it where it exists, else the other Norwegian
written standard, else English, else whatever there is, else the IRI's last segment.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from plangraph import namespaces
from plangraph.namespaces import PREFIXES
from plangraph.terms import LangString

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = ["LABEL_PROPERTIES", "LANGUAGES", "curie", "fallback_order", "local_name", "pick_label"]

LANGUAGES = ("nb", "nn", "en")
"""The label languages plangraph knows, in default preference order: the one list of them."""

LABEL_PROPERTIES = namespaces.LABEL_PROPERTIES
"""Where a node's label comes from, best first (``skos:prefLabel``, ``rdfs:label``,
``dcterms:title``, their IRIs as text): the one label rule (``pick_label`` chooses the
language within it; ``queries/node_labels.rq`` and ``all_labels.rq`` rank the same way, the
former adding ``pg:rationale`` for link records, which have no other text)."""


def fallback_order(lang: str | None) -> tuple[str, ...]:
    """The languages to try, best first.

    >>> fallback_order("nn")
    ('nn', 'nb', 'en')
    >>> fallback_order("en")
    ('en', 'nb', 'nn')
    """
    lang = (lang or "nb").lower()
    if lang == "nn":
        return ("nn", "nb", "en")
    if lang == "en":
        return ("en", "nb", "nn")
    if lang in ("nb", "no"):
        return ("nb", "nn", "en")
    return (lang, "nb", "nn", "en")


def local_name(iri: Node | str) -> str:
    """The last segment of an IRI, for nodes with no label at all.

    >>> from rdflib import URIRef
    >>> local_name(URIRef("https://w3id.org/plangraph/ns#Measure"))
    'Measure'
    """
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text.rstrip(sep):
            text = text.rstrip(sep).rsplit(sep, 1)[1]
    return text


def _text_and_language(label: object) -> tuple[str, str] | None:
    """A label candidate as ``(text, language)``, or ``None`` for what is not a literal."""
    if isinstance(label, LangString):
        return str(label), label.lang
    if not isinstance(label, str):
        return None  # a number, None
    rdflib_terms = sys.modules.get("rdflib.term")  # without rdflib loaded, no label is its term
    if rdflib_terms is not None and isinstance(label, rdflib_terms.Node):
        if isinstance(label, rdflib_terms.Literal):
            return str(label), label.language or ""
        return None  # an IRI or blank node term
    return label, ""


def pick_label(
    labels: Iterable[Node | str | None], lang: str | None = None, default: str = ""
) -> str:
    """The best of ``labels`` for a reader of ``lang`` (labels given best-ranked first).

    A label is an rdflib ``Literal`` or a plain value as ``PlanStore.select_plain`` gives it (a
    ``LangString``, or a ``str`` for a literal without a language); IRIs and blank nodes given
    as rdflib terms are skipped.

    >>> pick_label([Literal("Tiltak", lang="nn"), Literal("Measure", lang="en")], "en")
    'Measure'
    >>> pick_label([Literal("Tiltak", lang="nn")], "en")
    'Tiltak'
    >>> pick_label([LangString("Tiltak", "nn"), LangString("Measure", "en")], "nb")
    'Tiltak'
    """
    candidates = [found for found in map(_text_and_language, labels) if found is not None]
    if not candidates:
        return default
    for wanted in fallback_order(lang):
        for text, language in candidates:
            if language.lower() == wanted:
                return text
    for text, language in candidates:
        if not language:
            return text
    return candidates[0][0]


def curie(iri: Node | str) -> str:
    """A prefixed name for IRIs in a known namespace, else the IRI.

    >>> from rdflib import URIRef
    >>> curie(URIRef("https://w3id.org/plangraph/ns#addresses"))
    'pg:addresses'
    """
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            rest = text[len(ns) :]
            if all(c.isalnum() or c in "-_" for c in rest):
                return f"{prefix}:{rest}"
    return text
