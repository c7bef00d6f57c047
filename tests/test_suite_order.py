"""The order the test run hands modules to its workers (tests/conftest.py, the Makefile)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import HEAVY_FIRST
from tests.helpers import ROOT


def test_every_heavy_module_exists_once() -> None:
    # A renamed or deleted module would silently drop out of the list.
    missing = [name for name in HEAVY_FIRST if not (ROOT / name).is_file()]
    assert not missing, missing
    assert len(set(HEAVY_FIRST)) == len(HEAVY_FIRST)


def test_the_collection_starts_with_the_heavy_modules(request: pytest.FixtureRequest) -> None:
    # This run's own collection (whatever subset was asked for): the heavy modules it holds come
    # first, in HEAVY_FIRST's order, each module's tests together.
    modules: list[str] = []
    for item in request.session.items:
        name = item.path.relative_to(ROOT).as_posix()
        if not modules or modules[-1] != name:
            modules.append(name)
    assert len(modules) == len(set(modules)), "a module's tests are split"
    heavy = [m for m in modules if m in HEAVY_FIRST]
    assert modules[: len(heavy)] == heavy
    assert heavy == [m for m in HEAVY_FIRST if m in heavy]


def test_make_pytest_keeps_the_collection_order() -> None:
    # pytest-xdist's loadscope would otherwise reorder modules by their number of tests.
    line = next(
        line for line in (ROOT / "Makefile").read_text().splitlines() if "-m pytest -n" in line
    )
    assert re.search(r"--dist loadscope\b", line) and "--no-loadscope-reorder" in line
