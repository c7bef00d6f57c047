"""Bring your own plan: read a file into a draft, preview it, store it, export a stored plan.

The CLI (``plangraph import``, ``template``, ``export --format xlsx``), the API
(``POST /api/plans/import``) and the ``/import`` page all call these functions:

* ``read_upload`` reads a document or a spreadsheet into a ``Draft`` (nothing is stored);
* ``preview_rows`` / ``render_preview`` show what would be stored, one row per item;
* ``store_draft`` turns the draft into the plan's graph, SHACL-validates it with the rest of the
  store and saves it as ``DATA_DIR/<slug>.ttl`` through ``ingest.plans.import_plan`` (one named
  graph per plan, like the seed plans). Importing what is already stored is a no-op; a changed
  file replaces the plan's graph;
* ``export_plan`` writes a stored plan as the spreadsheet template.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from plangraph.errors import InputError, NotFoundError
from plangraph.ingest.draft import ITEM_KINDS, PLAN_TYPES, Draft, DraftItem
from plangraph.store import PlanStore
from plangraph.validate import Finding
from plangraph.vocab import DATA, GRAPH, PG

__all__ = [
    "PREVIEW_COLUMNS",
    "ImportOutcome",
    "apply_corrections",
    "export_plan",
    "plan_graph_of",
    "preview_rows",
    "read_upload",
    "render_preview",
    "store_draft",
]

PREVIEW_COLUMNS = ("kind", "label", "text", "parent", "confidence", "reason", "position")
_PREVIEW_FORMATS = ("table", "json", "csv")


@dataclass
class ImportOutcome:
    """What storing a draft did: ``created``, ``replaced`` or ``unchanged``."""

    status: str
    graph: URIRef
    file: str
    triples: int
    items: dict[str, int]
    warnings: list[Finding]
    version: str = ""  # what happened to the plan's versions (issue 12)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "graph": str(self.graph),
            "file": self.file,
            "triples": self.triples,
            "items": self.items,
            "warnings": [f.as_dict() for f in self.warnings],
            "version": self.version,
        }


def read_upload(
    file_name: str,
    data: bytes,
    *,
    fmt: str | None = None,
    title: str | None = None,
    organisation: str | None = None,
    plan_type: str | None = None,
    language: str | None = None,
) -> Draft:
    """A draft of the plan in the file (document or spreadsheet template); nothing is stored."""
    from plangraph.ingest.documents import detect_format

    file_name = PurePath(file_name or "upload").name
    kind = detect_format(file_name, data, fmt)
    if plan_type is not None and plan_type not in PLAN_TYPES:
        raise InputError(f"plan type {plan_type!r} is not one of {', '.join(PLAN_TYPES)}")
    if language is not None and language not in ("nb", "nn"):
        raise InputError(f"language {language!r} is not nb or nn")
    org = _org_id(organisation) if organisation else None
    if kind in ("xlsx", "csv") and not _is_template(file_name, data, kind):
        # A spreadsheet of the plan's own (a list of measures with Ansvar, Frist, Status): read
        # as a document whose table holds the items.
        from plangraph.ingest.classify import classify
        from plangraph.ingest.documents import read_sheet_document

        doc = read_sheet_document(file_name, data, kind)
        draft = classify(doc, title=title, language=language, plan_type=plan_type, organisation=org)
    elif kind in ("xlsx", "csv"):
        from plangraph.ingest import spreadsheet

        draft = (
            spreadsheet.read_xlsx(file_name, data)
            if kind == "xlsx"
            else spreadsheet.read_csv(file_name, data)
        )
        if title:
            draft.title = title
        if org:
            draft.organisation = org
        if plan_type:
            draft.plan_type = plan_type
        if language:
            draft.language = language
    else:
        from plangraph.ingest.classify import classify
        from plangraph.ingest.documents import read_document

        doc = read_document(file_name, data, kind)
        draft = classify(doc, title=title, language=language, plan_type=plan_type, organisation=org)
    draft.slug = _plan_slug(draft.slug)
    return draft


def _is_template(file_name: str, data: bytes, kind: str) -> bool:
    """Whether a spreadsheet is plangraph's template: a workbook with one of its sheets, or a
    CSV with one of its own columns (kind, label, field) or named after a kind (goals.csv); an
    "ID" column alone does not make a template. A file that is neither is read as a
    spreadsheet of the plan's own; a broken or mistyped template still gets the template's
    error."""
    from plangraph.ingest import spreadsheet

    if kind == "xlsx":
        import zipfile

        from plangraph.ingest.safety import check_zip

        check_zip(data, file_name)  # before any part is inflated
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        except (zipfile.BadZipFile, KeyError, OSError):
            return True  # not a workbook: the template reader says what is wrong
        names = {n.lower() for n in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', workbook)}
        return bool(names & {"plan", "links", "extra", *spreadsheet.SHEETS})
    stem = PurePath(file_name).stem.lower()
    if stem in spreadsheet.SHEETS or stem in ITEM_KINDS:
        return True
    import csv

    from plangraph.ingest.safety import csv_delimiter

    first = data.decode("utf-8", "replace").lstrip("\ufeff").lstrip().split("\n", 1)[0]
    header = {h.strip().lower() for h in next(csv.reader([first], delimiter=csv_delimiter(first)))}
    return bool(header & {"kind", "label", "field"})


def _org_id(value: str) -> str:
    from plangraph.ingest.classify import slugify

    value = value.strip()
    if value.startswith(("http://", "https://")):
        return value
    if value.startswith("org/"):
        return value
    return f"org/{slugify(value)}"


def _plan_slug(slug: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", slug.lower()).strip("-_") or "plan"
    return slug[:60].rstrip("-_")


def apply_corrections(draft: Draft, corrections: dict[str, Any]) -> Draft:
    """Apply a planner's corrections from the preview: ``{"items": {id: {"kind": ...,
    "drop": true, "label": ..., "theme": THEME_ID}}, "title": ...}``.

    ``theme`` moves a challenge to another theme of the preview (one that is kept and is a
    theme after the corrections); anything else there is refused, naming the item."""
    items = corrections.get("items") or {}
    if not isinstance(items, dict):
        raise InputError("corrections: 'items' must be an object keyed by item id")
    known = {i.id for i in draft.items}
    for item_id in items:
        if item_id not in known:
            raise InputError(f"corrections: no item {item_id!r} in the preview")
    keep = []
    for item in draft.items:
        change = items.get(item.id) or {}
        if not isinstance(change, dict):
            raise InputError(f"corrections: item {item.id!r} must be an object")
        if change.get("drop"):
            continue
        kind = change.get("kind")
        if kind is not None:
            if kind not in ITEM_KINDS:
                raise InputError(
                    f"corrections: item {item.id!r}: kind {kind!r} is not one of "
                    + ", ".join(ITEM_KINDS)
                )
            if kind != item.kind:
                item.kind = kind
                item.reason = f"endret til {kind} av planleggeren; " + item.reason
                item.confidence = 1.0
                if kind == "measure" and item.status is None:
                    item.status = "Candidate"
                if kind != "theme" and not item.text:
                    item.text = item.label
        new_label = change.get("label")
        if isinstance(new_label, str) and new_label.strip() and new_label != item.label:
            item.label = new_label.strip()
            item.label_kind = "editorial"
            item.editorial_note = "plangraph label: written by the planner in the preview."
        keep.append(item)
    ids = {i.id for i in keep}
    _move_to_themes(keep, items)
    for item in keep:
        if item.parent and item.parent not in ids:
            item.parent = None
        if item.theme and item.theme not in ids and "/" not in item.theme:
            item.theme = None
    # A challenge needs a theme; one whose theme was dropped or changed gets the nearest theme.
    themes = [i for i in keep if i.kind == "theme"]
    if not themes and any(i.kind == "challenge" for i in keep):
        fallback = DraftItem(
            id="tema-plan",
            kind="theme",
            label=draft.title,
            label_kind="editorial",
            editorial_note=(
                "plangraph label: the plan as corrected has challenges but no theme, and a "
                "challenge needs one; the importer named this theme after the plan."
            ),
            confidence=0.3,
            reason=(
                "redaksjonelt tema, oppkalt etter planen (ikke fra dokumentet; gi det nytt navn "
                "eller flytt utfordringene til et annet tema i rettingen): ingen tema igjen "
                "etter rettingene"
            ),
            position=1,
        )
        keep.insert(0, fallback)
        themes = [fallback]
    for item in keep:
        if item.kind == "challenge" and (
            item.theme is None or item.theme not in {t.id for t in themes}
        ):
            before = [t for t in themes if (t.paragraph or 0) <= (item.paragraph or 0)]
            if before:
                item.theme = before[-1].id
            elif themes:
                item.theme = themes[0].id
        if item.kind != "challenge" and item.parent:
            parent = next((i for i in keep if i.id == item.parent), None)
            if parent is not None and parent.kind != item.kind:
                item.parent = None
    draft.items = keep
    for key in ("title", "organisation", "plan_type", "language"):
        value = corrections.get(key)
        if isinstance(value, str) and value.strip():
            if key == "organisation":
                value = _org_id(value)
            setattr(draft, key, value.strip())
    return draft


def _move_to_themes(keep: list[DraftItem], changes: dict[str, Any]) -> None:
    """The planner's ``theme`` corrections: a challenge moved to another kept theme."""
    themes = {i.id for i in keep if i.kind == "theme"}
    for item in keep:
        change = changes.get(item.id) or {}
        if "theme" not in change:
            continue
        target = change["theme"]
        if item.kind != "challenge":
            raise InputError(
                f"corrections: item {item.id!r}: only a challenge has a theme to move "
                f"(it is a {item.kind})"
            )
        if not isinstance(target, str) or target not in themes:
            raise InputError(
                f"corrections: item {item.id!r}: theme {target!r} is not a theme kept in the "
                "preview (give the id of a theme row)"
            )
        if target != item.theme:
            item.theme = target
            item.parent = None
            item.reason = "flyttet til et annet tema av planleggeren; " + item.reason


def preview_rows(draft: Draft) -> list[dict[str, Any]]:
    """One row per item: kind, label, text, parent (heading or parent item), confidence,
    reason, position."""
    labels = {i.id: i.label for i in draft.items}
    rows = []
    for item in draft.items:
        parent = (
            labels.get(item.parent or "")
            or labels.get(item.theme or "")
            or " › ".join(item.heading_path)
            or item.section
            or ""
        )
        rows.append(
            {
                "id": item.id,
                "kind": item.kind,
                "label": item.label,
                "text": item.text,
                "parent": parent,
                "confidence": round(item.confidence, 2),
                "reason": item.reason,
                "position": item.position_text(),
            }
        )
    return rows


def render_preview(
    draft: Draft, fmt: str, *, lang: str | None = None, width: int | None = None
) -> str:
    """The preview as ``table`` (for a terminal), ``json`` or ``csv``.

    The table's headings, kinds and field names are in ``lang`` (Bokmål by default); it fits
    ``width`` (default: the terminal's) and wraps long labels and reasons rather than cutting
    them, since the planner checks each label against the document.
    """
    if fmt not in _PREVIEW_FORMATS:
        raise InputError(f"unknown preview format {fmt!r}; known: {', '.join(_PREVIEW_FORMATS)}")
    rows = preview_rows(draft)
    if fmt == "json":
        body = draft.as_json()
        for row, item in zip(rows, body["items"], strict=True):
            item["parent_label"] = row["parent"]
        return json.dumps(body, ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(PREVIEW_COLUMNS)
        for row in rows:
            values = [str(row[c]) for c in PREVIEW_COLUMNS]
            writer.writerow(["'" + v if v.startswith(("=", "+", "-", "@")) else v for v in values])
        return out.getvalue()
    from plangraph.i18n import text
    from plangraph.output import render

    def kind(name: str) -> str:
        return text(f"import.kind.{name}", lang)

    counts = {k: sum(1 for i in draft.items if i.kind == k) for k in ITEM_KINDS}
    head = [
        f"plan: {draft.title} ({draft.plan_type}, {draft.language}) -> plan/{draft.slug}",
        f"{text('import.cli.organisation', lang)}: "
        f"{draft.organisation or draft.detected.get('organisation', '-')}",
        f"{text('import.cli.file', lang)}: {draft.file_name or '-'}   {draft.checksum or ''}",
        f"{text('import.cli.items', lang)}: "
        + ", ".join(f"{n} {kind(k)}" for k, n in counts.items()),
    ]
    head += [f"{text('import.cli.note', lang)}: {n}" for n in draft.notes]
    columns = ("kind", "label", "parent", "confidence", "position", "reason")
    table_rows = [
        {**{c: " ".join(str(row[c]).split()) for c in columns}, "kind": kind(str(row["kind"]))}
        for row in rows
    ]
    return "\n".join([*head, "", render(table_rows, "table", columns, lang=lang, width=width)])


def plan_graph_of(store: PlanStore, plan: str) -> tuple[URIRef, URIRef]:
    """(plan IRI, its named graph) for a plan given by slug, ``plan/<slug>`` or full IRI."""
    iri = URIRef(plan) if plan.startswith("http") else DATA[plan if "/" in plan else f"plan/{plan}"]
    rows = store.select(
        "SELECT ?g ?plan WHERE { GRAPH ?g { ?plan a ?type } }", {"plan": iri}, limit=10
    ).rows
    graphs = sorted({str(r["g"]) for r in rows if str(r["g"]).startswith(str(GRAPH))})
    if not graphs:
        raise NotFoundError(f"no plan {plan!r} in the store (try `plangraph info`)")
    own = [g for g in graphs if g == str(GRAPH[str(iri).rsplit("/", 1)[-1]])]
    return iri, URIRef(own[0] if own else graphs[0])


def export_plan(store: PlanStore, plan: str) -> bytes:
    """A stored plan as the spreadsheet template (``.xlsx``); import gives it back unchanged."""
    from plangraph.ingest.spreadsheet import draft_from_graph, write_xlsx

    iri, graph = plan_graph_of(store, plan)
    g = Graph()
    for s, p, o, _g in store.quads(graph):
        g.add((s, p, o))
    return write_xlsx(draft_from_graph(g, iri))


def store_draft(
    store: PlanStore, data_dir: str, draft: Draft, loaded_by: str = "importer"
) -> ImportOutcome:
    """Validate and store the draft as plan graph ``graph/<slug>`` (file ``<slug>.ttl``)."""
    from plangraph.ingest.rdf import draft_to_graph

    g = draft_to_graph(draft)
    graph_iri = GRAPH[draft.slug]
    # Links may point into other plans: the ends must exist somewhere.
    local = set(g.subjects())
    for s, p, o in g:
        if p in (PG.addresses, PG.contributesTo) and isinstance(o, URIRef) and o not in local:
            found = store.select("SELECT ?o WHERE { GRAPH ?g { ?o ?p ?x } }", {"o": o}, limit=1)
            if not found.rows:
                raise InputError(
                    f"the link {s} {str(p).rsplit('#', 1)[-1]} {o} points at an id that does not "
                    "exist in the plan or the store"
                )
    counts = {k: sum(1 for i in draft.items if i.kind == k) for k in ITEM_KINDS}
    if store.has_graph(graph_iri):
        existing = Graph()
        for s, p, o, _g in store.quads(graph_iri):
            existing.add((s, p, o))
        if isomorphic(existing, g):
            return ImportOutcome("unchanged", graph_iri, f"{draft.slug}.ttl", len(g), counts, [])
    data = g.serialize(format="turtle").encode("utf-8")
    # Plan versions (issue 12): a plan that exists gets a new version, not an overwrite.
    from plangraph.ingest.versions import load_version

    loaded = load_version(
        store,
        data_dir,
        draft.slug,
        data,
        "text/turtle",
        date=draft.issued,
        loaded_by=loaded_by,
        source_file=draft.file_name,
        checksum=draft.checksum,
    )
    status = {"new-version": "replaced", "older-version": "older version"}.get(
        loaded.status, loaded.status
    )
    return ImportOutcome(
        status,
        graph_iri,
        f"{draft.slug}.ttl",
        loaded.triples,
        counts,
        loaded.warnings,
        loaded.message,
    )
