"""The report's workbook written by a forked process while the page is made (``reports._Workbook``):
the same files as written in one process, and a failure on either side reported as before, with
no partial output and no child left behind."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

import plangraph.reports as reports
from plangraph.errors import InputError
from plangraph.reports import HTML_NAME, XLSX_NAME, write_report
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

    def write_taken(heads: Any, taken: Any, path: Any) -> Any:
        if os.getpid() != parent:
            return real(heads, [next(iter(taken))], path)
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
