"""What a diff reads of a version is kept beside the version file, and never trusted stale."""

from __future__ import annotations

import os
from pathlib import Path

from plangraph.ingest.diff import plan_diff
from tests.versions.plans import version_1
from tests.versions.test_diff_label import _store_versions


def _snapshots(folder: Path) -> list[Path]:
    return sorted((folder / "versions" / "versjonsplan").glob(".*.snapshot.json"))


def _two_versions(folder: Path) -> None:
    old = version_1()
    new = old.replace('"Rekruttere sykepleiere"@nb', '"Rekruttering av sykepleiere"@nb')
    _store_versions(folder, [old, new])


def test_saving_a_version_keeps_its_snapshot_and_the_diff_is_the_same_without(
    tmp_path: Path,
) -> None:
    _two_versions(tmp_path)
    assert [p.name for p in _snapshots(tmp_path)] == [".v1.snapshot.json", ".v2.snapshot.json"]
    with_kept = plan_diff(tmp_path, "versjonsplan")
    for p in _snapshots(tmp_path):
        p.unlink()
    assert plan_diff(tmp_path, "versjonsplan") == with_kept
    assert len(_snapshots(tmp_path)) == 2  # read again from the files and kept again


def test_a_snapshot_that_no_longer_matches_its_file_is_not_used(tmp_path: Path) -> None:
    _two_versions(tmp_path)
    before = plan_diff(tmp_path, "versjonsplan")
    assert before["changed"]
    # The newer version's file replaced by the older one's text (a restore, a hand edit): the
    # kept snapshot of v2 no longer matches, and the diff must see two equal versions.
    folder = tmp_path / "versions" / "versjonsplan"
    v1, v2 = folder / "v1.trig", folder / "v2.trig"
    text = v1.read_text(encoding="utf-8").replace("/version/v1", "/version/v2")
    v2.write_text(text, encoding="utf-8")
    os.utime(v2, ns=(v2.stat().st_atime_ns, v2.stat().st_mtime_ns + 1_000_000_000))
    after = plan_diff(tmp_path, "versjonsplan")
    assert after["changed"] == [] and after["added"] == [] and after["removed"] == []


def test_a_broken_snapshot_is_read_again_from_the_file(tmp_path: Path) -> None:
    _two_versions(tmp_path)
    before = plan_diff(tmp_path, "versjonsplan")
    for p in _snapshots(tmp_path):
        p.write_text("{not json", encoding="utf-8")
    assert plan_diff(tmp_path, "versjonsplan") == before
