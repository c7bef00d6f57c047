"""End to end: ``python -m plangraph`` in a subprocess, as a user runs it.

The other CLI tests run in-process (``tests.helpers.run_cli``); these few check what only a real
process shows: the entry point, exit codes, output streams, and that an error is a message and
never a traceback.
"""

from __future__ import annotations

import json

from tests.helpers import run_cli_process


def test_info_runs_as_a_process() -> None:
    out = run_cli_process("info", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["quads"] > 1000


def test_bad_input_exits_2_with_a_message_on_stderr() -> None:
    out = run_cli_process("show", "pg:a>b")
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.startswith("error: IRI 'https://w3id.org/plangraph/ns#a>b' holds a character")
    assert "Traceback" not in out.stderr


def test_a_label_filter_of_the_wrong_kind_is_not_taken() -> None:
    out = run_cli_process("gaps", "--org", "Helse Midt-Norge", "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows
    assert {r["organisation"]["label"] for r in rows} == {"Helse Midt-Norge RHF"}
