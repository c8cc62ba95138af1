"""The letters index in real Chromium: the plan questions, the message plan and its links, the filters,
Back and Forward, a choice made before the script starts, no-JS, and axe with a plan shown.

Every expectation comes from the plan data through macros/plan.py (plan_for, options_for), the same
functions the build uses: the page and the data must agree on every letter, its order and its link.
"""
from __future__ import annotations

import urllib.parse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT
from each import check_each
from macros.loading import cached_library
from macros.model import reasons_for
from macros.plan import describe, options_for, plan_for
from ready import clear_ready, ready_selector, wait_ready

LIB = cached_library(ROOT / "snippets").library
PLAN = LIB.plan
AXE = Axe()

# Combined situations, as the reader answers them; questions left out keep their default answer.
SITUATIONS = [
    {"stage": "verbal-yes", "search": "search-firm", "outcome": "counter-offer"},
    {"search": "search-firm", "recommend": "yes"},
    {"stage": "offer", "outcome": "another-offer", "confidential": "yes"},
    {"stage": "interviewing", "recommend": "yes", "confidential": "yes"},
    {"stage": "came-back", "outcome": "counter-offer", "recommend": "yes"},
    {"stage": "signed", "search": "search-firm", "outcome": "another-offer", "recommend": "yes", "confidential": "yes"},
]


def answers_of(situation: dict[str, str]) -> dict[str, str]:
    return {**PLAN.defaults(), **situation}


def answer_label(question_id: str, answer_id: str) -> str:
    return PLAN.question(question_id).answer(answer_id).label


def open_index(page: Page, base: str, query: str = "") -> None:
    page.goto(f"{base}letters/{query}")
    wait_ready(page, "plan")


def answer(page: Page, situation: dict[str, str]) -> None:
    for qid, aid in situation.items():
        group = page.get_by_role("group", name=PLAN.question(qid).label)
        group.get_by_role("radio", name=answer_label(qid, aid), exact=True).check()


def shown_plan(page: Page) -> list[str]:
    return page.locator("[data-dwg-plan-list] > li:visible").evaluate_all("els => els.map(e => e.dataset.letter)")


def link_params(page: Page, letter_id: str) -> dict[str, str]:
    href = page.locator(f'[data-dwg-plan-list] > li[data-letter="{letter_id}"] a').get_attribute("href")
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(href).query))


@pytest.fixture(autouse=True)
def no_console_errors(page: Page):
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield
    assert errors == [], "errors in the browser console"


def test_the_situations_cover_the_cases_the_issue_names() -> None:
    wanted = [{"stage": "verbal-yes", "search": "search-firm", "outcome": "counter-offer"}, {"search": "search-firm", "recommend": "yes"}]
    for case in wanted:
        assert any(all(s.get(k) == v for k, v in case.items()) for s in SITUATIONS)
    assert len({describe(PLAN, answers_of(s)) for s in SITUATIONS}) == len(SITUATIONS) >= 5
    # The situations differ in the plans they give, or they would test the same thing twice.
    assert len({tuple(p.letter for p in plan_for(PLAN, answers_of(s))) for s in SITUATIONS}) >= 5


def situation_id(situation: dict[str, str]) -> str:
    return "+".join(f"{k}={v}" for k, v in situation.items())


@pytest.mark.both_builders
def test_the_plan_lists_the_right_messages_in_order_with_the_answers_in_each_link(page: Page, served_site: str) -> None:
    """Every situation in turn, in one tab."""
    check_each(((situation_id(s), s) for s in SITUATIONS), lambda situation: check_plan(page, served_site, situation))


def check_plan(page: Page, served_site: str, situation: dict[str, str]) -> None:
    answers = answers_of(situation)
    want = plan_for(PLAN, answers)
    open_index(page, served_site)
    answer(page, situation)
    assert shown_plan(page) == [p.letter for p in want]
    for part in want:
        item = page.locator(f'[data-dwg-plan-list] > li[data-letter="{part.letter}"]')
        expect(item).to_contain_text(part.why)
        expect(item.get_by_role("link")).to_have_text(LIB.letters[part.letter].title)
        assert link_params(page, part.letter) == options_for(PLAN, part, answers), part.letter
    # The answers are in the address, and a letter opens with them.
    assert dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query)) == answers
    first = want[0]
    page.locator(f'[data-dwg-plan-list] > li[data-letter="{first.letter}"] a').click()
    expect(page.locator("[data-dwg-form]")).to_be_visible()
    url = urllib.parse.urlsplit(page.url)
    assert url.path == f"/letters/{first.letter}/"
    assert dict(urllib.parse.parse_qsl(url.query)) == options_for(PLAN, first, answers)


def test_the_plan_for_the_default_answers_is_drawn_before_the_script_runs(browser: Browser, served_site: str) -> None:
    """Nothing moves when the script starts: the server draws the default plan already."""
    context = browser.new_context()
    page = context.new_page()
    page.route("**/dwg-plan.js", lambda route: route.abort())
    page.goto(f"{served_site}letters/")
    assert shown_plan(page) == [p.letter for p in plan_for(PLAN, PLAN.defaults())]
    context.close()


def test_back_and_forward_keep_the_answers_and_the_filters(page: Page, served_site: str) -> None:
    situation = SITUATIONS[0]
    answers = answers_of(situation)
    open_index(page, served_site)
    answer(page, situation)
    page.get_by_label("How you will send it").select_option(value="email")
    first = plan_for(PLAN, answers)[0]
    page.locator(f'[data-dwg-plan-list] > li[data-letter="{first.letter}"] a').click()
    expect(page.locator("[data-dwg-form]")).to_be_visible()
    for _ in range(2):
        clear_ready(page)
        page.go_back()
        wait_ready(page, "plan")
        for qid, aid in answers.items():
            expect(page.locator(f'input[name="{qid}"][value="{aid}"]')).to_be_checked()
        expect(page.get_by_label("How you will send it")).to_have_value("email")
        assert shown_plan(page) == [p.letter for p in plan_for(PLAN, answers)]
        want = sorted(l.title for l in LIB.letters.values() if l.channel == "email")
        assert sorted(page.locator("[data-dwg-index] li:visible a").all_text_contents()) == want
        page.go_forward()
        expect(page.locator("[data-dwg-form]")).to_be_visible()
        assert urllib.parse.urlsplit(page.url).path == f"/letters/{first.letter}/"


def test_instant_navigation_starts_the_plan_once_per_visit(page: Page, served_site: str) -> None:
    """Arriving from another page without a full load, several times: one change, one update."""
    page.goto(served_site)
    wait_ready(page)
    page.evaluate("() => { window.__marker = 'home'; }")
    page.get_by_role("link", name="Write my letter").first.click()
    for _ in range(3):
        wait_ready(page, "plan")
        page.locator("[data-dwg-index]").get_by_role("link", name=LIB.letters["decline-written-offer"].title).click()
        expect(page.locator("[data-dwg-form]")).to_be_visible()
        clear_ready(page)
        page.get_by_role("link", name="All letters").click()
    wait_ready(page, "plan")
    page.evaluate("""() => {
        window.__updates = 0;
        const replace = history.replaceState.bind(history);
        history.replaceState = (state, title, url) => {  // ours carry the answers; Material's own calls do not count
            if (String(url || "").includes("search=")) window.__updates += 1;
            return replace(state, title, url);
        };
    }""")
    answer(page, {"search": "search-firm"})
    assert page.evaluate("() => window.__updates") == 1, "a leftover listener from an earlier visit ran too"
    assert shown_plan(page) == [p.letter for p in plan_for(PLAN, answers_of({"search": "search-firm"}))]
    assert page.evaluate("() => window.__marker") == "home", "a full page load happened"


def test_the_address_never_overrides_a_choice_made_before_the_script_started(browser: Browser, served_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    held = []
    page.route("**/dwg-plan.js", lambda route: held.append(route))  # the script waits until the reader has chosen
    page.goto(f"{served_site}letters/?stage=signed&search=search-firm", wait_until="domcontentloaded")
    for _ in range(200):  # let Playwright deliver the held request (each call hands it events); no fixed wait
        if held:
            break
        page.evaluate("() => new Promise(resolve => requestAnimationFrame(resolve))")
    assert len(held) == 1 and page.locator(ready_selector("plan")).count() == 0
    page.get_by_role("radio", name=answer_label("stage", "interviewing"), exact=True).check()
    held[0].continue_()
    wait_ready(page, "plan")
    expect(page.locator('input[name="stage"][value="interviewing"]')).to_be_checked()  # the reader's choice stays
    expect(page.locator('input[name="search"][value="search-firm"]')).to_be_checked()  # the address fills the rest
    answers = {**PLAN.defaults(), "stage": "interviewing", "search": "search-firm"}
    assert shown_plan(page) == [p.letter for p in plan_for(PLAN, answers)]
    context.close()


def test_unknown_values_in_the_address_are_ignored(page: Page, served_site: str) -> None:
    open_index(page, served_site, '?stage=<img src=x onerror=alert(1)>&channel=nope&reason="><b>')
    expect(page.locator('input[name="stage"]:checked')).to_have_value(PLAN.question("stage").default)
    expect(page.get_by_label("How you will send it")).to_have_value("")
    assert shown_plan(page) == [p.letter for p in plan_for(PLAN, PLAN.defaults())]
    expect(page.locator("[data-dwg-index] img")).to_have_count(0)


@pytest.mark.both_builders
def test_the_filters_narrow_the_list_and_carry_the_reason(page: Page, served_site: str) -> None:
    open_index(page, served_site)
    items = page.locator("[data-dwg-index] li")
    total = len(LIB.letters)
    expect(items).to_have_count(total)
    expect(page.get_by_text(f"Showing {total} of {total} letters")).to_be_visible()
    page.get_by_label("How you will send it").select_option(label=LIB.channels["phone"].label)
    want = sorted(l.title for l in LIB.letters.values() if l.channel == "phone")
    assert sorted(page.locator("[data-dwg-index] li:visible a").all_text_contents()) == want
    expect(page.get_by_text(f"Showing {len(want)} of {total} letters")).to_be_visible()
    # A group with nothing left in it is hidden with its heading.
    groups = {l.situation for l in LIB.letters.values() if l.channel == "phone"}
    visible = page.locator("[data-dwg-group]:visible").evaluate_all("els => els.map(e => e.dataset.dwgGroup)")
    assert sorted(visible) == sorted(groups)
    page.get_by_label("How you will send it").select_option(label="Any")
    page.get_by_label("Your reason").select_option(value="compensation-gap")
    offering = [l for l in LIB.letters.values() if any(r.id == "compensation-gap" for r in reasons_for(LIB, l))]
    assert sorted(page.locator("[data-dwg-index] li:visible a").all_text_contents()) == sorted(l.title for l in offering)
    href = page.get_by_role("link", name=offering[0].title).last.get_attribute("href")
    assert urllib.parse.urlsplit(href).query == "reason=compensation-gap"
    silent = next(l for l in LIB.letters.values() if not any(r.id == "compensation-gap" for r in reasons_for(LIB, l)))
    page.get_by_label("How you will send it").select_option(value=silent.channel)
    if not any(l.channel == silent.channel for l in offering):
        expect(page.get_by_text("No letter matches both choices")).to_be_visible()


def test_without_javascript_the_index_is_a_list_grouped_by_situation(browser: Browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}letters/")
    expect(page.locator("[data-dwg-plan] input[type=radio]")).to_have_count(sum(len(q.answers) for q in PLAN.questions))
    expect(page.locator("[data-dwg-plan]")).to_be_hidden()
    expect(page.locator("[data-dwg-plan-result]")).to_be_hidden()
    expect(page.locator("[data-dwg-filters]")).to_be_hidden()
    used = [s for s in LIB.situations.values() if any(l.situation == s.id for l in LIB.letters.values())]
    headings = page.locator("[data-dwg-group] h3")
    expect(headings).to_have_text([s.label for s in used])
    for s in used:
        group = page.locator(f'[data-dwg-group="{s.id}"]')
        want = sorted(l.title for l in LIB.letters.values() if l.situation == s.id)
        assert sorted(group.locator("li a").all_text_contents()) == want
    expect(page.locator("[data-dwg-index] li:visible")).to_have_count(len(LIB.letters))
    context.close()


SCHEMES = {"light": "default", "dark": "slate"}
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_axe_finds_nothing_on_the_index_with_a_plan_shown(browser: Browser, served_site: str, scheme: str, size: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport=SIZES[size])
    page = context.new_page()
    open_index(page, served_site)
    answer(page, SITUATIONS[0])
    page.get_by_label("How you will send it").select_option(value="email")
    page.locator('input[name="confidential"][value="yes"]').focus()  # a focus ring is drawn, and checked
    page.mouse.move(0, 0)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    assert len(shown_plan(page)) >= 3
    if size == "phone":  # nothing wider than the screen
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    results = AXE.run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()
