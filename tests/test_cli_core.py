"""The core commands as a user runs them: info, validate, export, show."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from plangraph.store import FORMATS
from tests.helpers import DATA, run_cli


def test_info_json_counts_plans_and_classes() -> None:
    out = run_cli("info", "--format", "json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    classes = {row["class"]["label"]: row["count"] for row in info["classes"]}
    assert classes["Challenge"] > 0 and classes["Measure"] > 0 and classes["Strategic goal"] == 8
    plans = {row["plan"]["label"]: row for row in info["plans"]}
    assert plans["Regional tiltaksplan"]["measures"] == classes["Measure"]
    assert plans["Statusnotater temaområder"]["challenges"] == classes["Challenge"]
    assert plans["Statusnotater temaområder"]["themes"] == 6
    for row in info["plans"]:
        assert row["plan"]["iri"].startswith("https://")


def test_info_table_and_csv() -> None:
    table = run_cli("info")
    assert table.returncode == 0, table.stderr
    assert "Statusnotater temaområder" in table.stdout and "Nodes per class" in table.stdout
    out = run_cli("info", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {"plan", "plan_iri", "measures", "graph"} <= set(rows[0])


def test_info_on_the_rdflib_backend_gives_the_same_counts() -> None:
    a = json.loads(run_cli("info", "-f", "json").stdout)
    b = json.loads(run_cli("--store", "rdflib:memory", "info", "-f", "json").stdout)
    assert a["classes"] == b["classes"] and a["plans"] == b["plans"] and a["quads"] == b["quads"]


def test_validate_passes_on_the_seed_data() -> None:
    out = run_cli("validate", "--format", "json")
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["conforms"] is True and report["violations"] == 0
    # Coverage gaps are reported as warnings, with the node's label.
    assert report["warnings"] > 0
    assert all(f["node"]["label"] for f in report["findings"])


@pytest.mark.parametrize("fixture", sorted(p.name for p in (DATA / "broken").glob("*.ttl")))
def test_validate_fails_readably_on_a_broken_fixture(fixture: str) -> None:
    out = run_cli("validate", str(DATA / "broken" / fixture))
    assert out.returncode == 1, out.stdout + out.stderr
    assert "Violation" in out.stdout
    assert "does not conform" in out.stdout


def test_validate_reports_a_syntax_error_with_file_and_line() -> None:
    out = run_cli("validate", str(DATA / "syntax-error.ttl"))
    assert out.returncode == 2
    assert "syntax-error.ttl, line 8" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_writes_parseable_rdf(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"all.{fmt}"
    out = run_cli("export", "--format", fmt, "--out", str(target))
    assert out.returncode == 0, out.stderr
    quads = list(ox.parse(target.read_bytes(), format=FORMATS[fmt].ox_format))
    assert len(quads) > 1000
    if FORMATS[fmt].is_dataset:
        assert len({q.graph_name for q in quads}) > 3  # named graphs kept


def test_export_to_stdout_and_one_graph() -> None:
    out = run_cli("export", "-f", "ttl", "--graph", "https://w3id.org/plangraph/graph/hv-helse2035")
    assert out.returncode == 0, out.stderr
    assert "Trygge og nære helsetenester" in out.stdout
    assert "Befolkningens behov" not in out.stdout  # another plan's graph


def test_export_unknown_format_lists_the_known_ones() -> None:
    out = run_cli("export", "--format", "rdfxml")
    assert out.returncode == 2
    assert "known formats: ttl, trig, nt, nq, jsonld" in out.stderr


def test_show_by_label_lists_values_and_links_both_ways() -> None:
    out = run_cli("show", "Dimensjonering av beredskap", "--format", "json")
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    assert shown["node"]["iri"].endswith("/challenge/hmn-2021/beredskap-4")
    values = {(v["property"], v["value"]) for v in shown["values"]}
    assert ("pg:sourceText", "Dimensjonering av beredskap") in values
    assert ("pg:sourceSection", "Beredskap") in values
    assert any(link["property"] == "pg:inTheme" for link in shown["outgoing"])
    assert all({"iri", "label"} <= set(link["node"]) for link in shown["incoming"])


def test_show_by_iri_and_prefixed_name_agree() -> None:
    iri = "https://w3id.org/plangraph/id/goal/hv-h2035-1"
    a = json.loads(run_cli("show", iri, "-f", "json").stdout)
    b = json.loads(run_cli("show", "id:goal/hv-h2035-1", "-f", "json").stdout)
    assert a == b and a["node"]["label"] == "Trygge og nære helsetenester"


def test_show_language_switch() -> None:
    nb = json.loads(run_cli("show", "id:goal/hv-h2035-1", "-f", "json").stdout)
    en = json.loads(run_cli("show", "id:goal/hv-h2035-1", "-f", "json", "--lang", "en").stdout)
    assert nb["node"]["label"] != en["node"]["label"]


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("Finnes ikke i noen plan", "no node has a label like"),
        ("https://w3id.org/plangraph/id/nothing-here", "no node"),
        ("javascript:alert(1)", "not allowed"),
        ("samarbeid om", "nodes match"),  # ambiguous: names the candidates
    ],
)
def test_show_bad_input_exits_2_with_a_message(arg: str, expected: str) -> None:
    out = run_cli("show", arg)
    assert out.returncode == 2
    assert expected in out.stderr
    assert "Traceback" not in out.stderr


def test_data_dir_option_loads_another_folder(tmp_path: Path) -> None:
    (tmp_path / "tiny.ttl").write_bytes((DATA / "tiny.ttl").read_bytes())
    out = run_cli("--data-dir", str(tmp_path), "info", "-f", "json")
    info = json.loads(out.stdout)
    assert info["graphs"] == [
        "https://w3id.org/plangraph/graph/ontology",
        "https://w3id.org/plangraph/graph/tiny",
    ]
