"""``plangraph generate --versions``: consecutive plan versions the versions machinery reads.

Every expected count comes from generate's own record of what it did (``PlanVersionData``),
never from numbers written here.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from plangraph.generate import VERSION_RATES, SyntheticPlans, generate_plans, write_plans
from plangraph.ingest.diff import coverage_change, plan_diff
from plangraph.ingest.versions import list_versions, read_version
from plangraph.store import open_store
from tests.helpers import run_cli, tracer_paused

PG = "https://w3id.org/plangraph/ns#"
STATUSES = [PG + "Candidate", PG + "UnderPlanning", PG + "StartingOrRunning"]
SEED = 5
VERSIONS = 3


@pytest.fixture(scope="module")
def picture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SyntheticPlans]:
    folder = tmp_path_factory.mktemp("generated") / "data"
    folder.mkdir()
    data = write_plans(folder / "synthetic.nq", 10_000, seed=SEED, versions=VERSIONS)
    return folder, data


def _cli(folder: Path, *args: str) -> tuple[int, str, str]:
    r = run_cli("--data-dir", str(folder), *args)
    return r.returncode, r.stdout, r.stderr


def test_the_versions_command_lists_them(picture: tuple[Path, SyntheticPlans]) -> None:
    folder, data = picture
    assert data.versions and all(len(h) == VERSIONS for h in data.versions.values())
    name = sorted(data.versions)[0]
    code, out, err = _cli(folder, "versions", name, "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["label"] for r in rows] == [v.label for v in data.versions[name]]
    assert [r["current"] for r in rows] == [False] * (VERSIONS - 1) + [True]
    assert all(r["loaded_by"] == f"plangraph generate (seed {SEED})" for r in rows)


def test_the_diff_finds_what_generate_did(picture: tuple[Path, SyntheticPlans]) -> None:
    folder, data = picture
    kinds_seen: dict[str, int] = dict.fromkeys(VERSION_RATES, 0)
    for name, history in sorted(data.versions.items()):
        for old, new in itertools.pairwise(history):
            d = plan_diff(folder, name, old.label, new.label)
            made = new.changes
            assert {x["iri"] for x in d["added"]} == set(made["added"])
            assert {x["iri"] for x in d["removed"]} == set(made["dropped"] + made["completed"])
            changed = {x["iri"]: x["changes"] for x in d["changed"]}
            assert {i for i, c in changed.items() if "reworded" in c} == set(made["reworded"])
            assert {i for i, c in changed.items() if "status" in c} == set(made["status"])
            assert {i for i, c in changed.items() if "theme" in c} == set(made["theme"])
            for iri in made["reworded"]:
                words = changed[iri]["reworded"]["words"]
                assert words and all(w["op"] != "equal" for w in words)
            for kind, iris in made.items():
                kinds_seen[kind] += len(iris)
    # over the whole picture, every kind of change happened (the rates are not zero)
    assert all(kinds_seen.values()), kinds_seen
    assert kinds_seen == data.change_counts()


def test_the_cli_diff_says_the_same(picture: tuple[Path, SyntheticPlans]) -> None:
    folder, data = picture
    name = max(data.versions, key=lambda n: sum(map(len, data.versions[n][-1].changes.values())))
    made = data.versions[name][-1].changes
    code, out, err = _cli(folder, "diff", name, "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert len(d["added"]) == len(made["added"])
    assert len(d["removed"]) == len(made["dropped"]) + len(made["completed"])
    code, out, err = _cli(folder, "diff", name)
    assert code == 0, err
    assert f"{len(made['added'])} added, {len(d['removed'])} removed" in out.splitlines()[0]


def test_some_rewordings_switch_between_bokmal_and_nynorsk(
    picture: tuple[Path, SyntheticPlans],
) -> None:
    _, data = picture
    ways = [w for h in data.versions.values() for v in h for w in v.rewordings.values()]
    assert set(ways) == {"qualifier", "partner", "follow-up", "written standard"}


def _statuses(folder: Path, name: str) -> list[dict[str, str]]:
    out = []
    for version in list_versions(folder, name):
        out.append(
            {
                q.subject.value: q.object.value
                for q in read_version(folder, version)
                if q.predicate.value == PG + "measureStatus"
            }
        )
    return out


def test_statuses_never_go_backwards(picture: tuple[Path, SyntheticPlans]) -> None:
    folder, data = picture
    advanced = 0
    for name in data.versions:
        history = _statuses(folder, name)
        for before, after in itertools.pairwise(history):
            for iri in before.keys() & after.keys():
                assert STATUSES.index(after[iri]) >= STATUSES.index(before[iri]), iri
                advanced += after[iri] != before[iri]
    assert advanced == data.change_counts()["status"]


def test_measures_keep_their_iris_across_versions(picture: tuple[Path, SyntheticPlans]) -> None:
    _, data = picture
    for history in data.versions.values():
        for old, new in itertools.pairwise(history):
            subjects = [
                {s for s, p, _ in v.triples if p == f"<{PG}measureStatus>"} for v in (old, new)
            ]
            gone = {f"<{i}>" for i in new.changes["dropped"] + new.changes["completed"]}
            added = {f"<{i}>" for i in new.changes["added"]}
            assert subjects[1] == (subjects[0] - gone) | added


def test_the_store_holds_the_current_versions_and_as_of_reads_the_old(
    picture: tuple[Path, SyntheticPlans],
) -> None:
    folder, data = picture
    store = open_store("memory", data_dir=str(folder))
    name = sorted(data.versions)[0]
    current = {
        q.subject.value for q in store.ox_quads() if q.predicate.value == PG + "measureStatus"
    }
    for version in data.versions[name][-1:]:
        assert {s.strip("<>") for s, p, _ in version.triples if "measureStatus" in p} <= current
    dropped = (
        data.versions[name][-1].changes["dropped"] + data.versions[name][-1].changes["completed"]
    )
    assert dropped and not set(dropped) & current
    first = data.versions[name][0].label
    code, _, err = _cli(folder, "gaps", "--as-of", first, "--format", "json")
    assert code == 0, err
    change = coverage_change(store, folder, name)
    assert change["from"]["label"] == data.versions[name][-2].label
    assert change["to"]["label"] == data.versions[name][-1].label
    # The SHACL check of the whole generated picture, most of this test's time, with coverage's
    # tracer paused: the command's code is measured on the seed data (test_cli_core.py).
    with tracer_paused():
        code, _, err = _cli(folder, "validate")
    assert code == 0, err


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    def files(seed: int, where: str) -> dict[str, bytes]:
        folder = tmp_path / where
        folder.mkdir()
        write_plans(folder / "synthetic.nq", 10_000, seed=seed, versions=VERSIONS)
        return {
            str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()
        }

    first = files(SEED, "a")
    assert any(k.startswith("versions/") for k in first)
    assert files(SEED, "b") == first
    assert files(SEED + 1, "c") != first


def test_bad_version_counts_are_refused(tmp_path: Path) -> None:
    for bad in ("1", "11", "-2"):
        r = run_cli("generate", "-n", "10000", "-o", str(tmp_path / "x.nq"), "--versions", bad)
        assert r.returncode == 2 and "--versions must be between 2 and 10" in r.stderr, r.stderr
        assert not (tmp_path / "x.nq").exists()
    with pytest.raises(Exception, match="--versions must be a whole number"):
        generate_plans(10_000, versions=True)


def test_version_files_parse_as_one_graph_each(picture: tuple[Path, SyntheticPlans]) -> None:
    folder, data = picture
    name = sorted(data.versions)[-1]
    for version in list_versions(folder, name):
        graphs = {
            q.graph_name.value
            for q in ox.parse(
                (folder / "versions" / name / f"{version.label}.trig").read_bytes(),
                format=ox.RdfFormat.TRIG,
            )
        }
        assert graphs == {version.graph}
