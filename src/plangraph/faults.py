"""Test-only fault injection: the process killed (SIGKILL) at a named point of a write.

``PLANGRAPH_TEST_KILL_AT=NAME`` makes ``kill_point(NAME)`` send the running process a real
SIGKILL, as ``kill -9`` would, at exactly that point. tests/api/test_api_durability.py uses it
to kill a real ``plangraph serve`` at every phase of a plan write (manifest entry dropped,
temporary file written, file renamed, graph cleared, store filled, manifest entry set, version
records) instead of at random times. Unset (always, outside that test), a kill point is one
dictionary look-up and nothing else. Never set it on a server that holds data you care about.
"""

from __future__ import annotations

import os
import signal

ENV = "PLANGRAPH_TEST_KILL_AT"


def kill_point(name: str) -> None:
    """SIGKILL this process if ``PLANGRAPH_TEST_KILL_AT`` is ``name`` (tests only)."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
