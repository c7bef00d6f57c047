"""Run a command and print the CPU of every process it started, those reparented included.

Headless Chromium's renderers and zygote outlive the browser process that started them; they
are reparented (to init), and a plain ``wait`` (``/usr/bin/time``, pytest-xdist's figures) never
counts their CPU. This runs the command as a sub-reaper (``PR_SET_CHILD_SUBREAPER``), so they
are reparented here instead, reaps them all, and prints user + system time of them all:

    .venv/bin/python benchmarks/reaped.py .venv/bin/python -m pytest -q -n 0 tests/browser

Linux only. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main() -> int:
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    start = time.perf_counter()
    code = subprocess.call(sys.argv[1:])
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"reaped: exit {code}, user {usage.ru_utime:.1f} s, system {usage.ru_stime:.1f} s, "
        f"CPU {usage.ru_utime + usage.ru_stime:.1f} s, wall {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
