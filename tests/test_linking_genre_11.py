"""Link suggestions between a region's abstract problem statements and one clinical unit's
concrete measures: the region writes simulation training, video consultations, shared
decision-making, existential care, drug-resistant epilepsy, remote monitoring, clinical ethics
committees, multiple sclerosis and volunteers; the unit drills with a manikin, books screen
appointments, hands out a decision sheet, lists faith communities, refers patients whose
seizures go on, reads the seizure watches' alerts, calls the KEK, names MS and the local
women's health association. And the false friends such pairs bring: relatives where the
challenge is about patients, new patients where it is about new staff, a course on one topic
for the students whose challenge is another, rare side effects against rare diagnoses. Texts
written for these tests."""

from __future__ import annotations

import pytest

from plangraph.linking.rank import PENALTY_LIGHT, PENALTY_ROLES, explain_pairs, rank
from plangraph.linking.roles import STAFF, roles
from tests.linking_cases import concepts as _concepts
from tests.linking_cases import first_of_pair
from tests.linking_cases import item as _item

# (measure in a unit's words, the challenge it answers in a region's words, a challenge that
# shares words with the measure but not its concern)
CASES = {
    "manikin-drill": (
        "Kvar månad øver dagvakta på hjartestans med ei dukke på eit ledig rom på posten.",
        "Ferdighetstrening i simulerte situasjoner er ikke en fast del av opplæringen.",
        "Mange rom på sengepostene står ledige om sommeren fordi det mangler personell.",
    ),
    "screen-appointment": (
        "Årskontrollen hos diabetessjukepleiaren blir skjermtime for dei som bur langt unna.",
        "Videokonsultasjoner brukes lite selv om mange pasienter har lang reisevei.",
        "Årskontrollene tar for mye tid fra andre oppgaver i poliklinikken.",
    ),
    "decision-sheet": (
        "Pasientar som skal byte blodtrykksmedisin, får eit valark med fordelar og ulemper.",
        "Verktøy for samvalg er i liten grad tatt i bruk i klinisk praksis.",
        "Pasienter venter for lenge på operasjon.",
    ),
    "faith-communities": (
        "Avdelinga har ei liste over kontaktpersonar i trussamfunna i byen.",
        "Pasienter med et annet livssyn enn det kristne har sjelden et tilbud om samtale.",
        "Avdelingene har for få senger.",
    ),
    "seizures-despite-medicine": (
        "Barn som framleis har krampar etter to medisinar, blir tilviste til epilepsisenteret.",
        "Barn med behandlingsresistent epilepsi vurderes for sent for epilepsikirurgi.",
        "Mange barn venter lenge på time hos fastlegen.",
    ),
    "seizure-watch-alerts": (
        "Meldingar frå anfallsklokkene går til ein felles innboks på poliklinikken.",
        "Varsler fra sensorer i fjernmonitoreringen havner hos enkeltpersoner.",
        "Poliklinikken har for lite plass.",
    ),
    "ethics-committee": (
        "Før vi avsluttar pustemaskin, ber vi om eit møte i KEK.",
        "De kliniske etikkomiteene brukes lite.",
        "Møter mellom sykehus og kommune blir ofte avlyst.",
    ),
    "volunteers": (
        "Besøksvenner frå Røde Kors kjem på kveldstid til pasientar som er einsame.",
        "Frivillige organisasjoner brukes lite og tilfeldig i sykehusene.",
        "Pasienter ligger alene på enerom om kvelden uten tilsyn.",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_units_measure_meets_the_regions_words_before_one_that_shares_its_words(
    case: str,
) -> None:
    assert first_of_pair(*CASES[case]) == {"m": "right"}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Nattevakta øver med ei dukke.", "simulering"),
        ("Ferdigheitstrening for alle team.", "simulering"),
        ("Kontrollen blir skjermtime.", "videokonsultasjon"),
        ("Fleire digitale konsultasjonar på poliklinikken.", "videokonsultasjon"),
        ("Pasienten får eit valark.", "samvalg"),
        ("Ei liste over trussamfunn.", "livssyn"),
        ("Sykehusprestene dekker ikke alle sykehus.", "livssyn"),
        ("Eksistensiell omsorg for alvorlig syke.", "livssyn"),
        ("Barnet har krampar kvar veke.", "epilepsi"),
        ("Krampar trass medisin.", "behandlingsresistent-epilepsi"),
        ("Vurdering for epilepsikirurgi.", "behandlingsresistent-epilepsi"),
        ("Meldingar frå anfallsklokkene.", "fjernmonitorering"),
        ("Varsler fra sensorer.", "fjernmonitorering"),
        ("Eit møte i KEK.", "klinisk-etikk"),
        ("Livsforlengende behandling avsluttes.", "klinisk-etikk"),
        ("Nye MS-pasientar.", "multippel-sklerose"),
        ("Utredning av demyeliniserende sykdom.", "multippel-sklerose"),
        ("Familiar med Huntingtons sjukdom.", "sjeldne-diagnoser"),
        ("Kveldsbesøk frå sanitetslaget.", "frivillighet"),
        ("Frivillige organisasjonar.", "frivillighet"),
    ],
)
def test_the_regions_and_the_units_words_name_the_concern(text: str, concept: str) -> None:
    assert concept in _concepts(text)


@pytest.mark.parametrize(
    ("text", "everyday", "concept"),
    [
        # the time of day, other alerts, other causes, other rare things, patients' exercise
        ("Anfallsklokka varslar.", "Innboksen blir lesen klokka 8 kvar dag.", "fjernmonitorering"),
        ("Data frå sensorane.", "Vi varsler kommunen om utskrivinga.", "fjernmonitorering"),
        ("Sjelesorg på sjukehuset.", "Ventetida skyldes mangel på legar.", "livssyn"),
        ("Sjeldne diagnosar.", "Sjeldne biverknader blir melde.", "sjeldne-diagnoser"),
        ("Simulering i team.", "Pasientane får trening to gonger i veka.", "simulering"),
    ],
)
def test_the_units_words_name_the_concern_and_everyday_words_do_not(
    text: str, everyday: str, concept: str
) -> None:
    assert concept in _concepts(text)
    assert concept not in _concepts(everyday)


def _penalties(measure: str, challenge: str, *others: str) -> tuple[str, ...]:
    """The penalties of the pair (measure, challenge) among ``others`` challenges."""
    m = _item("m", "measure", measure)
    c = _item("c", "challenge", challenge)
    rest = [_item(f"o{n}", "challenge", text) for n, text in enumerate(others)]
    return explain_pairs([m, c, *rest], [(m.iri, c.iri)])[(m.iri, c.iri)].penalties


def test_a_course_for_the_students_is_not_the_students_placements() -> None:
    # the students (and "sjukepleie-" standing for sjukepleiestudentar) say who, not what; a
    # medical student (medisin|student) is no medicine
    measure = "Alle sjukepleie- og medisinstudentar tek eit kurs i handhygiene første dagen."
    placements = "Sykehuset har for få praksisplasser til sykepleie- og medisinstudenter."
    assert PENALTY_LIGHT in _penalties(measure, placements, "Håndhygiene blir ikke fulgt.")
    assert "legemidler" not in _concepts("Medisinstudentane får eit skåp.")


def test_a_measure_that_helps_is_not_about_health_care_as_such() -> None:
    items = [
        _item(
            "m", "measure", "Ein sjukepleiar ringjer pasientane heim og hjelper dei med medisinane."
        ),
        _item(
            "right",
            "challenge",
            "Pasienter får for lite oppfølging med medisinene etter utskrivning.",
        ),
        _item("wrong", "challenge", "Mange får ikke nødvendig helsehjelp i tide."),
    ]
    ranking = rank(items, k=3, relations=["addresses"], thesaurus=True, with_evidence=False)
    assert [c.object.iri.rsplit("/", 1)[1] for c in ranking.candidates] == ["right"]


@pytest.mark.parametrize(
    ("relatives", "patients", "alongside"),
    [
        # relatives on their own against patients only; the relatives named with the patients
        # (or as witnesses in the challenge) are no conflict
        (
            "Rom på pasienthotellet for pårørande som kjem langvegs frå.",
            "Pasienter ligger på sengepost fordi pasienthotellet ikke brukes for dem.",
            "Pasientar og pårørande som kjem langvegs frå, kan bu på pasienthotellet.",
        ),
        (
            "Pårørende til pasienter på slagenheten får samtale med sosionom.",
            "Pasienter på slagenheten får for lite samtale med sosionom; pårørende har klaget.",
            "Pasienter og pårørende på slagenheten får samtale med sosionom.",
        ),
    ],
)
def test_relatives_on_their_own_are_not_the_patients(
    relatives: str, patients: str, alongside: str
) -> None:
    if "pårørende har klaget" in patients:
        # the challenge names the relatives (as witnesses): no conflict with either
        assert PENALTY_ROLES not in _penalties(relatives, patients)
        patients = patients.split(";")[0] + "."
    assert PENALTY_ROLES in _penalties(relatives, patients)
    assert PENALTY_ROLES not in _penalties(alongside, patients)
    # a challenge about the relatives themselves meets the relatives' measure
    assert PENALTY_ROLES not in _penalties(
        relatives, "Pårørende som reiser langt, får ikke dekket overnatting."
    )


@pytest.mark.parametrize(
    "staff",
    [
        "Nyansatte får svært ulik introduksjon og opplæring.",
        "Nytilsette får ikkje same introduksjon på alle postane.",
    ],
)
def test_new_patients_are_not_new_staff(staff: str) -> None:
    assert roles(staff) == {STAFF}
    measure = "Nye MS-pasientar får eit introduksjonskurs med opplæring om sjukdomen."
    assert PENALTY_ROLES in _penalties(measure, staff)
