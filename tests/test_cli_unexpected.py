"""An error plangraph did not expect (a bug) ends a command with one line and exit code 70,
not a traceback; ``PLANGRAPH_DEBUG=1`` lets the traceback through.

The fault is injected (the importer's reader made to raise what a classifier bug raised in
stop 29, an ``IndexError``): plangraph has no known bug left to trigger it with."""

from __future__ import annotations

from pathlib import Path

import pytest

from plangraph.cli._common import UNEXPECTED_EXIT
from tests.helpers import run_cli


def _broken_reader(*args: object, **kwargs: object) -> object:
    raise IndexError("list index out of range")


def test_an_unexpected_error_is_one_line_and_exit_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan-nb.md"
    plan.write_text("# Handlingsplan\n\n## Tiltak\n\n- Innføre sjekkliste.\n", encoding="utf-8")
    monkeypatch.setattr("plangraph.ingest.importer.read_upload", _broken_reader)
    out = run_cli("import", "--dry-run", str(plan))  # PLANGRAPH_* only from env=: none
    assert out.returncode == UNEXPECTED_EXIT == 70
    assert out.stderr.strip().splitlines() == [
        "error: unexpected IndexError: list index out of range (a bug in plangraph: please "
        "report it; PLANGRAPH_DEBUG=1 shows the traceback)"
    ]
    assert "Traceback" not in out.stderr


def test_plangraph_debug_lets_the_traceback_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan-nb.md"
    plan.write_text("# Handlingsplan\n\n## Tiltak\n\n- Innføre sjekkliste.\n", encoding="utf-8")
    monkeypatch.setattr("plangraph.ingest.importer.read_upload", _broken_reader)
    out = run_cli("import", "--dry-run", str(plan), env={"PLANGRAPH_DEBUG": "1"})
    assert out.returncode != 0
    assert "IndexError: list index out of range" in out.stderr
    assert "Traceback" in out.stderr


def test_bad_input_still_exits_2_with_its_own_message(tmp_path: Path) -> None:
    out = run_cli("import", "--dry-run", str(tmp_path / "nowhere.md"))
    assert out.returncode == 2
    assert "unexpected" not in out.stderr
