"""Item matching across versions: a hand-written set of reworded items (Bokmål -> Nynorsk,
Nynorsk -> Bokmål, words added, removed or changed), and unchanged items that must keep their
IRIs whatever IRIs the new version writes."""

from __future__ import annotations

import random
from pathlib import Path

from plangraph.ingest.versions import Item, match_items, normalise

SET = Path(__file__).resolve().parents[1] / "data" / "versions" / "reworded.tsv"
UNCHANGED = [
    ("Measure", "Innføre elektronisk kurve i alle sengeposter."),
    ("Measure", "Opprette et regionalt kompetansesenter for rus og psykiatri."),
    ("Challenge", "Få lærlinger i helsearbeiderfaget."),
    ("Goal", "Vi skal være en attraktiv arbeidsplass."),
    ("Challenge", "Mangel på jordmødre."),
]


def reworded_set() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in SET.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kind, old, new, how = line.split("\t")
        rows.append((kind, old, new, how))
    return rows


def versions(
    shuffle_seed: int, fresh_iris: bool
) -> tuple[dict[str, Item], dict[str, Item], dict[str, str]]:
    """Old and new items, and which old IRI each new IRI should continue."""
    rows = reworded_set()
    old: dict[str, Item] = {}
    new: dict[str, Item] = {}
    expected: dict[str, str] = {}
    order = list(range(len(rows) + len(UNCHANGED)))
    random.Random(shuffle_seed).shuffle(order)
    for i, (kind, before, after, _how) in enumerate(rows):
        o = f"https://e.org/old/{i}"
        n = f"https://e.org/new/{order[i]}" if fresh_iris else o
        old[o] = Item(o, kind, before)
        new[n] = Item(n, kind, after)
        expected[n] = o
    for j, (kind, text) in enumerate(UNCHANGED, len(rows)):
        o = f"https://e.org/old/{j}"
        n = f"https://e.org/new/{order[j]}" if fresh_iris else o
        old[o] = Item(o, kind, text)
        new[n] = Item(n, kind, text)
        expected[n] = o
    return old, new, expected


def accuracy(old: dict[str, Item], new: dict[str, Item], expected: dict[str, str]) -> float:
    found = {m["written_as"]: m["item"] for m in match_items(old, new)}
    right = sum(1 for n, o in expected.items() if found.get(n, n) == o)
    return right / len(expected)


def test_the_set_is_big_enough_and_mostly_nb_nn() -> None:
    rows = reworded_set()
    assert len(rows) >= 30
    assert sum(1 for r in rows if "nb->nn" in r[3]) >= 15
    assert sum(1 for r in rows if "nn->nb" in r[3]) >= 3


def test_reworded_items_match_their_predecessor_at_least_95_percent() -> None:
    for seed in range(5):
        old, new, expected = versions(seed, fresh_iris=True)
        assert accuracy(old, new, expected) >= 0.95, seed
        old, new, expected = versions(seed, fresh_iris=False)
        assert accuracy(old, new, expected) == 1.0


def test_unchanged_items_never_get_a_new_iri() -> None:
    for seed in range(5):
        old, new, expected = versions(seed, fresh_iris=True)
        found = {m["written_as"]: m for m in match_items(old, new)}
        for n, item in new.items():
            if any(item.text == text for _k, text in UNCHANGED):
                assert found[n]["item"] == expected[n] and found[n]["method"] == "same text"
    # with the same IRIs, an unchanged item is not even listed as a match
    old, new, _ = versions(0, fresh_iris=False)
    listed = {m["written_as"] for m in match_items(old, new)}
    assert not listed & {i for i, item in new.items() if item.text == old[i].text}


def test_a_new_item_written_with_a_taken_iri_gets_a_fresh_one() -> None:
    old = {
        "https://e.org/m/1": Item("https://e.org/m/1", "Measure", "Styrke beredskapen."),
    }
    new = {  # the importer numbered a new item 1 and the old item 2
        "https://e.org/m/1": Item("https://e.org/m/1", "Measure", "Bygge nytt sykehus i Bodø."),
        "https://e.org/m/2": Item("https://e.org/m/2", "Measure", "Styrke beredskapen."),
    }
    found = {m["written_as"]: m for m in match_items(old, new)}
    assert found["https://e.org/m/2"]["item"] == "https://e.org/m/1"
    assert found["https://e.org/m/1"]["item"] == "https://e.org/m/1-2"
    assert found["https://e.org/m/1"]["method"] == "new item, IRI taken"


def test_different_items_are_not_matched() -> None:
    old = {"https://e.org/a": Item("https://e.org/a", "Measure", "Redusere klimautslipp.")}
    new = {"https://e.org/b": Item("https://e.org/b", "Measure", "Ansette flere jordmødre.")}
    assert match_items(old, new) == []
    # nor an item of another kind with the same text
    new = {"https://e.org/b": Item("https://e.org/b", "Challenge", "Redusere klimautslipp.")}
    assert match_items(old, new) == []


def test_normalise_folds_nynorsk_onto_bokmal() -> None:
    assert normalise("Helseføretaka skal saman utvikle betre løysingar") == normalise(
        "Helseforetakene skal sammen utvikle bedre løsninger"
    )
