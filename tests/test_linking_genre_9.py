"""Link suggestions across the interface of a hospital and a municipality's health and care
services: home nursing and nursing homes write what they see (liggesår, lekker urin, snorker,
roper og slår, pustemaskin, antibiotika i blodåre), the clinic writes diagnoses, procedures and
abbreviations (trykksår, inkontinens, søvnapné, APSD, LTMV, intravenøs); and a clinic's Nynorsk
plan names its own staff (tilsette, nytilsette, bedriftshelsetenesta) where a municipal note
names residents and asylum seekers. Texts written for these tests."""

from __future__ import annotations

import pytest

from plangraph.linking.roles import PATIENT, STAFF, roles
from plangraph.linking.text import stem, tokens
from tests.linking_cases import concepts as _concepts
from tests.linking_cases import first_of_pair

# (measure in the clinic's words, the challenge it addresses in the municipality's words, a
# challenge that shares words with the measure but not its concern)
CASES = {
    "pressure-ulcer": (
        "Sengeposten innfører snuplan og trykkavlastande madrass for å førebyggje trykksår.",
        "Beboere kommer tilbake fra sykehuset med liggesår på hælene.",
        "Beboere kommer tilbake fra sykehuset uten madrass og uten rullestol.",
    ),
    "incontinence": (
        "Ein uroterapeut greier ut inkontinens og lærer bort bekkenbotntrening.",
        "Mange eldre kvinner lekker urin og bruker bleier i mange år.",
        "Mange eldre kvinner får aldri lære trening som held dei i form.",
    ),
    "sleep-apnoea": (
        "Lungepoliklinikken greier ut obstruktiv søvnapné med polygrafi og startar CPAP.",
        "Voksne som snorker og har pustestopp, venter lenge på å bli undersøkt.",
        "Voksne med astma venter lenge på time på lungepoliklinikken.",
    ),
    "long-term-ventilation": (
        "LTMV-teamet lærer opp assistentane i bruk av ventilatoren.",
        "Assistentene til brukere med pustemaskin hjemme får ikke nok opplæring.",
        "Assistentene til brukere med rullestol hjemme får ikke nok opplæring i bruk av utstyret.",
    ),
    "intravenous": (
        "Sjukehuset gir intravenøs behandling i heimen med ambulerande sjukepleiar.",
        "Pasienter som trenger antibiotika i blodåre, blir liggende lenge på sykehuset.",
        "Pasienter som trenger sjukepleiar i heimen, venter lenge på vedtak.",
    ),
    "pneumococcal-vaccine": (
        "Pasientar over 65 år får vaksine mot lungebetennelse før utreise.",
        "Få eldre har tatt pneumokokkvaksine.",
        "Få eldre med lungebetennelse blir behandlet hjemme.",
    ),
    "malnutrition": (
        "Klinisk ernæringsfysiolog lagar ein ernæringsplan med næringsdrikk for pasientar i ernæringsrisiko.",
        "Mange eldre har gått ned i vekt og har dårlig matlyst når de kommer hjem.",
        "Mange eldre har fått en ny plan for legemidlene når de kommer hjem.",
    ),
    "psychogeriatric-team": (
        "Alderspsykiatrisk team kjem til sjukeheimen ved åtferdsmessige og psykologiske symptom ved demens.",
        "Sykehjemsbeboere med demens som roper og slår om natten, sendes til legevakten.",
        "Sykehjemmene venter lenge før teamet fra sykehuset kommer til sjukeheimen med utstyret.",
    ),
    "staff-vaccination": (
        "Vaksinasjonsdekninga mot influensa blant tilsette skal opp; bedriftshelsetenesta vaksinerer på vaktene.",
        "Få ansatte på sykehjemmene tar influensavaksinen.",
        "Vaksinasjonsdekningen mot influensa blant hjemmeboende over 65 år er lav på vaksinasjonsdagene.",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_measure_meets_its_challenge_before_one_that_shares_its_words(case: str) -> None:
    assert first_of_pair(*CASES[case]) == {"m": "right"}


def test_nynorsk_staff_words_name_the_staff() -> None:
    assert STAFF in roles("Bedriftshelsetenesta følgjer opp dei nytilsette.")
    assert STAFF in roles("Fråværet er høgt blant nytilsette.")
    assert STAFF in roles("Vi ser mange yrkesskadar.")
    assert STAFF in roles("Arbeidsbelastinga på kveldsvaktene er for høg.")
    assert STAFF in roles("Sjukefråvær blant turnuslækjarar.")


def test_a_municipal_note_names_the_people_it_serves() -> None:
    assert PATIENT in roles("Asylsøkjarar på mottaket ventar lenge på svar.")
    assert PATIENT in roles("Mange hjemmeboende over 80 år faller.")
    assert PATIENT in roles("Brukarane får ikkje vite kven som kjem.")
    # the staff's work near patients is no patient, nor is "bruker" the verb
    assert PATIENT not in roles("Tilsette i pasientnært arbeid skal vaksinerast.")
    assert PATIENT not in roles("Hjemmesykepleien bruker mye tid på kjøring.")


def test_dementia_is_no_pronoun() -> None:
    # "demens" stemmed to "dem" (them): a note that says "retter dem" met every dementia text
    assert [t.stem for t in tokens("fastlegen retter dem")] == [stem("fastlegen"), stem("retter")]
    assert stem("demens") == stem("demensen")
    assert "demens" in _concepts("Personer med demens og hukommelsesproblemer.")


def test_everyday_and_clinical_words_name_one_concept() -> None:
    assert "trykksar" in _concepts("Han har fått liggesår.")
    assert "trykksar" in _concepts("Huda vert sjekka for trykkskadar.")
    assert "sar" in _concepts("Åpne sår på leggene som ikke gror.")
    assert "inkontinens" in _concepts("Ho lekker urin.")
    assert "inkontinens" in _concepts("Kommunen kjøper bleier for millioner.")
    assert "sovnapne" in _concepts("Han snorkar og er trøytt om dagen.")
    assert "sovnapne" not in _concepts("Pasientane søv dårleg og er trøytte på sjukehuset.")
    assert "apsd" in _concepts("Bebuarar som ropar og slår.")
    assert "apsd" not in _concepts("Sjukepleiaren slår opp i registeret.")
    assert {"alderspsykiatri", "geriatri", "psykisk-helse"} <= _concepts("Psykogeriatrisk team.")
    assert {"demens", "geriatri"} <= _concepts("Minnepoliklinikken greier ut kognitiv svikt.")
    assert "ernaering" in _concepts("Ho har gått ned i vekt.")
    assert "ernaering" not in _concepts("Kjøkkenet vil vege maten som vert kasta.")
    assert "langtidsventilasjon" in _concepts("Brukarar med hjemmerespirator.")
    assert "langtidsoksygen" in _concepts("Dei som har oksygen heime.")
    assert "intravenos" in _concepts("Han treng antibiotika i blodåra.")
    assert "pneumokokkvaksine" in _concepts("Vaksine mot lungebetennelse til risikogrupper.")
    assert "vaksinasjon" in _concepts("Pneumokokkvaksine til eldre.")
    assert "tuberkulose" in _concepts("Positiv IGRA hos nyankomne.")
    assert "utskrivningsklare" in _concepts("Talet på overliggjarar skal ned.")
