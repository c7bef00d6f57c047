"""False friends: a measure and a challenge that share their topic words (violence, sick leave,
travel costs, next of kin) but are about different people. The ranker reads whose concern each
text is (``plangraph.linking.roles``) and weighs such a pair down, while a true link across roles
(staff trained to ask patients about violence) keeps its full score. Texts written for these
tests."""

from __future__ import annotations

import pytest

from plangraph.linking.features import Analyzer, Item
from plangraph.linking.rank import explain, rank
from plangraph.linking.roles import ROLE_CONFLICT_FACTOR, conflict, roles
from plangraph.linking.thesaurus import load_thesaurus

TH = "https://w3id.org/plangraph/id/concept/helseplan/"


def _item(slug: str, kind: str, label: str, text: str = "") -> Item:
    plan = "plan-m" if kind == "measure" else "plan-c"
    return Item(f"https://example.org/{slug}", kind, label, text or label, plan=plan, org=plan)


def _ranked(items: list[Item]) -> dict[str, list[tuple[str, float]]]:
    ranking = rank(items, k=5, relations=["addresses"], with_evidence=False)
    out: dict[str, list[tuple[str, float]]] = {}
    for c in ranking.candidates:
        out.setdefault(c.subject.iri.rsplit("/", 1)[1], []).append(
            (c.object.iri.rsplit("/", 1)[1], c.score)
        )
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tryggare arbeidskvardag på sengeposten", {"staff"}),
        ("Vi kjøper inn personalalarmar til nattevakta", {"staff"}),
        ("Elektronisk reiseregning for kurs og tenestereiser", {"staff"}),
        ("Sjukefråværet er høgt blant jordmødrer og sjukepleiarar", {"staff"}),
        ("Valdshendingar og truslar mot dei tilsette aukar", {"staff"}),
        ("Opplæring rettet mot ledere i klinikkene", set()),
        ("Sykepleiere lærer å ta blodprøver, mot at de blir værende i to år", set()),
        ("Legane spør pasientane om vald i nære relasjonar", {"patient"}),
        ("Barn som er pårørende får en egen samtale", {"kin:child"}),
        ("Søsken som pårørande blir inviterte til eit besøk", {"kin:child"}),
        ("Foreldre som pårørende får overnatte på sykehuset", {"kin:parent"}),
    ],
)
def test_roles_of_a_text(text: str, expected: set[str]) -> None:
    assert roles(text) == expected


def test_conflict_needs_both_sides() -> None:
    # a staffing measure names no patients: it may meet a challenge about the staff or not
    assert not conflict(frozenset(), frozenset({"staff"}))
    assert conflict(frozenset({"patient"}), frozenset({"staff"}))
    # staff and patients both in one text: the staff's concern, no conflict with the staff's
    assert not conflict(frozenset({"staff", "patient"}), frozenset({"staff"}))
    assert not conflict(frozenset({"kin:child"}), frozenset({"kin:child", "kin:parent"}))
    assert conflict(frozenset({"kin:parent"}), frozenset({"kin:child"}))


STAFF_SAFETY = _item(
    "staff-safety",
    "measure",
    "Tryggare arbeidskvardag på akuttposten",
    "Tilsette på akuttposten blir utsette for vald og truslar frå pasientar. Vi innfører "
    "personalalarm og ein felles rutine for oppfølging etter valdshendingar på akuttposten.",
)
ASK_ABOUT_VIOLENCE = _item(
    "ask-about-violence",
    "measure",
    "Spørje om vald",
    "Tilsette på akuttposten får opplæring i å spørje pasientane om vald i nære relasjonar, "
    "og vi lagar ein felles rutine for kva dei gjer når ein pasient fortel om vald.",
)
PATIENTS_NOT_ASKED = _item(
    "patients-not-asked",
    "challenge",
    "Helsepersonell på akuttposten spør sjelden pasientene om vold i nære relasjoner, og det "
    "finnes ingen felles rutine når en pasient forteller om vold",
)
STAFF_THREATENED = _item(
    "staff-threatened",
    "challenge",
    "Flere trusler og mer vold gir et dårligere arbeidsmiljø for sykepleierne",
)


def test_violence_against_staff_meets_the_staff_challenge_not_the_patients() -> None:
    ranked = _ranked([STAFF_SAFETY, ASK_ABOUT_VIOLENCE, PATIENTS_NOT_ASKED, STAFF_THREATENED])
    assert ranked["staff-safety"][0][0] == "staff-threatened"


def test_a_true_link_across_roles_stays_first_at_full_score() -> None:
    # staff trained to ask patients: the text names staff and patients, but is no staff concern
    items = [STAFF_SAFETY, ASK_ABOUT_VIOLENCE, PATIENTS_NOT_ASKED, STAFF_THREATENED]
    ranked = _ranked(items)
    assert ranked["ask-about-violence"][0][0] == "patients-not-asked"
    explained = explain(items, [(ASK_ABOUT_VIOLENCE.iri, PATIENTS_NOT_ASKED.iri)])
    score, evidence = explained[(ASK_ABOUT_VIOLENCE.iri, PATIENTS_NOT_ASKED.iri)]
    assert score == pytest.approx(ranked["ask-about-violence"][0][1], rel=1e-5)
    assert sum(e["share"] for e in evidence) == pytest.approx(1.0, abs=0.1)


def test_a_role_conflict_keeps_its_share_of_the_score_and_its_evidence() -> None:
    items = [STAFF_SAFETY, PATIENTS_NOT_ASKED]
    ((score, evidence),) = explain(items, [(STAFF_SAFETY.iri, PATIENTS_NOT_ASKED.iri)]).values()
    ((ranked_score, _),) = explain(
        [STAFF_SAFETY, PATIENTS_NOT_ASKED], [(STAFF_SAFETY.iri, PATIENTS_NOT_ASKED.iri)]
    ).values()
    assert score == ranked_score > 0
    # the shares are of the score before the role weighting: they still add up to about 1
    shares = sum(e["share"] for e in evidence)
    assert shares == pytest.approx(1.0, abs=0.15)
    (cand,) = rank(items, k=1, relations=["addresses"], with_evidence=True).candidates
    assert cand.score == pytest.approx(score, rel=1e-5)
    raw = score / ROLE_CONFLICT_FACTOR
    assert {e["term"] for e in cand.evidence} >= {"akuttposten"}
    assert raw > score


def test_staff_travel_claims_weigh_less_than_patients_travel_claims() -> None:
    def claims(slug: str, who: str, trip: str) -> Item:
        return _item(
            slug,
            "measure",
            "Elektronisk søknad",
            f"{who} søker om dekning av reiseutgifter etter {trip} i den nye løsningen, og "
            "regninger som sendes for sent, avvises.",
        )

    staff = claims("staff-claims", "Ansatte", "tjenestereiser")
    patient = claims("patient-claims", "Brukerne", "behandlingsreiser")
    challenge = _item(
        "patients-travel",
        "challenge",
        "Mange pasientar får ikkje dekt reiseutgiftene fordi søknadene blir sende for seint",
    )
    ranked = _ranked([staff, patient, challenge])
    # both stay in the queue, the staff's claims at half the weight of their word overlap
    assert ranked["staff-claims"][0][0] == ranked["patient-claims"][0][0] == "patients-travel"
    assert ranked["staff-claims"][0][1] < 0.6 * ranked["patient-claims"][0][1]


def test_parents_as_next_of_kin_are_not_children_as_next_of_kin() -> None:
    measure = _item(
        "parents",
        "measure",
        "Foreldre som pårørande på barneavdelinga",
        "Når barn er innlagde, får foreldra overnatte på sjukehuset, og sosionomen følgjer opp "
        "foreldre som må vere borte frå arbeid.",
    )
    children = _item(
        "children",
        "challenge",
        "Barn som er pårørende til foreldre med alvorlig sykdom blir sjelden fulgt opp på "
        "sengepostene",
    )
    parents = _item(
        "parents-work",
        "challenge",
        "Foreldre med barn innlagt over lang tid mister inntekt fordi de må være borte fra arbeid",
    )
    ranked = _ranked([measure, children, parents])
    assert ranked["parents"][0][0] == "parents-work"


def test_children_as_next_of_kin_still_meet_each_other() -> None:
    measure = _item(
        "child-responsible",
        "measure",
        "Barneansvarleg på alle sengepostar",
        "Kvar sengepost har ein barneansvarleg sjukepleiar som spør om pasienten har barn, og "
        "barn som er pårørande får ein samtale.",
    )
    children = _item(
        "children",
        "challenge",
        "Barn som er pårørende til foreldre med alvorlig sykdom blir sjelden fulgt opp på "
        "sengepostene",
    )
    ranked = _ranked(
        [measure, children, _item("x", "challenge", "Ventetida for operasjon er lang")]
    )
    assert ranked["child-responsible"][0][0] == "children"
    explained = explain([measure, children], [(measure.iri, children.iri)])
    ((_score, evidence),) = explained.values()
    assert sum(e["share"] for e in evidence) == pytest.approx(1.0, abs=0.15)


def test_cardiac_exercise_groups_are_cardiac_rehabilitation() -> None:
    item = _item("m", "measure", "Hjartetrening nær heimen for infarktpasientar")
    doc = Analyzer([item], load_thesaurus()).doc(item)
    concepts = {f.removeprefix(f"c:{TH}") for f in doc.weights if f.startswith("c:")}
    assert "hjerterehabilitering" in concepts
