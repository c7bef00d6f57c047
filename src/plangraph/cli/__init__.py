"""The ``plangraph`` command line: parse, call the core, print.

Commands live in the modules of this package, each registering on ``app``; ``main`` is the
console-script entry point.
"""

from __future__ import annotations

from plangraph.cli import core as _core  # noqa: F401  (registers the commands)
from plangraph.cli._common import app

__all__ = ["app", "main"]


def main() -> None:
    """Run the CLI (the ``plangraph`` console script)."""
    app()
