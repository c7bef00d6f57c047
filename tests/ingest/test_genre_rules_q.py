"""Genre rules of round q (the blind batch Q's shapes): an export from a case system or project
tool with a kind column (words or code letters explained in a key under the table) and a
column pointing at the parent row; a web page whose areas are tab panels, the hidden ones
included; an area's "what we have achieved" list beside "what we will do"; an area's opening
paragraph that states unmet needs. The texts here are written for the tests, in those shapes."""

from __future__ import annotations

from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of, texts_of

# ---------------------------------------------------------------- an export with a kind column

EXPORT_CODES_NB = """Nøkkel;Kategori;Tittel;Overordnet;Ansvar;Status
K-1;I;Legemiddelhåndtering;;Fagdirektør;Aktiv
K-2;T;Innføre strekkodeskanning ved utdeling av legemidler;K-4;Apoteket;Pågår
K-3;P;Feil i legemiddellistene oppdages sent etter innleggelse;K-1;;Åpen
K-4;G;Ingen pasienter skal få feil legemiddel på grunn av feil i listen;K-1;Fagdirektør;Pågår
K-5;T;Ansette farmasøyt på akuttmottaket;K-4;Klinikksjef;Avslått
K-6;I;Ernæring;;Fagdirektør;Aktiv
K-7;T;Veie alle inneliggende pasienter ved innkomst;K-6;Sengepostene;Ikke startet

Eksport fra Prosjektportalen. Kategori: I = innsatsområde, P = problem, G = mål, T = tiltak.
"""


def test_export_kind_codes_from_the_key_and_parents_in_tree_order() -> None:
    draft = read_upload("eksport.csv", EXPORT_CODES_NB.encode())
    assert labels_of(draft, "theme") == ["Legemiddelhåndtering", "Ernæring"]
    assert texts_of(draft, "challenge") == [
        "Feil i legemiddellistene oppdages sent etter innleggelse"
    ]
    # 'G' is no default code: only the key under the table says it is a goal
    assert texts_of(draft, "goal") == [
        "Ingen pasienter skal få feil legemiddel på grunn av feil i listen"
    ]
    measures = [i for i in draft.items if i.kind == "measure"]
    # the turned-down row ("Avslått") is no measure of the plan
    assert [m.text for m in measures] == [
        "Innføre strekkodeskanning ved utdeling av legemidler",
        "Veie alle inneliggende pasienter ved innkomst",
    ]
    themes = {i.id: i.label for i in draft.items if i.kind == "theme"}
    # listed by ID, set out under their parents: the measure of K-6 stands in its area
    assert themes[measures[1].theme] == "Ernæring"
    assert themes[measures[0].theme] == "Legemiddelhåndtering"
    assert measures[0].responsible == "Apoteket"
    assert not any("Nøkkel" in (i.label or "") or i.label in ("I", "T") for i in draft.items)


EXPORT_WORDS_NN = """ID,Type,Namn,Forelder,Frist
1,Område,Rehabilitering,,
2,Utfordring,Pasientane ventar for lenge på plass i kommunal rehabilitering,1,
3,Tiltak,Opprette eit felles inntaksteam med kommunane,1,2029
"""


def test_export_kind_words_without_a_key() -> None:
    draft = read_upload("liste.csv", EXPORT_WORDS_NN.encode())
    assert labels_of(draft, "theme") == ["Rehabilitering"]
    assert texts_of(draft, "challenge") == [
        "Pasientane ventar for lenge på plass i kommunal rehabilitering"
    ]
    assert texts_of(draft, "measure") == ["Opprette eit felles inntaksteam med kommunane"]


def test_a_type_column_of_other_values_is_no_kind_column() -> None:
    # "Type" here says what sort of measure (course, purchase): the rows stay a table of
    # measures read by its "Tiltak" column, no theme or goal made of the type
    sheet = (
        "Nr;Type;Tiltak;Ansvar\n"
        "1;Kurs;Gi alle sykepleiere kurs i sårbehandling;Fagsjef\n"
        "2;Innkjøp;Kjøpe inn nye trykkavlastende madrasser;Innkjøp\n"
    )
    draft = read_upload("tiltak.csv", sheet.encode())
    assert texts_of(draft, "measure") == [
        "Gi alle sykepleiere kurs i sårbehandling",
        "Kjøpe inn nye trykkavlastende madrasser",
    ]
    assert texts_of(draft, "goal") == []
    assert "Kurs" not in labels_of(draft, "theme")


# ---------------------------------------------------------------- tab panels and achievements

TABS_NB = """<!doctype html><html lang="no"><head><meta charset="utf-8">
<title>Eldreomsorg</title></head><body><main>
<h1>Satsing på eldre pasienter</h1>
<div role="tablist">
<button role="tab" aria-controls="p1">Legemidler</button>
<button role="tab" aria-controls="p2">Ernæring</button>
</div>
<div id="p1" class="panel">
<h2>Legemidler</h2>
<p>Mange eldre bruker mange legemidler, og bare om lag en av tre får en legemiddelgjennomgang hvert år.</p>
<p><strong>Mål:</strong> Alle som bor på sykehjem, skal få en legemiddelgjennomgang hvert år.</p>
<h3>Dette har vi oppnådd</h3>
<ul><li>Innført felles sjekkliste for legemiddelgjennomgang i fire kommuner</li></ul>
<h3>Dette skal vi gjøre</h3>
<ul><li>Tilby farmasøytstøtte til alle sykehjem</li></ul>
</div>
<div id="p2" class="panel" hidden>
<h2>Ernæring</h2>
<p>Pasienter med underernæring har udekte behov for oppfølging etter utskrivning.</p>
<h3>Det har vi fått til</h3>
<ul><li>Startet ernæringspoliklinikk to dager i uken</li></ul>
<h3>Dette skal vi gjøre</h3>
<ul><li>Lage felles rutine for veiing i hjemmetjenesten</li></ul>
</div>
<div class="modal" hidden><h2>Logg inn</h2><p>Skriv inn brukernavn for å endre siden.</p></div>
</main></body></html>
"""


def test_hidden_tab_panels_are_read_and_achievements_are_no_items() -> None:
    draft = read_upload("satsing.html", TABS_NB.encode())
    assert labels_of(draft, "theme") == ["Legemidler", "Ernæring"]
    assert texts_of(draft, "measure") == [
        "Tilby farmasøytstøtte til alle sykehjem",
        "Lage felles rutine for veiing i hjemmetjenesten",
    ]
    assert len(texts_of(draft, "goal")) == 1
    texts = " ".join(i.text or i.label for i in draft.items)
    assert "Innført felles sjekkliste" not in texts
    assert "ernæringspoliklinikk" not in texts
    assert "oppnådd" not in texts and "fått til" not in texts
    # a hidden element that is no tab panel (a login dialog) stays out
    assert "Logg inn" not in texts and "brukernavn" not in texts


def test_area_opening_states_unmet_needs() -> None:
    draft = read_upload("satsing.html", TABS_NB.encode())
    challenges = texts_of(draft, "challenge")
    assert any(c.startswith("Mange eldre bruker mange legemidler") for c in challenges)
    assert any(c.startswith("Pasienter med underernæring har udekte behov") for c in challenges)


def test_a_heading_of_results_with_a_year_is_not_read_as_achievements() -> None:
    # "Resultatmål 2028" names goals; only "what we have achieved" headings are left out
    page = """<html><body><main><h1>Plan</h1><h2>Resultatmål 2028</h2>
<ul><li>Ventetiden skal være under 40 dager</li></ul></main></body></html>"""
    draft = read_upload("plan.html", page.encode())
    assert texts_of(draft, "goal") == ["Ventetiden skal være under 40 dager"]


# ---------------------------------------------------------------- task lists and area openings

TASKS_NB = """# Tiltaksplan for hjerterehabilitering 2028

## Rehabilitering etter hjerteinfarkt

Mange hjertepasienter venter for lenge på rehabilitering, og andelen som fullfører har ikke gått ned.

Mål: Alle skal få tilbud om rehabilitering innen fire uker.

- [ ] Opprette gruppetrening to ettermiddager i uken @lise.berg
  - [x] avklare lokaler med fysioterapiavdelingen
  - [ ] lage påmeldingsskjema
- [x] Innføre telefonoppfølging etter to uker @tor.dahl
"""


def test_task_list_steps_are_no_measures_and_waits_state_problems() -> None:
    draft = read_upload("plan.md", TASKS_NB.encode())
    measures = texts_of(draft, "measure")
    assert [m.split(" @")[0] for m in measures] == [
        "Opprette gruppetrening to ettermiddager i uken",
        "Innføre telefonoppfølging etter to uker",
    ]
    assert not any("lokaler" in m or "påmeldingsskjema" in m for m in measures)
    assert any(
        c.startswith("Mange hjertepasienter venter for lenge") for c in texts_of(draft, "challenge")
    )


def test_lower_case_sub_points_of_lower_case_points_stay_items() -> None:
    # a list whose points are all in lower case (completions of a lead-in) gives no sign that
    # a lower-case sub-point is a step: the guard needs capitals above
    plan = """# Handlingsplan

## Tiltak

Vi skal:

- innføre felles journalmal
  - innføre malen i barneklinikken
- opprette et fagråd
"""
    draft = read_upload("plan.md", plan.encode())
    assert "innføre malen i barneklinikken" in texts_of(draft, "measure")


AREA_NB = """FAGPLAN FOR ERGOTERAPI 2028–2031

1 Satsingsområder

1.1 Hjelpemidler

Mange pasienter får ikke vite hvem de kan kontakte når et hjelpemiddel må repareres.

Dette vil vi gjøre:

- Lage en felles oversikt over kontaktpersoner i kommunene
- Gi alle pasienter et informasjonsark ved utlevering

1.2 Kognitiv trening

Kognitiv trening etter hjerneslag gir bedre funksjon i hverdagen.

Dette vil vi gjøre:

- Starte en gruppe for kognitiv trening på dagtid
- Tilby videooppfølging etter utskrivning
"""


def test_area_opening_problem_before_its_measures_but_not_its_rationale() -> None:
    draft = read_upload("fagplan.txt", AREA_NB.encode())
    challenges = texts_of(draft, "challenge")
    assert challenges == [
        "Mange pasienter får ikke vite hvem de kan kontakte når et hjelpemiddel må repareres."
    ]
    assert len(texts_of(draft, "measure")) == 4
