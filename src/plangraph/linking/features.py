"""From an item's label and verbatim text to weighted features, each with the spans it came from.

Features are word stems (``w:<stem>``), the stems of the parts of compound words split against
the corpus's own vocabulary (*helseberedskap* -> *helse* + *beredskap*), and thesaurus concepts
(``c:<iri>``). Every feature remembers where in the label or the text it was found, so a match
can be highlighted in the source as it stands.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from plangraph import resources
from plangraph.linking.roles import names_people, roles
from plangraph.linking.text import (
    MAX_TEXT_CHARS,
    STOPWORDS,
    Token,
    canonical,
    language_problem,
    stem,
    tokens,
)
from plangraph.linking.thesaurus import Thesaurus

__all__ = [
    "Analyzer",
    "Doc",
    "Item",
    "Splitter",
    "compound_parts",
    "compound_wholes",
    "older_people",
]

COMPOUND_PARTS_FILE = "compound-parts.txt"
GENERIC_WORDS_FILE = "generic-words.txt"
SECTOR_TERMS_FILE = "sector-terms.txt"
LIGHT_WORDS_FILE = "light-words.txt"
FIELD_CONCEPTS_FILE = "field-concepts.txt"

LABEL_WEIGHT = 1.5
TEXT_WEIGHT = 1.0
CONTEXT_WEIGHT = 0.4
PART_WEIGHT = 0.7
CONCEPT_WEIGHT = 1.0
BROADER_WEIGHT = 0.5
HEADING_ONLY_WEIGHT = 0.5
"""A feature only the context (the headings an item stands under) gives counts this much more
weakly again: a heading confirms what the item says, and adds little of its own to every item
under it (*Eldremedisin* over a hip-fracture measure and a delirium measure alike)."""
GENERIC_WEIGHT = 0.5
"""A word that names the health service itself (``generic-words.txt``: *helse*, *tjeneste*,
*behandling*) counts this much of an ordinary word: two items that share only such words share
the genre of their plans, not a concern."""
SECTOR_WEIGHT = 0.5
"""A thesaurus term that names a sector of the service or whom it serves rather than a concern
(``sector-terms.txt``: *psykisk helsevern og rus*, *BUP*, *barn og unge*) counts this much of a
concept match (``Doc.muted``): every text of a clinic for mental health and substance use names the clinic, and
an interpreter measure in child psychiatry is not about the children's mental health."""
MIN_PART = 4
"""The shortest part a compound is split into."""
MIN_PART_FOR_TERM = 6
"""The shortest compound part that matches a one-word thesaurus term (``miljø`` in
``fagmiljø`` is not climate)."""


@dataclass(frozen=True)
class Item:
    """A measure, challenge or goal as the matcher sees it."""

    iri: str
    kind: str
    label: str
    text: str = ""
    context: str = ""
    plan: str = ""
    org: str = ""
    lang: str = ""


@dataclass
class Doc:
    """An item's features: weights, and per feature the (field, start, end) spans."""

    weights: dict[str, float] = field(default_factory=dict)
    spans: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    roles: frozenset[str] = frozenset()
    """Whose concern the item is (``plangraph.linking.roles``): the staff's own, which next of kin."""
    content: set[str] = field(default_factory=set)
    """The features the item says at least once as a concern of its own, not only as a light
    word (``light-words.txt``: who, where, when), a generic word or a sector's name."""
    fields: frozenset[str] = frozenset()
    """The fields of care the item names (``c:`` features of ``field-concepts.txt``)."""
    muted: dict[str, float] = field(default_factory=dict)
    """Per feature, the part of its weight that does not count in a match (a sector's name
    counts ``SECTOR_WEIGHT`` when shared, in full in the item's own length: a text that names
    its clinic says less about the clinic's other texts, and no more about anything else)."""

    def add(
        self,
        feature: str,
        weight: float,
        where: tuple[str, int, int],
        light: bool = False,
        share: float = 1.0,
    ) -> None:
        """Add ``weight`` to ``feature``; ``light``: said as who, where or when only;
        ``share``: the part of the weight that counts in a match."""
        self.weights[feature] = self.weights.get(feature, 0.0) + weight
        if share != 1.0:
            self.muted[feature] = self.muted.get(feature, 0.0) + weight * (1.0 - share)
        if not light:
            self.content.add(feature)
        spans = self.spans.setdefault(feature, [])
        if where not in spans:
            spans.append(where)

    def match_share(self, feature: str) -> float:
        """The share of ``feature``'s weight that counts in a match (1 unless muted)."""
        muted = self.muted.get(feature)
        return 1.0 if muted is None else 1.0 - muted / self.weights[feature]


class Splitter:
    """Splits compound words into parts the corpus uses as words of their own.

    A split is taken when the parts are, on average (geometric mean), more frequent than the
    whole word (Koehn and Knight 2003); a left part may drop a linking *s* or *e*. A curated
    modifier (``curated``, the parts of ``compound-parts.txt``) that is no more frequent than the
    whole word splits it whatever the counts: in a plan the whole compound is often repeated by a
    heading (*barseltid* over every challenge of its theme) and outcounts its parts; a modifier
    common on its own (*helse*) still has to pass the frequency test.

    >>> s = Splitter(Counter({"helse": 9, "beredskap": 5, "ledelse": 3, "helseberedskap": 1}))
    >>> s.split("helseberedskapen"), s.split("beredskapsledelse")
    (('helse', 'beredskapen'), ('beredskap', 'ledelse'))
    """

    def __init__(
        self,
        words: Counter[str],
        curated: frozenset[str] = frozenset(),
        wholes: frozenset[str] = frozenset(),
    ) -> None:
        self._curated = frozenset(stem(w) for w in curated)
        self._wholes = wholes
        self._freq: Counter[str] = Counter()
        for word, count in words.items():
            if len(word) >= MIN_PART and word not in STOPWORDS:
                self._freq[stem(word)] += count
        self._cache: dict[str, tuple[str, ...]] = {}

    def _known(self, part: str) -> int:
        if len(part) < MIN_PART or part in STOPWORDS:
            return 0
        return self._freq.get(stem(part), 0)

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of ``word`` (canonical form), or ``(word,)``."""
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._split(word, 0)
        return found

    def _linking_s(self, word: str, i: int) -> bool:
        """Whether ``word`` may be cut after a linking *s* at ``i`` (``word[i]``): the left part
        is known and so is the rest after the *s* (as a word or split into known words).

        >>> s = Splitter(Counter({"beredskap": 3, "lager": 2, "slag": 2, "pasient": 4, "sikkerhet": 2}))
        >>> s.split("beredskapslager"), s.split("pasientsikkerhet")
        (('beredskap', 'lager'), ('pasient', 'sikkerhet'))
        """
        rest = word[i + 1 :]
        if len(rest) < MIN_PART or not self._known(word[:i]):
            return False
        return bool(self._known(rest)) or all(self._known(p) for p in self.split(rest))

    def _split(self, word: str, depth: int) -> tuple[str, ...]:
        if len(word) < 2 * MIN_PART or depth > 3:
            return (word,)
        best: tuple[str, ...] = (word,)
        best_score = best_whole = float(self._freq.get(stem(word), 0))
        inside = cuts_inside(word, self._wholes)
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            if i in inside:
                continue
            left, right = word[:i], word[i:]
            if right[0] == "s" and self._linking_s(word, i):
                # "beredskapslager" is beredskaps|lager, not beredskap|slager (*slager* has
                # the stem of *slag*, stroke): where the -s- can link the parts, it does
                continue
            lefts = [left]
            if left[-1] in "se" and len(left) > MIN_PART:
                # a linking -s- goes first (beredskaps|ledelse); a final -e stays (helse|...)
                lefts.insert(0 if left[-1] == "s" else 1, left[:-1])
            left_part = next((p for p in lefts if self._known(p)), None)
            if left_part is None:
                continue
            rest = (right,) if self._known(right) else self._split(right, depth + 1)
            if not all(self._known(p) for p in rest):
                continue
            parts = (left_part, *rest)
            product = 1.0
            for p in parts:
                product *= self._known(p)
            score = product ** (1 / len(parts))
            if stem(left_part) in self._curated and self._known(left_part) <= best_whole:
                # a curated modifier over a known head is a compound, however often the whole
                # word itself is repeated (a theme heading over every challenge of its theme)
                score += best_whole
            if score > best_score:
                best, best_score = parts, score
        return best


@functools.lru_cache(maxsize=1)
def _curated_lines() -> tuple[str, ...]:
    text = (resources.data_dir() / "thesaurus" / COMPOUND_PARTS_FILE).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(w for w in words if w)


@functools.lru_cache(maxsize=1)
def compound_parts() -> frozenset[str]:
    """The curated words compounds are split into even where the texts never use them alone
    (``data/thesaurus/compound-parts.txt``), in canonical form; the wholes are parts too.

    >>> {"ambulanse", "pasient", "sykehus", "korttid"} <= compound_parts()
    True
    """
    return frozenset(canonical(w.lstrip("=")) for w in _curated_lines())


@functools.lru_cache(maxsize=1)
def compound_wholes() -> frozenset[str]:
    """The curated compounds never cut inside (the lines of ``compound-parts.txt`` that start
    with ``=``): their parts say something else than the whole (*korttid* "short-term" is not
    *kort* "card, short" and *tid* "time"; a *sykehusapotek* is a pharmacy, not a hospital).

    >>> {"korttid", "sykehusapotek"} <= compound_wholes()
    True
    """
    return frozenset(canonical(w[1:]) for w in _curated_lines() if w.startswith("="))


@functools.lru_cache(maxsize=1)
def generic_features() -> frozenset[str]:
    """The word features of ``generic-words.txt`` (``w:`` and the stem), which count
    ``GENERIC_WEIGHT`` of an ordinary word.

    >>> "w:" + stem("behandling") in generic_features(), "w:" + stem("kreft") in generic_features()
    (True, False)
    """
    text = (resources.data_dir() / "thesaurus" / GENERIC_WORDS_FILE).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(f"w:{stem(canonical(w))}" for w in words if w)


@functools.lru_cache(maxsize=1)
def sector_terms() -> frozenset[tuple[str, ...]]:
    """The thesaurus terms of ``sector-terms.txt`` as stem sequences, which count
    ``SECTOR_WEIGHT`` of a concept match.

    >>> from plangraph.linking.text import tokens
    >>> tuple(t.stem for t in tokens("psykisk helsevern og rus")) in sector_terms()
    True
    """
    text = (resources.data_dir() / "thesaurus" / SECTOR_TERMS_FILE).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(tuple(t.stem for t in tokens(line)) for line in lines if line)


@functools.lru_cache(maxsize=1)
def _field_names() -> frozenset[str]:
    text = (resources.data_dir() / "thesaurus" / FIELD_CONCEPTS_FILE).read_text(encoding="utf-8")
    names = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(n for n in names if n)


def field_features(thesaurus: Thesaurus) -> frozenset[str]:
    """The ``c:`` features of the concepts of ``field-concepts.txt`` in ``thesaurus``: the fields
    of care (a disease, an organ, a service), against the concerns that cut across them.

    >>> from plangraph.linking.thesaurus import load_thesaurus
    >>> fields = {f.rsplit("/", 1)[1] for f in field_features(load_thesaurus())}
    >>> {"kreft", "hjerneslag"} <= fields, "ventetid" in fields
    (True, False)
    """
    names = _field_names()
    return frozenset(f"c:{iri}" for iri in thesaurus.concepts if iri.rsplit("/", 1)[1] in names)


@functools.lru_cache(maxsize=1)
def light_stems() -> frozenset[str]:
    """The stems of ``light-words.txt``: words that say who, where or when (*pasient*,
    *ansatte*, *sengepost*, *år*), not what a text is about. A pair that shares only such words
    (and generic words and sectors' names) has no concern in common (``Doc.content``).

    >>> stem(canonical("tilsette")) in light_stems(), stem("kreft") in light_stems()
    (True, False)
    """
    text = (resources.data_dir() / "thesaurus" / LIGHT_WORDS_FILE).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(stem(canonical(w)) for w in words if w)


def cuts_inside(word: str, wholes: frozenset[str]) -> frozenset[int]:
    """The positions in ``word`` where a compound may not be cut: inside a curated whole.

    >>> sorted(cuts_inside("korttidsplass", frozenset({"korttid"})))
    [1, 2, 3, 4, 5, 6]
    """
    cuts: set[int] = set()
    for whole in wholes:
        start = word.find(whole)
        while start >= 0:
            cuts.update(range(start + 1, start + len(whole)))
            start = word.find(whole, start + 1)
    return frozenset(cuts)


MIN_END = 6
"""The shortest known word ``known_ends`` takes from either end of an unsplit compound."""
MIN_REST = 4
"""The shortest rest of the compound it leaves beside it."""
_VOWELS = frozenset("aeiouyæøå")
# what follows a word inside a longer one without being a compound's head: derivational endings
# (forskings|messig, felles|skap, bærekraft|ig) and the adjective heads they make
_NOT_A_HEAD = ("lig", "messig", "skap", "het", "sjon", "som", "bar", "dom", "else", "lse", "ning")
_ADJECTIVE_ENDINGS = ("ig", "ige", "isk", "iske")


def known_ends(
    word: str,
    forms: frozenset[str],
    unknown: Callable[[str], bool],
    wholes: frozenset[str] = frozenset(),
    head_stems: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """The known words at either end of a compound the splitter left whole for want of a part.

    The splitter takes a compound apart only when every part is a known word. A plan's compound
    often has one end the texts never use alone (*rest|avfall*, *antibiotika|styringsprogram*,
    *operasjons|stuene*): its other end still names the concern. The longest word form of
    ``forms`` (words as the texts write them, or curated parts) at the start (a linking *s* or *e*
    dropped) and at the end are the parts; a stem is not enough (*kommun* does not start
    *kommunikasjon*). The rest must be ``unknown`` (else the splitter chose to keep the word
    whole: *helse|foretak*), at least ``MIN_REST`` letters, and not an ending (*pasient|enes*,
    *felles|skap*); a head is no adjective (*bære|kraftig*). No end is cut inside one of
    ``wholes`` (*sykehus|apotek*). The head may be an inflection of a known form when its stem
    is one of ``head_stems`` (*erstatnings|preparater*: *preparat*).

    >>> forms = frozenset({"avfall", "antibiotika", "operasjon", "kommune", "pasient", "kraftig"})
    >>> new = lambda part: part not in {"helse"}
    >>> known_ends("restavfall", forms, new), known_ends("antibiotikastyringsprogram", forms, new)
    (('avfall',), ('antibiotika',))
    >>> known_ends("operasjonsstuene", forms, new), known_ends("kommunikasjon", forms, new)
    (('operasjon',), ())
    >>> known_ends("pasientenes", forms, new), known_ends("bærekraftig", forms, new)
    ((), ())
    >>> known_ends("operasjonsstuene", forms, new, frozenset({"operasjonsstue"}))
    ()
    >>> known_ends("restavfallet", forms, new), known_ends("restavfallet", forms, new, frozenset(), frozenset({"avfall"}))
    ((), ('avfallet',))
    """
    if len(word) < MIN_END + MIN_REST:
        return ()
    found: list[str] = []
    inside = cuts_inside(word, wholes)
    for i in range(len(word) - MIN_REST, MIN_END - 1, -1):
        if i in inside:
            continue
        left, rest = word[:i], word[i:]
        if left in forms:
            part = left
        elif left[-1] in "se" and len(left) > MIN_END and left[:-1] in forms:
            part = left[:-1]
        else:
            continue
        if rest[0] not in _VOWELS and not rest.startswith(_NOT_A_HEAD) and unknown(rest):
            found.append(part)
        break
    for i in range(MIN_REST, len(word) - MIN_END + 1):
        if i in inside:
            continue
        head, rest = word[i:], word[:i]
        if head not in forms and stem(head) not in head_stems:
            continue
        if not head.endswith(_ADJECTIVE_ENDINGS) and unknown(rest) and unknown(rest[:-1]):
            found.append(head)
        break
    return tuple(found)


_FOLLOWING = re.compile(r"[ \t]*([^\W\d_]+)")


def older_people(text: str, tok: Token) -> bool:
    """Whether *eldre* at ``tok`` names older people: alone, before a stop word or a mark, or
    before a word naming people or an adjective of them (``roles.names_people``); before any
    other word it is the comparative of *gammel* (old) and names an older thing.

    >>> from plangraph.linking.text import tokens
    >>> def sense(text):
    ...     return [older_people(text, t) for t in tokens(text) if t.norm == "eldre"]
    >>> sense("Mange eldre blir lagt inn"), sense("Tilbod til eldre pasientar og eldre med demens")
    ([True], [True, True])
    >>> sense("Eldre utstyr skal skiftast ut"), sense("utskrift av eldre dokumenter")
    ([False], [False])
    """
    following = _FOLLOWING.match(text, tok.end)
    if following is None:
        return True
    word = canonical(following.group(1))
    return word in STOPWORDS or following.group(1).lower() in STOPWORDS or names_people(word)


_COORDINATION = re.compile(r"[\s,]*(?:(?:og|eller|samt|and)\s+|/\s*)?", re.IGNORECASE)


def _truncated(text: str, tok: Token) -> bool:
    """Whether ``tok`` ends in a hyphen with no word after it: a compound's first part whose
    head is given once, at the end of a coordination (*anestesi-* in *anestesi- og
    intensivsjukepleie*)."""
    return text[tok.end : tok.end + 1] == "-" and not text[tok.end + 1 : tok.end + 2].isalpha()


def _head(word: str, parts: tuple[str, ...]) -> str | None:
    """What follows the first part of a compound split into ``parts`` (the splitter's, or the
    word and its known ends), or None for a word not split.

    >>> _head("operasjonssykepleie", ("operasjon", "sykepleie"))
    'sykepleie'
    >>> _head("restavfall", ("restavfall", "avfall")), _head("omstilling", ("omstilling",))
    ('avfall', None)
    """
    if len(parts) < 2:
        return None
    if parts[0] == word:
        ends = [p for p in parts[1:] if word.endswith(p)]
        return ends[-1] if ends else None
    start = word.find(parts[1], len(parts[0]))
    return word[start:] if start > 0 else None


def _shared_head(
    text: str, toks: list[Token], parts_of: list[tuple[str, ...]], n: int
) -> str | None:
    """The head the coordinated compound at ``toks[n]`` shares with the last compound of its
    coordination, if ``toks[n]`` is a truncated first part (*intensiv-* in *anestesi-, intensiv-
    og operasjonssjukepleie*: *sjukepleie*)."""
    if not _truncated(text, toks[n]):
        return None
    m = n
    while m + 1 < len(toks):
        gap = text[toks[m].end + 1 : toks[m + 1].start]
        if _COORDINATION.fullmatch(gap) is None:
            return None
        m += 1
        if not _truncated(text, toks[m]):
            return _head(toks[m].norm, parts_of[m])
    return None


def _add_heading(doc: Doc, add: Callable[[Doc], None]) -> None:
    """Add the context's features with ``add``; those the item itself lacks weigh
    ``HEADING_ONLY_WEIGHT`` of the rest.

    >>> doc = Doc({"w:hoftebrudd": 1.5})
    >>> def heading(d: Doc) -> None:
    ...     d.add("w:hoftebrudd", 0.4, ("context", 0, 10))
    ...     d.add("w:medisin", 0.4, ("context", 11, 18))
    >>> _add_heading(doc, heading); doc.weights
    {'w:hoftebrudd': 1.9, 'w:medisin': 0.2}
    """
    heading = Doc(spans=doc.spans)
    add(heading)
    doc.content |= heading.content
    for feature, weight in heading.weights.items():
        factor = 1.0 if feature in doc.weights else HEADING_ONLY_WEIGHT
        doc.weights[feature] = doc.weights.get(feature, 0.0) + weight * factor
        if feature in heading.muted:
            doc.muted[feature] = doc.muted.get(feature, 0.0) + heading.muted[feature] * factor


class Analyzer:
    """Turns items into ``Doc``s with one vocabulary (for compounds) and one thesaurus."""

    def __init__(self, items: Iterable[Item], thesaurus: Thesaurus | None) -> None:
        words: Counter[str] = Counter()
        self._tokens: dict[str, list[Token]] = {}
        for item in items:
            for text in (item.label, item.text[:MAX_TEXT_CHARS], item.context):
                found = self._tokens.get(text)
                if found is None:
                    found = self._tokens[text] = list(tokens(text))
                words.update(t.norm for t in found)
        self.thesaurus = thesaurus
        # curated parts count as seen once: a part the texts use often still decides a split
        words.update(dict.fromkeys(compound_parts(), 1))
        # word forms as written (not the thesaurus's stems), for ``known_ends``
        self._forms = frozenset(w for w in words if len(w) >= MIN_END and w not in STOPWORDS)
        self._form_stems = frozenset(stem(w) for w in self._forms if len(stem(w)) >= MIN_END)
        if thesaurus is not None:
            words.update({w: 1 for w in thesaurus.words()})
        self._wholes = compound_wholes()
        self.splitter = Splitter(words, compound_parts(), self._wholes)

    def _unknown(self, part: str) -> bool:
        """Whether the splitter knows neither ``part`` nor parts to split it into."""
        return not self.splitter._known(part) and len(self.splitter.split(part)) == 1

    def release(self) -> None:
        """Drop the token cache (the docs are made; memory goes back)."""
        self._tokens.clear()

    def doc(self, item: Item) -> Doc:
        """The features of ``item``; an empty ``Doc`` with a warning for unusable text."""
        doc = Doc()
        text = item.text
        if len(text) > MAX_TEXT_CHARS:
            doc.warnings.append(
                f"the text has {len(text)} characters; only the first {MAX_TEXT_CHARS} are read"
            )
            text = text[:MAX_TEXT_CHARS]
        problem = language_problem(f"{item.label}\n{text}")
        if problem is not None:
            doc.warnings.append(f"{problem}; no suggestions are made for it")
            return doc
        for name, value, weight in (
            ("label", item.label, LABEL_WEIGHT),
            ("text", text, TEXT_WEIGHT),
        ):
            if value:
                self._add_field(doc, name, value, weight)
        if item.context:
            _add_heading(doc, lambda d: self._add_field(d, "context", item.context, CONTEXT_WEIGHT))
        if not doc.weights:
            doc.warnings.append("no words to match; no suggestions are made for it")
        doc.roles = roles(f"{item.label}\n{text}")
        generic = generic_features()
        for feature in doc.weights.keys() & generic:
            doc.weights[feature] *= GENERIC_WEIGHT
        doc.content -= generic
        if self.thesaurus is not None:
            doc.fields = frozenset(doc.weights.keys() & field_features(self.thesaurus))
        return doc

    def _parts(self, word: str) -> tuple[str, ...]:
        """The parts of ``word``: the splitter's, else the word and its ``known_ends``."""
        parts = self.splitter.split(word)
        if len(parts) == 1:
            parts = (
                word,
                *known_ends(word, self._forms, self._unknown, self._wholes, self._form_stems),
            )
        return parts

    def _add_field(self, doc: Doc, name: str, value: str, weight: float) -> None:
        toks = self._tokens.get(value)
        if toks is None:
            toks = list(tokens(value))
        parts_of = [self._parts(tok.norm) for tok in toks]
        light = light_stems()
        stems_at: list[tuple[set[str], set[str]]] = []
        for n, tok in enumerate(toks):
            if tok.norm == "eldre" and not older_people(value, tok):
                # "eldre utstyr": older things; as light as any comparative (nyere, større)
                stems_at.append((set(), set()))
                continue
            where = (name, tok.start, tok.end)
            head = _shared_head(value, toks, parts_of, n)
            # "sjukepleie-" in "sjukepleie- og medisinstudentar" says who as the students do
            tok_light = tok.stem in light or (head is not None and stem(tok.norm + head) in light)
            doc.add(f"w:{tok.stem}", weight, where, tok_light)
            parts = parts_of[n]
            whole = {tok.stem}
            part_stems: set[str] = set()
            if len(parts) > 1:
                for part in parts:
                    part_stem = stem(part)
                    if part_stem != tok.stem:
                        # a part of a light word is as light (seng|post in sengeposten)
                        part_light = tok.stem in light or part_stem in light
                        doc.add(f"w:{part_stem}", weight * PART_WEIGHT, where, part_light)
                    # a part of a light word names no concern either: a medical student
                    # (medisin|student) is a student, not a medicine
                    if len(part) >= MIN_PART_FOR_TERM and tok.stem not in light:
                        part_stems.add(part_stem)
            if head is not None:
                # "intensiv-" in "anestesi-, intensiv- og operasjonssjukepleie" stands for the
                # word "intensivsjukepleie" (its head is counted once, where it is written)
                compound_stem = stem(tok.norm + head)
                doc.add(f"w:{compound_stem}", weight, where)
                whole.add(compound_stem)
            stems_at.append((whole, part_stems))
        if self.thesaurus is not None:
            self._add_concepts(doc, name, toks, stems_at, weight)

    def _add_concepts(
        self,
        doc: Doc,
        name: str,
        toks: list[Token],
        stems_at: list[tuple[set[str], set[str]]],
        weight: float,
    ) -> None:
        assert self.thesaurus is not None
        by_first = self.thesaurus.by_first
        matches: list[tuple[str, int, int, tuple[str, ...]]] = []
        for i in range(len(toks)):
            whole, parts = stems_at[i]
            for first in sorted(whole | parts):  # one order, whatever the hash seed
                for concept, term in by_first.get(first, ()):
                    if len(term) > 1 and (
                        i + len(term) > len(toks)
                        or any(
                            term[k] not in stems_at[i + k][0] | stems_at[i + k][1]
                            for k in range(1, len(term))
                        )
                    ):
                        continue
                    matches.append((concept, i, i + len(term) - 1, term))
        longer = [m for m in matches if m[2] > m[1]]  # terms of several words
        seen: set[tuple[str, int]] = set()
        sectors = sector_terms()
        light = light_stems()
        for concept, i, end, term in matches:
            if any(
                (other != concept or (i2 < i and longer_term in sectors))
                and i2 <= i
                and end <= end2
                and end2 - i2 > end - i
                for other, i2, end2, longer_term in longer
            ):
                # inside a longer term of another concept: "legemiddelassistert
                # rehabilitering" is LAR, not rehabilitation; inside a sector's name, a word
                # of it is the sector ("rus" in "psykisk helsevern og rus")
                continue
            if (concept, i) in seen:
                continue
            seen.add((concept, i))
            where = (name, toks[i].start, toks[end].end)
            # a sector's name counts less; it and a term of light words only ("ansatte" of the
            # recruitment concept) say who or where, not what (``Doc.content``)
            share = SECTOR_WEIGHT if term in sectors else 1.0
            is_light = term in sectors or all(s in light for s in term)
            doc.add(f"c:{concept}", weight * CONCEPT_WEIGHT, where, is_light, share)
            # a narrower concept also speaks of its broader one, more weakly
            for broader in self.thesaurus.concepts[concept].broader:
                if (broader, i) not in seen:
                    seen.add((broader, i))
                    doc.add(
                        f"c:{broader}",
                        weight * CONCEPT_WEIGHT * BROADER_WEIGHT,
                        where,
                        is_light,
                        share,
                    )
