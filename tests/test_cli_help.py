"""``plangraph --help`` drawn without Rich (``cli._help``): what it lists, and what it loads.

Behaviour, not timing: the import check runs a fresh interpreter and looks at ``sys.modules``.
"""

from __future__ import annotations

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
