"""A command line that names a command runs on an app holding that command alone
(``cli._app.app_for``): the same answers as the whole app, only its own module loaded.

Behaviour, not timing: the checks compare what the two apps print and look at ``sys.modules``
in fresh interpreters.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.helpers import run_fresh

COMMAND_MODULES = (
    "plangraph.cli.analysis",
    "plangraph.cli.backup",
    "plangraph.cli.core",
    "plangraph.cli.generate",
    "plangraph.cli.importing",
    "plangraph.cli.linking",
    "plangraph.cli.report",
    "plangraph.cli.serve",
    "plangraph.cli.versions",
    "plangraph.cli.viz",
)


def _names(app: object) -> list[str]:
    from typer.main import get_command

    group = get_command(app)  # type: ignore[arg-type]
    ctx = group.make_context("plangraph", [], resilient_parsing=True)
    return list(group.list_commands(ctx))  # type: ignore[attr-defined]


def test_the_command_table_is_the_whole_apps_and_the_helps() -> None:
    """Every command the help lists is in ``COMMANDS`` under the same panel, in the same order,
    and the whole app holds exactly those (a command left out of the table fails here)."""
    from plangraph.cli._app import COMMANDS, whole_app
    from plangraph.cli._help_table import TABLE

    listed = [(name, title) for title, rows in TABLE.panels for name, _help in rows]
    assert [(name, entry.panel) for name, entry in COMMANDS.items()] == listed
    assert sorted(_names(whole_app())) == sorted(COMMANDS)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["gaps"], "gaps"),
        (["gaps", "--format", "json"], "gaps"),
        (["--store", "memory", "gaps"], "gaps"),
        (["--store=memory", "--data-dir=x", "-q", "--quiet", "info"], "info"),
        (["--store", "--help", "show", "x"], "show"),  # --help is the store's value, as Click reads
        (["--data-dir", "gaps", "overlaps"], "overlaps"),
        (["link", "add"], "link"),
        (["gaps", "--help"], "gaps"),
        (["gpas"], None),
        (["Gaps"], None),
        (["--store"], None),
        (["--store", "memory"], None),
        (["--", "gaps"], None),
        (["-qq", "gaps"], None),
        (["--quiet=1", "gaps"], None),
        (["--help", "gaps"], None),
        (["-h", "gaps"], None),
        (["--bogus", "gaps"], None),
        (["", "gaps"], None),
        ([], None),
    ],
)
def test_which_command_lines_run_on_one_command(args: list[str], name: str | None) -> None:
    from plangraph.cli._app import invoked

    assert invoked(args) == name


def test_shell_completion_goes_to_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from plangraph.cli._app import invoked

    monkeypatch.setenv("_PLANGRAPH_COMPLETE", "bash_complete")
    assert invoked(["gaps"]) is None


def test_each_one_command_app_holds_its_command_alone() -> None:
    from plangraph.cli._app import COMMANDS, app_for

    for name in COMMANDS:
        assert _names(app_for([name])) == [name]


def _run(app: object, args: list[str], width: int) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PLANGRAPH_")}
    env["COLUMNS"] = str(width)
    result = CliRunner().invoke(app, args, prog_name="plangraph", env=env)  # type: ignore[arg-type]
    return result.exit_code, result.stdout, result.stderr


def _lines() -> list[list[str]]:
    from plangraph.cli._app import COMMANDS

    lines = [[name, "--help"] for name in COMMANDS]
    lines += [["link", "add", "--help"], ["link", "remove", "--help"], ["link"], ["link", "x"]]
    lines += [
        ["gaps", "--bogus"],
        ["gaps", "--format", "xml"],
        ["gaps", "extra"],
        ["gaps", "-h"],
        ["--store", "memory", "overlaps", "--min-shared", "two"],
        ["-q", "show"],
        ["--data-dir", "/nonexistent/plangraph-test", "info"],
    ]
    return lines


# The narrowest width measures the code; the others run the same lines and branches of
# plangraph (checked with coverage's per-test contexts) with coverage's tracer paused, where it
# would only slow rich's rendering of the help screens down.
@pytest.mark.parametrize(
    "width",
    [
        60,
        pytest.param(80, marks=pytest.mark.untraced),
        pytest.param(120, marks=pytest.mark.untraced),
    ],
)
def test_one_command_app_answers_as_the_whole_app(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Help, usage errors and refusals: the same exit code and bytes from both apps."""
    from typer import testing

    from plangraph.cli._app import app_for, whole_app

    # The whole app's Click command is built once for the lines (a Click command serves any
    # number of command lines); each one-command app is built afresh, as a process builds it.
    whole = whole_app()
    built = testing._get_command(whole)
    fresh = testing._get_command
    monkeypatch.setattr(testing, "_get_command", lambda app: built if app is whole else fresh(app))
    for args in _lines():
        one = app_for(args)
        assert one is not whole_app(), args
        assert _run(one, args, width) == _run(whole_app(), args, width), (args, width)


def _process(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    return subprocess.run(
        [sys.executable, "-m", "plangraph", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "COLUMNS": "80"},
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [["gpas"], ["--store", "memory", "ovrlaps"], ["--bogus", "gaps"], ["--store"], ["gaps", "-x"]],
)
def test_a_misspelt_command_still_gets_typers_answer(args: list[str]) -> None:
    """Whole processes: the message the whole app gives (with its suggestion), exit code 2."""
    from plangraph.cli._app import whole_app

    process = _process(args)
    code, out, err = _run(whole_app(), args, 80)
    assert (process.returncode, process.stdout) == (code, out) == (2, "")
    assert process.stderr == err.replace(
        "Usage: plangraph ", "Usage: python -m plangraph "
    ).replace("'plangraph --help'", "'python -m plangraph --help'").replace(
        "'plangraph gaps --help'", "'python -m plangraph gaps --help'"
    )
    if args == ["gpas"]:
        assert "No such command 'gpas'. Did you mean 'gaps'?" in process.stderr


def _modules_after(args: list[str]) -> set[str]:
    code = f"""
    import contextlib, io, sys
    sys.argv = ["plangraph", *{args!r}]
    from plangraph.cli import main
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        with contextlib.suppress(SystemExit):
            main()
    """
    return run_fresh(textwrap.dedent(code), COMMAND_MODULES, timeout=300)[1]


@pytest.mark.parametrize(
    ("args", "modules"),
    [
        (["gaps", "--format", "json"], {"analysis", "versions"}),
        (["-q", "--store", "memory", "overlaps", "--help"], {"analysis", "versions"}),
        (["info", "--format", "json"], {"core"}),
        (["link", "--help"], {"linking"}),
        (["generate", "--help"], {"generate"}),
        # Not a command: the whole app answers, with every module.
        (["gpas"], {m.rsplit(".", 1)[1] for m in COMMAND_MODULES}),
    ],
)
def test_a_command_loads_only_its_own_module(args: list[str], modules: set[str]) -> None:
    loaded = _modules_after(args)
    assert loaded == {f"plangraph.cli.{m}" for m in modules}
