"""Plan names: what ``check_plan_name`` takes and refuses, whole names only."""

from __future__ import annotations

import pytest

from plangraph.errors import InputError
from plangraph.ingest.names import check_plan_name


@pytest.mark.parametrize("name", ["a", "helse-vest-2025", "plan_1", "x" * 64])
def test_names_taken(name: str) -> None:
    assert str(check_plan_name(name)).endswith("/" + name)


@pytest.mark.parametrize(
    "name",
    ["", "abc\n", "abc\r\n", "\nabc", "Abc", "-abc", "a b", "x" * 65, "æøå", "a/b", "import"],
)
def test_names_refused(name: str) -> None:
    with pytest.raises(InputError, match="plan name"):
        check_plan_name(name)
