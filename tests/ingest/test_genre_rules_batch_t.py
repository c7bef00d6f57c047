"""Genre rules of the blind batch T's shapes (stop 32, imp_t2): plans copied out of forms and
case tools as 'Key: value' record blocks, goals listed by their IDs ("M1  ..."), a web page whose
areas are a grid of cards with their text in dialogs further down the page, a PDF joint plan
whose table typed between bars wraps its long rows. The texts here are written for the tests,
in those shapes; none is taken from the batch."""

from __future__ import annotations

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import docx_of, labels_of, of_kind, pdf_bytes, texts_of, xlsx_bytes


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


def test_record_blocks_in_word_one_paragraph_a_line() -> None:
    data = docx_of(
        [
            "# Handlingsplan for legemiddelhåndtering 2027–2028",
            "## Samstemming ved innleggelse",
            "Tiltak: Innføre farmasøytsamtale med alle pasienter over 75 år",
            "Beskrivelse: Farmasøyten går gjennom legemiddellisten sammen med pasienten.",
            "Ansvarlig: Sjeffarmasøyt",
            "Frist: 01.09.2027",
            "Tiltak: Hente legemiddellisten fra kjernejournalen automatisk",
            "Beskrivelse: Listen legges rett inn i kurven.",
            "Ansvarlig: IKT-seksjonen",
        ]
    )
    draft = read_upload("handlingsplan.docx", data)
    assert texts_of(draft, "measure") == [
        "Tiltak: Innføre farmasøytsamtale med alle pasienter over 75 år",
        "Tiltak: Hente legemiddellisten fra kjernejournalen automatisk",
    ]
    assert of_kind(draft, "measure")[0].deadline == "01.09.2027"


def test_record_blocks_in_markdown() -> None:
    text = (
        "# Handlingsplan for legemiddelhåndtering\n\n## Utdeling på sengepost\n\n"
        "Tiltak: Ta i bruk strekkodeskanning ved utdeling\n"
        "Beskrivelse: Sykepleieren skanner armbåndet før utdeling.\n"
        "Ansvarlig: Klinikksjef medisin\n"
        "Frist: 31.12.2027\n"
    )
    draft = read_upload("plan.md", text.encode("utf-8"))
    assert texts_of(draft, "measure") == ["Tiltak: Ta i bruk strekkodeskanning ved utdeling"]
    assert of_kind(draft, "measure")[0].responsible == "Klinikksjef medisin"


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


# ---------------------------------------------------------------- cards with dialogs


def _card(slug: str, title: str) -> str:
    return (
        f'<article class="card"><h3>{title}</h3><p>Kort om området.</p>'
        f'<a href="#dlg-{slug}" data-open="dlg-{slug}">Les mer</a></article>'
    )


_CARD_PAGE = """<!DOCTYPE html><html lang="nb"><head><title>Plan for mat og måltider</title></head>
<body><main>
<h1>Plan for mat og måltider 2027–2029</h1>
<p>Planen gjelder alle sengeposter.</p>
<h2>Tre innsatsområder</h2>
<div class="grid">{cards}</div>
{dialogs}
</main></body></html>"""

_DIALOGS = """
<div class="modal" id="dlg-meny" role="dialog" hidden>
  <button class="modal-close">×</button>
  <h2>Meny og valgfrihet</h2>
  <p>Mange pasienter får ikke velge mellom flere retter, og menyen er lik hele uken.</p>
  <p><strong>Mål:</strong> Alle pasienter skal kunne velge mellom tre retter hver dag.</p>
  <h3>Dette gjør vi</h3>
  <ul><li>Innføre bestilling av måltider fra nettbrett ved sengen</li>
  <li>Lage en ukemeny med sesongens råvarer</li></ul>
</div>
<dialog id="dlg-tid">
  <h2>Måltider gjennom døgnet</h2>
  <h3>Dette gjør vi</h3>
  <ul><li>Tilby et kveldsmåltid klokken 21 på alle sengeposter</li></ul>
</dialog>
"""


def test_dialogs_opened_from_cards_are_the_cards_content() -> None:
    page = _CARD_PAGE.format(
        cards=_card("meny", "Meny og valgfrihet") + _card("tid", "Måltider gjennom døgnet"),
        dialogs=_DIALOGS,
    )
    draft = _html(page)
    assert texts_of(draft, "measure") == [
        "Innføre bestilling av måltider fra nettbrett ved sengen",
        "Lage en ukemeny med sesongens råvarer",
        "Tilby et kveldsmåltid klokken 21 på alle sengeposter",
    ]
    assert texts_of(draft, "goal") == [
        "Mål: Alle pasienter skal kunne velge mellom tre retter hver dag."
    ]
    themes = {t.id: t.label for t in of_kind(draft, "theme")}
    assert [themes.get(m.theme or "") for m in of_kind(draft, "measure")] == [
        "Meny og valgfrihet",
        "Meny og valgfrihet",
        "Måltider gjennom døgnet",
    ]
    # each area once: the dialog's own title repeats the card's and is no second theme
    assert sorted(themes.values()) == ["Meny og valgfrihet", "Måltider gjennom døgnet"]


def test_login_and_cookie_dialogs_are_read_as_before() -> None:
    plain = """<!DOCTYPE html><html lang="nb"><body><main>
<h1>Handlingsplan for pasientsikkerhet 2027</h1>
<h2>Tiltak</h2>
<ul><li>Innføre tavlemøter på alle sengeposter</li><li>Etablere et team for fallforebygging</li></ul>
{extra}
</main></body></html>"""
    extra = """
<button data-target="#login">Logg inn</button>
<div class="modal" id="login" role="dialog" hidden><h2>Logg inn</h2>
<p>Skriv inn brukernavn og passord.</p><ul><li>Glemt passordet?</li></ul></div>
<div class="modal cookie-banner" id="cookies" role="dialog" hidden><h2>Informasjonskapsler</h2>
<p>Vi bruker informasjonskapsler for å forbedre nettsiden.</p>
<ul><li>Godta alle</li><li>Avvis</li></ul></div>
"""
    before = _html(plain.format(extra=""))
    after = _html(plain.format(extra=extra))
    assert [(i.kind, i.label) for i in after.items] == [(i.kind, i.label) for i in before.items]


def test_a_hidden_panel_a_button_opens_in_place_is_read() -> None:
    page = """<!DOCTYPE html><html lang="nb"><body><main>
<h1>Handlingsplan for smittevern 2028</h1>
<button aria-expanded="false" aria-controls="meny-panel">Meny</button>
<div class="menu-panel" id="meny-panel" hidden><ul><li>Forside</li><li>Kontakt oss</li></ul></div>
<h2>Håndhygiene</h2>
<p>Etterlevelsen av håndhygiene er for lav på sengepostene.</p>
<button aria-expanded="false" aria-controls="tiltak-1">Vis tiltakene</button>
<div id="tiltak-1" hidden>
<h3>Tiltak</h3>
<ul><li>Innføre månedlige observasjoner av håndhygiene</li>
<li>Sette opp dispensere ved hver seng</li></ul>
</div>
</main></body></html>"""
    draft = _html(page)
    assert texts_of(draft, "measure") == [
        "Innføre månedlige observasjoner av håndhygiene",
        "Sette opp dispensere ved hver seng",
    ]
    every = " ".join(i.text or i.label for i in draft.items)
    assert "Forside" not in every and "Kontakt oss" not in every


# ---------------------------------------------------------------- a bar table in a PDF


def test_wrapped_rows_of_a_bar_table_in_a_pdf_are_one_row_each() -> None:
    rows = [
        "| Tiltak | Kommunen | Sykehuset | Frist |",
        "| Felles rutine for utskriving av eldre pasienter med mange legemidler | "
        "Hjemmesykepleien besøker pasienten innen to dager etter utskrivingen | "
        "Sengeposten sender oppdatert legemiddelliste samme dag | 2028 |",
        "| Ukentlig videomøte om pasienter med behov for koordinert oppfølging | "
        "Koordinerende enhet kaller inn og skriver referat fra møtet | "
        "Sykehuset stiller med lege og sykepleier | 2027 |",
    ]
    data = pdf_bytes(
        [
            [
                ("h1", "Samarbeidsplan for eldre pasienter"),
                ("h2", "Trygg utskriving"),
                ("p", "Mål: Ingen pasienter skal reinnlegges fordi legemiddellisten var feil."),
                *[("p", row) for row in rows],
            ]
        ]
    )
    draft = read_upload("samarbeidsplan.pdf", data)
    assert texts_of(draft, "measure") == [
        "Felles rutine for utskriving av eldre pasienter med mange legemidler",
        "Ukentlig videomøte om pasienter med behov for koordinert oppfølging",
    ]
    # who does what is the row's detail, no measure of its own
    every = " ".join(i.text or i.label for i in draft.items)
    assert "Hjemmesykepleien" not in every and "Koordinerende enhet" not in every
    # ... kept as notes on the measure, so the preview shows them
    first = of_kind(draft, "measure")[0]
    assert any("Hjemmesykepleien besøker pasienten" in note for note in first.notes)


# ---------------------------------------------------------------- a register of problems

_REGISTER = (
    "Innspill til plan for pasientreiser 2028 - Helse Testvik (fiktiv);;;;\n"
    ";;;;\n"
    "Nr;Tema;Utfordring;Forslag til tiltak;Meldt av\n"
    "1;Drosje;Pasienter venter ofte over en time på drosje etter poliklinisk time.;"
    "Innføre fast hentetid for drosje ved poliklinikken;Brukerutvalget\n"
    "2;Drosje;Det er for få drosjer som kan ta rullestol.;Se punkt 1;Pasientreisekontoret\n"
    "3;Informasjon;Mange pasienter vet ikke at de kan få dekket reisen.;;Fastlegene\n"
    "4;Informasjon;Innkallingsbrevene mangler informasjon om pasientreiser.;"
    '"Legge inn tekst om pasientreiser i alle innkallingsbrev; lage en kort film";'
    "Pasientkontoret\n"
)


def test_measures_proposed_beside_problems_in_a_register() -> None:
    draft = read_upload("innspill.csv", _REGISTER.encode("utf-8"))
    assert len(of_kind(draft, "challenge")) == 4
    assert texts_of(draft, "measure") == [
        "Innføre fast hentetid for drosje ved poliklinikken",
        "Legge inn tekst om pasientreiser i alle innkallingsbrev; lage en kort film",
    ]
    themes = {t.id: t.label for t in of_kind(draft, "theme")}
    assert [themes.get(m.theme or "") for m in of_kind(draft, "measure")] == [
        "Drosje",
        "Informasjon",
    ]


def test_a_cross_reference_to_another_row_is_no_measure() -> None:
    draft = read_upload("innspill.csv", _REGISTER.encode("utf-8"))
    every = [i.text or i.label for i in draft.items]
    assert not any("Se punkt" in t for t in every)
    second = of_kind(draft, "challenge")[1]
    assert any("Se punkt 1" in note for note in second.notes)


# ---------------------------------------------------------------- an area's opening prose

_AREA_PROSE = """# Plan for sengeposter 2028

## Ro og hvile

Sykehuset har 320 senger fordelt på 14 sengeposter.

Pasientene har ingen stille rom å trekke seg tilbake til, og lyset i korridorene står på hele
natten. Nasjonale råd anbefaler at pasienter skal kunne sove uten avbrudd.

Mål: Alle sengeposter skal ha et stillerom innen 2029.

### Dette gjør vi

- Innrede et stillerom på hver sengepost
- Dempe lyset i korridorene fra klokken 23
"""


def test_opening_prose_of_an_area_states_its_challenge() -> None:
    draft = read_upload("plan.md", _AREA_PROSE.encode("utf-8"))
    assert texts_of(draft, "challenge") == [
        "Pasientene har ingen stille rom å trekke seg tilbake til, og lyset i korridorene "
        "står på hele natten."
    ]
    # the quoted recommendation and the figure are context, no items
    every = " ".join(i.text or i.label for i in draft.items)
    assert "anbefaler" not in every and "320 senger" not in every
    assert texts_of(draft, "measure") == [
        "Innrede et stillerom på hver sengepost",
        "Dempe lyset i korridorene fra klokken 23",
    ]


def test_opening_prose_without_goal_or_measures_after_it_is_no_challenge() -> None:
    draft = read_upload(
        "plan.md",
        b"# Plan for sengeposter 2028\n\n## Om sengepostene\n\n"
        b"Ingen av sengepostene er bygd om etter 1990.\n\nSengepostene har 320 senger.\n",
    )
    assert not of_kind(draft, "challenge")


# ---------------------------------------------------------------- a repository's README

_README = """# Digital innsjekk på poliklinikkene – handlingsplan for IKT

[![Status](https://img.shields.io/badge/status-godkjent-green)](https://git.example/innsjekk)

## Mål

Hovedmålet er at pasientene skal kunne sjekke inn selv uten å stå i kø i skranken.

Delmål:

- Alle poliklinikker skal ha innsjekkingsautomater innen utgangen av 2028.

## Tiltak

Tiltakene er delt i to arbeidspakker. Status for hvert tiltak står i saken det lenker til.

### Automater

1. Kjøpe inn 30 innsjekkingsautomater ([#41](https://git.example/innsjekk/issues/41))
2. Koble automatene til timeboken (#42)

## Bidra

Har du funnet en feil? Slik gjør du:

1. Opprett en ny sak med merkelappen `innsjekk`.
2. Beskriv hvilken poliklinikk det gjelder.
3. Prosjektlederen går gjennom nye saker hver mandag.
"""


def test_a_readmes_how_to_contribute_steps_are_no_measures() -> None:
    draft = read_upload("README.md", _README.encode("utf-8"))
    assert labels_of(draft, "measure") == [
        "Kjøpe inn 30 innsjekkingsautomater (#41)",
        "Koble automatene til timeboken (#42)",
    ]
    assert "Bidra" not in labels_of(draft, "theme")


def test_the_main_goal_sentence_over_a_list_of_sub_goals_is_a_goal() -> None:
    draft = read_upload("README.md", _README.encode("utf-8"))
    assert texts_of(draft, "goal") == [
        "Hovedmålet er at pasientene skal kunne sjekke inn selv uten å stå i kø i skranken.",
        "Alle poliklinikker skal ha innsjekkingsautomater innen utgangen av 2028.",
    ]


# ---------------------------------------------------------------- a lettered development plan


def test_activity_as_volume_and_the_cost_chapter_hold_no_measures() -> None:
    data = docx_of(
        [
            "# Utviklingsplan for Lungeavdelingen 2028–2032",
            "## A. Status",
            "### I. Pasientgrunnlag og aktivitet",
            "Avdelingen har 22 senger og hadde 9 000 polikliniske konsultasjoner i 2027.",
            "Pasientene gir avdelingen gode tilbakemeldinger.",
            "### II. Utfordringer",
            "- Ventetiden til søvnutredning er over ett år.",
            "## B. Tiltak",
            "### I. Søvnapné",
            "- Opprette en egen søvnpoliklinikk",
            "- Tilby pasientene oppfølging på video",
            "### II. Kols",
            "- Innføre digital hjemmeoppfølging etter innleggelse",
            "## C. Økonomi og oppfølging",
            "Tiltakene krever om lag 1,5 millioner kroner i året når de er fullt innført.",
        ]
    )
    draft = read_upload("utviklingsplan.docx", data)
    assert texts_of(draft, "measure") == [
        "Opprette en egen søvnpoliklinikk",
        "Tilby pasientene oppfølging på video",
        "Innføre digital hjemmeoppfølging etter innleggelse",
    ]
    assert labels_of(draft, "theme")[-2:] == ["Søvnapné", "Kols"]


def test_a_workbook_register_with_a_proposed_solution_column() -> None:
    data = xlsx_bytes(
        {
            "Innspill": [
                ["Innspill til plan for pasientreiser 2028"],
                [None],
                ["Nr", "Område", "Utfordring", "Forslag til løsning", "Meldt av"],
                [
                    "1",
                    "Drosje",
                    "Pasienter venter ofte over en time på drosje etter poliklinisk time.",
                    "Innføre fast hentetid for drosje ved poliklinikken",
                    "Brukerutvalget",
                ],
                [
                    "2",
                    "Drosje",
                    "Det er for få drosjer som kan ta rullestol.",
                    "-",
                    "Pasientreisekontoret",
                ],
            ]
        }
    )
    draft = read_upload("innspill.xlsx", data)
    assert texts_of(draft, "measure") == ["Innføre fast hentetid for drosje ved poliklinikken"]


def test_numbered_record_keys_and_a_dialog_title_that_goes_on() -> None:
    draft = _txt(
        "Tiltaksplan for ernæring 2028\n\nMÅLTIDER\n\n"
        "Tiltak 1.1: Tilby et kveldsmåltid på alle sengeposter\n"
        "Ansvar: Kjøkkensjef\n"
        "Frist: 2028\n"
    )
    assert texts_of(draft, "measure") == ["Tiltak 1.1: Tilby et kveldsmåltid på alle sengeposter"]
    page = _CARD_PAGE.format(
        cards=_card("meny", "Meny og valgfrihet"),
        dialogs=_DIALOGS.replace(
            "<h2>Meny og valgfrihet</h2>", "<h2>Meny og valgfrihet – slik jobber vi</h2>"
        ),
    )
    assert texts_of(_html(page), "measure")[:2] == [
        "Innføre bestilling av måltider fra nettbrett ved sengen",
        "Lage en ukemeny med sesongens råvarer",
    ]


def test_a_one_cell_section_row_of_a_bar_table_takes_no_lines_from_the_row_after_it() -> None:
    # the PDF reader's lines as the page wrapped them: a section row of one cell, then a row
    # wrapped after its first cell (the reader's lines, not yet blocks)
    from plangraph.ingest.documents import _PdfLine, _rejoin_bar_rows

    texts = [
        "| Tiltak | Ansvar | Frist |",
        "| Pasientsikkerhet |",
        "| Innføre tavlemøter på alle sengeposter hver morgen |",
        "Klinikksjef medisin | 2028 |",
    ]
    lines = [_PdfLine(t, 11.0, False, 31.0, 700.0 - 17 * n) for n, t in enumerate(texts)]
    assert [line.text for line in _rejoin_bar_rows(lines)] == [
        "| Tiltak | Ansvar | Frist |",
        "| Pasientsikkerhet |",
        "| Innføre tavlemøter på alle sengeposter hver morgen | Klinikksjef medisin | 2028 |",
    ]
