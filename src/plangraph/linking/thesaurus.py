"""The health-planning thesaurus: a SKOS concept scheme of Bokmål and Nynorsk terms.

The scheme is ``data/thesaurus/helseplan-tesaurus.ttl`` (packaged as ``_data/thesaurus``), a curated
judgement: each concept groups terms plans use for one concern. Here every term becomes a sequence
of stems, so that a text that says *helseberedskapen* or *førebuingar* meets the concept it names.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plangraph import resources
from plangraph.linking.text import tokens

__all__ = ["Concept", "Thesaurus", "load_thesaurus"]

SCHEME_FILE = "helseplan-tesaurus.ttl"
LANGS = ("en", "nb", "nn")
"""The languages a concept's label is shown in (the planner-facing languages)."""
MATCHED_LANGS = (None, "nb", "nn", "no")
"""The language tags whose labels are matching terms (untagged too)."""


@dataclass(frozen=True)
class Concept:
    """One concept: its IRI, its Bokmål label, its terms as stem sequences, and its labels by
    language (``nb``, ``nn``, ``en`` where the scheme gives them), for showing it to a reader."""

    iri: str
    label: str
    terms: tuple[tuple[str, ...], ...]
    broader: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Thesaurus:
    """Concepts by the first stem of each of their terms, for matching in a stem sequence."""

    concepts: dict[str, Concept]
    by_first: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]

    def words(self) -> set[str]:
        """Every canonical word in the thesaurus's terms (a vocabulary for compound splitting)."""
        return {stem for c in self.concepts.values() for term in c.terms for stem in term}


def _build(concepts: list[Concept]) -> Thesaurus:
    by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for concept in concepts:
        for term in concept.terms:
            by_first.setdefault(term[0], []).append((concept.iri, term))
    return Thesaurus(
        {c.iri: c for c in concepts},
        {k: tuple(sorted(v, key=lambda e: -len(e[1]))) for k, v in by_first.items()},
    )


def parse_thesaurus(data: bytes, source: str = SCHEME_FILE) -> Thesaurus:
    """The concepts of a SKOS Turtle document.

    Read with Oxigraph's parser (~1/100 of rdflib's time on the packaged scheme, which every
    process that ranks reads once); a triple said twice counts once, as in a graph, and the
    objects of a subject's property come in document order. Language tags are compared in
    lower case (Oxigraph normalises them; BCP 47 tags are case-insensitive)."""
    import pyoxigraph as ox

    skos = "http://www.w3.org/2004/02/skos/core#"
    pref, alt, hidden, broader_of = (
        skos + n for n in ("prefLabel", "altLabel", "hiddenLabel", "broader")
    )
    rdf_type, concept_class = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", skos + "Concept"
    found = ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=f"file:///{source}")
    objects: dict[Any, dict[str, list[Any]]] = {}
    for s, p, o in dict.fromkeys((t.subject, t.predicate.value, t.object) for t in found):
        objects.setdefault(s, {}).setdefault(p, []).append(o)

    def text(term: Any) -> str:  # the lexical form, an IRI, or a blank node's name
        return str(term.value)

    concepts: list[Concept] = []
    typed = [s for s, by in objects.items() if ox.NamedNode(concept_class) in by.get(rdf_type, ())]
    for iri in sorted((s for s in typed if isinstance(s, ox.NamedNode)), key=text):
        props = objects[iri]
        labels = [o for o in props.get(pref, ()) if isinstance(o, ox.Literal)]
        label = next((text(o) for o in labels if o.language == "nb"), text(iri).rsplit("/", 1)[-1])
        by_lang = tuple(sorted((o.language, text(o)) for o in labels if o.language in LANGS))
        terms: set[tuple[str, ...]] = set()
        for prop in (pref, alt, hidden):
            for term in props.get(prop, ()):
                if isinstance(term, ox.Literal) and term.language not in MATCHED_LANGS:
                    continue  # an English name is for readers; the texts are Norwegian
                stems = tuple(t.stem for t in tokens(text(term)))
                if stems:
                    terms.add(stems)
        broader = tuple(sorted(text(b) for b in props.get(broader_of, ())))
        concepts.append(Concept(text(iri), label, tuple(sorted(terms)), broader, by_lang))
    return _build(concepts)


@functools.lru_cache(maxsize=4)
def load_thesaurus(path: str | None = None) -> Thesaurus:
    """The packaged thesaurus, or the one at ``path``."""
    if path is not None:
        return parse_thesaurus(Path(path).read_bytes(), Path(path).name)
    data = (resources.data_dir() / "thesaurus" / SCHEME_FILE).read_bytes()
    return parse_thesaurus(data)
