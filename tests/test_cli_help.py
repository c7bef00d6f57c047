"""``plangraph --help`` drawn without Rich (``cli._help``): what it lists, and what it loads.

Behaviour, not timing: the import check runs a fresh interpreter and looks at ``sys.modules``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import loaded_after, run_cli, run_cli_process


def _words(text: str) -> str:
    """The text without the boxes' borders, as one line of words."""
    return " ".join(text.replace("│", " ").split())


def test_top_level_help_lists_every_command_in_its_panel() -> None:
    from plangraph.cli import app

    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Usage: plangraph [OPTIONS] COMMAND [ARGS]..." in text
    for option in ("--store", "--data-dir", "--quiet", "-q", "--help"):
        assert option in text
    panels = [c.rich_help_panel for c in app.registered_commands]
    panels += [g.rich_help_panel for g in app.registered_groups]
    for panel in {p for p in panels if p}:
        assert f"╭─ {panel} " in text
    flat = _words(text)
    for command in app.registered_commands:
        assert command.name is not None
        doc = command.callback.__doc__ if command.callback else None
        first = " ".join((doc or "").strip().split("\n\n")[0].split())
        assert f"{command.name} {first}" in flat, command.name
    for group in app.registered_groups:
        assert f" {group.name} {group.typer_instance.info.help}" in flat
    # Each panel lists its commands in the order they were registered.
    order = [c.name for c in app.registered_commands if c.name]
    at = [text.index(f"│ {name} ") for name in order]
    by_panel: dict[str, list[int]] = {}
    for command, where in zip(app.registered_commands, at, strict=True):
        by_panel.setdefault(command.rich_help_panel or "", []).append(where)
    assert all(places == sorted(places) for places in by_panel.values())


def test_lines_fit_the_width_and_boxes_close() -> None:
    from typer.main import get_command

    from plangraph.cli import app
    from plangraph.cli._help import group_help

    group = get_command(app)
    for width in (60, 80, 120):
        ctx = group.make_context("plangraph", [], resilient_parsing=True)
        lines = group_help(group, ctx, width).splitlines()
        boxed = [line for line in lines if line and line[0] in "╭│╰"]
        assert boxed and all(len(line) == width for line in boxed), width
        assert sum(line.startswith("╭") for line in lines) == sum(
            line.startswith("╰") for line in lines
        )


def test_no_arguments_prints_the_help_and_exits_2() -> None:
    alone = run_cli_process()
    helped = run_cli_process("--help")
    assert alone.returncode == 2 and helped.returncode == 0
    assert alone.stdout == helped.stdout
    assert "[OPTIONS] COMMAND [ARGS]..." in alone.stdout
    assert alone.stderr == ""


def test_command_help_is_still_typers() -> None:
    result = run_cli("gaps", "--help")
    assert result.returncode == 0
    assert "--format" in result.stdout and "Usage: plangraph gaps" in result.stdout


def test_top_level_help_loads_no_rich() -> None:
    """Rich's help module (with its Markdown and traceback renderers) stays unloaded."""
    code = """
    import contextlib, io
    from plangraph.cli import app
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):
        app(["--help"], prog_name="plangraph")
    assert "gaps" in out.getvalue()
    """
    assert loaded_after(code, ("rich", "markdown_it", "typer.rich_utils")) == set()


# ``plangraph --help`` and ``plangraph`` alone, answered without Typer (``cli.quick_help``).


def _typer_help(args: list[str], width: int, program: str) -> tuple[int, str]:
    """What the Typer app itself prints for ``args`` (exit code, stdout), as ``program``."""
    from typer.testing import CliRunner

    from plangraph.cli import app

    env = {k: None for k in os.environ if k.startswith("PLANGRAPH_")}
    result = CliRunner().invoke(app, args, prog_name=program, env={**env, "COLUMNS": str(width)})
    return result.exit_code, result.stdout


def _process(command: list[str], width: int) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "COLUMNS": str(width)},
        timeout=120,
    )


def test_the_written_help_table_is_the_apps() -> None:
    from plangraph.cli._help import _app_table
    from plangraph.cli._help_table import TABLE

    assert _app_table() == TABLE, (
        "the help table is out of date: run `python -m plangraph.cli._help > "
        "src/plangraph/cli/_help_table.py && ruff format src/plangraph/cli/_help_table.py`"
    )


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("args", [["--help"], [], ["--quiet", "--help"], ["--help", "-q"]])
def test_quick_help_prints_the_bytes_typer_prints(width: int, args: list[str]) -> None:
    """The whole process (``python -m plangraph`` and the console script) against the app."""
    script = Path(sys.executable).with_name("plangraph")
    runs = [([sys.executable, "-m", "plangraph"], "python -m plangraph")]
    if script.exists():  # the console script of an installed plangraph
        runs.append(([str(script)], "plangraph"))
    for command, program in runs:
        quick = _process([*command, *args], width)
        code, text = _typer_help(args, width, program)
        assert (quick.returncode, quick.stdout) == (code, text), (command, args, width)
        assert quick.stderr == ""
        assert quick.returncode == (0 if args else 2)


def test_other_arguments_go_to_the_app() -> None:
    from plangraph.cli import quick_help

    for args in (
        ["gaps"],
        ["--quiet"],
        ["-h"],
        ["--store", "memory", "--help"],
        ["gaps", "--help"],
    ):
        assert quick_help(args) is None, args


def test_quick_help_loads_neither_typer_nor_rich() -> None:
    code = """
    import contextlib, sys
    sys.argv = ["plangraph", "--help"]
    from plangraph.cli import main
    with contextlib.suppress(SystemExit):
        main()
    """
    heavy = ("typer", "typer._click", "click", "rich", "plangraph.cli._common", "plangraph.store")
    assert loaded_after(code, heavy) == set()


def test_the_program_name_is_clicks() -> None:
    """The usage line names the program as Click would (console script, ``python -m``)."""
    from types import ModuleType

    from typer._click.utils import _detect_program_name

    from plangraph.cli._help import program_name

    cases = [
        ("/usr/bin/plangraph", None),
        ("/x/plangraph/__main__.py", "plangraph"),
        ("/x/plangraph/cli/_help.py", "plangraph.cli"),
        ("app.py", ""),
    ]
    for path, package in cases:
        main = ModuleType("__main__")
        main.__package__ = package
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "argv", [path])
            patch.setitem(sys.modules, "__main__", main)
            assert program_name() == _detect_program_name(path, main), path
