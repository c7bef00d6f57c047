"""The ``plangraph`` command line: parse, call the core, print.

Each command is a function marked ``@command`` in a module of this package; ``cli/_app.py``
registers them all, in the order and sections ``--help`` lists them, on the Typer app
(``plangraph.cli.app``, built on first use). ``main`` is the console-script entry point.

``plangraph --help`` and ``plangraph`` alone (the top-level help; exit 2 for the latter, as
Typer gives) are answered from the help table written out in ``cli/_help_table.py``, without
importing Typer, Click or the commands: the screen a user meets first appears at once. A test
checks the table is the app's and that the bytes are those Typer's app prints. A command line
that names a command runs on an app holding that command alone (``cli._app.app_for``: only its
module is imported); anything else goes to the whole app.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plangraph.cli._app import app

__all__ = ["app", "main"]

_QUICK_HELP_FLAGS = frozenset({"--help", "--quiet", "-q"})
"""Arguments with which the app prints its top-level help and nothing else (``--help`` among
them): the global flags change nothing in the help, and take no value."""


def quick_help(args: list[str]) -> int | None:
    """Print the top-level help for ``args`` as the app would, and return the exit code; or
    ``None`` (printing nothing) when ``args`` ask for anything else."""
    if args and ("--help" not in args or not _QUICK_HELP_FLAGS.issuperset(args)):
        return None
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding not in ("utf8", "utf_8"):
        return None  # Click's own echo knows how to write the boxes to another encoding
    from plangraph.cli._help import program_name, render
    from plangraph.cli._help_table import TABLE

    try:
        sys.stdout.write(render(TABLE, program_name()))
        sys.stdout.flush()
    except BrokenPipeError:
        # As Click does when the reader has gone: no traceback, exit code 1 (and nothing left
        # for Python to fail to flush at exit).
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0 if args else 2


def main() -> None:
    """Run the CLI (the ``plangraph`` console script)."""
    code = quick_help(sys.argv[1:])
    if code is not None:
        raise SystemExit(code)
    from plangraph.cli._app import app_for

    app_for(sys.argv[1:])()


def __getattr__(name: str) -> Any:
    """``app``: the Typer app, with every command registered (PEP 562, on first use)."""
    if name == "app":
        from plangraph.cli._app import app

        return app
    raise AttributeError(f"module 'plangraph.cli' has no attribute {name!r}")
