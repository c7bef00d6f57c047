"""The report's provenance of its items (``reports.data._provenance``): each node's verbatim
text, language, document, its title, section and position, as a plain reading of the query's
rows gives them, on the seed data and on items made to catch each case (several texts in
several languages, the same text in two graphs, two documents, a number as text, no document,
section or position)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plangraph.labels import pick_label
from plangraph.reports import data as report_data
from plangraph.reports.data import Provenance, collect_report
from plangraph.store import PlanStore, open_store
from plangraph.terms import LangString
from tests.helpers import DATA

ITEMS = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix x: <https://example.org/x/> .
x:D1 dcterms:title "Dokument"@nb , "Document"@en .
x:D2 dcterms:title "Dokumentet"@nn .
x:D3 dcterms:title "Tittel" .
x:C1 a pg:Challenge ; pg:sourceText "Tekst"@nb , "Tekst"@nn , "Text"@en ;
    pg:sourceDocument x:D1 ; pg:sourceSection "Del 1"@nb ; pg:sourcePosition 3 .
x:C2 a pg:Challenge ; pg:sourceText "Berre nynorsk"@nn ;
    pg:sourceDocument x:D1 , x:D2 ; pg:sourceSection "Del 2" ; pg:sourcePosition 4 .
x:C3 a pg:Challenge ; pg:sourceText "Utan resten" .
x:M1 a pg:Measure ; pg:sourceText 12 ; pg:sourceDocument x:D3 .
x:M2 a pg:Measure ; pg:sourceText "Tiltak"@nb , 7 ; pg:sourceDocument x:D3 ;
    pg:sourcePosition 1 .
x:G1 a pg:StrategicGoal ; pg:sourceText "Mål \\"sitert\\"\\tmed tab"@nb ;
    pg:sourceDocument x:D2 ; pg:sourceSection "Mål" .
"""

# The same text of C1 again, and one more of C3, in a second file (graph).
AGAIN = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix x: <https://example.org/x/> .
x:C1 pg:sourceText "Tekst"@nb .
x:C3 pg:sourceText "Uten resten"@nb .
"""


def _plainly(store: PlanStore, wanted: set[str], lang: str) -> dict[str, Provenance]:
    """The provenance read from the query's rows one by one, the plainest way: each wanted
    node's texts (each text and language once), the documents its rows cite (each once, in the
    rows' order), the rest from its first row."""
    titles: dict[str, list[str]] = {}
    for document, title in report_data._select(store, "report_document_titles").rows:
        if isinstance(title, str):
            titles.setdefault(document, []).append(title)
    rows_of: dict[str, list[tuple[object, ...]]] = {}
    for row in report_data._select(store, "report_provenance").rows:
        if row.node in wanted:
            rows_of.setdefault(row.node, []).append(tuple(row))
    out: dict[str, Provenance] = {}
    for node, rows in rows_of.items():
        texts: list[str] = []
        for _node, text, *_rest in rows:
            if isinstance(text, str):
                key = (str(text), getattr(text, "lang", ""))
                if key not in [(str(t), getattr(t, "lang", "")) for t in texts]:
                    texts.append(text)
        if not texts:
            continue
        chosen = str(texts[0]) if len(texts) == 1 else pick_label(texts, lang)
        text_lang = next(getattr(t, "lang", "") for t in texts if t == chosen)
        documents: list[str] = []
        for row in rows:
            if row[2] is not None and row[2] not in documents:
                documents.append(row[2])  # type: ignore[arg-type]
        cited: list[str] = []
        for document in documents:
            for title in titles.get(document, []):
                if (str(title), getattr(title, "lang", "")) not in [
                    (str(t), getattr(t, "lang", "")) for t in cited
                ]:
                    cited.append(title)
        _node, _text, document, section, position = rows[0]
        out[node] = Provenance(
            text=chosen,
            text_lang=text_lang,
            document=None if document is None else str(document),
            document_title=pick_label(cited, lang),
            section="" if section is None else str(section),
            position=None if position is None else int(position),  # type: ignore[call-overload]
        )
    return out


@pytest.fixture(scope="module")
def items(tmp_path_factory: pytest.TempPathFactory) -> PlanStore:
    data = tmp_path_factory.mktemp("provenance")
    (data / "items.ttl").write_text(ITEMS, encoding="utf-8")
    (data / "again.ttl").write_text(AGAIN, encoding="utf-8")
    return open_store("memory", data_dir=data)


X = "https://example.org/x/"


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_provenance_is_the_plain_reading_of_the_rows(items: PlanStore, lang: str) -> None:
    every = {f"{X}{n}" for n in ("C1", "C2", "C3", "M1", "M2", "G1")}
    for wanted in (every, {f"{X}C1", f"{X}M1"}, set()):
        found = report_data._provenance(items, wanted, lang)
        assert found == _plainly(items, wanted, lang)
        assert list(found) == list(_plainly(items, wanted, lang))  # in the same order
    found = report_data._provenance(items, every, lang)
    # the cases are there: a node of several texts chosen by language, one text kept from two
    # graphs, two documents' titles, a number as the only text (no provenance), none of the rest
    # (the same text in nb and nn: its language is that of the first of them in the rows)
    expected_c1 = {"nb": ("Tekst", "nb nn"), "nn": ("Tekst", "nb nn"), "en": ("Text", "en")}[lang]
    assert found[f"{X}C1"].text == expected_c1[0]
    assert found[f"{X}C1"].text_lang in expected_c1[1].split()
    assert found[f"{X}C1"].document_title == {"en": "Document"}.get(lang, "Dokument")
    assert found[f"{X}C2"].document_title == {"nn": "Dokumentet", "en": "Document"}.get(
        lang, "Dokument"
    )
    assert f"{X}M1" not in found
    assert found[f"{X}M2"] == Provenance("Tiltak", "nb", f"{X}D3", "Tittel", "", 1)
    assert found[f"{X}G1"].text == 'Mål "sitert"\tmed tab'
    c3 = found[f"{X}C3"]
    assert (c3.document, c3.document_title, c3.section, c3.position) == (None, "", "", None)
    assert type(found[f"{X}C1"].text) is str and not isinstance(c3.text, LangString)
    assert type(found[f"{X}G1"].text) is str


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_report_provenance_on_the_seed_data_is_the_plain_reading(lang: str) -> None:
    store = open_store("memory")
    data = collect_report(store, lang=lang)
    assert len(data.provenance) > 40
    assert data.provenance == _plainly(store, set(data.provenance), lang)


def test_report_provenance_on_the_analyses_fixture_is_the_plain_reading() -> None:
    store = open_store("memory", data_dir=DATA / "analysis")
    data = collect_report(store, lang="nn")
    assert data.provenance == _plainly(store, set(data.provenance), "nn")


def test_provenance_made_without_init_is_the_dataclass(tmp_path: Path) -> None:
    made = report_data._made("a", "nb", "d", "t", "s", 1)
    assert made == Provenance("a", "nb", "d", "t", "s", 1)
    assert hash(made) == hash(Provenance("a", "nb", "d", "t", "s", 1))
    assert repr(made) == repr(Provenance("a", "nb", "d", "t", "s", 1))
    with pytest.raises(AttributeError):
        made.text = "b"  # type: ignore[misc]


def _named(value: object) -> set[str]:
    """Every node IRI in a report's rows, found the plainest way (a walk of dicts and lists)."""
    if isinstance(value, dict):
        found = {value["iri"]} if isinstance(value.get("iri"), str) else set()
        for inner in value.values():
            found |= _named(inner)
        return found
    if isinstance(value, list):
        return set().union(*map(_named, value)) if value else set()
    return set()


@pytest.mark.parametrize("narrowed", [False, True])
def test_a_report_has_the_provenance_of_the_nodes_its_rows_name(narrowed: bool) -> None:
    # The provenance is read (and, for a report on everything, made) in the background for
    # every node; the report keeps exactly the nodes its lists name, in the rows' order.
    store = open_store("memory")
    everything = report_data._provenance(store, None, "nn")
    scope = {}
    if narrowed:
        (org,) = store.select_plain(
            "SELECT ?o WHERE { ?p <http://purl.org/dc/terms/publisher> ?o } "
            "GROUP BY ?o ORDER BY DESC(COUNT(?p)) ?o LIMIT 1"
        ).rows[0]
        scope["org"] = org
    data = collect_report(store, lang="nn", **scope)  # type: ignore[arg-type]
    lists = (data.gaps, data.weak, data.overlaps, data.goals_without_measures, data.orphans)
    wanted = _named(list(lists))
    assert data.provenance == _plainly(store, wanted, "nn")
    assert list(data.provenance) == list(_plainly(store, wanted, "nn"))
    assert 0 < len(data.provenance) < len(everything)  # some items are left out: a real filter


def test_a_report_reads_its_provenance_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    read_in: list[str] = []
    read = report_data._read_provenance

    def reading(store: PlanStore) -> object:
        read_in.append(threading.current_thread().name)
        return read(store)

    monkeypatch.setattr(report_data, "_read_provenance", reading)
    store = open_store("memory")
    assert store.backend == "oxigraph"
    data = collect_report(store)
    assert data.provenance
    assert len(read_in) == 1 and read_in[0].startswith("plangraph-prefetch"), read_in


def test_provenance_read_with_documents_as_numbers_is_the_query_s_rows(items: PlanStore) -> None:
    # On the embedded store the documents come back as numbers into the list of documents:
    # the same rows, in the same order, as the packaged query read as it is.
    for store in (items, open_store("memory")):
        keyed = report_data._keyed_provenance(store)
        assert keyed is not None
        plain = report_data._select(store, "report_provenance").rows
        assert [tuple(r) for r in keyed] == [tuple(r) for r in plain]
        assert any(r[2] for r in keyed)  # documents read back
    assert None in {r[2] for r in report_data._keyed_provenance(items) or []}  # C3's


def _with_odd_challenge(tmp_path: Path, turtle: str) -> PlanStore:
    """A store of ``ITEMS`` and one more challenge, written in ``turtle`` (prefixes pg: and x:)."""
    (tmp_path / "items.ttl").write_text(ITEMS, encoding="utf-8")
    (tmp_path / "odd.ttl").write_text(
        "@prefix pg: <https://w3id.org/plangraph/ns#> .\n"
        "@prefix x: <https://example.org/x/> .\n" + turtle + "\n",
        encoding="utf-8",
    )
    return open_store("memory", data_dir=tmp_path)


def test_provenance_of_documents_no_query_may_name_is_read_as_it_is(tmp_path: Path) -> None:
    # A blank node or a literal as a document cannot be given in VALUES: the query as it is.
    store = _with_odd_challenge(
        tmp_path, 'x:C9 a pg:Challenge ; pg:sourceText "Ni"@nb ; pg:sourceDocument [ ] , "Dok" .'
    )
    assert report_data._keyed_provenance(store) is None
    every = {f"{X}{n}" for n in ("C1", "C2", "C3", "C9", "M1", "M2", "G1")}
    found = report_data._provenance(store, every, "nb")
    assert found == _plainly(store, every, "nb")
    assert f"{X}C9" in found
    assert found[f"{X}C2"].document == f"{X}D1"


def test_provenance_with_a_term_not_read_from_text_is_read_as_it_is(tmp_path: Path) -> None:
    # A boolean as a text is written in the engine's TSV as ``true`` (also how "1" is): the
    # documents-as-numbers reading gives up, and the query is read as it is.
    store = _with_odd_challenge(
        tmp_path, 'x:C8 a pg:Challenge ; pg:sourceText true , "Åtte"@nb ; pg:sourceDocument x:D1 .'
    )
    assert report_data._keyed_provenance(store) is None
    every = {f"{X}{n}" for n in ("C1", "C2", "C3", "C8", "M1", "M2", "G1")}
    found = report_data._provenance(store, every, "nb")
    assert found == _plainly(store, every, "nb")
    assert found[f"{X}C8"].text == "Åtte"
