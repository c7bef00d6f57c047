"""A status note told in prose: under each topic heading, the sentences that judge something
wanting are the theme's challenges; background, good news and a list's lead-in are not."""

from __future__ import annotations

from plangraph.ingest.importer import read_upload

PROSE_NB = """# Statusnotat for Helse Prøvedal (fiktiv)

## Akuttmottak

Det er for lang ventetid i akuttmottaket om kvelden.

## Rekruttering

Det er vanskelig å rekruttere spesialsykepleiere til intensivavdelingen.

Mange legestillinger i distriktet står ubesatt over lang tid.
"""

PROSE_NN = """Statusnotat 2026 – Helse Nordfjell (fiktiv)

Innleiing

Notatet skildrar status for tre temaområde. Arbeidsgruppa har hatt fire møte.

Psykisk helsevern

Ventetida for barn og unge har gått ned frå 62 til 48 dagar sidan 2024. Likevel er kapasiteten i dei distriktspsykiatriske sentra ikkje god nok, og det er for få døgnplassar for unge vaksne.

Laboratorium

Analysemaskinene er frå 2012 og skal skiftast ut i 2027. Svarutveksling med fastlegane sviktar fleire gonger i månaden.

Økonomi

Føretaket hadde eit overskot på 40 millionar kroner i 2025.
"""


def _items(name: str, text: str) -> list[tuple[str, str]]:
    draft = read_upload(name, text.encode("utf-8"))
    assert draft.plan_type == "StatusNote"
    return [(i.kind, i.text or i.label) for i in draft.items]


def _challenges(name: str, text: str) -> list[str]:
    return [t for k, t in _items(name, text) if k == "challenge"]


def test_each_problem_sentence_under_a_topic_heading_is_a_challenge() -> None:
    items = _items("statusnotat.md", PROSE_NB)
    challenges = [t for k, t in items if k == "challenge"]
    assert challenges == [
        "Det er for lang ventetid i akuttmottaket om kvelden.",
        "Det er vanskelig å rekruttere spesialsykepleiere til intensivavdelingen.",
        "Mange legestillinger i distriktet står ubesatt over lang tid.",
    ]
    assert [t for k, t in items if k == "theme"] == ["Akuttmottak", "Rekruttering"]
    draft = read_upload("statusnotat.md", PROSE_NB.encode("utf-8"))
    theme_of = {i.id: i.label for i in draft.items if i.kind == "theme"}
    placed = {i.text: theme_of[i.theme or ""] for i in draft.items if i.kind == "challenge"}
    assert placed["Mange legestillinger i distriktet står ubesatt over lang tid."] == "Rekruttering"
    assert placed["Det er for lang ventetid i akuttmottaket om kvelden."] == "Akuttmottak"


def test_background_and_good_news_are_no_challenges_in_nynorsk_text() -> None:
    items = _items("statusnotat.txt", PROSE_NN)
    challenges = [t for k, t in items if k == "challenge"]
    assert challenges == [
        "Likevel er kapasiteten i dei distriktspsykiatriske sentra ikkje god nok, og det er for "
        "få døgnplassar for unge vaksne.",
        "Svarutveksling med fastlegane sviktar fleire gonger i månaden.",
    ]
    said = " ".join(t for _k, t in items)
    assert "har gått ned" not in said and "overskot" not in said and "skiftast ut" not in said


def test_a_list_of_challenges_keeps_its_lead_in_as_no_challenge() -> None:
    text = (
        "# Statusnotat for Helse Prøvedal (fiktiv)\n\n## Akuttmottak\n\n"
        "Det er et økende press på akuttmottaket, og gruppen peker på disse utfordringene:\n\n"
        "- Lang ventetid om kvelden\n- Få senger til observasjon\n"
    )
    challenges = _challenges("statusnotat.md", text)
    assert challenges == ["Lang ventetid om kvelden", "Få senger til observasjon"]


def test_outside_a_status_note_the_prose_rule_does_not_apply() -> None:
    text = PROSE_NB.replace("# Statusnotat for", "# Handlingsplan for")
    draft = read_upload("handlingsplan.md", text.encode("utf-8"))
    assert draft.plan_type == "ActionPlan"
    texts = [i.text for i in draft.items if i.kind == "challenge"]
    assert "Det er for lang ventetid i akuttmottaket om kvelden." not in texts


def test_for_many_years_and_for_large_parts_are_no_problems() -> None:
    text = (
        "# Statusnotat for Helse Prøvedal (fiktiv)\n\n## Samhandling\n\n"
        "Avtalen med kommunene har gjeldt for mange år og dekker for store deler av regionen.\n\n"
        "Det er for få koordinatorer i kommunene.\n"
    )
    challenges = _challenges("statusnotat.md", text)
    assert challenges == ["Det er for få koordinatorer i kommunene."]
