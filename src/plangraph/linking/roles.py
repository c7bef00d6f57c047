"""Whose concern a text is: the staff's own working conditions, or which next of kin.

Two items can share their topic words and be about different people (violence from patients
against the staff / violence in patients' close relationships; the staff's sick leave / the
patients'; parents of a sick child / children of a sick parent). ``roles`` reads such roles from
a text with the curated words of ``data/thesaurus/role-words.txt``; ``conflict`` says whether two
items' roles disagree, and the ranker weighs such a pair down (``ROLE_CONFLICT_FACTOR``).
"""

from __future__ import annotations

import functools
import re

from plangraph import resources
from plangraph.linking.text import canonical, stem

__all__ = [
    "AGE_ADULT",
    "AGE_CHILD",
    "KIN_CHILD",
    "KIN_PARENT",
    "NAMES_RELATIVES",
    "PATIENT",
    "RELATIVES",
    "ROLE_CONFLICT_FACTOR",
    "STAFF",
    "conflict",
    "names_people",
    "roles",
]

ROLE_WORDS_FILE = "role-words.txt"

ROLE_CONFLICT_FACTOR = 0.5
"""A pair whose roles disagree keeps this share of its score: it stays in the queue (a planner
may still want it) but below the links whose texts are about the same people."""

STAFF = "staff"
PATIENT = "patient"
KIN_CHILD = "kin:child"
KIN_PARENT = "kin:parent"
RELATIVES = "relatives"
"""The text is about the next of kin as people of their own (rooms for relatives, a course for
relatives), not as the patients' company (pasientar og pårørande)."""
NAMES_RELATIVES = "names-relatives"
"""The text names patients and the next of kin too (pasientar og pårørande; pasientane ventar,
pårørande har klaga): its patients are not patients alone."""

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_AMONG_REACH = 3
"""How many words after *blant* (or *mot* after a word of violence) a staff word may stand
(blant helsefagarbeidere og sykepleiere, vold og trusler mot de ansatte)."""
_VIOLENCE = ("vold", "trusl", "trusel", "trakasser", "overgrep")
"""*mot* names whom something is against only after these (vold mot ansatte); elsewhere it is
*aimed at* (tiltak rettet mot ledelsen) or *in return for* (mot at de binder seg)."""
_PREFIX_SECTIONS = frozenset({"workplace", "patient", "not-patient"})
"""The sections of the role words compared as the start of a word's canonical form, not by stem."""
_RELATIVE = "pårør"
"""The start of every form of *pårørende* / *pårørande* (and of compounds: pårørendeskole)."""
_ALONGSIDE = frozenset({"og", "eller", "samt"})
"""*pasientar og pårørande*: the relatives named with the patients, not on their own."""
_FOR = frozenset({"for", "til"})
_THE = frozenset({"de", "dei"})
_DURATION = re.compile(
    r"(?:\d+|\b(?:hel|hele|heil|heile|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|femten|tjue))"
    r"\s+arbeidsdag",
    re.IGNORECASE,
)
"""*arbeidsdag* as a measure of time, not a workplace word: a patient loses a whole working day
to an infusion (ein heil arbeidsdag), a letter is sent within ten working days (innen ti
arbeidsdager). The first working day of the new staff (første arbeidsdag) stays theirs."""
AGE_ADULT = "age:adult"
AGE_CHILD = "age:child"
"""Which age group a text names (``[age-adult]``, ``[age-child]`` of the role words, whole
words): a course for adults with severe obesity is not help for children with severe obesity."""
_KIN = re.compile(r"([^\W\d_]+)\s+som\s+(?:er\s+|var\s+)?pårør(?:ende|ande)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    text = (resources.data_dir() / "thesaurus" / ROLE_WORDS_FILE).read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    section = ""
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if word.startswith("[") and word.endswith("]"):
            section = word[1:-1]
            continue
        norm = canonical(word)
        whole = section in _PREFIX_SECTIONS or section.startswith("age-")
        out.setdefault(section, set()).add(norm if whole else stem(norm))
        if section == "people":
            out[section].add(norm)
    return {k: frozenset(v) for k, v in out.items()}


def roles(text: str) -> frozenset[str]:
    """The roles ``text`` names: ``staff`` when it is about the staff's own working conditions,
    ``patient`` when it names patients, ``kin:child`` / ``kin:parent`` for who the next of kin
    are.

    >>> sorted(roles("Tilsette blir utsette for vald frå pasientar; vi innfører personalalarm"))
    ['patient', 'staff']
    >>> sorted(roles("Sykefraværet er høyt blant helsefagarbeidere og sykepleiere"))
    ['staff']
    >>> sorted(roles("Tilsette får opplæring i å spørje pasientane om vald i nære relasjonar"))
    ['patient']
    >>> sorted(roles("Kurs rettet mot ledelsen")), sorted(roles("vold og trusler mot ansatte"))
    ([], ['staff'])
    >>> sorted(roles("Barn som er pårørende til foreldre med alvorlig sykdom"))
    ['kin:child']
    >>> sorted(roles("Foreldre som pårørande på barneavdelinga"))
    ['kin:parent']
    >>> sorted(roles("Rom på pasienthotellet for pårørande"))
    ['names-relatives', 'patient', 'relatives']
    >>> sorted(roles("Pasientar og pårørande får brosjyren"))
    ['names-relatives', 'patient']
    >>> sorted(roles("Pasientane ventar lenge; pårørande har klaga"))
    ['names-relatives', 'patient']
    """
    lists = _lists()
    found: set[str] = set()
    words = [canonical(w) for w in _WORD.findall(_DURATION.sub(" ", text))]
    workplace = tuple(lists.get("workplace", frozenset()))  # str.startswith takes any of them
    staff = lists.get("staff", frozenset())
    patient = tuple(lists.get("patient", ("pasient",)))
    not_patient = tuple(lists.get("not-patient", ()))
    for n, word in enumerate(words):
        if word.startswith(patient) and not word.startswith(not_patient):
            found.add(PATIENT)
        if word.startswith(workplace) or (
            (
                word == "blant"
                or (
                    word == "mot"
                    and any(w.startswith(_VIOLENCE) for w in words[max(0, n - _AMONG_REACH) : n])
                )
            )
            and any(stem(w) in staff for w in words[n + 1 : n + 1 + _AMONG_REACH])
        ):
            found.add(STAFF)
    names_relatives = False
    for n, word in enumerate(words):
        if not word.startswith(_RELATIVE):
            continue
        names_relatives = True
        before, after = words[max(0, n - 2) : n], words[n + 1 : n + 3]
        alongside = (before[-1:] and before[-1] in _ALONGSIDE and "pasient" in before[0]) or (
            after[:1] and after[0] in _ALONGSIDE and "pasient" in after[-1]
        )
        # for whom: the first word of the text (Pårørande som kjem langvegs frå ...), or after
        # *for* / *til* (rom for pårørande, tilbod til dei pårørande); elsewhere the relatives
        # are witnesses (pårørande har klaga) or the patients' company
        beneficiary = n == 0 or (
            bool(before) and (before[-1] in _FOR or (before[-1] in _THE and before[0] in _FOR))
        )
        if beneficiary and not alongside:
            found.add(RELATIVES)
    # the children who are next of kin (barn som pårørende) are the kin roles' concern
    aged = {canonical(w) for w in _WORD.findall(_KIN.sub(" ", text))}
    if aged & lists.get("age-adult", frozenset()):
        found.add(AGE_ADULT)
    if aged & lists.get("age-child", frozenset()):
        found.add(AGE_CHILD)
    if names_relatives and PATIENT in found:
        found.add(NAMES_RELATIVES)
    for match in _KIN.finditer(text):
        who = stem(canonical(match.group(1)))
        if who in lists.get("kin-child", frozenset()):
            found.add(KIN_CHILD)
        elif who in lists.get("kin-parent", frozenset()):
            found.add(KIN_PARENT)
    return frozenset(found)


def names_people(word: str) -> bool:
    """Whether ``word`` (canonical) names people, as the word after *eldre* must for *eldre* to
    be the older-people concept (``[people]`` of the role words: compared as the ending of the
    word or of its stem).

    >>> names_people("kreftpasientar"), names_people("innbyggere"), names_people("skrøpelige")
    (True, True, True)
    >>> names_people("utstyr"), names_people("sykehusbygg"), names_people("dokumenter")
    (False, False, False)
    """
    people = tuple(_lists().get("people", frozenset()))
    return word.endswith(people) or stem(word).endswith(people)


def conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two items' roles disagree: one is about the staff's own conditions and the other
    names patients and is not, one is about the next of kin on their own and the other names
    patients and no next of kin, both name next of kin and not the same ones, or both name an
    age group and not the same one (adults, children). A text that
    names neither (a staffing measure: mentors for newly qualified nurses) conflicts with
    nothing.

    >>> conflict(frozenset({"staff"}), frozenset({"patient"}))
    True
    >>> conflict(frozenset({"staff"}), frozenset()), conflict(frozenset(), frozenset())
    (False, False)
    >>> conflict(frozenset({"kin:child"}), frozenset({"kin:parent"}))
    True
    >>> conflict(frozenset({"kin:child"}), frozenset())
    False
    >>> conflict(frozenset({"relatives", "names-relatives", "patient"}), frozenset({"patient"}))
    True
    >>> conflict(frozenset({"relatives"}), frozenset({"patient", "names-relatives"}))
    False
    >>> conflict(frozenset({"age:adult"}), frozenset({"age:child"}))
    True
    >>> conflict(frozenset({"age:adult"}), frozenset({"age:adult", "age:child"}))
    False
    """
    if STAFF in a and PATIENT in b and STAFF not in b:
        return True
    if STAFF in b and PATIENT in a and STAFF not in a:
        return True
    if RELATIVES in a and PATIENT in b and NAMES_RELATIVES not in b:
        return True
    if RELATIVES in b and PATIENT in a and NAMES_RELATIVES not in a:
        return True
    for group in ("kin:", "age:"):
        in_a = {r for r in a if r.startswith(group)}
        in_b = {r for r in b if r.startswith(group)}
        if in_a and in_b and not in_a & in_b:
            return True
    return False
