"""The kept rows of a report written in a thread of their own (``reports.cache``): ``save``
returns while the file is still being made, and everything that reads or writes beside it
(``load``, ``load_book``, ``save_book``, ``wait``) waits for it, so a reader never finds the
rows missing or part-written."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from plangraph.reports import cache as report_cache
from plangraph.reports.data import collect_report
from plangraph.store import open_store

SCOPE = {"org": None, "plan": None, "theme": None, "lang": "nb"}


def _held_pack(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """``pack`` made to wait for ``go`` (and say ``started``) in the saving thread."""
    started, go = threading.Event(), threading.Event()
    pack = report_cache.pack

    def held(payload: dict[str, Any]) -> bytes:
        started.set()
        assert go.wait(30), "never let go"
        return pack(payload)

    monkeypatch.setattr(report_cache, "pack", held)
    return started, go


@pytest.mark.parametrize("reader", ["load", "load_book", "save_book", "wait"])
def test_save_returns_at_once_and_readers_wait_for_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    data = collect_report(open_store("memory"))
    kept = report_cache.ReportCache(tmp_path / "kept", "token")
    started, go = _held_pack(monkeypatch)
    kept.save(SCOPE, data)
    assert started.wait(30)  # the file is being made in another thread ...
    assert not kept.path(SCOPE).exists()  # ... and save has returned before it is written
    # the reader, in a thread of its own: it must not finish before the rows are written
    done = threading.Event()
    found: list[Any] = []

    def read() -> None:
        if reader == "load":
            found.append(kept.load(SCOPE, data.generated))
        elif reader == "load_book":
            found.append(kept.load_book(SCOPE))
        elif reader == "save_book":
            kept.save_book(SCOPE, b"workbook")
        else:
            kept.wait()
        done.set()

    thread = threading.Thread(target=read)
    thread.start()
    assert not done.wait(0.3)  # waiting for the rows
    go.set()
    thread.join(30)
    assert done.is_set()
    assert kept.path(SCOPE).exists()
    if reader == "load":
        assert found == [data]  # the rows as they were, whole
    if reader == "save_book":
        assert kept.load_book(SCOPE) == b"workbook"
    assert not list((tmp_path / "kept").glob("*.tmp"))


def test_rows_that_cannot_be_kept_leave_no_file_and_no_waiting(tmp_path: Path) -> None:
    data = collect_report(open_store("memory"))
    folder = tmp_path / "kept"
    folder.write_text("a file where the folder belongs", encoding="utf-8")
    kept = report_cache.ReportCache(folder, "token")
    kept.save(SCOPE, data)  # (the thread's OSError is only slower: no rows kept)
    kept.wait()
    assert kept.load(SCOPE, data.generated) is None
