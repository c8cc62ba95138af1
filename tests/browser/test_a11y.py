"""axe-core finds nothing on any page of the built site: both palettes, desktop and phone width,
and the tools in use: letter pages with a filled form and the editor open, the filters narrowed to nothing,
and the worksheet with a rating."""
from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT
from macros.csp import STYLE  # the inlined stylesheets name markers every page shares: left out
from macros.loading import cached_library
from macros.model import reasons_for
from ready import wait_ready

LIB = cached_library(ROOT / "snippets").library
AXE = Axe()
SCHEMES = {"light": "default", "dark": "slate"}
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
# A channel and a reason that no letter has together: the index filters narrowed to nothing.
EMPTY_CHOICE = next(
    (c, r) for c in LIB.channels for r in LIB.reasons
    if not any(l.channel == c and r in {x.id for x in reasons_for(LIB, l)} for l in LIB.letters.values())
)
# One letter of each kind and channel: the form, its fields and its buttons differ by those, not by the letter.
LETTER_KINDS = {(l.kind, l.channel): l for l in sorted(LIB.letters.values(), key=lambda l: l.id)}
FILLED = {p.id: f"{p.label} <b>&amp;</b> שלום 👩🏽‍💻" for p in LIB.placeholders.values()}


def sitemap_pages(site: Path, base: str) -> list[str]:
    """Every page the sitemap lists, moved onto the origin the site is served from."""
    locs = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs, "the sitemap lists no pages"
    return [base + urllib.parse.urlsplit(loc).path.lstrip("/") for loc in locs]


def open_page(browser: Browser, scheme: str, size: str):
    context = browser.new_context(color_scheme=scheme, viewport=SIZES[size])
    return context, context.new_page()


def check(page: Page, scheme: str) -> list[str]:
    """axe's violations on the current page, as readable lines; also proves the palette is the one asked for."""
    page.wait_for_function("() => document.readyState === 'complete' && window.dwg")
    page.mouse.move(0, 0)  # no hover left over from a click
    # Colours half-way through a transition are not what anyone reads.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    results = AXE.run(page)
    if results.violations_count == 0:
        return []
    return [f"{page.url}\n{results.generate_report()}"]


TOOL = re.compile(r"\b(data-dwg-[a-z-]+)")
DEFAULT = ("light", "desktop")


def page_kind(site: Path, url: str, base: str) -> tuple[str, ...]:
    """What makes pages differ for axe: their section, and which of our tools and markers they hold."""
    rel = url.removeprefix(base)
    html = STYLE.sub("", (site / rel / "index.html").read_text(encoding="utf-8"))
    return (rel.split("/", 1)[0], *sorted(set(TOOL.findall(html))))


def one_page_per_kind(site: Path, base: str) -> list[str]:
    kinds: dict[tuple[str, ...], str] = {}
    for url in sitemap_pages(site, base):
        kinds.setdefault(page_kind(site, url, base), url)
    return list(kinds.values())


def sweep(browser: Browser, scheme: str, size: str, urls: list[str]) -> list[str]:
    context, page = open_page(browser, scheme, size)
    found: list[str] = []
    for url in urls:
        page.goto(url)
        found += check(page, scheme)
    context.close()
    return found


@pytest.mark.heavy
def test_axe_finds_nothing_on_any_page(browser: Browser, built_site: Path, served_site: str) -> None:
    """Every page in the default palette at desktop width."""
    pages = sitemap_pages(built_site, served_site)
    assert f"{served_site}letters/decline-by-phone/" in pages
    found = sweep(browser, *DEFAULT, pages)
    assert not found, "\n\n".join(found)


VARIANTS = [(scheme, size) for scheme in sorted(SCHEMES) for size in sorted(SIZES) if (scheme, size) != DEFAULT]


@pytest.mark.heavy
@pytest.mark.parametrize(("scheme", "size"), VARIANTS)
def test_axe_finds_nothing_on_each_kind_of_page(browser: Browser, built_site: Path, served_site: str, scheme: str, size: str) -> None:
    """The other palette and the phone width on one page of each kind (section and tools): what differs
    between two pages of a kind is their text, which the default sweep covers on every page."""
    pages = one_page_per_kind(built_site, served_site)
    assert len(pages) >= 8, pages
    found = sweep(browser, scheme, size, pages)
    assert not found, "\n\n".join(found)


@pytest.mark.heavy
@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_axe_finds_nothing_on_the_tools_in_use(browser: Browser, served_site: str, scheme: str, size: str) -> None:
    """A filled letter of each kind and channel, then in the editor; the index narrowed to nothing; the worksheet
    with a rating and its summary."""
    context, page = open_page(browser, scheme, size)
    found: list[str] = []
    for letter in LETTER_KINDS.values():
        # Options that bring up every field they can: the one-line reason, the month to call again, the referral.
        page.goto(f"{served_site}letters/{letter.id}/?reason=own&closing=talk-again-later&extras=referral,discretion")
        expect(page.locator("[data-dwg-letter][data-dwg-ready]")).to_have_count(1)
        for field in page.locator("[data-dwg-input]:visible").all():
            field.fill(FILLED[field.get_attribute("data-dwg-input")])
        page.get_by_label("Remember my details on this device").check()
        found += check(page, scheme)
        page.get_by_role("button", name="Edit").click()  # the editor and the pressed toggle
        page.get_by_role("textbox", name="Edit your letter").press("End")
        page.get_by_role("textbox", name="Edit your letter").type(" Edited.")
        page.locator("[data-dwg-input]:visible").first.fill("Changed after editing")  # the visible refusal
        expect(page.locator("[data-dwg-stale]")).not_to_be_empty()
        page.locator("[data-dwg-act^=copy]").first.focus()
        found += check(page, scheme)
    page.goto(f"{served_site}letters/")
    page.get_by_label("How you will send it").select_option(value=EMPTY_CHOICE[0])
    page.get_by_label("Your reason").select_option(value=EMPTY_CHOICE[1])
    expect(page.get_by_text("No letter matches")).to_be_visible()
    found += check(page, scheme)
    page.goto(f"{served_site}guide/decide/")
    wait_ready(page, "tools")
    page.locator('[data-dwg-worksheet] input[name^="fit-"][value="1"]').first.check()
    page.locator('[data-dwg-worksheet] input[name^="weight-"][value="3"]').first.check()
    expect(page.locator("[data-dwg-ws-out] a").first).to_be_visible()  # the summary, with its links
    found += check(page, scheme)
    context.close()
    assert not found, "\n\n".join(found)
