"""Small plan documents the tests write themselves, one per format, in the shapes real plans
take (python-docx writes the .docx, fpdf2 the PDF)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plangraph.ingest.draft import Draft, DraftItem

TXT_NB = """Handlingsplan for pasientsikkerhet 2025–2027

Helse Testland HF

Mål

1. Ingen pasienter skal skades av unngåelige feil.
2. Alle ansatte skal kjenne sitt ansvar for pasientsikkerhet.

Utfordringer

Den største utfordringen er at meldte avvik ikke følges opp systematisk.

Tiltak

Vi vil i planperioden prioritere:

- Innføre felles meldesystem for avvik
- Etablere forbedringsteam i alle klinikker
  - Opplæring av teamledere
- Styrke legemiddelsamstemming ved innleggelse

Våre verdier

- Respekt
- Trygghet
"""

MD_NN = """# Utviklingsplan for Fjordane sjukehus 2025–2030

Planen har fire innsatsområde: pasientflyt, kompetanse, digitalisering og samhandling.

## Utfordringar

Vi ser desse utfordringane:

- Mangel på spesialsjukepleiarar
- Aukande tal på eldre med samansette behov

## Tiltak

1. Etablere felles opptaksteam
2. Auke bruken av digital heimeoppfølging
"""

HTML_NB = """<!doctype html>
<html lang="no"><head><meta charset="utf-8"><title>Strategi 2035 | Helse Testland</title></head>
<body>
<header><nav><ul><li><a href="/">Forsiden</a></li><li><a href="/om">Om oss</a></li></ul></nav></header>
<main>
<h1>Strategi 2035</h1>
<p>Helse Testland skal gi gode og likeverdige tjenester.</p>
<h2>Våre mål</h2>
<ol>
<li>Pasienten skal oppleve helhetlige forløp.</li>
<li>Vi skal ha nok og riktig kompetanse.</li>
</ol>
<h2>Innsatsområder</h2>
<ul>
<li>Styrke pasientens stemme</li>
<li>Utvikle digitale tjenester</li>
</ul>
<aside class="faktaboks"><h3>Les mer</h3><p>Se Regional utviklingsplan 2023–2038.</p></aside>
</main>
<footer><p>Kontakt oss</p></footer>
</body></html>
"""


def docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Utviklingsplan for Testføretaket 2025–2028", 0)
    d.add_paragraph("Helse Vest har gitt føretaka i oppdrag å lage utviklingsplanar.")
    d.add_heading("Mål", 1)
    d.add_paragraph("Pasientane skal oppleve samanhengande tenester.", style="List Number")
    d.add_paragraph("Alle tilsette skal ha rett kompetanse.", style="List Number")
    d.add_heading("Utfordringar", 1)
    d.add_paragraph("Vi ser desse utfordringane:")
    d.add_paragraph("Mangel på spesialsjukepleiarar", style="List Bullet")
    d.add_paragraph("Aukande tal på eldre pasientar", style="List Bullet")
    d.add_heading("Tiltak", 1)
    d.add_paragraph("Etablere felles kompetanseplan", style="List Bullet")
    d.add_paragraph("Styrke samarbeidet med kommunane", style="List Bullet")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def docx_of(parts: list[str | list[list[str]]]) -> bytes:
    """A Word file (python-docx) from parts: "# ..." a Heading 1, "## ..." a Heading 2,
    "### ..." a Heading 3, "1. ..." a List Number paragraph ("  1. ", "    1. " its second and
    third level), "- ..." a List Bullet paragraph,
    any other string a plain paragraph, a list of rows a table (its first row the header; a
    row of one cell in a wider table is merged across it)."""
    import docx

    d = docx.Document()
    for part in parts:
        if isinstance(part, list):
            width = max(len(r) for r in part)
            table = d.add_table(rows=len(part), cols=width)
            for r, cells in enumerate(part):
                if len(cells) == 1 and width > 1:
                    table.cell(r, 0).merge(table.cell(r, width - 1)).text = cells[0]
                    continue
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
        elif part.startswith("### "):
            d.add_heading(part[4:], level=3)
        elif part.startswith("## "):
            d.add_heading(part[3:], level=2)
        elif part.startswith("# "):
            d.add_heading(part[2:], level=1)
        elif part.startswith(("1. ", "  1. ", "    1. ")):
            # "1. ..." a List Number paragraph; indented by two or four spaces, one of the
            # second or third level ("List Number 2", "List Number 3")
            depth = (len(part) - len(part.lstrip(" "))) // 2
            style = "List Number" if depth == 0 else f"List Number {depth + 1}"
            d.add_paragraph(part.strip()[3:], style=style)
        elif part.startswith("- "):
            d.add_paragraph(part[2:], style="List Bullet")
        else:
            d.add_paragraph(part)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def xlsx_bytes(sheets: dict[str, list[list[str | None]]]) -> bytes:
    """A workbook (openpyxl): one sheet per name, its rows in order."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def of_kind(draft: Draft, kind: str) -> list[DraftItem]:
    """The draft's items of one kind, in order."""
    return [i for i in draft.items if i.kind == kind]


def texts_of(draft: Draft, kind: str) -> list[str]:
    """Their texts (or labels), whitespace made single."""
    return [" ".join((i.text or i.label).split()) for i in of_kind(draft, kind)]


def labels_of(draft: Draft, kind: str) -> list[str]:
    """Their labels."""
    return [i.label for i in of_kind(draft, kind)]


def pdf_bytes(pages: list[list[tuple[str, str]]] | None = None, header: str = "") -> bytes:
    """A text PDF: each page a list of (style, text), style h1/h2/p; with ``header``, a running
    header in small print on every page."""
    from fpdf import FPDF

    pages = pages or [
        [
            ("h1", "Handlingsplan for psykisk helse 2025"),
            ("h2", "Tiltak"),
            ("p", "Vi vil i planperioden prioritere:"),
            ("p", "- Etablere ambulante team i alle opptaksområder"),
            ("p", "- Redusere ventetiden for barn og unge"),
        ],
        [
            ("h2", "Utfordringer"),
            (
                "p",
                "Den største utfordringen er mangel på psykologer i distriktene. Dette gir "
                "lange ventetider.",
            ),
        ],
    ]
    pdf = FPDF()
    if header:

        def head() -> None:
            pdf.set_font("Helvetica", "", 8)
            pdf.cell(0, 6, header, align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)

        pdf.header = head  # type: ignore[method-assign]
    for page in pages:
        pdf.add_page()
        for style, text in page:
            size = {"h1": 20, "h2": 14}.get(style, 11)
            pdf.set_font("Helvetica", "B" if style != "p" else "", size)
            pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "txt": folder / "handlingsplan.txt",
        "md": folder / "utviklingsplan.md",
        "html": folder / "strategi.html",
        "docx": folder / "utviklingsplan.docx",
        "pdf": folder / "psykisk-helse.pdf",
    }
    files["txt"].write_text(TXT_NB, encoding="utf-8")
    files["md"].write_text(MD_NN, encoding="utf-8")
    files["html"].write_text(HTML_NB, encoding="utf-8")
    files["docx"].write_bytes(docx_bytes())
    files["pdf"].write_bytes(pdf_bytes())
    return files
