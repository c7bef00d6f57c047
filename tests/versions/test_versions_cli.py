"""Plan versions from the command line, on small hand-made versions with known differences."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from plangraph.ingest.versions import list_versions
from tests.helpers import ROOT, run_cli
from tests.versions.plans import C_D, C_NEW, TEXT_B, m, version_1, version_2


def _seed_copy(folder: Path) -> Path:
    folder.mkdir()
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return _seed_copy(tmp_path / "data")


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _cli(data_dir: Path, *args: str) -> tuple[int, str, str]:
    r = run_cli("--data-dir", str(data_dir), *args)
    return r.returncode, r.stdout, r.stderr


@pytest.fixture(scope="module")
def _two_versions_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed data after two imports of the same plan: made once for the module."""
    tmp = tmp_path_factory.mktemp("two-versions")
    data_dir = _seed_copy(tmp / "data")
    v1 = _write(tmp / "v1", "versjonsplan.ttl", version_1())
    v2 = _write(tmp / "v2", "versjonsplan.ttl", version_2())
    code, out, err = _cli(data_dir, "import", str(v1))
    assert code == 0 and out.startswith("created:"), out + err
    code, out, err = _cli(data_dir, "import", str(v2))
    assert code == 0 and out.startswith("new version 2024-06-01"), out + err
    return data_dir


@pytest.fixture
def two_versions(_two_versions_once: Path, tmp_path: Path) -> Path:
    """A test's own copy of the folder two imports made (plan files and version records, byte
    for byte, times kept): the commands under test open it as a data folder they have not seen,
    as they would after the imports, and a test may write to it."""
    return Path(shutil.copytree(_two_versions_once, tmp_path / "data"))


def _subjects(path: Path) -> set[str]:
    return {q.subject.value for q in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)}


def test_versions_are_kept_each_in_its_own_graph_and_file(two_versions: Path) -> None:
    folder = two_versions / "versions" / "versjonsplan"
    assert sorted(p.name for p in folder.iterdir()) == [
        ".2023-01-01.snapshot.json",  # what a diff reads of each version (test_diff_snapshot)
        ".2024-06-01.snapshot.json",
        "2023-01-01.trig",
        "2024-06-01.trig",
        "versions.ttl",
    ]
    graphs = {
        q.graph_name.value
        for q in ox.parse((folder / "2023-01-01.trig").read_bytes(), format=ox.RdfFormat.TRIG)
    }
    assert graphs == {"https://w3id.org/plangraph/graph/versjonsplan/version/2023-01-01"}
    versions = list_versions(two_versions, "versjonsplan")
    assert [(v.label, v.current) for v in versions] == [("2023-01-01", False), ("2024-06-01", True)]
    assert all(v.checksum.startswith("sha256:") and v.loaded_by.startswith("cli") for v in versions)
    # the current version is the plan file the store loads; items kept their IRIs
    current = _subjects(two_versions / "versjonsplan.ttl")
    assert {m("a"), m("b"), m("c")} <= current
    assert m("1") not in current and m("2") not in current and m("3") not in current
    assert m("4") in current and m("d") not in current
    # the reworded item's match is recorded with its score
    matched = {x["written_as"]: x for x in versions[1].matches}
    assert matched[m("1")]["item"] == m("a") and matched[m("1")]["method"] == "similar text"
    assert 0.6 <= matched[m("1")]["score"] < 1.0
    assert matched[m("2")] == {
        "item": m("b"),
        "written_as": m("2"),
        "score": 1.0,
        "method": "same text",
    }


def test_the_default_union_holds_only_the_current_version(two_versions: Path) -> None:
    code, out, err = _cli(two_versions, "gaps", "--format", "json")
    assert code == 0, err
    gaps = {row["challenge"]["iri"] for row in json.loads(out)}
    assert C_D in gaps  # only the old version addressed it
    assert C_NEW not in gaps  # the current version addresses it
    # the old version's measure is not in the store at all
    code, out, err = _cli(two_versions, "show", m("d"))
    assert code == 2, out


def test_versions_lists_them(two_versions: Path) -> None:
    code, out, err = _cli(two_versions, "versions", "versjonsplan", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["label"], r["date"], r["current"]) for r in rows] == [
        ("2023-01-01", "2023-01-01", False),
        ("2024-06-01", "2024-06-01", True),
    ]
    code, _out, err = _cli(two_versions, "versions", "no-such-plan")
    assert code == 2 and "no recorded versions" in err


def test_same_file_twice_makes_no_new_version(two_versions: Path, tmp_path: Path) -> None:
    before = (two_versions / "versjonsplan.ttl").read_bytes()
    again = _write(tmp_path / "again", "versjonsplan.ttl", version_2())
    code, out, err = _cli(two_versions, "import", str(again))
    assert code == 0 and out.startswith("unchanged:"), out + err
    assert len(list_versions(two_versions, "versjonsplan")) == 2
    assert (two_versions / "versjonsplan.ttl").read_bytes() == before


def test_an_older_version_loaded_later_is_kept_in_date_order(
    two_versions: Path, tmp_path: Path
) -> None:
    before = (two_versions / "versjonsplan.ttl").read_bytes()
    old = version_1("2022-03-01").replace("Kortere ventetid", "Kortere ventetider")
    path = _write(tmp_path / "old", "versjonsplan.ttl", old)
    code, out, err = _cli(two_versions, "import", str(path))
    assert code == 0, err
    assert out.startswith("older version: 2022-03-01 is dated 2022-03-01, before the current")
    versions = list_versions(two_versions, "versjonsplan")
    assert [v.label for v in versions] == ["2022-03-01", "2023-01-01", "2024-06-01"]
    assert versions[-1].current and not versions[0].current
    assert (two_versions / "versjonsplan.ttl").read_bytes() == before


def test_a_version_failing_shacl_stores_nothing(two_versions: Path, tmp_path: Path) -> None:
    files = {p: p.read_bytes() for p in two_versions.rglob("*") if p.is_file()}
    bad = version_2("2025-01-01").replace("pg:StartingOrRunning", "pg:NoSuchStatus")
    path = _write(tmp_path / "bad", "versjonsplan.ttl", bad)
    code, out, err = _cli(two_versions, "import", str(path))
    assert code == 1 and "SHACL" in err, out + err
    assert {p: p.read_bytes() for p in two_versions.rglob("*") if p.is_file()} == files


def test_diff_default_is_the_two_latest(two_versions: Path) -> None:
    code, out, err = _cli(two_versions, "diff", "versjonsplan", "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["plan"] == "versjonsplan"
    assert (d["from"]["label"], d["to"]["label"]) == ("2023-01-01", "2024-06-01")
    assert [(x["iri"], x["label"]) for x in d["added"]] == [(m("4"), "Digital heimeoppfølging")]
    assert [(x["iri"], x["label"]) for x in d["removed"]] == [(m("d"), "Kortere ventetid")]
    changed = {x["iri"]: x["changes"] for x in d["changed"]}
    assert set(changed) == {m("a"), m("c")}  # b is unchanged
    assert changed[m("a")]["reworded"]["inline"].startswith("Etablere [-en-] {+ei+} felles")
    assert {"op": "replace", "old": "innen", "new": "innan"} in changed[m("a")]["reworded"]["words"]
    assert changed[m("a")]["label"] == {
        "old": "Felles journalløsning",
        "new": "Felles journalløysing",
    }
    assert changed[m("c")]["status"]["old"]["label"] == "Tiltakskandidat"
    assert changed[m("c")]["status"]["new"]["iri"].endswith("#StartingOrRunning")
    assert changed[m("c")]["theme"]["new"]["label"] == "Kvalitet og prioritering"
    assert [(x["subject"]["iri"], x["object"]["iri"]) for x in d["links_added"]] == [
        (m("4"), C_NEW)
    ]
    assert [(x["subject"]["iri"], x["object"]["iri"]) for x in d["links_removed"]] == [
        (m("d"), C_D)
    ]
    assert TEXT_B not in out  # an unchanged item is not listed


def test_diff_formats(two_versions: Path) -> None:
    code, out, err = _cli(two_versions, "diff", "versjonsplan", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["change"] for r in rows} == {
        "added",
        "removed",
        "reworded",
        "label",
        "theme",
        "status",
        "link added",
        "link removed",
    }
    code, out, err = _cli(two_versions, "diff", "versjonsplan", "--format", "md")
    assert code == 0, err
    assert out.startswith("## Endringer i versjonsplan: versjon 2023-01-01 til 2024-06-01")
    assert "### Nye punkter" in out and "- Digital heimeoppfølging (tiltak)" in out
    assert "| Felles journalløysing | omformulert |" in out and "~~innen~~ **innan**" in out
    code, out, err = _cli(two_versions, "diff", "versjonsplan")
    assert code == 0 and "1 added, 1 removed, 2 changed" in out


def test_diff_bad_input(two_versions: Path) -> None:
    code, _, err = _cli(two_versions, "diff", "versjonsplan", "--from", "hv-helse2035/2020")
    assert code == 2 and "belongs to plan 'hv-helse2035', not 'versjonsplan'" in err
    code, _, err = _cli(two_versions, "diff", "versjonsplan", "--from", "1999-01-01")
    assert code == 2 and "has no version '1999-01-01'" in err
    code, _, err = _cli(two_versions, "diff", "versjonsplan", "--format", "xml")
    assert code == 2 and "unknown format 'xml'" in err
    code, _, err = _cli(two_versions, "diff", "hv-helse2035")
    assert code == 2 and "0 recorded version(s)" in err
    code, _, err = _cli(two_versions, "diff", "Not A Plan")
    assert code == 2 and "not allowed" in err


def test_gaps_changes(two_versions: Path) -> None:
    code, out, err = _cli(
        two_versions, "gaps", "--changes", "--plan", "versjonsplan", "--format", "json"
    )
    assert code == 0, err
    d = json.loads(out)
    assert [x["iri"] for x in d["newly_uncovered"]] == [C_D]
    assert [x["iri"] for x in d["newly_covered"]] == [C_NEW]
    code, _, err = _cli(two_versions, "gaps", "--changes")
    assert code == 2 and "--changes needs --plan" in err
    code, _, err = _cli(two_versions, "gaps", "--from", "2023-01-01")
    assert code == 2 and "--from and --to go with --changes" in err


def test_gaps_as_of(two_versions: Path) -> None:
    code, out, err = _cli(two_versions, "gaps", "--as-of", "2023-06-01", "--format", "json")
    assert code == 0, err
    gaps = {row["challenge"]["iri"] for row in json.loads(out)}
    assert C_NEW in gaps and C_D not in gaps  # as version 1 had it
    code, _, err = _cli(two_versions, "gaps", "--as-of", "2022-01-01")
    assert code == 2 and "no plan had a version on 2022-01-01" in err
    assert "dated 2023-01-01" in err
    code, _, err = _cli(two_versions, "gaps", "--as-of", "last year")
    assert code == 2 and "is not a date" in err


def test_import_refuses_rdf_with_several_graphs(data_dir: Path, tmp_path: Path) -> None:
    trig = (
        "<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n"
        "<https://e.org/g> { <https://e.org/a> <https://e.org/p> <https://e.org/c> . }\n"
    )
    path = _write(tmp_path, "toplan.trig", trig)
    code, _, err = _cli(data_dir, "import", str(path))
    assert code == 2 and "several graphs" in err
    assert not (data_dir / "toplan.ttl").exists() and not (data_dir / "versions").exists()


def test_import_trig_plan(data_dir: Path, tmp_path: Path) -> None:
    body = version_1().split("\n", 4)
    prefixes = "\n".join(body[:4])
    trig = f"{prefixes}\n<https://w3id.org/plangraph/graph/x> {{\n{body[4]}\n}}\n"
    path = _write(tmp_path, "mine.trig", trig)
    code, out, err = _cli(data_dir, "import", str(path), "--plan", "versjonsplan", "--label", "v1")
    assert code == 0 and out.startswith("created: versjonsplan, version v1"), out + err
    assert m("a") in _subjects(data_dir / "versjonsplan.ttl")


def test_report_has_the_changes_section(two_versions: Path, tmp_path: Path) -> None:
    code, _out, err = _cli(two_versions, "report", "--out", str(tmp_path / "rep"))
    assert code == 0, err
    html = (tmp_path / "rep" / "dekningsrapport.html").read_text("utf-8")
    section = html.split('<section id="endringer">', 1)[1].split("</section>", 1)[0]
    assert "<h2>Endringer siden forrige versjon</h2>" in section
    assert "versjon 2023-01-01 til 2024-06-01: 1 nye, 1 fjernede og 2 endrede punkter" in section
    assert "Ble udekket:</p><ul><li>Tydeliggjøring av roller og ansvar</li>" in section
    assert "Ble dekket:</p><ul><li>Kompetent og robust beredskapsledelse</li>" in section
    assert '<a href="#endringer">' in html


def test_report_without_versions_has_no_changes_section(data_dir: Path, tmp_path: Path) -> None:
    code, _out, err = _cli(data_dir, "report", "--out", str(tmp_path / "rep"))
    assert code == 0, err
    assert 'id="endringer"' not in (tmp_path / "rep" / "dekningsrapport.html").read_text("utf-8")


def test_coverage_as_of(two_versions: Path, tmp_path: Path) -> None:
    # an older version, dated before the others, that addresses no challenge at all
    unlinked = version_1("2022-03-01").replace(f" ;\n    pg:addresses <{C_D}>", "")
    unlinked = unlinked.replace(
        " ;\n    pg:addresses <https://w3id.org/plangraph/id/challenge/hmn-2021/beredskap-1>", ""
    )
    assert "pg:addresses" not in unlinked
    path = _write(tmp_path / "older", "versjonsplan.ttl", unlinked)
    code, out, err = _cli(two_versions, "import", str(path))
    assert code == 0 and out.startswith("older version"), out + err

    def covered(*extra: str) -> int:
        code, out, err = _cli(two_versions, "coverage", "--per-theme", "--format", "json", *extra)
        assert code == 0, err
        return sum(int(r["covered"]) for r in json.loads(out) if r["theme"]["label"] == "Beredskap")

    assert covered("--as-of", "2022-06-01") + 2 == covered("--as-of", "2023-06-01") == covered()
    code, _, err = _cli(two_versions, "coverage", "--as-of", "1990-01-01")
    assert code == 2 and "no plan had a version on 1990-01-01" in err


def test_a_person_corrects_a_match(two_versions: Path) -> None:
    # undo the match of the reworded item: it gets back the IRI its file gave it
    code, out, err = _cli(
        two_versions, "versions", "versjonsplan", "--correct", m("a"), "--to", "none"
    )
    assert code == 0 and f"{m('a')} is now {m('1')}" in out, out + err
    current = _subjects(two_versions / "versjonsplan.ttl")
    assert m("1") in current and m("a") not in current
    d = json.loads(_cli(two_versions, "diff", "versjonsplan", "--format", "json")[1])
    assert {x["iri"] for x in d["added"]} == {m("1"), m("4")}
    assert {x["iri"] for x in d["removed"]} == {m("a"), m("d")}
    # and match it again, by hand
    code, out, err = _cli(
        two_versions, "versions", "versjonsplan", "--correct", m("1"), "--to", m("a")
    )
    assert code == 0, err
    assert m("a") in _subjects(two_versions / "versjonsplan.ttl")
    matches = list_versions(two_versions, "versjonsplan")[-1].matches
    mine = [x for x in matches if x["item"] == m("a")]
    assert len(mine) == 1 and mine[0]["method"].startswith("corrected by hand (cli")
    assert mine[0]["written_as"] == m("1") and mine[0]["score"] > 0.6
    # bad input: an item the previous version lacks, an IRI already in use, --to alone
    code, _, err = _cli(
        two_versions, "versions", "versjonsplan", "--correct", m("4"), "--to", m("zz")
    )
    assert code == 2 and "has no item" in err
    code, _, err = _cli(
        two_versions, "versions", "versjonsplan", "--correct", m("4"), "--to", m("b")
    )
    assert code == 2 and "already an item of the current version" in err
    code, _, err = _cli(two_versions, "versions", "versjonsplan", "--to", m("b"))
    assert code == 2 and "go together" in err


def test_a_document_imported_again_makes_a_version_and_items_keep_their_iris(
    data_dir: Path, tmp_path: Path
) -> None:
    from tests.ingest.fixtures import TXT_NB

    first = _write(tmp_path / "a", "handlingsplan.txt", TXT_NB)
    code, out, err = _cli(data_dir, "import", str(first))
    assert code == 0 and out.startswith("created:"), out + err
    plan = next(p.stem for p in data_dir.glob("*.ttl") if "handlingsplan" in p.stem)
    before = _subjects(data_dir / f"{plan}.ttl")
    # version 2: a new measure first in the list (the importer numbers items by position)
    changed = TXT_NB.replace(
        "- Innføre felles meldesystem for avvik",
        "- Innføre digital tavle i sengepostene\n- Innføre felles meldesystem for avvik",
    )
    second = _write(tmp_path / "b", "handlingsplan.txt", changed)
    code, out, err = _cli(data_dir, "import", str(second))
    assert code == 0 and out.startswith("replaced:"), out + err
    assert "new version" in err
    versions = list_versions(data_dir, plan)
    assert len(versions) == 2 and versions[-1].current
    after = _subjects(data_dir / f"{plan}.ttl")
    # every item of version 1 is still there under its IRI (none was dropped or reworded)
    items_before = {s for s in before if "/plan/" not in s}
    assert items_before <= after, sorted(items_before - after)
    d = json.loads(_cli(data_dir, "diff", plan, "--format", "json")[1])
    assert [x["label"] for x in d["added"]] == ["Innføre digital tavle i sengepostene"]
    assert d["removed"] == [] and d["changed"] == []


def test_two_loads_of_one_plan_at_once_both_recorded(data_dir: Path) -> None:
    import threading

    from plangraph.ingest.versions import load_version
    from plangraph.store import open_store

    store = open_store("memory", data_dir=str(data_dir))
    load_version(store, str(data_dir), "versjonsplan", version_1().encode(), "text/turtle")
    errors: list[BaseException] = []

    def load(date: str) -> None:
        try:
            text = version_2(date).replace("Versjonsplan", f"Versjonsplan {date}")
            load_version(store, str(data_dir), "versjonsplan", text.encode(), "text/turtle")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(d,)) for d in ("2024-06-01", "2025-06-01")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    versions = list_versions(data_dir, "versjonsplan")
    assert [v.label for v in versions] == ["2023-01-01", "2024-06-01", "2025-06-01"]
    assert [v.current for v in versions] == [False, False, True]
    assert "Versjonsplan 2025-06-01" in (data_dir / "versjonsplan.ttl").read_text("utf-8")


def test_an_older_version_failing_shacl_stores_nothing(two_versions: Path, tmp_path: Path) -> None:
    files = {p: p.read_bytes() for p in two_versions.rglob("*") if p.is_file()}
    bad = version_1("2021-01-01").replace("pg:Candidate", "pg:NoSuchStatus")
    path = _write(tmp_path / "bad-old", "versjonsplan.ttl", bad)
    code, out, err = _cli(two_versions, "import", str(path))
    assert code == 1 and "SHACL" in err and "nothing was stored" in err, out + err
    assert {p: p.read_bytes() for p in two_versions.rglob("*") if p.is_file()} == files


def test_the_stored_file_again_is_unchanged_and_an_old_file_can_become_current(
    two_versions: Path, tmp_path: Path
) -> None:
    # a plan stored before versions were recorded, loaded again byte for byte: nothing happens
    seed = two_versions / "hv-helse2035.ttl"
    copy = _write(tmp_path / "seed", "hv-helse2035.ttl", seed.read_text("utf-8"))
    code, out, err = _cli(two_versions, "import", str(copy))
    assert code == 0 and out.startswith("unchanged:"), out + err
    assert not (two_versions / "versions" / "hv-helse2035").exists()
    # version 1's file again, as it is (dated 2023, before the current): no new version
    v1 = _write(tmp_path / "v1again", "versjonsplan.ttl", version_1())
    code, out, err = _cli(two_versions, "import", str(v1))
    assert code == 0 and out.startswith("unchanged: this file is already version 2023-01-01")
    # the same file dated today, to make it the plan again: a new current version
    code, out, err = _cli(two_versions, "import", str(v1), "--date", "2025-02-01")
    assert code == 0 and out.startswith("new version 2025-02-01"), out + err
    assert m("d") in _subjects(two_versions / "versjonsplan.ttl")
    assert [v.label for v in list_versions(two_versions, "versjonsplan")] == [
        "2023-01-01",
        "2024-06-01",
        "2025-02-01",
    ]


def test_a_plan_file_edited_by_hand_is_recorded_before_the_next_version(
    two_versions: Path, tmp_path: Path
) -> None:
    plan_file = two_versions / "versjonsplan.ttl"
    plan_file.write_text(
        plan_file.read_text("utf-8").replace("sykepleiere til", "flere sykepleiere til"),
        encoding="utf-8",
    )
    v3 = _write(tmp_path / "v3", "versjonsplan.ttl", version_2("2026-01-01"))
    code, out, err = _cli(two_versions, "import", str(v3))
    assert code == 0 and out.startswith("new version 2026-01-01"), out + err
    versions = list_versions(two_versions, "versjonsplan")
    assert len(versions) == 4
    recovered = versions[2]
    assert recovered.loaded_by == "found in the data folder (not in the version records)"
    assert recovered.checksum.startswith("sha256:") and not recovered.current
    d = json.loads(
        _cli(two_versions, "diff", "versjonsplan", "--to", recovered.label, "--format", "json")[1]
    )
    assert [c["iri"] for c in d["changed"]] == [m("b")]
    assert "{+flere+}" in d["changed"][0]["changes"]["reworded"]["inline"]
