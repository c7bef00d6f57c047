"""Every bad input the issue lists: a clear error naming the file (and row, sheet or page), exit
code 2 on the CLI, and nothing stored."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from plangraph.errors import InputError, UnsafeInputError
from plangraph.ingest.importer import read_upload
from plangraph.ingest.safety import MAX_UNZIPPED_BYTES
from tests.helpers import ROOT, run_cli
from tests.ingest.fixtures import docx_bytes, pdf_bytes

# Most of these run the CLI in a subprocess as a user does: seconds each.
pytestmark = pytest.mark.slow


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    target.mkdir()
    for ttl in (ROOT / "data").glob("*.ttl"):
        shutil.copy(ttl, target)
    return target


def _refused(path: Path, data_dir: Path, *words: str) -> str:
    before = sorted(p.name for p in data_dir.iterdir())
    out = run_cli("--data-dir", str(data_dir), "import", str(path))
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stderr.startswith("error: "), out.stderr
    assert path.name in out.stderr, out.stderr
    for word in words:
        assert word in out.stderr, out.stderr
    assert sorted(p.name for p in data_dir.iterdir()) == before  # nothing stored
    return out.stderr


def test_encrypted_pdf(tmp_path: Path, data_dir: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemmelig", owner_password="hemmelig")
    path = tmp_path / "kryptert.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    _refused(path, data_dir, "encrypted")


def test_scanned_pdf_without_a_text_layer(tmp_path: Path, data_dir: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")  # a "scanned" page: pictures, no text
    path = tmp_path / "skannet.pdf"
    path.write_bytes(bytes(pdf.output()))
    _refused(path, data_dir, "no text layer", "scanned")


def test_zip_bomb_docx_and_xlsx(tmp_path: Path, data_dir: Path) -> None:
    for name in ("bombe.docx", "bombe.xlsx"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            with archive.open("word/media/zeros.bin", "w") as part:
                chunk = b"\0" * (1 << 20)
                for _ in range(MAX_UNZIPPED_BYTES // len(chunk) + 2):
                    part.write(chunk)
        path = tmp_path / name
        path.write_bytes(buffer.getvalue())
        assert path.stat().st_size < 2_000_000  # small on disk, huge unpacked
        _refused(path, data_dir, "zip bomb")


def test_zip_bomb_that_lies_about_its_size_is_stopped_while_reading(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a/>" + b" " * (3 << 20))
    with pytest.raises(UnsafeInputError, match="more than"):
        from plangraph.ingest.safety import check_zip

        check_zip(buffer.getvalue(), "liten.docx", limit=1 << 20)


def _with_entity(data: bytes, part: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                head, _, rest = content.partition(b"?>")
                content = (
                    head + b'?><!DOCTYPE x [<!ENTITY ekstern SYSTEM "file:///etc/passwd">]>' + rest
                )
            target.writestr(info, content)
    return out.getvalue()


def test_xml_entities_in_docx_and_xlsx(tmp_path: Path, data_dir: Path) -> None:
    docx_path = tmp_path / "entitet.docx"
    docx_path.write_bytes(_with_entity(docx_bytes(), "word/document.xml"))
    _refused(docx_path, data_dir, "word/document.xml", "entities")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "id"
    buffer = io.BytesIO()
    wb.save(buffer)
    xlsx_path = tmp_path / "entitet.xlsx"
    xlsx_path.write_bytes(_with_entity(buffer.getvalue(), "xl/worksheets/sheet1.xml"))
    _refused(xlsx_path, data_dir, "xl/worksheets/sheet1.xml", "entities")


def test_csv_not_utf8_ragged_and_huge_cell(tmp_path: Path, data_dir: Path) -> None:
    # Windows-1252 is read (tests/ingest/test_csv_encoding.py); 0x81 is neither it nor UTF-8.
    neither = tmp_path / "measures.csv"
    neither.write_bytes("id,label\nm1,Styrke kompetansen på sjukehusa\x81\n".encode("latin-1"))
    _refused(neither, data_dir, "neither UTF-8 nor Windows-1252", "line 2")
    ragged = tmp_path / "goals.csv"
    ragged.write_text("id,label,text\ng1,Mål ein,Mål ein\ng2,Mål to\n", encoding="utf-8")
    _refused(ragged, data_dir, "row 3", "ragged")
    huge = tmp_path / "challenges.csv"
    huge.write_text("id,label,text\nc1,Stor," + "x" * 1_000_001 + "\n", encoding="utf-8")
    _refused(huge, data_dir, "row 2", "more than 1,000,000 characters")


def test_content_not_matching_the_extension(tmp_path: Path, data_dir: Path) -> None:
    fake_pdf = tmp_path / "plan.pdf"
    fake_pdf.write_text("Tiltak\n\n- Styrke samarbeidet\n", encoding="utf-8")
    _refused(fake_pdf, data_dir, "does not match the extension")
    fake_docx = tmp_path / "plan.docx"
    fake_docx.write_bytes(pdf_bytes())
    _refused(fake_docx, data_dir, "does not match the extension", "PDF")
    fake_txt = tmp_path / "plan.txt"
    fake_txt.write_bytes(docx_bytes())
    _refused(fake_txt, data_dir, "does not match the extension")


def test_empty_documents(tmp_path: Path, data_dir: Path) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_text("\n\n   \n", encoding="utf-8")
    _refused(empty, data_dir, "empty")
    headings_only = tmp_path / "bare-overskrift.md"
    headings_only.write_text("# Plan\n\n## Tiltak\n", encoding="utf-8")
    _refused(headings_only, data_dir, "empty document")
    import docx

    d = docx.Document()
    buffer = io.BytesIO()
    d.save(buffer)
    blank = tmp_path / "tom.docx"
    blank.write_bytes(buffer.getvalue())
    _refused(blank, data_dir, "empty document")


def test_workbook_with_unknown_columns_lists_the_known_ones(tmp_path: Path, data_dir: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "measures"
    ws.append(["id", "label", "budsjett"])
    ws.append(["m1", "Styrke samarbeidet", "10 mill"])
    path = tmp_path / "ukjent.xlsx"
    wb.save(path)
    stderr = _refused(path, data_dir, "sheet measures", "'budsjett'", "known columns: id, label")
    assert "responsible" in stderr


def test_link_to_an_id_that_does_not_exist(tmp_path: Path, data_dir: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "measures"
    ws.append(["id", "label", "status"])
    ws.append(["m1", "Styrke samarbeidet", "UnderPlanning"])
    links = wb.create_sheet("links")
    links.append(["from", "link", "to", "rationale"])
    links.append(["m1", "addresses", "u9", "finst ikkje"])
    path = tmp_path / "lenke.xlsx"
    wb.save(path)
    _refused(path, data_dir, "sheet links, row 2", "'u9'", "does not exist")
    # an id that looks like a stored node but is not in the store
    links["C2"] = "challenge/hmn-2021/finst-ikkje-1"
    wb.save(path)
    out = run_cli("--data-dir", str(data_dir), "import", str(path))
    assert out.returncode == 2 and "does not exist" in out.stderr, out.stderr
    assert not (data_dir / "lenke.ttl").exists()


def test_unknown_extension_and_unreadable_workbook() -> None:
    with pytest.raises(InputError, match="unknown file type"):
        read_upload("plan.odt", b"PK\x03\x04 ...")
    with pytest.raises(InputError, match="not a readable"):
        read_upload("plan.xlsx", b"PK\x03\x04 not really a zip")


def test_huge_cell_in_a_workbook_names_sheet_and_row(tmp_path: Path, data_dir: Path) -> None:
    # openpyxl cuts cells to Excel's 32,767 characters when it writes; a crafted file need not.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "measures"
    ws.append(["id", "label", "text"])
    ws.append(["m1", "Stor", "PLACEHOLDER"])
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            content = content.replace(b"PLACEHOLDER", b"x" * 1_000_001)
            target.writestr(info, content)
    path = tmp_path / "stor-celle.xlsx"
    path.write_bytes(out.getvalue())
    _refused(path, data_dir, "sheet measures, row 2", "1,000,001 characters")


@pytest.mark.parametrize("sheet", ["measures", "Ark1"])  # the template / a sheet of the plan's own
def test_a_workbook_openpyxl_cannot_open_is_refused_naming_the_file(sheet: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:  # a workbook part, but no [Content_Types].xml
        zf.writestr(
            "xl/workbook.xml", f'<workbook><sheets><sheet name="{sheet}"/></sheets></workbook>'
        )
    with pytest.raises(InputError, match=r"^plan\.xlsx: not a readable \.xlsx workbook"):
        read_upload("plan.xlsx", buf.getvalue())
