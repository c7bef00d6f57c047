"""One label rule and one language list (``plangraph.labels``), used everywhere."""

from __future__ import annotations

from plangraph.api.deps import Lang as ApiLang
from plangraph.cli._common import Lang as CliLang
from plangraph.labels import LABEL_PROPERTIES, LANGUAGES
from plangraph.resources import query_text
from plangraph.vocab import DCTERMS, RDFS, SKOS


def test_the_language_choices_of_cli_and_api_are_the_one_list() -> None:
    assert tuple(CliLang) == LANGUAGES
    assert tuple(ApiLang) == LANGUAGES


def test_the_label_queries_rank_as_the_label_rule() -> None:
    assert (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title)) == LABEL_PROPERTIES
    for name in ("all_labels", "node_labels"):
        text = query_text(name)
        text = text[text.index("WHERE") :]
        wanted = ("skos:prefLabel ?label", "rdfs:label ?label", "dcterms:title ?label")
        where = [text.index(p) for p in wanted]
        assert where == sorted(where), name
