"""The public surface: what ``plangraph`` exports, and what it must not pull in."""

from __future__ import annotations

import subprocess
import sys

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
