"""Finding the goals, themes, challenges and measures in a read document (Bokmål and Nynorsk).

The classifier reads the document's structure the way a planner does, and every decision
carries its evidence (``reason``, in Bokmål, for the planner who checks the preview) and a
confidence:

1. the **lead-in sentence** just before a list ("Vi vil i planperioden prioritere:", "Gruppen
   identifiserer følgende uløste utfordringer:") is the strongest cue for the list's items;
2. else the **heading** the item stands under, nearest first ("Tiltak", "Mål og ambisjonar",
   "Utfordringar", "Innsatsområde");
3. else cues in the **item itself** (a problem word such as *mangel*, *utfordring*; a verb
   first, as measures are written: *Styrke*, *Etablere*, *Auke*; *skal*/*vil*);
4. else the **kind of plan** (a strategy's lists are goals, an action plan's measures, a status
   note's challenges), with a low confidence.

Headings over items that carry no cue of their own are theme areas. Some lists are not items at
all (values, statutory tasks, a memo's proposed conclusion, contents): they are left out, with
the reason. Paragraphs become items only where the plan writes its items as prose: under a
measure heading with no list (each paragraph a measure), a numbered sub-heading with body text
(the heading is the label, the body the text), or a sentence that names a challenge. Nothing is
made up: a label that is not the source's own words is marked editorial.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from plangraph.ingest.documents import Block, Document, looks_like_heading
from plangraph.ingest.draft import Draft, DraftItem
from plangraph.ingest.sentences import split_sentences

__all__ = ["classify", "detect_language", "slugify"]

# ---------------------------------------------------------------- cues

_STEM = r"(?:\w*)"


def _rx(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")", re.IGNORECASE)


_NOT_ITEMS = _rx(
    r"verdi(?:er|ar|ane|ene)?\b",
    r"våre verdiar",
    r"lovpålagte",
    r"lovpålagde",
    r"forslag til (?:vedtak|konklusjon|innstilling)",
    r"innhold(?:sfortegnelse)?\b",
    r"innhald(?:sliste)?\b",
    r"innholdsliste",
    r"referanser\b",
    r"kilder\b",
    r"kjelder\b",
    r"vedlegg\b",
    r"les mer\b",
    r"les meir\b",
    r"se også\b",
    r"sjå også\b",
    r"relaterte?\b",
    r"kontakt(?:informasjon)?\b",
    r"dokumentinformasjon",
    r"om (?:planen|dokumentet|strategien)\b",
    r"ordliste",
    r"begrepsavklaring",
    r"omgrep",
    r"forkortelser",
    r"forkortingar",
    r"mandat\b",
    r"deltakere\b",
    r"deltakarar\b",
    r"^arbeidsgruppe(?:n|a)?$",
    r"^prosess(?:en)?\b",
    # a slide deck's agenda and its closing "Videre prosess" / "Tidsplan" slides
    # (the whole heading: "Tidsplan og tiltak" is over measures)
    r"^agenda\s*:?$",
    # the minutes' "Eventuelt" (any other business) and "Godkjenning av innkalling og referat"
    r"^eventuelt\s*:?$",
    r"^godkjenning av (?:innkalling|referat|dagsorden|saksliste)\b",
    r"^dagsorden\s*:?$",
    r"^(?:videre|vidare) prosess(?:\s+og\s+(?:tidsplan|framdrift|fremdrift))?\s*:?$",
    r"^(?:tidsplan|framdriftsplan|fremdriftsplan)\s*:?$",
    r"^(?:spørsmål|spørsmål og svar)\s*\??$",
    r"^(?:skildring|beskrivelse|omtale|presentasjon) av\b",
    # a README's or a wiki page's "Bidra" / "Slik bidreg du" / "Contributing": how to report
    # an error or propose a change (steps for the reader), no measures of the plan
    r"^(?:(?:slik|korleis|hvordan|vil)\s+(?:kan\s+)?(?:du\s+)?)?(?:bidra|bidreg|bidrar)"
    r"(?:\s+du)?\s*[?:]?$",
    r"^bidrag\s*:?$",
    r"^(?:contributing|how\s+to\s+contribute)\s*:?$",
    # a status chapter's "Pasientgrunnlag og aktivitet", "Aktivitet og økonomi",
    # "Aktivitetsutvikling": activity as volume (consultations, beds), facts, no measures; and
    # the closing "Økonomi og oppfølging": what the plan costs and how it is reported on
    r"^(?:pasientgrunnlag\w*|opptaksområde\w*|økonomi)\s+og\s+aktivitet\w*\s*$",
    r"^aktivitet\w*\s+og\s+(?:økonomi|pasientgrunnlag\w*|ressursbruk|bemanning)\s*$",
    r"^aktivitets(?:tal|tall|utvikling|data|nivå)\w*\s*$",
    r"^(?:økonomi|kostnad(?:er|ar)?|budsjett)\s+og\s+(?:oppfølging|oppfylging|rapportering)\s*$",
    # "Om kommunen", "Om oss": context; not "Om utkastet" / "Om forslaget" on a hearing page,
    # which sums up the draft's own challenges, goals and measures
    r"^om(?!\s+(?:høringsutkastet|høyringsutkastet|utkastet|planutkastet|forslaget|"
    r"planforslaget)\s*$)(?:\s+\w+){1,2}$",
    # a hearing page's summary of the input it got ("Høringsinstansenes innspill", "Innkomne
    # høringssvar"): other bodies' proposals, not the plan's items; and its links to "Andre
    # høringer"
    r"^(?:høringsinstans\w*|høyringsinstans\w*|innkomne|innkomne|sammendrag\s+av|"
    r"samandrag\s+av|oppsummering\s+av)\s+(?:\w+\s+)?(?:innspill|innspel|høringssvar|"
    r"høyringssvar|høringsuttalelser|høyringsfråsegner|merknader|merknadar)\b",
    r"^(?:andre|aktuelle|flere|fleire)\s+(?:høringer|høyringar|høyringer|saker|nyheter|"
    r"nyheiter|artikler|artiklar)\s*$",
    r"^innledning\b",
    r"^innleiing\b",
    r"^bakgrunn\b",
    r"^sammendrag\b",
    r"^samandrag\b",
    r"^forord\b",
    r"^føreord\b",
    r"formål med\b",
    r"føremål med\b",
    # "Oppdraget" (the commission the plan answers) and the oppdragsdokument are no items;
    # "Oppdrag" over tasks ("Oppdrag 1: ...") is measures
    r"oppdrag(?:sdokument\w*|et)\b",
    r"visjon\w*",
    # "Ambisjon 2030": the picture of a year ahead, the plan's vision told another way
    r"^(?:vår\s+)?ambisjon(?:en)?\s+(?:for\s+|mot\s+|i\s+)?(?:19|20)\d\d\s*$",
    r"verdigrunnlag\w*",
    # "Kva seier tala?", "Tal og fakta", "Nøkkeltal": figures that describe, no items
    r"^(?:hva|kva)\s+(?:sier|seier|fortel|forteller|viser|syner)\s+(?:tala|tallene|statistikken)"
    r"\b",
    r"^(?:tal|tall)\s+og\s+fakta\b",
    r"^(?:nøkkeltal|nøkkeltall)\w*\s*$",
    # how the plan itself is followed up: "Oppfølging og rapportering", "Rapportering og
    # evaluering", "Oppfølging av planen" (not "Oppfølging" alone, which heads the measures of
    # a follow-up plan)
    r"^(?:oppfølging|oppfylging|rapportering|evaluering|revisjon|rullering)\s+(?:og|,)\s+"
    r"(?:oppfølging|oppfylging|rapportering|evaluering|revisjon|rullering)\b",
    r"^(?:oppfølging|oppfylging|rapportering|evaluering|revisjon|rullering)\s+av\s+"
    r"(?:\w*planen|\w*plana|\w*strategien|dokumentet)\s*$",
    # "Slik følger vi opp strategien", "Korleis vi følgjer opp planen": the same, told as a
    # sentence
    r"^(?:slik|sånn|korleis|hvordan)\s+(?:vi\s+)?(?:følger|følgjer|fylgjer)\s+(?:vi\s+)?opp\s+"
    r"(?:\w*planen|\w*plana|\w*strategien|arbeidet)\s*\??$",
    # an audit's or a supervision's criteria (what the practice was measured against), its
    # method and scope: "Revisjonskriterium", "Tilsynskriterier", "Føremål, omfang og metode"
    r"(?:revisjons|tilsyns)kriteri\w*",
    r"metode(?:r|ar)?\s*$",
    r"^omfang\b",
    r"avgrens(?:ing|ning)\s*$",
    # what has been achieved so far, beside what is to be done: "Dette har vi fått til",
    # "Kva har vi oppnådd?", "Resultat så langt", "Det vi har fått på plass": results, no
    # measures of the plan ahead
    r"^(?:(?:dette|det|kva|hva)\s+)?(?:har\s+vi|vi\s+har)\s+(?:allereie\s+|allerede\s+|alt\s+|"
    r"så\s+langt\s+|hittil\s+|til\s+no\s+|til\s+nå\s+)?(?:fått\s+til|fått\s+gjort|"
    r"fått\s+på\s+plass|oppnådd|oppnådd|nådd|levert|gjennomført|gjennomført|gjort)\b",
    r"^(?:oppnådde\s+)?(?:resultat|resultater|resultata|resultatene)\s+(?:så\s+langt|hittil|"
    r"til\s+no|til\s+nå)\b",
)
_MEASURE = _rx(
    r"tiltak",
    r"hov[eu]dtiltak",
    r"handling(?:sprogram|splan|ar|er)?\b",
    r"aktivitet",
    r"initiativ",
    r"grep\b",
    r"leveranse",
    r"oppfølging",
    # the tasks of an oppdragsdokument / styringsdokument: "Oppdrag", "Oppgaver", "Oppgåver"
    r"oppdrag(?:a|ene|ane)?\b",
    r"oppg[aå]ve(?:r|ne|ane)?\b",
    # a letter of input to a plan (a user organisation's, a council's): "Våre forslag",
    # "Våre anbefalinger", "Forslag til tiltak" head what it proposes be done
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:våre|vårt|våre\s+konkrete)\s+(?:forslag|framlegg|"
    r"anbefalinger|anbefalingar|tilrådingar|tilrådinger)\b",
)
# Verbs that announce measures; weaker than a noun ("vil prioritere fem satsingsområde:" lists
# themes, "har konkretisert fire mål:" goals).
_MEASURE_VERBS = _rx(
    r"vi vil\b",
    r"vi skal\b",
    r"skal vi\b",
    r"vil vi\b",
    r"\w+ vil(?: blant anna| mellom anna| bl\.a\.)?:\s*$",
    r"\w+ skal(?: blant anna| mellom anna)?:\s*$",
    r"prioritere\b",
    r"satsing(?:ar|er)? i (?:plan)?perioden",
    r"gjennomfør(?:e|ast|es)\b",
    r"veien? vidare",
    r"vidare arbeid",
    r"videre arbeid",
    r"vegen vidare",
    r"veien videre",
    r"slik (?:gjer|gjør) (?:vi|me) det",
    r"dette (?:gjer|gjør) (?:vi|me)\b",
    r"(?:hva|kva) (?:gjer|gjør|vil|skal) vi (?:gjere|gjøre)\b",
    r"(?:hva|kva) (?:gjer|gjør) vi\b",
)
_GOAL = _rx(
    r"mål(?:et|a|ene|ane|bilete|bilde|setning\w*|setjing\w*|sett\w*)?\b",
    r"hovudmål",
    r"hovedmål",
    r"målområd\w*",
    r"delmål",
    r"styringsmål\w*",
    r"ambisjon\w*",
    r"vi (?:skal|vil) (?:vere|være|ha|bli)\b",
    r"ønsk(?:a|et) (?:situasjon|tilstand)",
    r"resultatmål",
    r"effektmål",
    # the questions of the Norwegian instructions for official studies, used as headings
    r"(?:hva|kva) (?:vil|skal) vi oppnå",
    # "Dette vil vi oppnå" as a heading or a lead-in over what the section is to achieve
    r"(?:dette|det) (?:vil|skal|ønsker|ønskjer) vi (?:å )?oppnå",
    r"ønskt (?:situasjon|tilstand)",
)
_CHALLENGE = _rx(
    r"utfordring\w*",
    r"hov[eu]dutfordring\w*",
    r"hovudutfordring\w*",
    r"behov\w*",
    r"risiko\w*",
    r"sårbarhe\w*",
    r"problem\w*",
    r"gap\b",
    r"utviklingstrekk",
    r"hovudpunkt\w* for prioritering",
    r"hovedpunkt\w* for prioritering",
    r"områder? som bør ha hovedfokus",
    r"område som bør ha hovudfokus",
    # "Dette må vi løse", "Det vi må løyse", "Kva må løysast?": a heading over what is wrong
    r"(?:dette|det) (?:vi )?må (?:vi )?(?:løse|løyse)\b",
    r"(?:hva|kva) må (?:vi )?(?:løse|løyse|løses|løysast)\b",
    # "Dette må bli bedre", "Det som må bli betre", "Kva må bli betre?": what is wrong now
    r"(?:dette|det som|hva som|kva som|hva|kva) må (?:bli|verte|vorte) (?:bedre|betre)\b",
    r"forbedringsområde\w*",
    r"forbetringsområde\w*",
    # minutes and status reports: "Saker som må løysast før neste fase", "Åpne spørsmål",
    # "Uavklarte forhold": what stands in the way
    r"(?:saker|spørsmål|forhold|punkt|problemstillingar|problemstillinger)\s+som\s+(?:må|skal)\s+"
    r"(?:løysast|løses|avklarast|avklares|løysast|avgjerast|avgjøres)\b",
    r"(?:opne|åpne|uavklarte?|uløyste|uløste)\s+(?:saker|spørsmål|forhold|problemstilling\w*)",
    # "Spørsmål vi må finne svar på:", "Spørsmåla vi må svare på": the open questions of an
    # area, what it has not solved
    r"spørsmål\w*\s+(?:som\s+)?(?:vi|me)\s+(?:må|skal)\s+(?:finne\s+svar\s+på|svare\s+på|"
    r"besvare|løyse|løse|avklare)",
    # a slide's "Hva ser vi?" over what is wrong (and "Hva gjør vi?" over the measures)
    r"(?:hva|kva) ser vi\b",
    r"mangl\w*",
    r"manglar",
)
_THEME = _rx(
    r"innsatsområd\w*",
    # "Tre satsingar", "Våre satsinger": the heading over the areas' cards
    r"satsingar\b",
    r"satsinger\b",
    r"satsingane\b",
    r"satsingene\b",
    r"satsingsområd\w*",
    r"satsingsfelt\w*",
    r"temaområd\w*",
    r"fokusområd\w*",
    r"strategiske? områd\w*",
    r"prioriterte områd\w*",
    r"tema\b",
    r"hovudområd\w*",
    r"hovedområd\w*",
)
_PROBLEM_WORDS = _rx(
    r"mangl\w*",
    r"mangel\w*",
    r"manglande",
    r"utfordring\w*",
    r"for (?:lite|få|lang|mange|høy|låg|lav|tidleg|tidlig|seint|sent)\b",
    r"ikkje (?:god|nok|tilstrekkele)\w*",
    r"ikke (?:god|nok|tilstrekkeli)\w*",
    # "... fordi oppfølginga ikkje er god nok": the same in a clause's word order
    r"ikkje (?:er|blir|vert) (?:god|godt|gode|tilstrekkele)\w*(?: nok)?",
    r"ikke (?:er|blir) (?:god|godt|gode|tilstrekkeli)\w*(?: nok)?",
    r"utilstrekkel\w*",
    r"aukande\b",
    r"økende\b",
    r"økt press",
    r"auka press",
    r"press på\b",
    r"sårbar\w*",
    r"risiko\w*",
    r"ventetid\w*",
    r"svikt\w*",
    r"uønsk\w* variasjon",
    # "uønskede hendelser", "uønskte hendingar": adverse events, a harm to patients
    r"uønsk\w* (?:hendels|hending)\w*",
    r"krevjande\b",
    r"krevende\b",
)
# Infinitives that open measures (bokmål and nynorsk spellings).
_VERBS = {
    "slå",  # "Slå saman poliklinikkane ..."
    "ansette",
    "tilsette",
    "inngå",
    "utdanne",
    "beholde",
    "behalde",
    "integrere",
    "koordinere",
    "anskaffe",
    "kjøpe",
    "sende",
    "halvere",
    "tydeliggjøre",
    "tydeleggjere",
    "samlokalisere",
    "arbeide",
    "auke",
    "avklare",
    "bedre",
    "betre",
    "bidra",
    "bruke",
    "byggje",
    "bygge",
    "digitalisere",
    "effektivisere",
    "etablere",
    "evaluere",
    "fase",
    "fjerne",
    "forbedre",
    "forbetre",
    "forenkle",
    "forankre",
    "forenkla",
    "fornye",
    "forsterke",
    "fremme",
    "fremje",
    "følge",
    "følgje",
    "gi",
    "gje",
    "gjennomføre",
    "gjere",
    "gjøre",
    "harmonisere",
    "heve",
    "hjelpe",
    "iverksette",
    "implementere",
    "innføre",
    "investere",
    "involvere",
    "kartlegge",
    "kartleggje",
    "lage",
    "lansere",
    "leggje",
    "legge",
    "modernisere",
    "nytte",
    "oppdatere",
    "opprette",
    "oppretthalde",
    "opprettholde",
    "organisere",
    "prioritere",
    "prøve",
    "realisere",
    "redusere",
    "revidere",
    "rekruttere",
    "samarbeide",
    "samle",
    "samordne",
    "sette",
    "setje",
    "sikre",
    "skape",
    "skaffe",
    "spre",
    "standardisere",
    "starte",
    "stimulere",
    "styrke",
    "støtte",
    "ta",
    "tilby",
    "tilpasse",
    "tilrettelegge",
    "tilretteleggje",
    "utarbeide",
    "utgreie",
    "utrede",
    "utvide",
    "utvikle",
    "vareta",
    "ivareta",
    "videreføre",
    "vidareføre",
    "videreutvikle",
    "vidareutvikle",
    "vurdere",
    "øke",
    "øve",
    "opne",
    "åpne",
    "ferdigstille",
    "avslutte",
    "pilotere",
    "teste",
    "måle",
    "gjennomgå",
    "definere",
}
_SUBSTANTIVE_MEASURE = re.compile(
    r"^(?:etablering|innføring|utvikling|utarbeiding|utarbeidelse|styrking|gjennomføring|"
    r"implementering|kartlegging|videreutvikling|vidareutvikling|revisjon|oppretting|"
    r"opprettelse|bygging|samordning|standardisering)\s+(?:av|med|i)\b",
    re.IGNORECASE,
)
_LEAD_IN_NOT_ITEMS = _rx(
    r"verdi(?:er|ar|ane|ene)?\b",
    # "Fagdirektøren ga arbeidsgruppen i oppdrag å", "Gruppa fekk dette mandatet:": the
    # mandate of the group that wrote a report (describe, assess, propose), not the plan's
    # measures (an owner's "gir helseforetaket i oppdrag å" is no group's mandate)
    r"(?:arbeids|prosjekt|styrings|referanse|ekspert|fag)?grupp(?:a|en|ene|ane)\s+(?:\w+\s+){0,2}?"
    r"(?:i\s+oppdrag|(?:dette|følgende|følgjande|slikt)\s+mandat)",
    r"(?:utvalget|utvalet|prosjektet)\s+(?:\w+\s+){0,2}?(?:i\s+oppdrag|(?:dette|følgende|"
    r"følgjande|slikt)\s+mandat)",
    r"mandat(?:et)?\s+(?:var|er|lyder|lydde|lydar)\b",
    # "Klinikken vil følgje desse indikatorane:": what is measured, not what is done
    r"(?:følgje|følge|måle|bruke|nytte)\s+(?:desse|disse|følgjande|følgende)\s+"
    r"(?:indikator\w*|styringsparameter\w*|måltal\w*|måltall\w*)",
    # "Disse indikatorene følges:", "Desse indikatorane blir målte:": the same, passive
    r"(?:desse|disse|følgjande|følgende)\s+(?:indikator\w*|styringsparameter\w*|måltal\w*|"
    r"måltall\w*)\s+(?:skal\s+|blir\s+|vert\s+|vil\s+bli\s+)?(?:følgjast|følges|fulgt|følgde|"
    r"følgt|målast|måles|målt|målte|brukast|brukes|brukt|rapporterast|rapporteres|rapportert)\b",
    r"lovpålag\w*",
    r"oppgåver(?:ne)? er",
    r"oppgaver(?:ne)? er",
    r"forankra i",
    r"forankret i",
    r"bygger på\b",
    r"byggjer på\b",
    r"dokument(?:a|ene)\b",
    r"følgende dokumenter",
    r"følgjande dokument",
    r"planer(?:ne)? er",
    r"planane er",
    r"deltakere",
    r"deltakarar",
    r"består av",
    r"er sett saman av",
    r"er satt sammen av",
    r"kjennetegn",
    r"kjenneteikn",
    r"prinsipp\w*",
    r"visjon\w*",
    r"verdigrunnlag",
    r"hovedstrategi",
    r"hovudstrategi",
    r"fordi\b",
    r"eksempel på",
    r"eksempler på",
)
# "Handlingsplanen:", "Strategien:", "Denne planen:" over bullets that say what the plan builds
# on, whom it applies to and when it is revised: a description of the plan itself, no items
_PLAN_ITSELF_LEAD = re.compile(
    r"^(?:(?:denne|dette|vår|den)\s+)?(?:\w*plan(?:en|a)|strategien|strategidokumentet|"
    r"dokumentet|planverket)(?:\s+vår)?\s*:$",
    re.IGNORECASE,
)
# "For å nå målene vil vi satse på disse innsatsområdene:" - the goal is not what the list holds.
_PURPOSE = re.compile(
    r"\b(?:for å|for at vi skal|som skal)\s+(?:nå|oppnå|realisere|støtte opp om|bidra til|følgje opp|"
    r"følge opp|møte|dekke|løyse|løse|handtere|håndtere|imøtekomme|svare på)"
    r"\s+(?:\w+\s+){0,3}?(?:mål\w*|ambisjon\w*|strategi\w*|behov\w*|utfordring\w*)",
    re.IGNORECASE,
)
_QUANTIFIER = re.compile(
    r"\b(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|følgende|følgjande|disse|desse|nokre|noen|"
    r"flere|fleire|\d+)\b",
    re.IGNORECASE,
)
_NAMED_THEME = re.compile(
    r"(?:innsats|satsings|tema|fokus|hovud|hoved)område\w*\s*\d*\s*[:.–-]\s*\S", re.IGNORECASE
)
# A table column that names the area (theme) of its row: "Område", "Innsatsområde", "Tema".
_AREA_COLUMN = re.compile(
    # (not "Ansvarsområde", which names who answers for the row)
    r"^(?:område(?:t)?|innsatsområde|satsingsområde|fokusområde|temaområde|hovudområde|"
    r"hovedområde|tema|satsingsfelt|perspektiv)$",
    re.IGNORECASE,
)
# One sentence that says who will do what: "Direktøren vil leggje fram ei sak ...", "Helse
# Nordvik HF skal øke bemanningen ..." (a named subject of up to four words, "vil"/"skal" and an
# infinitive that is no state: not "skal vere", "vil ha").
_TASK_SENTENCE = re.compile(
    r"^[A-ZÆØÅ][\w-]*(?:\s+[\w-]+){0,3}\s+(?:vil|skal)\s+"
    r"(?!(?:vere|være|ha|bli|kunne|få|fortsatt|framleis|fremdeles|også|og|ikkje|ikke)\b)"
    r"[a-zæøå]+[ea]\b",
)
# A sentence that commits the plan's owner to an action: "Vi vil etablere ...", "Foretaket skal
# innføre ...", "Sammen med kommunene vil vi etablere ...", "Helse Nordvik HF skal opprette ...".
# The verb is checked against _VERBS (a measure's verbs), so "Vi vil ha ...", "Vi skal vere ..."
# (a wished-for state: a goal) and "Alle pasientar skal oppleve ..." are not commitments.
_COMMITMENT = re.compile(
    r"^(?:(?:vi|foretaket|føretaket|helseforetaket|helseføretaket|sykehuset|sjukehuset|"
    r"klinikken|kommunen|regionen|divisjonen|avdelingen|avdelinga|tjenesten|tenesta|"
    r"[A-ZÆØÅ][\w-]+(?:\s+[A-ZÆØÅ][\w-]+)?\s+(?:HF|sykehus|sjukehus|kommune))\s+(?:vil|skal)"
    r"|(?:sammen|saman)\s+med\s+(?:[\w-]+\s+){1,4}?(?:vil|skal)\s+vi"
    r"|i\s+(?:planperioden|\d{4})\s+(?:vil|skal)\s+(?:vi|foretaket|føretaket|helseforetaket|"
    r"helseføretaket|sykehuset|sjukehuset|klinikken))"
    r"\s+(?:(?:også|òg|derfor|difor|først|fyrst|i\s+planperioden|i\s+\d{4})\s+)*"
    r"(?P<verb>[a-zæøå]+)\b",
    re.IGNORECASE,
)
# Words that point to a list or text elsewhere: a lead-in, not a task.
_POINTS_ONWARD = re.compile(
    r"\b(?:følgende|følgjande|disse|desse|nedenfor|nedanfor|under)\b", re.IGNORECASE
)
_LABELLED_LINE = re.compile(
    r"^(?P<cue>hovudmål|hovedmål|delmål|effektmål|resultatmål|styringsmål|mål|tiltak|"
    r"utfordring(?:ar|er)?|oppdrag|oppg[aå]ve|tema|innsatsområde|"
    # "Sårbarheit: ...", "Risiko: ..." (a bold label in a wiki page or a plan's box): what can
    # go wrong, a challenge, when a sentence follows (not "Risiko: høy")
    r"sårbarheit|sårbarhet|risiko|problem)\s*(?:(?:\d{1,2}(?:\.\d{1,2})*)?\s*:\s*|"
    # "Mål 3.1 Antallet organdonorer skal øke ..." (an assignment letter's numbered goal with
    # no colon): a dotted number and a capital after it, so no sentence reads as one
    r"\d{1,2}(?:\.\d{1,2})+\.?\s+(?=(?-i:[A-ZÆØÅ])))(?P<text>\S.+)$",
    re.IGNORECASE,
)
# "Hovedmål for planperioden: ...", "Hovudmål fram mot 2030: ...": a line that states the
# plan's main goal, with a short qualifier before the colon
_MAIN_GOAL_LINE = re.compile(
    r"^(?:hovedmål|hovudmål)(?:et)?(?:\s+(?:for|i|fram mot|frem mot|mot|innen|innan|til)\b"
    r"[^.:]{0,40})?\s*:\s*(?P<text>\S.+)$",
    re.IGNORECASE | re.DOTALL,
)
# "HOVEDMÅL", "Overordna mål": a heading over the plan's one main goal
_MAIN_GOAL_HEADING = re.compile(
    r"^(?:hovedmål|hovudmål|overordnet mål|overordna mål)(?:et)?\s*:?$", re.IGNORECASE
)
# "Målet er at alle gravide skal ...": a sentence that states a goal, wherever it stands
_GOAL_SENTENCE = re.compile(
    r"^(?:målet|hovedmålet|hovudmålet)(?:\s+(?:vårt|vår))?\s+(?:er|bør\s+vere|bør\s+være)\s+at\s+\S"
    # "Prosjektet har som mål at alle ... skal", "Klinikken har som målsetjing at ..."
    # ("Leiinga har sett som mål at ...", "Styret har satt seg som mål at ...")
    r"|^(?:\w+\s+){1,3}har\s+(?:(?:sett|satt)\s+(?:seg\s+)?)?som\s+"
    r"(?:mål|hovudmål|hovedmål|målsetjing|målsetting|ambisjon)\s+"
    r"at\s+(?:\w+\s+){1,12}?(?:skal|vil)\b",
    re.IGNORECASE,
)
_DOCUMENT_LINK = re.compile(
    r"\((?:pdf|docx?|xlsx)(?:,\s*[\d.,]+\s*[km]b)?\)|\.pdf\b|^(?:les|last ned|se|sjå)\s",
    re.IGNORECASE,
)
_CHALLENGE_SENTENCE = re.compile(
    r"(?:(?:den|ei|en|ein|største|stor|viktig|sentral|hovud|hoved)\w*\s+){0,3}"
    r"utfordring(?:a|en|ane|ene)?\s+(?:er|blir|vil vere|vil være|ligg i|ligger i)\b"
    r"|\b(?:er|blir|vert)\s+(?:ei|en|ein)\s+(?:\w+\s+){0,2}utfordring\b"
    r"|\b(?:blir|er|vil bli|vil vere|vil være)\s+(?:stadig\s+)?(?:mer\s+|meir\s+)?"
    r"(?:krevende|krevjande|vanskelig|vanskeleg)\s+å\b"
    r"|\bgir\s+(?:auka|økt|økende|aukande|stort|stor)\s+press\b"
    # "Den viktigste årsaken er mangel på ...", "For lungekreft er flaskehalsen kapasiteten ...":
    # the cause of a goal not reached, or the bottleneck, named in an assessment
    r"|\b(?:viktigaste|viktigste|største|hovud|hoved)\s*(?:årsak|grunn)(?:en|a)?\s+(?:til\s+[^.]{0,60}?)?er\s+"
    r"(?:mangel|mangl|for\s+(?:få|lite|låg|lav)|manglande|at)\b"
    r"|\b(?:er|var)\s+flaskehals(?:en)?\b|\bflaskehals(?:en)?\s+(?:er|var)\b"
    # "Årsaken til fristbruddene er for få operasjonsstuer", "Dette skyldes i hovedsak mangel
    # på sykepleiere": a cause that is a lack
    r"|\b(?:årsak|grunn)(?:en|a)\s+(?:til\s+[^.]{0,60}?)?(?:er|var)\s+(?:mangel|mangl\w*|manglande|"
    r"for\s+(?:få|lite|låg|lav))\b"
    r"|\b(?:skyldes|skuldast|kjem av|kommer av)\s+(?:i hovudsak\s+|i hovedsak\s+|først og fremst\s+|"
    r"fyrst og fremst\s+|særleg\s+|særlig\s+|blant anna\s+|mellom anna\s+)?(?:mangel|mangl\w*|"
    r"manglande|for\s+(?:få|lite|låg|lav))\b",
    re.IGNORECASE,
)
# A sentence about following up the plan itself: "Handlingsplanen rapporteres til styret hvert
# tertial.", "Status for tiltaka blir rapportert kvart tertial.", "Planen revideres årlig.",
# "Klinikksjefene har ansvar for gjennomføringen."
_GOVERNANCE_SENTENCE = re.compile(
    r"^(?:(?:status|framdrift|fremdrift)(?:en)?\s+(?:for|på|i)\s+(?:\w+\s+)?|arbeidet med\s+)?"
    r"(?:\w*planen|\w*planen[se]?|\w*strategien|tiltak(?:a|ene)|dei enkelte tiltaka|"
    # "Målkartet følges opp i ...", "Risikoene følges opp i risikoregisteret"
    r"\w*kartet|risikoene|risikoane|risikoen|indikatorene|indikatorane|"
    r"grep(?:a|ene)|(?:dei|de)\s+strategiske\s+grep(?:a|ene)|"
    r"de enkelte tiltakene|arbeidet|planarbeidet|status|framdrifta|fremdriften)\s+"
    r"(?:\w+\s+){0,3}?"
    r"(?:rapporter(?:es|ast|t)|evaluer(?:es|ast|t)|revider(?:es|ast|t)|rullere(?:s|st|t)|"
    r"oppdater(?:es|ast|t)|følg(?:es|jast|t) opp|hent(?:es|ast) (?:fra|frå)|"
    r"(?:blir|vert) (?:rapportert|evaluert|revidert|"
    r"rullert|oppdatert|fulgt opp|følgt opp|rapporterte|evaluerte|reviderte|rullerte|"
    r"oppdaterte|følgde opp))\b"
    # "Direktøren rapporterer til styret om status hvert år": who reports on the plan to whom
    r"|\b(?:rapporterer|rapporterar)\s+(?:\w+\s+){0,2}?til\s+(?:styret|kommunestyret|"
    r"ledermøtet|leiarmøtet|ledelsen|leiinga|direktøren|departementet|eier|eigar)\b"
    # "Kommunalsjefen rapporterer på handlingsprogrammet i tertialrapportane"
    r"|\b(?:rapporterer|rapporterar)\s+(?:på|om)\s+(?:\w*planen|\w*plana|\w*programmet|"
    r"\w*strategien|tiltak(?:a|ene)|måla|målene|framdrifta|fremdriften)\b"
    r"|\b(?:har|får|ligg|ligger)\s+(?:\w+\s+)?(?:ansvar(?:et)?|ansvaret)\s+for\s+"
    r"(?:gjennomføring\w*|oppfølging\w*|å følgje opp planen|å følge opp planen)"
    # "Rapporten sendes på intern høring ...", "Deretter legges den fram for ledermøtet.",
    # "Planen skal handsamast i kommunestyret i juni.": the document's own road to a decision
    r"|^(?:rapporten|\w*planen|\w*plana|notatet|dokumentet|utkastet|forslaget|strategien)\s+"
    r"(?:skal\s+|vil\s+)?(?:\w+\s+)?(?:sendes|sendast|send(?:e|ast)?\s+ut|legges\s+fram|"
    r"leggjast\s+fram|legge(?:s)?\s+fram|behandles|behandlast|handsamast|(?:blir|vert)\s+"
    r"(?:sendt|send|lagt\s+fram|behandlet|behandla|handsama))\b"
    r"|^deretter\s+(?:skal\s+)?(?:legges|leggjast|sendes|sendast|behandles|behandlast|handsamast|"
    r"blir|vert)\s+(?:\w+\s+)?(?:den|det|han|ho|rapporten|planen|saka|saken)\b",
    re.IGNORECASE,
)
# "Kapittelet bygger på analysene i kapittel 3 ...", "Notatet er skrive som underlag ...": a
# paragraph that says what the document or chapter itself is built on or written for
_DOCUMENT_ITSELF = re.compile(
    r"^(?:dette\s+|denne\s+)?(?:kapittelet|kapitlet|notatet|dokumentet|rapporten|"
    r"delen|denne delen|avsnittet)\s+"
    r"(?:bygger på|byggjer på|er skrevet|er skrive|er utarbeidd|er utarbeidet|er laga|er laget|"
    r"oppsummerer|oppsummerar|gir en oversikt|gir ei oversikt|gjev ei oversikt)\b",
    re.IGNORECASE,
)
# "Foretaket vil møte utfordringene med fire grep.": a sentence that announces the measures
# described after it; "Klinikken ber om at direktøren ...": a request to someone else;
# "Erfaringene fra ... viser at ...": the evidence for a measure
_MEASURE_ANNOUNCE = re.compile(
    r"\b(?:med|gjennom|i)\s+(?:to|tre|fire|fem|seks|sju|syv|åtte|desse|disse|følgende|"
    r"følgjande)\s+(?:\w+\s+)?(?:grep|tiltak|satsingar|satsinger|innsatsområde\w*)\s*[.:]?$"
    r"|^\w+(?:\s+\w+)?\s+ber\s+om\s+at\b"
    # "Erfaringene fra pilotprosjektet viser at ...": the evidence for a measure, not one
    r"|^(?:erfaring\w*|evaluering\w*|tal|tall|analys\w*|undersøking\w*|undersøkels\w*|"
    r"kartlegging\w*|forsking\w*|forskning\w*|resultat\w*)\b[^.]{0,100}?\b(?:viser|syner)\s+at\b",
    re.IGNORECASE,
)
# A heading over the background or the present state ("Bakgrunn", "Dagens situasjon", "Kvar
# står vi i dag?"): no items of its own, but a sentence there that states an unresolved problem
# is a challenge of the plan
_BACKGROUND_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:bakgrunn|dagens situasjon|situasjonsbeskrivelse|"
    r"nåsituasjon(?:en)?|status i dag|(?:kvar|hvor) står vi(?: i dag)?|"
    # a web page's "Slik er det i dag" over the state the area's goal answers
    r"slik er (?:det|situasjonen)(?: i dag| no| nå)?|situasjonen i dag)\s*[:?]?$",
    re.IGNORECASE,
)
# Wording that states a problem in a background section: a lack, a fall or a rise in a need,
# something hard or wanting (stricter than _CHALLENGE_WORDING, which also reads "eldre", "lang")
_FALL = (
    r"har gått ned|går ned|har gått tilbake|minkar|minker|har minka|har minket|er redusert|"
    r"blir redusert|vert redusert|er kortare|er kortere|har betra seg|har bedret seg"
)
# Things that are bad to have: when they fall, the sentence is good news, not a problem
_BAD_THINGS = (
    r"ventetid\w*|fristbrot\w*|fristbrudd\w*|sjukefråvær\w*|sykefravær\w*|korridor\w*|"
    r"overbelegg\w*|avvik\w*|feil\w*|skade\w*|reinnlegg\w*|innleggelse\w*|innlegging\w*|"
    r"turnover|fråfall\w*|frafall\w*|kostnad\w*|underskot\w*|underskudd\w*"
)


def _spaced(pattern: str) -> re.Pattern[str]:
    """A pattern whose spaces match any whitespace (a line break may stand between words)."""
    return re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)


_BACKGROUND_PROBLEM = _spaced(
    _PROBLEM_WORDS.pattern
    # "Talet på eldre med samansette behov aukar", "Sjukefråværet har auka": a growing need or
    # burden (not every rise: "bruken av videokonsultasjonar aukar" is no problem)
    + r"|\b(?:talet|tallet|antallet|antall|andelen|behov\w*|etterspurnad\w*|etterspørsel\w*|"
    + r"press\w*|"
    + _BAD_THINGS
    + r")\b[^.;]{0,80}?\b(?:aukar|øker|har auka|har økt|vil auke|vil øke|"
    + r"vil (?:nesten )?dobl\w*|veks|vokser)\b"
    # "Talet på tannlegar har gått ned": a falling supply (not "ventetida har gått ned")
    + r"|\b(?:talet|tallet|antallet|antall|kapasitet\w*|bemanning\w*|tilgang\w*|dekning\w*|"
    + r"rekruttering\w*|søkjartal\w*|søkertall\w*)\b(?:(?!"
    + _BAD_THINGS
    + r")[^.;]){0,80}?\b(?:"
    + _FALL
    + r")\b"
    + r"|(?<!\w)(?:ubesatt\w*|ledige stillingar|ledige stillinger|vanskeleg å|vanskelig å|"
    + r"ikkje nok|ikke nok|mangel|mangl\w*|"
    + r"lange? (?:veg|vei|reiseveg|reisevei|reisetid)\b|langt (?:å reise|til)\b)"
)
# "Ventetida har gått ned til 40 dagar", "Målet er nådd": good news, whatever else it names
_GOOD_NEWS = _spaced(
    r"\b(?:"
    + _BAD_THINGS
    + r")\b[^.;]{0,80}?\b(?:"
    + _FALL
    + r")\b"
    + r"|\b(?:er nådd|innanfor målet|innenfor målet|betre enn målet|bedre enn målet)\b"
)
# A heading that is only the word for a kind ("Utfordringar", "Tiltak", "Våre mål",
# "Innsatsområder", "Mål og tiltak") names no topic: it never becomes a theme itself.
_KIND_WORD_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?"
    # "Hva er utfordringen?", "Kva er utfordringane?", "Dette er utfordringene": a question or a
    # presentation that only names the kind
    r"(?:(?:hva|kva|dette|her|slik)\s+er\s+(?:den\s+|dei\s+|de\s+)?)?"
    r"(?:(?:våre|vår|vårt|dei|de|dagens|sentrale|viktige|viktigaste|"
    r"viktigste|store|største|aktuelle|strategiske|overordna|overordnede|overordnete|prioriterte|"
    r"nye|hovud|hoved)\s*)*"
    r"(?:status og )?(?:utfordring(?:ar|er|ane|ene|en|a)?|utfordringsbilete\w*|utfordringsbilde\w*|"
    r"hovudutfordring\w*|hovedutfordring\w*|problem(?:et|a|ene|ane|er|ar)?|tiltak(?:a|ene)?|"
    r"mål(?:a|ene|ane)?|hovudmål\w*|hovedmål\w*|delmål\w*|styringsmål\w*|oppdrag(?:a|ene|ane)?|"
    r"oppg[aå]ve(?:r|ne|ane)?|innsatsområd\w*|satsingsområd\w*|"
    r"fokusområd\w*|temaområd\w*|tema|handlingsplan|tiltaksplan|"
    r"(?:hoved|hovud)?funn(?:ene|a)?|(?:dette|hva|kva)\s+(?:fant|fann)\s+vi|"
    r"(?:dette|det)\s+(?:vi\s+)?må\s+(?:vi\s+)?(?:løse|løyse)|"
    r"(?:hva|kva)\s+må\s+(?:vi\s+)?(?:løse|løyse|løses|løysast))"
    r"(?:\s+(?:og|,|/)\s*(?:utfordring\w*|tiltak\w*|mål\w*|innsatsområd\w*|tema))*\s*[:?]?$"
    # the same in English ("Challenges", "Goals and indicators", "Actions")
    r"|^(?:\d+(?:\.\d+)*\.?\s+)?(?:challenges?|goals?|objectives?|targets?|actions?|measures|"
    r"initiatives?|action\s+plan)(?:\s+(?:and|&)\s+(?:indicators?|targets?|kpis?|actions?|"
    r"measures))?\s*:?$",
    re.IGNORECASE,
)
# A sentence that only announces the challenges that follow ("Føretaket står overfor fleire
# utfordringar.", "Dei viktigaste utfordringane er desse:").
_CHALLENGE_LEAD_IN = re.compile(
    r"\b(?:står|stend|stå) (?:overfor|framfor|foran|ovanfor)\b"
    r"|\bfølg(?:ende|jande)\b|\bnedanfor\b|\bnedenfor\b|\bunder(?:e)?\s*:"
    # "dette er de viktigste utfordringene" (plural: "Den største utfordringen er at ..." is one)
    r"|\b(?:de|dei)\s+(?:viktigste|viktigaste|største|størst[ea])\s+utfordring(?:ene|ane)\b"
    r"|\b(?:fleire|flere|mange|nokre|noen|store|viktige|sentrale|desse|disse|to|tre|fire|fem|seks)"
    r"\s+(?:\w+\s+)?(?:(?:hov[eu]d)?utfordring\w*|utviklingstrekk\w*)"
    r"|\butfordring\w*\s+(?:er|blir|vert)(?:\s+(?:særleg|særlig|blant anna|mellom anna|desse|"
    r"disse))?\s*[:.]?$",
    re.IGNORECASE,
)
# "Numrene brukes i tiltaksplanen i kapittel 5.", "Sjå vedlegg 2 for tala.": a sentence that
# points to another part of the document (by its number) says how to read it, no item; in a
# list's lead-in the sentence before it is the one that introduces the list
_POINTER_SENTENCE = re.compile(
    r"\b(?:i|under|se|sjå|jf\.?|jamfør|viser til)\s+(?:kapittel|kapitlet|kap\.|kapittel|"
    r"avsnitt|delkapittel|vedlegg|tabell|punkt)\s+\d",
    re.IGNORECASE,
)
# A sentence that refers back to the one before cannot stand as an item of its own.
_ANAPHORIC_START = re.compile(
    r"^(?:det (?:betyr|inneber|innebærer|gjer|gjør|fører|medfører|vil seie|vil si|gir|gjev)\b|"
    # "Det er særleg pasientar med ... som ventar lenge.", "Ein viktig grunn er at ...": a
    # sentence that narrows or explains the one before
    r"det er (?:særleg|særlig|spesielt|først og fremst|fyrst og fremst)\b|"
    r"(?:ein|en|den) (?:viktig|viktigaste|viktigste|annan|annen|hovud|hoved)\s*(?:grunn|årsak)\b|"
    r"dette|desse|disse|(?:dei|de)(?!\s+(?:fleste|færraste|færreste|siste|største|aller))|slik|dermed|derfor|difor|her)\b",
    re.IGNORECASE,
)
# "Framskrivingane viser at gapet vil auke ...": evidence for the sentence before, not a
# challenge of its own
_EVIDENCE_START = re.compile(
    r"^(?:framskriving\w*|fremskriving\w*|tal|tala|tall|tallene|analys\w*|erfaring\w*|"
    r"evaluering\w*|undersøking\w*|undersøkels\w*|kartlegging\w*|forsking\w*|forskning\w*|"
    r"prognos\w*|statistikk\w*)\b[^.]{0,60}?\b(?:viser|syner|tyder på|peiker på|peker på)\b",
    re.IGNORECASE,
)
# "Rapportering: ...", "Ansvar: ...", "Status: ...": a labelled field of a section, not its prose
_FIELD_LABEL = re.compile(r"^[A-ZÆØÅ][\wæøå-]{2,24}(?:\s+[\wæøå-]+)?\s*:\s+\S")
# A paragraph that opens by adding to the one before: "I tillegg til ...", "Dessutan ...",
# "Likevel ...", "Men ...": it continues that paragraph's item
_CONTINUES = re.compile(r"^(?:i tillegg\b|dessutan\b|dessuten\b|likevel\b|men\b)", re.IGNORECASE)
# A sentence that points to a figure, a table or a source is context, not an item.
_REFERENCE_SENTENCE = re.compile(
    r"(?:figur|tabell|diagram|kjelde|kilde|sjå|se)\b\s*\d*\s*(?::|viser|syner|under|nedanfor|"
    r"nedenfor|ovanfor|ovenfor|kapittel|kap\.|vedlegg)",
    re.IGNORECASE,
)
# Words that make a sentence read as a challenge: a problem, a lack, a change or a pressure.
_CHALLENGE_WORDING = re.compile(
    _PROBLEM_WORDS.pattern
    + r"|"
    + _CHALLENGE.pattern
    + r"|(?<!\w)(?:auk|øk|vaks|vekst|veks|fleire|flere|færre|eldre|aldr|nedgang|reduser|"
    r"variasjon|press|lang|lange|lengre|høg|høy|låg|lav|svak|uklar|ulik|forsein|forsink|"
    r"vanskeleg|vanskelig|krev|belast|overbeleg|korridor|fristbrot|fristbrudd|ledig|turnover|"
    r"slutt|stopp|avvik|skad|feil|sårbar|ikkje|ikke|ingen|uten|utan|underskot|underskudd|"
    r"etterslep|\w*behov|kostnad|dyr|avbry|fråfall|frafall|fell ut|faller ut)\w*",
    re.IGNORECASE,
)
_MODAL = re.compile(r"\b(?:skal|vil|må|bør)\b", re.IGNORECASE)
_BOX_DUPLICATE_NORMALISE = re.compile(r"[\W_]+", re.UNICODE)
# Words only one written form uses (both forms share most words, such as "skal" or "behandling").
_NN_WORDS = set(
    [
        "ikkje",
        "eit",
        "dei",
        "frå",
        "korleis",
        "kva",
        "vere",
        "berre",
        "òg",
        "mogleg",
        "ein",
        "sjukehus",
        "sjukehusa",
        "heile",
        "saman",
        "difor",
        "tenester",
        "tenesta",
        "tenestene",
        "medarbeidarar",
        "pasientane",
        "kommunane",
        "vidare",
        "innanfor",
        "fleire",
        "nokre",
        "nokon",
        "mykje",
        "kvar",
        "høgt",
        "føretak",
        "føretaka",
        "helseføretaka",
        "tilsette",
        "auke",
        "sjukdom",
        "sjukdommar",
        "desse",
        "utan",
        "gjere",
        "hjå",
        "vert",
        "verte",
        "vore",
        "ynskje",
        "særleg",
        "heilt",
        "pårørande",
        "arbeidsplassar",
    ]
)
_NB_WORDS = set(
    [
        "ikke",
        "et",
        "de",
        "fra",
        "hvordan",
        "hva",
        "være",
        "bare",
        "også",
        "mulig",
        "en",
        "sykehus",
        "sykehusene",
        "hele",
        "sammen",
        "tjenester",
        "tjenesten",
        "tjenestene",
        "medarbeidere",
        "pasientene",
        "kommunene",
        "videre",
        "innenfor",
        "flere",
        "noen",
        "mye",
        "hver",
        "høyt",
        "foretak",
        "foretakene",
        "helseforetakene",
        "ansatte",
        "øke",
        "sykdom",
        "sykdommer",
        "disse",
        "uten",
        "gjøre",
        "hos",
        "ble",
        "blitt",
        "særlig",
        "helt",
        "pårørende",
        "arbeidsplasser",
    ]
)
_NN_ONLY = _NN_WORDS - _NB_WORDS
_NB_ONLY = _NB_WORDS - _NN_WORDS


def detect_language(text: str) -> str:
    """``nn`` or ``nb``, by counting words only one of the two written forms uses."""
    words = re.findall(r"\w+", text.lower())
    nn = sum(1 for w in words if w in _NN_ONLY)
    nb = sum(1 for w in words if w in _NB_ONLY)
    return "nn" if nn > nb else "nb"


def slugify(text: str, max_words: int = 8) -> str:
    """ASCII slug: æ->ae, ø->o, å->a, lower case, words joined by '-'."""
    value = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    value = re.sub(r"[\u2010-\u2015/]", " ", value)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", value)[:max_words]
    return "-".join(words) or "x"


# "Slik når vi målet:" introduces what is done to reach a goal: measures, like "slik gjør vi det".
# "Talet på tvangsinnleggingar ligg over landsgjennomsnittet": worse than the country's average
_ABOVE_AVERAGE = re.compile(
    r"\b(?:ligg|ligger|er|var)\s+(?:\w+\s+){0,2}?(?:over|under)\s+(?:lands|landet|gjennomsnitt)\w*",
    re.IGNORECASE,
)
# "Fleire eldre, færre hender.", "Gamle bygg.": a title of a few words with no verb, opening a
# paragraph (bold in the source, which the text loses)
_TITLE_SENTENCE = re.compile(
    r"^(?!(?:vi|me|det|dette|den|dei|de|han|ho|hun|her|der)\b)"
    r"(?!.*\b(?:er|var|har|hadde|blir|vert|vart|kan|skal|vil|må|bør|gjer|gjør|får|går|står|"
    r"stend|ligg|ligger|finst|finnes|aukar|øker|minkar|minker|fell|faller)\b)"
    r"[A-ZÆØÅ][^.!?:;]{2,45}\.$",
    re.IGNORECASE,
)
# "Prosjektgruppen ser to hovedutfordringer", "to forhold som bekymrer": problems counted
_COUNTED_PROBLEMS = re.compile(
    r"\b(?:to|tre|fire|fem|fleire|flere|nokre|noen)\s+(?:\w+\s+)?(?:(?:hov[eu]d)?utfordring\w*|"
    r"problem\w*|risiko\w*|forhold\s+som\s+(?:bekymrer|uroar|uroer|er\s+krevende|er\s+krevjande))",
    re.IGNORECASE,
)
# "Det første er at ...", "For det andre ...", "Den tredje er ...": a sentence in a counted order
_ORDINAL_START = re.compile(
    r"^(?:for\s+)?(?:det|den)\s+(?:første|fyrste|andre|tredje|fjerde|femte|siste)\b", re.IGNORECASE
)
# "Tilbodet er i hovudsak godt utbygd", "poliklinikkane har fått fleire stillingar": a sentence
# that praises the present or reports capacity added is background, not a challenge
_PRAISE = re.compile(
    r"\b(?:er|vert|blir)\s+(?:i hovudsak\s+|i hovedsak\s+|stort sett\s+|gjennomgåande\s+|"
    r"gjennomgående\s+)?(?:godt|god|gode)\s+(?:utbygd\w*|utbygg\w*|dekt|dekket|etablert\w*)\b"
    r"|\bfungere[rs]?\s+godt\b|\bfungerar\s+godt\b"
    r"|\b(?:har|gir|gjev|leverer|held|holder)\s+(?:svært\s+|jamt\s+|gjennomgåande\s+|"
    r"gjennomgående\s+)?(?:god|gode|høg|høy)\s+(?:kvalitet|resultat\w*)\b"
    r"|\bhar\s+fått\s+(?:fleire|flere|nye|auka|økte)\s+(?:stillingar|stillinger|ressursar|"
    r"ressurser|midlar|midler)\b",
    re.IGNORECASE,
)
# "Vurdering: ...", "Foretakets vurdering: ...": an assessment of a result, under a goal
_ASSESSMENT_LINE = re.compile(
    r"^(?:(?:foretakets|føretakets|vår|vår samla|samla|samlet)\s+)?(?:vurdering|kommentar|"
    r"måloppnåing|måloppnåelse)\s*:\s*\S",
    re.IGNORECASE,
)
# "Dette vil vi oppnå: Pasientane skal ...", "Ønsket tilstand: ...": a bold lead-in that states
# the goal of a section
_GOAL_LEAD_LINE = re.compile(
    r"^(?:(?:dette|det)\s+(?:vil|skal|ønsker|ønskjer)\s+vi\s+(?:å\s+)?(?:oppnå|nå|få til)|"
    # "Målet vårt: ...", "Vårt mål: ...", "Måla våre: ..." (a bold label on a web page)
    r"(?:målet|målsetjinga|målsettingen)\s+(?:vårt|vår)|(?:vårt|vårt\s+viktigaste|vårt\s+viktigste)\s+mål|"
    r"(?:ønsket|ønskt|ønska)\s+(?:tilstand|situasjon|framtid|fremtid)(?:\s+i\s+\d{4})?)"
    r"\s*:\s*(?P<text>\S.+)$",
    re.IGNORECASE | re.DOTALL,
)
# "Grep 2: Samla tilbod for rus og psykisk helse", "Satsingsområde 1: ..." as a line of body
# text (not styled as a heading): names one area, a heading over what follows
_AREA_LINE = re.compile(
    r"^(?:(?:strategisk|strategiske)\s+)?(?:grep|innsatsområde|satsingsområde|fokusområde|"
    r"hovudområde|hovedområde)\s*\d{1,2}\s*[:.–-]\s*(?P<text>\S[^.!?]{2,80})$",
    re.IGNORECASE,
)
# "Helse Nordvest RHF satte tre mål for foretaket i 2025.", "Foretaket fikk fire oppdrag ...":
# a sentence that counts the items of its section introduces them, it is none of them
_COUNTS_ITEMS = re.compile(
    r"\b(?:satte|sette|fikk|fekk|har|hadde|gav|ga|gjev|gir|ta|tek|tar)\s+(?:\w+\s+){0,2}?"
    r"(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti)\s+(?:\w+\s+)?(?:mål|hovedmål|hovudmål|"
    r"styringsmål|oppdrag|tiltak|oppgaver|oppgåver|grep|satsingar|satsinger)\b",
    re.IGNORECASE,
)
# A table column of indicators ("Styringsparameter | Mål 2025 | 2024 | 2025 | Status"): rows
# that measure a goal, not goals or measures themselves
_INDICATOR_HINT = re.compile(
    r"^(?:styringsparameter\w*|\w*indikator\w*|parameter\w*|måleparameter\w*)$", re.IGNORECASE
)
# "Kvifor må vi endre oss?", "Hvorfor trenger vi en ny strategi?": a heading that asks why the
# plan is needed is over what is wrong (its challenges)
# "Kvifor?", "Hvorfor?": a card's label over why its area needs work
# "Vi vil", "Me vil", "Vi ønsker": a bare label a spread's left column opens with, its bullets
# completing the sentence in lower case ("ha ...", "at ...", "redusere ..."): what is wanted
_WANT_LABEL = re.compile(r"^(?:vi|me)\s+(?:vil|ønsker|ønskjer)\s*:?$", re.IGNORECASE)
# "Hvorfor er dette viktig?", "Kvifor er dette viktig?", "Hvorfor er det nødvendig?": a line
# of its own over an area's opening paragraph, which tells the problem the area answers
_WHY_LABEL = re.compile(
    r"^(?:hvorfor|kvifor)\s+(?:er|trengs|trengst|treng\s+vi|trenger\s+vi)\s+"
    r"(?:(?:dette|det|området|satsinga|satsingen|innsatsen)\s+)?"
    r"(?:viktig|nødvendig|naudsynt|dette|det)?\s*\?$",
    re.IGNORECASE,
)
_BARE_WHY = re.compile(r"^(?:kvifor|hvorfor)\s*\?$", re.IGNORECASE)
# "hva som kan hindre at målene nås", "kva som kan true måloppnåinga", "risikoer for at
# målene ikke nås": a lead-in over what stands in the goals' way
_HINDRANCE_LEAD = re.compile(
    r"\b(?:hindre|hindrar|hindrer|true|trua|truer|trugar|stå i vegen for|stå i veien for)\s+"
    r"(?:at\s+)?(?:\w+\s+){0,2}?(?:mål\w*|måloppnå\w*)"
    r"|\brisiko\w*\s+for\s+at\s+(?:\w+\s+){0,2}?mål\w*\s+ikk(?:e|je)\b",
    re.IGNORECASE,
)
# "2.1", "M3", "1, 2", "2.1 og 2.2": a cell that only gives the numbers of items
_NUMBER_REFERENCE = re.compile(
    r"^[A-ZÆØÅ]{0,2}\d{1,3}(?:\.\d{1,3})*"
    r"(?:\s*(?:,|;|/|&|og)\s*[A-ZÆØÅ]{0,2}\d{1,3}(?:\.\d{1,3})*)*$"
)
# A sentence that states what is wrong in an area's opening paragraph: a problem word, or
# people who do not get or know what they should ("får ikkje tilbod", "kjenner ofte ikkje"),
# or who must travel far
_UNMET = re.compile(
    r"\budek(?:k?te|ka|ket|kede)\s+(?:\w+\s+)?(?:\w*behov|\w*hjelp)\b"
    r"|\b(?:fell|faller|fall|falt)\s+mellom\b"
    r"|\b(?:er|blir|vert|var)\s+(?:\w+\s+)?usikre?\s+på\b"
    r"|\b(?:berre|bare|kun)\s+(?:om\s+lag\s+|omtrent\s+|rundt\s+|cirka\s+|ca\.\s+)?"
    r"(?:halvparten|ein\s+av\s+\w+|en\s+av\s+\w+|ein\s+tredel|en\s+tredjedel|"
    r"\d+\s*(?:prosent|%))"
    r"|\b(?:får|fekk|fikk|blir|vert)\s+(?:\w+\s+)?(?:sjeldan|sjelden)\b"
    r"|\bhø[gy]\s+(?:førekomst|forekomst)\b"
    # "har få muligheter til fagutvikling", "blir henvist ... selv om de kunne fått hjelp ..."
    r"|\bhar\s+(?:\w+\s+)?(?:få|lite|liten|små)\s+(?:muligheter|moglegheiter|mulighet|moglegheit|"
    r"ressurser|ressursar)\b"
    r"|\b(?:selv|sjølv)\s+om\s+\w+\s+kunne\s+(?:fått|ha\s+fått|vore|vært|blitt)\b"
    # "ventar for lenge", "har ikkje gått ned": a wait too long, a figure that should fall
    r"|\b(?:ventar|venter|venta|ventet|tek|tar)\s+(?:\w+\s+)?for\s+(?:lenge|lengje|lang\s+tid)\b"
    r"|\bhar\s+ikk(?:e|je)\s+(?:gått\s+(?:ned|tilbake)|blitt\s+(?:betre|bedre|mindre|lågare|lavere)|"
    r"betra\s+seg|bedret\s+seg)\b",
    re.IGNORECASE,
)
_SITUATION_PROBLEM = re.compile(
    _PROBLEM_WORDS.pattern + r"|\b(?:får|fekk|fikk)\s+ikk(?:e|je)\b|\bofte\s+ikk(?:e|je)\b"
    r"|\blangt\s+(?:frå|fra)\b.{0,60}\bmå\s+reise\b"
    # "Antallet organdonasjoner har gått ned de siste tre årene", "men få får vurdering",
    # "Oppfølginga etter utskriving er ofte tilfeldig": a decline, too few served, haphazard
    # care, said of the area before its goals (an assignment letter's or a plan's opening)
    r"|\bhar\s+(?:gått\s+(?:ned|tilbake)|falle|falt|sokke|sunke[nt]?)\b"
    r"|\bfå\s+(?:får|fekk|fikk|blir|vert)\b|\b(?:er|blir|vert)\s+(?:ofte\s+)?tilfeldig\w*"
    # unmet needs, people who fall between services, staff unsure of what they may do, only a
    # share served: "har ofte udekte helsebehov", "fell mellom barnevernet og BUP", "er usikre
    # på kva dei kan dele", "berre om lag halvparten får ...", "får sjeldan vite"
    r"|" + _UNMET.pattern,
    re.IGNORECASE,
)
# What is lacking or wrong, said of an area's present state: "har ingen skjermet plass", "ikke
# kan dempes", "uten felles retningslinjer", "kommer aldri", "klager på støy"
_STATE_LACKING = re.compile(
    r"\b(?:ikke|ikkje|ingen|inga|aldri|uten|utan)\b|\bklag(?:er|ar|e)\b|\bnakne?\b",
    re.IGNORECASE,
)
# A norm or a recommendation quoted as context: "Nasjonale faglige råd anbefaler at ...",
# "Retningslinja tilrår ...", or what shall or should be ("skal", "bør")
_NORM_SENTENCE = re.compile(
    r"\b(?:anbefal\w*|tilrå\w*|skal|bør|krav\w*|må)\b",
    re.IGNORECASE,
)
# "... vet ikke hvem de skal ringe", "... veit ikkje kva dei må gjere": a modal inside a
# question the sentence reports, no norm
_REPORTED_QUESTION = re.compile(
    r"\b(?:hvem|hva|hvor|hvordan|kven|kva|kor|korleis|når)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)


def _states_norm(sentence: str) -> bool:
    """Whether a sentence states a norm ("... anbefaler at ...", "Alle skal ..."), not counting
    a modal inside a reported question ("vet ikke hvem de skal ringe")."""
    return any(
        not (
            m.group(0).lower() in ("skal", "bør", "må")
            and _REPORTED_QUESTION.search(sentence[: m.start()])
        )
        for m in _NORM_SENTENCE.finditer(sentence)
    )


_WHY_CHANGE_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:kvifor|hvorfor)\s+(?:må|trenger|treng|skal)\s+vi\s+"
    r"(?:endre\s+oss|endre|endring|omstille\s+oss|ein\s+ny|en\s+ny|ny)\b[^?]*\?$"
    r"|^(?:\d+(?:\.\d+)*\.?\s+)?(?:kvifor|hvorfor)\s+(?:endring|omstilling)\s*\??$"
    # "Kvifor?" alone over a card's text (a web page's <dt>): why the area needs work
    r"|^(?:kvifor|hvorfor)\s*\?$",
    re.IGNORECASE,
)
_HOW_WE_REACH = re.compile(
    r"\bslik (?:når|skal|vil|kan) vi (?:nå |oppnå )?(?:målet|måla|målene|måla våre|målene våre)\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------- cues of further genres
# (board papers, risk analyses, agreements between a trust and its municipalities, work plans,
# follow-up plans after a supervisory audit, sub-strategies with numbered sub-headings)

# "Mål for oppfølgingen", "Målet med arbeidet": goals of the work the heading names, though that
# work is a measure word ("oppfølging", "tiltak")
_GOAL_OF_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:hovud|hoved|del)?mål(?:et|a|ene|ane)?\s+(?:for|med)\s+(?!å\b)\S",
    re.IGNORECASE,
)
# "Avvik 1", "Avvik 2: ...", "Merknad", "Lovbrudd": a heading that names a finding of a
# supervisory audit (tilsyn) or internal audit; the finding itself is a challenge
_FINDING_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?P<word>avvik|merknad|lovbrot|lovbrudd|observasjon|funn)"
    r"(?:\s*(?:nr\.?\s*)?\d{1,2})?\s*(?:[:.–-]\s*(?P<text>\S.{10,}))?$",
    re.IGNORECASE | re.DOTALL,
)
# Words of such an audit, for the findings that are no deviation ("Merknad", "Observasjon")
_AUDIT_CONTEXT = re.compile(r"\b(?:tilsyn\w*|revisjon\w*|internrevisjon\w*)\b", re.IGNORECASE)
# "Mål-ID", "Mål-ID-ar", "Mål nr.", "Delmål-nr": a column of the IDs of goals (or challenges):
# in a table of those items their own IDs, in a table of measures a reference to them
_ID_COLUMN = re.compile(
    r"^(?:(?:hovud|hoved|del|effekt|resultat)?mål|utfordring|risiko)\w*[\s-]*"
    r"(?:id(?:-?ar|-?er|-?ane|-?ene)?|nr\.?|nummer|nummer\w*|ref\.?|referanse)$",
    re.IGNORECASE,
)
# "M1", "M1, M2", "DM-2.1", "U3 og U4": a cell of short IDs, no text of an item
_ID_VALUES = re.compile(
    r"^[A-ZÆØÅ]{1,3}[-.]?\d{1,3}(?:\.\d{1,2})?"
    r"(?:\s*(?:,|;|/|&|\bog\b)\s*[A-ZÆØÅ]{1,3}[-.]?\d{1,3}(?:\.\d{1,2})?)*$"
)
# "Tiltak 1–3", "Tiltak 1 og 2", "tiltak 4": a cell that refers to numbered measures told above
# "Forslag til løysing", "Løsningsforslag", "Tilråding": a register's column of what is proposed
# for the problem in its row (one with "tiltak" in it is read by its kind word)
_PROPOSAL_COLUMN = re.compile(
    r"^(?:(?:foreslått|foreslåtte|forslag\s+til)\s+(?:løsning|løysing|forbedring|forbetring)\w*|"
    r"forslag|løsningsforslag|løysingsforslag|tilråding\w*|anbefaling\w*)$",
    re.IGNORECASE,
)
# "Sjå nr. 9", "Se punkt 3", "Jf. rad 4", "Same som over", "-": a cell that points to another
# row or says nothing, no item of its own
_CROSS_REFERENCE_CELL = re.compile(
    r"^(?:[-–—x?]+|(?:ikkje|ikke)\s+avklart|uavklart|"
    r"(?:sjå|se|sj\.|jf\.?|jfr\.?|viser til|same som|samme som|som)(?:\s+(?:også|og))?\s+"
    r"(?:nr\.?|punkt|pkt\.?|rad|linje|tiltak|innspel|innspill|over|ovanfor|ovenfor|under|"
    r"nedanfor|nedenfor)(?:[\s\d.,]|og)*)$",
    re.IGNORECASE,
)
_MEASURE_REFERENCE = re.compile(
    r"^(?:tiltak|oppgåve|oppgave|grep|punkt)\s*(?:nr\.?\s*)?\d{1,2}"
    r"(?:\s*(?:[-–,+]|og|til)\s*\d{1,2})*\.?$",
    re.IGNORECASE,
)
# Section names of board papers and assessments that name no topic: "Vurdering", "Drøfting",
# "Administrerende direktørs vurdering", "Vurdering og anbefalinger", and the register of a risk
# analysis ("Risikoregister", "ROS-analyse")
_NO_TOPIC_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:administrerende\s+direktørs?|adm\.?\s+direktørs?|"
    r"direktørens|saksbehandlers|sakshandsamars?|arbeidsgruppas|arbeidsgruppens|samla|samlet)\s+)?"
    r"(?:vurdering(?:ar|er)?|drøfting|konklusjon(?:ar|er)?|anbefaling(?:ar|er)?|tilråding(?:ar)?|"
    r"oppsummering|risikoregister|risikovurdering(?:ar|er)?|risikoanalyse|ros-analyse|"
    r"risiko- og sårbarheitsanalyse|risiko- og sårbarhetsanalyse)"
    r"(?:\s+og\s+(?:vurdering(?:ar|er)?|anbefaling(?:ar|er)?|tilråding(?:ar)?|konklusjon(?:ar|er)?|"
    r"drøfting))?\s*:?$"
    # "Funn, vurderingar og tilrådingar", "Funn og anbefalinger": an audit's chapter that only
    # names the parts of its findings
    r"|^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:hovud|hoved)?funn(?:ene|a)?)(?:\s*(?:,|og)\s*"
    r"(?:vurdering(?:ar|er)?|anbefaling(?:ar|er)?|tilråding(?:ar)?|konklusjon(?:ar|er)?))+\s*:?$",
    re.IGNORECASE,
)
# "Den største sårbarheten er at ...", "Det største problemet er at ...", "Hovudrisikoen er at":
# the weakness an assessment singles out
_WEAKNESS_SENTENCE = re.compile(
    r"\b(?:(?:den|det)\s+)?(?:største|viktigaste|viktigste|alvorlegaste|alvorligste|hovud|hoved)\s*"
    r"(?:sårbarhe\w+|svakhe\w+|problem(?:et)?|risiko(?:en)?|truslen|trusselen|trugsmålet)\s+"
    r"(?:er|var|ligg i|ligger i)\b",
    re.IGNORECASE,
)
# In a status note (whose purpose is to describe unresolved challenges) a sentence under a topic
# heading that judges something wanting: "Det er for lang ventetid i akuttmottaket om kvelden.",
# "Mange legestillinger i distriktet står ubesatt.", "Kapasiteten er ikke god nok." Evaluative
# words only: a bare topic noun (ventetid, risiko) says nothing about whether it is a problem.
_STATUS_PROBLEM = re.compile(
    # ("for mange" and "for store" are left out: "for mange år", "for store deler av ...")
    r"\bfor\s+(?:lang|lange|langt|lenge|høy|høg|høye|høge|høgt|høyt|lav|låg|lave|låge|lavt|lågt|få|"
    r"lite|mykje|mye|sein|sen|sene|seine|sent|seint|tidleg|tidlig|små)\b"
    r"|\b(?:mangl\w*|mangel\w*)\b"
    r"|\bikk(?:e|je)\s+(?:er\s+|blir\s+|vert\s+)?(?:god|gode|godt|tilstrekkel\w*|tilpass\w*|"
    r"dimensjonert|godt nok)\b"
    r"|\butilstrekkel\w*|\bsvikt\w*|\bsårbar\w*|\bubesat\w*|\bubesette\b"
    r"|\b(?:økende|aukande|økt|auka|stort|stor)\s+press\b"
    r"|\b(?:vanskelig|vanskeleg|krevende|krevjande)\b"
    r"|\b(?:fristbrudd|fristbrot|korridorpasient|overbelegg|flaskehals)\w*"
    r"|\buønsk\w*\s+(?:variasjon|hendels|hending)\w*",
    re.IGNORECASE,
)
# "Arbeidsgruppen anbefaler i tillegg å lære opp ...", "Vi tilrår å ...": a recommended action
_RECOMMENDS = re.compile(
    r"^(?:[A-ZÆØÅ][\w-]*(?:\s+[\w-]+){0,3})\s+(?:anbefaler|anbefalar|tilrår)\s+"
    r"(?:(?:i tillegg|også|òg|derfor|difor|vidare|videre|sterkt)\s+)*(?:å\s+[a-zæøå]+"
    # "Internrevisjonen tilrår at føretaket koplar ...": who is to act, then the action
    r"|at\s+(?:[\w-]+\s+){1,3}?(?:[a-zæøå]+(?:er|ar|r))\b)",
)
# A slide's sub-heading as a question: "Hva ser vi?", "Kva gjer vi?"
_SLIDE_QUESTION = re.compile(r"^(?:hva|kva)\s+(?:ser|gjør|gjer)\s+vi\s*\?$", re.IGNORECASE)
# Minutes: "Protokoll frå føretaksmøte ...", "Møteprotokoll", "Protokoll fra styremøte"
_MINUTES = re.compile(
    r"\b(?:protokoll|møteprotokoll|møtebok)\b[^.\n]{0,60}\b(?:føretaksmøte|foretaksmøte|"
    r"styremøte|styret|representantskap|generalforsamling|eigarmøte|eiermøte|møte)\w*"
    r"|\b(?:føretaksmøte|foretaksmøte|styremøte)\w*\s*[-–:]?\s*protokoll\b",
    re.IGNORECASE,
)
# "Styret tek meldinga til orientering", "Føretaksmøtet tok saka til orientering": procedural
_NOTED_ONLY = re.compile(
    r"\b(?:tek|tar|tok|teke|tatt|tekne)\b[^.;]{0,160}?\btil\s+(?:orientering|etterretning)\b",
    re.IGNORECASE,
)
# "Føretaksmøtet viste til oppdragsdokumentet ...", "Vi viser til brev av ...": a pointer to
# another paper (not "viste til at ...", which states something)
_REFERS_TO = re.compile(
    r"^(?:[Vv]i|[A-ZÆØÅ][\w-]*(?:\s+[\w()-]+){0,4})\s+(?:viste|viser|vises)\s+til\s+(?!at\b)"
)
# "Les meir om ... på intranettet", "Les mer om velferdsteknologi", "Sjå også ...": a pointer
_POINTER_LINE = re.compile(r"^(?:les|sjå|se)\s+(?:meir|mer|også|òg)\b", re.IGNORECASE)
# "Føretaksmøtet ber Helse Vest HF opprette ...", "Styret ber administrasjonen om å ...": a
# decision that asks someone to act
_ASKS = re.compile(
    r"^[A-ZÆØÅ][\w-]*(?:\s+[\w()-]+){0,3}\s+ber\s+(?:om\s+at\s+)?(?:[A-ZÆØÅ]|"
    r"(?:styret|administrasjonen|direktøren|helseføretak\w*|helseforetak\w*|kommun\w+|"
    r"klinikk\w*|avdeling\w*|foretak\w*|føretak\w*)\b)"
)
# "... skal vere under 35 dagar", "Det skal ikkje vere korridorpasientar", "... skal ha eit
# positivt resultat": a state to reach
_TARGET_STATE = re.compile(
    # (not "skal ha etablert/innført/utarbeidd/starta ...": a task with a deadline)
    r"\bskal\s+(?:(?:ikkje|ikke|aldri|alltid)\s+)?(?:vere|være|liggje|ligge|halde\s+seg|"
    r"holde\s+seg|ha(?!\s+\w+(?:ert|ført|et|dd|tt|gt|a)\b))\b",
    re.IGNORECASE,
)
# The cue words of an owner's requirements: "Oppdrag", "Styringskrav", "Krav"
_ASSIGNMENT_WORD = re.compile(r"(?:oppdrag|styringskrav|krav)", re.IGNORECASE)
# A heading over areas and what is done in each: "Innsatsområder og tiltak", "Satsingsområde og
# tiltak i utkastet", "Områder og tiltak"
_AREAS_AND_MEASURES = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:innsats|satsings|fokus|tema|hovud|hoved)?områd\w*\s+"
    r"(?:og|med)\s+(?P<m>tiltak\w*)\b",
    re.IGNORECASE,
)
# A consultation response: "Høringsuttalelse – ...", "Høyringsfråsegn frå ...", "Høringssvar"
_CONSULTATION = re.compile(
    r"\b(?:høringsuttalelse|høringsuttale|høringssvar|høringsinnspill|høyringsfråsegn|"
    r"høyringsuttale|høyringssvar|høyringsinnspel)\w*",
    re.IGNORECASE,
)
# Sections of general remarks in a consultation response: no items
_REMARKS_HEADING = re.compile(
    r"^(?:overordnede|overordna|generelle|andre|øvrige|avsluttende|avsluttande|"
    r"innledende|innleiande)\s+(?:merknader|merknadar|kommentarer|kommentarar|innspill|innspel)$",
    re.IGNORECASE,
)
# A remark on the draft as a text: its figures, chapters, tables, words
_ABOUT_THE_DRAFT = re.compile(
    r"\b(?:kapitl?\w*|kapittel\w*|figur\w*|tabell\w*|ordlist\w*|begrep\w*|"
    r"kildehenvisning\w*|kjeldetilvising\w*|side\s+\d+)",
    re.IGNORECASE,
)
# "Vi foreslår (videre) at ...", "Helse Nord HF foreslår å ...", "Vi tilrår at ...": a proposal
_PROPOSES = re.compile(
    r"^(?:[Vv]i|[A-ZÆØÅ][\w-]*(?:\s+[\w()-]+){0,4})\s+(?:foreslår|føreslår|anbefaler|"
    r"anbefalar|tilrår|gjer\s+framlegg\s+om)\s+(?:(?:derfor|difor|videre|vidare|også|òg|"
    r"i\s+tillegg|sterkt)\s+)*(?:at|å)\s"
)
# "Planen bør inneholde et mål om at ...", "... bør ha som mål at ...": a proposed goal
_PROPOSED_GOAL = re.compile(
    r"\b(?:bør|må)\s+(?:inneholde|innehalde|ha|få|ta\s+inn|omfatte)\s+(?:et|eit)\s+"
    r"(?:\w+\s+)?mål\s+(?:om|for)\b|\bbør\s+ha\s+som\s+mål\b",
    re.IGNORECASE,
)
# A paragraph of the paper's own furniture: "Vedlegg: ...", "Kopi til: ...", "Saksbehandler: ..."
_META_LINE = re.compile(
    r"^(?:vedlegg(?:\s+\d{1,2})?|trykte vedlegg|utrykte vedlegg|kopi til|saksbehandler|"
    r"sakshandsamar|arkivsak\w*|saksnummer|saksnr\.?|møtedato|utval(?:g)?|referanse|"
    # "Kjelde: årsrapportane ...", "Eigar: Fylkestannlegen", "Sist endra: 14.01.2027": the
    # source of figures and the facts of a document's header block
    r"kjelde|kjelder|kilde|kilder|eigar|eier|dokumenteigar|dokumenteier|versjon|revisjon|"
    r"sist\s+(?:endra|endret|oppdatert|revidert))\s*:\s*\S",
    re.IGNORECASE,
)
# "Kontakt: HR-direktør, kompetanse@...", "Spørsmål om planen kan rettast til ...": who to ask
# about the plan, no item of it
_CONTACT_LINE = re.compile(
    r"^(?:kontakt(?:person|personar|personer|informasjon)?|e-?post|telefon)\s*:\s*\S"
    r"|^(?:har du\s+)?spørsmål\b[^.]{0,80}?\b(?:kan|kan du)\s+(?:rettes|rettast|sendes|sendast)"
    r"\s+til\b",
    re.IGNORECASE,
)
# "Planen har tre innsatsområder.", "Strategien er delt inn i fire kapittel.", "Klikk på eit
# område for å sjå funn og tiltak.": a sentence about the plan (or the page) itself, how it is
# divided or how to read it
# "Arbeidsgruppen foreslår dette hovedmålet:", "Vi har sett oss eitt hovudmål:": a lead-in
# that announces one goal (singular, with a determiner), stated in the paragraph after it
_ONE_ITEM_LEAD = re.compile(
    r"\b(?:dette|denne|eitt|ett|følgende|følgjande|eit|et|dette\s+overordnede|dette\s+overordna)\s+"
    r"(?:\w+\s+)?(?:hovedmål(?:et)?|hovudmål(?:et)?|mål(?:et)?|overordna\s+mål(?:et)?|"
    r"samfunnsmål(?:et)?|effektmål(?:et)?)\s*:$",
    re.IGNORECASE,
)
# "Handlingsplanen for 2028 består av de nye tiltakene nedenfor og tiltak 2, 3 og 5 i
# tabell 1": what the plan is made of, with a pointer to where its items stand
_PLAN_MADE_OF = re.compile(
    r"^(?:denne\s+)?(?:\w*planen|\w*plana)(?:\s+for\s+\d{4})?\s+(?:består\s+av|omfattar|"
    r"omfatter|inneheld|inneholder)\b[^.]*\b(?:nedenfor|nedanfor|tabell\w*\s+\d|kapittel\s+\d)",
    re.IGNORECASE,
)
_ABOUT_THE_PLAN = re.compile(
    r"^(?:denne\s+|dette\s+)?(?:\w*planen|\w*plana|\w*strategien|dokumentet|sida|siden|"
    r"nettsida|nettsiden)\s+(?:har|består\s+av|er\s+delt\s+(?:inn\s+)?i|omfattar|omfatter|"
    r"inneheld|inneholder|tek\s+for\s+seg|tar\s+for\s+seg)\s+(?:to|tre|fire|fem|seks|sju|syv|"
    r"åtte|ni|ti|\d{1,2})\s+(?:\w+\s+)?(?:innsatsområd\w*|satsingsområd\w*|fokusområd\w*|"
    r"hovudområd\w*|hovedområd\w*|område\w*|tema\w*|kapit\w*|del(?:er|ar)?|mål\w*|"
    r"strategi\w*|grep)\s*[.:]?$"
    r"|^(?:klikk|trykk|vel|velg)\s+(?:på\s+)?(?:eit|et|ein|en|kvart|hvert)?\s*\w+\s+for\s+å\s+"
    r"(?:se|sjå|lese|lesa|få)\b"
    # "Tiltakene er gruppert i tre områder.", "Tiltaka er delte inn i fire tema.": how the
    # plan's items are arranged; "Kolonnen «Ansvar» viser ...": how to read its table
    r"|^(?:tiltak(?:ene|a)|måla|målene|utfordring(?:ane|ene)|grep(?:a|ene))\s+er\s+"
    r"(?:gruppert|grupperte|gruppera|delt|delte|ordnet|ordna|samlet|samla|sortert|sorterte)\s+"
    r"(?:inn\s+)?(?:i|under|etter)\s+(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|\d{1,2})\s+"
    r"(?:\w+\s+)?(?:innsatsområd\w*|satsingsområd\w*|område\w*|tema\w*|kapit\w*|del(?:er|ar)?|"
    r"grupper|grupp\w*|arbeidspakk\w*)\s*[.:]?$"
    r"|^(?:kolonnen|kolonna|kolonne)\s+(?:«[^»]{1,60}»\s+|\S+\s+)?(?:viser|syner|seier|sier|gir)\b"
    # "Handlingsplanen er utarbeidet av seksjonsleder sammen med ...", "Planen vart vedteken i
    # klinikkleiinga 3. mars": who wrote or adopted the plan, when
    r"|^(?:denne\s+|dette\s+)?(?:\w*planen|\w*plana|\w*strategien|dokumentet)\s+(?:er|ble|blei|"
    r"vart|vert|blir)\s+(?:\w+\s+)?(?:utarbeidet|utarbeidd|utarbeida|laget|laga|skrevet|skrive|"
    r"godkjent|godkjend|vedtatt|vedteke|vedteken|behandlet|handsama)\b"
    # what the plan is made of, with a pointer to where its items stand
    r"|"
    + _PLAN_MADE_OF.pattern
    # "Status for kvart tiltak står i saka det lenkjer til.": where the items are followed up
    # (an issue tracker, a case), no item
    + r"|^(?:status(?:en)?|framdrift(?:a)?|fremdrift(?:en)?)\s+(?:for|på|til)\s+(?:kvart|hvert|"
    r"kvar|hver|alle|dei|de)\s+\w+\s+(?:står|stend|finn\w*|ligg\w*|blir\s+følgd\w*|"
    r"blir\s+fulgt|vises|visast|er)\s+(?:i|på|under)\b",
    re.IGNORECASE,
)
# "Styret behandlet ... i sak 71/2025", "Kommunestyret vedtok i 2024 ...": what a board did
# before, told as the case's history: background, no problem
_CASE_HISTORY = re.compile(
    r"\b(?:i|jf\.?|sjå|se)\s+(?:styre|ps-?|fu-?)?sak\s+(?:nr\.?\s*)?\d{1,3}/\d{2,4}\b"
    r"|^(?:styret|kommunestyret|bystyret|utvalet|utvalget|direktøren|leiargruppa|ledergruppen)\s+"
    r"(?:behandlet|handsama|behandla|vedtok|vedtak|ba om|bad om|slutta seg|sluttet seg)\b",
    re.IGNORECASE,
)
# Wording of something wanting, beyond the problem words above: "er ofte ufullstendig",
# "ventar for lenge", "mistar tilbodet", "dårleg samhandling"
_DEFICIENT = re.compile(
    r"(?<!\w)(?:ufullstendig\w*|mangelfull\w*|dårleg\w*|dårlig\w*|for lenge\b|for lengje\b|"
    r"mist(?:ar|er)\b|fell mellom|faller mellom)",
    re.IGNORECASE,
)
# "Føremålet med avtalen er at pasientar ... skal få ...", "Formålet er at ...": the purpose
# stated as a state to be reached (not "Formålet med planen er å beskrive ...": what a document
# does); also "Målet med tiltakene er at ... skal ..."
_PURPOSE_GOAL = re.compile(
    r"^(?:hovud|hoved)?(?:føremålet|formålet|målet|hensikten|hensikta)(?:\s+(?:vårt|vår))?"
    r"(?:\s+med\s+[^.]{1,80}?)?\s+er\s+at\s+[^.]*?\b(?:skal|får|blir|vert)\b",
    re.IGNORECASE,
)
# "Partar", "Avtaleparter", "Partene": the parties of an agreement, named, no items
_PARTIES_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:avtale)?part(?:ar|er|ane|ene)(?:\s+i\s+avtalen)?$",
    re.IGNORECASE,
)
# "Strandvik kommune", "Helse Vestkyst HF (fiktiv)": an item that is only the name of an
# organisation (a party of an agreement, a member of a group)
_ORG_NAME_ITEM = re.compile(
    r"^(?:[A-ZÆØÅ][\w-]*\s+){1,4}(?:(?:universitets)?(?:sykehus|sjukehus)\s+)?"
    r"(?:kommune|fylkeskommune|HF|RHF|sykehus|sjukehus|"
    r"helseforetak|helseføretak|universitet|høgskole|høgskule)(?:\s*\([^)]{1,40}\))?\.?$"
)
# "Helseføretaket sitt ansvar", "Kommunens ansvar", "Felles ansvar", "Partane sine plikter":
# a heading over what one party (or all) shall do: duties, that is measures, and no topic
_DUTY_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:[\wæøå-]+\s+(?:sitt|sine|si|sin)|[\wæøå-]+s|felles|"
    r"gjensidig|gjensidige)\s+)(?:ansvar|plikter|plikter|pliktar|forpliktelser|forpliktingar|"
    r"oppgåver|oppgaver)(?:\s+og\s+(?:ansvar|plikter|pliktar|oppgåver|oppgaver))?$",
    re.IGNORECASE,
)
# "Uønsket hendelse", "Fare", "Sårbarhet": the column of a risk register that names what can go
# wrong, beside its measure
_RISK_COLUMN = re.compile(
    r"^(?:uønsk(?:et|te|a)\s+)?(?:hendelse|hending|hendingar|hendelser)$|^(?:fare|farar|farer|"
    r"trussel|trusler|truslar|sårbarhet|sårbarheit)$",
    re.IGNORECASE,
)
# "Avvik 1: Foretaket sikrer ikke ...", "Merknad: ...": a finding of an audit as a labelled line
_FINDING_LINE = re.compile(
    r"^(?P<word>avvik|merknad|lovbrudd|lovbrot)\s*(?:nr\.?\s*)?\d{0,2}\s*:\s*(?P<text>\S.{10,})$",
    re.IGNORECASE | re.DOTALL,
)
# "Innhald", "Innhold", "Innholdsfortegnelse": a table of contents holds no sections
_CONTENTS_HEADING = re.compile(
    r"^(?:innhald|innhold|innholdsfortegnelse|innhaldsliste|innholdsliste)\s*:?$", re.IGNORECASE
)
# "Sist oppdatert 14.01.2026", "Publisert 3. mai 2025", "Versjon 2.1": a date or version stamp
# that a plain-text copy of a page sets on a line of its own, no heading over items
_STAMP_LINE = re.compile(
    r"^(?:sist\s+(?:oppdatert|endra|endret|revidert)|oppdatert|publisert|versjon|dato)\s*:?\s*"
    r"(?:\d{1,2}\.\s*(?:\d{1,2}\.\s*\d{2,4}|[a-zæøå]+\s+\d{4})|\d+(?:\.\d+)*)$",
    re.IGNORECASE,
)
# Following up the plan itself, in more wordings: "Delstrategien blir følgd opp i ...",
# "Leiargruppa får ein statusrapport kvart år", "Direktøren vil følge gjennomføringen i
# ledermøtet og legge fram status for styret"
_FOLLOW_UP_SENTENCE = re.compile(
    r"^(?:\w*planen|\w*strategien|tiltak(?:a|ene)|arbeidet|avtalen)\s+(?:blir|vert)\s+"
    r"(?:følgd|følgt|fulgt)\s+opp\b"
    r"|\bstatusrapport\w*\b"
    r"|\bfølg(?:e|je)\s+(?:med\s+på\s+|opp\s+)?gjennomføring(?:en|a)\b"
    r"|\b(?:legge|leggje|legger|leggjer|legg)\s+fram\s+(?:\w+\s+){0,2}?status\b"
    # "Kvalitetsutvalet følgjer opp planen kvart kvartal.", "Neste revisjon skjer i 2028."
    r"|\b(?:følgjer|følger|følgde|fulgte)\s+opp\s+(?:\w*planen|\w*plana|\w*strategien|"
    r"tiltak(?:a|ene))\b"
    r"|^(?:neste|ny)\s+(?:revisjon|rullering|evaluering|oppdatering|versjon)\b"
    # "Rådet rapporterer status for tiltakene til direktørens ledermøte i juni", "Måloppnåelsen
    # følges med de samme nøkkeltallene": who reports on the plan to whom, how its goals are
    # followed
    r"|\b(?:rapporterer|rapporterar)\s+(?:status|framdrift|fremdrift)\s+(?:\w+\s+){0,3}?til\b"
    r"|^(?:måloppnåelsen|måloppnåinga|måloppnåingen)\s+(?:følges|følgjast|(?:blir|vert)\s+følg[dt])"
    r"\b"
    # "Internrevisjonen følgjer opp tilrådingane i revisjonsplanen for 2028."
    r"|\b(?:følgjer|følger)\s+opp\s+(?:tilrådingane|anbefalingene|anbefalingane|funna|funnene)\b",
    re.IGNORECASE,
)


# "Funn", "Hovudfunn", "Dette fant vi", "Kva fann vi?": a sub-heading over the findings of a
# survey or review that the plan follows up: what is wrong, its challenges
_FINDINGS_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:hoved|hovud)?funn(?:ene|a)?|(?:dette|hva|kva)\s+"
    r"(?:fant|fann)\s+vi)\s*[:?]?$",
    re.IGNORECASE,
)


# The parts of an audit's or a supervision's finding after "Funn": "Vurdering", "Revisjonens
# vurdering", "Tilråding", "Tilrådingar", "Anbefalinger", "Tilrådde tiltak" (as a heading or a
# bold line of their own)
_AUDIT_PART = re.compile(
    r"^(?:(?:revisjonen|internrevisjonen|tilsynet|tilsynsmyndigheten|vår|våre)(?:s|\s+sin|"
    r"\s+sine)?\s+)?(?:(?P<assessment>vurdering(?:ar|er|a|en)?)|(?P<advice>tilråding(?:ar|ane|a)?|"
    r"anbefaling(?:ar|er|ane|ene|a|en)?|tilrådde?\s+tiltak|anbefalte\s+tiltak))\s*:?$",
    re.IGNORECASE,
)


# English headings over Norwegian text (a template in English, a plan written for an
# international partner): "Challenges", "Goals and indicators", "Actions", "Summary"; the
# whole heading names the kind, as "Utfordringar", "Mål og indikatorar", "Tiltak" do
_ENGLISH_KIND_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:"
    r"(?P<challenge>(?:key\s+|main\s+|current\s+)?(?:challenges?|problems|issues))|"
    r"(?P<goal>(?:strategic\s+|main\s+|our\s+|overall\s+)?(?:goals?|objectives?|targets?|aims?)"
    r"(?:\s+(?:and|&)\s+(?:indicators?|targets?|kpis?|measures\s+of\s+success))?)|"
    r"(?P<measure>(?:key\s+|planned\s+)?(?:actions?|measures|initiatives?|action\s+plan|"
    r"activities))|"
    r"(?P<skip>(?:executive\s+)?summary|background|vision|introduction|appendix|appendices|"
    r"references|contents|table\s+of\s+contents|about\s+(?:the|this)\s+(?:plan|document)))"
    r"\s*:?$",
    re.IGNORECASE,
)


# "Vedlegg: Handlingsplan for ...", "Vedlegg 1 - Strategi ...": a plan appended to a case
_ATTACHED_PLAN = re.compile(
    r"^vedlegg\s*\d*\s*[:.–-]\s*\S.*?\w*(?:plan|strategi|program)\w*\b", re.IGNORECASE
)
# The parts of a board case or a case paper before its attachments
_CASE_PART = re.compile(
    r"^(?:saksframlegg|saksfremlegg|saksutgreiing|saksutredning|saksframstilling|"
    r"styresak\b.*)$",
    re.IGNORECASE,
)
# "Vedlegg:", "Utrykte vedlegg:": the list of papers sent with a memo or a case
_ATTACHMENTS_LEAD = re.compile(r"^(?:(?:u?trykte|andre)\s+)?vedlegg\w*\s*:$", re.IGNORECASE)
# A memo's or a case's assessment ("2 Vurdering", "Administrasjonens vurdering", "Drøfting"):
# its sub-sections are the areas the memo weighs, each telling what is wrong there
_ASSESSMENT_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:administrasjonen|direktøren|fagdirektøren|klinikken|"
    r"administrerende direktør|adm\.\s*dir\.?)s?\s+)?(?:vurdering(?:ar|er)?|drøfting(?:ar|er)?|"
    r"saksvurdering|fagleg\w*\s+vurdering\w*|faglig\w*\s+vurdering\w*|"
    r"vurdering\s+og\s+(?:tilråding|anbefaling|forslag))\s*:?$",
    re.IGNORECASE,
)
# The standing sections of a memo or a case, which are no area of the plan: "Økonomi",
# "Økonomiske og administrative konsekvensar", "Risiko", "Konklusjon", "Vidare arbeid"
_MEMO_SECTION = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:økonomi\w*|(?:økonomiske|administrative|personalmessige|"
    r"juridiske|rettslege|rettslige)\s+(?:\w+\s+){0,2}(?:konsekvensar|konsekvenser|forhold|"
    r"vurderingar|vurderinger)|konsekvensar|konsekvenser|finansiering|kostnad\w*|budsjett\w*|"
    r"risiko\w*|konklusjon\w*|oppsummering|tidsplan|(?:vidare|videre)\s+(?:arbeid|prosess|"
    r"oppfølging)|medverknad|medvirkning|involvering|alternativ\w*|personvern\w*)\s*:?$",
    re.IGNORECASE,
)
# What a memo's assessment says is wrong in an area, beyond the background's wording: "er
# heller ikkje avklart", "veit ikkje kva", "nesten ingen", "stoppar i praksis opp", "må ofte
# vente i fleire månader"
_ASSESSED_PROBLEM = re.compile(
    r"\b(?:ikk(?:e|je)\s+(?:\w+\s+)?(?:avklart|avklara|avklarte|tydeleg|tydelig|klart)|"
    r"uavklar\w*|uklar\w*)\b"
    r"|\b(?:vet|veit|visste|kjenner|kjenner)\s+(?:\w+\s+)?ikk(?:e|je)\b"
    r"|\bnesten\s+(?:ingen|ikk(?:e|je))\b"
    r"|\b(?:stoppar|stopper|stansar|stanser|stoppa|stoppet)\s+(?:\w+\s+){0,3}?opp\b"
    r"|\bmå\s+(?:\w+\s+)?(?:vente|venta)\b",
    re.IGNORECASE,
)
# The heading over a memo's or a case's proposed decisions ("3 Forslag til vedtak",
# "Innstilling"): in a memo that lists no measures elsewhere, its points are the measures
_PROPOSAL_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:\w+\s+){0,3})?(?:forslag|framlegg)\s+til\s+"
    r"(?:vedtak|beslutning|avgjerd|avgjørelse|innstilling)\s*:?$|^(?:\d+\.?\s+)?innstilling\s*:?$",
    re.IGNORECASE,
)
# A proposed decision that only handles the case: noting it, approving the paper itself,
# reporting back on the decision, asking to be kept informed, giving a mandate, going on with
# the work
_PROCEDURAL_DECISION = re.compile(
    r"\brapporter\w*\s+(?:\w+\s+){0,4}?(?:vedtak\w*|oppfølging\w*|oppfylging\w*|arbeidet)\b"
    r"|\b(?:godkjenn\w*|godkjen[dt]\w*|vedtek|vedtar|slutt(?:ar|er)\s+seg\s+til)\s+"
    r"(?:\w+\s+){0,3}?(?:planen|notatet|strategien|forslaget|saka|saken|tiltaksplanen|"
    r"handlingsplanen|rapporten)\b"
    r"|\bber\s+om\s+(?:å\s+)?(?:bli\s+|verte\s+)?(?:halde\s+|holdt\s+)?orientert\b"
    r"|\b(?:gir|får)\s+(?:\w+\s+){0,3}?fullmakt\b"
    # "Temagruppen bes arbeide videre med forslag til veivalg": the work on the case goes on
    r"|\b(?:arbeide|arbeid|jobbe)\s+(?:videre|vidare)\s+med\b",
    re.IGNORECASE,
)


# The label over a meeting's decisions and follow-ups in minutes: "Vedtak:", "Konklusjon:",
# "Beslutning:", "Aksjonspunkt:", "Oppfølging:"
_DECISION_LEAD = re.compile(
    r"^(?:[*_]{1,2})?(?:vedtak(?:et)?|konklusjon(?:ar|er|en|a)?|beslutning(?:ar|er|en|a)?|"
    r"avgjerd(?:er|ar|a)?|avgjørelse(?:r|n)?|aksjonspunkt\w*|aksjonar|aksjoner|"
    r"oppfølgingspunkt\w*|oppfølging|oppfylging)\s*:\s*(?:[*_]{1,2})?$",
    re.IGNORECASE,
)
# Minutes: "Vi ble enige om:", "Møtet var samde om følgjande:", "Dette ble avtalt:", "Partene
# er einige om at:": what the meeting agreed to do, measures (as under "Vedtak:")
_AGREED_LEAD = re.compile(
    r"^(?:[*_]{1,2})?(?:(?:vi|me|møtet|partene|partane|deltakerne|deltakarane|alle)\s+"
    r"(?:ble|blei|vart|var|er|har\s+blitt|har\s+vorte)\s+(?:enige|einige|samde|samstemte|"
    r"omforent|omforeinte?)(?:\s+om)?(?:\s+(?:at|følgende|følgjande|dette))?"
    r"|(?:det|dette|følgende|følgjande)\s+(?:ble|blei|vart)\s+(?:avtalt|bestemt|besluttet|"
    r"vedtatt|vedteke)(?:\s+at)?|(?:vi|me)\s+(?:avtalte|bestemte|landet\s+på|landa\s+på)"
    r"|(?:enighet|einigheit|semje)\s+om)\s*:\s*(?:[*_]{1,2})?$",
    re.IGNORECASE,
)
# A procedural point among what a meeting agreed: "Saken tas opp igjen på neste møte", "Saka
# vert sett opp att på neste dialogmøte", "Referatet godkjennes": how the meeting goes on, no
# measure of the plan
_PROCEDURAL_POINT = re.compile(
    r"^(?:saken|saka|temaet|punktet|spørsmålet|dette)\s+(?:tas|takast|settes|setjast|følges|"
    r"følgjast|(?:blir|vert|ble|blei|vart)\s+(?:tatt|teke|teken|tekne|satt|sett|fulgt|følgd))"
    r"\s+(?:opp\s+)?"
    r"(?:igjen|att|på\s+nytt|opp)?\s*(?:på|i|til)\s+(?:neste|nytt|eit\s+seinare|et\s+senere)\s+"
    r"\w*møte\b"
    r"|^(?:referatet|protokollen|innkallingen|innkallinga|sakslista|sakslisten|dagsordenen)\s+"
    r"(?:ble\s+|blei\s+|vart\s+)?(?:godkjennes|godkjent|godkjend|godkjennast)\b",
    re.IGNORECASE,
)
# Notes of a meeting, named by the title or a heading near the top: "Referat fra dialogmøte
# ...", "Møtereferat", "Minnesnotat frå samarbeidsmøtet"
_MEETING_NOTES = re.compile(r"\b(?:møte)?referat\b|\bminnesnotat\b|\bmøtenotat\b", re.IGNORECASE)
# The attendance lines at the head of minutes: "Til stede: ...", "Referent: ...", "Forfall: ..."
_ATTENDANCE_LINE = re.compile(
    r"^(?:til\s*stades?|til\s*stede|tilstede|referent|forfall|frammøtte|fremmøtte|møtt)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
# What a participant reported at a meeting: "Kommunene melder at ...", "Studentrepresentanten
# fortalte at ...", "Flere av deltakerne pekte på at ...": a subject of up to five words, a verb
# of saying and the clause said (a concern when that clause states a problem)
_REPORTED = re.compile(
    r"^[A-ZÆØÅ][\w-]*(?:\s+[\w()./-]+){0,4}?\s+(?:melder|meldte|meldar|melde|opplyste|opplyser|"
    r"opplyser|fortalte|forteller|fortel|fortalde|sa|sier|seier|påpekte|påpeker|påpeikar|"
    r"påpeika|pekte\s+på|peker\s+på|peikar\s+på|peika\s+på|viste\s+til|viser\s+til|"
    r"uttrykte|uttrykker|uttrykkjer|ga\s+uttrykk\s+for|gav\s+uttrykk\s+for|tok\s+opp|"
    r"erfarer|beskrev|beskriver|skildra|skildrar|rapporterte|rapporterer|formidlet|formidla)"
    r"\s+(?:(?:også|òg|igjen|att)\s+)?at\s+(?P<said>\S.*)$",
    re.DOTALL,
)
# "... og at det er for mange til å gi god veiledning": too much or too little
_TOO_MUCH = re.compile(
    r"\bfor\s+(?:mange|få|lite|mye|mykje|lang|lange|lenge|langt|høy|høg|høyt|høgt|lav|låg|"
    r"lavt|lågt|sein|sen|seint|sent|tung|travel|travelt)\b|\bikk(?:e|je)\b",
    re.IGNORECASE,
)
# "Delmål 1: ", "Mål 2.1: ", "Hovudmål 3 – ": the numbered prefix of a goal in a list
_NUMBERED_GOAL_PREFIX = re.compile(
    r"^(?:delmål|hovudmål|hovedmål|resultatmål|effektmål|mål)\s+\d{1,2}(?:\.\d{1,2})*\s*[:.–-]\s+"
    r"(?=[A-ZÆØÅ])",
    re.IGNORECASE,
)
# The plan's introduction: "Innleiing", "Innledning", "Forord", "Samandrag", "Sammendrag"
_INTRODUCTION_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:innleiing|innledning|forord|samandrag|sammendrag|"
    r"om planen|om handlingsplanen)\s*:?$",
    re.IGNORECASE,
)
# The heading over how the plan itself is followed up
_FOLLOW_UP_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:oppfølging|oppfylging|rapportering|evaluering|revisjon)"
    r"(?:\s+(?:av|og)\s+(?:planen|årsplanen|handlingsplanen|tiltaksplanen|rapportering|"
    r"evaluering|revisjon|revidering))*\s*:?$",
    re.IGNORECASE,
)
# The plan itself or its measures' status, named in a sentence
_THE_PLAN_ITSELF = re.compile(
    r"\b(?:\w*planen|\w*planane|\w*planene|status\s+for\s+(?:tiltak|mål|aktivitet)\w*|"
    r"statusrapport\w*)\b",
    re.IGNORECASE,
)
# ... going through it, reporting, evaluating, revising it or taking it into the next one
_REVIEWS = re.compile(
    r"\b(?:går\s+gjennom|gjennomgår|gjennomgås|rapporter\w*|evaluer\w*|revider\w*|"
    r"følg\w*\s+opp|vurder\w*\s+(?:tatt|teke|tekne)\s+med|tas\s+med|takast\s+med)\b",
    re.IGNORECASE,
)
# "Sjå tiltak under Samarbeid med fastlegane", "Se mål 2.1", "Jf. kapittel 4": a cell or point
# that only points to items stated elsewhere in the plan
_POINTS_ELSEWHERE = re.compile(
    r"^(?:sjå|se|jf\.?|jamfør)\s+(?:tiltak\w*|mål\w*|punkt\w*|kapittel|kapitlet|kap\.|avsnitt\w*|"
    r"delkapittel|området|omr\.)\b[^.;]{0,80}\.?$",
    re.IGNORECASE,
)
# "skjer berre på sjukehuset", "tek opptil åtte veker", "det er uklart kven som skal betale",
# "kjenner seg åleine": only, as much as, unclear, alone
_SCARCE = re.compile(
    r"\b(?:berre|bare|kun|opptil|inntil|uklar\w*|åleine|alene|einsame?|ensomme?|utrygg\w*)\b",
    re.IGNORECASE,
)
# "Mange tilsette melder ikkje ...", "Mange har for kort kvile", "Overtid aukar om sommaren"
_STRAIN = re.compile(
    r"^(?:mange|fleire|flere|de\s+fleste|dei\s+fleste)\s+(?:[\w-]+\s+){0,3}?(?:\w+)\s+"
    r"(?:ikk(?:e|je)\b|for\s+(?:kort|lite|lang|mykje|mye|få|mange)\b)"
    r"|^(?:mange|fleire|flere)\s+(?:[\w-]+\s+){0,3}?(?:har|får|fær|opplever)\s+for\s+\w+"
    r"|\b(?:overtid\w*|ekstravakt\w*|vikarbruk\w*|innleige\w*|innleie\w*|sjukefråvær\w*|"
    r"sykefravær\w*|turnover)\b[^.;]{0,60}?\b(?:aukar|øker|har\s+auka|har\s+økt|veks|vokser)\b",
    re.IGNORECASE,
)
# "Tiltakene gjennomføres innenfor dagens budsjett", "Tiltaka blir finansierte av ...": how
# the plan's measures are paid for
_PLAN_FUNDING = re.compile(
    r"^(?:tiltak(?:ene|a)|planen|handlingsplanen|temaplanen)\s+(?:gjennomføres|gjennomførast|"
    r"blir\s+gjennomført\w*|vert\s+gjennomført\w*|finansieres|finansierast|blir\s+finansiert\w*|"
    r"dekkes|dekkast|blir\s+dekt|skal\s+gjennomføres|skal\s+gjennomførast)\s+(?:innenfor|innanfor|"
    r"over|av|med|gjennom)\b",
    re.IGNORECASE,
)
# "... har allerede hatt faste dager ..., og ordningen fungerer godt": what already works
_ALREADY_WORKS = re.compile(
    r"\b(?:har|hadde)\s+(?:allerede|allereie|alt)\s+(?:hatt|gjort|fått|innført|etablert|"
    r"prøvd|prøvt)\b[^.]*\b(?:fungerer|fungerar|virker|verkar)\s+(?:godt|bra)\b",
    re.IGNORECASE,
)
# An annual plan (årsplan, årshjul, virksomhetsplan, aktivitetsplan), named by the title or a
# heading near the top: it lists the year's routine operations beside its development measures
_ANNUAL_PLAN = re.compile(
    r"\b(?:årsplan|årshjul|virksomhetsplan|verksemdsplan|aktivitetsplan|driftsplan)\w*",
    re.IGNORECASE,
)
# A heading over an annual plan's routine operations only: "Faste oppgaver i hele avdelingen",
# "Driftsoppgåver", "Løpende oppgaver", "Faste aktiviteter og rutiner"
_ROUTINE_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:faste|løpende|løpande|årlege|årlige|ordinære|vanlege|vanlige)\s+"
    r"(?:oppgaver|oppgåver|aktiviteter|aktivitetar|rutiner|rutinar|driftsoppgaver|driftsoppgåver)"
    r"|^(?:\d+(?:\.\d+)*\.?\s+)?(?:driftsoppgaver|driftsoppgåver|rutineoppgaver|rutineoppgåver|"
    r"drift og rutiner|drift og rutinar)\b",
    re.IGNORECASE,
)
# A routine operation in an annual plan's rows (no development measure): a recurring report
# or count, ordering supplies, servicing equipment, a hygiene audit, updating the booking
# calendars, appraisals and staff surveys, fire drills, holidays, the budget
_ROUTINE_TASK = re.compile(
    r"^(?:(?:månedlig|månadleg|ukentlig|vekentleg|daglig|dagleg|kvartalsvis|tertialvis|årlig|"
    r"årleg|halvårlig|halvårleg)e?\s+(?:rapport\w*|telling\w*|oversikt\w*|statistikk\w*|"
    r"registrering\w*|avviksgjennomgang\w*|driftsmøte\w*|tavlemøte\w*)"
    r"|(?:telle|telling|registrere|rapportere)\s+(?:og\s+\w+\s+)?(?:antall|talet\s+på|tallet\s+på|"
    r"antallet)\b"
    r"|(?:bestille|bestilling\s+av|innkjøp\s+av|kjøpe\s+inn)\s+(?:\w+\s+)?(?:legemidler|legemiddel|"
    r"forbruksmateriell|utstyr|materiell|varer)"
    r"|(?:service|vedlikehald|vedlikehold|kalibrering|ettersyn)\s+(?:på|av)\b"
    r"|hygienerevisjon\w*|vernerunde\w*|brannøving\w*|brannøvelse\w*"
    r"|oppdatere\s+(?:timebøkene|timebøkane|timeboka|timeboken|ferielista|ferielisten|turnusen)"
    r"|(?:medarbeidersamtal\w*|medarbeidarsamtal\w*|utviklingssamtal\w*|"
    r"medarbeiderundersøk\w*|medarbeidarundersøk\w*|ferieavvikling\w*|sommerdrift\w*|"
    r"ferieplan\w*|turnusplanlegging\w*)"
    r"|budsjett(?:arbeid\w*|prosess\w*)?\s+(?:for\s+)?\d{4}"
    r"|(?:årsrapport|årsmelding|tertialrapport|regnskap)\w*\s+(?:for\s+)?\d{4})",
    re.IGNORECASE,
)
# "Indikator: ...", "Styringsparameter: ...", "Måleindikator: ...": the line under a goal that
# says how it is measured
_INDICATOR_LINE = re.compile(
    r"^(?:styringsparameter\w*|styringsindikator\w*|måleindikator\w*|kvalitetsindikator\w*|"
    r"indikator(?:ar|er|ane|ene)?|måltal|måltall|måleparameter\w*|kpi)\s*:\s*\S",
    re.IGNORECASE,
)

# A point that states what is wrong now, in a finite clause: "Fastlegane har ikkje ...",
# "Bruken av ... er høg", "... uten en felles plan", "Halvparten av henvisningane blir avviste"
# (a list with no kind word over it, where only the phrasing tells its kind)
_STATE_PROBLEM = re.compile(
    r"\b(?:har|har\s+heller|får|fekk|fikk|er|var|blir|vert|vet|veit|kjenner|kan|når|tar|tek)\s+"
    r"(?:(?:ofte|framleis|fremdeles|fortsatt|sjeldan|sjelden|i\s+dag)\s+)?ikk(?:e|je)\b"
    r"|\b(?:er|var|blir|vert|har\s+vore|har\s+vært)\s+(?:(?:for|svært|altfor|fortsatt|framleis|"
    r"fremdeles|ofte)\s+)?(?:høy|høg|lav|låg|lang|lange|ujamn|ujevn|uklar|svak|dårleg|dårlig|"
    r"tilfeldig|mangelfull|ufullstendig)\b"
    r"|\b(?:uten|utan)\s+(?:en|ein|ei|et|eit|noen|nokon|felles|fast|faste|god|gode|samordn\w*)\b"
    r"|\b(?:står|stend)\s+(?:\w+\s+){0,2}?(?:utenfor|utanfor)\b"
    r"|\b(?:blir|vert|er)\s+(?:\w+\s+)?(?:avvist|avviste|avslått|avslege)\b",
    re.IGNORECASE,
)

# A sentence that reports a figure in the past tense: "I 2026 ble 2 350 pasienter henvist",
# "Ventetida var i snitt 19 veker"
_PAST_FIGURE = re.compile(
    r"^(?=.*\d)(?=.*\b(?:ble|blei|vart|var|hadde|fikk|fekk|kom|økte|auka|gikk|gjekk|startet|"
    r"starta|tok|tek)\b).*$",
    re.IGNORECASE | re.DOTALL,
)
# "Hvordan sikrer vi at ...?", "Korleis kan vi få fleire ...?": an open question of an area, what
# it has not solved
_HOW_QUESTION = re.compile(
    r"^(?:hvordan|korleis|hva|kva|hvem|kven)\s+(?:\w+\s+){0,2}?(?:vi|me)\b[^?]*\?", re.IGNORECASE
)

# "Status for tiltak i 2027", "Rapportering på tiltaka 2026", "Status per 31.12.2027": a
# section that reports on an earlier period's measures
_PAST_STATUS_HEADING = re.compile(
    r"\b(?:status|rapportering|resultat\w*)\b[^.]{0,40}?\b(?P<year>20\d\d)\b", re.IGNORECASE
)
# The status of a measure that is finished or closed, and of one carried into the next plan
_DONE_STATUS = re.compile(
    r"^(?:gjennomført|gjennomførd|fullført|fullførd|ferdig\w*|avslutt\w*|utgår|utgått|avlyst|"
    r"levert|innført|stoppa|stoppet|tatt ut|teke ut)\b",
    re.IGNORECASE,
)
_CARRIED_STATUS = re.compile(
    r"^(?:videreføres|vidareførast|vidareførd|videreført|vidareført|overføres|overførast|"
    r"tas med vidare|tas med videre|held fram|fortsetter)\b",
    re.IGNORECASE,
)


def _cue(text: str, heading: bool = True) -> tuple[str | None, str | None]:
    """(kind, matched word) of a heading or lead-in. ``skip`` means "not items"."""
    if heading and (english := _ENGLISH_KIND_HEADING.match(text.strip())):
        return english.lastgroup, text.strip()
    if _FINDINGS_HEADING.match(text.strip()):
        return "challenge", text.strip().rstrip(":?")
    lowered = _HOW_WE_REACH.sub("slik gjør vi det", text.lower().strip())
    lowered = _PURPOSE.sub(" ", lowered)
    if heading and (m := _NOT_ITEMS.search(lowered)):
        return "skip", m.group(0)
    if heading and (m := _GOAL_OF_HEADING.match(lowered)):
        # "Mål for oppfølgingen": goals of that work, not measures
        return "goal", re.sub(r"^[\d.\s]+", "", m.group(0)).split()[0]
    found: list[tuple[int, str, str]] = []
    for kind, rx in (
        ("measure", _MEASURE),
        ("challenge", _CHALLENGE),
        ("goal", _GOAL),
        ("theme", _THEME),
    ):
        m = rx.search(lowered)
        if m:
            found.append((m.start(), kind, m.group(0)))
    if not found:
        m = _MEASURE_VERBS.search(lowered)
        return ("measure", m.group(0).strip()) if m else (None, None)
    kinds = {k for _s, k, _w in found}
    if heading and "measure" in kinds and "goal" in kinds:
        # "Mål og tiltak", "Tiltak for å nå måla": a heading over measures
        word = next(w for _s, k, w in found if k == "measure")
        return "measure", word
    # The first noun names what the list holds: "tiltak for å nå målene:", "utfordringer på
    # området:", "fem satsingsområder i planperioden:"
    found.sort()
    return found[0][1], found[0][2]


def _is_plan_governance(text: str) -> bool:
    """Whether every sentence of a paragraph says how the plan itself is followed up."""
    sentences = [text[a:b].strip() for a, b in split_sentences(text)]
    sentences = [t for t in sentences if t]
    # "Kontaktperson: ..." under it is the paper's furniture, no item either
    said = [t for t in sentences if not _CONTACT_LINE.search(t)]
    return bool(said) and all(_GOVERNANCE_SENTENCE.search(t) for t in said)


def _item_cue(text: str) -> tuple[str | None, str]:
    """The kind an item's own words suggest, with the reason."""
    stripped = text.strip().lstrip("«\"'(")
    first = re.match(r"[\wæøåÆØÅ-]+", stripped)
    word = first.group(0).lower() if first else ""
    if _ASKS.match(stripped):
        return "measure", "et vedtak som ber noen gjøre noe («ber ...»)"
    if word in ("vi",):
        if re.match(r"vi\s+(?:skal|vil|må)\s+(?:vere|være|ha|bli)\b", stripped, re.I):
            return "goal", "formulert som ønsket tilstand («vi skal være/ha»)"
        return "measure", "formulert som forpliktelse («vi skal/vil»)"
    if word in _VERBS or (word.endswith("e") and word[:-1] in _VERBS):
        return "measure", f"starter med verbet «{first.group(0) if first else word}»"
    if _PROBLEM_WORDS.search(stripped):
        m = _PROBLEM_WORDS.search(stripped)
        assert m is not None
        return "challenge", f"problemord «{m.group(0)}»"
    if _SUBSTANTIVE_MEASURE.match(stripped):
        return "measure", f"handlingsord «{stripped.split()[0]}»"
    if re.search(r"\b(?:skal|skal vere|skal være)\b", stripped, re.I) and len(stripped) > 30:
        return "goal", "formulert med «skal» (ønsket tilstand)"
    return None, ""


# ---------------------------------------------------------------- structure


@dataclass
class _Heading:
    block: Block
    level: int
    cue: str | None
    cue_word: str | None
    items: int = 0
    theme_id: str | None = None
    children: list[_Heading] = field(default_factory=list)
    line: bool = False  # a line of body text that only names a kind ("Oppgaver")
    finding: bool = False  # "Avvik 1", "Merknad": a finding of an audit, told under it
    finding_told: bool = False  # whether the paragraph that states the finding was read
    findings: bool = False  # "Funn" before "Vurdering"/"Tilråding": each paragraph one finding


def _heading_level(block: Block, fmt: str) -> int:
    if fmt in ("txt",) and not block.level:
        return 2 + block.number.count(".") if block.number else 1
    return block.level or 1


def _normalise(text: str) -> str:
    return _BOX_DUPLICATE_NORMALISE.sub(" ", text.lower()).strip()


_PLAN_TYPES = (
    (r"statusnotat|statusrapport|status og utfordringar|status og utfordringer", "StatusNote"),
    (r"tiltaksplan|handlingsplan|handlingsprogram|handlingsdel|tiltaksdel", "ActionPlan"),
    # A development plan (regional or local utviklingsplan) is a genre of its own in Norwegian
    # health planning; the ontology has no class for it, so it is a pg:Plan (whose definition
    # names development plans), never a strategy because its text cites one.
    (r"utviklingsplan", "Plan"),
    (r"årleg melding|årlig melding|oppdragsdokument|oppdrag og bestilling", "Plan"),
    (r"strategi", "Strategy"),
)


def _plan_type(title: str, text: str) -> tuple[str, str]:
    lowered = (title + " " + text[:3000]).lower()
    for where, haystack in (("tittel", title.lower()), ("tittel/innledning", lowered)):
        for rx, kind in _PLAN_TYPES:
            m = re.search(rx, haystack)
            if m:
                why = f"ordet «{m.group(0)}» i {where}"
                if kind == "Plan":
                    why += " (egen plantype; ontologien har ingen egen klasse for den, så pg:Plan)"
                return kind, why
    return "Plan", "ingen plantype nevnt (utviklingsplan eller annen plan)"


_ORGS = (
    ("helse-midt-norge", r"helse midt-norge"),
    ("helse-vest", r"helse vest"),
    ("helse-nord", r"helse nord\b"),
    ("helse-sor-ost", r"helse sør-øst"),
)


def _organisation(text: str) -> tuple[str | None, str]:
    lowered = text.lower()
    best: tuple[int, str] | None = None
    for slug, rx in _ORGS:
        count = len(re.findall(rx, lowered))
        if count and (best is None or count > best[0]):
            best = (count, slug)
    if best is None:
        return None, ""
    return f"org/{best[1]}", f"nevnt {best[0]} gang(er) i teksten"


def _date(meta: dict[str, str], text: str) -> tuple[str | None, str]:
    raw = meta.get("dato") or meta.get("date")
    if raw:
        m = re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", raw)
        if m:
            return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", "Dato i notathodet"
    return None, ""


def classify(
    doc: Document,
    *,
    title: str | None = None,
    language: str | None = None,
    plan_type: str | None = None,
    organisation: str | None = None,
    slug: str | None = None,
) -> Draft:
    """The draft of the plan in ``doc``: its facts and its classified items."""
    all_text = "\n".join(b.text for b in doc.blocks)
    headings = [b for b in doc.blocks if b.kind == "heading"]
    doc_title = title or _title(doc, headings)
    detected: dict[str, str] = {}
    lang = language or detect_language(all_text)
    detected["language"] = "gitt" if language else "ordtelling bokmål/nynorsk"
    ptype, why = (plan_type, "gitt") if plan_type else _plan_type(doc_title, all_text)
    detected["plan_type"] = why
    # A region named in the text is often not the publisher ("Helse Sør-Øst har bedt alle
    # helseforetak ..."): it is shown as a suggestion, never stored as a fact.
    org = organisation
    if organisation:
        detected["organisation"] = "gitt"
    else:
        named, why = _organisation(all_text)
        detected["organisation"] = (
            f"ikke satt; teksten nevner {named} ({why}): gi --org for å sette utgiver"
            if named
            else "ikke satt: gi --org for å sette utgiver"
        )
    issued, issued_why = _date(doc.meta, all_text)
    if issued_why:
        detected["issued"] = issued_why
    draft = Draft(
        slug=slug or slugify(doc_title),
        title=doc_title,
        language=lang,
        plan_type=ptype,
        organisation=org,
        issued=issued,
        file_name=doc.file_name,
        checksum=doc.checksum,
        notes=list(doc.notes),
        detected=detected,
    )
    _Classifier(doc, draft, ptype).run()
    return draft


def _title(doc: Document, headings: list[Block]) -> str:
    # A heading that only names a kind ("Styringsmål", "Tiltak") is no title of a plan.
    if (
        doc.title
        and doc.title.lower() not in ("notat", "referat", "saksframlegg", "untitled")
        and not _KIND_WORD_HEADING.match(doc.title.strip())
    ):
        return doc.title
    for block in headings:
        if block.text.lower() not in (
            "notat",
            "referat",
            "saksframlegg",
            "sak",
        ) and not _KIND_WORD_HEADING.match(block.text.strip()):
            return block.text
    return doc.file_name.rsplit(".", 1)[0]


# The reason shown for a theme the importer names after the plan: first, so that a preview that
# cuts the reason short still says it, with what the planner can do about it.
_EDITORIAL_THEME = (
    "redaksjonelt tema, oppkalt etter planen (ikke fra dokumentet; gi det nytt navn eller flytt "
    "utfordringene til et annet tema i rettingen)"
)


class _Classifier:
    def __init__(self, doc: Document, draft: Draft, plan_type: str) -> None:
        self.doc = doc
        self.draft = draft
        self.default = {
            "Strategy": "goal",
            "ActionPlan": "measure",
            "StatusNote": "challenge",
        }.get(plan_type)
        self.stack: list[_Heading] = []
        self.seen: dict[str, DraftItem] = {}
        self.counter = 0
        self.positions: dict[tuple[str, str | None, str | None], int] = {}
        self.fallback_theme: str | None = None
        # "Kort fortalt" boxes that restate the section's full text in short: no items
        self._consumed: set[int] = _summary_boxes(doc.blocks, doc.format)
        self.used_themes: set[str] = set()
        self._ends_at: dict[str, int] = {}  # an item told over several paragraphs: its last
        self._area_lines: set[int] = set()  # "Grep 2: ..." lines read as headings
        self._item_ids: dict[tuple[str, str], DraftItem] = {}  # ("goal", "m1") -> the goal
        self._list_areas: set[str] = set()  # themes read from the top points of a list
        self._problems_counted: int | None = None  # the section where problems were counted
        # a follow-up plan after a supervisory audit: "Merknad" and "Observasjon" headings
        # name findings there
        self._audit = bool(_AUDIT_CONTEXT.search(" ".join(b.text for b in doc.blocks[:40])))
        # minutes of a meeting (a board's, an owner's): under a case, the context before the
        # decision states the problem; the decision's points are targets and tasks
        # (the genre is named by the title or a heading near the top, not by a sentence that
        # mentions it: "Planen fekk 40 høyringsfråsegner")
        top = [draft.title, *(b.text for b in doc.blocks[:12] if b.kind == "heading")]
        self._minutes = any(_MINUTES.search(t) for t in top)
        # an annual plan: its routine operations are no measures
        self._annual = any(_ANNUAL_PLAN.search(t) for t in top if t)
        # notes of a meeting (a dialogue or cooperation meeting's "Referat"): a participant's
        # reported concern is a challenge
        self._meeting_notes = any(_MEETING_NOTES.search(t) for t in top if t) or any(
            b.kind == "para" and _ATTENDANCE_LINE.search(b.text) for b in doc.blocks[:20]
        )
        # a consultation response (a letter about another body's plan): its sections state
        # problems, proposed goals and proposed measures in prose
        self._consultation = any(_CONSULTATION.search(t) for t in top)
        # a plan with sections of its own for its challenges ("Utfordringer", "Hva er
        # utfordringen?", "Funn" under each area): it states its challenges there, and its
        # background is context, no challenges
        # an audit or supervision report that gives each area's "Funn", then its "Vurdering"
        # and "Tilråding": the findings are challenges, the recommendations measures, the
        # assessment between them is no item
        short = [
            b.text.strip()
            for b in doc.blocks
            if b.kind == "heading" or (b.kind == "para" and len(b.text.split()) <= 4)
        ]
        self._triad = any(_FINDINGS_HEADING.match(t) for t in short) and any(
            (m := _AUDIT_PART.match(t)) is not None and m.group("advice") for t in short
        )
        # a memo or case whose only list of what is to be done is its proposed decisions
        # ("3 Forslag til vedtak"): those are its measures (a board case with the plan
        # appended, its "Tiltak" there, keeps them out)
        self._proposals_are_measures = any(
            b.kind == "heading" and _PROPOSAL_HEADING.match(b.text.strip()) for b in doc.blocks
        ) and not any(
            (b.kind == "heading" or (b.kind == "para" and len(b.text.split()) <= 4))
            and not _PROPOSAL_HEADING.match(b.text.strip())
            and b.text != draft.title
            and _cue(b.text)[0] == "measure"
            for b in doc.blocks
        )
        heads = [n for n, b in enumerate(doc.blocks) if b.kind == "heading"]
        self._attached_plan: int | None = next(
            (
                n
                for n in heads
                if _ATTACHED_PLAN.match(doc.blocks[n].text.strip())
                and any(
                    _CASE_PART.match(doc.blocks[m].text.strip())
                    or _PROPOSAL_HEADING.match(doc.blocks[m].text.strip())
                    for m in heads
                    if m < n
                )
                and sum(1 for b in doc.blocks[n + 1 :] if b.kind == "item") >= 2
            ),
            None,
        )
        self._names_challenges = any(
            (b.kind == "heading" or (b.kind == "para" and len(b.text.split()) <= 4))
            and _KIND_WORD_HEADING.match(b.text.strip())
            and _cue(b.text)[0] == "challenge"
            for b in doc.blocks
        )

    # -- helpers

    def _new_id(self, kind: str) -> str:
        self.counter += 1
        return f"{kind[0]}{self.counter}"

    def _path(self) -> list[str]:
        return [h.block.text for h in self.stack]

    def _section(self) -> str | None:
        return self.stack[-1].block.text if self.stack else None

    def _heading_cue(self, points: bool = False) -> tuple[str | None, str, float]:
        """The nearest heading cue: (kind, reason, confidence); ``points`` for a list's."""
        passed_topic = False
        for depth, heading in enumerate(reversed(self.stack)):
            if heading.cue == "theme" and passed_topic:
                if points and (m := _AREAS_AND_MEASURES.match(heading.block.text.strip())):
                    # "Innsatsområder og tiltak" > "Legemidler" > list: the heading says what
                    # its areas hold, so the list under an area is its measures
                    return (
                        "measure",
                        f"under overskriften «{heading.block.text}» (stikkord «{m.group('m')}»)",
                        0.7,
                    )
                continue  # "Satsingsområder" > "Nye arbeidsformer" > list: the list is no themes
            if heading.theme_id and not heading.cue:
                passed_topic = True
            if heading.cue:
                conf = 0.8 if depth == 0 else 0.7
                return (
                    heading.cue,
                    f"under overskriften «{heading.block.text}» (stikkord «{heading.cue_word}»)",
                    conf,
                )
        return None, "", 0.0

    def _theme_for(self) -> str | None:
        for heading in reversed(self.stack):
            if heading.theme_id:
                return heading.theme_id
        return None

    def _add(self, item: DraftItem, dedupe: bool = True) -> DraftItem | None:
        key = _normalise(item.text or item.label)
        if dedupe and key in self.seen and item.kind != "theme":
            first = self.seen[key]
            first.notes.append(
                f"The same text stands again at paragraph {item.paragraph} (a box or a repeat); "
                "imported once."
            )
            return None
        self.seen[key] = item
        pos_key = (item.kind, item.section, item.parent)
        self.positions[pos_key] = self.positions.get(pos_key, 0) + 1
        item.position = self.positions[pos_key]
        item.heading_path = self._path()
        self.draft.items.append(item)
        for heading in self.stack:
            if heading.theme_id:
                self.used_themes.add(heading.theme_id)
        return item

    def _ensure_theme(self) -> str | None:
        """The theme for a challenge: the nearest topic heading, else one made of the nearest
        heading, else (no heading at all) an editorial theme named after the plan."""
        theme = self._theme_for()
        if theme:
            return theme
        kind_word = bool(self.stack) and bool(
            _KIND_WORD_HEADING.match(self.stack[-1].block.text)
            or _BACKGROUND_HEADING.match(self.stack[-1].block.text.strip())
            or self.stack[-1].finding
            or _NO_TOPIC_HEADING.match(self.stack[-1].block.text.strip())
        )
        if self.stack and not kind_word:
            heading = self.stack[-1]
            heading.theme_id = self._theme_from_heading(
                heading, 0.5, "laget av nærmeste overskrift: en utfordring må ha et tema"
            )
            return heading.theme_id
        if self.fallback_theme is None:
            if kind_word:
                word = self.stack[-1].block.text
                note = (
                    f"plangraph label: the challenges stand under the heading '{word}', which "
                    "only names their kind, not a topic, and a challenge needs a theme; the "
                    "importer named this theme after the plan. Rename it, or move them to the "
                    "plan's own themes, in the preview's corrections if they belong there."
                )
                reason = f"{_EDITORIAL_THEME}: overskriften «{word}» er bare navnet på typen, ikke et tema"
            else:
                note = (
                    "plangraph label: the document has no headings, and a challenge needs a "
                    "theme; the importer named this theme after the plan."
                )
                reason = f"{_EDITORIAL_THEME}: dokumentet har ingen overskrift"
            item = DraftItem(
                id=self._new_id("theme"),
                kind="theme",
                label=self.draft.title,
                label_kind="editorial",
                editorial_note=note,
                confidence=0.3,
                reason=reason,
            )
            added = self._add(item, dedupe=False)
            self.fallback_theme = added.id if added else None
        return self.fallback_theme

    def _theme_from_heading(self, heading: _Heading, conf: float, reason: str) -> str:
        block = heading.block
        for existing in self.draft.items:
            if existing.kind == "theme" and _normalise(existing.label) == _normalise(block.text):
                existing.reason += f"; samme tema som overskriften i avsnitt {block.index}"
                return existing.id
        item = DraftItem(
            id=self._new_id("theme"),
            kind="theme",
            label=block.text,
            section=block.text,
            paragraph=block.index,
            page=block.page,
            number=_int(block.number),
            confidence=conf,
            reason=reason,
        )
        saved = self.stack
        self.stack = self.stack[: self.stack.index(heading)]
        self._add(item, dedupe=False)
        self.stack = saved
        return item.id

    # -- the walk

    def run(self) -> None:
        blocks = self.doc.blocks
        i = 0
        if self._attached_plan is not None:
            # a board case with the plan appended: the case (its proposed decisions, its
            # summary of the plan's areas, its recommendation) tells about the plan; the items
            # are read from the plan itself
            i = self._attached_plan
            self.draft.notes.append(
                "The document is a case with the plan appended after it "
                f"('{blocks[i].text}'); plangraph read the items from the plan, not from "
                "the case's decision points and summary."
            )
        while i < len(blocks):
            block = blocks[i]
            if block.kind == "heading":
                self._enter_heading(block, blocks, i)
                i += 1
                continue
            if block.kind == "item":
                j = i
                while j < len(blocks) and blocks[j].kind == "item":
                    j += 1
                    if (
                        self.doc.format == "html"
                        and j < len(blocks)
                        and blocks[j].kind == "item"
                        and blocks[j].level == 0
                        and blocks[j].hint is None
                        and blocks[i].hint is None
                        and blocks[j].ordered
                        != next(b.ordered for b in reversed(blocks[i:j]) if b.level == 0)
                    ):
                        break  # a <ul> of questions right over an <ol> of measures: two lists
                lead = blocks[i - 1] if i > 0 and blocks[i - 1].kind == "para" else None
                if lead is not None and _LABELLED_LINE.match(lead.text.strip()):
                    lead = None  # "Mål: ..." is an item itself, not the lead-in of the list
                if lead is not None and _POINTER_SENTENCE.search(_last_sentence(lead.text)):
                    # "Dette er dei viktigaste utfordringane. Numra blir brukte i kapittel 5.":
                    # the sentence before the pointer is the one that introduces the list
                    spans = split_sentences(lead.text)
                    if len(spans) >= 2:
                        lead = replace(lead, text=lead.text[: spans[-2][1]].strip())
                if lead is not None and _AREA_LINE.match(lead.text.strip()):
                    lead = None  # "Grep 2: ..." heads the list, it does not introduce it
                if (
                    lead is not None
                    and not lead.text.rstrip().endswith(":")
                    and not _list_label(lead.text)
                    and (
                        len(lead.text) > 400
                        or _cue(_last_sentence(lead.text), False)[0] is None
                        or not _QUANTIFIER.search(_last_sentence(lead.text))
                    )
                ):
                    lead = None  # a paragraph before a list introduces it only if it says so
                if lead is not None and _GOAL_SENTENCE.match(_last_sentence(lead.text)):
                    lead = None  # "... Målet er at alle skal ...": a goal, no lead-in
                self._list(blocks[i:j], lead)
                i = j
                continue
            self._paragraph(block, blocks, i)
            i += 1
        self._finish()

    def _goals_follow(self, blocks: list[Block], i: int) -> bool:
        """Whether the goals of the section come right after paragraph ``i``: a line "Mål 2.1:
        ..." or a sub-heading "Mål"."""
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is None:
            return False
        if nxt.kind == "para":
            m = _LABELLED_LINE.match(nxt.text.strip())
            return m is not None and _cue(m.group("cue"), heading=False)[0] == "goal"
        return (
            nxt.kind == "heading"
            and _KIND_WORD_HEADING.match(nxt.text.strip()) is not None
            and _cue(nxt.text)[0] == "goal"
            and _heading_level(nxt, self.doc.format) > self.stack[-1].level
        )

    def _area_opening(self, blocks: list[Block], i: int) -> bool:
        """Whether paragraph ``i`` is the opening prose of an area: only paragraphs between it
        and the area's heading, and after it, past more paragraphs, the area's goal line ("Mål:
        ...") or its measures (a sub-heading "Dette gjør vi", a table of measures)."""
        top = self.stack[-1]
        if _LABELLED_LINE.match(blocks[i].text.strip()):
            return False  # "Utfordring: ...", "Mål: ...": a labelled line, read as such
        for j in range(i - 1, -1, -1):
            if blocks[j] is top.block:
                break
            if blocks[j].kind != "para":
                return False
        else:
            return False
        for j in range(i + 1, len(blocks)):
            nxt = blocks[j]
            if nxt.kind == "para":
                m = _LABELLED_LINE.match(nxt.text.strip())
                if m is not None and _cue(m.group("cue"), heading=False)[0] == "goal":
                    return True
                continue
            if nxt.kind == "item":
                return nxt.hint is not None and _cue(nxt.hint, heading=False)[0] == "measure"
            return (
                nxt.kind == "heading"
                and _heading_level(nxt, self.doc.format) > top.level
                and _cue(nxt.text)[0] in ("measure", "goal")
            )
        return False

    def _goal_sentences_over_list(self, block: Block, blocks: list[Block], i: int) -> bool:
        """Under a goal heading, a paragraph whose sentence says "Hovudmålet er at ..." or
        "Målet er at ..." above a list of sub-goals ("Delmål:" and its bullets): that sentence
        is a goal of its own, not the list's introduction."""
        nxt = next((b for b in blocks[i + 1 :] if b.kind != "para"), None)
        if nxt is None or nxt.kind != "item" or nxt.hint is not None:
            return False
        text = block.text
        spans = [(a, b) for a, b in split_sentences(text) if _GOAL_SENTENCE.match(text[a:b])]
        for a, b in spans:
            self._prose_item(
                block,
                "goal",
                "setningen sier hva målet er («Målet er at ...»), over lista av delmål",
                0.75,
                text=text[a:b].strip(),
            )
        return bool(spans)

    def _main_goal_said(self, heading: Block) -> bool:
        """Whether ``heading`` is "HOVEDMÅL" with the sentence that states the goal right under
        it (not a heading over goal sub-headings)."""
        if not _MAIN_GOAL_HEADING.match(heading.text.strip()):
            return False
        after = self.doc.blocks[heading.index] if heading.index < len(self.doc.blocks) else None
        return after is not None and after.kind == "para"

    def _enter_heading(self, block: Block, blocks: list[Block], i: int) -> None:
        if _STAMP_LINE.match(block.text.strip()):
            return  # "Sist oppdatert 14.01.2026" read as a heading: a stamp, over nothing
        level = _heading_level(block, self.doc.format)
        while self.stack and _CONTENTS_HEADING.match(self.stack[-1].block.text.strip()):
            self.stack.pop()  # the contents ("Innhald") end where the next heading starts
        while self.stack and (
            self.stack[-1].level >= level
            or self.stack[-1].line
            # "HOVEDMÅL" over the one sentence that states it: the plan's main goal heads no
            # section, so the numbered sections after it ("1. KARTLEGGING") are not its own
            or self._main_goal_said(self.stack[-1].block)
        ):
            top = self.stack[-1].block.number
            if (
                not self.stack[-1].line
                and top
                and block.number
                and block.number.startswith(top.rstrip(".") + ".")
            ):
                break  # "5.3.1" styled like "5.3": the number says it stands under it
            self.stack.pop()
        cue, word = _cue(block.text)
        if cue is None and _WHY_CHANGE_HEADING.match(block.text.strip()):
            # "Kvifor må vi endre oss?": what stands under it is what is wrong
            cue, word = "challenge", block.text.split()[0].lower()
        if block.text == self.draft.title and not self.stack:
            return  # the document's title heads everything, it is no section
        if (
            self._attached_plan is not None
            and block.index == self.doc.blocks[self._attached_plan].index
        ):
            self.stack.clear()
            return  # "Vedlegg: Handlingsplan for ...": the appended plan's title
        if self._proposals_are_measures and _PROPOSAL_HEADING.match(block.text.strip()):
            # "3 Forslag til vedtak" in a memo with no measures elsewhere: what it proposes
            # to do are the measures (a procedural point stays out, see _make_item)
            cue, word = "measure", block.text.strip().rstrip(":").lower()
        if _PARTIES_HEADING.match(block.text.strip()):
            cue, word = "skip", block.text.strip()  # "Partar": the parties of an agreement
        if cue is None and _DUTY_HEADING.match(block.text.strip()):
            # "Helseføretaket sitt ansvar", "Felles ansvar": what a party shall do
            cue, word = "measure", "ansvar"
        triad_part = _AUDIT_PART.match(block.text.strip()) if self._triad else None
        if triad_part:
            # "### Vurdering" / "### Tilråding" after "### Funn" in an audit report
            cue = "skip" if triad_part.group("assessment") else "measure"
            word = block.text.strip()
        parent_cue = next((h.cue for h in reversed(self.stack) if h.cue), None)
        heading = _Heading(block, level, cue, word)
        heading.findings = self._triad and bool(_FINDINGS_HEADING.match(block.text.strip()))
        finding = _FINDING_HEADING.match(block.text.strip())
        if finding and (self._audit or re.search(r"\d", block.text)):
            self._enter_finding(heading, finding.group("text"))
            return
        # A numbered heading with body text under a measure/goal section is an item itself.
        body = _body(blocks, i)
        numbered_item = bool(
            block.number
            and "." not in block.number  # "3.2 Tiltak" is a section, "11. Forbetre ..." an item
            and parent_cue in ("measure", "goal")
            and body
            and cue is None
        )
        # "Rapportering på mål" > "Ventetider" > "Mål: ..." and the results: the sub-heading is
        # the area the stated goal belongs to (an annual report), not a goal itself
        states_goal = any(
            b.kind == "para"
            and (m := _LABELLED_LINE.match(b.text.strip())) is not None
            and _cue(m.group("cue"), heading=False)[0] == "goal"
            for b in body
        )
        # "Strategiske mål" > "Pasienten først" > one short paragraph: the sub-heading names a
        # goal and the paragraph says it (a goal card on a web page, a box in a strategy).
        goal_card = bool(
            not states_goal
            and parent_cue == "goal"
            and cue is None
            and body
            and len(body) <= 2
            and all(b.kind == "para" and len(b.text) <= 400 for b in body)
            and len(block.text.split()) <= 10
            and not _NOT_ITEMS.search(block.text)
        )
        # "Våre mål" > "Pasientene opplever sammenhengende tjenester" > a paragraph, then
        # "Slik gjør vi det:" over bullets: the sub-heading is a goal, the paragraph says it,
        # and the bullets stay the measures that reach it.
        lead_at = (
            _goal_over_measures(body)
            if parent_cue == "goal" and cue is None and not states_goal
            else None
        )
        if (
            lead_at is not None
            and len(block.text.split()) <= 10
            and not _NOT_ITEMS.search(block.text)
        ):
            said = body[:lead_at]
            self._add(
                DraftItem(
                    id=self._new_id("goal"),
                    kind="goal",
                    label=block.text,
                    text="\n\n".join(b.text for b in said),
                    section=self._section(),
                    paragraph=block.index,
                    page=block.page,
                    number=_int(block.number),
                    confidence=0.75,
                    reason=(
                        f"kort underoverskrift under «{self._section()}» over et avsnitt og "
                        "tiltakspunkter: overskriften navngir målet"
                    ),
                )
            )
            self._consumed |= {b.index for b in said}
            self.stack.append(heading)
            return
        if numbered_item or goal_card:
            kind = parent_cue
            assert kind is not None
            item = DraftItem(
                id=self._new_id(kind),
                kind=kind,
                label=block.text,
                text="\n\n".join(b.text for b in body),
                section=self._section(),
                paragraph=block.index,
                page=block.page,
                number=_int(block.number),
                confidence=0.8,
                reason=(
                    f"nummerert overskrift ({block.number}) med brødtekst under «{self._section()}»"
                    if numbered_item
                    else f"underoverskrift med et kort avsnitt under «{self._section()}»: "
                    "overskriften navngir målet, avsnittet sier det"
                ),
                status=self._status(),
                theme=self._theme_for() if kind == "measure" else None,
            )
            self._add(item)
            self._consumed |= {b.index for b in body}
            return
        # "Mål 1: Vi gjev pasientane rett behandling": a heading that labels one goal is that
        # goal; what stands under it is read in its context.
        labelled = _LABELLED_LINE.match(block.text.strip())
        if (
            labelled
            # the label word decides ("Mål 2: Betre oppfølging heime" is a goal, though
            # "oppfølging" alone would cue measures)
            and _cue(labelled.group("cue"), heading=False)[0] == "goal"
            and len(labelled.group("text").split()) >= 3
        ):
            self._goal_from_heading(block, labelled.group("text"))
            self.stack.append(heading)
            return
        # A heading whose section holds items but names no kind is a theme area.
        if (
            cue is None
            and _section_has_items(blocks, i, level, self.doc.format)
            and not _NO_TOPIC_HEADING.match(block.text.strip())
        ):
            heading.theme_id = "pending"
        if cue is None and states_goal and not _NOT_ITEMS.search(block.text):
            heading.theme_id = "pending"
        if (
            cue is None
            and parent_cue in ("measure", "challenge")
            and _section_has_text(blocks, i, level, self.doc.format)
            and not _NOT_ITEMS.search(block.text)
        ):
            # "Tiltak" > "Teknologi" > a paragraph: the sub-heading is a theme whatever stands
            # under it, like its siblings over lists.
            heading.theme_id = "pending"
        if (
            cue == "theme"
            and not _section_has_items(blocks, i, level, self.doc.format)
            and not _KIND_WORD_HEADING.match(block.text)
        ):
            heading.theme_id = "pending"
        if (
            cue in ("measure", "challenge")
            and heading.theme_id is None
            and not _KIND_WORD_HEADING.match(block.text.strip())
            and _kind_subsections(blocks, i, level, self.doc.format)
        ):
            # "3.3 Hjelp og oppfølging" over "Utfordring", "Mål" and "Tiltak": the sub-headings
            # name the kinds, so the heading names the area, though one of its words
            # ("oppfølging") is a kind word too
            heading.theme_id = "pending"
            heading.cue = None
            cue = None
        if (
            cue == "measure"
            and heading.theme_id is None
            and parent_cue == "measure"
            and block.number
            and "." in block.number.strip(".")
            and not _KIND_WORD_HEADING.match(block.text.strip())
            and _section_has_items(blocks, i, level, self.doc.format)
            and _sibling_is_theme(blocks, i, self.doc.format)
        ):
            # "5 Tiltaksplan" > "5.1 Tidlig rehabilitering", "5.2 Overgangen til kommunen",
            # "5.3 Oppfølging etter utskrivning": the numbered sections of a measures chapter
            # name its areas, the last one too, though "oppfølging" is a measure word
            heading.theme_id = "pending"
            heading.cue = None
            cue = None
        if (
            cue in ("measure", "challenge")
            and heading.theme_id is None
            and self._triad
            and not _KIND_WORD_HEADING.match(block.text.strip())
            and _findings_in_section(blocks, i, level, self.doc.format)
        ):
            # "C Styring og oppfølging" over "Funn", "Vurdering" and "Tilråding" in an audit
            # report: the heading names the area audited, though "oppfølging" is a kind word
            heading.theme_id = "pending"
            heading.cue = None
            cue = None
        if (
            cue == "measure"
            and heading.theme_id is None
            and (word or "").lower() in ("oppfølging", "oppfylging")
            and len(block.text.split()) >= 2
            and not _KIND_WORD_HEADING.match(block.text.strip())
            and _section_has_items(blocks, i, level, self.doc.format)
            and _previous_sibling_area(blocks, i, self.doc.format)
        ):
            # "Utredning", then "Behandling og oppfølging", then "Samarbeid med fastlegene": a
            # heading among area headings names an area too, though "oppfølging" is a kind word
            heading.theme_id = "pending"
            heading.cue = None
            cue = None
        if (
            cue in ("measure", "challenge")
            and heading.theme_id is None
            and not _KIND_WORD_HEADING.match(block.text.strip())
            and _numbered_hierarchy(blocks, i)
        ):
            # "2 Oppfølging i skulen" over "2.1 ...", "2.2 ..." and "2.2.1 ...": a plan numbered
            # in prose under its areas; the number heads a chapter of mixed points, an area,
            # though one of its words ("oppfølging") is a kind word too
            heading.theme_id = "pending"
            heading.cue = None
            cue = None
        if cue is not None and cue != "goal" and _AREA_LINE.match(block.text.strip()):
            # "Grep 2: Samla tilbod ..." as a heading (a plain-text file, a styled line): one
            # area, like "Innsatsområde 2: ..."; what stands under it is read by its own cues
            heading.theme_id = "pending"
            heading.cue = None
        if cue == "theme" and _NAMED_THEME.search(block.text):
            # "Innsatsområde 2: Tidleg innsats" names one theme; its lists are not themes
            heading.theme_id = "pending"
            heading.cue = None
        self.stack.append(heading)
        if heading.theme_id == "pending":
            reason = (
                (
                    "overskrift over punkter, uten eget stikkord: tema"
                    if _section_has_items(blocks, i, level, self.doc.format)
                    else f"underoverskrift under «{self.stack[-2].block.text}»: tema"
                    if len(self.stack) > 1
                    # a top-level section that states its goals ("Mål 2.1: ..."), the plan's
                    # title taken off as the title: no heading above it
                    else "overskrift over mål, uten eget stikkord: tema"
                )
                if cue is None
                else f"overskrift med stikkord «{word}»"
            )
            heading.theme_id = self._theme_from_heading(
                heading, 0.65 if cue is None else 0.8, reason
            )
        elif (
            cue is None
            and block.number
            and not _NO_TOPIC_HEADING.match(block.text.strip())
            and _numbered_sections_hold_items(blocks, i, block.number)
        ):
            # "2.1 Tidleg innsats" over "2.1.1 Mål" and "2.1.2 Tiltak", all styled alike: the
            # numbers say the sub-sections stand under it, so it is the area they belong to
            heading.theme_id = self._theme_from_heading(
                heading, 0.65, "nummerert overskrift over nummererte underavsnitt med punkter: tema"
            )

    def _enter_finding(self, heading: _Heading, told: str | None) -> None:
        """A heading such as "Avvik 1" or "Merknad": a finding of an audit. The finding (the heading's own words
        after a colon, else the paragraph under it) is a challenge; the evidence that follows is
        no item, nor is the heading a theme."""
        heading.finding = True
        self.stack.append(heading)
        if told:
            heading.finding_told = True
            block = heading.block
            label, label_kind, note = _label_for(told)
            item = DraftItem(
                id=self._new_id("challenge"),
                kind="challenge",
                label=label,
                text=block.text,
                section=block.text,
                paragraph=block.index,
                page=block.page,
                label_kind=label_kind,
                editorial_note=note,
                confidence=0.7,
                reason=f"overskriften «{_short(block.text, 30)}» navngir et funn (avvik/merknad)",
            )
            item.theme = self._ensure_theme()
            self._add(item)

    def _finding_paragraph(self, block: Block) -> None:
        """The first paragraph under a finding states it (its first sentence, with the
        sentences that only narrow it); the later ones are the evidence."""
        heading = self.stack[-1]
        if heading.finding_told or _FIELD_LABEL.match(block.text.strip()):
            return
        heading.finding_told = True
        text = block.text
        spans = split_sentences(text)
        if not spans:
            return
        end = spans[0][1]
        for a, b in spans[1:]:
            if not _ANAPHORIC_START.match(text[a:b].strip()):
                break
            end = b
        self._prose_item(
            block,
            "challenge",
            f"første avsnitt under «{heading.block.text}»: funnet (avvik/merknad) med egne ord",
            0.65,
            text=text[spans[0][0] : end].strip(),
        )

    def _goal_from_heading(self, block: Block, text: str) -> None:
        label, label_kind, note = _label_for(text)
        item = DraftItem(
            id=self._new_id("goal"),
            kind="goal",
            label=label,
            text=block.text,
            section=self._section(),
            paragraph=block.index,
            page=block.page,
            number=_int(block.number),
            label_kind=label_kind,
            editorial_note=note,
            confidence=0.8,
            reason=f"overskriften starter med «{block.text.split(':')[0]}:» og navngir ett mål",
        )
        if self._add(item) is not None and re.match(r"\s*delmål\b", block.text, re.IGNORECASE):
            self._note_main_goal(item)

    def _note_main_goal(self, sub: DraftItem) -> None:
        """A "Delmål 1.2: ..." goal: the "Mål 1" it stands under (by its number, else the goal
        that heads its section) is kept as a note of the source. The ontology has no sub-goal
        property (pg:contributesTo is for judged links of measures and challenges), so the
        importer states the source's hierarchy in words rather than as a link."""
        number = re.match(r"\s*delmål\s*(\d{1,2})\.\d", sub.text, re.IGNORECASE)
        main: DraftItem | None = None
        goals = [g for g in self.draft.items if g.kind == "goal" and g is not sub]
        if number:
            main_label = re.compile(
                rf"^\s*(?:hovud|hoved)?mål\s*{number.group(1)}\s*:", re.IGNORECASE
            )
            main = next((g for g in reversed(goals) if main_label.match(g.text)), None)
        if main is None and self.stack:
            heading = self.stack[-1].block
            main = next(
                (
                    g
                    for g in reversed(goals)
                    if g.paragraph == heading.index
                    and re.match(r"\s*(?:hovud|hoved)?mål\b", g.text, re.IGNORECASE)
                ),
                None,
            )
        if main is not None:
            sub.notes.append(
                f"In the source this sub-goal stands under the goal '{_short(main.text, 120)}'."
            )

    def _status(self) -> str | None:
        path = " ".join(self._path()).lower()
        if re.search(r"under planlegging|planlagde|planlagte|kandidat", path):
            return "UnderPlanning" if "kandidat" not in path else "Candidate"
        if re.search(r"oppstart|gjennomføring|pågåande|pågående|igangsatt|sett i gang", path):
            return "StartingOrRunning"
        return None

    def _list(self, items: list[Block], lead: Block | None) -> None:
        if all(b.index in self._consumed for b in items):
            return
        if items[0].hint is not None:
            self._table(items)
            return
        lead_cue, lead_word = (
            _cue(_last_sentence(lead.text), heading=False) if lead is not None else (None, None)
        )
        if (
            lead is not None
            and _WANT_LABEL.match(lead.text.strip())
            and all(b.text.strip()[:1].islower() for b in items if b.level == 0)
            and self._how_label_follows(items[-1].index)
        ):
            # "Vi vil" over "ha ...", "at ...", "redusere ..." beside "Slik gjør vi det" over
            # the measures (a spread's two columns, read one after the other): the bullets
            # complete "Vi vil" with what is to be reached, goals, whatever verb they open with
            lead_cue, lead_word = "goal", lead.text.strip().rstrip(":").lower()
        if lead is not None and _HINDRANCE_LEAD.search(lead.text):
            # "Ledergruppen har vurdert hva som kan hindre at målene nås:": what stands in the
            # goals' way, so each bullet is a risk to them (a challenge), not a goal
            lead_cue, lead_word = "challenge", _HINDRANCE_LEAD.search(lead.text).group(0)  # type: ignore[union-attr]
        if lead is not None and _DECISION_LEAD.match(lead.text.strip()):
            # minutes: "Vedtak:", "Konklusjon:", "Aksjonspunkt:" over bullets: what the meeting
            # decided is to be done, measures (a procedural one, "... til orientering", stays out)
            lead_cue, lead_word = "measure", lead.text.strip().rstrip(":").strip("*_ ").lower()
        if lead is not None and _AGREED_LEAD.match(lead.text.strip()):
            # minutes: "Vi ble enige om:" over bullets: what the meeting agreed to do, measures
            # (a procedural point, "Saken tas opp igjen på neste møte", stays out)
            lead_cue, lead_word = "measure", lead.text.strip().rstrip(":").strip("*_ ").lower()
        if lead is not None and _PLAN_ITSELF_LEAD.match(lead.text.strip()):
            return  # "Handlingsplanen:" - bullets that describe the plan itself
        if lead is not None and _ATTACHMENTS_LEAD.match(lead.text.strip()):
            return  # "Vedlegg:" over "1. Årsrapport 2026": the papers sent with it, no items
        if (
            lead is not None
            and _LEAD_IN_NOT_ITEMS.search(lead.text)
            and not _PLAN_MADE_OF.match(lead.text.strip())
        ):
            lead_cue, lead_word = "skip", _LEAD_IN_NOT_ITEMS.search(lead.text).group(0)  # type: ignore[union-attr]
        if lead is not None and lead_cue is None and re.search(r"\bå\s*:\s*$", lead.text):
            # "Helseføretaket har ansvar for å:", "Kommunen forpliktar seg til å:": each item
            # completes the sentence with what is to be done
            lead_cue, lead_word = "measure", "å:"
        # how many items open with a verb: an item of no cue of its own in such a list that
        # opens with an infinitive ("Overføre ...") is one more of them
        verb_items = sum(1 for b in items if _item_cue(b.text)[0] == "measure")
        head_cue, head_reason, head_conf = self._heading_cue(points=True)
        # "1 Tidleg innsats" > "1.1 Mange born får ikkje ..." > "1.1.1 Opprette ...": a list
        # of three levels whose top points are all short names, with no kind word over it,
        # is a plan numbered in prose; its top points are its areas
        top = [b for b in items if b.level == 0]
        areas_on_top = (
            lead_cue is None
            and head_cue in (None, "theme")
            and len(top) >= 2
            and any(b.level >= 2 for b in items)
            and all(
                len(b.text.split()) <= 8
                and looks_like_heading(b.text)
                and _item_cue(b.text)[0] is None
                and not _STATE_PROBLEM.search(b.text)
                for b in top
            )
        )
        parents: list[DraftItem | None] = []
        for block in items:
            if areas_on_top and block.level == 0:
                parents.clear()
                area = DraftItem(
                    id=self._new_id("theme"),
                    kind="theme",
                    label=block.text.strip(),
                    section=self._section() or block.text.strip(),
                    paragraph=block.index,
                    page=block.page,
                    number=_int(block.number) if block.ordered else None,
                    confidence=0.6,
                    reason="øverste punkt i en liste i tre nivåer uten stikkord: et område",
                )
                added = self._add(area, dedupe=False)
                if added is not None:
                    self._list_areas.add(added.id)
                parents.append(added)
                continue
            del parents[block.level :]
            while len(parents) < block.level:
                parents.append(parents[-1] if parents else None)
            parent = parents[-1] if block.level > 0 and parents else None
            if block.text.strip() in ("", "-", "–"):
                self.draft.notes.append(
                    f"An empty list item at paragraph {block.index}: the list may be cut off."
                )
                parents.append(None)
                continue
            if _DOCUMENT_LINK.search(block.text):
                parents.append(None)  # a link to another document, not an item
                continue
            if _ORG_NAME_ITEM.match(block.text.strip()):
                parents.append(None)  # "Strandvik kommune": a name of a party, not an item
                continue
            if re.match(r"(?:fordi|for å|slik at|dersom|hvis|viss)\b", block.text.strip(), re.I):
                parents.append(None)  # reasons and conditions, not items
                continue
            if (
                parent is not None
                and parent.kind == "measure"
                and (
                    (
                        _item_cue(block.text)[0] != "measure"
                        and (block.text.strip()[:1].islower() or _measure_detail_list(items, block))
                    )
                    # "- [ ] Opne drop-in-testing ..." > "  - [x] avklare bemanning ...": a step
                    # of the measure in lower case, in a list whose measures open in capitals
                    or (
                        block.task
                        and block.text.strip()[:1].islower()
                        and _capital_measures(items, block)
                    )
                )
            ):
                # "- team med fysioterapeut og ergoterapeut" under a measure: a detail of it
                # (who, when, how), not a measure of its own; its words kept on the measure
                parent.notes.append(
                    f"A detail listed under this measure in the source: '{block.text.strip()}'."
                )
                parents.append(None)
                continue
            kind, reason, conf = self._kind_for_item(
                block, parent, lead, lead_cue, lead_word, head_cue, head_reason, head_conf
            )
            if (
                reason.startswith("ingen stikkord; punkt under overskrift")
                and verb_items >= 2
                and verb_items * 3 >= len(items) * 2
                and re.match(r"[A-ZÆØÅa-zæøå]{3,}e\s", block.text.strip())
            ):
                kind, conf = "measure", 0.5
                reason = (
                    "starter med et verb i infinitiv («"
                    + block.text.split()[0]
                    + "»), som de fleste punktene i lista"
                )
            if kind is None or kind == "skip":
                parents.append(None)
                continue
            parts = _split_several(block.text) if kind != "theme" else [block.text]
            made: DraftItem | None = None
            for part in parts:
                made = self._make_item(block, part, kind, reason, conf, parent, len(parts) > 1)
            parents.append(made)

    def _how_label_follows(self, index: int) -> bool:
        """Whether a short label over measures ("Slik gjør vi det", "Dette gjer vi") stands
        after block ``index`` (1-based) before the next heading, right over a list."""
        blocks = self.doc.blocks
        for n in range(index, len(blocks) - 1):
            block = blocks[n]
            if block.kind == "heading":
                return False
            if (
                block.kind == "para"
                and _list_label(block.text)
                and _cue(block.text, heading=False)[0] == "measure"
                and not _WANT_LABEL.match(block.text.strip())
                and blocks[n + 1].kind == "item"
            ):
                return True
        return False

    def _table(self, rows: list[Block]) -> None:
        """Rows of a table whose item column is headed by a kind ("Tiltak", "Mål"), or, when
        the column names no kind, of a table under a heading that does ("Tiltak" > a table
        "Beskrivelse | Ansvar | Frist")."""
        if _results_table(rows):
            # "Tema | 2025 | 2026" over "Arbeidsforhold | 55 % | 50 %": scores of a survey or
            # figures per area, no areas of the plan
            self.draft.notes.append(
                f"A table at paragraph {rows[0].index} gives figures per "
                f"'{rows[0].hint}' (a table of results); its {len(rows)} rows were not read as "
                "items."
            )
            return
        head_cue, head_reason, head_conf = self._heading_cue()
        review = self._past_status_table(rows)
        done: list[int] = []
        skipped: list[int] = []
        used_before = set(self.used_themes)
        made = 0
        area_rows: set[int] = set()
        indicators: list[int] = []
        references: list[int] = []
        for block in rows:
            if block.hint and _INDICATOR_HINT.match(block.hint.strip()):
                indicators.append(block.index)  # "Styringsparameter | Mål 2025 | 2024 | ..."
                continue
            if _MEASURE_REFERENCE.match(block.text.strip()):
                references.append(block.index)  # "Tiltak 1–3": refers back, no new measure
                continue
            cue, word = _cue(block.hint or "", heading=False)
            if cue == "theme" and self._known_theme(block.text):
                # "Satsingsområde | Ansvarleg": a closing table that repeats the areas
                continue
            reason = f"rad i en tabell med kolonnen «{block.hint}» (stikkord «{word}»)"
            conf = 0.85
            if cue in (None, "skip") and head_cue in ("measure", "goal", "challenge"):
                cue = head_cue
                reason = f"rad i en tabell (kolonnen «{block.hint}») {head_reason}"
                conf = head_conf - 0.1
            if cue in (None, "skip", "theme") and block.hint and not _THEME.search(block.hint):
                skipped.append(block.index)
                continue
            assert cue is not None
            if (
                review
                and cue == "measure"
                and any(
                    k.startswith("status") and _DONE_STATUS.match(v.strip())
                    for k, v in block.fields.items()
                )
            ):
                done.append(block.index)  # last year's measure, finished or closed
                continue
            area = next(
                (
                    (k, v)
                    for k, v in block.fields.items()
                    if _AREA_COLUMN.match(k.strip()) and v.strip()
                ),
                None,
            )
            for marked_area in block.marks:
                # the areas of the 'x' columns, as themes in the order of the columns
                self._theme_from_cell(block, marked_area, marked_area, cue)
            if cue == "challenge" and area is not None:
                # the row names its own area: its theme, not one made of the heading above
                theme = self._theme_from_cell(block, area[0], area[1], cue)
                area_rows.add(block.index)
                item = self._make_item(block, block.text, cue, reason, conf, None, False, theme)
            elif cue == "measure" and _POINTS_ELSEWHERE.match(block.text.strip()):
                self._pointer_row(block)  # "Sjå tiltak under ...": the row's challenge only
                continue
            else:
                parts = _cell_measures(block.text) if cue == "measure" else [block.text]
                for part in parts[:-1]:
                    self._make_item(block, part, cue, reason, conf, None, True)
                item = self._make_item(block, parts[-1], cue, reason, conf, None, len(parts) > 1)
            if item is None:
                continue
            made += 1
            if block.marks:
                self._marked_areas(block, item, cue)
            if block.number and cue in ("goal", "challenge"):
                # "ID | Mål": the goal's own number, which a table of measures may refer to
                self._item_ids[(cue, _normalise(block.number))] = item
            for key, value in block.fields.items():
                if _ID_COLUMN.match(key.strip()) and _cue(key, heading=False)[0] == cue:
                    # "Mål-ID | Mål 2027": the row's own ID, which other tables refer to
                    self._item_ids[(cue, _normalise(value))] = item
                    continue
                column_kind = _cue(key, heading=False)[0] if cue == "measure" else None
                if cue == "challenge" and _cue(key, heading=False)[0] == "goal":
                    # "Innsatsområde | Utfordring | Mål": the goal beside the area's challenge
                    column_kind = "goal"
                if column_kind in ("goal", "challenge") and (
                    _ID_COLUMN.match(key.strip()) or _ID_VALUES.match(value.strip())
                ):
                    # "Mål-ID: M1, M2": a reference to goals by their IDs, no goal itself
                    self._id_reference(key, value, column_kind, item)
                    continue
                if cue == "measure" and _RISK_COLUMN.match(key.strip()):
                    column_kind = "challenge"  # "Uønsket hendelse | S | K | Tiltak": the risk
                if cue in ("measure", "challenge", "goal") and _AREA_COLUMN.match(key.strip()):
                    column_kind = "theme"  # "Område | Status | Utfordring": the row's area
                if column_kind == "theme":
                    item.theme = self._theme_from_cell(block, key, value, cue)
                    area_rows.add(block.index)
                    continue
                if column_kind in ("goal", "challenge"):
                    self._cell_item(block, key, value, column_kind, item)
                    continue
                if cue == "challenge" and (
                    _cue(key, heading=False)[0] == "measure" or _PROPOSAL_COLUMN.match(key.strip())
                ):
                    self._proposed_measure(block, key, value, item)
                    continue
                if re.match(r"ansvar|eier|eigar|ansvarleg|ansvarlig", key):
                    item.responsible = value
                elif re.match(r"frist|tid|når|periode|år", key):
                    item.deadline = value
                elif re.match(r"status", key):
                    status = _table_status(value)
                    if status:
                        item.status = status
                    else:
                        item.notes.append(
                            f"Status in the source: '{value}' (no matching plangraph status)."
                        )
                elif cue == "measure" and value.strip() not in ("", "-", "–", "—"):
                    # "Tiltak | Kommunen | Sykehuset", "Hva | Hvordan", "Skildring: ...": who
                    # does what, or how, in the row's other columns: its details, kept as a
                    # note on the measure (no item of its own)
                    item.notes.append(f"In the source the column '{key}' says: '{value.strip()}'.")
        if made and len(area_rows) == made:
            # every row names its own area: the heading over the table ("Status per område")
            # is no theme because of these rows
            self.used_themes = used_before
        if indicators:
            self.draft.notes.append(
                f"A table at paragraph {indicators[0]} lists indicators (its first column "
                f"'{rows[0].hint}'); its {len(indicators)} rows measure goals and were not read "
                "as items."
            )
        if references:
            self.draft.notes.append(
                f"A table at paragraph {references[0]} refers back to numbered measures "
                f"('{_short(rows[0].text, 30)}'); its {len(references)} such cells were not read "
                "as new measures."
            )
        if done:
            self.draft.notes.append(
                f"A table at paragraph {done[0]} gives the status of last period's measures; "
                f"its {len(done)} rows marked finished or closed were not read as measures of "
                "the plan ahead (the rows carried forward were)."
            )
        if skipped:
            self.draft.notes.append(
                f"A table at paragraph {skipped[0]} names no kind in its columns or heading; "
                f"its {len(skipped)} rows were not read as items."
            )

    def _past_status_table(self, rows: list[Block]) -> bool:
        """Whether a table reports the status of an earlier period's measures in a document
        that sets out the measures of a later one (an annual report: "Status for tiltak i
        2027" before "Tiltak for 2028"), and carries some rows forward ("Videreføres")."""
        section = " ".join(self._path())
        past = _PAST_STATUS_HEADING.search(section)
        if past is None:
            return False
        year = int(past.group("year"))
        later = any(
            b.kind == "heading"
            and _cue(b.text)[0] == "measure"
            and any(int(y) > year for y in re.findall(r"\b(20\d\d)\b", b.text))
            for b in self.doc.blocks
        )
        carried = any(
            k.startswith("status") and _CARRIED_STATUS.match(v.strip())
            for b in rows
            for k, v in b.fields.items()
        )
        return later and carried

    def _marked_areas(self, block: Block, item: DraftItem, kind: str) -> None:
        """A row of a table with one 'x' column per area: every area column is a theme (in
        the order of the columns); the row's item belongs to the first area it is marked
        under, and keeps a note of the others (plangraph gives an item one theme)."""
        themes = {area: self._theme_from_cell(block, area, area, kind) for area in block.marks}
        marked = [area for area, on in block.marks.items() if on]
        if not marked:
            return
        item.theme = themes[marked[0]]
        item.reason += f"; merket med x under området «{marked[0]}»"
        for other in marked[1:]:
            item.notes.append(
                f"In the source this {item.kind} is also marked under the area '{other}'."
            )

    def _id_reference(self, column: str, value: str, kind: str, item: DraftItem) -> None:
        """A cell that refers to goals (or challenges) by their IDs ("M1", "M1, M2"): the item
        keeps a note of each, with the text of the goal the plan gives that ID, if it does."""
        for ref in re.split(r"\s*(?:,|;|/|&|\bog\b)\s*", value.strip()):
            if not ref:
                continue
            named = self._item_ids.get((kind, _normalise(ref)))
            said = f" ('{_short(named.text or named.label, 80)}')" if named is not None else ""
            item.notes.append(
                f"In the source this {item.kind} refers to the {kind} '{ref}'{said} "
                f"(column '{column}')."
            )

    def _known_theme(self, text: str) -> bool:
        """Whether a theme of this name (or the name after "Satsingsområde 1:") is already
        read."""
        key = _normalise(text)
        for item in self.draft.items:
            if item.kind != "theme":
                continue
            named = re.match(r"^[^:]{2,40}\d\s*[:.–-]\s*(.+)$", item.label)
            if key in (_normalise(item.label), _normalise(named.group(1)) if named else None):
                return True
        return False

    def _theme_from_cell(self, block: Block, column: str, value: str, kind: str) -> str:
        """The theme named in a table's theme column ("Innsatsområde"), one per distinct
        value."""
        for existing in self.draft.items:
            if existing.kind == "theme" and _normalise(existing.label) == _normalise(value):
                return existing.id
        theme = DraftItem(
            id=self._new_id("theme"),
            kind="theme",
            label=value,
            section=self._section() or value,
            paragraph=block.index,
            page=block.page,
            confidence=0.75,
            reason=f"kolonnen «{column}» i en tabell over {_TABLE_OF[kind]}",
        )
        self._add(theme, dedupe=False)
        return theme.id

    def _cell_item(
        self, block: Block, column: str, value: str, kind: str, measure: DraftItem
    ) -> None:
        """A goal or challenge named in a column of a table of measures ("Delmål"): an item
        once per distinct value; the measure keeps a note of the row it shares with it (a
        statement of the source, not a link the importer judged)."""
        if _NUMBER_REFERENCE.match(value.strip()):
            # "Mål | 2.1": the number of a goal the plan states elsewhere ("Mål 2.1: ..."),
            # a reference, never a goal of its own
            measure.notes.append(
                f"In the source table this measure refers to {kind} '{value.strip()}' "
                f"(column '{column}')."
            )
            return
        key = _normalise(value)
        found = next(
            (
                i
                for i in self.draft.items
                if i.kind == kind and _normalise(i.text or i.label) == key
            ),
            None,
        )
        if found is None:
            label, label_kind, note = _label_for(value)
            found = DraftItem(
                id=self._new_id(kind),
                kind=kind,
                label=label,
                text=value,
                section=self._section(),
                paragraph=block.index,
                page=block.page,
                label_kind=label_kind,
                editorial_note=note,
                confidence=0.75,
                reason=f"kolonnen «{column}» i en tabell over tiltak",
            )
            if kind == "challenge":
                found.theme = measure.theme or self._ensure_theme()
            elif measure.kind == "challenge":
                found.theme = measure.theme  # the goal beside an area's challenge: that area's
            self._add(found, dedupe=False)
        measure.notes.append(
            f"In the source table this {measure.kind} stands in the row of the {kind} "
            f"'{_short(value, 80)}' (column '{column}')."
        )

    def _proposed_measure(
        self, block: Block, column: str, value: str, challenge: DraftItem
    ) -> None:
        """The measure a register of problems proposes beside each one ("Nr | Område |
        Utfordring | Foreslått tiltak | Prioritet"): a measure of the challenge's area, once
        per distinct text; an empty cell, a dash or a cross-reference to another row ("Sjå nr.
        9") proposes none."""
        text = value.strip()
        if (
            not text
            or _CROSS_REFERENCE_CELL.match(text)
            or _MEASURE_REFERENCE.match(text)
            or _NUMBER_REFERENCE.match(text)
        ):
            if text:
                challenge.notes.append(f"In the source the column '{column}' says '{text}'.")
            return
        key = _normalise(text)
        if any(
            i.kind == "measure" and _normalise(i.text or i.label) == key for i in self.draft.items
        ):
            return
        label, label_kind, note = _label_for(text)
        measure = DraftItem(
            id=self._new_id("measure"),
            kind="measure",
            label=label,
            text=text,
            section=self._section(),
            paragraph=block.index,
            page=block.page,
            label_kind=label_kind,
            editorial_note=note,
            confidence=0.7,
            reason=f"kolonnen «{column}» ved en utfordring i en tabell",
        )
        measure.theme = challenge.theme
        measure.notes.append(
            f"In the source table this measure is proposed for the challenge "
            f"'{_short(challenge.text or challenge.label, 80)}'."
        )
        self._add(measure, dedupe=False)

    def _kind_for_item(
        self,
        block: Block,
        parent: DraftItem | None,
        lead: Block | None,
        lead_cue: str | None,
        lead_word: str | None,
        head_cue: str | None,
        head_reason: str,
        head_conf: float,
    ) -> tuple[str | None, str, float]:
        own, own_reason = _item_cue(block.text)
        if parent is not None and parent.id in self._list_areas:
            parent = None  # a point under an area of a list numbered in prose: its phrasing
        if (
            parent is not None
            and parent.kind in ("goal", "challenge")
            and own == "measure"
            and lead_cue is None
            and head_cue is None
        ):
            # "1.3 Innen 2029 skal alle ... få ..." > "1.3.1 Innføre ...": in a list whose kinds
            # only its phrasing tells (no kind word over it), points that open with a verb
            # under a goal or a problem are the measures that answer it, not sub-goals
            return (
                "measure",
                f"{own_reason}, under «{_short(parent.label)}» ({_KIND_NB[parent.kind]})",
                0.55,
            )
        if parent is not None:
            kind: str | None = parent.kind
            if kind == "theme":  # items under a theme bullet take the section's kind
                kind = (
                    lead_cue
                    if lead_cue not in (None, "theme", "skip")
                    else (
                        head_cue if head_cue not in (None, "theme", "skip") else own or self.default
                    )
                )
                if kind is None:
                    return None, "", 0.0
            return kind, f"underpunkt til «{_short(parent.label)}»", min(parent.confidence, 0.75)
        if lead_cue == "skip":
            return "skip", "", 0.0
        if lead_cue is not None and lead is not None:
            conf = 0.85 if own in (None, lead_cue) else 0.7
            if not lead.text.rstrip().endswith(":"):
                conf -= 0.15
            reason = f"innledes av «{_short(lead.text, 60)}» (stikkord «{lead_word}»)"
            if own == lead_cue:
                reason += f"; {own_reason}"
            return lead_cue, reason, conf
        if head_cue == "skip":
            return "skip", "", 0.0
        if (
            head_cue == "measure"
            and _TARGET_STATE.search(block.text)
            and not _ASKS.match(block.text.strip())
            and any(
                h.cue == "measure" and _ASSIGNMENT_WORD.match(h.cue_word or "") for h in self.stack
            )
        ):
            # "Oppdrag og styringskrav" > "Ventetida skal vere under 40 dagar": an owner's
            # requirements mix targets (a state to reach) with tasks
            return (
                "goal",
                f"{head_reason}, men punktet sier en tilstand som skal nås («skal vere/ha»)",
                0.6,
            )
        if head_cue is not None:
            conf = head_conf + (0.05 if own == head_cue else 0.0)
            reason = head_reason + (f"; {own_reason}" if own == head_cue else "")
            if head_cue == "theme" and block.ordered is False and own == "measure":
                reason += "; verbstart, men lista står under et tema-stikkord"
            return head_cue, reason, min(conf, 0.9)
        state = (
            (_STATE_PROBLEM.search(block.text) or _DEFICIENT.search(block.text))
            if lead_cue is None
            else None
        )
        skal = re.search(r"\bskal\b", block.text, re.IGNORECASE)
        if (
            own == "goal"
            and state is not None
            and skal is not None
            and state.start() < skal.start()
        ):
            # "Mange skular har ikkje ein plan for korleis dei skal ...": the "skal" stands in a
            # clause of what is missing; the point states a problem, no goal
            own = None
        if own is None and lead_cue is None and _HOW_QUESTION.match(block.text.strip()):
            # "Hvordan sikrer vi at ...?" with no kind word over it: an open question of the
            # area, what it has not solved
            return "challenge", "ingen stikkord; punktet er et spørsmål om hvordan vi når noe", 0.5
        if own is not None:
            return own, own_reason, 0.55
        if state is not None:
            # "Fastlegane har ikkje ei felles oversikt ...", "Bruken av ... er høg": a point
            # with no kind word over it that states what is wrong now is a challenge
            return (
                "challenge",
                f"ingen stikkord; punktet sier hva som er galt i dag («{state.group(0).strip()}»)",
                0.5,
            )
        if self.default is not None:
            return (
                self.default,
                f"ingen stikkord; plantypen tilsier {_KIND_NB[self.default]}",
                0.4,
            )
        return "challenge" if self.stack else None, "ingen stikkord; punkt under overskrift", 0.3

    def _make_item(
        self,
        block: Block,
        text: str,
        kind: str,
        reason: str,
        conf: float,
        parent: DraftItem | None,
        split: bool,
        theme: str | None = None,
    ) -> DraftItem | None:
        if kind != "theme" and _NOTED_ONLY.search(text):
            return None  # "Styret tek meldinga til orientering": a procedural decision
        if (
            kind == "measure"
            and _PROCEDURAL_DECISION.search(text)
            and any(_PROPOSAL_HEADING.match(h.block.text.strip()) for h in self.stack)
        ):
            return None  # "Fagdirektøren rapporterer om oppfølginga av vedtaket": procedure
        if kind != "theme" and _PROCEDURAL_POINT.search(text.strip()):
            return None  # "Saken tas opp igjen på neste møte": how the meeting goes on
        if kind != "theme" and _POINTS_ELSEWHERE.match(text.strip()):
            return None  # "Sjå tiltak under Samarbeid med fastlegane": a pointer, no item
        if kind == "measure" and self._annual and self._routine(text):
            return None  # "Medarbeidersamtaler" in an annual plan: a routine operation
        label, label_kind, note = _label_for(text)
        numbered = _NUMBERED_GOAL_PREFIX.match(label) if kind == "goal" else None
        if numbered:
            # "Delmål 1: Alle beboere skal ...": the goal, its number left to the position
            label, label_kind = label[numbered.end() :], "editorial"
            note = "plangraph label: the importer left out the goal's numbered prefix."
        if split:
            reason += "; ett av flere punkt i samme kulepunkt (delt ved «;»)"
        item = DraftItem(
            id=self._new_id(kind),
            kind=kind,
            label=label,
            text=text if kind != "theme" else "",
            parent=parent.id if parent is not None and parent.kind == kind else None,
            section=self._section(),
            paragraph=block.index,
            page=block.page,
            number=_int(block.number) if block.ordered else None,
            label_kind=label_kind,
            editorial_note=note,
            confidence=conf,
            reason=reason,
        )
        if theme is None and parent is not None and parent.id in self._list_areas:
            theme = parent.id  # "1.1 ..." under the area "1 Tidleg innsats" of the list
        if kind == "challenge":
            item.theme = (
                theme
                or (parent.theme if parent is not None and parent.theme else None)
                or self._ensure_theme()
            )
        elif kind == "measure":
            item.theme = self._theme_for()
            item.status = self._status()
        elif kind == "goal":
            item.theme = self._theme_for()  # a goal under a topic heading is that topic's
        if kind == "theme":
            item.section = self._section() or text
        elif theme is not None and theme in self._list_areas:
            item.theme = theme
        elif parent is not None and parent.theme in self._list_areas and item.theme is None:
            item.theme = parent.theme  # "1.1.1 ..." under a goal of that area
        return self._add(item)

    def _paragraph(self, block: Block, blocks: list[Block], i: int) -> None:
        if block.index in self._consumed:
            return
        text = block.text
        area = _AREA_LINE.match(text.strip()) if "\n" not in text.strip() else None
        if area:
            # "Grep 2: Samla tilbod ..." as a line of body text: a theme, heading what follows
            # up to the next such line or heading
            while self.stack and self.stack[-1].line:
                self.stack.pop()
            level = (self.stack[-1].level if self.stack else 0) + 1
            heading = _Heading(block, level, None, None, line=True)
            self.stack.append(heading)
            self._area_lines.add(block.index)
            named = _normalise(area.group("text"))
            same = next(
                (t for t in self.draft.items if t.kind == "theme" and _normalise(t.label) == named),
                None,
            )
            if same is not None:
                # "Innsatsområde 1: Tøyforsyning" as the title row of the sheet (or the section)
                # already named "Tøyforsyning": the same area, not another
                heading.theme_id = same.id
                return
            heading.theme_id = self._theme_from_heading(
                heading, 0.75, f"linja «{_short(text, 30)}» navngir ett område: tema"
            )
            return
        if _META_LINE.match(text.strip()) or _CONTACT_LINE.search(text.strip()):
            return  # "Vedlegg: ...", "Kopi til: ...", "Kontakt: ...": the paper's furniture
        if _WHY_LABEL.match(text.strip()):
            self._why_paragraphs(block, blocks, i)
            return
        if _INDICATOR_LINE.match(text.strip()):
            # "Indikator: Del av pasientane som ...", "Styringsparameter: Antall ...": how a
            # goal is measured, no item; kept as a note on the goal it stands under
            last = self.draft.items[-1] if self.draft.items else None
            if last is not None and last.kind == "goal":
                last.notes.append(f"Measured in the source by: '{text.strip()}'.")
            return
        if self._measure_fields(block, blocks, i):
            return
        said = [text[a:b].strip() for a, b in split_sentences(text)]
        if said and all(_ABOUT_THE_PLAN.match(t) for t in said if t):
            return  # "Planen har tre innsatsområder.": how the plan is divided, no item
        if self._measures_context(said):
            return  # "Tiltakene gjennomføres innenfor dagens budsjett.": no measure
        if _POINTER_LINE.match(text.strip()):
            return  # "Les meir om strategiarbeidet på intranettet.": a pointer, no item
        if _REFERS_TO.match(text.strip()) and len(split_sentences(text)) == 1:
            return  # "Føretaksmøtet viste til oppdragsdokumentet ...": a pointer, no item
        if self._minutes and self.stack and self._minutes_context(block, blocks, i):
            return
        if self._meeting_notes and self.stack and self._reported_concerns(block):
            return
        if self._table_area_opening(block, blocks, i):
            return
        finding_line = _FINDING_LINE.match(text.strip()) if self._audit else None
        if finding_line and not (self.stack and self.stack[-1].cue == "skip"):
            # "Avvik 2: Foretaket sikrer ikke at ...": a finding of the audit, told in one line
            item = self._make_item(
                block,
                text.strip(),
                "challenge",
                f"linja starter med «{text.split(':')[0].strip()}:» (et funn i tilsynet)",
                0.7,
                None,
                False,
            )
            if item is not None:
                item.label, item.label_kind, item.editorial_note = _label_for(
                    finding_line.group("text")
                )
            if self.stack and self.stack[-1].finding:
                self.stack[-1].finding_told = True  # under "Funn": what follows is evidence
            return
        if (
            self.stack
            and self.stack[-1].findings
            and not text.rstrip().endswith(":")
            and not _AUDIT_PART.match(text.strip())
            and not (len(text.split()) <= 3 and _KIND_WORD_HEADING.match(text.strip()))
        ):
            self.stack[-1].finding_told = False  # under "Funn" of an audit: one a paragraph
            self._finding_paragraph(block)
            return
        if self.stack and self.stack[-1].finding:
            self._finding_paragraph(block)
            return
        if _ASSESSMENT_LINE.match(text.strip()):
            # "Vurdering: Målet ble ikke nådd. Den viktigste årsaken er mangel på ...": an
            # assessment of a result; only a sentence naming a cause or bottleneck is an item
            for m2 in _CHALLENGE_SENTENCE.finditer(text):
                self._prose_item(
                    block,
                    "challenge",
                    f"i en vurdering: setningen navngir en årsak eller utfordring "
                    f"(«{_short(m2.group(0).strip(), 40)}»)",
                    0.55,
                    text=_sentence_at(text, m2.start()),
                )
            return
        goal_lead = _GOAL_LEAD_LINE.match(text.strip())
        if goal_lead:
            # "Dette vil vi oppnå: Pasientane skal oppleve ...": the section's goal
            item = self._make_item(
                block,
                text.strip(),
                "goal",
                f"linja starter med «{text.split(':')[0].strip()}:»",
                0.8,
                None,
                False,
            )
            if item is not None:
                item.label, item.label_kind, item.editorial_note = _label_for(
                    goal_lead.group("text")
                )
            return
        # The lead-in of a list is not an item itself.
        if text.rstrip().endswith(":") and i + 1 < len(blocks) and blocks[i + 1].kind == "item":
            return
        # "Styringsmål" / "Oppgaver" as a line of its own in a section (a styringsdokument in
        # Word, where such lines are not styled as headings): a heading over what follows, up
        # to the next such line or heading.
        if "\n" not in text and _SLIDE_QUESTION.match(text.strip()):
            # "Hva ser vi?" / "Hva gjør vi?" as a line of its own on a slide: a sub-heading
            # over what is wrong / what will be done, up to the next such line or heading
            kind, word = _cue(text)
            if kind in ("challenge", "measure"):
                while self.stack and self.stack[-1].line:
                    self.stack.pop()
                level = (self.stack[-1].level if self.stack else 0) + 1
                self.stack.append(_Heading(block, level, kind, word, line=True))
                return
        audit_part = _AUDIT_PART.match(text.strip()) if self._triad and "\n" not in text else None
        if audit_part:
            # "Vurdering" / "Tilråding" as a line of its own after "Funn": the assessment (no
            # items) and the recommendations (measures) of the finding above
            while self.stack and self.stack[-1].line:
                self.stack.pop()
            level = (self.stack[-1].level if self.stack else 0) + 1
            kind = "skip" if audit_part.group("assessment") else "measure"
            self.stack.append(_Heading(block, level, kind, text.strip().rstrip(":"), line=True))
            return
        if "\n" not in text and len(text.split()) <= 3 and _KIND_WORD_HEADING.match(text.strip()):
            kind, word = _cue(text)
            if kind in ITEM_KINDS_SET and kind != "theme":
                while self.stack and self.stack[-1].line:
                    self.stack.pop()
                level = (self.stack[-1].level if self.stack else 0) + 1
                heading = _Heading(block, level, kind, word, line=True)
                heading.findings = self._triad and bool(_FINDINGS_HEADING.match(text.strip()))
                self.stack.append(heading)
                return
        head_cue, head_reason, head_conf = self._heading_cue()
        # a paragraph right under an area's own heading (not under a kind line such as "Mål:")
        area_prose = bool(
            head_cue in (None, "theme")
            and self.stack
            and self.stack[-1].theme_id
            and not self.stack[-1].line
        )
        if area_prose and self._goals_follow(blocks, i):
            # "## Pasientforløp" > "I dag ventar for mange pasientar ...", then "Mål 2.1: ..."
            # or "### Mål": an area's opening paragraph says what is wrong before its goals;
            # the sentences that state a problem are its challenges (a figure or a good
            # experience beside them is context)
            spans = split_sentences(text)
            stated = [
                (a, b)
                for a, b in spans
                if (_SITUATION_PROBLEM.search(text[a:b]) or _staff_strain(text[a:b]))
                and not _PRAISE.search(text[a:b])
            ]
            if stated:
                # once the paragraph states the area's problem, a sentence beside it that names
                # a difficulty ("Institusjonane opplever at det er vanskeleg å ...") is one more
                stated = [
                    (a, b)
                    for a, b in spans
                    if (a, b) in stated
                    or (_CHALLENGE_SENTENCE.search(text[a:b]) and not _PRAISE.search(text[a:b]))
                ]
            if self._opening_challenges(
                block, text, stated, "før måla: setningen sier hva som er problemet", 0.55
            ):
                return
        if area_prose and self._area_opening(blocks, i):
            # "### Lys og lyd" > "Pasientene klager på støy, og lyset kan ikke dempes.", then
            # "Mål: ..." or "Dette gjør vi" over a list or a table of measures: the area's
            # opening prose tells the state it sets out to change; a sentence that says what
            # is lacking or wrong (a negation, a complaint) is its challenge, while a figure, a
            # good experience or a norm quoted beside it ("Nasjonale råd anbefaler ...") is
            # context, no item
            spans = split_sentences(text)
            stated = [
                (a, b)
                for a, b in spans
                if (_SITUATION_PROBLEM.search(text[a:b]) or _STATE_LACKING.search(text[a:b]))
                and not _PRAISE.search(text[a:b])
                and not _states_norm(text[a:b])
            ]
            if self._opening_challenges(
                block,
                text,
                stated,
                "før mål og tiltak: setningen sier hva som mangler eller er galt",
                0.5,
            ):
                return
        if (
            area_prose
            and not text.rstrip().endswith(":")
            and not re.match(r"[^\W\d][\w -]{2,30}:\s", text.strip())  # "Rapportering: ..."
            and not any(
                _GOAL_SENTENCE.match(text[a:b].strip()) for a, b in split_sentences(text)
            )  # "Målet er at ...": the goal is split off first, the rest read after
            and i + 1 < len(blocks)
            and blocks[i + 1].kind == "para"
            and blocks[i + 1].text.rstrip().endswith(":")
            and _cue(_last_sentence(blocks[i + 1].text), heading=False)[0] == "measure"
            and _measures_follow(blocks, i, self.default)
        ):
            # "4.3 Overgangen til kommunen" > "Når pasienter skrives ut, får fysioterapeuten
            # ofte ikke vite ..." > "Dette vil vi gjøre:" and its list: an area's opening
            # paragraph before its measures; the sentences that state a problem are its
            # challenges (a reason why the area matters is not)
            spans = split_sentences(text)
            stated = [
                (a, b)
                for a, b in spans
                if (
                    _SITUATION_PROBLEM.search(text[a:b])
                    or _CHALLENGE_SENTENCE.search(text[a:b])
                    or _STATE_LACKING.search(text[a:b])
                )
                and not _PRAISE.search(text[a:b])
                and not _GOOD_NEWS.search(text[a:b])
                and not _commits(text[a:b])
                and not _PAST_FIGURE.search(text[a:b])
                and not re.search(r"\bskal\b", text[a:b])
            ]
            if self._opening_challenges(
                block, text, stated, "før tiltaka: setningen sier hva som er problemet", 0.5
            ):
                return
        if self._consultation and head_cue is None and self.stack:
            self._consultation_paragraph(block)
            return
        main_goal = _MAIN_GOAL_LINE.match(text.strip())
        if (
            main_goal
            and head_cue == "skip"
            and self.stack
            and _INTRODUCTION_HEADING.match(self.stack[-1].block.text.strip())
        ):
            # "Innleiing" > "**Hovudmål:** Pasientar ... skal ...": the plan states its main
            # goal in its introduction; the rest of the introduction stays context
            head_cue = None
        if main_goal and head_cue != "skip":
            # a box or line "Hovedmål for planperioden: ..." is a goal under any heading
            item = self._make_item(
                block,
                text.strip(),
                "goal",
                f"linja starter med «{text.split(':')[0].strip()}:»",
                0.85,
                None,
                False,
            )
            if item is not None:
                item.label, item.label_kind, item.editorial_note = _label_for(
                    main_goal.group("text")
                )
            return
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            text.rstrip().endswith(":")
            and _ONE_ITEM_LEAD.search(_last_sentence(text))
            and after is not None
            and after.kind == "para"
        ):
            return  # "Arbeidsgruppa foreslår dette hovudmålet:": it announces the goal after it
        before = blocks[i - 1] if i > 0 else None
        if (
            head_cue != "skip"
            and before is not None
            and before.kind == "para"
            and before.text.rstrip().endswith(":")
            and _ONE_ITEM_LEAD.search(_last_sentence(before.text))
            and _cue(_last_sentence(before.text), heading=False)[0] == "goal"
            and len(split_sentences(text)) <= 2
            and _MODAL.search(text)
            and not text.rstrip().endswith(":")
        ):
            # "Arbeidsgruppen foreslår dette hovedmålet:" over one paragraph: that paragraph is
            # the goal the line announces (a list after it would be its items instead)
            self._make_item(
                block,
                text.strip(),
                "goal",
                f"innledes av «{_short(before.text, 50)}» (ett mål, som avsnitt)",
                0.75,
                None,
                False,
            )
            return
        if (
            head_cue == "goal"
            and self.stack
            and _MAIN_GOAL_HEADING.match(self.stack[-1].block.text.strip())
            and len(split_sentences(text)) <= 2
        ):
            # "HOVEDMÅL" over one sentence: that sentence is the plan's main goal, whatever
            # lists the sections after it hold
            self._make_item(
                block,
                text.strip(),
                "goal",
                f"setningen under overskriften «{self.stack[-1].block.text.strip()}»",
                0.8,
                None,
                False,
            )
            return
        if head_cue in (None, "challenge", "theme") and self._purpose_goal(block, blocks, i):
            return
        if head_cue == "goal" and self._goal_sentences_over_list(block, blocks, i):
            return
        if head_cue not in ("skip", "goal"):
            spans = split_sentences(text)
            goal_spans = [(a, b) for a, b in spans if _GOAL_SENTENCE.match(text[a:b].strip())]
            if goal_spans and len(spans) > 1:
                # "... lang veg til ultralyd. Målet er at alle gravide skal ...": the goal
                # sentence is a goal; the rest of the paragraph is read as before
                for a, b in goal_spans:
                    self._prose_item(
                        block,
                        "goal",
                        "setningen starter med «Målet er at»",
                        0.6,
                        text=text[a:b].strip(),
                    )
                rest = " ".join(text[a:b].strip() for a, b in spans if (a, b) not in goal_spans)
                self._paragraph(replace(block, text=rest), blocks, i)
                return
        labelled = _LABELLED_LINE.match(text.strip())
        if (
            labelled
            and re.match(r"(?:sårbar|risiko|problem)", labelled.group("cue"), re.IGNORECASE)
            and len(labelled.group("text").split()) < 4
        ):
            labelled = None  # "Risiko: høy": a rating, no challenge
        if labelled and head_cue != "skip":
            kind, _word = _cue(labelled.group("cue"), heading=False)
            if kind in ITEM_KINDS_SET:
                assert kind is not None
                item = self._make_item(
                    block,
                    text.strip(),
                    kind,
                    f"linja starter med «{labelled.group('cue')}:»",
                    0.85,
                    None,
                    False,
                )
                if item is not None and kind != "theme":
                    item.label, item.label_kind, item.editorial_note = _label_for(
                        labelled.group("text")
                    )
                if item is not None and labelled.group("cue").lower() == "delmål":
                    self._note_main_goal(item)
                return
        # Themes as an inline comma list: "Planen har fire innsatsområde: A, B, C og D."
        m = re.search(r"(?P<cue>[^.:]*?)(?::|\ber\b)\s+(?P<list>[^.]+?,[^.]+)\.?$", text)
        if m and _THEME.search(m.group("cue")) and not _NOT_ITEMS.search(m.group("cue")):
            parts = [
                p.strip().rstrip(".")
                for p in re.split(r",\s*|\s+(?:og|samt)\s+", m.group("list"))
                if p.strip()
            ]
            if 2 <= len(parts) <= 12 and all(len(p.split()) <= 8 for p in parts):
                for part in parts:
                    self._add(
                        DraftItem(
                            id=self._new_id("theme"),
                            kind="theme",
                            label=part[:1].upper() + part[1:] if part[:1].islower() else part,
                            section=self._section() or self.draft.title,
                            paragraph=block.index,
                            page=block.page,
                            label_kind="verbatim" if not part[:1].islower() else "editorial",
                            editorial_note=(
                                None
                                if not part[:1].islower()
                                else "plangraph label: the theme is named inline in a sentence; "
                                "the importer capitalised its first letter."
                            ),
                            confidence=0.75,
                            reason=f"tema i en oppramsing etter «{_short(m.group('cue'), 50)}»",
                        ),
                        dedupe=False,
                    )
                return
        # "Status for tiltakene rapporteres til ledermøtet hvert tertial.": how the plan itself
        # is followed up (reported, evaluated, revised; who answers for carrying it out) is
        # no measure of the plan, even under "Oppfølging".
        if head_cue in ("measure", "challenge") and (
            _is_plan_governance(text) or _follows_up_plan(text)
        ):
            # "Risikoene følges opp i ledergruppens risikoregister." under "Risiko": how the
            # risks are followed up, no challenge
            return
        if head_cue == "measure" and self._plan_follow_up(text):
            return  # under "Oppfølging": who goes through the plan, reports and revises it
        if (
            head_cue == "measure"
            and any(h.cue_word == "ansvar" for h in self.stack)
            and not _MODAL.search(text)
        ):
            return  # under "Kommunen sitt ansvar": a paragraph that states no duty (context)
        first_spans = split_sentences(text)[:1]
        first = text[first_spans[0][0] : first_spans[0][1]].strip() if first_spans else text
        if head_cue == "measure" and _MEASURE_ANNOUNCE.search(first):
            return  # announces the measures after it, or asks someone else to act
        if head_cue in ("measure", "goal") and _COUNTS_ITEMS.search(first):
            return  # "Foretaket fikk fire oppdrag ...": introduces the items, none of them
        if head_cue in ("measure", "challenge", "goal") and _DOCUMENT_ITSELF.match(text.strip()):
            return  # "Kapittelet bygger på ...": about the document, not an item
        if self.stack and _BACKGROUND_HEADING.match(self.stack[-1].block.text.strip()):
            if not self._names_challenges:
                self._background_challenges(block)
            return
        if self._assessed_area():
            self._assessment_paragraph(block)
            return
        commitment = _COMMITMENT.match(first)
        if (
            (
                head_cue is None
                # "Utfordringar og grep" > "Meir behandling heime" > "Vi vil byggje ut ...": a
                # commitment is never a challenge
                or (head_cue == "challenge" and self.stack and self.stack[-1].cue is None)
            )
            and commitment
            and commitment.group("verb").lower() in _VERBS
            and not text.rstrip().endswith(":")
            and not _POINTS_ONWARD.search(first)
        ):
            # "Oppgavedeling" > "Foretaket skal innføre nye modeller ...": under a heading with
            # no kind word, a paragraph that opens by committing the plan's owner to an action
            self._prose_items(
                block,
                "measure",
                f"avsnittet starter med en forpliktelse («{_short(commitment.group(0), 40)}»)",
                0.75,
            )
            return
        # Prose items: a section of measures (or goals) written as paragraphs, no list.
        section_has_list = _section_has_list(blocks, i, self.doc.format)
        if self.stack and self.stack[-1].line:
            # under "Oppgaver" as a line of its own: only what stands under that line counts
            # (a "Styringsmål" table above it is no list of its section)
            section_has_list = any(
                b.kind == "item" and not b.hint
                for b in _until_next_line_heading(blocks, self.stack[-1].block.index)
            )
        if (
            head_cue == "measure"
            and section_has_list
            and len(split_sentences(text)) == 1
            and _TASK_SENTENCE.match(text.strip())
            and not text.rstrip().endswith(":")
            and not _POINTS_ONWARD.search(text)
        ):
            # "Direktøren vil leggje fram ei sak ..." beside the list of a measures section:
            # one sentence that says who will do what is a task of its own
            self._prose_item(
                block,
                "measure",
                head_reason + "; én setning som sier hvem som skal gjøre hva",
                head_conf - 0.2,
            )
            return
        if (
            head_cue == "challenge"
            and section_has_list
            and len(text) > 40
            and not text.rstrip().endswith(":")
            and _before_first_list(blocks, i)
            and _CHALLENGE_WORDING.search(text)
        ):
            # "5.2 Personell" under "Utfordringsbildet": the opening paragraph states a
            # challenge of its own before the lead-in and list of the others
            self._prose_challenges(block, head_reason + "; avsnittet før lista")
            return
        if (
            head_cue in (None, "measure")
            and self.stack
            and self.stack[-1].theme_id
            and self.stack[-1].cue is None
            and len(text) > 40
            and not text.rstrip().endswith(":")
            and not _FIELD_LABEL.match(text.strip())
            and not _TASK_SENTENCE.match(text.strip())
            and not _commits(text)
            and _measures_follow(blocks, i, head_cue or self.default)
            and _BACKGROUND_PROBLEM.search(text)
            and not _GOOD_NEWS.search(text)
        ):
            # an area of an action plan: "Barselomsorg" > "Mange foreldre blir skrivne ut for
            # tidleg ..." > the measures list: the paragraph states the problem they answer
            self._prose_challenges(
                block,
                f"avsnitt om et problem rett før tiltakslista under «{self.stack[-1].block.text}»",
            )
            return
        if (
            head_cue is None
            and self.stack
            and self.stack[-1].theme_id
            and self.stack[-1].cue is None
            and len(text) > 40
            and not text.rstrip().endswith(":")
            and _kind_subsection_follows(blocks, i, self.stack[-1].block)
            and (_BACKGROUND_PROBLEM.search(text) or _DEFICIENT.search(text) or _UNMET.search(text))
            and not _GOOD_NEWS.search(text)
            and not _commits(text)
        ):
            # "2.1 Tidleg innsats" > "Mange familiar ventar for lenge ..." > "2.1.1 Mål": the
            # paragraph that opens an area before its goal and measures states its problem
            self._prose_challenges(
                block,
                f"avsnitt om et problem først under området «{self.stack[-1].block.text}», "
                "før underavsnittene med mål og tiltak",
            )
            return
        # under a sub-heading that only names the kind ("Utfordringar", "Mål", "Funn") even a
        # short sentence is one ("Sjukefråværet er for høgt.")
        long_enough = len(text) > 40 or (
            bool(self.stack)
            and _KIND_WORD_HEADING.match(self.stack[-1].block.text.strip()) is not None
            and len(text.split()) >= 4
            and text.rstrip().endswith((".", "!"))
        )
        if (
            head_cue == "measure"
            and not section_has_list
            and said
            and all(_PAST_FIGURE.search(t) and not _MODAL.search(t) for t in said if t)
        ):
            # "I 2026 ble 2 350 pasienter henvist ... Ventetiden var i snitt 19 uker.": last
            # year's figures under the plan's heading are its context, no measure
            return
        if head_cue in ("measure", "goal") and not section_has_list and long_enough:
            self._prose_items(block, head_cue, head_reason, head_conf)
            return
        if head_cue == "challenge" and not section_has_list and long_enough:
            self._prose_challenges(block, head_reason, titled=True)
            return
        if (
            head_cue == "challenge"
            and section_has_list
            and i > 0
            and blocks[i - 1].kind == "item"
            and not blocks[i - 1].hint
            and not text.rstrip().endswith(":")
            and (
                _PROBLEM_WORDS.search(text)
                or _BACKGROUND_PROBLEM.search(text)
                or _ABOVE_AVERAGE.search(text)
            )
            and not _GOOD_NEWS.search(text)
            and not _DOCUMENT_ITSELF.match(text.strip())
        ):
            # "Talet på tvangsinnleggingar ligg over landsgjennomsnittet ..." right after the
            # list of challenges: one more, told in prose
            self._prose_challenges(block, head_reason + "; avsnittet etter lista")
            return
        if head_cue is None:
            # "Prosjektgruppen ser to hovedutfordringer. Det første er at ... Det andre er at
            # ...": once problems are counted, the sentences that take them in order are they
            spans = split_sentences(text)
            said = [text[a:b].strip() for a, b in spans]
            here = self.stack[-1].block.index if self.stack else 0
            if any(_COUNTED_PROBLEMS.search(sentence) for sentence in said):
                self._problems_counted = here
            ordinals = [t for t in said if _ORDINAL_START.match(t)]
            if ordinals and self._problems_counted == here:
                for sentence in ordinals:
                    self._prose_item(
                        block,
                        "challenge",
                        "setningen tar for seg ett av problemene som er talt opp før den "
                        f"(«{_short(sentence, 30)}»)",
                        0.55,
                        text=sentence,
                    )
                return
        if head_cue in (None, "challenge") or (head_cue == "measure" and self._triad):
            # "Arbeidsgruppen anbefaler i tillegg å lære opp ...": a recommended action
            for a, b in split_sentences(text):
                sentence = text[a:b].strip()
                if _RECOMMENDS.match(sentence) and not _POINTS_ONWARD.search(sentence):
                    self._prose_item(
                        block,
                        "measure",
                        f"setningen anbefaler et tiltak («{_short(sentence, 40)}»)",
                        0.55,
                        text=sentence,
                    )
        sentences = (
            sorted(
                [*_CHALLENGE_SENTENCE.finditer(text), *_WEAKNESS_SENTENCE.finditer(text)],
                key=lambda m: m.start(),
            )
            if head_cue != "skip"
            else []
        )
        if (
            not sentences
            and head_cue is None
            and self._status_topic()
            and not _section_has_list(blocks, i, self.doc.format)
        ):
            self._problem_sentences(
                block,
                _STATUS_PROBLEM.search,
                "i et statusnotat: setningen beskriver noe som mangler eller svikter ({cue})",
                0.5,
            )
            return
        if sentences:
            seen: set[str] = set()
            for m2 in sentences:
                sentence = _sentence_at(text, m2.start())
                if sentence in seen:
                    continue
                seen.add(sentence)
                self._prose_item(
                    block,
                    "challenge",
                    f"setningen navngir en utfordring («{_short(m2.group(0).strip(), 40)}»)",
                    0.6 if head_cue == "challenge" else 0.55,
                    text=sentence,
                )
            return

    def _why_paragraphs(self, label: Block, blocks: list[Block], i: int) -> None:
        """ "Hvorfor er dette viktig?" over an area's paragraphs (up to its "Vi vil" label, list
        or next heading): when they tell a problem (one of them in the words of one, none only
        good news), each of their sentences is a challenge the area answers."""
        if not (self.stack and self.stack[-1].theme_id):
            return
        run: list[Block] = []
        j = i + 1
        while j < len(blocks) and blocks[j].kind == "para":
            t = blocks[j].text.strip()
            if t.endswith(":") or _list_label(t) or _WHY_LABEL.match(t) or len(t) <= 40:
                break
            run.append(blocks[j])
            j += 1
        if not run or any(_GOOD_NEWS.search(b.text) for b in run):
            return
        if not any(
            _CHALLENGE_WORDING.search(b.text)
            or _BACKGROUND_PROBLEM.search(b.text)
            or _PROBLEM_WORDS.search(b.text)
            for b in run
        ):
            return
        area = self.stack[-1].block.text
        for b in run:
            self._consumed.add(b.index)
            self._prose_challenges(
                b, f"under «{label.text.strip()}» i området «{area}»: avsnittet sier problemet"
            )

    def _minutes_context(self, block: Block, blocks: list[Block], i: int) -> bool:
        """Minutes: a paragraph under a case before its decision list ("Føretaksmøtet fatta
        slikt vedtak:") gives the sentences that state a problem as challenges ("Ventetida har
        auka kvart år sidan 2024", "Talet på ... var for høgt"). True when read here."""
        text = block.text.strip()
        if text.endswith(":") or not _before_first_list(blocks, i):
            return False
        if not any(b.kind == "item" for b in _body(blocks, self.stack[-1].block.index - 1)):
            return False
        self._problem_sentences(
            block,
            lambda s: _BACKGROUND_PROBLEM.search(s) or _STATUS_PROBLEM.search(s),
            "i et møteprotokoll: setningen før vedtaket sier hva som er problemet ({cue})",
            0.5,
        )
        return True

    def _table_area_opening(self, block: Block, blocks: list[Block], i: int) -> bool:
        """An area (a heading with no kind word) whose one paragraph stands right before its
        table of goals and measures (a planning tool's area row and its "Beskrivelse", or a
        plan's area over its table): the sentences that state a problem are the area's
        challenges, a figure ("Berre 14 prosent ...") or good news is context. True when a
        challenge was read here."""
        if not (
            self.stack
            and i > 0
            and blocks[i - 1].kind == "heading"
            and blocks[i - 1].index == self.stack[-1].block.index
            and self.stack[-1].cue is None
            and i + 1 < len(blocks)
            and blocks[i + 1].kind == "item"
            and blocks[i + 1].hint is not None
            and not block.text.rstrip().endswith(":")
            and not _FIELD_LABEL.match(block.text.strip())  # "Mål: Ingen skal ...": a field
            and not _LABELLED_LINE.match(block.text.strip())
            and not _MAIN_GOAL_LINE.match(block.text.strip())
        ):
            return False
        said = [block.text[a:b].strip() for a, b in split_sentences(block.text)]
        if not any(_described_problem(t) for t in said):
            return False
        self._problem_sentences(
            block,
            _described_problem,
            f"avsnitt om området «{self.stack[-1].block.text}» rett før tabellen: setningen "
            "sier hva som er problemet ({cue})",
            0.5,
        )
        return True

    def _plan_follow_up(self, text: str) -> bool:
        """Under a heading of the plan's follow-up ("Oppfølging", "Oppfølging av planen",
        "Rapportering og evaluering"): a paragraph whose every sentence says who goes through,
        reports on, evaluates or revises the plan itself or its measures' status ("Klinikk-
        leiinga går gjennom planen i AMU kvart halvår.", "Aktiviteter som ikke blir
        gjennomført, vurderes tatt med i årsplanen for 2028.") is no measure."""
        if not (self.stack and _FOLLOW_UP_HEADING.match(self.stack[-1].block.text.strip())):
            return False
        said = [text[a:b].strip() for a, b in split_sentences(text)]
        said = [t for t in said if t]
        return bool(said) and all(
            _GOVERNANCE_SENTENCE.search(t)
            or _FOLLOW_UP_SENTENCE.search(t)
            or (_THE_PLAN_ITSELF.search(t) and _REVIEWS.search(t))
            for t in said
        )

    def _measures_context(self, said: list[str]) -> bool:
        """Under a heading of measures: a paragraph that only says how the measures are
        arranged or paid for ("Tiltakene er delt inn i tre områder. Tiltakene gjennomføres
        innenfor dagens budsjett ...") or what already works ("Tannhelsetjenesten har allerede
        hatt faste dager ..., og ordningen fungerer godt.") is context, no measure."""
        if self._heading_cue()[0] != "measure":
            return False
        said = [t for t in said if t]
        return bool(said) and all(
            (_ABOUT_THE_PLAN.match(t) or _PLAN_FUNDING.match(t) or _ALREADY_WORKS.search(t))
            and not _commits(t)
            for t in said
        )

    def _pointer_row(self, block: Block) -> None:
        """A row of a table of measures whose measure cell only points elsewhere ("Sjå tiltak
        under Samarbeid med fastlegane"): no measure, but the challenge or goal the row states
        beside it is one."""
        holder = DraftItem(id="", kind="measure", label="")  # takes the notes, not kept
        for key, value in block.fields.items():
            column_kind = _cue(key, heading=False)[0]
            if _RISK_COLUMN.match(key.strip()):
                column_kind = "challenge"
            if column_kind in ("goal", "challenge") and value.strip():
                if _ID_COLUMN.match(key.strip()) or _ID_VALUES.match(value.strip()):
                    continue
                self._cell_item(block, key, value, column_kind, holder)

    def _routine(self, text: str) -> bool:
        """In an annual plan, whether a measure is a routine operation of the year (not a
        development measure): one worded as such ("Månedlig rapport om ...", "Bestille
        legemidler ...", "Brannøvelse ...") or any row under a heading of routine tasks only
        ("Faste oppgaver i hele avdelingen")."""
        if _ROUTINE_TASK.match(text.strip()):
            return True
        return any(_ROUTINE_HEADING.match(h.block.text.strip()) for h in self.stack)

    def _reported_concerns(self, block: Block) -> bool:
        """Notes of a meeting: a sentence that reports what a participant said, when what was
        said states a problem ("Kommunene melder at de ikke har nok veiledere ...",
        "Sykehuset opplyste at ... det er for mange"), is a challenge; the rest of such a
        paragraph is context. A remark that states none ("Høgskolen viste til at andre regioner
        har gode erfaringer ...") is no item. True when the paragraph was read here."""
        text = block.text
        if any(_GOAL_SENTENCE.match(text[a:b].strip()) for a, b in split_sentences(text)):
            return False  # "Målet er at ...": the goal is split off first, the rest read after
        if not any(_reported_problem(text[a:b].strip()) for a, b in split_sentences(text)):
            return False
        self._problem_sentences(
            block,
            _reported_problem,
            "i et møtereferat: en deltaker melder om et problem ({cue})",
            0.55,
        )
        return True

    def _consultation_paragraph(self, block: Block) -> None:
        """A paragraph of a consultation response under a section on one topic ("Til kapittel
        5: Rusbehandling"): a proposed goal ("Planen bør inneholde et mål om at ...") is a goal,
        a proposal ("Vi foreslår at ...", "Helse Nord foreslår å ...") a measure, a sentence
        that judges something wanting a challenge; remarks on the draft itself (a figure, a
        chapter, a word) and general remarks are none."""
        heading = self.stack[-1].block.text.strip()
        if _REMARKS_HEADING.match(heading):
            return
        text = block.text
        for a, b in split_sentences(text):
            sentence = text[a:b].strip()
            if not sentence or sentence.endswith("?") or _ABOUT_THE_DRAFT.search(sentence):
                continue
            if _PROPOSED_GOAL.search(sentence):
                kind, why = "goal", "foreslår et mål for planen"
            elif _PROPOSES.match(sentence):
                kind, why = "measure", "foreslår et tiltak"
            elif (
                _STATUS_PROBLEM.search(sentence)
                and not _GOOD_NEWS.search(sentence)
                and not _commits(sentence)
            ):
                kind, why = "challenge", "sier at noe mangler eller er vanskelig"
            else:
                continue
            self._ensure_theme()  # the section's topic is the theme of what is said under it
            self._prose_item(
                block,
                kind,
                f"i en høringsuttalelse under «{heading}»: setningen {why}",
                0.55,
                text=sentence,
            )

    def _status_topic(self) -> bool:
        """True under a topic heading of a status note (a heading that names no kind of item):
        there the text describes the theme's state, and what it judges wanting is a challenge
        (where the section also has a list, its items are the challenges and the prose leads in
        to them: the caller asks ``_section_has_list``)."""
        return self.default == "challenge" and bool(self.stack)

    def _purpose_goal(self, block: Block, blocks: list[Block], i: int) -> bool:
        """A purpose stated as a state to reach ("Føremålet med avtalen er at pasientar ...
        skal få ...") is a goal; the paragraph's other sentences are read as before. True
        when the paragraph was read here."""
        text = block.text
        spans = split_sentences(text)
        purpose = [
            (a, b)
            for a, b in spans
            if _PURPOSE_GOAL.match(text[a:b].strip())
            # "... Målet er at alle skal ..." after other sentences: read by the rule below
            and not (len(spans) > 1 and _GOAL_SENTENCE.match(text[a:b].strip()))
        ]
        if not purpose:
            return False
        for a, b in purpose:
            self._prose_item(
                block,
                "goal",
                f"setningen sier formålet som en tilstand («{_short(text[a:b].strip(), 30)}»)",
                0.6,
                text=text[a:b].strip(),
            )
        rest = " ".join(text[a:b].strip() for a, b in spans if (a, b) not in purpose)
        if rest.strip():
            self._paragraph(replace(block, text=rest), blocks, i)
        return True

    def _background_challenges(self, block: Block) -> None:
        """A paragraph under "Bakgrunn" or "Dagens situasjon": the sentences that state an
        unresolved problem (a lack, a fall, a growing need, something hard) are challenges."""
        heading = self.stack[-1].block.text
        if re.match(r"^slik er\b", heading.strip(), re.IGNORECASE):
            # "Slik er det i dag" on a plan's web page tells the state plainly, good and bad
            # alike: only a sentence that judges something wanting ("for få", "mangler") is a
            # challenge, not every rising number
            self._problem_sentences(
                block,
                _STATUS_PROBLEM.search,
                f"under «{heading}»: setningen sier at noe mangler eller er for lite ({{cue}})",
                0.45,
            )
            return
        self._problem_sentences(
            block,
            lambda s: _BACKGROUND_PROBLEM.search(s) or _DEFICIENT.search(s),
            f"under «{heading}» (bakgrunn/dagens situasjon): setningen sier at noe mangler, "
            "går ned, øker eller er vanskelig",
            0.45,
        )

    def _assessed_area(self) -> bool:
        """Whether the section is an area a memo's assessment weighs: a sub-section with no
        kind of its own under "Vurdering" (not "Økonomi" or another standing section), in a
        memo whose proposed decisions are its measures."""
        return (
            self._proposals_are_measures
            and not self._triad
            and len(self.stack) >= 2
            and self.stack[-1].cue is None
            and any(_ASSESSMENT_HEADING.match(h.block.text.strip()) for h in self.stack[:-1])
            and not _MEMO_SECTION.match(self.stack[-1].block.text.strip())
            and not _ASSESSMENT_HEADING.match(self.stack[-1].block.text.strip())
        )

    def _assessment_paragraph(self, block: Block) -> None:
        """A paragraph of an area in a memo's assessment: a "Målet bør vere at ..." sentence
        is the area's goal, the sentences that say what is wrong are its challenges, the
        rest (facts, the writer's judgement, what others offer) is context."""
        heading = self.stack[-1].block.text
        for a, b in split_sentences(block.text):
            sentence = block.text[a:b].strip()
            if _GOAL_SENTENCE.match(sentence):
                self._prose_item(
                    block,
                    "goal",
                    f"i vurderinga av «{heading}»: setningen sier hva målet er",
                    0.6,
                    text=sentence,
                )
        self._problem_sentences(
            block,
            lambda s: (
                None
                if _GOAL_SENTENCE.match(s)
                else (
                    _SITUATION_PROBLEM.search(s)
                    or _BACKGROUND_PROBLEM.search(s)
                    or _DEFICIENT.search(s)
                    or _STATE_PROBLEM.search(s)
                    or _ASSESSED_PROBLEM.search(s)
                )
            ),
            f"i vurderinga av «{heading}»: setningen sier hva som er problemet ({{cue}})",
            0.5,
        )

    def _problem_sentences(
        self,
        block: Block,
        problem: Callable[[str], re.Match[str] | None],
        reason: str,
        confidence: float,
    ) -> None:
        """The sentences of a paragraph that ``problem`` finds wanting are challenges, a sentence
        that explains the one before staying with it; the rest is background (a question, good
        news, a board's earlier case, a commitment, a pointer elsewhere). ``{cue}`` in
        ``reason`` is the words the first sentence was taken for."""
        text = block.text
        if _DOCUMENT_ITSELF.match(text.strip()) or _is_plan_governance(text):
            return
        groups: list[tuple[int, int, str]] = []
        taken = False  # whether the sentence before was taken
        for a, b in split_sentences(text):
            sentence = text[a:b].strip()
            if taken and (_ANAPHORIC_START.match(sentence) or _EVIDENCE_START.match(sentence)):
                groups[-1] = (groups[-1][0], b, groups[-1][2])  # "Det gjer at ...": with it
                continue
            found = problem(sentence) if sentence and not sentence.endswith("?") else None
            taken = bool(
                found
                and not _CASE_HISTORY.search(sentence)
                and not _GOOD_NEWS.search(sentence)
                and not _commits(sentence)
                and not _REFERENCE_SENTENCE.match(sentence)
            )
            if found and taken:
                groups.append((a, b, found.group(0).strip()))
        for a, b, cue in groups:
            self._prose_item(
                block,
                "challenge",
                reason.replace("{cue}", f"«{_short(cue, 40)}»"),
                confidence,
                text=text[a:b].strip(),
            )

    def _measure_fields(self, block: Block, blocks: list[Block], i: int) -> bool:
        """ "Ansvar: Helsestasjonen", "Frist: 31.12.2028", "Status: Påbegynt" as lines under a
        measure of a list (a PDF or a plain document gives them so): the measure's responsible
        unit, deadline and status, no item of their own. A line labelled with a kind
        ("Tiltak: ...") is never such a line."""
        text = block.text.strip()
        if not _FIELD_LINE.match(text):
            return False
        j = i - 1
        while j >= 0 and blocks[j].kind == "para" and _FIELD_LINE.match(blocks[j].text.strip()):
            j -= 1
        if j < 0 or blocks[j].kind != "item":
            return False
        measure = next(
            (
                it
                for it in reversed(self.draft.items)
                if it.kind == "measure" and it.paragraph == blocks[j].index
            ),
            None,
        )
        if measure is None:
            return False
        parts = [m.group(0).strip() for m in _FIELD_PART.finditer(text)]
        for part in parts:
            key, _, value = part.partition(":")
            key, value = key.strip().lower(), value.strip()
            if re.match(r"ansvar", key) and not measure.responsible:
                measure.responsible = value
            elif re.match(r"frist|tidsfrist|tidsplan|når", key) and not measure.deadline:
                measure.deadline = value
            elif key == "status" and _table_status(value):
                measure.status = _table_status(value)
            else:
                measure.notes.append(f"{part} (a line under this measure in the source).")
        return True

    def _prose_challenges(self, block: Block, head_reason: str, titled: bool = False) -> None:
        """A paragraph under a challenge heading: each sentence names a challenge, except a
        lead-in that only announces them ("Føretaket står overfor fleire utfordringar."); a
        sentence that refers back ("Dette gjer at ...") belongs to the challenge before it."""
        text = block.text
        spans = split_sentences(text)
        opening = text[spans[0][0] : spans[0][1]].strip() if spans else ""
        if (
            titled
            and len(spans) >= 2
            and len(opening.split()) <= 6
            and _TITLE_SENTENCE.match(opening)
            and not _CHALLENGE_LEAD_IN.search(opening)
        ):
            # "Fleire eldre, færre hender. Talet på ...": a short title (bold in the source)
            # over the sentences that tell the challenge: one challenge, named by its title
            self._prose_item(block, "challenge", head_reason + "; avsnitt med kort tittel", 0.55)
            return
        groups: list[list[int]] = []  # sentence numbers, grouped into challenges
        lead_ins: list[str] = []
        praised: list[int] = []
        for n, (a, b) in enumerate(spans):
            sentence = text[a:b]
            if _PRAISE.search(sentence) and not _PROBLEM_WORDS.search(sentence):
                # "Sjukehuset har god kvalitet på dei fleste områda.": background, not a
                # challenge (nor the opening of one)
                praised.append(n)
                continue
            if _POINTER_SENTENCE.search(sentence) and not _PROBLEM_WORDS.search(sentence):
                # "Numrene brukes i tiltaksplanen i kapittel 5.": how to read the list
                praised.append(n)
                continue
            if (
                not groups
                and len(sentence.split()) <= 14
                and _CHALLENGE_LEAD_IN.search(sentence)
                and not _PROBLEM_WORDS.search(_CHALLENGE.sub("", sentence))
            ):
                lead_ins.append(sentence)
                continue
            if groups and (
                _ANAPHORIC_START.match(sentence.strip())
                or _REFERENCE_SENTENCE.match(sentence.strip())
                or _EVIDENCE_START.match(sentence.strip())
                or sentence.rstrip().endswith("?")
            ):
                # "Dette gjer at ...", "Figur 3 viser ...", "Kjelde: SSB.", "Kva betyr det?":
                # context of the challenge before, not one of its own
                groups[-1].append(n)
            else:
                groups.append([n])
        if lead_ins and not groups:
            # "Vi står overfor følgande utfordringar." alone: it announces the paragraphs after
            self.draft.notes.append(
                f"Paragraph {block.index} only announces the challenges that follow "
                f"('{_short(text, 80)}'); it is no challenge itself."
            )
            return
        if praised and not groups:
            return  # only praise of the present (and a lead-in): no challenge here
        if len(spans) <= 1 or (len(groups) <= 1 and not lead_ins and not praised):
            self._prose_item(block, "challenge", head_reason + "; avsnitt uten liste", 0.5)
            return
        stated = [
            g for g in groups if _PROBLEM_WORDS.search(text[spans[g[0]][0] : spans[g[-1]][1]])
        ]
        if (
            stated
            and len(stated) < len(groups)
            and len(spans) <= 3
            and self.stack
            and _BARE_WHY.match(self.stack[-1].block.text.strip())
        ):
            # "I 2026 vart det registrert 140 trykksår. For mange pasientar får trykksår ...":
            # in a short paragraph (a card's "Kvifor?"), the sentence that states the problem is
            # the challenge; a figure or a reassurance beside it is its context
            groups = stated
        for group in groups:
            first, last = group[0], group[-1]
            numbers = (
                f"setning {first + 1}"
                if first == last
                else f"setning {first + 1}–{last + 1} (de siste utdyper den første)"
            )
            reason = f"{head_reason}; {numbers} av {len(spans)} i avsnittet" + (
                f"; innledende setning «{_short(lead_ins[0], 60)}» utelatt" if lead_ins else ""
            )
            piece = text[spans[first][0] : spans[last][1]]
            conf = 0.55
            if not _CHALLENGE_WORDING.search(piece):
                conf = 0.4
                reason += "; uten typiske ord for en utfordring (kan være bakgrunn)"
            self._prose_item(block, "challenge", reason, conf, text=piece)

    def _prose_items(self, block: Block, kind: str, head_reason: str, head_conf: float) -> None:
        """A paragraph under a measure (or goal) heading. Several sentences that each state an
        item of their own (a modal verb or an item cue, and no reference back to the sentence
        before) are one item each; otherwise the paragraph is one item, kept whole."""
        last = self.draft.items[-1] if self.draft.items else None
        if (
            last is not None
            and last.kind == kind
            and self._ends_at.get(last.id, last.paragraph) == block.index - 1
            and last.text
            and _CONTINUES.match(block.text.strip())
        ):
            # "I tillegg til fordelane ... bringer det òg med seg ...": a paragraph that opens by
            # adding to the one before continues its item (a measure described over several
            # paragraphs); its text is the paragraphs together, verbatim
            last.text += "\n\n" + block.text
            self._ends_at[last.id] = block.index
            last.reason += f"; held fram i avsnitt {block.index} («{_short(block.text, 30)}»)"
            return
        spans = split_sentences(block.text)
        sentences = [block.text[a:b] for a, b in spans]
        own = len(sentences) >= 2 and all(
            len(sentence.split()) >= 4
            and not _ANAPHORIC_START.match(sentence.strip())
            and (_MODAL.search(sentence) or _item_cue(sentence)[0] == kind)
            for sentence in sentences
        )
        if not own:
            self._prose_item(block, kind, head_reason + "; avsnitt uten liste", head_conf - 0.2)
            return
        for n, sentence in enumerate(sentences, start=1):
            reason = (
                f"{head_reason}; avsnitt uten liste, setning {n} av {len(sentences)} "
                "(hver setning sier hva som skal gjøres)"
            )
            self._prose_item(block, kind, reason, head_conf - 0.25, text=sentence)

    def _opening_challenges(
        self, block: Block, text: str, stated: list[tuple[int, int]], why: str, conf: float
    ) -> bool:
        """The sentences ``stated`` (spans of ``text``) of an area's opening prose as its
        challenges, the area named in each reason; whether there were any."""
        for a, b in stated:
            self._prose_item(
                block,
                "challenge",
                f"avsnitt under området «{self.stack[-1].block.text}» {why}",
                conf,
                text=text[a:b].strip(),
            )
        return bool(stated)

    def _prose_item(
        self, block: Block, kind: str, reason: str, conf: float, text: str | None = None
    ) -> None:
        body = text or block.text
        if _NOTED_ONLY.search(body):
            return  # "Styret tek meldinga til orientering": a procedural decision
        label, _lk, _note = _label_for(body, prose=True)
        item = DraftItem(
            id=self._new_id(kind),
            kind=kind,
            label=label,
            text=body,
            section=self._section(),
            paragraph=block.index,
            page=block.page,
            label_kind="editorial",
            editorial_note=(
                "plangraph label: the source gives this item no heading; the importer took the "
                "first sentence of its text"
                + (" and shortened it" if label.endswith("…") else "")
                + ". The verbatim text is in pg:sourceText."
            ),
            confidence=max(conf, 0.3),
            reason=reason,
        )
        if kind == "challenge":
            item.theme = self._ensure_theme()
        elif kind == "measure":
            item.theme = self._theme_for()
            item.status = self._status()
        elif kind == "goal":
            item.theme = self._theme_for()
        self._add(item)

    def _finish(self) -> None:
        # Themes that ended up with nothing under them, and no cue of their own, are dropped.
        used = {i.theme for i in self.draft.items if i.theme} | self.used_themes
        keep: list[DraftItem] = []
        for item in self.draft.items:
            if (
                item.kind == "theme"
                and item.id not in used
                and item.reason.startswith(
                    ("overskrift over punkter", "laget av", "underoverskrift")
                )
            ):
                continue
            keep.append(item)
        self.draft.items = keep
        # Positions of themes are their order in the document.
        themes = [i for i in self.draft.items if i.kind == "theme"]
        for n, theme in enumerate(themes, start=1):
            theme.position = n
        last = self.doc.blocks[-1] if self.doc.blocks else None
        if last is not None and last.kind == "para":
            end = last.text.rstrip()
            if end and end[-1] not in ".!?:)»\"'" and not end.endswith("-"):
                note = (
                    f"The document ends mid-sentence (paragraph {last.index}: "
                    f"'…{end[-40:]}'): the text may be cut off."
                )
                self.draft.notes.append(note)
                for item in self.draft.items:
                    if item.paragraph == last.index:
                        item.notes.append(note)


ITEM_KINDS_SET = {"goal", "theme", "challenge", "measure"}
_TABLE_OF = {"measure": "tiltak", "challenge": "utfordringer", "goal": "mål"}
_KIND_NB = {"goal": "mål", "theme": "tema", "challenge": "utfordring", "measure": "tiltak"}


def _int(value: str | None) -> int | None:
    if value and value.isdigit():
        return int(value)
    return None


def _short(text: str, n: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# "Ansvar: ...", "Frist: ...", "Status: ...": a field of the measure above, as a line of its own
# (several may run together in a paragraph: "Ansvar: PPT Frist: 2028 Status: Påbegynt")
_FIELD_WORDS = (
    r"(?:ansvar|ansvarleg|ansvarlig|hovudansvar|hovedansvar|frist|tidsfrist|tidsplan|status|"
    r"kostnad|kostnader|ressursar|ressurser|finansiering|samarbeidspartnarar|samarbeidspartnere)"
)
_FIELD_LINE = re.compile(rf"^{_FIELD_WORDS}\s*:\s*\S", re.IGNORECASE)
_FIELD_PART = re.compile(
    rf"(?:^|(?<=\s)){_FIELD_WORDS}\s*:.*?(?=\s{_FIELD_WORDS}\s*:|$)", re.IGNORECASE | re.DOTALL
)


def _table_status(value: str) -> str | None:
    """The plangraph status of a status cell ("Pågår", "Ikkje starta", "Under planlegging");
    None for a measure that is done or a value that names no status."""
    lowered = value.lower()
    if re.search(r"\bdelvis\b", lowered) and not re.search(r"\b(?:ikke|ikkje)\b", lowered):
        return "StartingOrRunning"  # "Delvis gjennomført": begun, not done
    if re.search(r"fullført|ferdig|avslutt|gjennomført|levert|utført|utgår|utgått", lowered):
        return None
    if re.search(
        r"planlegg|planlagt|ikke (?:startet|igangsatt|påbegynt)|ikkje (?:starta|sett i gang|påbyrja)",
        lowered,
    ):
        return "UnderPlanning"
    if re.search(
        r"gang|pågå|gjennomfør|oppstart|starta|startet|iverksatt|påbegynt|påbyrja", lowered
    ):
        return "StartingOrRunning"
    return None


_FIGURE = re.compile(
    r"^(?:[-+−]?\s*\d[\d\s.,]*\s*(?:%|prosent|pst\.?|poeng|dagar|dager|veker|uker)?|-|–)$",
    re.IGNORECASE,
)


def _results_table(rows: list[Block]) -> bool:
    """Whether a table names areas or topics in its first column ("Tema", "Område") and gives
    only figures in the others (scores, shares, counts per year): a table of results."""
    hint = (rows[0].hint or "").strip()
    if not (_AREA_COLUMN.match(hint) or _cue(hint, heading=False)[0] == "theme"):
        return False
    return all(
        row.fields and all(_FIGURE.match(value.strip()) for value in row.fields.values())
        for row in rows
    )


# The title of a box that sums up a section in short: "Kort fortalt", "Kort oppsummert",
# "I korte trekk", "Kortversjon", "Oppsummert"
_SUMMARY_BOX = re.compile(
    r"^(?:kort\s+fortalt|kort\s+oppsummert|i\s+korte\s+trekk|kortversjon(?:en)?|"
    r"kortversjonen|oppsummert|kort\s+sagt)\s*:?$",
    re.IGNORECASE,
)


def _summary_boxes(blocks: list[Block], fmt: str) -> set[int]:
    """The blocks of a "Kort fortalt" box at the top of a section ("Utfordring | Lang
    ventetid", "Tiltak | Ventelisteteam, gruppetilbod"), when sub-headings of the same section
    follow it with the full text: the box paraphrases those items, it states none of its own.
    A box with no sub-sections after it is the only statement of its items and is kept."""
    boxed: set[int] = set()
    for n, block in enumerate(blocks):
        if block.kind != "para" or not _SUMMARY_BOX.match(block.text.strip()):
            continue
        head = next((b for b in reversed(blocks[:n]) if b.kind == "heading"), None)
        end = n + 1
        while end < len(blocks) and blocks[end].kind != "heading":
            end += 1
        box = blocks[n + 1 : end]
        if (
            head is None
            or not box
            or len(box) > 12
            or any(len(b.text) > 200 for b in box)
            or end >= len(blocks)
            or _heading_level(blocks[end], fmt) <= _heading_level(head, fmt)
        ):
            continue
        boxed |= {b.index for b in blocks[n:end]}
    return boxed


def _body(blocks: list[Block], i: int) -> list[Block]:
    body: list[Block] = []
    for block in blocks[i + 1 :]:
        if block.kind == "heading":
            break
        body.append(block)
    return body if body and body[0].kind == "para" else []


def _goal_over_measures(body: list[Block]) -> int | None:
    """The index of the measure lead-in ("Slik gjør vi det:") when a section's body is one or
    two short paragraphs, that lead-in and a list, and nothing else; else None."""
    at = next(
        (
            k
            for k, b in enumerate(body)
            if b.kind == "para"
            and b.text.rstrip().endswith(":")
            and _cue(b.text.rstrip(": "), False)[0] == "measure"
        ),
        None,
    )
    if at is None or not 1 <= at <= 2:
        return None
    if not all(b.kind == "para" and len(b.text) <= 400 for b in body[:at]):
        return None
    rest = body[at + 1 :]
    return at if rest and all(b.kind == "item" for b in rest) else None


def _section_has_items(blocks: list[Block], i: int, level: int, fmt: str) -> bool:
    for block in blocks[i + 1 :]:
        if block.kind == "heading" and _heading_level(block, fmt) <= level:
            return False
        if block.kind == "item":
            return True
        if block.kind == "heading" and block.number:
            return True
    return False


def _measure_detail_list(items: list[Block], block: Block) -> bool:
    """Whether ``block`` is one of the sub-points under a list of measures that say how, who
    and when ("Bemannes av spesialsykepleier ...", "Ansvar: ...", "Oppstart høsten 2027"): the
    measures above them open with a verb ("Opprette ...", "Innføre ..."), two of them or more
    have sub-points, and none of the sub-points at its level opens with a verb (a single
    sub-point under one measure may be a step of its own)."""
    top = [b for b in items if b.level < block.level]
    subs = [b for b in items if b.level == block.level]
    verbs = sum(1 for b in top if _item_cue(b.text)[0] == "measure")
    with_subs = 0
    for n, b in enumerate(items):
        if b.level < block.level and n + 1 < len(items) and items[n + 1].level == block.level:
            with_subs += 1
    return (
        len(top) >= 2
        and with_subs >= 2
        and verbs * 3 >= len(top) * 2
        and not any(_item_cue(b.text)[0] == "measure" for b in subs)
    )


def _kind_subsections(blocks: list[Block], i: int, level: int, fmt: str) -> bool:
    """Whether the sub-headings of the heading at ``i`` only name kinds ("Utfordring", "Mål",
    "Tiltak"), two kinds or more of them."""
    kinds: set[str] = set()
    for block in blocks[i + 1 :]:
        if block.kind != "heading":
            continue
        if _heading_level(block, fmt) <= level:
            break
        if not _KIND_WORD_HEADING.match(block.text.strip()):
            return False
        kind = _cue(block.text)[0]
        if kind in ("goal", "challenge", "measure"):
            kinds.add(kind)
    return len(kinds) >= 2


def _sibling_is_theme(blocks: list[Block], i: int, fmt: str) -> bool:
    """Whether the numbered heading before heading ``i`` at its level, under the same parent
    ("5.2" before "5.3"), names no kind and holds items: an area, as heading ``i`` then is."""
    here = blocks[i]
    level = _heading_level(here, fmt)
    parent = (here.number or "").strip(".").rpartition(".")[0]
    for j in range(i - 1, -1, -1):
        b = blocks[j]
        if b.kind != "heading":
            continue
        other = _heading_level(b, fmt)
        if other < level:
            return False
        if other == level:
            return (
                (b.number or "").strip(".").rpartition(".")[0] == parent
                and _cue(b.text)[0] is None
                and _section_has_items(blocks, j, other, fmt)
            )
    return False


def _previous_sibling_area(blocks: list[Block], i: int, fmt: str) -> bool:
    """Whether the heading before heading ``i`` at its level (under the same parent) names
    no kind and holds items: an area, as heading ``i`` then is."""
    level = _heading_level(blocks[i], fmt)
    for j in range(i - 1, -1, -1):
        b = blocks[j]
        if b.kind != "heading":
            continue
        other = _heading_level(b, fmt)
        if other < level:
            return False
        if other == level:
            return (
                _cue(b.text)[0] is None
                and not _NO_TOPIC_HEADING.match(b.text.strip())
                and _section_has_items(blocks, j, other, fmt)
            )
    return False


def _findings_in_section(blocks: list[Block], i: int, level: int, fmt: str) -> bool:
    """Whether the section of the heading at ``i`` holds a "Funn" line or sub-heading."""
    for block in blocks[i + 1 :]:
        if block.kind == "heading" and _heading_level(block, fmt) <= level:
            return False
        if block.kind in ("heading", "para") and _FINDINGS_HEADING.match(block.text.strip()):
            return True
    return False


def _numbered_hierarchy(blocks: list[Block], i: int) -> bool:
    """Whether the heading at ``i`` ("2 ...") is followed by points numbered under its number
    ("2.1", "2.2") with points of their own ("2.2.1"): a chapter of a plan numbered in prose."""
    number = (blocks[i].number or "").rstrip(".")
    if not number or "." in number:
        return False
    points = []
    for block in blocks[i + 1 :]:
        if block.kind != "item" or not block.ordered:
            break
        points.append(block.number or "")
    prefix = number + "."
    return (
        len(points) >= 2
        and all(p.startswith(prefix) for p in points)
        and any(p.count(".") >= 2 for p in points)
    )


def _section_has_text(blocks: list[Block], i: int, level: int, fmt: str) -> bool:
    """Whether the heading at ``i`` has any paragraph or item in its section."""
    for block in blocks[i + 1 :]:
        if block.kind == "heading" and _heading_level(block, fmt) <= level:
            return False
        if block.kind in ("para", "item"):
            return True
    return False


def _section_has_list(blocks: list[Block], i: int, fmt: str) -> bool:
    """Whether the paragraph at ``i`` shares its section with a list, or with numbered
    sub-headings that are items themselves ("11. Forbetre ..." under "Tiltak")."""
    j = i
    while j > 0 and blocks[j - 1].kind != "heading":
        j -= 1
    level = _heading_level(blocks[j - 1], fmt) if j > 0 else 0
    for block in blocks[j:]:
        if block.kind == "heading":
            # "3.2 Rekruttering" after "3.1 Befolkning" is a sibling section, not an item
            return (
                block.number is not None
                and "." not in block.number
                and _heading_level(block, fmt) > level
            )
        if block.kind == "item":
            return True
    return False


def _reported_problem(sentence: str) -> re.Match[str] | None:
    """In notes of a meeting, a sentence reporting what someone said ("Kommunene melder at
    ...") whose reported clause states a problem (not good news or praise)."""
    m = _REPORTED.match(sentence)
    if m is None:
        return None
    said = m.group("said")
    if _GOOD_NEWS.search(said) or _PRAISE.search(said):
        return None
    return (
        _BACKGROUND_PROBLEM.search(said)
        or _STATUS_PROBLEM.search(said)
        or _STATE_PROBLEM.search(said)
        or _TOO_MUCH.search(said)
    )


def _described_problem(sentence: str) -> re.Match[str] | None:
    """A sentence of an area's description that states a problem: a lack, a negation, too
    much or too little, only ("skjer berre på sjukehuset"), something unclear, or a concern
    reported ("Pasientar fortel at ..."); not one that gives a figure, good news or praise."""
    if re.search(r"\d", sentence) or _GOOD_NEWS.search(sentence) or _PRAISE.search(sentence):
        return None
    return (
        _BACKGROUND_PROBLEM.search(sentence)
        or _STATE_PROBLEM.search(sentence)
        or _STATUS_PROBLEM.search(sentence)
        or _TOO_MUCH.search(sentence)
        or _SCARCE.search(sentence)
        or _REPORTED.match(sentence)
    )


def _staff_strain(sentence: str) -> re.Match[str] | None:
    """An area's opening sentence on what strains staff or patients now, in words the other
    rules miss: "Mange tilsette melder ikkje hendingar ...", "Mange tilsette har for kort kvile
    ...", "Ekstravakter og overtid aukar om sommaren" (a figure, good news or a commitment is
    none)."""
    if re.search(r"\d", sentence) or _GOOD_NEWS.search(sentence) or _commits(sentence):
        return None
    return _STRAIN.search(sentence)


def _commits(text: str) -> bool:
    """Whether a sentence or paragraph commits someone to act ("Vi vil ...", "Foretaket skal
    innføre ...", "Sjukehuset må ..."): a measure's wording, not a problem's. A projection
    ("Talet på eldre vil auke") is no commitment."""
    stripped = text.strip()
    return bool(
        _COMMITMENT.match(stripped)
        or re.match(r"(?:vi|me)\s+(?:skal|vil|må|bør)\b", stripped, re.IGNORECASE)
    )


def _follows_up_plan(text: str) -> bool:
    """Whether every sentence of a paragraph says how the plan itself is followed up, in the
    wordings ``_is_plan_governance`` does not read ("blir følgd opp i", "får ein
    statusrapport", "følge gjennomføringen ... og legge fram status"); a pointer beside them
    ("Les meir om arbeidet på nettsida ...") changes nothing."""
    sentences = [text[a:b].strip() for a, b in split_sentences(text)]
    sentences = [
        t for t in sentences if t and not _POINTER_LINE.match(t) and not _CONTACT_LINE.search(t)
    ]
    return bool(sentences) and all(
        _GOVERNANCE_SENTENCE.search(t) or _FOLLOW_UP_SENTENCE.search(t) for t in sentences
    )


def _numbered_sections_hold_items(blocks: list[Block], i: int, number: str) -> bool:
    """Whether the headings numbered under heading ``i`` ("2.1.1", "2.1.2" under "2.1") hold
    paragraphs or items, however their headings are styled."""
    prefix = number.rstrip(".") + "."
    inside = False
    for block in blocks[i + 1 :]:
        if block.kind == "heading":
            if not (block.number and block.number.startswith(prefix)):
                return False
            inside = True
        elif inside and block.kind in ("para", "item"):
            return True
    return False


def _capital_measures(items: list[Block], block: Block) -> bool:
    """Whether the points one level above ``block`` in its list all open with a capital letter
    (measures written as sentences), so that a lower-case task under one is its step."""
    upper = [b for b in items if b.level == block.level - 1 and b.text.strip()]
    return len(upper) >= 2 and all(b.text.strip()[:1].isupper() for b in upper)


def _kind_subsection_follows(blocks: list[Block], i: int, area: Block) -> bool:
    """Whether the next heading after the paragraph at ``i`` is a sub-section of ``area`` that
    names a kind ("2.1.1 Mål", "Tiltak"), with only paragraphs between."""
    passed: Block | None = None  # a sub-section of no items passed over ("Dette har vi ...")
    for block in blocks[i + 1 :]:
        if block.kind == "item":
            if passed is not None:
                continue
            return False
        if block.kind == "heading":
            numbered = block.number or ""
            below = (
                bool(numbered and area.number)
                and numbered.startswith(str(area.number).rstrip(".") + ".")
            ) or block.level > area.level
            cue = _cue(block.text)[0]
            if below and cue == "skip" and passed is None:
                # "Dette har vi fått til" beside "Dette skal vi gjere": what is done so far
                # stands between the area's opening and its measures
                passed = block
                continue
            return below and cue in ("goal", "measure", "challenge")
    return False


def _before_first_list(blocks: list[Block], i: int) -> bool:
    """Whether only paragraphs stand between the paragraph at ``i`` and the first list of its
    section (it opens the section, before the lead-in and the list)."""
    for block in blocks[i + 1 :]:
        if block.kind == "heading":
            return False
        if block.kind == "item":
            return block.hint is None
    return False


def _measures_follow(blocks: list[Block], i: int, default: str | None) -> bool:
    """Whether a list of measures follows the paragraph at ``i`` directly (or after one lead-in
    ending in ":"): its items open with a verb or a noun of action, or the plan's lists are
    measures."""
    j = i + 1
    if j < len(blocks) and blocks[j].kind == "para" and blocks[j].text.rstrip().endswith(":"):
        if _cue(_last_sentence(blocks[j].text), heading=False)[0] not in (None, "measure"):
            return False  # "Gruppen peker på disse behovene:": a list of another kind
        j += 1
    items: list[Block] = []
    while j < len(blocks) and blocks[j].kind == "item" and blocks[j].hint is None:
        items.append(blocks[j])
        j += 1
    if not items:
        return False
    own = [_item_cue(b.text)[0] for b in items]
    measures = sum(1 for k in own if k == "measure")
    others = sum(1 for k in own if k not in (None, "measure"))
    return measures > others and (measures * 2 >= len(items) or default == "measure")


def _until_next_line_heading(blocks: list[Block], index: int) -> list[Block]:
    """The blocks after the block numbered ``index`` up to the next heading or the next line
    that only names a kind ("Styringsmål", "Oppgaver")."""
    out: list[Block] = []
    for block in blocks[index:]:
        if block.kind == "heading" or (
            block.kind == "para"
            and "\n" not in block.text
            and len(block.text.split()) <= 3
            and _KIND_WORD_HEADING.match(block.text.strip())
        ):
            break
        out.append(block)
    return out


def _list_label(text: str) -> bool:
    """Whether a paragraph right over a list is a short label of it with no colon ("Slik gjør
    vi det", "Vi vil", "Dette vil vi oppnå"): a column's title in a spread, naming a kind."""
    stripped = text.strip()
    return (
        len(stripped.split()) <= 6
        and not stripped.endswith((".", "!", "?", ";", ","))
        and stripped[:1].isupper()
        and (
            _cue(stripped, heading=False)[0] in ("goal", "measure", "challenge")
            or _WANT_LABEL.match(stripped) is not None
        )
    )


def _last_sentence(text: str) -> str:
    """The sentence that introduces a list: the paragraph's last one (a date or an ordinal,
    "1. mars", "3. kvartal", ends none)."""
    stripped = text.strip()
    spans = split_sentences(stripped)
    return stripped[spans[-1][0] : spans[-1][1]] if spans else stripped


def _cell_measures(text: str) -> list[str]:
    """A table cell of measures that holds several, one a line ("Tilby ...<br>Opprette ...")
    or apart by "; " ("Starte eksemskule ...; Lage opplæringsfilmar ..."): each part opens in
    capitals with a verb of action (an infinitive) and has three words or more. A cell of one
    measure with a semicolon inside its sentence ("Tilby kurs; kurset blir halde ...") is one."""
    parts = [p.strip() for p in re.split(r"\s*\n\s*|;\s+", text.strip()) if p.strip()]
    if len(parts) < 2:
        return [text]

    def acts(part: str) -> bool:
        word = part.split()[0].lower()
        return (
            part[:1].isupper()
            and len(part.split()) >= 3
            and (
                _item_cue(part)[0] == "measure"
                or word in ("la", "ta", "gå", "få", "gi", "bli")
                or (len(word) >= 4 and word.endswith("e") and not word.endswith(("ane", "ene")))
            )
        )

    return parts if all(acts(p) for p in parts) else [text]


def _split_several(text: str) -> list[str]:
    """ "Styrke rekruttering; utvikle kompetanse; ta i bruk ny teknologi" -> three items."""
    parts = [p.strip() for p in text.split(";")]
    if len(parts) >= 2 and all(len(p.split()) >= 2 for p in parts):
        return parts
    return [text]


def _sentence_at(text: str, start: int) -> str:
    for a, b in split_sentences(text):
        if a <= start < b:
            return text[a:b].strip()
    return text.strip()


def _label_for(text: str, prose: bool = False) -> tuple[str, str, str | None]:
    """The label: the item's own words when short, else its first sentence (editorial)."""
    clean = " ".join(text.split())
    if not prose and len(clean) <= 200:
        return clean, "verbatim", None
    spans = split_sentences(clean)
    first = clean[spans[0][0] : spans[0][1]] if spans else clean
    if len(first) > 120:
        cut = first[:117].rsplit(" ", 1)[0]
        first = cut.rstrip(",;:") + " …"
    return (
        first,
        "editorial",
        (
            "plangraph label: the item's text is long; the importer took its first sentence"
            + (" and shortened it" if first.endswith("…") else "")
            + ". The verbatim text is in pg:sourceText."
        ),
    )
