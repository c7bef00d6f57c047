"""The preview of round s: a theme the importer names after the plan (challenges under a heading
that only names their kind need a theme) says first that it is editorial and what the planner
can do about it, so that a terminal preview cutting the reason short still says so. The texts
here are written for the tests."""

from __future__ import annotations

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import apply_corrections, read_upload, render_preview

TEXT = """# Utviklingsplan for Nordby sjukehus (fiktiv)

## Status og utfordringar

Talet på eldre over 80 år vil auke kraftig, og det blir for få sjukepleiarar.
"""


def _draft() -> Draft:
    return read_upload("plan.md", TEXT.encode("utf-8"))


def test_the_editorial_theme_says_first_it_is_editorial_and_can_be_renamed_or_moved() -> None:
    draft = _draft()
    theme = next(i for i in draft.items if i.kind == "theme")
    assert theme.label == "Utviklingsplan for Nordby sjukehus (fiktiv)"
    assert theme.label_kind == "editorial"
    assert theme.reason.startswith("redaksjonelt tema")
    assert "nytt navn" in theme.reason and "flytt" in theme.reason
    assert "«Status og utfordringar»" in theme.reason
    assert theme.editorial_note and "Rename it" in theme.editorial_note
    # the terminal table (wide enough here for the reason on one line) names it first too
    table = render_preview(draft, "table", width=400)
    row = next(ln for ln in table.splitlines() if ln.startswith("tema"))
    assert "redaksjonelt tema" in row


def test_the_planner_renames_the_editorial_theme_and_the_challenge_keeps_it() -> None:
    draft = _draft()
    theme = next(i for i in draft.items if i.kind == "theme")
    corrected = apply_corrections(draft, {"items": {theme.id: {"label": "Bemanning"}}})
    renamed = next(i for i in corrected.items if i.kind == "theme")
    assert renamed.label == "Bemanning"
    assert all(c.theme == renamed.id for c in corrected.items if c.kind == "challenge")
