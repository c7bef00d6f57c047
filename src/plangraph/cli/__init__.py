"""The ``plangraph`` command line: parse, call the core, print.

Commands live in the modules of this package, each registering on ``app`` when imported;
``main`` is the console-script entry point.
"""

from __future__ import annotations

# Imported in the order their sections appear in --help.
from plangraph.cli import core  # isort: split

from plangraph.cli import analysis, report, viz  # isort: split

from plangraph.cli import serve  # isort: split

from plangraph.cli import backup  # isort: split

from plangraph.cli import generate
from plangraph.cli._common import app

__all__ = ["app", "main"]

_COMMAND_MODULES = (core, analysis, report, viz, serve, backup, generate)


def main() -> None:
    """Run the CLI (the ``plangraph`` console script)."""
    app()
