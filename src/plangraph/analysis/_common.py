"""What the analyses share: running a named query into plain rows, labels, filters, ordering.

Rows come back as plain Python values (an IRI as its string, a number as a number) from
``PlanStore.select_plain``, which builds no rdflib terms; every backend gives the same values,
so every backend gives the same rows.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from plangraph import resources
from plangraph.analysis import _derived
from plangraph.errors import InputError
from plangraph.labels import LABEL_PROPERTIES, local_name, pick_label
from plangraph.progress import collector_paused
from plangraph.store import PlanStore
from plangraph.terms import LangString, PlainResult, parse_name, plain_from_ox

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Node

__all__ = [
    "Labels",
    "Scope",
    "freeing_held",
    "natural_key",
    "natural_ranks",
    "plain_columns",
    "ran_ahead",
    "ranks_by_key",
    "rows",
    "select",
    "shared_reads",
    "split_iris",
]

Row = dict[str, Any]


def select(store: PlanStore, name: str, bindings: Mapping[str, Node] | None = None) -> PlainResult:
    """The packaged query ``name`` as plain rows (read their values by variable name).

    Inside ``shared_reads`` for ``store``, a query without bindings runs once: a second
    analysis asking for it gets the rows read the first time (a list of its own).
    """
    shared = _SHARED.get()
    if shared is not None and not bindings and shared.store is store:
        return shared.select(name)
    return store.select_plain(resources.query_text(name), bindings)


class _SharedReads:
    """What the analyses of one report share while it is made (``shared_reads``)."""

    def __init__(self, store: PlanStore, lang: str | None, pool: ThreadPoolExecutor | None):
        self.store = store
        self.lang = lang
        self.pool = pool
        self.results: dict[str, PlainResult | Future[PlainResult]] = {}
        self.labels: Labels | None = None
        self.scopes: dict[tuple[str, Any], set[str]] = {}
        """The items inside each filter (``Scope.of``), by query and IRI."""
        self.memo: dict[Any, Any] = {}
        """What the analyses work out once for the whole report (the coverage counts per
        scope, ``coverage._theme_counts``)."""
        # On the embedded store, the queries of ``_derived.DERIVED`` are answered from a few
        # base relations read once (in the background, with the prefetched queries).
        self.read: dict[str, Future[Any]] = {}
        self.ahead: dict[str, Future[Any]] = {}
        """What the caller's own readers (``shared_reads``'s ``ahead``) found, by name."""
        self.relations = _derived.Relations(self._relation) if pool is not None else None

    def prefetch(self, names: Iterable[str]) -> None:
        """Start the queries ``names`` in the background (where the engine allows it)."""
        if self.pool is None:
            return
        for name in names:
            if name in _derived.DERIVED:
                for relation in _derived.RELATIONS:
                    if relation not in self.read:
                        self.read[relation] = self.pool.submit(
                            _derived.read_relation, self.store, relation
                        )
            elif name not in self.results:
                text = resources.query_text(name)
                self.results[name] = self.pool.submit(self.store.select_plain, text)

    def run_ahead(self, readers: Mapping[str, Callable[[], Any]]) -> None:
        """Start the caller's ``readers`` in the background (where the engine allows it)."""
        if self.pool is None:
            return
        for name, reader in readers.items():
            self.ahead[name] = self.pool.submit(reader)

    def _relation(self, name: str) -> Any:
        if name == "pref_labels":
            return self.select(name)
        found = self.read.pop(name, None)
        if found is not None:
            return found.result()
        return _derived.read_relation(self.store, name)

    def select(self, name: str) -> PlainResult:
        found = self.results.get(name)
        if found is None and self.relations is not None:
            found = _derived.derive(name, self.relations)
        if found is None:
            found = self.store.select_plain(resources.query_text(name))
        elif isinstance(found, Future):
            found = found.result()
        self.results[name] = found
        return PlainResult(found.variables, list(found.rows), found.truncated)


_PREFETCH_THREADS = 2
"""Queries run ahead at once (the machines plangraph is measured on have two cores; the
analyses' own work in the calling thread is the lighter part)."""

_SHARED: ContextVar[_SharedReads | None] = ContextVar("plangraph_shared_reads", default=None)


@contextmanager
def shared_reads(
    store: PlanStore,
    lang: str | None = "nb",
    *,
    prefetch: Iterable[str] = (),
    ahead: Mapping[str, Callable[[], Any]] | None = None,
) -> Iterator[None]:
    """Within the block, the analyses on ``store`` share their reads: each packaged query
    (without bindings) runs once, and the labels for ``lang`` are read once, every
    ``skos:prefLabel`` in one query (a report names most nodes: one scan rather than a lookup
    per node) and kept for all of them. The rows and labels are those each analysis would read
    alone; the store must not change inside the block.

    On the embedded store the queries in ``prefetch`` start at once, in that order, in
    background threads (the engine works without Python's lock, so its work overlaps the
    analyses' own and that of the other thread). So do the caller's own readers in ``ahead``
    (after those queries), whose results ``ran_ahead`` gives.
    """
    # A report builds a few million rows and nodes, none in a reference cycle.
    with collector_paused():
        pool = None
        if store.backend == "oxigraph":  # pyoxigraph's store is safe to query from threads
            pool = ThreadPoolExecutor(_PREFETCH_THREADS, "plangraph-prefetch")
        shared = _SharedReads(store, lang, pool)
        token = _SHARED.set(shared)
        try:
            shared.prefetch(prefetch)
            shared.run_ahead(ahead or {})
            labels = Labels(store, lang)
            shared.labels = labels  # (the report's labels: made before they are shared)
            del labels
            shared.labels.preload_all()
            yield
        finally:
            _SHARED.reset(token)
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            _let_go(shared)


_HELD = threading.Condition()
_holders = 0


@contextmanager
def freeing_held() -> Iterator[None]:
    """What ``shared_reads`` lets go of inside the block is freed once the block (and every
    other such block) has ended: a report's page and workbook are written meanwhile, and the
    freeing thread would take turns with them for Python's lock (and, after the workbook's
    process has forked, copy every page it frees). A process that ends first never frees it."""
    global _holders
    with _HELD:
        _holders += 1
    try:
        yield
    finally:
        with _HELD:
            _holders -= 1
            _HELD.notify_all()


def ran_ahead(store: PlanStore, name: str) -> Any:
    """What the reader ``name`` given to ``shared_reads(..., ahead=...)`` for ``store`` found
    (waiting for it), or ``None`` when it did not run ahead (outside the block, another store,
    a backend without background reads)."""
    shared = _SHARED.get()
    if shared is None or shared.store is not store:
        return None
    found = shared.ahead.pop(name, None)
    return None if found is None else found.result()


def _let_go(shared: _SharedReads) -> None:
    """Free what ``shared`` read (at 1M triples a few million objects: ~0.3 s of freeing) in a
    thread of its own, rather than before the caller's next step (a report's page is written
    meanwhile, and its workbook by another process); the report's rows and labels are the
    caller's own objects, which this leaves alone."""
    held = list(vars(shared).values())
    vars(shared).clear()
    threading.Thread(target=_free, args=(held,), name="plangraph-let-go", daemon=True).start()


_FREED_AT_ONCE = 1_000


def _free(held: list[Any]) -> None:
    """Let go of ``held`` a few thousand objects at a time: freeing a big container is one call
    that holds Python's lock throughout (the thread that started this would wait for it all),
    so a big list or mapping is emptied piece by piece and a small one's contents gone through
    (with those of the objects of ``_SharedReads``: results, relations, labels)."""
    with _HELD:  # (not while a report's writers run: ``freeing_held``)
        _HELD.wait_for(lambda: not _holders)
    stack: list[Any] = [held]
    while stack:
        found = stack.pop()
        if isinstance(found, PlainResult | Labels | _derived.Relations):
            found = vars(found)
        if type(found) is dict:
            if len(found) > _FREED_AT_ONCE:
                while found:
                    found.popitem()
            else:
                stack += found.values()
                found.clear()
        elif type(found) is list:
            if len(found) > _FREED_AT_ONCE:
                while found:
                    del found[-_FREED_AT_ONCE:]
            else:
                stack += found
                found.clear()


def rows(store: PlanStore, name: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
    """The rows of the packaged query ``name`` as dicts of plain Python values."""
    return select(store, name, bindings).records()


def plain_columns(store: PlanStore, name: str, *variables: str) -> list[tuple[Any, ...]]:
    """The columns ``variables`` of the packaged query ``name``, as tuples of plain values.

    On a store that chooses its dataset (the embedded Oxigraph store) the engine's own answer is
    read directly: an IRI's value as it is, any other term as ``plain_from_ox`` gives it (what
    ``select`` gives, without a row object per answer: at 1M triples the 26,000 rows of
    ``overlapping_measures`` in 0.1 s less). Inside ``shared_reads`` for ``store`` the rows
    come from there, like ``select``'s: a query the report ran ahead is not run again.
    """
    shared = _SHARED.get()
    if not store.chooses_dataset or (shared is not None and shared.store is store):
        result = select(store, name)
        where = [result.variables.index(v) for v in variables]
        return [tuple([row[i] for i in where]) for row in result.rows]
    found = store.query_with_dataset(resources.query_text(name))
    where = [found.variables.index(ox.Variable(v)) for v in variables]
    named_node, plain = ox.NamedNode, plain_from_ox
    return [
        tuple([v.value if type(v) is named_node else plain(v) for v in [s[i] for i in where]])
        for s in found
    ]


def split_iris(text: str | None) -> list[str]:
    """IRIs joined by spaces by ``GROUP_CONCAT`` (IRIs hold no spaces), sorted naturally."""
    return sorted(set((text or "").split()), key=natural_key)


_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=200_000)
def natural_key(text: str | None) -> tuple[Any, ...]:
    """Sort key that puts ``beredskap-2`` before ``beredskap-10`` (numbers compare as numbers).

    A flat tuple, three entries per run of digits or non-digits: ``(0, number, "")`` or
    ``(1, 0, text)``; flat rather than nested because tuples of tuples compare twice as slowly.
    """
    key: list[Any] = []
    for part in _DIGITS.split(text or ""):
        key += (0, int(part), "") if part.isdigit() else (1, 0, part)
    return tuple(key)


def natural_ranks(values: Iterable[str | None]) -> dict[str | None, int]:
    """Each value's place in natural order (``None`` sorts as ``""``, as ``natural_key`` does).

    Values with equal keys get equal ranks, so a stable sort by rank is a stable sort by
    ``natural_key``, at the cost of one sort of the distinct values.
    """
    distinct = {v for v in values if v is not None}
    distinct.add("")
    return ranks_by_key({v: natural_key(v) for v in distinct})


def ranks_by_key(keys: dict[str, Any]) -> dict[str | None, int]:
    """Each value's place in the order of its key in ``keys`` (which holds ``""``): values with
    equal keys share a rank, and ``None`` ranks as ``""``. The one ranking loop behind
    ``natural_ranks`` and the graph analyses' faster string keys."""
    ranks: dict[str | None, int] = {}
    previous: Any = None
    rank = -1
    for value in sorted(keys, key=keys.__getitem__):
        key = keys[value]
        if key != previous:
            rank += 1
            previous = key
        ranks[value] = rank
    ranks[None] = ranks[""]
    return ranks


_FIND_TITLED_AFTER = 500
_MAX_TITLED = 100_000


class Labels:
    """Labels of nodes for one reader's language, looked up once per node.

    Same choice as ``nodes.label_of``: ``skos:prefLabel``, then ``rdfs:label``, then
    ``dcterms:title``, picked by language with fallback (``labels.pick_label``); a node with none
    gets its last IRI segment. On the embedded Oxigraph store each node's labels are read from
    its index on demand; on other backends all labels come in one query the first time one is
    needed. Nothing is kept beyond the object, so a new one sees the store as it is now.
    """

    def __init__(self, store: PlanStore, lang: str | None = "nb") -> None:
        self.store = store
        self.lang = lang
        self._cache: dict[str, str] = {}
        self._all: dict[str, list[LangString | str]] | None = None
        self._patterns = store.patterns
        self._predicates = [ox.NamedNode(str(p)) for p in LABEL_PROPERTIES]
        # Nodes with an rdfs:label or dcterms:title (few: organisations, plans), found once this
        # object has looked up many nodes; the others then need only their prefLabels read.
        self._lookups = 0
        self._titled: set[str] | None = None
        self._pref: dict[str, list[LangString | str]] = {}
        self._complete = False
        """Every prefLabel of the store is in ``_pref`` (``preload_all``)."""
        shared = _SHARED.get()
        if shared is not None and shared.store is store and shared.lang == lang:
            found = shared.labels
            if found is not None:  # the report's labels: the same choices, read once
                self._cache, self._all, self._pref = found._cache, found._all, found._pref
                self._titled, self._complete = found._titled, found._complete
                self._lookups = found._lookups

    def preload(self, pref_labels: Iterable[tuple[str, Any]]) -> None:
        """Take nodes' ``skos:prefLabel`` values from a query that already read them: pairs of
        IRI and one prefLabel (``None`` for a node without), every prefLabel of each node given.

        Saves one index read per node on the embedded store (at 1M triples about 5 µs, where the
        query's ``OPTIONAL`` adds under 2 µs a row); the choice stays that of ``__call__``. Other
        backends read all labels in one query anyway and ignore this.
        """
        if self._patterns is None or self._complete:
            return  # all read already (preload_all): these are among them
        pref = self._pref
        repeated: set[str] = set()
        numbers: list[str] = []  # nodes given a label that is no text (a number)
        for iri, label in pref_labels:
            found = pref.get(iri)
            if found is None:
                pref[iri] = [] if label is None else [label]
            else:
                repeated.add(iri)
                if label is not None:
                    found.append(label)
            if label is not None and not isinstance(label, str):
                numbers.append(iri)
        for iri in repeated:  # several prefLabels (or rows): distinct, sorted as _literals does
            pairs = {(str(v), v.lang if isinstance(v, LangString) else "") for v in pref[iri]}
            pref[iri] = [LangString(t, lang) if lang else t for t, lang in sorted(pairs)]
        for iri in numbers:
            # a number as its one label: left to the node's own lookup (the lists of nodes with
            # several were made of texts just above; every list made before holds texts only)
            if iri not in repeated:
                pref.pop(iri, None)
        if self._titled is None and len(pref) >= _FIND_TITLED_AFTER:
            self._titled = self._find_titled()

    def preload_all(self, needed: int | None = None) -> None:
        """Read every node's ``skos:prefLabel`` now, in one query (``preload`` of them all).

        Without ``needed`` (the report, about to label most nodes) always; with ``needed`` only
        when that many nodes (about to be labelled) are at least a third of the nodes that have
        a prefLabel (embedded store only).

        Looked up one by one, a node costs an index read that decodes the whole quad (subject,
        predicate, label, graph); the query decodes two terms per label. At 1M triples the
        21,000 nodes of ``overlaps`` cost 0.6 s one by one and 0.35 s in one query of all
        37,000 prefLabels. The labels are those ``__call__`` would read (each literal's text and
        language as it is); a node without a prefLabel is still looked up on its own.
        """
        if self._patterns is None:
            if needed is None and self._all is None:
                self._read_all()  # other backends read all labels in one query anyway
            return
        if self._complete:
            return
        if needed is not None:
            if needed < _FIND_TITLED_AFTER:
                return
            query = self.store.query_with_dataset
            (count,) = next(iter(query(resources.query_text("pref_label_count"))))
            if needed * 3 < int(count.value):
                return
        # (the query's rows of blank nodes left out: a blank node is looked up on its own)
        self.preload(r for r in select(self.store, "pref_labels").rows if r.node[:2] != "_:")
        if self._titled is None:
            self._titled = self._find_titled()
        self._complete = True

    def _find_titled(self) -> set[str] | None:
        assert self._patterns is not None
        titled: set[str] = set()
        for predicate in self._predicates[1:]:
            for quad in self._patterns(None, predicate, None, None):
                subject = quad.subject
                if type(subject) is ox.NamedNode:
                    titled.add(subject.value)
                if len(titled) > _MAX_TITLED:
                    return None  # as many as nodes: reading each node's is as cheap
        return titled

    @staticmethod
    def _literals(objects: list[Any]) -> list[LangString | str]:
        """Literal objects as plain labels, sorted by text and language."""
        seen = {(o.value, o.language or "") for o in objects if type(o) is ox.Literal}
        return [
            LangString(text, language) if language else text
            for text, language in (sorted(seen) if len(seen) > 1 else seen)
        ]

    def _labels(self, iri: str) -> list[LangString | str]:
        """The node's literal labels, best-ranked property first, each property's sorted."""
        if self._patterns is not None:
            quads = self._patterns
            predicates = self._predicates
            subject = None  # made only to read the store (a term costs ~2 µs; most need none)
            found = self._pref.get(iri)
            if found is None:
                subject = _subject(iri)
                found = self._literals(
                    [q.object for q in quads(subject, predicates[0], None, None)]
                )
            self._lookups += 1
            if self._lookups == _FIND_TITLED_AFTER and self._titled is None:
                self._titled = self._find_titled()
            if self._titled is None or iri in self._titled:
                if subject is None:
                    subject = _subject(iri)
                for predicate in predicates[1:]:
                    objects = [q.object for q in quads(subject, predicate, None, None)]
                    if objects:
                        found = found + self._literals(objects)  # not +=: keep preloaded lists
            return found
        found_all = self._all if self._all is not None else self._read_all()
        return found_all.get(iri, [])

    def _read_all(self) -> dict[str, list[LangString | str]]:
        """Every node's labels in one read (backends other than the embedded store): the rows
        of ``all_labels.rq`` (``PlanStore.all_labels``; the plain rdflib backend reads them by
        triple pattern, ~20 times cheaper than its query engine)."""
        grouped: dict[str, set[tuple[int, str, str]]] = {}
        for node, label, rank in self.store.all_labels():
            if isinstance(label, str):
                language = label.lang if isinstance(label, LangString) else ""
                grouped.setdefault(node, set()).add((int(rank), str(label), language))
        self._all = {
            key: [
                LangString(text, language) if language else text
                for _rank, text, language in sorted(values)
            ]
            for key, values in grouped.items()
        }
        return self._all

    def __call__(self, iri: str) -> str:
        label = self._cache.get(iri)
        if label is None:
            found = self._labels(iri)
            if len(found) == 1:
                label = str(found[0])  # whatever its language: the only one there is
            elif found:
                label = pick_label(found, self.lang)
            else:
                label = local_name(iri)
            self._cache[iri] = label
        return label

    def node(self, iri: str | None, **extra: Any) -> Any:
        """``{"iri", "label", ...}`` for an IRI, or ``None`` for no IRI."""
        if iri is None:
            return None
        label = self._cache.get(iri)
        if label is None:
            label = self(iri)
        if extra:
            return {"iri": iri, "label": label, **extra}
        return {"iri": iri, "label": label}

    def nodes(self, iris: Iterable[str]) -> list[dict[str, Any]]:
        """Nodes for IRIs, in the order given."""
        cache = self._cache
        out = []
        for iri in iris:
            label = cache.get(iri)
            out.append({"iri": iri, "label": self(iri) if label is None else label})
        return out


def _subject(iri: str) -> ox.NamedNode | ox.BlankNode:
    """The store's term for a node of the rows (a blank node item, `[] a pg:Challenge`, is named
    by its "_:id" there)."""
    return ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)


def _check_filter(value: str | None, what: str) -> URIRef | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"the {what} filter must be an IRI, got {value!r}")
    iri = parse_name(value)
    if iri is None:
        raise InputError(f"{value!r} is not an IRI or a prefixed name (id:..., pg:...)")
    return iri


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
        """Check the filters (each must be an IRI) and find the items inside them.

        Inside ``shared_reads`` for ``store`` the items inside each filter are found once.
        """
        scope = cls(
            _check_filter(org, "organisation"),
            _check_filter(plan, "plan"),
            _check_filter(theme, "theme"),
        )
        shared = _SHARED.get()
        memo = shared.scopes if shared is not None and shared.store is store else {}
        for query, variable, value in (
            ("items_of_organisation", "organisation", scope.org),
            ("items_of_plan", "plan", scope.plan),
            ("items_in_theme", "theme", scope.theme),
        ):
            if value is None:
                continue
            found = memo.get((query, value))
            if found is None:
                found = {r["item"] for r in rows(store, query, {variable: value})}
                memo[(query, value)] = found
            scope.items = set(found) if scope.items is None else scope.items & found
        return scope

    @property
    def unfiltered(self) -> bool:
        return self.items is None

    def __contains__(self, iri: object) -> bool:
        return self.items is None or iri in self.items
