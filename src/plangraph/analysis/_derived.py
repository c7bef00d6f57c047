"""The report's coverage and overlap queries answered from a few base relations read once.

At 1M triples the queries of a report spend most of their time turning the engine's internal
ids back into IRIs (a lookup per term of every answer: ~5 µs), and seven of them join the same
few relations again (challenge -> theme, item -> plan -> publisher, measure -> challenge). Here
each relation is read once, as one triple pattern (``?s <p> ?o``, the IRIs of each triple
decoded once), and the rows of those queries are derived from them in Python: the same distinct
rows the query gives (see ``DERIVED``; a row the query gives twice is given once, which the
analyses do not tell apart: they keep one row per item, or count distinct values).

Only inside ``shared_reads`` on the embedded store, whose engine writes each relation as TSV text.
The derivations assume what the plan data's shapes require: every object of these relations is
an IRI or a blank node, and measures and challenges linked by ``pg:addresses`` are IRIs; typed
items are IRIs. Data that breaks one of these gets the queries themselves (``Relations.ok``).

Not done, measured: each relation's subjects as numbers into one list of the items read once
(``VALUES (?s ?k) { (<item> 0) ... }`` of the 36,000 challenges and measures, joined to the
relation's pattern) costs the engine more than it saves at 1M triples: ``pg:inTheme`` grouped by
theme 1.19 s CPU that way against 0.26 s as read here (the ``VALUES`` block alone 0.28 s).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, KeysView
from functools import partial
from typing import Any

from plangraph.namespaces import DCTERMS_NS, NAMESPACE, PG, PREFIXES
from plangraph.store import PlanStore
from plangraph.terms import PlainResult, plain_from_tsv, tsv_answer

__all__ = ["DERIVED", "RELATIONS", "Relations", "read_relation"]

_TYPE = PREFIXES["rdf"] + "type"

RELATIONS: dict[str, tuple[str, str | None]] = {
    # name: (predicate, class for rdf:type: the subjects only)
    "challenges": (_TYPE, PG.Challenge),
    "addresses": (NAMESPACE + "addresses", None),
    "in_theme": (NAMESPACE + "inTheme", None),
    "part_of_plan": (NAMESPACE + "partOfPlan", None),
    "publisher": (DCTERMS_NS + "publisher", None),
    "measure_status": (NAMESPACE + "measureStatus", None),
    "sub_challenge_of": (NAMESPACE + "subChallengeOf", None),
    "measures": (_TYPE, PG.Measure),
    "contributes_to": (NAMESPACE + "contributesTo", None),
    "goals": (_TYPE, PG.StrategicGoal),
}
"""The base relations, in the order the report first needs them."""

Pairs = dict[str, list[str]]
"""Subject -> its objects (IRIs, or blank nodes as ``"_:id"``), each as often as the engine
gives it."""


class _NotDerivable(Exception):
    """A relation holds a term the derivations do not take (a literal object, ...)."""


def _answer(store: PlanStore, query: str, variables: list[str]) -> list[str]:
    """The row lines of the engine's answer to ``query`` as SPARQL TSV (written by the engine in
    one call without Python's lock; no term object per value; ``terms.tsv_answer``), whose
    variables must be ``variables``.

    A tab separates a row's terms; an IRI is written ``<iri>`` (an IRI holds neither ``<``,
    ``>``, a tab nor a line break), a blank node ``_:id``, an unbound value as nothing."""
    header, lines = tsv_answer(store.query_with_dataset(query))
    if header != variables:
        raise ValueError(f"unexpected answer header {header!r} to {query!r}")
    return lines


def _node(token: str) -> str | None:
    """The value of an IRI (its text) or a blank node (``"_:id"``) as the engine writes it in
    TSV; ``None`` for any other term (a literal, a number, an RDF 1.2 triple term)."""
    first = token[:1]
    if first == "<":
        return token[1:-1] if token[1:2] != "<" else None
    if first == "_":
        return token if token[1:2] == ":" else None
    return None


def read_relation(store: PlanStore, name: str) -> Pairs | set[str] | None:
    """One base relation from the engine's answers (``None`` when it holds a term the
    derivations do not take). Safe to call from a background thread."""
    predicate, cls = RELATIONS[name]
    if cls is not None:
        subjects: set[str] = set()
        for token in _answer(store, f"SELECT ?s WHERE {{ ?s <{predicate}> <{cls}> }}", ["s"]):
            if token[:1] != "<" or token[1:2] == "<":
                return None  # a blank node typed as an item: left to the queries
            subjects.add(token[1:-1])
        return subjects
    if name in _GROUPED:
        grouped = _read_grouped(store, predicate)
        if grouped != "pairs":
            return grouped  # type: ignore[return-value]
    iris_only = name == "addresses"
    pairs: Pairs = defaultdict(list)
    node = _node
    for line in _answer(store, f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}", ["s", "o"]):
        subject, obj = line.split("\t")
        s, o = node(subject), node(obj)
        if s is None or o is None or (iris_only and (subject[0] != "<" or obj[0] != "<")):
            return None
        pairs[s].append(o)
    return dict(pairs)


_GROUPED = frozenset({"in_theme", "part_of_plan", "measure_status", "contributes_to"})
"""Relations with few distinct objects (themes, plans, statuses, goals), read grouped by object:
each object decoded once rather than once per triple (at 1M triples 0.9 s -> 0.6 s for these)."""


def _read_grouped(store: PlanStore, predicate: str) -> Pairs | str | None:
    """``read_relation`` of a relation read as one row per object, its subjects' IRIs joined by
    spaces (IRIs hold none); ``"pairs"`` when a subject is no IRI (read it pair by pair)."""
    pairs: Pairs = defaultdict(list)
    query = (
        'SELECT ?o (COUNT(?s) AS ?n) (GROUP_CONCAT(STR(?s); separator=" ") AS ?subjects) '
        f"WHERE {{ ?s <{predicate}> ?o }} GROUP BY ?o"
    )
    for line in _answer(store, query, ["o", "n", "subjects"]):
        obj, count, subjects = line.split("\t")
        value = _node(obj)
        if value is None:
            return None
        if not subjects:
            return "pairs"  # STR() of a blank node: no value
        # (a plain string of IRIs: nothing in it escaped, but read as any literal to be sure)
        text = plain_from_tsv(subjects)
        found = text.split(" ") if isinstance(text, str) else []
        if len(found) != plain_from_tsv(count):
            return "pairs"
        for subject in found:
            pairs[subject].append(value)
    return dict(pairs)


class Relations:
    """The base relations of one store, read (``read_relation``) by the caller's ``get``."""

    def __init__(self, get: Callable[[str], Pairs | set[str] | None]) -> None:
        self._get = get
        self._found: dict[str, Any] = {}
        self._places: dict[str, list[tuple[str | None, str | None]]] = {}
        """Per plan: ``plan_organisations`` of an item of that plan alone."""
        self.ok = True

    def __getitem__(self, name: str) -> Any:
        found = self._found.get(name)
        if found is None:
            found = self._get(name)
            if found is None:
                self.ok = False
                raise _NotDerivable(name)
            self._found[name] = found
        return found

    def addressed(self) -> KeysView[str]:
        """The challenges some measure addresses."""
        return self.measures_of().keys()

    def measures_of(self) -> dict[str, set[str]]:
        """Challenge (or any object of ``pg:addresses``) -> the measures addressing it, in the
        order ``addresses`` first names each: one pass over ``pg:addresses`` for the coverage,
        the weakly covered and the overlaps."""
        found = self._found.get("_measures_of")
        if found is None:
            found = defaultdict(set)
            for m, challenges in self["addresses"].items():
                for c in challenges:
                    found[c].add(m)
            found = self._found["_measures_of"] = dict(found)
        return found  # type: ignore[no-any-return]

    def plan_organisations(self, item: str) -> list[tuple[str | None, str | None]]:
        """``OPTIONAL { ?item pg:partOfPlan ?plan OPTIONAL { ?plan dcterms:publisher ?org } }``:
        the item's (plan, organisation) pairs (a list the caller must not change: an item of
        one plan gets the list made once for that plan)."""
        plans = self["part_of_plan"].get(item)
        if not plans:
            return _NO_PLACE
        if len(plans) == 1:
            found = self._places.get(plans[0])
            if found is None:
                found = self._places[plans[0]] = self._plan_organisations(plans)
            return found
        return self._plan_organisations(plans)

    def _plan_organisations(self, plans: list[str]) -> list[tuple[str | None, str | None]]:
        publisher = self["publisher"]
        out: list[tuple[str | None, str | None]] = []
        for plan in plans:
            organisations = publisher.get(plan)
            if organisations:
                out += [(plan, o) for o in organisations]
            else:
                out.append((plan, None))
        return out


def _result(variables: list[str], rows: Iterable[tuple[Any, ...]]) -> PlainResult:
    result = PlainResult(variables)
    # distinct, in first-seen order; each a row of the result's type (a named tuple) made
    # without a Python call per row (the rows are made here with the right length)
    result.rows = list(map(partial(tuple.__new__, result.row.__self__), dict.fromkeys(rows)))  # type: ignore[attr-defined]
    return result


_NONE: list[Any] = [None]
_NO_PLACE: list[tuple[str | None, str | None]] = [(None, None)]


def _publishers(part_of_plan: Pairs, publisher: Pairs, item: str) -> list[str]:
    """The publishers of the item's plans (``[o for p in plans for o in publisher[p]]``), from
    the relations ``part_of_plan`` and ``publisher``."""
    plans = part_of_plan.get(item)
    if not plans:
        return []
    if len(plans) == 1:
        return publisher.get(plans[0]) or []  # type: ignore[no-any-return]
    return [o for p in plans for o in publisher.get(p, ())]


def _coverage_by_theme(rel: Relations) -> PlainResult:
    in_theme, addressed = rel["in_theme"], rel.addressed()
    part_of_plan, publisher = rel["part_of_plan"], rel["publisher"]
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    for c in rel["challenges"]:
        themes = in_theme.get(c)
        if not themes:
            continue
        organisations = _publishers(part_of_plan, publisher, c) or _NONE
        covered = 1 if c in addressed else 0
        if len(themes) == 1 and len(organisations) == 1:
            append((themes[0], organisations[0], c, covered))
        else:
            rows += [(t, o, c, covered) for t in themes for o in organisations]
    return _result(["theme", "organisation", "challenge", "covered"], rows)


def _covering(rel: Relations) -> list[tuple[str, str, str]]:
    """(theme, challenge, covering organisation) of every measure addressing a challenge."""
    challenges, in_theme = rel["challenges"], rel["in_theme"]
    part_of_plan, publisher = rel["part_of_plan"], rel["publisher"]
    rows: list[tuple[str, str, str]] = []
    append = rows.append
    for m, addressed in rel["addresses"].items():
        organisations = _publishers(part_of_plan, publisher, m)
        if not organisations:
            continue
        for c in addressed:
            if c in challenges:
                themes = in_theme.get(c)
                if not themes:
                    continue
                if len(themes) == 1 and len(organisations) == 1:
                    append((themes[0], c, organisations[0]))
                else:
                    rows += [(t, c, o) for t in themes for o in organisations]
    return rows


def _coverage_matrix(rel: Relations) -> PlainResult:
    return _result(["theme", "challenge", "coveringOrganisation"], _covering(rel))


def _coverage_matrix_counts(rel: Relations) -> PlainResult:
    covered: dict[tuple[str, str], set[str]] = defaultdict(set)
    for t, c, o in _covering(rel):
        covered[(t, o)].add(c)
    return _result(
        ["theme", "coveringOrganisation", "covered"],
        ((t, o, len(found)) for (t, o), found in covered.items()),
    )


def _labels_of(rel: Relations) -> dict[str, list[Any]]:
    """Every IRI's ``skos:prefLabel`` values (the ``pref_labels`` query's rows)."""
    found = rel._found.get("_labels")
    if found is None:
        found = defaultdict(list)
        for node, label in rel["pref_labels"].rows:
            found[node].append(label)
        rel._found["_labels"] = found
    return found  # type: ignore[no-any-return]


def _uncovered_challenges(rel: Relations) -> PlainResult:
    addressed = rel.addressed()
    in_theme, sub = rel["in_theme"], rel["sub_challenge_of"]
    labels = _labels_of(rel)
    rows = []
    for c in rel["challenges"]:
        if c in addressed:
            continue
        rows += [
            (c, t, p, o, parent, label)
            for label in labels.get(c) or (None,)
            for t in in_theme.get(c) or (None,)
            for p, o in rel.plan_organisations(c)
            for parent in sub.get(c) or (None,)
        ]
    return _result(["challenge", "theme", "plan", "organisation", "parent", "label"], rows)


_PLANNED = frozenset({PG.UnderPlanning, PG.Candidate})


def _weakly_covered(rel: Relations) -> PlainResult:
    challenges, status = rel["challenges"], rel["measure_status"]
    in_theme = rel["in_theme"]
    rows = []
    for c, measures in rel.measures_of().items():
        if c not in challenges:
            continue
        # One distinct measure, or every measure's every status planned (no status: firm).
        if len(measures) > 1 and not all(
            status.get(m) and all(s in _PLANNED for s in status[m]) for m in measures
        ):
            continue
        places = [
            (t, p, o) for t in in_theme.get(c) or (None,) for p, o in rel.plan_organisations(c)
        ]
        rows += [
            (c, t, p, o, m, s)
            for m in measures
            for s in status.get(m) or (None,)
            for t, p, o in places
        ]
    return _result(["challenge", "theme", "plan", "organisation", "measure", "status"], rows)


def _measure_challenge_counts(rel: Relations) -> PlainResult:
    return _result(
        ["measure", "challenges"],
        ((m, len(set(found))) for m, found in rel["addresses"].items()),
    )


def _overlapping_measures(rel: Relations) -> PlainResult:
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c, measures in rel.measures_of().items():
        if len(measures) > 1:
            ordered = sorted(measures)  # STR(?measureA) < STR(?measureB): code point order
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    shared[(a, b)].append(c)
    return _result(
        ["measureA", "measureB", "shared", "sharedChallenges"],
        ((a, b, len(found), " ".join(found)) for (a, b), found in shared.items()),
    )


def _goals_without_measures(rel: Relations) -> PlainResult:
    contributes, measures = rel["contributes_to"], rel["measures"]
    addressed = rel.addressed()
    served: set[str] = set()
    for item, goals in contributes.items():
        if item in measures or item in addressed:
            served.update(goals)
    rows = [
        (g, p, o) for g in rel["goals"] if g not in served for p, o in rel.plan_organisations(g)
    ]
    return _result(["goal", "plan", "organisation"], rows)


def _orphan_measures(rel: Relations) -> PlainResult:
    contributes, addresses, in_theme = rel["contributes_to"], rel["addresses"], rel["in_theme"]
    rows = [
        (m, p, o, t)
        for m in rel["measures"]
        if m not in contributes and m not in addresses
        for p, o in rel.plan_organisations(m)
        for t in in_theme.get(m) or (None,)
    ]
    return _result(["measure", "plan", "organisation", "theme"], rows)


def _measures_considered(rel: Relations) -> PlainResult:
    addresses = rel["addresses"]
    measures: dict[tuple[str | None, str | None], set[str]] = defaultdict(set)
    for m in rel["measures"]:
        for place in rel.plan_organisations(m):
            measures[place].add(m)
    plans = [plan for plan, _o in measures]
    if len(set(plans)) < len(plans) or any(p is not None and p.startswith("_:") for p in plans):
        raise _NotDerivable("measures_considered")  # ORDER BY ?plan alone: ties, blank nodes
    return _result(
        ["plan", "organisation", "measures", "linked"],
        (
            (plan, organisation, len(found), sum(1 for m in found if m in addresses))
            for (plan, organisation), found in sorted(
                measures.items(), key=lambda item: (item[0][0] is not None, item[0][0] or "")
            )
        ),
    )


DERIVED: dict[str, Callable[[Relations], PlainResult]] = {
    "coverage_by_theme": _coverage_by_theme,
    "coverage_matrix": _coverage_matrix,
    "coverage_matrix_counts": _coverage_matrix_counts,
    "uncovered_challenges": _uncovered_challenges,
    "weakly_covered": _weakly_covered,
    "measure_challenge_counts": _measure_challenge_counts,
    "overlapping_measures": _overlapping_measures,
    "goals_without_measures": _goals_without_measures,
    "orphan_measures": _orphan_measures,
    "measures_considered": _measures_considered,
}
"""The packaged queries answered from the base relations, by name: the same distinct rows."""


def derive(name: str, rel: Relations) -> PlainResult | None:
    """The rows of the packaged query ``name`` from ``rel``, or ``None`` when they cannot be
    derived (not one of ``DERIVED``, or a relation holds a term the derivations do not take)."""
    derivation = DERIVED.get(name)
    if derivation is None or not rel.ok:
        return None
    try:
        return derivation(rel)
    except _NotDerivable:
        return None
