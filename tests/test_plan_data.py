"""The message plan's data and rules without a browser: every combination of answers on the shipped
library, the mistakes the plan rules catch (with the file, line and a 'did you mean'), and the index
markup the script reads."""
from __future__ import annotations

import html
import math
import json
import re
from pathlib import Path

from conftest import ROOT
from macros import render_index
from macros.lint import lint
from macros.loading import cached_library, load_library
from macros.plan import describe, every_answer_set, options_for, ordered_parts, plan_for
from test_lint_rules import fixture_tree

LIB = cached_library(ROOT / "snippets").library
PLAN = LIB.plan


def test_every_combination_of_answers_gives_a_sound_plan() -> None:
    combos = list(every_answer_set(PLAN))
    assert len(combos) == math.prod(len(q.answers) for q in PLAN.questions)
    exactly_one = [s.id for s in PLAN.steps if s.how_many == "exactly-one"]
    assert exactly_one, "no step requires exactly one letter"
    for answers in combos:
        parts = plan_for(PLAN, answers)
        assert parts, describe(PLAN, answers)
        for step in exactly_one:
            assert sum(p.step == step for p in parts) == 1, describe(PLAN, answers)
        kinds = [LIB.letters[p.letter].kind for p in parts]
        assert kinds == sorted(kinds, key=lambda k: k != "decline"), describe(PLAN, answers)
    print(f"{len(combos)} combinations of answers checked")


def test_every_letter_with_a_plan_block_appears_in_some_plan() -> None:
    seen = {p.letter for answers in every_answer_set(PLAN) for p in plan_for(PLAN, answers)}
    assert seen == set(PLAN.parts)
    assert set(PLAN.parts) == set(LIB.letters), "every shipped letter takes part in a plan"


def test_links_carry_only_what_the_answers_imply_and_the_letter_takes() -> None:
    answers = {**PLAN.defaults(), "stage": "verbal-yes", "recommend": "yes", "confidential": "yes"}
    for part in plan_for(PLAN, answers):
        options = options_for(PLAN, part, answers)
        extras = options.get("extras", "").split(",") if "extras" in options else []
        assert set(extras) <= set(part.carry_extras)
        assert len(extras) == len(set(extras))
        assert ("reason" in options) <= part.carry_reason


def test_the_index_draws_the_default_plan_and_what_the_script_needs() -> None:
    page = render_index.letter_index(LIB)
    items = re.findall(r'<li data-letter="([^"]+)" data-when="([^"]+)"[^>]*?( hidden)?>', page)
    assert [i[0] for i in items] == [p.letter for p in ordered_parts(PLAN)]
    shown = [letter for letter, _, hidden in items if not hidden]
    assert shown == [p.letter for p in plan_for(PLAN, PLAN.defaults())]
    for letter, when, _ in items:
        assert json.loads(html.unescape(when)) == {k: list(v) for k, v in PLAN.parts[letter].when.items()}
    for q in PLAN.questions:
        checked = re.findall(rf'name="{q.id}" value="([^"]+)"[^>]* checked', page)
        assert checked == [q.default]


def test_hostile_plan_text_is_escaped(tmp_path: Path) -> None:
    root = fixture_tree("DWG060", tmp_path)
    (root.parent / "docs/letters/decline.md").write_text(
        (root.parent / "docs/letters/decline.md").read_text(encoding="utf-8").replace("verbal-yess", "verbal-yes"), encoding="utf-8")
    plan_file = root / "plan.yml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("How far did it go?", '"<img src=x onerror=alert(1)>"'), encoding="utf-8")
    findings = lint(root)
    assert [f.rule for f in findings] == ["DWG013"], [f.format() for f in findings]  # markup in data is refused
    page = render_index.letter_index(load_library(root).library)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_typo_in_a_step_is_named_with_a_suggestion(tmp_path: Path) -> None:
    root = fixture_tree("DWG060", tmp_path)
    rewrite(root.parent / "docs/letters/decline.md", "verbal-yess", "verbal-yes")
    rewrite(root.parent / "docs/letters/decline.md", "step: decline", "step: declne")
    [found] = lint(root)
    assert (found.rule, found.file, found.field, found.line) == ("DWG060", "docs/letters/decline.md", "plan.step", 3)
    assert "did you mean `decline`?" in found.message


def test_two_letters_in_an_exactly_one_step_are_caught(tmp_path: Path) -> None:
    root = fixture_tree("DWG062", tmp_path)
    rewrite(root.parent / "docs/letters/decline.md", "when: {stage: [offer]}", "when: {}")
    rewrite(root.parent / "docs/letters/follow-up.md", "step: keep-in-touch", "step: decline")
    findings = lint(root)
    assert [f.rule for f in findings] == ["DWG062"], [f.format() for f in findings]
    assert "decline and follow-up both fit" in findings[0].message or "follow-up and decline both fit" in findings[0].message


def test_a_decline_after_a_follow_up_is_caught(tmp_path: Path) -> None:
    root = fixture_tree("DWG062", tmp_path)
    rewrite(root.parent / "docs/letters/decline.md", "when: {stage: [offer]}", "when: {}")
    rewrite(root / "plan.yml", "  - id: decline\n    label: Put it in writing\n    how_many: exactly-one\n  - id: keep-in-touch\n    label: Keep in touch\n",
            "  - id: keep-in-touch\n    label: Keep in touch\n  - id: decline\n    label: Put it in writing\n    how_many: exactly-one\n")
    [found] = lint(root)
    assert (found.rule, found.file, found.field) == ("DWG062", "docs/letters/decline.md", "plan.step")
    assert "after the follow-up follow-up" in found.message


def test_a_follow_up_cannot_carry_a_reason(tmp_path: Path) -> None:
    root = fixture_tree("DWG060", tmp_path)
    rewrite(root.parent / "docs/letters/decline.md", "verbal-yess", "verbal-yes")
    rewrite(root.parent / "docs/letters/follow-up.md", "  when: {}\n", "  when: {}\n  carry: {reason: true}\n")
    [found] = lint(root)
    assert (found.rule, found.field) == ("DWG061", "plan.carry.reason")


def test_a_letter_with_a_plan_but_no_plan_file_is_caught(tmp_path: Path) -> None:
    root = fixture_tree("DWG060", tmp_path)
    rewrite(root.parent / "docs/letters/decline.md", "verbal-yess", "verbal-yes")
    (root / "plan.yml").unlink()
    assert {(f.rule, f.field) for f in lint(root)} == {("DWG060", "plan")}


LINKEDIN_NOTE = """---
plan:
  step: thanks
  order: 1
  why: A short note with your connection request keeps the contact warm, once the search is public.
  when: {confidential: ["no"]}
title: Connect on LinkedIn
description: A short note to send with a connection request after you decline.
kind: follow-up
situation: staying-in-touch
channel: message
placeholders: [hiring_manager, company, your_name]
body: |
  Hi [[hiring_manager]],

  Thank you again for the conversations about [[company]]. I would be glad to stay connected here.

  Best,
  [[your_name]]
---

{{ letter_page() }}
"""


def project_copy(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    shutil.copytree(ROOT / "docs" / "letters", tmp_path / "docs" / "letters")
    return tmp_path / "snippets"


def test_a_new_letter_joins_the_plans_it_declares_with_one_block(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    (root.parent / "docs/letters/linkedin-note.md").write_text(LINKEDIN_NOTE, encoding="utf-8")
    assert [f.format() for f in lint(root)] == []
    plan = load_library(root).library.plan
    for answers in every_answer_set(plan):
        letters = [p.letter for p in plan_for(plan, answers)]
        assert ("linkedin-note" in letters) == (answers["confidential"] == "no")
        if "linkedin-note" in letters:  # same step as the thank-you note, after it (order 1 comes after 0)
            assert letters.index("linkedin-note") == letters.index("follow-up-thank-you") + 1


def test_a_new_letter_that_overlaps_another_in_its_step_is_named(tmp_path: Path) -> None:
    """A second note to the search firm for a verbal yes must narrow the first one's answers."""
    root = project_copy(tmp_path)
    after_yes = (root.parent / "docs/letters/decline-verbal-yes-via-search-firm.md").read_text(encoding="utf-8")
    (root.parent / "docs/letters/search-firm-after-yes.md").write_text(
        after_yes.replace("title: Withdraw a verbal yes through the search firm", "title: Another note to the firm"), encoding="utf-8")
    findings = [f for f in lint(root) if f.rule.startswith("DWG06")]
    assert [(f.rule, f.field) for f in findings] == [("DWG062", "plan.when")]
    assert "decline-verbal-yes-via-search-firm and search-firm-after-yes both fit" in findings[0].message
    assert "stage=verbal-yes" in findings[0].message
