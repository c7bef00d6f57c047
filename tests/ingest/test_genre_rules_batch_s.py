"""Genre rules for the shapes held-out batch S (h95-h100) showed: minutes of a meeting sent in
an e-mail below the sender's closing, whose agreed points are the measures and whose reported
concerns are the challenges; annual plans that mix routine operations with development
measures; reviewers' comments left in a plan; planning-tool exports whose level column gives
the kind; table cells holding several measures. The texts here are written for the tests."""

from __future__ import annotations

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import docx_of, labels_of, pdf_bytes, texts_of, xlsx_bytes


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


# ------------------------------------------------------------------ PDF tables typed with gaps


def _pdf(pages: list[list[tuple[str, str]]], header: str = "") -> Draft:
    """A PDF of ``pages`` (fixtures.pdf_bytes), with a running header in small print when
    ``header`` is given."""
    return read_upload("plan.pdf", pdf_bytes(pages, header=header))


_GAP = "     "


def test_a_typed_table_row_wrapped_at_the_margin_keeps_its_rest_on_the_row() -> None:
    draft = _pdf(
        [
            [
                ("h1", "Virksomhetsplan 2028 for lungeavdelingen"),
                ("h2", "Poliklinikk"),
                ("p", _GAP.join(["Tiltak", "Tertial", "Ansvar"])),
                (
                    "p",
                    _GAP.join(
                        [
                            "Etablere en felles digital henvisningsordning for alle fastlegene "
                            "i opptaksomradet",
                            "T1",
                            "Seksjonsleder poliklinikk",
                        ]
                    ),
                ),
                (
                    "p",
                    _GAP.join(["Starte telefonoppfolging av pasienter med KOLS", "T2", "Overlege"]),
                ),
                (
                    "p",
                    _GAP.join(
                        [
                            "Innfore ukentlig spirometri i distriktene med reisende sykepleier",
                            "T3",
                            "Avdelingssykepleier lunge",
                        ]
                    ),
                ),
                ("h2", "Oppfolging"),
                ("p", "Planen rapporteres til klinikksjefen hvert tertial."),
            ]
        ]
    )
    assert texts_of(draft, "measure") == [
        "Etablere en felles digital henvisningsordning for alle fastlegene i opptaksomradet",
        "Starte telefonoppfolging av pasienter med KOLS",
        "Innfore ukentlig spirometri i distriktene med reisende sykepleier",
    ]


def test_a_typed_table_going_on_over_a_page_break_keeps_its_head() -> None:
    row = ["Kartlegge ventetiden for hver pasientgruppe", "Q1", "Avdelingsleder"]
    draft = _pdf(
        [
            [
                ("h1", "Arsplan 2028 for hudavdelingen"),
                ("h2", "Poliklinikk"),
                ("p", "Lorem " * 60),
                ("p", _GAP.join(["Aktivitet", "Kvartal", "Ansvar"])),
                ("p", _GAP.join(row)),
                ("p", _GAP.join(["Innfore lysbehandling i hjemmet", "Q2", "Overlege"])),
            ],
            [
                ("p", _GAP.join(["Opprette et sarteam for kroniske sar", "Q3", "Sykepleier"])),
                ("p", _GAP.join(["Starte gruppeundervisning om eksem", "Q4", "Sykepleier"])),
                ("h2", "Oppfolging"),
                ("p", "Planen rapporteres til klinikksjefen hvert tertial."),
            ],
        ]
    )
    measures = [i for i in draft.items if i.kind == "measure"]
    assert [m.text for m in measures] == [
        "Kartlegge ventetiden for hver pasientgruppe",
        "Innfore lysbehandling i hjemmet",
        "Opprette et sarteam for kroniske sar",
        "Starte gruppeundervisning om eksem",
    ]


def test_a_running_header_of_three_parts_in_small_print_heads_no_table() -> None:
    draft = _pdf(
        [
            [
                ("h1", "Arsplan 2028 for hudavdelingen"),
                ("h2", "Poliklinikk"),
                ("p", _GAP.join(["Aktivitet", "Kvartal", "Ansvar"])),
                ("p", _GAP.join(["Innfore lysbehandling i hjemmet", "Q2", "Overlege"])),
            ],
            [
                ("p", _GAP.join(["Opprette et sarteam for kroniske sar", "Q3", "Sykepleier"])),
                ("p", _GAP.join(["Starte gruppeundervisning om eksem", "Q4", "Sykepleier"])),
            ],
        ],
        header="Sykehuset Vestby HF   Hudavdelingen   Arsplan 2028",
    )
    assert texts_of(draft, "measure") == [
        "Innfore lysbehandling i hjemmet",
        "Opprette et sarteam for kroniske sar",
        "Starte gruppeundervisning om eksem",
    ]
    assert not any("Vestby" in (i.text or i.label) or "Vestby" in i.reason for i in draft.items)


# ------------------------------------------------------------------ annual plans

_ANNUAL = """# Årsplan 2028 for Lindås sjukeheim

## Kvardagsrehabilitering

| Aktivitet | Kvartal | Ansvar |
|---|---|---|
| Månadleg rapport om fall til einingsleiar | Q1-Q4 | Fagsjukepleiar |
| Innføre fast fallrisikovurdering ved innkomst | Q1 | Fagsjukepleiar |
| Bestille forbruksmateriell til treningsrommet | Q2 | Merkantil |
| Prøve ut gruppetrening to dagar i veka | Q3 | Fysioterapeut |

## Faste oppgåver i heile eininga

| Aktivitet | Kvartal | Ansvar |
|---|---|---|
| Sommarbemanning og feriekabal | Q2 | Einingsleiar |
| Gjennomgang av prosedyrane for legemiddelhandtering | Q4 | Einingsleiar |
"""


def test_routine_operations_in_an_annual_plans_rows_are_no_measures() -> None:
    draft = read_upload("arsplan.md", _ANNUAL.encode())
    assert texts_of(draft, "measure") == [
        "Innføre fast fallrisikovurdering ved innkomst",
        "Prøve ut gruppetrening to dagar i veka",
    ]


def test_the_same_wording_in_a_plan_that_is_no_annual_plan_stays_a_measure() -> None:
    draft = read_upload(
        "hms.md",
        """# Handlingsplan for brannvern 2028

## Tiltak

- Brannøvelse på alle sengeposter to gonger i året
- Innføre digital opplæring i brannvern for nytilsette
""".encode(),
    )
    assert texts_of(draft, "measure") == [
        "Brannøvelse på alle sengeposter to gonger i året",
        "Innføre digital opplæring i brannvern for nytilsette",
    ]


# ------------------------------------------------------------------ cells of several measures

_CELLS = """# Handlingsplan for diabetesomsorga 2028

## Fotsår

| Utfordring | Tiltak |
|---|---|
| Mange pasientar får ikkje undersøkt føtene kvart år. | Innføre årleg fotundersøking hos fastlegen<br>Lære opp heimesjukepleia i fotstell |
| Sår blir oppdaga for seint. | Starte eit fotteam ved sjukehuset; Gje pasientane ei sjekkliste for føtene |
| Kursa for pasientar er fulltekna. | Tilby eit nettkurs om diabetes; kurset blir laga saman med brukarorganisasjonen |
| Pasientar med nyresvikt får ofte sår. | Sjå tiltak under Nyrer |
"""


def test_several_measures_in_one_cell_apart_by_a_line_break_or_semicolon_are_each_one() -> None:
    draft = read_upload("plan.md", _CELLS.encode())
    measures = texts_of(draft, "measure")
    assert "Innføre årleg fotundersøking hos fastlegen" in measures
    assert "Lære opp heimesjukepleia i fotstell" in measures
    assert "Starte eit fotteam ved sjukehuset" in measures
    assert "Gje pasientane ei sjekkliste for føtene" in measures


def test_a_cell_of_one_measure_with_a_semicolon_inside_its_sentence_is_not_split() -> None:
    draft = read_upload("plan.md", _CELLS.encode())
    assert (
        "Tilby eit nettkurs om diabetes; kurset blir laga saman med brukarorganisasjonen"
        in texts_of(draft, "measure")
    )


def test_a_measure_cell_that_points_elsewhere_is_no_measure_but_its_rows_challenge_is_one() -> None:
    draft = read_upload("plan.md", _CELLS.encode())
    assert not any(m.startswith("Sjå tiltak") for m in texts_of(draft, "measure"))
    assert "Pasientar med nyresvikt får ofte sår." in texts_of(draft, "challenge")


def test_a_goals_numbered_prefix_in_a_list_is_left_out_of_its_label_not_its_text() -> None:
    draft = read_upload(
        "temaplan.md",
        """# Temaplan for ernæring i heimetenesta 2028

## Mål

1. **Delmål 1:** Alle brukarar skal vegast kvar månad.
2. **Delmål 2:** Alle tilsette skal kjenne til ernæringsrutinen.
""".encode(),
    )
    goals = [i for i in draft.items if i.kind == "goal"]
    assert [g.label for g in goals] == [
        "Alle brukarar skal vegast kvar månad.",
        "Alle tilsette skal kjenne til ernæringsrutinen.",
    ]
    assert goals[0].text == "Delmål 1: Alle brukarar skal vegast kvar månad."


# ------------------------------------------------------------------ planning-tool exports


def test_an_exported_areas_description_gives_its_problems_as_challenges_not_its_figures() -> None:
    data = xlsx_bytes(
        {
            "Eksport": [
                ["Eksport frå Tiltaksbasen: Handlingsplan for slagbehandling 2028"],
                [],
                ["ID", "Nivå", "Tittel", "Beskrivelse", "Ansvarleg"],
                [
                    "SL-1",
                    "1",
                    "Rask behandling",
                    "I 2027 fekk 310 pasientar trombolyse. Mange pasientar kjem for seint til "
                    "sjukehuset fordi symptoma ikkje blir kjende att. Ambulansen har ikkje utstyr "
                    "for video.",
                    "Avdelingsleiar",
                ],
                ["SL-2", "2", "Alle skal få trombolyse innan 30 minutt", "", "Avdelingsleiar"],
                [
                    "SL-3",
                    "3",
                    "Starte ei informasjonskampanje om slagsymptom",
                    "Saman med kommunane.",
                    "Kommunikasjonsrådgjevar",
                ],
                [
                    "SL-4",
                    "3",
                    "Innføre videovurdering i ambulansen",
                    "",
                    "Prehospital klinikk",
                ],
            ],
            "Om eksporten": [
                ["Felt", "Forklaring"],
                ["Nivå", "1 = innsatsområde, 2 = mål, 3 = tiltak"],
            ],
        }
    )
    draft = read_upload("eksport.xlsx", data)
    assert labels_of(draft, "theme") == ["Rask behandling"]
    assert texts_of(draft, "challenge") == [
        "Mange pasientar kjem for seint til sjukehuset fordi symptoma ikkje blir kjende att.",
        "Ambulansen har ikkje utstyr for video.",
    ]
    assert texts_of(draft, "measure") == [
        "Starte ei informasjonskampanje om slagsymptom",
        "Innføre videovurdering i ambulansen",
    ]


# ------------------------------------------------------------------ reviewers' comments left in


def test_reviewers_comments_left_in_a_word_plan_are_not_read_and_an_anchor_is_taken_off() -> None:
    data = docx_of(
        [
            "# Tiltaksplan for pasienttryggleik i Kirurgisk klinikk 2028",
            "## Legemiddelsamstemming",
            "Tiltak:",
            "1. Innføre legemiddelsamstemming ved innlegging på alle sengepostar[KL1]",
            "Kommentar frå Kari Lie (farmasøyt): Bør vi også ta med utskrivinga? Vi saknar "
            "eit tiltak om opplæring av turnuslegar.",
            "1. Lære opp ein farmasøyt per post i samstemming",
            "## Oppfølging",
            "Merknad fra Ola Nes: Husk å oppdatere versjonsnummeret før publisering.",
        ]
    )
    draft = read_upload("plan.docx", data)
    assert texts_of(draft, "measure") == [
        "Innføre legemiddelsamstemming ved innlegging på alle sengepostar",
        "Lære opp ein farmasøyt per post i samstemming",
    ]
    everything = " ".join(i.text or i.label for i in draft.items)
    assert "turnuslegar" not in everything and "versjonsnummeret" not in everything


def test_a_comment_about_a_subject_written_as_plan_text_is_kept() -> None:
    draft = read_upload(
        "plan.md",
        """# Handlingsplan for brukarmedverknad 2028

## Tilbakemeldingar

- Innføre ein fast rutine for å svare på kommentarar frå pasientar innan ei veke
""".encode(),
    )
    assert texts_of(draft, "measure") == [
        "Innføre ein fast rutine for å svare på kommentarar frå pasientar innan ei veke"
    ]


# ------------------------------------------------------------------ the plan's own follow-up


def test_how_the_plan_is_gone_through_and_revised_under_its_follow_up_is_no_measure() -> None:
    draft = read_upload(
        "plan.md",
        """# Handlingsplan for smittevern 2028

## Tiltak

- Innføre daglig hygienerunde på alle sengeposter

## Oppfølging

Smittevernkomiteen går gjennom planen hvert halvår. Aktiviteter som ikke er gjennomført,
vurderes tatt med i planen for 2029.
""".encode(),
    )
    assert texts_of(draft, "measure") == ["Innføre daglig hygienerunde på alle sengeposter"]


def test_a_real_measure_told_under_a_follow_up_heading_stays_one() -> None:
    draft = read_upload(
        "plan.md",
        """# Handlingsplan for smittevern 2028

## Oppfølging

Smittevernkomiteen skal etablere en egen hygienesykepleierstilling på hvert sykehus i 2028.
""".encode(),
    )
    assert [
        m.text.startswith("Smittevernkomiteen skal etablere")
        for m in draft.items
        if m.kind == "measure"
    ] == [True]


def test_a_main_goal_line_in_the_introduction_is_the_plans_goal_and_the_rest_context() -> None:
    draft = read_upload(
        "plan.md",
        """# Handlingsplan for lindrande behandling 2028–2030

## Innleiing

Planen er laga av ei arbeidsgruppe med legar og sjukepleiarar. Mange pasientar døyr på
sjukehus sjølv om dei ønskte å døy heime.

**Hovudmål:** Alle pasientar i livets siste fase skal få lindrande behandling der dei bur.

## Tiltak

- Opprette eit palliativt team i kvar kommune
""".encode(),
    )
    assert [g.label for g in draft.items if g.kind == "goal"] == [
        "Alle pasientar i livets siste fase skal få lindrande behandling der dei bur."
    ]
    assert texts_of(draft, "challenge") == []


def test_an_areas_opening_sentences_on_staff_strain_before_its_goal_are_challenges() -> None:
    draft = read_upload(
        "plan.md",
        """# Handlingsplan for arbeidsmiljø 2028

## Nattarbeid

Dei fleste nattevaktene går på sengepostane. Mange tilsette får for lite søvn mellom
nattevaktene. Overtid på natt aukar kvar vinter.

Mål: Ingen skal gå meir enn tre nattevakter på rad.

Tiltak:

1. Lage nye turnusar med høgst tre nattevakter på rad
""".encode(),
    )
    assert texts_of(draft, "challenge") == [
        "Mange tilsette får for lite søvn mellom nattevaktene.",
        "Overtid på natt aukar kvar vinter.",
    ]


def test_how_measures_are_arranged_or_paid_for_and_what_already_works_are_no_measures() -> None:
    draft = read_upload(
        "plan.md",
        """# Temaplan for ernæring i sykehjem 2028

## Tiltak

Tiltakene er delt inn i to områder. Tiltakene gjennomføres innenfor dagens budsjett.

### Måltider

Kommunen innfører et fast nattmåltid på alle sykehjem.

Solsiden sykehjem har allerede prøvd et nattmåltid i ett år, og ordningen fungerer godt.
""".encode(),
    )
    assert texts_of(draft, "measure") == ["Kommunen innfører et fast nattmåltid på alle sykehjem."]
