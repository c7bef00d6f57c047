"""Link suggestions between plans of two levels (a region's status note, a hospital trust's action
plan): false concept hits, Nynorsk and Bokmål forms of staffing and waiting words, coordinated
compounds, abbreviations and the narrower staffing concepts. Texts written for these tests."""

from __future__ import annotations

import pytest

from plangraph.linking.features import Analyzer
from plangraph.linking.rank import rank
from plangraph.linking.text import canonical, stem, tokens
from tests.linking_cases import concepts as _concepts
from tests.linking_cases import first as _first
from tests.linking_cases import item as _item


def test_a_colleague_is_no_copd() -> None:
    # Snowball strips "leg" as the Nynorsk adjective suffix (-leg = -lig), and "kollega" became
    # "kol", the stem of "kols" (COPD): a colleague brought in chronic disease and older people
    assert stem(canonical("kollega")) != stem(canonical("kols"))
    assert _concepts("Kvar nytilsett får ein erfaren kollega som fadder.").isdisjoint(
        {"kronisk-sykdom", "eldre"}
    )
    assert "kronisk-sykdom" in _concepts("Pasientar med kols får oppfølging heime.")


def test_the_same_is_no_topic() -> None:
    # "same" (nn) and "samme" (nb) share their stem with "sammen" (together): a measure that
    # sends "the same letter" met a challenge about systems that do not work together
    assert [t.surface for t in tokens("Pasienten får svar i det same brevet")] == [
        "Pasienten",
        "svar",
        "brevet",
    ]
    assert "samme" not in {t.surface for t in tokens("de samme dataene")}
    # nor is "before" ("før pandemien", "før dei har vore tilsette i to år")
    assert [t.surface for t in tokens("Fleire fristbrot enn før pandemien")] == [
        "fristbrot",
        "pandemien",
    ]
    items = [
        _item("m", "measure", "Svar i same brev", "Pasienten får time og svar i det same brevet."),
        _item("c-sys", "challenge", "Systema heng ikkje saman", "Journal og lab heng ikkje saman."),
    ]
    assert _first(items, thesaurus=False) == {}


@pytest.mark.parametrize(
    ("nynorsk", "bokmaal"),
    [
        ("innleige", "innleie"),
        ("innleigde sjukepleiarar", "innleide sykepleiere"),
        ("bli verande", "bli værende"),
        ("køane", "køene"),
        ("køen", "kø"),
        ("køar", "køer"),
        ("vikarane", "vikarer"),
        ("vikar", "vikarer"),
    ],
)
def test_staffing_and_queue_words_meet_in_one_stem(nynorsk: str, bokmaal: str) -> None:
    assert [t.stem for t in tokens(nynorsk)] == [t.stem for t in tokens(bokmaal)]


def test_a_loanword_keeps_its_er_and_a_temp_is_no_bay() -> None:
    assert stem("turnoveren") == stem("turnover")
    assert stem("vikar") != stem("vik")
    items = [
        _item("m", "measure", "Mindre innleige", "Vi skal kutte innleige og ta ned køane."),
        _item("c-hire", "challenge", "Høye kostnader til innleie"),
        _item("c-queue", "challenge", "Lange køer til operasjon"),
        _item("c-other", "challenge", "Høye kostnader til bygg"),
    ]
    ranking = rank(items, k=2, relations=["addresses"], thesaurus=False, with_evidence=False)
    assert {c.object.iri.rsplit("/", 1)[1] for c in ranking.candidates} == {"c-hire", "c-queue"}


def test_a_truncated_first_part_stands_for_its_whole_compound() -> None:
    from plangraph.linking.thesaurus import parse_thesaurus

    ttl = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    <https://example.org/c/intensiv> a skos:Concept ;
        skos:prefLabel "intensivsykepleie"@nb , "intensivsjukepleie"@nn ."""
    thesaurus = parse_thesaurus(ttl.encode())
    text = "Vi lønner vidareutdanning i barne-, intensiv- og operasjonssjukepleie."
    item = _item("m", "measure", "Vidareutdanning", text)
    doc = Analyzer([item], thesaurus).doc(item)
    # "intensiv-" is "intensivsjukepleie", "barne-" is "barnesjukepleie": each a word of its own
    for whole in ("intensivsjukepleie", "barnesjukepleie"):
        assert f"w:{stem(canonical(whole))}" in doc.weights
    assert doc.spans[f"w:{stem(canonical('intensivsjukepleie'))}"] == [("text", 36, 44)]
    assert "c:https://example.org/c/intensiv" in doc.weights
    # a phrase after the conjunction is no compound to take a head from, nor is a hyphen
    # inside a word
    other = _item("o", "measure", "Rus- og psykiske helsetenester", "IKT-systema er gamle.")
    other_doc = Analyzer([other], None).doc(other)
    assert not any(f.startswith("w:rushelse") or f.startswith("w:ikts") for f in other_doc.weights)


def test_a_word_that_also_means_something_else_is_no_term_on_its_own() -> None:
    # dependent on (avhengig) is not addiction, the specialist health service no education, and
    # a hospital that pays (lønner) its nurses says nothing of payroll services
    assert "psykisk-helse" not in _concepts("Sjukehuset blir mindre avhengig av innleige.")
    assert "psykisk-helse" in _concepts("Fleire døgnplassar for rusavhengige.")
    assert "utdanning" not in _concepts("Ventetida i spesialisthelsetenesta aukar.")
    assert "utdanning" in _concepts("Fleire plassar i spesialistutdanninga.")
    assert "stottetjenester" not in _concepts("Sjukehuset lønner tolv sjukepleiarar i året.")


def test_sick_leave_full_time_hired_staff_and_turnover_are_concepts_of_their_own() -> None:
    staffing = {"sykefravaer", "heltid", "innleie", "turnover"}
    assert _concepts("Sjukefråværet er høgt på sengepostane.") & staffing == {"sykefravaer"}
    assert _concepts("Vi byggjer ein heiltidskultur.") & staffing == {"heltid"}
    assert _concepts("Utgiftene til bemanningsbyråer stiger.") & staffing == {"innleie"}
    assert _concepts("Turnoveren blant nyutdannede er høy.") & staffing == {"turnover"}
    items = [
        _item(
            "m",
            "measure",
            "Eigen vikarpool",
            "Sjukehuset byggjer opp ein vikarpool med faste tilsette i staden for innleige.",
        ),
        _item("c-absence", "challenge", "Sykefraværet blant sykepleiere er høyt"),
        _item("c-agency", "challenge", "Foretaket bruker mye penger på bemanningsbyråer"),
    ]
    assert _first(items) == {"m": "c-agency"}


def test_queues_and_missed_deadlines_are_waiting_times() -> None:
    assert "ventetid" in _concepts("Poliklinikken skal korte ned køane.")
    assert "ventetid" in _concepts("Færre pasientar skal gå over fristen.")
    assert "ventetid" in _concepts("Ingen pasient skal ha gått over fristen.")
    # a deadline for something else is no waiting time
    assert "ventetid" not in _concepts("Epikrisen skal sendast innan fristen på ein dag.")
    items = [
        _item("m", "measure", "Opne kveldar", "Poliklinikken held ope om kvelden mot køane."),
        _item("c-wait", "challenge", "Ventetidene til behandling har økt"),
        _item("c-room", "challenge", "Sengepostene har for lite areal"),
    ]
    assert _first(items) == {"m": "c-wait"}


def test_abbreviations_meet_what_they_stand_for() -> None:
    # LAR is legemiddelassistert rehabilitering; AIO (ABIOK) nurses are specialist nurses, and
    # a coordination names each compound of the group
    assert "lar" in _concepts("Alle LAR-pasientar får oppfølging.")
    assert "lar" in _concepts("Personer i legemiddelassistert rehabilitering får lite hjelp.")
    for text in (
        "Fleire utdanningsstillingar innan AIO.",
        "Vidareutdanning i anestesi-, intensiv- og operasjonssjukepleie.",
        "Regionen mangler spesialsykepleiere.",
    ):
        assert "spesialsykepleier" in _concepts(text), text
    items = [
        _item("m", "measure", "Utdanningsstillingar innan AIO", "Tolv plassar kvart år."),
        _item("c-spec", "challenge", "Regionen mangler spesialsykepleiere"),
        _item("c-lar", "challenge", "Personer i legemiddelassistert rehabilitering er sjuke"),
        _item("m-lar", "measure", "Helsesjekk i LAR", "Ein gong i året."),
    ]
    assert _first(items) == {"m": "c-spec", "m-lar": "c-lar"}


def test_bodily_health_is_somatic_health() -> None:
    assert "somatisk-helse" in _concepts("Kroppsleg helse skal vere fast tema i samtalane.")
    assert "somatisk-helse" in _concepts("Pasientane får ein årleg helsesjekk.")
    assert "somatisk-helse" not in _concepts("Ventetida i somatikken aukar.")
    items = [
        _item("m", "measure", "Betre kroppsleg helse", "Alle får ein årleg helsesjekk."),
        _item("c-body", "challenge", "Mange i rusbehandling har somatiske sykdommer"),
        _item("c-mind", "challenge", "Dårlig psykisk helse blant unge"),
    ]
    assert _first(items) == {"m": "c-body"}


def test_the_citizens_portal_is_no_patient_record() -> None:
    concepts = _concepts("Pasienten kan flytte timen sjølv på Helsenorge.")
    assert "innbyggertjenester" in concepts
    assert "journal" not in concepts
    items = [
        _item("m", "measure", "Timar på Helsenorge", "Pasienten kan flytte timen på Helsenorge."),
        _item("c-record", "challenge", "Pasientjournalen er utdatert"),
        _item("c-contact", "challenge", "Pasienter kan ikke kommunisere elektronisk med oss"),
    ]
    assert _first(items) == {"m": "c-contact"}


def test_clinical_systems_and_their_integration_are_ict() -> None:
    assert "ikt-infrastruktur" in _concepts("Integrasjon mellom kurvesystemet og laboratoriet.")
    assert "ikt-infrastruktur" in _concepts("De kliniske systemene er utdaterte.")
    assert "ikt-infrastruktur" not in _concepts("Betre integrering av innvandrarar i arbeidslivet.")


def test_giving_notice_is_one_word_whatever_the_written_standard() -> None:
    # "seier opp" (nn) and "sier opp" (nb) are "oppsigelse" (resigning); "sier" alone says
    stems = {t.stem for t in tokens("Færre sjukepleiarar seier opp.")}
    assert stem("oppsigelse") in stems
    assert [t.stem for t in tokens("Mange sa opp i fjor")] == [
        t.stem for t in tokens("Mange oppsigelser i fjor")
    ]
    assert stem("oppsigelse") not in {t.stem for t in tokens("Han sier, opp til fleire")}
    items = [
        _item("m", "measure", "Fadder for nye", "Målet er at færre seier opp det første året."),
        _item("c-turn", "challenge", "Mange oppsigelser blant nyansatte"),
        _item("c-sick", "challenge", "Høyt sykefravær blant nyansatte"),
    ]
    assert _first(items) == {"m": "c-turn"}


def test_agency_temps_and_temp_agencies_share_their_parts() -> None:
    items = [
        _item("m", "measure", "Færre byråvikarar", "Færre byråvikarar på sengepostane."),
        _item("c", "challenge", "Dyre vikarbyråer", "Foretaket bruker mye på vikarbyråer."),
    ]
    analyzer = Analyzer(items, None)
    measure, challenge = analyzer.doc(items[0]), analyzer.doc(items[1])
    for part in ("vikar", "byrå"):
        assert f"w:{stem(part)}" in measure.weights, part
        assert f"w:{stem(part)}" in challenge.weights, part


def test_a_term_does_not_shrink_to_a_word_of_another_sense() -> None:
    # "bli værende" (stay) lost "bli" as a stop word and stemmed to "vær" (weather);
    # "e-konsultasjon" lost its "e" and was any consultation
    assert "turnover" in _concepts("Fleire sjukepleiarar skal bli verande.")
    assert "turnover" not in _concepts("Dårleg vær stengde vegen til sjukehuset.")
    assert "innbyggertjenester" not in _concepts("Samtalen blir ein konsultasjon på video.")


def test_no_term_of_several_words_shrinks_to_one_unawares() -> None:
    # stop words and one-letter words drop out of a term: "mellom helseforetakene" became
    # "helseforetakene" (every regional plan's word), "individuell plan" "individuell"
    import re

    from rdflib import Graph, Literal
    from rdflib.namespace import SKOS

    from plangraph import resources

    graph = Graph().parse(
        data=(resources.data_dir() / "thesaurus" / "helseplan-tesaurus.ttl").read_bytes(),
        format="turtle",
    )
    shrunk = set()
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
        for term in graph.objects(None, prop):
            if not isinstance(term, Literal) or term.language == "en":
                continue
            words = re.findall(r"[^\W\d_]+", str(term))
            if len(words) > 1 and len(list(tokens(str(term)))) == 1:
                shrunk.add(str(term))
    # what is left of these still names the concept on its own
    assert shrunk <= {"bli værende", "blir værende", "bli verande", "e-resept"}
    assert "regionalt-samarbeid" not in _concepts("Turnoveren er høy i alle helseforetakene.")


def test_a_word_inside_a_longer_term_of_another_concept_is_that_term() -> None:
    # "legemiddelassistert rehabilitering" (LAR) is no rehabilitation after illness or injury
    concepts = _concepts("Personar i legemiddelassistert rehabilitering får helsesjekk.")
    assert "lar" in concepts
    assert "rehabilitering" not in concepts
    assert "rehabilitering" in _concepts("Rehabilitering etter hjerneslag tek for lang tid.")
