"""Genre rules of the blind batch T's shapes (stop 32, imp_t2): plans copied out of forms and
case tools as 'Key: value' record blocks, goals listed by their IDs ("M1  ..."), a web page whose
areas are a grid of cards with their text in dialogs further down the page, a PDF joint plan
whose table typed between bars wraps its long rows. The texts here are written for the tests,
in those shapes; none is taken from the batch."""

from __future__ import annotations

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of, of_kind, texts_of


def _txt(text: str) -> Draft:
    return read_upload("tiltaksplan.txt", text.encode("utf-8"))


def _html(text: str) -> Draft:
    return read_upload("plan.html", text.encode("utf-8"))


# ---------------------------------------------------------------- record blocks

_RECORDS = """HANDLINGSPLAN FOR LEGEMIDDELHÅNDTERING 2027-2028
Sykehusapoteket Vestlia (fiktiv)


BAKGRUNN

Sykehuset bruker om lag 40 000 doser legemidler i uken. Arbeidet er organisert i to områder.


SAMSTEMMING VED INNLEGGELSE

Tiltak: Innføre farmasøytsamtale med alle pasienter over 75 år
Beskrivelse: Farmasøyten går gjennom legemiddellisten sammen med pasienten første døgn.
Ansvarlig: Sjeffarmasøyt
Frist: 01.09.2027

Tiltak: Hente legemiddellisten fra kjernejournalen automatisk
Beskrivelse: Listen legges rett inn i kurven, slik at ingen må skrive den av.
Ansvarlig: IKT-seksjonen
Frist: 2028


UTDELING PÅ SENGEPOST

Tiltak: Ta i bruk strekkodeskanning ved utdeling
Beskrivelse: Sykepleieren skanner pasientens armbånd og
  legemiddelet før utdeling.
Ansvarlig: Klinikksjef medisin
Frist: 31.12.2027
Status: Påbegynt
"""


def test_record_blocks_are_measures_under_their_area() -> None:
    draft = _txt(_RECORDS)
    assert texts_of(draft, "measure") == [
        "Tiltak: Innføre farmasøytsamtale med alle pasienter over 75 år",
        "Tiltak: Hente legemiddellisten fra kjernejournalen automatisk",
        "Tiltak: Ta i bruk strekkodeskanning ved utdeling",
    ]
    themes = {t.id: t.label.casefold() for t in of_kind(draft, "theme")}
    parents = [themes.get(m.theme or "") for m in of_kind(draft, "measure")]
    assert parents == [
        "samstemming ved innleggelse",
        "samstemming ved innleggelse",
        "utdeling på sengepost",
    ]


def test_record_fields_are_details_not_items() -> None:
    draft = _txt(_RECORDS)
    every = " ".join(i.text or i.label for i in draft.items)
    assert "Beskrivelse" not in every and "Sjeffarmasøyt" not in every
    scanning = of_kind(draft, "measure")[2]
    assert scanning.responsible == "Klinikksjef medisin"
    assert scanning.deadline == "31.12.2027"


def test_upper_case_background_line_is_no_theme() -> None:
    draft = _txt(_RECORDS)
    labels = [t.casefold() for t in labels_of(draft, "theme")]
    assert "bakgrunn" not in labels
    assert not of_kind(draft, "challenge")


def test_key_value_lines_without_a_kind_key_stay_text() -> None:
    # a contact block ("Kontakt: ...", "Telefon: ...", "E-post: ...") is no record of an item
    draft = _txt(
        _RECORDS
        + "\n\nKONTAKT\n\nKontakt: Sjeffarmasøyt\nTelefon: 12 34 56 78\nE-post: post@vestlia.example\n"
    )
    assert len(of_kind(draft, "measure")) == 3
    assert not any("Telefon" in (i.text or "") for i in draft.items)


# ---------------------------------------------------------------- goals listed by their IDs


def test_goal_lines_listed_by_id_are_goals_without_the_id() -> None:
    draft = _txt(
        "Tiltaksplan for ernæring 2027\n\n"
        "MÅL\n\n"
        "M1  Alle inneliggende pasienter skal vurderes for underernæring innen ett døgn.\n"
        "M2  Minst 80 prosent av pasientene skal få en ernæringsplan ved behov.\n\n"
        "TILTAK\n\n"
        "- Innføre screening av ernæringsstatus i mottaket\n"
    )
    assert labels_of(draft, "goal") == [
        "Alle inneliggende pasienter skal vurderes for underernæring innen ett døgn.",
        "Minst 80 prosent av pasientene skal få en ernæringsplan ved behov.",
    ]
