"""Shared dependencies of the routers, as ``Annotated`` aliases.

Settings are the ones the app was created with (``create_app(settings)``, held on
``app.state``), else the cached ``get_settings()``; the store is opened once at start-up and held
on ``app.state`` too. Neither goes through ``app.dependency_overrides``: while that dict is not
empty, FastAPI re-analyses every dependency of every request (``get_dependant`` per request cost
about 2 ms of a 3 ms subgraph fetch), so the app keeps it empty.

The dependencies are ``async def``: they do no I/O, and FastAPI runs a plain ``def`` dependency
in its thread pool, one hop per dependency per request.
"""

from __future__ import annotations

import functools
import hmac
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from rdflib import URIRef

from plangraph.api.answers import AnswerCache, cache_of
from plangraph.api.errors import ApiError
from plangraph.api.limits import client_of, limits_of
from plangraph.api.schemas import iri_pattern
from plangraph.config import Settings, get_settings
from plangraph.errors import UnsafeInputError
from plangraph.labels import LANGUAGES
from plangraph.store import PlanStore
from plangraph.terms import check_iri, parse_name
from plangraph.vocab import PREFIXES

__all__ = [
    "AnswerCacheDep",
    "IriFilter",
    "Lang",
    "LangDep",
    "PageDep",
    "Paging",
    "SettingsDep",
    "StoreDep",
    "WriteAccess",
    "app_settings",
    "filter_iri",
    "get_store",
    "required_iri",
    "resolve_lang",
]


async def app_settings(request: Request) -> Settings:
    """The settings given to ``create_app``, else those of the environment."""
    given = getattr(request.app.state, "settings", None)
    return given if isinstance(given, Settings) else get_settings()


SettingsDep = Annotated[Settings, Depends(app_settings)]


async def get_store(request: Request) -> PlanStore:
    """The store opened at start-up."""
    store = getattr(request.app.state, "store", None)
    if not isinstance(store, PlanStore):
        raise ApiError(503, "the store is not open yet; try again in a moment")
    return store


StoreDep = Annotated[PlanStore, Depends(get_store)]


async def get_answer_cache(request: Request) -> AnswerCache | None:
    """The app's cache of subgraph answers (``None`` when the app has none)."""
    return cache_of(request.app.state)


AnswerCacheDep = Annotated[AnswerCache | None, Depends(get_answer_cache)]


class Lang(StrEnum):
    """Label language: Bokmål, Nynorsk or English (falling back to what exists)."""

    nb = "nb"
    nn = "nn"
    en = "en"


def resolve_lang(given: str | None, accept_language: str | None) -> str:
    """``lang`` if given, else the best of ``Accept-Language`` among nb/nn/en, else nb.

    >>> resolve_lang(None, "en-GB,en;q=0.9,nn;q=0.8")
    'en'
    >>> resolve_lang(None, "da, no;q=0.5")
    'nb'
    """
    if given:
        return given
    best: tuple[float, int, str] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        base = {"no": "nb", "nob": "nb", "nno": "nn"}.get(base, base)
        if base not in LANGUAGES:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        candidate = (-quality, position, base)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else "nb"


async def _lang(
    lang: Annotated[
        Lang | None,
        Query(
            description="Label language (nb, nn, en); falls back to what exists. "
            "Default: from Accept-Language, else nb.",
            examples=["nb"],
        ),
    ] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> str:
    return resolve_lang(lang.value if lang else None, accept_language)


LangDep = Annotated[str, Depends(_lang)]


@functools.cache
def _iri_parameter() -> re.Pattern[str]:
    """The compiled ``iri_pattern``, made at its first use (a long pattern: ~30 ms of a start)."""
    return re.compile(iri_pattern(list(PREFIXES), required=True))


def filter_iri(value: str | None, name: str) -> URIRef | None:
    """A filter parameter as an IRI: a full IRI, ``<IRI>`` or ``prefix:name`` of a known prefix
    (``terms.parse_name``, the one parser of names).

    Exactly the values the OpenAPI description allows (``schemas.iri_pattern``); others get 400.
    """
    if value is None or value == "":
        return None
    if not _iri_parameter().fullmatch(value):
        try:
            check_iri(value)
        except UnsafeInputError as exc:
            raise UnsafeInputError(f"parameter {name!r}: {exc}") from None
        raise UnsafeInputError(
            f"parameter {name!r}: {value!r} is not an IRI plangraph reads here: give a full "
            "http(s), urn, mailto or tag IRI (lower-case scheme, no spaces), the same in <...>, "
            "or prefix:name with a known prefix"
        )
    try:
        iri = parse_name(value)
    except UnsafeInputError as exc:
        raise UnsafeInputError(f"parameter {name!r}: {exc}") from None
    if iri is None:
        try:
            check_iri(value.strip())  # the message a non-IRI got before: what is wrong with it
        except UnsafeInputError as exc:
            raise UnsafeInputError(f"parameter {name!r}: {exc}") from None
        raise UnsafeInputError(f"parameter {name!r}: not an IRI: {value!r}")
    return iri


def required_iri(value: str, name: str) -> URIRef:
    """A required parameter as an IRI (see ``filter_iri``); empty is an error."""
    iri = filter_iri(value, name)
    if iri is None:
        raise UnsafeInputError(f"parameter {name!r} must be an IRI, not empty")
    return iri


IriFilter = Annotated[
    str | None,
    Query(
        description="An IRI (full, or prefix:name with a known prefix such as id: or pg:).",
    ),
]


@dataclass(frozen=True)
class Paging:
    """``limit`` and ``offset`` of a list."""

    limit: int
    offset: int


async def _paging(
    limit: Annotated[
        int, Query(ge=1, le=1000, description="At most this many items.", examples=[50])
    ] = 50,
    offset: Annotated[int, Query(ge=0, description="Skip this many items.", examples=[0])] = 0,
) -> Paging:
    return Paging(limit, offset)


PageDep = Annotated[Paging, Depends(_paging)]

_api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="The API key (PLANGRAPH_API_KEY)."
)
_bearer = HTTPBearer(auto_error=False, description="The API key as a bearer token.")


async def _require_api_key(
    request: Request,
    settings: SettingsDep,
    api_key: Annotated[str | None, Depends(_api_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
) -> None:
    expected = settings.api_key
    if not expected:
        raise ApiError(
            403,
            "writes are off: the server has no API key configured (set PLANGRAPH_API_KEY)",
        )
    given = api_key or (bearer.credentials if bearer else "")
    if not given:
        raise ApiError(
            401,
            "this request changes data: send the API key in X-API-Key or "
            "'Authorization: Bearer KEY'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    # Constant time, so the key cannot be guessed byte by byte from response times.
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        limits = limits_of(request)
        if limits is not None:
            limits.note_failed_key(client_of(request.scope))
        raise ApiError(403, "the API key is not valid")


WriteAccess = Annotated[None, Depends(_require_api_key)]
