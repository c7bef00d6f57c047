"""The order the test run hands modules to its workers (tests/conftest.py, the Makefile)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import HEAVY_FIRST, ONE_UNIT, pytest_xdist_make_scheduler
from tests.helpers import ROOT


def test_every_heavy_module_exists_once() -> None:
    # A renamed or deleted module would silently drop out of the list.
    missing = [
        name
        for name in HEAVY_FIRST + ONE_UNIT
        if not ((ROOT / name).is_dir() if name.endswith("/") else (ROOT / name).is_file())
    ]
    assert not missing, missing
    assert len(set(HEAVY_FIRST)) == len(HEAVY_FIRST)


def _heavy_rank(module: str) -> int | None:
    for i, name in enumerate(HEAVY_FIRST):
        if module == name or (name.endswith("/") and module.startswith(name)):
            return i
    return None


def test_the_collection_starts_with_the_heavy_modules(request: pytest.FixtureRequest) -> None:
    # This run's own collection (whatever subset was asked for): the tests of the heavy modules
    # it holds come first, module by module in HEAVY_FIRST's order, each module's together.
    ranks = [_heavy_rank(item.path.relative_to(ROOT).as_posix()) for item in request.session.items]
    heavy = [r for r in ranks if r is not None]
    assert ranks[: len(heavy)] == heavy, "a heavy module's test comes after a light one"
    assert heavy == sorted(heavy), "the heavy modules are not in HEAVY_FIRST's order"
    names = [item.path.relative_to(ROOT).as_posix() for item in request.session.items]
    heavy_names = [n for n in names[: len(heavy)]]
    runs = [n for i, n in enumerate(heavy_names) if i == 0 or heavy_names[i - 1] != n]
    assert len(runs) == len(set(runs)), "a heavy module's tests are split"


class _Config:
    """What pytest-xdist's scheduler reads of a config: two local workers, loadscope."""

    def getoption(self, name: str) -> Any:
        return {"dist": "loadscope"}[name]

    def getvalue(self, name: str) -> Any:
        return {"tx": ["2*popen"]}[name]


def test_the_page_tests_are_one_unit_and_every_other_module_its_own() -> None:
    scheduler = pytest_xdist_make_scheduler(_Config(), None)  # type: ignore[arg-type]
    split = scheduler._split_scope
    assert split("tests/browser/test_viz_browser.py::test_landing_page") == "tests/browser/"
    assert split("tests/browser/test_docs_browser.py::test_x[a]") == "tests/browser/"
    assert split("tests/api/test_api_browser.py::test_y") == "tests/api/test_api_browser.py"
    assert split("tests/test_vocab.py::test_z[p]") == "tests/test_vocab.py"
    assert split("src/plangraph/labels.py::plangraph.labels.f") == "src/plangraph/labels.py"


def test_make_pytest_keeps_the_collection_order() -> None:
    # pytest-xdist's loadscope would otherwise reorder modules by their number of tests.
    line = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "--dist " in line)
    assert re.search(r"--dist loadscope\b", line) and "--no-loadscope-reorder" in line
