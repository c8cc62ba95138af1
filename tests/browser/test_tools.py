"""The follow-through tools in real Chromium: saved checklist ticks, the offer worksheet, the follow-up
planner's calendar files, the process timeline's contrast, and axe on every page that holds a tool."""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from urllib.parse import urljoin

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from conftest import ROOT
from each import check_each
from hostile import HOSTILE as SHARED_HOSTILE
from macros import tools
from macros.loading import cached_library
from made import download, keep_made_files, made_file
from ready import clear_ready, wait_ready

LIB = cached_library(ROOT / "snippets").library
STEPS = tools.steps(LIB)
CRITERIA = {c.id: c for c in tools.criteria(LIB)}

# Text a reader may type into the planner: the shared hostile corpus, plus every character class
# that calendar TEXT must escape or carry.
HOSTILE = {
    **SHARED_HOSTILE,
    "ics-commas": "Acme, Inc., Europe",
    "ics-semicolons": "Board; Search; Ltd;",
    "ics-backslashes": r"C:\new\table \\ \n \, \;",
    "ics-newlines": "line one\nline two\r\nline three\rend",
    "ics-emoji": "Déjà vu 👩🏽‍💼🚀 café ✓",
    "ics-rtl": "שלום عالم \u202eevil\u202c mix",
    "ics-markup": '<script>alert("x")</script> & {{ x }} [[role]]',
    "ics-long": ("Ünïcödé, long; " * 80)[:1000],
}


def start(page: Page, url: str, scripts: str = "tools") -> None:
    """Open a page and wait until the scripts named have started on it (the home page has only "core")."""
    page.goto(url)
    wait_ready(page, scripts)


# --- Checklists -------------------------------------------------------------------------------

def ticked(page: Page) -> dict:
    return json.loads(page.evaluate("() => localStorage.getItem('dwg:ticks')") or "{}")


def box(page: Page, key: str):
    return page.locator(f'[data-dwg-tick="{key}"]')


@pytest.mark.both_builders
def test_ticks_survive_a_reload_and_an_instant_navigation(page: Page, served_site: str) -> None:
    start(page, served_site + "checklists/")
    expect(page.locator("[data-dwg-reset]").first).to_be_visible()
    keys = ["before-you-decide/" + LIB.checklists["before-you-decide"].items[1].id, "after-you-decline/connect-linkedin"]
    for key in keys:
        page.locator(f'label[for="{box(page, key).get_attribute("id")}"]').click()  # the label names and ticks the box
    assert ticked(page) == {k: True for k in keys}  # keyed by stable id, not position or text

    page.reload()
    wait_ready(page, "tools")
    for key in keys:
        expect(box(page, key)).to_be_checked()
    expect(page.locator("[data-dwg-tick]:checked")).to_have_count(2)

    # Navigate away and back through the nav; a window marker proves both moves were instant.
    page.evaluate("() => { window.__dwgMarker = 'kept'; }")
    clear_ready(page)  # both pages run "tools": each wait must be for the page just reached
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Decide with care").first.click()
    page.wait_for_url("**/guide/decide/")
    wait_ready(page, "tools")
    expect(page.locator("[data-dwg-worksheet]")).to_be_visible()
    clear_ready(page)
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Checklists").first.click()
    page.wait_for_url("**/checklists/")
    wait_ready(page, "tools")
    assert page.evaluate("() => window.__dwgMarker") == "kept"
    for key in keys:
        expect(box(page, key)).to_be_checked()
    # Listeners did not pile up: one click still toggles exactly once.
    box(page, keys[0]).click()
    assert ticked(page) == {keys[1]: True}


def test_reset_clears_one_list_only(page: Page, served_site: str) -> None:
    start(page, served_site + "checklists/")
    page.evaluate("() => localStorage.clear()")
    first = [f"the-message/{i.id}" for i in LIB.checklists["the-message"].items[:3]]
    other = f"preparing-the-call/{LIB.checklists['preparing-the-call'].items[0].id}"
    for key in [*first, other]:
        box(page, key).check()
    assert set(ticked(page)) == {*first, other}

    page.locator('[data-dwg-reset="the-message"]').click()
    for key in first:
        expect(box(page, key)).not_to_be_checked()
    expect(box(page, other)).to_be_checked()
    assert ticked(page) == {other: True}
    page.reload()
    expect(page.locator("[data-dwg-tick]:checked")).to_have_count(1)


def test_situation_picker_shows_each_variant(page: Page, served_site: str) -> None:
    start(page, served_site + "checklists/")
    picker = page.locator("[data-dwg-checklist-filter] select")
    expect(picker).to_be_visible()
    for situation in ("recruiter-led", "accepted-verbally"):
        picker.select_option(situation)
        for checklist in LIB.checklists.values():
            for item in checklist.items:
                row = page.locator(f'li:has(> [data-dwg-tick="{checklist.id}/{item.id}"])')
                shown = item.situations is None or situation in item.situations
                (expect(row).to_be_visible if shown else expect(row).to_be_hidden)()
    picker.select_option("")
    expect(page.locator("[data-dwg-checklist] > li:visible")).to_have_count(sum(len(c.items) for c in LIB.checklists.values()))


def test_checklists_print_without_controls(page: Page, served_site: str) -> None:
    start(page, served_site + "checklists/")
    box(page, "after-you-decline/connect-linkedin").check()
    page.emulate_media(media="print")
    expect(page.locator("[data-dwg-checklist-filter]")).to_be_hidden()
    expect(page.locator("[data-dwg-reset]").first).to_be_hidden()
    expect(box(page, "after-you-decline/connect-linkedin")).to_be_visible()
    expect(box(page, "after-you-decline/connect-linkedin")).to_be_checked()
    assert page.pdf()[:4] == b"%PDF"


def test_checklists_read_as_lists_without_javascript(browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "checklists/")
    expect(page.locator("[data-dwg-checklist-filter]")).to_be_hidden()
    total = sum(len(c.items) for c in LIB.checklists.values())
    expect(page.locator("[data-dwg-checklist] label:visible")).to_have_count(total)
    page.goto(served_site + "guide/decide/")
    expect(page.locator("[data-dwg-criterion] [id^=dwg-q-]:visible")).to_have_count(len(CRITERIA))
    expect(page.locator("[data-dwg-worksheet] input[type=radio]:visible")).to_have_count(0)
    page.goto(served_site + "guide/stay-connected/")
    expect(page.locator("[data-dwg-step]:visible")).to_have_count(len(STEPS))
    context.close()


# --- Worksheet --------------------------------------------------------------------------------

def rate(page: Page, criterion: str, fit: int | None = None, weight: int | None = None) -> None:
    if fit is not None:
        page.locator(f'input[name="fit-{criterion}"][value="{fit}"]').check()
    if weight is not None:
        page.locator(f'input[name="weight-{criterion}"][value="{weight}"]').check()


def summary_lines(page: Page) -> list[str]:
    return page.locator("[data-dwg-ws-out] p:visible").all_inner_texts()


def test_worksheet_summary_follows_ratings_and_weights(page: Page, served_site: str) -> None:
    start(page, served_site + "guide/decide/")
    label = {cid: c.label for cid, c in CRITERIA.items()}
    rate(page, "goals", fit=1, weight=1)
    rate(page, "title-and-pay", fit=1, weight=3)
    rate(page, "growth", fit=2, weight=3)
    rate(page, "team", fit=3)
    lines = summary_lines(page)
    assert lines[0] == "Based only on your ratings:"
    # Poor fit first; within it, what matters most first.
    assert lines[1] == f"Where the offer falls short: {label['title-and-pay']} (matters a lot); {label['goals']} (matters a little)."
    assert lines[2] == f"Where it is mixed: {label['growth']} (matters a lot)."
    assert lines[3] == f"Where it fits: {label['team']} (matters somewhat)."
    assert lines[4].startswith("Not rated yet: ") and label["values-and-culture"] in lines[4]
    links = page.locator("[data-dwg-ws-out] li:visible a")
    hrefs = links.evaluate_all("as => as.map(a => a.href)")
    wanted = [urljoin(page.url, tools.guide_href(CRITERIA[c].guide, "../../")) for c in ("title-and-pay", "goals", "growth")]
    assert sorted(hrefs) == sorted(set(wanted))
    expect(page.locator("[data-dwg-help]")).to_be_visible()

    # Turn the weights around: the order follows.
    rate(page, "goals", weight=3)
    rate(page, "title-and-pay", weight=1)
    assert summary_lines(page)[1] == f"Where the offer falls short: {label['goals']} (matters a lot); {label['title-and-pay']} (matters a little)."
    # A better rating moves a point out of "falls short".
    rate(page, "goals", fit=3)
    lines = summary_lines(page)
    assert lines[1] == f"Where the offer falls short: {label['title-and-pay']} (matters a little)."
    assert label["goals"] in lines[3] and lines[3].startswith("Where it fits:")
    copied = page.locator("[data-dwg-ws-copy]").get_attribute("data-clipboard-text")
    assert copied.startswith("Based only on your ratings:\nWhere the offer falls short: ")
    assert "should" not in copied.lower()  # no verdict beyond the reader's own ratings
    assert all(line in copied for line in summary_lines(page))


def test_worksheet_summary_when_everything_fits(page: Page, served_site: str) -> None:
    start(page, served_site + "guide/decide/")
    for cid in CRITERIA:
        rate(page, cid, fit=3)
    expect(page.locator("[data-dwg-group]:visible")).to_have_count(1)
    assert summary_lines(page)[1].startswith("Where it fits: ")
    expect(page.locator("[data-dwg-help]")).to_be_hidden()
    expect(page.locator("[data-dwg-ws-out] li:visible")).to_have_count(0)
    copied = page.locator("[data-dwg-ws-copy]").get_attribute("data-clipboard-text")
    assert copied.splitlines() == summary_lines(page)


def test_worksheet_copy_button_copies_the_summary(page: Page, served_site: str, context) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/"))
    start(page, served_site + "guide/decide/")
    rate(page, "growth", fit=1, weight=3)
    page.evaluate("() => navigator.clipboard.writeText('stale clipboard')")
    page.locator("[data-dwg-ws-copy]").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t !== 'stale clipboard')")
    text = page.evaluate("() => navigator.clipboard.readText()")
    assert text == page.locator("[data-dwg-ws-copy]").get_attribute("data-clipboard-text")
    assert f"Where the offer falls short: {CRITERIA['growth'].label} (matters a lot)." in text


def test_worksheet_ratings_are_stored_only_with_the_opt_in(page: Page, served_site: str) -> None:
    start(page, served_site + "guide/decide/")
    page.evaluate("() => localStorage.clear()")
    page.reload()
    rate(page, "growth", fit=1, weight=3)
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('dwg:'))") == []
    page.reload()
    expect(page.locator('input[name="fit-growth"]:checked')).to_have_count(0)

    page.evaluate("() => localStorage.setItem('dwg:remember', 'true')")  # the letter builder's opt-in
    page.reload()
    rate(page, "growth", fit=2, weight=1)
    stored = json.loads(page.evaluate("() => localStorage.getItem('dwg:worksheet')"))
    assert stored["fit-growth"] == "2" and stored["weight-growth"] == "1"
    page.reload()
    expect(page.locator('input[name="fit-growth"][value="2"]')).to_be_checked()
    expect(page.locator('input[name="weight-growth"][value="1"]')).to_be_checked()

    page.evaluate("() => localStorage.removeItem('dwg:remember')")  # opting out forgets on the next change
    page.reload()
    rate(page, "team", fit=3)
    assert page.evaluate("() => localStorage.getItem('dwg:worksheet')") is None


# --- Follow-up planner and calendar files ----------------------------------------------------

def unfold(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")


def check_rfc5545_lines(raw: bytes) -> None:
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF or CR"
    for line in raw.split(b"\r\n")[:-1]:
        assert len(line) <= 75, f"line of {len(line)} octets"
        line.decode("utf-8")  # a fold inside a multibyte character would not decode


def open_planner(page: Page, served_site: str, declined: str) -> None:
    start(page, served_site + "guide/stay-connected/")
    expect(page.locator("[data-dwg-planner]")).to_be_visible()
    page.locator("[data-dwg-declined]").fill(declined)
    page.locator("[data-dwg-declined]").dispatch_event("change")


def workday(day: dt.date) -> dt.date:
    """A step that falls on a weekend moves to the Monday."""
    return day + dt.timedelta(days={5: 2, 6: 1}.get(day.weekday(), 0))


def step_date(declined: dt.date, step: tools.Step) -> dt.date:
    return workday(declined + dt.timedelta(days=step.offset_days))


def coming(weekday: int, weeks: int = 2) -> dt.date:
    """A date a few weeks ahead on the given weekday (0 = Monday), so no step of the plan has passed."""
    day = dt.date.today() + dt.timedelta(weeks=weeks)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


WEDNESDAY, SATURDAY = coming(2), coming(5)


def test_planner_defaults_to_today_and_shows_dates(page: Page, served_site: str) -> None:
    start(page, served_site + "guide/stay-connected/")
    today = page.evaluate("() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; }")
    assert page.locator("[data-dwg-declined]").input_value() == dt.date(*today).isoformat()
    open_planner(page, served_site, WEDNESDAY.isoformat())
    times = page.locator("[data-dwg-step] time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert times == [step_date(WEDNESDAY, s).isoformat() for s in STEPS]
    links = page.locator("[data-dwg-step] a").evaluate_all("as => as.map(a => a.href)")
    assert links == [f"{served_site}letters/{s.letter}/" for s in STEPS]
    expect(page.locator("[data-dwg-passed]:visible")).to_have_count(0)


def check_one_step_ics(page: Page, served_site: str, text: str) -> None:
    """Type the text into every planner field, download one step's calendar file and read it back."""
    contact, company, note = (page.locator(f"[data-dwg-{f}]") for f in ("contact", "company", "note"))
    for box in (contact, company, note):
        box.fill(text)
    step = STEPS[2]
    raw = made_file(page, page.locator(f'[data-dwg-ics="{step.id}"]'))
    check_rfc5545_lines(raw)

    # What the reader typed, as the browser holds it (text inputs drop line breaks; maxlength applies).
    typed_contact, typed_company, typed_note = (page.evaluate("v => v.trim()", box.input_value()) for box in (contact, company, note))
    strip = lambda s: re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", s.replace("\r\n", "\n").replace("\r", "\n"))  # noqa: E731

    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert event.decoded("DTSTART") == step_date(WEDNESDAY, step)
    assert event.decoded("DTEND") == event.decoded("DTSTART") + dt.timedelta(days=1)
    who = ", ".join(v for v in (typed_contact, typed_company) if v)
    assert str(event["SUMMARY"]) == strip(f"{step.title} – {who}" if who else step.title)
    description = str(event["DESCRIPTION"])
    assert description.startswith(step.description + "\nLetter: " + served_site + f"letters/{step.letter}/")
    assert description.endswith("\n\n" + strip(typed_note))
    (alarm,) = event.walk("VALARM")
    assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])

    # On the wire, every comma, semicolon and backslash in TEXT is escaped and no line break is left raw.
    for line in unfold(raw):
        if line.startswith(("SUMMARY:", "DESCRIPTION:")):
            value = line.split(":", 1)[1]
            assert not re.search(r"(?<!\\)(?:\\\\)*[,;]", value), line
            assert re.fullmatch(r"(?:[^\\]|\\[\\;,n])*", value), line


def test_one_step_ics_parses_with_escaped_reader_text(page: Page, served_site: str) -> None:
    """Every text of the corpus, typed in turn into one planner (one page load for the whole corpus)."""
    keep_made_files(page)
    open_planner(page, served_site, WEDNESDAY.isoformat())
    check_each(sorted(HOSTILE.items()), lambda text: check_one_step_ics(page, served_site, text))


@pytest.mark.both_builders
def test_all_in_one_ics_holds_every_step_as_a_free_reminder(page: Page, served_site: str) -> None:
    open_planner(page, served_site, WEDNESDAY.isoformat())
    page.locator("[data-dwg-contact]").fill("Amara Okafor")
    page.locator("[data-dwg-company]").fill(HOSTILE["ics-emoji"])
    page.locator("[data-dwg-note]").fill(HOSTILE["ics-long"])
    _, raw = download(page, page.locator('[data-dwg-ics=""]'))
    check_rfc5545_lines(raw)
    cal = Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and "Decline with Grace" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    assert len(events) == len(STEPS)
    assert [e.decoded("DTSTART") for e in events] == [step_date(WEDNESDAY, s) for s in STEPS]
    assert [str(e["SUMMARY"]) for e in events] == [f"{s.title} – Amara Okafor, {HOSTILE['ics-emoji']}" for s in STEPS]
    assert all(str(e["DESCRIPTION"]).endswith(HOSTILE["ics-long"].strip()) for e in events)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert all(isinstance(e.decoded("DTSTAMP"), dt.datetime) for e in events)
    assert all(b"DTSTART;VALUE=DATE:" in raw for _ in events) and raw.count(b"DTSTART;VALUE=DATE:") == len(STEPS)
    for event in events:
        assert str(event["TRANSP"]) == "TRANSPARENT"  # shown as free, not busy
        assert "CLASS" not in event
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == -dt.timedelta(days=1)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
        assert str(event["URL"]).startswith(served_site + "letters/follow-up-")


def test_weekend_steps_move_to_the_monday(page: Page, served_site: str) -> None:
    open_planner(page, served_site, SATURDAY.isoformat())
    _, raw = download(page, page.locator('[data-dwg-ics=""]'))
    starts = [e.decoded("DTSTART") for e in Calendar.from_ical(raw).walk("VEVENT")]
    assert [d.weekday() for d in starts] == [0] * len(STEPS)  # every step lands on a weekend from a Saturday
    assert starts == [step_date(SATURDAY, s) for s in STEPS]
    times = page.locator("[data-dwg-step] time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert times == [d.isoformat() for d in starts]


def test_past_steps_are_left_out(page: Page, served_site: str) -> None:
    declined = dt.date.today() - dt.timedelta(days=STEPS[2].offset_days - 21)  # only the later steps still to come
    open_planner(page, served_site, declined.isoformat())
    future = [s for s in STEPS if step_date(declined, s) >= dt.date.today()]
    assert 0 < len(future) < len(STEPS)
    _, raw = download(page, page.locator('[data-dwg-ics=""]'))
    events = Calendar.from_ical(raw).walk("VEVENT")
    assert [str(e["UID"]).split("-20")[0] for e in events] == [s.id for s in future]
    assert all(e.decoded("DTSTART") >= dt.date.today() for e in events)
    for s in STEPS:
        passed = s not in future
        expect(page.locator(f'[data-dwg-ics="{s.id}"]')).to_be_disabled() if passed else expect(
            page.locator(f'[data-dwg-ics="{s.id}"]')).to_be_enabled()
        expect(page.locator(f'[data-dwg-step="{s.id}"] [data-dwg-passed]')).to_be_visible(visible=passed)

    open_planner(page, served_site, (dt.date.today() - dt.timedelta(days=800)).isoformat())  # every step has passed
    expect(page.locator('[data-dwg-ics=""]')).to_be_disabled()


def test_a_confidential_search_gets_neutral_private_events(page: Page, served_site: str) -> None:
    open_planner(page, served_site, WEDNESDAY.isoformat())
    page.locator("[data-dwg-contact]").fill("Amara Okafor")
    page.locator("[data-dwg-company]").fill("Acme Holdings")
    page.locator("[data-dwg-confidential]").check()
    _, raw = download(page, page.locator('[data-dwg-ics=""]'))
    assert b"Amara" not in raw and b"Acme" not in raw
    events = Calendar.from_ical(raw).walk("VEVENT")
    assert len(events) == len(STEPS)
    for event in events:
        assert str(event["SUMMARY"]) == tools.NEUTRAL_TITLE and str(event["CLASS"]) == "PRIVATE"
        assert str(event["TRANSP"]) == "TRANSPARENT" and len(event.walk("VALARM")) == 1


def test_folding_never_splits_a_character(page: Page, served_site: str) -> None:
    # 2-, 3- and 4-byte characters, shifted 0..3 bytes against the fold points.
    keep_made_files(page)
    open_planner(page, served_site, WEDNESDAY.isoformat())
    for char, pad in itertools.product(["é", "€", "👩🏽"], range(4)):
        page.locator("[data-dwg-note]").fill("x" * pad + char * 60)
        raw = made_file(page, page.locator(f'[data-dwg-ics="{STEPS[0].id}"]'))
        check_rfc5545_lines(raw)
        (event,) = Calendar.from_ical(raw).walk("VEVENT")
        assert str(event["DESCRIPTION"]).endswith("x" * pad + char * 60)


# --- The process timeline -----------------------------------------------------------------------

COLOR = re.compile(r"rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? ?/? ?([\d.]+))?\)")


def rgba(css: str) -> tuple[float, float, float, float]:
    m = COLOR.fullmatch(css.strip())
    assert m, f"unexpected colour format: {css}"
    r, g, b, a = m.groups()
    return float(r), float(g), float(b), float(a) if a is not None else 1.0


def over(top: tuple, bottom: tuple) -> tuple:
    """Composite a colour with alpha over an opaque one."""
    a = top[3]
    return tuple(top[i] * a + bottom[i] * (1 - a) for i in range(3)) + (1.0,)


def luminance(c: tuple) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in c[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple, b: tuple) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


CONNECTOR_JS = """e => { const s = getComputedStyle(e);
  const side = parseFloat(s.borderTopWidth) > 0 ? 'borderTopColor' : 'borderLeftColor';
  if (parseFloat(s.borderTopWidth) + parseFloat(s.borderLeftWidth) === 0) throw new Error('no connector');
  return s[side]; }"""
BACKDROP_JS = """el => { const out = []; for (let e = el; e; e = e.parentElement) out.push(getComputedStyle(e).backgroundColor); return out; }"""


def backdrop(page: Page, locator) -> tuple:
    """The opaque colour behind an element: every ancestor's background composited over white."""
    colour = (255.0, 255.0, 255.0, 1.0)
    for css in reversed(locator.evaluate(BACKDROP_JS)):
        colour = over(rgba(css), colour)
    return colour


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_process_timeline_contrast_passes_aa(browser, served_site: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    start(page, served_site, "core")
    expected = {"light": "default", "dark": "slate"}[scheme]
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    steps = page.locator(".dwg-timeline > li")
    expect(steps).to_have_count(5)
    checked = 0
    for i in range(5):
        li = steps.nth(i)
        bg = backdrop(page, li)
        for part in ("strong", "span", "small"):
            text = li.locator(part)
            fg = over(rgba(text.evaluate("e => getComputedStyle(e).color")), bg)
            assert ratio(fg, bg) >= 4.5, f"{scheme} step {i + 1} {part}: {ratio(fg, bg):.2f}"
            checked += 1
        marker = li.evaluate("e => { const s = getComputedStyle(e, '::before'); return [s.backgroundColor, s.color, s.content]; }")
        disc = over(rgba(marker[0]), bg)
        number = over(rgba(marker[1]), disc)
        assert marker[2] not in ("none", "normal")
        assert ratio(disc, bg) >= 3, f"{scheme} marker {i + 1} against the page: {ratio(disc, bg):.2f}"
        assert ratio(number, disc) >= 4.5, f"{scheme} number {i + 1} on its marker: {ratio(number, disc):.2f}"
        if i < 4:  # the connector is the step's top or left border, whichever the layout draws
            line = over(rgba(li.evaluate(CONNECTOR_JS)), backdrop(page, page.locator(".dwg-timeline")))
            assert ratio(line, bg) >= 3, f"{scheme} connector {i + 1}: {ratio(line, bg):.2f}"
        checked += 1
    assert checked == 20
    context.close()


def test_process_timeline_has_a_text_alternative(page: Page, served_site: str) -> None:
    start(page, served_site, "core")
    timeline = page.get_by_role("list", name="The whole process at a glance")
    expect(timeline).to_be_visible()
    names = timeline.get_by_role("listitem").locator("strong").all_inner_texts()
    assert names == ["Decide", "Call", "Confirm in writing", "Thank", "Check in"]
