"""A quick check over the bytes of an N-Triples or N-Quads file: passes it, or says "not sure".

The loader (``store.index.load_checked``) lets Oxigraph parse and bulk-load a big file in Rust.
The checks every quad must pass (``store.base.check_quad``: ``safety.check_iri`` on each IRI,
``safety.check_literal`` on each literal) then need the file's terms in Python. Parsing the
file a second time in Python for them costs several seconds at a million statements; this scan
reads the raw bytes instead, with a few whole-buffer searches at C speed, and answers either
"every IRI and literal passes" or ``None`` ("not sure": the caller then runs the exact check,
which names the first bad statement). It never refuses anything itself, so its messages cannot
differ from the exact check's; and it must never pass a file the exact check refuses.

Why that holds. It only answers for files the engine's parser (strict mode: ``lenient=False``)
reads without error (a file that does not parse is refused by the parser on either path), and
the parser, for these line-based formats, gives:

- one statement per line (a line ends at LF or CR), terms written out in full: IRIs only as
  ``<...>`` (no prefixes, no base: a relative IRI is a syntax error), literals as ``"..."``;
- IRIs that hold none of the characters RFC 3987 forbids (``terms.IRI_FORBIDDEN_CHARS``: the
  parser refuses them, raw or escaped) and whose scheme starts with a letter;
- valid UTF-8, so a character is found by its one encoding;
- escapes decoded: ``\\uXXXX`` and ``\\UXXXXXXXX`` (anywhere) and ``\\b``, ``\\f`` (in literals)
  can make any character, so a file holding an escape other than ``\\t \\n \\r \\" \\'
  \\\\`` is "not sure" (the backslashes of a run pair up from its start, as the parser reads
  them).

Then the file passes if none of these is found (each a superset of what the checks refuse):

- a control character (C0 but tab, LF and CR; DEL; C1) anywhere (``check_text`` refuses them
  in literals, the parser in IRIs), or a bidirectional control or line separator (U+202A-E,
  U+2066-9, U+2028-9) anywhere (``check_iri`` refuses them in IRIs);
- a ``<`` followed by a scheme and ``:`` whose scheme is not one of
  ``terms.ALLOWED_IRI_SCHEMES`` in lower case (every IRI starts with ``<scheme:``; a ``<``
  inside a literal or a comment can only make the scan unsure);
- ``<<`` (an RDF 1.2 triple term: its terms are checked by the exact path);
- a typed literal that ``check_literal`` refuses: every ``"lexical"^^<datatype>`` is found with
  a pattern whose matches must account for every ``^`` in the file (else "not sure"), and each
  distinct pair is checked exactly as the exact path checks it. (A line holds one statement,
  so at most one literal, and nothing before it on the line holds a quote: a match that holds
  a literal's ``^^`` starts at that literal's opening quote and reads its escapes as the parser
  does.)

With the set of IRIs ``<g>`` that stand last before a statement's final dot (a superset of
the file's graph names), the caller can tell which graphs already in the store the file may
have added to (``QuickScan.last_iris``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from plangraph.errors import UnsafeInputError
from plangraph.safety import check_literal
from plangraph.terms import ALLOWED_IRI_SCHEMES

__all__ = ["QuickScan", "quick_check"]

_CHUNK = 1 << 20
"""Bytes read at a time (cut at a line end): small enough that the few passes over a piece
find it in the processor's cache, and the scan holds next to nothing."""

_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_KEEP_CONTROL_AND_CARET = bytes(b for b in range(256) if b not in _CONTROL_BYTES + b"^")
"""``chunk.translate(None, this)`` keeps only the control bytes and the carets: one pass
finds both."""
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
"""U+0080-U+009F in UTF-8."""
_INVISIBLE = re.compile(rb"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])")
"""U+2028-U+202E and U+2066-U+2069 in UTF-8 (``safety._INVISIBLE_CHARS``)."""
_ESCAPE = re.compile(rb"\\(?<!\\\\)(?:\\\\)*+[^tnr\"'\\]")
"""An escape other than those that make tab, LF, CR, a quote or a backslash: the backslashes
of a run pair up from its start, as the parser reads them (``\\\\u`` is a backslash and a
``u``). It starts with a backslash, so that the search skips to the next one at C speed."""
_BAD_SCHEME = re.compile(
    rb"<(?!(?:"
    + b"|".join(re.escape(s.encode()) for s in sorted(ALLOWED_IRI_SCHEMES))
    + rb"):)(?:<|[A-Za-z][A-Za-z0-9+.\-]*:)"
)
"""``<scheme:`` with a scheme other than an allowed one in lower case (``<HTTP:`` passes
``check_iri``, which folds case, but makes the scan unsure: rare, and faster to search), or
``<<`` (a triple term)."""
_TYPED = re.compile(rb'"([^"\\\n\r]*+(?:\\[^\n\r][^"\\\n\r]*+)*+)"[ \t]*+\^\^[ \t]*+<([^>\n\r]*+)>')
"""A typed literal: its lexical form (escapes not decoded) and its datatype IRI."""
_STATEMENT = re.compile(rb"(?:^|[\n\r])[ \t]*+[<_]")
"""A line that starts with a subject (a comment line starts with ``#``)."""
_LAST_IRI = re.compile(rb"<([^<>\n\r]*+)>[ \t]*+\.")
"""An IRI followed by a dot: the last term of a statement (its graph name, in N-Quads)."""
_UNESCAPE = {b"t": b"\t", b"n": b"\n", b"r": b"\r", b'"': b'"', b"'": b"'", b"\\": b"\\"}


@dataclass
class QuickScan:
    """What a scan that passed a file found."""

    has_statement: bool = False
    """Whether the file holds at least one statement."""
    last_iris: set[str] | None = None
    """The IRIs that stand last in a statement (when asked for), a superset of its graphs."""
    typed: set[tuple[bytes, bytes]] = field(default_factory=set, repr=False)


def _pieces(source: Path | bytes) -> Iterator[bytes]:
    """The bytes in pieces of about ``_CHUNK`` bytes, each ending at a line end (LF or CR)."""
    rest = b""
    with source.open("rb") if isinstance(source, Path) else io.BytesIO(source) as handle:
        while block := handle.read(_CHUNK):
            chunk = rest + block if rest else block
            cut = max(chunk.rfind(b"\n"), chunk.rfind(b"\r")) + 1
            if cut == 0:  # one line longer than a piece: read on
                rest = chunk
                continue
            rest = chunk[cut:]
            yield chunk[:cut] if cut < len(chunk) else chunk
    if rest:
        yield rest


def _scan_chunk(chunk: bytes, scan: QuickScan) -> bool:
    """Whether ``chunk`` holds nothing suspect; adds what it found to ``scan``."""
    special = chunk.translate(None, _KEEP_CONTROL_AND_CARET)  # controls and carets only
    carets = special.count(b"^")
    if (
        carets != len(special)
        or (b"\\" in chunk and _ESCAPE.search(chunk))
        or (b"\xe2" in chunk and _INVISIBLE.search(chunk))
        or (b"\xc2" in chunk and _C1.search(chunk))
        or _BAD_SCHEME.search(chunk)
    ):
        return False
    if carets:
        typed = _TYPED.findall(chunk)
        if 2 * len(typed) != carets:
            return False  # a ``^`` the pattern did not explain: in a literal, or a form not read
        scan.typed.update(typed)
    if not scan.has_statement and _STATEMENT.search(chunk):
        scan.has_statement = True
    if scan.last_iris is not None:
        found = set(_LAST_IRI.findall(chunk))
        scan.last_iris.update(iri.decode("utf-8", "surrogateescape") for iri in found)
    return True


def _literals_pass(typed: set[tuple[bytes, bytes]]) -> bool:
    datatypes: set[str] = set()
    try:
        for raw, datatype in typed:
            if b"\\" in raw:
                raw = re.sub(rb"\\(.)", lambda m: _UNESCAPE[m.group(1)], raw)
            check_literal(raw.decode("utf-8"), datatype.decode("utf-8"), "", datatypes)
    except (UnsafeInputError, UnicodeDecodeError, KeyError):
        return False
    return True


def quick_check(source: Path | bytes, *, last_iris: bool = False) -> QuickScan | None:
    """Scan an N-Triples or N-Quads file (or its bytes): a ``QuickScan`` if every IRI and
    literal in it passes ``check_quad``'s checks, provided the engine's parser reads it without
    error; ``None`` if not sure (see the module docstring). ``last_iris``: also collect the
    IRIs that stand last in a statement."""
    scan = QuickScan(last_iris=set() if last_iris else None)
    for chunk in _pieces(source):
        if not _scan_chunk(chunk, scan):
            return None
    if not _literals_pass(scan.typed):
        return None
    scan.typed = set()
    return scan
