"""Reading plan documents into a flat list of blocks: headings, list items and paragraphs.

Every reader keeps the text as the source has it (HTML and PDF: whitespace runs collapsed, since
neither format keeps line breaks that mean anything) and records where it stood: the paragraph
index (1-based, counting every block the reader emits) and, for PDFs, the page.

The readers are safe on hostile input: ``.docx`` (a zip) is checked for its decompressed size and
for XML entity declarations or external references before python-docx opens it (see
``safety.check_zip``); HTML is parsed without fetching anything; a PDF that is encrypted or has
no text layer is refused with a message that says so. Heavy libraries are imported inside the
reader that needs them.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

from plangraph.errors import InputError
from plangraph.ingest.safety import (
    CP1252_NOTE,
    MAX_CELL_CHARS,
    check_zip,
    csv_rows,
    decode_csv,
    decode_utf8,
    open_workbook,
)

__all__ = [
    "DOCUMENT_FORMATS",
    "Block",
    "Document",
    "detect_format",
    "read_document",
    "read_sheet_document",
]

DOCUMENT_FORMATS = ("txt", "md", "html", "docx", "pdf")
"""The document formats ``read_document`` reads (the spreadsheet template is
``spreadsheet.py``'s; a spreadsheet of the plan's own is ``read_sheet_document``'s)."""

_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".csv": "csv",
}

_BULLET = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>[-*–—](?=\s)|o(?=\s)|[•▪■◦○●·\uf0b7\uf0a7\uf076\uf0d8➢►▶✓✔◆❖→☐☑☒])"
    r"\s*(?P<text>\S.*)$"
)
_NUMBERED = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[a-zA-Z][.)]|[ivx]{1,4}[.)]))\s+(?P<text>\S.*)$"
)
_TOC_LINE = re.compile(r"(?:\.\s?){4,}\s*\d{1,3}\s*$|\s{3,}\d{1,3}\s*$")
"""A table-of-contents line: "3.2 Tiltak ........ 14"."""
# A letter's reference line: "Vår ref.: 2027/12", "Deres ref.: ...", "Vår dato: ..."
_LETTER_REFERENCE = re.compile(
    r"^(?:vår|deres|dykkar|dykker)\s+(?:ref(?:eranse)?\.?|dato|saksnr\.?)\s*:", re.IGNORECASE
)
# The genre word of a letter's title ("HØRINGSUTTALELSE – ...", "HØYRINGSFRÅSEGN ...")
_LETTER_TITLE = re.compile(
    r"\b(?:HØRINGSUTTALELSE|HØRINGSUTTALE|HØRINGSSVAR|HØRINGSINNSPILL|HØYRINGSFRÅSEGN|"
    r"HØYRINGSUTTALE|HØYRINGSSVAR|HØYRINGSINNSPEL|UTTALELSE|UTTALE|FRÅSEGN|INNSPILL|INNSPEL)\b"
)
# "Til kapittel 4:", "Kapittel 4 –", "Kommentarer til kap. 5:", "Sak 4", "Sak 12/27": a
# reference before the topic of a heading
_CHAPTER_REFERENCE = re.compile(
    r"^(?:(?:til|om|(?:merknader|merknadar|kommentarer|kommentarar|innspill|innspel)\s+til)\s+)?"
    r"(?:kapittel|kapitel|kap\.|sak)\s+\d+(?:[./]\d+)*\s*(?:[:.–—-]\s*)?(?=[^\W\d])",
    re.IGNORECASE,
)
_HEADING_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+([^\W\d].*)$")
# A footer or header that carries the page number: "Statusnotat 2025   side 3", "Side 2 av 9".
_FOOTER_KEY = re.compile(r"\bside\s*#|#\s*(?:av|/)\s*#")
# A line in small print that ends with the page number ("Tiltaksplan 2025   side 1"), even on a
# document of one page.
_FOOTER_LINE = re.compile(r"(?:^|\s)side\s+\d{1,4}(?:\s*(?:av|/)\s*\d{1,4})?$", re.IGNORECASE)
# A line that opens with a numbered label ("Delmål 1.2: ...", "Tiltak 3: ..."): a new paragraph
# even when the line before it does not end a sentence.
# Cells of a line of a text table in a PDF: apart by a wide gap (three spaces or more)
_COLUMN_GAP = re.compile(r"\s{3,}")
# ... and of a line of a text table in plain text: a tab or two spaces or more (a table set out
# by hand in a monospaced file; a line of prose rarely has two such gaps)
_PLAIN_COLUMNS = re.compile(r"\s*\t\s*|\s{2,}")


def _row_cells(text: str, gap: re.Pattern[str]) -> list[str]:
    """The cells of a line of a text table: "| a | b |" (a Markdown-style table typed into
    text) by its bars, else by ``gap``."""
    line = text.strip()
    if len(line) > 2 and line.startswith("|") and line.endswith("|"):
        return [cell.strip() for cell in line[1:-1].split("|")]
    return gap.split(line)


def _opens_field(line: str) -> bool:
    """Whether a printed line opens a paragraph of its own however the line above ends: "Mål
    1: ...", "Delmål 1.2: ...", "Mål 3.1 Antallet ...", "Styringsparameter: ...", "Oppdrag:"."""
    return bool(_LABELLED_START.match(line) or _FIELD_START.match(line))


def _opens_table(text: str, cells: list[str]) -> bool:
    """Whether a line can head a text table: three cells or more, or two between bars."""
    return len(cells) >= 3 or (len(cells) == 2 and text.strip().startswith("|"))


# "Ansvar: Kjøkkenet", "Frist: 2028", "Tiltak: ...": a labelled line, under a numbered item a
# line of its own (its field), not the item's text wrapped
_LABEL_LINE = re.compile(r"^[A-ZÆØÅ][\wæøå-]{2,24}\s*:\s+\S")
_LABELLED_START = re.compile(r"^[A-ZÆØÅ][\wæøå-]{1,24}\s+\d{1,2}(?:\.\d{1,2})*\s*:\s+\S")
# The lines of an assignment letter (oppdragsbrev, tildelingsbrev, styringsdokument) and of a
# plan's goal blocks, each a line of its own that no sentence runs into: "Mål 3.1 Antallet ...
# skal øke" (a numbered goal with no colon), "Styringsparameter: Antall ...", "Indikator: ...",
# "Oppdrag:" over its bullets. Printed one under the other (a PDF, a text file) they open a
# paragraph of their own, though the line above ends with no full stop.
_FIELD_START = re.compile(
    r"^(?:(?:hovudmål|hovedmål|delmål|styringsmål|mål)\s+\d{1,2}(?:\.\d{1,2})+\.?\s+[A-ZÆØÅ]|"
    r"(?:styringsparameter\w*|styringsindikator\w*|måleindikator\w*|indikator(?:ar|er|ane|ene)?|"
    r"oppdrag(?:et|a|ene|ane)?)\s*:(?:\s|$))",
    re.IGNORECASE,
)
# The line under a document's title that says who made it and when: "Vestfjord
# fylkeskommune, vedteke av fylkestinget 9. desember 2025"; short, with a year.
_BYLINE = re.compile(r"^(?=.{0,160}$).*\b(?:19|20)\d\d\b")
# A memo's header line: "Til: Administrerande direktør", "Frå: Klinikkleiar", "Dato: 3. oktober
# 2025", "Saksbehandlar: ..." (with a space or a tab after the colon)
_MEMO_FIELD = re.compile(
    r"^(?:til|fra|frå|dato|kopi|emne|sak|saksnr\.?|saksnummer|saksbehandler|saksbehandlar|"
    r"arkivsak(?:snr\.?)?|arkivnr\.?|vår ref\.?|vår referanse|deres ref\.?|dykkar ref\.?|"
    r"ansvarlig|ansvarleg|gradering|møtedato|referanse|forfatter|forfattar|utarbeidet av|"
    r"utarbeidd av)\s*:\s*\S",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^(?:side\s+)?\d{1,4}(?:\s*(?:/|av)\s*\d{1,4})?$", re.IGNORECASE)


@dataclass
class Block:
    """One unit of a document: a heading, a list item or a paragraph, verbatim."""

    kind: str  # "heading" | "item" | "para"
    text: str
    level: int = 0  # heading level (1 = top) or list nesting depth (0 = top level)
    number: str | None = None  # the number or letter the source gives an item or heading
    ordered: bool = False  # an item of a numbered list
    page: int | None = None  # PDFs: the 1-based page
    index: int = 0  # 1-based position among the document's blocks
    in_box: bool = False  # stood in a box (HTML aside, a one-cell table)
    hint: str | None = None  # a table row: the header of its first column ("Tiltak")
    fields: dict[str, str] = field(default_factory=dict)  # a table row: its other columns
    # a table row with one 'x' column per area ("Tiltak | Rettleiing | Kompetanse"): each
    # area column's header, in order, and whether the row is marked under it
    marks: dict[str, bool] = field(default_factory=dict)
    task: bool = False  # an item of a task list ("- [ ] ...", "☐ ..."), checked or not


@dataclass
class Document:
    """A read document: its blocks, title and provenance."""

    file_name: str
    checksum: str  # "sha256:<hex>"
    format: str
    blocks: list[Block]
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def checksum(data: bytes) -> str:
    """The SHA-256 of the file as ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def detect_format(file_name: str, data: bytes, given: str | None = None) -> str:
    """The format of ``data``: from ``given`` or the extension, checked against the content."""
    ext = PurePath(file_name).suffix.lower()
    fmt = given or _EXTENSIONS.get(ext)
    if fmt is None:
        known = ", ".join(sorted(_EXTENSIONS))
        raise InputError(f"{file_name}: unknown file type {ext or '(none)'}; known: {known}")
    if not data.strip():
        raise InputError(f"{file_name}: the file is empty")
    head = data[:8]
    is_zip = head.startswith(b"PK\x03\x04")
    is_pdf = data.lstrip()[:5] == b"%PDF-"
    sniffed = "zip" if is_zip else "pdf" if is_pdf else "text"
    expected = {"docx": "zip", "xlsx": "zip", "pdf": "pdf"}.get(fmt, "text")
    if sniffed != expected:
        what = {"zip": "a zip file (.docx/.xlsx)", "pdf": "a PDF", "text": "text"}[sniffed]
        raise InputError(
            f"{file_name}: the content does not match the extension: it is {what}, not .{fmt}"
        )
    if fmt in ("txt", "md") and re.search(rb"<(?:!doctype\s+html|html[\s>])", data[:2048], re.I):
        raise InputError(f"{file_name}: the content does not match the extension: it is HTML")
    return fmt


# The heading over a document's numbered list of sources: "Referanser", "Kilder", "Litteratur"
_REFERENCE_LIST_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:referanser|referansar|kilder|kjelder|litteratur|"
    r"litteraturliste|kildeliste|kjeldeliste|sluttnoter|sluttnotar)\s*:?$",
    re.IGNORECASE,
)
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
# A raised reference mark right after the full stop: "... foreskrevet.³", "... (2025).¹²"
_RAISED_MARK = re.compile(rf"(?<=[.!?»”)])[{_SUPERSCRIPTS}]+(?=\s|$)")
# The same mark copied as plain text ("... anbefalt.4", "... fra 2027.5"): after a word or a
# year and the full stop, before the next sentence or the end (not "3.5", a section number)
_GLUED_MARK = re.compile(
    r"(?:(?<=[A-Za-zÆØÅæøå)»”]\.)|(?<=\b(?:19|20)\d\d\.))(?P<n>\d{1,2})(?=\s+[A-ZÆØÅ«]|\s*$)"
)


def _strip_reference_marks(blocks: list[Block]) -> None:
    """A PDF copies a superscript reference mark as a character glued to the sentence's full
    stop ("... kontroll.³", "... i 2028.5"): the marks are sources, no part of the plan's text.
    Raised marks go everywhere; plain digits only in a document with a numbered list of
    sources ("Referanser") that long, and only before that list."""
    sources = next(
        (
            n
            for n, b in enumerate(blocks)
            if b.kind == "heading" and _REFERENCE_LIST_HEADING.match(b.text.strip())
        ),
        None,
    )
    count = sum(1 for b in blocks[sources + 1 :] if b.kind == "item") if sources is not None else 0
    for n, block in enumerate(blocks):
        if block.kind not in ("item", "para") or (sources is not None and n > sources):
            continue
        text = _RAISED_MARK.sub("", block.text)
        if count:
            text = _GLUED_MARK.sub(
                lambda m: "" if 1 <= int(m.group("n")) <= count else m.group(0), text
            )
        block.text = text


def read_document(file_name: str, data: bytes, fmt: str | None = None) -> Document:
    """Read a plan document (``txt``, ``md``, ``html``, ``docx``, ``pdf``) into blocks."""
    fmt = detect_format(file_name, data, fmt)
    if fmt not in DOCUMENT_FORMATS:
        raise InputError(f"{file_name}: .{fmt} is a spreadsheet, not a document")
    reader = {
        "txt": _read_txt,
        "md": _read_md,
        "html": _read_html,
        "docx": _read_docx,
        "pdf": _read_pdf,
    }[fmt]
    doc = Document(file_name=file_name, checksum=checksum(data), format=fmt, blocks=[])
    reader(file_name, data, doc)
    doc.blocks = _record_paragraphs([b for b in doc.blocks if b.text.strip()])
    _accept_written_changes(doc)
    kept: list[Block] = []
    for block in doc.blocks:
        if "\n" not in block.text.strip() and _LETTER_REFERENCE.match(block.text.strip()):
            # "Vår ref.: 2027/12   Deres ref.: ...   Dato: 3.2.2027": a letter's reference
            # line is its metadata, never its title nor a section
            doc.meta.setdefault("referanse", block.text.strip())
            dated = re.search(r"\bdato\s*:\s*(\d{1,2}\.\d{1,2}\.\d{4})", block.text, re.I)
            if dated:
                doc.meta.setdefault("dato", dated.group(1))
            continue
        kept.append(block)
        if block.kind == "item":
            # "[ ] Oppdatere ...", "☐ Øve ...": a checklist's box in a Word list or a web page
            boxed = _CHECKBOX.sub("", block.text)
            block.task = block.task or boxed != block.text
            block.text = boxed
        if block.kind == "heading" and block.number is None:
            # "## 1. Rask tilgang", "2.3 Kompetanse": the number is the heading's, as in text
            m = _HEADING_NUMBER.match(block.text)
            if m:
                block.number, block.text = m.group(1), m.group(2)
        if block.kind == "heading":
            # "Til kapittel 4: Barn og unge", "Sak 4 Krav til økonomi": the reference to a
            # chapter or case is no part of the topic's name
            m = _CHAPTER_REFERENCE.match(block.text)
            if m:
                block.text = block.text[m.end() :]
    _strip_letter_numbers(kept)
    _strip_reference_marks(kept)
    kept = _drop_review_comments(kept, doc)
    doc.blocks = _drop_method_steps(kept)
    for i, block in enumerate(doc.blocks, start=1):
        block.index = i
    if not any(b.kind in ("item", "para") for b in doc.blocks):
        raise InputError(f"{file_name}: the document holds no text (empty document)")
    if doc.title is None:
        # "HØRINGSUTTALELSE – REGIONAL PLAN ...": a letter's title in capitals, under the
        # addresses at its head (which may stand as lines of their own)
        first = next(
            (
                b
                for b in doc.blocks[:12]
                if b.kind == "heading" and _caps_heading(b.text) and _LETTER_TITLE.search(b.text)
            ),
            None,
        ) or next((b for b in doc.blocks if b.kind == "heading"), None)
        if first is not None and (first.number or _CONTENTS_LINE.match(first.text.strip())):
            # the first heading is a numbered section or the contents ("Innhald", "1
            # Innleiing"): the title is a plain line above it that names the plan
            # ("Revidert handlingsplan for pasienttryggleik 2026–2028"), if there is one
            named = next(
                (
                    b
                    for b in doc.blocks[: doc.blocks.index(first)][:8]
                    if b.kind == "para"
                    and "\n" not in b.text.strip()
                    and looks_like_heading(b.text)
                    and _PLAN_WORD.search(b.text)
                ),
                None,
            )
            first = named or next(
                (
                    b
                    for b in doc.blocks
                    if b.kind == "heading" and not _CONTENTS_LINE.match(b.text.strip())
                ),
                first,
            )
        doc.title = first.text if first is not None else None
    return doc


# Changes written out as text in a hearing draft or a revised plan (tracked changes printed,
# or typed by hand): "[Slettet: seint]", "[Sletta: ...]", "[Strøket: ...]" for removed text and
# "[Nytt: først når ...]", "[Ny tekst: ...]", "[Lagt til: ...]" for added text (a word, then a
# colon, inside square brackets)
_REDLINE = re.compile(
    r"\[\s*(?:(?P<removed>slett(?:et|a|a\s+tekst|et\s+tekst)|strøke(?:t|n)|stroke(?:t|n)|"
    r"fjerna|fjernet|teke\s+ut|tatt\s+ut|utgår)|(?P<added>nytt|ny|ny\s+tekst|nye?\s+setning|"
    r"lagt\s+til|lagd\s+til|tilføyd|tilføydd|tillegg|innsett|satt\s+inn|sett\s+inn))\s*:\s*"
    r"(?P<text>[^\[\]]*?)\s*\]",
    re.IGNORECASE,
)
# "[Slettet: ...]" in the reading guide that explains the marks: an example, no change
_REDLINE_EXAMPLE = re.compile(r"^(?:\.{2,}|…|x+|tekst)$", re.IGNORECASE)


def _accept(text: str) -> tuple[str, int, int]:
    """The text with its written-out changes accepted: removed parts dropped, added parts kept
    without their mark; with the counts of each."""
    removed = added = 0

    def change(m: re.Match[str]) -> str:
        nonlocal removed, added
        if _REDLINE_EXAMPLE.match(m.group("text").strip()):
            return m.group(0)
        if m.group("removed"):
            removed += 1
            return "\x00"
        added += 1
        return m.group("text")

    out = _REDLINE.sub(change, text)
    if removed:
        out = re.sub(r"[ \t]*\x00+[ \t]*(?=[,.;:!?)])", "", out)  # "seint][Nytt: ..." -> "..."
        out = re.sub(r"(?<=\S)[ \t]*\x00+[ \t]*(?=\S)", " ", out)
        out = out.replace("\x00", "")
        out = re.sub(r"[ \t]{2,}", " ", out)
    return out.strip() if (removed or added) else text, removed, added


def _accept_written_changes(doc: Document) -> None:
    """A draft that shows its changes as "[Slettet: ...]" and "[Nytt: ...]" is read as it will
    be adopted: the changes accepted (a point wholly removed is no point; an added one is kept),
    with a note that says so."""
    removed = added = 0
    kept: list[Block] = []
    for block in doc.blocks:
        text, r, a = _accept(block.text)
        removed, added = removed + r, added + a
        for key, value in list(block.fields.items()):
            value, r, a = _accept(value)
            removed, added = removed + r, added + a
            block.fields[key] = value
        if text.strip():
            block.text = text
            kept.append(block)
    if removed or added:
        doc.notes.append(
            f"The document shows its changes written out ({removed} '[Slettet: ...]' and "
            f"{added} '[Nytt: ...]' marks); plangraph read it with the changes accepted, as "
            "the adopted plan will read. Check the preview against the version you mean to "
            "import."
        )
    doc.blocks = kept


# "II Føremål og metode", "IV. Kommentarar", "A Bestilling og servering", "B) Opplæring": a
# chapter's Roman numeral or a section's letter before the heading's words (audit and
# supervision reports, official reports)
_LETTER_NUMBER = re.compile(r"^(?P<mark>[IVX]{1,4}|[A-HJ-Z])(?:[.)]\s*|\s+)(?=[A-ZÆØÅ][a-zæøå])")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


# A reviewer's comment left in a draft: "Kommentar frå Ole Brekke (hovudverneombod): ...",
# "Merknad fra HR: ...", "Innspill fra Kari (fagrådgiver): ..."; and a comment's anchor glued to
# the text it remarks on ("... flest hendingar[BH1]", "[KN2]")
_REVIEW_COMMENT = re.compile(
    r"^\[?(?i:kommentar|kommentarar|kommentarer|merknad|merknader|merknadar|innspel|innspill)\s+"
    r"(?i:frå|fra|av)\s+[A-ZÆØÅ][^:\n]{0,80}?(?:\([^)\n]{1,60}\))?\s*:\s+\S",
)
_COMMENT_ANCHOR = re.compile(r"(?<=\S)\[[A-ZÆØÅ]{1,4}\d{1,3}\](?=[\s.,;:!?)]|$)")


def _drop_review_comments(blocks: list[Block], doc: Document) -> list[Block]:
    """A draft sent round for comments and not cleaned: reviewers' comments ("Kommentar frå
    <name> (<role>): ...") are no part of the plan, not even one that proposes a measure; a
    comment's anchor ("[BH1]") is taken off the text it is glued to. The count goes in the
    draft's notes."""
    kept: list[Block] = []
    dropped = 0
    for block in blocks:
        if block.kind in ("para", "item") and _REVIEW_COMMENT.match(block.text.strip()):
            dropped += 1
            continue
        if "[" in block.text:
            block.text = _COMMENT_ANCHOR.sub("", block.text)
        kept.append(block)
    if dropped:
        doc.notes.append(
            f"{dropped} reviewer's comment(s) ('Kommentar frå ...:') left in the document were "
            "not read as part of the plan."
        )
    return kept


def _strip_letter_numbers(blocks: list[Block]) -> None:
    """Drops a Roman numeral or a letter that numbers the headings, where the document's
    headings count with them from the start ("I", "II" or "A", "B"): the number is no part of
    the topic's name (a lone "I Dag" or "A-hus" is left alone)."""
    marks: list[tuple[Block, str]] = []
    for block in blocks:
        if block.kind == "heading" and block.number is None:
            m = _LETTER_NUMBER.match(block.text)
            if m:
                marks.append((block, m.group("mark")))
    found = {mark for _b, mark in marks}
    roman = {"I", "II"} <= found
    letters = {"A", "B"} <= found
    for block, mark in marks:
        if (roman and mark in _ROMAN) or (letters and len(mark) == 1 and mark != "I"):
            block.text = _LETTER_NUMBER.sub("", block.text, count=1)


# "Alt forbetringsarbeid følgjer forbetringssirkelen:", "Vi bruker denne modellen:": a lead-in
# over the steps of a method or cycle
_METHOD_LEAD = re.compile(
    r"(?:sirkel|sirkelen|syklus|syklusen|hjulet|modell|modellen|metode|metoden|stega|stegene|"
    r"trinna|trinnene|fasane|fasene)\b[^.]{0,40}:$",
    re.IGNORECASE,
)


def _drop_method_steps(blocks: list[Block]) -> list[Block]:
    """Drops the steps of a method or improvement cycle ("Planleggje", "Utføre", "Kontrollere",
    "Korrigere" under "... følgjer forbetringssirkelen:"): a list of one- or two-word steps
    under a lead-in that names a cycle or model describes how work is done, no plan items."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        out.append(block)
        i += 1
        if block.kind == "para" and _METHOD_LEAD.search(block.text.strip()):
            j = i
            while j < len(blocks) and blocks[j].kind == "item":
                j += 1
            steps = blocks[i:j]
            if len(steps) >= 2 and all(len(b.text.split()) <= 2 for b in steps):
                i = j
    return out


# A word that names a plan's genre in its title line: "handlingsplan", "strategi", "årsplan"
_PLAN_WORD = re.compile(r"(?:plan|strategi|melding|notat|program|oppdrag)\w*\b", re.IGNORECASE)


# ---------------------------------------------------------------- plain text


# "[ ] ", "[x] ": the box of a checklist item (a wiki's or Markdown's task list), checked or not;
# the item is the text after it
_CHECKBOX = re.compile(r"^(?:\[[ xX✓✔]\]|[☐☑☒])\s+(?=\S)")


def _line_block(line: str) -> Block | None:
    """A list item if ``line`` starts with a bullet or a number, else None."""
    m = _BULLET.match(line)
    if m:
        depth = 1 if len(m.group("indent").expandtabs(4)) >= 1 else 0
        return Block("item", _CHECKBOX.sub("", m.group("text").rstrip()), level=depth)
    m = _NUMBERED.match(line)
    if m:
        mark = m.group("mark")
        if re.fullmatch(r"\d{4}", mark.rstrip(".)")):  # a year, not a number
            return None
        depth = 1 if len(m.group("indent").expandtabs(4)) >= 2 else 0
        return Block(
            "item",
            m.group("text").rstrip(),
            level=depth + mark.count(".") - (1 if mark.endswith(".") else 0),
            number=mark.rstrip(".)"),
            ordered=True,
        )
    return None


def looks_like_heading(text: str) -> bool:
    """A short line that does not end like a sentence or a lead-in."""
    stripped = text.strip()
    if not stripped or len(stripped) > 110 or len(stripped.split()) > 14:
        return False
    if stripped[-1] in ".:;,!?" or stripped.endswith("-"):
        return False
    first = stripped.lstrip("0123456789. ")[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in "«\"'")


def _caps_heading(text: str) -> bool:
    """A short line set wholly in capitals ("KVA ER UTFORDRINGA?", "TILTAK:"), as plain-text
    plans and text taken out of PDFs mark their headings; it may end in "?" or ":"."""
    stripped = text.strip()
    letters = [c for c in stripped if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and len(stripped) <= 110
        and len(stripped.split()) <= 14
        and stripped[-1] not in ".,;"
    )


def _read_txt(file_name: str, data: bytes, doc: Document) -> None:
    text = decode_utf8(data, file_name)
    lines = text.splitlines()
    pages = _pdf_text_pages(text)
    if pages is not None:
        lines = _unwrap_pdf_text(pages)
    mail = _unwrap_email(lines) if pages is None else None
    if mail is not None:
        lines, subject = mail
        if subject:
            doc.title = subject
    _parse_plain(lines, doc, page=None)
    if mail is not None:
        _pasted_title(doc)
    if pages is not None:
        for n, block in enumerate(doc.blocks):
            nxt = doc.blocks[n + 1] if n + 1 < len(doc.blocks) else None
            if (
                block.kind == "item"
                and _PDF_SECTION.match(f"{block.number} {block.text}")
                and looks_like_heading(block.text)
                and nxt is not None
                and nxt.kind == "heading"
            ):
                # "2 Kompetanse i heile tenesta" over "Mål": a chapter's number and title (a
                # list in a PDF numbers "1." or "1)"), over the first sub-heading of its chapter
                block.kind = "heading"
                block.level = 0
        # Levels by the chapters' numbers: "2 Kompetanse" a chapter, "2.1 Mål" a section of it,
        # and a heading with no number ("Mål", "Tiltak") a section of the chapter above it
        chapter = 0
        for block in doc.blocks:
            if block.kind != "heading":
                continue
            if block.number and _PDF_SECTION.match(f"{block.number} {block.text}"):
                block.level = 1 + block.number.count(".")
                chapter = block.level
            else:
                block.level = chapter + 1


# "2 Kompetanse i heile tenesta", "3.1 Mål": a chapter's number (no "." or ")" after it, as a
# list's number has) and its title, in text taken out of a PDF
_PDF_SECTION = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s+[^\W\d]")


def _pdf_text_pages(text: str) -> list[list[str]] | None:
    """The pages of text copied or extracted out of a PDF (``pdftotext``, "Save as text"):
    pages apart by form feeds, or ending in a footer with the page number ("Side 2 av 5") on
    two pages or more. None for any other text."""
    if "\f" in text:
        pages = [page.splitlines() for page in text.split("\f")]
        return pages if sum(1 for p in pages if any(line.strip() for line in p)) >= 2 else None
    pages = [[]]
    footers = 0
    for line in text.splitlines():
        pages[-1].append(line)
        if _FOOTER_LINE.search(line.strip()) and _FOOTER_KEY.search(_noise_key(line)):
            footers += 1
            pages.append([])
    return pages if footers >= 2 else None


def _unwrap_pdf_text(pages: list[list[str]]) -> list[str]:
    """The paragraphs of text extracted from a PDF, one a line with blank lines between them
    (list items one a line, together): the running header and footer (a line standing first
    or last on two pages or more and nowhere else, or a footer with the page number), the table
    of contents and its title are left out; lines wrapped at the page's width are joined again,
    a word hyphenated over a line end is made whole ("lind-" + "rande"), but a hyphen before
    "og" or "eller" stays ("helse- og omsorgstenesta"), as does one after a capital or a figure
    ("ESAS-" + "r"); a paragraph or list item broken over a page goes on after the page's
    furniture. A line that is not full (the next line's first word would have fitted on it)
    ends its paragraph: a heading over its text has no blank line under it here."""
    kept_pages = [[line.rstrip() for line in page] for page in pages]
    edge: dict[str, set[int]] = {}
    middle: set[str] = set()
    for number, page in enumerate(kept_pages):
        filled = [n for n, line in enumerate(page) if line.strip()]
        for k, n in enumerate(filled):
            key = _noise_key(page[n])
            if k < 2 or k >= len(filled) - 2:
                edge.setdefault(key, set()).add(number)
            else:
                middle.add(key)
    running = {
        key
        for key, on in edge.items()
        if len(on) >= 2 and key not in middle and len(key) <= 120 and not key.endswith(".")
    }
    lines: list[str] = []
    for page in kept_pages:
        for line in page:
            text = line.strip()
            if not text:
                lines.append("")
                continue
            if (
                _noise_key(text) in running
                or (_FOOTER_LINE.search(text) and len(text) <= 120)
                or _PAGE_NUMBER.match(text)
                or _TOC_LINE.search(text)
                or _CONTENTS_LINE.match(text)
            ):
                continue
            lines.append(text)
        while lines and not lines[-1]:
            lines.pop()  # the blank lines at the foot of a page are no paragraph break
        lines.append("\f")  # a page break: no paragraph break of its own
    lengths = sorted(len(line) for line in lines if len(line) >= 30)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    out: list[list[str]] = []  # paragraphs (a list's items together), each of logical lines
    last: str | None = None  # the last physical line, while its paragraph may go on
    top = False  # at the top of a page, before its first line of text

    def full(line: str, word: str) -> bool:
        # the next word would not have fitted on the line: the break is the page's width
        return len(line) + 1 + len(word) > width - 3

    for line in lines:
        if line == "\f":
            top = True  # a page break is no paragraph break, nor the blank lines after it
            continue
        if not line:
            if not top:
                last = None
            continue
        top = False
        bullet = _BULLET.match(line) is not None
        numbered = _NUMBERED.match(line) is not None
        if last is not None and out and not bullet:
            word = line.split()[0]
            hyphen = re.search(r"[^\W\d_]-$", last) is not None
            ended = last.endswith((".", "!", "?", ":"))
            if (
                hyphen
                or (line[:1].islower() and (not ended or full(last, word)))
                # "... vil auke med" over "20 prosent fram mot 2035": a figure in the sentence
                # (a chapter or a list's number has a capital word after it)
                or (not ended and re.match(r"\d+(?:[.,]\d+)?\s+[a-zæøå]", line) is not None)
                or (
                    full(last, word)
                    and not ended
                    and not numbered
                    and not _LABEL_LINE.match(line)  # "Ansvar: ..." under an item: its field
                )
            ):
                joined = out[-1][-1]
                if hyphen and re.search(r"[A-ZÆØÅ0-9]-$", last):
                    joined += line  # "ESAS-" + "r": a hyphen that belongs to the word
                elif hyphen and re.match(r"(?:og|eller|samt|til|and|or)\b", line):
                    joined += " " + line  # "helse-" + "og omsorgstenesta"
                elif hyphen:
                    joined = joined[:-1] + line  # "lind-" + "rande": one word
                else:
                    joined += " " + line
                out[-1][-1] = joined
                last = line
                continue
        listed = out and (_BULLET.match(out[-1][-1]) or _NUMBERED.match(out[-1][-1]))
        section = _PDF_SECTION.match(line) is not None and looks_like_heading(line)
        if (bullet or numbered) and last is not None and listed and not section:
            out[-1].append(line)  # the list goes on
        else:
            out.append([line])
        last = line
    result: list[str] = []
    for para in out:
        result += [*para, ""]
    return result


# An e-mail's header line: "Fra: ...", "Sendt: ...", "Emne: VS: ...", "From: ...", "Subject: ..."
_MAIL_HEADER = re.compile(
    r"^(?P<key>fra|frå|from|sendt|sent|til|to|kopi|cc|bcc|emne|subject|dato|date|vedlegg|"
    r"attachments?)\s*:(?P<value>.*)$",
    re.IGNORECASE,
)
# "-----Opprinnelig melding-----", "---------- Forwarded message ---------": the line above a
# forwarded or replied-to message's header
_MAIL_SEPARATOR = re.compile(
    r"^-{2,}\s*(?:opprinnelig melding|opphavleg melding|original message|videresendt melding|"
    r"vidaresendt melding|forwarded message)\s*-{2,}$",
    re.IGNORECASE,
)
# "VS: ", "SV: ", "Fwd: ", "RE: ": a subject's forward or reply marks
_SUBJECT_MARKS = re.compile(r"^(?:(?:vs|sv|fw|fwd|re|aw|wg)\s*:\s*)+", re.IGNORECASE)
# A letter's closing ("Med vennlig hilsen", "Venleg helsing", "Mvh", "Hilsen Kari"): the
# signature starts there
_MAIL_CLOSING = re.compile(
    r"^(?:med\s+)?(?:vennlig|venleg|beste|mange)?\s*(?:hilsen|helsing|hilsner|helsingar)\b"
    r"|^mvh\b|^(?:best\s+|kind\s+)?regards\b",
    re.IGNORECASE,
)
# "Hei alle,", "Hei Kari,", "Kjære alle": a mail's greeting line
_MAIL_GREETING = re.compile(r"^(?:hei|hallo|kjære|hi|hello|dear)\b[^.!?:]{0,60}[,!]?$", re.I)
# "Denne e-posten kan inneholde taushetsbelagt informasjon ...": a mail's disclaimer
_MAIL_DISCLAIMER = re.compile(
    r"^(?:denne|dette)\s+(?:e-?posten|e-?posta|meldingen|meldinga|e-?postmeldingen)\b"
    r"|^this\s+(?:e-?mail|message)\b",
    re.IGNORECASE,
)


def _unwrap_email(lines: list[str]) -> tuple[list[str], str | None] | None:
    """The plan text of a plain-text e-mail, or None if ``lines`` are no e-mail.

    An e-mail opens with a header ("Fra:", "Sendt:", "Til:", "Emne:"); it may forward or reply
    to an earlier message (a "-----Opprinnelig melding-----" line and a header of its own), whose
    text may be quoted ("> " before each line). Headers, separators, greetings, signatures (from
    "Med vennlig hilsen" or a "-- " line to the message's end) and disclaimers are no part of the
    plan; quoted lines are, with their quote marks taken off. When a message forwards another,
    the forwarder's own note above it ("Videresender ..., gi meg beskjed innen ...") is left out
    too: the forwarded message is the document. The subject of the innermost message, without
    its "VS:" or "SV:", is the title."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    head = [_MAIL_HEADER.match(line.strip()) for line in lines[first : first + 8] if line.strip()]
    keys = set()
    for m in head:
        if m is None:
            break
        keys.add(m.group("key").lower())
    if not (keys & {"fra", "frå", "from"} and keys & {"emne", "subject"}):
        return None
    # the messages: (header lines, body lines), newest first
    messages: list[tuple[dict[str, str], list[str]]] = []
    in_header = False
    unquoted = [re.sub(r"^(?:\s*>)+ ?", "", raw).rstrip() for raw in lines]
    for n, line in enumerate(unquoted):
        if _MAIL_SEPARATOR.match(line.strip()):
            in_header = False
            messages.append(({}, []))
            continue
        m = _MAIL_HEADER.match(line.strip())
        if m and (in_header or not messages or (not messages[-1][0] and not messages[-1][1])):
            if not in_header and (not messages or messages[-1][0] or messages[-1][1]):
                messages.append(({}, []))
            in_header = True
            messages[-1][0][m.group("key").lower()] = m.group("value").strip()
            continue
        if (
            m
            and not in_header
            and m.group("key").lower() in ("fra", "frå", "from")
            and n + 1 < len(unquoted)
            and _MAIL_HEADER.match(unquoted[n + 1].strip()) is not None
        ):
            # a forwarded message's header with no separator line above it
            messages.append(({}, []))
            in_header = True
            messages[-1][0][m.group("key").lower()] = m.group("value").strip()
            continue
        in_header = False
        messages[-1][1].append(line)
    bodies: list[list[str]] = []
    for _header, body in messages:
        body = _pasted_below_closing(body)
        kept: list[str] = []
        for line in body:
            text = line.strip()
            if text == "--" or _MAIL_CLOSING.match(text) or _MAIL_DISCLAIMER.match(text):
                break  # the signature or the disclaimer: to the message's end
            kept.append(line)
        while kept and not kept[0].strip():
            kept.pop(0)
        if kept and _MAIL_GREETING.match(kept[0].strip()):
            kept.pop(0)
        bodies.append(kept)
    # a covering note above a forwarded message: the forwarded text is the document
    body = next((b for b in reversed(bodies) if any(line.strip() for line in b)), [])
    if len(bodies) > 1 and sum(1 for b in bodies if any(line.strip() for line in b)) > 1:
        plan = [b for b in bodies if _holds_plan_text(b)]
        if plan:
            body = [line for b in plan for line in (*b, "")]
    elif len(bodies) == 1:
        body = bodies[0]
    subject = next(
        (
            h.get("emne") or h.get("subject")
            for h, _b in reversed(messages)
            if h.get("emne") or h.get("subject")
        ),
        None,
    )
    if subject:
        subject = _SUBJECT_MARKS.sub("", subject).strip() or None
    return body, subject


def _pasted_below_closing(body: list[str]) -> list[str]:
    """A message whose sender closes a short covering note ("Her kommer referatet. ... Vennlig
    hilsen Ingrid") and pastes the document itself below the closing: the pasted text (from the
    first line after the closing's name lines) is the message's document, the note above it is
    not. ``body`` unchanged when no closing stands there or what follows it is no document (a
    heading or a list in at least eight lines of text): then the closing starts the signature."""
    for n, line in enumerate(body):
        text = line.strip()
        if text == "--" or _MAIL_DISCLAIMER.match(text):
            return body
        if not _MAIL_CLOSING.match(text):
            continue
        end = n + 1
        while end < len(body) and body[end].strip() and end - n <= 4:
            end += 1  # the sender's name (and title) under the closing
        rest = body[end:]
        texts = [t.strip() for t in rest if t.strip()]
        if len(texts) >= 8 and _holds_plan_text(rest):
            return rest
        return body
    return body


def _pasted_title(doc: Document) -> None:
    """An e-mail whose body opens with a document's own title in capitals ("REFERAT FRA
    DIALOGMØTE OM ...", under the subject "Referat fra dialogmøte ..."): that line is the
    document's title, not a section of it, when it is the first heading, before any list, and
    shares two words with the subject (a section's heading, "SENGEPOSTMILJØ", does not)."""
    subject = {w for w in re.findall(r"\w{4,}", (doc.title or "").lower())}
    for block in doc.blocks[:6]:
        if block.kind == "item":
            return
        if block.kind == "heading":
            words = set(re.findall(r"\w{4,}", block.text.lower()))
            if _caps_heading(block.text) and not block.number and len(words & subject) >= 2:
                doc.title = block.text.strip()
            return


def _holds_plan_text(body: list[str]) -> bool:
    """Whether a message's body holds more than a covering note: a list or a heading."""
    texts = [line.strip() for line in body if line.strip()]
    return any(_line_block(t) is not None or _caps_heading(t) for t in texts)


_PLAIN_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s")


# The rule under a fixed-width table's header, typed with spaces: "---- --------  -----"
_DASH_RULE = re.compile(r"^\s*-{2,}(?:\s+-{2,})+\s*$")
# A total under or after such a table: "Sum 4.1   990 000", "SUM HANDLINGSPROGRAMMET  5 500 000"
_TOTAL_LINE = re.compile(
    r"^\s*(?:sum|summ?\s+totalt|totalt|total|i\s+alt|samla|samlet)\b.*\d\s*$", re.IGNORECASE
)


def _fixed_width_table(para: list[str], doc: Document, page: int | None) -> bool:
    """A table typed with spaces whose header stands over a rule of dashes, one group a column
    ("Nr   Tiltak          Kostnad (kr)  År" over "---- -------------- ------------  ----"): the
    dashes give the columns. A row starts where its first column has text; a line with the
    first column empty continues the row above (a long cell wrapped onto an indented line). A
    closing rule ends the rows; the totals under it ("Sum 4.1  990 000") are no rows."""
    rules = [n for n, line in enumerate(para) if _DASH_RULE.match(line)]
    if not rules or rules[0] != 1:
        return False
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", para[1])]
    starts = [a for a, _b in spans]

    def cut(line: str) -> list[str]:
        cells = []
        for j, start in enumerate(starts):
            end = starts[j + 1] if j + 1 < len(starts) else len(line)
            cells.append(line[start:end].strip() if len(line) > start else "")
        return cells

    header = cut(para[0])
    if sum(1 for h in header if h) < 2 or len(header) != len(spans):
        return False
    end = rules[1] if len(rules) > 1 else len(para)
    rows: list[list[str]] = []
    for line in para[2:end]:
        cells = cut(line)
        if cells[0] or not rows:
            rows.append(cells)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    rest = [line for line in para[end + 1 :] if line.strip() and not _TOTAL_LINE.match(line)]
    if not rows or rest:
        return False
    before = len(doc.blocks)
    if not _table_rows([header, *rows], doc, False):
        del doc.blocks[before:]
        return False
    for block in doc.blocks[before:]:
        block.page = page
    return True


def _parse_plain(lines: list[str], doc: Document, page: int | None) -> None:
    """Blank-line separated paragraphs; lines with bullets or numbers are list items."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in lines:
        line = raw.rstrip().rstrip("\u00a0").rstrip()
        if _TOC_LINE.search(line):
            continue  # a table of contents
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.append(line)
    if current:
        paragraphs.append(current)
    # "Mål 1: ..." over "Delmål 1.1: ..." over "Delmål 1.2: ...": each numbered label opens a
    # paragraph of its own, even with no blank line between them
    split: list[list[str]] = []
    pieces: set[int] = set()  # paragraphs cut from one: text, never a heading
    fields_end = -1  # how many blocks stood before a memo's header fields ended
    for para in paragraphs:
        if len(para) > 1 and any(_opens_field(line.strip()) for line in para[1:]):
            cut: list[list[str]] = [[]]
            for line in para:
                if cut[-1] and _opens_field(line.strip()):
                    cut.append([])
                cut[-1].append(line)
            split += cut
            pieces.update(id(piece) for piece in cut)
        else:
            split.append(para)
    paragraphs = split
    # "HOVEDMÅL" or "1. KARTLEGGING" in capitals over its text with no blank line between
    # them (a mail's or a text dump's section): the heading is a paragraph of its own (not the
    # first paragraph: a title over its byline is settled below)
    split = []
    for n, para in enumerate(paragraphs):
        first_line = para[0].strip()
        bare = _NUMBERED.match(first_line)
        if (
            n > 0
            and len(para) > 1
            and _caps_heading(bare.group("text") if bare else first_line)
            and not first_line.endswith(":")
            and _line_block(para[1]) is None
        ):
            split += [[para[0]], para[1:]]
        else:
            split.append(para)
    paragraphs = split
    # Memo header lines ("Fra:\t...", "Dato: ...") are metadata, not content.
    for para in paragraphs:
        if _fixed_width_table(para, doc, page):
            continue
        if len(para) == 1 and _TOTAL_LINE.match(para[0]):
            continue  # "SUM HANDLINGSPROGRAMMET   5 500 000": a grand total, no heading
        if (
            not doc.blocks
            and len(para) > 1
            and (
                _caps_heading(para[0])
                or (len(para) == 2 and looks_like_heading(para[0]) and _BYLINE.search(para[1]))
            )
            and _line_block(para[0]) is None
        ):
            # "STATUSNOTAT – REHABILITERING" over "Helse Sørvest, april 2025": the document's
            # title in capitals with a line of its own under it; or "Oppdrag til
            # tannhelsetenesta 2026" over a dated byline, in any case
            doc.blocks.append(Block("heading", para[0].strip(), level=0, page=page))
            para = para[1:]
            if all(_line_block(line) is None for line in para):  # a byline, not a heading
                text = "\n".join(line.strip() for line in para)
                doc.blocks.append(Block("para", text, page=page))
                continue
        if (
            not doc.blocks
            and len(para) > 1
            and not _MEMO_FIELD.match(para[0].strip())
            and all(_MEMO_FIELD.match(line.strip()) for line in para[1:])
            and len(para[0].split()) <= 14
            and para[0].strip()[-1:] not in ".,;"
            and _line_block(para[0]) is None
        ):
            # "Statusnotat: Kirurgisk klinikk" over "Til: ...", "Frå: ...", "Dato: ...": a
            # memo's title over its header fields (metadata, not content)
            doc.blocks.append(Block("heading", para[0].strip(), level=0, page=page))
            for line in para[1:]:
                key, _, value = line.partition(":")
                doc.meta[key.strip().lower()] = value.strip()
            continue
        record = _record_block(para)
        if record is not None:
            record.page = page
            doc.blocks.append(record)
            continue
        marked = _id_lines(para)
        if marked is not None:
            for id_block in marked:
                id_block.page = page
            doc.blocks.extend(marked)
            continue
        items = [_line_block(line) for line in para]
        cells = [_row_cells(line, _PLAIN_COLUMNS) for line in para]
        if (
            len(para) >= 2
            and all(b is None for b in items)
            and _opens_table(para[0], cells[0])
            and all(len(row) >= 2 for row in cells[1:])
        ):
            # "Oppdrag      Status      Kommentar" over rows set out the same way (by spaces
            # or tabs): a text table, one row a line
            before = len(doc.blocks)
            if _table_rows(cells, doc, False):
                for row_block in doc.blocks[before:]:
                    row_block.page = page
                continue
            del doc.blocks[before:]
        if all(b is None for b in items):
            if all(re.match(r"^[A-ZÆØÅa-zæøå ]{2,20}:\t", line) for line in para) or (
                len(para) > 1 and all(_MEMO_FIELD.match(line.strip()) for line in para)
            ):
                for line in para:
                    key, _, value = line.partition(":")
                    doc.meta[key.strip().lower()] = value.strip()
                fields_end = len(doc.blocks)
                continue
            joined = " ".join(line.strip() for line in para)
            if (
                len(para) == 1
                and id(para) not in pieces
                and (looks_like_heading(joined) or _caps_heading(joined))
            ):
                if (
                    fields_end == len(doc.blocks)
                    and doc.title is None
                    and ("til" in doc.meta or "emne" in doc.meta)
                    and not _PLAIN_NUMBER.match(joined)
                ):
                    # "STYRKING AV ..." right under a memo's "Til:" / "Frå:" / "Dato:" lines:
                    # the memo's subject, its title (no section)
                    doc.title = joined
                doc.blocks.append(Block("heading", joined, level=0, page=page))
            else:
                doc.blocks.append(Block("para", "\n".join(para).strip(), page=page))
            continue
        prev: Block | None = None
        for line, block in zip(para, items, strict=True):
            if block is None and line.strip() in ("-", "*", "•", "–", "o"):
                doc.notes.append(
                    f"A list item with no text after '{prev.text if prev else ''}': the list "
                    "may be cut off; plangraph does not invent the missing items."
                )
                continue
            if block is None:
                if (
                    prev is not None
                    and prev.kind == "item"
                    and not (prev.ordered and _LABEL_LINE.match(line.strip()))
                ):
                    prev.text += " " + line.strip()  # a wrapped list item
                    continue
                block = Block("para", line.strip())
            block.page = page
            if (
                block.kind == "item"
                and block.ordered
                and len(para) == 1
                and (looks_like_heading(block.text) or _caps_heading(block.text))
            ):
                block.kind = "numbered-heading"
            doc.blocks.append(block)
            prev = block
    _settle_numbered_headings(doc.blocks)


# "Tiltak: ...", "Kopling til mål: M1", "Ansvar: ...": a line of a record block (a form's or a
# case tool's export), its key of one to four words before the colon
_RECORD_LINE = re.compile(
    r"^(?P<key>[A-ZÆØÅ][\wæøå-]*(?: [\wæøå-]+){0,3}(?: \d{1,2}(?:\.\d{1,2})+)?)\s*:\s+"
    r"(?P<value>\S.*)$"
)
# the key that names the record's kind: the record is that item, its other lines its details
_RECORD_KIND = re.compile(
    r"^(?:tiltak|aktivitet|oppgåve|oppgave|utfordring|problem|(?:hovud|hoved|del)?mål)"
    r"(?:\s+\d{1,2}(?:\.\d{1,2})*)?$",
    re.IGNORECASE,
)


def _record_block(para: list[str]) -> Block | None:
    """A record block: 'Key: value' lines with no blank line between them whose first key is a
    kind ("Tiltak: Opne ...", "Skildring: ...", "Ansvar: ...", "Frist: ..."), as plans copied
    out of forms and case tools set out each measure: one item, its text the first line as it
    stands, the other lines its fields (a table row laid on its side), not text of its own."""
    if len(para) < 3:
        return None
    matches = [_RECORD_LINE.match(line.strip()) for line in para]
    first = matches[0]
    if first is None or not _RECORD_KIND.match(first.group("key")):
        return None
    fields: dict[str, str] = {}
    last: str | None = None
    for line, m in zip(para[1:], matches[1:], strict=True):
        if m is None or _RECORD_KIND.match(m.group("key")):
            if last is None or m is not None:
                return None  # a second record in the block, or a first line's wrapping
            fields[last] += " " + line.strip()  # a value wrapped onto the next line
            continue
        last = m.group("key").strip().lower()
        if last in fields:
            return None
        fields[last] = m.group("value").strip()
    if len(fields) < 2:
        return None
    return Block("item", para[0].strip(), hint=first.group("key").strip(), fields=fields)


# "M1  Blodbanken skal ...", "T2: Opne ...", "U-3 Ventetida ...": a line opening with an item's
# ID (a letter or two for its kind and a number), as plans list goals and measures that other
# parts refer to ("Kopling til mål: M1")
_ID_LINE = re.compile(
    r"^(?P<id>[A-ZÆØÅ]{1,3}-?\d{1,2}(?:\.\d{1,2})*)(?:\s*[.:)]\s+|\s{2,}|\t\s*|\s(?=[A-ZÆØÅ]))"
    r"(?P<text>[A-ZÆØÅ«].{10,})$"
)


def _id_lines(para: list[str]) -> list[Block] | None:
    """Lines of a paragraph that each open with an item's ID ("M1  ...", "M2  ..."): a list whose
    marks are the IDs, each line an item without its ID, not one paragraph of sentences."""
    if len(para) < 2:
        return None
    matches = [_ID_LINE.match(line.strip()) for line in para]
    if any(m is None for m in matches):
        return None
    ids = [m.group("id") for m in matches if m is not None]
    if len(set(ids)) < len(ids):
        return None
    return [
        Block("item", m.group("text").strip(), number=m.group("id"), ordered=True)
        for m in matches
        if m is not None
    ]


def _record_paragraphs(blocks: list[Block]) -> list[Block]:
    """Record blocks in any format: a paragraph of 'Key: value' lines (Markdown's lines with no
    blank line between them), or a run of one-line paragraphs (a Word file's or a web page's,
    one paragraph a line) whose first key is a kind ("Tiltak: ..." over "Beskrivelse: ...",
    "Ansvar: ...", "Frist: ..."): one item each, as in plain text."""
    out: list[Block] = []
    n = 0
    while n < len(blocks):
        block = blocks[n]
        if block.kind != "para":
            out.append(block)
            n += 1
            continue
        lines = block.text.strip().splitlines()
        m = n + 1
        if len(lines) == 1:
            first = _RECORD_LINE.match(lines[0].strip())
            if first is not None and _RECORD_KIND.match(first.group("key")):
                while m < len(blocks) and blocks[m].kind == "para":
                    more = blocks[m].text.strip()
                    key = _RECORD_LINE.match(more)
                    if "\n" in more or key is None or _RECORD_KIND.match(key.group("key")):
                        break
                    lines.append(more)
                    m += 1
        record = _record_block(lines)
        if record is None:
            out.append(block)
            n += 1
            continue
        record.page, record.in_box = block.page, block.in_box
        out.append(record)
        n = m
    return out


def _opens_with_verb(text: str) -> bool:
    """Whether a line opens with a measure's verb in the infinitive ("Etablere ...")."""
    from plangraph.ingest.classify import _VERBS  # (here: classify imports this module)

    first = re.match(r"[\wæøåÆØÅ-]+", text.strip())
    word = first.group(0).lower() if first else ""
    return word in _VERBS or (word.endswith("e") and word[:-1] in _VERBS)


def _chapter_before(blocks: list[Block]) -> int | None:
    """The number of the last chapter heading ("2 Vurdering", not "2.1 ...") before a point."""
    for block in reversed(blocks):
        if block.kind == "heading" and (block.number or "").rstrip(".").isdigit():
            return int((block.number or "").rstrip("."))
    return None


def _settle_numbered_headings(blocks: list[Block]) -> None:
    """A numbered line standing alone with body paragraphs after it is a numbered heading
    ("11. Forbetre oppgåvedelinga"); one followed by another numbered line is a list item."""
    for i, block in enumerate(blocks):
        if block.kind != "numbered-heading":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        before = blocks[i - 1] if i > 0 else None
        if (
            before is not None
            and before.kind == "item"
            and before.ordered
            and (before.number or "").isdigit()
            and (block.number or "").isdigit()
            and int(str(block.number)) == int(str(before.number)) + 1
            and len(block.text.split()) >= 4
            and block.text.rstrip().endswith(".") == before.text.rstrip().endswith(".")
        ):
            # "3. Gjennomføre ..." right after "1. ..." and "2. ...", a phrase written like
            # them: the list's last item, though a paragraph ("Ansvar: ...") follows it (not
            # "3. Rapportering", a chapter that goes on with the numbers)
            block.kind = "item"
            continue
        if (
            (nxt is not None and nxt.kind == "para")
            # "3 Rapportering på oppdrag" over a text table: the rows are no list it belongs to
            or (nxt is not None and nxt.kind == "item" and nxt.hint is not None)
            # "3 Tiltak" right over a bulleted list: a numbered line over bullets heads them
            or (nxt is not None and nxt.kind == "item" and not nxt.ordered and nxt.hint is None)
            # "2 Legemiddeltryggleik" right over "2.1 Mål": the number says it heads a section
            or (
                nxt is not None
                and nxt.kind == "numbered-heading"
                and bool(block.number)
                and (nxt.number or "").startswith(str(block.number).rstrip(".") + ".")
            )
            # "1 Vurdering av henvisninger" right over "1.1 Halvparten av ... blir avvist." (a
            # plan numbered 1 / 1.1 / 1.1.1 in prose): the sub-points carry its number, so
            # the short line without a verb first heads them, it is no point of the list
            or (
                nxt is not None
                and nxt.kind == "item"
                and nxt.ordered
                and bool(block.number)
                and (nxt.number or "").startswith(str(block.number).rstrip(".") + ".")
                and not _opens_with_verb(block.text)
            )
            or "." in (block.number or "")
            or _caps_heading(block.text)
            # "3 Forslag til vedtak" after the chapters "1 Bakgrunn" and "2 Vurdering", over a
            # list numbered from 1: the next chapter's heading, over its list
            or (
                nxt is not None
                and nxt.kind == "item"
                and nxt.ordered
                and nxt.number in ("1", "1.")
                and (block.number or "").isdigit()
                and int(str(block.number)) > 1
                and _chapter_before(blocks[:i]) == int(str(block.number)) - 1
                and not _opens_with_verb(block.text)
            )
        ):
            block.kind = "heading"
            block.level = 0
        else:
            block.kind = "item"


# ---------------------------------------------------------------- Markdown


def _md_text(tok: Any) -> str:
    """The text a Markdown inline shows, without its markup: "**Mål 1:** Betre tilgang" is
    "Mål 1: Betre tilgang", a link its text, an image its alt text; line breaks kept."""
    if not tok.children:
        return str(tok.content)
    parts: list[str] = []
    struck = 0
    for child in tok.children:
        if child.type in ("s_open", "s_close"):
            # "~~seint~~ først når ...": a change written as struck-through text is removed
            struck += 1 if child.type == "s_open" else -1
            parts.append("\x00")
            continue
        if struck > 0:
            continue
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "html_inline" and re.fullmatch(
            r"<br\s*/?>", child.content.strip(), re.I
        ):
            parts.append("\n")  # "Tilby ...<br>Opprette ...": a line break in a table's cell
        elif child.type == "image":
            parts.append(child.content)
    joined = "".join(parts)
    if "\x00" in joined:
        joined = re.sub(r"[ \t]*\x00+[ \t]*(?=[,.;:!?)]|$)", "", joined)
        joined = re.sub(r"(?<=\S)[ \t]*\x00+[ \t]*(?=\S)", " ", joined).replace("\x00", "")
    return joined.strip() if "\x00" in "".join(parts) else joined


# "[^4]": a footnote's marker in the text; "[^4]: Kjelde ...": its definition (with any
# indented lines under it)
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]{1,20}\]")
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]\s]{1,20}\]:")


def _strip_footnotes(text: str) -> str:
    """Markdown footnotes are sources and remarks, never plan text: the markers are taken out
    of the sentences and the definitions (at the end, under a rule) left out."""
    kept: list[str] = []
    in_note = False
    for line in text.splitlines():
        if _FOOTNOTE_DEFINITION.match(line):
            in_note = True
            continue
        if in_note and (line.startswith(("    ", "\t")) or not line.strip()):
            continue
        in_note = False
        kept.append(_FOOTNOTE_MARK.sub("", line))
    return "\n".join(kept)


# YAML front matter: "---" on the first line, "key: value" lines, "---" (or "...")
_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(?=[\w-]+[ \t]*:)(?:.*\n){0,80}?(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)"
)
# "[!IMPORTANT] Mål", "[!NOTE]", "[!TIP]- Visste du?": a callout's first line (type, fold
# mark, title)
_CALLOUT = re.compile(r"^\[!(?P<type>[A-Za-z-]+)\][+-]?(?P<title>[^\n]*)(?:\n|$)")
_QUOTE_CALLOUTS = {"quote", "cite", "sitat"}
# a callout's title that names a kind: "Mål", "Hovudmål", "Utfordring", "Tiltak"
_CALLOUT_KIND_TITLE = re.compile(
    r"^(?:mål(?:et)?|hovudmål|hovedmål|delmål|utfordring(?:a|en|ar|er)?|tiltak(?:a|et)?)\s*:?$",
    re.IGNORECASE,
)


def _read_md(file_name: str, data: bytes, doc: Document) -> None:
    from markdown_it import MarkdownIt

    text = _strip_footnotes(decode_utf8(data, file_name))
    front = _FRONT_MATTER.match(text)
    if front:
        # "---" / "title: ..." / "tags: ..." / "---": the file's metadata (YAML front matter of a
        # static site or a notes app), no text of the plan; its title is the plan's title
        title = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front.group(0), re.MULTILINE)
        if title:
            doc.title = title.group(1).strip()
        text = "\n" * front.group(0).count("\n") + text[front.end() :]
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    quote_depth = 0
    callout: str | None = None  # the kind of callout being read ("important", "quote")
    callout_title = ""
    depth = -1
    table: list[list[str]] | None = None  # the rows of a pipe table being read
    ordered_stack: list[bool] = []
    heading_level: int | None = None
    numbers: list[str | None] = []
    in_item_para = False
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            ordered_stack.append(tok.type == "ordered_list_open")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            ordered_stack.pop()
        elif tok.type == "list_item_open":
            numbers.append(tok.info or None)
            in_item_para = True
        elif tok.type == "list_item_close":
            numbers.pop()
        elif tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
            if not quote_depth:
                callout = None
        elif tok.type == "inline" and quote_depth and table is None and heading_level is None:
            content = _md_text(tok).strip()
            marker = _CALLOUT.match(content)
            if marker:
                # "> [!IMPORTANT] Mål" over "> Ventetida ... skal ...": a callout (GitHub,
                # Obsidian); its type and title say what its text is
                callout = marker.group("type").lower()
                callout_title = marker.group("title").strip()
                content = content[marker.end() :].strip()
            if not content or callout is None:
                if content:
                    doc.blocks.append(Block("para", content))
                continue
            if callout in _QUOTE_CALLOUTS:
                continue  # a quote of a patient or a user: their words, no item of the plan
            if _CALLOUT_KIND_TITLE.match(callout_title):
                # "[!IMPORTANT] Mål": the title names the kind of the text in the box
                doc.blocks.append(Block("para", f"{callout_title.rstrip(':')}: {content}"))
            else:
                # "[!NOTE]", "[!TIP] Visste du?", "[!INFO]": a box beside the text
                doc.blocks.append(Block("para", content, in_box=True))
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1:])
        elif tok.type == "heading_close":
            heading_level = None
        elif tok.type == "table_open":
            table = []
        elif tok.type == "tr_open" and table is not None:
            table.append([])
        elif tok.type == "table_close" and table is not None:
            if not _table_rows(table, doc, False):
                for row in table:  # no table of items: its text stays, one paragraph a row
                    if any(c.strip() for c in row):
                        doc.blocks.append(Block("para", " | ".join(c for c in row if c.strip())))
            table = None
        elif tok.type == "inline" and table is not None:
            if table:
                # a line break in a cell ("<br>") kept: it may part several items of one cell
                lines = [_norm(line) for line in _md_text(tok).split("\n")]
                table[-1].append("\n".join(line for line in lines if line))
        elif tok.type == "inline":
            content = _md_text(tok).strip()
            if heading_level is not None:
                doc.blocks.append(Block("heading", content, level=heading_level))
            elif depth >= 0 and in_item_para:
                boxed = _CHECKBOX.sub("", content)  # "[ ] Oppdatere ...": a checklist's box
                ordered = bool(ordered_stack and ordered_stack[-1])
                doc.blocks.append(
                    Block(
                        "item",
                        boxed,
                        level=depth,
                        ordered=ordered,
                        number=numbers[-1] if ordered and numbers else None,
                        task=boxed != content,
                    )
                )
                in_item_para = False
            else:
                doc.blocks.append(Block("para", content))
        elif tok.type == "paragraph_close" and depth >= 0:
            pass
    if doc.blocks and doc.blocks[0].kind == "heading" and doc.blocks[0].level == 1:
        doc.title = doc.blocks[0].text


# ---------------------------------------------------------------- HTML

_SKIP_TAGS = {"script", "style", "nav", "header", "footer", "noscript", "template", "form", "svg"}
_SKIP_PARTS = {
    "cookie",
    "cookies",
    "consent",
    "breadcrumb",
    "breadcrumbs",
    "brodsmuler",
    "brodsmulesti",
    "smulesti",
    "menu",
    "navbar",
    "nav",
    "navigation",
    "skiplink",
    "share",
    "sharing",
    "social",
    "search",
    "sok",
    "toolbar",
}
_SKIP_TOKENS = {"header", "footer", "site-header", "site-footer", "page-footer", "skip-link"}


def _skip_class(value: str) -> bool:
    """Classes and ids of page furniture: navigation, cookie banners, site header and footer
    ("section-header" is content and stays)."""
    for token in value.lower().split():
        if token in _SKIP_TOKENS or any(p in _SKIP_PARTS for p in re.split(r"[-_]", token)):
            return True
    return False


def _read_html(file_name: str, data: bytes, doc: Document) -> None:
    from lxml import etree
    from lxml import html as lxml_html

    text = decode_utf8(data, file_name)
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"{file_name}: the HTML does not parse: {exc}") from None
    for removed in root.iter("del"):
        # <del>seint</del><ins>først når ...</ins>: a change marked in the page; the removed
        # text is no part of the plan as it will read (the inserted text is kept)
        removed.drop_tree()
    title_el = root.find(".//title")
    main = root.find(".//main")
    if main is None:
        main = root.find(".//article")
    if main is None:
        main = root.find(".//body")
    if main is None:
        main = root
    h1 = main.find(".//h1")
    if h1 is not None:
        doc.title = _norm(h1.text_content())
    elif title_el is not None and title_el.text:
        doc.title = _norm(title_el.text.split("|")[0].split(" - ")[0])

    # the panels a tab bar switches between (<button role="tab" aria-controls="fane-2">): a
    # page shows one at a time and hides the others, but every panel is the page's content
    panels = {
        ref
        for el in root.iter()
        if isinstance(el.tag, str) and el.get("role") == "tab"
        for ref in (el.get("aria-controls") or "").split()
    }

    def tab_panel(el: Any) -> bool:
        return (
            el.get("role") == "tabpanel"
            or (el.get("id") or "") in panels
            or any(
                t in ("tab-pane", "tabpanel", "tab-panel", "tabs-panel", "fane", "fanepanel")
                for t in (el.get("class") or "").lower().split()
            )
        )

    def skip(el: Any) -> bool:
        if not isinstance(el.tag, str):
            return True
        if el.tag in _SKIP_TAGS:
            return True
        cls = (el.get("class") or "") + " " + (el.get("id") or "")
        hidden = el.get("hidden") is not None and not tab_panel(el)
        return hidden or _skip_class(cls)

    def own_text(li: Any) -> str:
        summary = next(
            (
                c.find("summary")
                for c in li
                if isinstance(c.tag, str) and c.tag == "details" and c.find("summary") is not None
            ),
            None,
        )
        if summary is not None and _norm(summary.text_content()):
            # <li><details><summary>Innføre ...</summary><p>description, Ansvar, Frist</p>: the
            # point is its summary; the panel under it describes it
            return _norm(summary.text_content())
        parts: list[str] = [li.text or ""]
        for child in li:
            if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
                parts.append(child.tail or "")
                continue
            if isinstance(child.tag, str) and child.tag in ("p", "div"):
                parts.append(" " + child.text_content() + " ")
            elif isinstance(child.tag, str):
                parts.append(child.text_content())
            parts.append(child.tail or "")
        return _norm("".join(parts))

    def breadcrumb(lst: Any) -> bool:
        """A short list of links at the top of the page whose last item is the page's own
        title ("Framsida > Planar > Handlingsplan for ..."): page furniture, not content."""
        if any(b.kind != "heading" or b.level > 1 for b in doc.blocks):
            return False  # only before the page's own text starts
        items = [li for li in lst if isinstance(li.tag, str) and li.tag == "li"]
        if not 2 <= len(items) <= 8 or not doc.title:
            return False
        texts = [_norm(li.text_content()) for li in items]
        if any(not t or len(t.split()) > 10 for t in texts):
            return False
        for li, t in zip(items[:-1], texts[:-1], strict=True):
            links = li.findall(".//a")
            if len(links) != 1 or _norm(links[0].text_content()) != t:
                return False
        last, title = texts[-1].casefold(), doc.title.casefold()
        return title.startswith(last) or last.startswith(title)

    heading_level = [1]  # the level of the last <h1>-<h6>
    floor = [0]  # inside an accordion: the level of its summary, which its headings stand under

    def walk(el: Any, depth: int, box: bool) -> None:
        for child in el:
            if skip(child):
                continue
            tag = child.tag
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                level = max(int(tag[1]), floor[0] + 1) if floor[0] else int(tag[1])
                heading_level[0] = min(level, 6)
                doc.blocks.append(
                    Block("heading", _norm(child.text_content()), level=min(level, 6), in_box=box)
                )
            elif tag == "details" and any(
                isinstance(c.tag, str) and c.tag == "summary" for c in child
            ):
                # <details><summary>Arbeidsforhold</summary><h3>Funn</h3>...: the panel's title
                # is a heading one level below the heading the accordion stands under, and the
                # panel's own headings stand under its title (whatever their tag says)
                saved = heading_level[0], floor[0]
                summary = next(c for c in child if isinstance(c.tag, str) and c.tag == "summary")
                titled = looks_like_heading(summary.text_content())
                if titled:
                    level = min(heading_level[0] + 1, 6)
                    doc.blocks.append(
                        Block("heading", _norm(summary.text_content()), level=level, in_box=box)
                    )
                    floor[0] = level
                walk(
                    [c for c in child if not (isinstance(c.tag, str) and c.tag == "summary")]
                    if titled
                    else child,
                    depth,
                    box,
                )
                heading_level[0], floor[0] = saved
            elif tag == "summary" and looks_like_heading(child.text_content()):
                # <details><summary>Barn og unge</summary>...: an accordion's panel title is a
                # heading one level below the heading the accordion stands under
                doc.blocks.append(
                    Block(
                        "heading",
                        _norm(child.text_content()),
                        level=min(heading_level[0] + 1, 6),
                        in_box=box,
                    )
                )
            elif tag in ("ul", "ol") and _key_figures(child):
                continue  # "<strong>2 140</strong> meldingar ...": a box of figures, no items
            elif tag in ("ul", "ol") and breadcrumb(child):
                continue
            elif tag in ("ul", "ol") and _news_list(
                child,
                any(b.kind == "heading" and _NEWS_HEADING.search(b.text) for b in doc.blocks[-1:]),
            ):
                continue  # "Ny leverandør av CPAP-masker 12.02.2027": a list of dated news links
            elif tag in ("ul", "ol"):
                number = int(child.get("start") or 1)
                for li in child:
                    if not isinstance(li.tag, str) or li.tag != "li":
                        continue
                    value = li.get("value")
                    if value and value.isdigit():
                        number = int(value)
                    doc.blocks.append(
                        Block(
                            "item",
                            own_text(li),
                            level=depth,
                            ordered=tag == "ol",
                            number=str(number) if tag == "ol" else None,
                            in_box=box,
                        )
                    )
                    number += 1
                    for sub in li:
                        if isinstance(sub.tag, str) and sub.tag in ("ul", "ol"):
                            walk_list(sub, depth + 1, box)
            elif tag == "p" and _bold_only(child) and looks_like_heading(child.text_content()):
                # <p><strong>Utfordringar</strong></p>: a heading set in bold, as in Word
                doc.blocks.append(
                    Block("heading", _norm(child.text_content()), level=6, in_box=box)
                )
            elif tag == "dl" and any(
                isinstance(c.tag, str) and c.tag == "dt" and _DT_KIND.match(_norm(c.text_content()))
                for c in child
            ):
                # a card's <dl>: "Kvifor?" / "Målet vårt" / "Slik gjer vi det" as <dt> over
                # what the <dd> says: each term is a sub-heading one level below the card's
                # heading, naming the kind of what its <dd> holds (a paragraph or a list)
                level = min(heading_level[0] + 1, 6)
                for part in child:
                    if not isinstance(part.tag, str) or skip(part):
                        continue
                    if part.tag == "dt":
                        doc.blocks.append(
                            Block("heading", _norm(part.text_content()), level=level, in_box=box)
                        )
                    elif part.tag == "dd" and any(
                        isinstance(c.tag, str) and c.tag in ("ul", "ol", "p") for c in part
                    ):
                        walk(part, depth, box)
                    elif part.tag == "dd":
                        doc.blocks.append(Block("para", _norm(part.text_content()), in_box=box))
            elif tag in ("p", "blockquote", "dd", "dt", "figcaption", "caption"):
                doc.blocks.append(Block("para", _norm(child.text_content()), in_box=box))
            elif tag in ("table",):
                rows = _html_grid(child)
                if not _table_rows(rows, doc, box):
                    cells = child.findall(".//td") + child.findall(".//th")
                    walk(child, depth, box or len(cells) <= 1)
            elif tag in ("aside",):
                walk(child, depth, True)
            else:
                if len(child) == 0 or all(
                    isinstance(c.tag, str)
                    and c.tag in ("a", "strong", "em", "b", "i", "span", "br")
                    for c in child
                ):
                    value = _norm(child.text_content())
                    if value and tag not in ("a", "span", "strong", "em", "b", "i", "img", "br"):
                        doc.blocks.append(Block("para", value, in_box=box))
                    continue
                cls = (child.get("class") or "").lower()
                walk(child, depth, box or any(w in cls for w in ("box", "boks", "fakta", "info")))

    def walk_list(lst: Any, depth: int, box: bool) -> None:
        wrapper = lxml_html.Element("div")
        wrapper.append(_copy(lst))
        walk(wrapper, depth, box)

    _fold_card_dialogs(main, skip)
    _show_disclosed_panels(main, skip)
    walk(main, 0, False)


# "modal", "c-modal__dialog", "popup": the class of a dialog a page opens over itself
_DIALOG_CLASS = re.compile(r"(?:^|[-_])(?:modal|dialog|popup|lightbox)(?:$|[-_])")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _is_dialog(el: Any) -> bool:
    """A dialog a page opens over itself: <dialog>, role="dialog", class "modal"."""
    return (
        el.tag == "dialog"
        or (el.get("role") or "") in ("dialog", "alertdialog")
        or any(_DIALOG_CLASS.search(t) for t in (el.get("class") or "").lower().split())
    )


def _fold_card_dialogs(main: Any, skip: Any) -> None:
    """A grid of cards ("Kunst i fellesarealene", a teaser, "Les mer") whose text opens in a
    dialog further down the page (<dialog>, or <div role="dialog" hidden> that a script shows):
    each dialog that repeats its card's title is that card's content, hidden or not, and is
    moved into the card, its own title dropped and its headings set under the card's. A dialog
    no card on the page opens with its title (a cookie notice, a login form) stays as it was."""
    dialogs = {
        el.get("id"): el
        for el in main.iter()
        if isinstance(el.tag, str) and el.get("id") and _is_dialog(el)
    }
    for link in list(main.iter("a", "button")):
        target = next(
            (
                ref
                for name, value in link.attrib.items()
                if name in ("href", "aria-controls") or name.startswith("data-")
                for ref in [value.strip().lstrip("#")]
                if ref in dialogs
            ),
            None,
        )
        if target is None:
            continue
        dialog = dialogs[target]
        ancestors = list(link.iterancestors())
        if dialog in ancestors or any(skip(a) for a in ancestors[: ancestors.index(main)]):
            continue  # its own close button, or a link in the page's furniture
        card = head = None
        for anc in ancestors:
            if anc is main or anc is dialog:
                break
            heads = [h for h in anc.iter(*_HEADINGS)]
            if heads:
                if len(heads) == 1:
                    card, head = anc, heads[0]
                break
        title = next(iter(dialog.iter(*_HEADINGS)), None)
        named = _norm(title.text_content() if title is not None else "").casefold()
        card_title = _norm(head.text_content()).casefold() if head is not None else ""
        if (
            card is None
            or head is None
            or not card_title
            or not (named.startswith(card_title) or (named and card_title.startswith(named)))
        ):
            continue
        assert title is not None
        top, under = int(title.tag[1]), int(head.tag[1])
        title.drop_tree()
        for h in dialog.iter(*_HEADINGS):
            h.tag = f"h{min(6, under + max(1, int(h.tag[1]) - top))}"
        for button in list(dialog.iter("button")):
            button.drop_tree()  # "×", "Lukk"
        dialog.drop_tree()
        dialog.tag = "div"
        for name in ("hidden", "open", "role", "class", "id"):
            dialog.attrib.pop(name, None)
        card.append(dialog)
        del dialogs[target]


def _show_disclosed_panels(main: Any, skip: Any) -> None:
    """A hidden panel that a button in the page's text opens in place ("Les mer om tiltaka",
    <button aria-expanded="false" aria-controls="meir-1"> over <div id="meir-1" hidden>): the
    page's content, folded away, read as it stands (as a tab bar's panels are). Furniture
    (a menu, a cookie notice) stays out by its tag or class."""
    opened: set[str] = set()
    for control in main.iter("button", "a"):
        if control.get("aria-expanded") is None:
            continue
        ancestors = list(control.iterancestors())
        if main in ancestors and any(skip(a) for a in ancestors[: ancestors.index(main)]):
            continue
        opened.update((control.get("aria-controls") or "").split())
    for el in main.iter():
        if isinstance(el.tag, str) and (el.get("id") or "") in opened and not _is_dialog(el):
            el.attrib.pop("hidden", None)


# A <dt> that names the kind of what its <dd> says: "Kvifor?", "Utfordring", "Målet vårt",
# "Mål", "Slik gjer vi det", "Tiltak", "Dette gjør vi"
_DT_KIND = re.compile(
    r"^(?:kvifor|hvorfor|utfordring\w*|problem\w*|mål\w*|vårt mål|våre mål|hovedmål|"
    r"hovudmål|tiltak\w*|slik\s+(?:gjer|gjør)\s+vi\s+det|dette\s+(?:gjer|gjør)\s+vi|"
    r"kva\s+gjer\s+vi|hva\s+gjør\s+vi)\b[^.]{0,30}$",
    re.IGNORECASE,
)
# "2 140", "87 %", "14", "1,2 mill.": a figure set in bold at the head of a fact box's line
_FIGURE = re.compile(r"^[\d\s.,]+(?:%|prosent|mill\.?|mrd\.?)?$")


def _html_grid(table: Any) -> list[list[str]]:
    """An HTML table's rows as the reader sees them: a cell with ``rowspan`` ("Tidlig
    diagnostikk" over three rows, a goal beside its two measures) stands in each row it spans;
    one with ``colspan`` takes its columns, the rest of them blank (a section row across the
    table stays one cell)."""
    rows: list[list[str]] = []
    carried: dict[int, tuple[int, str]] = {}  # column -> (rows still to fill, text)
    for tr in table.iter("tr"):
        row: list[str] = []
        for cell in [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]:
            _carry(row, carried)
            text = _norm(cell.text_content())
            span = _span(cell.get("rowspan"))
            if span > 1:
                carried[len(row)] = (span - 1, text)
            row.append(text)
            row += [""] * (_span(cell.get("colspan")) - 1)
        _carry(row, carried)
        rows.append(row)
    return rows


def _carry(row: list[str], carried: dict[int, tuple[int, str]]) -> None:
    """Cells spanned down from rows above, at the row's next columns."""
    while len(row) in carried:
        left, text = carried[len(row)]
        row.append(text)
        if left <= 1:
            del carried[len(row) - 1]
        else:
            carried[len(row) - 1] = (left - 1, text)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _key_figures(lst: Any) -> bool:
    """Whether a list is a box of key figures: every item opens with a figure in bold
    ("<strong>87 %</strong> av pasientane var nøgde ..."), facts to read, no plan items."""
    items = [li for li in lst if isinstance(li.tag, str) and li.tag == "li"]
    if len(items) < 2:
        return False
    for li in items:
        first = next((c for c in li if isinstance(c.tag, str)), None)
        if (
            (li.text or "").strip()
            or first is None
            or first.tag not in ("strong", "b")
            or not _FIGURE.match(_norm(first.text_content()))
            or not any(ch.isdigit() for ch in first.text_content())
        ):
            return False
    return True


# "12.02.2027", "3. mars 2027": the date of a news link
_NEWS_DATE = re.compile(
    r"\b\d{1,2}\.\s?(?:\d{1,2}\.\s?\d{2,4}|[a-zæøå]+\s+\d{4})\s*$", re.IGNORECASE
)


# "Nytt fra Søvnklinikken", "Siste nytt", "Nyheiter", "Aktuelt": a heading over a page's news
_NEWS_HEADING = re.compile(r"\b(?:nytt|nyhet\w*|nyheit\w*|nyhende\w*|aktuelt)\b", re.IGNORECASE)


def _news_list(lst: Any, under_news: bool) -> bool:
    """Whether a list is a page's news: two items or more, each one link with a date (a
    <time>, or a date after the link under a heading that names news), nothing else."""
    items = [li for li in lst if isinstance(li.tag, str) and li.tag == "li"]
    if len(items) < 2:
        return False
    for li in items:
        links = li.findall(".//a")
        if len(links) != 1:
            return False
        rest = _norm(li.text_content()).replace(_norm(links[0].text_content()), "", 1).strip()
        dated = li.find(".//time") is not None or (under_news and bool(_NEWS_DATE.search(rest)))
        if not dated or len(rest.split()) > 4:
            return False
    return True


def _bold_only(p: Any) -> bool:
    """Whether all the text of a paragraph stands in <strong>/<b> (no text outside them)."""
    if (p.text or "").strip():
        return False
    children = [c for c in p if isinstance(c.tag, str)]
    if not children or any(c.tag not in ("strong", "b") for c in children if c.tag != "br"):
        return False
    return not any((c.tail or "").strip() for c in children)


def _copy(el: Any) -> Any:
    import copy

    return copy.deepcopy(el)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def _table_rows(
    rows: list[list[str]], doc: Document, box: bool, legend: dict[str, str] | None = None
) -> bool:
    """A table of items ("Tiltak | Ansvar | Frist"): each row an item block carrying its first
    column's header as a hint and its other columns as fields. False if it is no such table.
    ``legend``: the codes a key beside the table explains ("O = område"), for a kind column."""
    # a row of dashes only ("|---|---|", a Markdown separator typed into another format) is
    # the table's rule, not a row
    rows = [r for r in rows if any(c.strip(" -–—:=+|") for c in r)]
    if len(rows) < 2 or len(rows[0]) < 2:
        return False
    if _typed_table(rows, doc, box, legend):
        return True
    if _column_groups(rows, doc, box):
        return True
    header = [h.strip() for h in rows[0]]
    if not any(header) or any(len(h) > 40 for h in header):
        return False
    # The item column: the first one headed by a kind word ("Nr | Tiltak | Ansvar | Frist"),
    # else the first column that is not a number column.
    # With several kind columns ("Innsatsområde | Delmål | Tiltak | Ansvar") the row is the
    # measure; the other kind columns say where it belongs.
    col = next((n for n, h in enumerate(header) if _MEASURE_COLUMN.match(h)), None)
    if col is None and _INDICATOR_COLUMN.match(header[0]):
        col = 0  # "Styringsparameter | Mål 2025 | 2024 | 2025": a row names its indicator
    if col is None:
        # "Innsatsområde | Status | Utfordring": the row is the challenge, in its area
        col = next((n for n, h in enumerate(header) if _CHALLENGE_COLUMN.match(h)), None)
        if col is None or not any(_AREA_COLUMN.match(h) for h in header):
            col = None
    if col is None and any(_AREA_COLUMN.match(h) for h in header):
        # "Innsatsområde | Mål for 2027": the row is the goal, in its area
        col = next((n for n, h in enumerate(header) if _GOAL_COLUMN.match(h)), None)
    if col is None:
        col = next((n for n, h in enumerate(header) if _ITEM_COLUMN.match(h)), None)
    if col is None:
        col = next((n for n, h in enumerate(header) if h and not _NUMBER_COLUMN.match(h)), 0)
    number_col = next((n for n, h in enumerate(header) if _NUMBER_COLUMN.match(h)), None)
    # "Tiltak | Genetisk rettleiing | Kompetanse | Ansvar" with an 'x' under the areas a row
    # belongs to (instead of an area column): two such columns or more name the areas
    marked = [
        n
        for n, h in enumerate(header)
        if n not in (col, number_col)
        and h
        and not _PERIOD_HEADER.match(h)
        and re.search(r"[^\W\d]{4,}", h)
        and all(
            (row[n].strip() if n < len(row) else "") in _CROSS_MARKS
            for row in rows[1:]
            if len(row) > col and row[col].strip()
        )
        and any(n < len(row) and row[n].strip() for row in rows[1:])
    ]
    if len(marked) < 2:
        marked = []
    last_heading = next((b for b in reversed(doc.blocks) if b.kind == "heading"), None)
    # A column that groups the rows ("Innsatsområde"): a blank cell under a filled one belongs
    # to the group above (a merged cell reads as blank in every row but its first)
    groups = [n for n, h in enumerate(header) if n != col and _AREA_COLUMN.match(h)]
    above: dict[int, str] = {}
    for row in rows[1:]:
        if len(row) > col and row[col].strip():
            for n in groups:
                if n < len(row) and row[n].strip():
                    above[n] = row[n]
                elif n in above:
                    row = [*row, *[""] * max(0, n + 1 - len(row))]
                    row[n] = above[n]
        filled = [c.strip() for c in row if c.strip()]
        if (
            len(header) >= 3
            and len(filled) == 1
            and row[0].strip() == filled[0]
            and (col != 0 or len(row) < len(header))
            and looks_like_heading(filled[0])
            and not _TOTAL_ROW.match(filled[0])
        ):
            # "| Innsatsområde 1: Riktig legemiddelliste |" merged across the table (or alone
            # in its first column): a section row, a heading over the rows below it
            doc.blocks.append(
                Block(
                    "heading",
                    filled[0],
                    level=min((last_heading.level if last_heading else 0) + 1, 6),
                    in_box=box,
                )
            )
            continue
        beside = next(
            (
                n
                for n, h in enumerate(header)
                if n != col and _GOAL_COLUMN.match(h) and n < len(row) and row[n].strip()
            ),
            None,
        )
        if (
            (len(row) <= col or not row[col].strip())
            and beside is not None
            and _CHALLENGE_COLUMN.match(header[col])
            and groups
        ):
            # "Digitalisering | (no challenge) | Pasientane skal ...": a row of an area's
            # challenge and goal with the challenge cell empty still states the goal
            doc.blocks.append(
                Block(
                    "item",
                    row[beside],
                    hint=header[beside],
                    fields={
                        header[i].lower(): row[i]
                        for i in range(min(len(header), len(row)))
                        if row[i] and i not in (col, beside, number_col) and header[i]
                    },
                    in_box=box,
                )
            )
            continue
        if len(row) <= col or not row[col].strip():
            if _TEXT_ROW.match(filled[0] if len(filled) == 1 and row[0].strip() else ""):
                # "| Utfordring: Klinikken har ti ledige stillingar ... |" in a table whose
                # items stand in another column: a line of text of the sheet, not a row
                doc.blocks.append(Block("para", filled[0], in_box=box))
            continue
        fields = {
            header[i].lower(): row[i]
            for i in range(min(len(header), len(row)))
            if row[i] and i not in (col, number_col) and header[i] and i not in marked
        }
        number = None
        if number_col is not None and number_col < len(row):
            m = re.match(r"\s*(\d+(?:\.\d+)*)", row[number_col])
            number = m.group(1) if m else None
        doc.blocks.append(
            Block(
                "item",
                row[col],
                hint=header[col],
                fields=fields,
                in_box=box,
                number=number,
                ordered=number is not None,
                marks={header[n]: n < len(row) and bool(row[n].strip()) for n in marked},
            )
        )
    return True


# ---------------------------------------------------------------- side-by-side area blocks

# A group of columns named by a state, a version or a time, not an area: "Plan | Resultat",
# "Planlagt | Gjennomført", "Budsjett | Rekneskap", "Før | Etter", "2027 | 2028"
_NOT_AREA_GROUP = re.compile(
    r"^(?:plan|planlagt|plantal|resultat\w*|gjennomført|gjennomførd|oppnådd|faktisk|"
    r"budsjett\w*|rekneskap\w*|regnskap\w*|prognose\w*|estimat\w*|før|etter|no|nå|i dag|"
    r"dagens\s+\w+|framtidig\w*|fremtidig\w*|ønsket\s+\w+|ønskt\s+\w+|mål|status|"
    r"forslag\w*|vedtak|vedteke|vedtatt|endring\w*|kommentar\w*|merknad\w*|"
    r"eksempel\w*|mal)\b",
    re.IGNORECASE,
)


# "Utfordring", "Mål", "Hovudmål": a label that names the kind of the text beside it
_KIND_LABEL = re.compile(
    r"^(?:mål|målet|hovedmål|hovudmål|delmål|utfordring|utfordringar|utfordringer)$",
    re.IGNORECASE,
)


def _span_text(row: list[str], span: tuple[int, int]) -> str:
    """The filled cells of a row between two columns, joined."""
    return " ".join(c for c in row[span[0] : span[1]] if c)


def _column_groups(rows: list[list[str]], doc: Document, box: bool) -> bool:
    """A table laid out as side-by-side blocks, one per area: a row of area names, each over
    a group of columns (a merged cell, read as the name in the group's first column and blanks
    beside it), and a row of column headers that repeats the same sequence for every group
    ("Tiltak | Frist | Tiltak | Frist"), with the measures listed down each group. Rows with
    a label in a leading column ("Utfordring", "Mål") hold each area's text in its group's
    columns. Each group is read as its own table under a heading with the area's name; the
    leading columns ("Nr") belong to every group. False if the table has no such layout (the
    groups must name areas: "Plan | Resultat" or "2027 | 2028" over the same columns do not)."""
    width = max(len(r) for r in rows)
    grid = [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
    for s in range(1, min(len(grid), 8)):
        cells = [c.casefold() for c in grid[s]]
        k0 = next((n for n, c in enumerate(cells) if c and _MEASURE_COLUMN.match(grid[s][n])), None)
        if k0 is None:
            continue
        period = next((p for p in range(1, 7) if k0 + p < width and cells[k0 + p] == cells[k0]), 0)
        if not period:
            continue
        # the group's columns before its kind column ("Nr | Tiltak | Frist" repeated)
        while (
            k0 > 0
            and cells[k0 - 1]
            and k0 - 1 + period < width
            and (cells[k0 - 1] == cells[k0 - 1 + period])
        ):
            k0 -= 1
        starts = [k0]
        while starts[-1] + period < width and (
            cells[starts[-1] + period : starts[-1] + 2 * period]
            == cells[starts[-1] : starts[-1] + period][: width - starts[-1] - period]
        ):
            starts.append(starts[-1] + period)
        if len(starts) < 2 or any(cells[starts[-1] + period :]):
            # one group, or a column after the last group that is none of it: no blocks
            continue
        spans = [(a, a + period) for a in starts]
        lead = list(range(k0))

        # the row of area names: the nearest row above with one short name in every group
        # and no label in front of it but "Område"
        names: list[str] = []
        g = s - 1
        while g >= 0:
            row = grid[g]
            per = [[c for c in row[a:b] if c] for a, b in spans]
            if (
                all(len(p) == 1 for p in per)
                and (not _span_text(row, (0, k0)) or _AREA_COLUMN.match(_span_text(row, (0, k0))))
                and all(len(p[0]) <= 80 and not p[0].endswith(".") for p in per)
            ):
                names = [p[0] for p in per]
                break
            g -= 1
        if (
            not names
            or len({n.casefold() for n in names}) < len(names)
            or any(
                _NOT_AREA_GROUP.match(n)
                or _PERIOD_HEADER.match(n)
                or _MEASURE_COLUMN.match(n)
                or not re.search(r"[^\W\d]{3,}", n)
                for n in names
            )
        ):
            continue
        # rows with a label in a leading column ("Utfordring", "Mål") between the names and
        # the column headers, or among the rows below
        label_rows = [
            r
            for r in range(g + 1, len(grid))
            if r != s and lead and _LABEL_CELL.match(_span_text(grid[r], (0, k0)))
        ]
        data = [
            r
            for r in range(s + 1, len(grid))
            if r not in label_rows and any(_span_text(grid[r], sp) for sp in spans)
        ]
        if not data:
            continue
        lines = [
            _span_text(grid[r], (0, k0)) or _span_text(grid[r], (0, width))
            for r in range(s + 1, len(grid))
            if r not in label_rows and r not in data and any(grid[r])
        ]
        last_heading = next((b for b in reversed(doc.blocks) if b.kind == "heading"), None)
        level = min((last_heading.level if last_heading else 0) + 1, 6)
        for name, span in zip(names, spans, strict=True):
            doc.blocks.append(Block("heading", name, level=level, in_box=box))
            for r in label_rows:
                text = _span_text(grid[r], span)
                label = _span_text(grid[r], (0, k0)).rstrip(" :")
                if text and _KIND_LABEL.match(label):
                    # the area's challenge or goal, as a table row under that column is
                    doc.blocks.append(Block("item", text, hint=label, in_box=box))
                elif text:
                    doc.blocks.append(Block("para", f"{label}: {text}", in_box=box))
            table = [[grid[s][n] for n in lead] + grid[s][span[0] : span[1]]]
            table += [
                [grid[r][n] for n in lead] + grid[r][span[0] : span[1]]
                for r in data
                if _span_text(grid[r], span)
            ]
            if len(table) > 1:
                _table_rows(table, doc, box)
        doc.blocks += [Block("para", line, in_box=box) for line in lines]
        return True
    return _area_columns(grid, doc, box)


def _area_columns(grid: list[list[str]], doc: Document, box: bool) -> bool:
    """A table with one column per area and the kinds in its first column: a row of area
    names ("| | Handhygiene | Isolering |") over rows labelled "Utfordring", "Mål", "Tiltak"
    (a blank label goes on with the one above, as a merged cell reads). Each column is read
    as its area under a heading with its name, each filled cell as an item of its row's kind.
    False if the first column holds anything but kind labels or names no measures."""
    header = grid[0]
    names = [c for c in header[1:] if c]
    if (
        (header[0] and not _AREA_COLUMN.match(header[0]))
        or len(names) < 2
        or len(names) != len(header) - 1
        or len({n.casefold() for n in names}) < len(names)
        or any(
            _NOT_AREA_GROUP.match(n)
            or _PERIOD_HEADER.match(n)
            or _MEASURE_COLUMN.match(n)
            or _KIND_LABEL.match(n)
            or len(n) > 80
            or n.endswith(".")
            or not re.search(r"[^\W\d]{3,}", n)
            for n in names
        )
    ):
        return False
    labels: list[str] = []
    for row in grid[1:]:
        label = row[0].rstrip(" :") or (labels[-1] if labels else "")
        if not label or not (_KIND_LABEL.match(label) or _MEASURE_COLUMN.fullmatch(label)):
            return False
        labels.append(label)
    if not any(_MEASURE_COLUMN.fullmatch(label) for label in labels):
        return False
    last_heading = next((b for b in reversed(doc.blocks) if b.kind == "heading"), None)
    level = min((last_heading.level if last_heading else 0) + 1, 6)
    for n, name in enumerate(names, start=1):
        doc.blocks.append(Block("heading", name, level=level, in_box=box))
        for label, row in zip(labels, grid[1:], strict=True):
            if row[n]:
                doc.blocks.append(Block("item", row[n], hint=label, in_box=box))
    return True


# ---------------------------------------------------------------- exports with a kind column

# An export from a case system or a project tool: one row per element of the plan, a column
# that names each row's kind ("Type": "Mål", "Tiltak", or code letters "O/U/M/T" explained in a
# key under the table) and often a column that points at the parent row's ID ("Forelder").
_KIND_COLUMN = re.compile(
    r"^(?:type|typ|kategori|nivå|element|elementtype|objekttype|sakstype|radtype|oppgavetype|"
    r"oppgåvetype|art|kind)$",
    re.IGNORECASE,
)
_TITLE_COLUMN = re.compile(
    r"^(?:tittel|titel|navn|namn|tekst|overskrift|emne|sammendrag|samandrag|kortnavn|"
    r"beskrivelse|beskriving|skildring|title|name|summary)$",
    re.IGNORECASE,
)
_PARENT_COLUMN = re.compile(
    r"^(?:forelder|foreldre|forelder-?id|overordnet(?:\s+(?:id|element|rad|sak))?|"
    r"overordna(?:\s+(?:id|element|rad|sak))?|parent(?:\s*id)?|hører til|høyrer til|"
    r"tilhører|tilhøyrer|del av)$",
    re.IGNORECASE,
)
_ROW_ID_COLUMN = re.compile(
    r"^(?:id|nr\.?|nummer|løpenr\.?|saksnr\.?|saksnummer|nøkkel|key|ref\.?)$", re.IGNORECASE
)
# The words that name a kind, as a type cell or a key gives them
_KIND_WORDS = {
    "theme": r"(?:innsats|satsings|tema|fokus|hovud|hoved)?område|tema|satsing|perspektiv",
    "challenge": r"utfordring|utfordringar|utfordringer|problem|risiko|behov",
    "goal": r"(?:hovud|hoved|del|effekt|resultat)?mål|målsetting|målsetjing|ambisjon",
    "measure": r"tiltak|aktivitet|oppgåve|oppgave|handling|prosjekt|leveranse",
}
_KIND_WORD = {k: re.compile(rf"^(?:{v})$", re.IGNORECASE) for k, v in _KIND_WORDS.items()}
# The code letters Norwegian case systems use when no key says otherwise
_DEFAULT_CODES = {
    "O": "theme",
    "I": "theme",
    "S": "theme",
    "U": "challenge",
    "M": "goal",
    "D": "goal",
    "H": "goal",
    "T": "measure",
    "A": "measure",
}
# "O = område", "U: utfordring", "T – tiltak": one pair of a key under an export
_CODE_PAIR = re.compile(
    r"(?<![\w-])([A-ZÆØÅ]{1,3}|\d{1,2})\s*(?:=|:|–|-)\s*([A-ZÆØÅa-zæøå]{2,20})(?![\wæøå])"
)
# A status that says the row was turned down or dropped: not an element of the plan
_REJECTED_STATUS = re.compile(
    r"^(?:avvist|avvise|avslått|avslege|forkastet|forkasta|trukket|trekt|utgår|utgått|utgått|"
    r"kansellert|henlagt|henlagd|avlyst|rejected|cancelled|canceled|won't do)\b",
    re.IGNORECASE,
)
_KIND_HINT = {"challenge": "Utfordring", "goal": "Mål", "measure": "Tiltak"}


def _kind_of_word(word: str) -> str | None:
    word = word.strip().strip(".:").strip()
    return next((k for k, rx in _KIND_WORD.items() if rx.match(word)), None)


def code_legend(lines: list[str]) -> dict[str, str]:
    """The codes a key under an export explains ("Type: O = område, U = utfordring, M = mål,
    T = tiltak"), each mapped to its kind; only pairs whose word names a kind."""
    legend: dict[str, str] = {}
    for line in lines:
        for code, word in _CODE_PAIR.findall(line):
            kind = _kind_of_word(word)
            if kind is not None:
                legend.setdefault(code.casefold(), kind)
    return legend


def _typed_table(
    rows: list[list[str]], doc: Document, box: bool, legend: dict[str, str] | None
) -> bool:
    """An export with a kind column ("ID | Type | Tittel | Forelder | Ansvarlig | Status"):
    each row is the element its type names. Areas become headings; the other rows become items
    whose hint is their kind's word, set out under their parents in the order of the tree the
    parent column draws (an export lists rows by ID, not under each other). Rows whose status
    says they were turned down ("Avvist") are left out. False if it is no such table."""
    header = [h.strip() for h in rows[0]]
    kind_col = next((n for n, h in enumerate(header) if _KIND_COLUMN.match(h)), None)
    if kind_col is None:
        return False
    title_col = next(
        (n for n, h in enumerate(header) if n != kind_col and _TITLE_COLUMN.match(h)), None
    )
    if title_col is None:
        return False
    parent_col = next((n for n, h in enumerate(header) if _PARENT_COLUMN.match(h)), None)
    id_col = next((n for n, h in enumerate(header) if _ROW_ID_COLUMN.match(h)), None)
    status_col = next((n for n, h in enumerate(header) if re.match(r"status$", h, re.I)), None)
    codes = dict(legend or {})

    def kind_of(cell: str) -> str | None:
        cell = cell.strip()
        if not cell:
            return None
        if cell.casefold() in codes:
            return codes[cell.casefold()]
        if len(cell) <= 2 and cell.isupper() and not codes:
            return _DEFAULT_CODES.get(cell)
        return _kind_of_word(cell)

    def cell(row: list[str], n: int | None) -> str:
        return row[n].strip() if n is not None and n < len(row) else ""

    body = [r for r in rows[1:] if cell(r, title_col)]
    kinds = [kind_of(cell(r, kind_col)) for r in body]
    known = [k for k in kinds if k is not None]
    if len(body) < 2 or len(known) * 5 < len(body) * 4 or len(set(known)) < 2:
        return False
    ids = {cell(r, id_col): n for n, r in enumerate(body) if cell(r, id_col)}
    children: dict[int | None, list[int]] = {}
    for n, r in enumerate(body):
        up = ids.get(cell(r, parent_col))
        children.setdefault(up if up != n else None, []).append(n)
    order: list[tuple[int, int]] = []  # (row, depth)
    seen: set[int] = set()

    def walk(n: int, depth: int) -> None:
        if n in seen:
            return
        seen.add(n)
        order.append((n, depth))
        for c in children.get(n, []):
            walk(c, depth + 1)

    for n in children.get(None, []):
        walk(n, 0)
    for n in range(len(body)):  # rows in a cycle of parents: in their own order
        walk(n, 0)
    skip = {col for col in (kind_col, title_col, parent_col, id_col) if col is not None}
    if doc.title is None:
        # the export names no plan (its first area is no title): the file's name does
        doc.title = PurePath(doc.file_name).stem
    rejected: list[str] = []
    dropped: set[int] = set()
    for n, _depth in order:
        r = body[n]
        up = ids.get(cell(r, parent_col))
        if up in dropped or _REJECTED_STATUS.match(cell(r, status_col)):
            dropped.add(n)
            rejected.append(cell(r, id_col) or cell(r, title_col)[:40])
            continue
        kind = kinds[n]
        text = cell(r, title_col)
        if kind == "theme":
            doc.blocks.append(Block("heading", text, level=2, in_box=box))
            described = _area_description(header, r)
            if described:
                # an area's description ("Berre 14 prosent ... Mange pasientar får ikkje ..."):
                # the text that opens the area, read as a paragraph under its heading
                doc.blocks.append(Block("para", described, in_box=box))
            continue
        if kind is None:
            doc.blocks.append(Block("para", text, in_box=box))
            continue
        fields = {
            header[i].lower(): r[i].strip()
            for i in range(min(len(header), len(r)))
            if r[i].strip() and i not in skip and header[i]
        }
        doc.blocks.append(
            Block(
                "item",
                text,
                hint=_KIND_HINT[kind],
                fields=fields,
                in_box=box,
                number=cell(r, id_col) or None,
            )
        )
    if rejected:
        doc.notes.append(
            f"{len(rejected)} row(s) of the export ({', '.join(rejected)}) have a status that "
            "says they were turned down or dropped; plangraph took no items from them."
        )
    return True


def _area_description(header: list[str], row: list[str]) -> str:
    """The description an export gives an area's row ("Beskrivelse", "Omtale", "Bakgrunn"):
    whole sentences only (not a note of a word or two)."""
    for n, h in enumerate(header):
        if n < len(row) and _DESCRIPTION_COLUMN.match(h):
            text = row[n].strip()
            if len(text.split()) >= 6 and text.endswith((".", "!", "?")):
                return text
    return ""


# "Beskrivelse", "Beskriving", "Omtale", "Bakgrunn", "Skildring": the column that describes a row
_DESCRIPTION_COLUMN = re.compile(
    r"^(?:beskrivelse|beskriving|omtale|bakgrunn|skildring|utdyping|utdypning)$", re.IGNORECASE
)
# The cell of a cross-mark column: empty or a mark
_CROSS_MARKS = {"", "x", "X", "✓", "✔", "•", "*", "●", "☑", "☒"}
# A column header that names a time or a state, not an area: "2027", "K1", "1. tertial",
# "Vår 2028", "Jan", "Status", "Gjennomført"
_PERIOD_HEADER = re.compile(
    r"^(?:\d{4}\b.*|[QKT]\d\b.*|\d\.?\s*(?:kvartal|tertial|halvår)\b.*|(?:kvartal|tertial|halvår)\s*\d.*|"
    r"(?:jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)\w*\.?(?:\s+\d{2,4})?|"
    r"(?:vår|haust|høst|sommar|sommer|vinter)\b.*|(?:uke|veke)\s*\d.*|ja|nei|status|"
    r"gjennomført|gjennomførd|ferdig\w*|påbegynt|starta|startet|planlagt|pågår|ikkje\s+starta|"
    r"ikke\s+startet|prioritet\w*|høg|høy|middels|låg|lav)$",
    re.IGNORECASE,
)


# A one-cell row that is a line of text: a labelled remark ("Utfordring: ...", "Merknad: ...")
# or a whole sentence
_TEXT_ROW = re.compile(
    r"^(?:[A-ZÆØÅ][\wæøå-]{2,24}\s*:\s+\S.{10,}|[A-ZÆØÅ].{20,}[.!?])$", re.DOTALL
)
_ITEM_COLUMN = re.compile(
    # "Måltall", "Målgruppe", "Måling" hold values or audiences, not items: "Styringsmål |
    # Måltall 2025" is a table of goals
    r"(?:tiltak|aktivitet\w*|handling\w*|mål(?!tal|gruppe|grupp|ing|epunkt)\w*|delmål|hovudmål|"
    r"hovedmål|styringsmål\w*|utfordring\w*|"
    r"innsatsområde\w*|satsingsområde\w*|tema)\b",
    re.IGNORECASE,
)
_MEASURE_COLUMN = re.compile(
    # "Tiltak", "Aktivitet", "Beskrivelse av tiltak", "Kort beskriving av tiltaket",
    # "Hva skal gjøres?"
    r"(?:(?:kort\s+)?(?:beskrivelse|beskriving|navn|namn|omtale)\s+(?:av|på)\s+)?"
    r"(?:tiltak\w*|aktivitet\w*|handling\w*)\b"
    r"|(?:hva|kva)\s+skal\s+(?:gjøres|gjerast|gjeras|vi gjøre|vi gjere)\b",
    re.IGNORECASE,
)
_INDICATOR_COLUMN = re.compile(
    r"(?:styringsparameter\w*|\w*indikator\w*|parameter\w*|måleparameter\w*)$", re.IGNORECASE
)
_CHALLENGE_COLUMN = re.compile(r"utfordring\w*$", re.IGNORECASE)
# "Mål", "Mål for 2027", "Målsetting", "Delmål", "Hovudmål" (not "Måltall", "Målgruppe")
_GOAL_COLUMN = re.compile(
    r"(?:mål|målsetting|målsetjing|delmål|hovudmål|hovedmål|effektmål|resultatmål)"
    r"(?:\s+(?:(?:for|i|innan|innen|mot)\s+)?\d{4})?$",
    re.IGNORECASE,
)
_AREA_COLUMN = re.compile(
    # "Perspektiv": a balanced scorecard's perspective (pasient, prosesser, medarbeidere,
    # økonomi), the area its goals and measures belong to
    r"(?:innsatsområde|satsingsområde|område|tema|temaområde|perspektiv)\w*$",
    re.IGNORECASE,
)
_TOTAL_ROW = re.compile(r"(?:sum|totalt?|i alt|samla|samlet)\b", re.IGNORECASE)
_NUMBER_COLUMN = re.compile(r"(?:nr\.?|#|id|nummer|løpenr\.?)$", re.IGNORECASE)


# ---------------------------------------------------------------- spreadsheets of items

# Names a spreadsheet program gives a sheet by itself ("Ark1", "Sheet1"): no heading.
_DEFAULT_SHEET = re.compile(r"^(?:ark|sheet|blad|tabell|table)\s*\d*$", re.IGNORECASE)


# "Arkiv", "Arkiv 2023-2026", "Avsluttede tiltak", "Fullførte", "Ferdige tiltak": a sheet of
# finished measures kept for the record
_ARCHIVE_SHEET = re.compile(
    r"^(?:arkiv\w*|avslutt\w*|fullført\w*|ferdig\w*|historikk|tidlegare tiltak|"
    r"tidligere tiltak)\b",
    re.IGNORECASE,
)
# "Mål", "Utfordring", "Hovedmål": the label cell of a label | text row
_LABEL_CELL = re.compile(
    r"^(?:mål|målet|hovedmål|hovudmål|delmål|utfordring|utfordringar|utfordringer|problem|"
    r"bakgrunn|status)\s*:?$",
    re.IGNORECASE,
)
# "Fullført", "Avsluttet", "Ferdigstilt": a column of when each measure was finished
_FINISHED_COLUMN = re.compile(
    r"^(?:fullført|fullførd|avsluttet|avslutta|ferdigstilt|ferdigstilt år|gjennomført)$",
    re.IGNORECASE,
)


# "Eigar:", "Sist endra:", "Versjon:", "Dokumentansvarleg", "Godkjent av": the label of a fact
# about the document in the header block above a sheet's table
_FACT_LABEL = re.compile(
    r"^(?:[^\W\d][\w -]{0,28}:|(?:eigar|eier|dokument\w*|versjon|revisjon|sist\s+\w+|"
    r"godkjen[dt]\w*(?:\s+av)?|utarbeid\w*(?:\s+av)?|dato|gyldig\s+\w+|vedteke|vedtatt|"
    r"ansvarleg|ansvarlig|kontaktperson|saksbehandlar|saksbehandler))$",
    re.IGNORECASE,
)
# "1 | Born frå familiar med låg inntekt ...": a numbered list set in two columns
_NUMBERED_ROW = re.compile(r"^\d{1,2}\.? \| [^|]{15,}$")


def _fact_row(row: list[str]) -> bool:
    filled = [c for c in row if c]
    return (
        len(filled) == 2
        and bool(_FACT_LABEL.match(filled[0]))
        and not _LABEL_CELL.match(filled[0])
        and len(filled[1]) <= 80
    )


def _sheet_parts(rows: list[list[str]]) -> list[list[list[str]]]:
    """A sheet's rows split where a blank row stands before a new part: a title row of one
    cell followed by rows of another shape than the table above (a second table, a numbered
    list in two columns), or a closing line of text. Blank rows inside a table (space
    between its groups) keep the table whole. Blank rows are dropped."""
    parts: list[list[list[str]]] = [[]]
    width = 0  # filled cells of the current table's header row
    header: list[str] = []
    blank = False
    for n, row in enumerate(rows):
        filled = sum(1 for c in row if c)
        if not filled:
            blank = bool(parts[-1])
            continue
        if blank and width >= 3 and filled == 1:
            later = next((r for r in rows[n + 1 :] if any(r)), None)
            shape = sum(1 for c in later if c) if later is not None else 0
            if (
                later is None
                or (shape >= 2 and shape < width - 1)
                or _NUMBERED_ROW.match(" | ".join(c for c in later if c))
                # "Tiltak 2028" over the header row again: a second table of the same columns
                or [c.casefold() for c in later if c] == header
            ):
                parts.append([])
                width = 0
        blank = False
        if not width and filled >= 2 and not _fact_row(row):
            width = filled
            header = [c.casefold() for c in row if c]
        parts[-1].append(row)
    return parts


def _finished_table(rows: list[list[str]]) -> bool:
    """Whether a sheet's table lists finished measures: a "Fullført" column filled in every
    row (the year or date each was done)."""
    if len(rows) < 2:
        return False
    col = next((n for n, h in enumerate(rows[0]) if _FINISHED_COLUMN.match(h.strip())), None)
    return col is not None and all(len(r) > col and r[col].strip() for r in rows[1:])


def read_sheet_document(file_name: str, data: bytes, fmt: str) -> Document:
    """A free-form spreadsheet (``.xlsx`` or ``.csv``, not plangraph's template) read as a
    document: a sheet's own name is a heading, the one-cell rows above its table are the
    title and lines of text, and its table ("Nr | Tiltak | Ansvar | Frist | Status") gives one
    item block per row, as a table in a document does. Formulas are read as their text."""
    doc = Document(file_name=file_name, checksum=checksum(data), format=fmt, blocks=[])
    if fmt == "xlsx":
        sheets = _xlsx_sheets(file_name, data)
    else:
        text, cp1252 = decode_csv(data, file_name)
        sheets = [("", csv_rows(file_name, text))]
        if cp1252:
            doc.notes.append(CP1252_NOTE)
    names = {_norm(name).casefold() for name, _rows in sheets if name}
    parts: list[tuple[str, list[list[str]], bool]] = []
    for name, rows in sheets:
        rows = [[_norm(c) for c in row] for row in rows]
        for n, part in enumerate(_sheet_parts(rows)):
            parts.append((name, part, n == 0))
    # the key to a kind column's codes, wherever on the sheets it stands ("Type: O = område")
    legend = code_legend([" ".join(c for c in row if c) for _n, r in sheets for row in r])
    for name, rows, first_part in parts:
        if not rows:
            continue
        if not first_part:
            # a second table or list lower on the sheet, under a title row of its own
            # ("Hovudutfordringar" over "1 | Born frå familiar ..."): its title is a heading
            title = rows[0][0] if sum(1 for c in rows[0] if c) == 1 else ""
            if title and rows[0][0] and looks_like_heading(title):
                doc.blocks.append(Block("heading", title, level=3))
                rows = rows[1:]
            numbered = 0
            while numbered < len(rows) and _NUMBERED_ROW.match(
                " | ".join(c for c in rows[numbered] if c)
            ):
                numbered += 1
            if numbered >= 2:
                # "1 | text", "2 | text": a numbered list set in two columns; the lines of
                # text under it ("Kjelde: ...") stay text
                for r in rows[:numbered]:
                    filled = [c for c in r if c]
                    doc.blocks.append(
                        Block("item", filled[1], number=filled[0].rstrip("."), ordered=True)
                    )
                doc.blocks += [Block("para", " ".join(c for c in r if c)) for r in rows[numbered:]]
                continue
            if rows and sum(1 for c in rows[0] if c) >= 2:
                if not _table_rows(rows, doc, False):
                    doc.blocks += [Block("para", " ".join(c for c in r if c)) for r in rows]
                continue
            doc.blocks += [Block("para", " ".join(c for c in r if c)) for r in rows]
            continue
        if _ARCHIVE_SHEET.match(_norm(name)) and len(sheets) > 1:
            # "Arkiv 2023-2026", "Avsluttede tiltak": the finished measures of an earlier
            # plan, kept for the record: no items of this plan
            doc.notes.append(
                f"The sheet '{name}' holds finished measures from an earlier plan (an archive "
                "sheet); plangraph took no items from it."
            )
            continue
        if name and not _DEFAULT_SHEET.match(name.strip()) and len(sheets) > 1:
            doc.blocks.append(Block("heading", _norm(name), level=2))
        start = next((n for n, row in enumerate(rows) if sum(1 for c in row if c) >= 2), None)
        while start is not None and _fact_row(rows[start]):
            # "Eigar: | Fylkestannlegen", "Sist endra: | 14.01.2027": the document's facts in
            # a header block above the table, one label | value row each, no table of items
            rows[start] = [" ".join(c for c in rows[start] if c)]
            start = next(
                (n for n in range(start, len(rows)) if sum(1 for c in rows[n] if c) >= 2), None
            )
        for row in rows[: len(rows) if start is None else start]:
            text = " ".join(c for c in row if c)
            if doc.title is None and looks_like_heading(text):
                doc.title = text
                doc.blocks.append(Block("heading", text, level=1))
            else:
                doc.blocks.append(Block("para", text))
        # "Mål | Ingen pasienter skal ...", "Utfordring | ...": label | text rows above the
        # sheet's table: lines of text that say the area's goal and challenge
        while start is not None and start < len(rows):
            filled = [c for c in rows[start] if c]
            if len(filled) != 2 or not _LABEL_CELL.match(filled[0]) or len(filled[1]) < 20:
                break
            doc.blocks.append(Block("para", f"{filled[0].rstrip(' :')}: {filled[1]}"))
            start += 1
            start = next(
                (n for n in range(start, len(rows)) if sum(1 for c in rows[n] if c) >= 2), None
            )
        if start is not None and len(sheets) > 1:
            listed = [r[0].casefold() for r in rows[start + 1 :] if sum(1 for c in r if c) >= 2]
            if listed and sum(1 for cell in listed if cell in names) >= max(2, len(listed) - 1):
                # a cover sheet's list of the workbook's sheets ("Arkfane | Innhold"): no items;
                # the lines of text under it stay text
                doc.blocks += [
                    Block("para", " ".join(c for c in r if c))
                    for r in rows[start + 1 :]
                    if sum(1 for c in r if c) == 1
                ]
                continue
        if start is not None and _finished_table(rows[start:]):
            doc.notes.append(
                f"The table of the sheet '{name}' lists finished measures (a 'Fullført' column "
                "filled in every row); plangraph took no items from it."
            )
            continue
        if start is not None and not _table_rows(rows[start:], doc, False, legend):
            doc.blocks += [Block("para", " ".join(c for c in r if c)) for r in rows[start:]]
    doc.blocks = [b for b in doc.blocks if b.text.strip()]
    for i, block in enumerate(doc.blocks, start=1):
        block.index = i
    if not any(b.kind in ("item", "para") for b in doc.blocks):
        raise InputError(f"{file_name}: the spreadsheet holds no text (empty spreadsheet)")
    return doc


def _xlsx_sheets(file_name: str, data: bytes) -> list[tuple[str, list[list[str]]]]:
    with open_workbook(file_name, data) as wb:
        return [
            (
                ws.title,
                [
                    [_sheet_cell(v, f"{file_name}, sheet {ws.title}, row {r}") for v in values]
                    for r, values in enumerate(ws.iter_rows(values_only=True), start=1)
                ],
            )
            for ws in wb.worksheets
        ]


def _sheet_cell(value: Any, where: str) -> str:
    """A cell's value as the sheet shows it: a date without its midnight time ("2025-06-01"),
    a whole number without ".0"; a formula as its text."""
    import datetime

    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        text = value.date().isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if len(text) > MAX_CELL_CHARS:
        raise InputError(
            f"{where}: the cell holds {len(text):,} characters, more than the "
            f"{MAX_CELL_CHARS:,} allowed"
        )
    return text


# ---------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(file_name: str, data: bytes, doc: Document) -> None:
    check_zip(data, file_name)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx fails in many ways on a broken package
        raise InputError(f"{file_name}: not a readable .docx file: {exc}") from None
    props = document.core_properties
    if props.title:
        doc.title = props.title.strip()
    numbering = _docx_numbering(document)
    counters: dict[tuple[str, int], int] = {}
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == _W + "p":
            _docx_paragraph(child, document, numbering, counters, doc, box=False)
        elif child.tag == _W + "tbl":
            cells = list(child.iter(_W + "tc"))
            rows = [
                [
                    " ".join(
                        "".join(t.text or "" for t in p.iter(_W + "t")).strip()
                        for p in tc.iter(_W + "p")
                    ).strip()
                    for tc in tr.iter(_W + "tc")
                ]
                for tr in child.iter(_W + "tr")
            ]
            if _table_rows(rows, doc, False):
                continue
            for p in child.iter(_W + "p"):
                _docx_paragraph(p, document, numbering, counters, doc, box=len(cells) <= 1)
    _text_tables(doc)
    typed = [b for b in doc.blocks if b.kind == "numbered-heading"]
    _settle_numbered_headings(doc.blocks)
    for block in typed:
        if block.kind == "heading":
            # as Word's own headings: "2" at the level of Heading 1, "2.1" of Heading 2
            block.level = 2 + str(block.number).rstrip(".").count(".")


# "2 Legemiddeltryggleik", "2.1 Mål", "3.2. Utfordringar": a number typed before a heading in a
# plain paragraph (not "2. Etablere ...", which a typed list has as often)
_TYPED_HEADING = re.compile(r"^\s*(?:\d{1,2}|\d{1,2}(?:\.\d{1,2})+\.?)\s+[^\W\d]")
_CONTENTS_LINE = re.compile(
    r"^(?:innhald|innhold|innholdsfortegnelse|innhaldsliste|innholdsliste)\s*:?$", re.IGNORECASE
)


def _text_tables(doc: Document) -> None:
    """Paragraphs set out as a table with tabs or wide gaps ("Oppdrag<tab>Status<tab>Kommentar"
    over one paragraph a row, as in a Word file typed without a table): a run of at least two,
    the first with three cells or more, read as the table it is."""

    def cells(block: Block) -> list[str]:
        text = block.text.strip()
        if block.kind != "para" or block.in_box or "\n" in text:
            return []
        return _row_cells(text, _PLAIN_COLUMNS)

    blocks, doc.blocks = doc.blocks, []
    i = 0
    while i < len(blocks):
        if _opens_table(blocks[i].text, cells(blocks[i])):
            j = i + 1
            while j < len(blocks) and len(cells(blocks[j])) >= 2:
                j += 1
            if j - i >= 2:
                before = len(doc.blocks)
                if _table_rows([cells(b) for b in blocks[i:j]], doc, False):
                    for row in doc.blocks[before:]:
                        row.page = blocks[i].page
                    i = j
                    continue
                del doc.blocks[before:]
        doc.blocks.append(blocks[i])
        i += 1


def _docx_numbering(document: Any) -> dict[tuple[str, int], str]:
    """(numId, ilvl) -> numFmt ("bullet", "decimal", ...) from the numbering part."""
    found: dict[tuple[str, int], str] = {}
    try:
        part = document.part.numbering_part
    except (KeyError, NotImplementedError, AttributeError):
        return found
    root = part.element
    abstract: dict[str, dict[int, str]] = {}
    for an in root.iter(_W + "abstractNum"):
        levels: dict[int, str] = {}
        for lvl in an.iter(_W + "lvl"):
            fmt = lvl.find(_W + "numFmt")
            levels[int(lvl.get(_W + "ilvl", "0"))] = (
                fmt.get(_W + "val", "bullet") if fmt is not None else "bullet"
            )
        abstract[an.get(_W + "abstractNumId", "")] = levels
    for num in root.iter(_W + "num"):
        ref = num.find(_W + "abstractNumId")
        if ref is None:
            continue
        for ilvl, fmt in abstract.get(ref.get(_W + "val", ""), {}).items():
            found[(num.get(_W + "numId", ""), ilvl)] = fmt
    return found


def _docx_paragraph(
    p: Any,
    document: Any,
    numbering: dict[tuple[str, int], str],
    counters: dict[tuple[str, int], int],
    doc: Document,
    box: bool,
) -> None:
    text = "".join(t.text or "" for t in p.iter(_W + "t", _W + "tab", _W + "br") if t.text)
    text = "".join(
        (node.text or "") if node.tag == _W + "t" else ("\t" if node.tag == _W + "tab" else "\n")
        for node in p.iter(_W + "t", _W + "tab", _W + "br")
    ).strip()
    if not text:
        return
    style_id = None
    ppr = p.find(_W + "pPr")
    num_id = None
    ilvl = 0
    if ppr is not None:
        ps = ppr.find(_W + "pStyle")
        if ps is not None:
            style_id = ps.get(_W + "val")
        numpr = ppr.find(_W + "numPr")
        if numpr is not None:
            nid = numpr.find(_W + "numId")
            lvl = numpr.find(_W + "ilvl")
            num_id = nid.get(_W + "val") if nid is not None else None
            ilvl = int(lvl.get(_W + "val", "0")) if lvl is not None else 0
    style_name = ""
    if style_id:
        try:
            style_name = document.styles.get_by_id(style_id, 1).name or style_id
        except (KeyError, ValueError, AttributeError):
            style_name = style_id
    lname = style_name.lower()
    heading = re.match(r"(?:heading|overskrift)\s*(\d)", lname)
    if lname in ("title", "tittel"):
        doc.title = doc.title or text
        doc.blocks.append(Block("heading", text, level=1, in_box=box))
        return
    if heading:
        doc.blocks.append(Block("heading", text, level=int(heading.group(1)) + 1, in_box=box))
        return
    if (num_id is not None and num_id != "0") or "list" in lname or "liste" in lname:
        fmt = numbering.get((num_id or "", ilvl), "")
        ordered = ("number" in lname or "nummer" in lname) or (fmt not in ("", "bullet", "none"))
        if "list paragraph" in lname and not fmt:
            ordered = False
        m = re.search(r"(\d)$", lname)
        if num_id is None and m:
            ilvl = int(m.group(1)) - 1
        number = None
        if ordered:
            key = (num_id or style_name, ilvl)
            counters[key] = counters.get(key, 0) + 1
            for k in list(counters):  # deeper levels restart
                if k[0] == key[0] and k[1] > ilvl:
                    counters.pop(k)
            number = str(counters[key])
        doc.blocks.append(
            Block("item", text, level=ilvl, ordered=ordered, number=number, in_box=box)
        )
        return
    plain = _line_block(text)
    if plain is not None:  # typed bullets ("- Tiltak") in a plain paragraph
        plain.in_box = box
        if (
            not box
            and plain.ordered
            and _TYPED_HEADING.match(text)
            and looks_like_heading(plain.text)
        ):
            # "2 Legemiddeltryggleik", "2.1 Mål": a heading typed with its number in a plain
            # paragraph; settled by what follows it once the whole document is read
            plain.kind = "numbered-heading"
        doc.blocks.append(plain)
        return
    if _CONTENTS_LINE.match(text) and not box:
        # "Innhald" as a plain paragraph over the list of sections: the contents' heading
        doc.blocks.append(Block("heading", text, level=2))
        return
    bold = all(
        (r.find(_W + "rPr") is not None and r.find(_W + "rPr").find(_W + "b") is not None)
        for r in p.iter(_W + "r")
        if "".join(t.text or "" for t in r.iter(_W + "t")).strip()
    )
    if bold and looks_like_heading(text):
        doc.blocks.append(Block("heading", text, level=6, in_box=box))
        return
    doc.blocks.append(Block("para", text, in_box=box))


# ---------------------------------------------------------------- PDF


def _read_pdf(file_name: str, data: bytes, doc: Document) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(
                f"{file_name}: the PDF is encrypted (password-protected); save an unprotected "
                "copy and import that"
            )
        pages = list(reader.pages)
    except InputError:
        raise
    except Exception as exc:  # a broken file can fail anywhere inside pypdf
        raise InputError(f"{file_name}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    try:
        title = reader.metadata.title if reader.metadata is not None else None
    except Exception:  # metadata is optional; a broken info dictionary is no reason to refuse
        title = None
    if title:
        doc.title = str(title).strip() or None
    page_lines: list[list[_PdfLine]] = []
    for number, page in enumerate(pages, start=1):
        try:
            page_lines.append(_pdf_lines(page))
        except Exception as exc:  # a broken page can fail anywhere inside pypdf
            raise InputError(
                f"{file_name}, page {number}: the text cannot be read ({type(exc).__name__}: {exc})"
            ) from None
    if not any(line.text.strip() for lines in page_lines for line in lines):
        raise InputError(
            f"{file_name}: the PDF has no text layer (a scanned document?); plangraph does not "
            "run text recognition: import a text PDF, the .docx or the web page instead"
        )
    # Header and footer lines repeat on most pages (with the page number changing).
    repeated: Counter[str] = Counter()
    for lines in page_lines:
        for key in {_noise_key(line.text) for line in lines}:
            repeated[key] += 1
    noise = {k for k, n in repeated.items() if len(page_lines) >= 3 and n > len(page_lines) / 2}
    noise |= {k for k, n in repeated.items() if n == len(page_lines) >= 2 and _FOOTER_KEY.search(k)}
    sizes: Counter[float] = Counter()
    for lines in page_lines:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    noise |= _running_lines(page_lines, noise, body)
    noise -= _repeated_labels(page_lines)
    _carry_table_heads(page_lines, noise)
    for number, lines in enumerate(page_lines, start=1):
        _pdf_page_blocks(lines, number, body, noise, doc)


def _head_cells(cells: list[str]) -> bool:
    """Whether the cells of a line read as a table's head ("Aktivitet | Kvartal | Ansvar"):
    two or more, each a capitalised word or three with no figure."""
    return len(cells) >= 2 and all(
        0 < len(c.split()) <= 3 and len(c) <= 30 and c[:1].isupper() and not re.search(r"\d", c)
        for c in cells
    )


def _carry_table_heads(page_lines: list[list[_PdfLine]], noise: set[str]) -> None:
    """A table typed with gaps that runs over a page break, its head printed on the first page
    only: the head is put above the rows that go on at the top of the next page (else the first
    of them would read as the head), when the page before ended in that table's rows."""
    head: _PdfLine | None = None
    for lines in page_lines:
        body = [
            line
            for line in lines
            if line.text.strip()
            and _noise_key(line.text.strip()) not in noise
            and not _PAGE_NUMBER.match(line.text.strip())
        ]
        if not body:
            continue
        first = body[0]
        cells = _row_cells(first.text, _COLUMN_GAP)
        if (
            head is not None
            and _line_block(first.text) is None
            and 2 <= len(cells) <= len(_row_cells(head.text, _COLUMN_GAP))
            and not _head_cells(cells)
            and not first.bold
        ):
            lines.insert(lines.index(first), replace(head, y=first.y + first.size * 1.5))
        # the head of a table whose rows run to this page's end (a row's wrapped rest, a line
        # of one short cell, may stand last)
        head = None
        k = len(body) - 1
        if k > 0 and len(_row_cells(body[k].text, _COLUMN_GAP)) == 1:
            k -= 1  # a wrapped rest of the last row
        while k >= 0:
            row = _row_cells(body[k].text, _COLUMN_GAP)
            if _head_cells(row) and k < len(body) - 1:
                head = body[k]
                break
            if len(row) < 2 and not (
                k > 0
                and len(_row_cells(body[k - 1].text, _COLUMN_GAP)) >= 2
                and len(row[0].split()) <= 4
            ):
                break
            k -= 1


def _running_lines(page_lines: list[list[_PdfLine]], noise: set[str], body: float) -> set[str]:
    """Keys of short plain lines that stand first or last on two or more pages and nowhere else:
    a running header or footer with no page number, which the rule of repeats (more than half of
    three pages or more) cannot tell on a document of two pages. A heading (larger or bold), a
    sentence, a list item or a row of a text table is never one."""
    if len(page_lines) < 2:
        return set()
    at_edge: dict[str, set[int]] = {}
    elsewhere: set[str] = set()
    for number, lines in enumerate(page_lines):
        kept = [
            line
            for line in lines
            if line.text.strip()
            and _noise_key(line.text) not in noise
            and not _PAGE_NUMBER.match(line.text.strip())
        ]
        for n, line in enumerate(kept):
            key = _noise_key(line.text)
            text = line.text.strip()
            plain = (
                len(text.split()) <= 14
                and not text.endswith((".", "!", "?", ":", ";", ","))
                and not (body and line.size > body * 1.12)
                and not line.bold
                and _line_block(text) is None
                # a header of three parts set apart ("Sykehuset   Avdelingen   Årsplan 2027")
                # is one in small print; a table's head repeated on each page is not
                and (
                    len(_row_cells(text, _COLUMN_GAP)) < 2 or bool(body and line.size < body * 0.95)
                )
            )
            if plain and n in (0, len(kept) - 1):
                at_edge.setdefault(key, set()).add(number)
            else:
                elsewhere.add(key)
    return {key for key, pages in at_edge.items() if len(pages) >= 2 and key not in elsewhere}


def _repeated_labels(page_lines: list[list[_PdfLine]]) -> set[str]:
    """Keys of short lines a plan repeats over each area's parts, one area a page ("Hvorfor er
    dette viktig?", "Vi vil", "Slik gjør vi det"): on every page they stand on, neither the
    page's first nor its last line, each ending in a question mark or colon or standing right
    over a list item. Words that come back as often as a running header does, but a label of
    the text under it, never the page's furniture."""
    inside: dict[str, bool] = {}
    for lines in page_lines:
        kept = [line for line in lines if line.text.strip()]
        for n, line in enumerate(kept):
            text = line.text.strip()
            key = _noise_key(text)
            label = (
                0 < n < len(kept) - 1
                and len(text.split()) <= 8
                and text[:1].isupper()
                and _line_block(text) is None
                and not _PAGE_NUMBER.match(text)
                and not _FOOTER_LINE.search(text)
                and (text.endswith(("?", ":")) or _line_block(kept[n + 1].text) is not None)
            )
            inside[key] = inside.get(key, True) and label
    return {key for key, label in inside.items() if label}


def _wraps_row(
    lines: list[_PdfLine],
    cells_of: list[list[str]],
    head: int,
    m: int,
    cells: list[tuple[float, str]],
    columns: tuple[float, ...],
) -> bool:
    """Whether line ``m`` is the wrapped rest of the table row above it: fewer cells than the
    head, each where a column starts, right below a row (not the head), with another row after
    it, or text going on in lower case."""
    if not columns or not cells or len(cells) >= len(columns) or m - 1 == head:
        return False
    line, above = lines[m], lines[m - 1]
    if line.bold or not cells_of[m - 1]:
        return False
    if abs(above.y - line.y) > max(line.size, above.size) * 2.2:
        return False
    # past the other wrapped lines of the row (a later column wraps too), another row
    k = m + 1
    while k < len(lines) and len(cells_of[k]) < 2 and 0 < len(_cells_at(lines[k], columns)) < 2:
        k += 1
    after = k < len(lines) and (len(cells_of[k]) >= 2 or len(_cells_at(lines[k], columns)) >= 2)
    first = cells[0][1][:1]
    if len(cells) == 1 and abs(cells[0][0] - columns[0]) <= 2.0 and first.isupper():
        # "Innsatsområde 2" alone in the first column between rows: a section row, perhaps
        return False
    return after or first.islower()


def _typed_row_wraps(lines: list[_PdfLine], cells_of: list[list[str]], head: int, m: int) -> bool:
    """A table typed with gaps ("Aktivitet     Kvartal     Ansvar") and printed line by line:
    a row too long for the page wraps, its rest a line of one cell under it ("Seksjonsleder
    poliklinikk" under "Gå gjennom ... forløpet     Q1"). When the head is far narrower than
    the row (its cells only set apart by gaps, not aligned in columns) and the row above lacks
    cells of the head or ran to the right margin (as wide as the page's widest line, nearly),
    the line is that rest: the row's missing cell, or the end of its last cell. True when put
    onto it."""
    if m - 1 <= head or len(cells_of[m]) != 1 or len(cells_of[m - 1]) < 2:
        return False
    line, above = lines[m], lines[m - 1]
    if line.bold or line.bold != above.bold or abs(above.y - line.y) > line.size * 2.2:
        return False
    wide = _text_width(above.text.strip(), above.size)
    if _text_width(lines[head].text.strip(), lines[head].size) > wide * 0.6:
        # a head as wide as its rows: the columns are set out in line, and a cell wraps
        # within its column (the first column's rest, "alle poliklinikker"), not at the margin
        return False
    widest = max(_text_width(other.text.strip(), other.size) for other in lines)
    short = len(cells_of[m - 1]) < len(cells_of[head])
    if not short and wide < widest * 0.85:
        return False
    text = cells_of[m][0].strip()
    if short:
        cells_of[m - 1].append(text)
    else:
        cells_of[m - 1][-1] += " " + text
    cells_of[m] = []
    return True


def _noise_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


# "2.1.1 Mål", "3.2 Tiltak": a numbered section heading. Repeated under each area of a
# strategy, such headings share their noise key (digits masked) as a running header does.
_NUMBERED_SECTION = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+\S")


# "Mål", "Utfordringer", "Tiltak", "Funn": the sub-headings a plan repeats under each of its
# areas, one area a page; only the word of a kind, never a running header's words
_KIND_SUBHEADING = re.compile(
    r"^(?:mål(?:et|a|ene|ane)?|delmål|hovu?e?dmål|utfordring(?:er|ar|ane|ene)?|"
    r"utfordringsbil(?:de|ete)|tiltak(?:a|ene)?|funn|"
    r"(?:hva|kva)\s+er\s+utfordring(?:en|a|ene|ane)|(?:hva|kva)\s+(?:fant|fann)\s+vi)\s*[:?]?$",
    re.IGNORECASE,
)


# "Visjon", "Vår visjon": a plan's vision as a line of its own over its sentence
_VISION_LINE = re.compile(r"^(?:vår\s+)?visjon(?:en)?$", re.IGNORECASE)


def _numbered_heading_inside(lines: list[_PdfLine], n: int, body: float) -> bool:
    """Whether line ``n`` is a numbered sub-heading (larger or bold) standing inside its page,
    neither its first nor its last line, or a sub-heading that only names a kind ("Mål",
    "Utfordringer", "Tiltak") anywhere but a page's last line: a section of the text, never a
    running header or footer however often its words come back."""
    line = lines[n]
    text = line.text.strip()
    heading_like = line.bold or (body > 0 and line.size > body * 1.05)
    if heading_like and n < len(lines) - 1 and _KIND_SUBHEADING.match(text):
        return True
    return 0 < n < len(lines) - 1 and _NUMBERED_SECTION.match(text) is not None and heading_like


@dataclass
class _PdfLine:
    text: str
    size: float
    bold: bool
    x: float
    y: float
    # where each piece of text set by position starts: (x, offset in ``text``); a table's cells
    starts: tuple[tuple[float, int], ...] = ()


def _text_width(text: str, size: float) -> float:
    """A generous guess at how wide ``text`` is set (text fonts average about half an em)."""
    return len(text) * size * 0.6


def _pdf_lines(page: Any) -> list[_PdfLine]:
    """The page's lines with font size, boldness and position, in reading order."""
    chunks: list[tuple[float, float, int, str, float, bool]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text:
            return
        scale = abs(tm[3]) if tm[3] else 1.0
        y = tm[5] * (cm[3] if cm[3] else 1.0) + cm[5]
        x = tm[4] * (cm[0] if cm[0] else 1.0) + cm[4]
        name = str(font.get("/BaseFont", "")) if font else ""
        chunks.append((y, x, len(chunks), text, size * scale, "bold" in name.lower()))

    page.extract_text(visitor_text=visit)
    lines: list[_PdfLine] = []
    current: list[tuple[float, float, int, str, float, bool]] = []
    last_y: float | None = None

    def flush() -> None:
        if not current:
            return
        # a piece set far to the right of the text before it (a table's next column, placed
        # by position with no spaces typed) stands apart by a wide gap, as typed tables do
        text = ""
        starts: list[tuple[float, int]] = []
        end: float | None = None
        for c in current:
            piece = c[3]
            if piece.strip() and end is not None and c[1] > end + 2 * c[4]:
                text = text.rstrip() + "   "
                piece = piece.lstrip()
            if piece.strip():
                starts.append((c[1], len(text) + len(piece) - len(piece.lstrip())))
                end = c[1] + _text_width(piece.strip(), c[4])
            text += piece
        x = min(c[1] for c in current if c[3].strip()) if any(c[3].strip() for c in current) else 0
        pieces = text.split("\n")
        for n, piece in enumerate(pieces):
            if piece.strip():
                size = max(c[4] for c in current)
                bold = all(c[5] for c in current if c[3].strip())
                line = _PdfLine(piece.rstrip(), size, bold, x, current[0][0] - n * size)
                if len(pieces) == 1:
                    line.starts = tuple(starts)
                lines.append(line)
        current.clear()

    for chunk in chunks:
        if last_y is not None and abs(chunk[0] - last_y) > 1.0:
            flush()
        current.append(chunk)
        last_y = chunk[0]
    flush()
    return _rejoin_bar_rows(_rejoin_rows(lines))


def _bar_cells(text: str) -> int:
    """How many cells a line typed between bars closes ("| a | b |": two), else 0."""
    line = text.strip()
    return line.count("|") - 1 if line.startswith("|") and line.endswith("|") else 0


def _rejoin_bar_rows(lines: list[_PdfLine]) -> list[_PdfLine]:
    """A table typed between bars ("| Tiltak | Kommunen | Sykehuset | Når |") whose long rows
    the page wrapped: a row's lines go together when, joined, they have exactly as many cells
    as the head and end with a bar (a wrapped piece may itself start or end with a bar, where
    the line broke at a cell's edge); lines that join to no such row (a section row "| Område
    A |" over full rows) stay as they are."""
    out: list[_PdfLine] = []
    width = 0  # the number of cells of the table's head line, while inside a table
    n = 0
    while n < len(lines):
        line = lines[n]
        text = line.text.strip()
        cells = _bar_cells(text)
        if width and text.startswith("|") and cells != width and text.count("|") - 1 < width:
            joined = text
            for m in range(n + 1, min(n + 6, len(lines))):
                more = lines[m]
                if joined.endswith("|") and more.text.strip().startswith("|"):
                    break  # a row that ends where the next begins: a short row of its own
                joined = joined + " " + more.text.strip()
                if abs(more.size - line.size) >= 0.5 or joined.count("|") - 1 > width:
                    break
                if _bar_cells(joined) == width:
                    line.text, line.starts = joined, ()
                    out.append(line)
                    n = m + 1
                    break
            if out and out[-1] is line:
                continue
        if cells >= 2 and not (width and cells == width):
            width = cells  # a new table's head
        elif not text.startswith("|"):
            width = 0
        out.append(line)
        n += 1
    return out


def _rejoin_rows(lines: list[_PdfLine]) -> list[_PdfLine]:
    """A table written cell by cell (the first column's wrapped lines, then the next columns at
    the row's height): the later cells go back onto the line of their row, apart by a wide gap.
    Only onto a line a few lines back, at the same height, in the same type, left of them, with
    only the wrapped lines of the columns before between them (not a raised footnote mark)."""
    out: list[_PdfLine] = []
    for line in lines:
        row = None
        for back in range(len(out) - 1, max(len(out) - 7, -1), -1):
            earlier = out[back]
            if (
                abs(earlier.y - line.y) <= 1.0
                and line.x > earlier.x + 2 * line.size
                and abs(earlier.size - line.size) < 0.5
                and earlier.bold == line.bold
                and earlier.starts
                and line.starts
                and back < len(out) - 1
                and all(
                    between.y < earlier.y - 1.0 and between.x < line.x - 2 * line.size
                    for between in out[back + 1 :]
                )
            ):
                row = earlier
                break
        if row is None:
            out.append(line)
            continue
        offset = len(row.text.rstrip()) + 3
        row.text = row.text.rstrip() + "   " + line.text.lstrip()
        lead = len(line.text) - len(line.text.lstrip())
        row.starts = (*row.starts, *((x, offset + o - lead) for x, o in line.starts))
    return out


def _columns(line: _PdfLine, cells: list[str]) -> tuple[float, ...]:
    """Where the cells of a table's head line start on the page, when each cell starts a piece
    set by position (else nothing)."""
    at = {offset: x for x, offset in line.starts}
    columns: list[float] = []
    pos = 0
    for cell in cells:
        found = line.text.find(cell, pos)
        if found < 0 or found not in at:
            return ()
        columns.append(at[found])
        pos = found + len(cell)
    return tuple(columns)


def _cells_at(line: _PdfLine, columns: tuple[float, ...]) -> list[tuple[float, str]]:
    """The line cut where its pieces start at one of the columns: (x, cell text) each."""
    cuts = sorted(
        (offset, x) for x, offset in line.starts if any(abs(x - c) <= 2.0 for c in columns)
    )
    if not cuts or line.text[: cuts[0][0]].strip():
        return []
    return [
        (x, line.text[offset : (cuts[k + 1][0] if k + 1 < len(cuts) else None)].strip())
        for k, (offset, x) in enumerate(cuts)
    ]


def _pdf_page_blocks(
    lines: list[_PdfLine], page: int, body: float, noise: set[str], doc: Document
) -> None:
    """Lines into blocks: a heading by size or boldness; a list item by its bullet or number,
    continued by lines indented past the bullet; a paragraph continued until a sentence ends and
    the next line starts after a gap, or a new bullet or heading comes."""
    current: Block | None = None
    current_x = 0.0
    last: _PdfLine | None = None
    heading_size = 0.0
    table: list[list[str]] = []  # the lines of a text table, as cells

    def flush_table() -> None:
        # "Oppdrag      Status      Kommentar" over rows set out the same way: a text table,
        # one row a line; what is no table of items stays one paragraph, as the lines read
        if not table:
            return
        before = len(doc.blocks)
        if len(table) < 2 or not _table_rows(table, doc, False):
            del doc.blocks[before:]
            doc.blocks.append(Block("para", " ".join("   ".join(r) for r in table), page=page))
        for block in doc.blocks[before:]:
            block.page = page
        table.clear()

    # Lines of a text table: a run of at least two lines whose cells stand apart by wide gaps,
    # the first with three cells or more (one such line alone is no table: a gap in a line of
    # justified text, say)
    cells_of = [
        _row_cells(line.text, _COLUMN_GAP) if not _line_block(line.text) else [] for line in lines
    ]
    for k, line in enumerate(lines):
        if _noise_key(line.text.strip()) in noise:
            # a running header set out with gaps ("Sykehuset   Avdelingen   Årsplan 2027")
            # heads no table: it is left out of the page's text
            cells_of[k] = []
    table_lines: set[int] = set()
    n = 0
    while n < len(lines):
        m = n + 1
        if _opens_table(lines[n].text, cells_of[n]):
            columns = _columns(lines[n], cells_of[n])
            typed = not columns
            if typed:
                # a table typed with gaps: only its first column's wrapped lines are told,
                # starting where the rows start
                columns = (lines[n].x, *[float("inf")] * (len(cells_of[n]) - 1))
            while m < len(lines):
                cells = _cells_at(lines[m], columns)
                if typed:
                    raw = lines[m].text
                    cells = (
                        [(lines[n].x, raw.strip())]
                        if len(cells_of[m]) == 1 and raw[:1].strip() and cells
                        else []
                    )
                if len(cells) >= 2 and len(cells) > len(cells_of[m]):
                    cells_of[m] = [text for _x, text in cells]  # cells placed by position
                if typed and _typed_row_wraps(lines, cells_of, n, m):
                    m += 1  # the wrapped rest of the row above, put onto it
                    continue
                if len(cells_of[m]) < 2 and _wraps_row(lines, cells_of, n, m, cells, columns):
                    # the wrapped rest of the row above: onto that row's cells
                    for x, text in cells:
                        column = min(range(len(columns)), key=lambda c: abs(columns[c] - x))
                        if column < len(cells_of[m - 1]):
                            cells_of[m - 1][column] += " " + text
                    cells_of[m] = []
                    m += 1
                    continue
                if len(cells_of[m]) < 2:
                    break
                m += 1
            if m - n >= 2:
                table_lines.update(range(n, m))
        n = m

    for n, line in enumerate(lines):
        raw = line.text
        text = raw.strip()
        if (
            not text
            or (
                _noise_key(text) in noise
                and not _numbered_heading_inside(lines, n, body)
                # the title set large on the first page, though the running header repeats
                # its words in small print on every page
                and not (page == 1 and body and line.size > body * 1.5)
            )
            or _PAGE_NUMBER.match(text)
            or _TOC_LINE.search(text)
            or (body and line.size < body * 0.9 and _FOOTER_LINE.search(text))
        ):
            continue
        if n in table_lines:
            if cells_of[n]:
                table.append(cells_of[n])
            current = None
            last = line
            continue
        flush_table()
        gap = (last.y - line.y) if last is not None else 0.0
        paragraph_break = last is not None and gap > max(line.size, last.size) * 1.9
        last = line
        larger = body and line.size > body * 1.12
        if (larger or (line.bold and looks_like_heading(text))) and len(text) <= 120:
            if (
                current is not None
                and current.kind == "heading"
                and current.page == page
                and abs(heading_size - line.size) < 0.5
                and not paragraph_break
                # "2.3.1 Mål" right under "2.3 Kompetanse": a heading of its own
                and not _NUMBERED_SECTION.match(text)
            ):
                current.text += " " + text  # a heading wrapped over two lines
                continue
            heading_size = line.size
            level = 1 if body and line.size > body * 1.6 else 2 if larger else 3
            current = Block("heading", text, level=level, page=page)
            doc.blocks.append(current)
            continue
        if (_KIND_SUBHEADING.match(text) or _VISION_LINE.match(text)) and not text.endswith(":"):
            # "Utfordring", "Mål", "Tiltak", "Visjon" as a plain line of their own over their
            # text (a PDF made from a plain document): a sub-heading, not the paragraph's first
            # word
            above = next(
                (
                    b
                    for b in reversed(doc.blocks)
                    if b.kind == "heading"
                    and not _KIND_SUBHEADING.match(b.text.strip())
                    and not _VISION_LINE.match(b.text.strip())
                ),
                None,
            )
            level = min(6, (above.level if above is not None else 1) + 1)
            current = Block("heading", text, level=level, page=page)
            doc.blocks.append(current)
            continue
        item = _line_block(raw)
        if item is not None:
            item.page = page
            doc.blocks.append(item)
            current = item
            current_x = line.x
            continue
        if (
            current is not None
            and current.page == page
            and not paragraph_break
            and not _opens_field(text)
        ):
            ended = current.text.rstrip().endswith((".", ":", "!", "?")) or (
                # "Grep 1: Behandling nærare heimen" over "Vi vil byggje ut ...": a short
                # labelled line is a title of its own, the capitalised line after it new text
                current.kind == "para"
                and _LABELLED_START.match(current.text.strip()) is not None
                and len(current.text.split()) <= 10
                and text[:1].isupper()
            )
            joins = (
                (
                    current.kind == "item"
                    and not ended
                    # "... innan utgangen av" over "2027.": the wrapped rest of an item
                    and (line.x > current_x + 2.0 or text[:1].islower() or text[:1] in "0123456789")
                )
                or (current.kind == "para" and not ended)
            )
            if joins:
                if current.text.endswith("-") and not current.text.endswith(" -"):
                    current.text = current.text[:-1] + text  # hyphenated across lines
                else:
                    current.text += " " + text
                continue
        current = Block("para", text, page=page)
        current_x = line.x
        doc.blocks.append(current)
    flush_table()
