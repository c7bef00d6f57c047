"""Bad input is refused before it is stored (issue 15, items 4 and 5), on the CLI paths too.

The API paths are in tests/api/test_api_hardening.py.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from plangraph.errors import UnsafeInputError
from plangraph.safety import check_iri, check_json_depth, check_literal, printable
from plangraph.store import empty_store, open_store
from tests.helpers import ROOT, run_cli

XSD = "http://www.w3.org/2001/XMLSchema#"
GRAPH = URIRef("https://w3id.org/plangraph/graph/safety-test")
SUBJECT = "<https://w3id.org/plangraph/id/measure/safety/x>"
LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"


def deep_jsonld(depth: int) -> bytes:
    """A JSON-LD document whose one value is an array nested ``depth`` deep."""
    head = b'{"@context": {"ex": "https://e.org/"}, "@id": "https://e.org/a", "ex:p": '
    return head + b"[" * depth + b'"x"' + b"]" * depth + b"}"


def test_json_depth_is_counted_without_recursion_and_strings_do_not_count() -> None:
    check_json_depth(deep_jsonld(50))
    check_json_depth(b'{"a": "[[[[[[[[[[[[ \\" [[[[["}', limit=1)
    with pytest.raises(UnsafeInputError, match="nested deeper than 100 levels"):
        check_json_depth(deep_jsonld(5000))
    with pytest.raises(UnsafeInputError, match="nested deeper than 100"):
        check_json_depth(b'{"a":' * 1_000_000)  # far beyond any recursion limit, no crash


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        ("abc", "integer"),
        ("1.5", "integer"),
        ("300", "byte"),
        ("-1", "nonNegativeInteger"),
        ("2021-13-45", "date"),
        ("2023-02-29", "date"),
        ("2024-01-01T25:00:00", "dateTime"),
        ("2024-01-01T10:00:00", "dateTimeStamp"),
        ("yes", "boolean"),
        ("1,5", "decimal"),
        ("1e", "double"),
        ("20x4", "gYear"),
        ("P", "duration"),
        ("javascript:alert(1)", "anyURI"),
    ],
)
def test_ill_typed_literals_are_refused(value: str, datatype: str) -> None:
    with pytest.raises(UnsafeInputError, match=f"not a valid xsd:{datatype}"):
        check_literal(value, XSD + datatype)


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        ("42", "integer"),
        (" 42 ", "integer"),
        ("-0", "int"),
        ("255", "unsignedByte"),
        ("2024-02-29", "date"),
        ("2024-02-29Z", "date"),
        ("2024-01-01T24:00:00", "dateTime"),
        ("2024-01-01T10:00:00.5+01:00", "dateTimeStamp"),
        ("true", "boolean"),
        ("0", "boolean"),
        ("-1.5", "decimal"),
        ("1.5E3", "double"),
        ("INF", "float"),
        ("2024", "gYear"),
        ("2024-06", "gYearMonth"),
        ("P1Y2M", "duration"),
        ("PT1.5S", "duration"),
        ("https://e.org/a", "anyURI"),
        ("../relative", "anyURI"),
        ("fritekst", "string"),
        ("anything", "normalizedString"),
    ],
)
def test_well_typed_literals_pass(value: str, datatype: str) -> None:
    check_literal(value, XSD + datatype)


def test_unsafe_iris_and_control_characters_are_refused_with_the_position() -> None:
    with pytest.raises(UnsafeInputError, match="scheme 'javascript'"):
        check_literal("1", "javascript:x")
    for char in ("\u202e", "\u202a", "\u2066", "\u2069", "\u2028", "\u2029"):
        with pytest.raises(UnsafeInputError, match=f"U\\+{ord(char):04X}"):
            check_iri(f"https://e.org/a{char}b")
    with pytest.raises(UnsafeInputError, match="U\\+0000 at position 6"):
        check_literal("Tiltak\x00", None)
    with pytest.raises(UnsafeInputError, match="U\\+001B at position 2"):
        check_literal("ab\x1b[31m", XSD + "string")
    check_literal("linje 1\nlinje 2\tmed tab\r\n", None)
    check_literal("\u202eright-to-left text is text", None)  # refused in IRIs only
    assert printable("a\x00b\x07c") == "a\ufffdb\ufffdc"
    assert printable(3) == 3


def test_the_one_match_accepts_only_iris_the_checks_accept() -> None:
    """``check_iri`` answers a plain IRI with one match; every IRI it lets through that way
    passes the checks one by one (scheme, RFC 3987's characters, bidi controls), and every
    refused character still gets the named error."""
    from plangraph.safety import _PLAIN_IRI
    from plangraph.terms import check_iri as syntax_ok

    tails = ["", "//e.org/a", "//e.org/a b", "//e.org/a<b", "//e.org/\u202eb", "x:y", "//é.no/ø"]
    heads = ["http", "https", "HTTPS", "urn", "mailto", "tag", "ftp", "javascript", "httpſ"]
    heads += ["\u212aey", "data", "https+x", " https", "urn-x"]
    refused = 0
    for head in heads:
        for tail in tails:
            for char in ("", *(chr(c) for c in range(0, 0x80, 7)), "\u2028", "\u00a0"):
                value = f"{head}:{tail}{char}"
                if _PLAIN_IRI.fullmatch(value) is None:
                    refused += 1
                    continue
                syntax_ok(value)  # raises if the one match let a bad IRI through
                assert not any(c in value for c in "\u202a\u202e\u2066\u2069\u2028\u2029")
                assert check_iri(value) == value
    assert refused > 100  # the slow path is reached too
    with pytest.raises(UnsafeInputError, match="scheme 'ftp'"):
        check_iri("ftp://e.org/a")
    with pytest.raises(UnsafeInputError, match="not an absolute IRI"):
        check_iri("httpſ://e.org/a")


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        (f'{SUBJECT} <https://e.org/n> "abc"^^<{XSD}integer> .', "valid xsd:integer"),
        (f'{SUBJECT} <https://e.org/d> "2021-13-45"^^<{XSD}date> .', "valid xsd:date"),
        (f'{SUBJECT} <https://e.org/d> "1"^^<javascript:x> .', "scheme 'javascript'"),
        (f'<https://e.org/a\u202eb> {LABEL} "x" .', "U\\+202E"),
        (f'{SUBJECT} <https://e.org/l\u2028> "x" .', "U\\+2028"),
        (f"{SUBJECT} <https://e.org/o> <https://e.org/\u2066x> .", "U\\+2066"),
        (f'{SUBJECT} {LABEL} "Tiltak\x00 med NUL"@nb .', "U\\+0000 at position 6"),
        (f'{SUBJECT} {LABEL} "Tiltak \\u0007 escaped"@nb .', "U\\+0007 at position 7"),
    ],
)
def test_the_store_refuses_bad_terms_and_keeps_what_it_had(turtle: str, expected: str) -> None:
    store = empty_store()
    store.load_data(f'{SUBJECT} {LABEL} "Før"@nb .'.encode(), "ttl", GRAPH)
    before = store.serialize("nq", GRAPH)
    with pytest.raises(UnsafeInputError, match=expected):
        store.load_data(turtle.encode(), "ttl", GRAPH, source="bad.ttl")
    assert store.serialize("nq", GRAPH) == before


def test_a_raw_control_character_is_located_in_the_file() -> None:
    data = f'{SUBJECT} {LABEL} "ok"@nb .\n{SUBJECT} {LABEL} "Tiltak\x01 her"@nn .\n'.encode()
    with pytest.raises(UnsafeInputError, match=r"bad\.ttl \(line 2, column \d+\)") as info:
        empty_store().load_data(data, "ttl", GRAPH, source="bad.ttl")
    assert "U+0001 at position 6" in str(info.value)


def test_the_seed_and_data_folder_pass_the_checks() -> None:
    store = open_store("memory", data_dir=str(ROOT / "data"), load_seed=True)
    assert len(store) > 1000


def test_validate_cli_refuses_deep_jsonld_with_exit_2(tmp_path: Path) -> None:
    deep = tmp_path / "deep.jsonld"
    deep.write_bytes(deep_jsonld(5000))  # the engine's parser crashed (exit 139) on this
    out = run_cli("validate", str(deep))
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    assert "nested deeper than 100 levels" in out.stderr
    assert "Traceback" not in out.stderr


def test_validate_cli_refuses_ill_typed_and_control_characters(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(f'{SUBJECT} {LABEL} "Tiltak\x0b her"@nb .\n'.encode())
    out = run_cli("validate", str(bad))
    assert out.returncode == 2
    assert "U+000B at position 6" in out.stderr and "bad.ttl (line 1" in out.stderr
    typed = tmp_path / "typed.ttl"
    typed.write_text(f'{SUBJECT} <https://e.org/n> "abc"^^<{XSD}integer> .\n')
    out = run_cli("validate", str(typed))
    assert out.returncode == 2
    assert '"abc" is not a valid xsd:integer' in out.stderr


def test_a_deep_file_in_the_data_folder_stops_start_up_without_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "deep.jsonld").write_bytes(deep_jsonld(5000))
    out = run_cli("info", env={"PLANGRAPH_DATA_DIR": str(folder)})
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    assert "deep.jsonld" in out.stderr and "nested deeper" in out.stderr


def test_report_writes_its_files_despite_a_control_character_in_a_label(tmp_path: Path) -> None:
    """A store filled before the checks existed (or by other tools) may hold such a label."""
    location = tmp_path / "store"
    seeded = open_store(f"oxigraph:{location}", data_dir=str(ROOT / "data"), load_seed=True)
    row = seeded.select(
        "SELECT ?m ?g WHERE { GRAPH ?g { ?m a <https://w3id.org/plangraph/ns#Measure> } } "
        "ORDER BY ?m LIMIT 1"
    ).rows[0]
    seeded.close()
    del seeded
    raw = ox.Store(str(location))
    measure, graph = ox.NamedNode(str(row["m"])), ox.NamedNode(str(row["g"]))
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    for quad in list(raw.quads_for_pattern(measure, label, None, graph)):
        raw.remove(quad)
    raw.add(ox.Quad(measure, label, ox.Literal("Forsyning\x00s\x0blager", language="nb"), graph))
    raw.add(ox.Quad(measure, label, ox.Literal("Forsyning\x1f", language="nn"), graph))
    raw.add(ox.Quad(measure, label, ox.Literal("Supply\x07", language="en"), graph))
    raw.flush()
    del raw
    out = run_cli(
        "report", "--out", str(tmp_path / "report"), env={"PLANGRAPH_STORE": f"oxigraph:{location}"}
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert (tmp_path / "report" / "dekningsrapport.html").stat().st_size > 0
    assert (tmp_path / "report" / "dekningsrapport.xlsx").stat().st_size > 0
