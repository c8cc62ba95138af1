"""The files a page makes for download: through a real download, or read from the page itself.

A test that makes dozens of files in one page reads each one here instead of through a download event: under
load, Chromium once dropped one of 53 download events in a single page. What the real download delivers (its
name and bytes) is still tested once per kind of file, through ``page.expect_download()``.
"""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page

# Keeps every Blob the page hands to URL.createObjectURL: the file behind each download link.
KEEP_MADE_FILES = """window.__made = []; const make = URL.createObjectURL;
URL.createObjectURL = blob => { window.__made.push(blob); return make.call(URL, blob); };"""


def download(page: Page, button: Locator) -> tuple[str, bytes]:
    """Click the button and catch the download: (the file name the browser suggests, the file's bytes)."""
    with page.expect_download() as info:
        button.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def keep_made_files(page: Page) -> None:
    """Call before the page loads."""
    page.add_init_script(KEEP_MADE_FILES)


def made_file(page: Page, button: Locator) -> bytes:
    """Click the button, and return the bytes of the file the click made."""
    before = page.evaluate("() => window.__made.length")
    button.click()
    page.wait_for_function("n => window.__made.length > n", arg=before)
    return bytes(page.evaluate("async n => [...new Uint8Array(await window.__made[n].arrayBuffer())]", before))
