"""Take the screenshots of the web pages shown in the README.

Starts ``plangraph serve`` with the seed data on a free port on 127.0.0.1 and photographs, in
headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): the landing page, /viz
layered, /viz force-directed, a node's details panel, and gaps only.

    .venv/bin/python docs/screenshots/take.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

OUT = Path(__file__).resolve().parent
NODE = "https://w3id.org/plangraph/id/challenge/hmn-2021/beredskap-4"


def main() -> None:
    from playwright.sync_api import sync_playwright

    server = start_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})

            def view(path: str, name: str) -> None:
                page.goto(server.url + path)
                page.wait_for_function("() => window.__vizReady === true", timeout=60_000)
                page.screenshot(path=str(OUT / name))

            page.goto(server.url + "/")
            page.screenshot(path=str(OUT / "landing.png"), full_page=True)
            view("/viz", "viz-layered.png")
            view("/viz?layout=force&overlaps=1", "viz-force.png")
            view("/viz?gaps=1", "viz-gaps.png")
            view("/viz?theme=https://w3id.org/plangraph/id/theme/hmn/beredskap", "viz-details.png")
            point = page.evaluate(
                """(iri) => {
                    const net = window.vizNetwork, id = window.vizIdOf(iri);
                    return net.canvasToDOM(net.getPositions([id])[id]);
                }""",
                NODE,
            )
            box = page.locator("#network").bounding_box()
            assert box is not None
            page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
            page.locator("#details .source-text").wait_for()
            page.screenshot(path=str(OUT / "viz-details.png"))
            browser.close()
    finally:
        stop_server(server)
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
