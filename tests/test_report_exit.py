"""``plangraph report`` ends without a last full collection over what its analyses left in
memory (``cli/report.py``: ``gc.freeze`` at the exit, once the files are written)."""

from __future__ import annotations

import atexit
import gc
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli


def test_the_freeze_is_asked_for_only_once_the_files_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Callable[..., Any]] = []
    monkeypatch.setattr(atexit, "register", lambda f, *a, **k: asked.append(f) or f)
    (tmp_path / "file").write_text("not a folder")
    failed = run_cli("report", "--out", str(tmp_path / "file"))
    assert failed.returncode != 0 and "must be a folder" in failed.stderr
    assert gc.freeze not in asked
    done = run_cli("report", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "dekningsrapport.xlsx").is_file()
    assert asked.count(gc.freeze) == 1


def test_a_report_process_exits_with_its_objects_frozen(tmp_path: Path) -> None:
    # An exit handler registered before the command runs after the command's own (last in,
    # first out): it sees what the interpreter's last collection would have had to walk.
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr))\n"
        "from plangraph.cli import main\n"
        f"sys.argv = ['plangraph', '-q', 'report', '-o', {str(tmp_path / 'out')!r}]\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    env["PLANGRAPH_CACHE_DIR"] = str(tmp_path / "cache")  # a first report: the analyses run
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env
    )
    assert out.returncode == 0, out.stderr
    frozen = int(out.stderr.split("frozen ")[1].split()[0])
    assert frozen > 10_000  # the process's objects, the modules' and the analyses' caches
    assert (tmp_path / "out" / "dekningsrapport.html").is_file()
