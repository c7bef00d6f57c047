"""Genre rules of round m (the blind batch M's shapes): a plain-text e-mail that forwards a plan
summary in quoted lines; web cards of <dl> kind labels; a workbook with one sheet per area; a
balanced-scorecard table. The texts here are written for the tests, in those shapes."""

from __future__ import annotations

from plangraph.ingest.importer import read_upload

FORWARDED_MAIL = """From: Ola Hansen <ola@example.org>
Sendt: mandag 8. mars 2027 08:30
Til: Seksjonsledere
Emne: VS: Kortversjon av tiltaksplan for fallforebygging 2027

Hei alle,

Sender videre kortversjonen. Gi meg beskjed innen 15. april om dere har merknader.

Hilsen Ola

-----Opprinnelig melding-----
Fra: Fallteamet <fall@example.org>
Sendt: fredag 5. mars 2027 14:02
Til: Ola Hansen <ola@example.org>
Emne: Kortversjon av tiltaksplan for fallforebygging 2027

> Hei Ola,
>
> Her kommer kortversjonen av planen som ledermøtet vedtok i februar.
>
> HOVEDMÅL
> Ingen pasienter skal få bruddskader etter fall på sengeposten.
>
> 1. SENGEPOSTMILJØ
> Utfordring: Mange eldre pasienter blir ikke vurdert for fallrisiko første døgn.
> Tiltak:
> - Ta i bruk en fast sjekkliste for fallrisiko ved innkomst
> - Gi sengepostene tilgang til sengealarmer
>
> 2. LEGEMIDLER
> Utfordring: Beroligende legemidler øker faren for fall om natten.
> Tiltak:
> - Gjennomgå legemiddellisten til alle pasienter over 75 år
>
> Med vennlig hilsen
> Fallteamet
> Tlf. 111 11 111

--
Ola Hansen
Seksjonsleder
Mobil: 222 22 222

Denne e-posten kan inneholde konfidensiell informasjon. Gi beskjed til avsender om den kom feil.
"""


def test_a_forwarded_mail_is_read_as_the_quoted_plan_without_headers_notes_or_signatures() -> None:
    draft = read_upload("melding.txt", FORWARDED_MAIL.encode())
    assert draft.title == "Kortversjon av tiltaksplan for fallforebygging 2027"
    got = [(i.kind, i.label) for i in draft.items]
    assert got == [
        ("goal", "Ingen pasienter skal få bruddskader etter fall på sengeposten."),
        ("theme", "SENGEPOSTMILJØ"),
        ("challenge", "Mange eldre pasienter blir ikke vurdert for fallrisiko første døgn."),
        ("measure", "Ta i bruk en fast sjekkliste for fallrisiko ved innkomst"),
        ("measure", "Gi sengepostene tilgang til sengealarmer"),
        ("theme", "LEGEMIDLER"),
        ("challenge", "Beroligende legemidler øker faren for fall om natten."),
        ("measure", "Gjennomgå legemiddellisten til alle pasienter over 75 år"),
    ]
    themes = {i.id: i.label for i in draft.items if i.kind == "theme"}
    measures = [i for i in draft.items if i.kind == "measure"]
    assert [themes.get(m.theme or "") for m in measures] == [
        "SENGEPOSTMILJØ",
        "SENGEPOSTMILJØ",
        "LEGEMIDLER",
    ]


def test_a_main_goal_heading_in_capitals_over_its_sentence_heads_no_numbered_section() -> None:
    draft = read_upload(
        "plan.txt",
        """Tiltaksplan for smertebehandling 2027

Klinikkledelsen, januar 2027

OVERORDNET MÅL
Alle pasienter skal få smertene vurdert minst to ganger i døgnet.

1. KOMPETANSE
Utfordring: Nyansatte sykepleiere kjenner ikke smerteskalaene godt nok.
Tiltak:
- Holde kurs i smertevurdering for alle nyansatte
""".encode(),
    )
    got = [(i.kind, i.label) for i in draft.items]
    assert got[0] == ("goal", "Alle pasienter skal få smertene vurdert minst to ganger i døgnet.")
    assert ("theme", "KOMPETANSE") in got
    assert ("challenge", "Nyansatte sykepleiere kjenner ikke smerteskalaene godt nok.") in got


CARDS_PAGE = """<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>Strategi</title></head><body>
<main>
<h1>Strategi for psykisk helse 2027–2030</h1>
<section class="fakta">
<h2>Året i tall</h2>
<ul>
<li><strong>3 400</strong> henvisninger til poliklinikkene</li>
<li><strong>62 %</strong> fikk time innen fire uker</li>
</ul>
</section>
<section>
<h2>To satsinger</h2>
<article class="kort">
<h3>Ventetid</h3>
<dl>
<dt>Hvorfor?</dt>
<dd>I fjor ventet 900 barn på første samtale. For mange barn venter for lenge på hjelp.</dd>
<dt>Målet vårt</dt>
<dd>Ingen barn skal vente mer enn fire uker på første samtale.</dd>
<dt>Slik gjør vi det</dt>
<dd><ul>
<li>Åpne en kveldspoliklinikk for ungdom</li>
<li>Tilby første samtale på video</li>
</ul></dd>
</dl>
<a href="/ventetid">Les mer om ventetid</a>
</article>
</section>
<section>
<h2>Slik jobber vi</h2>
<p>Alle team følger forbedringsmodellen:</p>
<ol><li>Planlegge</li><li>Gjennomføre</li><li>Evaluere</li></ol>
</section>
</main></body></html>
"""


def test_dl_cards_give_their_labels_kinds_and_fact_boxes_and_method_steps_give_nothing() -> None:
    draft = read_upload("strategi.html", CARDS_PAGE.encode())
    got = [(i.kind, i.label) for i in draft.items]
    assert got == [
        ("theme", "Ventetid"),
        ("challenge", "For mange barn venter for lenge på hjelp."),
        ("goal", "Ingen barn skal vente mer enn fire uker på første samtale."),
        ("measure", "Åpne en kveldspoliklinikk for ungdom"),
        ("measure", "Tilby første samtale på video"),
    ]
    theme = draft.items[0].id
    assert all(i.theme == theme for i in draft.items[1:] if i.kind != "goal")


def test_a_glossary_dl_stays_paragraphs() -> None:
    """A <dl> whose terms name no kind (a word list) is read as before, no sub-headings."""
    from plangraph.ingest.documents import read_document

    doc = read_document(
        "ord.html",
        b"<html><body><main><h1>Ordliste</h1><dl><dt>Samval</dt><dd>Pasient og behandlar "
        b"avgjer saman.</dd><dt>Epikrise</dt><dd>Brev etter utskriving.</dd></dl></main></body></html>",
    )
    assert [b.kind for b in doc.blocks] == ["heading", "para", "para", "para", "para"]


def _workbook(archive_name: str, finished_header: str) -> bytes:
    from tests.ingest.fixtures import xlsx_bytes

    return xlsx_bytes(
        {
            "Om planen": [
                ["Tiltaksplan for fødetilbudet 2027–2029"],
                ["Kvinneklinikken"],
                [None],
                ["Fane", "Hva den inneholder"],
                ["Ammehjelp", "Mål, utfordring og tiltak"],
                ["Barselopphold", "Mål, utfordring og tiltak"],
                [archive_name, "Tiltak fra forrige plan"],
            ],
            "Ammehjelp": [
                ["Mål", "Alle mødre skal få ammeveiledning før de reiser hjem"],
                ["Utfordring", "Mange mødre reiser hjem før de har fått hjelp med ammingen"],
                [None],
                ["Nr", "Tiltak", "Ansvar", "Frist"],
                ["1", "Lære opp alle barselsykepleiere i ammeveiledning", "Seksjonsleder", "2027"],
                [
                    "2",
                    "Opprette en ammepoliklinikk for mødre som er reist hjem",
                    "Klinikksjef",
                    "2028",
                ],
            ],
            "Barselopphold": [
                ["Mål", "Familiene skal kunne bo sammen på barselhotellet hele oppholdet"],
                ["Utfordring", "Barselhotellet har for få rom for familier i sommermånedene"],
                [None],
                ["Nr", "Tiltak", "Ansvar", "Frist"],
                ["1", "Bygge om to pasientrom til familierom", "Driftssjef", "2028"],
            ],
            archive_name: [
                ["Nr", "Område", "Tiltak", "Ansvar", finished_header],
                ["A1", "Ammehjelp", "Dele ut brosjyre om amming", "Jordmødrene", "2025"],
                [
                    "A2",
                    "Barselopphold",
                    "Kjøpe nye senger til barselhotellet",
                    "Driftssjef",
                    "2026",
                ],
            ],
        }
    )


def test_a_workbook_with_one_sheet_per_area_gives_each_sheet_its_goal_challenge_and_measures() -> (
    None
):
    draft = read_upload("plan.xlsx", _workbook("Arkiv 2024-2026", "Fullført"))
    got = [(i.kind, i.label) for i in draft.items]
    assert got == [
        ("theme", "Ammehjelp"),
        ("goal", "Alle mødre skal få ammeveiledning før de reiser hjem"),
        ("challenge", "Mange mødre reiser hjem før de har fått hjelp med ammingen"),
        ("measure", "Lære opp alle barselsykepleiere i ammeveiledning"),
        ("measure", "Opprette en ammepoliklinikk for mødre som er reist hjem"),
        ("theme", "Barselopphold"),
        ("goal", "Familiene skal kunne bo sammen på barselhotellet hele oppholdet"),
        ("challenge", "Barselhotellet har for få rom for familier i sommermånedene"),
        ("measure", "Bygge om to pasientrom til familierom"),
    ]


def test_a_sheet_of_finished_measures_is_known_by_its_fullfort_column_too() -> None:
    draft = read_upload("plan.xlsx", _workbook("Tidligere plan", "Fullført"))
    labels = [i.label for i in draft.items]
    assert "Dele ut brosjyre om amming" not in labels
    assert "Bygge om to pasientrom til familierom" in labels


def _scorecard_docx() -> bytes:
    import io

    import docx

    d = docx.Document()
    d.add_heading("Virksomhetsplan 2028 for Fjordby sykehus", 0)
    d.add_heading("Styringskort 2028", 1)
    rows = [
        ["Perspektiv", "Strategisk mål", "Indikator", "Målverdi 2028", "Tiltak"],
        [
            "Pasienter",
            "Pasientene skal få svar på prøvene innen to dager",
            "Andel svar innen to dager",
            "95 prosent",
            "Innføre elektronisk rekvirering av blodprøver",
        ],
        ["", "", "", "", "Utvide åpningstiden i laboratoriet"],
        [
            "Økonomi",
            "Varekostnadene skal ikke øke mer enn prisveksten",
            "Varekostnad per pasient",
            "Under 2 prosent vekst",
            "Samle innkjøpene av forbruksmateriell",
        ],
    ]
    table = d.add_table(rows=len(rows), cols=5)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0))  # the perspective merged down over its rows
    table.cell(1, 0).text = "Pasienter"
    d.add_heading("Risiko", 1)
    d.add_paragraph("Vi har vurdert hva som kan hindre at målene nås:")
    d.add_paragraph("Laboratoriet mangler bioingeniører på kveldstid", style="List Bullet")
    d.add_paragraph("Prisene på forbruksmateriell stiger raskt", style="List Bullet")
    d.add_paragraph("Risikoene følges opp i kvalitetsutvalget.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_balanced_scorecard_gives_perspectives_as_themes_goals_and_measures_and_risks() -> None:
    draft = read_upload("virksomhetsplan.docx", _scorecard_docx())
    themes = {i.id: i.label for i in draft.items if i.kind == "theme"}
    measures = [i for i in draft.items if i.kind == "measure"]
    assert [(m.label, themes.get(m.theme or "")) for m in measures] == [
        ("Innføre elektronisk rekvirering av blodprøver", "Pasienter"),
        ("Utvide åpningstiden i laboratoriet", "Pasienter"),
        ("Samle innkjøpene av forbruksmateriell", "Økonomi"),
    ]
    assert [i.label for i in draft.items if i.kind == "goal"] == [
        "Pasientene skal få svar på prøvene innen to dager",
        "Varekostnadene skal ikke øke mer enn prisveksten",
    ]
    assert [i.label for i in draft.items if i.kind == "challenge"] == [
        "Laboratoriet mangler bioingeniører på kveldstid",
        "Prisene på forbruksmateriell stiger raskt",
    ]
    assert "Styringskort 2028" not in themes.values()
    labels = [i.label for i in draft.items]
    assert not any(x in labels for x in ("95 prosent", "Andel svar innen to dager"))


def test_markdown_footnotes_and_a_pointer_beside_the_follow_up_give_no_items() -> None:
    draft = read_upload(
        "plan.md",
        """# Handlingsplan for tannhelse 2027

## Tannhelse for eldre

### Tiltak

1. Gi alle sjukeheimar besøk av tannpleiar to gonger i året[^1]
2. Lære opp pleiarane i munnstell

## Oppfølging

Planen blir følgd opp av tannhelseutvalet. Les meir om utvalet på [nettsida](https://example.org).

---

[^1]: Tilrådd i den nasjonale fagleg retningslinja for munnhelse.
[^2]: Tal frå tannhelseregisteret.
""".encode(),
    )
    assert [(i.kind, i.label) for i in draft.items] == [
        ("theme", "Tannhelse for eldre"),
        ("measure", "Gi alle sjukeheimar besøk av tannpleiar to gonger i året"),
        ("measure", "Lære opp pleiarane i munnstell"),
    ]


def test_a_goal_column_of_goal_numbers_refers_to_the_goals_and_makes_none() -> None:
    draft = read_upload(
        "plan.md",
        """# Utviklingsplan for kirurgi 2027–2030

## Kortare ventetid

Mål 1.1: Ingen pasientar skal vente meir enn tolv veker på planlagd operasjon

Mål 1.2: Fleire operasjonar skal gjerast som dagkirurgi

| Nr | Tiltak | Mål | Ansvar |
|---|---|---|---|
| T1 | Opne ei ny operasjonsstove på kveldstid | 1.1 | Klinikkleiar |
| T2 | Flytte augekirurgien til dagkirurgisk eining | 1.2 | Seksjonsleiar |
""".encode(),
    )
    goals = [i.label for i in draft.items if i.kind == "goal"]
    assert goals == [
        "Ingen pasientar skal vente meir enn tolv veker på planlagd operasjon",
        "Fleire operasjonar skal gjerast som dagkirurgi",
    ]
    measure = next(i for i in draft.items if i.kind == "measure")
    assert any("'1.1'" in note for note in measure.notes)


def test_a_list_of_indicators_to_follow_under_the_follow_up_gives_no_measures() -> None:
    draft = read_upload(
        "plan.md",
        """# Handlingsplan for fødselsomsorga 2027

## Tiltak

- Opne ein ny fødestove ved Fjordby sjukehus

## Oppfølging

Klinikken vil følgje desse indikatorane:

- Del fødande med eins-til-eins-omsorg i aktiv fase
- Tal på keisarsnitt per 100 fødslar
""".encode(),
    )
    assert [i.label for i in draft.items if i.kind == "measure"] == [
        "Opne ein ny fødestove ved Fjordby sjukehus"
    ]


def test_an_areas_opening_paragraph_before_its_goals_gives_the_problem_sentences_as_challenges() -> (
    None
):
    draft = read_upload(
        "plan.md",
        """# Plan for habilitering 2027–2030

## Barn med cerebral parese

Kvart år får om lag 40 barn diagnosen i regionen. Mange familiar får ikkje tilbod om
rettleiing i heimen det første året.

### Mål

Alle familiar skal få rettleiing i heimen innan tre månader etter diagnosen.

### Tiltak

1. Opprette eit ambulant team for småbarn

## Vaksne

Det er for få spesialistar på vaksenhabilitering i dei minste kommunane.

Mål 2.1: Vaksne skal få ein fast kontaktperson i habiliteringstenesta

Tiltak:

- Tilsetje to nye spesialistar i ambulant team
""".encode(),
    )
    themes = {i.id: i.label for i in draft.items if i.kind == "theme"}
    assert [(i.text, themes.get(i.theme or "")) for i in draft.items if i.kind == "challenge"] == [
        (
            "Mange familiar får ikkje tilbod om\nrettleiing i heimen det første året.",
            "Barn med cerebral parese",
        ),
        ("Det er for få spesialistar på vaksenhabilitering i dei minste kommunane.", "Vaksne"),
    ]
