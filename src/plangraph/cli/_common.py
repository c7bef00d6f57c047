"""What every command shares: the Typer app, global options, the store, output and errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer

from plangraph.config import Settings, get_settings
from plangraph.errors import InputError, PlangraphError
from plangraph.output import render
from plangraph.store import PlanStore

__all__ = [
    "Format",
    "FormatOption",
    "Lang",
    "LangOption",
    "app",
    "command",
    "echo_rows",
    "fail",
    "get_store",
    "store_description",
]

app = typer.Typer(
    name="plangraph",
    help="Plans of Norwegian health authorities as a knowledge graph: goals, themes, challenges, "
    "measures, and the gaps and overlaps between them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    """Output format of commands that print data."""

    table = "table"
    json = "json"
    csv = "csv"


class Lang(StrEnum):
    """Label language: Bokmål, Nynorsk or English (falling back to what exists)."""

    nb = "nb"
    nn = "nn"
    en = "en"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
LangOption = Annotated[
    Lang, typer.Option("--lang", help="Label language; falls back to what exists.")
]

_state: dict[str, Any] = {}


@app.callback()
def _global_options(
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Store URL: memory (default), oxigraph:DIR or rdflib:memory. "
            "Default from PLANGRAPH_STORE.",
        ),
    ] = None,
    data_dir: Annotated[
        str | None,
        typer.Option(
            "--data-dir",
            help="Folder of plan files to load (default: the packaged seed data; "
            "PLANGRAPH_DATA_DIR).",
        ),
    ] = None,
) -> None:
    """Options that apply to every command."""
    previous = _state.get("store")
    if isinstance(previous, PlanStore):
        previous.close()  # an on-disk store's lock goes with it
    _state.clear()
    _state["store_url"] = store
    _state["data_dir"] = data_dir


def settings() -> Settings:
    """The settings, with the global command-line options applied over the environment."""
    base = get_settings()
    overrides: dict[str, Any] = {}
    if _state.get("store_url") is not None:
        overrides["store"] = _state["store_url"]
    if _state.get("data_dir") is not None:
        overrides["data_dir"] = _state["data_dir"]
    return base.model_copy(update=overrides) if overrides else base


def get_store() -> PlanStore:
    """The store named by the settings, opened once per command."""
    store = _state.get("store")
    if store is None:
        store = _state["store"] = _open_store(settings())
    assert isinstance(store, PlanStore)
    return store


def store_description() -> str:
    """Which store the command uses and where (for ``info``)."""
    get_store()
    return str(_state.get("store_description") or settings().store)


def _open_store(s: Settings) -> PlanStore:
    # Commands check every file (parse, IRIs, not empty) but leave the SHACL structure to
    # `validate`, which must be able to show a file's violations; the server checks it at start.
    from plangraph.store import open_cached, open_store

    chosen = "store" in s.model_fields_set or _state.get("store_url") is not None
    if not chosen and s.load_seed and s.cache_dir != "off":
        cached = open_cached(s.data_dir, cache_dir=s.cache_dir, skip_bad=s.skip_bad_plans)
        if cached.warning:
            typer.echo(f"warning: {cached.warning}", err=True)
        _state["store_description"] = cached.description
        store = cached.store
    else:
        store = open_store(
            s.store, data_dir=s.data_dir, load_seed=s.load_seed, skip_bad=s.skip_bad_plans
        )
    index = store.index
    for bad in index.bad if index is not None else []:
        typer.echo(f"warning: BAD PLAN FILE LEFT OUT: {bad.name}: {bad.problem}", err=True)
    return store


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` to stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


F = TypeVar("F", bound=Callable[..., Any])

_HELP_PANELS = {
    "core": "The graph",
    "analysis": "Planners' questions",
    "report": "Reports and views",
    "viz": "Reports and views",
    "serve": "Service",
    "backup": "Service",
    "generate": "Test data",
}
"""The ``--help`` section each command module's commands are listed under."""


def command(*args: Any, **kwargs: Any) -> Callable[[F], F]:
    """``app.command`` that turns plangraph's errors into a message and an exit code.

    Bad input (``InputError``) exits 2; any other ``PlangraphError`` exits 1. No traceback.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*a: Any, **kw: Any) -> Any:
            try:
                return func(*a, **kw)
            except InputError as exc:
                raise fail(str(exc), 2) from None
            except PlangraphError as exc:
                raise fail(str(exc), 1) from None

        kwargs.setdefault("rich_help_panel", _HELP_PANELS.get(func.__module__.rsplit(".", 1)[-1]))
        app.command(*args, **kwargs)(wrapper)
        return func

    return decorate


def echo_rows(
    rows: Sequence[dict[str, Any]], fmt: Format, columns: Sequence[str] | None = None
) -> None:
    """Print rows in the chosen format."""
    text = render(rows, fmt.value, columns)
    sys.stdout.write(text + "\n")
