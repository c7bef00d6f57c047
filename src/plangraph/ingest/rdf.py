"""A draft as the plan's named graph, in the shape of the seed data (docs/data-model.md).

IRIs follow the seed scheme with the plan's slug: ``plan/<slug>``, ``theme/<slug>/<theme>``,
``challenge/<slug>/<theme>-<n>`` (nested ``-<n>-<m>``), ``measure/<slug>/<number or words>``,
``goal/<slug>-<n>``. An item whose id already is such a path (a spreadsheet exported from the
store) keeps it. Every item carries its verbatim text (language-tagged), the heading it stood
under, its position, the plan as ``pg:partOfPlan`` and ``pg:sourceDocument``; a label the importer
made up is ``pg:EditorialLabel`` with a ``skos:editorialNote`` saying why.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from plangraph.errors import InputError
from plangraph.ingest.classify import slugify
from plangraph.ingest.draft import Draft, DraftItem
from plangraph.vocab import DATA, DCTERMS, PG, PREFIXES, RDF, SKOS, XSD

__all__ = ["CURIES", "draft_to_graph", "item_iris", "plan_iri"]

CURIES = dict(PREFIXES)

_CLASS = {
    "goal": PG.StrategicGoal,
    "theme": PG.ThemeArea,
    "challenge": PG.Challenge,
    "measure": PG.Measure,
}
_PATH_ID = re.compile(
    r"^(?:goal|theme|challenge|measure|org|plan|scheme|concept)/[A-Za-z0-9/_.-]+$"
)


def plan_iri(slug: str) -> URIRef:
    return DATA[f"plan/{slug}"]


def _lit(text: str, lang: str) -> Literal:
    return Literal(text, lang=lang or None)


def item_iris(draft: Draft) -> dict[str, URIRef]:
    """The IRI of every item id in the draft (path ids kept; short ids minted)."""
    iris: dict[str, URIRef] = {}
    used: set[str] = set()
    by_id = {i.id: i for i in draft.items}

    def unique(path: str) -> str:
        candidate, n = path, 2
        while candidate in used:
            candidate = f"{path}-{n}"
            n += 1
        used.add(candidate)
        return candidate

    for item in draft.items:
        if _PATH_ID.match(item.id):
            used.add(item.id)
    themes = {i.id: i for i in draft.items if i.kind == "theme"}
    order = sorted(draft.items, key=lambda i: (0 if i.kind == "theme" else 1, i.parent is not None))
    for item in order:
        if _PATH_ID.match(item.id):
            iris[item.id] = DATA[item.id]
            continue
        s = draft.slug
        if item.kind == "theme":
            path = unique(f"theme/{s}/{slugify(item.label, 6)}")
        elif item.kind == "goal":
            path = unique(f"goal/{s}-{item.number or item.position or len(iris) + 1}")
        elif item.kind == "measure":
            tail = str(item.number) if item.number else slugify(item.label, 6)
            path = unique(f"measure/{s}/{tail}")
        else:
            parent = by_id.get(item.parent or "")
            if parent is not None and parent.id in iris:
                path = unique(f"{iris[parent.id][len(str(DATA)) :]}-{item.position or 1}")
            else:
                theme = themes.get(item.theme or "")
                tslug = slugify(theme.label, 6) if theme else "x"
                path = unique(f"challenge/{s}/{tslug}-{item.position or 1}")
        iris[item.id] = DATA[path]
    # nested challenges minted before their parents get their parent's path now
    for item in draft.items:
        if item.kind == "challenge" and item.parent and not _PATH_ID.match(item.id):
            parent_iri = iris.get(item.parent)
            if parent_iri is not None and not str(iris[item.id]).startswith(str(parent_iri)):
                used.discard(str(iris[item.id])[len(str(DATA)) :])
                iris[item.id] = DATA[unique(f"{parent_iri[len(str(DATA)) :]}-{item.position or 1}")]
    return iris


def _resolve(ref: str, iris: dict[str, URIRef], what: str, item: DraftItem) -> URIRef:
    if ref in iris:
        return iris[ref]
    if _PATH_ID.match(ref):
        return DATA[ref]
    if ref.startswith(("http://", "https://")):
        return URIRef(ref)
    raise InputError(f"item {item.id!r}: its {what} {ref!r} is not an id in the plan")


def draft_to_graph(draft: Draft) -> Graph:
    """The plan's graph. Raises ``InputError`` naming the item for an unknown reference."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    lang = draft.language
    plan = plan_iri(draft.slug)
    g.add((plan, RDF.type, getattr(PG, draft.plan_type)))
    g.add((plan, DCTERMS.title, _lit(draft.title, lang)))
    g.add((plan, SKOS.prefLabel, _lit(draft.title, lang)))
    g.add((plan, DCTERMS.language, Literal(lang)))
    if draft.file_name:
        g.add((plan, PG.sourceFile, Literal(draft.file_name)))
    if draft.checksum:
        g.add((plan, PG.sourceChecksum, Literal(draft.checksum)))
    if draft.organisation:
        org = draft.organisation
        g.add((plan, DCTERMS.publisher, DATA[org] if _PATH_ID.match(org) else URIRef(org)))
    if draft.issued:
        dtype = XSD.date if len(draft.issued) == 10 else XSD.gYear
        g.add((plan, DCTERMS.issued, Literal(draft.issued, datatype=dtype)))
    if draft.source_url:
        g.add((plan, DCTERMS.source, URIRef(draft.source_url)))
    for note in draft.notes:
        g.add((plan, PG.sourceNote, Literal(note, lang="en")))
    iris = item_iris(draft)
    for item in draft.items:
        node = iris[item.id]
        g.add((node, RDF.type, _CLASS[item.kind]))
        g.add((node, SKOS.prefLabel, _lit(item.label, lang)))
        g.add(
            (
                node,
                PG.labelKind,
                PG.EditorialLabel if item.label_kind == "editorial" else PG.VerbatimLabel,
            )
        )
        if item.label_kind == "editorial":
            g.add(
                (
                    node,
                    SKOS.editorialNote,
                    Literal(
                        item.editorial_note
                        or "plangraph label: written by the person who imported the plan; the "
                        "source gives no heading for this item.",
                        lang="en",
                    ),
                )
            )
        if item.text:
            g.add((node, PG.sourceText, _lit(item.text, lang)))
        elif item.kind != "theme":
            g.add((node, PG.sourceText, _lit(item.label, lang)))
        g.add((node, PG.partOfPlan, plan))
        g.add((node, PG.sourceDocument, plan))
        section = item.section or (item.label if item.kind == "theme" else None)
        if section:
            g.add((node, PG.sourceSection, _lit(section, lang)))
        if item.position is not None:
            g.add((node, PG.sourcePosition, Literal(item.position)))
        if item.number is not None:
            g.add((node, PG.number, Literal(item.number)))
        if item.theme:
            g.add((node, PG.inTheme, _resolve(item.theme, iris, "theme", item)))
        if item.parent:
            parent = _resolve(item.parent, iris, "parent", item)
            if item.kind == "challenge":
                g.add((node, PG.subChallengeOf, parent))
        if item.kind == "measure":
            status = item.status or "Candidate"
            g.add((node, PG.measureStatus, getattr(PG, status)))
            if item.status is None:
                g.add(
                    (
                        node,
                        PG.sourceNote,
                        Literal(
                            "The source states no status for this measure; the importer set "
                            "pg:Candidate. Correct it in the spreadsheet if the plan says more.",
                            lang="en",
                        ),
                    )
                )
        if item.responsible:
            g.add((node, DCTERMS.contributor, _lit(item.responsible, lang)))
        if item.deadline:
            g.add((node, DCTERMS.valid, Literal(item.deadline)))
        for note in item.notes:
            g.add((node, PG.sourceNote, Literal(note, lang="en")))
    for link in draft.links:
        subject = _resolve_link(link.subject, iris)
        obj = _resolve_link(link.object, iris)
        predicate = getattr(PG, link.predicate)
        g.add((subject, predicate, obj))
        record_id = hashlib.sha1(
            f"<{subject}> pg:{link.predicate} <{obj}>".encode(), usedforsecurity=False
        ).hexdigest()[:12]
        record = DATA[f"link/{record_id}"]
        g.add((record, RDF.type, PG.LinkRecord))
        g.add((record, PG.linkSubject, subject))
        g.add((record, PG.linkPredicate, predicate))
        g.add((record, PG.linkObject, obj))
        g.add((record, PG.linkStatus, PG.Curated))
        g.add((record, PG.method, Literal("semapv:ManualMappingCuration")))
        g.add((record, PG.rationale, Literal(link.rationale or "(no rationale given)", lang="en")))
        if link.confidence is not None:
            g.add((record, PG.confidence, Literal(Decimal(str(link.confidence)))))
    for extra in draft.extra:
        subject_node: Node = plan if extra.subject == "plan" else _resolve_link(extra.subject, iris)
        pred = _expand(extra.predicate)
        value: Node
        if extra.datatype == "iri":
            value = _expand(extra.value)
        elif extra.datatype == "bnode":
            value = BNode(extra.value)
        elif extra.datatype:
            value = Literal(extra.value, datatype=_expand(extra.datatype))
        else:
            value = Literal(extra.value, lang=extra.language or None)
        g.add((subject_node, pred, value))  # type: ignore[arg-type]
    return g


def _resolve_link(ref: str, iris: dict[str, URIRef]) -> URIRef:
    if ref in iris:
        return iris[ref]
    if _PATH_ID.match(ref) or re.match(r"^[a-z]+/[A-Za-z0-9/_.-]+$", ref):
        return DATA[ref]
    if ref.startswith(("http://", "https://")):
        return URIRef(ref)
    raise InputError(f"the link end {ref!r} is not an id")


def _expand(value: str) -> URIRef:
    if value.startswith(("http://", "https://", "urn:")):
        return URIRef(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in CURIES:
        return URIRef(str(CURIES[prefix]) + local)
    if re.match(r"^[a-z]+/[A-Za-z0-9/_.-]+$", value):
        return DATA[value]
    raise InputError(f"{value!r} is neither a known prefixed name nor an IRI")
