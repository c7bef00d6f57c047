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


@pytest.mark.parametrize("cue", ["Hovedmål for planperioden", "Hovudmål fram mot 2030"])
def test_a_main_goal_line_is_a_goal_under_a_challenge_heading(cue: str) -> None:
    draft = _md(
        f"""# Utviklingsplan 2026-2030 for Sykehuset Nord

## 4 Utfordringer og veivalg

{cue}: Innen 2030 skal halvparten av kontrollene skje på video.

## 4.1 Flere eldre

Antallet innbyggere over 80 år vil dobles, og det mangler sykepleiere i alle klinikker.
"""
    )
    goals = _of(draft, "goal")
    assert [g.text for g in goals] == [
        f"{cue}: Innen 2030 skal halvparten av kontrollene skje på video."
    ]
    assert goals[0].label == "Innen 2030 skal halvparten av kontrollene skje på video."
    assert not [c for c in _of(draft, "challenge") if cue in (c.text or "")]


def test_a_maalet_er_at_sentence_inside_a_paragraph_is_a_goal() -> None:
    draft = _md(
        """# Handlingsplan for barnevern 2026-2028

## Tidleg hjelp

Det mangler tilbod til familiar i dei minste kommunane. Målet er at alle familiar skal få \
hjelp innan to veker.

- Tilsetje to familieterapeutar
- Opne ein familieklinikk i Vik
"""
    )
    assert [g.text for g in _of(draft, "goal")] == [
        "Målet er at alle familiar skal få hjelp innan to veker."
    ]
    assert [m.text for m in _of(draft, "measure")] == [
        "Tilsetje to familieterapeutar",
        "Opne ein familieklinikk i Vik",
    ]
