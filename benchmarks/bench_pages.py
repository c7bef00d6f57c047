"""What headless Chromium spends drawing the pages: CPU of every Chromium process (browser, GPU,
renderers, utilities, zygote) and the Playwright driver, per page load and for a whole round.

A real ``plangraph serve`` on a copy of data/*.ttl (the SHACL start-up check off, as the test
servers run) per tree; for each variant, a child process launches Debian's chromium (with the
page tests' flags, ``tests.helpers.CHROMIUM_ARGS``, plus the variant's own), opens each page in a
fresh tab with the HTTP cache off (as ``tests/browser/conftest.py``'s ``fresh_page``), waits until
it is drawn (``__vizReady``, ``__docsReady``, the review card, ...), and closes it; ``--rounds``
times over the pages. The child is a sub-reaper and reaps every process left behind, so its
rusage (user + system) holds all of Chromium's processes, which a plain ``wait`` misses (the
renderers and the zygote outlive the browser process and are reparented). Per page: the CPU of
the process tree from /proc between the tab's creation and the page drawn (processes that end
in between are not counted there; the round's total counts them).

Variants run alternately, ``--repeat`` times each, in the same minutes:

    .venv/bin/python benchmarks/bench_pages.py --variant new: --variant old:--ref=25251dd \\
        [--variant flags:--flag=--renderer-process-limit=1] [--rounds 2] [--repeat 3]

A variant is ``name:`` then, comma-separated: ``--ref=COMMIT`` (serve that commit's src, from
``git archive``), ``--flag=...`` (an extra Chromium switch), ``--keeper-blank`` (one blank tab
kept open meanwhile, as the page tests do), ``--keeper`` (one kept open on the server's origin),
``--reuse-tab`` (every load in one tab), ``--no-cdp`` (no CDP session switching the cache off),
``--clear-cache`` (a blank tab kept open, its CDP session empties the context's HTTP cache
before each load: with ``--no-cdp``, what the page tests' ``fresh_page`` does now);
a part that does not start with ``--`` continues the flag before it (``--flag=--disable-features=A,B``).
``--pages /a,/b`` measures only those pages. Not a test: figures depend on the machine and its
load; compare only variants measured together.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
PR_SET_CHILD_SUBREAPER = 36

PAGES: list[tuple[str, str | None]] = [
    ("/", None),
    ("/viz", "() => window.__vizReady === true"),
    ("/viz?layout=force", "() => window.__vizReady === true"),
    ("/viz?lang=en&types=goal,challenge", "() => window.__vizReady === true"),
    ("/docs", "() => window.__docsReady === true"),
    ("/redoc", "() => window.__docsReady === true"),
    ("/sparql", None),
    ("/review", "() => !document.getElementById('card').hidden"),
    ("/import", None),
]
"""Each page and what says it is drawn (None: the load event)."""


def _tree_cpu(root: int) -> dict[int, tuple[str, float]]:
    """pid -> (kind, user + system seconds) of ``root``'s living descendants."""
    table: dict[int, tuple[int, float, str]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
            cmd = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        rest = stat.rsplit(")", 1)[1].split()
        table[int(name)] = (int(rest[1]), (int(rest[11]) + int(rest[12])) / TICK, cmd)
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, (parent, _cpu, _cmd) in table.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    found = {}
    for pid in tree - {root}:
        if pid in table:
            _parent, cpu, cmd = table[pid]
            kind = next((p[7:] for p in cmd.split() if p.startswith("--type=")), "browser")
            found[pid] = (kind if "chromium" in cmd else "driver", cpu)
    return found


def inner(url: str, flags: list[str], rounds: int) -> None:
    """One variant's run (in a child process): every page ``rounds`` times; JSON on stdout."""
    from playwright.sync_api import sync_playwright

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    me = os.getpid()
    pages: dict[str, list[float]] = {path: [] for path, _ready in PAGES}
    walls: dict[str, list[float]] = {path: [] for path, _ready in PAGES}
    reuse = "--reuse-tab" in flags
    cdp = "--no-cdp" not in flags
    keeper = "--keeper" in flags
    blank = "--keeper-blank" in flags
    clear = "--clear-cache" in flags
    flags = [
        f
        for f in flags
        if f not in ("--reuse-tab", "--no-cdp", "--keeper", "--keeper-blank", "--clear-cache")
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + flags
        )
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = None
        if keeper:
            context.new_page().goto(url + "/static/api/favicon.svg")
        clearer = None
        if blank or clear:
            kept = context.new_page()
            if clear:
                clearer = context.new_cdp_session(kept)
        for _round in range(rounds):
            for path, ready in PAGES:
                before = _tree_cpu(me)
                start = time.perf_counter()
                if clearer is not None:
                    clearer.send("Network.clearBrowserCache")
                if page is None or not reuse:
                    page = context.new_page()
                    if cdp:
                        session = context.new_cdp_session(page)
                        session.send("Network.enable")
                        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
                page.goto(url + path)
                if ready is not None:
                    page.wait_for_function(ready, timeout=120_000)
                walls[path].append(time.perf_counter() - start)
                after = _tree_cpu(me)
                pages[path].append(
                    sum(cpu - before.get(pid, ("", 0.0))[1] for pid, (_k, cpu) in after.items())
                )
                if not reuse:
                    page.close()
        context.close()
        browser.close()
    while True:  # every process Chromium left behind, so that our rusage holds its CPU
        try:
            os.wait()
        except ChildProcessError:
            break
    print(json.dumps({"pages": pages, "walls": walls}))


def _serve(src: Path, data: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    env.update(
        {
            "PYTHONPATH": str(src),
            "PLANGRAPH_DATA_DIR": str(data),
            "PLANGRAPH_STARTUP_CHECK_MAX_QUADS": "0",
            "PLANGRAPH_API_KEY": "bench-key",
        }
    )
    command = [sys.executable, "-m", "plangraph", "serve", "--host", "127.0.0.1"]
    with log.open("wb") as out:
        return subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def _wait_up(url: str, process: subprocess.Popen[bytes]) -> None:
    import urllib.request

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tree_at(ref: str, folder: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", ref, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def _parse_variant(text: str) -> tuple[str, str | None, list[str]]:
    name, _colon, rest = text.partition(":")
    ref: str | None = None
    flags: list[str] = []
    for part in filter(None, rest.split(",")):
        if not part.startswith("--") and flags and flags[-1].startswith("--"):
            flags[-1] += "," + part  # a flag's own comma-separated list (--disable-features=A,B)
        elif part.startswith("--ref="):
            ref = part[len("--ref=") :]
        elif part in ("--reuse-tab", "--no-cdp", "--keeper", "--keeper-blank", "--clear-cache"):
            flags.append(part)
        elif part.startswith("--flag="):
            flags.append(part[len("--flag=") :])
        else:
            raise SystemExit(f"unknown variant part {part!r}")
    return name, ref, flags


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--inner", nargs=2, metavar=("URL", "FLAGS"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--pages", help="only these pages (comma-separated paths)")
    args = parser.parse_args()
    if args.pages:
        wanted = args.pages.split(",")
        PAGES[:] = [(path, ready) for path, ready in PAGES if path in wanted]
    if args.inner:
        inner(args.inner[0], json.loads(args.inner[1]), args.rounds)
        return
    variants = [_parse_variant(v) for v in args.variant or ["this:"]]
    results: dict[str, list[dict[str, Any]]] = {name: [] for name, _r, _f in variants}
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        servers: dict[str | None, tuple[str, subprocess.Popen[bytes]]] = {}
        try:
            for _name, ref, _flags in variants:
                if ref in servers:
                    continue
                base = Path(tmp) / (ref or "this")
                base.mkdir()
                src = _tree_at(ref, base) if ref else ROOT / "src"
                data = base / "data"
                data.mkdir()
                for ttl in (ROOT / "data").glob("*.ttl"):
                    shutil.copy(ttl, data)
                port = _free_port()
                url = f"http://127.0.0.1:{port}"
                process = _serve(src, data, port, base / "server.log")
                _wait_up(url, process)
                body = json.dumps({"limit": 3, "relations": ["addresses"]}).encode()
                import urllib.request

                request = urllib.request.Request(
                    url + "/api/suggestions/run",
                    data=body,
                    headers={"Content-Type": "application/json", "X-API-Key": "bench-key"},
                )
                urllib.request.urlopen(request, timeout=300).close()  # a review queue to draw
                servers[ref] = (url, process)
            for _repeat in range(args.repeat):
                for name, ref, flags in variants:
                    url = servers[ref][0]
                    start = time.perf_counter()
                    child = subprocess.Popen(
                        [
                            sys.executable,
                            __file__,
                            "--rounds",
                            str(args.rounds),
                            *(["--pages", args.pages] if args.pages else []),
                            "--inner",
                            url,
                            json.dumps(flags),
                        ],
                        stdout=subprocess.PIPE,
                    )
                    out = child.stdout.read() if child.stdout else b""
                    _pid, status, usage = os.wait4(child.pid, 0)
                    if status != 0:
                        raise SystemExit(f"variant {name} failed")
                    run = json.loads(out)
                    run["cpu"] = usage.ru_utime + usage.ru_stime
                    run["wall"] = time.perf_counter() - start
                    results[name].append(run)
                    print(f"{name}: cpu {run['cpu']:.1f} s, wall {run['wall']:.1f} s", flush=True)
        finally:
            for _url, process in servers.values():
                process.terminate()
                process.wait(timeout=30)
    _report(variants, results, args)


def _report(
    variants: list[tuple[str, str | None, list[str]]],
    results: dict[str, list[dict[str, Any]]],
    args: argparse.Namespace,
) -> None:
    load = os.getloadavg()[0]
    lines = [
        f"Command: `{' '.join([Path(sys.executable).name, *sys.argv])}` "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {load:.1f}, "
        f"{args.rounds} rounds of {len(PAGES)} pages per run, {args.repeat} runs per variant, "
        "alternating). Medians.",
        "",
        "| variant | run CPU (s) | run wall (s) | " + " | ".join(p for p, _r in PAGES) + " |",
        "|---|---:|---:|" + "---:|" * len(PAGES),
    ]
    for name, ref, flags in variants:
        runs = results[name]
        cells = []
        for path, _ready in PAGES:
            cells.append(f"{statistics.median(x for r in runs for x in r['pages'][path]):.2f}")
        label = name + (f" ({ref})" if ref else "") + (f" `{' '.join(flags)}`" if flags else "")
        lines.append(
            f"| {label} | {statistics.median(r['cpu'] for r in runs):.1f} | "
            f"{statistics.median(r['wall'] for r in runs):.1f} | " + " | ".join(cells) + " |"
        )
    lines.append("")
    lines.append("Per page: CPU seconds (all Chromium processes and the driver) from a new tab to")
    lines.append("the page drawn, median over runs and rounds.")
    text = "\n".join(lines)
    print(text)
    if args.out:
        with args.out.open("a", encoding="utf-8") as out:
            out.write(text + "\n\n")


if __name__ == "__main__":
    main()
