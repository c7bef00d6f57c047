"""Link suggestions between a municipality's action list for its out-of-hours service and home
care (short Bokmål lines: ØHD, bakvaktlegen, tjenestekontoret, PilleVakta, kamera med
bevegelsessensor, flyktningkontoret, korttidslager) and a health community's challenges chapter
(long Nynorsk sentences: KAD-plassane, vakthavande lege og raud respons, tildelingskontora,
medisindispensarar, digitalt tilsyn og nattpatruljar, busetjing, hjelpemiddel til korttidsbruk).
And the words that reach too far: a GPS in a service car, a health check for new employees,
admission to a school, a night shift. Texts written for these tests."""

from __future__ import annotations

import pytest

from tests.linking_cases import concepts as _concepts
from tests.linking_cases import first_of_pair

# (measure in an action list's words, the challenge it answers in a health community's words,
# a challenge that shares words with the measure but not its concern)
CASES = {
    "back-up-doctor": (
        "Bakvaktlegen rykker ut til akutte hendelser i fjellbygdene når legevaktlegen er "
        "opptatt. Ansvar: kommuneoverlege.",
        "Det er uklart kven som følgjer ambulansen ut ved raud respons når vakthavande lege "
        "ikkje kan gå frå legevakta.",
        "Legevakta i fjellbygdene har for få legar som kjenner kommunen, og legevakta er stengd "
        "om sommaren.",
    ),
    "kad-is-ohd": (
        "Sykepleier på ØHD tar imot innleggelser direkte fra legekontoret hele døgnet.",
        "Legane veit ikkje kven som tek imot når dei vil leggje pasientar inn på KAD, og KAD-plassane står tomme.",
        "Legekontora er stengde om kvelden.",
    ),
    "weekend-round": (
        "Tilsynslegen går visitt på korttidsavdelingen lørdag og søndag.",
        "Det er uklart kven som har det medisinske ansvaret i helgane, og tilsynslegen kjem berre på kvardagar.",
        "Besøkstida på korttidsavdelinga er for kort.",
    ),
    "allocation-office": (
        "Saksbehandler fra tjenestekontoret deltar på utskrivningsmøtet på tredje døgn.",
        "Tildelingskontora i kommunane behandlar ikkje søknader i helgane, og pasientane blir liggjande.",
        "Saksbehandlarane i Nav har lang svartid på brev.",
    ),
    "municipal-register": (
        "Alle innleggelser føres med samme koder og sendes KPR hvert kvartal.",
        "Kommunane registrerer og rapporterer ulikt til KPR, så det finst ikkje samanliknbare tal.",
        "Nøkkelboksane har koder som ikkje blir skifta.",
    ),
    "dispenser": (
        "30 brukere får PilleVakta, og apoteket fyller maskinen.",
        "Få heimebuande har medisindispensar, og heimetenesta brukar mange besøk berre på tablettar.",
        "Apoteket i sentrum har for kort opningstid.",
    ),
    "camera-at-night": (
        "Nattbesøk byttes ut med kamera med bevegelsessensor for 20 brukere.",
        "Nattpatruljane køyrer framleis ut på fysiske tilsyn, sjølv om digitalt tilsyn er kjøpt "
        "inn.",
        "Brukarane blir vekte om natta av støy frå vegarbeid, og 20 brukarar har klaga.",
    ),
    "safety-alarm": (
        "Hjemmebesøksbilen kjører ut på trygghetsalarm om natten.",
        "Det er uklart kven som rykkjer ut når ein tryggleiksalarm går hos heimebuande utan vedtak.",
        "Bilane i heimetenesta køyrer mange kilometer om natta.",
    ),
    "settlement-health-assessment": (
        "Flyktningkontoret bestiller førstegangssamtale hos sykepleier når familien får bolig.",
        "Mange nykomne flyktningar får ikkje den første helseundersøkinga etter busetjing.",
        "Mange familiar manglar ein høveleg bustad.",
    ),
    "short-term-loan": (
        "Hjemmetjenesten låner ut rullatorer fra eget korttidslager samme dag.",
        "Kommunane har få hjelpemiddel til korttidsbruk, og pasientar ventar heime utan utstyr.",
        "Rullatorane på sjukeheimen er gamle.",
    ),
    "triage-tool": (
        "Sykepleierne på telefonen setter rød, gul eller grønn etter TRIAGE-LV.",
        "Innringjarar med brystsmerter får for låg hastegrad etter Norsk indeks for medisinsk nødhjelp.",
        "Arbeidskleda skal ha grøn farge.",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_action_lists_measure_meets_the_chapters_words_before_one_that_shares_its_words(
    case: str,
) -> None:
    assert first_of_pair(*CASES[case]) == {"m": "right"}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Svartida på legevaktsentralen er for lang.", "legevaktsentral"),
        ("Ekstra sykepleier på legevakttelefonen.", "legevaktsentral"),
        ("Bakvakta rykkjer ut.", "legeutrykning"),
        ("Raud respons i utkanten.", "legeutrykning"),
        ("Lydlogga samtalar blir gjennomgått.", "lydlogg"),
        ("Færre pasientar på KAD.", "kad"),
        ("Sengene på ØHD.", "kad"),
        ("Augeblikkeleg hjelp døgnopphald.", "kad"),
        ("Tilsynslegen går visitt.", "legetilsyn"),
        ("Søknaden går til tenestekontoret.", "tildelingskontor"),
        ("Rapportering til KPR.", "kommunal-registrering"),
        ("Fleire medisindispensarar.", "legemiddeldispenser"),
        ("Endringar i multidoserullen.", "multidose"),
        ("Digitalt tilsyn om natta.", "digitalt-tilsyn"),
        ("Tryggleiksalarmen går.", "trygghetsalarm"),
        ("GPS-lokalisator til personar med demens.", "trygghetsalarm"),
        ("Nykomne flyktningar.", "flyktninghelse"),
        ("Førstegangssamtale for nybosatte.", "helseundersokelse-flyktning"),
        ("Hjelpemiddel til korttidsbruk.", "hjelpemiddel-korttidslan"),
        ("Norsk indeks for medisinsk nødhjelp.", "triage"),
    ],
)
def test_the_action_lists_and_the_chapters_words_name_the_concern(text: str, concept: str) -> None:
    assert concept in _concepts(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # a GPS in a service car plans the driving list; it locates no one who needs help
        ("Alle tjenestebilene får GPS og elektronisk kjørebok.", "trygghetsalarm"),
        # employees get a health check too (occupational health, night workers)
        (
            "Nyansatte på fast natt får helseundersøkelse hos bedriftshelsetjenesten.",
            "helseundersokelse-flyktning",
        ),
        # "opptak" is also admission to a school
        ("Opptak til videreutdanning i akuttsykepleie.", "lydlogg"),
        # the staff's night shift is no night supervision of users
        ("Ansatte på fast natt kartlegger søvn og hviletid.", "digitalt-tilsyn"),
        # "tilsyn" is also an inspection by the supervisory authority
        ("Statens helsetilsyn gjennomførte tilsyn med legevakta.", "digitalt-tilsyn"),
        # the home-care service turns out too: "utrykning" alone is no doctor's call-out
        ("Utrykning fra hjemmetjenesten.", "legeutrykning"),
    ],
)
def test_a_word_that_reaches_too_far_names_no_concern(text: str, concept: str) -> None:
    assert concept not in _concepts(text)
