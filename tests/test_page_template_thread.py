"""``write_report`` makes the page's template (Jinja2 loaded, the template compiled) in a thread
of its own while the analyses run, and joins it before the workbook's process is forked; a
failure there is left to ``render_html``, which makes the template again (and would raise)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from plangraph import reports
from plangraph.reports import html as report_html
from plangraph.store import open_store


def test_the_template_is_made_in_its_own_thread_before_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_in: list[str] = []
    real = report_html._template

    def template() -> object:
        made_in.append(threading.current_thread().name)
        return real()

    monkeypatch.setattr(reports, "_template", template)
    forked_with: list[list[str]] = []
    fork = reports._Workbook._fork

    def forking(self: reports._Workbook) -> None:
        forked_with.append([t.name for t in threading.enumerate()])
        fork(self)

    monkeypatch.setattr(reports._Workbook, "_fork", forking)
    monkeypatch.setattr(reports, "FORK_ROWS", 1)  # (the seed data's workbook forked too)
    paths = write_report_seed(tmp_path / "out")
    assert made_in == ["plangraph-page-template"]
    assert len(forked_with) == 1  # (a workbook made in a child process)
    assert "plangraph-page-template" not in forked_with[0]  # joined before the fork
    assert paths[0].read_text("utf-8").startswith("<!DOCTYPE html>")


def test_a_template_that_fails_in_the_thread_is_made_again_for_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing() -> object:
        raise RuntimeError("not now")

    failures: list[object] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    monkeypatch.setattr(reports, "_template", failing)
    first = write_report_seed(tmp_path / "failed")[0].read_text("utf-8")
    monkeypatch.undo()
    again = write_report_seed(tmp_path / "again")[0].read_text("utf-8")
    assert failures == []  # (nothing raised in the thread)
    assert _timeless(first) == _timeless(again)


def write_report_seed(out: Path) -> list[Path]:
    return reports.write_report(open_store("memory"), out)


def _timeless(page: str) -> str:
    import re

    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "", page)
