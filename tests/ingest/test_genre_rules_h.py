"""Rules found with batch H of the held-out set: short headings under a goals heading that stand
over a paragraph and "Slik gjør vi det:" bullets are goals. The texts here are written for the
tests, not taken from the batch."""

from __future__ import annotations

import pytest

from plangraph.ingest.draft import Draft, DraftItem
from plangraph.ingest.importer import read_upload


def _of(draft: Draft, kind: str) -> list[DraftItem]:
    return [i for i in draft.items if i.kind == kind]


def _md(text: str) -> Draft:
    return read_upload("plan.md", text.encode("utf-8"))


@pytest.mark.parametrize(
    ("goals_heading", "how"),
    [
        ("Våre mål", "Slik gjør vi det:"),
        ("Målområder", "Dette gjør vi:"),
        ("Hovudmål", "Slik gjer vi det:"),
    ],
)
def test_short_headings_under_a_goals_heading_are_goals_and_their_bullets_measures(
    goals_heading: str, how: str
) -> None:
    draft = _md(
        f"""# Strategi 2027-2031 for Fjellbygd kommune

## {goals_heading}

### Barna trives på skolen

Alle elever skal ha et trygt skolemiljø, og ingen skal oppleve mobbing.

{how}

- Vi gir alle lærere kurs i klasseledelse.
- Vi tilsetter en miljøterapeut ved hver skole.

### Eldre bor lenger hjemme

Flere eldre skal kunne bo i egen bolig med god hjelp.

{how}

- Vi bygger ut hjemmetjenesten med to nye team.
"""
    )
    assert [g.label for g in _of(draft, "goal")] == [
        "Barna trives på skolen",
        "Eldre bor lenger hjemme",
    ]
    assert not [t for t in _of(draft, "theme") if t.label.startswith(("Barna", "Eldre"))]
    assert [m.text for m in _of(draft, "measure")] == [
        "Vi gir alle lærere kurs i klasseledelse.",
        "Vi tilsetter en miljøterapeut ved hver skole.",
        "Vi bygger ut hjemmetjenesten med to nye team.",
    ]
