"""The spreadsheet template both ways: write it, fill it in, import it; export a stored plan and
import it back (an isomorphic graph on both seed plans)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph

from plangraph.ingest.importer import read_upload
from plangraph.ingest.rdf import draft_to_graph
from plangraph.validate import validate_graph
from tests.helpers import ROOT, assert_isomorphic, run_cli

# Most of these run the CLI in a subprocess as a user does: seconds each.
pytestmark = pytest.mark.slow


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    target.mkdir()
    for ttl in (ROOT / "data").glob("*.ttl"):
        shutil.copy(ttl, target)
    return target


def test_template_has_sheets_dropdowns_frozen_headers_and_an_example(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = run_cli("template", "--out", str(out))
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["plan", "goals", "themes", "challenges", "measures", "links", "extra"]
    measures = wb["measures"]
    assert measures.freeze_panes == "A2"
    header = [c.value for c in measures[1]]
    for column in ("id", "label", "text", "parent", "theme", "status", "responsible", "deadline"):
        assert column in header
    lists = [dv.formula1 for dv in measures.data_validations.dataValidation]
    assert '"StartingOrRunning,UnderPlanning,Candidate"' in lists
    assert measures["A2"].value == "eksempel-4"
    # the untouched template holds only examples: nothing to import
    empty = run_cli("import", str(out), "--dry-run")
    assert empty.returncode == 2
    assert "holds no goals, themes, challenges or measures" in empty.stderr


def test_filled_in_template_imports_with_links(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "plan.xlsx"
    run_cli("template", "--out", str(out))
    wb = openpyxl.load_workbook(out)
    plan = wb["plan"]
    values = {
        "title": "Regional plan for kompetanse",
        "organisation": "org/helse-vest",
        "plan_type": "ActionPlan",
        "language": "nn",
    }
    for row in plan.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    wb["themes"]["A2"] = "kompetanse"
    wb["themes"]["B2"] = "Kompetanse"
    wb["challenges"]["A2"] = "mangel"
    wb["challenges"]["B2"] = "Mangel på spesialsjukepleiarar"
    wb["challenges"]["C2"] = "Mangel på spesialsjukepleiarar"
    wb["challenges"]["E2"] = "kompetanse"
    ws = wb["measures"]
    ws["A2"], ws["B2"], ws["C2"], ws["E2"], ws["F2"] = (
        "plan1",
        "Felles kompetanseplan",
        '=HYPERLINK("http://example.org","x")',
        "kompetanse",
        "UnderPlanning",
    )
    wb["links"]["A2"], wb["links"]["B2"], wb["links"]["C2"], wb["links"]["D2"] = (
        "plan1",
        "addresses",
        "challenge/hmn-2021/utdanning-og-kompetanse-1",
        "Both name competence planning.",
    )
    wb["links"]["E2"] = 0.7
    wb.save(out)
    preview = run_cli("import", str(out), "--dry-run", "--format", "json")
    assert preview.returncode == 0, preview.stderr
    items = {i["id"]: i for i in json.loads(preview.stdout)["items"]}
    # the formula is read as its text, never evaluated
    assert items["plan1"]["text"] == '=HYPERLINK("http://example.org","x")'
    stored = run_cli("--data-dir", str(data_dir), "import", str(out))
    assert stored.returncode == 0, stored.stderr
    g = Graph().parse(data_dir / "regional-plan-for-kompetanse.ttl")
    text = g.serialize(format="nt")
    assert "https://w3id.org/plangraph/ns#addresses" in text
    assert "LinkRecord" in text
    # the preview written back as CSV neutralises the formula
    csv_out = run_cli("import", str(out), "--dry-run", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    measure = next(r for r in rows if r["kind"] == "measure")
    assert measure["text"].startswith("'=HYPERLINK")


def test_draft_xlsx_written_by_the_preview_can_be_corrected_and_imported(tmp_path: Path) -> None:
    doc = tmp_path / "plan.md"
    doc.write_text(
        "# Tiltaksplan 2026\n\n## Tiltak\n\n- Etablere felles opptak\n- Styrke rekruttering\n",
        encoding="utf-8",
    )
    draft_path = tmp_path / "draft.xlsx"
    result = run_cli("import", str(doc), "--out", str(draft_path))
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(draft_path)
    ws = wb["measures"]
    assert ws["B2"].value == "Etablere felles opptak"
    # the planner moves the second measure to the goals sheet
    row = [c.value for c in ws[3]]
    goals = wb["goals"]
    for c, value in enumerate(row, start=1):
        goals.cell(row=2, column=c, value=value)
    ws.delete_rows(3)
    wb.save(draft_path)
    again = run_cli("import", str(draft_path), "--dry-run", "--format", "json")
    assert again.returncode == 0, again.stderr
    kinds = {i["label"]: i["kind"] for i in json.loads(again.stdout)["items"]}
    assert kinds == {"Etablere felles opptak": "measure", "Styrke rekruttering": "goal"}


@pytest.mark.parametrize("plan", ["hmn-statusnotater-2021", "hv-regional-tiltaksplan"])
def test_export_then_import_gives_an_isomorphic_graph(
    plan: str, tmp_path: Path, data_dir: Path
) -> None:
    out = tmp_path / f"{plan}.xlsx"
    result = run_cli("export", "--format", "xlsx", "--plan", plan, "--out", str(out))
    assert result.returncode == 0, result.stderr
    draft = read_upload(out.name, out.read_bytes())
    rebuilt = draft_to_graph(draft)
    original = Graph().parse(ROOT / "data" / f"{plan}.ttl")
    assert_isomorphic(original, rebuilt)
    assert validate_graph(rebuilt + Graph().parse(ROOT / "data" / "organisations.ttl")).conforms
    # importing the export into a data folder holding the plan changes nothing
    again = run_cli("--data-dir", str(data_dir), "import", str(out))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("unchanged:"), again.stdout


def test_csv_with_a_kind_column(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "kind,id,label,text,theme,status,field,value\n"
        "plan,,,,,,title,Handlingsplan for klima\n"
        "plan,,,,,,language,nb\n"
        "theme,klima,Klima,,,,,\n"
        "measure,m1,Redusere utslipp fra transport,Redusere utslipp fra transport,klima,StartingOrRunning,,\n",
        encoding="utf-8",
    )
    out = run_cli("import", str(path), "--dry-run", "--format", "json")
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["plan"]["title"] == "Handlingsplan for klima"
    assert [i["kind"] for i in body["items"]] == ["theme", "measure"]


_TEMPLATE_ROWS = [
    ["kind", "id", "label", "text", "theme", "status", "field", "value"],
    ["plan", "", "", "", "", "", "title", "Handlingsplan for klima og miljø"],
    ["plan", "", "", "", "", "", "language", "nb"],
    ["theme", "klima", "Klima", "", "", "", "", ""],
    [
        "measure",
        "m1",
        "Redusere utslipp",
        "Redusere utslipp; også fra transport, i 2026",
        "klima",
        "StartingOrRunning",
        "",
        "",
    ],
]


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(";", "utf-8"), ("\t", "utf-8"), (";", "cp1252")]
)
def test_template_csv_saved_by_norwegian_excel_reads_as_the_comma_one(
    delimiter: str, encoding: str
) -> None:
    # Excel with Norwegian settings saves CSV with ";" (and often as Windows-1252); the filled-in
    # template must still be read as the template, cell for cell, not as a document.
    def written(delimiter: str, encoding: str) -> bytes:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(_TEMPLATE_ROWS)
        return out.getvalue().encode(encoding)

    comma = read_upload("plan.csv", written(",", "utf-8"))
    other = read_upload("plan.csv", written(delimiter, encoding))
    assert other.title == comma.title == "Handlingsplan for klima og miljø"
    assert [(i.kind, i.label, i.text, i.theme) for i in other.items] == [
        (i.kind, i.label, i.text, i.theme) for i in comma.items
    ]
    assert [i.text for i in other.items if i.kind == "measure"] == [
        "Redusere utslipp; også fra transport, i 2026"
    ]


def test_formula_like_text_is_written_as_text_in_xlsx() -> None:
    from plangraph.ingest.draft import Draft, DraftItem
    from plangraph.ingest.spreadsheet import write_xlsx

    draft = Draft(slug="formel", title="Formel")
    draft.items.append(
        DraftItem("m1", "measure", '=HYPERLINK("http://example.org")', "=1+1", status="Candidate")
    )
    wb = openpyxl.load_workbook(io.BytesIO(write_xlsx(draft)))
    label = wb["measures"]["B2"]
    assert label.value == '=HYPERLINK("http://example.org")'
    assert label.data_type == "s"  # a string cell, not a formula
    assert wb["measures"]["C2"].data_type == "s"


def test_a_measure_corrected_into_a_challenge_gets_a_theme_and_passes_shacl() -> None:
    from plangraph.ingest.importer import apply_corrections

    draft = read_upload(
        "p.md", b"# Tiltaksplan\n\n## Tiltak\n\n- Etablere team\n- Styrke samarbeid\n"
    )
    first = draft.items[0]
    apply_corrections(draft, {"items": {first.id: {"kind": "challenge"}}})
    challenge = next(i for i in draft.items if i.kind == "challenge")
    theme = next(i for i in draft.items if i.kind == "theme")
    assert challenge.theme == theme.id and theme.label_kind == "editorial"
    assert validate_graph(draft_to_graph(draft)).conforms
