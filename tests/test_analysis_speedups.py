"""What the faster paths of the analyses must keep: the label choice of ``nodes.label_of``, the
counts of ``summary`` equal to the rows the analyses list, natural order, and a store that
changes between calls (nothing cached across calls)."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import URIRef

from plangraph import analysis
from plangraph.analysis import _common
from plangraph.labels import pick_label
from plangraph.nodes import label_of
from plangraph.store import PlanStore, open_store
from plangraph.terms import LangString
from plangraph.vocab import GRAPH
from tests.helpers import DATA, open_backend

SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture(scope="module")
def seed() -> PlanStore:
    return open_store("memory")


def _labelled(store: PlanStore) -> list[str]:
    return sorted({str(r["node"]) for r in store.named_query("all_labels")})


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_preloaded_prefLabels_choose_as_label_of_does(
    seed: PlanStore, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nodes with labels in several languages, and organisations with rdfs:label and
    # dcterms:title as well, all given their prefLabels from a query (as the gaps query does);
    # the rdfs:label/title shortcut switched on from the first lookup.
    monkeypatch.setattr(_common, "_FIND_TITLED_AFTER", 1)
    rows = seed.select_plain(
        f"PREFIX skos: <{SKOS}> SELECT ?node ?label WHERE {{ ?node skos:prefLabel ?label }}"
    ).rows
    labels = analysis.Labels(seed, lang)
    labels.preload(rows)
    iris = _labelled(seed)
    assert len(iris) > 100
    assert any(isinstance(label, LangString) and label.lang == "en" for _iri, label in rows)
    for iri in iris:
        assert labels(iri) == label_of(seed, URIRef(iri), lang), iri


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_rdfs_label_and_title_shortcut_keeps_the_choice(
    seed: PlanStore, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_common, "_FIND_TITLED_AFTER", 1)
    labels = analysis.Labels(seed, lang)
    for iri in _labelled(seed):
        assert labels(iri) == label_of(seed, URIRef(iri), lang), iri
    assert labels._titled  # the shortcut was taken: organisations and plans have titles


def test_preload_of_a_node_without_prefLabel_falls_back_to_other_labels(
    seed: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Helse Vest has a prefLabel and an rdfs:label; told it has no prefLabel, the rdfs:label
    # must still be found (and the IRI's last segment used only for a node with no label).
    monkeypatch.setattr(_common, "_FIND_TITLED_AFTER", 1)
    iri = "https://w3id.org/plangraph/id/org/helse-vest"
    rdfs_label = seed.select_plain(
        "SELECT ?node ?label WHERE { ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        {"node": URIRef(iri)},
    ).rows
    assert rdfs_label
    labels = analysis.Labels(seed, "nb")
    labels.preload([(iri, None), ("https://example.org/nothing", None)])
    assert labels(iri) == pick_label([label for _node, label in rdfs_label], "nb")
    assert labels("https://example.org/nothing") == "nothing"


def test_pick_label_takes_plain_values_as_it_takes_literals() -> None:
    from rdflib import Literal

    plain: list[Any] = [LangString("Tiltak", "nn"), "Untagged", LangString("Measure", "en")]
    literals = [Literal("Tiltak", lang="nn"), Literal("Untagged"), Literal("Measure", lang="en")]
    for lang in ("nb", "nn", "en", "de", None):
        assert pick_label(plain, lang) == pick_label(literals, lang)
    assert pick_label([URIRef("https://e.org/x")], "nb", default="d") == "d"
    assert pick_label(["Untagged", LangString("Tema", "nb")], "en") == "Tema"


def test_natural_order() -> None:
    values = ["b-10", "b-2", None, "a", "b-02", "b-1"]
    ranks = _common.natural_ranks(values)
    assert sorted(values, key=lambda v: ranks[v]) == [None, "a", "b-1", "b-2", "b-02", "b-10"]
    assert ranks["b-2"] == ranks["b-02"]  # equal keys, equal ranks: a stable sort keeps ties
    assert ranks[None] == ranks[""]


def test_the_network_graphs_natural_ranks_are_natural_ranks() -> None:
    """``fast_natural_ranks`` (one string per key) ranks as ``natural_ranks`` (tuples) does:
    digit runs as numbers, leading zeros, a shorter text first, text before or after digits."""
    import random

    from plangraph.analysis._ranks import fast_natural_ranks

    rng = random.Random(4)
    for _ in range(200):
        values = [
            "".join(rng.choice("ab-/:.0129") for _ in range(rng.randint(0, 9))) for _ in range(50)
        ]
        values += [f"https://w3id.org/plangraph/id/m-{rng.randint(0, 300)}" for _ in range(20)]
        values += ["a007", "a7", "a07b", "a-1", "a1", "", "\u00e6-2", "x\x01"][: rng.randint(5, 8)]
        assert fast_natural_ranks(values) == _common.natural_ranks(values)


@pytest.mark.parametrize("where", ["fixture", "seed"])
def test_summary_counts_what_the_analyses_list(where: str, seed: PlanStore) -> None:
    store = open_store("memory", data_dir=DATA / "analysis") if where == "fixture" else seed
    figures = analysis.summary(store)
    assert figures["gaps"] == len(analysis.uncovered_challenges(store))
    assert figures["weak"] == len(analysis.weakly_covered_challenges(store))
    assert figures["overlaps"] == len(analysis.overlapping_measures(store))
    assert figures["goals_without_measures"] == len(analysis.goals_without_measures(store))
    assert figures["orphan_measures"] == len(analysis.orphan_measures(store))
    by_theme = analysis.coverage_by_theme(store)
    assert figures["covered"] == sum(r["covered"] for r in by_theme)


def test_a_change_to_the_store_shows_in_the_next_call() -> None:
    # Nothing is cached across calls: a new link closes a gap, a new label shows.
    store = open_backend("memory", data_dir=DATA / "analysis")
    t = "https://example.org/t/"
    before = analysis.uncovered_challenges(store)
    assert t + "challenge-b-3" in [r["challenge"]["iri"] for r in before]
    store.load_data(
        f"<{t}measure-a-2> <https://w3id.org/plangraph/ns#addresses> <{t}challenge-b-3> .\n"
        f'<{t}challenge-b-3> <{SKOS}prefLabel> "Ny etikett"@nn .\n'.encode(),
        "nt",
        GRAPH["extra"],
        source="extra.nt",
    )
    after = analysis.uncovered_challenges(store)
    assert [r["challenge"]["iri"] for r in after] == [
        r["challenge"]["iri"] for r in before if r["challenge"]["iri"] != t + "challenge-b-3"
    ]
    assert analysis.summary(store)["gaps"] == len(after)
    weak = {r["challenge"]["iri"]: r for r in analysis.weakly_covered_challenges(store, lang="nn")}
    assert weak[t + "challenge-b-3"]["challenge"]["label"] == "Ny etikett"


def test_preload_leaves_a_node_whose_one_label_is_a_number_to_its_own_lookup(
    seed: PlanStore,
) -> None:
    # A number as a node's only prefLabel: not taken (the node's own lookup decides); a number
    # beside other labels, or given again in a later preload, is taken as its text.
    a, b, c = (f"https://example.org/{n}" for n in "abc")
    labels = analysis.Labels(seed, "nb")
    labels.preload([(a, 12), (b, 7), (b, LangString("Sju", "nb")), (c, "Tre")])
    assert a not in labels._pref
    assert labels._pref[b] == ["7", LangString("Sju", "nb")]
    assert labels._pref[c] == ["Tre"]
    labels.preload([(a, "En"), (c, 3)])
    assert labels._pref[a] == ["En"]
    assert labels._pref[c] == ["3", "Tre"]
    assert all(type(v) is str or type(v) is LangString for v in labels._pref[c])
