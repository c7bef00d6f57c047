"""Norwegian sentence splitting for plan prose (Bokmål and Nynorsk).

A full stop ends a sentence only when it is followed by white space and a capital letter (or a
quote, a dash or a digit that opens a new sentence), and the word before it is not a common
abbreviation ("f.eks.", "bl.a.", "jf.", "nr.", "pst.", "ca.", "mill.") or a number ("1. januar",
"kap. 3"). Each sentence keeps its place in the paragraph, so its verbatim text is a slice of the
source.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

# Abbreviations that end in a full stop in Norwegian administrative prose (lower-cased, without
# their final stop). Multi-part ones ("f.eks") are matched on the whole token before the stop.
_ABBREVIATIONS = frozenset(
    {
        "f.eks",
        "bl.a",
        "m.a",
        "jf",
        "jfr",
        "nr",
        "pst",
        "ca",
        "mill",
        "mrd",
        "kr",
        "kap",
        "pkt",
        "s",
        "ev",
        "evt",
        "o.l",
        "o.a",
        "m.m",
        "m.fl",
        "mv",
        "osv",
        "dvs",
        "d.v.s",
        "t.d",
        "t.o.m",
        "f.o.m",
        "inkl",
        "ekskl",
        "avd",
        "tlf",
        "adm",
        "dir",
        "hf",
        "st",
        "pr",
        "iht",
        "vha",
        "mht",
        "ift",
        "bl",
        "etc",
        "el",
        "ang",
        "tab",
        "fig",
        "prof",
        "dr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "des",
    }
)
# Abbreviations that often close a sentence too ("... 2,5 pst. Av dette ..."): a capital letter
# after them starts a new sentence.
_MAY_END = frozenset({"pst", "kr", "mill", "mrd", "osv", "m.m", "mv", "etc", "m.fl", "o.l", "o.a"})
# "12. Mars 2026", "1. 1. 2027", "3. Kvartal": a day or an ordinal before a month's name (even
# written with a capital) or before the month's number of a date; no sentence ends there
_ORDINAL_BEFORE = re.compile(
    r"\s+(?:(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|"
    r"desember|kvartal|tertial|halvår|linjetjeneste|linjeteneste)\b|\d{1,2}\.\s*(?:19|20)\d\d\b)",
    re.IGNORECASE,
)
_CANDIDATE = re.compile(r"[.!?…]+[»\"')\]]?(?=\s+)")
_NEXT_STARTS = re.compile(r"\s+[«\"(\[–-]?\s*[A-ZÆØÅ0-9]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) offsets; ``text[start:end]`` is verbatim."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        if end <= start:
            continue
        if not _NEXT_STARTS.match(text, end):
            continue
        if m.group(0).startswith(".") and _is_abbreviation_or_number(text, start, m.start()):
            continue
        spans.append((start, end))
        start = end
        while start < n and text[start].isspace():
            start += 1
    tail = text[start:].rstrip()
    if tail:
        spans.append((start, start + len(tail)))
    return spans


def _is_abbreviation_or_number(text: str, start: int, dot: int) -> bool:
    """Whether the full stop at ``dot`` belongs to the word before it, not the sentence."""
    word_start = dot
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lstrip('(«"[').lower()
    if not word:
        return False
    if word in _MAY_END:
        following = text[dot + 1 :].lstrip()
        return not following[:1].isalpha()
    if word in _ABBREVIATIONS:
        return True
    if word.isdigit() and len(word) <= 2 and _ORDINAL_BEFORE.match(text, dot + 1):
        return True
    if (
        word.isdigit()
        and len(word) <= 2
        and re.search(r"\b\d{1,2}\.\s*$", text[start:word_start])
        and re.match(r"\s*(?:19|20)\d\d\b", text[dot + 1 :])
    ):
        return True  # the month of "1. 1. 2027"
    # (an ordinal such as "1. januar" is followed by a small letter, so it never gets here)
    # a single letter ("a.", "K.") is an initial or a list letter
    return len(word) == 1 and word.isalpha()
