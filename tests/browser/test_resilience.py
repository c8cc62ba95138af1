"""Every interactive page in real Chromium under conditions readers really have: a script that arrives late
while they type, storage that is corrupt, oversized, full or blocked, Enter pressed in a form, and dates far
outside any real plan. One page load per case; every wait is on a state the page exposes (ready.py).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from conftest import ROOT
from each import check_each
from macros import tools
from macros.loading import cached_library
from macros.model import compose_letter, options_for
from macros.plan import plan_for
from macros.template_text import fill as fill_text
from ready import clear_ready, ready_selector, wait_ready

LIB = cached_library(ROOT / "snippets").library
LETTER = "decline-written-offer"  # every kind of option, a subject, an email channel
FIELD = {p.id: p.label for p in LIB.placeholders.values()}
CRITERIA = [c.id for c in tools.criteria(LIB)]
TICKS = [f"{c.id}/{i.id}" for c in LIB.checklists.values() for i in c.items]


@dataclass(frozen=True)
class Tool:
    path: str  # from the site root
    script: str  # the file dwg-core.js loads on demand for it
    ready: str  # the name that script adds to <html data-dwg-ready>
    forms: str  # a selector for each of its forms
    marker: str  # an attribute only its pages carry, which dwg-core.js's LAZY table loads the script for


TOOLS = {
    "letter": Tool(f"letters/{LETTER}/", "dwg-letters.js", "letters", "[data-dwg-form]", "data-dwg-letter"),
    "index": Tool("letters/", "dwg-plan.js", "plan", "[data-dwg-plan], [data-dwg-filters]", "data-dwg-index"),
    "checklists": Tool("checklists/", "dwg-tools.js", "tools", "[data-dwg-checklist-filter]", "data-dwg-tick"),
    "worksheet": Tool("guide/decide/", "dwg-tools.js", "tools", "[data-dwg-worksheet]", "data-dwg-worksheet"),
    "planner": Tool("guide/stay-connected/", "dwg-tools.js", "tools", "[data-dwg-planner]", "data-dwg-planner"),
}


def test_every_interactive_page_is_covered(built_site: Path) -> None:
    """Every attribute dwg-core.js loads a script for is a tool here (the pre-send check lives on the letter
    page), and each page named here holds its tool."""
    needs = re.findall(r"needs:\s*\"([^\"]+)\"", (ROOT / "docs" / "assets" / "dwg-core.js").read_text(encoding="utf-8"))
    attributes = set(re.findall(r"\[(data-dwg-[a-z-]+)\]", " ".join(needs)))
    assert attributes and attributes - {"data-dwg-check"} == {t.marker for t in TOOLS.values()}
    for name, tool in TOOLS.items():
        assert tool.marker in (built_site / tool.path / "index.html").read_text(encoding="utf-8"), name
    assert "data-dwg-check" in (built_site / TOOLS["letter"].path / "index.html").read_text(encoding="utf-8")


# --- Watching the page ---------------------------------------------------------------------------

@pytest.fixture
def errors(page: Page):
    """Uncaught exceptions and console errors; a test that breaks storage on purpose only fails on ours."""
    seen: list[str] = []
    page.on("pageerror", lambda e: seen.append(f"{e} {e.stack}"))
    page.on("console", lambda m: m.type == "error" and seen.append(f"{m.text} {m.location}"))
    yield seen


def no_errors(seen: list[str], ours_only: bool = False) -> None:
    mine = [e for e in seen if "dwg-" in e] if ours_only else seen
    assert mine == [], "errors in the browser"


def seed(page: Page, local: dict[str, str] | None = None, session: dict[str, str] | None = None) -> None:
    """Raw strings under our keys, in place before any script of the page runs."""
    page.add_init_script(
        f"(() => {{ const local = {json.dumps(local or {})}, session = {json.dumps(session or {})};"
        " for (const [k, v] of Object.entries(local)) localStorage.setItem('dwg:' + k, v);"
        " for (const [k, v] of Object.entries(session)) sessionStorage.setItem('dwg:' + k, v); })()"
    )


def stored(page: Page, key: str, area: str = "localStorage"):
    raw = page.evaluate(f"() => {area}.getItem('dwg:{key}')")
    return None if raw is None else json.loads(raw)


def open_tool(page: Page, base: str, name: str, query: str = "") -> Tool:
    tool = TOOLS[name]
    page.goto(base + tool.path + query)
    wait_ready(page, tool.ready)
    return tool


# --- What each tool does, used by the storage cases ----------------------------------------------

def unkept(page: Page, scope: str):
    return page.locator(f"{scope} [data-dwg-unkept]")


def use_letter(page: Page, keeps: bool) -> None:
    name = page.get_by_label(FIELD["your_name"], exact=True)
    name.fill("Sam Ökafor 🙏")
    expect(page.locator('[data-dwg-body] [data-dwg-slot="your_name"]').first).to_have_text("Sam Ökafor 🙏")
    page.get_by_label("Your reason", exact=True).select_option(value="deal-timing")
    expect(page.locator("[data-dwg-body]")).to_contain_text(LIB.reasons["deal-timing"].text.strip()[:40])
    page.get_by_label("Remember my details on this device").check()
    message = unkept(page, "[data-dwg-form]")
    if keeps:
        expect(message).to_be_hidden()
    else:
        expect(message).to_be_visible()
        expect(message).to_contain_text("This browser is not keeping anything")
    href = page.get_by_role("link", name="Open in email").get_attribute("href")
    assert urllib.parse.quote("Sam Ökafor 🙏") in href
    page.get_by_role("button", name="Forget my details").click()
    expect(name).to_have_value("")
    expect(page.get_by_label("Remember my details on this device")).not_to_be_checked()
    expect(message).to_be_hidden()


def use_index(page: Page, keeps: bool) -> None:
    page.get_by_role("group", name=LIB.plan.question("search").label).get_by_role(
        "radio", name=LIB.plan.question("search").answer("search-firm").label, exact=True).check()
    want = [p.letter for p in plan_for(LIB.plan, {**LIB.plan.defaults(), "search": "search-firm"})]
    expect(page.locator("[data-dwg-plan-list] > li:visible")).to_have_count(len(want))
    assert page.locator("[data-dwg-plan-list] > li:visible").evaluate_all("els => els.map(e => e.dataset.letter)") == want
    page.get_by_label("How you will send it").select_option(value="phone")
    phone = sorted(l.title for l in LIB.letters.values() if l.channel == "phone")
    expect(page.locator("[data-dwg-index] li:visible")).to_have_count(len(phone))


def use_checklists(page: Page, keeps: bool) -> None:
    key = TICKS[0]
    box = page.locator(f'[data-dwg-tick="{key}"]')
    box.check()
    expect(box).to_be_checked()
    message = unkept(page, "[data-dwg-checklist-filter]")
    if keeps:
        expect(message).to_be_hidden()
        assert stored(page, "ticks") == {key: True}
    else:
        expect(message).to_be_visible()
        expect(message).to_contain_text("This browser is not keeping anything")
    page.locator(f'[data-dwg-reset="{key.split("/")[0]}"]').click()
    expect(box).not_to_be_checked()


def use_worksheet(page: Page, keeps: bool) -> None:
    label = tools.criteria(LIB)[0].label
    page.locator(f'input[name="fit-{CRITERIA[0]}"][value="1"]').check()
    expect(page.locator("[data-dwg-group='1']")).to_contain_text(label)
    page.get_by_role("button", name="Clear my ratings").click()
    expect(page.locator("[data-dwg-worksheet] input[name^=fit-]:checked")).to_have_count(0)
    expect(page.locator("[data-dwg-group='0']")).to_contain_text(label)


def use_planner(page: Page, keeps: bool) -> None:
    day = dt.date.today() + dt.timedelta(days=30)
    page.locator("[data-dwg-declined]").fill(day.isoformat())
    steps = tools.steps(LIB)
    expect(page.locator("[data-dwg-step] time").first).to_have_attribute("datetime", workday(day + dt.timedelta(days=steps[0].offset_days)).isoformat())
    with page.expect_download() as info:
        page.locator('[data-dwg-ics=""]').click()
    assert Path(info.value.path()).read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def workday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days={5: 2, 6: 1}.get(day.weekday(), 0))


USE = {"letter": use_letter, "index": use_index, "checklists": use_checklists, "worksheet": use_worksheet, "planner": use_planner}
KEYS = ("details", "remember", "ticks", "worksheet")


# --- Corrupt, oversized, full and blocked storage ------------------------------------------------

CORRUPT = {"not-json": "{not json", "array": "[]", "nested": '{"a":{}}'}
# Only the value under test is stored when the page loads again: ours are cleared, then every key set to it.
STORE_EVERYWHERE = """([keys, raw]) => { for (const area of [localStorage, sessionStorage]) {
  Object.keys(area).filter(k => k.startsWith('dwg:')).forEach(k => area.removeItem(k));
  keys.forEach(k => area.setItem('dwg:' + k, raw)); } }"""


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_corrupt_storage_is_ignored(page: Page, served_site: str, errors: list[str], name: str) -> None:
    """Each corrupt value in turn, in one tab: stored under every key of both storages, then the page reloaded."""
    tool = open_tool(page, served_site, name)

    def survives(raw: str) -> None:
        page.evaluate(STORE_EVERYWHERE, [list(KEYS), raw])
        page.reload()
        wait_ready(page, tool.ready)
        USE[name](page, keeps=True)
        no_errors(errors)

    check_each(CORRUPT.items(), survives)


BLOCKED = ("for (const name of ['localStorage', 'sessionStorage']) Object.defineProperty(window, name, {configurable: true,"
           " get() { throw new DOMException('blocked', 'SecurityError'); }});")
FULL = ("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };")


@pytest.mark.parametrize("broken", [BLOCKED, FULL], ids=["blocked", "full"])
@pytest.mark.parametrize("name", sorted(TOOLS))
def test_storage_that_keeps_nothing_still_works_and_says_so(page: Page, served_site: str, errors: list[str], name: str, broken: str) -> None:
    page.add_init_script(broken)
    open_tool(page, served_site, name)
    USE[name](page, keeps=False)
    no_errors(errors, ours_only=True)  # Material's own start-up code may trip over the broken storage


def test_stored_details_that_do_not_fit_their_field_are_dropped(page: Page, served_site: str, errors: list[str]) -> None:
    """Longer than the field allows, or cut inside an emoji: dropped, and the email link still builds."""
    cap = LIB.placeholders["your_name"].max_length
    details = {"your_name": "🙏" * cap, "company": "Acme \ud83d", "hiring_manager": 42, "role": "COO 🙏", "interviewers": "\udc4d x"}
    raw = json.dumps(details)  # JSON keeps the lone surrogates as \\u escapes, as a cut string would be stored
    seed(page, {"remember": "true", "details": raw}, {"details": json.dumps({"company": "x" * 100000})})
    open_tool(page, served_site, "letter")
    values = page.evaluate("() => Object.fromEntries([...document.querySelectorAll('[data-dwg-input]')].map(i => [i.dataset.dwgInput, i.value]))")
    assert values["role"] == "COO 🙏"
    assert values["your_name"] == values["company"] == values["hiring_manager"] == values["interviewers"] == ""
    expect(page.get_by_role("link", name="Open in email")).to_have_attribute("href", re.compile(r"^mailto:\?subject="))
    use_letter(page, keeps=True)
    assert stored(page, "details") is None and stored(page, "details", "sessionStorage") is None
    no_errors(errors)


def test_stored_ticks_and_ratings_that_are_not_their_own_are_dropped(page: Page, served_site: str, errors: list[str]) -> None:
    ticks = {TICKS[0]: True, TICKS[1]: "true", TICKS[2]: {}, "junk": True}
    seed(page, {"ticks": json.dumps(ticks)})
    open_tool(page, served_site, "checklists")
    expect(page.locator("[data-dwg-tick]:checked")).to_have_count(1)
    expect(page.locator(f'[data-dwg-tick="{TICKS[0]}"]')).to_be_checked()
    page.locator(f'[data-dwg-tick="{TICKS[3]}"]').check()
    # Entries that are not a tick are gone once it saves; a tick for an item not on this page is the reader's.
    assert stored(page, "ticks") == {TICKS[0]: True, TICKS[3]: True, "junk": True}
    no_errors(errors)


def test_stored_ratings_that_are_not_choices_are_dropped(page: Page, served_site: str, errors: list[str]) -> None:
    a, b = CRITERIA[0], CRITERIA[1]
    ratings = {f"fit-{a}": "9", f"fit-{b}": "3", f"weight-{b}": "x" * 100000, "fit-nothing": "1", f"weight-{a}": 3}
    seed(page, {"remember": "true", "worksheet": json.dumps(ratings)})
    open_tool(page, served_site, "worksheet")
    expect(page.locator("[data-dwg-worksheet] input[name^=fit-]:checked")).to_have_count(1)
    expect(page.locator(f'input[name="fit-{b}"][value="3"]')).to_be_checked()
    expect(page.locator(f'input[name="weight-{b}"][value="{tools.DEFAULT_WEIGHT}"]')).to_be_checked()
    no_errors(errors)


# --- Forget, and the tools' own resets -----------------------------------------------------------

def test_forget_removes_the_details_but_not_ticks_or_ratings(page: Page, served_site: str) -> None:
    ratings = {f"fit-{CRITERIA[0]}": "1"}
    seed(page, {"remember": "true", "details": json.dumps({"your_name": "Dana"}), "ticks": json.dumps({TICKS[0]: True}),
                "worksheet": json.dumps(ratings)})
    open_tool(page, served_site, "letter")
    expect(page.get_by_label(FIELD["your_name"], exact=True)).to_have_value("Dana")
    page.get_by_role("button", name="Forget my details").click()
    expect(page.get_by_label(FIELD["your_name"], exact=True)).to_have_value("")
    assert stored(page, "details") is None and stored(page, "remember") is None
    assert stored(page, "details", "sessionStorage") is None
    assert stored(page, "ticks") == {TICKS[0]: True} and stored(page, "worksheet") == ratings


def test_the_worksheet_resets_its_own_ratings(page: Page, served_site: str) -> None:
    seed(page, {"remember": "true"})
    open_tool(page, served_site, "worksheet")
    page.locator(f'input[name="fit-{CRITERIA[0]}"][value="2"]').check()
    page.locator(f'input[name="weight-{CRITERIA[0]}"][value="3"]').check()
    assert stored(page, "worksheet")[f"fit-{CRITERIA[0]}"] == "2"
    page.get_by_role("button", name="Clear my ratings").click()
    expect(page.locator("[data-dwg-worksheet] input[name^=fit-]:checked")).to_have_count(0)
    expect(page.locator(f'input[name="weight-{CRITERIA[0]}"][value="{tools.DEFAULT_WEIGHT}"]')).to_be_checked()
    assert stored(page, "worksheet") == {f"weight-{c}": tools.DEFAULT_WEIGHT for c in CRITERIA}
    expect(page.locator("[data-dwg-group='0']")).to_be_visible()


# --- Typing while the script is still on its way ------------------------------------------------

def hold(page: Page, script: str) -> list[Route]:
    """Hold the on-demand script until the test releases it, after the reader has typed."""
    held: list[Route] = []
    page.route(f"**/assets/{script}*", lambda route: held.append(route))
    return held


def release(page: Page, held: list[Route]) -> None:
    for _ in range(200):  # each call lets Playwright hand over the held request; no fixed wait
        if held:
            break
        page.evaluate("() => new Promise(resolve => requestAnimationFrame(resolve))")
    assert len(held) == 1, "the script was requested once and held"
    held[0].continue_()


def expected_letter(choice: dict, values: dict[str, str]) -> tuple[str, str]:
    subject, body = compose_letter(LIB, LIB.letters[LETTER], choice)
    labels, types = LIB.labels(), LIB.types()
    return fill_text(subject or "", values, labels, types), fill_text(body, values, labels, types)


def early_letter(page: Page) -> Iterator[str | None]:
    """Stored details, and an address that names other options, must not undo a single keystroke."""
    formal, casual = options_for(LIB, LIB.letters[LETTER])["formality"]
    seed(page, {"remember": "true", "details": json.dumps({"hiring_manager": "Stored Manager", "your_name": "Stored Name"})},
         {"details": json.dumps({"company": "Stored Co", "role": "Stored role"})})
    typed = {"your_name": "Sam Ökafor ✓", "company": "Northwind <b>&</b> 🙏"}
    yield f"?reason=personal-goals&formality={formal}&extras=referral"
    for pid, value in typed.items():
        page.get_by_label(FIELD[pid], exact=True).press_sequentially(value)
    page.get_by_label("Your reason", exact=True).select_option(value="deal-timing")
    page.get_by_label(LIB.formality[casual].label).check()
    page.get_by_label(LIB.extras["discretion"].label).check()
    page.get_by_label("Subject", exact=True).fill("My own subject 🙏")
    yield
    for pid, value in typed.items():
        expect(page.get_by_label(FIELD[pid], exact=True)).to_have_value(value)
    expect(page.get_by_label(FIELD["role"], exact=True)).to_have_value("Stored role")  # an empty field is filled in
    expect(page.get_by_label(FIELD["hiring_manager"], exact=True)).to_have_value("Stored Manager")
    assert page.get_by_label("Your reason", exact=True).input_value() == "deal-timing"
    expect(page.get_by_label(LIB.formality[casual].label)).to_be_checked()
    for extra in ("discretion", "referral"):  # the reader's tick, and the address's
        expect(page.get_by_label(LIB.extras[extra].label)).to_be_checked()
    expect(page.get_by_label("Subject", exact=True)).to_have_value("My own subject 🙏")
    values = {"your_name": typed["your_name"], "company": typed["company"], "role": "Stored role", "hiring_manager": "Stored Manager"}
    choice = {"reason": "deal-timing", "closing": "good-wishes", "length": "standard", "formality": casual, "extras": ["discretion", "referral"]}
    assert page.locator("[data-dwg-body]").text_content() == expected_letter(choice, values)[1]
    assert stored(page, "details", "sessionStorage")["your_name"] == typed["your_name"]  # and saved


def early_index(page: Page) -> Iterator[str | None]:
    yield "?stage=signed&search=search-firm&channel=email"
    stage = LIB.plan.question("stage")
    page.get_by_role("group", name=stage.label).get_by_role("radio", name=stage.answer("interviewing").label, exact=True).check()
    page.get_by_label("How you will send it").select_option(value="phone")
    yield
    expect(page.locator('input[name="stage"][value="interviewing"]')).to_be_checked()
    expect(page.locator('input[name="search"][value="search-firm"]')).to_be_checked()  # the address fills the rest
    expect(page.get_by_label("How you will send it")).to_have_value("phone")
    want = [p.letter for p in plan_for(LIB.plan, {**LIB.plan.defaults(), "stage": "interviewing", "search": "search-firm"})]
    assert page.locator("[data-dwg-plan-list] > li:visible").evaluate_all("els => els.map(e => e.dataset.letter)") == want
    phone = sorted(l.title for l in LIB.letters.values() if l.channel == "phone")
    assert sorted(page.locator("[data-dwg-index] li:visible a").all_text_contents()) == phone


def early_checklists(page: Page) -> Iterator[str | None]:
    situation = "recruiter-led"
    seed(page, {"ticks": json.dumps({TICKS[0]: True})})
    yield ""
    page.locator(f'[data-dwg-tick="{TICKS[1]}"]').check()
    page.locator("[data-dwg-checklist-filter] select").select_option(situation)
    yield
    for key in TICKS[:2]:
        expect(page.locator(f'[data-dwg-tick="{key}"]')).to_be_checked()
    assert stored(page, "ticks") == {TICKS[0]: True, TICKS[1]: True}
    expect(page.locator("[data-dwg-checklist-filter] select")).to_have_value(situation)
    shown = sum(1 for c in LIB.checklists.values() for i in c.items if i.situations is None or situation in i.situations)
    expect(page.locator("[data-dwg-checklist] > li:visible")).to_have_count(shown)


def early_worksheet(page: Page) -> Iterator[str | None]:
    a, b, c = CRITERIA[:3]
    seed(page, {"remember": "true", "worksheet": json.dumps({f"fit-{a}": "1", f"fit-{b}": "3", f"weight-{c}": "3"})})
    yield ""
    page.locator(f'input[name="fit-{a}"][value="3"]').check()
    page.locator(f'input[name="weight-{c}"][value="1"]').check()
    yield
    expect(page.locator(f'input[name="fit-{a}"][value="3"]')).to_be_checked()  # the reader's, not the stored "1"
    expect(page.locator(f'input[name="fit-{b}"][value="3"]')).to_be_checked()  # the stored one, where untouched
    expect(page.locator(f'input[name="weight-{c}"][value="1"]')).to_be_checked()
    kept = stored(page, "worksheet")
    assert (kept[f"fit-{a}"], kept[f"fit-{b}"], kept[f"weight-{c}"]) == ("3", "3", "1")


def early_planner(page: Page) -> Iterator[str | None]:
    day = dt.date.today() + dt.timedelta(days=40)
    typed = {"contact": "Amara Okafor ✓", "company": "Acme; Inc, 🙏", "note": "Line one\nline two"}
    yield ""
    page.locator("[data-dwg-declined]").fill(day.isoformat())
    for field, value in typed.items():
        page.locator(f"[data-dwg-{field}]").press_sequentially(value)
    page.locator("[data-dwg-confidential]").check()
    yield
    expect(page.locator("[data-dwg-declined]")).to_have_value(day.isoformat())
    for field, value in typed.items():
        expect(page.locator(f"[data-dwg-{field}]")).to_have_value(value)
    expect(page.locator("[data-dwg-confidential]")).to_be_checked()
    first = tools.steps(LIB)[0]
    expect(page.locator("[data-dwg-step] time").first).to_have_attribute("datetime", workday(day + dt.timedelta(days=first.offset_days)).isoformat())


EARLY = {"letter": early_letter, "index": early_index, "checklists": early_checklists, "worksheet": early_worksheet, "planner": early_planner}


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_what_the_reader_did_before_the_script_arrived_is_kept(page: Page, served_site: str, errors: list[str], name: str) -> None:
    tool, steps = TOOLS[name], EARLY[name](page)
    query = next(steps)
    held = hold(page, tool.script)
    page.goto(served_site + tool.path + query, wait_until="domcontentloaded")
    next(steps)  # the reader types, ticks and picks
    expect(page.locator(ready_selector(tool.ready))).to_have_count(0)  # all of it before the script started
    release(page, held)
    wait_ready(page, tool.ready)
    next(steps, None)  # every character and choice is still there
    no_errors(errors)


# --- Enter never submits ---------------------------------------------------------------------------

WATCH_SUBMITS = """() => { window.__stay = 1; window.__submits = [];
  document.addEventListener('submit', e => window.__submits.push(e.defaultPrevented)); }"""  # after dwg-core's own


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_enter_never_submits_a_form(page: Page, served_site: str, errors: list[str], name: str) -> None:
    tool = open_tool(page, served_site, name)
    url = page.url
    page.evaluate(WATCH_SUBMITS)
    controls = page.locator(f":is({tool.forms}) :is(input, select):visible")
    assert controls.count() > 0
    pressed = 0
    for control in controls.all():
        kind = control.evaluate("e => e.type")
        if kind == "text":
            control.fill("Typed 🙏")
        control.press("Enter")
        pressed += 1
        if kind == "text":
            expect(control).to_have_value("Typed 🙏")
    # Whether or not Enter asks for a submit, a submit of any of the forms is stopped.
    forms = page.locator(tool.forms)
    for i in range(forms.count()):
        forms.nth(i).evaluate("f => f.requestSubmit()")
    submits = page.evaluate("() => window.__submits")
    assert len(submits) >= forms.count() and all(submits), submits
    assert page.evaluate("() => window.__stay") == 1 and page.url == url, "the page was reloaded or its address changed"
    assert pressed == controls.count()
    no_errors(errors)


# --- Dates outside 1900 to 2200 ------------------------------------------------------------------

def test_the_planner_refuses_dates_outside_1900_to_2200(page: Page, served_site: str, errors: list[str]) -> None:
    open_tool(page, served_site, "planner")
    page.evaluate("""() => { window.__files = 0; const make = URL.createObjectURL;
        URL.createObjectURL = blob => { window.__files += 1; return make(blob); }; }""")
    date, message, every = page.locator("[data-dwg-declined]"), page.locator("[data-dwg-date-error]"), page.locator('[data-dwg-ics=""]')
    expect(message).to_be_hidden()
    for year in ("1899", "2201", "10000", "123456"):
        date.evaluate("(e, v) => { e.value = v; e.dispatchEvent(new Event('change', {bubbles: true})); }", f"{year}-06-15")
        expect(message).to_be_visible()
        expect(message).to_have_text(tools.DATE_ERROR)
        expect(date).to_have_attribute("aria-invalid", "true")
        expect(page.locator("[data-dwg-ics]:enabled")).to_have_count(0)
        every.dispatch_event("click")  # even a click that gets through makes no file
        assert page.evaluate("() => window.__files") == 0, year
    for year in ("1900", "2200"):
        date.fill(f"{year}-06-15")
        expect(message).to_be_hidden()
        expect(every).to_be_enabled() if year == "2200" else expect(every).to_be_disabled()  # 1900 has passed
    with page.expect_download() as info:
        every.click()
    assert b"DTSTART;VALUE=DATE:2200" in Path(info.value.path()).read_bytes()
    no_errors(errors)


# --- The ready marker ------------------------------------------------------------------------------

def test_the_ready_marker_names_the_scripts_on_the_current_page_only(page: Page, served_site: str) -> None:
    open_tool(page, served_site, "letter")
    wait_ready(page, "core letters check")
    clear_ready(page)
    page.get_by_role("link", name="All letters").click()
    wait_ready(page, "core plan")
    assert page.evaluate("() => document.documentElement.dataset.dwgReady.split(' ').sort()") == ["core", "plan"]
