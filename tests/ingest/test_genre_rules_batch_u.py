"""Genre rules of the blind batch U's shapes (stop 32, imp_u2): a municipal hearing page that
sums up the draft under "Om utkastet" and quotes other bodies' input, PDF sentences whose
reference numbers are glued to the full stop, and plain-text tables typed with spaces whose
cells wrap. The texts here are written for the tests, in those shapes; none is taken from the
batch."""

from __future__ import annotations

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of, of_kind, pdf_bytes, texts_of, xlsx_bytes


def _html(text: str) -> Draft:
    return read_upload("horing.html", text.encode("utf-8"))


def _txt(text: str) -> Draft:
    return read_upload("plan.txt", text.encode("utf-8"))


# ---------------------------------------------------------------- hearing pages

_HEARING = """<html lang="nb"><head><title>Høring: Handlingsplan for rusomsorg 2028–2031</title></head>
<body><main><article>
<h1>Høring: Handlingsplan for rusomsorg 2028–2031</h1>
<p>Fjellby kommune (fiktiv) har sendt utkast til handlingsplan for rusomsorg på høring.</p>
<h2>Om utkastet</h2>
<p>Om lag 300 innbyggere får i dag tjenester fra rustjenesten.</p>
<h3>Satsingsområder i utkastet</h3>
<h4>1. Bolig</h4>
<p>Mål: Ingen skal skrives ut fra behandling uten et sted å bo.</p>
<ul>
  <li>Kommunen kjøper ti nye kommunale boliger innen 2029.</li>
  <li>Boligkontoret deltar i utskrivningsmøtet fra behandlingsstedet.</li>
</ul>
<h4>2. Arbeid</h4>
<ul>
  <li>Lavterskel arbeidstrening tre dager i uken.</li>
</ul>
<h2>Høringsinstansenes innspill</h2>
<p>Vi fikk ni høringssvar. Her er et utvalg av forslagene.</p>
<ul>
  <li>Kommunen bør opprette et eget ettervernsteam.</li>
  <li>Åpne et værested i sentrum om kvelden.</li>
</ul>
</article>
<aside><h2>Andre høringer</h2>
<ul><li><a href="/h/1">Plan for idrett og friluftsliv</a></li><li><a href="/h/2">Kommunal
trafikkplan</a></li></ul></aside>
</main></body></html>"""


def test_a_hearing_pages_summary_of_the_draft_holds_its_items() -> None:
    draft = _html(_HEARING)
    assert "Bolig" in labels_of(draft, "theme")
    assert "Arbeid" in labels_of(draft, "theme")
    assert texts_of(draft, "goal") == [
        "Mål: Ingen skal skrives ut fra behandling uten et sted å bo."
    ]
    measures = texts_of(draft, "measure")
    assert "Kommunen kjøper ti nye kommunale boliger innen 2029." in measures
    assert "Lavterskel arbeidstrening tre dager i uken." in measures


def test_a_hearing_pages_quoted_input_and_other_hearings_are_no_items() -> None:
    draft = _html(_HEARING)
    every = [t for k in ("theme", "goal", "challenge", "measure") for t in texts_of(draft, k)]
    every += [t for k in ("theme", "goal", "challenge", "measure") for t in labels_of(draft, k)]
    assert not any("ettervernsteam" in t or "værested" in t for t in every)
    assert not any("idrett" in t or "trafikkplan" in t or "Andre høringer" in t for t in every)
    # the draft's own measures stay
    assert "Boligkontoret deltar i utskrivningsmøtet fra behandlingsstedet." in texts_of(
        draft, "measure"
    )


def test_an_about_section_that_is_no_draft_stays_context() -> None:
    # "Om kommunen" is still context: its bullets are no items
    draft = _html(
        "<h1>Helseplan for Fjellby 2028</h1><h2>Om kommunen</h2><ul><li>Fjellby har 9000 "
        "innbyggere.</li><li>Kommunen har to legekontor.</li></ul><h2>Tiltak</h2><ul>"
        "<li>Etablere legevakt i sentrum.</li></ul>"
    )
    assert texts_of(draft, "measure") == ["Etablere legevakt i sentrum."]
    assert not any("innbyggere" in t for t in texts_of(draft, "challenge"))


# ---------------------------------------------------------------- areas and measures

_AREAS_AND_MEASURES_MD = """# Plan for oppfølging av hjertesvikt 2028–2031

## Utfordringer

- Mange pasienter blir lagt inn igjen innen 30 dager.

## Innsatsområder og tiltak

### Egenbehandling

Mange pasienter vet for lite om hva de skal gjøre når vekten øker.

- Sykepleier skal ha en samtale om egenbehandling med alle før utskrivning.
- Pasientene får en vekt og en dagbok med hjem.

### Kontroll nær hjemmet

- Blodprøver kan tas hos fastlegen og svares ut til poliklinikken.
"""


def test_the_points_under_an_area_of_innsatsomrader_og_tiltak_are_measures() -> None:
    draft = read_upload("plan.md", _AREAS_AND_MEASURES_MD.encode("utf-8"))
    assert labels_of(draft, "theme")[-2:] == ["Egenbehandling", "Kontroll nær hjemmet"]
    assert texts_of(draft, "measure") == [
        "Sykepleier skal ha en samtale om egenbehandling med alle før utskrivning.",
        "Pasientene får en vekt og en dagbok med hjem.",
        "Blodprøver kan tas hos fastlegen og svares ut til poliklinikken.",
    ]


def test_an_areas_problem_paragraph_is_no_measure() -> None:
    # the heading names the measures of the areas' lists, not of their prose
    draft = read_upload("plan.md", _AREAS_AND_MEASURES_MD.encode("utf-8"))
    assert not any("vet for lite" in t for t in texts_of(draft, "measure"))
    assert texts_of(draft, "challenge")[0] == "Mange pasienter blir lagt inn igjen innen 30 dager."


# ---------------------------------------------------------------- reference marks


def _referenced_pdf(with_sources: bool) -> Draft:
    page = [
        ("h1", "Handlingsplan for lungerehabilitering 2028-2030"),
        ("h2", "Utfordringer"),
        ("p", "- Bare en av fire pasienter med KOLS får tilbud om rehabilitering.³"),
        ("p", "- Ventetiden for rehabilitering er over tolv uker.2"),
        ("h2", "Tiltak"),
        ("p", "- Opprette en poliklinisk treningsgruppe i Nordby fra 2029.1"),
        ("p", "- Fysioterapeut ringer alle pasienter etter utskrivning."),
        ("p", "- Rehabiliteringsteamet starter opp i 2029."),
    ]
    if with_sources:
        page += [
            ("h2", "Referanser"),
            ("p", "1. Fiktiv nasjonal retningslinje for KOLS. 2026."),
            ("p", "2. Fiktivt lungeregister. Årsrapport 2027."),
            ("p", "3. Dahl E. Rehabilitering etter KOLS. Fiktivt tidsskrift 2025."),
        ]
    return read_upload("plan.pdf", pdf_bytes([page]))


def test_reference_marks_glued_to_the_full_stop_are_no_part_of_the_item() -> None:
    draft = _referenced_pdf(with_sources=True)
    assert texts_of(draft, "challenge") == [
        "Bare en av fire pasienter med KOLS får tilbud om rehabilitering.",
        "Ventetiden for rehabilitering er over tolv uker.",
    ]
    assert texts_of(draft, "measure")[0] == (
        "Opprette en poliklinisk treningsgruppe i Nordby fra 2029."
    )


def test_a_year_at_the_sentence_end_and_the_sources_themselves_are_kept() -> None:
    draft = _referenced_pdf(with_sources=True)
    # "2029." is a year, not a year and a mark
    assert "Rehabiliteringsteamet starter opp i 2029." in texts_of(draft, "measure")


def test_a_plain_digit_after_the_stop_stays_without_a_list_of_sources() -> None:
    # with no numbered sources to point to, a glued digit is not known to be a mark
    draft = _referenced_pdf(with_sources=False)
    assert "Ventetiden for rehabilitering er over tolv uker.2" in texts_of(draft, "challenge")
    # a raised mark is a mark wherever it stands
    assert "Bare en av fire pasienter med KOLS får tilbud om rehabilitering." in texts_of(
        draft, "challenge"
    )


# ---------------------------------------------------------------- fixed-width text tables

_FIXED_WIDTH = """HANDLINGSPROGRAM 2028–2031
FOLKEHELSE I SKULEN

1. Tiltak

1.1 Rørsle i skuledagen

Nr   Tiltak                                     Kostnad (kr)  År
---- -----------------------------------------  ------------  ----
1.1  Innføre dagleg fysisk aktivitet i ein           200 000  2028
     time for alle klassetrinn på
     barnesteget
1.2  Kjøpe inn utstyr til uteskule                    50 000  2029
---- -----------------------------------------  ------------  ----
     Sum 1.1                                         250 000

     SUM HANDLINGSPROGRAMMET                         250 000

2. Oppfølging

Rektor rapporterer til kommunalsjefen kvart år.
"""


def test_a_fixed_width_tables_wrapped_cell_is_one_measure() -> None:
    draft = _txt(_FIXED_WIDTH)
    assert texts_of(draft, "measure")[:2] == [
        "Innføre dagleg fysisk aktivitet i ein time for alle klassetrinn på barnesteget",
        "Kjøpe inn utstyr til uteskule",
    ]


def test_a_fixed_width_tables_sums_and_costs_are_no_items() -> None:
    draft = _txt(_FIXED_WIDTH)
    every = [t for k in ("theme", "goal", "challenge", "measure") for t in labels_of(draft, k)]
    assert not any("SUM" in t.upper() or "000" in t for t in every)
    assert "Rørsle i skuledagen" in labels_of(draft, "theme")


# ---------------------------------------------------------------- letters of input

_INPUT_LETTER = """**Eldrerådet i Fjellby kommune (fiktiv)**

Til: Fjellby kommune, helse og omsorg

# Innspel til plan for eldreomsorg 2029–2032

Eldrerådet takkar for invitasjonen til å kome med innspel til planen.

## Kva eldre fortel oss

- Mange eldre veit ikkje kven dei skal ringje når dei treng hjelp i helga.
- Dagsentera har for få plassar.

## Våre framlegg

### Informasjon

Eldrerådet føreslår at kommunen lagar ein telefon for eldre som er open i helgane.

### Dagtilbod

1. Opprett ti nye plassar på dagsenteret i Nordbygda.
2. Gi tilbod om skyss til dagsenteret for dei som bur langt unna.

Med venleg helsing
Leiar i eldrerådet
"""


def test_a_letters_own_proposals_are_measures() -> None:
    draft = read_upload("innspel.md", _INPUT_LETTER.encode("utf-8"))
    measures = texts_of(draft, "measure")
    assert "Opprett ti nye plassar på dagsenteret i Nordbygda." in measures
    assert "Gi tilbod om skyss til dagsenteret for dei som bur langt unna." in measures
    assert any(t.startswith("Eldrerådet føreslår at kommunen lagar") for t in measures)
    assert {"Informasjon", "Dagtilbod"} <= set(labels_of(draft, "theme"))
    assert "Våre framlegg" not in labels_of(draft, "theme")


def test_a_letters_reported_problems_stay_challenges() -> None:
    draft = read_upload("innspel.md", _INPUT_LETTER.encode("utf-8"))
    assert texts_of(draft, "challenge") == [
        "Mange eldre veit ikkje kven dei skal ringje når dei treng hjelp i helga.",
        "Dagsentera har for få plassar.",
    ]


# ---------------------------------------------------------------- "Kort fortalt" boxes


def _boxed(full_text: bool) -> Draft:
    text = """# Plan for fysioterapitenesta 2028–2031

## Fysioterapi i heimen

Kort fortalt

Utfordring: For få får fysioterapi heime

Tiltak: Fleire årsverk og kveldstilbod

"""
    if full_text:
        text += """### Utfordringar

Mange heimebuande eldre ventar lenge på fysioterapi etter at dei kjem heim frå sjukehuset.

### Tiltak

- Kommunen opprettar to nye årsverk for fysioterapi i heimen frå 2029.
- Fysioterapeutane gjev tilbod på kveldstid to dagar i veka.

"""
    text += "## Kvardagsrehabilitering\n\n- Alle nye brukarar får tilbod om kartlegging.\n"
    return read_upload("plan.md", text.encode("utf-8"))


def test_a_kort_fortalt_box_over_the_full_text_states_no_items() -> None:
    draft = _boxed(full_text=True)
    every = [t for k in ("goal", "challenge", "measure") for t in texts_of(draft, k)]
    assert not any("Fleire årsverk og" in t or "For få får" in t for t in every)
    assert "Kommunen opprettar to nye årsverk for fysioterapi i heimen frå 2029." in texts_of(
        draft, "measure"
    )


def test_a_kort_fortalt_box_that_is_the_only_statement_is_kept() -> None:
    draft = _boxed(full_text=False)
    assert "Fleire årsverk og kveldstilbod" in labels_of(draft, "measure")
    assert "For få får fysioterapi heime" in labels_of(draft, "challenge")


# ---------------------------------------------------------------- a sheet's title row


def _workbook() -> Draft:
    sheets: dict[str, list[list[str | None]]] = {
        "Om planen": [
            ["Tiltaksplan for reinhald 2028–2030"],
            ["Hovudmål: Alle rom på sjukehuset skal vere reine når dei blir tekne i bruk."],
        ],
        "Reinhald av rom": [
            ["Innsatsområde 1: Reinhald av rom"],
            ["Utfordring: Romma står ofte ureine i fleire timar etter utskriving."],
            ["Nr", "Tiltak", "Ansvarleg", "Frist"],
            ["1.1", "Innføre varsel til reinhaldet når pasienten er skriven ut", "Leiar", "2028"],
        ],
        "Utstyr": [
            ["Innsatsområde 2: Utstyr"],
            ["Nr", "Tiltak", "Ansvarleg", "Frist"],
            ["2.1", "Kjøpe inn nye reinhaldsvogner til alle postar", "Innkjøp", "2029"],
        ],
    }
    return read_upload("tiltaksplan.xlsx", xlsx_bytes(sheets))


def test_a_sheets_title_row_naming_its_own_area_is_no_second_theme() -> None:
    draft = _workbook()
    themes = labels_of(draft, "theme")
    assert not any(t.startswith("Innsatsområde") for t in themes)
    assert {"Reinhald av rom", "Utstyr"} <= set(themes)
    by_id = {t.id: t.label for t in of_kind(draft, "theme")}
    (challenge,) = of_kind(draft, "challenge")
    assert by_id[challenge.theme or ""] == "Reinhald av rom"


def test_an_area_line_with_a_new_name_is_still_a_theme() -> None:
    draft = _txt(
        "Handlingsplan for reinhald 2028\n\nInnsatsområde 1: Smittevern\n\n"
        "- Innføre ny rutine for handhygiene.\n"
    )
    assert "Innsatsområde 1: Smittevern" in labels_of(draft, "theme")


# ---------------------------------------------------------------- how the plan is followed up


def test_reporting_on_the_programme_with_a_contact_line_is_no_measure() -> None:
    draft = _txt(
        "HANDLINGSPROGRAM FOR REHABILITERING 2028\n\n1. Tiltak\n\n"
        "- Opprette eit rehabiliteringsteam.\n\n2. Oppfølging\n\n"
        "Kommunalsjefen rapporterar på handlingsprogrammet i årsmeldinga.\n"
        "Kontaktperson: Kari Dahl, einingsleiar.\n"
    )
    assert texts_of(draft, "measure") == ["Opprette eit rehabiliteringsteam."]


def test_a_paragraph_that_does_something_besides_reporting_stays_a_measure() -> None:
    draft = _txt(
        "HANDLINGSPROGRAM FOR REHABILITERING 2028\n\n1. Tiltak\n\n"
        "Kommunen opprettar eit rehabiliteringsteam i 2028. Kommunalsjefen rapporterar på "
        "handlingsprogrammet i årsmeldinga.\n"
    )
    assert any(t.startswith("Kommunen opprettar") for t in texts_of(draft, "measure"))
