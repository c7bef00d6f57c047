"""Importing plan documents in every format, as a planner runs it: preview, store, re-import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from plangraph.ingest.classify import classify
from plangraph.ingest.documents import read_document
from plangraph.ingest.rdf import draft_to_graph
from plangraph.validate import validate_graph
from plangraph.vocab import DATA, PG, SKOS
from tests.helpers import ROOT, run_cli
from tests.ingest.fixtures import write_all

# Most of these run the CLI in a subprocess as a user does: seconds each.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("docs"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    target.mkdir()
    for ttl in (ROOT / "data").glob("*.ttl"):
        shutil.copy(ttl, target)
    return target


def _kinds(path: Path) -> dict[str, str]:
    out = run_cli("import", str(path), "--dry-run", "--format", "json")
    assert out.returncode == 0, out.stderr
    return {i["label"]: i["kind"] for i in json.loads(out.stdout)["items"]}


def test_txt_finds_goals_challenges_measures_and_skips_values(files: dict[str, Path]) -> None:
    kinds = _kinds(files["txt"])
    assert kinds["Ingen pasienter skal skades av unngåelige feil."] == "goal"
    assert kinds["Innføre felles meldesystem for avvik"] == "measure"
    assert kinds["Opplæring av teamledere"] == "measure"  # nested under a measure
    challenge = [k for k, v in kinds.items() if v == "challenge"]
    assert challenge == ["Den største utfordringen er at meldte avvik ikke følges opp systematisk."]
    assert "Respekt" not in kinds and "Trygghet" not in kinds  # values are not items


def test_markdown_nynorsk_inline_themes(files: dict[str, Path]) -> None:
    out = run_cli("import", str(files["md"]), "--dry-run", "--format", "json")
    preview = json.loads(out.stdout)
    assert preview["plan"]["language"] == "nn"
    themes = [i["label"] for i in preview["items"] if i["kind"] == "theme"]
    assert themes[:4] == ["Pasientflyt", "Kompetanse", "Digitalisering", "Samhandling"]
    kinds = {i["label"]: i["kind"] for i in preview["items"]}
    assert kinds["Auke bruken av digital heimeoppfølging"] == "measure"
    assert kinds["Mangel på spesialsjukepleiarar"] == "challenge"


def test_html_skips_navigation_and_boxes_naming_other_documents(files: dict[str, Path]) -> None:
    out = run_cli("import", str(files["html"]), "--dry-run", "--format", "json")
    preview = json.loads(out.stdout)
    labels = {i["label"]: i for i in preview["items"]}
    assert "Forsiden" not in labels and "Kontakt oss" not in labels
    assert labels["Pasienten skal oppleve helhetlige forløp."]["kind"] == "goal"
    assert labels["Styrke pasientens stemme"]["kind"] == "theme"  # verb-led bullets, theme list
    assert not any("Regional utviklingsplan" in label for label in labels)
    assert preview["plan"]["title"] == "Strategi 2035"
    assert preview["plan"]["plan_type"] == "Strategy"


def test_docx_lists_and_headings(files: dict[str, Path]) -> None:
    doc = read_document("utviklingsplan.docx", files["docx"].read_bytes())
    draft = classify(doc)
    kinds = {i.label: i.kind for i in draft.items}
    assert kinds["Pasientane skal oppleve samanhengande tenester."] == "goal"
    assert kinds["Mangel på spesialsjukepleiarar"] == "challenge"
    assert kinds["Etablere felles kompetanseplan"] == "measure"
    goals = [i for i in draft.items if i.kind == "goal"]
    assert [g.number for g in goals] == [1, 2]
    assert draft.language == "nn"
    assert draft.organisation is None  # named in the text, but not stored as the publisher
    assert "org/helse-vest" in draft.detected["organisation"]


def test_pdf_keeps_the_page(files: dict[str, Path]) -> None:
    out = run_cli("import", str(files["pdf"]), "--dry-run", "--format", "json")
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)["items"]
    by_label = {i["label"]: i for i in items}
    assert by_label["Etablere ambulante team i alle opptaksområder"]["page"] == 1
    assert by_label["Etablere ambulante team i alle opptaksområder"]["kind"] == "measure"
    challenge = next(i for i in items if i["kind"] == "challenge")
    assert challenge["page"] == 2
    assert challenge["text"].startswith("Den største utfordringen er mangel på psykologer")


def test_preview_table_and_csv(files: dict[str, Path]) -> None:
    table = run_cli("import", str(files["txt"]), "--dry-run", env={"COLUMNS": "400"})
    assert table.returncode == 0, table.stderr
    assert "Innføre felles meldesystem for avvik" in table.stdout
    assert "innledes av «Vi vil i planperioden prioritere:»" in table.stdout
    csv_out = run_cli("import", str(files["txt"]), "--dry-run", "--format", "csv")
    header = csv_out.stdout.splitlines()[0]
    assert header == "kind,label,text,parent,confidence,reason,position"


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "docx", "pdf"])
def test_every_format_gives_a_graph_that_passes_shacl(files: dict[str, Path], fmt: str) -> None:
    path = files[fmt]
    data = path.read_bytes()
    draft = classify(read_document(path.name, data))
    g = draft_to_graph(draft)
    report = validate_graph(g)
    assert report.conforms, [f.message for f in report.violations]
    plan = DATA[f"plan/{draft.slug}"]
    assert (plan, PG.sourceFile, Literal(path.name)) in g
    checksum = str(g.value(plan, PG.sourceChecksum))
    import hashlib

    assert checksum == "sha256:" + hashlib.sha256(data).hexdigest()
    for item in {s for s in g.subjects(PG.partOfPlan, plan)}:
        assert (item, PG.sourceDocument, plan) in g
        assert g.value(item, PG.sourcePosition) is not None
        for text in g.objects(item, PG.sourceText):
            assert isinstance(text, Literal) and text.language == draft.language
            assert str(text) in data.decode("utf-8", "replace") or fmt in ("docx", "pdf", "html")
        if g.value(item, PG.labelKind) == PG.EditorialLabel:
            assert g.value(item, SKOS.editorialNote) is not None


def test_import_stores_then_is_a_noop_then_replaces(
    files: dict[str, Path], data_dir: Path, tmp_path: Path
) -> None:
    first = run_cli("--data-dir", str(data_dir), "import", str(files["txt"]))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("created:")
    saved = data_dir / "handlingsplan-for-pasientsikkerhet-2025-2027.ttl"
    assert saved.exists()
    g = Graph().parse(saved)
    plan = URIRef(DATA["plan/handlingsplan-for-pasientsikkerhet-2025-2027"])
    assert (plan, PG.sourceFile, Literal("handlingsplan.txt")) in g
    before = saved.read_bytes()
    again = run_cli("--data-dir", str(data_dir), "import", str(files["txt"]))
    assert again.stdout.startswith("unchanged:"), again.stdout + again.stderr
    assert saved.read_bytes() == before
    changed = tmp_path / "handlingsplan.txt"
    changed.write_text(
        files["txt"]
        .read_text("utf-8")
        .replace(
            "- Styrke legemiddelsamstemming ved innleggelse",
            "- Styrke legemiddelsamstemming ved innleggelse\n- Innføre digital tavle i sengepostene",
        ),
        encoding="utf-8",
    )
    third = run_cli("--data-dir", str(data_dir), "import", str(changed))
    assert third.stdout.startswith("replaced:"), third.stdout + third.stderr
    g2 = Graph().parse(saved)
    labels = {str(o) for o in g2.objects(None, SKOS.prefLabel)}
    assert "Innføre digital tavle i sengepostene" in labels
    # the plan shows up in the analyses
    gaps = run_cli("--data-dir", str(data_dir), "gaps", "--format", "json")
    assert gaps.returncode == 0, gaps.stderr
    assert "meldte avvik" in gaps.stdout


def test_overrides(files: dict[str, Path]) -> None:
    out = run_cli(
        "import",
        str(files["txt"]),
        "--dry-run",
        "--format",
        "json",
        "--org",
        "Helse Vest",
        "--plan-type",
        "ActionPlan",
        "--lang",
        "nb",
        "--title",
        "Min plan",
    )
    plan = json.loads(out.stdout)["plan"]
    assert plan["organisation"] == "org/helse-vest"
    assert plan["plan_type"] == "ActionPlan"
    assert plan["title"] == "Min plan" and plan["slug"] == "min-plan"
    bad = run_cli("import", str(files["txt"]), "--dry-run", "--plan-type", "Roadmap")
    assert bad.returncode == 2 and "Roadmap" in bad.stderr


def test_seed_texts_come_back_with_their_kinds_and_verbatim_text() -> None:
    seeds = ROOT / "data" / "sources"
    out = run_cli("import", str(seeds / "000_ba647e9fd53f0781.txt"), "--dry-run", "-f", "json")
    items = json.loads(out.stdout)["items"]
    curated = Graph().parse(ROOT / "data" / "hmn-statusnotater-2021.ttl")
    texts = {
        str(o)
        for s in curated.subjects(None, PG.Challenge)
        for o in curated.objects(s, PG.sourceText)
    }
    found = {i["text"] for i in items if i["kind"] == "challenge"}
    assert texts == found  # all 41, verbatim; see benchmarks/results/import.md


def test_tables_of_measures_and_labelled_lines(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Handlingsplan for rus 2025", 0)
    d.add_heading("Innsatsområde 1: Tidlig innsats", 1)
    d.add_paragraph("Mål: Flere skal få hjelp tidlig i forløpet.")
    table = d.add_table(rows=3, cols=3)
    rows = [
        ["Tiltak", "Ansvar", "Frist"],
        ["Etablere lavterskeltilbud i alle kommuner", "Klinikk psykisk helse", "2026"],
        ["Styrke oppsøkende team", "Avdelingsleder", "2025"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "rus.docx"
    d.save(str(path))
    draft = classify(read_document(path.name, path.read_bytes()))
    by_label = {i.label: i for i in draft.items}
    theme = by_label["Innsatsområde 1: Tidlig innsats"]
    assert theme.kind == "theme"
    assert by_label["Flere skal få hjelp tidlig i forløpet."].kind == "goal"
    measure = by_label["Etablere lavterskeltilbud i alle kommuner"]
    assert measure.kind == "measure" and measure.theme == theme.id
    assert measure.responsible == "Klinikk psykisk helse" and measure.deadline == "2026"
    g = draft_to_graph(draft)
    assert validate_graph(g).conforms


def test_pdf_wrapped_bullets_and_paragraph_after_a_list() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, "Tiltak", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "Vi vil i planperioden prioritere:", new_x="LMARGIN", new_y="NEXT")
    long = (
        "Etablere ambulante team for eldre pasienter med sammensatte behov i alle kommunene "
        "i opptaksområdet og i samarbeid med fastlegene"
    )
    for text in (long, "Styrke samarbeidet"):
        pdf.set_x(15)
        pdf.cell(5, 6, "-")
        pdf.multi_cell(150, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(0, 6, "Helseforetaket har i dag god kapasitet.", new_x="LMARGIN", new_y="NEXT")
    doc = read_document("wrap.pdf", bytes(pdf.output()))
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("item", long) in kinds  # one item over two lines
    assert ("item", "Styrke samarbeidet") in kinds
    assert ("para", "Helseforetaket har i dag god kapasitet.") in kinds


def test_numbered_section_headings_in_plain_text() -> None:
    text = (
        "Utviklingsplan 2026\n\n3 Mål og tiltak\n\nKapittelet beskriv måla.\n\n3.1 Mål\n\n"
        "1. Alle skal få hjelp.\n2. Ingen skal vente lenge.\n\n3.2 Tiltak\n\nVi vil:\n\n"
        "- Etablere team\n- Styrke samarbeid\n"
    )
    draft = classify(read_document("plan.txt", text.encode()))
    kinds = {i.label: i.kind for i in draft.items}
    assert kinds == {
        "Alle skal få hjelp.": "goal",
        "Ingen skal vente lenge.": "goal",
        "Etablere team": "measure",
        "Styrke samarbeid": "measure",
    }
    assert {i.section for i in draft.items} == {"Mål", "Tiltak"}
