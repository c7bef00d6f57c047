"""The report's workbook written by a forked process while the page is made (``reports._Workbook``):
the same files as written in one process, and a failure on either side reported as before, with
no partial output and no child left behind."""

from __future__ import annotations

import os
import re
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

import plangraph.reports as reports
from plangraph.analysis import _common
from plangraph.errors import InputError
from plangraph.reports import HTML_NAME, XLSX_NAME, write_report
from plangraph.reports import cache as report_cache
from plangraph.store import PlanStore, open_store

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the platform does not fork")

MADE = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


@pytest.fixture(scope="module")
def store() -> PlanStore:
    return open_store("memory")


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every report forks its workbook (``FORK_ROWS`` 0); the list gets each fork's child."""
    children: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(reports, "FORK_ROWS", 0)
    monkeypatch.setattr(os, "fork", fork)
    return children


def _in_child(parent: int, failure: BaseException, *, die: bool = False) -> Any:
    """A ``write_taken`` (the sheets each process writes) that fails (or exits at once) in a
    forked child only."""
    real = reports.write_taken

    def write_taken(heads: Any, taken: Any, path: Any) -> Any:
        if os.getpid() != parent:
            if die:
                os._exit(3)
            raise failure
        return real(heads, taken, path)

    return write_taken


def _parts(folder: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(folder / XLSX_NAME) as book:
        assert book.testzip() is None
        return {n: MADE.sub(b"", book.read(n)) for n in book.namelist() if n != "docProps/core.xml"}


def _same_report(a: Path, b: Path) -> None:
    page = [MADE.sub(b"", (f / HTML_NAME).read_bytes()) for f in (a, b)]
    assert page[0] == page[1]
    assert _parts(a) == _parts(b)


def _no_child_left(children: list[int]) -> None:
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_forked_workbook_is_the_one_written_in_one_process(
    store: PlanStore, tmp_path: Path, forks: list[int], lang: str
) -> None:
    write_report(store, tmp_path / "forked", lang=lang)
    assert len(forks) == 1
    reports.FORK_ROWS = 10**9  # (restored by monkeypatch)
    write_report(store, tmp_path / "here", lang=lang)
    assert len(forks) == 1
    _same_report(tmp_path / "forked", tmp_path / "here")
    _no_child_left(forks)


def test_sheets_the_child_leaves_are_written_here(
    store: PlanStore, tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both processes write sheets: a child that takes one sheet and stops leaves the others
    to this process, which takes each of them once; the workbook is the one written in one
    process."""
    parent = os.getpid()
    real = reports.write_taken
    here: list[int] = []
    took, tell = os.pipe()  # (the child says it took its sheet before this process takes any)

    def write_taken(heads: Any, taken: Any, path: Any) -> Any:
        if os.getpid() != parent:
            first = next(iter(taken))
            os.write(tell, b"1")
            return real(heads, [first], path)
        os.close(tell)
        assert os.read(took, 1) == b"1"
        os.close(took)
        mine = list(taken)
        here.extend(mine)
        return real(heads, mine, path)

    monkeypatch.setattr(reports, "write_taken", write_taken)
    write_report(store, tmp_path / "both")
    assert len(forks) == 1
    count = len(reports.LAYOUT)
    assert len(here) == count - 1 == len(set(here))
    assert max(here) < count
    reports.FORK_ROWS = 10**9  # (restored by monkeypatch)
    write_report(store, tmp_path / "here")
    _same_report(tmp_path / "both", tmp_path / "here")
    _no_child_left(forks)
    assert sorted(p.name for p in (tmp_path / "both").iterdir()) == [HTML_NAME, XLSX_NAME]


def test_an_os_error_in_the_child_is_the_cli_error_and_nothing_is_written(
    store: PlanStore, tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    full = OSError(28, "No space left on device")
    monkeypatch.setattr(reports, "write_taken", _in_child(os.getpid(), full))
    new = tmp_path / "new" / "report"
    with pytest.raises(InputError, match=r"cannot write the report to .*: No space left"):
        write_report(store, new)
    assert len(forks) == 1
    assert not new.exists()  # the folder it made, gone again

    old = tmp_path / "old"
    old.mkdir()
    (old / HTML_NAME).write_text("før", encoding="utf-8")
    with pytest.raises(InputError, match="No space left"):
        write_report(store, old)
    assert sorted(p.name for p in old.iterdir()) == [HTML_NAME]  # no temporary file either
    assert (old / HTML_NAME).read_text(encoding="utf-8") == "før"
    _no_child_left(forks)


@pytest.mark.parametrize("die", [False, True])
def test_another_failure_in_the_child_has_the_workbook_written_here(
    store: PlanStore, tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch, die: bool
) -> None:
    """A child that raises anything but an ``OSError``, or dies: the parent writes the
    workbook itself (and so fails as it would have, or succeeds)."""
    write_report(store, tmp_path / "first")
    monkeypatch.setattr(
        reports, "write_taken", _in_child(os.getpid(), RuntimeError("child only"), die=die)
    )
    write_report(store, tmp_path / "again")
    assert len(forks) == 2
    _same_report(tmp_path / "first", tmp_path / "again")
    _no_child_left(forks)


def test_a_failure_while_the_page_is_made_ends_the_child(
    store: PlanStore, tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> str:
        raise RuntimeError("no page")

    monkeypatch.setattr(reports, "render_html", broken)
    with pytest.raises(RuntimeError, match="no page"):
        write_report(store, tmp_path / "out")
    assert len(forks) == 1
    assert not (tmp_path / "out").exists()
    _no_child_left(forks)


# -- the rows kept by the child (``ReportCache.save_into``) ----------------------------------------


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> report_cache.ReportCache:
    """The report cache every ``write_report(..., cache_root=...)`` of the test uses."""
    cache = report_cache.ReportCache(tmp_path / "cache" / "reports", "token")
    monkeypatch.setattr(report_cache, "report_cache", lambda _store, _root: cache)
    return cache


def _payload(cache: report_cache.ReportCache) -> dict[str, Any] | None:
    return report_cache.unpack(cache.path(SCOPE).read_bytes())


def _cache_files(cache: report_cache.ReportCache) -> list[str]:
    return sorted(p.name for p in cache.folder.iterdir())


SCOPE = {"org": None, "plan": None, "theme": None, "lang": "nb"}


def test_the_child_keeps_the_rows_as_a_thread_here_would(
    store: PlanStore,
    tmp_path: Path,
    forks: list[int],
    kept: report_cache.ReportCache,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A forked workbook's child keeps the rows (no keeping thread here), the same rows a
    report in one process keeps; a second report reads them back; no file is left over."""
    saved: list[Any] = []
    real_save = report_cache.ReportCache.save

    def save(self: report_cache.ReportCache, scope: Any, data: Any) -> None:
        saved.append(scope)
        real_save(self, scope, data)

    monkeypatch.setattr(report_cache.ReportCache, "save", save)
    write_report(store, tmp_path / "forked", cache_root=tmp_path / "cache")
    assert len(forks) == 1 and saved == []
    assert _cache_files(kept) == sorted([kept.path(SCOPE).name, kept.book_path(SCOPE).name])
    forked = _payload(kept)
    assert forked is not None

    for path in kept.folder.iterdir():
        path.unlink()
    reports.FORK_ROWS = 10**9  # (restored by monkeypatch)
    write_report(store, tmp_path / "here", cache_root=tmp_path / "cache")
    assert len(forks) == 1 and saved == [SCOPE]
    assert _payload(kept) == forked
    _same_report(tmp_path / "forked", tmp_path / "here")

    # the rows kept by the child are read back: no analyses, the same report
    monkeypatch.setattr(reports, "collect_report", None)
    write_report(store, tmp_path / "again", cache_root=tmp_path / "cache")
    _same_report(tmp_path / "forked", tmp_path / "again")
    _no_child_left(forks)


def test_a_child_that_dies_before_keeping_the_rows_has_them_kept_here(
    store: PlanStore,
    tmp_path: Path,
    forks: list[int],
    kept: report_cache.ReportCache,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_report(store, tmp_path / "first")
    parent = os.getpid()
    real = report_cache.ReportCache.save_into

    def save_into(self: report_cache.ReportCache, *args: Any) -> None:
        if os.getpid() != parent:
            os._exit(3)
        real(self, *args)

    monkeypatch.setattr(report_cache.ReportCache, "save_into", save_into)
    write_report(store, tmp_path / "again", cache_root=tmp_path / "cache")
    assert len(forks) == 2
    _same_report(tmp_path / "first", tmp_path / "again")
    kept.wait()
    assert _payload(kept) is not None
    assert _cache_files(kept) == sorted([kept.path(SCOPE).name, kept.book_path(SCOPE).name])
    _no_child_left(forks)


def test_a_failure_while_the_page_is_made_leaves_no_part_of_the_kept_rows(
    store: PlanStore,
    tmp_path: Path,
    forks: list[int],
    kept: report_cache.ReportCache,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The child is ended while it keeps the rows: its temporary file goes with it."""
    parent = os.getpid()

    def save_into(self: report_cache.ReportCache, *args: Any) -> None:
        if os.getpid() != parent:
            time.sleep(60)  # (ended by the parent long before)

    def broken(*_args: Any, **_kwargs: Any) -> str:
        raise RuntimeError("no page")

    monkeypatch.setattr(report_cache.ReportCache, "save_into", save_into)
    monkeypatch.setattr(reports, "render_html", broken)
    with pytest.raises(RuntimeError, match="no page"):
        write_report(store, tmp_path / "out", cache_root=tmp_path / "cache")
    assert len(forks) == 1
    assert not (tmp_path / "out").exists()
    assert _cache_files(kept) == []
    _no_child_left(forks)


def test_what_the_analyses_let_go_of_is_freed_once_the_writers_are_done(
    store: PlanStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``analysis._common.freeing_held``: the freeing thread the analyses start waits while
    the page and the workbook are written, then frees everything."""
    held: list[dict[str, Any]] = []
    free = _common._free

    def recorded(found: list[Any]) -> None:
        held.extend(h for h in found if isinstance(h, dict) and "pref_labels" in h)
        free(found)

    page = reports.render_html
    while_written: list[bool] = []

    def render_html(*args: Any, **kwargs: Any) -> str:
        time.sleep(0.3)  # (time enough to free the seed data's reads, were it not held)
        while_written.append(bool(held) and bool(held[0]))
        return page(*args, **kwargs)

    monkeypatch.setattr(_common, "_free", recorded)
    monkeypatch.setattr(reports, "render_html", render_html)
    write_report(store, tmp_path / "out")
    for thread in threading.enumerate():
        if thread.name == "plangraph-let-go":
            thread.join()
    assert while_written == [True]  # not freed while the page was made ...
    assert len(held) == 1 and not held[0]  # ... and freed after
