"""Run each module's tests in another order, to find tests that depend on another test of their
module having run first (opt-in, registered by tests/conftest.py).

``PLANGRAPH_TEST_ORDER`` chooses the order:

- unset or empty: the order pytest and tests/conftest.py give (nothing changes);
- ``reverse``: each module's tests backwards;
- ``shuffle:<seed>``: each module's tests shuffled, the same way for the same seed (any text).

Modules stay where they are: only the tests of one run of a module (the tests of one module that
follow each other in the collection) change places, so that module-scoped fixtures still start
once for them and pytest-xdist's ``--dist loadscope`` hands out the same modules in the same
order. A module's tests are ordered in groups that keep what pytest keeps together: the tests of
one class, and the tests of one value of a parametrised fixture scoped wider than a test (each
group's tests together, the groups and the tests inside each reordered alike), so that no
fixture starts more often than in the usual order.

A shuffle sorts by a hash of the seed and each test's id (and each group's), not by a random
generator's draws: a subset of the suite (one module, ``-k``) runs its tests in the same relative
order as the whole run did, so a failure can be reproduced on its module alone. The mode is
printed in pytest's header and after its results (``test order: ...``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Iterator, Sequence
from itertools import groupby
from typing import Any

import pytest

ENV = "PLANGRAPH_TEST_ORDER"

Order = Callable[[Sequence[Any], Callable[[Any], str]], list[Any]]
"""Reorders a sequence, given how to name each element (the name a shuffle hashes)."""


def _reverse(elements: Sequence[Any], name: Callable[[Any], str]) -> list[Any]:
    return list(reversed(elements))


def _shuffle(seed: str) -> Order:
    def order(elements: Sequence[Any], name: Callable[[Any], str]) -> list[Any]:
        return sorted(
            elements, key=lambda e: hashlib.sha256(f"{seed}\0{name(e)}".encode()).digest()
        )

    return order


def parse(value: str | None) -> tuple[str, Order | None]:
    """The mode's description for the header and its reordering (None: the usual order).

    >>> parse(None)[0], parse("reverse")[0], parse("shuffle:7")[0]
    ('default', 'reverse', 'shuffle (seed 7)')
    """
    value = (value or "").strip()
    if not value:
        return "default", None
    if value == "reverse":
        return "reverse", _reverse
    mode, _, seed = value.partition(":")
    if mode == "shuffle" and seed:
        return f"shuffle (seed {seed})", _shuffle(seed)
    raise pytest.UsageError(f'{ENV}={value!r}: expected "reverse" or "shuffle:<seed>"')


def _group(item: pytest.Item) -> Hashable:
    """What keeps a test beside others: its class, and the values of its parametrised fixtures
    scoped wider than one test (a module's, a class's, the session's)."""
    callspec = getattr(item, "callspec", None)
    params: tuple[tuple[str, int], ...] = ()
    if callspec is not None:
        scopes = getattr(callspec, "_arg2scope", {})
        params = tuple(
            sorted(
                (name, index)
                for name, index in callspec.indices.items()
                if str(getattr(scopes.get(name), "value", "function")) != "function"
            )
        )
    cls = getattr(item, "cls", None)
    return (cls.__qualname__ if cls is not None else "", params)


def _runs(items: Sequence[pytest.Item]) -> Iterator[list[pytest.Item]]:
    """The items in runs of one module each (a module can come in several runs when pytest
    groups a session fixture's values across modules)."""
    for _, run in groupby(items, key=lambda item: item.path):
        yield list(run)


def reorder(items: Sequence[pytest.Item], order: Order) -> list[pytest.Item]:
    """``items`` with each run of a module's tests reordered by ``order``, group by group."""
    result: list[pytest.Item] = []
    for run in _runs(items):
        groups: dict[Hashable, list[pytest.Item]] = {}
        for item in run:
            groups.setdefault(_group(item), []).append(item)
        for key in order(list(groups), repr):
            result.extend(order(groups[key], lambda item: item.nodeid))
    return result


def pytest_configure(config: pytest.Config) -> None:
    parse(os.environ.get(ENV))  # a wrong value stops the run before it starts


def pytest_report_header(config: pytest.Config) -> str | None:
    """The mode, when one is set (the usual order prints nothing)."""
    value = os.environ.get(ENV)
    description, order = parse(value)
    return None if order is None else f"test order: {description} ({ENV}={value})"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The mode again after the results (``-q`` prints no header), to rerun a failure in it."""
    line = pytest_report_header(terminalreporter.config)
    if line is not None:
        terminalreporter.write_line(line)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> Iterator[None]:
    """After every other reordering (pytest's grouping of fixture values, the heavy modules
    first): only the places of tests inside a module's run change."""
    result = yield
    _, order = parse(os.environ.get(ENV))
    if order is not None:
        items[:] = reorder(items, order)
    return result
