"""FastAPI's "is this pydantic v1?" checks answer as before, without importing ``pydantic.v1``
while nothing can be of it (``plangraph.api._fastapi``)."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import pytest
from fastapi import APIRouter, encoders
from fastapi._compat import shared
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import PydanticV1NotSupportedError

from plangraph.api._fastapi import _without_v1_import


def test_the_checks_fastapi_calls_are_the_wrapped_ones() -> None:
    for check in (
        shared.is_pydantic_v1_model_class,
        shared.is_pydantic_v1_model_instance,
        vars(encoders)["is_pydantic_v1_model_instance"],  # the name jsonable_encoder calls
    ):
        assert hasattr(check, "__wrapped__"), check


def test_without_pydantic_v1_imported_the_answer_is_no_and_nothing_is_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[Any] = []

    def check(value: Any) -> bool:
        asked.append(value)
        return True

    wrapped = _without_v1_import(check)
    monkeypatch.delitem(sys.modules, "pydantic.v1", raising=False)
    assert wrapped(int) is False
    assert asked == []  # FastAPI's check (which imports pydantic.v1) was not called
    assert "pydantic.v1" not in sys.modules
    monkeypatch.setitem(sys.modules, "pydantic.v1", sys.modules["pydantic"])
    assert wrapped(int) is True
    assert asked == [int]  # once imported, FastAPI's own check answers


def test_pydantic_v1_models_are_still_refused() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic.v1 warns on Python versions it does not back
        from pydantic import v1

    class Old(v1.BaseModel):
        name: str

    router = APIRouter()

    def endpoint() -> dict[str, str]:
        return {}

    with pytest.raises(PydanticV1NotSupportedError):
        router.add_api_route("/old", endpoint, response_model=Old)
    with pytest.raises(PydanticV1NotSupportedError):
        jsonable_encoder(Old(name="x"))
