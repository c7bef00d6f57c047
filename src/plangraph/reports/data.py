"""The content of a planner's report: the analyses' rows plus where every item came from.

``collect_report`` calls the analysis functions once and gathers the provenance (verbatim source
text, source document, section, position) of every goal, challenge and measure the rows name,
so the HTML and the workbook are written from the same data.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plangraph import resources
from plangraph.analysis import (
    considered_text,
    coverage_by_theme,
    coverage_matrix,
    goals_without_measures,
    measures_considered,
    orphan_measures,
    overlapping_measures,
    uncovered_challenges,
    weakly_covered_challenges,
)
from plangraph.analysis._common import ran_ahead, shared_reads
from plangraph.analysis._common import select as _select
from plangraph.labels import pick_label
from plangraph.store import PlanStore
from plangraph.terms import (
    LangString,
    PlainRow,
    TsvUnread,
    parse_iri,
    plain_from_tsv,
    tsv_answer,
)

__all__ = ["ANALYSES", "Provenance", "ReportData", "collect_report", "generated_now"]

Row = dict[str, Any]


@dataclass(frozen=True)
class Provenance:
    """Where an item stands in its source: verbatim text, document, section, position."""

    text: str
    text_lang: str
    document: str | None
    document_title: str
    section: str
    position: int | None


@dataclass
class ReportData:
    """Everything a report shows, as plain data (nodes as ``{"iri", "label"}`` dicts)."""

    lang: str
    scope: dict[str, dict[str, str] | None]
    generated: str
    matrix: dict[str, Any]
    by_theme: list[Row]
    gaps: list[Row]
    weak: list[Row]
    overlaps: list[Row]
    goals_without_measures: list[Row]
    orphans: list[Row]
    provenance: dict[str, Provenance] = field(default_factory=dict)
    considered: str = ""
    """Which plans' measures the gaps counted (one Bokmål sentence)."""
    changes: list[dict[str, Any]] = field(default_factory=list)
    """Per plan with two or more versions: the latest change (``diff`` summary and coverage
    change), for the section "Endringer siden forrige versjon" (issue 12)."""

    @property
    def summary(self) -> dict[str, Any]:
        """Headline figures within the report's scope."""
        challenges = sum(int(r["challenges"]) for r in self.by_theme)
        covered = sum(int(r["covered"]) for r in self.by_theme)
        return {
            "challenges": challenges,
            "covered": covered,
            "share": covered / challenges if challenges else 0.0,
            "gaps": len(self.gaps),
            "weak": len(self.weak),
            "overlaps": len(self.overlaps),
            "goals_without_measures": len(self.goals_without_measures),
            "orphan_measures": len(self.orphans),
        }


ANALYSES = 9
"""The steps of ``collect_report``: eight analyses and the provenance of their items."""


def _nothing(_steps: int) -> None:
    pass


def generated_now() -> str:
    """The time a report is made, as the report shows it (local time, to the minute)."""
    return _dt.datetime.now(_dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


ProvenanceRead = tuple[dict[str, list[str]], list[PlainRow]]
"""The documents' titles (``report_document_titles``) and the rows of ``report_provenance``."""


def _read_provenance(store: PlanStore) -> ProvenanceRead:
    """The two queries of ``_provenance`` as plain values: the documents' titles, and the
    nodes' texts, documents, sections and positions (at 1M triples ~36,000 rows; rdflib terms
    for them would cost seconds). Safe to call from a background thread."""
    titles_of: dict[str, list[str]] = {}
    for document, title in _select(store, "report_document_titles").rows:
        if isinstance(title, str):
            titles_of.setdefault(document, []).append(title)
    keyed = _keyed_provenance(store)
    return titles_of, keyed if keyed is not None else _select(store, "report_provenance").rows


_DOCUMENTS = (
    "SELECT DISTINCT ?document WHERE { ?node <https://w3id.org/plangraph/ns#sourceDocument> "
    "?document }"
)
_HEAD = "SELECT ?node ?text ?document ?section ?position"
_DOCUMENT_PART = "SELECT ?node ?document WHERE { ?node pg:sourceDocument ?document }"
_SECTIONS = (
    "SELECT DISTINCT ?section WHERE { ?node <https://w3id.org/plangraph/ns#sourceSection> "
    "?section }"
)
_SECTION_PART = "SELECT ?node ?section WHERE { ?node pg:sourceSection ?section }"
_PLAIN_IRI = re.compile(r'<[^\x00-\x20<>"{}|^`\\]*>')
"""An IRI as the engine writes it in TSV that a query may hold as it is."""
_PLAIN_TEXT = re.compile(r'"[^"\\\x00-\x1f]*"(@[A-Za-z]+(-[A-Za-z0-9]+)*)?')
"""A text (with a language or none) as the engine writes it in TSV that a query may hold as it
is: nothing escaped in it, so it is read back as the same literal."""
_KEYED_SECTIONS = 1000
"""Distinct sections up to which they are given as numbers: a ``VALUES`` block costs the engine
~8 µs a value (the 1M data has 34 sections; a folder of real plans may have a heading for each
section of each document, and more sections than rows to gain on)."""


def _keyed_part(var: str, predicate: str, tokens: list[str]) -> str:
    """The sub-select giving each node's ``?var`` (by ``predicate``) as ``?{var}Key``, its number
    in ``tokens`` (terms as the engine writes them), through a ``VALUES`` block."""
    keys = " ".join(f"({token} {i})" for i, token in enumerate(tokens))
    return (
        f"SELECT ?node ?{var}Key WHERE {{ VALUES (?{var} ?{var}Key) {{ {keys} }} "
        f"?node {predicate} ?{var} }}"
    )


def _keyed_provenance(store: PlanStore) -> list[PlainRow] | None:
    """The rows of ``report_provenance`` on the embedded store, each document and section read
    as a number into the list of the documents (a few hundred) and of the sections (a few
    dozen) rather than as its IRI or text: the engine turns its id into the term's text once
    per document or section, not once per row (at 1M triples ~0.3 s of the query's ~1.3 s for
    the documents, ~0.06 s more for the sections). ``None`` where the query is read as it is
    (another backend; a document that is no plain IRI: a blank node or a literal cannot be
    given in ``VALUES``). Sections are read as they are when one is not a plain text (a number,
    a text with an escaped character)."""
    if not store.chooses_dataset:
        return None
    header, tokens = tsv_answer(store.query_with_dataset(_DOCUMENTS))
    text = resources.query_text("report_provenance")
    if (
        header != ["document"]
        or not all(_PLAIN_IRI.fullmatch(t) for t in tokens)
        or text.count(_HEAD) != 1
        or text.count(_DOCUMENT_PART) != 1
    ):
        return None
    head = "SELECT ?node ?text ?documentKey ?section ?position"
    text = text.replace(_DOCUMENT_PART, _keyed_part("document", "pg:sourceDocument", tokens))
    documents: list[str | None] = [token[1:-1] for token in tokens]
    documents.append(None)  # (no document: key -1)
    header, written = tsv_answer(store.query_with_dataset(_SECTIONS))
    keyed = (
        header == ["section"]
        and len(written) <= _KEYED_SECTIONS
        and all(_PLAIN_TEXT.fullmatch(t) for t in written)
        and text.count(_SECTION_PART) == 1
    )
    if keyed:
        head = "SELECT ?node ?text ?documentKey ?sectionKey ?position"
        text = text.replace(_SECTION_PART, _keyed_part("section", "pg:sourceSection", written))
    text = text.replace(_HEAD, head)
    header, lines = tsv_answer(store.query_with_dataset(text))
    if header != head[len("SELECT ?") :].split(" ?"):
        return None
    # Read here rather than by ``select_plain``: each node and text is written once (a cache of
    # terms would only cost), the few sections and positions are read once each.
    plain = plain_from_tsv
    # each section (by its key into ``written``, or as written) and position as read
    sections: dict[str, Any] = {}
    places: dict[str, Any] = {}
    rows: list[PlainRow] = []
    append = rows.append
    try:
        if keyed:
            sections.update((str(i), plain(token)) for i, token in enumerate(written))
        for line in lines:
            node, said, key, section, position = line.split("\t")
            at = sections.get(section)
            if at is None:
                at = sections[section] = plain(section)
            place = places.get(position)
            if place is None:
                place = places[position] = plain(position)
            append(
                (  # type: ignore[arg-type]
                    node[1:-1] if node[:1] == "<" and node[1:2] != "<" else plain(node),
                    plain(said),
                    documents[int(key) if key else -1],
                    at,
                    place,
                )
            )
    except TsvUnread:  # a term written in a way not read here: the query read as it is
        return None
    return rows


def _provenance(
    store: PlanStore,
    wanted: Container[str] | None,
    lang: str,
    read: ProvenanceRead | None = None,
) -> dict[str, Provenance]:
    """Provenance of the nodes in ``wanted`` (``None``: of every node the query gives), from
    ``read`` (``_read_provenance``'s, read now when not given): one query for the nodes'
    texts, documents, sections and positions, filtered here, and one for the documents' titles
    (a few hundred, rather than a title on every row). In the order of the nodes' first rows."""
    titles_of, found = read if read is not None else _read_provenance(store)
    # The rows of each wanted node, in the answer's order: almost every node has one (one text,
    # one document, section and position), read as it is; a node with more goes through
    # ``_choose``.
    first: dict[str, PlainRow] = {}
    more: dict[str, list[PlainRow]] = {}
    for row in found:
        node = row[0]
        if node in first:
            several = more.get(node)
            if several is None:
                more[node] = [first[node], row]
            else:
                several.append(row)
        elif wanted is None or node in wanted:
            first[node] = row
    out: dict[str, Provenance] = {}
    title_of: dict[tuple[str, ...], str] = {}  # per set of documents cited (one, mostly)
    made = _made
    for node, row in first.items():
        several = more.get(node)
        if several is None:
            _node, text, document, section, position = row
            if not isinstance(text, str):
                continue  # no text (a number is none)
            chosen, text_lang = str(text), text.lang if type(text) is LangString else ""
            cited: tuple[str, ...] = (document,) if document is not None else ()
        else:
            found_text = _choose(several, lang)
            if found_text is None:
                continue
            chosen, text_lang, cited = found_text
            _node, _text, document, section, position = row
        title = title_of.get(cited)
        if title is None:
            title = title_of[cited] = pick_label(_titles(cited, titles_of), lang)
        out[node] = made(
            chosen,
            text_lang,
            str(document) if document is not None else None,
            title,
            str(section) if section is not None else "",
            int(position) if position is not None else None,
        )
    return out


def _made(
    text: str,
    text_lang: str,
    document: str | None,
    document_title: str,
    section: str,
    position: int | None,
) -> Provenance:
    """``Provenance(...)`` without the frozen dataclass's ``__init__`` (an ``object.__setattr__``
    per field: a third of the cost of 36,000 of them at 1M triples): the same object."""
    made = object.__new__(Provenance)
    made.__dict__.update(
        text=text,
        text_lang=text_lang,
        document=document,
        document_title=document_title,
        section=section,
        position=position,
    )
    return made


def _choose(rows: list[PlainRow], lang: str) -> tuple[str, str, tuple[str, ...]] | None:
    """The text (and its language) of a node with several rows, and the documents they cite
    (each once, in the rows' order); ``None`` when no row has a text."""
    candidates: list[str] = []
    seen: set[tuple[str, str]] = set()
    documents: list[str] = []
    for _node, text, document, _section, _position in rows:
        # A text once per text and language (as rdflib's Literal equality has it).
        if isinstance(text, str):
            key = (str(text), text.lang if isinstance(text, LangString) else "")
            if key not in seen:
                seen.add(key)
                candidates.append(text)
        if document is not None and document not in documents:
            documents.append(document)
    if not candidates:
        return None
    if len(candidates) == 1:  # the only text, whatever its language (as pick_label has it)
        text = candidates[0]
        return str(text), text.lang if isinstance(text, LangString) else "", tuple(documents)
    chosen = pick_label(candidates, lang)
    text_lang = next(
        (c.lang if isinstance(c, LangString) else "" for c in candidates if c == chosen), ""
    )
    return chosen, text_lang, tuple(documents)


def _titles(documents: Iterable[str], titles_of: dict[str, list[str]]) -> list[str]:
    """The titles of ``documents``, each text and language once."""
    seen: set[tuple[str, str]] = set()
    out: list[str] = []
    for document in documents:
        for title in titles_of.get(document, ()):
            key = (str(title), title.lang if isinstance(title, LangString) else "")
            if key not in seen:
                seen.add(key)
                out.append(title)
    return out


def _node_iris(rows: list[Row], *keys: str) -> set[str]:
    """The IRIs of the nodes (or lists of nodes) under ``keys`` in ``rows``."""
    found: set[str] = set()
    add = found.add
    for row in rows:
        for key in keys:
            value = row.get(key)
            if isinstance(value, dict):
                if "iri" in value:
                    add(value["iri"])
            elif isinstance(value, list):
                for v in value:
                    if isinstance(v, dict) and "iri" in v:
                        add(v["iri"])
    return found


def collect_report(
    store: PlanStore,
    *,
    org: str | None = None,
    plan: str | None = None,
    theme: str | None = None,
    lang: str = "nb",
    advance: Callable[[int], None] | None = None,
) -> ReportData:
    """Run the analyses for a report, narrowed by ``org``, ``plan`` and ``theme`` (IRIs).

    ``advance(1)`` is called after each of the ``ANALYSES`` steps (for a progress bar).

    >>> from plangraph.store import open_store
    >>> data = collect_report(open_store())
    >>> data.summary["challenges"]
    41
    """
    step: Callable[[int], None] = advance or _nothing
    filters: dict[str, Any] = {"org": org, "plan": plan, "theme": theme, "lang": lang}
    if org is not None or plan is not None or theme is not None:
        # rdflib's terms (``nodes``): only for a report narrowed by a filter (~0.15 s to import)
        from plangraph.nodes import label_of
    scope = {
        name: {"iri": value, "label": label_of(store, parse_iri(value), lang)}
        if value is not None
        else None
        for name, value in (("org", org), ("plan", plan), ("theme", theme))
    }

    def run(analysis: Any, *args: Any, **kwargs: Any) -> Any:
        found = analysis(*args, **kwargs)
        step(1)
        return found

    # The analyses share their reads (a query two of them ask runs once; every label is read
    # once), and the embedded engine runs the queries ahead in a background thread.
    unfiltered = org is None and plan is None and theme is None
    prefetch = [
        ("coverage_matrix_counts" if unfiltered else "coverage_matrix")
        if name == "coverage_matrix"
        else name
        for name in _PREFETCH
    ]
    # The provenance is read in the background too, after those queries: for a report on
    # everything (whose rows name nearly every item) made there for every node, else read there
    # and made here for the nodes the rows name.
    ahead: Callable[[], Any] = (
        (lambda: _provenance(store, None, lang))
        if unfiltered
        else (lambda: _read_provenance(store))
    )
    with shared_reads(store, lang, prefetch=prefetch, ahead={"provenance": ahead}):
        data = ReportData(
            lang=lang,
            scope=scope,
            generated=generated_now(),
            matrix=run(coverage_matrix, store, **filters),
            by_theme=run(coverage_by_theme, store, **filters),
            gaps=run(uncovered_challenges, store, **filters),
            weak=run(weakly_covered_challenges, store, **filters),
            overlaps=run(overlapping_measures, store, **filters),
            goals_without_measures=run(
                goals_without_measures, store, org=org, plan=plan, lang=lang
            ),
            orphans=run(orphan_measures, store, **filters),
            considered=considered_text(run(measures_considered, store, lang)),
        )
        wanted = (
            _node_iris(data.gaps, "challenge", "parent")
            | _node_iris(data.weak, "challenge", "measures")
            | _node_iris(data.overlaps, "measure_a", "measure_b", "shared")
            | _node_iris(data.goals_without_measures, "goal")
            | _node_iris(data.orphans, "measure")
        )
        found = ran_ahead(store, "provenance")
        if found is None:
            data.provenance = _provenance(store, wanted, lang)
        elif unfiltered:
            data.provenance = {n: p for n, p in found.items() if n in wanted}
        else:
            data.provenance = _provenance(store, wanted, lang, found)
    step(1)
    return data


_PREFETCH = (
    "coverage_by_theme",
    "coverage_matrix",  # its counts (coverage_matrix_counts) for a report on everything
    "uncovered_challenges",
    "weakly_covered",
    "measure_challenge_counts",
    "overlapping_measures",
    "goals_without_measures",
    "orphan_measures",
)
"""The queries ``collect_report``'s analyses run, in the order they ask for them (the
measures considered are often kept with the store's manifest: not run ahead; the provenance's
two queries are read ahead by ``_read_provenance``, after these). On the embedded
store the first of ``analysis._derived.DERIVED`` starts the reads of the base relations those
are derived from instead."""


def collect_changes(store: PlanStore, data_dir: str | None) -> list[dict[str, Any]]:
    """For each plan with two or more recorded versions: what its latest version changed."""
    if not data_dir or not (Path(data_dir) / "versions").is_dir():
        # no recorded versions (``versioned_plans`` looks in that folder): the diff's modules,
        # which load rdflib (~0.15 s), are not needed
        return []
    from plangraph.ingest.diff import coverage_change, plan_diff
    from plangraph.ingest.versions import list_versions, versioned_plans

    out: list[dict[str, Any]] = []
    for plan in versioned_plans(data_dir):
        if len(list_versions(data_dir, plan)) < 2:
            continue
        assert data_dir is not None
        diff = plan_diff(data_dir, plan, store=store)
        coverage = coverage_change(store, data_dir, plan)
        out.append({"diff": diff, "coverage": coverage})
    return out
