"""``plangraph --help`` drawn as plain text, in the panels Typer's Rich help draws.

Typer draws help with Rich, whose help module imports Rich's Markdown, syntax and traceback
renderers (with markdown-it): ~0.15 s of CPU before a line is printed, more than the rest of
``plangraph --help``. The top-level help (the screen a user meets first, and the one
``plangraph`` alone prints) is written here with the standard library only: the same usage
line, description, options and command panels (boxes of the same characters), no colours. The
help of each command stays Typer's.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

__all__ = ["group_help"]

COMMANDS_PANEL = "Commands"
OPTIONS_PANEL = "Options"


def _first_paragraph(text: str | None) -> str:
    """A help text's first paragraph as one line (the list shows that much)."""
    if not text:
        return ""
    return " ".join(text.strip().split("\n\n", 1)[0].split())


def _panel(title: str, rows: list[list[str]], width: int) -> list[str]:
    """A box titled ``title`` holding ``rows`` as columns; the last column wraps."""
    inner = width - 4  # "│ " ... " │"
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lead = sum(w + 2 for w in widths if w)
    wrap = max(inner - lead, 20)
    lines = ["╭─ " + title + " " + "─" * max(width - len(title) - 5, 0) + "╮"]
    for row in rows:
        head = "".join(cell.ljust(w) + "  " for cell, w in zip(row, widths, strict=False) if w)
        text = textwrap.wrap(row[-1], wrap) or [""]
        for i, part in enumerate(text):
            line = (head if i == 0 else " " * lead) + part
            lines.append("│ " + line.ljust(inner) + " │")
    lines.append("╰" + "─" * (width - 2) + "╯")
    return lines


def _option_rows(group: Any, ctx: Any) -> list[list[str]]:
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
        rows.append([",".join(longs), ",".join(shorts), shown, param.help or ""])
    return rows


def group_help(group: Any, ctx: Any, width: int | None = None) -> str:
    """The help of the top-level ``group`` (Typer's layout, plain text)."""
    if width is None:
        width = shutil.get_terminal_size((80, 24)).columns
    width = max(width, 60)
    body = width - 2
    usage = " ".join([ctx.command_path, *group.collect_usage_pieces(ctx)])
    out = ["", " Usage: " + usage, ""]
    for paragraph in (group.help or "").strip().split("\n\n"):
        out += [" " + line for line in textwrap.wrap(" ".join(paragraph.split()), body)]
        out.append("")
    options = _option_rows(group, ctx)
    if options:
        out += _panel(OPTIONS_PANEL, options, width)
    panels: dict[str, list[list[str]]] = {}
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        panel = getattr(cmd, "rich_help_panel", None) or COMMANDS_PANEL
        panels.setdefault(panel, []).append([name, _first_paragraph(cmd.short_help or cmd.help)])
    names = max((len(r[0]) for rows in panels.values() for r in rows), default=0)
    for title, rows in panels.items():
        # One width for the names of every panel, as Typer aligns them.
        out += _panel(title, [[r[0].ljust(names), r[1]] for r in rows], width)
    return "\n".join(out) + "\n"
