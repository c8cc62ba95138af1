"""The letter page in real Chromium: options composed live, edit mode, copy, email, .eml draft, details
across letters, Back/Forward, URL pre-selection, a late script, hostile input, phone width, keyboard,
print and no-JS.

Expected text comes from the Python model (``compose_letter`` + ``fill``), never from the page, so the
browser and the build must agree on every character.
"""
from __future__ import annotations

import email
import email.policy
import random
import urllib.parse

import pytest
from playwright.sync_api import Page, Route, expect

from conftest import ROOT
from hostile import HOSTILE, PWN, typed, utf16_len
from macros.loading import cached_library
from macros.model import choices, compose_letter, options_for
from macros.render import first_choice
from macros.template_text import fill as fill_text
from made import download, keep_made_files, made_file
from ready import clear_ready, ready_selector, wait_ready

LIB = cached_library(ROOT / "snippets").library
EMAIL = "decline-written-offer"  # email: subject with a slot, every kind of option
FOLLOW_UP = "follow-up-thank-you"  # email, the 1,000-character topic field
PHONE = "decline-by-phone"
SAMPLE = {
    "hiring_manager": "Dana Whitfield", "company": "Northwind Logistics", "role": "Chief Operating Officer",
    "interviewers": "Priya, Tom, the board", "your_name": "Sam Okafor",
}
FIELD = {p.id: p.label for p in LIB.placeholders.values()}
PICKER = {"reason": "Your reason", "closing": "How you keep the door open"}


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


def expected(letter_id: str, choice: dict, values: dict[str, str]) -> tuple[str, str]:
    """Subject and body as the Python model composes and fills them."""
    subject, body = compose_letter(LIB, LIB.letters[letter_id], choice)
    labels, types = LIB.labels(), LIB.types()
    return fill_text(subject or "", values, labels, types), fill_text(body, values, labels, types)


def open_letter(page: Page, base: str, letter_id: str, query: str = "") -> None:
    page.goto(f"{base}letters/{letter_id}/{query}")
    wait_ready(page, "letters")


def fill(page: Page, values: dict[str, str]) -> None:
    for pid, value in values.items():
        page.get_by_label(FIELD[pid], exact=True).fill(value)


def form_values(page: Page) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('[data-dwg-input]')].map(i => [i.dataset.dwgInput, i.value]))"
    )


def page_choice(page: Page) -> dict:
    """The options the page's pickers hold, as the Python model names them."""
    raw = page.evaluate("""() => {
        const c = {extras: []};
        for (const el of document.querySelectorAll('[data-dwg-option]')) {
            const k = el.dataset.dwgOption;
            if (k === 'extras') { if (el.checked) c.extras.push(el.value); }
            else if (el.tagName === 'SELECT') c[k] = el.value;
            else if (el.checked) c[k] = el.value;
        }
        return c;
    }""")
    unchosen = {"reason": "no-reason", "closing": "good-wishes"}
    return {k: (v or unchosen[k]) if k in unchosen else v for k, v in raw.items()}


def shown_body(page: Page) -> str:
    return page.locator("[data-dwg-body]").text_content()


def read_clipboard(page: Page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def copy(page: Page, name: str, toast: bool = True) -> str:
    page.evaluate("() => navigator.clipboard.writeText('stale clipboard')")
    page.get_by_role("button", name=name, exact=True).click()
    if toast:
        expect(page.get_by_text("Copied to clipboard")).to_be_visible()  # Material's own toast
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t !== 'stale clipboard')")
    return read_clipboard(page)


def mailto(page: Page) -> dict[str, str]:
    """The decoded parts of the 'Open in email' link; fails on a repeated or unknown part."""
    href = page.get_by_role("link", name="Open in email").get_attribute("href")
    assert href.startswith("mailto:?"), href
    assert not any(c in href for c in "\r\n "), "raw whitespace in the mailto link"
    pairs = [part.split("=", 1) for part in href[len("mailto:?"):].split("&")]
    names = [name for name, _ in pairs]
    assert names in (["subject", "body"], ["body"]), href[:200]
    return {name: urllib.parse.unquote(value, errors="strict") for name, value in pairs}


def eml(page: Page, letter_id: str) -> email.message.EmailMessage:
    name, raw = download(page, page.get_by_role("button", name="Download .eml draft"))
    assert name == f"{letter_id}.eml"
    return parse_eml(raw)


def made_eml(page: Page) -> email.message.EmailMessage:
    """The .eml the page makes, read from the page (made.py): for the corpus, dozens of drafts in one page."""
    return parse_eml(made_file(page, page.get_by_role("button", name="Download .eml draft")))


def parse_eml(raw: bytes) -> email.message.EmailMessage:
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF in the .eml"
    return email.message_from_bytes(raw, policy=email.policy.default)


def assert_draft(msg, subject: str, body: str) -> None:
    assert msg.get_all("Subject") is not None and len(msg.get_all("Subject")) == 1, "exactly one Subject header"
    assert msg["Subject"] == subject
    assert msg["X-Unsent"] == "1"
    assert sorted(set(msg.keys())) == sorted(msg.keys()), "a header appears twice"
    assert set(msg.keys()) == {"X-Unsent", "Subject", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"}
    assert msg.get_payload(decode=True).decode("utf-8") == crlf(body)


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def slot_texts(page: Page, pid: str) -> list[str]:
    return page.locator(f'[data-dwg-body] [data-dwg-slot="{pid}"]').all_text_contents()


def dwg_keys(page: Page, area: str = "localStorage") -> list[str]:
    return page.evaluate(f"() => Object.keys({area}).filter(k => k.startsWith('dwg:'))")


# --- Composition: the browser and Python agree ---------------------------------------------------

PARITY_VALUES = [
    {},
    SAMPLE,
    {**SAMPLE, "current_employer": "Contoso", "interviewers": "Priya and the board", "talk_again": "spring", "own_reason": "I am taking a year out."},
    {**SAMPLE, "interviewers": "Priya", "talk_again": "in March", "thank_you_to": "Ms Lee", "topic": "pricing"},
    {**SAMPLE, "interviewers": " Priya ,Tom,  and the board ", "talk_again": "early next year", "candidate_name": "Ana"},
    {k: HOSTILE["script-tag"] for k in FIELD},
]


@pytest.mark.both_builders
def test_browser_composes_exactly_what_python_composes(page: Page, served_site: str) -> None:
    rng = random.Random(10)
    compared = 0
    for letter in LIB.letters.values():
        open_letter(page, served_site, letter.id)
        combos = choices(LIB, letter)
        cases = [(choice, rng.choice(PARITY_VALUES)) for choice in rng.sample(combos, min(25, len(combos)))]
        composed = page.evaluate("cases => cases.map(([c, v]) => window.dwg.letterText(c, v))", cases)  # one round trip
        for (choice, values), got in zip(cases, composed, strict=True):
            assert got == list(expected(letter.id, choice, values)), f"{letter.id} {choice} {values}"
            compared += 1
    print(f"\n{compared} option combinations composed identically by Python and the browser")
    assert compared >= 100


def test_no_silent_default_until_the_reader_picks(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    reason = page.get_by_label("Your reason", exact=True)
    expect(reason.locator("option:checked")).to_have_text("Not chosen yet: the letter gives no reason")
    expect(page.get_by_text("Until you choose, the letter gives no reason.")).to_be_visible()
    expect(page.get_by_label("How you keep the door open").locator("option:checked")).to_have_text("Not chosen yet: good wishes only")
    assert page_choice(page)["reason"] == "no-reason"
    assert shown_body(page) == expected(EMAIL, first_choice(LIB, LIB.letters[EMAIL]), {})[1]
    reason.select_option(label="Compensation gap")
    text = LIB.reasons["compensation-gap"].text
    expect(page.locator("[data-dwg-body]")).to_contain_text(text)


def test_every_picker_changes_the_letter_as_python_does(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    fill(page, SAMPLE)
    talk = page.get_by_label(FIELD["talk_again"], exact=True)
    expect(talk).to_be_hidden()  # only the closing that names a time needs it
    page.get_by_label("Your reason", exact=True).select_option(value="counter-offer")
    page.get_by_label("How you keep the door open").select_option(value="talk-again-later")
    fill(page, {"current_employer": "Contoso"})
    expect(talk).to_be_visible()
    talk.fill("spring")
    page.get_by_label("Brief: the essentials only").check()
    page.get_by_label(LIB.formality["first-name"].label).check()
    page.get_by_label(LIB.extras["discretion"].label).check()
    page.get_by_label(LIB.extras["referral"].label).check()
    expect(page.get_by_label(FIELD["candidate_name"], exact=True)).to_be_visible()
    choice = page_choice(page)
    assert choice == {"reason": "counter-offer", "closing": "talk-again-later", "length": "brief",
                      "formality": "first-name", "extras": ["discretion", "referral"]}
    body = expected(EMAIL, choice, form_values(page))[1]
    assert shown_body(page) == body
    assert body.startswith("Hi Dana Whitfield,") and "Best wishes,\nSam Okafor" in body
    assert "I will call you in the spring" in body
    assert "you, Priya, Tom and the board" not in body  # the brief version leaves that paragraph out
    page.get_by_label("Standard", exact=True).check()
    assert "you, Priya, Tom and the board gave me" in shown_body(page)


def test_a_one_line_reason_goes_in_as_typed(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    own = page.get_by_label(FIELD["own_reason"], exact=True)
    expect(own).to_be_hidden()
    page.get_by_label("Your reason", exact=True).select_option(label="In my own words")
    expect(own).to_be_visible()
    expect(page.locator("[data-dwg-body]")).to_contain_text("[Your reason, in one line]")
    own.fill("I am taking a year out to study <b>law</b>.")
    expect(page.locator("[data-dwg-body]")).to_contain_text("I am taking a year out to study <b>law</b>.")
    assert page.locator("[data-dwg-body] b").count() == 0


# --- Edit mode ----------------------------------------------------------------------------------

def test_edit_mode_refuses_a_field_change_visibly_and_offers_the_form_version(clipboard: Page, served_site: str) -> None:
    page = clipboard
    open_letter(page, served_site, EMAIL)
    fill(page, SAMPLE)
    edit = page.get_by_role("button", name="Edit")
    edit.click()
    expect(edit).to_have_attribute("aria-pressed", "true")
    box = page.get_by_role("textbox", name="Edit your letter")
    expect(box).to_be_focused()
    assert box.input_value() == shown_body(page)
    box.fill("My own words, Dana.\n\nSam")
    stale = page.locator("[data-dwg-stale]")
    expect(stale).to_be_empty()  # editing alone warns of nothing
    page.get_by_label("Company", exact=True).fill("Southwind")
    expect(stale).to_contain_text("the change you just made is not in it")
    assert box.input_value() == "My own words, Dana.\n\nSam"  # nothing the reader wrote is lost
    assert copy(page, "Copy body") == "My own words, Dana.\n\nSam"
    page.get_by_label("Company", exact=True).fill("Northwind Logistics")  # back to the text they edited
    expect(stale).to_be_empty()
    page.get_by_label("Your reason", exact=True).select_option(value="personal-goals")
    expect(stale).to_contain_text("Your own text is kept")
    page.get_by_role("button", name="Use the form version instead").click()
    expect(stale).to_be_empty()
    want = expected(EMAIL, page_choice(page), form_values(page))[1]
    assert box.input_value() == want
    edit.click()
    expect(box).to_be_hidden()
    assert shown_body(page) == want


def test_done_editing_shows_and_sends_the_edited_text(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    page.get_by_role("button", name="Edit").click()
    page.get_by_role("textbox", name="Edit your letter").fill("Hi\r\nBcc: x@example.com\n\nBye")
    page.get_by_role("button", name="Edit").click()
    expect(page.locator("[data-dwg-body]")).to_have_text("Hi\nBcc: x@example.com\n\nBye")
    parts = mailto(page)
    assert parts["subject"] == "The [Role] offer"
    assert parts["body"] == "Hi\r\nBcc: x@example.com\r\n\r\nBye"
    assert_draft(eml(page, EMAIL), "The [Role] offer", "Hi\nBcc: x@example.com\n\nBye")


# --- Copy, subject, email, download -------------------------------------------------------------

@pytest.mark.both_builders
def test_copy_subject_body_and_all_are_separate(clipboard: Page, served_site: str) -> None:
    page = clipboard
    open_letter(page, served_site, EMAIL)
    fill(page, SAMPLE)
    page.get_by_label("Your reason", exact=True).select_option(value="accepted-another-offer")
    subject, body = expected(EMAIL, page_choice(page), SAMPLE)
    assert "[" not in subject + body  # every placeholder was filled
    assert copy(page, "Copy subject") == subject == "The Chief Operating Officer offer"
    assert copy(page, "Copy body") == body
    assert copy(page, "Copy all") == f"Subject: {subject}\n\n{body}"


def test_the_subject_can_be_edited_and_reply_in_thread_drops_it(clipboard: Page, served_site: str) -> None:
    page = clipboard
    open_letter(page, served_site, EMAIL)
    fill(page, SAMPLE)
    subject = page.get_by_label("Subject", exact=True)
    expect(subject).to_have_value("The Chief Operating Officer offer")
    subject.fill("Your offer — my answer")
    assert mailto(page)["subject"] == "Your offer — my answer"
    assert eml(page, EMAIL)["Subject"] == "Your offer — my answer"
    page.get_by_label("I will reply in the offer's email thread, so leave the subject out").check()
    expect(subject).to_be_hidden()
    body = shown_body(page)
    assert mailto(page) == {"body": crlf(body)}
    assert copy(page, "Copy all") == body
    assert_draft(eml(page, EMAIL), "", body)


def test_mailto_and_eml_carry_one_subject_and_the_body_as_shown(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    fill(page, {**SAMPLE, "your_name": "Zoë Åberg", "role": "Directrice générale"})
    subject, body = expected(EMAIL, page_choice(page), form_values(page))
    assert shown_body(page) == body
    parts = mailto(page)
    assert parts == {"subject": subject, "body": crlf(body)}
    msg = eml(page, EMAIL)
    assert_draft(msg, subject, body)
    assert "=?UTF-8?B?" in msg.as_string(policy=email.policy.compat32.clone(max_line_length=None)) or subject.isascii()
    name, raw = download(page, page.get_by_role("button", name="Download .txt"))
    assert name == f"{EMAIL}.txt" and raw.decode("utf-8") == f"Subject: {subject}\n\n{body}"


def test_channels_that_cannot_be_emailed_get_no_email_actions(page: Page, served_site: str) -> None:
    assert not LIB.channels["phone"].can_email and LIB.channels["email"].can_email
    open_letter(page, served_site, PHONE)
    expect(page.get_by_role("button", name="Copy", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Open in email")).to_have_count(0)
    expect(page.get_by_role("button", name="Download .eml draft")).to_have_count(0)


# --- Details: this tab, the device, forgetting --------------------------------------------------

def test_details_follow_the_reader_to_every_letter_in_the_tab_only(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    expect(page.get_by_text("It follows you to the other letters in this tab")).to_be_visible()
    fill(page, {"your_name": "Sam Okafor", "company": "Northwind"})
    assert dwg_keys(page) == []  # nothing on the device without opting in
    assert dwg_keys(page, "sessionStorage") == ["dwg:details"]
    open_letter(page, served_site, PHONE)  # a full page load
    expect(page.get_by_label("Your name", exact=True)).to_have_value("Sam Okafor")
    expect(page.get_by_label("Company", exact=True)).to_have_value("Northwind")
    assert set(slot_texts(page, "your_name")) == {"Sam Okafor"}
    page.get_by_role("link", name="All letters").click()  # and by instant navigation
    clear_ready(page)  # so the wait below is for the letter just reached
    page.locator("[data-dwg-index]").get_by_role("link", name=LIB.letters[FOLLOW_UP].title).click()
    wait_ready(page, "letters")
    expect(page.get_by_label("Your name", exact=True)).to_have_value("Sam Okafor")
    other = page.context.new_page()  # another tab starts empty
    open_letter(other, served_site, EMAIL)
    expect(other.get_by_label("Your name", exact=True)).to_have_value("")
    other.close()


def test_details_are_kept_on_the_device_only_when_the_reader_opts_in(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    remember = page.get_by_label("Remember my details on this device")
    expect(remember).not_to_be_checked()
    expect(page.get_by_text("never on a shared or work computer")).to_be_visible()
    fill(page, {"your_name": "Sam Okafor", "company": "Northwind"})
    remember.check()
    assert sorted(dwg_keys(page)) == ["dwg:details", "dwg:remember"]
    other = page.context.new_page()  # a new tab: only the device copy can fill it
    open_letter(other, served_site, PHONE)
    expect(other.get_by_label("Your name", exact=True)).to_have_value("Sam Okafor")
    expect(other.get_by_label("Remember my details on this device")).to_be_checked()
    other.close()
    remember.uncheck()
    assert dwg_keys(page) == []


def test_forget_removes_details_everywhere_including_an_edited_letter(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    fill(page, SAMPLE)
    page.get_by_label("Remember my details on this device").check()
    page.get_by_label("Subject", exact=True).fill("For Dana Whitfield")
    page.get_by_role("button", name="Edit").click()
    page.get_by_role("textbox", name="Edit your letter").fill("Dear Dana Whitfield, from Sam Okafor")
    page.evaluate("() => localStorage.setItem('dwg:ticks', '{\"the-message/x\":true}')")  # the reader's ticks
    page.get_by_role("button", name="Forget my details").click()
    for pid in SAMPLE:
        expect(page.get_by_label(FIELD[pid], exact=True)).to_have_value("")
    expect(page.get_by_label("Remember my details on this device")).not_to_be_checked()
    expect(page.get_by_role("textbox", name="Edit your letter")).to_be_hidden()
    assert shown_body(page) == expected(EMAIL, page_choice(page), {})[1]
    expect(page.get_by_label("Subject", exact=True)).to_have_value("The [Role] offer")
    assert dwg_keys(page) == ["dwg:ticks"] and dwg_keys(page, "sessionStorage") == []  # ticks have their own reset
    assert "Dana" not in page.locator("[data-dwg-letter]").inner_text()
    page.reload()
    expect(page.get_by_label("Your name", exact=True)).to_have_value("")


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
        "for (const name of ['localStorage', 'sessionStorage']) Object.defineProperty(window, name, {configurable: true,"
        " get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    open_letter(page, served_site, EMAIL)
    page.get_by_label("Remember my details on this device").check()
    fill(page, SAMPLE)
    assert set(slot_texts(page, "your_name")) == {SAMPLE["your_name"]}
    assert copy(page, "Copy body", toast=False) == expected(EMAIL, page_choice(page), SAMPLE)[1]
    page.get_by_role("button", name="Forget my details").click()
    expect(page.get_by_label("Your name", exact=True)).to_have_value("")


# --- Address, Back/Forward, a late script -------------------------------------------------------

def test_url_parameters_preselect_options_and_ignore_the_rest(page: Page, served_site: str) -> None:
    query = ("?reason=compensation-gap&closing=introductions&length=brief&formality=first-name"
             "&extras=discretion,not-an-extra&bogus=%3Cscript%3E")
    open_letter(page, served_site, EMAIL, query)
    assert page_choice(page) == {"reason": "compensation-gap", "closing": "introductions", "length": "brief",
                                 "formality": "first-name", "extras": ["discretion"]}
    open_letter(page, served_site, EMAIL, "?reason=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&length=huge")
    assert page_choice(page)["reason"] == "no-reason" and page_choice(page)["length"] == "standard"
    assert page.locator("[data-dwg-letter] img").count() == 0


def test_back_and_forward_keep_the_choices_and_details(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    fill(page, {"company": "Northwind"})
    page.get_by_label("Your reason", exact=True).select_option(value="relocation-or-family")
    page.get_by_label("Brief: the essentials only").check()
    page.get_by_label(LIB.extras["referral"].label).check()
    assert "reason=relocation-or-family" in page.url and "length=brief" in page.url and "extras=referral" in page.url
    want = page_choice(page)
    page.get_by_role("link", name="All letters").click()
    expect(page).to_have_url(f"{served_site}letters/")
    clear_ready(page)
    page.go_back()
    wait_ready(page, "letters")
    expect(page.get_by_label("Company", exact=True)).to_have_value("Northwind")
    assert page_choice(page) == want
    page.go_forward()
    expect(page).to_have_url(f"{served_site}letters/")


def test_text_typed_before_the_script_starts_is_never_overwritten(page: Page, served_site: str) -> None:
    open_letter(page, served_site, PHONE)
    fill(page, {"your_name": "From the last letter", "company": "Old Co"})  # details waiting in the tab
    held: list[Route] = []
    page.route("**/assets/dwg-letters.js*", lambda route: held.append(route))  # held until the reader has typed
    with page.expect_request("**/assets/dwg-letters.js*"):
        page.goto(f"{served_site}letters/{EMAIL}/?reason=personal-goals", wait_until="domcontentloaded")
    expect(page.locator(ready_selector("letters"))).to_have_count(0)
    typed_now = {"your_name": "Sam Ökafor ✓", "company": "Northwind <b>&</b>", "role": "COO"}
    fill(page, typed_now)
    page.get_by_label("Your reason", exact=True).select_option(value="deal-timing")
    page.get_by_label("Subject", exact=True).fill("My own subject 🙏")
    assert len(held) == 1, "the script was requested once and held"
    held[0].continue_()
    wait_ready(page, "letters")
    for pid, value in typed_now.items():
        expect(page.get_by_label(FIELD[pid], exact=True)).to_have_value(value)
    assert page.get_by_label("Your reason", exact=True).input_value() == "deal-timing"  # not the address's reason
    expect(page.get_by_label("Subject", exact=True)).to_have_value("My own subject 🙏")
    assert shown_body(page) == expected(EMAIL, page_choice(page), form_values(page))[1]
    assert mailto(page)["subject"] == "My own subject 🙏"


# --- Hostile input ------------------------------------------------------------------------------

def test_the_corpus_is_big_and_nasty_enough() -> None:
    assert len(HOSTILE) >= 25
    assert any(utf16_len(v) == 1000 for v in HOSTILE.values())
    assert sum(PWN in v for v in HOSTILE.values()) >= 6


def letter_elements(page: Page) -> int:
    """Elements in the letter box, leaving out the pre-send check's list, whose findings come and go."""
    return page.evaluate("() => [...document.querySelectorAll('[data-dwg-letter] *')].filter(e => !e.closest('[data-dwg-check]')).length")


@pytest.mark.heavy
def test_hostile_input_in_every_kind_of_field_stays_text_in_one_page(clipboard: Page, served_site: str) -> None:
    """The whole corpus, typed one case after another into one page: a text field in the subject, the
    one-line reason, a names field, the subject itself; the letter, mailto and .eml carry it as text."""
    page = clipboard
    keep_made_files(page)
    open_letter(page, served_site, EMAIL, "?reason=own&extras=referral")
    elements = letter_elements(page)
    subject = page.get_by_label("Subject", exact=True)
    for case, value in HOSTILE.items():
        page.get_by_role("button", name="Forget my details").click()  # also gives the subject back to the form
        fill(page, {"role": value, "own_reason": value, "interviewers": value, "candidate_strength": value})
        values = form_values(page)
        for pid in ("role", "own_reason", "candidate_strength"):
            cap = LIB.placeholders[pid].max_length
            assert utf16_len(values[pid]) <= cap and typed(value).startswith(values[pid]), f"{case}: {pid}"
        want_subject, want_body = expected(EMAIL, page_choice(page), values)
        assert shown_body(page) == want_body, case
        assert subject.input_value() == want_subject, case
        assert set(slot_texts(page, "own_reason")) == {values["own_reason"]}, case
        assert_draft(made_eml(page), want_subject, want_body)
        assert mailto(page) == {"subject": want_subject, "body": crlf(want_body)}, case
        assert letter_elements(page) == elements, f"{case}: typed text became elements"
        assert page.locator("[data-dwg-letter] :is(b, i, script, img, svg, iframe)").count() == 0, case
        assert page.evaluate("() => window.__pwned") is None, f"{case}: typed text ran as script"
        own_subject = typed(value)[:300].strip(" \t")  # a subject line never starts or ends with spaces
        subject.fill(value)  # the subject typed directly
        assert_draft(made_eml(page), own_subject, want_body)
        assert mailto(page)["subject"] == own_subject, case
    assert page.evaluate("() => window.__pwned") is None
    assert copy(page, "Copy all").startswith("Subject: ")


# --- Phone width, keyboard, print, no JS, instant navigation ------------------------------------

def test_usable_at_360_px(page: Page, served_site: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_letter(page, served_site, FOLLOW_UP)
    page.get_by_label(FIELD["topic"], exact=True).fill(HOSTILE["long-unbroken-1000"])
    page.get_by_label(FIELD["thank_you_to"], exact=True).fill("Priya Raghunathan-Whitfield")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    field = page.get_by_label(FIELD["topic"], exact=True).bounding_box()
    assert field["x"] >= 0 and field["x"] + field["width"] <= 360 and field["width"] >= 250
    for name in ("Copy subject", "Copy body", "Copy all", "Edit", "Open in email", "Download .eml draft", "Download .txt"):
        button = page.get_by_role("link" if name == "Open in email" else "button", name=name, exact=True)
        button.scroll_into_view_if_needed()
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"{name} is cut off"
    body = page.locator("[data-dwg-body]").bounding_box()
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


def test_keyboard_alone_fills_picks_copies_and_edits_with_visible_focus(clipboard: Page, served_site: str) -> None:
    page = clipboard
    open_letter(page, served_site, EMAIL)
    tab_to(page, "el.dataset.dwgInput === 'hiring_manager'")
    assert focused_outline(page), "no visible focus on the first field"
    page.keyboard.type("Dana")
    assert set(slot_texts(page, "hiring_manager")) == {"Dana"}
    tab_to(page, "el.tagName === 'SELECT' && el.dataset.dwgOption === 'reason'")
    page.keyboard.press("ArrowDown")  # the first reason
    assert page_choice(page)["reason"] == options_for(LIB, LIB.letters[EMAIL])["reason"][0]
    tab_to(page, "el.textContent === 'Copy body' && el.offsetParent !== null")
    assert focused_outline(page), "no visible focus on Copy body"
    page.evaluate("() => navigator.clipboard.writeText('stale clipboard')")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Copied to clipboard")).to_be_visible()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t !== 'stale clipboard')")
    assert read_clipboard(page).startswith("Dear Dana,")
    tab_to(page, "el.textContent === 'Edit' && el.offsetParent !== null")
    assert focused_outline(page), "no visible focus on Edit"
    page.keyboard.press("Space")
    expect(page.get_by_role("textbox", name="Edit your letter")).to_be_focused()


def test_a_phone_script_prints_alone(page: Page, served_site: str) -> None:
    open_letter(page, served_site, PHONE)
    fill(page, SAMPLE)
    page.emulate_media(media="print")
    expect(page.locator("[data-dwg-body]")).to_be_visible()
    expect(page.locator("[data-dwg-body]")).to_contain_text("Dana Whitfield")
    for hidden in (page.get_by_label("Your name", exact=True), page.get_by_role("button", name="Copy", exact=True),
                   page.get_by_role("banner"), page.get_by_role("navigation", name="Navigation"),
                   page.get_by_role("contentinfo")):
        expect(hidden).to_be_hidden()


def test_without_javascript_the_letter_and_its_wordings_are_readable(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}letters/{EMAIL}/")
    expect(page.locator("[data-dwg-body]")).to_be_visible()
    expect(page.get_by_label("Your name", exact=True)).to_be_hidden()
    expect(page.get_by_text("Replace each label in square brackets")).to_be_visible()
    expect(page.get_by_text("Subject: The [Role] offer")).to_be_visible()
    assert set(slot_texts(page, "your_name")) == {"[Your name]"}
    page.get_by_text("Other wordings to paste in").click()
    for reason in ("compensation-gap", "role-changed"):
        expect(page.locator(".dwg-wordings")).to_contain_text(LIB.reasons[reason].text)
    expect(page.locator(".dwg-wordings")).to_contain_text(LIB.closings["introductions"].text)
    context.close()


def test_instant_navigation_keeps_the_page_and_does_not_pile_up_listeners(page: Page, served_site: str) -> None:
    open_letter(page, served_site, EMAIL)
    page.evaluate("() => { window.__marker = 'still here'; }")
    for _ in range(3):  # leave and come back a few times
        page.get_by_role("link", name="All letters").click()
        expect(page).to_have_url(f"{served_site}letters/")
        clear_ready(page)
        page.locator("[data-dwg-index]").get_by_role("link", name=LIB.letters[EMAIL].title).click()
        wait_ready(page, "letters")
    assert page.evaluate("() => window.__marker") == "still here", "a full page load happened"
    # The letter is redrawn once per keystroke; a second, leftover listener would redraw it twice.
    page.evaluate("""() => {
        window.__writes = 0;
        new MutationObserver(() => { window.__writes += 1; }).observe(document.querySelector('[data-dwg-body]'), {childList: true});
    }""")
    page.get_by_label("Company", exact=True).press_sequentially("Z")
    assert set(slot_texts(page, "company")) == {"Z"}
    page.wait_for_function("() => window.__writes > 0")
    writes = page.evaluate("() => window.__writes")
    page.get_by_label("Company", exact=True).press_sequentially("Y")
    page.wait_for_function(f"() => window.__writes > {writes}")
    assert page.evaluate("() => window.__writes") == 2 * writes
    expect(page.get_by_role("button", name="Copy all", exact=True)).to_have_count(1)


# --- Arriving mid-visit --------------------------------------------------------------------------

@pytest.mark.both_builders
def test_arriving_by_instant_navigation_from_the_home_page(page: Page, served_site: str) -> None:
    """The letters script may first load mid-visit: it must start on the page it arrives on."""
    page.goto(served_site)
    wait_ready(page)
    page.evaluate("() => { window.__marker = 'home'; }")
    page.get_by_role("link", name="Write my letter").first.click()
    page.get_by_label("How you will send it").select_option(label=LIB.channels["phone"].label)  # perhaps before the script
    wait_ready(page, "plan")
    want = sorted(l.title for l in LIB.letters.values() if l.channel == "phone")
    assert sorted(page.locator("[data-dwg-index] li:visible a").all_text_contents()) == want
    page.locator("[data-dwg-index]").get_by_role("link", name=LIB.letters[PHONE].title).click()
    page.get_by_label("Your name", exact=True).fill("Sam")  # perhaps before the letter script has arrived
    wait_ready(page, "letters")
    assert set(slot_texts(page, "your_name")) == {"Sam"}
    assert page.evaluate("() => window.__marker") == "home", "a full page load happened"
