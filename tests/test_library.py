"""Unit tests for the macros: loading, variants, filling and rendering, without building the site."""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from macros import render, render_index
from macros.loading import load_library
from macros.model import checklist_variant, form_placeholders, reasons_for, variants
from macros.template_text import fill, fill_reason, malformed_slots, slot_ids

RESULT = load_library(ROOT / "snippets")
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


def test_follow_ups_have_one_variant_and_no_reason() -> None:
    for letter in LIB.letters.values():
        if not letter.is_decline:
            (only,) = variants(LIB, letter)
            assert only.reason is None and "[[reason]]" not in only.body


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
    first = variants(LIB, letter)[0]
    pre = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.S).group(1)
    assert pre.count("\n") == first.body.count("\n")
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
