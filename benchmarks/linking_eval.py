"""Quality of `plangraph suggest` for measure -> challenge links, next to a word-overlap baseline.

Sets:
- seed (judged): benchmarks/data/linking-gold-seed.tsv, which Helse Midt-Norge challenges each
  Helse Vest measure addresses, judged by reading, with strong and weak links;
- seed (curated): the 21 curated pg:addresses links of data/links-curated.ttl (all counted strong);
- synthetic: every HMN challenge rewritten into Nynorsk spelling and inflection inside a
  measure-like paragraph with filler sentences (the gold link is the challenge it came from);
- held-out (blind): benchmarks/data/linking-heldout/, a fictional Bokmål status note (15
  challenges) and a fictional Nynorsk action plan (16 measures) of two other regions, written in
  their own words by an evaluator who had not read the ranker or the thesaurus, with the gold
  links judged while writing (benchmarks/data/linking-gold-heldout.tsv);
- held-out 2 (blind): benchmarks/data/linking-heldout-2/, a fictional Nynorsk status note (16
  challenges) and a fictional Bokmål action plan (17 measures) on themes the first pair left out
  (patient safety, preparedness, birth, rehabilitation, equitable services), written the same way
  by a second blind evaluator (benchmarks/data/linking-gold-heldout-2.tsv);
- held-out 3 (blind): benchmarks/data/linking-heldout-3/, a fictional Bokmål status note of one
  hospital trust (15 challenges) and a fictional Nynorsk action plan of another (18 measures, some
  false friends) on themes neither earlier pair covered (older and frail patients, laboratory and
  imaging, research and innovation, infection control, climate), written the same way by a third
  blind evaluator (benchmarks/data/linking-gold-heldout-3.tsv);
- held-out 4 (blind): benchmarks/data/linking-heldout-4/, a fictional Nynorsk status note of one
  hospital trust (17 challenges) and a fictional Bokmål action plan of another (19 measures, three
  false friends) on themes no earlier pair covered (children and young people's mental health,
  cancer patient pathways, prehospital services, collaboration with the municipalities, medicines
  and hospital pharmacy), written the same way by a fourth blind evaluator
  (benchmarks/data/linking-gold-heldout-4.tsv);
- held-out 5 (blind): benchmarks/data/linking-heldout-5/, a fictional Bokmål status note of a
  regional health authority (18 challenges) and a fictional Nynorsk action plan of one hospital
  trust (20 measures, three false friends), across levels (general regional words against units,
  systems and professions), on themes no earlier pair covered (staffing and competence, waiting
  times and capacity, digital services and ICT, interpreting and minority health, substance use
  treatment), written the same way by a fifth blind evaluator
  (benchmarks/data/linking-gold-heldout-5.tsv);
- held-out 6 (blind): benchmarks/data/linking-heldout-6/, a fictional Nynorsk status note of a
  health community (helsefellesskap, 18 challenges) and a fictional Bokmål action plan of one
  hospital trust (19 measures, three false friends), the municipalities' general words against the
  trust's units, professions and abbreviations, on themes no earlier pair covered (habilitation and
  intellectual disabilities, user involvement and lived experience, diabetes and kidney disease,
  stroke, patient travel), written the same way by a sixth blind evaluator
  (benchmarks/data/linking-gold-heldout-6.tsv);
- held-out 7 (blind): benchmarks/data/linking-heldout-7/, a fictional Bokmål status note of a
  university hospital trust on its regional specialist areas (18 challenges) and a fictional
  Nynorsk action plan of a local hospital trust (21 measures, four false friends), regional words
  against the local trust's units, professions and abbreviations, on themes no earlier pair covered
  (palliative care and the end of life, heart disease, violence and abuse and children as next of
  kin, eating disorders, medical-technical equipment and supplies), written the same way by a
  seventh blind evaluator (benchmarks/data/linking-gold-heldout-7.tsv);
- held-out 8 (blind): benchmarks/data/linking-heldout-8/, a fictional Nynorsk status note of a
  patient and user ombudsman (pasient- og brukarombod, 18 challenges) and a fictional Bokmål action
  plan of a hospital trust (24 measures, four false friends), the ombudsman's everyday words against
  the trust's clinical words, units, professions and abbreviations, on themes no earlier pair
  covered (hearing and vision, fractures and joint surgery, allergy and asthma, prison health,
  patient records and access), written the same way by an eighth blind evaluator
  (benchmarks/data/linking-gold-heldout-8.tsv);
- held-out 9 (blind): benchmarks/data/linking-heldout-9/, a fictional Bokmål status note of a
  municipality's health and care services (18 challenges, at the interface with the hospital) and
  a fictional Nynorsk clinic-level action plan of a hospital trust (24 measures, five false
  friends), the municipality's everyday and care words against the clinic's units, professions and
  abbreviations, on themes no earlier pair covered (discharge and bed-days, home hospital, COPD,
  long-term oxygen and ventilation at home, sleep apnoea, pressure and leg ulcers, malnutrition,
  incontinence, dementia, adult vaccination, tuberculosis among asylum seekers), written the same
  way by a ninth blind evaluator (benchmarks/data/linking-gold-heldout-9.tsv);
- held-out 10 (blind): benchmarks/data/linking-heldout-10/, a fictional Nynorsk status note of a
  supervisory authority, the findings of its audit (tilsyn) of a hospital trust (18 challenges),
  and a fictional Bokmål follow-up and action plan of the audited hospital trust (24 measures, five
  false friends), the audit's terse findings against the managers' units, systems and
  abbreviations, on themes no earlier pair covered (emergency department triage and crowding,
  intensive care capacity and transfers, sterile services and instrument reprocessing, cooperation
  with the child welfare services, fire safety and emergency power, internal transport: porters,
  pneumatic tube, lifts), written the same way by a tenth blind evaluator
  (benchmarks/data/linking-gold-heldout-10.tsv);
- held-out 11 (blind): benchmarks/data/linking-heldout-11/, a fictional Bokmål status description of
  a regional health authority (18 challenges, broad and abstract: services, capacity, competence,
  cooperation) and a fictional Nynorsk action plan of one hospital department (24 measures, five
  false friends), the region's abstract words against the department's small, concrete measures
  in everyday words and abbreviations, on themes no earlier pair covered (multiple sclerosis,
  epilepsy and rare neurological conditions, remote follow-up of implants and video
  consultations, simulation training and clinical placements, clinical ethics and priority
  setting, patient hotels, volunteers and existential care), written the same way by an eleventh
  blind evaluator (benchmarks/data/linking-gold-heldout-11.tsv);
- held-out 12 (blind): benchmarks/data/linking-heldout-12/, a fictional Nynorsk status description of
  a municipality's health and care services built on what users, next of kin and staff told them
  (18 challenges, reported experience, questions and a few figures) and a fictional Bokmål action
  plan of one hospital clinic (24 measures, five false friends), the users' everyday words against
  the clinic's terse clinical words, abbreviations and internal names of systems and sections, on
  themes no earlier pair covered (chronic skin diseases and teledermatology, rheumatology and
  biological medicines, ME/CFS and long covid with sick leave and NAV, osteoporosis and falls at
  home, obesity and follow-up after bariatric surgery), written the same way by a twelfth blind
  evaluator (benchmarks/data/linking-gold-heldout-12.tsv).
- held-out 13 (blind): benchmarks/data/linking-heldout-13/, a fictional Bokmål internal quality and
  risk report of a hospital trust (18 challenges written as deviations, record-review findings,
  indicators and risk assessments) and a fictional Nynorsk programme of measures of a regional
  competence service (26 measures: projects, networks, competence programmes; seven false friends
  and decoys), the report's clinical and quality words and abbreviations against the programme's
  everyday and project words, on themes no earlier pair covered (young people's transition from
  paediatric to adult services, women's health: endometriosis, pelvic pain and menopause, speech,
  language and swallowing, blood supply and transfusion, glaucoma and other eye diseases), written
  the same way by a thirteenth blind evaluator (benchmarks/data/linking-gold-heldout-13.tsv).
- held-out 14 (blind): benchmarks/data/linking-heldout-14/, the fictional Nynorsk challenges chapter
  ("Utfordringsbilete") of a county-wide health community's development plan (18 challenges in long
  sentences naming several actors, cause and consequence together) and a fictional Bokmål annual
  action list of a municipality's out-of-hours and home-care services (28 short measures with owner
  and deadline; seven false friends and decoys, two routine lines), the community's abstract words
  against the unit's everyday operational words and abbreviations (KAD vs ØHD, 116117, KPR,
  multidose), on themes no earlier pair covered (out-of-hours telephone triage, municipal acute
  inpatient beds, medicine dispensers and welfare technology in home care, newly arrived refugees'
  health and language training for foreign-trained staff, assistive devices), written the same way
  by a fourteenth blind evaluator (benchmarks/data/linking-gold-heldout-14.tsv).
- held-out 15 (blind): benchmarks/data/linking-heldout-15/, a fictional Bokmål report of a hospital
  trust on its patient-experience survey and complaints analysis (18 challenges as survey results
  and patients' quoted free-text comments in everyday words) and a fictional Nynorsk patient-safety
  and quality programme of another hospital trust's quality department (25 measures; seven false
  friends and decoys, two routine lines), the patients' words against the department's terms and
  abbreviations (frikort vs eigendelstaket, svimmel vs vertigo and ØNH, besvimte vs synkope and
  førarkort), on themes no earlier pair covered (moved and cancelled appointments and operations,
  waiting-time breaches, appointment letters and online test results, bills and no-show fees,
  safety in the emergency department and security guards, prostate biopsy and prostatectomy,
  headache, dizziness, driving after fainting), written the same way by a fifteenth blind
  evaluator (benchmarks/data/linking-gold-heldout-15.tsv).

Metrics per set, over the measures that have at least one strong link:
P@k = gold links (strong or weak) among the top k / k; R@k = strong links in the top k / strong
links; MRR = mean of 1 / rank of the first strong link (0 when not ranked).

Decoy metrics (how confident the wrong suggestions are; lower is better), per method against its
own scores: *med* is the median score of the top-1 suggestions that are gold links (strong or
weak); *no-link >= med* counts the measures with no gold link whose top suggestion scores at or
above *med* (over all measures with no gold link; a measure with no suggestion at all counts
below); *wrong >= med* counts the measures with a gold link whose top-1 is not one and scores at
or above *med* (over the measures whose top-1 is not a gold link). A planner's queue is ordered
by score: a decoy above the median of the true links sits among them. The curated set's measures
without a curated link are not known to address nothing (the curators left links out), so its
*no-link* column is not counted; the synthetic set has no measure without a link.

Run: .venv/bin/python benchmarks/linking_eval.py [--write]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from plangraph.linking.features import Item
from plangraph.linking.items import read_items
from plangraph.linking.rank import rank
from plangraph.linking.text import STOPWORDS
from plangraph.store import open_store
from plangraph.vocab import DATA, PG

HERE = Path(__file__).resolve().parent
GOLD = HERE / "data" / "linking-gold-seed.tsv"
HELDOUT_DIR = HERE / "data" / "linking-heldout"
HELDOUT_GOLD = HERE / "data" / "linking-gold-heldout.tsv"
HELDOUT2_DIR = HERE / "data" / "linking-heldout-2"
HELDOUT2_GOLD = HERE / "data" / "linking-gold-heldout-2.tsv"
HELDOUT3_DIR = HERE / "data" / "linking-heldout-3"
HELDOUT3_GOLD = HERE / "data" / "linking-gold-heldout-3.tsv"
HELDOUT4_DIR = HERE / "data" / "linking-heldout-4"
HELDOUT4_GOLD = HERE / "data" / "linking-gold-heldout-4.tsv"
HELDOUT5_DIR = HERE / "data" / "linking-heldout-5"
HELDOUT5_GOLD = HERE / "data" / "linking-gold-heldout-5.tsv"
HELDOUT6_DIR = HERE / "data" / "linking-heldout-6"
HELDOUT6_GOLD = HERE / "data" / "linking-gold-heldout-6.tsv"
HELDOUT7_DIR = HERE / "data" / "linking-heldout-7"
HELDOUT7_GOLD = HERE / "data" / "linking-gold-heldout-7.tsv"
HELDOUT8_DIR = HERE / "data" / "linking-heldout-8"
HELDOUT8_GOLD = HERE / "data" / "linking-gold-heldout-8.tsv"
HELDOUT9_DIR = HERE / "data" / "linking-heldout-9"
HELDOUT9_GOLD = HERE / "data" / "linking-gold-heldout-9.tsv"
HELDOUT10_DIR = HERE / "data" / "linking-heldout-10"
HELDOUT10_GOLD = HERE / "data" / "linking-gold-heldout-10.tsv"
HELDOUT11_DIR = HERE / "data" / "linking-heldout-11"
HELDOUT11_GOLD = HERE / "data" / "linking-gold-heldout-11.tsv"
HELDOUT12_DIR = HERE / "data" / "linking-heldout-12"
HELDOUT12_GOLD = HERE / "data" / "linking-gold-heldout-12.tsv"
HELDOUT13_DIR = HERE / "data" / "linking-heldout-13"
HELDOUT13_GOLD = HERE / "data" / "linking-gold-heldout-13.tsv"
HELDOUT14_DIR = HERE / "data" / "linking-heldout-14"
HELDOUT14_GOLD = HERE / "data" / "linking-gold-heldout-14.tsv"
HELDOUT15_DIR = HERE / "data" / "linking-heldout-15"
HELDOUT15_GOLD = HERE / "data" / "linking-gold-heldout-15.tsv"
RESULTS = HERE / "results" / "linking.md"
KS = (1, 3, 5, 10)

Ranked = dict[str, list[tuple[str, float]]]  # measure -> (challenge, score), best first
Ranker = Callable[[Sequence[Item], Sequence[Item]], Ranked]
Gold = dict[str, dict[str, str]]  # measure -> challenge -> strength


def plangraph_ranker(thesaurus: bool) -> Ranker:
    def run(measures: Sequence[Item], challenges: Sequence[Item]) -> Ranked:
        ranking = rank(
            [*measures, *challenges],
            k=len(challenges),
            relations=["addresses"],
            thesaurus=thesaurus,
            with_evidence=False,
        )
        out: Ranked = {}
        for c in ranking.candidates:
            out.setdefault(c.subject.iri, []).append((c.object.iri, c.score))
        return out

    return run


_WORD = re.compile(r"\w+")


def overlap_ranker(measures: Sequence[Item], challenges: Sequence[Item]) -> Ranked:
    """Plain word overlap: Jaccard of lower-cased word sets (stop words removed)."""

    def words(item: Item) -> set[str]:
        return {
            w
            for w in _WORD.findall(f"{item.label} {item.text}".lower())
            if w not in STOPWORDS and len(w) > 1
        }

    cw = [(c.iri, words(c)) for c in challenges]
    out: Ranked = {}
    for m in measures:
        mw = words(m)
        scored = [(len(mw & w) / len(mw | w), iri) for iri, w in cw if mw & w]
        scored.sort(key=lambda e: -e[0])
        out[m.iri] = [(iri, score) for score, iri in scored]
    return out


def decoys(
    scored: Ranked, gold: Gold, subjects: Sequence[str], complete: bool = True
) -> dict[str, str]:
    """The decoy columns (see the module docstring): *med*, *no-link >= med*, *wrong >= med*."""
    true_top = sorted(
        top[0][1] for m, top in scored.items() if top and top[0][0] in gold.get(m, {})
    )
    if not true_top:
        return {"med": "–", "no-link >= med": "–", "wrong >= med": "–"}
    n = len(true_top)
    med = true_top[n // 2] if n % 2 else (true_top[n // 2 - 1] + true_top[n // 2]) / 2
    no_link = [m for m in subjects if m not in gold]
    above = [m for m in no_link if scored.get(m) and scored[m][0][1] >= med]
    wrong = [m for m in subjects if m in gold and scored.get(m) and scored[m][0][0] not in gold[m]]
    wrong_above = [m for m in wrong if scored[m][0][1] >= med]
    return {
        "med": f"{med:.3f}",
        "no-link >= med": f"{len(above)}/{len(no_link)}" if complete and no_link else "–",
        "wrong >= med": f"{len(wrong_above)}/{len(wrong)}" if wrong else "0/0",
    }


def metrics(scored: Ranked, gold: Gold) -> dict[str, float]:
    ranked = {m: [iri for iri, _score in top] for m, top in scored.items()}
    measures = [m for m, links in gold.items() if "strong" in links.values()]
    result: dict[str, float] = {}
    for k in KS:
        p = r_hit = r_all = 0.0
        for m in measures:
            top = ranked.get(m, [])[:k]
            p += sum(1 for c in top if c in gold[m]) / k
            strong = [c for c, s in gold[m].items() if s == "strong"]
            r_hit += sum(1 for c in strong if c in top)
            r_all += len(strong)
        result[f"P@{k}"] = p / len(measures)
        result[f"R@{k}"] = r_hit / r_all
    rr = 0.0
    for m in measures:
        strong_set = {c for c, s in gold[m].items() if s == "strong"}
        for i, c in enumerate(ranked.get(m, []), 1):
            if c in strong_set:
                rr += 1 / i
                break
    result["MRR"] = rr / len(measures)
    result["measures"] = len(measures)
    result["strong"] = sum(list(links.values()).count("strong") for links in gold.values())
    return result


def read_gold(
    path: Path = GOLD,
    measures: str = "measure/hv-tiltaksplan/",
    challenges: str = "challenge/hmn-2021/",
) -> Gold:
    """A gold file (measure slug, challenge slug, strength, reason per line) as full IRIs."""
    gold: Gold = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("measure\t"):
            continue
        measure, challenge, strength, _reason = line.split("\t")
        gold.setdefault(str(DATA[f"{measures}{measure}"]), {})[
            str(DATA[f"{challenges}{challenge}"])
        ] = strength
    return gold


# Bokmål -> Nynorsk for the synthetic set: spelling and inflection, as a Nynorsk plan writes.
_TO_NN = [
    (r"sykehus", "sjukehus"),
    (r"tjenester", "tenester"),
    (r"tjeneste", "teneste"),
    (r"kommunene", "kommunane"),
    (r"foretak", "føretak"),
    (r"oppgave", "oppgåve"),
    (r"forbedring", "forbetring"),
    (r"ledelse", "leiing"),
    (r"ledere", "leiarar"),
    (r"forebygging", "førebygging"),
    (r"forskning", "forsking"),
    (r"sikkerhet", "tryggleik"),
    (r"het\b", "heit"),
    (r"lige\b", "lege"),
    (r"lig\b", "leg"),
    (r"erfaringer", "erfaringar"),
    (r"deltakere", "deltakarar"),
    (r"pårørende", "pårørande"),
    (r"brukere", "brukarar"),
    (r"prosesser", "prosessar"),
    (r"områder", "område"),
    (r"\bav\b", "av"),
    (r"\bikke\b", "ikkje"),
    (r"\ben\b", "ein"),
    (r"\bet\b", "eit"),
    (r"ene\b", "ane"),
]
_FRAMES = [
    "Helse Nord vil i planperioden arbeide med følgjande: {text}. Arbeidet skal skje i tett "
    "dialog med føretaka og vere ferdig innan 2027.",
    "Tiltaket gjeld {text}. Det blir sett ned ei arbeidsgruppe som legg fram ein rapport for "
    "styret.",
    "Vi skal prioritere {text}. Framdrifta blir rapportert kvart halvår.",
]


def to_nynorsk(text: str) -> str:
    out = text
    for pattern, repl in _TO_NN:
        out = re.sub(pattern, repl, out)
    return out


def synthetic(challenges: Sequence[Item]) -> tuple[list[Item], Gold]:
    rnd = random.Random(11)
    measures: list[Item] = []
    gold: Gold = {}
    for n, c in enumerate(challenges):
        body = to_nynorsk(c.label.rstrip(".:").lower())
        iri = f"https://example.org/synthetic/measure/{n}"
        measures.append(
            Item(
                iri,
                "measure",
                f"Syntetisk tiltak {n}",
                rnd.choice(_FRAMES).format(text=body),
                plan="https://example.org/synthetic/plan",
                org="https://example.org/synthetic/org",
            )
        )
        gold[iri] = {c.iri: "strong"}
    return measures, gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update benchmarks/results/linking.md")
    args = parser.parse_args(argv)
    store = open_store()
    items = read_items(store)
    measures = [i for i in items if i.kind == "measure"]
    challenges = [i for i in items if i.kind == "challenge"]
    judged = read_gold()
    curated: Gold = {}
    for s, o in store.select_plain(
        f"SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s <{PG.addresses}> ?o }} "
        "FILTER(STRENDS(STR(?g), 'links-curated')) }"
    ).rows:
        curated.setdefault(str(s), {})[str(o)] = "strong"
    syn_measures, syn_gold = synthetic(challenges)
    heldout_sets: list[tuple[list[Item], list[Item], Gold]] = []
    for data_dir, gold_path, measure_prefix, challenge_prefix in (
        (
            HELDOUT_DIR,
            HELDOUT_GOLD,
            "measure/eval-vestfjord-tiltaksplan/",
            "challenge/eval-sorkyst-2026/",
        ),
        (
            HELDOUT2_DIR,
            HELDOUT2_GOLD,
            "measure/eval-ostvidda-handlingsplan/",
            "challenge/eval-fjellheim-2026/",
        ),
        (
            HELDOUT3_DIR,
            HELDOUT3_GOLD,
            "measure/eval-austmark-tiltaksplan/",
            "challenge/eval-nordvik-2026/",
        ),
        (
            HELDOUT4_DIR,
            HELDOUT4_GOLD,
            "measure/eval-sormo-handlingsplan/",
            "challenge/eval-elvedal-2026/",
        ),
        (
            HELDOUT5_DIR,
            HELDOUT5_GOLD,
            "measure/eval-lindeli-tiltaksplan/",
            "challenge/eval-havbotn-2026/",
        ),
        (
            HELDOUT6_DIR,
            HELDOUT6_GOLD,
            "measure/eval-kvernvik-handlingsplan/",
            "challenge/eval-nesbygd-2026/",
        ),
        (
            HELDOUT7_DIR,
            HELDOUT7_GOLD,
            "measure/eval-straumfjord-handlingsplan/",
            "challenge/eval-eikelund-2026/",
        ),
        (
            HELDOUT8_DIR,
            HELDOUT8_GOLD,
            "measure/eval-brattas-handlingsplan/",
            "challenge/eval-nordhei-2026/",
        ),
        (
            HELDOUT9_DIR,
            HELDOUT9_GOLD,
            "measure/eval-kvitberg-handlingsplan/",
            "challenge/eval-solbakken-2026/",
        ),
        (
            HELDOUT10_DIR,
            HELDOUT10_GOLD,
            "measure/eval-hestnes-handlingsplan/",
            "challenge/eval-myrvoll-2026/",
        ),
        (
            HELDOUT11_DIR,
            HELDOUT11_GOLD,
            "measure/eval-lauvasen-handlingsplan/",
            "challenge/eval-vidstrand-2026/",
        ),
        (
            HELDOUT12_DIR,
            HELDOUT12_GOLD,
            "measure/eval-breivang-handlingsplan/",
            "challenge/eval-ospedal-2026/",
        ),
        (
            HELDOUT13_DIR,
            HELDOUT13_GOLD,
            "measure/eval-ramsdal-tiltaksprogram/",
            "challenge/eval-lyngmo-2026/",
        ),
        (
            HELDOUT14_DIR,
            HELDOUT14_GOLD,
            "measure/eval-brekkestad-handlingsliste/",
            "challenge/eval-havdal-2026/",
        ),
        (
            HELDOUT15_DIR,
            HELDOUT15_GOLD,
            "measure/eval-skarvik-kvalitetsprogram/",
            "challenge/eval-tindvoll-2026/",
        ),
    ):
        heldout = read_items(open_store(data_dir=data_dir))
        ho_gold = read_gold(gold_path, measure_prefix, challenge_prefix)
        known = {i.iri for i in heldout}
        missing = [iri for m, links in ho_gold.items() for iri in (m, *links) if iri not in known]
        if missing:
            print(f"held-out gold {gold_path.name} names unknown items: {missing}", file=sys.stderr)
            return 1
        heldout_sets.append(
            (
                [i for i in heldout if i.kind == "measure"],
                [i for i in heldout if i.kind == "challenge"],
                ho_gold,
            )
        )

    (
        heldout_1,
        heldout_2,
        heldout_3,
        heldout_4,
        heldout_5,
        heldout_6,
        heldout_7,
        heldout_8,
        heldout_9,
        heldout_10,
        heldout_11,
        heldout_12,
        heldout_13,
        heldout_14,
        heldout_15,
    ) = heldout_sets

    rankers: dict[str, Ranker] = {
        "plangraph (stems, compounds, nb/nn, thesaurus)": plangraph_ranker(True),
        "plangraph without the thesaurus": plangraph_ranker(False),
        "baseline: plain word overlap (Jaccard)": overlap_ranker,
    }
    sets = {
        "seed, judged set": (measures, challenges, judged),
        "seed, curated links (data/links-curated.ttl)": (measures, challenges, curated),
        "synthetic Nynorsk rewrites of the 41 challenges": (syn_measures, challenges, syn_gold),
        "held-out (blind): fictional Nynorsk action plan -> fictional Bokmål status note": heldout_1,
        "held-out 2 (blind): fictional Bokmål action plan -> fictional Nynorsk status note": heldout_2,
        "held-out 3 (blind): fictional Nynorsk action plan -> fictional Bokmål status note "
        "(two hospital trusts)": heldout_3,
        "held-out 4 (blind): fictional Bokmål action plan -> fictional Nynorsk status note "
        "(two hospital trusts)": heldout_4,
        "held-out 5 (blind): fictional Nynorsk action plan of a hospital trust -> fictional Bokmål "
        "status note of a regional health authority": heldout_5,
        "held-out 6 (blind): fictional Bokmål action plan of a hospital trust -> fictional Nynorsk "
        "status note of a health community (helsefellesskap)": heldout_6,
        "held-out 7 (blind): fictional Nynorsk action plan of a local hospital trust -> fictional "
        "Bokmål status note of a university hospital trust (regional specialist areas)": heldout_7,
        "held-out 8 (blind): fictional Bokmål action plan of a hospital trust -> fictional Nynorsk "
        "status note of a patient and user ombudsman": heldout_8,
        "held-out 9 (blind): fictional Nynorsk clinic-level action plan of a hospital trust -> "
        "fictional Bokmål status note of a municipality's health and care services": heldout_9,
        "held-out 10 (blind): fictional Bokmål follow-up plan of an audited hospital trust -> "
        "fictional Nynorsk audit findings of a supervisory authority": heldout_10,
        "held-out 11 (blind): fictional Nynorsk action plan of a hospital department -> fictional "
        "Bokmål status description of a regional health authority": heldout_11,
        "held-out 12 (blind): fictional Bokmål action plan of a hospital clinic -> fictional "
        "Nynorsk status description of a municipality's health and care services": heldout_12,
        "held-out 13 (blind): fictional Nynorsk programme of a regional competence service -> "
        "fictional Bokmål quality and risk report of a hospital trust": heldout_13,
        "held-out 14 (blind): fictional Bokmål action list of a municipality's out-of-hours and "
        "home-care services -> fictional Nynorsk challenges chapter of a health community "
        "(helsefellesskap)": heldout_14,
        "held-out 15 (blind): fictional Nynorsk patient-safety and quality programme of a hospital "
        "trust -> fictional Bokmål patient-experience and complaints report of a hospital trust": heldout_15,
    }
    lines = []
    cols = ["P@1", "P@5", "R@1", "R@3", "R@5", "R@10", "MRR"]
    decoy_cols = ["med", "no-link >= med", "wrong >= med"]
    for set_name, (subjects, objects, gold) in sets.items():
        lines.append(f"\n### {set_name}\n")
        first = True
        for name, ranker in rankers.items():
            scored = ranker(subjects, objects)
            m = metrics(scored, gold)
            d = decoys(
                scored,
                gold,
                [i.iri for i in subjects],
                complete=not set_name.startswith("seed, cur"),
            )
            if first:
                lines.append(
                    f"{int(m['measures'])} measures with a strong link, {int(m['strong'])} strong "
                    "links.\n"
                )
                lines.append("| method | " + " | ".join(cols + decoy_cols) + " |")
                lines.append("|---|" + "---:|" * (len(cols) + len(decoy_cols)))
                first = False
            lines.append(
                f"| {name} | "
                + " | ".join([*(f"{m[c]:.2f}" for c in cols), *(d[c] for c in decoy_cols)])
                + " |"
            )
    agree = sum(
        1
        for m, links in curated.items()
        for c in links
        if judged.get(m, {}).get(c) in ("strong", "weak")
    )
    total = sum(len(v) for v in curated.values())
    lines.append(
        f"\nAgreement: {agree} of the {total} curated links are in the judged set "
        f"({sum(1 for m, links in curated.items() for c in links if judged.get(m, {}).get(c) == 'strong')} as strong)."
    )
    text = "\n".join(lines)
    print(text)
    if args.write:
        RESULTS.parent.mkdir(exist_ok=True)
        body = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        start, end = "<!-- eval:start -->", "<!-- eval:end -->"
        if start in body:
            body = (
                body[: body.index(start) + len(start)]
                + "\n"
                + text
                + "\n"
                + body[body.index(end) :]
            )
            RESULTS.write_text(body, encoding="utf-8")
        else:
            print("results file has no eval markers; not written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
