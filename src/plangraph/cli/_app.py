"""The Typer app with every command registered, in the order and sections ``--help`` lists them.

Each command is a function marked ``@command`` in a module of this package; this file registers
them all. ``plangraph.cli.app`` is this app (imported on first use, so that ``plangraph --help``
can answer without it).
"""

from __future__ import annotations

from plangraph.cli import analysis, backup, core, generate, importing, linking, report, serve, viz
from plangraph.cli import versions as versions_cli  # plan versions (issue 12)
from plangraph.cli._common import app, check_registered, register, register_group

__all__ = ["app"]

register(core.info, core.validate, core.export, core.show, panel="The graph")
register(importing.template, importing.import_file, panel="The graph")
register(versions_cli.versions, versions_cli.diff, panel="The graph")  # plan versions (issue 12)
register(
    analysis.gaps,
    analysis.overlaps,
    analysis.coverage,
    analysis.trace,
    analysis.impact,
    analysis.query,
    analysis.sparql,
    panel="Planners' questions",
)
register(linking.suggest, linking.review, linking.accept, linking.reject, panel="Linking")
register_group(
    "link",
    linking.link_add,
    linking.link_remove,
    panel="Linking",
    help="Make or withdraw a link yourself.",
)
register(report.report, viz.viz, panel="Reports and views")
register(serve.serve, backup.backup_command, backup.restore_command, panel="Service")
register(generate.generate, panel="Test data")
check_registered()
