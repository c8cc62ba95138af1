"""Wait on the page's own word that its scripts have started, never on time.

dwg-core.js keeps ``<html data-dwg-ready="core letters check">``: "core" once it has started the current page
(the list is reset on every instant navigation), then the name of each script (letters, plan, tools, check)
as it binds to that page.
"""
from __future__ import annotations

from playwright.sync_api import Page, expect


def ready_selector(names: str) -> str:
    return "html" + "".join(f'[data-dwg-ready~="{name}"]' for name in names.split())


def wait_ready(page: Page, names: str = "core") -> None:
    """Wait until every script named (space-separated) has started on the current page."""
    expect(page.locator(ready_selector(names))).to_be_attached()


def clear_ready(page: Page) -> None:
    """Before an instant navigation to a page with the same scripts: drop the marker, so that wait_ready
    waits for the new page rather than returning at once on the old one."""
    page.evaluate("() => { delete document.documentElement.dataset.dwgReady; }")
