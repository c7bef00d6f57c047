"""The bytes scan that passes big N-Triples / N-Quads files without a second parse (issue 13,
item 3): it must never pass what the exact check (``store.base.check_quad`` on every parsed
quad) refuses, a file it is unsure of gets the exact check's own error, and nothing of a bad
file stays in the store."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from plangraph.errors import DataSyntaxError, InputError, UnsafeInputError
from plangraph.generate import write_plans
from plangraph.store import index
from plangraph.store.base import _check_data
from plangraph.store.formats import FORMATS
from plangraph.store.index import load_checked
from plangraph.store.linescan import quick_check
from plangraph.store.oxigraph import OxigraphStore

XSD = "http://www.w3.org/2001/XMLSchema#"
TARGET = URIRef("https://w3id.org/plangraph/graph/scanned")
GOOD_NT = "".join(
    f'<https://e.org/n{i}> <https://e.org/p> "v{i}" .\n'
    f'<https://e.org/n{i}> <https://e.org/d> "2024-01-{i % 28 + 1:02d}"^^<{XSD}date> .\n'
    for i in range(400)
)
GOOD_NQ = "".join(
    f'<https://e.org/n{i}> <https://e.org/p> "w{i}"@nb <https://e.org/g/named> .\n'
    for i in range(400)
)

S, P, OBJ = "<https://e.org/s>", "<https://e.org/p>", "<https://e.org/o>"
G = "<https://e.org/g/other>"
BAD = {
    # IRIs with a scheme not allowed, in every place an IRI can stand
    "scheme-subject": f'<javascript:alert(1)> {P} "x" .',
    "scheme-predicate": f'{S} <file:///etc/passwd> "x" .',
    "scheme-object": f"{S} {P} <data:text/html,x> .",
    "scheme-graph": f'{S} {P} "x" <javascript:g> .',
    "scheme-datatype": f'{S} {P} "x"^^<javascript:t> .',
    "scheme-upper": f"{S} {P} <JAVASCRIPT:alert(1)> .",
    "scheme-near": f"{S} {P} <httpx://e.org/o> .",
    "scheme-escaped": f"{S} {P} <\\u006Aavascript:alert(1)> .",
    "scheme-escaped-long": f"{S} {P} <\\U0000006Aavascript:alert(1)> .",
    # bidirectional controls and line separators in IRIs, raw and escaped
    "bidi-subject": f'<https://e.org/\u202egnp.exe> {P} "x" .',
    "bidi-object": f"{S} {P} <https://e.org/\u2066x> .",
    "bidi-graph": f'{S} {P} "x" <https://e.org/g/\u2029> .',
    "bidi-datatype": f'{S} {P} "x"^^<https://e.org/t\u202a> .',
    "line-separator": f"{S} {P} <https://e.org/a\u2028b> .",
    "bidi-escaped": f"{S} {P} <https://e.org/\\u202Egnp.exe> .",
    "bidi-escaped-long": f"{S} {P} <https://e.org/\\U0000202Egnp.exe> .",
    "bidi-escaped-graph": f'{S} {P} "x" <https://e.org/g/\\u2069> .',
    # control characters in literals, raw and escaped
    "control-raw": f'{S} {P} "a\x01b" .',
    "control-del": f'{S} {P} "a\x7fb"@nb .',
    "control-c1": f'{S} {P} "a\x85b" .',
    "control-escaped": f'{S} {P} "a\\u0001b" .',
    "control-escaped-long": f'{S} {P} "a\\U0000009Fb" .',
    "control-backspace": f'{S} {P} "a\\bb" .',
    "control-formfeed": f'{S} {P} "a\\fb" .',
    "control-in-typed": f'{S} {P} "1\\u0000"^^<{XSD}integer> .',
    # ill-typed literals
    "date": f'{S} {P} "2023-02-29"^^<{XSD}date> .',
    "integer": f'{S} {P} "abc"^^<{XSD}integer> .',
    "integer-spaced": f'{S} {P} "1"^^<{XSD}integer> .\n{S} {P} "1 2" ^^ <{XSD}integer> .',
    "integer-escaped-tab": f'{S} {P} "1\\t2"^^<{XSD}integer> .',
    "boolean": f'{S} {P} "yes"^^<{XSD}boolean> .',
    "byte-range": f'{S} {P} "300"^^<{XSD}byte> .',
    "anyuri": f'{S} {P} "javascript:alert(1)"^^<{XSD}anyURI> .',
    "empty-decimal": f'{S} {P} ""^^<{XSD}decimal> .',
    "quote-in-typed": f'{S} {P} "2\\"3"^^<{XSD}decimal> .',
    "typed-in-graph": f'{S} {P} "2024-13-01"^^<{XSD}date> {G} .',
    "caret-elsewhere": f'{S} {P} "a^^b" .\n{S} {P} "x"^^<{XSD}double> .',
    # RDF 1.2 triple terms: their terms are checked too
    "triple-term-iri": f'{S} {P} <<( <javascript:x> {P} "1" )>> .',
    "triple-term-literal": f'{S} {P} <<( {S} {P} "a\\u0001" )>> .',
    "triple-term-typed": f'{S} {P} <<( {S} {P} "x"^^<{XSD}integer> )>> .',
}


def _exact_error(data: bytes, fmt: str) -> str:
    """The exact check's message (``check_quad`` on each parsed quad)."""
    with pytest.raises(UnsafeInputError) as caught:
        _check_data(data, FORMATS[fmt], "bad.x", TARGET)
    return str(caught.value)


def _file(name: str, fmt: str) -> bytes:
    body = GOOD_NT + (GOOD_NQ if fmt == "nq" else "") + BAD[name] + "\n" + GOOD_NT
    return body.encode("utf-8")


IN_GRAPH_NAME = {"scheme-graph", "bidi-graph", "bidi-escaped-graph", "typed-in-graph"}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [(n, f) for n in sorted(BAD) for f in ("nt", "nq") if f == "nq" or n not in IN_GRAPH_NAME],
)
def test_the_scan_is_never_sure_of_what_the_exact_check_refuses(name: str, fmt: str) -> None:
    data = _file(name, fmt)
    _exact_error(data, fmt)  # the exact check refuses it
    assert quick_check(data) is None


def _load_error(path: Path, store: OxigraphStore) -> str:
    with pytest.raises(UnsafeInputError) as caught:
        load_checked(store, fmt=FORMATS["nq"], graph=TARGET, source=str(path), path=path)
    return str(caught.value)


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_big_file_gets_the_exact_checks_error_and_leaves_nothing(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Through the big-file path (bulk load while the scan runs): the error is the one the
    exact check gives alone (the scan switched off), word for word, and the store holds what it
    held before, in every graph."""
    monkeypatch.setattr(index, "_CONCURRENT_BYTES", 0)
    path = tmp_path / "bad.nq"
    path.write_bytes(_file(name, "nq"))
    store = OxigraphStore()
    store.raw.add(ox.Quad(ox.NamedNode("https://e.org/kept"), ox.NamedNode("https://e.org/p"),
                          ox.Literal("kept"), ox.NamedNode("https://e.org/g/kept")))  # fmt: skip
    before = sorted(store.raw)
    message = _load_error(path, store)
    assert sorted(store.raw) == before
    assert {g.value for g in store.raw.named_graphs()} == {"https://e.org/g/kept"}
    monkeypatch.setattr(index, "quick_check", lambda *a, **k: None)  # the exact check alone
    assert _load_error(path, store) == message
    assert str(path) in message
    assert sorted(store.raw) == before


def test_a_file_that_does_not_parse_gets_the_parsers_error_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(index, "_CONCURRENT_BYTES", 0)
    data = (GOOD_NQ + f"{S} {P} .\n" + GOOD_NT).encode()
    with pytest.raises(DataSyntaxError) as expected:
        _check_data(data, FORMATS["nq"], "bad.nq", TARGET)
    assert quick_check(data) is not None  # the scan reads no syntax: the parser decides
    path = tmp_path / "bad.nq"
    path.write_bytes(data)
    store = OxigraphStore()
    with pytest.raises(DataSyntaxError) as caught:
        load_checked(store, fmt=FORMATS["nq"], graph=TARGET, source="bad.nq", path=path)
    assert str(caught.value) == str(expected.value)
    assert len(store.raw) == 0 and not list(store.raw.named_graphs())


ACCEPTED = {
    "plain": GOOD_NT + GOOD_NQ,
    "typed": f'{S} {P} " 42 "^^<{XSD}integer> .\n{S} {P} "1.5e3" ^^ <{XSD}double> {G} .\n',
    "escapes": f'{S} {P} "a\\tb\\nc\\"d\\\\e\\\'f" .\n{S} {P} "2\\t"^^<{XSD}integer> .\n',
    "angle-in-literal": f'{S} {P} "a < b, <b>bold</b>" .\n',
    "other-schemes": "<urn:x:1> <tag:e.org,2024:p> <mailto:a@e.org> .\n",
    "blank-nodes": f'_:b1 {P} _:b2 .\n_:b2 {P} "x" _:g .\n',
    "comments": f'# a comment with "x"^^<javascript:y>\n{S} {P} "x" . # after\n',
    "no-final-newline": f'{S} {P} "x" .',
    "crlf": f'{S} {P} "x" .\r\n{S} {P} "1"^^<{XSD}integer> .\r\n',
    "cr-only": f'{S} {P} "x" .\r{S} {P} "1"^^<{XSD}integer> .\r',
    "no-space": f'{S}{P}"1"^^<{XSD}integer>.\n',
    "norwegian": f'{S} {P} "Helse Sør-Øst – «plan» \u00a0 ok" .\n',
}
"""Files both checks pass (the scan may still be unsure of some: then the exact check runs)."""


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_files_that_pass_load_the_same_through_the_scan(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = ACCEPTED[name].encode("utf-8")
    checked = _check_data(data, FORMATS["nq"], "ok.nq", TARGET)
    assert quick_check(data) is not None or name == "comments"  # its comment is suspect
    monkeypatch.setattr(index, "_CONCURRENT_BYTES", 0)
    path = tmp_path / "ok.nq"
    path.write_bytes(data)
    store = OxigraphStore()
    graphs = load_checked(store, fmt=FORMATS["nq"], graph=TARGET, source="ok.nq", path=path)
    assert graphs == {str(g) for g in checked.graphs}
    assert len(store.raw) == checked.count


def test_the_generated_data_passes_the_scan(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.nq"
    write_plans(path, 20_000, seed=5)
    scan = quick_check(path, last_iris=True)
    assert scan is not None and scan.has_statement
    checked = _check_data(path.read_bytes(), FORMATS["nq"], "synthetic.nq", TARGET)
    assert scan.last_iris is not None and {str(g) for g in checked.graphs} <= scan.last_iris


def test_the_graph_names_come_from_the_file_when_the_store_already_holds_some(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file adding to a graph the store already holds: the graph is named among the file's
    (the scan cannot tell from the store's graphs alone, and says so)."""
    monkeypatch.setattr(index, "_CONCURRENT_BYTES", 0)
    path = tmp_path / "more.nq"
    path.write_bytes((GOOD_NQ + f'{S} {P} "x" {G} .\n').encode())
    store = OxigraphStore()
    store.raw.add(ox.Quad(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"),
                          ox.Literal("a"), ox.NamedNode("https://e.org/g/other")))  # fmt: skip
    store.raw.add(ox.Quad(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"),
                          ox.Literal("a"), ox.NamedNode("https://e.org/g/unrelated")))  # fmt: skip
    graphs = load_checked(store, fmt=FORMATS["nq"], graph=TARGET, source="more.nq", path=path)
    assert graphs == {"https://e.org/g/named", "https://e.org/g/other"}


NASTY = [
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x80", "\x85", "\x9f",
    "\u202a", "\u202e", "\u2066", "\u2069", "\u2028", "\u2029",
    "\\u202E", "\\U0000202e", "\\u0001", "\\u0085", "\\b", "\\f", "\\t", "\\\\", '\\"',
    "^", "^^", '"', "<", ">", " ", "#", "javascript:", "JAVASCRIPT:", "file:", "<<(", ")>>",
    "<javascript:x>", '"x"^^<' + XSD + "integer>", "\\u006A", "\u00a0", "\u2013",
]  # fmt: skip
"""Pieces inserted at random places into good statements."""


def test_random_edits_never_make_the_scan_pass_what_the_exact_check_refuses() -> None:
    """Soundness over many small edits (fixed seed): wherever the parser reads the edited file,
    a refusal by the exact check means the scan was unsure."""
    rng = random.Random(13)
    lines = [
        f'{S} {P} "2024-02-29"^^<{XSD}date> {G} .',
        f'{S} {P} "Tiltak 1"@nb .',
        f"{S} {P} {OBJ} {G} .",
        f'_:b {P} "12"^^<{XSD}integer> .',
        f'{S} {P} "true"^^<{XSD}boolean> {G} .',
        f'{S} {P} <<( {S} {P} "x" )>> .',
    ]
    refused = passed = 0
    for _ in range(3000):
        line = rng.choice(lines)
        at = rng.randrange(len(line) + 1)
        edited = line[:at] + rng.choice(NASTY) + line[at:]
        data = (lines[1] + "\n" + edited + "\n").encode("utf-8", "surrogatepass")
        try:
            _check_data(data, FORMATS["nq"], "x.nq", TARGET)
        except UnsafeInputError:
            refused += 1
            assert quick_check(data) is None, edited
            continue
        except InputError:
            continue  # does not parse: the parser refuses it on every path
        passed += 1
    assert refused > 300 and passed > 150  # both kinds were tried


FORBIDDEN_IN_IRI = [chr(c) for c in range(0x21)] + list('<>"{}|\\^`') + ["\x7f", "\x85"]


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_the_parser_refuses_what_the_scan_leaves_to_it(fmt: str) -> None:
    """What the scan takes from the engine's strict parser (``linescan``'s docstring), pinned
    here so that an engine that reads more loosely is noticed: IRIs with a character RFC 3987
    forbids (raw or escaped), relative IRIs, two statements on one line, a statement over two
    lines, invalid UTF-8."""
    options = {"format": FORMATS[fmt].ox_format, "base_iri": None, "lenient": False}
    bad = [f"<https://e.org/a{ch}b> {P} {OBJ} ." for ch in FORBIDDEN_IN_IRI if ch not in "\\>"]
    bad += [f"<https://e.org/a\\u{ord(ch):04X}b> {P} {OBJ} ." for ch in FORBIDDEN_IN_IRI]
    bad += [f"<https://e.org/a\\U{ord(ch):08X}b> {P} {OBJ} ." for ch in FORBIDDEN_IN_IRI]
    bad += [f"<https://e.org/a\\\\b> {P} {OBJ} .", f"<a> {P} {OBJ} .", f"<//e.org/a> {P} {OBJ} ."]
    bad += [f'{S} {P} "a" . {S} {P} "b" .', f'{S} {P}\n"a" .', f'{S} {P} "a"\n^^<{XSD}int> .']
    for text in bad:
        with pytest.raises(SyntaxError):
            list(ox.parse(text.encode("utf-8") + b"\n", **options))
    for raw in (b"\xff", b"\xc0\xaf", b"\xed\xa0\x80"):  # not UTF-8, overlong, a surrogate
        with pytest.raises(SyntaxError):
            list(ox.parse(b'<https://e.org/a> <https://e.org/p> "' + raw + b'" .\n', **options))
