"""The planners' report: a self-contained, escaped HTML page and a readable Excel workbook."""

from __future__ import annotations

import hashlib
import html
import json
import marshal
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rdflib import URIRef

from plangraph.analysis import (
    orphan_measures,
    overlapping_measures,
    uncovered_challenges,
)
from plangraph.generate import write_plans
from plangraph.reports import (
    HTML_NAME,
    SECTIONS,
    SHEETS,
    XLSX_NAME,
    section_title,
    sheet_title,
    write_report,
)
from plangraph.store import PlanStore, open_store
from plangraph.vocab import GRAPH
from tests.helpers import ROOT, run_cli

HMN = "https://w3id.org/plangraph/id/"
SCRIPT_LABEL = '<script>alert("x")</script> & <b>fet</b>'
FORMULA_LABEL = '=HYPERLINK("https://evil.example/","klikk")'
SCRIPT_TTL = SCRIPT_LABEL.replace('"', '\\"')
FORMULA_TTL = FORMULA_LABEL.replace('"', '\\"')
EVIL = f"""
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<{HMN}challenge/test/script>
    a pg:Challenge ;
    skos:prefLabel "{SCRIPT_TTL}"@nb ;
    pg:sourceText "{SCRIPT_TTL}"@nb ;
    pg:inTheme <{HMN}theme/hmn/beredskap> ;
    pg:partOfPlan <{HMN}plan/hmn-statusnotater-2021> ;
    pg:sourceDocument <{HMN}plan/hmn-statusnotater-2021> ;
    pg:sourceSection "Beredskap"@nb .
<{HMN}measure/test/formula>
    a pg:Measure ;
    skos:prefLabel "{FORMULA_TTL}"@nn ;
    pg:sourceText "{FORMULA_TTL}"@nn ;
    pg:measureStatus pg:Candidate ;
    pg:partOfPlan <{HMN}plan/hv-regional-tiltaksplan> ;
    pg:sourceDocument <{HMN}plan/hv-regional-tiltaksplan> .
"""


class PageParser(HTMLParser):
    """Collects what the tests look at: tags, attributes, ids, headings, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def store() -> PlanStore:
    """The seed data plus a challenge whose label is markup and a measure whose label is a formula."""
    s = open_store("memory")
    s.load_data(EVIL.encode(), "ttl", GRAPH["test-evil"], source="evil.ttl")
    return s


@pytest.fixture(scope="module")
def report(store: PlanStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    write_report(store, out)
    return out


@pytest.fixture(scope="module")
def page(report: Path) -> str:
    return (report / HTML_NAME).read_text(encoding="utf-8")


def node_iris(store: PlanStore) -> set[str]:
    rows = store.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }").rows
    return {str(r["s"]) for r in rows}


# ------------------------------------------------------------------------------------ HTML


def test_html_is_norwegian_utf8_and_has_every_section(page: str) -> None:
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert parsed.attrs("html") == [{"lang": "nb"}]
    assert {"charset": "utf-8"} in parsed.attrs("meta")
    ids = {a.get("id") for _t, a in parsed.tags}
    for section_id, heading in SECTIONS:
        assert section_id in ids
        assert heading in parsed.headings
    for heading in (
        "Udekkede utfordringer",
        "Dekningsgrad per temaområde",
        "Overlappende tiltak",
        "Mål uten tiltak",
    ):
        assert heading in parsed.headings
    # The chart is drawn inline, one bar per theme row.
    assert len(parsed.attrs("rect")) >= 6 and len(parsed.attrs("svg")) == 1


def test_html_loads_nothing_and_links_only_to_node_iris(page: str, store: PlanStore) -> None:
    parsed = parse(page)
    tags = {t for t, _a in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "video", "audio"}
    assert all("src" not in a and "srcset" not in a for _t, a in parsed.tags)
    assert "url(" not in page and "@import" not in page
    known = node_iris(store)
    hrefs = [a["href"] for a in parsed.attrs("a") if a.get("href")]
    assert hrefs
    for href in hrefs:
        assert href is not None
        if href.startswith("#"):
            continue
        assert href in known, href
    # Every http(s) string in the markup is such a link target or its visible text.
    for _t, attrs in parsed.tags:
        for name, value in attrs.items():
            if value and "http" in value and name != "href":
                raise AssertionError(f"{name}={value!r} refers to the web")


def test_html_escapes_labels(page: str) -> None:
    assert SCRIPT_LABEL not in page
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "<b>fet</b>" not in page
    # The parser sees the label as text, whole.
    assert SCRIPT_LABEL in "".join(parse(page).text)


def test_each_gap_opens_on_its_verbatim_source_text(page: str, store: PlanStore) -> None:
    gaps = uncovered_challenges(store)
    gap = next(g for g in gaps if g["challenge"]["iri"].endswith("beredskap-1"))
    text = str(
        store.select(
            "PREFIX pg: <https://w3id.org/plangraph/ns#> SELECT ?node ?t WHERE { ?node pg:sourceText ?t }",
            {"node": URIRef(gap["challenge"]["iri"])},
        ).rows[0]["t"]
    )
    start = page.index(f'href="{gap["challenge"]["iri"]}"')
    details = page.rfind("<details", 0, start)
    block = page[details : page.index("</details>", start)]
    assert f"<summary>{gap['challenge']['label']}</summary>" in block
    assert text in block
    assert "Statusnotater temaområder" in block  # the source document's title
    assert "Avsnitt: Beredskap" in block


def test_gap_rows_in_html_match_the_analysis(page: str, store: PlanStore) -> None:
    gaps = uncovered_challenges(store)
    section = page[page.index('id="udekkede"') : page.index('id="svakt-dekkede"')]
    for gap in gaps:
        assert f'href="{gap["challenge"]["iri"]}"' in section
    assert section.count("<tr>") == len(gaps) + 1  # header row + one per gap


def test_long_lists_are_cut_with_a_note(store: PlanStore, tmp_path: Path) -> None:
    write_report(store, tmp_path, max_rows=3)
    page = (tmp_path / HTML_NAME).read_text(encoding="utf-8")
    section = page[page.index('id="udekkede"') : page.index('id="svakt-dekkede"')]
    assert section.count("<tr>") == 4
    assert f"av {len(uncovered_challenges(store))} radene" in section
    # The workbook still has every row.
    book = load_workbook(tmp_path / XLSX_NAME)
    assert book["Udekkede utfordringer"].max_row == len(uncovered_challenges(store)) + 1


# ------------------------------------------------------------------------------------ XLSX


def test_workbook_has_the_sheets_formatted_for_reading(report: Path) -> None:
    book = load_workbook(report / XLSX_NAME)
    assert book.sheetnames == [sheet_title(s) for s in SHEETS]
    for sheet in book.worksheets:
        assert len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\")
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)
        assert all((sheet.column_dimensions[c.column_letter].width or 0) >= 8 for c in sheet[1])
    by_theme = book["Dekningsgrad per temaområde"]
    header = [c.value for c in by_theme[1]]
    share = header.index("Dekningsgrad") + 1
    assert all(
        "%" in by_theme.cell(row=r, column=share).number_format
        for r in range(2, by_theme.max_row + 1)
    )
    gaps = book["Udekkede utfordringer"]
    text_column = [c.value for c in gaps[1]].index("Kildetekst") + 1
    long_cells = [
        gaps.cell(row=r, column=text_column)
        for r in range(2, gaps.max_row + 1)
        if len(str(gaps.cell(row=r, column=text_column).value or "")) > 40
    ]
    assert long_cells and all(c.alignment.wrap_text for c in long_cells)


def test_workbook_gap_rows_match_uncovered_challenges(report: Path, store: PlanStore) -> None:
    sheet = load_workbook(report / XLSX_NAME)["Udekkede utfordringer"]
    header = [c.value for c in sheet[1]]
    iri = header.index("Utfordring (IRI)") + 1
    label = header.index("Utfordring") + 1
    rows = [
        (sheet.cell(row=r, column=iri).value, sheet.cell(row=r, column=label).value)
        for r in range(2, sheet.max_row + 1)
    ]
    expected = [
        (g["challenge"]["iri"], g["challenge"]["label"]) for g in uncovered_challenges(store)
    ]
    assert rows == expected


def test_workbook_keeps_a_formula_like_label_as_text(report: Path, store: PlanStore) -> None:
    assert any(m["measure"]["label"] == FORMULA_LABEL for m in orphan_measures(store))
    sheet = load_workbook(report / XLSX_NAME)["Tiltak uten kobling"]
    # Stored as text, and with OWASP's leading quote, so that no spreadsheet runs it even once
    # the sheet is saved on as CSV.
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == "'" + FORMULA_LABEL]
    assert cells and all(c.data_type == "s" for c in cells)


def test_overlap_rows_match_the_analysis(report: Path, store: PlanStore) -> None:
    sheet = load_workbook(report / XLSX_NAME)["Overlappende tiltak"]
    header = [c.value for c in sheet[1]]
    a, b = header.index("Tiltak A (IRI)") + 1, header.index("Tiltak B (IRI)") + 1
    got = [
        (sheet.cell(row=r, column=a).value, sheet.cell(row=r, column=b).value)
        for r in range(2, sheet.max_row + 1)
    ]
    want = [(o["measure_a"]["iri"], o["measure_b"]["iri"]) for o in overlapping_measures(store)]
    assert got == want


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Dekning: per/tema?", "Dekning- per-tema-"), ("x" * 40, "x" * 31), ("[]", "--")],
)
def test_sheet_titles_are_valid(name: str, expected: str) -> None:
    assert sheet_title(name) == expected


# ------------------------------------------------------------------------------------ CLI


def test_cli_report_with_filters_and_language(tmp_path: Path) -> None:
    out = run_cli("report", "--out", str(tmp_path), "--org", "Helse Midt-Norge RHF", "--lang", "en")
    assert out.returncode == 0, out.stderr
    page = (tmp_path / HTML_NAME).read_text(encoding="utf-8")
    assert "Preparedness" in page  # the theme's English label
    # Every word in English too, not only the labels.
    assert "Organisation:" in page and "Central Norway Regional Health Authority" in page
    assert "<h2>Uncovered challenges</h2>" in page and "Udekkede" not in page
    store = open_store("memory")
    org = "https://w3id.org/plangraph/id/org/helse-midt-norge"
    sheet = load_workbook(tmp_path / XLSX_NAME)["Uncovered challenges"]
    assert sheet.max_row - 1 == len(uncovered_challenges(store, org=org))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "javascript:alert(1)"], "not allowed"),
        (["--theme", "ingen slik tema finnes"], "no theme"),
    ],
)
def test_cli_refuses_bad_filters_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "out"
    out = run_cli("report", "--out", str(target), *args)
    assert out.returncode == 2, out.stdout + out.stderr
    assert message in out.stderr and "Traceback" not in out.stderr
    assert not target.exists()


def test_cli_refuses_a_file_as_the_output_folder(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("keep me", encoding="utf-8")
    out = run_cli("report", "--out", str(target))
    assert out.returncode == 2 and "folder" in out.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_report_on_synthetic_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_plans(data / "synthetic.nq", 20_000, seed=5)
    store = open_store("memory", data_dir=data)
    paths = write_report(store, tmp_path / "out", lang="nn", max_rows=50)
    page = paths[0].read_text(encoding="utf-8")
    parsed = parse(page)
    assert all(section_title(i, "nn") in parsed.headings for i, _h in SECTIONS)
    assert "Udekte utfordringar" in parsed.headings
    gaps = uncovered_challenges(store, lang="nn")
    assert len(gaps) > 50 and f"av {len(gaps)}" in page.replace("\u00a0", "")
    # The sheet's rows as read (not the size its <dimension> declares), one sheet of eight read:
    # what the whole workbook loaded gives as max_row.
    book = load_workbook(paths[1], read_only=True)
    sheet = book["Udekte utfordringar"]
    sheet.reset_dimensions()
    sheet.calculate_dimension(force=True)
    assert sheet.max_row - 1 == len(gaps)
    book.close()


# ------------------------------------------------------------------------ shared layout


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_page_and_workbook_share_sections_and_columns(tmp_path: Path, lang: str) -> None:
    """One list of sections and columns (``layout.SECTIONS``): the page's sections are the
    workbook's sheets, in order, and each table's columns head its sheet, in every language."""
    from plangraph.reports import LAYOUT
    from plangraph.reports.layout import TABLES

    paths = write_report(open_store("memory"), tmp_path, lang=lang)
    page = paths[0].read_text(encoding="utf-8")
    book = load_workbook(paths[1])
    parsed = parse(page)
    titles = [s.title(lang) for s in LAYOUT]
    assert book.sheetnames == [sheet_title(t) for t in titles]
    assert [h for h in parsed.headings if h in titles] == titles
    for section in TABLES:
        sheet_header = [c.value for c in book[sheet_title(section.title(lang))][1]]
        columns = [c.title(lang) for c in section.columns]
        assert sheet_header[: len(columns)] == columns
        block = page.split(f'<section id="{section.id}">', 1)[1].split("</section>", 1)[0]
        if "<thead>" in block:
            html_header = re.findall(r'<th class="[^"]*" scope="col">([^<]*)</th>', block)
            assert html_header == columns


def test_gaps_section_states_total_and_whose_measures_counted(page: str, store: PlanStore) -> None:
    """Issue 11 item 5: the report's gaps say how many and which plans' measures were considered."""
    from plangraph.analysis import considered_text, measures_considered

    total = len(uncovered_challenges(store))
    section = page.split('id="udekkede"', 1)[1].split("</section>", 1)[0]
    assert f"Totalt: {total}." in section
    assert html.escape(considered_text(measures_considered(store, "nb")), quote=False) in section


# ------------------------------------------------------------------------ streamed workbook


def _cell_style(cell: Any) -> tuple[Any, ...]:
    """What a reader sees of a cell's style: number format, bold, fill, wrap, vertical
    alignment, named style."""
    return (
        cell.number_format,
        cell.font.bold,
        cell.fill.fgColor.rgb if cell.fill.fill_type else None,
        cell.alignment.wrap_text,
        cell.alignment.vertical,
        cell.style,
    )


def _workbook_cells(path: Path) -> dict[str, Any]:
    """Everything a reader of the workbook sees, sheet by sheet, cell by cell.

    A cell's style is read once per distinct style record: openpyxl keeps a cell's style as
    its ``_style`` (the ids of its number format, font, fill, border, alignment, protection and
    named style in the workbook's tables), and every part of ``_cell_style`` is read from those
    ids alone, so two cells of one workbook with equal records show the same style."""
    book = load_workbook(path)
    found: dict[str, Any] = {}
    styles: dict[tuple[int, ...], tuple[Any, ...]] = {}
    for sheet in book.worksheets:
        found[sheet.title] = {
            "freeze": sheet.freeze_panes,
            "filter": sheet.auto_filter.ref,
            "widths": {k: d.width for k, d in sheet.column_dimensions.items() if d.width},
        }
        cells = []
        for row in sheet.iter_rows():
            read = []
            for c in row:
                record = tuple(c._style)
                style = styles.get(record)
                if style is None:
                    style = styles[record] = _cell_style(c)
                value = c.value
                read.append(
                    (
                        c.coordinate,
                        # openpyxl writes 16 significant digits, the streamed writer every one
                        round(value, 12) if isinstance(value, float) else value,
                        c.data_type,
                        *style[:-1],
                        c.hyperlink.target if c.hyperlink else None,
                        style[-1],
                    )
                )
            cells.append(read)
        found[sheet.title]["cells"] = cells
    return found


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_streamed_workbook_has_the_cells_of_the_openpyxl_one(
    store: PlanStore, tmp_path: Path, lang: str
) -> None:
    """``write_xlsx`` streams the workbook; read back, every cell (value, type, number format,
    font, fill, alignment, hyperlink, style), width, frozen pane and filter is that of the
    workbook openpyxl builds from the same data (``build_workbook``), markup and formula-like
    labels included."""
    from plangraph.reports import collect_report, write_xlsx
    from tests.reference_workbook import build_workbook

    data = collect_report(store, lang=lang)
    build_workbook(data).save(tmp_path / "openpyxl.xlsx")
    write_xlsx(data, tmp_path / "streamed.xlsx")
    want = _workbook_cells(tmp_path / "openpyxl.xlsx")
    got = _workbook_cells(tmp_path / "streamed.xlsx")
    assert list(got) == list(want)
    for title in want:
        assert got[title] == want[title], title
    assert sum(len(s["cells"]) for s in got.values()) > 50


@pytest.mark.untraced
def test_streamed_workbook_matches_on_synthetic_data(tmp_path: Path) -> None:
    """The same on generated plans (thousands of rows, every sheet filled)."""
    from plangraph.reports import collect_report, write_xlsx
    from tests.reference_workbook import build_workbook

    write_plans(tmp_path / "data" / "synthetic.nq", 20_000, seed=3)
    data = collect_report(open_store("memory", data_dir=tmp_path / "data"), lang="nn")
    data.generated = "2026-01-01 12:00"
    build_workbook(data).save(tmp_path / "openpyxl.xlsx")
    write_xlsx(data, tmp_path / "streamed.xlsx")
    want = _workbook_cells(tmp_path / "openpyxl.xlsx")
    got = _workbook_cells(tmp_path / "streamed.xlsx")
    assert got == want
    assert all(len(s["cells"]) > 1 for s in got.values())


# ------------------------------------------------------------------------ kept analyses


def test_kept_analyses_read_back_as_they_were(store: PlanStore) -> None:
    from plangraph.reports import collect_report
    from plangraph.reports.cache import from_json, to_json

    data = collect_report(store)
    text = json.dumps(to_json(data), ensure_ascii=False)
    assert from_json(json.loads(text), data.generated) == data


def test_kept_file_reads_back_as_written_and_refuses_any_other_bytes(store: PlanStore) -> None:
    """``pack``/``unpack`` give back the analyses as they were; a kept file cut short, with one
    byte changed (even where ``marshal`` would still read it), with another start or with a
    body that is not the payload's gives ``None``, never rows."""
    from plangraph.reports import collect_report
    from plangraph.reports.cache import FORMAT, MAGIC, from_json, pack, to_json, unpack

    data = collect_report(store)
    payload = {"format": FORMAT, "scope_key": {"lang": "nb"}, "data": to_json(data)}
    kept = pack(payload)
    found = unpack(kept)
    assert found == payload
    assert from_json(found["data"], data.generated) == data
    label = data.gaps[0]["challenge"]["label"].encode()
    at = kept.index(label)  # a label in the body: changed, marshal still reads it
    changed = kept[:at] + bytes([kept[at] ^ 0x01]) + kept[at + 1 :]
    assert changed != kept and unpack(changed) is None
    assert unpack(kept[:-1]) is None
    assert unpack(kept[: len(MAGIC) + 40]) is None
    assert unpack(b"x" + kept[1:]) is None
    assert unpack(b"") is None
    body = marshal.dumps(["not", "a", "payload"])
    assert unpack(MAGIC + hashlib.sha256(body).digest() + body) is None


def test_cli_report_never_reads_a_changed_kept_file(tmp_path: Path) -> None:
    """A kept file changed on disk (a label in it edited, its length and layout kept, so that
    it still reads as rows) is not read: the analyses run again, the report shows the data's
    label, and the file is written again as it should be."""
    data, cache = _seed_copy(tmp_path / "data"), tmp_path / "cache"
    env = {"PLANGRAPH_CACHE_DIR": str(cache)}

    def report(out: str) -> str:
        done = run_cli("--data-dir", str(data), "report", "-o", str(tmp_path / out), env=env)
        assert done.returncode == 0, done.stderr
        return (tmp_path / out / HTML_NAME).read_text(encoding="utf-8")

    first = report("first")
    (kept,) = cache.glob("reports/*/*.kept")
    written = kept.read_bytes()
    label = re.search(r"<summary>([A-Za-zÆØÅæøå][^<&]{5,})</summary>", first)
    assert label is not None
    old = label.group(1).encode()
    new = old[:-1] + (b"X" if old[-1:] != b"X" else b"Y")
    assert written.count(old) >= 1
    kept.write_bytes(written.replace(old, new))
    second = report("second")
    assert f"<summary>{new.decode()}</summary>" not in second
    assert f"<summary>{old.decode()}</summary>" in second
    # Written again with the same rows (marshal's bytes may differ: it marks objects shared
    # within one write, which depends on how the rows were built, not on their values).
    from plangraph.reports.cache import unpack

    rewritten = unpack(kept.read_bytes())
    assert rewritten is not None and rewritten == unpack(written)


def _seed_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for path in (ROOT / "src" / "plangraph" / "_data").glob("*.ttl"):
        shutil.copy(path, target / path.name)
    return target


def _gap_iris(out: Path) -> list[str]:
    sheet = load_workbook(out / XLSX_NAME)["Udekkede utfordringer"]
    column = [c.value for c in sheet[1]].index("Utfordring (IRI)") + 1
    return [str(sheet.cell(row=r, column=column).value) for r in range(2, sheet.max_row + 1)]


def test_cli_report_keeps_its_analyses_while_the_files_stay_as_they_are(tmp_path: Path) -> None:
    """A second report on unchanged files reads the analyses kept beside the cached store and
    writes the same report; once a file changes, the report shows the change (never rows kept
    for other data), and the rows kept for the old files go."""
    data, cache = _seed_copy(tmp_path / "data"), tmp_path / "cache"
    env = {"PLANGRAPH_CACHE_DIR": str(cache)}

    def report(out: str, *args: str) -> Path:
        done = run_cli("--data-dir", str(data), "report", "-o", str(tmp_path / out), *args, env=env)
        assert done.returncode == 0, done.stderr
        return tmp_path / out

    first = report("first")
    kept = list(cache.glob("reports/*/*.kept"))
    assert len(kept) == 1
    written = kept[0].stat().st_mtime_ns
    second = report("second")
    assert list(cache.glob("reports/*/*.kept")) == kept
    assert kept[0].stat().st_mtime_ns == written  # read, not made again
    made = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")  # when each was made (to the minute)

    def undated(path: Path) -> str:
        return made.sub("", repr(_workbook_cells(path / XLSX_NAME)))

    assert undated(second) == undated(first)
    pages = [made.sub("", (p / HTML_NAME).read_text(encoding="utf-8")) for p in (first, second)]
    assert pages[0] == pages[1]
    english = report("english", "--lang", "en")
    assert "<h2>Uncovered challenges</h2>" in (english / HTML_NAME).read_text(encoding="utf-8")
    assert len(list(cache.glob("reports/*/*.kept"))) == 2  # one per language

    (data / "extra.ttl").write_text(EVIL, encoding="utf-8")
    third = report("third")
    assert f"{HMN}challenge/test/script" in _gap_iris(third)
    assert f"{HMN}challenge/test/script" not in _gap_iris(first)
    now = list(cache.glob("reports/*/*.kept"))
    assert len(now) == 1 and now != kept


def test_report_steps_add_up_for_the_progress_bar(store: PlanStore, tmp_path: Path) -> None:
    """``write_report`` reports each of its ``STEPS`` done, no more, no fewer (the bar the
    command shows on stderr after a second counts them)."""
    from plangraph.reports import STEPS

    done: list[int] = []
    write_report(store, tmp_path, advance=done.append)
    assert sum(done) == STEPS


def test_workbook_writer_passes_on_a_failure_on_either_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread that deflates the workbook's parts: a failure while the XML is made, or
    while a part is written, is raised by ``write_sheets`` (not lost, not waited on forever)."""
    import zipfile

    from plangraph.reports._xlsx_stream import SheetSpec, write_sheets

    class Unwritable:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    rows = [[f"rad {i}", i] for i in range(20_000)]
    good = SheetSpec("Ark", [("Tekst", "text", 40), ("Tall", "int", 10)], rows)
    with pytest.raises(RuntimeError, match="no text"):
        write_sheets(
            [good, SheetSpec("Feil", [("Tekst", "text", 40)], [[Unwritable()]])],
            tmp_path / "a.xlsx",
        )

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    with pytest.raises(OSError, match="No space left"):
        write_sheets([good] * 3, tmp_path / "b.xlsx")


def test_workbook_rewritten_from_a_kept_one_is_the_one_written_afresh(
    store: PlanStore, tmp_path: Path
) -> None:
    """``rewrite_xlsx`` (a repeat report with the workbook kept): every part as ``write_xlsx``
    writes it for the same data, the summary sheet's time included (made again, not copied);
    only the workbook's own time (``docProps/core.xml``) may differ."""
    import zipfile

    from plangraph.reports import collect_report, write_xlsx
    from plangraph.reports.xlsx import rewrite_xlsx

    data = collect_report(store)
    data.generated = "2026-01-01 12:00"
    write_xlsx(data, tmp_path / "kept.xlsx")
    data.generated = "2027-02-03 04:05"
    write_xlsx(data, tmp_path / "fresh.xlsx")
    rewrite_xlsx(data, (tmp_path / "kept.xlsx").read_bytes(), tmp_path / "rewritten.xlsx")

    def parts(name: str) -> dict[str, bytes]:
        with zipfile.ZipFile(tmp_path / name) as book:
            assert book.testzip() is None
            return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}

    assert parts("rewritten.xlsx") == parts("fresh.xlsx")
    assert parts("kept.xlsx") != parts("fresh.xlsx")  # the summary sheet says when
    assert _workbook_cells(tmp_path / "rewritten.xlsx") == _workbook_cells(tmp_path / "fresh.xlsx")
    with pytest.raises(ValueError):
        rewrite_xlsx(data, b"PK\x05\x06" + bytes(18), tmp_path / "empty.xlsx")


def test_cli_report_never_uses_a_changed_or_foreign_kept_workbook(tmp_path: Path) -> None:
    """A kept workbook changed on disk is not used, and one that is not a report's workbook
    (its checksum right) is not either: the workbook is made afresh, the same as the first."""
    import hashlib as _hashlib

    from plangraph.reports.cache import BOOK

    data, cache = _seed_copy(tmp_path / "data"), tmp_path / "cache"
    env = {"PLANGRAPH_CACHE_DIR": str(cache)}
    made = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")

    def report(out: str) -> str:
        done = run_cli("--data-dir", str(data), "report", "-o", str(tmp_path / out), env=env)
        assert done.returncode == 0, done.stderr
        return made.sub("", repr(_workbook_cells(tmp_path / out / XLSX_NAME)))

    first = report("first")
    (book,) = cache.glob("reports/*/*.book")
    written = book.read_bytes()
    assert report("again") == first
    middle = len(written) // 2
    book.write_bytes(written[:middle] + bytes([written[middle] ^ 0xFF]) + written[middle + 1 :])
    assert report("changed") == first
    again = book.read_bytes()  # made afresh and kept again, whole
    start = len(BOOK) + 32
    assert _hashlib.sha256(again[start:]).digest() == again[len(BOOK) : start]
    foreign = b"not a workbook"
    book.write_bytes(BOOK + _hashlib.sha256(foreign).digest() + foreign)
    assert report("foreign") == first
