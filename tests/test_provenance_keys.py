"""The report's provenance read with its documents and sections as numbers
(``reports.data._keyed_provenance``): the same rows, in the same order, as the packaged query
``report_provenance`` read as it is, whether the sections could be given as numbers (plain
texts, with a language or none) or had to be read as they are (a text with an escaped
character, a number)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from plangraph.reports import data as report_data
from plangraph.store import PlanStore, open_store

HEAD = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix x: <https://example.org/x/> .
"""

ITEMS = """\
x:C1 a pg:Challenge ; pg:sourceText "En"@nb ; pg:sourceDocument x:D1 ;
    pg:sourceSection "Del 1"@nb ; pg:sourcePosition 3 .
x:C2 a pg:Challenge ; pg:sourceText "To"@nn ; pg:sourceDocument x:D2 ;
    pg:sourceSection "Del 2" ; pg:sourcePosition 4 .
x:C3 a pg:Challenge ; pg:sourceText "Tre" ; pg:sourceSection "Del 1"@nn .
x:M1 a pg:Measure ; pg:sourceText "Fire"@nb ; pg:sourceDocument x:D1 ;
    pg:sourceSection "Del 1"@nb , "Del 2" .
x:M2 a pg:Measure ; pg:sourceText "Fem"@nb ; pg:sourceDocument x:D1 .
x:G1 a pg:StrategicGoal ; pg:sourceText "Seks"@nb ; pg:sourceSection "" .
"""


def _store(tmp_path: Path, more: str = "") -> PlanStore:
    (tmp_path / "items.ttl").write_text(HEAD + ITEMS + more, encoding="utf-8")
    return open_store("memory", data_dir=tmp_path)


def _keyed(store: PlanStore, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[str]]:
    """``_keyed_provenance``'s rows and the queries it asked."""
    asked: list[str] = []
    query = store.query_with_dataset

    def asking(text: str, **kwargs: Any) -> Any:
        asked.append(text)
        return query(text, **kwargs)

    monkeypatch.setattr(store, "query_with_dataset", asking)
    rows = report_data._keyed_provenance(store)
    monkeypatch.undo()
    assert rows is not None
    return [tuple(r) for r in rows], asked


def _as_it_is(store: PlanStore) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in report_data._select(store, "report_provenance").rows]


def test_sections_given_as_numbers_are_read_back_as_the_query_gives_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    rows, asked = _keyed(store, monkeypatch)
    assert any("?sectionKey" in text for text in asked)  # the sections went as numbers
    assert rows == _as_it_is(store)
    # every kind of section came back: with a language, without, empty, none
    sections = {(str(r[3]), getattr(r[3], "lang", None)) for r in rows if r[3] is not None}
    assert {("Del 1", "nb"), ("Del 1", "nn"), ("Del 2", None), ("", None)} <= sections
    assert any(r[3] is None for r in rows)


@pytest.mark.parametrize(
    "section",
    ['"Del \\"tre\\""@nb', '"Linje\\nto"', "7", '"Del"^^<https://example.org/x/type>'],
    ids=["quote", "line-break", "number", "typed"],
)
def test_sections_not_plain_texts_are_read_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, section: str
) -> None:
    store = _store(
        tmp_path, f'x:C9 a pg:Challenge ; pg:sourceText "Ni" ; pg:sourceSection {section} .\n'
    )
    rows, asked = _keyed(store, monkeypatch)
    assert not any("?sectionKey" in text for text in asked)
    assert any("?documentKey" in text for text in asked)  # (the documents still as numbers)
    assert rows == _as_it_is(store)
    assert "https://example.org/x/C9" in {r[0] for r in rows}


def test_seed_data_provenance_as_numbers_is_the_query_s_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = open_store("memory")
    rows, asked = _keyed(store, monkeypatch)
    assert any("?sectionKey" in text for text in asked)
    assert rows == _as_it_is(store)
    assert sum(1 for r in rows if r[3] is not None) > 10  # (sections read back)


def test_more_sections_than_given_as_numbers_are_read_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)  # (four distinct sections)
    monkeypatch.setattr(report_data, "_KEYED_SECTIONS", 3)
    rows, asked = _keyed(store, monkeypatch)
    assert not any("?sectionKey" in text for text in asked)
    assert rows == _as_it_is(store)
    monkeypatch.setattr(report_data, "_KEYED_SECTIONS", 4)
    rows, asked = _keyed(store, monkeypatch)
    assert any("?sectionKey" in text for text in asked)
    assert rows == _as_it_is(store)
