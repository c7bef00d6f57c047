"""Norwegian text for matching: tokens with their place in the verbatim text, Bokmål and
Nynorsk spelling brought together, Snowball stems, stop words, and a language check.

Every token keeps the character span it came from, so a match can be shown in the source text
as it stands. Nynorsk forms are mapped to their Bokmål counterparts (*sjukehus* -> *sykehus*,
*tenesta* -> *tjenesta*, *oppgåve* -> *oppgave*, *-heit* -> *-het*, *-leg* -> *-lig*) before
stemming, so the Norwegian Snowball stemmer (which knows both written standards' endings) sees one
spelling. The variant list is a curated judgement, kept small and aimed at the words of health
planning; it is in this module so that a reader can check each pair.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_TEXT_CHARS",
    "STOPWORDS",
    "Token",
    "canonical",
    "language_problem",
    "stem",
    "tokens",
]

MAX_TEXT_CHARS = 20_000
"""Texts are read up to this many characters; the rest is ignored (with a warning)."""

_WORD = re.compile(
    r"(?<![^\W\d_])(?:[^\W\d_]\.){2}(?![^\W\d_])|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE
)

_DOTTED = {"i.v.": "intravenøs", "s.c.": "subkutan", "i.m.": "intramuskulær", "p.o.": "peroral"}
"""The routes of giving a medicine that clinics write as two letters with dots (*i.v.*, *s.c.*):
their words, so that "Overgang i.v. → s.c." meets "medisinen i blodåra". Other such
abbreviations (*m.m.*, *o.l.*) are no words, as single letters are not."""

# Function words of Bokmål and Nynorsk, and a few words every plan uses for its own sake
# ("tiltak", "plan"). They carry no topic.
STOPWORDS = frozenset(
    [
        "og",
        "i",
        "på",
        "til",
        "av",
        "for",
        "med",
        "som",
        "er",
        "at",
        "det",
        "den",
        "de",
        "en",
        "et",
        "ei",
        "eit",
        "ein",
        "om",
        "fra",
        "frå",
        "ved",
        "under",
        "over",
        "etter",
        "mellom",
        "innen",
        "innan",
        "innenfor",
        "innanfor",
        "uten",
        "utan",
        "mot",
        "hos",
        "gjennom",
        "både",
        "eller",
        "men",
        "så",
        "samt",
        "da",
        "då",
        "når",
        "kva",
        "hva",
        "hvor",
        "kvar",
        "korleis",
        "hvordan",
        "hvilke",
        "kva",
        "slags",
        "som",
        "skal",
        "vil",
        "kan",
        "må",
        "bør",
        "blir",
        "bli",
        "vert",
        "vere",
        "være",
        "vore",
        "vært",
        "har",
        "hadde",
        "ha",
        "gjør",
        "gjer",
        # light verbs: "får" put a Sami-language challenge first for a birth-care measure
        "får",
        "fekk",
        "fikk",
        "gir",
        "gav",
        "gjev",
        "tar",
        "tok",
        "tek",
        "gjøre",
        "gjere",
        "seg",
        "sin",
        "sitt",
        "sine",
        "vi",
        "oss",
        "vår",
        "våre",
        "vårt",
        "dei",
        "deira",
        "deres",
        # "them" (nb): its stem was that of "demens" (dementia), Snowball's -ens taken as an ending
        "dem",
        "der",
        "her",
        "dette",
        "denne",
        "disse",
        "desse",
        "slik",
        "slike",
        "sånn",
        "ikke",
        "ikkje",
        "ingen",
        "inga",
        "noe",
        "noko",
        "noen",
        "nokon",
        "alle",
        "all",
        "alt",
        "andre",
        "annan",
        "anna",
        "annet",
        "anna",
        "mer",
        "meir",
        "mest",
        "flere",
        "fleire",
        "mange",
        "mykje",
        "mye",
        "også",
        "òg",
        "og",
        "nok",
        "enn",
        "berre",
        "bare",
        "ut",
        "inn",
        "opp",
        "ned",
        "fram",
        "frem",
        "no",
        "nå",
        "enda",
        "endå",
        "aldri",
        "alltid",
        "stadig",
        "heilt",
        "helt",
        "svært",
        "veldig",
        "særleg",
        "særlig",
        "eks",
        "blant",
        "anna",
        "annet",
        "etc",
        "jf",
        "dvs",
        "mv",
        "osv",
        "si",
        "sa",
        "seg",
        "sjølv",
        "selv",
        "hele",
        "heile",
        "heilt",
        "ny",
        "nye",
        "nytt",
        "god",
        "gode",
        "godt",
        "best",
        "betre",
        "bedre",
        "stor",
        "store",
        "større",
        "størst",
        "liten",
        "lite",
        "små",
        "mindre",
        "første",
        "siste",
        "to",
        "tre",
        "fire",
        "fem",
        # number words carry no concern ("ti månader" on a waiting list, "ti arbeidsdagar" for a
        # printout of the record): "to" to "fem" were stop words already
        "seks",
        "sju",
        "syv",
        "åtte",
        "ni",
        "ti",
        "elleve",
        "tolv",
        "ulike",
        "ulik",
        "ulikt",
        "egen",
        "eigen",
        "eige",
        "egne",
        "eigne",
        "eget",
        "sine",
        "hver",
        "kvar",
        "kvart",
        "hvert",
        "hvilken",
        "kvifor",
        "hvorfor",
        "fordi",
        "derfor",
        "difor",
        "dermed",
        "likevel",
        "samtidig",
        "blant",
        "langs",
        "rundt",
        "per",
        "pr",
        "the",
        "mulig",
        "mulige",
        "videre",
        "få",
        "fått",
        "bidra",
        "sikre",
        "styrke",
        "utarbeide",
        "gjennomføre",
        "gjennomført",
        "eksempel",
        "tiltak",
        "tiltaket",
        "tiltaka",
        "tiltakene",
        "plan",
        "planen",
        "planar",
        "planer",
        "utfordring",
        "utfordringer",
        "utfordringar",
        "utfordringane",
        "utfordringene",
        "område",
        "området",
        "områder",
        "områda",
        "områdene",
        # qualifiers of time and permanence, no topic of their own: "faste legemiddel" (regular
        # medicines) is not about the GP (fastlege), "ikkje lenger" not about waiting "for lenge"
        "fast",
        "faste",
        "lenge",
        "lenger",
        # "the same": no topic, and its stem is that of "sammen" (together; nn "saman")
        "samme",
        "same",
        # "before": a preposition and conjunction ("før pandemien", "før dei har vore tilsette")
        "før",
    ]
)

_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "for",
        "with",
        "on",
        "at",
        "by",
        "from",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "what",
        "where",
        "when",
        "how",
        "it",
        "its",
        "as",
        "an",
        "or",
        "not",
        "no",
        "but",
        "have",
        "has",
        "had",
        "will",
        "would",
        "should",
        "could",
        "can",
        "may",
        "must",
        "into",
        "about",
        "than",
        "then",
        "there",
        "their",
        "they",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "his",
        "her",
        "them",
        "also",
    ]
)
_NORWEGIAN_MARKERS = frozenset(
    [
        "og",
        "i",
        "på",
        "til",
        "av",
        "for",
        "med",
        "som",
        "er",
        "at",
        "det",
        "den",
        "de",
        "en",
        "et",
        "ei",
        "eit",
        "ein",
        "om",
        "fra",
        "frå",
        "ikke",
        "ikkje",
        "skal",
        "vil",
        "kan",
        "må",
        "vi",
        "dei",
        "har",
        "blir",
        "vert",
        "være",
        "vere",
        "også",
        "òg",
        "mellom",
        "gjennom",
    ]
)

# Nynorsk -> Bokmål, as parts of words (applied inside compounds too), longest first.
_VARIANT_PARTS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "sjukehus": "sykehus",
            "sjukdom": "sykdom",
            "sjukepleie": "sykepleie",
            "sjuk": "syk",
            "teneste": "tjeneste",
            "tenest": "tjenest",
            "oppgåve": "oppgave",
            "oppgåv": "oppgav",
            "føretak": "foretak",
            "forbetr": "forbedr",
            "tryggleik": "trygghet",
            "heilskap": "helhet",
            "samanheng": "sammenheng",
            "berekraft": "bærekraft",
            "forsking": "forskning",
            "behalde": "beholde",
            "førebygg": "forebygg",
            "førebuing": "forberedelse",
            "førebu": "forbered",
            "handter": "håndter",
            "medverknad": "medvirkning",
            "verknad": "virkning",
            "leiing": "ledelse",
            "leiar": "leder",
            # "pleiar" (sjukepleiar, helsepleiar) is not "p" + "leiar": matched first, as longer
            "pleiar": "pleier",
            "fråvær": "fravær",
            "utgreiing": "utredning",
            "verksemd": "virksomhet",
            "tilbod": "tilbud",
            "innhald": "innhold",
            "utslepp": "utslipp",
            "vegkart": "veikart",
            "anskaffing": "anskaffelse",
            "forvalting": "forvaltning",
            "heime": "hjemme",
            "heim": "hjem",
            "mogleg": "mulig",
            "røynsl": "erfaring",
            "rettleiar": "veileder",
            "rettleiing": "veiledning",
            "einskild": "enkelt",
            "rekneskap": "regnskap",
            "avgjerd": "avgjørelse",
            "tilsett": "ansatt",
            "vidareutdann": "videreutdann",
            "vidare": "videre",
            "fleirtal": "flertall",
            "pårørande": "pårørende",
            "deltaking": "deltakelse",
            "auke": "øke",
            "auka": "økt",
            "aukar": "øker",
            "aukande": "økende",
            "tilvis": "henvis",
            "kvalitetsforbetring": "kvalitetsforbedring",
            "arbeidsprosessar": "arbeidsprosesser",
            "helsefagleg": "helsefaglig",
            # more of the words health plans use, where Bokmål and Nynorsk spell the stem apart
            "løysingane": "løsningene",
            "løysingar": "løsninger",
            "løysing": "løsning",
            "løys": "løs",
            # -ing against -else: the plural endings too (-ingar/-elser), else the stems part
            "lidingane": "lidelsene",
            "lidingar": "lidelser",
            "liding": "lidelse",
            "innleggingane": "innleggelsene",
            "innleggingar": "innleggelser",
            "innlegging": "innleggelse",
            "undersøkingane": "undersøkelsene",
            "undersøkingar": "undersøkelser",
            "undersøking": "undersøkelse",
            "utsett": "utsatt",
            "utskriving": "utskrivning",
            "naudsynt": "nødvendig",
            "naud": "nød",
            "sjølvmord": "selvmord",
            "sjølv": "selv",
            # supplement (nn tilskot, kosttilskot, vitamintilskot; nb tilskudd)
            "tilskot": "tilskudd",
            "vald": "vold",
            "skule": "skole",
            "eining": "enhet",
            "nærleik": "nærhet",
            "ulikskap": "ulikhet",
            "lækjar": "lege",
            "bustad": "bolig",
            "vaksne": "voksne",
            # vaksen (adult): vaksenpsykiatri / voksenpsykiatri
            "vaksen": "voksen",
            # heart: hjartesvikt / hjertesvikt
            "hjarte": "hjerte",
            "heilt": "helt",
            "heile": "hele",
            "saman": "sammen",
            "fleire": "flere",
            "høg": "høy",
            "låg": "lav",
            "kvardag": "hverdag",
            "arbeidsgjevar": "arbeidsgiver",
            "følgj": "følg",
            "setjing": "setting",
            "tenkj": "tenk",
            "draum": "drøm",
            "aleine": "alene",
            "einsam": "ensom",
            "språkleg": "språklig",
            "tolking": "tolkning",
            "spreiing": "spredning",
            "rusliding": "ruslidelse",
            "fødande": "fødende",
            "jordmødrer": "jordmødre",
            "born": "barn",
            # attack: Nynorsk åtak, Bokmål angrep (dataåtak / dataangrep, cyberåtak)
            "åtak": "angrep",
            # a few more pairs every regional plan has a use for (power and water supply, breaches,
            # consultations, birth clinics, attitudes, loneliness, regular follow-up)
            "straum": "strøm",
            "vatn": "vann",
            "brot": "brudd",
            "høyring": "høring",
            "fødestov": "fødestu",
            "haldning": "holdning",
            "halde": "holde",
            "einsemd": "ensomhet",
            "jamleg": "jevnlig",
            "jamn": "jevn",
            # staffing: hired staff (nn innleige, leigd; nb innleie, leid) and those who stay
            # (nn bli verande, nb bli værende)
            "leig": "lei",
            "verande": "værende",
            # hearing (nn høyrsel, høyreapparat; nb hørsel, høreapparat; "høyre" alone is also the
            # right-hand side, so only these stems) and the operating theatre (nn -stove, nb -stue)
            "høyrsel": "hørsel",
            "høyreapparat": "høreapparat",
            "operasjonsstov": "operasjonsstu",
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)
_VARIANT_RE = re.compile("|".join(re.escape(k) for k, _ in _VARIANT_PARTS))

# Nynorsk -> Bokmål, whole words only (as parts of words they would be read inside others:
# "att" in "skatt", "attest")
_VARIANT_WORDS = {
    # again: "lagd inn att" (nn) = "lagt inn igjen" (nb)
    "att": "igjen",
}
# two words that say what one word says: "lagt inn på nytt" = "lagt inn igjen" (again); the
# second word becomes the one word (the first is a stop word anyway), where the phrase ends a
# clause or a stop word follows it: "på nytt sykehus", "på ny teknologi" are something new
_PHRASES = {("på", "nytt"): "igjen", ("på", "ny"): "igjen"}
# a new joint is a joint replacement: patients wait for "ny hofte" or "nytt kne", the hospital
# plans "hofteprotese" and "kneprotese" ("ny" and "nytt" are stop words, so "ny hofte" would be
# any hip, a broken one too); the joint word becomes the prosthesis
_NEW = frozenset({"ny", "nytt", "nye"})
_NEW_JOINT = {
    **dict.fromkeys(("hofte", "hofta", "hofter", "hofteledd"), "hofteprotese"),
    **dict.fromkeys(("kne", "knær", "kneledd"), "kneprotese"),
    **dict.fromkeys(("skulder", "skuldre", "skulderledd"), "skulderprotese"),
}
# a verb with a particle that says what one noun says: "seier opp" (nn) / "sier opp" (nb) is
# "oppsigelse" (resigning, giving notice); the verb becomes the noun (the particle is a stop
# word), so a measure for fewer who "seier opp" meets a challenge about resignations
_PARTICLE_VERBS: dict[str, tuple[frozenset[str], str]] = {
    **dict.fromkeys(
        ("si", "sier", "sa", "sagt", "sei", "seie", "seier", "seia"),
        (frozenset({"opp"}), "oppsigelse"),
    ),
    # "kjenne att" (nn) / "kjenne igjen" (nb) is to recognise: the particle is no "again" (the
    # word of readmissions, "lagt inn igjen"), and the pair is one word; recognising the signs of
    # a stroke shares the verb with recognising a child at risk, not a topic of its own
    **dict.fromkeys(
        ("kjenne", "kjenner", "kjende", "kjente", "kjent"),
        (frozenset({"att", "igjen"}), "gjenkjenne"),
    ),
}
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")
_VARIANT_MAP = dict(_VARIANT_PARTS)

# Word endings: Nynorsk -heit/-leg/-ar (agent nouns) -> Bokmål -het/-lig/-er.
_ENDINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"heit(a|en|ene|er|ar|ane)?$"), r"het\1"),
    (re.compile(r"leg(e|t|are|ast)?$"), r"lig\1"),
    (re.compile(r"legheit"), "lighet"),
)


# "lege" (doctor) is a noun, not the Nynorsk adjective ending -lege: the doctors plans name by
# their field or their place of work (an eye specialist is "øyelege", nn "augelege")
_DOCTOR = (
    "fastlege",
    "overlege",
    "allmennlege",
    "sykehuslege",
    "kommunelege",
    "turnuslege",
    "øyelege",
    "augelege",
    "barnelege",
    "spesiallege",
    "sykehjemslege",
    "tilsynslege",
    "bedriftslege",
    # added after the thirteenth blind pair: the adult doctor who takes over from the
    # paediatrician (nn "vaksenlege" was "voksenlige", stem "voksen": any adult), and doctors
    # named by their field or shift ("hudlege" was "hud"; "smertelege" is left as "smert": the
    # pain doctor is named with the pain the patients have)
    "voksenlege",
    "hudlege",
    "anestesilege",
    "skolelege",
    "vaktlege",
    "legevaktslege",
    "assistentlege",
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text: its verbatim form, its span there, its canonical form and stem."""

    surface: str
    start: int
    end: int
    norm: str
    stem: str


def canonical(word: str) -> str:
    """The word lower-cased, NFC, with Nynorsk spellings mapped to Bokmål.

    >>> canonical("Sjukehusa"), canonical("oppgåvedelinga"), canonical("sårbarheiter")
    ('sykehusa', 'oppgavedelinga', 'sårbarheter')
    >>> canonical("Spesialisthelsetenesta")
    'spesialisthelsetjenesta'
    """
    return _canonical(unicodedata.normalize("NFC", word).lower())


@functools.lru_cache(maxsize=200_000)
def _canonical(word: str) -> str:
    if word in _VARIANT_WORDS:
        return _VARIANT_WORDS[word]
    word = _VARIANT_RE.sub(lambda m: _VARIANT_MAP[m.group(0)], word).replace("ggj", "gg")
    if word == "lege":
        return word
    if not word.endswith(_DOCTOR):
        for pattern, repl in _ENDINGS:
            word = pattern.sub(repl, word)
    return word


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("norwegian")


@functools.lru_cache(maxsize=400_000)
def stem(word: str) -> str:
    """The Snowball (Norwegian) stem of a canonical word, with Nynorsk agent nouns in -ar
    brought to -er (*brukar* -> *bruker*, *medarbeidar* -> *medarbeider*) and verbal nouns in
    -ing to their verb's stem (*rekruttering* -> *rekrutter*, like *rekruttere*).

    >>> stem(canonical("kommunane")) == stem(canonical("kommunene"))
    True
    >>> stem(canonical("medarbeidarar")) == stem(canonical("medarbeidere"))
    True
    """
    if word in _UNINFLECTED:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    result: str = _stemmer().stemWord(word)
    result = _undo_false_suffix(word, result)
    if len(result) > 5 and result.endswith("ar"):
        result = result[:-2] + "er"
    # verbal nouns meet their verbs: rekruttering/rekruttere, forebygging/forebygge
    if len(result) >= 7 and result.endswith("ing"):
        result = result[:-3]
        # Bokmål -ning where Nynorsk writes -ing: henvisning/tilvising/henvise, utskrivning/
        # utskriving; a root that itself ends in -n keeps it (beregning/beregne, ordning/ordne)
        if result.endswith("n") and result[-2] in _NING_ROOT_END and len(result) > _SHORT_NING:
            result = result[:-1]
    # Bokmål doubles a final m before an ending, Nynorsk does not: sykdommer/sjukdomar,
    # ungdommen/ungdomen, programmet
    if result.endswith("mm"):
        result = result[:-1]
    return result


_UNINFLECTED = frozenset({"felles", "innbyrdes"})
"""Indeclinable words Snowball would cut as if inflected: *felles* (common) is not the Nynorsk
verb *fell* (falls), *innbyrdes* (mutual) no *innbyrd*."""
_IRREGULAR = {
    **dict.fromkeys(("kø", "køen", "køa", "køer", "køar", "køene", "køane"), "kø"),
    **dict.fromkeys(("turnover", "turnoveren"), "turnover"),
    **dict.fromkeys(("vikar", "vikaren", "vikarer", "vikarar", "vikarene", "vikarane"), "vikar"),
    "værende": "værende",
    "demens": "demens",
}
"""Inflected forms Snowball leaves apart, with their one stem: a word as short as *kø* (queue)
keeps every ending (*køen*, *køane*, *køer*: its stem region is empty), the loanword
*turnover* loses its *-er* as if inflected (*turnover* -> *turnov*, *turnoveren* ->
*turnover*), *vikar* (a temp) its *-ar* (*vikar* -> *vik*, a bay; *vikarer* -> *vikar*), and
the participle *værende* (*bli værende*, to stay) is not *vær* (weather, *været*), and *demens*
(dementia) loses no *-ens* as if a genitive (*dem*, them; *demensen* -> *demens*)."""
_NING_ROOT_END = frozenset("skvt")
"""The letters before the *n* of a Bokmål *-ning* that is the ending, not the root's own *n*
(*henvis|ning*, *utskriv|ning*, *forsk|ning*; but *bereg|n|ing*, *ord|n|ing*, *kjen|n|ing*)."""
_SHORT_NING = 5
"""A stem no longer than this keeps its *n* (*løsning* stays *løsn*, not *løs* "loose")."""


_SHORT_LIG = 3
"""An adjective in -lig whose root is at most this long keeps the suffix in its stem."""
_SHORT_IG = 4
"""An adjective in -ig whose root is at most this long keeps it too: *ledig* (vacant) is not
*leder* (leader), *ferdig* (done) not *ferd* (journey)."""


def _undo_false_suffix(word: str, result: str) -> str:
    """Put back a suffix the Snowball stemmer took that was not an inflection of ``word``.

    Two merges of unrelated words are undone: Snowball's *-leg* is the Nynorsk adjective suffix,
    which ``canonical`` has already written *-lig*, so a *-leg* it finds belongs to a noun and
    stays (*fastlegen* -> *fastleg*, not *fast*, the adjective "regular"; *kollega* -> *kolleg*,
    not *kol*, the stem of *kols*, COPD); and an
    adjective in *-lig* keeps the suffix when what is left is a short root (*tidlig* "early" ->
    *tidlig*, not *tid* "time"; *farlig* is not *far*), while a long root still meets its
    adjective (*personlig* -> *person*).

    >>> stem("fastlegene"), stem("fast"), stem("tidlige"), stem("tid"), stem("personlige")
    ('fastleg', 'fast', 'tidlig', 'tid', 'person')
    >>> stem("kollega"), stem("kols")
    ('kolleg', 'kol')
    >>> stem(canonical("augelegen")), stem(canonical("augelege")), stem(canonical("øyelegar"))
    ('augeleg', 'augeleg', 'øyeleg')
    """
    if not word.startswith(result):
        return result
    rest = word[len(result) :]
    if rest.startswith("leg") and len(word) - len(rest) >= 2:
        return result + "leg"
    if rest.startswith("eleg") and len(result) >= 2:
        # Snowball's *-eleg* too: a doctor whose field ends in *-e* (*augelegen* -> *augeleg*,
        # not *aug*)
        return result + "eleg"
    if rest.startswith("lig") and len(result) <= _SHORT_LIG:
        return result + "lig"
    if rest.startswith("ig") and len(result) <= _SHORT_IG:
        return result + "ig"
    return result


def tokens(text: str) -> Iterator[Token]:
    """The words of ``text`` (hyphenated words split at the hyphen), stop words left out.

    >>> [t.stem for t in tokens("Helseberedskapen er ein sentral del")]
    ['helseberedskap', 'sentral', 'del']
    """
    previous = ""
    skip = -1  # where a particle starts that its verb has taken up
    for match in _WORD.finditer(text):
        start = match.start()
        if match.group(0).endswith("."):  # two letters with dots (_DOTTED)
            word = _DOTTED.get(match.group(0).lower())
            if word is not None:
                previous = word
                yield Token(match.group(0), start, match.end(), word, stem(word))
            continue
        for part in match.group(0).split("-"):
            end = start + len(part)
            lower = part.lower()
            if start == skip:
                previous, start = lower, end + 1
                continue
            joint = _NEW_JOINT.get(lower) if previous in _NEW else None
            phrase, previous = _PHRASES.get((previous, lower)), lower
            particle = _PARTICLE_VERBS.get(lower)
            if phrase is not None and _phrase_ends(text, end):
                yield Token(part, start, end, phrase, stem(phrase))
            elif joint is not None:
                yield Token(part, start, end, joint, stem(joint))
            elif particle is not None and _next_word(text, end) in particle[0]:
                following = _NEXT_WORD.match(text, end)
                assert following is not None
                skip = following.start(1)
                yield Token(part, start, end, particle[1], stem(particle[1]))
            elif len(part) >= 2:
                norm = canonical(part)
                if norm not in STOPWORDS and lower not in STOPWORDS:
                    yield Token(part, start, end, norm, stem(norm))
            start = end + 1


def _next_word(text: str, end: int) -> str | None:
    """The word that follows ``end`` in ``text`` (lower case; none across a punctuation mark)."""
    following = _NEXT_WORD.match(text, end)
    return None if following is None else following.group(1).lower()


def _phrase_ends(text: str, end: int) -> bool:
    """Whether no word, or a stop word, follows ``end`` in ``text`` (in the same clause)."""
    following = _next_word(text, end)
    return following is None or following in STOPWORDS


def language_problem(text: str) -> str | None:
    """Why ``text`` cannot be matched as Norwegian, or None.

    >>> language_problem("The hospital will recruit more nurses and share the tasks with others.")
    'the text looks like English, not Norwegian (Bokmål or Nynorsk)'
    >>> language_problem("Sjukehusa skal rekruttere fleire sjukepleiarar.") is None
    True
    >>> language_problem("   ")
    'the text is empty'
    """
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return "the text is empty"
    english = sum(w in _ENGLISH for w in words)
    norwegian = sum(w in _NORWEGIAN_MARKERS for w in words)
    if len(words) >= 6 and english >= 2 and english > 2 * norwegian:
        return "the text looks like English, not Norwegian (Bokmål or Nynorsk)"
    return None
