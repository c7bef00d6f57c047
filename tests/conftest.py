"""Shared fixtures: the seed data on every store backend."""

from __future__ import annotations

import functools
import importlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import coverage
import pytest

from plangraph.store import PlanStore
from tests.helpers import BACKENDS, open_backend

__all__ = ["BACKENDS"]

pytest_plugins = ["tests._order"]  # PLANGRAPH_TEST_ORDER: each module's tests in another order

# The command line keeps its store in the user's cache folder: the tests get their own, not the
# home folder's (run_cli passes XDG_CACHE_HOME on to every command it runs).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="plangraph-test-cache-")


@pytest.fixture(scope="session", params=BACKENDS)
def seed_store(request: pytest.FixtureRequest) -> PlanStore:
    """The seed data on each backend (shared: do not change it in a test)."""
    return open_backend(request.param)


@pytest.fixture(params=BACKENDS)
def empty_store(request: pytest.FixtureRequest) -> PlanStore:
    """A store with only the ontology, fresh for each test, on each backend."""
    return open_backend(request.param, data_dir=None)


UNTRACED_CALLS = (("pyshacl", "validate"),)
"""Other packages' functions that run with coverage's tracer paused (when ``--cov`` runs one),
wherever they are called from: pySHACL's validation (the SHACL checks of imports, writes,
``plangraph validate`` and the tests of all three; ~0.2 s a check on the seed data, 3-4 times
that under the tracer). Python 3.11's tracer slows every line it runs, not only plangraph's, and
coverage measures plangraph alone. Compared with and without the pause (the validating modules,
coverage's JSON report): the same lines and branches but those pySHACL calls back in plangraph,
``rdflib_guard``'s parse lock and query cache, which tests/test_sparql_safety.py measures."""


@contextmanager
def tracer_off() -> Iterator[None]:
    """This thread's coverage tracer off inside the block (when ``--cov`` runs one), the same
    tracer back afterwards. Other threads, and threads started meanwhile, stay traced.

    Threads are left alone because a thread can outlive the block: a pool's threads (anyio's
    workers of an in-process app, kept for the next jobs while its event loop runs) started
    inside an ``untraced`` test take the next tests' work, and started untraced (what
    ``threading.settrace(None)`` gives them) they measured none of it in those traced tests
    (stop 26's whole-suite pick lost 0.9 points so). Python 3.11 cannot put a tracer into
    another thread, and a trace function of our own that stood aside during the block costs
    what the tracer does (a Python call at every call). What the paused tests start in threads
    costs little: the marked tests took 36.1 s of CPU with their threads traced, 35.7 s without
    (one pair, run in turn at load ~11).

    Not ``Coverage.stop()``/``start()`` (tests/helpers.py's ``tracer_paused``): a stopped
    coverage cannot switch its dynamic context, and pytest-cov's ``--cov-context=test`` switches
    it at each phase of a test (setup, call, teardown), which an ``untraced`` test's pause spans
    ("Cannot switch context, coverage is not started", coverage left stopped); here coverage
    stays started, its tracer only out of the thread (a context switched meanwhile is recorded,
    nothing is measured in it). And a tracer started again mid-call loses track of the frames
    already running, so the rest of the callers' lines would go unmeasured; handing the same
    tracer back with ``sys.settrace`` is the "settrace(gettrace())" pattern coverage's tracer
    supports: the callers' frames (their calls recorded) are measured to the end.
    """
    tracer = sys.gettrace()
    if tracer is None or coverage.Coverage.current() is None:  # nothing to pause
        yield
        return
    sys.settrace(None)
    try:
        yield
    finally:
        sys.settrace(tracer)


def _paused(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` run with this thread's tracer off (``tracer_off``)."""

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        with tracer_off():
            return function(*args, **kwargs)

    return call


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.hasplugin("_cov"):  # no ``--cov``: nothing to pause
        return
    for module_name, name in UNTRACED_CALLS:
        module = importlib.import_module(module_name)
        setattr(module, name, _paused(getattr(module, name)))


_HELD_BACK: list[Any] = []
"""The coverage tracer, held back from the main thread while pytest collects (``pytest_collection``)."""

_WHOLLY_UNTRACED: list[bool] = []
"""Set on an xdist worker that collects with no tracer at all (``pytest_collection``)."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> None:
    """Collect with coverage's tracer paused, after importing every plangraph module traced.

    Python 3.11's tracer slows every line it sees, not only plangraph's: pytest's collection
    (its collectors, the doctest finder walking every object of every module, the assertion
    rewriter's imports) ran ~3x slower under it, ~12 s of CPU in each xdist worker, measuring
    nothing but the module-level lines of plangraph's modules. Those are measured here: every
    module of the package is imported first with the tracer on (``--doctest-modules`` imports
    them all anyway); the rest of the collection runs without it, and the tracer is back before
    the first test (``pytest_collection_finish``). Tests and fixtures run traced as before.
    """
    tracer = sys.gettrace()
    if tracer is None or coverage.Coverage.current() is None:  # no --cov
        return
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        # Every xdist worker collects the whole suite, the same modules in the same order, so
        # the lines collection runs are the same in each, and coverage reports the union of
        # the workers' data: the first worker measures them (as below), the others collect
        # with the tracer off throughout, tests traced as before. ~9 s of CPU less a worker.
        sys.settrace(None)
        _HELD_BACK.append(tracer)
        _WHOLLY_UNTRACED.append(True)
        return
    import pkgutil

    import plangraph

    for module in pkgutil.walk_packages(plangraph.__path__, "plangraph."):
        importlib.import_module(module.name)
    sys.settrace(None)
    _HELD_BACK.append(tracer)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """A test module is collected traced: importing it, and making its parametrised cases, may
    run plangraph code (a module that builds the CLI's app at import) that counts."""
    if not _HELD_BACK or _WHOLLY_UNTRACED or type(collector) is not pytest.Module:
        yield
        return
    sys.settrace(_HELD_BACK[0])
    try:
        yield
    finally:
        sys.settrace(None)


def pytest_collection_finish(session: pytest.Session) -> None:
    if _HELD_BACK:
        sys.settrace(_HELD_BACK.pop())


@pytest.fixture(autouse=True)
def _untraced(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests marked ``untraced`` run with coverage's tracer paused (when ``--cov`` runs one).

    For tests that repeat, thousands of times over, code other tests already run (the exhaustive
    subgraph walks, generating 250,000 triples twice): on Python 3.11 the tracer doubles their
    time and measures no line the other tests do not. Everything they check is still checked;
    the module-scoped fixtures they use were set up (and measured) before this one runs.
    """
    if request.node.get_closest_marker("untraced") is None:
        yield
        return
    with tracer_off():  # not helpers.tracer_paused: per-test contexts survive it
        yield


HEAVY_FIRST = (
    "tests/browser/",
    "tests/api/test_api_durability.py",
    "tests/test_subgraph_walk.py",
    "tests/test_virtuoso.py",
    "tests/test_generate.py",
    "tests/api/test_api_openapi.py",
    "tests/test_viz.py",
    "tests/test_reports.py",
    "tests/test_store_index.py",
    "tests/api/test_api_sparql.py",
    "tests/test_analysis.py",
    "tests/api/test_api_hardening.py",
    # Heavy modules that came last in the collection order (tests/versions/ sorts after the
    # rest): in a whole run at load 7-12 one worker ended 15 s after the other, running
    # test_as_of (34 s) and test_versions_cli (27 s), handed out 60 s before the end.
    "tests/versions/test_as_of.py",
    "tests/test_cli_imports.py",
    "tests/test_sparql_safety.py",
    "tests/versions/test_versions_cli.py",
)
"""The modules that take longest (summed test times of a whole run, longest first; a name ending
in ``/`` is a package, its modules together): they run first, so that on pytest-xdist
(``--dist loadscope --no-loadscope-reorder``: each module on one worker, handed out in this
order) no long module starts near the end while the other worker has nothing left to do. Every
other module keeps its place in the collection order (many small modules, the doctests last,
fill the end)."""

ONE_UNIT = ("tests/browser/",)
"""Packages whose modules pytest-xdist hands to one worker as one unit, one after another: the
page tests share one Chromium (``browser`` in tests/browser/conftest.py is package-scoped) and
one seed-data server (``server``), started once instead of once per module or per worker."""


def _module_name(config: pytest.Config, path: Path) -> str:
    try:
        return path.relative_to(config.rootpath).as_posix()
    except ValueError:
        return path.as_posix()


def _rank(name: str) -> int:
    for i, heavy in enumerate(HEAVY_FIRST):
        if name == heavy or (heavy.endswith("/") and name.startswith(heavy)):
            return i
    return len(HEAVY_FIRST)


def pytest_itemcollected(item: pytest.Item) -> None:
    """The cases of ``UNTRACED_CASES`` (tests/untraced_cases.py) get the ``untraced`` marker as
    they are collected (before ``-m`` selects by marker: ``-m untraced`` finds them too)."""
    from tests.untraced_cases import UNTRACED_CASES

    if item.nodeid in UNTRACED_CASES and not item.config.getoption("trace_listed"):
        item.add_marker(pytest.mark.untraced)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Move the tests of ``HEAVY_FIRST`` to the front, module by module in that order; every
    other test keeps its place. Last, after pytest's own reordering (which groups the tests of
    a parametrised session fixture's value together, across modules): the order it gave inside
    a module is kept."""
    items.sort(key=lambda item: _rank(_module_name(config, item.path)))  # stable


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadscope`` with each package of ``ONE_UNIT`` one unit (every other module its
    own, as loadscope has it)."""
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            for package in ONE_UNIT:
                if nodeid.startswith(package):
                    return package
            return str(super()._split_scope(nodeid))

    return Scheduling(config, log)
