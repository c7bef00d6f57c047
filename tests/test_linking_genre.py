"""Link suggestions on the concerns and wording hospital plans share: false friends the stemmer
must keep apart, compounds taken apart on either side, headings, and thesaurus concepts."""

from __future__ import annotations

from plangraph.linking.features import Item
from plangraph.linking.rank import rank
from plangraph.linking.text import canonical, stem, tokens


def _item(slug: str, kind: str, label: str, text: str = "", context: str = "") -> Item:
    plan = "plan-m" if kind == "measure" else "plan-c"
    return Item(
        f"https://example.org/{slug}", kind, label, text or label, context, plan=plan, org=plan
    )


def _first(items: list[Item], thesaurus: bool = False) -> dict[str, str]:
    """Each measure's best challenge (slug)."""
    ranking = rank(items, k=1, relations=["addresses"], thesaurus=thesaurus, with_evidence=False)
    return {
        c.subject.iri.rsplit("/", 1)[1]: c.object.iri.rsplit("/", 1)[1] for c in ranking.candidates
    }


def test_a_compound_on_the_doctor_noun_keeps_its_head_in_the_stem() -> None:
    # Snowball read the "leg" of "lege" as an adjective suffix: the GP became "fast"
    assert stem(canonical("fastlegane")) == stem(canonical("fastlegen")) != stem("fast")
    assert stem(canonical("overlegar")) == stem(canonical("overlege")) != stem("over")
    assert stem("lege") == stem("legene")


def test_a_short_root_keeps_its_lig_adjective_apart() -> None:
    # "tidleg" (early) is not "tid" (time), "farleg" (dangerous) not "far" (father) ...
    assert stem(canonical("tidleg")) == stem("tidlige") != stem("tida")
    assert stem(canonical("farleg")) != stem("far")
    # ... while a long root still meets its adjective, in both written standards
    assert stem(canonical("personleg")) == stem("personlige") == stem("person")


def test_an_indeclinable_adjective_is_not_a_verb_form() -> None:
    # "felles" (common, joint) is no inflection of the Nynorsk verb "fell" (falls)
    assert stem(canonical("felles")) != stem(canonical("fell"))
    items = [
        _item("m", "measure", "Felles vaktordning for legane", "Legane får ei felles vaktordning."),
        _item("c-fall", "challenge", "Mange eldre fell på badet"),
        _item("c-vakt", "challenge", "Vaktordningen for leger er sårbar"),
    ]
    assert _first(items) == {"m": "c-vakt"}


def test_a_ning_noun_meets_its_verb_unless_the_root_ends_in_n() -> None:
    # henvisning/henvise (Nynorsk tilvising/tilvise): the -ning is the ending ...
    assert stem(canonical("henvisningen")) == stem(canonical("tilvisinga")) == stem("henvise")
    # ... but the n of beregne and ordne is the root's, and løsning is not løs (loose)
    assert stem("beregning") == stem("beregne")
    assert stem("ordningen") == stem("ordne")
    assert stem("løsning") != stem("løs")


def test_again_is_again_only_where_nothing_new_follows() -> None:
    stems = [t.stem for t in tokens("Pasienten blir lagd inn på nytt etter ei veke")]
    assert stems == [stem("pasienten"), stem("lagd"), stem("igjen"), stem("veke")]
    # "på nytt sykehus", "på ny teknologi": something new, not again
    assert stem("igjen") not in {
        t.stem for t in tokens("Flytting på nytt sykehus og på ny teknologi")
    }
    # "att" is a Nynorsk word of its own, not the end of "skatt" or "attest"
    assert [t.stem for t in tokens("skatt attest")] == [stem("skatt"), stem("attest")]


def test_a_short_root_keeps_its_ig_adjective_apart() -> None:
    # "ledige plassar" (vacant places) is not about leaders (leiarar, ledere)
    assert stem(canonical("ledige")) != stem(canonical("leiarar"))
    assert stem("ferdig") != stem("ferd")
    items = [
        _item("m", "measure", "Oversikt over ledige plasser", "Ei tavle viser ledige plasser."),
        _item("c-lead", "challenge", "Leiarane har for mange tilsette"),
    ]
    assert _first(items, thesaurus=True) == {}


def test_words_of_the_genre_weigh_less_than_a_concern() -> None:
    # treatment: every plan says it; the stroke is the concern (though the other challenge,
    # shorter, would win on one shared word each)
    items = [
        _item("m", "measure", "Raskere behandling ved hjerneslag"),
        _item("c-genre", "challenge", "Behandlingen er treg"),
        _item("c-stroke", "challenge", "Hjerneslag oppdages for sent hos eldre som bor alene"),
    ]
    assert _first(items) == {"m": "c-stroke"}


def test_a_discharge_letter_is_no_patient_waiting_for_discharge() -> None:
    # every discharge has "utskrivning" in it; the letter is the discharge summary's concern
    items = [
        _item("m", "measure", "Utskrivningsbrevet sendes samme dag", "Legen godkjenner brevet."),
        _item("c-ready", "challenge", "Utskrivningsklare pasienter venter på plass i kommunen"),
        _item("c-summary", "challenge", "Epikrisane kjem seint fram"),
    ]
    assert _first(items, thesaurus=True) == {"m": "c-summary"}


def test_qualifiers_of_time_and_permanence_are_no_evidence() -> None:
    surfaces = [t.surface for t in tokens("Faste medisinar skal ikkje lenger gjevast for lenge")]
    assert surfaces == ["medisinar", "gjevast"]


def test_regular_medicines_are_not_the_regular_doctor() -> None:
    items = [
        _item("m", "measure", "Faste medisinar for bebuarar", "Kvar bebuar får faste medisinar."),
        _item("c-gp", "challenge", "Mange innbyggere mangler fastlege"),
        _item("c-med", "challenge", "For mange medisiner gis uten oversikt"),
    ]
    assert _first(items) == {"m": "c-med"}


def test_a_compound_meets_a_text_by_the_end_it_knows() -> None:
    # neither "rest" nor "klinikkstyringsverktøy" is a word of these texts, so the splitter keeps
    # both compounds whole; their known ends (avfall, smittevern) still name the concern
    items = [
        _item("m-waste", "measure", "Betre sortering av avfall"),
        _item("m-infection", "measure", "Smittevernstyringsverktøy for kvar eining"),
        _item("c-waste", "challenge", "Sykehuset produserer mye restavfall"),
        _item("c-infection", "challenge", "Smittevern får for lite oppmerksomhet i klinikken"),
        _item("c-other", "challenge", "Sengepostene har for få sykepleiere"),
    ]
    assert _first(items) == {"m-waste": "c-waste", "m-infection": "c-infection"}


def test_an_inflected_head_is_a_known_end_too() -> None:
    # "erstatning" is no word of these texts; the plural head "preparatene" is an inflection of
    # the challenge's "preparat", so the measure meets it
    from plangraph.linking.features import Analyzer

    items = [
        _item("m", "measure", "Lister over erstatningspreparatene"),
        _item("c", "challenge", "Avdelingene må bytte preparat på kort varsel"),
    ]
    doc = Analyzer(items, None).doc(items[0])
    assert f"w:{stem('preparat')}" in doc.weights
    assert _first(items) == {"m": "c"}


def test_known_ends_leave_endings_and_chosen_wholes_alone() -> None:
    from plangraph.linking.features import known_ends

    forms = frozenset({"avfall", "pasient", "helse", "foretak", "kraftig", "sykehus"})

    def new(part: str) -> bool:
        return part not in forms

    assert known_ends("restavfall", forms, new) == ("avfall",)
    # an inflection or a derivation is no compound
    assert known_ends("pasientenes", forms, new) == ()
    assert known_ends("bærekraftig", forms, new) == ()
    # where the splitter knew both parts it chose to keep the word whole
    assert known_ends("helseforetak", forms, new) == ()


def test_a_curated_whole_is_never_cut_inside() -> None:
    # "korttid" (short-term) is not "kort" (short, card) + "tid" (time): a short-term bed does
    # not speak of readmission "after a short time"; it still splits from its head
    from collections import Counter

    from plangraph.linking.features import Analyzer, Splitter, compound_wholes

    counts = Counter({"kort": 6, "tida": 9, "plass": 4, "korttidsplass": 1})
    assert Splitter(counts).split("korttidsplass") == ("kort", "tids", "plass")
    # the Analyzer counts every curated part (the wholes among them) as seen once
    counts["korttid"] = 1
    assert Splitter(counts, wholes=compound_wholes()).split("korttidsplass") == ("korttid", "plass")
    # the hospital pharmacy is a pharmacy: its "sykehus" is no hospital to match
    items = [
        _item("m", "measure", "Sykehusapoteket lagar ei oversikt"),
        _item("c", "challenge", "Transport mellom sjukehusa tek tid"),
    ]
    doc = Analyzer(items, None).doc(items[0])
    assert f"w:{stem('sykehus')}" not in doc.weights
    assert _first(items) == {}


# Concerns hospital plans name in words that share nothing: each measure (Nynorsk) must find
# the challenge (Bokmål) that names the same concern, among the others, through the thesaurus.
_CONCERNS = {
    "delirium": (
        "Screening for delirium hos alle over 70 år",
        "Akutt forvirringstilstand blir ofte oversett hos gamle",
    ),
    "hip": ("Raskare kirurgi ved lårhalsbrudd", "Hoftebrot skal opererast same dag"),
    "imaging": ("Ny magnettomograf i 2029", "Kø til MR hos barn"),
    "waste": ("Flergangsutstyr i staden for plast", "Engangsutstyr utgjør en stor del"),
    "gases": ("Lystgass og sevofluran blir fanga opp", "Anestesigasser bidrar til klimautslipp"),
    "antibiotics": ("Antibiotikateam på medisinsk klinikk", "Resistente bakterier øker"),
    "isolation": (
        "Fleire isolat på barneposten",
        "Pasienter med luftsmitte ligger på flersengsrom",
    ),
    "trials": ("Kliniske utprøvingar for kreftpasientar", "Få deltar i kliniske studier"),
    "lis": ("Fleire LIS-stillingar i psykiatrien", "Leger i spesialisering mangler veiledning"),
    "readmission": (
        "Færre skal leggast inn att etter utskriving",
        "Mange reinnleggelser innen 30 dager",
    ),
    "chronic": ("Tett oppfølging ved KOLS og hjartesvikt", "Kronisk syke mangler et tilbud"),
    "referral": ("Eit inntaksteam går gjennom alle nye saker", "Henvisninger blir liggende"),
    "adult-psychiatry": ("Fleire behandlarar ved DPS", "Voksenpsykiatrien har lange køer"),
    "transition": ("Eit program for transisjon", "Ungdom som fyller 18 år, mister kontakten"),
    "shortage": ("Varsling ved restordre", "Leveringssvikt rammer sykehusene"),
    "discharge-summary": (
        "Utskrivingsbrevet blir godkjent før utreise",
        "Epikriser kommer sent fram",
    ),
    "transfer": ("Eigen bil for sekundærtransport", "Overflyttinger binder opp ambulanser"),
}


def test_concerns_named_in_other_words_meet_through_the_thesaurus() -> None:
    items = []
    for slug, (measure, challenge) in _CONCERNS.items():
        items.append(_item(f"m-{slug}", "measure", measure))
        items.append(_item(f"c-{slug}", "challenge", challenge))
    found = _first(items, thesaurus=True)
    assert found == {f"m-{slug}": f"c-{slug}" for slug in _CONCERNS}


def test_a_heading_confirms_more_than_it_adds() -> None:
    # the heading over a theme's measures is the same for all of them: a word only the heading
    # says is weaker evidence than the measure's own words (that the heading may repeat)
    from plangraph.linking.features import CONTEXT_WEIGHT, HEADING_ONLY_WEIGHT, Analyzer

    measure = _item("m", "measure", "Kortare ventetid på røntgen", context="Røntgen og strålevern")
    doc = Analyzer([measure], None).doc(measure)
    bare = Analyzer([measure], None).doc(_item("m", "measure", measure.label))
    own, heading_only = f"w:{stem('røntgen')}", f"w:{stem('strålevern')}"
    assert doc.weights[own] == bare.weights[own] + CONTEXT_WEIGHT
    assert doc.weights[heading_only] == CONTEXT_WEIGHT * HEADING_ONLY_WEIGHT
    assert doc.spans[heading_only] == [("context", 11, 21)]


def test_a_heading_word_does_not_outweigh_the_measures_own_words() -> None:
    # four words of the theme heading against one of the measure's own: the measure is about
    # trial participation, not about the theme as a whole
    heading = "Forsking, innovasjon, utdanning og samarbeid"
    items = [
        _item("m", "measure", "Eit måltal per klinikk", "Fleire skal vere med i studiar.", heading),
        _item("c-trials", "challenge", "Få deltar i studier"),
        _item("c-theme", "challenge", "Forskning, innovasjon, utdanning og samarbeid er svake"),
    ]
    assert _first(items) == {"m": "c-trials"}
