"""The Typer app: every command, in the order and sections ``--help`` lists them.

Each command is a function marked ``@command`` in a module of this package; ``COMMANDS`` says
which module holds it and under which panel ``--help`` lists it. ``app`` is the app with them
all (``plangraph.cli.app``, imported on first use, so that ``plangraph --help`` can answer
without it).

A command line that names a command (``plangraph gaps --format json``) runs on an app holding
that command alone (``app_for``): only its module is imported and only its parameters built,
which is most of the start-up of a quick command. Anything the one-command app cannot be shown
to answer as the whole app would (an unknown or misspelt command, an option before the command
that is not a global option, ``--``, ``--help`` before the command, shell completion) goes to
the whole app, so its messages (``No such command 'gpas'. Did you mean 'gaps'?``) are
unchanged. Tests compare the two apps' answers.
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple

from plangraph.cli._common import check_registered, new_app, register, register_group

if TYPE_CHECKING:
    import typer

    app: typer.Typer
    """The whole app (built on first use: ``__getattr__``)."""

__all__ = ["COMMANDS", "GLOBAL_FLAGS", "GLOBAL_VALUED", "app", "app_for", "invoked", "whole_app"]


class Entry(NamedTuple):
    """Where a command is: ``plangraph.cli.<module>.<functions>``, listed under ``panel``."""

    module: str
    functions: tuple[str, ...]
    """One ``@command`` function; for a group (``link``), its subcommands' functions."""
    panel: str
    help: str = ""
    """A group's own help (a command's is its function's docstring)."""


_GRAPH = "The graph"
_QUESTIONS = "Planners' questions"
_LINKING = "Linking"

COMMANDS: dict[str, Entry] = {
    "info": Entry("core", ("info",), _GRAPH),
    "validate": Entry("core", ("validate",), _GRAPH),
    "export": Entry("core", ("export",), _GRAPH),
    "show": Entry("core", ("show",), _GRAPH),
    "template": Entry("importing", ("template",), _GRAPH),
    "import": Entry("importing", ("import_file",), _GRAPH),
    "versions": Entry("versions", ("versions",), _GRAPH),  # plan versions (issue 12)
    "diff": Entry("versions", ("diff",), _GRAPH),
    "gaps": Entry("analysis", ("gaps",), _QUESTIONS),
    "overlaps": Entry("analysis", ("overlaps",), _QUESTIONS),
    "coverage": Entry("analysis", ("coverage",), _QUESTIONS),
    "trace": Entry("analysis", ("trace",), _QUESTIONS),
    "impact": Entry("analysis", ("impact",), _QUESTIONS),
    "query": Entry("analysis", ("query",), _QUESTIONS),
    "sparql": Entry("analysis", ("sparql",), _QUESTIONS),
    "suggest": Entry("linking", ("suggest",), _LINKING),
    "review": Entry("linking", ("review",), _LINKING),
    "accept": Entry("linking", ("accept",), _LINKING),
    "reject": Entry("linking", ("reject",), _LINKING),
    "link": Entry(
        "linking", ("link_add", "link_remove"), _LINKING, help="Make or withdraw a link yourself."
    ),
    "report": Entry("report", ("report",), "Reports and views"),
    "viz": Entry("viz", ("viz",), "Reports and views"),
    "serve": Entry("serve", ("serve",), "Service"),
    "backup": Entry("backup", ("backup_command",), "Service"),
    "restore": Entry("backup", ("restore_command",), "Service"),
    "generate": Entry("generate", ("generate",), "Test data"),
}
"""Every command (and the ``link`` group) by name, in the order ``--help`` lists them."""

GLOBAL_VALUED = frozenset({"--store", "--data-dir"})
"""The global options that take a value (the next argument, or ``--store=VALUE``)."""
GLOBAL_FLAGS = frozenset({"--quiet", "-q"})
"""The global options that take none."""


def _add(app: typer.Typer, name: str) -> None:
    entry = COMMANDS[name]
    module = import_module(f"plangraph.cli.{entry.module}")
    funcs = [getattr(module, f) for f in entry.functions]
    if entry.help:
        register_group(app, name, *funcs, panel=entry.panel, help=entry.help)
    else:
        register(app, *funcs, panel=entry.panel)


def _whole_app() -> typer.Typer:
    whole = new_app()
    for name in COMMANDS:
        _add(whole, name)
    check_registered(whole)
    return whole


def invoked(args: list[str]) -> str | None:
    """The command ``args`` run, when the one-command app parses them as the whole app does:
    only global options (as Click reads them) before a known command name; else ``None``."""
    if any(k.endswith("_COMPLETE") and v for k, v in os.environ.items()):
        return None  # shell completion lists every command: the whole app's
    at = 0
    while at < len(args):
        arg = args[at]
        if arg in GLOBAL_FLAGS:
            at += 1
        elif arg in GLOBAL_VALUED:
            at += 2  # the next argument is the value, whatever it looks like (as Click takes it)
        elif arg.split("=", 1)[0] in GLOBAL_VALUED:
            at += 1
        elif arg.startswith("-"):
            return None  # --help, --, -qq, an unknown option: the whole app's answer
        else:
            return arg if arg in COMMANDS else None
    return None


def app_for(args: list[str]) -> typer.Typer:
    """The app to run ``args`` on: one holding the command they run alone, or the whole app."""
    name = invoked(args)
    if name is None:
        return whole_app()
    one = new_app()
    _add(one, name)
    return one


_whole: list[typer.Typer] = []


def whole_app() -> typer.Typer:
    """The app with every command (built once)."""
    if not _whole:
        _whole.append(_whole_app())
    return _whole[0]


def __getattr__(name: str) -> typer.Typer:
    """``app``: the whole app (PEP 562, built on first use)."""
    if name == "app":
        return whole_app()
    raise AttributeError(f"module 'plangraph.cli._app' has no attribute {name!r}")
