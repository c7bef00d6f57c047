"""How long the graph view takes to become interactive in headless Chromium.

For generated stores of about 500, 2,000 and 10,000 drawable nodes (``plangraph generate``), it
starts ``plangraph serve`` on 127.0.0.1, opens ``/viz`` (layered and force-directed) and
measures from navigation to ``window.__vizReady`` (set by the page once vis-network has drawn
the precomputed positions; physics stays off). It also times the server's part alone (one GET
of the page) and the default cap (3,000 nodes) on the biggest store.

    .venv/bin/python benchmarks/bench_viz.py [--out benchmarks/results/viz.md]

Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

# Triples to generate for each target view size (about 25 triples per drawable node).
SIZES = {500: 12_500, 2_000: 50_000, 10_000: 250_000}


def generate(triples: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "plangraph",
            "generate",
            "--triples",
            str(triples),
            "--out",
            str(folder / "generated.nq"),
        ],
        check=True,
        capture_output=True,
    )


def server_seconds(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        response.read()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "viz.md")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for target, triples in SIZES.items():
            folder = Path(tmp) / str(target)
            generate(triples, folder)
            server = start_server({"PLANGRAPH_DATA_DIR": str(folder)})
            try:
                cases = [
                    ("layered", f"limit={max(target * 2, 3000)}"),
                    ("force", f"layout=force&limit={max(target * 2, 3000)}"),
                ]
                if target == 10_000:
                    cases.append(("layered, default cap", ""))
                for name, query in cases:
                    url = f"{server.url}/viz?{query}"
                    data = json.loads(
                        urllib.request.urlopen(
                            f"{server.url}/viz/data.json?{query}", timeout=300
                        ).read()
                    )
                    server_times = [server_seconds(url) for _ in range(args.repeat)]
                    ready_times = []
                    for _ in range(args.repeat):
                        page = browser.new_page(viewport={"width": 1400, "height": 900})
                        errors: list[str] = []
                        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                        start = time.perf_counter()
                        page.goto(url, timeout=300_000)
                        page.wait_for_function("() => window.__vizReady === true", timeout=300_000)
                        ready_times.append(time.perf_counter() - start)
                        drawn = page.evaluate("() => window.vizNetwork.body.data.nodes.length")
                        page.close()
                        assert not errors, errors
                    rows.append(
                        {
                            "store": f"{triples:,} triples",
                            "case": name,
                            "nodes": drawn,
                            "edges": len(data["edges"]),
                            "total": data["total_nodes"],
                            "server": min(server_times),
                            "ready": min(ready_times),
                            "ready_median": sorted(ready_times)[len(ready_times) // 2],
                        }
                    )
                    print(rows[-1], flush=True)
            finally:
                stop_server(server)
        browser.close()

    lines = [
        "# Graph view: time to interactive in headless Chromium",
        "",
        f"Command: `.venv/bin/python benchmarks/bench_viz.py` ({time.strftime('%Y-%m-%d')}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        "Debian chromium headless). Best and median of "
        f'{args.repeat} runs. "ready" is from `page.goto` to `window.__vizReady` (vis-network has '
        "drawn the positions the server computed; physics off), so it includes the server's "
        'work; "server" is one GET of the page alone.',
        "",
        "| store | view | nodes drawn | of | edges | server (s) | ready, best (s) | ready, median (s) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['store']} | {r['case']} | {r['nodes']:,} | {r['total']:,} | {r['edges']:,} | "
            f"{r['server']:.2f} | {r['ready']:.2f} | {r['ready_median']:.2f} |"
        )
    lines += [
        "",
        "Beyond the default cap of 3,000 nodes the page draws the first 3,000 (organisations, "
        "plans, goals and themes first, then the most linked challenges and measures), says how "
        "many it left out, and offers the filters; `limit` (up to 20,000) lifts the cap.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
