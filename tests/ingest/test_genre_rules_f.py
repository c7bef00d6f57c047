"""Rules of the oppdragsdokument / styringsdokument genre, found with batch F of the held-out
set: "Styringsmål" as a goal cue (lines, headings, table columns), "Oppdrag" / "Oppgaver" /
"Oppgåver" as measure cues, an "Område" column as the theme of its row, a task sentence beside a
list of measures, and a title that is never a kind word. The texts here are written for the
tests, not taken from the batch."""

from __future__ import annotations

import pytest

from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import docx_of as _docx
from tests.ingest.fixtures import of_kind as _of


def test_a_styringsmaal_table_holds_goals_and_its_maaltall_column_is_no_item() -> None:
    data = _docx(
        [
            "# Styringsdokument 2026 for Sykehuset Vik",
            "## 2 Kortere ventetid",
            [
                ["Styringsmål", "Måltall 2026"],
                ["Ventetid i poliklinikken for barn", "Under 50 dager"],
                ["Andel fristbrudd i somatikken", "Under 2 prosent"],
            ],
        ]
    )
    draft = read_upload("styring.docx", data)
    assert [g.text for g in _of(draft, "goal")] == [
        "Ventetid i poliklinikken for barn",
        "Andel fristbrudd i somatikken",
    ]
    assert not any("names no kind" in n for n in draft.notes)


@pytest.mark.parametrize(
    ("goal_word", "task_word"),
    [("Styringsmål", "Oppdrag"), ("Styringsmål", "Oppgåve"), ("Styringsmål", "Oppgave")],
)
def test_styringsmaal_and_oppdrag_lines_in_plain_text(goal_word: str, task_word: str) -> None:
    text = (
        "Bestilling til rehabiliteringstenesta 2027\n"
        "Nordfjell kommune, vedteke av kommunestyret 3. desember 2026\n\n"
        f"{goal_word}\n\n"
        f"{goal_word} 1: Alle med hjerneslag skal få tilbod om rehabilitering innan to veker.\n\n"
        f"{task_word}\n\n"
        f"{task_word} 1: Tenesta skal opne eit dagtilbod for rehabilitering i sentrum.\n"
        f"{task_word} 2: Tenesta skal lage ein plan for heimerehabilitering.\n"
    )
    draft = read_upload("bestilling.txt", text.encode())
    assert [g.label for g in _of(draft, "goal")] == [
        "Alle med hjerneslag skal få tilbod om rehabilitering innan to veker."
    ]
    assert [m.label for m in _of(draft, "measure")] == [
        "Tenesta skal opne eit dagtilbod for rehabilitering i sentrum.",
        "Tenesta skal lage ein plan for heimerehabilitering.",
    ]
    # the first line over a dated byline is the title, not the kind word "Styringsmål"
    assert draft.title == "Bestilling til rehabiliteringstenesta 2027"


def test_a_kind_word_heading_is_never_the_title() -> None:
    text = (
        "Styringsmål\n\n"
        "Styringsmål 1: Ingen pasientar skal liggje på korridor.\n\n"
        "Oppdrag\n\n"
        "Oppdrag 1: Klinikken skal opne ti nye senger.\n"
    )
    draft = read_upload("oppdrag-klinikk.txt", text.encode())
    assert draft.title != "Styringsmål"
    assert draft.title != "Oppdrag"
    assert [g.label for g in _of(draft, "goal")] == ["Ingen pasientar skal liggje på korridor."]


def test_oppdraget_still_names_the_commission_of_the_plan_not_measures() -> None:
    text = (
        "# Plan for kreftomsorg 2026\n\n"
        "## Oppdraget\n\n"
        "- Direktøren ba om en plan for kreftomsorgen\n"
        "- Planen skal legges fram for styret i juni\n"
    )
    draft = read_upload("plan.md", text.encode())
    assert _of(draft, "measure") == []


def test_a_line_that_names_the_tasks_heads_the_paragraph_under_it() -> None:
    data = _docx(
        [
            "# Styringsdokument 2026 for Sykehuset Vik",
            "## 3 Rus og psykisk helse",
            "Styringsmål",
            [["Styringsmål", "Måltall 2026"], ["Ventetid i TSB", "Under 30 dager"]],
            "Oppgaver",
            "Sykehuset Vik skal opprette et ambulant rusteam som dekker hele opptaksområdet.",
        ]
    )
    draft = read_upload("styring.docx", data)
    measures = _of(draft, "measure")
    assert [m.text for m in measures] == [
        "Sykehuset Vik skal opprette et ambulant rusteam som dekker hele opptaksområdet."
    ]
    theme = next(t for t in _of(draft, "theme") if t.id == measures[0].theme)
    assert theme.label == "Rus og psykisk helse"
    assert [g.text for g in _of(draft, "goal")] == ["Ventetid i TSB"]


@pytest.mark.parametrize("column", ["Område", "Innsatsområde", "Tema"])
def test_an_area_column_is_the_theme_of_its_row(column: str) -> None:
    html = (
        "<html lang='nb'><body><h1>Status for fødetilbudet 2026</h1>"
        "<h2>Status per område</h2><table>"
        f"<tr><th>{column}</th><th>Status</th><th>Utfordring</th></tr>"
        "<tr><td>Jordmortjeneste</td><td>Rød</td>"
        "<td>Det mangler jordmødre i tre av fem kommuner.</td></tr>"
        "<tr><td>Fødestuer</td><td>Gul</td>"
        "<td>Fødestua i nord har for få fødsler til å holde kompetansen ved like.</td></tr>"
        "</table></body></html>"
    )
    draft = read_upload("status.html", html.encode())
    themes = {t.id: t.label for t in _of(draft, "theme")}
    challenges = _of(draft, "challenge")
    assert [themes[c.theme] for c in challenges if c.theme] == ["Jordmortjeneste", "Fødestuer"]
    assert "Status per område" not in themes.values()


def test_a_task_sentence_beside_a_list_of_measures_is_a_measure() -> None:
    html = (
        "<html lang='nb'><body><h1>Statusnotat for rehabilitering 2026</h1>"
        "<h2>Videre arbeid</h2>"
        "<p>Klinikksjefen vil legge fram en ny modell for dagrehabilitering i mars.</p>"
        "<p>Vi vil arbeide videre med disse tiltakene.</p>"
        "<ul><li>Innføre digital oppfølging etter utskrivning</li>"
        "<li>Etablere et ambulant team for slagrammede</li></ul>"
        "</body></html>"
    )
    draft = read_upload("status.html", html.encode())
    assert [m.text for m in _of(draft, "measure")] == [
        "Klinikksjefen vil legge fram en ny modell for dagrehabilitering i mars.",
        "Innføre digital oppfølging etter utskrivning",
        "Etablere et ambulant team for slagrammede",
    ]


def test_an_ansvarsomraade_column_is_no_theme() -> None:
    text = (
        "# Tiltaksplan for legemidler 2026\n\n"
        "| Tiltak | Ansvarsområde |\n|---|---|\n"
        "| Innføre legemiddelgjennomgang ved innleggelse | Sykehusapoteket |\n"
    )
    draft = read_upload("tiltak.md", text.encode())
    measures = _of(draft, "measure")
    assert [m.text for m in measures] == ["Innføre legemiddelgjennomgang ved innleggelse"]
    assert "Sykehusapoteket" not in [t.label for t in _of(draft, "theme")]
