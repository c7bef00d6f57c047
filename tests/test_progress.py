"""Progress bars: drawn on stderr when it is a terminal, never when it is not or when quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import textwrap

from tests.helpers import run_cli

SCRIPT = textwrap.dedent(
    """
    import sys, threading, time
    import plangraph.progress as p
    p.DELAY = 0.0  # draw at once: the test is about where it draws, not when
    if "quiet" in sys.argv:
        p.set_quiet(True)
    drawn = threading.Event()
    with p.progress("Arbeider med planene", total=4) as work:
        for _ in range(4):
            work.advance()
        # Wait until the bar has started (or would have): the timer fires in its own thread,
        # which loads Rich first (slow on a busy machine: wait for the bar, not a fixed time).
        threading.Timer(0.0, drawn.set).start()
        drawn.wait(5)
        deadline = time.monotonic() + 60
        while p.shown() and work._bar is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
    print("done", work.done)
    """
)


def _run(args: list[str], *, tty: bool, env: dict[str, str] | None = None) -> tuple[str, str]:
    """Run SCRIPT; return (stdout, stderr), stderr a pseudo-terminal when ``tty``."""
    inherited = {k: v for k, v in os.environ.items() if k != "PLANGRAPH_QUIET"}
    full_env = {**inherited, **(env or {}), "COLUMNS": "100", "TERM": "xterm"}
    if not tty:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=60,
        )
        return done.stdout, done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=full_env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    out = process.communicate(timeout=60)[0].decode()
    os.close(leader)
    return out, b"".join(chunks).decode(errors="replace")


def test_a_terminal_gets_a_bar_on_stderr() -> None:
    out, err = _run([], tty=True)
    assert out.strip() == "done 4"
    assert "Arbeider med planene" in err


def test_no_bar_when_stderr_is_not_a_terminal() -> None:
    out, err = _run([], tty=False)
    assert (out.strip(), err) == ("done 4", "")


def test_no_bar_when_quiet() -> None:
    out, err = _run(["quiet"], tty=True)
    assert out.strip() == "done 4"
    assert "Arbeider" not in err
    out, err = _run([], tty=True, env={"PLANGRAPH_QUIET": "1"})
    assert "Arbeider" not in err


def test_quiet_is_a_global_option() -> None:
    done = run_cli("--quiet", "gaps", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.lstrip().startswith("[")
    assert "--quiet" in run_cli("--help").stdout
