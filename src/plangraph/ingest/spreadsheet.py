"""The spreadsheet template, both ways: write it (empty, from a preview, from a stored plan) and
read it back (``.xlsx`` or ``.csv``).

Sheets: ``plan`` (field, value), ``goals``, ``themes``, ``challenges``, ``measures`` (one row per
item), ``links`` (measure -> challenge / goal, with rationale) and ``extra`` (statements the
columns have no place for, so that a plan exported from the store comes back identical).

Cells are text. A formula in a cell (``=HYPERLINK(...)``) is read as its text and never
evaluated; on export a text that starts like a formula is written as a string cell (XLSX) or
prefixed with ``'`` (CSV), and the reader removes that prefix again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic

from plangraph.errors import InputError
from plangraph.ingest.draft import (
    ITEM_KINDS,
    LABEL_KINDS,
    LINK_PREDICATES,
    PLAN_TYPES,
    STATUSES,
    Draft,
    DraftItem,
    DraftLink,
    ExtraTriple,
)
from plangraph.ingest.safety import (
    CP1252_NOTE,
    MAX_CELL_CHARS,
    csv_rows,
    decode_csv,
    open_workbook,
)
from plangraph.vocab import DATA, DCTERMS, PG, PREFIXES, RDF, SKOS

__all__ = [
    "ITEM_COLUMNS",
    "LINK_COLUMNS",
    "PLAN_FIELDS",
    "SHEETS",
    "draft_from_graph",
    "read_csv",
    "read_xlsx",
    "write_csv",
    "write_xlsx",
]

SHEETS = {"goals": "goal", "themes": "theme", "challenges": "challenge", "measures": "measure"}
PLAN_FIELDS = (
    "title",
    "slug",
    "organisation",
    "plan_type",
    "issued",
    "language",
    "source_url",
    "file_name",
    "checksum",
)
ITEM_COLUMNS = (
    "id",
    "label",
    "text",
    "parent",
    "theme",
    "status",
    "responsible",
    "deadline",
    "section",
    "position",
    "number",
    "label_kind",
    "editorial_note",
    "notes",
    "page",
    "paragraph",
    "confidence",
    "reason",
)
LINK_COLUMNS = ("from", "link", "to", "rationale", "confidence")
EXTRA_COLUMNS = ("subject", "predicate", "value", "language", "datatype")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_EXAMPLE = "eksempel"


def _cell_text(value: Any, where: str) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if len(text) > MAX_CELL_CHARS:
        raise InputError(
            f"{where}: the cell holds {len(text):,} characters, more than the "
            f"{MAX_CELL_CHARS:,} allowed"
        )
    return text


def _unprefix(text: str) -> str:
    """Undo the CSV export's neutralisation ("'=..." -> "=...")."""
    if text.startswith("'") and text[1:2] in _FORMULA_START and text[1:2] != "":
        return text[1:]
    return text


# ---------------------------------------------------------------- reading


def _rows_to_draft(
    file_name: str,
    plan_rows: list[tuple[str, str, str]],
    item_rows: list[tuple[str, str, dict[str, str]]],
    link_rows: list[tuple[str, dict[str, str]]],
    extra_rows: list[tuple[str, dict[str, str]]],
) -> Draft:
    facts: dict[str, str] = {}
    for where, key, value in plan_rows:
        if key not in PLAN_FIELDS:
            raise InputError(
                f"{where}: unknown plan field {key!r}; known: {', '.join(PLAN_FIELDS)}"
            )
        facts[key] = value.strip()
    title = facts.get("title") or PurePath(file_name).stem
    from plangraph.ingest.classify import slugify

    plan_type = facts.get("plan_type") or "Plan"
    if plan_type not in PLAN_TYPES:
        raise InputError(
            f"{file_name}, sheet plan: plan_type {plan_type!r} is not one of "
            f"{', '.join(PLAN_TYPES)}"
        )
    language = facts.get("language") or "nb"
    if language not in ("nb", "nn", "no", "se", "en"):
        raise InputError(f"{file_name}, sheet plan: language {language!r} is not nb or nn")
    draft = Draft(
        slug=facts.get("slug") or slugify(title),
        title=title,
        language=language,
        plan_type=plan_type,
        organisation=facts.get("organisation") or None,
        issued=facts.get("issued") or None,
        source_url=facts.get("source_url") or None,
        file_name=facts.get("file_name") or None,
        checksum=facts.get("checksum") or None,
    )
    ids: dict[str, str] = {}
    for where, kind, row in item_rows:
        item_id = row.get("id", "").strip()
        if item_id.lower().startswith(_EXAMPLE):
            continue
        label = row.get("label", "").strip()
        if not label and not row.get("text", "").strip():
            continue  # an empty row
        if not item_id:
            raise InputError(f"{where}: the row has no id")
        if item_id in ids:
            raise InputError(f"{where}: id {item_id!r} is used again (first at {ids[item_id]})")
        ids[item_id] = where
        status = row.get("status", "").strip() or None
        if status is not None and status not in STATUSES:
            raise InputError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
        label_kind = row.get("label_kind", "").strip() or "verbatim"
        if label_kind not in LABEL_KINDS:
            raise InputError(f"{where}: label_kind {label_kind!r} is not verbatim or editorial")
        text = row.get("text", "")
        notes = [n for n in row.get("notes", "").split("\n") if n.strip()]
        if kind == "measure" and status is None:
            status = "Candidate"
            notes.append(
                "The spreadsheet gives no status for this measure; the importer set pg:Candidate."
            )
        item = DraftItem(
            id=item_id,
            kind=kind,
            label=label or text.strip(),
            text=text if text.strip() or kind == "theme" else label,
            parent=row.get("parent", "").strip() or None,
            theme=row.get("theme", "").strip() or None,
            section=row.get("section", "") or None,
            position=_int(row.get("position", ""), where, "position"),
            number=_int(row.get("number", ""), where, "number"),
            page=_int(row.get("page", ""), where, "page"),
            paragraph=_int(row.get("paragraph", ""), where, "paragraph"),
            label_kind=label_kind,
            editorial_note=row.get("editorial_note", "") or None,
            status=status,
            responsible=row.get("responsible", "").strip() or None,
            deadline=row.get("deadline", "").strip() or None,
            notes=notes,
            reason=f"fra regnearket ({where})",
        )
        draft.items.append(item)
    for item in draft.items:
        for ref, what in ((item.parent, "parent"), (item.theme, "theme")):
            if ref and ref not in ids and "/" not in ref:
                raise InputError(f"{ids[item.id]}: {what} {ref!r} is not an id in the workbook")
    for where, row in link_rows:
        subject, predicate, obj = (row.get(k, "").strip() for k in ("from", "link", "to"))
        if not (subject or obj) or subject.lower().startswith(_EXAMPLE):
            continue
        if predicate not in LINK_PREDICATES:
            raise InputError(
                f"{where}: link {predicate!r} is not one of {', '.join(LINK_PREDICATES)}"
            )
        for end in (subject, obj):
            if end not in ids and "/" not in end:
                raise InputError(f"{where}: the link points at id {end!r}, which does not exist")
        confidence = row.get("confidence", "").strip()
        try:
            conf = float(confidence) if confidence else None
        except ValueError:
            raise InputError(f"{where}: confidence {confidence!r} is not a number") from None
        if conf is not None and not 0 <= conf <= 1:
            raise InputError(f"{where}: confidence {conf} is not between 0 and 1")
        draft.links.append(DraftLink(subject, predicate, obj, row.get("rationale", ""), conf))
    for where, row in extra_rows:
        if not row.get("subject", "").strip():
            continue
        if not row.get("predicate", "").strip():
            raise InputError(f"{where}: the row has no predicate")
        draft.extra.append(
            ExtraTriple(
                row["subject"].strip(),
                row["predicate"].strip(),
                row.get("value", ""),
                row.get("language", "").strip(),
                row.get("datatype", "").strip(),
            )
        )
    if not draft.items and not draft.extra:
        raise InputError(
            f"{file_name}: the workbook holds no goals, themes, challenges or measures"
        )
    return draft


def _int(value: str, where: str, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError:
        raise InputError(f"{where}: {column} {value!r} is not a whole number") from None


def _check_columns(header: list[str], known: Iterable[str], where: str) -> None:
    known = list(known)
    unknown = [h for h in header if h and h not in known]
    if unknown:
        raise InputError(
            f"{where}: unknown column(s) {', '.join(map(repr, unknown))}; known columns: "
            + ", ".join(known)
        )


def read_xlsx(file_name: str, data: bytes) -> Draft:
    """Read the template (``.xlsx``). Formulas are read as their text, never evaluated."""
    with open_workbook(file_name, data) as wb:
        names = {ws.title.lower(): ws for ws in wb.worksheets}
        known = {"plan", *SHEETS, "links", "extra"}
        if not known & set(names):
            raise InputError(
                f"{file_name}: no sheet of the plangraph template; expected sheets: "
                + ", ".join(["plan", *SHEETS, "links", "extra"])
            )
        plan_rows: list[tuple[str, str, str]] = []
        item_rows: list[tuple[str, str, dict[str, str]]] = []
        link_rows: list[tuple[str, dict[str, str]]] = []
        extra_rows: list[tuple[str, dict[str, str]]] = []

        def rows_of(sheet: str, columns: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
            ws = names.get(sheet)
            if ws is None:
                return []
            out: list[tuple[str, dict[str, str]]] = []
            header: list[str] | None = None
            for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
                where = f"{file_name}, sheet {ws.title}, row {r}"
                cells = [_cell_text(v, where) for v in values]
                if header is None:
                    header = [c.strip().lower() for c in cells]
                    while header and not header[-1]:
                        header.pop()
                    _check_columns(header, columns, f"{file_name}, sheet {ws.title}")
                    continue
                if not any(c.strip() for c in cells):
                    continue
                out.append((where, dict(zip(header, cells, strict=False))))
            return out

        for where, row in rows_of("plan", ("field", "value")):
            plan_rows.append((where, row.get("field", "").strip(), row.get("value", "")))
        for sheet, kind in SHEETS.items():
            for where, row in rows_of(sheet, ITEM_COLUMNS):
                item_rows.append((where, kind, row))
        link_rows = rows_of("links", LINK_COLUMNS)
        extra_rows = rows_of("extra", EXTRA_COLUMNS)
    return _rows_to_draft(file_name, plan_rows, item_rows, link_rows, extra_rows)


def read_csv(file_name: str, data: bytes) -> Draft:
    """Read one CSV: a ``kind`` column (goal, theme, challenge, measure, link, plan), or the
    kind from the file name (``goals.csv``, ``measures.csv`` ...). A file that is not UTF-8
    is read as Windows-1252, and the draft says so in a note."""
    text, cp1252 = decode_csv(data, file_name)
    rows = csv_rows(file_name, text)
    if not rows:
        raise InputError(f"{file_name}: the file is empty")
    header = [h.strip().lower() for h in rows[0]]
    stem = PurePath(file_name).stem.lower()
    file_kind = SHEETS.get(stem) or (stem if stem in ITEM_KINDS else None)
    known = [
        "kind",
        *ITEM_COLUMNS,
        *[c for c in LINK_COLUMNS if c not in ITEM_COLUMNS],
        "field",
        "value",
    ]
    _check_columns(header, known, file_name)
    if "kind" not in header and file_kind is None:
        raise InputError(
            f"{file_name}: no 'kind' column, and the file name does not say the kind "
            "(goals.csv, themes.csv, challenges.csv, measures.csv)"
        )
    plan_rows: list[tuple[str, str, str]] = []
    item_rows: list[tuple[str, str, dict[str, str]]] = []
    link_rows: list[tuple[str, dict[str, str]]] = []
    for n, cells in enumerate(rows[1:], start=2):
        where = f"{file_name}, row {n}"
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise InputError(
                f"{where}: the row has {len(cells)} cells, the header {len(header)} (a ragged row)"
            )
        row = {h: _unprefix(_cell_text(c, where)) for h, c in zip(header, cells, strict=True)}
        kind = row.get("kind", "").strip().lower() or file_kind or ""
        kind = {
            "goals": "goal",
            "themes": "theme",
            "challenges": "challenge",
            "measures": "measure",
            "links": "link",
            "mål": "goal",
            "tema": "theme",
            "utfordring": "challenge",
            "tiltak": "measure",
        }.get(kind, kind)
        if kind == "plan":
            plan_rows.append((where, row.get("field", "").strip(), row.get("value", "")))
        elif kind == "link":
            link_rows.append((where, row))
        elif kind in ITEM_KINDS:
            item_rows.append((where, kind, row))
        else:
            raise InputError(
                f"{where}: kind {kind!r} is not one of plan, goal, theme, challenge, measure, link"
            )
    draft = _rows_to_draft(file_name, plan_rows, item_rows, link_rows, [])
    if cp1252:
        draft.notes.append(CP1252_NOTE)
    return draft


# ---------------------------------------------------------------- writing


def _item_row(item: DraftItem) -> list[Any]:
    return [
        item.id,
        item.label,
        item.text,
        item.parent or "",
        item.theme or "",
        item.status or "",
        item.responsible or "",
        item.deadline or "",
        item.section or "",
        item.position if item.position is not None else "",
        item.number if item.number is not None else "",
        item.label_kind,
        item.editorial_note or "",
        "\n".join(item.notes),
        item.page if item.page is not None else "",
        item.paragraph if item.paragraph is not None else "",
        round(item.confidence, 2) if item.reason and not item.reason.startswith("fra ") else "",
        item.reason if item.reason and not item.reason.startswith("fra ") else "",
    ]


def _plan_rows(draft: Draft) -> list[tuple[str, str]]:
    return [
        ("title", draft.title),
        ("slug", draft.slug),
        ("organisation", draft.organisation or ""),
        ("plan_type", draft.plan_type),
        ("issued", draft.issued or ""),
        ("language", draft.language),
        ("source_url", draft.source_url or ""),
        ("file_name", draft.file_name or ""),
        ("checksum", draft.checksum or ""),
    ]


_EXAMPLES = {
    "goal": DraftItem(
        "eksempel-1",
        "goal",
        "Pasientane skal oppleve samanhengande tenester.",
        "Pasientane skal oppleve samanhengande tenester.",
        section="Mål",
        number=1,
    ),
    "theme": DraftItem("eksempel-2", "theme", "Samhandling", section="Samhandling"),
    "challenge": DraftItem(
        "eksempel-3",
        "challenge",
        "Mangel på spesialsjukepleiarar",
        "Mangel på spesialsjukepleiarar",
        theme="eksempel-2",
        section="Utfordringar",
    ),
    "measure": DraftItem(
        "eksempel-4",
        "measure",
        "Etablere felles kompetanseplan",
        "Etablere felles kompetanseplan for alle føretaka.",
        theme="eksempel-2",
        status="UnderPlanning",
        responsible="Fagdirektør",
        deadline="2027-12-31",
        section="Tiltak",
    ),
}


def write_xlsx(draft: Draft | None = None) -> bytes:
    """The template as ``.xlsx``: empty with example rows (``draft`` None) or filled in."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")

    def put(ws: Any, row: int, col: int, value: Any) -> None:
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            cell.data_type = "s"  # text that looks like a formula stays text

    def header(ws: Any, columns: Iterable[str]) -> None:
        for c, name in enumerate(columns, start=1):
            put(ws, 1, c, name)
            ws.cell(row=1, column=c).font = bold
            ws.cell(row=1, column=c).fill = fill
            ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = (
                50 if name in ("label", "text", "reason", "editorial_note", "notes") else 16
            )
        ws.freeze_panes = "A2"

    def choice(ws: Any, column: str, values: Iterable[str], columns: tuple[str, ...]) -> None:
        letter = openpyxl.utils.get_column_letter(columns.index(column) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.error = f"Velg en av: {', '.join(values)}"
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}5000")

    ws = wb.active
    ws.title = "plan"
    header(ws, ("field", "value"))
    plan = draft or Draft(slug="", title="", language="nb")
    for r, (key, value) in enumerate(_plan_rows(plan), start=2):
        put(ws, r, 1, key)
        put(ws, r, 2, value)
    ws.column_dimensions["B"].width = 60
    for where, values in (("B5", PLAN_TYPES), ("B7", ("nb", "nn"))):
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(where)
    for sheet, kind in SHEETS.items():
        ws = wb.create_sheet(sheet)
        header(ws, ITEM_COLUMNS)
        if kind == "measure":
            choice(ws, "status", STATUSES, ITEM_COLUMNS)
        choice(ws, "label_kind", LABEL_KINDS, ITEM_COLUMNS)
        items = [i for i in draft.items if i.kind == kind] if draft else [_EXAMPLES[kind]]
        for r, item in enumerate(items, start=2):
            for c, value in enumerate(_item_row(item), start=1):
                put(ws, r, c, value)
    ws = wb.create_sheet("links")
    header(ws, LINK_COLUMNS)
    choice(ws, "link", LINK_PREDICATES, LINK_COLUMNS)
    links = (
        draft.links
        if draft
        else [
            DraftLink("eksempel-4", "addresses", "eksempel-3", "Begge handlar om kompetanse.", 0.8)
        ]
    )
    for r, link in enumerate(links, start=2):
        link_values: tuple[Any, ...] = (
            link.subject,
            link.predicate,
            link.object,
            link.rationale,
            "" if link.confidence is None else link.confidence,
        )
        for c, value in enumerate(
            link_values,
            start=1,
        ):
            put(ws, r, c, value)
    ws = wb.create_sheet("extra")
    header(ws, EXTRA_COLUMNS)
    for r, extra in enumerate(draft.extra if draft else [], start=2):
        for c, value in enumerate(
            (extra.subject, extra.predicate, extra.value, extra.language, extra.datatype), start=1
        ):
            put(ws, r, c, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_csv(draft: Draft) -> str:
    """The draft as one CSV with a ``kind`` column; formula-like text is prefixed with ``'``."""

    def safe(value: Any) -> str:
        text = "" if value is None else str(value)
        return "'" + text if text.startswith(_FORMULA_START) else text

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = ["kind", *ITEM_COLUMNS, "from", "link", "to", "rationale", "field", "value"]
    writer.writerow(columns)
    width = len(columns)
    for key, value in _plan_rows(draft):
        row = ["plan"] + [""] * (width - 3) + [key, value]
        writer.writerow([safe(v) for v in row])
    for item in draft.items:
        row = [item.kind, *_item_row(item)] + [""] * 6
        writer.writerow([safe(v) for v in row])
    for link in draft.links:
        row = (
            ["link"]
            + [""] * len(ITEM_COLUMNS)
            + [link.subject, link.predicate, link.object, link.rationale, "", ""]
        )
        conf_index = columns.index("confidence")
        row[conf_index] = "" if link.confidence is None else str(link.confidence)
        writer.writerow([safe(v) for v in row])
    return out.getvalue()


# ---------------------------------------------------------------- from the store


def _local(node: Any) -> str | None:
    text = str(node)
    return (
        text[len(str(DATA)) :] if isinstance(node, URIRef) and text.startswith(str(DATA)) else None
    )


def draft_from_graph(g: Graph, plan: URIRef) -> Draft:
    """A stored plan graph as a draft; what the columns cannot hold goes to ``extra``, so that
    ``draft_to_graph(draft_from_graph(g))`` is isomorphic to ``g`` (checked here)."""
    from plangraph.ingest.rdf import draft_to_graph

    lang = str(g.value(plan, DCTERMS.language) or "nb")

    def text(s: Any, p: Any) -> str | None:
        values = [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang]
        return str(values[0]) if len(values) == 1 else None

    types = {str(t).rsplit("#", 1)[-1] for t in g.objects(plan, RDF.type)}
    plan_type = next((t for t in PLAN_TYPES if t in types and t != "Plan"), "Plan")
    title = text(plan, DCTERMS.title) or str(plan).rsplit("/", 1)[-1]
    publisher = g.value(plan, DCTERMS.publisher)
    issued = g.value(plan, DCTERMS.issued)
    source = g.value(plan, DCTERMS.source)
    draft = Draft(
        slug=str(plan).rsplit("/", 1)[-1],
        title=title,
        language=lang,
        plan_type=plan_type,
        organisation=(_local(publisher) or str(publisher)) if publisher is not None else None,
        issued=str(issued) if issued is not None else None,
        source_url=str(source) if isinstance(source, URIRef) else None,
        file_name=str(g.value(plan, PG.sourceFile) or "") or None,
        checksum=str(g.value(plan, PG.sourceChecksum) or "") or None,
    )
    kinds = {
        PG.StrategicGoal: "goal",
        PG.ThemeArea: "theme",
        PG.Challenge: "challenge",
        PG.Measure: "measure",
    }
    for cls, kind in kinds.items():
        for node in sorted(g.subjects(RDF.type, cls), key=str):
            item_id = _local(node)
            if item_id is None or not isinstance(node, URIRef):
                continue
            lk = g.value(node, PG.labelKind)
            status = g.value(node, PG.measureStatus)
            position = g.value(node, PG.sourcePosition)
            number = g.value(node, PG.number)
            theme = g.value(node, PG.inTheme)
            parent = g.value(node, PG.subChallengeOf)
            notes = [
                str(o)
                for o in g.objects(node, PG.sourceNote)
                if isinstance(o, Literal) and o.language == "en"
            ]
            sections = sorted(
                str(o)
                for o in g.objects(node, PG.sourceSection)
                if isinstance(o, Literal) and o.language == lang
            )
            draft.items.append(
                DraftItem(
                    id=item_id,
                    kind=kind,
                    label=text(node, SKOS.prefLabel) or "",
                    text=text(node, PG.sourceText) or "",
                    parent=_local(parent) if parent is not None else None,
                    theme=_local(theme) if theme is not None else None,
                    section=sections[0] if sections else None,
                    position=int(str(position)) if position is not None else None,
                    number=int(str(number)) if number is not None else None,
                    label_kind="editorial" if lk == PG.EditorialLabel else "verbatim",
                    editorial_note=(
                        str(g.value(node, SKOS.editorialNote))
                        if lk == PG.EditorialLabel and g.value(node, SKOS.editorialNote)
                        else None
                    ),
                    status=str(status).rsplit("#", 1)[-1] if status is not None else None,
                    notes=notes,
                    reason="fra lagret plan",
                )
            )
    rebuilt = draft_to_graph(draft)
    missing = set(g) - set(rebuilt)
    surplus = set(rebuilt) - set(g)
    # The columns produced something the stored plan does not have: move it to extra instead.
    if surplus:
        raise InputError(
            f"plan {plan} cannot be exported losslessly: the template would add "
            + "; ".join(f"{s} {p} {o}" for s, p, o in list(surplus)[:3])
        )
    prefixes = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

    def curie(iri: Any) -> str:
        for prefix, ns in prefixes:
            if prefix != "id" and str(iri).startswith(ns):
                return f"{prefix}:{str(iri)[len(ns) :]}"
        return _local(iri) or str(iri)

    for s, p, o in sorted(missing):
        subject = "plan" if s == plan else (_local(s) or str(s))
        if isinstance(o, Literal):
            dtype = curie(o.datatype) if o.datatype is not None else ""
            extra = ExtraTriple(subject, curie(p), str(o), o.language or "", dtype)
        elif isinstance(o, BNode):
            extra = ExtraTriple(subject, curie(p), str(o), "", "bnode")
        else:
            extra = ExtraTriple(subject, curie(p), _local(o) or str(o), "", "iri")
        draft.extra.append(extra)
    check = draft_to_graph(draft)
    if to_isomorphic(check) != to_isomorphic(g):
        raise InputError(f"plan {plan} cannot be exported losslessly (internal check failed)")
    return draft
