"""CSV files as Norwegian Excel on Windows saves them: Windows-1252, not UTF-8. They are read
(UTF-8 first, with or without a BOM), the draft says so in a note, and bytes that are neither
UTF-8 nor Windows-1252 are still refused with the line named and nothing stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plangraph.errors import InputError
from plangraph.ingest.importer import read_upload
from plangraph.ingest.safety import CP1252_NOTE, decode_csv
from tests.helpers import ROOT, run_cli

FREE_FORM = (
    "Tiltak;Mål;Ansvarlig;Frist\n"
    "Styrke kompetansen på sjukehusa;Færre akuttinnleggelser;Økonomisjef;2025\n"
    "Tilby «samvalg» – også på nett;Færre akuttinnleggelser;Fagdirektør;2026\n"
)


def test_utf8_with_and_without_a_bom_is_read_as_utf8() -> None:
    for data in (FREE_FORM.encode("utf-8"), FREE_FORM.encode("utf-8-sig")):
        assert decode_csv(data, "tiltak.csv") == (FREE_FORM, False)
        draft = read_upload("tiltak.csv", data)
        assert CP1252_NOTE not in draft.notes


def test_a_cp1252_free_form_csv_keeps_its_letters_and_says_how_it_was_read() -> None:
    data = FREE_FORM.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the file really is not UTF-8
    draft = read_upload("tiltak.csv", data)
    assert [m.text for m in draft.items if m.kind == "measure"] == [
        "Styrke kompetansen på sjukehusa",
        "Tilby «samvalg» – også på nett",
    ]
    assert [g.label for g in draft.items if g.kind == "goal"] == ["Færre akuttinnleggelser"]
    assert CP1252_NOTE in draft.notes
    # The draft's checksum is of the bytes as uploaded.
    assert draft.checksum == read_upload("tiltak.csv", data).checksum


def test_a_cp1252_template_csv_is_read_too() -> None:
    text = "id,label,text\nm1,Styrke kompetansen på sjukehusa,Økt bemanning i Ålesund\n"
    draft = read_upload("measures.csv", text.encode("cp1252"))
    assert [(i.kind, i.label, i.text) for i in draft.items] == [
        ("measure", "Styrke kompetansen på sjukehusa", "Økt bemanning i Ålesund")
    ]
    assert CP1252_NOTE in draft.notes
    assert CP1252_NOTE not in read_upload("measures.csv", text.encode("utf-8")).notes


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_bytes_that_are_neither_utf8_nor_cp1252_are_refused(byte: int) -> None:
    for name, head in (("tiltak.csv", b"Tiltak;Ansvarlig\n"), ("measures.csv", b"id,label\n")):
        data = head + b"m\xe5l;A\n" + b"x" + bytes([byte]) + b";B\n"
        with pytest.raises(InputError) as info:
            read_upload(name, data)
        message = str(info.value)
        assert name in message and "line 3" in message, message
        assert "neither UTF-8 nor Windows-1252" in message and f"0x{byte:02x}" in message


@pytest.mark.slow
def test_the_cli_stores_a_cp1252_csv_and_prints_the_note(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for ttl in (ROOT / "data").glob("*.ttl"):
        shutil.copy(ttl, data_dir)
    path = tmp_path / "tiltak.csv"
    path.write_bytes(FREE_FORM.encode("cp1252"))
    before = sorted(p.name for p in data_dir.iterdir())
    out = run_cli("--data-dir", str(data_dir), "import", str(path))
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"note: {CP1252_NOTE}" in out.stdout + out.stderr
    added = sorted(set(p.name for p in data_dir.glob("*.ttl")) - set(before))
    assert added == ["tiltak.ttl"], added
    stored = (data_dir / "tiltak.ttl").read_text(encoding="utf-8")
    assert "Styrke kompetansen på sjukehusa" in stored
    assert "Windows-1252" in stored  # the note is kept with the plan's source


def test_a_utf16_csv_is_refused_not_read_as_cp1252() -> None:
    # Windows-1252 decodes every byte but five, NUL included: UTF-16 must not pass as it.
    data = FREE_FORM.encode("utf-16")
    with pytest.raises(InputError) as info:
        read_upload("tiltak.csv", data)
    message = str(info.value)
    assert "tiltak.csv" in message and "neither UTF-8 nor Windows-1252" in message, message
    assert "NUL byte" in message, message
