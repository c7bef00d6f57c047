"""The import-linter contracts in pyproject.toml catch what they are there to catch.

Each run copies the package to a temporary folder, makes its changes, and runs ``lint-imports``
on the copy with the project's own configuration: once unchanged, and once with every forbidden
import below injected at the same time (one run, ~2 s of CPU, instead of one per import: the
contract's report lists each illegal import on a line of its own, and each case checks its own).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

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


INJECTED = [
    ("store/base.py", "plangraph.analysis"),  # the store reaching up to an analysis
    ("subgraph.py", "plangraph.api.deps"),  # core logic leaning on the web layer
    ("ingest/plans.py", "plangraph.api.errors"),  # the arrow the house refactor removed
    ("analysis/coverage.py", "plangraph.viz"),
    ("vocab.py", "plangraph.store"),
    ("linking/__init__.py", "plangraph.reports"),  # the linking package has its layer too
]
LAYERS = "Layers: data flows one way"


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on a copy holding every import of ``INJECTED`` at once."""
    changes = {
        module: f"\nimport {forbidden}  # injected by the test\n" for module, forbidden in INJECTED
    }
    return _lint_copy(tmp_path_factory.mktemp("layers"), changes)


@pytest.mark.parametrize(("module", "forbidden"), INJECTED)
def test_an_import_against_the_layers_breaks_the_contract(
    injected: subprocess.CompletedProcess[str], module: str, forbidden: str
) -> None:
    result = injected
    assert result.returncode != 0, result.stdout
    assert LAYERS in result.stdout
    assert "BROKEN" in result.stdout
    assert forbidden in result.stdout
    # this import itself is one the layers contract lists as broken (its report, after its
    # title's second mention, names each illegal import as "- importer -> imported (l.N)")
    importer = "plangraph." + module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    report = result.stdout.split(LAYERS)[2]
    assert f"- {importer} -> {forbidden} (l." in report, report


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _top_level_modules() -> set[str]:
    """Every module and package directly under ``plangraph`` (data folders and entry points out)."""
    package = ROOT / "src" / "plangraph"
    names = {path.stem for path in package.glob("*.py")} - {"__init__", "__main__"}
    names |= {path.name for path in package.iterdir() if (path / "__init__.py").is_file()}
    return {f"plangraph.{name}" for name in names}


def test_every_module_of_the_package_has_a_layer() -> None:
    layers = next(c for c in _contracts() if c["type"] == "layers")
    named: set[str] = set()
    for layer in layers["layers"]:
        for part in str(layer).replace("(", " ").replace(")", " ").replace(":", "|").split("|"):
            named.add(part.strip())
    missing = _top_level_modules() - named
    assert not missing, f"modules in no layer of the layers contract: {sorted(missing)}"


def test_every_core_module_is_kept_free_of_web_and_cli_frameworks() -> None:
    source_modules: set[str] = set()
    for contract in _contracts():
        if contract["type"] == "forbidden":
            source_modules |= set(contract["source_modules"])
    # the web layer and the CLI are the two packages that may import them
    missing = _top_level_modules() - source_modules - {"plangraph.api", "plangraph.cli"}
    assert not missing, f"core modules no forbidden-import contract covers: {sorted(missing)}"
