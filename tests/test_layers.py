"""The import-linter contracts in pyproject.toml catch what they are there to catch.

Each test copies the package to a temporary folder, makes one change, and runs ``lint-imports``
on the copy with the project's own configuration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_copy(tmp_path: Path, changes: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on a copy of ``src/plangraph`` with ``changes`` (path -> appended text)."""
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "plangraph",
        src / "plangraph",
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__", "_ontology", "_data", "static", "assets"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for relative, text in changes.items():
        path = src / "plangraph" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tmp_path / "pyproject.toml")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_unchanged_package_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint_copy(tmp_path, {})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("store/base.py", "plangraph.analysis"),  # the store reaching up to an analysis
        ("subgraph.py", "plangraph.api.deps"),  # core logic leaning on the web layer
        ("ingest/plans.py", "plangraph.api.errors"),  # the arrow the house refactor removed
        ("analysis/coverage.py", "plangraph.viz"),
        ("vocab.py", "plangraph.store"),
        ("linking/__init__.py", "plangraph.reports"),  # the linking package has its layer too
    ],
)
def test_an_import_against_the_layers_breaks_the_contract(
    tmp_path: Path, module: str, forbidden: str
) -> None:
    result = _lint_copy(tmp_path, {module: f"\nimport {forbidden}  # injected by the test\n"})
    assert result.returncode != 0, result.stdout
    assert "Layers: data flows one way" in result.stdout
    assert "BROKEN" in result.stdout
    assert forbidden in result.stdout
