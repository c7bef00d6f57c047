"""What the short labels of the graph view cost per frame on the ~2,000-node view.

Generates 50,000 triples (about 1,930 drawable nodes), serves them, opens ``/viz`` (layered,
default zoom: the whole graph, where the page draws short labels for themes and goals) in
headless Chromium, and times ``network.redraw()`` (one synchronous frame) 40 times with the
label overlay on and 40 times with it switched off (no key nodes), alternating.

    .venv/bin/python benchmarks/bench_viz_labels.py [--out benchmarks/results/viz-labels.md]

Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_viz import generate  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

FRAME = """(overlay) => {
    const net = window.vizNetwork;
    window.vizShortLabels(overlay);
    const t0 = performance.now();
    net.redraw();
    return [performance.now() - t0, window.vizDrawnLabels().length];
}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        generate(50_000, Path(tmp) / "data")
        server = start_server({"PLANGRAPH_DATA_DIR": str(Path(tmp) / "data")})
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(server.url + "/viz?limit=2000")
                page.wait_for_function("() => window.__vizReady === true", timeout=120_000)
                nodes = page.evaluate("() => window.vizMeta.length")
                keys = page.evaluate("() => window.vizMeta.filter(m => m.key).length")
                on: list[float] = []
                off: list[float] = []
                drawn = 0
                for _ in range(40):
                    ms, drawn = page.evaluate(FRAME, True)
                    on.append(ms)
                    ms_off, _none = page.evaluate(FRAME, False)
                    off.append(ms_off)
                browser.close()
        finally:
            stop_server(server)
    lines = [
        "# Graph view: the cost of the short labels",
        "",
        f"Command: `.venv/bin/python benchmarks/bench_viz_labels.py` ({time.strftime('%Y-%m-%d')}, "
        f"{platform.machine()}, Python {platform.python_version()}, Debian chromium headless). "
        "One synchronous `network.redraw()` at the default (whole-graph) zoom, 40 times each way, "
        "alternating.",
        "",
        "| view | nodes | key nodes | labels drawn | frame with labels, median (ms) | without, median (ms) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| 50,000 triples, layered | {nodes:,} | {keys} | {drawn} | "
        f"{statistics.median(on):.1f} | {statistics.median(off):.1f} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
