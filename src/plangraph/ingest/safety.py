"""Checks that run before any parser sees an uploaded file.

``.docx`` and ``.xlsx`` files are zip archives of XML parts. Before python-docx or openpyxl open
one, ``check_zip`` reads the archive's directory and every part in bounded chunks: the
decompressed total is capped (a zip bomb is refused without being inflated past the cap), and an
XML part that declares a DTD (``<!DOCTYPE``/``<!ENTITY``, the door to entity expansion and to
external references) is refused. The XML parts are then parsed by ``defusedxml`` as a second
line, which refuses entities and external references as well.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from plangraph.errors import InputError, UnsafeInputError

__all__ = [
    "CP1252_NOTE",
    "MAX_CELL_CHARS",
    "MAX_UNZIPPED_BYTES",
    "check_zip",
    "csv_delimiter",
    "csv_rows",
    "decode_csv",
    "decode_utf8",
    "open_workbook",
]

MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
"""The most a .docx or .xlsx may hold once decompressed (all parts together)."""

MAX_CELL_CHARS = 1_000_000
"""The longest text a spreadsheet or CSV cell may hold (a 1 MB cell is refused)."""

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_zip(data: bytes, file_name: str, limit: int = MAX_UNZIPPED_BYTES) -> None:
    """Refuse a zip that inflates past ``limit`` or whose XML parts declare a DTD or entities."""
    import defusedxml.ElementTree as defused_et
    from defusedxml import DefusedXmlException

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(f"{file_name}: not a readable zip file (.docx/.xlsx): {exc}") from None
    with archive:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > limit:
            raise UnsafeInputError(
                f"{file_name}: the file would unpack to {declared:,} bytes, more than the "
                f"{limit:,} allowed (a zip bomb?); nothing was read"
            )
        total = 0
        for info in archive.infolist():
            if info.is_dir():
                continue
            chunks: list[bytes] = []
            try:
                with archive.open(info) as part:
                    while True:
                        chunk = part.read(1 << 16)
                        if not chunk:
                            break
                        total += len(chunk)
                        if total > limit:
                            raise UnsafeInputError(
                                f"{file_name}: the file unpacks to more than {limit:,} bytes "
                                "(a zip bomb?); nothing was read"
                            )
                        if info.filename.endswith((".xml", ".rels")):
                            chunks.append(chunk)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
                raise InputError(
                    f"{file_name}: part {info.filename} cannot be read: {exc}"
                ) from None
            if not chunks:
                continue
            xml = b"".join(chunks)
            if _DTD.search(xml):
                raise UnsafeInputError(
                    f"{file_name}: part {info.filename} declares a DTD or XML entities; "
                    "entities and external references are refused"
                )
            try:
                defused_et.fromstring(xml, forbid_dtd=True)
            except DefusedXmlException as exc:
                raise UnsafeInputError(f"{file_name}: part {info.filename}: {exc}") from None
            except Exception as exc:
                raise InputError(
                    f"{file_name}: part {info.filename} is not well-formed XML: {exc}"
                ) from None


def decode_utf8(data: bytes, file_name: str) -> str:
    """``data`` as UTF-8 (a BOM is allowed), or an error naming the first bad byte's line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{file_name}, line {line}: the file is not UTF-8 (byte 0x{data[exc.start]:02x} at "
            f"offset {exc.start}); save it as UTF-8 and import it again"
        ) from None


# The note a draft carries when its CSV was read as Windows-1252 (English, as every source note).
CP1252_NOTE = (
    "The file is not UTF-8; it was read as Windows-1252 (as Excel on Windows saves CSV). Check "
    "that letters such as æ, ø and å look right."
)


def decode_csv(data: bytes, file_name: str) -> tuple[str, bool]:
    """A CSV's text and whether it was read as Windows-1252: UTF-8 first (a BOM is allowed);
    bytes that are not UTF-8 are read as Windows-1252, as Excel on Windows saves CSV. Bytes
    that are neither (0x81, 0x8D, 0x8F, 0x90, 0x9D have no Windows-1252 character; a NUL byte
    means UTF-16 or no text) are refused with the first bad byte's line."""
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:  # UTF-16 (Excel's "Unicode text") or binary: no Windows-1252 text
        at = data.index(b"\x00")
        line = data[:at].count(b"\n") + 1
        raise InputError(
            f"{file_name}, line {line}: the file is neither UTF-8 nor "
            f"Windows-1252 (a NUL byte at offset {at}: UTF-16 or not text); save it as UTF-8 "
            "and import it again"
        )
    try:
        return data.decode("cp1252"), True
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{file_name}, line {line}: the file is neither UTF-8 nor Windows-1252 (byte "
            f"0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8 and import it again"
        ) from None


def csv_delimiter(first_line: str) -> str:
    """The delimiter a spreadsheet program wrote a CSV with: ";" (Norwegian Excel), "," or a
    tab, whichever splits the first line into the most columns (";" on a tie).

    >>> csv_delimiter("kind;label;text"), csv_delimiter('kind,label,"a; b"'), csv_delimiter("x")
    (';', ',', ';')
    """
    import csv

    return max((";", ",", "\t"), key=lambda d: len(next(csv.reader([first_line], delimiter=d))))


def csv_rows(file_name: str, text: str) -> list[list[str]]:
    """The rows of a CSV file's text (delimiter by ``csv_delimiter`` on its first line); a cell
    over ``MAX_CELL_CHARS`` or broken quoting is an error naming the row or line."""
    import csv
    import io

    first = text.lstrip().splitlines()[0] if text.strip() else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(first))
    previous_limit = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        return list(reader)
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise InputError(
                f"{file_name}, row {reader.line_num}: a cell holds more than "
                f"{MAX_CELL_CHARS:,} characters"
            ) from None
        raise InputError(f"{file_name}, line {reader.line_num}: not valid CSV: {exc}") from None
    finally:
        csv.field_size_limit(previous_limit)


@contextmanager
def open_workbook(file_name: str, data: bytes) -> Iterator[Any]:
    """An ``.xlsx`` workbook for a ``with`` block, read-only, formulas as their text (never
    evaluated), after the zip checks (``check_zip``), closed at the end. A workbook openpyxl
    cannot open, or a sheet part that fails inside its reader, is an ``InputError``."""
    check_zip(data, file_name)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl fails in many ways on a broken workbook
        raise InputError(f"{file_name}: not a readable .xlsx workbook: {exc}") from None
    try:
        yield wb
    except InputError:
        raise
    except Exception as exc:  # a broken sheet part fails inside openpyxl's reader
        raise InputError(
            f"{file_name}: a sheet cannot be read ({type(exc).__name__}: {exc})"
        ) from None
    finally:
        wb.close()
