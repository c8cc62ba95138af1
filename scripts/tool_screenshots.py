"""Save screenshots of the follow-through tools into docs/assets/screenshots/.

Builds the site into a temporary folder, serves it on 127.0.0.1, and drives Chromium with
Playwright to show each tool in use: ticked checklists, a rated worksheet with its summary,
the follow-up planner with dates, and the process timeline in both palettes.

    python scripts/tool_screenshots.py            # uses CHROMIUM_PATH or /usr/bin/chromium
"""
from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(out: Path, origin: str) -> None:
    env = {**os.environ, "SITE_URL": origin + "/", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, env=env, check=True)


def ready(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.dwg && document.readyState === 'complete'")
    page.add_style_tag(content=".md-header { visibility: hidden; }")  # the fixed header would cover the tools


def checklists(page: Page, base: str) -> None:
    ready(page, base + "checklists/")
    page.evaluate("() => localStorage.removeItem('dwg:ticks')")
    ready(page, base + "checklists/")
    page.locator("[data-dwg-checklist-filter] select").select_option("recruiter-led")
    for box in page.locator('[data-dwg-checklist="before-you-decide"] [data-dwg-tick]:visible').all()[:3]:
        box.check()
    page.locator("article").screenshot(path=OUT / "checklists.png")


def worksheet(page: Page, base: str) -> None:
    ready(page, base + "guide/decide/")
    ratings = {"goals": (3, 3), "values-and-culture": (2, 2), "team": (3, 2), "growth": (1, 3), "work-life-balance": (1, 2), "title-and-pay": (3, 1)}
    for criterion, (fit, weight) in ratings.items():
        page.locator(f'input[name="fit-{criterion}"][value="{fit}"]').check()
        page.locator(f'input[name="weight-{criterion}"][value="{weight}"]').check()
    page.locator("[data-dwg-worksheet]").screenshot(path=OUT / "worksheet.png")
    page.locator("[data-dwg-ws-summary]").screenshot(path=OUT / "worksheet-summary.png")


def planner(page: Page, base: str) -> None:
    ready(page, base + "guide/stay-connected/")
    page.locator("[data-dwg-declined]").fill("2025-03-14")
    page.locator("[data-dwg-declined]").dispatch_event("change")
    page.locator("[data-dwg-company]").fill("Northwind Health")
    # The form and the timeline below it, in page coordinates.
    box = page.evaluate("""() => {
      const a = document.querySelector('[data-dwg-planner]').getBoundingClientRect();
      const b = document.querySelector('[data-dwg-plan]').getBoundingClientRect();
      return {x: a.left - 8, y: a.top + scrollY - 8, width: Math.max(a.width, b.width) + 16, height: b.bottom - a.top + 16};
    }""")
    page.screenshot(path=OUT / "planner.png", clip=box, full_page=True)


def timeline(page: Page, base: str, name: str) -> None:
    ready(page, base)
    page.locator(".dwg-process").screenshot(path=OUT / name)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), origin)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=tmp))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                for scheme, suffix in (("light", ""), ("dark", "-dark")):
                    page = browser.new_page(viewport={"width": 1100, "height": 900}, color_scheme=scheme, device_scale_factor=1)
                    if not suffix:
                        checklists(page, origin + "/")
                        worksheet(page, origin + "/")
                        planner(page, origin + "/")
                    timeline(page, origin + "/", f"timeline{suffix}.png")
                    page.close()
                phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
                timeline(phone, origin + "/", "timeline-phone.png")
                browser.close()
        finally:
            server.shutdown()
    for png in sorted(OUT.glob("*.png")):
        print(f"{png.relative_to(ROOT)}  {png.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
