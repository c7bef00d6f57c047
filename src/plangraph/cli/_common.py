"""What every command shares: the Typer app, global options, the store, output and errors."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer

from plangraph.config import Settings, get_settings
from plangraph.errors import InputError, PlangraphError
from plangraph.output import render
from plangraph.store import PlanStore, open_store

__all__ = [
    "Format",
    "FormatOption",
    "Lang",
    "LangOption",
    "app",
    "check_registered",
    "command",
    "echo_rows",
    "fail",
    "get_store",
    "register",
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


@dataclass
class CliState:
    """What one run of the CLI carries from the global options to its command (``ctx.obj``)."""

    store_url: str | None = None
    data_dir: str | None = None
    store: PlanStore | None = None
    store_description: str | None = None


_running: ContextVar[CliState | None] = ContextVar("plangraph_cli_state", default=None)
"""The ``ctx.obj`` of the command running now, set by the ``@command`` wrapper."""


def _state() -> CliState:
    """This run's state (``ctx.obj``); a fresh one when called outside a command."""
    state = _running.get()
    if state is None:
        state = CliState()
        _running.set(state)
    return state


@app.callback()
def _global_options(
    ctx: typer.Context,
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
    ctx.obj = CliState(store_url=store, data_dir=data_dir)


def settings() -> Settings:
    """The settings, with the global command-line options applied over the environment."""
    base = get_settings()
    state = _state()
    overrides: dict[str, Any] = {}
    if state.store_url is not None:
        overrides["store"] = state.store_url
    if state.data_dir is not None:
        overrides["data_dir"] = state.data_dir
    return base.model_copy(update=overrides) if overrides else base


def get_store() -> PlanStore:
    """The store named by the settings, opened once per command."""
    state = _state()
    if state.store is None:
        state.store = _open_store(settings(), state)
    return state.store


def store_description() -> str:
    """Which store the command uses and where (for ``info``)."""
    get_store()
    return _state().store_description or settings().store


def _open_store(s: Settings, state: CliState) -> PlanStore:
    # Commands check every file (parse, IRIs, not empty) but leave the SHACL structure to
    # `validate`, which must be able to show a file's violations; the server checks it at start.
    from plangraph.store import open_cached

    chosen = "store" in s.model_fields_set or state.store_url is not None
    if not chosen and s.load_seed and s.cache_dir != "off":
        cached = open_cached(s.data_dir, cache_dir=s.cache_dir, skip_bad=s.skip_bad_plans)
        if cached.warning:
            typer.echo(f"warning: {cached.warning}", err=True)
        state.store_description = cached.description
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

_DECLARED: dict[str, Callable[..., Any]] = {}
"""Every ``@command`` function by command name; ``check_registered`` compares with the app."""


def command(name: str, **kwargs: Any) -> Callable[[F], F]:
    """Declare ``func`` the command ``name``; ``register`` (in ``cli/__init__.py``) adds it.

    Plangraph's errors become a message and an exit code: bad input (``InputError``) exits 2;
    any other ``PlangraphError`` exits 1. No traceback. ``func`` itself is returned unchanged.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(ctx: typer.Context, *a: Any, **kw: Any) -> Any:
            if not isinstance(ctx.obj, CliState):
                ctx.obj = CliState()
            token = _running.set(ctx.obj)
            try:
                return func(*a, **kw)
            except InputError as exc:
                raise fail(str(exc), 2) from None
            except PlangraphError as exc:
                raise fail(str(exc), 1) from None
            finally:
                _running.reset(token)
                if ctx.obj.store is not None:
                    ctx.obj.store.close()  # an on-disk store's lock goes with the command
                    ctx.obj.store = None

        # Typer reads the command's parameters from this signature: the function's, with the
        # context in front (so the global options reach the command through ctx.obj).
        own = inspect.signature(func, eval_str=True)
        context = inspect.Parameter(
            "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
        )
        del wrapper.__wrapped__
        wrapper.__signature__ = own.replace(  # type: ignore[attr-defined]
            parameters=[context, *own.parameters.values()]
        )
        wrapper.__annotations__ = {
            "ctx": typer.Context,
            **{name: p.annotation for name, p in own.parameters.items()},
        }
        wrapper.__dict__["cli_command"] = (name, kwargs)
        func.__dict__["cli_wrapper"] = wrapper
        _DECLARED[name] = func
        return func

    return decorate


def register(*funcs: Callable[..., Any], panel: str) -> None:
    """Add the ``@command`` functions ``funcs`` to the app, listed under ``panel`` in --help."""
    for func in funcs:
        wrapper = func.__dict__["cli_wrapper"]
        name, kwargs = wrapper.__dict__["cli_command"]
        app.command(name, rich_help_panel=panel, **kwargs)(wrapper)


def check_registered() -> None:
    """Fail loudly if a ``@command`` was declared but not registered (or the other way round)."""
    registered = {c.name for c in app.registered_commands}
    missing = sorted(set(_DECLARED) - registered)
    if missing:
        raise RuntimeError(
            f"commands declared but not registered in plangraph/cli/__init__.py: {missing}"
        )


def echo_rows(
    rows: Sequence[dict[str, Any]], fmt: Format, columns: Sequence[str] | None = None
) -> None:
    """Print rows in the chosen format."""
    text = render(rows, fmt.value, columns)
    sys.stdout.write(text + "\n")
