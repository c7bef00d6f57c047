"""The public surface: what ``plangraph`` exports, and what it must not pull in."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import plangraph


def test_all_names_exist_and_are_sorted_sets() -> None:
    assert len(plangraph.__all__) == len(set(plangraph.__all__))
    for name in plangraph.__all__:
        assert hasattr(plangraph, name), name


def test_public_members_are_listed_in_all() -> None:
    public = {
        name
        for name, value in vars(plangraph).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("plangraph")
    }
    assert public <= set(plangraph.__all__), sorted(public - set(plangraph.__all__))


def test_exceptions_share_one_root() -> None:
    for name in plangraph.__all__:
        value = getattr(plangraph, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, plangraph.PlangraphError), name


def test_importing_the_core_pulls_in_no_web_or_cli_framework() -> None:
    code = (
        "import sys, plangraph; "
        "print(','.join(m for m in ('fastapi', 'typer', 'pyvis', 'uvicorn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_engines_classes_are_not_exported() -> None:
    # One seam to the store: ``open_store`` and ``PlanStore``; the engines stay in the package.
    assert "OxigraphStore" not in plangraph.__all__ and "RdflibStore" not in plangraph.__all__
    assert not hasattr(plangraph, "OxigraphStore")


def test_nothing_outside_the_store_package_reaches_the_engine() -> None:
    package = Path(plangraph.__file__).parent
    pattern = re.compile(r"\.raw\b|OxigraphStore")
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if "store" not in path.relative_to(package).parts[:1]
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
