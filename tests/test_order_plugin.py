"""PLANGRAPH_TEST_ORDER (tests/_order.py): each module's tests in another order, modules kept."""

from __future__ import annotations

import pytest

from tests._order import ENV

pytest_plugins = ["pytester"]

# A tiny test folder: two modules; the first with a module-scoped parametrised fixture (two
# values) and a class, the second plain. Every test, and every start of the fixture, writes a
# line to the log the run leaves in its folder.
_LOG = """
from pathlib import Path

def log(line):
    with (Path(__file__).parent / "log.txt").open("a") as out:
        out.write(line + "\\n")
"""

_FIRST = """
import pytest
from log import log

@pytest.fixture(scope="module", params=["x", "y"])
def backend(request):
    log("start " + request.param)
    return request.param

def test_a(backend):
    log("a " + backend)

def test_b(backend):
    log("b " + backend)

def test_c():
    log("c")

class TestGroup:
    def test_d(self):
        log("d")

    def test_e(self):
        log("e")

def test_f(backend):
    log("f " + backend)
"""

_SECOND = """
from log import log

def test_g():
    log("g")

def test_h():
    log("h")

def test_i():
    log("i")
"""


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, mode: str | None) -> list[str]:
    """The lines the tiny folder's run logs with PLANGRAPH_TEST_ORDER=mode (None: unset)."""
    if mode is None:
        monkeypatch.delenv(ENV, raising=False)
    else:
        monkeypatch.setenv(ENV, mode)
    log = pytester.path / "log.txt"
    log.unlink(missing_ok=True)
    result = pytester.runpytest_inprocess(
        "-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:schemathesis"
    )
    result.assert_outcomes(passed=12)
    # In the header and after the results.
    shown = [line for line in result.outlines if line.startswith("test order:")]
    assert shown == ([] if not mode else 2 * [f"test order: {_described(mode)} ({ENV}={mode})"])
    return log.read_text().splitlines()


def _described(mode: str) -> str:
    return mode if mode == "reverse" else f"shuffle (seed {mode.partition(':')[2]})"


@pytest.fixture
def folder(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest('pytest_plugins = ["tests._order"]\n')
    pytester.makepyfile(log=_LOG, test_first=_FIRST, test_second=_SECOND)
    pytester.syspathinsert()
    return pytester


# pytest's own order: the fixture's value "x" for each of its tests, then "y" (each started once).
USUAL = [
    *("start x", "a x", "b x", "f x", "start y", "a y", "b y", "f y"),
    *("c", "d", "e", "g", "h", "i"),
]


def _module_of(line: str) -> str:
    return "second" if line in ("g", "h", "i") else "first"


def _fixture_starts(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("start")]


def test_unset_and_empty_keep_the_usual_order(
    folder: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(folder, monkeypatch, None) == USUAL
    assert _run(folder, monkeypatch, "") == USUAL


def test_reverse_turns_each_module_around_and_keeps_the_modules_in_place(
    folder: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _run(folder, monkeypatch, "reverse")
    assert lines == [
        *("e", "d", "c"),  # the class's tests together, backwards
        *("start y", "f y", "b y", "a y", "start x", "f x", "b x", "a x"),
        *("i", "h", "g"),
    ]
    assert [_module_of(line) for line in lines] == [_module_of(line) for line in USUAL]


def test_shuffle_reorders_the_same_way_for_a_seed_and_otherwise_for_another(
    folder: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    orders = {seed: _run(folder, monkeypatch, f"shuffle:{seed}") for seed in ("1", "2", "3")}
    assert _run(folder, monkeypatch, "shuffle:1") == orders["1"]
    assert len({tuple(lines) for lines in orders.values()}) > 1
    for lines in orders.values():
        assert sorted(lines) == sorted(USUAL)
        assert [_module_of(line) for line in lines] == [_module_of(line) for line in USUAL]
        # Each value's tests together, the fixture started once for each (as in the usual order).
        assert sorted(_fixture_starts(lines)) == ["start x", "start y"]
        for value in ("x", "y"):
            start = lines.index(f"start {value}")
            assert sorted(lines[start + 1 : start + 4]) == [
                f"a {value}",
                f"b {value}",
                f"f {value}",
            ]
        d, e = lines.index("d"), lines.index("e")
        assert abs(d - e) == 1  # the class's tests stay together
    assert any(lines != USUAL for lines in orders.values())


def test_a_subset_keeps_the_relative_order_of_the_whole_shuffled_run(
    folder: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A failure found in a shuffled run is reproduced on a part of it (-k) in the same order.
    whole = [line for line in _run(folder, monkeypatch, "shuffle:5") if line in ("g", "h", "i")]
    monkeypatch.setenv(ENV, "shuffle:5")
    (folder.path / "log.txt").unlink()
    folder.runpytest_inprocess(
        "-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:schemathesis", "-k", "not h"
    )
    part = (folder.path / "log.txt").read_text().splitlines()
    assert [line for line in part if line in ("g", "i")] == [x for x in whole if x != "h"]


def test_a_wrong_mode_stops_the_run(
    folder: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    for value in ("sorted", "shuffle", "shuffle:"):
        monkeypatch.setenv(ENV, value)
        result = folder.runpytest_inprocess(
            "-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:schemathesis"
        )
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        assert f"{ENV}={value!r}" in result.stderr.str()
