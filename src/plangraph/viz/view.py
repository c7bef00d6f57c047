"""The view: which nodes and links the visualisation draws, for a set of server-side filters.

``build_view(store, ViewFilters(...))`` reads the drawable part of the graph with four packaged
queries (``viz_nodes``, ``viz_edges``, ``viz_texts``, ``viz_link_records``), applies the filters
in Python, lays the result out and returns a ``View``: plain data (nodes, edges, the details
shown in the panel, and what was filtered or left out), the same for the page, the JSON
endpoint and the static export.

Filters, applied in this order:

1. ``org`` / ``plan`` / ``theme``: the goals, themes, challenges and measures of that
   organisation / plan / theme area (all given must hold), plus the nodes linked to them by
   ``pg:addresses`` or ``pg:contributesTo`` (so a theme shows the measures that address its
   challenges, whichever region they come from).
2. ``gaps_only``: only the uncovered challenges (``plangraph.analysis.uncovered_challenges`` with
   the same org/plan/theme), their themes and the goals they contribute to; no measures.
3. ``focus`` + ``depth``: only what lies within ``depth`` links of the focus node.
4. ``search``: nodes whose label (any language) contains the text, and their neighbours.
5. ``types``: only nodes of these kinds.
6. ``limit``: at most this many nodes; beyond it the view keeps organisations, plans, goals and
   themes first, then the most linked challenges and measures, and says so (``truncated``).

Plans and organisations are drawn when something in the view belongs to them. Plans the store
only knows as cited by other plans (no item states ``pg:partOfPlan`` them) are not drawn.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from plangraph.analysis import overlapping_measures, uncovered_challenges
from plangraph.errors import NotFoundError, QueryInputError
from plangraph.i18n import text
from plangraph.labels import LANGUAGES, curie, local_name, pick_label
from plangraph.output import node as node_dict
from plangraph.output import scalar
from plangraph.store import PlanStore
from plangraph.terms import check_iri
from plangraph.vocab import DCTERMS, PG, SKOS

__all__ = [
    "DEFAULT_MAX_NODES",
    "KINDS",
    "LAYOUTS",
    "MAX_LIMIT",
    "View",
    "ViewFilters",
    "build_view",
    "node_details",
    "view_choices",
]

KINDS = ("organisation", "plan", "goal", "theme", "challenge", "measure")
"""The kinds of node the view draws, top layer first."""

LAYOUTS = ("layered", "force")

DEFAULT_MAX_NODES = 3000
"""Beyond this many nodes one view gets slow to draw in a browser; the rest is left out."""

MAX_LIMIT = 20_000
"""The largest ``limit`` a caller may ask for."""

_CLASS_KIND: dict[str, str] = {
    str(PG.StrategicGoal): "goal",
    str(PG.ThemeArea): "theme",
    str(PG.Challenge): "challenge",
    str(PG.Measure): "measure",
    str(PG.Organisation): "organisation",
    str(PG.RegionalHealthAuthority): "organisation",
    str(PG.HospitalTrust): "organisation",
    str(PG.Plan): "plan",
    str(PG.Strategy): "plan",
    str(PG.StatusNote): "plan",
    str(PG.ActionPlan): "plan",
}
# A node typed both pg:Plan and pg:Strategy is a plan; the ranking only settles odd data.
_KIND_RANK = {
    kind: i
    for i, kind in enumerate(("goal", "challenge", "measure", "theme", "plan", "organisation"))
}

_EDGE_KIND: dict[str, str] = {
    str(PG.addresses): "addresses",
    str(PG.contributesTo): "contributesTo",
    str(PG.inTheme): "inTheme",
    str(PG.subChallengeOf): "subChallengeOf",
    str(PG.partOfPlan): "partOfPlan",
    str(DCTERMS.publisher): "publisher",
    str(SKOS.exactMatch): "themeMatch",
    str(SKOS.closeMatch): "themeMatch",
    str(SKOS.relatedMatch): "themeMatch",
    str(SKOS.broadMatch): "themeMatch",
    str(SKOS.narrowMatch): "themeMatch",
}
_LINK_KINDS = frozenset({"addresses", "contributesTo"})
_ITEM_KINDS = frozenset({"goal", "theme", "challenge", "measure"})
_STATUS_NAMES = {
    str(PG.Curated): "curated",
    str(PG.Accepted): "accepted",
    str(PG.Suggested): "suggested",
    str(PG.Rejected): "rejected",
}


@dataclass(frozen=True)
class ViewFilters:
    """What to draw. IRIs are full IRIs; ``types`` are names from ``KINDS``."""

    theme: str | None = None
    org: str | None = None
    plan: str | None = None
    types: tuple[str, ...] = KINDS
    gaps_only: bool = False
    focus: str | None = None
    depth: int = 2
    search: str | None = None
    layout: str = "layered"
    overlaps: bool = False
    lang: str = "nb"
    limit: int = DEFAULT_MAX_NODES

    def checked(self) -> ViewFilters:
        """These filters, normalised, or an ``InputError`` naming the bad one."""
        for name in ("theme", "org", "plan", "focus"):
            value = getattr(self, name)
            if value is not None and not value.strip():
                value = None
            if value is not None:
                check_iri(value.strip())
        types = tuple(t.strip().lower() for t in self.types if t.strip())
        unknown = [t for t in types if t not in KINDS]
        if unknown:
            raise QueryInputError(
                f"unknown node type {unknown[0]!r} in types; known types: {', '.join(KINDS)}"
            )
        if not types:
            raise QueryInputError(f"types is empty; give one or more of: {', '.join(KINDS)}")
        if self.layout not in LAYOUTS:
            raise QueryInputError(
                f"unknown layout {self.layout!r}; known layouts: {', '.join(LAYOUTS)}"
            )
        if self.lang not in LANGUAGES:
            raise QueryInputError(
                f"unknown language {self.lang!r}; known languages: {', '.join(LANGUAGES)}"
            )
        if not 0 <= self.depth <= 6:
            raise QueryInputError(f"depth must be between 0 and 6, not {self.depth}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise QueryInputError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        search = (self.search or "").strip() or None
        if search is not None and len(search) > 200:
            raise QueryInputError("search text is longer than 200 characters")

        def iri(value: str | None) -> str | None:
            return value.strip() if value and value.strip() else None

        return replace(
            self,
            theme=iri(self.theme),
            org=iri(self.org),
            plan=iri(self.plan),
            focus=iri(self.focus),
            types=tuple(k for k in KINDS if k in types),
            search=search,
        )

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters of ``/viz`` (defaults left out)."""
        params: dict[str, str] = {}
        for name in ("theme", "org", "plan", "focus"):
            value = getattr(self, name)
            if value:
                params[name] = value
        if self.focus:
            params["depth"] = str(self.depth)
        if self.types != KINDS:
            params["types"] = ",".join(self.types)
        if self.gaps_only:
            params["gaps"] = "1"
        if self.search:
            params["q"] = self.search
        if self.layout != "layered":
            params["layout"] = self.layout
        if self.overlaps:
            params["overlaps"] = "1"
        if self.lang != "nb":
            params["lang"] = self.lang
        if self.limit != DEFAULT_MAX_NODES:
            params["limit"] = str(self.limit)
        return params


@dataclass
class View:
    """What one page draws: nodes, edges, details for the panel, and what was left out."""

    filters: ViewFilters
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    details: dict[str, dict[str, Any]]
    total_nodes: int
    truncated: bool
    notes: list[str] = field(default_factory=list)
    note_messages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """The notes as catalogue messages (id, fields), for a page that changes language."""
    choices: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Nodes drawn per kind."""
        out = dict.fromkeys(KINDS, 0)
        for n in self.nodes:
            out[n["kind"]] += 1
        return out

    def link_count(self) -> int:
        """Links drawn between the nodes (overlap links apart: the page hides them until asked)."""
        return sum(1 for e in self.edges if e["kind"] != "overlap")

    def overlap_count(self) -> int:
        """Overlap links between measures (drawn when the page's overlap box is ticked)."""
        return sum(1 for e in self.edges if e["kind"] == "overlap")

    def to_json(self) -> dict[str, Any]:
        """The view as JSON-ready data (what ``/viz/data.json`` returns)."""
        return {
            "filters": self.filters.as_params(),
            "lang": self.filters.lang,
            "layout": self.filters.layout,
            "nodes": self.nodes,
            "edges": self.edges,
            "counts": self.counts(),
            "total_nodes": self.total_nodes,
            "shown_nodes": len(self.nodes),
            "truncated": self.truncated,
            "limit": self.filters.limit,
            "notes": self.notes,
        }


@dataclass
class _Graph:
    """The drawable part of the store, as plain Python structures."""

    kind: dict[str, str] = field(default_factory=dict)
    labels: dict[str, list[tuple[int, Literal]]] = field(default_factory=lambda: defaultdict(list))
    edges: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # source, kind, target, predicate
    plan_of: dict[str, str] = field(default_factory=dict)
    publisher: dict[str, str] = field(default_factory=dict)
    themes_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    adjacency: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    link_adjacency: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    covered: set[str] = field(default_factory=set)

    def label(self, iri: str, lang: str) -> str:
        ranked = sorted(self.labels.get(iri, []), key=lambda item: item[0])
        return pick_label([lit for _rank, lit in ranked], lang, default=local_name(URIRef(iri)))

    def organisation_of(self, iri: str) -> str | None:
        kind = self.kind.get(iri)
        if kind == "organisation":
            return iri
        plan = iri if kind == "plan" else self.plan_of.get(iri)
        return self.publisher.get(plan) if plan else None


def _add_node_row(graph: _Graph, row: dict[str, Any]) -> None:
    iri = str(row["node"])
    kind = _CLASS_KIND[str(row["class"])]
    known = graph.kind.get(iri)
    if known is None or _KIND_RANK[kind] < _KIND_RANK[known]:
        graph.kind[iri] = kind
    label = row["label"]
    if isinstance(label, Literal):
        entry = (int(scalar(row["rank"]) or 9), label)
        if entry not in graph.labels[iri]:
            graph.labels[iri].append(entry)


def _read_graph(store: PlanStore) -> _Graph:
    graph = _Graph()
    for row in store.named_query("viz_nodes"):
        _add_node_row(graph, row)
    # In IRI order, not the engine's: the same view (edge order, first plan or publisher) on
    # every backend.
    found = store.named_query("viz_edges").rows
    for source, predicate, target in sorted(
        (str(r["source"]), str(r["predicate"]), str(r["target"])) for r in found
    ):
        if source not in graph.kind or target not in graph.kind or source == target:
            continue
        kind = _EDGE_KIND[predicate]
        if kind == "partOfPlan":
            if graph.kind[target] != "plan":
                continue
            graph.plan_of.setdefault(source, target)
        elif kind == "publisher":
            if graph.kind[target] != "organisation":
                continue
            graph.publisher.setdefault(source, target)
        elif kind == "inTheme":
            if graph.kind[target] != "theme":
                continue
            graph.themes_of[source].add(target)
        elif kind == "themeMatch" and not (
            graph.kind[source] == "theme" and graph.kind[target] == "theme"
        ):
            continue
        elif kind == "addresses" and graph.kind[target] == "challenge":
            graph.covered.add(target)
        graph.edges.append((source, kind, target, predicate))
    for source, kind, target, _predicate in graph.edges:
        if not _drawn_edge(graph, source, kind):
            continue  # focus and search follow the links the reader sees
        graph.adjacency[source].add(target)
        graph.adjacency[target].add(source)
        if kind in _LINK_KINDS:
            graph.link_adjacency[source].add(target)
            graph.link_adjacency[target].add(source)
    return graph


def _drawn_edge(graph: _Graph, source: str, kind: str) -> bool:
    """Whether a link is drawn: challenges and measures reach their plan through their theme."""
    if kind == "partOfPlan":
        return graph.kind[source] in ("goal", "theme") or not graph.themes_of.get(source)
    return True


def _check_known(graph: _Graph, iri: str | None, kind: str | None, what: str) -> None:
    if iri is None:
        return
    found = graph.kind.get(iri)
    if found is None:
        raise NotFoundError(f"{what}: no node {iri} in the store")
    if kind is not None and found != kind:
        raise NotFoundError(f"{what}: {iri} is a {found}, not a {kind}")


def _uncovered(store: PlanStore, graph: _Graph, filters: ViewFilters) -> set[str]:
    """The uncovered challenges, as the analysis defines them."""
    rows = uncovered_challenges(
        store, org=filters.org, plan=filters.plan, theme=filters.theme, lang=filters.lang
    )
    return {str(row["challenge"]["iri"]) for row in rows}


def _select(
    store: PlanStore, graph: _Graph, filters: ViewFilters
) -> tuple[set[str], list[tuple[str, dict[str, Any]]]]:
    """The nodes the filters keep (before ``types`` and ``limit``), and notes for the reader."""
    notes: list[tuple[str, dict[str, Any]]] = []
    # Plans no item belongs to are only cited: leave them out.
    plans_with_items = set(graph.plan_of.values())
    keep = {
        iri
        for iri, kind in graph.kind.items()
        if kind in _ITEM_KINDS or (kind == "plan" and iri in plans_with_items)
    }
    if filters.org or filters.plan or filters.theme:
        seed = set()
        for iri in keep:
            if graph.kind[iri] not in _ITEM_KINDS:
                continue
            if filters.org and graph.organisation_of(iri) != filters.org:
                continue
            if filters.plan and graph.plan_of.get(iri) != filters.plan:
                continue
            if filters.theme and not (
                iri == filters.theme or filters.theme in graph.themes_of.get(iri, ())
            ):
                continue
            seed.add(iri)
        keep = set(seed)
        for iri in seed:
            keep |= graph.link_adjacency.get(iri, set())
    if filters.gaps_only:
        uncovered = _uncovered(store, graph, filters) & set(graph.kind)
        keep = set(uncovered)
        for iri in uncovered:
            keep |= graph.themes_of.get(iri, set())
            keep |= {n for n in graph.link_adjacency.get(iri, ()) if graph.kind[n] == "goal"}
    # Plans and organisations of what is kept.
    for iri in list(keep):
        plan = graph.plan_of.get(iri)
        if plan:
            keep.add(plan)
    if filters.plan:
        keep.add(filters.plan)
    for iri in list(keep):
        if graph.kind[iri] == "plan" and iri in graph.publisher:
            keep.add(graph.publisher[iri])
    if filters.org and keep:
        keep.add(filters.org)
    if filters.focus:
        if filters.focus not in keep:
            raise NotFoundError(
                f"focus: {filters.focus} is not in the view for these filters; "
                "remove a filter or focus on another node"
            )
        keep = _within(graph, filters.focus, filters.depth, keep)
    if filters.search:
        wanted = filters.search.casefold()
        matches = {
            iri
            for iri in keep
            if any(wanted in str(lit).casefold() for _rank, lit in graph.labels.get(iri, ()))
        }
        if not matches:
            notes.append(("viz.note.no_match", {"search": filters.search}))
        around = set(matches)
        for iri in matches:
            around |= graph.adjacency.get(iri, set()) & keep
        keep = around
    return keep, notes


def _within(graph: _Graph, start: str, depth: int, allowed: set[str]) -> set[str]:
    seen = {start}
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    while queue:
        iri, dist = queue.popleft()
        if dist == depth:
            continue
        for other in graph.adjacency.get(iri, ()):
            if other in allowed and other not in seen:
                seen.add(other)
                queue.append((other, dist + 1))
    return seen


def _cap(graph: _Graph, keep: set[str], limit: int, lang: str) -> list[str]:
    """``keep`` in drawing priority order, cut at ``limit``."""

    def degree(iri: str) -> int:
        return len(graph.adjacency.get(iri, set()) & keep)

    structural = ("organisation", "plan", "goal", "theme")

    def key(iri: str) -> tuple[int, int, str, str]:
        kind = graph.kind[iri]
        tier = structural.index(kind) if kind in structural else len(structural)
        return (tier, -degree(iri), graph.label(iri, lang).casefold(), iri)

    ordered = sorted(keep, key=key) if len(keep) > limit else sorted(keep)
    return ordered[:limit]


def _details(
    store: PlanStore,
    graph: _Graph,
    shown: set[str],
    lang: str,
    text_rows: Iterable[dict[str, Any]] | None = None,
    link_rows: Iterable[dict[str, Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """What the panel shows for each drawn node: labels, source text and section, links."""

    def ref(iri: str) -> dict[str, Any]:
        return node_dict(iri, graph.label(iri, lang), kind=graph.kind.get(iri, ""))

    details: dict[str, dict[str, Any]] = {}
    for iri in shown:
        ranked = sorted(graph.labels.get(iri, []), key=lambda item: item[0])
        labels = [
            {"lang": lit.language or "", "value": str(lit)} for rank, lit in ranked if rank == 1
        ]
        if not labels:
            labels = [{"lang": lit.language or "", "value": str(lit)} for _rank, lit in ranked[:1]]
        details[iri] = {
            "iri": iri,
            "kind": graph.kind[iri],
            "labels": labels,
            "source_text": [],
            "source_document": None,
            "source_section": [],
            "source_position": None,
            "number": None,
            "status": None,
            "notes": [],
            "links": [],
        }
    if text_rows is None:
        text_rows = store.named_query("viz_texts")
    if link_rows is None:
        link_rows = store.named_query("viz_link_records")
    for row in text_rows:
        iri = str(row["node"])
        entry = details.get(iri)
        if entry is None:
            continue
        prop, value = str(row["property"]), row["value"]
        if prop == str(PG.sourceText) and isinstance(value, Literal):
            entry["source_text"].append({"lang": value.language or "", "value": str(value)})
        elif prop == str(PG.sourceSection) and isinstance(value, Literal):
            entry["source_section"].append(str(value))
        elif prop == str(PG.sourceNote) and isinstance(value, Literal):
            entry["notes"].append(str(value))
        elif prop == str(PG.sourceDocument) and isinstance(value, URIRef):
            entry["source_document"] = ref(str(value))
        elif prop == str(PG.sourcePosition):
            entry["source_position"] = scalar(value)
        elif prop == str(PG.number):
            entry["number"] = scalar(value)
        elif prop == str(PG.measureStatus) and isinstance(value, URIRef):
            entry["status"] = _status_label(store, value, lang)
    for row in link_rows:
        subject, obj = str(row["subject"]), str(row["object"])
        status_iri = str(row["status"]) if row["status"] is not None else ""
        record: dict[str, Any] = {
            "record": str(row["record"]),
            "predicate": curie(row["predicate"]),
            "status": _STATUS_NAMES.get(
                status_iri, local_name(URIRef(status_iri)) if status_iri else "unknown"
            ),
            "confidence": float(row["confidence"]) if row["confidence"] is not None else None,
            "rationale": str(row["rationale"]) if row["rationale"] is not None else None,
            "method": str(row["method"]) if row["method"] is not None else None,
        }
        if subject in details:
            details[subject]["links"].append({**record, "direction": "out", "node": ref(obj)})
        if obj in details:
            details[obj]["links"].append({**record, "direction": "in", "node": ref(subject)})
    for entry in details.values():
        entry["source_section"].sort()
        entry["links"].sort(
            key=lambda link: (link["predicate"], link["direction"], link["node"]["label"])
        )
    return details


def node_details(store: PlanStore, iri: str, lang: str = "nb") -> dict[str, Any]:
    """What the details panel shows for one node (the same as a view embeds for each node).

    Runs the details queries for this node only, so a page need not carry every node's text.
    """
    node = URIRef(check_iri(iri.strip()))
    if lang not in LANGUAGES:
        raise QueryInputError(f"unknown language {lang!r}; known languages: {', '.join(LANGUAGES)}")
    text_rows = list(store.named_query("viz_texts", {"node": node}))
    link_rows = list(store.named_query("viz_link_records", {"subject": node})) + list(
        store.named_query("viz_link_records", {"object": node})
    )
    around = {str(node)}
    around |= {str(r["value"]) for r in text_rows if isinstance(r["value"], URIRef)}
    around |= {str(r["subject"]) for r in link_rows} | {str(r["object"]) for r in link_rows}
    graph = _Graph()
    for other in sorted(around):
        for row in store.named_query("viz_nodes", {"node": URIRef(other)}):
            _add_node_row(graph, row)
    if str(node) not in graph.kind:
        raise NotFoundError(f"no goal, theme, challenge, measure, plan or organisation {node}")
    return _details(store, graph, {str(node)}, lang, text_rows, link_rows)[str(node)]


_STATUS_CACHE: dict[tuple[str, str], str] = {}


def _status_label(store: PlanStore, iri: Node, lang: str) -> str:
    key = (str(iri), lang)
    if key not in _STATUS_CACHE:
        rows = store.named_query("node_labels", {"node": iri})
        _STATUS_CACHE[key] = pick_label([r["label"] for r in rows], lang, default=local_name(iri))
    return _STATUS_CACHE[key]


def _overlap_edges(store: PlanStore, filters: ViewFilters, shown: set[str]) -> list[dict[str, Any]]:
    rows = overlapping_measures(
        store, org=filters.org, plan=filters.plan, theme=filters.theme, lang=filters.lang
    )
    edges = []
    for row in rows:
        a, b = str(row["measure_a"]["iri"]), str(row["measure_b"]["iri"])
        if a in shown and b in shown:
            edges.append(
                {
                    "from": a,
                    "to": b,
                    "kind": "overlap",
                    "predicate": "",
                    "shared_count": int(row["shared_count"]),
                    "jaccard": float(row["jaccard"]),
                    "shared": [s["label"] for s in row["shared"]],
                }
            )
    return edges


def build_view(
    store: PlanStore, filters: ViewFilters | None = None, *, details: bool = True
) -> View:
    """The nodes and links to draw for ``filters``, laid out, with the details panel's data.

    ``details=False`` leaves the panel's data out (a served page fetches it per node from
    ``node_details``; reading every node's source text costs most of the time on big stores).

    >>> from plangraph.store import open_store
    >>> view = build_view(open_store(), ViewFilters(gaps_only=True))
    >>> {n["kind"] for n in view.nodes} >= {"challenge", "theme"}
    True
    """
    from plangraph.viz.layout import layout_positions

    filters = (filters or ViewFilters()).checked()
    graph = _read_graph(store)
    _check_known(graph, filters.theme, "theme", "theme")
    _check_known(graph, filters.org, "organisation", "org")
    _check_known(graph, filters.plan, "plan", "plan")
    _check_known(graph, filters.focus, None, "focus")
    keep, notes = _select(store, graph, filters)
    keep = {iri for iri in keep if graph.kind[iri] in filters.types}
    total = len(keep)
    ordered = _cap(graph, keep, filters.limit, filters.lang)
    shown = set(ordered)
    truncated = total > len(ordered)
    if truncated:
        notes.append(("viz.note.truncated", {"total": total, "shown": len(ordered)}))
    lang = filters.lang
    nodes: list[dict[str, Any]] = []
    for iri in ordered:
        kind = graph.kind[iri]
        entry: dict[str, Any] = {
            "id": iri,
            "iri": iri,
            "label": graph.label(iri, lang),
            "labels": {code: graph.label(iri, code) for code in LANGUAGES},
            "kind": kind,
            "level": KINDS.index(kind),
            "plan": graph.plan_of.get(iri),
            "organisation": graph.organisation_of(iri),
            "themes": sorted(graph.themes_of.get(iri, ())),
        }
        if kind == "challenge":
            entry["covered"] = iri in graph.covered
        nodes.append(entry)
    edges: list[dict[str, Any]] = []
    seen_edges: set[tuple[str, str, str]] = set()
    for source, kind, target, predicate in graph.edges:
        if source in shown and target in shown and _drawn_edge(graph, source, kind):
            if (source, kind, target) in seen_edges:
                continue
            seen_edges.add((source, kind, target))
            edges.append(
                {"from": source, "to": target, "kind": kind, "predicate": curie(URIRef(predicate))}
            )
    if "measure" in filters.types and any(n["kind"] == "measure" for n in nodes):
        edges.extend(_overlap_edges(store, filters, shown))
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"
    positions = layout_positions(nodes, edges, filters.layout)
    for entry in nodes:
        entry["x"], entry["y"] = positions[entry["id"]]
    return View(
        filters=filters,
        nodes=nodes,
        edges=edges,
        details=_details(store, graph, shown, lang) if details else {},
        total_nodes=total,
        truncated=truncated,
        notes=[text(key, filters.lang, **fields) for key, fields in notes],
        note_messages=notes,
        choices=_choices(graph, lang),
    )


def view_choices(store: PlanStore, lang: str = "nb") -> dict[str, list[dict[str, Any]]]:
    """The themes, organisations and plans a view can be filtered by (with their labels)."""
    return _choices(_read_graph(store), lang)


def _choices(graph: _Graph, lang: str) -> dict[str, list[dict[str, Any]]]:
    """What the filter form offers: themes, organisations and plans that hold items."""
    plans_with_items = set(graph.plan_of.values())
    out: dict[str, list[dict[str, Any]]] = {"theme": [], "org": [], "plan": []}
    for iri, kind in graph.kind.items():
        if kind == "theme":
            org = graph.organisation_of(iri)
            out["theme"].append(
                node_dict(
                    iri, graph.label(iri, lang), organisation=graph.label(org, lang) if org else ""
                )
            )
        elif kind == "organisation":
            out["org"].append(node_dict(iri, graph.label(iri, lang)))
        elif kind == "plan" and iri in plans_with_items:
            out["plan"].append(node_dict(iri, graph.label(iri, lang)))
    for rows in out.values():
        rows.sort(key=lambda r: (r.get("organisation", ""), r["label"].casefold(), r["iri"]))
    return out


def kinds_of(values: Iterable[str]) -> tuple[str, ...]:
    """Node kinds from query values that may hold comma-separated lists."""
    out: list[str] = []
    for value in values:
        out.extend(part for part in value.split(",") if part.strip())
    return tuple(out)
