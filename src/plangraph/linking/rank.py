"""Ranking candidate links between items: which challenges a measure may address, which goals a
measure or challenge may contribute to, which measures of other plans say nearly the same.

``rank`` is pure: items in, scored candidates with evidence out. Storing them as link records and
deciding on them is in ``plangraph.linking.records``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from plangraph.linking.features import Analyzer, Doc, Item
from plangraph.linking.roles import (
    AGE_ADULT,
    AGE_CHILD,
    KIN_CHILD,
    KIN_PARENT,
    NAMES_RELATIVES,
    PATIENT,
    RELATIVES,
    ROLE_CONFLICT_FACTOR,
    STAFF,
    conflict,
)
from plangraph.linking.score import Vectors, evidence_terms, idf_weights, top_k
from plangraph.linking.thesaurus import Thesaurus, load_thesaurus
from plangraph.vocab import PG, SKOS

__all__ = [
    "PENALTY_FIELDS",
    "PENALTY_LIGHT",
    "PENALTY_ROLES",
    "RELATIONS",
    "Candidate",
    "Explanation",
    "Ranking",
    "Relation",
    "explain",
    "explain_pairs",
    "light_pair",
    "other_fields",
    "rank",
]


@dataclass(frozen=True)
class Relation:
    """A kind of link: subject kind, object kind, predicate IRI and which pairs may be linked."""

    name: str
    subject_kind: str
    object_kind: str
    predicate: str
    scope: str  # "any": any pair; "same-org": same organisation; "other-plan": different plans
    min_score: float


RELATIONS: tuple[Relation, ...] = (
    Relation("addresses", "measure", "challenge", str(PG.addresses), "any", 0.05),
    Relation("measure-goal", "measure", "goal", str(PG.contributesTo), "same-org", 0.05),
    Relation("challenge-goal", "challenge", "goal", str(PG.contributesTo), "same-org", 0.05),
    Relation("near-duplicate", "measure", "measure", str(SKOS.closeMatch), "other-plan", 0.3),
)
"""The links ``suggest`` proposes. Goals are proposed within the subject's own organisation
(plans serve their own strategy); near-duplicate measures only across plans."""


@dataclass
class Candidate:
    """One suggested link with its score; its evidence is built when first read."""

    subject: Item
    predicate: str
    object: Item
    score: float
    relation: str
    _evidence_of: Callable[[], list[dict[str, Any]]] | None = field(default=None, repr=False)

    @functools.cached_property
    def evidence(self) -> list[dict[str, Any]]:
        """The shared terms, heaviest first, with where each side says them."""
        return self._evidence_of() if self._evidence_of is not None else []


@dataclass
class Ranking:
    """The candidates, and warnings about items that could not be matched."""

    candidates: list[Candidate]
    warnings: dict[str, list[str]]


LIGHT_PAIR_FACTOR = 0.5
"""A pair whose shared concern carries less than ``MIN_CONTENT_SHARE`` of its score keeps this
share of it: two texts that share who, where and when (the staff, the ward, hours) and generic
words but no concern are rarely a link (a hearing-protection measure for the staff and an
allergy challenge that mentions the staff)."""
MIN_CONTENT_SHARE = 0.25
"""The share of a pair's score the features both items say as a concern (``Doc.content``) must
carry for the pair to keep its full score."""

FIELD_MISMATCH_FACTOR = 0.7
"""A pair whose items both name a field of care (``Doc.fields``) and no field in common keeps
this share of its score: the same aim for another field (waiting times for cancer diagnostics
against waiting times for rehabilitation; coercion in psychiatry against coercion towards people
with intellectual disability) is rarely the link."""

MIN_EVIDENCE_SHARE = 0.05
"""A shared term that carries less than this share of a pair's score is not shown as a reason
(the heaviest one always is): a concept met through a context heading's side sense (*trygge* in
"Trygge pasientforløp" against the information-security concept's *tryggleik*, 1 % of a
medication pair's score) would confuse a planner reading why the pair was suggested."""


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two normalised vectors: the score before any role weighting (the shares
    of the evidence are of this)."""
    return sum(v * b.get(f, 0.0) for f, v in a.items())


def _span_text(item: Item, where: tuple[str, int, int]) -> dict[str, Any]:
    fld, start, end = where
    source = item.text if fld == "text" else item.label if fld == "label" else item.context
    return {"field": fld, "start": start, "end": end, "text": source[start:end]}


def _evidence(
    subject: Item,
    sdoc: Doc,
    svec: dict[str, float],
    obj: Item,
    odoc: Doc,
    ovec: dict[str, float],
    thesaurus: Thesaurus | None,
    score: float,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for feature, share in evidence_terms(svec, ovec):
        if out and score and share / score < MIN_EVIDENCE_SHARE:
            break  # heaviest first: the rest carry next to nothing of the match
        kind, _, key = feature.partition(":")
        spans_s = sdoc.spans.get(feature, [])
        spans_o = odoc.spans.get(feature, [])
        labels: dict[str, str] | None = None
        if kind == "c" and thesaurus is not None and key in thesaurus.concepts:
            term = thesaurus.concepts[key].label
            labels = dict(thesaurus.concepts[key].labels) or None
        elif spans_o or spans_s:
            # the word as the object says it (a challenge's own wording), else the subject's
            fld, start, end = (spans_o or spans_s)[0]
            source = obj if spans_o else subject
            text = {"label": source.label, "text": source.text, "context": source.context}[fld]
            term = text[start:end].lower()
        else:
            term = key
        out.append(
            {
                "term": term,
                "kind": "concept" if kind == "c" else "word",
                "concept": key if kind == "c" else None,
                "labels": labels,
                "share": round(share / score, 3) if score else 0.0,
                "subject": [_span_text(subject, w) for w in sdoc.spans.get(feature, [])[:4]],
                "object": [_span_text(obj, w) for w in odoc.spans.get(feature, [])[:4]],
            }
        )
    return out


def _scope_mask(
    relation: Relation, subjects: list[Item], objects: list[Item]
) -> Callable[..., Any]:
    import numpy as np

    same_item = {o.iri: j for j, o in enumerate(objects)}
    s_self = np.asarray([same_item.get(s.iri, -1) for s in subjects])
    attr = "org" if relation.scope == "same-org" else "plan"
    codes: dict[str, int] = {}
    s_key = np.asarray(
        [
            codes.setdefault(getattr(i, attr), len(codes)) if getattr(i, attr) else -1
            for i in subjects
        ]
    )
    o_key = np.asarray(
        [
            codes.setdefault(getattr(i, attr), len(codes)) if getattr(i, attr) else -2
            for i in objects
        ]
    )
    cols = np.arange(len(objects))

    def allowed(start: int, block: Any) -> Any:
        rows = slice(start, start + block.shape[0])
        mask = cols[None, :] != s_self[rows, None]
        if relation.scope == "same-org":
            known = (s_key[rows, None] >= 0) & (o_key[None, :] >= 0)
            mask &= ~known | (s_key[rows, None] == o_key[None, :])
        elif relation.scope == "other-plan":
            mask &= s_key[rows, None] != o_key[None, :]
        return mask

    return allowed


def _role_weights(subjects: Sequence[Doc], objects: Sequence[Doc]) -> Callable[..., Any]:
    """``top_k``'s ``weigh``: ``ROLE_CONFLICT_FACTOR`` where the two items' roles disagree, 1
    elsewhere (``roles.conflict`` for arrays)."""
    import numpy as np

    def code(doc: Doc) -> tuple[bool, bool, int, bool, bool, int]:
        staff = STAFF in doc.roles
        kin = (1 if KIN_CHILD in doc.roles else 0) | (2 if KIN_PARENT in doc.roles else 0)
        # relatives on their own; patients named and no relatives at all
        rel = RELATIVES in doc.roles
        pat_only = PATIENT in doc.roles and NAMES_RELATIVES not in doc.roles
        age = (1 if AGE_ADULT in doc.roles else 0) | (2 if AGE_CHILD in doc.roles else 0)
        return staff, PATIENT in doc.roles and not staff, kin, rel, pat_only, age

    s_staff, s_pat, s_kin, s_rel, s_po, s_age = (
        np.asarray(v) for v in zip(*map(code, subjects), strict=True)
    )
    o_staff, o_pat, o_kin, o_rel, o_po, o_age = (
        np.asarray(v) for v in zip(*map(code, objects), strict=True)
    )

    def weigh(start: int, block: Any) -> Any:
        rows = slice(start, start + block.shape[0])
        staff = (s_staff[rows, None] & o_pat[None, :]) | (s_pat[rows, None] & o_staff[None, :])
        sk, ok = s_kin[rows, None], o_kin[None, :]
        kin = (sk > 0) & (ok > 0) & ((sk & ok) == 0)
        sa, oa = s_age[rows, None], o_age[None, :]
        age = (sa > 0) & (oa > 0) & ((sa & oa) == 0)
        rel = (s_rel[rows, None] & o_po[None, :]) | (s_po[rows, None] & o_rel[None, :])
        return np.where(staff | kin | age | rel, ROLE_CONFLICT_FACTOR, 1.0)

    return weigh


def _content_weights(subjects: Vectors, objects: Vectors) -> Callable[..., Any]:
    """``top_k``'s ``weigh``: ``LIGHT_PAIR_FACTOR`` where the pair's shared concern carries less
    than ``MIN_CONTENT_SHARE`` of its score, 1 elsewhere."""
    import numpy as np

    objects_t = objects.content.T.tocsc()

    def weigh(start: int, block: Any) -> Any:
        rows = subjects.content[start : start + block.shape[0]]
        content = (rows @ objects_t).toarray()
        return np.where(content < MIN_CONTENT_SHARE * block, LIGHT_PAIR_FACTOR, 1.0)

    return weigh


def _field_weights(subjects: Sequence[Doc], objects: Sequence[Doc]) -> Callable[..., Any]:
    """``top_k``'s ``weigh``: ``FIELD_MISMATCH_FACTOR`` where both items name fields of care and
    none in common (``other_fields``), 1 elsewhere."""
    import numpy as np

    codes: dict[str, int] = {}
    for doc in (*subjects, *objects):
        for f in sorted(doc.fields):
            codes.setdefault(f, len(codes))
    width = max(1, len(codes))

    def bits(docs: Sequence[Doc]) -> Any:
        out = np.zeros((len(docs), width), dtype=bool)
        for r, doc in enumerate(docs):
            for f in doc.fields:
                out[r, codes[f]] = True
        return out

    s_bits, o_bits = bits(subjects), bits(objects)
    s_any, o_any = s_bits.any(axis=1), o_bits.any(axis=1)
    o_bits_t = o_bits.T.astype(np.int32)

    def weigh(start: int, block: Any) -> Any:
        rows = slice(start, start + block.shape[0])
        common = (s_bits[rows].astype(np.int32) @ o_bits_t) > 0
        other = s_any[rows, None] & o_any[None, :] & ~common
        return np.where(other, FIELD_MISMATCH_FACTOR, 1.0)

    return weigh


def other_fields(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two items name fields of care and none in common.

    >>> other_fields(frozenset({"c:kreft"}), frozenset({"c:rehabilitering"}))
    True
    >>> other_fields(frozenset({"c:kreft"}), frozenset()), other_fields(frozenset({"c:x"}), frozenset({"c:x", "c:y"}))
    (False, False)
    """
    return bool(a and b and not a & b)


def light_pair(score: float, content: float) -> bool:
    """Whether a pair of cosine ``score`` is light: its shared concern (``content``, the cosine
    over the features both say as a concern) carries less than ``MIN_CONTENT_SHARE`` of it.

    >>> light_pair(0.2, 0.01), light_pair(0.2, 0.1), light_pair(0.0, 0.0)
    (True, False, False)
    """
    return score > 0 and content < MIN_CONTENT_SHARE * score


_ANALYSED: list[tuple[tuple[Item, ...], Thesaurus | None, dict[str, Doc]]] = []
"""The last items analysed in this process, the thesaurus they were analysed with (the object
itself) and their docs, which nothing changes once made (``_analysed``)."""


def _analysed(items: Sequence[Item], thes: Thesaurus | None) -> dict[str, Doc]:
    """Each item's ``Doc`` by IRI, as ``Analyzer(items, thes)`` makes them.

    The last result is kept for the next call with equal items and the same thesaurus: a
    server lists page after page of suggestions (``explain``) and a ``--plan`` run ranks twice
    on the same items, and the analysis (stemming every text, splitting compounds, looking up
    concepts) is most of a ranking's work. A ``Doc`` depends on nothing else: the curated word
    lists it reads are read once per process."""
    key = tuple(items)
    for known, known_thes, docs in list(_ANALYSED):
        if known_thes is thes and known == key:
            return docs
    analyzer = Analyzer(items, thes)
    docs = {item.iri: analyzer.doc(item) for item in items}
    analyzer.release()
    _ANALYSED[:] = [(key, thes, docs)]
    return docs


def forget_analyses() -> None:
    """Drop the kept analysis (``_analysed``): the next ranking analyses its items afresh."""
    _ANALYSED.clear()


def rank(
    items: Sequence[Item],
    *,
    k: int = 5,
    relations: Iterable[str] | None = None,
    subject_filter: Callable[[Item], bool] | None = None,
    object_filter: Callable[[Item], bool] | None = None,
    thesaurus: Thesaurus | bool | None = True,
    with_evidence: bool = True,
) -> Ranking:
    """The best ``k`` candidates per subject for each relation, with their evidence.

    ``thesaurus``: True for the packaged one, False/None for none, or a ``Thesaurus``.
    """
    if thesaurus is True:
        thes: Thesaurus | None = load_thesaurus()
    elif thesaurus is False:
        thes = None
    else:
        thes = thesaurus
    wanted = set(relations) if relations is not None else {r.name for r in RELATIONS}
    docs = _analysed(items, thes)
    warnings = {iri: list(d.warnings) for iri, d in docs.items() if d.warnings}
    all_docs = list(docs.values())
    idf, index = idf_weights(all_docs)
    candidates: list[Candidate] = []
    by_kind: dict[str, list[Item]] = {}
    for item in items:
        if docs[item.iri].weights:
            by_kind.setdefault(item.kind, []).append(item)
    for relation in RELATIONS:
        if relation.name not in wanted:
            continue
        subjects = [
            i
            for i in by_kind.get(relation.subject_kind, [])
            if not subject_filter or subject_filter(i)
        ]
        objects = [
            i
            for i in by_kind.get(relation.object_kind, [])
            if not object_filter or object_filter(i)
        ]
        if relation.name == "near-duplicate":
            # both sides come from the same list; a filter narrows the subjects only
            objects = list(by_kind.get("measure", []))
        if not subjects or not objects:
            continue
        svecs = Vectors([docs[i.iri] for i in subjects], idf, index)
        ovecs = Vectors([docs[i.iri] for i in objects], idf, index)
        mask = _scope_mask(relation, subjects, objects)
        roles = _role_weights([docs[i.iri] for i in subjects], [docs[i.iri] for i in objects])
        # without the thesaurus a concern said in other words (nb/nn, a unit for its field)
        # shows as nothing but light words: no content test there
        light = _content_weights(svecs, ovecs) if thes is not None else None
        fields = _field_weights([docs[i.iri] for i in subjects], [docs[i.iri] for i in objects])

        def weigh(
            start: int, block: Any, roles: Any = roles, light: Any = light, fields: Any = fields
        ) -> Any:
            factors = roles(start, block) * fields(start, block)
            return factors if light is None else factors * light(start, block)

        pairs_seen: set[tuple[str, str]] = set()
        for m in top_k(svecs, ovecs, k, min_score=relation.min_score, allowed=mask, weigh=weigh):
            s, o = subjects[m.subject], objects[m.object]
            if relation.name == "near-duplicate":
                # a symmetric relation: each pair once, the smaller IRI as subject
                if s.iri > o.iri:
                    s, o = o, s
                if (s.iri, o.iri) in pairs_seen:
                    continue
                pairs_seen.add((s.iri, o.iri))
            evidence = (
                functools.partial(
                    _evidence,
                    s,
                    docs[s.iri],
                    svecs.weights[m.subject],
                    o,
                    docs[o.iri],
                    ovecs.weights[m.object],
                    thes,
                    _cosine(svecs.weights[m.subject], ovecs.weights[m.object]),
                )
                if with_evidence
                else None
            )
            candidates.append(Candidate(s, relation.predicate, o, m.score, relation.name, evidence))
    return Ranking(candidates, warnings)


PENALTY_ROLES = "roles"
"""A penalty of ``Explanation.penalties``: the two items' roles disagree (``roles.conflict``),
the score is ``ROLE_CONFLICT_FACTOR`` of the match."""
PENALTY_FIELDS = "fields"
"""A penalty of ``Explanation.penalties``: the two items name different fields of care and none
in common (``other_fields``), the score is ``FIELD_MISMATCH_FACTOR`` of the match."""
PENALTY_LIGHT = "light"
"""A penalty of ``Explanation.penalties``: the two items share no concern, only who, where and
when (``light_pair``), the score is ``LIGHT_PAIR_FACTOR`` of the match."""


@dataclass(frozen=True)
class Explanation:
    """A pair's score as ``rank`` gives it, its evidence, and the penalties that lowered it
    (``PENALTY_ROLES``, ``PENALTY_LIGHT``), for a reviewer to see why it stands lower."""

    score: float
    evidence: list[dict[str, Any]]
    penalties: tuple[str, ...] = ()


def explain(
    items: Sequence[Item],
    pairs: Iterable[tuple[str, str]],
    *,
    thesaurus: Thesaurus | bool | None = True,
) -> dict[tuple[str, str], tuple[float, list[dict[str, Any]]]]:
    """Score and evidence of given (subject, object) pairs, computed as ``rank`` would
    (``explain_pairs`` without the penalties)."""
    return {
        pair: (e.score, e.evidence)
        for pair, e in explain_pairs(items, pairs, thesaurus=thesaurus).items()
    }


def explain_pairs(
    items: Sequence[Item],
    pairs: Iterable[tuple[str, str]],
    *,
    thesaurus: Thesaurus | bool | None = True,
) -> dict[tuple[str, str], Explanation]:
    """Score, evidence and penalties of given (subject, object) pairs, computed as ``rank``
    would.

    No pairs, nothing to compute: an empty page of suggestions (``plangraph review``, ``GET
    /api/suggestions`` with nothing open) builds no term index (its first build in a process
    stems every item's text and imports numpy, ~0.5 s of CPU on the seed data)."""
    wanted = list(pairs)
    if not wanted:
        return {}
    thes = load_thesaurus() if thesaurus is True else (thesaurus or None)
    by_iri = {i.iri: i for i in items}
    docs = _analysed(items, thes)
    idf, index = idf_weights(list(docs.values()))
    needed = sorted({iri for pair in wanted for iri in pair if iri in by_iri})
    vecs = Vectors([docs[i] for i in needed], idf, index)
    row = {iri: n for n, iri in enumerate(needed)}
    out: dict[tuple[str, str], Explanation] = {}
    for s, o in wanted:
        if s not in row or o not in row:
            continue
        sv, ov = vecs.weights[row[s]], vecs.weights[row[o]]
        score = _cosine(sv, ov)
        factor = 1.0
        penalties: list[str] = []
        if conflict(docs[s].roles, docs[o].roles):
            factor *= ROLE_CONFLICT_FACTOR
            penalties.append(PENALTY_ROLES)
        content = _cosine(
            {f: v for f, v in sv.items() if f in docs[s].content},
            {f: v for f, v in ov.items() if f in docs[o].content},
        )
        if thes is not None and light_pair(score, content):
            factor *= LIGHT_PAIR_FACTOR
            penalties.append(PENALTY_LIGHT)
        if other_fields(docs[s].fields, docs[o].fields):
            factor *= FIELD_MISMATCH_FACTOR
            penalties.append(PENALTY_FIELDS)
        out[(s, o)] = Explanation(
            score * factor,
            _evidence(by_iri[s], docs[s], sv, by_iri[o], docs[o], ov, thes, score),
            tuple(penalties),
        )
    return out
