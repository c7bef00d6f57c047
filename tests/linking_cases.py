"""Shared builders of the linking tests that rank texts of their own (levels, genre 6, 8-11)."""

from __future__ import annotations

from plangraph.linking.features import Analyzer, Item
from plangraph.linking.rank import rank
from plangraph.linking.thesaurus import load_thesaurus

TH = "https://w3id.org/plangraph/id/concept/helseplan/"


def item(slug: str, kind: str, label: str, text: str = "", context: str = "") -> Item:
    """A measure (plan-m) or challenge (plan-c) item with ``label`` as its text unless given."""
    plan = "plan-m" if kind == "measure" else "plan-c"
    return Item(
        f"https://example.org/{slug}", kind, label, text or label, context, plan=plan, org=plan
    )


def concepts(text: str) -> set[str]:
    """The thesaurus concepts a measure with ``text`` gets (short names)."""
    it = item("m", "measure", text)
    doc = Analyzer([it], load_thesaurus()).doc(it)
    return {f.removeprefix(f"c:{TH}") for f in doc.weights if f.startswith("c:")}


def first(items: list[Item], thesaurus: bool = True) -> dict[str, str]:
    """Each measure's best challenge (slug)."""
    ranking = rank(items, k=1, relations=["addresses"], thesaurus=thesaurus, with_evidence=False)
    return {
        c.subject.iri.rsplit("/", 1)[1]: c.object.iri.rsplit("/", 1)[1] for c in ranking.candidates
    }


def first_of_pair(measure: str, right: str, wrong: str) -> dict[str, str]:
    """The best challenge of a measure (slug "m") between the one it addresses ("right") and
    one that shares its words ("wrong"): the genre tests' one ranking case."""
    return first(
        [
            item("m", "measure", measure),
            item("right", "challenge", right),
            item("wrong", "challenge", wrong),
        ]
    )
