"""The preview's corrections a planner makes beside kind and drop: rename an item (a theme the
importer named after the plan, say) and move a challenge to another theme; bad moves refused."""

from __future__ import annotations

import pytest

from plangraph.errors import InputError
from plangraph.ingest.draft import Draft, DraftItem
from plangraph.ingest.importer import apply_corrections, read_upload
from plangraph.ingest.rdf import draft_to_graph
from plangraph.validate import validate_graph

STATUS_NOTE = """# Statusnotat for Helse Prøvedal (fiktiv)

## Utfordringer innen akuttmottak

- For lang ventetid i akuttmottaket om kvelden

## Utfordringer innen rekruttering

- Vanskelig å rekruttere spesialsykepleiere til intensivavdelingen
- Mange ubesatte legestillinger i distriktet
"""


def _draft() -> tuple[Draft, list[DraftItem], list[DraftItem]]:
    draft = read_upload("statusnotat.md", STATUS_NOTE.encode())
    themes = [i for i in draft.items if i.kind == "theme"]
    challenges = [i for i in draft.items if i.kind == "challenge"]
    assert len(themes) == 2 and len(challenges) == 3, [(i.kind, i.label) for i in draft.items]
    return draft, themes, challenges


def test_a_challenge_moves_to_another_theme_and_the_plan_still_passes_shacl() -> None:
    draft, (akutt, rekruttering), challenges = _draft()
    doctors = next(c for c in challenges if "legestillinger" in c.label)
    assert doctors.theme == rekruttering.id
    apply_corrections(draft, {"items": {doctors.id: {"theme": akutt.id}}})
    moved = next(i for i in draft.items if i.id == doctors.id)
    assert moved.theme == akutt.id and "flyttet" in moved.reason
    others = [c for c in draft.items if c.kind == "challenge" and c.id != doctors.id]
    assert {c.theme for c in others} == {akutt.id, rekruttering.id}  # the others stay
    assert validate_graph(draft_to_graph(draft)).conforms


def test_a_renamed_theme_keeps_its_challenges_and_is_marked_editorial() -> None:
    draft, (akutt, _r), _c = _draft()
    apply_corrections(draft, {"items": {akutt.id: {"label": "Akuttmedisin og mottak"}}})
    theme = next(i for i in draft.items if i.id == akutt.id)
    assert theme.label == "Akuttmedisin og mottak" and theme.label_kind == "editorial"
    assert any(i.theme == akutt.id for i in draft.items if i.kind == "challenge")


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("nope", "not a theme kept in the preview"),
        (None, "not a theme kept in the preview"),
    ],
)
def test_a_move_to_something_that_is_not_a_kept_theme_is_refused(target: object, says: str) -> None:
    draft, _themes, challenges = _draft()
    with pytest.raises(InputError, match=says) as raised:
        apply_corrections(draft, {"items": {challenges[0].id: {"theme": target}}})
    assert challenges[0].id in str(raised.value)


def test_a_move_to_a_dropped_theme_or_of_a_non_challenge_is_refused() -> None:
    draft, (akutt, rekruttering), challenges = _draft()
    with pytest.raises(InputError, match="not a theme kept"):
        apply_corrections(
            draft,
            {
                "items": {
                    rekruttering.id: {"drop": True},
                    challenges[0].id: {"theme": rekruttering.id},
                }
            },
        )
    draft, (akutt, rekruttering), challenges = _draft()
    with pytest.raises(InputError, match="only a challenge has a theme"):
        apply_corrections(draft, {"items": {akutt.id: {"theme": rekruttering.id}}})
