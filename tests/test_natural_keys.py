"""``analysis._ranks.natural_keys``: one sort key per distinct value that orders, and ties, as
``natural_key`` does (the analyses sort their rows by it), for IRIs (one string each) and for
text the string keys cannot take (``natural_key`` itself)."""

from __future__ import annotations

import random

import pytest

from plangraph.analysis._common import natural_key
from plangraph.analysis._ranks import natural_keys

IRIS = [
    "https://example.org/m/plan-2020/10",
    "https://example.org/m/plan-2020/9",
    "https://example.org/m/plan-2020/09",  # ties with .../9 (as an int)
    "https://example.org/m/plan-2019/100",
    "https://example.org/m/plan-2019/a",
    "https://example.org/m/plan-2019/",
    "https://example.org/m/plan-2019",
    "https://example.org/m/plan-0002019/1",
    "https://example.org/m/plan/1x2",
    "https://example.org/m/plan/1x10",
    "",
]


@pytest.mark.parametrize(
    "values",
    [IRIS, [*IRIS, "https://example.org/m/tiltak-å/2", "https://example.org/m/tiltak-å/10"]],
    ids=["ascii", "non-ascii"],
)
def test_natural_keys_order_and_tie_as_natural_key(values: list[str]) -> None:
    keys = natural_keys([*values, None])
    assert keys[None] == keys[""]  # None sorts as ""
    for a in values:
        for b in values:
            assert (keys[a] < keys[b]) == (natural_key(a) < natural_key(b)), (a, b)
            assert (keys[a] == keys[b]) == (natural_key(a) == natural_key(b)), (a, b)
    shuffled = values[:]
    random.Random(3).shuffle(shuffled)
    assert sorted(shuffled, key=keys.__getitem__) == sorted(shuffled, key=natural_key)
