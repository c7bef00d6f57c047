"""The planners' commands as a user runs them: gaps, overlaps, coverage, trace, impact, query,
sparql (each in a subprocess, on the seed data unless a fixture folder is given)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.helpers import DATA, run_cli

ID = "https://w3id.org/plangraph/id/"
FIXTURE = ["--data-dir", str(DATA / "analysis")]


def ok(*args: str, stdin: str | None = None) -> str:
    out = run_cli(*args, stdin=stdin)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def refused(*args: str, stdin: str | None = None) -> str:
    out = run_cli(*args, stdin=stdin)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    return out.stderr


def test_gaps_json_names_nodes_and_narrows_by_label_filters() -> None:
    rows = json.loads(ok("gaps", "--format", "json"))
    assert len(rows) == 24  # data-model.md: 24 of 41 challenges have no measure
    assert all(r["challenge"]["iri"].startswith(ID) and r["challenge"]["label"] for r in rows)
    labels = [r["challenge"]["label"] for r in rows]
    assert "Dimensjonering av beredskap" not in labels
    assert "Krav og forventninger til beredskap" in labels
    rows = json.loads(
        ok("gaps", "-f", "json", "--org", "Helse Midt-Norge RHF", "--theme", "Beredskap")
    )
    assert [r["challenge"]["label"] for r in rows] == [
        "Krav og forventninger til beredskap",
        "Tydeliggjøring av roller og ansvar",
        "Kompetent og robust beredskapsledelse",
    ]
    assert json.loads(ok("gaps", "-f", "json", "--org", "id:org/helse-vest")) == []


def test_gaps_other_kinds_on_the_fixture() -> None:
    weak = json.loads(ok(*FIXTURE, "gaps", "--show", "weak", "-f", "json"))
    assert [(r["challenge"]["iri"].rsplit("/", 1)[1], r["reason"]) for r in weak] == [
        ("challenge-a-2", "single-measure"),
        ("challenge-a-3-1", "only-planned"),
        ("challenge-b-2", "single-measure"),
    ]
    goals = json.loads(ok(*FIXTURE, "gaps", "--show", "goals", "-f", "json"))
    assert [r["goal"]["label"] for r in goals] == ["Mål A2", "Mål B2"]
    orphans = ok(*FIXTURE, "gaps", "--show", "orphans")
    assert "Tiltak A2" in orphans
    cross = json.loads(ok(*FIXTURE, "gaps", "--show", "cross-region", "-f", "json"))
    assert [r["challenge"]["label"] for r in cross] == [
        "Utfordring A2",
        "Utfordring A3.1",
        "Utfordring B2",
    ]


def test_overlaps_rows_name_both_measures_and_the_shared_challenges() -> None:
    rows = json.loads(ok("overlaps", "--format", "json", "--lang", "en"))
    first = rows[0]
    assert {first["measure_a"]["iri"], first["measure_b"]["iri"]} == {
        ID + "measure/hv-tiltaksplan/helseberedskap",
        ID + "measure/hv-tiltaksplan/forsyningssikkerheit",
    }
    assert [c["iri"] for c in first["shared"]] == [ID + "challenge/hmn-2021/beredskap-4"]
    assert first["shared_count"] == 1 and first["jaccard"] == 1.0
    table = list(csv.DictReader(io.StringIO(ok("overlaps", "--format", "csv"))))
    assert {"measure_a", "measure_a_iri", "measure_b_iri", "shared", "shared_iri"} <= set(table[0])
    assert len(table) == len(rows)


def test_coverage_matrix_table_json_csv() -> None:
    table = ok(*FIXTURE, "coverage")
    assert "covered by anyone" in table and "Helseforetak B1" in table
    assert "1/3 (33%)" in table
    matrix = json.loads(ok(*FIXTURE, "coverage", "-f", "json"))
    assert {"themes", "organisations", "cells"} == set(matrix)
    assert len(matrix["cells"]) == 9
    per_theme = json.loads(ok(*FIXTURE, "coverage", "--per-theme", "-f", "json"))
    assert [(r["theme"]["label"], r["challenges"], r["covered"]) for r in per_theme] == [
        ("Beredskap A", 2, 2),
        ("Digital A", 3, 1),
        ("Tema B", 3, 2),
    ]
    cells = list(csv.DictReader(io.StringIO(ok(*FIXTURE, "coverage", "-f", "csv"))))
    assert len(cells) == 9 and {"theme", "theme_iri", "organisation", "share"} <= set(cells[0])


def test_trace_and_impact() -> None:
    result = json.loads(ok("trace", "Dimensjonering av beredskap", "-f", "json"))
    assert result["kind"] == "challenge"
    assert [m["measure"]["label"] for m in result["measures"]] == [
        "Forsyningssikkerheit og lagerkapasitet",
        "Helseberedskap",
    ]
    table = ok(*FIXTURE, "trace", "Mål B1")
    assert "Utfordring B1" in table and "Tiltak B2" in table and "(directly)" in table
    rows = json.loads(ok(*FIXTURE, "impact", "Tiltak B1", "-f", "json"))
    assert [(r["challenge"]["label"], r["loses_only_measure"]) for r in rows] == [
        ("Utfordring A2", True),
        ("Utfordring A1", False),
        ("Utfordring B1", False),
    ]


def test_trace_of_a_theme_and_of_nothing_are_input_errors() -> None:
    assert "not a goal, challenge or measure" in refused("trace", "id:theme/hmn/beredskap")
    assert "no node" in refused("impact", "no such measure anywhere")


def test_query_list_and_run_with_parameters() -> None:
    listing = json.loads(ok("query", "--list", "-f", "json"))
    by_name = {q["name"]: q for q in listing}
    assert (
        "uncovered_challenges" in by_name and by_name["trace_goal"]["parameters"] == "?goal (IRI)"
    )
    assert by_name["uncovered_challenges"]["purpose"].startswith("coverage gaps")
    rows = json.loads(
        ok(
            "query",
            "impact",
            "--param",
            "measure=id:measure/hv-tiltaksplan/helseberedskap",
            "-f",
            "json",
        )
    )
    assert {r["addressedBy"]["label"] for r in rows} == {
        "Helseberedskap",
        "Forsyningssikkerheit og lagerkapasitet",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no_such_query"], "known queries:"),
        (["query", "impact", "--param", "measure=Helseberedskap"], "must be an IRI"),
        (["query", "impact", "--param", "nope=id:x"], "has no parameter ?nope"),
        (["query", "impact", "--param", "measure"], "NAME=VALUE"),
        (["query", "impact"], "needs --param measure"),
        (["gaps", "--org", "javascript:alert(1)"], "not allowed"),
        (["gaps", "--theme", "no theme is called this"], "no theme has a label like"),
    ],
)
def test_bad_input_is_refused_with_a_message(args: list[str], message: str) -> None:
    assert message in refused(*args)


def test_sparql_from_stdin_and_file(tmp_path: Path) -> None:
    query = (
        "PREFIX pg: <https://w3id.org/plangraph/ns#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?m pg:addresses ?c }\n"
    )
    assert json.loads(ok("sparql", "-", "-f", "json", stdin=query)) == [{"n": 21}]
    path = tmp_path / "ask.rq"
    path.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert ok("sparql", str(path)).strip() == "true"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("DROP ALL", "updates are not allowed"),
        ("INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }", "updates are not allowed"),
        ("LOAD <https://e.org/x.ttl>", "updates are not allowed"),
        ("SELECT * WHERE { service <https://e.org/s> { ?s ?p ?o } }", "SERVICE is not allowed"),
        ("SELECT *\nWHERE {\n  ?s ?p\n}", "line 3, column 3"),
    ],
)
def test_sparql_refuses_updates_service_and_reports_syntax_errors(text: str, message: str) -> None:
    assert message in refused("sparql", "-", stdin=text)


def test_sparql_of_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    assert "cannot read" in refused("sparql", str(tmp_path / "missing.rq"))
