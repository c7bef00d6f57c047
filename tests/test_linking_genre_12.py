"""Link suggestions between a municipality's retelling of what users, relatives and staff said
and one medical clinic's terse measures: the municipality writes light treatment, rashes and
itching, boils that keep coming back, swollen joints, the medicine in a vein, lying in bed with
ME, korona, brittle bones, being afraid of falling, the medicine list, obesity surgery and
drinking; the clinic NB-UVB, the dermatologist, HS, arthritis and the rheumatologist, i.v. and
infusions, sengeliggende and pacing, covid-19, FLS and DXA, FES-I, LMG and STOPP/START, gastric
bypass and SSO, AUDIT and EDE-Q. And the false friends such pairs bring: the same condition in
adults and in children, the clinic's own sick-listed staff against sick-listed patients, a lost
working day that is the patient's, not the staff's. Texts written for these tests."""

from __future__ import annotations

import pytest

from plangraph.linking.rank import PENALTY_ROLES, explain_pairs
from plangraph.linking.roles import AGE_ADULT, AGE_CHILD, STAFF, roles
from plangraph.linking.text import tokens
from tests.linking_cases import concepts as _concepts
from tests.linking_cases import first_of_pair
from tests.linking_cases import item as _item

# (measure in a clinic's words, the challenge it answers in a municipality's words, a challenge
# that shares words with the measure but not its concern)
CASES = {
    "home-light-treatment": (
        "Pasienter med plakkpsoriasis får låne lysskap og tar UVB-behandling hjemme; "
        "sykepleier følger opp på telefon.",
        "Folk med psoriasis må ta fri frå jobben tre gonger i veka for å få lysbehandling.",
        "Sykepleiarane i heimetenesta har for lite tid til å ta telefonen.",
    ),
    "skin-photo-advice": (
        "Sykehjemslegen sender bilde til vakthavende dermatolog, som svarer innen tre dager.",
        "Bebuarane på sjukeheimen får kløe og utslett, og det tek lang tid før nokon "
        "hudlege ser på det.",
        "Sjukeheimen ventar lenge på svar når dei sender bilete av sår til sårpoliklinikken.",
    ),
    "hs-referral": (
        "Egen henvisningsvei for HS med time hos dermatolog innen fire uker.",
        "Unge vaksne med byllar i armholene har fått antibiotika i årevis før nokon viste dei "
        "vidare.",
        "Fire veker ventetid på time for unge med angst.",
    ),
    "infusion-to-pen": (
        "Stabile infusjonspasienter tilbys overgang til penn de setter selv (i.v. til s.c.).",
        "Brukarane som får medisinen i blodåra, mistar ein heil arbeidsdag kvar gong.",
        "Overgangen til eit nytt journalsystem tek tid.",
    ),
    "early-arthritis": (
        "Henvisninger med mistanke om artritt vurderes av revmatolog innen to uker.",
        "Personar med hovne og vonde ledd ventar lenge på første time hos spesialist.",
        "Ved mistanke om kreft går det for lang tid.",
    ),
    "me-home-visits": (
        "Teamet besøker sengeliggende pasienter med alvorlig ME/CFS hjemme.",
        "Unge som ligg til sengs med ME, får berre timar på poliklinikken.",
        "Fastlegen besøker for sjeldan pasientar som bur heime.",
    ),
    "post-covid-day": (
        "Pasienter med plager lenge etter covid-19 utredes av flere spesialister på én dag.",
        "Dei som framleis har hjernetåke eitt år etter korona, vert sende frå lege til lege.",
        "Akuttmottaket er fullt kvar dag.",
    ),
    "fracture-liaison": (
        "Osteoporosesykepleieren fanger opp lavenergibrudd på skadepoliklinikken og bestiller DXA.",
        "Kvinner som har brote handleddet, får ingen medisin for å styrkje skjelettet.",
        "Heimebuande eldre som er redde for å falle, går mindre ut og fangar ikkje opp tilbod.",
    ),
    "falls-clinic": (
        "Fallutredning med FES-I og balansetrening for hjemmeboende som har falt flere ganger.",
        "Eldre som bur heime og er redde for å falle igjen, sluttar å gå ut.",
        "Eldre som bur heime, får for lite trening etter hofteoperasjonen.",
    ),
    "obesity-surgery-letter": (
        "Etter gastric bypass får fastlegen en plan med årlige prøver av Hb, ferritin og PTH.",
        "Dei som vart opererte for overvekt for lenge sidan, veit ikkje kva blodprøvar dei treng.",
        "Fastlegane får ikkje epikrisen frå sjukehuset før planen er laga.",
    ),
    "alcohol-screening": (
        "Alle fyller ut AUDIT ved kontroll på SSO.",
        "Nokre som er opererte for overvekt, byrjar å drikke meir alkohol etterpå.",
        "Mange må fylle ut dei same skjemaa på nytt.",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_clinics_measure_meets_the_municipalitys_words_before_one_that_shares_its_words(
    case: str,
) -> None:
    assert first_of_pair(*CASES[case]) == {"m": "right"}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Hudlegen har lang ventetid.", "hudsykdommer"),
        ("Bebuarar med raude hudfaldar.", "hudsykdommer"),
        ("Lysbehandling tre gonger i veka.", "lysbehandling"),
        ("Opplæring på NB-UVB.", "lysbehandling"),
        ("Foreldre til småbarn med eksem.", "eksem"),
        ("Atopisk dermatitt hos barn.", "eksem"),
        ("Byllar som kjem att.", "hidradenitt"),
        ("Hurtigspor for HS.", "hidradenitt"),
        ("Brukarar med leddgikt.", "revmatologi"),
        ("Hevelse i to eller flere ledd.", "revmatologi"),
        ("Pasienter på bDMARD.", "biologiske-legemidler"),
        ("Bytte til biotilsvarande legemiddel.", "biologiske-legemidler"),
        ("Infusjon kvar åttande veke.", "intravenos"),
        ("Overgang i.v. til s.c.", "intravenos"),
        ("Unge som ligg til sengs.", "utmattelse-me"),
        ("Webinar om energiøkonomisering.", "utmattelse-me"),
        ("Plager etter korona.", "post-covid"),
        ("Post-covid-poliklinikk.", "post-covid"),
        ("Brukarar med sjukleg overvekt.", "overvekt"),
        ("Kurs på SSO.", "overvekt"),
        ("Sleeve-gastrektomi.", "fedmekirurgi"),
        ("Dei som vart opererte for overvekt.", "fedmekirurgi"),
        ("AUDIT før timen.", "alkohol"),
        ("EDE-Q før timen.", "spiseforstyrrelser"),
        ("Eldre som er redde for å falle.", "fall"),
        ("Fallfrykt måles med FES-I.", "fall"),
        ("Gjennomgang etter STOPP/START.", "legemiddelgjennomgang"),
        ("Ingen ser over heile medisinlista.", "legemiddelgjennomgang"),
        ("Medisin for å styrkje skjelettet.", "beinskjorhet"),
        ("Årlig Hb og ferritin.", "laboratorium"),
    ],
)
def test_the_municipalitys_and_the_clinics_words_name_the_concern(text: str, concept: str) -> None:
    assert concept in _concepts(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # to catch (fange opp) is no prisoner; a switch of medicine is no transition between
        # services
        ("Sykepleieren fanger opp dei som har falle.", "fengselshelse"),
        ("Overgang til subkutan penn.", "samhandling"),
    ],
)
def test_everyday_words_are_not_the_concern(text: str, concept: str) -> None:
    assert concept not in _concepts(text)


def test_routes_written_with_dots_are_words() -> None:
    # "i.v." and "s.c." were no words at all (single letters): a measure named by them alone
    # had nothing to match
    assert [t.norm for t in tokens("Overgang i.v. → s.c.")] == [
        "overgang",
        "intravenøs",
        "subkutan",
    ]
    assert [t.norm for t in tokens("m.m. o.l.")] == []


def _penalties(measure: str, challenge: str) -> tuple[str, ...]:
    items = [_item("m", "measure", measure), _item("c", "challenge", challenge)]
    pair = (items[0].iri, items[1].iri)
    return explain_pairs(items, [pair])[pair].penalties


def test_a_lost_working_day_is_the_patients() -> None:
    # a working day as a measure of time is no workplace word; the new staff's first is
    assert STAFF not in roles("Brukarane mistar ein heil arbeidsdag kvar gong.")
    assert STAFF not in roles("Pasienten får svar innen ti arbeidsdager.")
    assert STAFF in roles("Nyansatte får fadder før første arbeidsdag.")
    assert PENALTY_ROLES not in _penalties(
        "Infusjonspasientar får tilbod om penn.",
        "Brukarane som får infusjon, mistar ein heil arbeidsdag.",
    )


def test_the_clinics_own_sick_leave_is_the_staffs() -> None:
    measure = "Sykmeldte følges opp av HR og BHT innen sju uker."
    assert roles(measure) == {STAFF}
    assert PENALTY_ROLES in _penalties(
        measure, "Pasientar går sjukmelde i over eitt år medan dei ventar på utgreiing."
    )


def test_adults_and_children_with_the_same_condition_are_two_concerns() -> None:
    adults = "Kortere ventetid på mestringskurs for voksne med sykelig overvekt."
    children = "Familiar der barnet har alvorleg overvekt, ventar over eitt år på sjukehuset."
    assert AGE_ADULT in roles(adults) and AGE_CHILD in roles(children)
    assert PENALTY_ROLES in _penalties(adults, children)
    # a text that names both is no conflict, nor one that names neither
    assert PENALTY_ROLES not in _penalties("Kurs for barn og voksne med overvekt.", children)
    assert PENALTY_ROLES not in _penalties("Kurs om overvekt.", children)
