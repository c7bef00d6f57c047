"""A diff reports an item whose only change is its ``skos:prefLabel`` as changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

from plangraph.ingest import versions as V
from plangraph.ingest.diff import diff_rows, plan_diff, render_diff
from tests.versions.plans import m, version_1


def _store_versions(folder: Path, texts: list[str]) -> None:
    """Each text a version of plan ``versjonsplan``, dated a year apart, the last current."""
    records = []
    for n, text in enumerate(texts, 1):
        v = V.Version(
            "versjonsplan",
            f"v{n}",
            dt.date(2020 + n, 1, 1),
            f"v{n}.ttl",
            f"sha256:{n}",
            "test",
            "2026-01-01T00:00:00Z",
            n,
            current=n == len(texts),
        )
        quads = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
        V._save_version_file(folder, v, quads)
        records.append(v)
    V._write_records(folder, "versjonsplan", records)


def test_a_lone_label_change_is_a_change(tmp_path: Path) -> None:
    old = version_1()
    new = old.replace('"Rekruttere sykepleiere"@nb', '"Rekruttering av sykepleiere"@nb')
    assert new != old
    _store_versions(tmp_path, [old, new])
    d = plan_diff(tmp_path, "versjonsplan")
    assert d["added"] == [] and d["removed"] == []
    assert d["links_added"] == [] and d["links_removed"] == []
    assert [(c["iri"], c["label"]) for c in d["changed"]] == [
        (m("b"), "Rekruttering av sykepleiere")
    ]
    assert d["changed"][0]["changes"] == {
        "label": {"old": "Rekruttere sykepleiere", "new": "Rekruttering av sykepleiere"}
    }
    rows = diff_rows(d)
    assert [(r["change"], r["detail"]) for r in rows] == [
        ("label", "Rekruttere sykepleiere -> Rekruttering av sykepleiere")
    ]
    assert "| Rekruttering av sykepleiere | nytt navn |" in render_diff(d, "md")
    assert "0 added, 0 removed, 1 changed" in render_diff(d, "table")


def test_a_label_added_in_another_language_is_a_change(tmp_path: Path) -> None:
    old = version_1()
    new = old.replace(
        '"Rekruttere sykepleiere"@nb', '"Rekruttere sykepleiere"@nb, "Rekruttere sjukepleiarar"@nn'
    )
    _store_versions(tmp_path, [old, new])
    d = plan_diff(tmp_path, "versjonsplan")
    assert [c["iri"] for c in d["changed"]] == [m("b")]
    assert d["changed"][0]["changes"]["label"] == {
        "old": "Rekruttere sykepleiere@nb",
        "new": "Rekruttere sykepleiere@nb; Rekruttere sjukepleiarar@nn",
    }


def test_an_unchanged_plan_has_an_empty_diff(tmp_path: Path) -> None:
    _store_versions(tmp_path, [version_1(), version_1()])
    d = plan_diff(tmp_path, "versjonsplan")
    assert d["added"] == d["removed"] == d["changed"] == []


def test_the_markdown_diff_speaks_each_language(tmp_path: Path) -> None:
    old = version_1()
    new = old.replace('"Rekruttere sykepleiere"@nb', '"Rekruttering av sykepleiere"@nb')
    _store_versions(tmp_path, [old, new])
    d = plan_diff(tmp_path, "versjonsplan")
    nb, nn, en = (render_diff(d, "md", lang) for lang in ("nb", "nn", "en"))
    assert nb.startswith("## Endringer i versjonsplan: versjon v1 (2021-01-01) til v2 (2022-01-01)")
    assert "| punkt | endring | detaljer |" in nb and "| nytt navn |" in nb
    assert nn.startswith("## Endringar i versjonsplan") and "| nytt namn |" in nn
    assert en.startswith("## Changes in versjonsplan") and "| renamed |" in en
    assert "- Endra punkt: 1" in nn and "- Items changed: 1" in en
