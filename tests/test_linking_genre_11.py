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

from tests.linking_cases import concepts as _concepts
from tests.linking_cases import first as _first
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
    measure, right, wrong = CASES[case]
    items = [
        _item("m", "measure", measure),
        _item("right", "challenge", right),
        _item("wrong", "challenge", wrong),
    ]
    assert _first(items) == {"m": "right"}


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
