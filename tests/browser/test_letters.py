"""The interactive letters in real Chromium: live fill, reason choice, edit, copy, email, download,
remember and forget, instant navigation, hostile input, phone width, keyboard, print and no-JS.

Expected text comes from the Python renderer (``render.plain_text``), not from the page, so the
browser and the build must agree on every character.
"""
from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT
from hostile import HOSTILE, PWN, typed, utf16_len
from macros import render
from macros.loading import load_library
from macros.model import Variant, variants

LIB = load_library(ROOT / "snippets").library
EMAIL = "decline-written-offer"  # email, subject with a slot, one variant per reason
FOLLOW_UP = "follow-up-thank-you"  # email, one variant, the 1,000-character topic field
PHONE = "decline-by-phone"
SAMPLE = {
    "hiring_manager": "Dana Whitfield", "company": "Northwind Logistics", "role": "Chief Operating Officer",
    "interviewers": "Priya and the board", "your_name": "Sam Okafor", "current_employer": "Contoso",
}
FIELD = {p.id: p.label for p in LIB.placeholders.values()}


class Watch:
    """What a page did: console errors, uncaught exceptions, and every request it made."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.only_our_errors = False  # set when a test breaks the browser on purpose


@pytest.fixture(autouse=True)
def watch(request: pytest.FixtureRequest, site_origin: str):
    """Every test that uses ``page``: no console errors and no request to any other origin."""
    w = Watch()
    if "page" not in request.fixturenames:
        yield w
        return
    page: Page = request.getfixturevalue("page")
    page.on("console", lambda m: m.type == "error" and w.errors.append(f"console: {m.text} @ {m.location}"))
    page.on("pageerror", lambda e: w.errors.append(f"pageerror: {e} {e.stack}"))
    page.on("request", lambda r: w.requests.append(r.url))
    yield w
    errors = [e for e in w.errors if "dwg-" in e] if w.only_our_errors else w.errors
    assert errors == [], "errors in the browser console"
    foreign = [u for u in w.requests if not (u.startswith(site_origin + "/") or u.startswith(("data:", "blob:")))]
    assert foreign == [], "requests to another origin"
    assert w.requests, "the page made no requests at all (the recorder is broken)"


@pytest.fixture
def clipboard(page: Page, site_origin: str):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_origin)
    return page


def variant(letter_id: str, variant_id: str | None = None) -> Variant:
    vs = variants(LIB, LIB.letters[letter_id])
    return next(v for v in vs if variant_id in (None, v.slot_id))


def open_letter(page: Page, base: str, letter_id: str) -> None:
    page.goto(f"{base}letters/{letter_id}/")
    expect(page.locator("[data-dwg-form]")).to_be_visible()  # the script has started


def fill(page: Page, values: dict[str, str]) -> None:
    for pid, value in values.items():
        page.get_by_label(FIELD[pid], exact=True).fill(value)


def form_values(page: Page) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('[data-dwg-input]')].map(i => [i.dataset.dwgInput, i.value]))"
    )


def read_clipboard(page: Page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def copy_text(page: Page) -> str:
    page.evaluate("() => navigator.clipboard.writeText('stale clipboard')")
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(page.get_by_text("Copied to clipboard")).to_be_visible()  # Material's own toast
    return read_clipboard(page)


def mailto(page: Page) -> dict[str, str]:
    """The decoded parts of the visible 'Open in email' link; fails unless exactly one subject and one body."""
    href = page.get_by_role("link", name="Open in email").get_attribute("href")
    assert href.startswith("mailto:?"), href
    assert not any(c in href for c in "\r\n "), "raw whitespace in the mailto link"
    pairs = [part.split("=", 1) for part in href[len("mailto:?"):].split("&")]
    assert [name for name, _ in pairs] == ["subject", "body"], href[:200]
    return {name: urllib.parse.unquote(value, errors="strict") for name, value in pairs}


def download_text(page: Page, letter_id: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download .txt").click()
    assert info.value.suggested_filename == f"{letter_id}.txt"
    return Path(info.value.path()).read_bytes().decode("utf-8")


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def slot_texts(page: Page, pid: str) -> list[str]:
    return page.locator(f'[data-dwg-slot="{pid}"]').all_text_contents()


# --- Live fill, reasons, edit -------------------------------------------------------------------

@pytest.mark.both_builders
def test_typing_fills_every_occurrence_in_every_variant(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    n_variants = len(variants(LIB, LIB.letters[EMAIL]))
    assert n_variants > 1
    page.get_by_label("Role", exact=True).fill("Chief of Staff")
    roles = slot_texts(page, "role")
    assert len(roles) >= 2 * n_variants  # subject and body of every variant, shown or not
    assert set(roles) == {"Chief of Staff"}
    page.get_by_label("Role", exact=True).fill("")
    assert set(slot_texts(page, "role")) == {"[Role]"}


def test_the_reason_choice_shows_one_variant(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    expect(page.locator("[data-dwg-variant]:visible")).to_have_count(1)
    for reason in ("Compensation gap", "No reason given"):
        page.get_by_label("Your reason").select_option(label=reason)
        expect(page.get_by_role("heading", name=f"Reason: {reason}")).to_be_visible()
        expect(page.locator("[data-dwg-variant]:visible")).to_have_count(1)
        v = variant(EMAIL, page.get_by_label("Your reason").input_value())
        assert v.label == reason
        assert page.locator("[data-dwg-body]:visible").text_content() == render.plain_text(v, LIB).split("\n\n", 1)[1]


def test_edit_turns_the_letter_into_text_the_actions_use(clipboard: Page, served_site: str) -> None:
    page = clipboard
    open_letter(page, served_site, EMAIL)
    fill(page, SAMPLE)
    edit = page.get_by_role("button", name="Edit")
    expect(edit).to_have_attribute("aria-pressed", "false")
    edit.click()
    expect(edit).to_have_attribute("aria-pressed", "true")
    box = page.get_by_role("textbox", name="Edit your letter")
    expect(box).to_be_focused()
    v = variant(EMAIL, page.get_by_label("Your reason").input_value())
    expected = render.plain_text(v, LIB, form_values(page))
    assert box.input_value() == expected.split("\n\n", 1)[1]
    box.fill("My own words, Dana.\n\nSam")
    subject = f"Subject: The {SAMPLE['role']} offer\n\n"
    assert copy_text(page) == subject + "My own words, Dana.\n\nSam"
    assert mailto(page)["body"] == "My own words, Dana.\r\n\r\nSam"
    assert download_text(page, EMAIL) == subject + "My own words, Dana.\n\nSam"
    edit.click()  # done editing: the letter shows the edited text, and still uses it
    expect(box).to_be_hidden()
    expect(page.locator("[data-dwg-body]:visible")).to_have_text("My own words, Dana.\n\nSam")
    assert copy_text(page) == subject + "My own words, Dana.\n\nSam"


# --- Copy, email, download ----------------------------------------------------------------------

@pytest.mark.both_builders
def test_copy_puts_the_filled_letter_on_the_clipboard(clipboard: Page, served_site: str) -> None:
    page = clipboard
    open_letter(page, served_site, EMAIL)
    fill(page, SAMPLE)
    page.get_by_label("Your reason").select_option(label="Accepted another offer")
    expected = render.plain_text(variant(EMAIL, "accepted-another-offer"), LIB, SAMPLE)
    assert copy_text(page) == expected
    assert "[" not in expected  # every placeholder was filled


def test_mailto_has_one_subject_and_one_body(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    fill(page, SAMPLE)
    v = variant(EMAIL, page.get_by_label("Your reason").input_value())
    parts = mailto(page)
    assert parts["subject"] == f"The {SAMPLE['role']} offer"
    assert parts["body"] == crlf(render.plain_text(v, LIB, SAMPLE).split("\n\n", 1)[1])


def test_a_phone_script_has_no_email_link(page: Page, served_site: str) -> None:
    open_letter(page, served_site, PHONE)
    expect(page.get_by_role("button", name="Copy", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Open in email")).to_have_count(0)


def test_download_is_the_filled_letter_as_utf8_text(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    fill(page, {**SAMPLE, "your_name": "Zoë Åberg"})
    v = variant(EMAIL, page.get_by_label("Your reason").input_value())
    assert download_text(page, EMAIL) == render.plain_text(v, LIB, {**SAMPLE, "your_name": "Zoë Åberg"})


# --- Remember and forget ------------------------------------------------------------------------

def dwg_keys(page: Page) -> list[str]:
    return page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('dwg:'))")


def test_details_are_kept_only_when_the_reader_opts_in(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    remember = page.get_by_label("Remember my details on this device")
    expect(remember).not_to_be_checked()
    fill(page, {"your_name": "Sam Okafor"})
    assert dwg_keys(page) == []
    page.reload()
    expect(page.get_by_label("Your name", exact=True)).to_have_value("")

    fill(page, {"your_name": "Sam Okafor", "company": "Northwind"})
    remember.check()
    assert sorted(dwg_keys(page)) == ["dwg:details", "dwg:remember"]
    page.reload()
    expect(page.get_by_label("Your name", exact=True)).to_have_value("Sam Okafor")
    expect(page.get_by_label("Remember my details on this device")).to_be_checked()
    assert set(slot_texts(page, "your_name")) == {"Sam Okafor"}

    open_letter(page, served_site, PHONE)  # a full page load: the same name fills every letter
    expect(page.get_by_label("Your name", exact=True)).to_have_value("Sam Okafor")
    expect(page.get_by_label("Company", exact=True)).to_have_value("Northwind")

    page.evaluate("() => localStorage.setItem('dwg:ticks', '{}')")  # something else the site stored
    page.get_by_role("button", name="Forget my details").click()
    expect(page.get_by_label("Your name", exact=True)).to_have_value("")
    expect(page.get_by_label("Remember my details on this device")).not_to_be_checked()
    assert set(slot_texts(page, "your_name")) == {"[Your name]"}
    assert dwg_keys(page) == []
    page.reload()
    expect(page.get_by_label("Your name", exact=True)).to_have_value("")


def test_unticking_remember_removes_what_was_stored(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    page.get_by_label("Remember my details on this device").check()
    fill(page, {"your_name": "Sam"})
    assert dwg_keys(page)
    page.get_by_label("Remember my details on this device").uncheck()
    assert dwg_keys(page) == []


def test_enter_in_a_field_never_submits_details(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    page.evaluate("() => { window.__stay = true; }")
    page.get_by_label("Your name", exact=True).fill("Sam")
    page.get_by_label("Your name", exact=True).press("Enter")
    assert page.evaluate("() => window.__stay") is True
    assert "Sam" not in page.url


def test_blocked_storage_still_fills_and_copies(clipboard: Page, served_site: str, watch: Watch) -> None:
    page = clipboard
    watch.only_our_errors = True  # Material's own start-up code may trip over the blocked storage
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {configurable: true,"
        " get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    page.goto(f"{served_site}letters/{EMAIL}/")
    expect(page.locator("[data-dwg-form]")).to_be_visible()
    page.get_by_label("Remember my details on this device").check()
    fill(page, SAMPLE)
    assert set(slot_texts(page, "your_name")) == {SAMPLE["your_name"]}
    page.evaluate("() => navigator.clipboard.writeText('stale clipboard')")
    page.get_by_role("button", name="Copy", exact=True).click()
    v = variant(EMAIL, page.get_by_label("Your reason").input_value())
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t !== 'stale clipboard')")
    assert read_clipboard(page) == render.plain_text(v, LIB, SAMPLE)
    page.get_by_role("button", name="Forget my details").click()
    expect(page.get_by_label("Your name", exact=True)).to_have_value("")


# --- Instant navigation -------------------------------------------------------------------------

def test_instant_navigation_keeps_the_page_and_does_not_pile_up_listeners(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    page.evaluate("() => { window.__marker = 'still here'; }")
    for _ in range(3):  # leave and come back a few times
        page.get_by_role("link", name="All letters").click()
        expect(page.locator("[data-dwg-index][data-dwg-ready]")).to_be_attached()
        page.locator("[data-dwg-index]").get_by_role("link", name=LIB.letters[EMAIL].title).click()
        expect(page.locator("[data-dwg-form]")).to_be_visible()
    assert page.evaluate("() => window.__marker") == "still here", "a full page load happened"
    assert page.url == f"{served_site}letters/{EMAIL}/"
    # Each slot is written once per keystroke; a second, leftover listener would write it twice.
    page.evaluate("""() => {
        window.__writes = 0;
        const slot = document.querySelector('[data-dwg-slot="company"]');
        new MutationObserver(records => { window.__writes += records.length; }).observe(slot, {childList: true});
    }""")
    page.get_by_label("Company", exact=True).press_sequentially("Z")
    assert set(slot_texts(page, "company")) == {"Z"}
    assert page.evaluate("() => window.__writes") == 1
    expect(page.get_by_role("button", name="Copy", exact=True)).to_have_count(1)


def test_a_name_typed_once_follows_the_reader_within_the_tab(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    fill(page, {"your_name": "Sam Okafor"})
    page.get_by_role("link", name="All letters").click()
    page.locator("[data-dwg-index]").get_by_role("link", name=LIB.letters[PHONE].title).click()
    expect(page.get_by_label("Your name", exact=True)).to_have_value("Sam Okafor")
    assert dwg_keys(page) == []  # kept in memory only, never stored without opting in


# The library index (plan, filters, grouped list) is tested in test_plan.py.


# --- Hostile input ------------------------------------------------------------------------------

CASES = sorted(HOSTILE)
# The letter's own elements; the pre-send check's findings list changes as the text does (tests/browser/test_check.py).
LETTER_ELEMENTS = "[data-dwg-letter] *:not([data-dwg-check] *)"


def assert_shown_as_text(page: Page, pid: str, value: str, elements_before: int) -> None:
    assert set(slot_texts(page, pid)) == {value}
    assert page.locator(LETTER_ELEMENTS).count() == elements_before, "typed text became elements"
    assert page.evaluate("() => window.__pwned") is None, "typed text ran as script"


@pytest.mark.parametrize("case", CASES)
def test_hostile_input_in_the_body_stays_text_everywhere(clipboard: Page, served_site: str, case: str) -> None:
    page = clipboard
    value = HOSTILE[case]
    open_letter(page, served_site, FOLLOW_UP)
    before = page.locator(LETTER_ELEMENTS).count()
    field = page.get_by_label(FIELD["topic"], exact=True)
    field.fill(value)
    shown = typed(value)
    assert field.input_value() == shown  # the whole value fits: topic takes 1,000 characters
    assert_shown_as_text(page, "topic", shown, before)
    v = variant(FOLLOW_UP)
    expected = render.plain_text(v, LIB, form_values(page))
    assert shown in expected
    assert copy_text(page) == expected
    parts = mailto(page)
    assert parts["subject"] == v.subject
    assert parts["body"] == crlf(expected.split("\n\n", 1)[1])
    assert download_text(page, FOLLOW_UP) == expected
    page.get_by_role("button", name="Edit").click()
    assert page.get_by_role("textbox", name="Edit your letter").input_value() == expected.split("\n\n", 1)[1]
    assert_shown_as_text(page, "topic", shown, before)


SHORT_CASES = [c for c in CASES if utf16_len(typed(HOSTILE[c])) <= LIB.placeholders["role"].max_length]


@pytest.mark.parametrize("case", SHORT_CASES)
def test_hostile_input_in_the_subject_stays_one_line_of_text(clipboard: Page, served_site: str, case: str) -> None:
    page = clipboard
    value = HOSTILE[case]
    open_letter(page, served_site, EMAIL)
    before = page.locator(LETTER_ELEMENTS).count()
    page.get_by_label("Role", exact=True).fill(value)
    shown = typed(value)
    assert page.get_by_label("Role", exact=True).input_value() == shown
    assert_shown_as_text(page, "role", shown, before)
    v = variant(EMAIL, page.get_by_label("Your reason").input_value())
    expected = render.plain_text(v, LIB, form_values(page))
    parts = mailto(page)
    assert parts["subject"] == f"The {shown} offer"
    assert "\r" not in parts["subject"] and "\n" not in parts["subject"]
    assert parts["body"] == crlf(expected.split("\n\n", 1)[1])
    assert copy_text(page) == expected
    assert download_text(page, EMAIL) == expected


def test_the_corpus_is_big_and_nasty_enough() -> None:
    assert len(HOSTILE) >= 25
    assert len(SHORT_CASES) >= 25
    assert any(utf16_len(v) == 1000 for v in HOSTILE.values())
    assert sum(PWN in v for v in HOSTILE.values()) >= 6


def test_an_edited_subject_line_cannot_add_headers(page: Page, served_site: str) -> None:
    """The subject comes from one-line fields only; CR/LF typed into the editor stay in the body."""
    open_letter(page, served_site, EMAIL)
    page.get_by_role("button", name="Edit").click()
    page.get_by_role("textbox", name="Edit your letter").fill("Hi\r\nBcc: x@example.com\n\nBye")
    parts = mailto(page)
    assert parts["subject"] == "The [Role] offer"
    assert parts["body"] == "Hi\r\nBcc: x@example.com\r\n\r\nBye"


# --- Phone width, keyboard, print, no JS --------------------------------------------------------

def test_usable_at_360_px(page: Page, served_site: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_letter(page, served_site, FOLLOW_UP)
    page.get_by_label(FIELD["topic"], exact=True).fill(HOSTILE["long-unbroken-1000"])
    page.get_by_label(FIELD["interviewers"], exact=True).fill("Priya, Jonas and the whole board of directors")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    field = page.get_by_label(FIELD["topic"], exact=True).bounding_box()
    assert field["x"] >= 0 and field["x"] + field["width"] <= 360 and field["width"] >= 250
    for name in ("Copy", "Open in email", "Download .txt", "Edit"):
        button = page.get_by_role("button", name=name, exact=True) if name != "Open in email" else page.get_by_role("link", name=name)
        button.scroll_into_view_if_needed()
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"{name} is cut off"
    body = page.locator("[data-dwg-body]:visible").bounding_box()
    assert body["x"] + body["width"] <= 360


def focused_outline(page: Page) -> str:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle === 'none' ? '' : s.outlineWidth + ' ' + s.outlineStyle; }"
    )


def tab_to(page: Page, test: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {test}; }}"):
            return
    raise AssertionError(f"Tab never reached: {test}")


def test_keyboard_alone_fills_copies_and_edits_with_visible_focus(clipboard: Page, served_site: str) -> None:
    page = clipboard
    open_letter(page, served_site, EMAIL)
    tab_to(page, "el.dataset.dwgInput === 'hiring_manager'")
    assert focused_outline(page), "no visible focus on the first field"
    page.keyboard.type("Dana")
    assert set(slot_texts(page, "hiring_manager")) == {"Dana"}
    tab_to(page, "el.tagName === 'SELECT' && 'dwgReason' in el.dataset")
    page.keyboard.press("ArrowDown")  # next reason
    assert page.get_by_label("Your reason").input_value() != variants(LIB, LIB.letters[EMAIL])[0].slot_id
    tab_to(page, "el.textContent === 'Copy' && el.offsetParent !== null")
    assert focused_outline(page), "no visible focus on Copy"
    page.evaluate("() => navigator.clipboard.writeText('stale clipboard')")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Copied to clipboard")).to_be_visible()
    assert "Dear Dana," in read_clipboard(page)
    tab_to(page, "el.textContent === 'Edit' && el.offsetParent !== null")
    assert focused_outline(page), "no visible focus on Edit"
    page.keyboard.press("Space")
    expect(page.get_by_role("textbox", name="Edit your letter")).to_be_focused()


def test_a_phone_script_prints_alone(page: Page, served_site: str) -> None:
    open_letter(page, served_site, PHONE)
    fill(page, SAMPLE)
    page.emulate_media(media="print")
    expect(page.locator("[data-dwg-variant]:visible")).to_have_count(1)
    expect(page.locator("[data-dwg-body]:visible")).to_contain_text("Dana Whitfield")
    for hidden in (page.get_by_label("Your name", exact=True), page.get_by_role("button", name="Copy", exact=True),
                   page.get_by_role("banner"), page.get_by_role("navigation", name="Navigation"),
                   page.get_by_role("contentinfo")):
        expect(hidden).to_be_hidden()


def test_without_javascript_every_variant_is_readable(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}letters/{EMAIL}/")
    n = len(variants(LIB, LIB.letters[EMAIL]))
    expect(page.locator("[data-dwg-variant]:visible")).to_have_count(n)
    expect(page.get_by_label("Your name", exact=True)).to_be_hidden()
    expect(page.get_by_text("Replace each label in square brackets")).to_be_visible()
    assert set(slot_texts(page, "your_name")) == {"[Your name]"}
    page.goto(f"{served_site}letters/")
    expect(page.locator("[data-dwg-index] li:visible")).to_have_count(len(LIB.letters))
    expect(page.locator("[data-dwg-plan]")).to_be_hidden()
    context.close()


@pytest.mark.both_builders
def test_arriving_by_instant_navigation_from_the_home_page(page: Page, served_site: str) -> None:
    """The letters script may first load mid-visit: it must start on the page it arrives on."""
    page.goto(served_site)
    page.wait_for_function("() => window.dwg && document.readyState === 'complete'")
    page.evaluate("() => { window.__marker = 'home'; }")
    page.get_by_role("link", name="Write my letter").first.click()
    page.get_by_label("How you will send it").select_option(label=LIB.channels["phone"].label)  # perhaps before the script
    expect(page.locator("[data-dwg-index][data-dwg-ready]")).to_have_count(1)
    want = sorted(l.title for l in LIB.letters.values() if l.channel == "phone")
    assert sorted(page.locator("[data-dwg-index] li:visible a").all_text_contents()) == want
    page.locator("[data-dwg-index]").get_by_role("link", name=LIB.letters[PHONE].title).click()
    page.get_by_label("Your name", exact=True).fill("Sam")  # perhaps before the letter script has arrived
    expect(page.locator("[data-dwg-letter][data-dwg-ready]")).to_have_count(1)
    assert set(slot_texts(page, "your_name")) == {"Sam"}
    assert page.evaluate("() => window.__marker") == "home", "a full page load happened"
