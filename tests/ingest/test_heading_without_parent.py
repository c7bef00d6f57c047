"""A section that states its goals at the top of a document (no heading above it once the
plan's title is taken off as the title) is read, not a crash.

Found by the blind batch M (h62, a clinical development plan as a PDF): its "Pasientforløp"
section held "Mål 2.1: ..." lines and nothing else the importer reads as items, and the reason
text for the theme looked for a heading above it that was not there (an IndexError: the CLI
and the API failed on the whole file).
"""

from __future__ import annotations

from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import pdf_bytes


def test_a_top_level_section_of_stated_goals_is_a_theme_over_its_goals() -> None:
    pages = [
        [
            ("h1", "Utviklingsplan 2027-2030 for Medisinsk klinikk"),
            ("p", "Helse Nordfjell HF (fiktiv)"),
            ("h2", "Samandrag"),
            ("p", "Planen byggjer på utviklingsplanen til føretaket og har to målområde."),
            ("h2", "Hjartesvikt"),
            ("p", "Mål 2.1: Alle pasientar med hjartesvikt skal ha ein plan for oppfølging"),
            ("p", "Mål 2.2: Talet på reinnleggingar skal gå ned med 20 prosent"),
            ("h2", "Tiltak"),
            ("p", "- Innføre sjekkliste ved utskriving."),
        ]
    ]
    draft = read_upload("plan-nn.pdf", pdf_bytes(pages))
    themes = [item for item in draft.items if item.kind == "theme"]
    goals = [item for item in draft.items if item.kind == "goal"]
    assert [theme.label for theme in themes] == ["Hjartesvikt"]
    assert [goal.label for goal in goals] == [
        "Alle pasientar med hjartesvikt skal ha ein plan for oppfølging",
        "Talet på reinnleggingar skal gå ned med 20 prosent",
    ]
    assert {goal.theme for goal in goals} == {themes[0].id}
    assert any(item.kind == "measure" for item in draft.items)
