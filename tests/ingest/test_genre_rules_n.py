"""Genre rules of round n (the blind batch N's shapes): text taken out of a PDF (form feeds,
running header and footer, lines wrapped at the page's width, words hyphenated over line ends);
a workbook whose table has a header block of document facts above it and a second part
(a numbered list under a title row) lower on a sheet. The texts here are written for the
tests, in those shapes."""

from __future__ import annotations

from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of, texts_of, xlsx_bytes

# ---------------------------------------------------------------- text taken out of a PDF

# Lines wrapped at about 72 characters, as pdftotext gives them; the running header
# "Strandvik kommune" and the footer "... Side N av 3" on every page; a dotted table of
# contents; "rehabi-"/"litering" hyphenated, "helse-"/"og omsorgstenesta" a real hyphen, a
# measure broken over the page.
PDF_TEXT = (
    "Strandvik kommune\n"
    "\n"
    "HANDLINGSPLAN FOR REHABILITERING\n"
    "2026–2029\n"
    "\n"
    "Innhold\n"
    "1 Bakgrunn .............................................................. 2\n"
    "2 Hverdagsrehabilitering ................................................ 2\n"
    "3 Koordinering ........................................................... 3\n"
    "\n"
    "Handlingsplan for rehabilitering 2026–2029                  Side 1 av 3\n"
    "\f"
    "Strandvik kommune\n"
    "\n"
    "1 Bakgrunn\n"
    "Kommunen har de siste årene fått flere eldre innbyggere som bor hjemme\n"
    "med sammensatte behov. Planen bygger på en gjennomgang av tjenestene i\n"
    "2025.\n"
    "\n"
    "2 Hverdagsrehabilitering\n"
    "Mål\n"
    "Flere eldre skal klare seg selv i hverdagen etter sykdom eller skade, og\n"
    "ventetiden på rehabilitering i hjemmet skal være under to uker.\n"
    "Utfordringer\n"
    "Mange brukere får hjemmetjenester uten at noen har vurdert om de kan\n"
    "trenes opp til å klare oppgavene selv.\n"
    "Tiltak\n"
    "• Opprette et tverrfaglig team for hverdagsrehabilitering med fysiotera-\n"
    "peut, ergoterapeut og sykepleier\n"
    "• Gi alle ansatte i hjemmetjenesten opplæring i å vurdere rehabi-\n"
    "literingsbehov\n"
    "• Lage en felles rutine for oppfølging i den kommunale helse-\n"
    "og omsorgstjenesten etter utskrivning fra sykehus og fra korttids-\n"
    "avdelingen\n"
    "• Ta i bruk kartleggingsverktøyet COPM-\n"
    "N i alle nye saker\n"
    "• Tilby trening i gruppe på dagsenteret til brukere som har avsluttet\n"
    "\n"
    "\n"
    "Handlingsplan for rehabilitering 2026–2029                  Side 2 av 3\n"
    "\f"
    "Strandvik kommune\n"
    "\n"
    "hverdagsrehabilitering\n"
    "\n"
    "3 Koordinering\n"
    "Mål\n"
    "Alle med behov for langvarige og koordinerte tjenester skal ha en fast\n"
    "koordinator.\n"
    "Utfordringer\n"
    "Det tar ofte flere måneder før en bruker får oppnevnt koordinator.\n"
    "Tiltak\n"
    "• Samle koordinatorene i en felles enhet\n"
    "\n"
    "Handlingsplan for rehabilitering 2026–2029                  Side 3 av 3\n"
)


def test_pdf_text_is_read_without_page_furniture_with_wrapped_lines_joined() -> None:
    draft = read_upload("rehabilitering.txt", PDF_TEXT.encode())
    assert labels_of(draft, "theme") == ["Hverdagsrehabilitering", "Koordinering"]
    assert texts_of(draft, "goal") == [
        "Flere eldre skal klare seg selv i hverdagen etter sykdom eller skade, og ventetiden "
        "på rehabilitering i hjemmet skal være under to uker.",
        "Alle med behov for langvarige og koordinerte tjenester skal ha en fast koordinator.",
    ]
    assert texts_of(draft, "challenge") == [
        "Mange brukere får hjemmetjenester uten at noen har vurdert om de kan trenes opp til "
        "å klare oppgavene selv.",
        "Det tar ofte flere måneder før en bruker får oppnevnt koordinator.",
    ]
    measures = texts_of(draft, "measure")
    assert measures[:2] == [
        "Opprette et tverrfaglig team for hverdagsrehabilitering med fysioterapeut, "
        "ergoterapeut og sykepleier",
        "Gi alle ansatte i hjemmetjenesten opplæring i å vurdere rehabiliteringsbehov",
    ]
    # a hyphen before "og" is the language's own ("helse- og omsorgstjenesten"), and one
    # after a capital belongs to a name ("COPM-N"); "korttids-"/"avdelingen" is one word
    assert measures[2] == (
        "Lage en felles rutine for oppfølging i den kommunale helse- og omsorgstjenesten etter "
        "utskrivning fra sykehus og fra korttidsavdelingen"
    )
    assert measures[3] == "Ta i bruk kartleggingsverktøyet COPM-N i alle nye saker"
    # the measure broken over the page goes on after the footer, form feed and header
    assert measures[4] == (
        "Tilby trening i gruppe på dagsenteret til brukere som har avsluttet hverdagsrehabilitering"
    )
    assert measures[5:] == ["Samle koordinatorene i en felles enhet"]
    every = " ".join(i.text or i.label for i in draft.items)
    assert "Side" not in every and "Strandvik kommune" not in every and "...." not in every


def test_text_without_form_feeds_or_page_footers_keeps_its_lines_as_written() -> None:
    # a plain note typed with short lines: no page furniture, so no line is joined to the
    # heading above it and no hyphen is taken away
    text = (
        "Tiltak\n\n"
        "- Lage en felles rutine for den kommunale helse-\n"
        "og omsorgstjenesten\n"
        "- Opprette et ambulant team\n"
    )
    draft = read_upload("notat.txt", text.encode())
    assert texts_of(draft, "measure") == [
        "Lage en felles rutine for den kommunale helse- og omsorgstjenesten",
        "Opprette et ambulant team",
    ]


def test_a_short_line_ending_a_sentence_ends_its_paragraph_in_pdf_text() -> None:
    # two challenges one after the other, each ending its line: two, not one; a line that is
    # full goes on on the next line though that starts with a capital (a name)
    pages = [
        "Plan for legevakt\n\n"
        "1 Legevakt\n"
        "Utfordringer\n"
        "Legevakten har for få leger på vakt i helgene, og ventetiden øker om\n"
        "sommeren.\n"
        "Mange pasienter blir sendt videre til sykehuset i Nordby når de kunne\n"
        "Hjelpes lokalt.\n"
        "Tiltak\n"
        "• Opprette en ekstra vakt i helgene\n"
        "\nLegevaktplan   Side 1 av 2\n",
        "Plan for legevakt\n\n"
        "2 Samarbeid\n"
        "Tiltak\n"
        "• Lage en avtale med nabokommunene om felles legevakt\n"
        "\nLegevaktplan   Side 2 av 2\n",
    ]
    draft = read_upload("legevakt.txt", "\f".join(pages).encode())
    assert texts_of(draft, "challenge") == [
        "Legevakten har for få leger på vakt i helgene, og ventetiden øker om sommeren.",
        "Mange pasienter blir sendt videre til sykehuset i Nordby når de kunne Hjelpes lokalt.",
    ]
    assert labels_of(draft, "theme") == ["Legevakt", "Samarbeid"]


# ---------------------------------------------------------------- workbooks


def _header_block_workbook() -> bytes:
    return xlsx_bytes(
        {
            "Tiltaksplan": [
                ["Tiltaksplan for hørselshelse 2027"],
                ["Nordvik kommune"],
                ["Eier:", "Kommuneoverlegen"],
                ["Sist endret:", "03.02.2027"],
                ["Versjon:", "2.0"],
                [None],
                ["Nr", "Mål", "Tiltak", "Ansvar", "Frist"],
                ["Barn"],
                [
                    "1",
                    "Alle nyfødte skal få hørselstest før de reiser hjem fra sykehuset",
                    "Innføre hørselstest på barselavdelingen",
                    "Klinikksjef",
                    "2027",
                ],
                [
                    None,
                    None,
                    "Følge opp barn som ikke møter til kontroll",
                    "Helsestasjonen",
                    "2027",
                ],
                ["Eldre"],
                [
                    "2",
                    "Eldre med nedsatt hørsel skal få tilbud om høreapparat",
                    "Tilby hørselssjekk på eldresenteret",
                    "Hørselskontakten",
                    "2028",
                ],
                [None],
                ["Status: Ikke startet – Startet – Fullført."],
            ],
            "Bakgrunn": [
                ["Tall for planen"],
                [None],
                ["Indikator", "2025", "2026"],
                ["Barn testet før utskrivning (prosent)", "91", "93"],
                [None],
                ["Hovedutfordringer"],
                ["1", "Mange barn med hørselstap blir oppdaget for sent"],
                ["2", "Få eldre vet hvor de kan få hjelp med høreapparatet"],
                [None],
                ["Kilde: årsrapportene 2025–2026"],
            ],
        }
    )


def test_a_header_block_of_document_facts_above_a_sheets_table_is_no_table() -> None:
    draft = read_upload("horsel.xlsx", _header_block_workbook())
    assert labels_of(draft, "measure") == [
        "Innføre hørselstest på barselavdelingen",
        "Følge opp barn som ikke møter til kontroll",
        "Tilby hørselssjekk på eldresenteret",
    ]
    assert labels_of(draft, "goal") == [
        "Alle nyfødte skal få hørselstest før de reiser hjem fra sykehuset",
        "Eldre med nedsatt hørsel skal få tilbud om høreapparat",
    ]
    assert labels_of(draft, "theme")[:2] == ["Barn", "Eldre"]
    every = " ".join(i.text or i.label for i in draft.items)
    assert "Kommuneoverlegen" not in every and "Versjon" not in every and "Status:" not in every


def test_a_numbered_list_under_a_title_row_lower_on_a_sheet_gives_its_items() -> None:
    draft = read_upload("horsel.xlsx", _header_block_workbook())
    # the indicator table gives nothing, the numbered list its challenges without their
    # numbers, the source line nothing
    assert texts_of(draft, "challenge") == [
        "Mange barn med hørselstap blir oppdaget for sent",
        "Få eldre vet hvor de kan få hjelp med høreapparatet",
    ]
    every = " ".join(i.text or i.label for i in draft.items)
    assert "Indikator" not in every and "Kilde" not in every and "91" not in every


def test_a_blank_row_between_the_groups_of_a_table_keeps_the_table_whole() -> None:
    data = xlsx_bytes(
        {
            "Tiltak": [
                ["Tema", "Tiltak", "Ansvar", "Frist"],
                ["Forebygging", "Starte kurs i fallforebygging", "Fysioterapeut", "2027"],
                [None],
                ["Behandling", "Innføre felles prosedyre for brudd", "Overlege", "2028"],
                [None],
                ["Oppfølging"],
                ["Oppfølging", "Ringe alle pasienter etter utskrivning", "Sykepleier", "2027"],
            ]
        }
    )
    draft = read_upload("fall.xlsx", data)
    assert labels_of(draft, "measure") == [
        "Starte kurs i fallforebygging",
        "Innføre felles prosedyre for brudd",
        "Ringe alle pasienter etter utskrivning",
    ]


def test_a_label_value_row_that_is_a_goal_above_the_table_still_reads_as_text() -> None:
    # "Mål: | ..." above a sheet's table is the area's goal (an older rule), not a fact of the
    # document's header block
    data = xlsx_bytes(
        {
            "Område": [
                ["Eier:", "Avdelingsleder"],
                ["Mål:", "Ingen pasienter skal vente mer enn fire uker på time"],
                ["Tiltak", "Ansvar", "Frist"],
                ["Opprette en ventelisteoversikt", "Merkantil leder", "2027"],
            ]
        }
    )
    draft = read_upload("venteliste.xlsx", data)
    assert labels_of(draft, "goal") == ["Ingen pasienter skal vente mer enn fire uker på time"]
    assert labels_of(draft, "measure") == ["Opprette en ventelisteoversikt"]


# ---------------------------------------------------------------- PDF: kind words as lines


def test_kind_words_as_plain_lines_in_a_pdf_head_their_text_and_the_area_above_is_a_theme() -> None:
    from tests.ingest.fixtures import pdf_bytes

    data = pdf_bytes(
        [
            [
                ("h1", "Handlingsplan for rusomsorg 2027"),
                ("h2", "1 Visjon og hovedmål"),
                ("p", "Visjon"),
                ("p", "En kommune der alle får hjelp i tide."),
                ("h2", "2 Behandling og oppfølging"),
                ("p", "Utfordring"),
                ("p", "Mange pasienter avbryter behandlingen etter utskrivning fra institusjon."),
                ("p", "Mål"),
                ("p", "Alle pasienter skal ha en avtale med kommunen før de skrives ut."),
                ("p", "Tiltak"),
                ("p", "1. Opprette et ambulant oppfølgingsteam"),
                ("p", "Ansvar: Rustjenesten"),
                ("p", "Frist: 2028"),
            ]
        ]
    )
    draft = read_upload("rus.pdf", data)
    assert labels_of(draft, "theme") == ["Behandling og oppfølging"]
    assert texts_of(draft, "challenge") == [
        "Mange pasienter avbryter behandlingen etter utskrivning fra institusjon."
    ]
    # the vision is no goal; the goal under "Mål" is
    assert texts_of(draft, "goal") == [
        "Alle pasienter skal ha en avtale med kommunen før de skrives ut."
    ]
    assert labels_of(draft, "measure") == ["Opprette et ambulant oppfølgingsteam"]


# ---------------------------------------------------------------- web pages


ROWSPAN_PAGE = """<!doctype html><html lang="nb"><body>
<header class="site-header"><nav><a href="/">Forside</a></nav></header>
<main><article>
<h1>Handlingsplan for diabetes 2027</h1>
<h2>Det som må bli bedre</h2>
<ul>
<li>Mange pasienter med diabetes type 2 får ikke årlig kontroll av føttene.</li>
<li>Pasienter med nyoppdaget diabetes venter lenge på opplæring.</li>
</ul>
<h2>Tiltak</h2>
<table>
<thead><tr><th>Område</th><th>Mål</th><th>Tiltak</th><th>Ansvar</th></tr></thead>
<tbody>
<tr><th scope="rowgroup" rowspan="3">Forebygging</th>
<td rowspan="2">Færre skal få fotsår</td>
<td>Innføre årlig fotundersøkelse hos fastlegen</td><td>Fastlegene</td></tr>
<tr><td>Lage en brosjyre om fotpleie</td><td>Diabetespoliklinikken</td></tr>
<tr><td rowspan="1">Alle nye pasienter skal få opplæring innen tre måneder</td>
<td>Starte diabetesskole hver måned</td><td>Lærings- og mestringssenteret</td></tr>
<tr><td colspan="4">Behandling</td></tr>
<tr><td>Behandling</td><td>Flere skal nå behandlingsmålet for HbA1c</td>
<td>Tilby sykepleierkonsultasjon etter diagnosen</td><td>Medisinsk poliklinikk</td></tr>
</tbody>
</table>
<h2>Oppfølging</h2>
<p>Klinikkledelsen følger opp planen hvert halvår. Spørsmål om planen kan rettes til
diabetessykepleieren.</p>
</article></main>
<footer class="site-footer"><p>Ansvarlig redaktør: direktøren</p></footer>
</body></html>"""


def test_rowspan_cells_of_a_web_table_stand_in_every_row_they_span() -> None:
    draft = read_upload("diabetes.html", ROWSPAN_PAGE.encode())
    assert labels_of(draft, "measure") == [
        "Innføre årlig fotundersøkelse hos fastlegen",
        "Lage en brosjyre om fotpleie",
        "Starte diabetesskole hver måned",
        "Tilby sykepleierkonsultasjon etter diagnosen",
    ]
    assert labels_of(draft, "goal") == [
        "Færre skal få fotsår",
        "Alle nye pasienter skal få opplæring innen tre måneder",
        "Flere skal nå behandlingsmålet for HbA1c",
    ]
    themes = {i.id: i.label for i in draft.items if i.kind == "theme"}
    assert "Forebygging" in themes.values() and "Behandling" in themes.values()
    measures = [i for i in draft.items if i.kind == "measure"]
    assert [themes.get(m.theme or "") for m in measures][:3] == ["Forebygging"] * 3
    assert [m.responsible for m in measures][:2] == ["Fastlegene", "Diabetespoliklinikken"]


def test_what_must_get_better_lists_challenges_and_a_follow_up_with_a_contact_gives_none() -> None:
    draft = read_upload("diabetes.html", ROWSPAN_PAGE.encode())
    assert texts_of(draft, "challenge") == [
        "Mange pasienter med diabetes type 2 får ikke årlig kontroll av føttene.",
        "Pasienter med nyoppdaget diabetes venter lenge på opplæring.",
    ]
    every = " ".join(i.text or i.label for i in draft.items)
    assert "Klinikkledelsen" not in every


# ---------------------------------------------------------------- Word: list levels


def _numbered_with_details(details: bool) -> bytes:
    import io

    import docx

    d = docx.Document()
    d.add_heading("Handlingsplan for slagbehandling 2027", 1)
    d.add_heading("Tiltak", 2)
    measures = [
        ("Innføre trombolyse i ambulansen", ["Gjelder alle ambulansestasjoner", "Ansvar: AMK"]),
        ("Opprette et slagteam i akuttmottaket", ["Teamet møtes hver morgen", "Oppstart 2028"]),
        ("Tilby rehabilitering i hjemmet", ["Kommunene har ansvaret etter tre uker"]),
    ]
    for text, subs in measures:
        d.add_paragraph(text, style="List Number")
        for sub in subs if details else subs[:1] if text.startswith("Innføre") else []:
            d.add_paragraph(sub, style="List Bullet 2")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_sub_points_under_numbered_measures_are_details_of_them() -> None:
    draft = read_upload("slag.docx", _numbered_with_details(True))
    assert labels_of(draft, "measure") == [
        "Innføre trombolyse i ambulansen",
        "Opprette et slagteam i akuttmottaket",
        "Tilby rehabilitering i hjemmet",
    ]
    first = next(i for i in draft.items if i.kind == "measure")
    assert any("Ansvar: AMK" in note for note in first.notes)


def test_a_single_sub_point_under_one_measure_is_still_read_as_before() -> None:
    # one sub-point in the whole list may be a step of its own: no pattern of details
    draft = read_upload("slag.docx", _numbered_with_details(False))
    assert "Gjelder alle ambulansestasjoner" in labels_of(draft, "measure")


# ---------------------------------------------------------------- field lines under measures

FIELD_LINES = """Tiltaksplan for ernæring 2027

Tiltak

1. Innføre ernæringsscreening ved innkomst
Ansvar: Klinikk for medisin
Frist: 01.06.2027
Status: Påbegynt

2. Lage en felles meny for pasienter med tyggeproblemer
Ansvar: Kjøkkenet
Frist: 2028
Tiltak: Opprette et ernæringsteam på sengeposten
"""


def test_field_lines_under_a_numbered_measure_are_its_responsible_deadline_and_status() -> None:
    draft = read_upload("ernaering.txt", FIELD_LINES.encode())
    measures = [i for i in draft.items if i.kind == "measure"]
    assert [m.label for m in measures][:2] == [
        "Innføre ernæringsscreening ved innkomst",
        "Lage en felles meny for pasienter med tyggeproblemer",
    ]
    assert (measures[0].responsible, measures[0].deadline, measures[0].status) == (
        "Klinikk for medisin",
        "01.06.2027",
        "StartingOrRunning",
    )
    assert (measures[1].responsible, measures[1].deadline) == ("Kjøkkenet", "2028")
    every = " ".join(i.text or i.label for i in draft.items)
    assert "Klinikk for medisin" not in every


def test_a_line_labelled_tiltak_among_field_lines_is_a_measure_of_its_own() -> None:
    draft = read_upload("ernaering.txt", FIELD_LINES.encode())
    assert "Opprette et ernæringsteam på sengeposten" in labels_of(draft, "measure")


# ---------------------------------------------------------------- Markdown: front matter, callouts

CALLOUT_MD = """---
title: "Strategi for barnehelse 2027–2030"
tags:
  - barn
  - unge
samandrag: >
  Strategien skal gjere tenestene betre for barn og unge.
---

# Strategi for barnehelse 2027–2030

> [!NOTE]
> Strategien vart vedteken av styret i mars 2027.

## Kva seier tala?

- Éin av fem ungdommar seier dei har hatt psykiske plager siste år.
- Ventetida i BUP var i snitt 52 dagar i 2026.

## Ambisjon 2030

I 2030 møter barn og unge ei helseteneste som lyttar til dei.

## Psykisk helse

> [!IMPORTANT] Mål
> Ventetida i BUP skal vere under 40 dagar innan 2029.

**Tiltak**

- Opprette eit lågterskeltilbod i kvar kommune
- Tilby rettleiing til helsesjukepleiarane

> [!QUOTE] Frå ungdomsrådet
> «Eg venta i fire månader og gav nesten opp.»

> [!TIP] Visste du?
> Dei fleste som søkjer hjelp, gjer det først hos helsesjukepleiaren.
"""


def test_front_matter_and_callouts_give_the_title_the_goal_and_no_other_items() -> None:
    draft = read_upload("barnehelse.md", CALLOUT_MD.encode())
    assert draft.title == "Strategi for barnehelse 2027–2030"
    assert labels_of(draft, "goal") == ["Ventetida i BUP skal vere under 40 dagar innan 2029."]
    assert labels_of(draft, "measure") == [
        "Opprette eit lågterskeltilbod i kvar kommune",
        "Tilby rettleiing til helsesjukepleiarane",
    ]
    assert labels_of(draft, "theme") == ["Psykisk helse"]
    # the figures under "Kva seier tala?", the 2030 picture, the quote, the tip and the front
    # matter's tags and summary are no items
    assert labels_of(draft, "challenge") == []
    every = " ".join(i.text or i.label for i in draft.items)
    for gone in ("ungdommar", "I 2030", "fire månader", "helsesjukepleiaren.", "barn\n", "tags"):
        assert gone not in every


def test_a_plain_blockquote_in_markdown_is_read_as_before() -> None:
    text = (
        "# Plan for eldrehelse\n\n## Mål\n\n> Alle eldre skal få bu heime så lenge dei ønskjer.\n"
    )
    draft = read_upload("eldre.md", text.encode())
    assert texts_of(draft, "goal") == ["Alle eldre skal få bu heime så lenge dei ønskjer."]


def test_a_second_table_of_the_same_columns_under_its_own_title_row_is_read_as_a_table() -> None:
    data = xlsx_bytes(
        {
            "Tiltak": [
                ["Tiltaksplan for kreftomsorg 2027–2028"],
                ["Eier:", "Klinikksjef"],
                [None],
                ["Tiltak 2027"],
                ["Nr", "Tiltak", "Ansvar", "Frist"],
                ["1", "Innføre pakkeforløp hjem", "Kreftkoordinator", "2027"],
                ["2", "Starte kurs for pårørende", "Lærings- og mestringssenteret", "2027"],
                [None],
                ["Tiltak 2028"],
                ["Nr", "Tiltak", "Ansvar", "Frist"],
                ["3", "Opprette en kreftpoliklinikk i Sørby", "Klinikksjef", "2028"],
            ]
        }
    )
    draft = read_upload("kreft.xlsx", data)
    measures = [i for i in draft.items if i.kind == "measure"]
    assert [m.label for m in measures] == [
        "Innføre pakkeforløp hjem",
        "Starte kurs for pårørende",
        "Opprette en kreftpoliklinikk i Sørby",
    ]
    assert measures[2].responsible == "Klinikksjef"


def test_a_figure_at_the_start_of_a_wrapped_line_of_pdf_text_goes_on_with_its_sentence() -> None:
    pages = [
        "Plan for eldrehelse\n\n1 Helse\nUtfordringar\n"
        "I 2026 budde mange eldre aleine, og talet på eldre over 80 år vil auke med\n"
        "20 prosent fram mot 2035. Dette gir store utfordringar for tenestene.\n"
        "Tiltak\n• Byggje ut heimetenesta\n\nEldreplan   Side 1 av 2\n",
        "Plan for eldrehelse\n2 Bustad\nTiltak\n• Byggje fleire omsorgsbustader\n\n"
        "Eldreplan   Side 2 av 2\n",
    ]
    draft = read_upload("eldre.txt", "\f".join(pages).encode())
    assert texts_of(draft, "challenge")[0].startswith(
        "I 2026 budde mange eldre aleine, og talet på eldre over 80 år vil auke med 20 prosent"
    )
    assert labels_of(draft, "theme") == ["Helse", "Bustad"]
