"""The store as an index of the plan files (issue 13 items 2, 3, 5; issue 15 items 1, 2).

The command line's cache of the data folder, one-pass loading that keeps nothing of a bad file,
the manifest check at open, and writes validated by what they change on a big store.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from plangraph.errors import ValidationFailed
from plangraph.generate import write_plans
from plangraph.ingest.plans import delete_plan, import_plan, open_plan_store
from plangraph.store import StartupCheckError, open_store
from plangraph.store.index import MANIFEST_NAME
from plangraph.vocab import GRAPH
from tests.helpers import ROOT, run_cli

SEED = ROOT / "src" / "plangraph" / "_data"
LABEL = "Helse Vest RHF"


def _copy_seed(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in SEED.glob("*.ttl"):
        shutil.copy(path, target / path.name)
    return target


def _cli(cache: Path, data: Path, *args: str) -> tuple[str, str, int]:
    out = run_cli(
        "--data-dir", str(data), *args, env={"PLANGRAPH_CACHE_DIR": str(cache)}
    )  # fmt: skip
    return out.stdout, out.stderr, out.returncode


def _info(cache: Path, data: Path) -> tuple[dict[str, object], str]:
    stdout, stderr, code = _cli(cache, data, "info", "-f", "json")
    assert code == 0, stderr
    return json.loads(stdout), stderr


def test_cli_keeps_the_data_folder_in_the_cache_and_notices_every_change(tmp_path: Path) -> None:
    data = _copy_seed(tmp_path / "data")
    cache = tmp_path / "cache"
    first, _ = _info(cache, data)
    assert str(first["store_used"]).startswith(f"cache oxigraph:{cache}")
    manifests = list(cache.glob(f"stores/*/{MANIFEST_NAME}"))
    assert len(manifests) == 1
    second, stderr = _info(cache, data)
    assert second["quads"] == first["quads"] and "warning" not in stderr
    # Edit a file: the answer changes (never a stale answer from the cache).
    orgs = data / "organisations.ttl"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace(LABEL, "Helse Vest Endret"))
    stdout, stderr, code = _cli(cache, data, "export", "-f", "nq")
    assert code == 0, stderr
    assert "Helse Vest Endret" in stdout and f'"{LABEL}"' not in stdout
    # Remove a file and add one: both noticed.
    (data / "links-curated.ttl").unlink()
    (data / "extra.ttl").write_text('<https://e.org/a> <https://e.org/b> "extra" .\n')
    third, _ = _info(cache, data)
    graphs = set(third["graphs"])  # type: ignore[call-overload]
    assert str(GRAPH["links-curated"]) not in graphs and str(GRAPH["extra"]) in graphs


def _corrupt_tables(folder: Path) -> None:
    for table in folder.glob("*.sst"):
        raw = bytearray(table.read_bytes())
        middle = len(raw) // 2
        raw[middle : middle + 64] = os.urandom(64)
        table.write_bytes(bytes(raw))


@pytest.fixture(scope="module")
def seed_info(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """``info`` on an unchanged copy of the seed data through a good cache folder: what each
    fault below must still answer (made once; no test changes it)."""
    folder = tmp_path_factory.mktemp("seed-info")
    info, _ = _info(folder / "good-cache", _copy_seed(folder / "data"))
    return info


@pytest.mark.parametrize("fault", ["not-a-folder", "locked", "corrupt"])
def test_a_bad_cache_folder_falls_back_to_memory_with_a_warning(
    tmp_path: Path, fault: str, seed_info: dict[str, object]
) -> None:
    data = _copy_seed(tmp_path / "data")
    cache = tmp_path / "cache"
    expected = seed_info
    held = None
    if fault == "not-a-folder":
        cache.write_text("a file where the cache folder should be")
    else:
        _info(cache, data)
        (place,) = cache.glob("stores/*")
        if fault == "locked":
            held = ox.Store(str(place))  # as another running command would
        else:
            _corrupt_tables(place)
    orgs = data / "organisations.ttl"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace(LABEL, "Helse Vest Endret"))
    stdout, stderr, code = _cli(cache, data, "export", "-f", "nq")
    assert code == 0, stderr
    assert "warning: the cache folder" in stderr and "loading into memory" in stderr
    assert "Traceback" not in stderr
    assert "Helse Vest Endret" in stdout  # the answer is the current data's
    info, _ = _info(cache, data)
    assert info["quads"] == expected["quads"]
    del held


def test_a_file_failing_the_iri_check_part_way_leaves_nothing(tmp_path: Path) -> None:
    data = _copy_seed(tmp_path / "data")
    good = "".join(f'<https://e.org/n{i}> <https://e.org/p> "v{i}" .\n' for i in range(5000))
    (data / "bad.nt").write_text(good + '<javascript:alert(1)> <https://e.org/p> "x" .\n' + good)
    for url in ("memory", f"oxigraph:{tmp_path / 'store'}"):
        with pytest.raises(StartupCheckError, match=r"bad\.nt.*javascript"):
            open_store(url, data_dir=data)
        store = open_store(url, data_dir=data, skip_bad=True)
        assert [b.name for b in store.index.bad] == ["bad.nt"]
        assert not store.has_graph(GRAPH["bad"])
        assert not any(True for _ in store.ox_quads(GRAPH["bad"]))
        store.close()


BAD_FILES = {
    "bad-iri.nt": '<javascript:alert(1)> <https://e.org/p> "x" .\n',
    "bad-literal.nq": (
        '<https://e.org/a> <https://e.org/p> "2023-02-29"^^'
        "<http://www.w3.org/2001/XMLSchema#date> <https://e.org/g/other> .\n"
    ),
    "bad-bidi.ttl": "<https://e.org/a> <https://e.org/p> <https://e.org/\u202egnp.exe> .\n",
    "bad-syntax.nq": "<https://e.org/a> <https://e.org/p> .\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_big_file_checked_while_the_engine_loads_it_leaves_nothing_when_bad(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big file is bulk-loaded while a second parse checks its distinct terms: one that fails
    (after good statements, in its own graph and in another named graph) is removed again, and
    the error names the first bad statement as the per-quad check does."""
    from plangraph.store import index

    monkeypatch.setattr(index, "_CONCURRENT_BYTES", 0)  # every file takes the big-file path
    data = _copy_seed(tmp_path / "data")
    good = "".join(f'<https://e.org/n{i}> <https://e.org/p> "v{i}" .\n' for i in range(3000))
    named = "".join(
        f'<https://e.org/n{i}> <https://e.org/p> "w{i}" <https://e.org/g/named> .\n'
        for i in range(3000)
    )
    text = good + (named if name.endswith(".nq") else "") + BAD_FILES[name] + good
    (data / name).write_text(text, encoding="utf-8")
    stem = name.split(".")[0]
    for url in ("memory", f"oxigraph:{tmp_path / 'store'}"):
        with pytest.raises(StartupCheckError, match=rf"{stem}\.(nt|nq|ttl)"):
            open_store(url, data_dir=data)
        store = open_store(url, data_dir=data, skip_bad=True)
        assert [b.name for b in store.index.bad] == [name]
        problem = store.index.bad[0].problem
        expected = {
            "bad-iri": "javascript",
            "bad-literal": "not a valid xsd:date",
            "bad-bidi": "U+202E",
            "bad-syntax": "line",
        }[stem]
        assert expected in problem, problem
        for graph in (str(GRAPH[stem]), "https://e.org/g/named", "https://e.org/g/other"):
            assert not any(True for _ in store.ox_quads(URIRef(graph))), graph
        held = len(store)
        store.close()
    # The rest is all there: as many statements as without the bad file.
    (data / name).unlink()
    assert held == len(open_store("memory", data_dir=data))


def test_a_big_file_loads_as_a_small_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk loader (big files) and the transaction (small files) give the same store."""
    from plangraph.store import index

    data = _copy_seed(tmp_path / "data")
    write_plans(data / "synthetic.nq", 10_000, seed=3)
    small = open_store("memory", data_dir=data)
    monkeypatch.setattr(index, "_CONCURRENT_BYTES", 0)
    big = open_store(f"oxigraph:{tmp_path / 'store'}", data_dir=data)
    assert len(big) == len(small)
    assert big.graph_names() == small.graph_names()
    assert big.index.entries["synthetic.nq"].quads == small.index.entries["synthetic.nq"].quads
    big.close()


def test_a_second_open_on_unchanged_files_loads_nothing(tmp_path: Path) -> None:
    """The manifest records each file's own checksum (the ontology's too): reopening the store
    on the same files loads nothing again."""
    from plangraph import resources
    from plangraph.store.index import file_digest

    data = _copy_seed(tmp_path / "data")
    url = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(url, data_dir=data)
    ontology = store.index.entries["@ontology"]
    assert ontology.sha256 == file_digest(resources.ontology_file().read_bytes())
    store.close()
    store = open_store(url, data_dir=data)
    assert store.index.rebuilt == []
    assert store.index.entries["@ontology"] == ontology
    store.close()


def test_the_manifest_rebuilds_a_plan_whose_file_changed_behind_the_store(tmp_path: Path) -> None:
    data = _copy_seed(tmp_path / "data")
    url = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(url, data_dir=data)
    before = len(store)
    store.close()
    (data / ".organisations.ttl.x1y2.tmp").write_bytes(b"")  # left by an interrupted save
    orgs = data / "organisations.ttl"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace(LABEL, "Helse Vest Endret"))
    store = open_store(url, data_dir=data)
    assert store.index.rebuilt == ["organisations.ttl"]
    assert len(store) == before
    labels = {str(q.object) for q in store.ox_quads(GRAPH["organisations"])}
    assert '"Helse Vest Endret"' in labels
    assert not list(data.glob(".*.tmp"))
    store.close()


@pytest.fixture(scope="module")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = _copy_seed(tmp_path_factory.mktemp("big") / "data")
    write_plans(folder / "synthetic.nq", 100_000, seed=7)
    return folder


BROKEN = b"""\
@prefix pg: <https://w3id.org/plangraph/ns#> .
<https://w3id.org/plangraph/id/plan/test-broken> a pg:Plan .
<https://w3id.org/plangraph/id/measure/test/unlabelled> a pg:Measure .
"""

GOOD = b"""\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/plangraph/id/plan/test-good> a pg:Plan ; skos:prefLabel "Testplan"@nb .
"""


def test_writes_on_a_big_store_are_refused_as_before(big_data: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(big_data, data)
    store = open_plan_store("memory", data_dir=str(data), structure_max_quads=0)
    assert len(store) > 100_000
    with pytest.raises(ValidationFailed) as refused:
        import_plan(store, str(data), "broken", BROKEN, "text/turtle")
    nodes = {f.node for f in refused.value.report.violations}
    assert "https://w3id.org/plangraph/id/measure/test/unlabelled" in nodes
    assert not store.has_graph(GRAPH["broken"]) and not (data / "broken.ttl").exists()
    # A plan whose challenges other graphs' links address cannot be deleted: the links would
    # point at nothing (a violation in *another* graph, found through the referrers).
    with pytest.raises(ValidationFailed):
        delete_plan(store, str(data), "hmn-statusnotater-2021")
    assert store.has_graph(GRAPH["hmn-statusnotater-2021"])
    result = import_plan(store, str(data), "good", GOOD, "text/turtle")
    assert result.triples == 2 and (data / "good.ttl").exists()
    assert store.index.entries["good.ttl"].quads == 2


def test_an_interrupted_write_is_rebuilt_from_the_file_alone(tmp_path: Path) -> None:
    """The state a kill leaves between "manifest entry removed" and "entry set again": the store
    holds old and new quads mixed; the next open keeps only what the file holds."""
    data = _copy_seed(tmp_path / "data")
    url = f"oxigraph:{tmp_path / 'store'}"
    store = open_store(url, data_dir=data)
    graph = GRAPH["organisations"]
    store.index.forget("organisations.ttl")
    orgs = data / "organisations.ttl"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace(LABEL, "Helse Vest Endret"))
    store.load_data(orgs.read_bytes(), "ttl", graph, replace=False)  # half-done: old + new
    store.close()
    store = open_store(url, data_dir=data)
    held = {(str(q.subject), str(q.predicate), str(q.object)) for q in store.ox_quads(graph)}
    on_file = {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in ox.parse(path=str(orgs), format=ox.RdfFormat.TURTLE)
    }
    assert held == on_file
    store.close()


def test_a_same_size_edit_and_derived_counts_are_noticed(tmp_path: Path) -> None:
    """The second command trusts a file's size, times and inode only as the manifest recorded
    them: an edit that keeps the size still changes the answer, and the counts kept with the
    manifest (per plan, per class, what was loaded) go with the old data."""
    data = _copy_seed(tmp_path / "data")
    cache = tmp_path / "cache"
    first, _ = _info(cache, data)
    (manifest,) = cache.glob(f"stores/*/{MANIFEST_NAME}")
    payload = json.loads(manifest.read_bytes())
    assert payload["files"]["organisations.ttl"]["stat"]  # size, times, inode recorded
    assert "counts_per_plan" in payload["derived"]
    assert _info(cache, data)[0] == first  # from the cache, the same answer
    orgs = data / "organisations.ttl"
    text = orgs.read_text(encoding="utf-8")
    assert "Helse Vest RHF" in text
    orgs.write_text(text.replace("Helse Vest RHF", "Helse Vest RHX"), encoding="utf-8")
    stdout, stderr, code = _cli(cache, data, "export", "-f", "nq")
    assert code == 0, stderr
    assert "Helse Vest RHX" in stdout
    # A new plan file: the per-plan counts kept with the manifest are counted again.
    (data / "extra.ttl").write_bytes(GOOD)
    third, _ = _info(cache, data)
    plans = {p["plan"]["iri"] for p in third["plans"]}  # type: ignore[index]
    assert "https://w3id.org/plangraph/id/plan/test-good" in plans
    assert third["quads"] == first["quads"] + 2  # type: ignore[operator]


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files' graphs the start-up structure check (SHACL) runs on, in order."""
    from plangraph.ingest import plans

    checked: list[str] = []
    check = plans.structure_problem

    def counting(store: object, graphs: list[URIRef]) -> str | None:
        checked.extend(str(g).rsplit("/", 1)[-1] for g in graphs)
        return check(store, graphs)  # type: ignore[arg-type]

    monkeypatch.setattr(plans, "structure_problem", counting)
    return checked


def _move(data: Path, to: Path) -> Path:
    """The data folder under another name: the manifest (made for the old one) is not used,
    so the next open rebuilds every graph, as after a lost or unreadable manifest."""
    data.rename(to)
    return to


def test_a_rebuild_checks_only_files_that_never_passed_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record of passed structure checks: a rebuild of every graph checks only the bytes
    that never passed; an edit that keeps the file's name and size is checked (and refused)."""
    checked = _count_checks(monkeypatch)
    data = _copy_seed(tmp_path / "data")
    url = f"oxigraph:{tmp_path / 'store'}"
    store = open_plan_store(url, data_dir=str(data))
    names = sorted(store.index.rebuilt)
    assert sorted(f"{n}.ttl" for n in checked) == names and len(names) == 7
    store.close()
    checked.clear()
    data = _move(data, tmp_path / "moved")
    store = open_plan_store(url, data_dir=str(data))
    assert sorted(store.index.rebuilt) == names  # every graph rebuilt ...
    assert checked == []  # ... none of them checked again
    store.close()
    # The same name and size, other bytes (one that breaks a shape): checked, and refused.
    plan = data / "hv-regional-tiltaksplan.ttl"
    text = plan.read_bytes()
    broken = text.replace(b"pg:measureStatus ", b"pg:measureStatuX ", 1)  # one without status
    assert broken != text and len(broken) == len(text)
    plan.write_bytes(broken)
    data = _move(data, tmp_path / "again")
    with pytest.raises(StartupCheckError, match=r"tiltaksplan\.ttl.*fails the SHACL structure"):
        open_plan_store(url, data_dir=str(data))
    assert checked == ["hv-regional-tiltaksplan"]
    # Put back as it was: those bytes passed before, so they are not checked again.
    (data / plan.name).write_bytes(text)
    checked.clear()
    store = open_plan_store(url, data_dir=str(data))
    assert plan.name in store.index.rebuilt and checked == []
    store.close()


def _small_data(folder: Path) -> Path:
    """A data folder of two small plans that pass the structure check."""
    folder.mkdir()
    for name in ("one", "two"):
        (folder / f"{name}.ttl").write_bytes(GOOD.replace(b"test-good", f"test-{name}".encode()))
    return folder


@pytest.mark.parametrize("damage", ["corrupt", "missing", "other-check"])
def test_without_a_record_of_this_check_every_file_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    checked = _count_checks(monkeypatch)
    data = _small_data(tmp_path / "data")
    url = f"oxigraph:{tmp_path / 'store'}"
    open_plan_store(url, data_dir=str(data)).close()
    assert sorted(checked) == ["one", "two"]
    checked.clear()
    manifest = tmp_path / "store" / MANIFEST_NAME
    payload = json.loads(manifest.read_bytes())
    assert sorted(payload["checked"]["files"]) == ["one.ttl", "two.ttl"]
    if damage == "corrupt":
        manifest.write_bytes(manifest.read_bytes()[:-20])
    elif damage == "missing":
        del payload["checked"]
        manifest.write_text(json.dumps(payload))
    else:  # made by a check of other shapes, ontology, code or library versions
        payload["checked"]["fingerprint"] = "0" * 64
        manifest.write_text(json.dumps(payload))
    data = _move(data, tmp_path / "moved")
    store = open_plan_store(url, data_dir=str(data))
    assert sorted(checked) == ["one", "two"] and len(store.index.rebuilt) == 2
    store.close()


def test_a_write_that_passed_its_check_is_rebuilt_unchecked_after_a_kill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write's SHACL check counts as the check of the bytes it saved: a crash after the file
    was saved (manifest entry removed) rebuilds that graph without checking it again."""
    from plangraph.ingest import plans

    checked = _count_checks(monkeypatch)
    data = _small_data(tmp_path / "data")
    url = f"oxigraph:{tmp_path / 'store'}"
    store = open_plan_store(url, data_dir=str(data))

    class Killed(Exception):
        pass

    def kill_point(name: str) -> None:  # the write stops here, as a SIGKILL would stop it
        if name == "file-saved:good.ttl":
            raise Killed

    monkeypatch.setattr(plans, "kill_point", kill_point)
    with pytest.raises(Killed):
        import_plan(store, str(data), "good", GOOD, "text/turtle")
    assert (data / "good.ttl").exists() and not store.has_graph(GRAPH["good"])
    store.close()
    checked.clear()
    store = open_plan_store(url, data_dir=str(data))
    assert store.index.rebuilt == ["good.ttl"] and checked == []
    assert store.has_graph(GRAPH["good"])
    store.close()
