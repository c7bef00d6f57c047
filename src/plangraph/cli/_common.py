"""What every command shares: the Typer app, global options, the store, output and errors."""

from __future__ import annotations

import functools
import inspect
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import click
import typer
from typer.core import TyperCommand, TyperGroup

from plangraph.errors import InputError, PlangraphError

if TYPE_CHECKING:
    from plangraph.config import Settings
    from plangraph.store import PlanStore

# Importing this package must stay quick (``plangraph --help`` under 0.2 s): the store, rdflib,
# pydantic-settings and anything heavier load inside the functions and commands that use them
# (tests/test_cli_imports.py checks the list).

__all__ = [
    "Format",
    "FormatOption",
    "Lang",
    "LangOption",
    "PlainHelpCommand",
    "check_data_dir",
    "check_registered",
    "command",
    "echo_rows",
    "fail",
    "get_store",
    "new_app",
    "register",
    "store_description",
]

_PLAIN_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "path": "PATH", "Path": "PATH"}


def _plain_type(label: str) -> str:
    """Typer's ``<list[Path]>``, ``<int>``, ``<bool>`` as a reader's ``PATH``, ``INTEGER``, ``""``."""
    label = label.strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]
    if label == "bool":
        return ""
    return _PLAIN_TYPES.get(label, label)


def _plain_help_types(params: Sequence[Any], ctx: Any) -> None:
    for param in params:
        if hasattr(param, "display_type") and "display_type_rich" not in vars(param):
            shown = "" if getattr(param, "is_flag", False) else _plain_type(param.display_type(ctx))
            param.display_type_rich = lambda ctx, shown=shown: shown  # type: ignore[method-assign]


_INTEGER = re.compile(r"[+-]?[0-9]+")


class _QuickValues:
    """Typer's coercion of one parameter's value, without pydantic for the plain cases.

    Typer (0.2x) checks every value through a pydantic ``TypeAdapter``: importing pydantic and
    building the adapters costs ~0.2 s of CPU on every command. The values a command line
    gives are mostly already right: text for a text option, a member or the exact name of a
    member for a choice, a bool for a flag, digits for a number within its declared range
    (``min``, ``max``), a path. Those are taken here as Typer would take them (a path goes
    through Typer's own path checks, which need pydantic only to make the ``Path``); anything
    else (a wrong choice, a number out of range, a list) goes to Typer's own coercion, built on
    first use, so its checks and error messages are unchanged.
    """

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor
        self._full: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if param.multiple or param.nargs != 1:
            return self._typer(value, param, ctx)
        if value is None:
            return None  # as Typer's RuntimeParam.coerce gives a missing single value
        kind = self.descriptor.annotation
        if kind is str or kind is bool:
            if type(value) is kind:
                return value
        elif kind is int:
            number = (
                value
                if type(value) is int
                else int(value)
                if isinstance(value, str) and _INTEGER.fullmatch(value)
                else None
            )
            if number is not None and self._in_range(number):
                return number
        elif kind is Path:
            info = self.descriptor.parameter_info
            if isinstance(value, str | Path) and info.path_type is None:
                try:  # Typer's own checks (exists, file_okay, ...) on the Path pydantic would make
                    from typer._param_types import coerce_cli_path
                except ImportError:  # a Typer without it (a private module): its own coercion
                    return self._typer(value, param, ctx)
                return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        elif isinstance(kind, type) and issubclass(kind, Enum):
            if isinstance(value, kind):
                return value
            if isinstance(value, str):
                wanted = self._normal(value, ctx)
                for member in kind:
                    if self._normal(str(member.value), ctx) == wanted:
                        return member
        return self._typer(value, param, ctx)

    def _in_range(self, number: int) -> bool:
        """Whether Typer would take ``number`` as it is (else it refuses or clamps it)."""
        info = self.descriptor.parameter_info
        low, high = info.min, info.max
        return (low is None or number >= low) and (high is None or number <= high)

    def _normal(self, text: str, ctx: Any) -> str:
        if ctx is not None and ctx.token_normalize_func is not None:
            text = ctx.token_normalize_func(text)
        return text if self.descriptor.parameter_info.case_sensitive else text.casefold()

    def _typer(self, value: Any, param: Any, ctx: Any) -> Any:
        if self._full is None:
            from typer._coercion import build_runtime_param

            self._full = build_runtime_param(self.descriptor)
        return self._full.coerce(value, param=param, ctx=ctx)


def _quick_values(params: Sequence[Any]) -> None:
    """Give each plain parameter a ``_QuickValues`` (where this Typer coerces through pydantic:
    a parameter with ``type_descriptor`` and a ``_runtime_param`` not yet built)."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", True) is not None:
            continue
        info = descriptor.parameter_info
        if getattr(info, "parser", None) is not None or getattr(descriptor, "is_file", True):
            continue
        kind = descriptor.annotation
        if kind in (str, bool, int, Path) or (isinstance(kind, type) and issubclass(kind, Enum)):
            param._runtime_param = _QuickValues(descriptor)


class PlainHelpCommand(TyperCommand):
    """A command whose help shows what a value is (TEXT, PATH, table|json|csv), never a
    Python type (``<bool>``, ``<list[Path]>``); its plain values are read without pydantic
    (``_QuickValues``)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_help_types(self.get_params(ctx), ctx)
        super().format_help(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _quick_values(self.get_params(ctx))
        return super().parse_args(ctx, args)  # type: ignore[no-any-return]


class PlainHelpGroup(TyperGroup):
    """The top-level help, with the same plain value types as ``PlainHelpCommand``, drawn
    without Rich (``cli._help``: Rich's help module alone costs more than the 0.2 s target)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from plangraph.cli._help import group_help

        formatter.write(group_help(self, ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            # As with Typer's Rich help: the help on stdout, exit code 2 (Typer prints the
            # help Rich drew and says nothing of the usage error it raises).
            sys.stdout.write(ctx.get_help() + "\n")
            raise typer.Exit(2)
        _quick_values(self.get_params(ctx))
        return super().parse_args(ctx, args)  # type: ignore[no-any-return]


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
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="No progress bars (they show on stderr only on a terminal, for work taking "
            "more than a second; PLANGRAPH_QUIET=1).",
        ),
    ] = False,
) -> None:
    """Options that apply to every command."""
    from plangraph.progress import set_quiet

    set_quiet(quiet)
    ctx.obj = CliState(store_url=store, data_dir=data_dir)


APP_HELP = (
    "Plans of Norwegian health authorities as a knowledge graph: goals, themes, challenges, "
    "measures, and the gaps and overlaps between them."
)


def new_app() -> typer.Typer:
    """A Typer app with the global options and no command yet (``register`` adds them)."""
    app = typer.Typer(
        name="plangraph",
        help=APP_HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        cls=PlainHelpGroup,
    )
    app.callback()(_global_options)
    return app


def settings() -> Settings:
    """The settings, with the global command-line options applied over the environment."""
    from plangraph.config import get_settings

    base = get_settings()
    state = _state()
    overrides: dict[str, Any] = {}
    if state.store_url is not None:
        overrides["store"] = state.store_url
    if state.data_dir is not None:
        overrides["data_dir"] = state.data_dir
    return base.model_copy(update=overrides) if overrides else base


STORE_DEFAULTS = ("memory", "", True, False, "")
"""``Settings``' defaults for store, data_dir, load_seed, skip_bad_plans and cache_dir (a test
compares them)."""


@dataclass(frozen=True)
class StoreChoice:
    """Which store a command opens, from the global options over the environment."""

    store: str
    data_dir: str
    load_seed: bool
    skip_bad: bool
    cache_dir: str
    chosen: bool
    """Whether the user named a store (else the CLI keeps its on-disk cache of the folder)."""


def _store_settings() -> StoreChoice:
    """The store to open, from the global options over the environment.

    When the only ``PLANGRAPH_*`` variables set are plain text settings this needs (or none),
    they are read here without the settings class, which spares importing pydantic-settings
    (~0.1 s) on every command; any other variable goes through ``settings()``.
    """
    state = _state()
    named = {k.upper(): v for k, v in os.environ.items() if k.upper().startswith("PLANGRAPH_")}
    if not set(named) <= _PLAIN_VARIABLES:
        s = settings()
        return StoreChoice(
            s.store,
            s.data_dir,
            s.load_seed,
            s.skip_bad_plans,
            s.cache_dir,
            "store" in s.model_fields_set or state.store_url is not None,
        )
    store, data_dir, load_seed, skip_bad, cache_dir = STORE_DEFAULTS
    store = named.get("PLANGRAPH_STORE", store)
    data_dir = named.get("PLANGRAPH_DATA_DIR", data_dir)
    cache_dir = named.get("PLANGRAPH_CACHE_DIR", cache_dir)
    return StoreChoice(
        store if state.store_url is None else state.store_url,
        data_dir if state.data_dir is None else state.data_dir,
        load_seed,
        skip_bad,
        cache_dir,
        "PLANGRAPH_STORE" in named or state.store_url is not None,
    )


_PLAIN_VARIABLES = {
    "PLANGRAPH_STORE",
    "PLANGRAPH_DATA_DIR",
    "PLANGRAPH_CACHE_DIR",
    "PLANGRAPH_QUIET",
}
"""Variables ``_store_settings`` reads itself: text taken as it is (``Settings`` does the same
with them; a test compares), or not a setting at all (``PLANGRAPH_QUIET``, read by progress)."""


def get_store() -> PlanStore:
    """The store named by the settings, opened once per command."""
    from plangraph.progress import progress

    state = _state()
    if state.store is None:
        choice = _store_settings()
        folder = check_data_dir(choice.data_dir)
        with progress("Loading the plan files"):
            state.store = _open_store(choice, state)
        if folder is not None and choice.load_seed:
            report_loaded(state.store, folder)
    return state.store


def store_description() -> str:
    """Which store the command uses and where (for ``info``)."""
    get_store()
    return _state().store_description or _store_settings().store


def _open_store(choice: StoreChoice, state: CliState) -> PlanStore:
    # Commands check every file (parse, IRIs, not empty) but leave the SHACL structure to
    # `validate`, which must be able to show a file's violations; the server checks it at start.
    from plangraph.store import open_cached, open_store

    if not choice.chosen and choice.load_seed and choice.cache_dir != "off":
        cached = open_cached(choice.data_dir, cache_dir=choice.cache_dir, skip_bad=choice.skip_bad)
        if cached.warning:
            typer.echo(f"warning: {cached.warning}", err=True)
        state.store_description = cached.description
        store = cached.store
    else:
        store = open_store(
            choice.store,
            data_dir=choice.data_dir,
            load_seed=choice.load_seed,
            skip_bad=choice.skip_bad,
        )
    index = store.index
    if index is not None:
        index.keep_derived = True  # this command alone holds the store (RocksDB's lock)
    for bad in index.bad if index is not None else []:
        typer.echo(f"warning: BAD PLAN FILE LEFT OUT: {bad.name}: {bad.problem}", err=True)
    return store


def check_data_dir(data_dir: str) -> Path | None:
    """The data folder the settings name (``None`` for the packaged seed data).

    A folder that does not exist, or is not a folder, is an ``InputError`` (exit 2).
    """
    if not data_dir:
        return None
    folder = Path(data_dir)
    if not folder.exists():
        raise InputError(
            f"the data folder {data_dir} does not exist (from --data-dir or PLANGRAPH_DATA_DIR)"
        )
    if not folder.is_dir():
        raise InputError(f"the data folder {data_dir} is not a folder")
    return folder


def report_loaded(store: PlanStore, folder: Path) -> None:
    """Say on stderr what a data folder gave; warn when it gave no plan at all."""
    from plangraph.namespaces import ONTOLOGY_GRAPH_IRI
    from plangraph.store import FORMATS
    from plangraph.store.index import derive

    files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix[1:] in FORMATS)

    def count() -> dict[str, int]:
        from plangraph.nodes import plan_counts  # rdflib's terms: only when not yet counted

        plans = plan_counts(store, "en")
        found = {k: sum(int(p.get(k) or 0) for p in plans) for k in _COUNTED}
        found["plans"] = len(plans)
        found["statements"] = len(store) - sum(1 for _ in store.ox_quads(ONTOLOGY_GRAPH_IRI))
        return found

    # Counted once per version of the files (kept with the store's manifest): counting plans
    # and items reads the whole store (~0.5 s at 1M triples).
    summary = derive(store, "loaded", count)
    what = {k: summary[k] for k in _COUNTED}
    typer.echo(
        f"loaded {len(files)} plan file(s) from {folder}: {summary['statements']} statements, "
        f"{summary['plans']} plan(s), " + ", ".join(f"{n} {k}" for k, n in what.items()),
        err=True,
    )
    if not files:
        typer.echo(
            f"warning: {folder} holds no plan files ({', '.join('.' + f for f in FORMATS)}): "
            "the store is empty",
            err=True,
        )
    elif not summary["plans"] or not any(what.values()):
        typer.echo(
            f"warning: the files in {folder} hold no plan with goals, themes, challenges or "
            "measures: the analyses will find nothing (`plangraph validate` says what the "
            "shapes miss)",
            err=True,
        )


_COUNTED = ("goals", "themes", "challenges", "measures")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` to stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


UNEXPECTED_EXIT = 70
"""The exit code of an error plangraph did not expect (a bug): ``EX_SOFTWARE`` of sysexits.h."""


def _unexpected(exc: Exception) -> str:
    """One line for an error plangraph did not expect, instead of a traceback.

    >>> _unexpected(IndexError("list index out of range"))
    'unexpected IndexError: list index out of range (a bug in plangraph: please report it; PLANGRAPH_DEBUG=1 shows the traceback)'
    """
    return (
        f"unexpected {type(exc).__name__}: {exc} (a bug in plangraph: please report it; "
        "PLANGRAPH_DEBUG=1 shows the traceback)"
    )


F = TypeVar("F", bound=Callable[..., Any])

_DECLARED: dict[str, Callable[..., Any]] = {}
"""Every ``@command`` function by command name; ``check_registered`` compares with the app."""


def command(name: str, **kwargs: Any) -> Callable[[F], F]:
    """Declare ``func`` the command ``name``; ``register`` (in ``cli/_app.py``) adds it.

    Plangraph's errors become a message and an exit code: bad input (``InputError``) exits 2;
    any other ``PlangraphError`` exits 1; an error plangraph did not expect (a bug) exits 70
    with one line naming it (``PLANGRAPH_DEBUG=1`` lets its traceback through). No traceback.
    ``func`` itself is returned unchanged.
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
            except (
                typer.Exit,
                typer.Abort,
                click.exceptions.Exit,
                click.exceptions.Abort,
                click.ClickException,
            ):
                raise  # Typer's and Click's own ways out
            except BrokenPipeError:
                raise  # the reader went away (`plangraph gaps | head`)
            except Exception as exc:
                if os.environ.get("PLANGRAPH_DEBUG"):
                    raise
                raise fail(_unexpected(exc), UNEXPECTED_EXIT) from None
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


def register(app: typer.Typer, *funcs: Callable[..., Any], panel: str) -> None:
    """Add the ``@command`` functions ``funcs`` to ``app``, listed under ``panel`` in --help."""
    for func in funcs:
        wrapper = func.__dict__["cli_wrapper"]
        name, kwargs = wrapper.__dict__["cli_command"]
        kwargs = {"cls": PlainHelpCommand, **kwargs}
        app.command(name, rich_help_panel=panel, **kwargs)(wrapper)


def register_group(
    app: typer.Typer, group: str, *funcs: Callable[..., Any], panel: str, help: str
) -> None:
    """Add the ``@command`` functions ``funcs`` as ``plangraph GROUP NAME`` subcommands."""
    sub = typer.Typer(help=help, no_args_is_help=True, add_completion=False)
    for func in funcs:
        wrapper = func.__dict__["cli_wrapper"]
        name, kwargs = wrapper.__dict__["cli_command"]
        sub.command(name, **kwargs)(wrapper)
    app.add_typer(sub, name=group, rich_help_panel=panel)


def check_registered(app: typer.Typer) -> None:
    """Fail loudly if a ``@command`` was declared but not registered in ``app``."""
    registered = {c.name for c in app.registered_commands}
    for group in app.registered_groups:
        if group.typer_instance is not None:
            registered |= {c.name for c in group.typer_instance.registered_commands}
    missing = sorted(set(_DECLARED) - registered)
    if missing:
        raise RuntimeError(
            f"commands declared but not registered in plangraph/cli/_app.py: {missing}"
        )


def echo_rows(
    rows: Sequence[dict[str, Any]],
    fmt: Format,
    columns: Sequence[str] | None = None,
    lang: Lang | None = None,
) -> None:
    """Print rows in the chosen format; a table's headers in ``lang`` (Bokmål by default)."""
    from plangraph.output import render

    text = render(rows, fmt.value, columns, lang=lang.value if lang else None)
    sys.stdout.write(text + "\n")
