"""Reader rules of round s: a running header or footer dropped by the PDF reader itself, on a
document of two pages too (before the reader joined it to the text next to it). The texts here
are written for the tests."""

from __future__ import annotations

from fpdf import FPDF

from plangraph.ingest.draft import Draft
from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import of_kind as _of


def _pdf_with_running_lines(pages: list[list[tuple[str, str]]], header: str, footer: str) -> Draft:
    """A text PDF whose header stands right above the text (no gap) and whose footer carries no
    page number; each page a list of (style, text), style h1/h2 or p."""
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)

    def head() -> None:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 5, header, new_x="LMARGIN", new_y="NEXT")

    def foot() -> None:
        pdf.set_y(-15)
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 5, footer)

    pdf.header = head  # type: ignore[method-assign]
    pdf.footer = foot  # type: ignore[method-assign]
    for page in pages:
        pdf.add_page()
        for style, text in page:
            size = {"h1": 20, "h2": 14}.get(style, 10)
            pdf.set_font("Helvetica", "B" if style.startswith("h") else "", size)
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    return read_upload("tiltaksplan.pdf", bytes(pdf.output()))


def test_a_running_header_and_footer_of_a_two_page_pdf_stay_out_of_the_text() -> None:
    header = "Nordby kommune (fiktiv) - tiltaksplan for helse"
    footer = "Vedtatt i kommunestyret juni"
    draft = _pdf_with_running_lines(
        [
            [
                ("p", "Det ventes flere eldre med behov for hjelp i kommunen fram mot 2035."),
                ("h2", "Tiltak"),
                ("p", "Vi vil etablere et ambulant team for hjemmeboende eldre."),
            ],
            [
                ("p", "Vi vil innføre digital tilsyn i alle hjemmetjenestesoner."),
                ("p", "Vi vil styrke samarbeidet med fastlegene om legemidler."),
            ],
        ],
        header,
        footer,
    )
    texts = [" ".join(i.text.split()) for i in draft.items]
    assert not any(header in t or footer in t for t in texts), texts
    assert [" ".join(m.text.split()) for m in _of(draft, "measure")] == [
        "Vi vil etablere et ambulant team for hjemmeboende eldre.",
        "Vi vil innføre digital tilsyn i alle hjemmetjenestesoner.",
        "Vi vil styrke samarbeidet med fastlegene om legemidler.",
    ]


def _pdf_with_table(rows: list[tuple[str, str, str]], after: str) -> Draft:
    """A PDF whose table is set cell by cell at the columns' positions (as a word processor
    exports one: no spaces typed between the cells), cells wrapping inside their columns."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, "Tiltak", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    with pdf.table(col_widths=(90, 60, 30), first_row_as_headings=False, v_align="T") as table:
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(text)
    pdf.multi_cell(0, 5, after)
    return read_upload("tiltak.pdf", bytes(pdf.output()))


def test_a_table_set_by_position_with_wrapped_cells_gives_one_measure_per_row() -> None:
    draft = _pdf_with_table(
        [
            ("Tiltak", "Ansvar", "Frist"),
            (
                "Etablere ambulant team for eldre med sammensatte behov (Nordby og Sørby)",
                "Klinikk for medisin",
                "2026",
            ),
            (
                "Innføre digital hjemmeoppfølging",
                "Klinikk for psykisk helsevern og rus, barn og unge",
                "2027",
            ),
            ("Styrke samarbeidet med fastlegene", "Samhandlingsavdelingen", "2026"),
        ],
        "Tabellen viser tiltakene som er vedtatt.",
    )
    measures = _of(draft, "measure")
    assert [m.text for m in measures] == [
        "Etablere ambulant team for eldre med sammensatte behov (Nordby og Sørby)",
        "Innføre digital hjemmeoppfølging",
        "Styrke samarbeidet med fastlegene",
    ]
    assert measures[1].responsible is not None
    assert measures[1].responsible.startswith("Klinikk for psykisk helsevern og rus")
    assert "barn og unge" in measures[1].responsible
    assert not any("Tabellen viser" in i.text or "2027" in i.text for i in draft.items)


def test_a_typed_pdf_table_keeps_a_wrapped_first_cell_with_its_row_not_a_section_row() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, "Tiltak", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in (
        "Tiltak                                   Ansvar                 Frist",
        "Innfore digital innsjekk ved            Klinikk medisin        2026",
        "alle poliklinikker",
        "Etablere felles akutteam                Akuttklinikken         2027",
        "Samhandling",
        "Styrke samarbeidet med fastlegene       Samhandlingsavd.       2026",
    ):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    draft = read_upload("tiltak.pdf", bytes(pdf.output()))
    texts = [" ".join(m.text.split()) for m in _of(draft, "measure")]
    assert texts[0] == "Innfore digital innsjekk ved alle poliklinikker"
    assert "Etablere felles akutteam" in texts
    assert not any("Samhandling" in t for t in texts[:2])
