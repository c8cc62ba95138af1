"""Unit tests for the macros: loading, variants, filling and rendering, without building the site."""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from macros import render, render_index
from macros.loading import cached_library
from macros.model import (
    OPTION_KINDS,
    UNCHOSEN,
    checklist_variant,
    compose_letter,
    form_placeholders,
    option_fields,
    options_for,
    reasons_for,
    variants,
)
from macros.render import first_choice
from macros.template_text import compose, fill, fill_reason, malformed_slots, slot_ids, when_phrase

RESULT = cached_library(ROOT / "snippets")
LIB = RESULT.library
ARTICLE = ("personal-goals", "conflicting-commitments", "career-misalignment", "no-reason")


def test_shipped_library_has_no_errors() -> None:
    assert [f.format() for f in RESULT.findings if f.severity.value == "error"] == []


def test_library_has_the_promised_content() -> None:
    kinds = [letter.kind for letter in LIB.letters.values()]
    assert kinds.count("decline") >= 8
    assert kinds.count("follow-up") >= 2
    assert len(LIB.reasons) >= 8
    assert set(ARTICLE) <= set(LIB.reasons)
    assert {"before-you-decide", "the-message", "preparing-the-call", "after-you-decline"} <= set(LIB.checklists)
    assert [s for s in LIB.situations] == [
        "not-yet-accepted", "accepted-verbally", "recruiter-led", "withdrawing-early", "employer-came-back", "staying-in-touch",
    ]


@pytest.mark.parametrize("letter_id", sorted(i for i, l in LIB.letters.items() if l.is_decline))
def test_every_decline_letter_offers_the_article_reasons(letter_id: str) -> None:
    offered = {r.id for r in reasons_for(LIB, LIB.letters[letter_id])}
    assert set(ARTICLE) <= offered


def test_follow_ups_have_no_reason() -> None:
    for letter in LIB.letters.values():
        if not letter.is_decline:
            assert "reason" not in options_for(LIB, letter)
            assert all(v.reason is None and "[[reason]]" not in v.body for v in variants(LIB, letter))


def test_slot_parsing() -> None:
    text = "Dear [[hiring_manager]], [[ bad ]] [[Your Name]] [[role]] and [[hiring_manager]]"
    assert slot_ids(text) == ["hiring_manager", "role"]
    assert malformed_slots(text) == ["[[ bad ]]", "[[Your Name]]"]


def test_fill_uses_values_and_falls_back_to_labels() -> None:
    labels = {"role": "Role", "your_name": "Your name"}
    assert fill("The [[role]] offer, [[your_name]]", {"role": "CFO"}, labels) == "The CFO offer, [Your name]"
    assert fill("[[role]]", {"role": ""}, labels) == "[Role]"


def test_fill_reason_places_text_or_drops_the_line() -> None:
    body = "Dear A,\n\nI decline.\n\n[[reason]]\n\nBest wishes."
    assert fill_reason(body, "I am staying.") == "Dear A,\n\nI decline.\n\nI am staying.\n\nBest wishes."
    assert fill_reason(body, "") == "Dear A,\n\nI decline.\n\nBest wishes."


def test_checklist_variants_follow_situations() -> None:
    checklist = LIB.checklists["before-you-decide"]
    for situation in LIB.situations:
        items = checklist_variant(checklist, situation)
        assert all(i.situations is None or situation in i.situations for i in items)
    specific = [i for c in LIB.checklists.values() for i in c.items if i.situations]
    assert specific, "some checklist items apply to particular situations"
    sizes = {s: len(checklist_variant(c, s)) for c in LIB.checklists.values() for s in LIB.situations}
    assert len(set(sizes.values())) > 1, "variants differ between situations"


def test_form_lists_letter_and_reason_placeholders_once() -> None:
    for letter in LIB.letters.values():
        ids = [p.id for p in form_placeholders(LIB, letter)]
        assert len(ids) == len(set(ids))
        assert set(letter.placeholders) <= set(ids)


def test_letter_body_escapes_text_and_keeps_line_breaks() -> None:
    letter = LIB.letters["decline-written-offer"]
    html = render.letter_body(LIB, letter)
    _, first = compose_letter(LIB, letter, first_choice(LIB, letter))
    pre = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.S).group(1)
    assert pre.count("\n") == first.count("\n")
    assert "[[" not in pre
    assert 'data-dwg-slot="hiring_manager">[Hiring manager&#x27;s name]</span>' in pre


def test_rendering_never_passes_markup_through() -> None:
    from dataclasses import replace

    letter = LIB.letters["decline-written-offer"]
    hostile = replace(letter, description='<img src=x onerror="alert(1)"> & </script>', body=letter.body + "\n</pre><script>x()</script>")
    html = render.letter_body(LIB, hostile)
    assert "<script>x()" not in html and "<img src=x" not in html
    assert "&lt;/pre&gt;&lt;script&gt;" in html


def test_json_island_escapes_closing_tags() -> None:
    from macros.html import json_island

    island = json_island({"body": "</script><script>alert(1)</script>"}, data_dwg_data=True)
    assert island.count("</script>") == 1 and island.endswith("</script>")
    payload = re.search(r">(.*)</script>$", island).group(1)
    assert json.loads(payload)["body"] == "</script><script>alert(1)</script>"


def test_index_lists_every_letter_once_grouped_by_situation() -> None:
    html = render_index.list_html(LIB)
    for letter in LIB.letters.values():
        assert html.count(f'<a href="{letter.id}/"') == 1
    assert html.count("<li ") == len(LIB.letters)
    used = [s for s in LIB.situations.values() if any(l.situation == s.id for l in LIB.letters.values())]
    assert re.findall(r'data-dwg-group="([^"]+)"', html) == [s.id for s in used]


def test_loading_is_cached_until_a_file_changes(tmp_path) -> None:
    import shutil

    from macros.loading import cached_library

    root = tmp_path / "snippets"
    shutil.copytree(ROOT / "snippets", root)
    first = cached_library(root)
    assert cached_library(root) is first
    path = root / "reasons" / "personal-goals.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: ", "label: New ", 1), encoding="utf-8")
    assert cached_library(root) is not first


# --- Options and combinations -------------------------------------------------------------------

def expected_count(letter_id: str) -> int:
    """Combinations worked out by hand from the data: options multiply, extras are any subset."""
    offered = options_for(LIB, LIB.letters[letter_id])
    count = 1
    for kind, ids in offered.items():
        count *= 2 ** len(ids) if kind == "extras" else len(ids)
    return count


def test_every_combination_of_every_letter_is_composed_and_passes_the_rules() -> None:
    """The rules (DWG101-DWG107, DWG116) iterate ``variants``; every combination is there and reads clean."""
    from macros import style_rules

    total = 0
    for letter in LIB.letters.values():
        vs = variants(LIB, letter)
        assert len(vs) == expected_count(letter.id), letter.id
        assert len({v.label for v in vs}) == len(vs), f"{letter.id}: two combinations share a label"
        for v in vs:
            assert not re.search(r"\[\[(reason|closing|extras|salutation|sign_off|standard)\]\]", v.body), (letter.id, v.label)
            assert style_rules.opening(v.body), (letter.id, v.label)
        total += len(vs)
    assert [f.format() for f in RESULT.findings] == []  # the letter rules ran on every one of them, clean
    print(f"\n{total} option combinations of {len(LIB.letters)} letters composed and checked")
    assert total >= 5000


def test_each_letter_offers_the_options_that_fit_it() -> None:
    assert set(OPTION_KINDS) == {"reason", "closing", "length", "formality", "extras"}
    assert set(UNCHOSEN.values()) <= set(LIB.reasons) | set(LIB.closings)
    assert {"role-changed", "starting-own-firm", "counter-offer", "deal-timing", "own"} <= set(LIB.reasons)
    assert set(LIB.closings) == {"board-or-advisory", "consulting-project", "talk-again-later", "introductions", "good-wishes"}
    assert set(LIB.extras) == {"apology-backing-out", "discretion", "referral"}
    assert list(LIB.formality) == ["formal", "first-name"]
    recruiter = options_for(LIB, LIB.letters["decline-via-recruiter"])
    assert "referral" in recruiter["extras"], "recommending someone goes through the recruiter when a firm runs the search"
    assert "apology-backing-out" not in options_for(LIB, LIB.letters["decline-after-verbal-acceptance"])["extras"]
    for letter in LIB.letters.values():
        offered = options_for(LIB, letter)
        assert ("reason" in offered) == letter.is_decline
        assert ("closing" in offered) == letter.is_decline


def test_brief_leaves_out_the_marked_paragraphs_and_formality_sets_the_greeting() -> None:
    letter = LIB.letters["decline-written-offer"]
    base = first_choice(LIB, letter)
    _, standard = compose_letter(LIB, letter, base)
    _, brief = compose_letter(LIB, letter, {**base, "length": "brief"})
    assert len(brief.split()) < len(standard.split()) and "I am grateful" in standard and "I am grateful" not in brief
    _, first_name = compose_letter(LIB, letter, {**base, "formality": "first-name"})
    assert standard.startswith("Dear [[hiring_manager]],") and standard.endswith("Yours sincerely,\n[[your_name]]")
    assert first_name.startswith("Hi [[hiring_manager]],") and first_name.endswith("Best wishes,\n[[your_name]]")


def test_compose_drops_empty_slots_and_keeps_one_blank_line() -> None:
    body = "Dear A,\n\n[[reason]]\n\n[[extras]]\n\n[[standard]] Kept only in full.\n\nBye\n"
    assert compose(body, {"reason": "", "extras": ""}) == "Dear A,\n\nKept only in full.\n\nBye"
    assert compose(body, {"reason": "R.", "extras": "E1\n\nE2"}, brief=True) == "Dear A,\n\nR.\n\nE1\n\nE2\n\nBye"


@pytest.mark.parametrize(("typed", "reads"), [
    ("Priya", "you and Priya"),
    ("Priya and the board", "you, Priya and the board"),
    ("Priya, Tom, the board", "you, Priya, Tom and the board"),
    (" Priya ,Tom,  and the board ", "you, Priya, Tom and the board"),
    ("", "you and [Names of the people you met]"),
])
def test_a_names_list_joins_grammatically(typed: str, reads: str) -> None:
    assert fill("you and [[interviewers]]", {"interviewers": typed}, LIB.labels(), LIB.types()) == reads


@pytest.mark.parametrize(("typed", "reads"), [
    ("spring", "in the spring"), ("the autumn", "in the autumn"), ("In March", "in March"), ("march", "in March"),
    ("early 2027", "in early 2027"), ("next year", "next year"), ("after the summer", "after the summer"), ("  ", ""),
])
def test_a_month_or_season_reads_naturally(typed: str, reads: str) -> None:
    assert when_phrase(typed) == reads


def test_free_text_stays_exactly_as_typed() -> None:
    odd = "  <b>O'Brien</b>, and  co  "
    assert fill("[[company]]", {"company": odd}, LIB.labels(), LIB.types()) == odd


def test_fields_only_an_option_needs_say_which_option() -> None:
    fields = option_fields(LIB, LIB.letters["decline-written-offer"])
    assert fields["own_reason"] == ["reason:own"]
    assert fields["talk_again"] == ["closing:talk-again-later"]
    assert fields["candidate_name"] == ["extras:referral"]
    assert fields["role"] == []  # the letter itself uses it: always shown
