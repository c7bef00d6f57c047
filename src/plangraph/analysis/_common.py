"""What the analyses share: running a named query into plain rows, labels, filters, ordering.

Rows come back as plain Python values (an IRI as its string, a number as a number), converted
once: on the embedded Oxigraph store straight from pyoxigraph's terms, elsewhere through
``PlanStore.select``. Both give the same values, so every backend gives the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from plangraph import resources
from plangraph.errors import InputError
from plangraph.labels import fallback_order, local_name
from plangraph.output import scalar
from plangraph.store import PlanStore
from plangraph.terms import parse_iri, to_ox
from plangraph.vocab import DCTERMS, RDFS, SKOS

__all__ = [
    "Labels",
    "Scope",
    "natural_key",
    "pick",
    "rows",
    "split_iris",
]

Row = dict[str, Any]

_INTEGER_TYPES = frozenset(
    f"http://www.w3.org/2001/XMLSchema#{t}"
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOAT_TYPES = frozenset(
    f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("decimal", "double", "float")
)


def _ox_value(term: Any) -> Any:
    """A pyoxigraph term as the same plain value ``output.scalar`` gives for the rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _INTEGER_TYPES:
            return int(term.value)
        if datatype in _FLOAT_TYPES:
            return float(term.value)
        return (
            scalar(Literal(term.value, datatype=URIRef(datatype)))
            if not term.language
            else term.value
        )
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _rdflib_value(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else ""
        if datatype in _INTEGER_TYPES:
            return int(term)
        if datatype in _FLOAT_TYPES:
            return float(term)
    return scalar(term)


def rows(store: PlanStore, name: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
    """The rows of the packaged query ``name`` as plain Python values."""
    text = resources.query_text(name)
    if store.backend == "oxigraph":
        raw: ox.Store = store.raw  # type: ignore[attr-defined]
        substitutions = (
            {ox.Variable(k): to_ox(v) for k, v in bindings.items()} if bindings else None
        )
        result = raw.query(text, use_default_graph_as_union=True, substitutions=substitutions)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: _ox_value(solution[n]) for n in names} for solution in result]
    return [
        {k: _rdflib_value(v) for k, v in row.items()}
        for row in store.select(text, dict(bindings) if bindings else None)
    ]


def split_iris(text: str | None) -> list[str]:
    """IRIs joined by spaces by ``GROUP_CONCAT`` (IRIs hold no spaces), sorted naturally."""
    return sorted(set((text or "").split()), key=natural_key)


_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=200_000)
def natural_key(text: str | None) -> tuple[Any, ...]:
    """Sort key that puts ``beredskap-2`` before ``beredskap-10`` (numbers compare as numbers)."""
    parts = _DIGITS.split(text or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


_LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title)


def pick(labels: list[tuple[str, str]], lang: str | None, default: str) -> str:
    """``labels.pick_label`` on ``(text, language)`` pairs: the same choice, without building
    rdflib literals (``tests/test_analysis.py`` checks both agree)."""
    if not labels:
        return default
    for wanted in fallback_order(lang):
        for text, language in labels:
            if language.lower() == wanted:
                return text
    for text, language in labels:
        if not language:
            return text
    return labels[0][0]


class Labels:
    """Labels of nodes for one reader's language, looked up once per node.

    Same choice as ``nodes.label_of``: ``skos:prefLabel``, then ``rdfs:label``, then
    ``dcterms:title``, picked by language with fallback; a node with none gets its last IRI
    segment. On the embedded Oxigraph store each node's labels are read from its index on demand;
    on other backends all labels come in one query the first time one is needed.
    """

    def __init__(self, store: PlanStore, lang: str | None = "nb") -> None:
        self.store = store
        self.lang = lang
        self._cache: dict[str, str] = {}
        self._all: dict[str, list[tuple[str, str]]] | None = None
        self._raw: ox.Store | None = store.raw if store.backend == "oxigraph" else None  # type: ignore[attr-defined]
        self._predicates = [ox.NamedNode(str(p)) for p in _LABEL_PROPERTIES]

    def _labels(self, iri: str) -> list[tuple[str, str]]:
        if self._raw is not None:
            subject = ox.NamedNode(iri)
            found: list[tuple[str, str]] = []
            for predicate in self._predicates:
                seen: set[tuple[str, str]] = set()
                for quad in self._raw.quads_for_pattern(subject, predicate, None, None):
                    obj = quad.object
                    if isinstance(obj, ox.Literal):
                        seen.add((obj.value, obj.language or ""))
                found.extend(sorted(seen))
            return found
        if self._all is None:
            grouped: dict[str, set[tuple[int, str, str]]] = {}
            for row in self.store.named_query("all_labels"):
                label = row["label"]
                if isinstance(label, Literal):
                    grouped.setdefault(str(row["node"]), set()).add(
                        (int(row["rank"]), str(label), label.language or "")
                    )
            self._all = {
                key: [(text, language) for _rank, text, language in sorted(values)]
                for key, values in grouped.items()
            }
        return self._all.get(iri, [])

    def __call__(self, iri: str) -> str:
        label = self._cache.get(iri)
        if label is None:
            label = self._cache[iri] = pick(self._labels(iri), self.lang, local_name(URIRef(iri)))
        return label

    def node(self, iri: str | None, **extra: Any) -> Any:
        """``{"iri", "label", ...}`` for an IRI, or ``None`` for no IRI."""
        if iri is None:
            return None
        return {"iri": iri, "label": self(iri), **extra}

    def nodes(self, iris: Iterable[str]) -> list[dict[str, Any]]:
        """Nodes for IRIs, in the order given."""
        return [{"iri": i, "label": self(i)} for i in iris]


def _check_filter(value: str | None, what: str) -> URIRef | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"the {what} filter must be an IRI, got {value!r}")
    return parse_iri(value)


@dataclass
class Scope:
    """The organisation, plan and theme a question is narrowed to (each optional).

    ``items`` is the set of IRIs of the goals, themes, challenges and measures inside all given
    filters, or ``None`` when no filter is given (everything counts). An organisation includes
    its sub-organisations (``org:subOrganizationOf``).
    """

    org: URIRef | None = None
    plan: URIRef | None = None
    theme: URIRef | None = None
    items: set[str] | None = None

    @classmethod
    def of(
        cls,
        store: PlanStore,
        org: str | None = None,
        plan: str | None = None,
        theme: str | None = None,
    ) -> Scope:
        """Check the filters (each must be an IRI) and find the items inside them."""
        scope = cls(
            _check_filter(org, "organisation"),
            _check_filter(plan, "plan"),
            _check_filter(theme, "theme"),
        )
        for query, variable, value in (
            ("items_of_organisation", "organisation", scope.org),
            ("items_of_plan", "plan", scope.plan),
            ("items_in_theme", "theme", scope.theme),
        ):
            if value is None:
                continue
            found = {r["item"] for r in rows(store, query, {variable: value})}
            scope.items = found if scope.items is None else scope.items & found
        return scope

    @property
    def unfiltered(self) -> bool:
        return self.items is None

    def __contains__(self, iri: object) -> bool:
        return self.items is None or iri in self.items
