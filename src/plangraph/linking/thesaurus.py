"""The health-planning thesaurus: a SKOS concept scheme of Bokmål and Nynorsk terms.

The scheme is ``data/thesaurus/helseplan-tesaurus.ttl`` (packaged as ``_data/thesaurus``), a curated
judgement: each concept groups terms plans use for one concern. Here every term becomes a sequence
of stems, so that a text that says *helseberedskapen* or *førebuingar* meets the concept it names.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

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
    """The concepts of a SKOS Turtle document."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    graph = Graph()
    graph.parse(data=data, format="turtle", publicID=f"file:///{source}")
    concepts: list[Concept] = []
    for iri in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        if not isinstance(iri, URIRef):
            continue
        labels = [o for o in graph.objects(iri, SKOS.prefLabel) if isinstance(o, Literal)]
        label = next((str(o) for o in labels if o.language == "nb"), str(iri).rsplit("/", 1)[-1])
        by_lang = tuple(sorted((o.language, str(o)) for o in labels if o.language in LANGS))
        terms: set[tuple[str, ...]] = set()
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for term in graph.objects(iri, prop):
                if isinstance(term, Literal) and term.language not in MATCHED_LANGS:
                    continue  # an English name is for readers; the texts are Norwegian
                stems = tuple(t.stem for t in tokens(str(term)))
                if stems:
                    terms.add(stems)
        broader = tuple(sorted(str(b) for b in graph.objects(iri, SKOS.broader)))
        concepts.append(Concept(str(iri), label, tuple(sorted(terms)), broader, by_lang))
    return _build(concepts)


@functools.lru_cache(maxsize=4)
def load_thesaurus(path: str | None = None) -> Thesaurus:
    """The packaged thesaurus, or the one at ``path``."""
    if path is not None:
        return parse_thesaurus(Path(path).read_bytes(), Path(path).name)
    data = (resources.data_dir() / "thesaurus" / SCHEME_FILE).read_bytes()
    return parse_thesaurus(data)
