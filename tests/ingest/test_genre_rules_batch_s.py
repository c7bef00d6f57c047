"""Genre rules for the shapes held-out batch S (h95-h100) showed: minutes of a meeting sent in
an e-mail below the sender's closing, whose agreed points are the measures and whose reported
concerns are the challenges; annual plans that mix routine operations with development
measures; reviewers' comments left in a plan; planning-tool exports whose level column gives
the kind; table cells holding several measures. The texts here are written for the tests."""

from __future__ import annotations

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of, texts_of


def _txt(text: str) -> Draft:
    return read_upload("notat.txt", text.encode("utf-8"))


# ------------------------------------------------------------------ minutes in an e-mail

_MINUTES_MAIL = """Frå: Kari Nordbø <kari.nordbo@example.no>
Sendt: måndag 4. oktober 2027 09:12
Til: Samarbeidsutvalet
Emne: Referat frå samarbeidsmøte om utskrivingsklare pasientar

Hei alle,

her er referatet frå møtet i går. Sei frå innan fredag om noko må rettast.

Venleg helsing
Kari


REFERAT FRÅ SAMARBEIDSMØTE OM UTSKRIVINGSKLARE PASIENTAR

Tid: 3. oktober 2027 kl. 09.00-11.00
Stad: Fjellvik sjukehus, møterom 2
Til stades: Fjellvik sjukehus, Berg kommune, Dal kommune
Referent: Kari Nordbø


1 Opning

Leiaren ønskte velkomen og gjekk gjennom sakslista.


2 Meldingar om utskriving

Berg kommune melde at dei ofte ikkje får vite om utskrivinga før same dag.

Sjukehuset viste til at andre helsefellesskap har gode erfaringar med faste kontaktpunkt.

Me vart samde om:
- Sjukehuset varslar kommunen seinast dagen før planlagd utskriving
- Dal kommune prøver ut eit fast kontaktpunkt for sjukehuset
- Saka vert teken opp att på neste samarbeidsmøte


3 Eventuelt

Ingen saker.

--
Kari Nordbø
Rådgjevar
"""


def test_minutes_pasted_below_the_senders_closing_are_the_document() -> None:
    draft = _txt(_MINUTES_MAIL)
    assert labels_of(draft, "theme") == ["Meldingar om utskriving"]
    everything = " ".join(i.text or i.label for i in draft.items)
    # the greeting, the covering note, the closing and the signature are no part of the plan
    for furniture in ("her er referatet", "Venleg helsing", "Rådgjevar", "Hei alle"):
        assert furniture not in everything


def test_a_documents_own_title_in_capitals_under_the_mail_header_is_its_title() -> None:
    draft = _txt(_MINUTES_MAIL)
    assert draft.title == "REFERAT FRÅ SAMARBEIDSMØTE OM UTSKRIVINGSKLARE PASIENTAR"
    assert not any(i.label.startswith("REFERAT") for i in draft.items)


def test_what_a_meeting_agreed_is_its_measures_and_a_procedural_point_stays_out() -> None:
    draft = _txt(_MINUTES_MAIL)
    assert texts_of(draft, "measure") == [
        "Sjukehuset varslar kommunen seinast dagen før planlagd utskriving",
        "Dal kommune prøver ut eit fast kontaktpunkt for sjukehuset",
    ]


def test_a_concern_reported_at_a_meeting_is_a_challenge_and_a_good_report_is_not() -> None:
    draft = _txt(_MINUTES_MAIL)
    assert texts_of(draft, "challenge") == [
        "Berg kommune melde at dei ofte ikkje får vite om utskrivinga før same dag."
    ]


def test_a_closing_that_ends_a_mail_with_no_document_below_it_still_ends_it() -> None:
    draft = _txt(
        """Fra: Ola Hansen <ola@example.no>
Til: Ledergruppen
Emne: Tiltak for bedre pasientflyt

Hei,

Tiltak:
- Innføre daglige tavlemøter på sengepostene
- Etablere et utskrivningsteam

Med vennlig hilsen
Ola Hansen
Avdelingssjef
Tlf. 22 00 00 00
"""
    )
    assert texts_of(draft, "measure") == [
        "Innføre daglige tavlemøter på sengepostene",
        "Etablere et utskrivningsteam",
    ]
    assert not any("Hansen" in (i.text or i.label) for i in draft.items)


def test_minutes_without_a_mail_agreed_points_in_bokmaal() -> None:
    draft = _txt(
        """Møtereferat – dialogmøte om legevakt

Til stede: Lia kommune, Nes kommune, Sykehuset Nordvik
Referent: Per Lie

Legevaktsamarbeid

Nes kommune påpekte at legevakten har for lang responstid om natten.

Det ble avtalt:
- Kommunene utreder en felles nattlegevakt innen mars
- Referatet godkjennes på neste møte
"""
    )
    assert texts_of(draft, "measure") == ["Kommunene utreder en felles nattlegevakt innen mars"]
    assert texts_of(draft, "challenge") == [
        "Nes kommune påpekte at legevakten har for lang responstid om natten."
    ]
