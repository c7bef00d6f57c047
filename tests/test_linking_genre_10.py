"""Link suggestions between an audit's findings (tilsyn) and the audited hospital's follow-up:
the audit writes what it saw (brannceller, evakueringsøving, naudstraumsaggregat,
steriliseringsapparat, kontinuerleg overvaking, bekymringsmelding, pustefrekvens), the
managers name units, systems and abbreviations (brannskille, rømningsøvelse, reserveaggregat,
UPS, autoklav, intermediærenhet, opplysningsplikt, NEWS). Texts written for these tests."""

from __future__ import annotations

import pytest

from tests.linking_cases import concepts as _concepts
from tests.linking_cases import first_of_pair

# (measure in the managers' words, the finding it answers in the audit's words, a finding that
# shares words with the measure but not its concern)
CASES = {
    "fire-compartments": (
        "Teknisk drift tettar alle gjennomføringar i brannskilja i sengebygget innan juni.",
        "I fleire veggar mellom brannceller i sengebygget er det opne hol.",
        "Fleire veggar i sengebygget har fuktskadar og må målast innan juni.",
    ),
    "emergency-power": (
        "Reserveaggregatet testes med full last hver måned, og respiratorene får UPS.",
        "Naudstraumsaggregatet er ikkje prøvekøyrt, og ved straumbrotet stoppa utstyret.",
        "Respiratorane på posten er gamle og blir ikkje vedlikehaldne.",
    ),
    "sterilisers": (
        "Sterilforsyningen kjøper en ny dampautoklav og validerer den hvert år.",
        "Eitt av steriliseringsapparata har stått i fleire veker, og operasjonar blir utsette.",
        "Operasjonar blir utsette fordi det manglar anestesilegar kvart år.",
    ),
    "vital-signs": (
        "Pasienter som venter i mottaket, får ny NEWS-skår hver time.",
        "Hos pasientar som ventar, blir ikkje pustefrekvens og oksygenmetning målt på nytt.",
        "Pasientar i mottaket får ikkje mat og drikke.",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_measure_meets_its_finding_before_one_that_shares_its_words(case: str) -> None:
    assert first_of_pair(*CASES[case]) == {"m": "right"}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Naudstraumsaggregatet stod i fire minutt.", "nodstrom"),
        ("Avbruddsfri strømforsyning på intensiv.", "nodstrom"),
        ("Portørtenesta får eit nytt system.", "portor"),
        ("Ein av sengeheisane stod i tre veker.", "heis"),
        ("Alle instrumentsett får strekkode.", "sporbarhet"),
        ("Pasientar blir flytte ut frå intensiv om natta.", "utflytting-intensiv"),
        ("Ein triagesjukepleiar står i skranken.", "triage"),
        ("Omsorgssvikt blir ikkje meldt.", "barnevern"),
    ],
)
def test_the_audits_and_the_managers_words_name_the_concern(text: str, concept: str) -> None:
    assert concept in _concepts(text)


def test_emergency_power_is_a_part_of_preparedness() -> None:
    # nødstrøm moved from the preparedness concept to its own; preparedness still follows
    assert {"nodstrom", "beredskap"} <= _concepts("Sykehuset skaffer nødstrøm til alle bygg.")
