"""What a new user meets on the command line: errors that name the problem, output that says
what it counted, help without Python types, and a ``make run`` without the test tools."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import DATA, ROOT, run_cli

COMMANDS = [
    "info", "validate", "export", "show", "gaps", "overlaps", "coverage", "trace", "impact",
    "query", "sparql", "report", "viz", "serve", "generate",
]  # fmt: skip


# -- a data folder that is missing, empty, or holds no plan -------------------------------------


@pytest.mark.parametrize("how", ["flag", "env"])
def test_missing_data_folder_is_exit_2_with_a_message(tmp_path: Path, how: str) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    if how == "flag":
        result = run_cli("--data-dir", str(missing), "info")
    else:
        result = run_cli("info", env={"PLANGRAPH_DATA_DIR": str(missing)})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"the data folder {missing} does not exist" in result.stderr


def test_serve_with_a_missing_data_folder_is_exit_2_and_never_listens(tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    result = run_cli("serve", "--port", "0", env={"PLANGRAPH_DATA_DIR": str(missing)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "does not exist" in result.stderr


def test_a_data_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "plan.ttl"
    file.write_text("")
    result = run_cli("--data-dir", str(file), "gaps")
    assert result.returncode == 2
    assert "is not a folder" in result.stderr


def test_an_empty_data_folder_says_so(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path), "gaps")
    assert result.returncode == 0
    assert "loaded 0 plan file(s)" in result.stderr
    assert f"warning: {tmp_path} holds no plan files" in result.stderr


def test_files_without_a_plan_are_loaded_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "x.nt").write_text('<https://e.org/a> <https://e.org/b> "c" .\n')
    result = run_cli("--data-dir", str(tmp_path), "gaps")
    assert result.returncode == 0
    assert "loaded 1 plan file(s)" in result.stderr
    assert "1 statements, 0 plan(s)" in result.stderr
    assert "warning: the files in" in result.stderr


def test_a_good_data_folder_says_what_it_loaded_without_a_warning() -> None:
    result = run_cli("--data-dir", str(DATA / "analysis"), "gaps")
    assert result.returncode == 0
    assert re.search(
        r"loaded 1 plan file\(s\) .*: \d+ statements, 6 plan\(s\), 5 goals", result.stderr
    )
    assert "warning" not in result.stderr


# -- export --graph -----------------------------------------------------------------------------


def test_export_of_an_unknown_graph_refuses_and_lists_the_graphs(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    result = run_cli("export", "-f", "ttl", "--graph", "https://e.org/nothing", "-o", str(out))
    assert result.returncode == 2
    assert not out.exists()
    assert "the store holds no graph 'https://e.org/nothing'" in result.stderr
    assert "hmn-strategi-2030 <https://w3id.org/plangraph/graph/hmn-strategi-2030>" in result.stderr
    assert "graph/ontology" not in result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "https://w3id.org/plangraph/graph/hmn-strategi-2030",
        "<https://w3id.org/plangraph/graph/hmn-strategi-2030>",
        "hmn-strategi-2030",
        "id:plan/hmn-strategi-2030",
    ],
)
def test_export_takes_a_graph_by_iri_stem_or_plan(name: str) -> None:
    from plangraph.store import open_store
    from plangraph.vocab import GRAPH

    result = run_cli("export", "-f", "nt", "--graph", name)
    assert result.returncode == 0, result.stderr
    expected = open_store().serialize("nt", GRAPH["hmn-strategi-2030"]).decode()
    assert sorted(result.stdout.splitlines()) == sorted(expected.splitlines())
    assert '"Strategi 2030"' in result.stdout
    assert "Helse2035" not in result.stdout


# -- output that says what it counted -----------------------------------------------------------


def test_generate_as_turtle_does_not_claim_named_graphs(tmp_path: Path) -> None:
    result = run_cli("generate", "-n", "10000", "-o", str(tmp_path / "g.ttl"))
    assert result.returncode == 0, result.stderr
    assert not re.search(r"in \d+ named graphs", result.stderr)
    assert "merged into one graph" in result.stderr
    quads = run_cli("generate", "-n", "10000", "-o", str(tmp_path / "g.nq"))
    assert re.search(r"in \d+ named graphs", quads.stderr)


def test_viz_prints_the_link_count_the_page_shows(tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    result = run_cli("viz", "-o", str(out))
    assert result.returncode == 0, result.stderr
    printed = re.search(r"(\d+) nodes, (\d+) links", result.stderr)
    assert printed, result.stderr
    html = out.read_text()
    shown = re.search(r"(\d+) av \d+ noder, (\d+) koblinger", html)  # Bokmål by default
    assert shown, "the page states its counts"
    assert printed.groups() == shown.groups()


def test_coverage_help_names_the_column_the_table_shows() -> None:
    help_text = " ".join(run_cli("coverage", "--help").stdout.split())
    assert '"any"' not in help_text
    for lang, header in (
        ("nb", "dekket av noen"),
        ("nn", "dekt av nokon"),
        ("en", "covered by anyone"),
    ):
        assert header in run_cli("coverage", "--lang", lang).stdout
        assert f'"{header}"' in help_text


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_screens_show_no_python_types(name: str | None) -> None:
    result = run_cli(*([name] if name else []), "--help")
    assert result.returncode == 0
    found = re.findall(r"<(?:bool|str|int|float|path|Path|list\[[^\]]*\])>", result.stdout)
    assert found == [], found


# -- make run installs the product only -------------------------------------------------------


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_installs_the_product_without_the_test_tools(tmp_path: Path) -> None:
    venv = tmp_path / "venv"  # does not exist: make shows what it would do from nothing
    run = subprocess.run(
        ["make", "-n", "run", f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "pip install --quiet -e ." in run.stdout
    assert "[test]" not in run.stdout
    assert "echo" in run.stdout and "serving the seed data" in run.stdout
    test = subprocess.run(
        ["make", "-n", "test", f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True
    )
    assert "-e '.[test]'" in test.stdout
