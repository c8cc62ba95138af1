"""Screenshots of a filled-in letter page and of a message plan at desktop and phone width, for the README.

Usage: python scripts/screenshots.py [--site DIR] [--out DIR]
Builds the site (unless --site points at a built one), serves it on 127.0.0.1, fills in a
letter with sample details in Debian's Chromium (CHROMIUM_PATH) and saves one PNG per width.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
LETTER = "decline-written-offer"
REASON = "Career direction"
SAMPLE = {
    "Hiring manager's name": "Dana",
    "Company": "Northwind Logistics",
    "Role": "Chief Operating Officer",
    "Names of the people you met": "Priya and the board",
    "Your name": "Sam Okafor",
}
WIDTHS = {"desktop": (1280, 960), "phone": (360, 1200)}
# The plan for a verbal yes through a search firm, staying after a counter-offer (answer labels from snippets/plan.yml).
PLAN_ANSWERS = {
    "How far did it go?": "I said yes in a conversation",
    "Who ran the search?": "A search firm",
    "What is behind your decision?": "I am staying after a counter-offer",
}


def build(out: Path, site_url: str) -> None:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, env=env, check=True)


def serve(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def shoot(origin: str, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=["--no-sandbox"])
        for name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height}, color_scheme="light")
            page.goto(f"{origin}/letters/{LETTER}/")
            for label, value in SAMPLE.items():
                page.get_by_label(label, exact=True).fill(value)
            page.get_by_label("Your reason").select_option(label=REASON)
            page.evaluate("() => document.activeElement.blur()")
            # The filled letter and its buttons, just under the sticky header.
            page.evaluate("() => window.scrollTo(0, document.getElementById('your-letter').getBoundingClientRect().top + scrollY - 72)")
            page.mouse.move(0, 0)
            page.wait_for_timeout(300)  # let transitions finish
            path = out / f"letter-{name}.png"
            page.screenshot(path=str(path))
            saved.append(path)
            saved.append(shoot_plan(page, origin, out / f"plan-{name}.png"))
            page.close()
        browser.close()
    return saved


def shoot_plan(page, origin: str, path: Path) -> Path:
    """The letters index with a combined situation answered: the questions and the plan they give."""
    page.goto(f"{origin}/letters/")
    page.wait_for_selector("[data-dwg-plan][data-dwg-ready]", state="attached")
    for question, answer in PLAN_ANSWERS.items():
        page.get_by_role("group", name=question).get_by_role("radio", name=answer, exact=True).check()
    page.evaluate("() => document.activeElement.blur()")
    # Tall enough for the questions and the whole plan, just under the sticky header.
    top, bottom = page.evaluate("""() => [document.querySelector('[data-dwg-plan]').getBoundingClientRect().top + scrollY,
                                         document.querySelector('[data-dwg-plan-result]').getBoundingClientRect().bottom + scrollY]""")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": int(bottom - top) + 96})
    page.evaluate(f"() => window.scrollTo(0, {top} - 72)")
    page.mouse.move(0, 0)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.screenshot(path=str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (built with SITE_URL = the served origin)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "assets" / "screenshots")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    origin = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build(site, origin + "/")
        server = serve(site, port)
        try:
            for path in shoot(origin, args.out):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
