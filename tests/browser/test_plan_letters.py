"""Every letter a message plan links to opens ready to send: the answers carried over as options, and once the
reader has filled in the fields, the letter is whole (no [Label] left, the text Python composes for those
options) and the pre-send check, which holds the same rules as the linter, finds nothing to fix or check.

So for each combined situation, no sentence has to be written by hand.
"""
from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from each import check_each
from macros.plan import options_for, plan_for
from test_letters import expected, page_choice, shown_body
from test_plan import LIB, PLAN, SITUATIONS, answers_of, open_index, situation_id

# What an executive would type into each field; a field added later without a value here fails the test.
TYPED = {
    "your_name": "Sam Okafor", "hiring_manager": "Dana Whitfield", "company": "Northwind Logistics",
    "role": "Chief Operating Officer", "recruiter_name": "Lena Hart", "search_firm": "Hart & Vale",
    "interviewers": "Dana, Priya and the board", "candidate_name": "Ana Ruiz",
    "candidate_strength": "ten years running logistics networks across Europe", "current_employer": "Contoso",
    "topic": "supply chain resilience", "new_hire": "Marcus Bell", "thank_you_to": "Priya Raman",
    "own_reason": "I have decided to stay with my current team through the merger.", "talk_again": "spring",
}
CLEAN = "Nothing to check: the letter reads clearly."


def planned_letters() -> list[tuple[dict[str, str], list[str]]]:
    """Each situation with the letters of its plan that no earlier situation opens with the same options."""
    seen, out = set(), []
    for situation in SITUATIONS:
        answers, letters = answers_of(situation), []
        for part in plan_for(PLAN, answers):
            key = (part.letter, tuple(sorted(options_for(PLAN, part, answers).items())))
            if key not in seen:
                seen.add(key)
                letters.append(part.letter)
        if letters:
            out.append((situation, letters))
    return out


PLANNED = planned_letters()


def test_the_placeholders_all_have_a_typed_value() -> None:
    assert sorted(TYPED) == sorted(LIB.placeholders)


def open_from_the_plan_and_fill(page: Page, served_site: str, answers: dict[str, str], letter_id: str) -> None:
    part = next(p for p in plan_for(PLAN, answers) if p.letter == letter_id)
    open_index(page, served_site, "?" + urllib.parse.urlencode(answers))
    page.locator(f'[data-dwg-plan-list] > li[data-letter="{letter_id}"] a').click()
    expect(page.locator("[data-dwg-letter][data-dwg-ready]")).to_have_count(1)
    carried = options_for(PLAN, part, answers)
    choice = page_choice(page)
    if "reason" in carried:
        assert choice["reason"] == carried["reason"], "the reason the answers imply is picked"
    assert set(carried.get("extras", "").split(",")) - {""} <= set(choice.get("extras", [])), "the extras are ticked"
    fields = page.eval_on_selector_all("[data-dwg-input]", "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.dwgInput)")
    for pid in fields:
        page.locator(f'[data-dwg-input="{pid}"]').fill(TYPED[pid])
    values = {pid: TYPED[pid] for pid in fields}
    subject, body = expected(letter_id, choice, values)
    expect(page.locator("[data-dwg-body]")).to_have_text(body)
    assert "[" not in shown_body(page) + subject, "a [Label] is left to fill by hand"
    expect(page.locator("[data-dwg-letter] [data-dwg-check] p")).to_have_text(CLEAN)


@pytest.mark.parametrize(("situation", "letters"), PLANNED, ids=[situation_id(s) for s, _ in PLANNED])
def test_every_planned_letter_needs_no_sentence_written_by_hand(page: Page, served_site: str, situation: dict[str, str], letters: list[str]) -> None:
    """Each letter of the situation's plan, opened from the plan in one tab, in turn."""
    answers = answers_of(situation)
    check_each(((letter, letter) for letter in letters), lambda letter: open_from_the_plan_and_fill(page, served_site, answers, letter))
