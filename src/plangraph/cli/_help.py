"""``plangraph --help`` drawn as plain text, in the panels Typer's Rich help draws.

Typer draws help with Rich, whose help module imports Rich's Markdown, syntax and traceback
renderers (with markdown-it): ~0.15 s of CPU before a line is printed, more than the rest of
``plangraph --help``. The top-level help (the screen a user meets first, and the one
``plangraph`` alone prints) is written here with the standard library only: the same usage
line, description, options and command panels (boxes of the same characters), no colours. The
help of each command stays Typer's.

The help is drawn from a ``HelpTable`` (usage, description, options, panels of commands):
``table_of`` reads one from the Typer app, and ``cli/_help_table.py`` keeps one written out,
from which ``plangraph --help`` and ``plangraph`` alone are answered without importing Typer
at all (``cli.main``). A test checks the written table is the app's, and that both draw the
same bytes; ``python -m plangraph.cli._help > src/plangraph/cli/_help_table.py`` rewrites it.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NamedTuple

__all__ = ["HelpTable", "group_help", "program_name", "render", "table_of", "table_source"]

COMMANDS_PANEL = "Commands"
OPTIONS_PANEL = "Options"


class HelpTable(NamedTuple):
    """What the top-level help shows, in plain values."""

    usage: str
    """The usage line after the program's name: ``[OPTIONS] COMMAND [ARGS]...``."""
    help: str
    """The app's description, as written (paragraphs split by blank lines)."""
    options: tuple[tuple[str, str, str, str], ...]
    """Global options: long names, short names, value type, help."""
    panels: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    """Panels in order, each ``(title, ((command, one-line help), ...))``."""


def _first_paragraph(text: str | None) -> str:
    """A help text's first paragraph as one line (the list shows that much)."""
    if not text:
        return ""
    return " ".join(text.strip().split("\n\n", 1)[0].split())


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)


def _panel(title: str, rows: list[list[str]], width: int) -> list[str]:
    """A box titled ``title`` holding ``rows`` as columns; the last column wraps."""
    inner = width - 4  # "│ " ... " │"
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lead = sum(w + 2 for w in widths if w)
    wrap = max(inner - lead, 20)
    lines = ["╭─ " + title + " " + "─" * max(width - len(title) - 5, 0) + "╮"]
    for row in rows:
        head = "".join(cell.ljust(w) + "  " for cell, w in zip(row, widths, strict=False) if w)
        text = _wrap(row[-1], wrap) or [""]
        for i, part in enumerate(text):
            line = (head if i == 0 else " " * lead) + part
            lines.append("│ " + line.ljust(inner) + " │")
    lines.append("╰" + "─" * (width - 2) + "╯")
    return lines


def _option_rows(group: Any, ctx: Any) -> list[tuple[str, str, str, str]]:
    from plangraph.cli._common import _plain_type

    rows = []
    for param in group.get_params(ctx):
        if getattr(param, "hidden", False) or param.param_type_name != "option":
            continue
        longs = [o for o in param.opts if o.startswith("--")]
        shorts = [o for o in [*param.opts, *param.secondary_opts] if not o.startswith("--")]
        if param.is_flag or not hasattr(param, "display_type"):
            shown = ""
        else:
            shown = _plain_type(param.display_type(ctx))
        rows.append((",".join(longs), ",".join(shorts), shown, param.help or ""))
    return rows


def table_of(group: Any, ctx: Any) -> HelpTable:
    """The top-level help of the Typer ``group`` as a ``HelpTable``."""
    panels: dict[str, list[tuple[str, str]]] = {}
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        panel = getattr(cmd, "rich_help_panel", None) or COMMANDS_PANEL
        panels.setdefault(panel, []).append((name, _first_paragraph(cmd.short_help or cmd.help)))
    return HelpTable(
        usage=" ".join(group.collect_usage_pieces(ctx)),
        help=group.help or "",
        options=tuple(_option_rows(group, ctx)),
        panels=tuple((title, tuple(rows)) for title, rows in panels.items()),
    )


def render(table: HelpTable, program: str, width: int | None = None) -> str:
    """The help ``table`` describes, for ``program`` (Typer's layout, plain text)."""
    if width is None:
        import shutil

        width = shutil.get_terminal_size((80, 24)).columns
    width = max(width, 60)
    body = width - 2
    out = ["", " Usage: " + " ".join([program, table.usage]), ""]
    for paragraph in table.help.strip().split("\n\n"):
        out += [" " + line for line in _wrap(" ".join(paragraph.split()), body)]
        out.append("")
    if table.options:
        out += _panel(OPTIONS_PANEL, [list(row) for row in table.options], width)
    names = max((len(r[0]) for _title, rows in table.panels for r in rows), default=0)
    for title, rows in table.panels:
        # One width for the names of every panel, as Typer aligns them.
        out += _panel(title, [[r[0].ljust(names), r[1]] for r in rows], width)
    return "\n".join(out) + "\n"


def group_help(group: Any, ctx: Any, width: int | None = None) -> str:
    """The help of the top-level ``group`` (Typer's layout, plain text)."""
    return render(table_of(group, ctx), ctx.command_path, width)


def program_name() -> str:
    """The program's name as Click's ``_detect_program_name`` gives it for the usage line:
    ``plangraph`` for the console script, ``python -m plangraph`` for the module."""
    main = sys.modules["__main__"]
    path = sys.argv[0]
    package = getattr(main, "__package__", None)
    if package in {None, ""} or (
        os.name == "nt"
        and package == ""
        and not os.path.exists(path)
        and os.path.exists(f"{path}.exe")
    ):
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = str(package) if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def table_source(table: HelpTable) -> str:
    """The text of ``cli/_help_table.py`` holding ``table`` (``ruff format`` tidies it)."""
    lines = [
        '"""The top-level help as plain values, for ``plangraph --help`` without Typer.',
        "",
        "Written by ``python -m plangraph.cli._help > src/plangraph/cli/_help_table.py`` (then",
        "``ruff format``); a test checks it is what the Typer app holds: rewrite it when a command",
        'or a global option changes."""',
        "",
        "from plangraph.cli._help import HelpTable",
        "",
        "TABLE = HelpTable(",
        f"    usage={table.usage!r},",
        f"    help={table.help!r},",
        "    options=(",
        *(f"        {row!r}," for row in table.options),
        "    ),",
        "    panels=(",
    ]
    for title, rows in table.panels:
        lines += [
            f"        ({title!r}, (",
            *(f"            {row!r}," for row in rows),
            "        )),",
        ]
    return "\n".join([*lines, "    ),", ")", ""])


def _app_table() -> HelpTable:
    from typer.main import get_command

    from plangraph.cli import app

    group = get_command(app)
    return table_of(group, group.make_context("plangraph", [], resilient_parsing=True))


if __name__ == "__main__":
    sys.stdout.write(table_source(_app_table()))
