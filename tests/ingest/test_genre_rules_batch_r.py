"""Genre rules of the blind batch R's shapes (stop 32, imp_r2): a workbook laid out as
side-by-side blocks, one column group per area under a merged header cell, or one column per
area with the kinds in the first column; a memo whose proposed decisions are its measures and
whose assessment's sub-sections are its areas; a board case with the plan appended after it.
The texts here are written for the tests, in those shapes. (test_genre_rules_r.py is an older
round's file, named after its helper.)"""

from __future__ import annotations

import io

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of, of_kind, texts_of, xlsx_bytes


def _xlsx(rows: list[list[str | None]], merged: tuple[str, ...] = ()) -> Draft:
    """A one-sheet workbook from the shared builder, with the given ranges merged as a
    spreadsheet program merges them (the value stays in the range's first cell)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx_bytes({"Tiltaksplan": rows})))
    for cells in merged:
        wb.active.merge_cells(cells)
    out = io.BytesIO()
    wb.save(out)
    return read_upload("tiltaksplan.xlsx", out.getvalue())


# ---------------------------------------------------------------- side-by-side area blocks

_GROUPS: list[list[str | None]] = [
    ["Tiltaksplan for smittevern 2027–2028"],
    [None, "Handhygiene", None, "Isolering", None],
    [
        "Utfordring",
        "Berre seks av ti observasjonar i sengepostane viser rett handhygiene.",
        None,
        "Det er for få einerom til pasientar som må isolerast.",
        None,
    ],
    [
        "Mål",
        "Minst ni av ti observasjonar skal vise rett handhygiene innan 2028.",
        None,
        "Alle pasientar med smittsam sjukdom skal få einerom same dag.",
        None,
    ],
    ["Nr", "Tiltak", "Frist", "Tiltak", "Frist"],
    [
        "1",
        "Innføre månadlege observasjonar av handhygiene",
        "01.03.2027",
        "Byggje om to rom til isolat",
        "2028",
    ],
    ["2", "Setje opp dispenserar ved kvar seng", "01.06.2027", None, None],
]


def test_column_groups_under_merged_area_cells_are_read_one_area_each() -> None:
    draft = _xlsx(_GROUPS, merged=("B2:C2", "D2:E2", "B3:C3", "D3:E3", "B4:C4", "D4:E4"))
    assert labels_of(draft, "theme") == ["Handhygiene", "Isolering"]
    themes = {t.label: t.id for t in of_kind(draft, "theme")}
    measures = of_kind(draft, "measure")
    assert [(m.text, m.theme) for m in measures] == [
        ("Innføre månadlege observasjonar av handhygiene", themes["Handhygiene"]),
        ("Setje opp dispenserar ved kvar seng", themes["Handhygiene"]),
        ("Byggje om to rom til isolat", themes["Isolering"]),
    ]
    assert measures[0].deadline == "01.03.2027"
    assert [(c.text, c.theme) for c in of_kind(draft, "challenge")] == [
        (
            "Berre seks av ti observasjonar i sengepostane viser rett handhygiene.",
            themes["Handhygiene"],
        ),
        ("Det er for få einerom til pasientar som må isolerast.", themes["Isolering"]),
    ]
    assert texts_of(draft, "goal") == [
        "Minst ni av ti observasjonar skal vise rett handhygiene innan 2028.",
        "Alle pasientar med smittsam sjukdom skal få einerom same dag.",
    ]


def test_column_groups_with_a_blank_column_between_them() -> None:
    draft = _xlsx(
        [
            ["Handlingsplan for pasientsikkerhet 2027"],
            ["Område", "Legemiddel", None, None, "Fall", None],
            ["Nr", "Aktivitet", "Ansvar", None, "Aktivitet", "Ansvar"],
            [
                "1",
                "Innføre legemiddelsamstemming ved innlegging",
                "Farmasøyt",
                None,
                "Kartleggje fallrisiko hos alle over 65 år",
                "Sengepost",
            ],
            ["2", None, None, None, "Kjøpe inn sengealarmar", "Driftssjef"],
        ]
    )
    assert labels_of(draft, "theme") == ["Legemiddel", "Fall"]
    assert texts_of(draft, "measure") == [
        "Innføre legemiddelsamstemming ved innlegging",
        "Kartleggje fallrisiko hos alle over 65 år",
        "Kjøpe inn sengealarmar",
    ]


def test_one_column_per_area_with_the_kinds_in_the_first_column() -> None:
    draft = _xlsx(
        [
            ["Tiltaksplan for ernæring 2027"],
            [None, "Underernæring", "Måltider"],
            [
                "Utfordring",
                "Om lag ein av tre inneliggjande pasientar er i risiko for underernæring.",
                "Mange pasientar får ikkje mat mellom klokka 18 og 08.",
            ],
            [
                "Tiltak",
                "Screene alle pasientar for ernæringsrisiko ved innlegging",
                "Innføre kveldsmåltid på alle sengepostar",
            ],
            [None, "Lage ernæringsplan for alle i risiko", None],
        ],
        merged=("A4:A5",),
    )
    themes = {t.label: t.id for t in of_kind(draft, "theme")}
    assert list(themes) == ["Underernæring", "Måltider"]
    assert [(m.text, m.theme) for m in of_kind(draft, "measure")] == [
        ("Screene alle pasientar for ernæringsrisiko ved innlegging", themes["Underernæring"]),
        ("Lage ernæringsplan for alle i risiko", themes["Underernæring"]),
        ("Innføre kveldsmåltid på alle sengepostar", themes["Måltider"]),
    ]
    assert len(of_kind(draft, "challenge")) == 2


def test_a_plan_and_result_pair_of_column_groups_is_no_pair_of_areas() -> None:
    rows: list[list[str | None]] = [
        ["Tiltaksplan for smittevern 2027"],
        [None, "Plan", None, "Resultat", None],
        ["Nr", "Tiltak", "Frist", "Tiltak", "Frist"],
        [
            "1",
            "Innføre månadlege observasjonar av handhygiene",
            "2027",
            "Innført i to av fire sengepostar",
            "2027",
        ],
    ]
    draft = _xlsx(rows, merged=("B2:C2", "D2:E2"))
    assert not of_kind(draft, "theme")
    assert "Resultat" not in [i.label for i in draft.items]


def test_year_column_groups_are_no_areas() -> None:
    draft = _xlsx(
        [
            ["Tiltaksplan for smittevern"],
            [None, "2027", None, "2028", None],
            ["Nr", "Tiltak", "Ansvar", "Tiltak", "Ansvar"],
            [
                "1",
                "Innføre månadlege observasjonar av handhygiene",
                "Smittevernlege",
                "Evaluere observasjonane",
                "Smittevernlege",
            ],
        ]
    )
    assert not [t for t in of_kind(draft, "theme") if t.label in ("2027", "2028")]


# ---------------------------------------------------------------- a memo's proposed decisions

_MEMO = """Helse Sørvika HF

NOTAT

Til:      Klinikkledermøtet
Fra:      Klinikksjef, Medisinsk klinikk
Dato:     14. april 2027

OPPFØLGING AV PASIENTER MED DIABETES 2027-2028


1 Bakgrunn

Klinikken følger i dag om lag 1 900 voksne med diabetes type 1 ved poliklinikken.

2 Vurdering

2.1 Kontroller og ventetid

Mange pasienter må vente over et år på kontroll. Det er ikke avklart hvem som kaller inn pasienter som uteblir.

2.2 Opplæring

Pasientene får tilbud om kurs ved Lærings- og mestringssenteret. Nyansatte sykepleiere vet ikke hvilke kurs som finnes.

Målet bør være at alle nye pasienter får opplæring innen tre måneder.

2.3 Økonomiske konsekvenser

Tiltakene dekkes innenfor klinikkens budsjett. Det mangler likevel midler til nye sensorer.


3 Forslag til vedtak

1. Klinikkledermøtet tar saken til orientering.
2. Poliklinikken innfører digitale egenkontroller for stabile pasienter fra høsten 2027.
3. Det blir opprettet en fast sykepleierstilling for innkalling og oppfølging.
4. Klinikksjefen rapporterer om oppfølgingen av vedtaket i tertialrapporten.


Vedlegg:
1. Årsrapport for diabetespoliklinikken 2026
"""


def _txt(text: str) -> Draft:
    return read_upload("notat.txt", text.encode("utf-8"))


def test_a_memos_proposed_decisions_are_its_measures_and_its_assessed_sections_its_areas() -> None:
    draft = _txt(_MEMO)
    assert texts_of(draft, "measure") == [
        "Poliklinikken innfører digitale egenkontroller for stabile pasienter fra høsten 2027.",
        "Det blir opprettet en fast sykepleierstilling for innkalling og oppfølging.",
    ]
    assert labels_of(draft, "theme") == ["Kontroller og ventetid", "Opplæring"]
    themes = {t.label: t.id for t in of_kind(draft, "theme")}
    assert [(c.text, c.theme) for c in of_kind(draft, "challenge")] == [
        ("Mange pasienter må vente over et år på kontroll.", themes["Kontroller og ventetid"]),
        (
            "Det er ikke avklart hvem som kaller inn pasienter som uteblir.",
            themes["Kontroller og ventetid"],
        ),
        ("Nyansatte sykepleiere vet ikke hvilke kurs som finnes.", themes["Opplæring"]),
    ]
    assert texts_of(draft, "goal") == [
        "Målet bør være at alle nye pasienter får opplæring innen tre måneder."
    ]
    assert draft.title == "OPPFØLGING AV PASIENTER MED DIABETES 2027-2028"


def test_a_memos_procedural_proposals_and_attachments_are_no_items() -> None:
    draft = _txt(_MEMO)
    texts = [i.text for i in draft.items]
    assert not [t for t in texts if "til orientering" in t or "rapporterer" in t]
    assert not [t for t in texts if "Årsrapport" in t]
    # the memo's standing section on costs is no area, its lack of money no challenge
    assert "Økonomiske konsekvenser" not in labels_of(draft, "theme")


def test_a_board_cases_decision_points_are_no_measures_when_the_plan_is_attached() -> None:
    draft = _txt(
        """Helse Sørvika HF

Styresak 14/2027

Forslag til vedtak

1. Styret godkjenner handlingsplanen for diabetesomsorg 2027-2028.
2. Styret ber om å bli orientert om arbeidet hvert halvår.
3. Administrerende direktør får fullmakt til å prioritere innenfor rammen.

Vedlegg: Handlingsplan for diabetesomsorg 2027-2028

Kontroller og ventetid

Mange pasienter må vente over et år på kontroll.

Tiltak

1. Innføre digitale egenkontroller for stabile pasienter
2. Opprette en fast stilling for innkalling
"""
    )
    assert texts_of(draft, "measure") == [
        "Innføre digitale egenkontroller for stabile pasienter",
        "Opprette en fast stilling for innkalling",
    ]


def test_a_board_case_with_the_plan_appended_is_read_from_the_plan() -> None:
    draft = read_upload(
        "styresak.md",
        """# Styresak 22/2027 Handlingsplan for fallforebygging 2027-2029

## Forslag til vedtak

1. Styret vedtar Handlingsplan for fallforebygging 2027-2029.
2. Styret ber om en årlig rapport om arbeidet.

## Saksframlegg

Planen har tre innsatsområder: kartlegging, trening og hjelpemidler.

Administrerende direktør anbefaler at styret vedtar planen.

# Vedlegg: Handlingsplan for fallforebygging 2027-2029

## 1 Kartlegging av fallrisiko

Pasienter over 80 år blir sjelden kartlagt for fallrisiko ved innleggelse.

Mål: Alle pasienter over 65 år skal kartlegges for fallrisiko innen ett døgn.

Tiltak

1. Innføre et felles kartleggingsskjema i journalen
2. Lære opp sykepleierne på alle sengeposter i skjemaet

## 2 Trening

Mål: Alle pasienter med høy fallrisiko skal få tilbud om balansetrening.

Tiltak

1. Opprette en gruppe for balansetrening ved fysioterapiavdelingen
""".encode(),
    )
    assert labels_of(draft, "theme") == ["Kartlegging av fallrisiko", "Trening"]
    assert texts_of(draft, "measure") == [
        "Innføre et felles kartleggingsskjema i journalen",
        "Lære opp sykepleierne på alle sengeposter i skjemaet",
        "Opprette en gruppe for balansetrening ved fysioterapiavdelingen",
    ]
    assert labels_of(draft, "goal") == [
        "Alle pasienter over 65 år skal kartlegges for fallrisiko innen ett døgn.",
        "Alle pasienter med høy fallrisiko skal få tilbud om balansetrening.",
    ]
    assert texts_of(draft, "challenge") == [
        "Pasienter over 80 år blir sjelden kartlagt for fallrisiko ved innleggelse."
    ]
