"""The ``plangraph`` command line: parse, call the core, print.

Commands live in the modules of this package, each registering on ``app``; ``main`` is the
console-script entry point.
"""

from __future__ import annotations

import importlib

from plangraph.cli._common import app

__all__ = ["app", "main"]

# Each module registers its commands on ``app`` when imported. Modules of capabilities still
# being built may be missing in a checkout; every released one is listed here.
for _module in ("core", "analysis", "generate", "report", "serve", "viz"):
    try:
        importlib.import_module(f"plangraph.cli.{_module}")
    except ModuleNotFoundError as _exc:  # pragma: no cover - only while a module is being written
        if _exc.name != f"plangraph.cli.{_module}":
            raise


def main() -> None:
    """Run the CLI (the ``plangraph`` console script)."""
    app()
