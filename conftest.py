"""Names every docstring example may use without importing them (``--doctest-modules``), the
command-line option of tests/tools/pick_untraced.py, and two savings at each process's start
(each pytest-xdist worker collects the whole suite)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

TESTS = Path(__file__).parent / "tests"


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["URIRef"] = URIRef
    doctest_namespace["Literal"] = Literal


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--trace-listed",
        action="store_true",
        help="run the cases of tests/untraced_cases.py traced (tests/tools/pick_untraced.py "
        "measures what each test measures)",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Iterator[None]:
    """No doctest collector for a test module without a docstring example: ``--doctest-modules``
    gives every ``.py`` file one, which walks each of the module's functions and classes for
    examples (the modules of src/plangraph keep theirs, examples or not, as before)."""
    outcome = yield
    if not file_path.is_relative_to(TESTS):
        return
    collectors = outcome.get_result()
    from _pytest.doctest import DoctestModule

    if any(isinstance(c, DoctestModule) for c in collectors) and ">>>" not in file_path.read_text(
        encoding="utf-8"
    ):
        outcome.force_result([c for c in collectors if not isinstance(c, DoctestModule)])


@pytest.hookimpl(hookwrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[None]:
    """Python's cyclic garbage collector paused while the suite is collected (importing the
    test modules and what they import made ~500 collections, ~1 s of CPU a process), then run
    once, and what collection left alive (modules, classes, functions) frozen out of later
    collections. Around the hook, so that pytest-xdist's controller, which collects nothing,
    gets its collector back at once."""
    del session
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.freeze()
        if was_on:
            gc.enable()
