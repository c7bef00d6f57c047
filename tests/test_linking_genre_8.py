"""Link suggestions between what patients and next of kin say (an ombudsman's note in everyday
words) and what a hospital trust writes (clinical words, units, professions, abbreviations):
hearing and sight, fractures and joint replacement, delirium, allergy, hepatitis, prisoners,
plain language and the patient record. Each measure below must meet the challenge it addresses
before one of its field that shares words with it but not its concern. Texts written for these
tests."""

from __future__ import annotations

import pytest

from plangraph.linking.text import stem, tokens
from tests.linking_cases import concepts as _concepts
from tests.linking_cases import first_of_pair

# (measure in the trust's words, the challenge it addresses in everyday words, a challenge of
# the same field it does not address)
CASES = {
    "hearing": (
        "Audiografene overtar tilpasningen av hørselshjelpemidler fra øre-nese-hals-legene.",
        "Mange som høyrer dårleg, ventar lenge på hjelp frå sjukehuset.",
        "Mange som ser dårleg, ventar lenge på hjelp frå sjukehuset.",
    ),
    "cataract": (
        "Øyeavdelingen åpner en ekstra stue for linsekirurgi og opererer flere med katarakt.",
        "Eldre med grå stær må vente lenge før dei blir opererte.",
        "Eldre med grønn stær på augeavdelinga må vente lenge før dei blir opererte.",
    ),
    "hip-fracture": (
        "Pasienter med lårhalsbrudd skal opereres innen ett døgn, også i helgene.",
        "Eldre som bryt hofta, ligg for lenge og ventar på å bli opererte.",
        "Eldre som ventar på ny hofte, ventar for lenge på å bli opererte.",
    ),
    "joint-replacement": (
        "Flere pasienter får innsatt kneprotese eller hofteprotese som dagkirurgi.",
        "Dei som ventar på nytt kne eller ny hofte, ventar over eitt år.",
        "Dei som har brote hofta, ventar over eitt døgn på operasjon.",
    ),
    "fragility-fracture": (
        "En frakturkoordinator kaller inn alle med lavenergibrudd til DXA.",
        "Mange som brakk håndleddet etter et lite fall, får aldri vite at de har skjøre bein.",
        "Mange eldre fell heime og ligg lenge før nokon finn dei.",
    ),
    "delirium": (
        "Sykepleierne screener alle eldre pasienter for delirium etter operasjonen.",
        "Eldre blir ofte forvirra etter operasjonen, og dei pårørande får ikkje vite kvifor.",
        "Eldre blir ikkje screena for underernæring etter operasjonen, og dei pårørande får ikkje vite kvifor.",
    ),
    "drug-allergy": (
        "Farmasøytene går gjennom varsler om overfølsomhet for betalaktamer og tilbyr dosetest.",
        "Mange pasientar trur dei ikkje tåler penicillin, men har aldri fått det sjekka.",
        "Mange pasientar får ikkje sjekka om alle medisinane dei brukar, passar saman.",
    ),
    "anaphylaxis": (
        "Skolehelsetjenesten lærer lærerne å sette autoinjektor ved anafylaksi.",
        "Lærarane veit ikkje korleis dei skal bruke adrenalinpennen til elevar med allergi.",
        "Lærarane veit ikkje korleis dei skal hjelpe elevar med diabetes.",
    ),
    "hepatitis": (
        "Infeksjonspoliklinikken tilbyr HCV-testing og behandling til alle rusavhengige.",
        "Mange rusavhengige med hepatitt C veit ikkje at dei er smitta.",
        "Mange rusavhengige får ikkje behandling for rusen når dei treng det.",
    ),
    "anticoagulation": (
        "Pasienter som bruker antikoagulasjon, får en fast plan før inngrepet.",
        "Pasientar som tek blodfortynnande, får operasjonen utsett i siste liten.",
        "Pasientar får inngrepet utsett i siste liten fordi det manglar ein fast anestesilege.",
    ),
    "plain-language": (
        "Alle innkallingsbrev og epikriser skrives om til klarspråk.",
        "Breva frå sjukehuset er fulle av latinske ord.",
        "Breva frå sjukehuset kjem for seint fram.",
    ),
    "record-access": (
        "Pasientene kan lese journalen sin på nett samme dag.",
        "Pasientar som ber om innsyn i journalen, må purre i fleire månader.",
        "Pasientar som ber om ny time på nett, må purre i fleire månader.",
    ),
    "teach-back": (
        "Før operasjonen ber legen pasienten gjenta med egne ord hva som skal skje.",
        "Pasientar skriv under på samtykke til operasjon dei ikkje forstod.",
        "Pasientar ventar for lenge på operasjon.",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_measure_meets_its_challenge_before_one_of_its_field(case: str) -> None:
    assert first_of_pair(*CASES[case]) == {"m": "right"}


def test_a_new_joint_is_a_joint_replacement() -> None:
    # "ny" and "nytt" are stop words: "ny hofte" was any hip, a broken one too
    assert [t.stem for t in tokens("Ho ventar på ny hofte og nytt kne.")][-2:] == [
        stem("hofteprotese"),
        stem("kneprotese"),
    ]
    assert [t.stem for t in tokens("Han brakk hofta.")][-1] == stem("hofta")
    assert "leddprotese" in _concepts("Dei ventar på nye knær.")
    assert "leddprotese" not in _concepts("Dei har vondt i knea.")


def test_number_words_carry_no_concern() -> None:
    # "ti månader" on a waiting list and "ti arbeidsdagar" for a printout are no shared concern
    assert [t.stem for t in tokens("ti månader, seks veker, sju år")] == [
        stem("månader"),
        stem("veker"),
        stem("år"),
    ]


def test_nynorsk_hearing_and_theatre_words_meet_bokmal() -> None:
    pairs = [("høyreapparat", "høreapparat"), ("høyrselstap", "hørselstap")]
    pairs += [("operasjonsstovene", "operasjonsstuene")]
    for nn, nb in pairs:
        assert [t.stem for t in tokens(nn)] == [t.stem for t in tokens(nb)], nn


def test_everyday_and_clinical_words_name_one_concept() -> None:
    assert "horsel" in _concepts("Mange er tunghørte.")
    assert "katarakt" in _concepts("Ho har grå stær.")
    assert "katarakt" not in _concepts("Ho har grønn stær.")
    assert "delirium" in _concepts("Mange blir forvirra etter operasjonen.")
    assert "beinskjorhet" in _concepts("Ho har skjøre bein.")
    assert "beinskjorhet" not in _concepts("Sjukehuset har mange fristbrudd.")
    assert "antikoagulasjon" in _concepts("Han brukar blodfortynnande medisinar.")
    assert "legemiddelallergi" in _concepts("Ho tåler ikkje penicillin.")
    assert "anafylaksi" in _concepts("Barnet har med adrenalinpenn.")
    assert "hepatitt" in _concepts("Behandling mot leverbetennelse.")
    assert "klarsprak" in _concepts("Brev utan fremmedord.")
    assert "journalinnsyn" in _concepts("Pasienten les journalen sin.")
    assert "journalinnsyn" not in _concepts("Dei tilsette får innsyn i personalmappa.")
    assert "loslatelse" in _concepts("Dei som har sona ferdig.")
    assert "loslatelse" not in _concepts("Helsetenesta i fengselet.")
