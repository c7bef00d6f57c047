"""A streaming .xlsx writer for the report's sheets: the same cells and formatting as the
openpyxl workbook (``tests/reference_workbook.build_workbook``), written straight to XML.

openpyxl builds a cell object with its own style objects for each of the ~390,000 cells of a
report at 1M triples, then serialises them one by one (~20 s of CPU); here a cell is a few
string operations and its formatting one of a handful of shared cell formats (``xf``), so the
whole workbook takes about a second. What it writes: inline strings (as openpyxl does), numbers,
a bold filled header row, wrapped or top-aligned text, percent and decimal number formats,
hyperlinks on web IRIs (the "Hyperlink" cell style), column widths, a frozen header and an
autofilter. Tests read both workbooks back with openpyxl and compare every cell.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import queue
import struct
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape
from operator import itemgetter
from typing import Any, overload

from plangraph.output import FORMULA_PREFIXES, csv_safe
from plangraph.safety import printable

__all__ = [
    "PERCENT",
    "ColumnRows",
    "SheetHead",
    "SheetSpec",
    "assemble",
    "rewrite_first_sheet",
    "write_sheets",
    "write_taken",
]

PERCENT = "0.0%"
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2}
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HYPERLINK_REL = _REL + "/hyperlink"

# Fonts: 0 the default, 1 bold (header), 2 the Hyperlink style's (blue, underlined).
_NORMAL, _BOLD, _LINK = 0, 1, 2


@dataclass
class SheetSpec:
    """One sheet: its title, columns ``(title, kind, widest)``, rows, and number formats that
    replace a cell's (``(row, column)``, both from 1, the header being row 1)."""

    title: str
    columns: Sequence[tuple[str, str, float]]
    rows: Sequence[Sequence[Any]]
    formats: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass
class SheetHead:
    """What a workbook needs of a sheet before its rows: title, columns, number of rows and
    the formats of single cells; ``make`` makes the whole ``SheetSpec`` (with these)."""

    title: str
    columns: Sequence[tuple[str, str, float]]
    size: int
    formats: dict[tuple[int, int], str]
    make: Callable[[], SheetSpec]

    @classmethod
    def of(cls, spec: SheetSpec) -> SheetHead:
        """The head of a sheet made already."""
        return cls(spec.title, spec.columns, len(spec.rows), spec.formats, lambda: spec)


class ColumnRows(Sequence[list[Any]]):
    """A sheet's rows held column by column (``columns``, each as long as there are rows), as
    the report's table sheets are made: the writer takes the columns as they are."""

    def __init__(self, columns: list[list[Any]], size: int) -> None:
        if any(len(values) != size for values in columns):
            raise ValueError("columns of different lengths")
        self.columns = columns
        self.size = size

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> list[Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[Any]]: ...
    def __getitem__(self, index: int | slice) -> list[Any] | list[list[Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        if not -self.size <= index < self.size:
            raise IndexError("row out of range")
        return [values[index] for values in self.columns]

    def __iter__(self) -> Iterator[list[Any]]:
        if not self.columns:
            return iter([[] for _ in range(self.size)])
        return map(list, zip(*self.columns, strict=True))


class _Styles:
    """The cell formats used so far: (font, filled, number format, alignment) -> xf index."""

    def __init__(self) -> None:
        self.xfs: dict[tuple[int, bool, str, str], int] = {(_NORMAL, False, "General", ""): 0}
        self.custom: dict[str, int] = {}

    def copy(self) -> _Styles:
        made = _Styles()
        made.xfs, made.custom = dict(self.xfs), dict(self.custom)
        return made

    def xf(self, font: int, filled: bool, number_format: str, align: str) -> int:
        key = (font, filled, number_format, align)
        found = self.xfs.get(key)
        if found is None:
            found = self.xfs[key] = len(self.xfs)
            if number_format not in _BUILTIN_FORMATS and number_format not in self.custom:
                self.custom[number_format] = 164 + len(self.custom)
        return found

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>'
            for code, i in self.custom.items()
        )
        font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
        xfs = []
        for font_id, filled, number_format, align in self.xfs:
            number = _BUILTIN_FORMATS.get(number_format, self.custom.get(number_format, 0))
            alignment = (
                '<alignment vertical="top" wrapText="1"/>'
                if align == "wrap"
                else '<alignment vertical="top"/>'
                if align == "top"
                else ""
            )
            xfs.append(
                f'<xf numFmtId="{number}" fontId="{font_id}" fillId="{2 if filled else 0}" '
                f'borderId="0" xfId="{1 if font_id == _LINK else 0}"'
                + (' applyNumberFormat="1"' if number else "")
                + (' applyFont="1"' if font_id else "")
                + (' applyFill="1"' if filled else "")
                + (f' applyAlignment="1">{alignment}</xf>' if alignment else "/>")
            )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self.custom)}">{formats}</numFmts>' if formats else "")
            + f'<fonts count="3"><font>{font}</font><font><b/>{font}</font>'
            f'<font><u/><color rgb="FF0563C1"/>{font}</font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            '<fill><patternFill patternType="solid"><fgColor rgb="00DCE6F0"/>'
            '<bgColor rgb="00DCE6F0"/></patternFill></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="2">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            '<xf numFmtId="0" fontId="2" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="2"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            '<cellStyle name="Hyperlink" xfId="1" builtinId="8"/></cellStyles>'
            "</styleSheet>"
        )


def get_column_letter(index: int) -> str:
    """A column's letters from its number (1 -> ``A``, 28 -> ``AB``), as openpyxl's
    function of that name (not imported: openpyxl takes ~0.3 s to load)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    """``value`` as XML element text."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;") if "\r" in value else value


def _body(value: str) -> str:
    """The inline string element of a text cell (empty for the empty text)."""
    if not value:
        return ""
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f"<is><t{space}>{_text(value)}</t></is>"


def _string_cell(ref: str, style: int, value: str) -> str:
    if not value:  # as openpyxl writes an empty string: a text cell with no value
        return (
            f'<c r="{ref}" s="{style}" t="inlineStr"/>'
            if style
            else f'<c r="{ref}" t="inlineStr"/>'
        )
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'


def _sheet_xml(spec: SheetSpec, styles: _Styles) -> tuple[str, list[str]]:
    """The worksheet's XML and the targets of its hyperlinks (relationship ``rId1``, ...)."""
    links: list[str] = []
    return "".join(_sheet_chunks(spec, styles, links)), links


_ROWS_PER_CHUNK = 4000
"""Rows of a sheet's XML handed on at a time (compressed while the next are written)."""


def _sheet_chunks(spec: SheetSpec, styles: _Styles, targets: list[str]) -> Iterator[str]:
    """The worksheet's XML in pieces; ``targets`` gets the targets of its hyperlinks
    (relationship ``rId1``, ...) by the time the last piece is given."""
    columns = spec.columns
    letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
    header = styles.xf(_BOLD, True, "General", "wrap")
    head = ['<row r="1">']
    for letter, (title, _kind, _limit) in zip(letters, columns, strict=True):
        head.append(_string_cell(f"{letter}1", header, title))
    head.append("</row>")
    widths = [min(max(len(title) + 2, 8), 40) for title, _k, _w in columns]
    columnar = None if spec.formats else _by_column(spec, styles, letters, widths)
    links: list[tuple[str, str]] = []
    rows: Iterator[str]
    if columnar is None:
        rows = iter([_cells(spec, styles, letters, widths, links)])
    else:
        rows = _joined_rows(spec, columnar, letters, links)
    last = f"{letters[-1]}{max(len(spec.rows) + 1, 1)}"
    body_first = next(rows, "")  # (the widths are known once the cells are, or before)
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/></sheetPr>'
        f'<dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
        'sqref="A2"/></sheetView></sheetViews><sheetFormatPr baseColWidth="8" '
        f'defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(head)}{body_first}'
    )
    yield from rows
    hyperlinks = (
        "<hyperlinks>"
        + "".join(
            [
                f'<hyperlink ref="{ref}" r:id="rId{i}"/>'
                for i, (ref, _t) in enumerate(links, start=1)
            ]
        )
        + "</hyperlinks>"
        if links
        else ""
    )
    targets.extend([target for _ref, target in links])
    yield (
        f'</sheetData><autoFilter ref="A1:{last}"/>{hyperlinks}'
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        "</worksheet>"
    )


@dataclass
class _Columnar:
    """A sheet's cells column by column: each cell's XML but the row number (``r="B7"``
    without the 7) followed by the start of the next cell's (or the row's end), and per column
    the hyperlink target of each text (``None`` when the column has none)."""

    cells: list[list[str]]
    links: list[dict[str, str] | None]
    values: Sequence[Sequence[Any]]
    """The sheet's values, column by column."""


def _column_formats(
    spec: SheetSpec, styles: _Styles
) -> tuple[list[int], list[int], list[int], int]:
    """Per column, the formats of its text cells (top-aligned, wrapped) and of its numbers
    (the number format of its kind), and the hyperlink format: added to ``styles`` in this
    order by both writers, so styles.xml numbers them the same whichever writes the sheet."""
    base = [
        PERCENT if k == "percent" else "0.00" if k == "float" else "General"
        for _t, k, _w in spec.columns
    ]
    top = [styles.xf(_NORMAL, False, f, "top") for f in base]
    wrap = [styles.xf(_NORMAL, False, f, "wrap") for f in base]
    plain = [styles.xf(_NORMAL, False, f, "") for f in base]
    return top, wrap, plain, styles.xf(_LINK, False, "General", "top")


def _by_column(
    spec: SheetSpec, styles: _Styles, letters: list[str], widths: list[int]
) -> _Columnar | None:
    """The sheet's cells written column by column, each distinct text of a column checked
    and escaped once; ``None`` when a column holds anything but text or numbers (a blank, a
    boolean, another type) or a row is not as long as the header: ``_cells`` writes those."""
    columns, rows = spec.columns, spec.rows
    count = len(columns)
    if isinstance(rows, ColumnRows):
        by_column: Sequence[Sequence[Any]] = rows.columns
        if len(by_column) != count:
            return None
    elif not count or any(len(row) != count for row in rows):
        return None
    else:
        by_column = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    if not count:
        return None
    after = [f'<c r="{letter}' for letter in letters[1:]] + ["</row>"]
    top, wrap, plain, link = _column_formats(spec, styles)
    cells: list[list[str]] = []
    links: list[dict[str, str] | None] = []
    for c, ((_title, kind, limit), values) in enumerate(zip(columns, by_column, strict=True)):
        types = set(map(type, values))
        end = after[c]
        if types <= {str}:
            known: dict[str, str] = {}
            targets: dict[str, str] = {}
            texts = set(values)
            if "" in texts:
                texts.discard("")
                known[""] = f'" s="{top[c]}" t="inlineStr"/>{end}'
            widest = _texts(
                list(texts), kind == "iri", (top[c], wrap[c], link), end, known, targets
            )
            widths[c] = max(widths[c], min(widest + 2, int(limit)))
            cells.append(list(map(known.__getitem__, values)))
            links.append(targets or None)
        elif types <= {int, float}:
            styled = f' s="{plain[c]}"' if plain[c] else ""
            distinct = set(values)
            if len(types) == 1 and not (float in types and 0 in distinct):
                # each distinct number written once (one type: 1 and 1.0 are one in a set, as
                # are 0.0 and -0.0, but not in a cell)
                numbers = {v: f'"{styled} t="n"><v>{v!r}</v></c>{end}' for v in distinct}
                cells.append(list(map(numbers.__getitem__, values)))
            else:
                cells.append([f'"{styled} t="n"><v>{value!r}</v></c>{end}' for value in values])
            links.append(None)
        else:
            return None
    return _Columnar(cells, links, by_column)


_CONTROLS_BUT_NUL = tuple(
    map(chr, (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)))
)
"""``safety.printable``'s control characters but NUL (the texts' separator below), each looked
for on its own in the joined texts: ``in`` finds one character at ``memchr`` speed, where a
regular expression's character class tried at every character cost ~8 times as much (at 1M
triples ~0.4 G instructions a workbook)."""
_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)
"""The first characters of a formula (``csv_safe``'s prefixes are one character each)."""
_FIRST = itemgetter(slice(None, 1))
_LAST = itemgetter(slice(-1, None))


def _plain_ends(texts: list[str]) -> bool:
    """Whether no text starts as a formula (``csv_safe``) or with a space, nor ends with a
    space (``str.isspace``): each distinct first and last character checked once."""
    return not any(c in _FORMULA_STARTS or c.isspace() for c in set(map(_FIRST, texts))) and (
        not any(c.isspace() for c in set(map(_LAST, texts)))
    )


def _texts(
    texts: list[str],
    iri: bool,
    styles: tuple[int, int, int],
    end: str,
    known: dict[str, str],
    targets: dict[str, str],
) -> int:
    """Each distinct text of a column (not empty) as its cell's XML in ``known`` and its
    hyperlink target in ``targets`` (an ``iri`` column's web IRIs); returns the longest
    text's length. Formats ``styles``: top-aligned, wrapped (a text longer than 40 characters
    or of several lines), hyperlink."""
    top, wrap, link = styles
    joined = "\x00".join(texts)
    if (
        joined.count("\x00") == len(texts) - 1
        and not any(c in joined for c in _CONTROLS_BUT_NUL)
        and _plain_ends(texts)
    ):  # (then csv_safe and printable change none: escaped all at once)
        bodies = _text(joined).split("\x00") if texts else []
        web = ("http://", "https://")
        styles_of = [
            link
            if iri and text.startswith(web)
            else wrap
            if len(text) > 40 or "\n" in text
            else top
            for text in texts
        ]
        known.update(
            zip(
                texts,
                [
                    f'" s="{style}" t="inlineStr"><is><t>{body}</t></is></c>{end}'
                    for style, body in zip(styles_of, bodies, strict=True)
                ],
                strict=True,
            )
        )
        if iri:
            targets.update((text, text) for text in texts if text.startswith(web))
        return max(map(len, texts), default=0)
    widest = 0
    for value in texts:
        text = csv_safe(printable(value))
        body = _body(text)
        if not body:
            known[value] = f'" s="{top}" t="inlineStr"/>{end}'
        elif iri and text.startswith(("http://", "https://")):
            targets[value] = text
            known[value] = f'" s="{link}" t="inlineStr">{body}</c>{end}'
        else:
            style = wrap if len(text) > 40 or "\n" in text else top
            known[value] = f'" s="{style}" t="inlineStr">{body}</c>{end}'
        widest = max(widest, len(text))
    return widest


def _joined_rows(
    spec: SheetSpec, columnar: _Columnar, letters: list[str], links: list[tuple[str, str]]
) -> Iterator[str]:
    """The rows' XML from the cells ``_by_column`` wrote, ``_ROWS_PER_CHUNK`` rows a piece: a
    row is its number joining the pieces of its cells; ``links`` gets each hyperlink."""
    first = ('<row r="', f'"><c r="{letters[0]}')
    # per column with hyperlinks, each row's target (or None)
    linked = [
        (letters[c], list(map(found.get, columnar.values[c])))
        for c, found in enumerate(columnar.links)
        if found
    ]
    part: list[str] = []
    for r, cells in enumerate(zip(*columnar.cells, strict=True), start=2):
        number = str(r)
        part.append(number.join(first + cells))
        for letter, found in linked:
            target = found[r - 2]
            if target is not None:
                links.append((letter + number, target))
        if len(part) == _ROWS_PER_CHUNK:
            yield "".join(part)
            part = []
    if part:
        yield "".join(part)


def _cells(
    spec: SheetSpec,
    styles: _Styles,
    letters: list[str],
    widths: list[int],
    links: list[tuple[str, str]],
) -> str:
    """The rows' XML cell by cell (any value, formats of single cells)."""
    columns = spec.columns
    parts: list[str] = []
    top, wrap, plain, link = _column_formats(spec, styles)
    is_iri = [k == "iri" for _t, k, _w in columns]
    limits = [int(w) for _t, _k, w in columns]
    formats = spec.formats
    append = parts.append
    # A text's cell body and width, by column and text: labels repeat across rows (themes,
    # organisations, plans), and each is checked and escaped once.
    texts: list[dict[str, tuple[str, bool, int, str | None]]] = [{} for _ in columns]
    for r, row in enumerate(spec.rows, start=2):
        append(f'<row r="{r}">')
        for c, value in enumerate(row):
            override = formats.get((r, c + 1)) if formats else None
            if type(value) is str:
                known = texts[c].get(value)
                if known is None:
                    text = csv_safe(printable(value))
                    long = len(text) > 40 or "\n" in text
                    body = _body(text)
                    target = (
                        text if is_iri[c] and text.startswith(("http://", "https://")) else None
                    )
                    width = min(len(text) + 2, limits[c])
                    known = texts[c][value] = (body, long, width, target)
                body, long, width, target = known
                if width > widths[c]:
                    widths[c] = width
                if not body:
                    style = (
                        top[c] if override is None else styles.xf(_NORMAL, False, override, "top")
                    )
                    append(f'<c r="{letters[c]}{r}" s="{style}" t="inlineStr"/>')
                    continue
                if target is not None:
                    style = link
                    links.append((f"{letters[c]}{r}", target))
                elif override is not None:
                    style = styles.xf(_NORMAL, False, override, "wrap" if long else "top")
                else:
                    style = wrap[c] if long else top[c]
                append(f'<c r="{letters[c]}{r}" s="{style}" t="inlineStr">{body}</c>')
                continue
            style = plain[c] if override is None else styles.xf(_NORMAL, False, override, "")
            if value is None:
                if style:
                    append(f'<c r="{letters[c]}{r}" s="{style}"/>')
                continue
            styled = f' s="{style}"' if style else ""
            if isinstance(value, bool):
                append(f'<c r="{letters[c]}{r}"{styled} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                append(f'<c r="{letters[c]}{r}"{styled} t="n"><v>{value!r}</v></c>')
            else:  # not a type the report's rows hold: written as its text
                text = csv_safe(printable(str(value)))
                append(_string_cell(f"{letters[c]}{r}", style, text))
        append("</row>")
    return "".join(parts)


def _quoted_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


class _Book:
    """The zip file of the workbook, written by a thread of its own: deflating a part (zlib lets
    other threads run meanwhile) overlaps writing the next part's XML."""

    def __init__(self, path: str | os.PathLike[str] | io.BytesIO) -> None:
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.queue: queue.Queue[
            tuple[str, bytes | tuple[zipfile.ZipFile, zipfile.ZipInfo]] | None
        ] = queue.Queue(maxsize=4)
        self.failed: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="xlsx-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        member = None
        while (item := self.queue.get()) is not None:
            if self.failed is not None:
                continue  # (drained, so that the writing thread is never blocked)
            try:
                name, data = item
                if name:  # a part begins
                    if member is not None:
                        member.close()
                        member = None
                    if isinstance(data, tuple):  # (copied as it is: copy)
                        _copy_deflated(*data, self.zip)
                        continue
                    member = self.zip.open(name, "w")
                assert member is not None and isinstance(data, bytes)
                member.write(data)
            except BaseException as exc:  # raised again by close()
                self.failed = exc
        try:
            if member is not None:
                member.close()
            self.zip.close()
        except BaseException as exc:  # raised again by close()
            self.failed = self.failed or exc

    def copy(self, source: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        """Copy the part ``info`` of ``source`` as it is (still deflated), in turn."""
        self.queue.put((info.filename, (source, info)))

    def part(self, name: str, pieces: Iterable[str]) -> None:
        """Write the part ``name``: the text of ``pieces``, in order, as UTF-8."""
        self.queue.put((name, b""))
        for piece in pieces:
            self.queue.put(("", piece.encode()))

    def close(self) -> None:
        """Wait for the thread to write everything; raise what it could not."""
        self.queue.put(None)
        self.thread.join()
        if self.failed is not None:
            raise self.failed


def write_sheets(sheets: Sequence[SheetSpec], path: str | os.PathLike[str]) -> None:
    """Write the workbook of ``sheets`` (in order) to ``path``."""
    book = _Book(path)
    try:
        _write_parts(sheets, book)
    finally:
        book.close()


_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _write_parts(sheets: Sequence[SheetSpec], book: _Book) -> None:
    styles = _Styles()
    count = len(sheets)
    _write_start(book, count)
    for i, spec in enumerate(sheets, start=1):
        _write_sheet(book, i, spec, styles)
    _write_end(book, [(s.title, len(s.columns), len(s.rows)) for s in sheets], styles)


def _write_start(book: _Book, count: int) -> None:
    """The parts before the sheets: content types, the package's relationships, properties."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    book.part(
        "[Content_Types].xml",
        [
            _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/'
            'vnd.openxmlformats-package.core-properties+xml"/>' + overrides + "</Types>"
        ],
    )
    book.part(
        "_rels/.rels",
        [
            _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>"
        ],
    )
    book.part(_CORE, [_core_xml()])


def _sheet_part(i: int) -> str:
    return f"xl/worksheets/sheet{i}.xml"


def _links_part(i: int) -> str:
    return f"xl/worksheets/_rels/sheet{i}.xml.rels"


def _write_sheet(book: _Book, i: int, spec: SheetSpec, styles: _Styles) -> None:
    """Sheet ``i`` (from 1) and its hyperlinks' relationships, the formats it uses added to
    ``styles``."""
    targets: list[str] = []
    book.part(_sheet_part(i), _sheet_chunks(spec, styles, targets))
    if targets:
        book.part(_links_part(i), _relationships(_HEAD, targets))


def _write_end(book: _Book, sheets: Sequence[tuple[str, int, int]], styles: _Styles) -> None:
    """The parts after the sheets (each sheet's title, columns and rows): the workbook, its
    relationships and the cell formats ``styles`` of every sheet."""
    names = []
    filters = []
    for i, (title, columns, rows) in enumerate(sheets, start=1):
        names.append(f'<sheet name="{escape(title)}" sheetId="{i}" r:id="rId{i}"/>')
        last = f"${get_column_letter(columns)}${max(rows + 1, 1)}"
        filters.append(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i - 1}" hidden="1">'
            f"{escape(_quoted_sheet(title), quote=False)}!$A$1:{last}</definedName>"
        )
    book.part(
        "xl/workbook.xml",
        [
            _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{''.join(names)}</sheets><definedNames>{''.join(filters)}</definedNames>"
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        ],
    )
    count = len(sheets)
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    rels += f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    book.part(
        "xl/_rels/workbook.xml.rels",
        [_HEAD + f'<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'],
    )
    book.part("xl/styles.xml", [styles.xml()])


# -- one workbook written by several processes --------------------------------------------------
#
# Each process writes the sheets it takes (``write_taken``) into a zip file of its own; one of
# them then puts the workbook together (``assemble``): the parts before the sheets, each sheet
# copied from the file that holds it (still deflated), the parts after. A sheet's cell formats
# are numbered in styles.xml in the order the sheets first use them, so each process starts a
# sheet from the formats the sheets before it add (``_styles_before``: what ``_sheet_chunks``
# adds, without writing the cells), and the parts are the ones ``write_sheets`` writes.


def _styles_before(heads: Sequence[SheetHead]) -> list[_Styles]:
    """The cell formats known before each sheet is written, and after the last."""
    styles = _Styles()
    before = [styles.copy()]
    for head in heads:
        styles.xf(_BOLD, True, "General", "wrap")  # (the header row, as _sheet_chunks)
        if head.formats:  # (formats of single cells, added cell by cell: the summary sheet)
            spec = head.make()
            letters = [get_column_letter(i) for i in range(1, len(spec.columns) + 1)]
            _cells(spec, styles, letters, [0] * len(letters), [])
        else:  # (what _by_column and _cells add first; nothing more without formats)
            _column_formats(SheetSpec(head.title, head.columns, ()), styles)
        before.append(styles.copy())
    return before


def write_taken(
    heads: Sequence[SheetHead], taken: Iterable[int], path: str | os.PathLike[str] | io.BytesIO
) -> None:
    """Write to ``path`` (a zip file of its own) the sheets ``taken`` (indexes into ``heads``,
    taken one at a time: ``taken`` may be shared with other processes) as ``write_sheets``
    writes them, for ``assemble``. ``ValueError`` if a sheet is not as its head says."""
    before = _styles_before(heads)
    book = _Book(path)
    try:
        for i in taken:
            head = heads[i]
            spec = head.make()
            if (spec.title, list(spec.columns), len(spec.rows), spec.formats) != (
                head.title,
                list(head.columns),
                head.size,
                head.formats,
            ):
                raise ValueError(f"sheet {i + 1} is not as its head says")
            styles = before[i].copy()
            _write_sheet(book, i + 1, spec, styles)
            if (styles.xfs, styles.custom) != (before[i + 1].xfs, before[i + 1].custom):
                raise ValueError(f"sheet {i + 1} uses other cell formats than foreseen")
    finally:
        book.close()


def assemble(
    heads: Sequence[SheetHead],
    taken: Sequence[str | os.PathLike[str] | io.BytesIO],
    path: str | os.PathLike[str],
) -> None:
    """Write the workbook of ``heads`` to ``path`` from the files ``write_taken`` wrote, which
    together hold every sheet (``ValueError`` if one is missing or held twice)."""
    sources = [zipfile.ZipFile(source) for source in taken]
    try:
        held: dict[str, tuple[zipfile.ZipFile, zipfile.ZipInfo]] = {}
        for source in sources:
            for info in source.infolist():
                if info.filename in held:
                    raise ValueError(f"{info.filename} written twice")
                held[info.filename] = (source, info)
        book = _Book(path)
        try:
            _write_start(book, len(heads))
            for i in range(1, len(heads) + 1):
                if _sheet_part(i) not in held:
                    raise ValueError(f"sheet {i} was not written")
                for name in (_sheet_part(i), _links_part(i)):
                    if name in held:
                        book.copy(*held.pop(name))
            if held:
                raise ValueError(f"parts of no sheet: {sorted(held)}")
            _write_end(
                book, [(h.title, len(h.columns), h.size) for h in heads], _styles_before(heads)[-1]
            )
        finally:
            book.close()
    finally:
        for source in sources:
            source.close()


def _core_xml() -> str:
    """The workbook's properties: made by plangraph, now."""
    now = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>plangraph</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _relationships(head: str, targets: list[str]) -> Iterator[str]:
    """A sheet's hyperlink relationships (``rId1``, ... in the order of ``targets``), each
    distinct target escaped once."""
    escaped: dict[str, str] = {}
    yield head + f'<Relationships xmlns="{_PKG_REL}">'
    for start in range(0, len(targets), _ROWS_PER_CHUNK * 4):
        part = []
        for n, target in enumerate(targets[start : start + _ROWS_PER_CHUNK * 4], start=start + 1):
            value = escaped.get(target)
            if value is None:
                value = escaped[target] = escape(target)
            part.append(
                f'<Relationship Id="rId{n}" Type="{_HYPERLINK_REL}" '
                f'Target="{value}" TargetMode="External"/>'
            )
        yield "".join(part)
    yield "</Relationships>"


_FIRST_SHEET = "xl/worksheets/sheet1.xml"
_CORE = "docProps/core.xml"


def rewrite_first_sheet(kept: bytes, first: SheetSpec, path: str | os.PathLike[str]) -> None:
    """Write to ``path`` the workbook ``kept`` (as ``write_sheets`` wrote it) with its first
    sheet made from ``first`` and the time it was made set to now; every other part is copied
    as it is, still deflated. ``first`` must be the sheet ``write_sheets`` would write first
    for the same workbook (its cell formats come first in ``styles.xml``) and have no
    hyperlinks. Raises ``ValueError`` if ``kept`` is not such a workbook."""
    targets: list[str] = []
    sheet = "".join(_sheet_chunks(first, _Styles(), targets))
    if targets:
        raise ValueError("the first sheet has hyperlinks")
    with (
        zipfile.ZipFile(io.BytesIO(kept)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book,
    ):
        infos = source.infolist()
        if not {_FIRST_SHEET, _CORE} <= {info.filename for info in infos}:
            raise ValueError("not a report's workbook")
        for info in infos:
            if info.filename in (_FIRST_SHEET, _CORE):
                with book.open(info.filename, "w") as part:
                    part.write((sheet if info.filename == _FIRST_SHEET else _core_xml()).encode())
            else:
                _copy_deflated(source, info, book)


def _copy_deflated(source: zipfile.ZipFile, info: zipfile.ZipInfo, book: zipfile.ZipFile) -> None:
    """Copy the part ``info`` of ``source`` into ``book`` without inflating it."""
    if source.fp is None or book.fp is None or info.flag_bits & 0x01:  # (0x01: encrypted)
        raise ValueError("cannot copy this part")
    source.fp.seek(info.header_offset)
    local = source.fp.read(30)
    if len(local) != 30 or local[:4] != b"PK\x03\x04":
        raise ValueError("a part's header is missing")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    source.fp.seek(info.header_offset + 30 + name_length + extra_length)
    data = source.fp.read(info.compress_size)
    if len(data) != info.compress_size:
        raise ValueError("a part is cut short")
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    copy.flag_bits = info.flag_bits & ~0x08  # sizes in the header, not in a descriptor after
    copy.CRC, copy.compress_size, copy.file_size = info.CRC, info.compress_size, info.file_size
    copy.header_offset = book.fp.tell()
    book.fp.write(copy.FileHeader())
    book.fp.write(data)
    book.filelist.append(copy)
    book.NameToInfo[copy.filename] = copy
    book.start_dir = book.fp.tell()
