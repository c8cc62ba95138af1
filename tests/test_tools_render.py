"""Unit tests for the follow-through tools (macros/tools.py) and rule DWG030, without a browser."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT
from macros import facts, pages, render, tools
from macros.loading import cached_library, load_library
from macros.rules import RULES

RESULT = cached_library(ROOT / "snippets")
LIB = RESULT.library
HOSTILE = '</li><script>alert(1)</script> & "quotes" {{ x }}'


class Tags(HTMLParser):
    """Collects start tags with their attributes, and checks every opened element is closed."""

    VOID = {"input", "br", "meta", "img"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


def heading_anchors(md_file: Path) -> set[str]:
    """The ids MkDocs' toc extension gives each heading of a guide page (plain-ASCII headings)."""
    heads = re.findall(r"^#{1,6} (.+)$", md_file.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[\s-]+", "-", re.sub(r"[^\w\s-]", "", h).strip().lower()) for h in heads}


def test_criteria_and_steps_load_from_data() -> None:
    crit = tools.criteria(LIB)
    assert [c.id for c in crit][:2] == ["goals", "values-and-culture"]
    assert {"team", "growth", "work-life-balance", "work-preferences", "title-and-pay"} <= {c.id for c in crit}
    assert [c.order for c in crit] == sorted(c.order for c in crit)
    steps, known = tools.steps(LIB), facts.declared(LIB)
    assert len(steps) == len(LIB.extra["followups"]) >= 3
    offsets = [s.offset_days for s in steps]
    assert offsets == sorted(offsets)
    for step in steps:  # timing words and dates both come from the one fact the step names
        fact = known[LIB.extra["followups"][step.id]["data"]["fact"]]
        assert (step.offset_days, step.when) == (fact.days, fact.sentence_start())


@pytest.mark.parametrize("criterion", tools.criteria(LIB), ids=lambda c: c.id)
def test_every_criterion_links_to_an_existing_guide_heading(criterion: tools.Criterion) -> None:
    path, anchor = criterion.guide.split("#")
    md = ROOT / "docs" / path
    assert md.is_file(), criterion.guide
    assert anchor in heading_anchors(md), f"{criterion.guide}: no such heading"


def test_guide_href_and_root_prefix() -> None:
    mkdocs_page = SimpleNamespace(file=SimpleNamespace(src_uri="guide/decide.md"), url="guide/decide/")
    assert pages.root_prefix(mkdocs_page) == "../../"  # MkDocs: links are read from the page's URL
    assert pages.root_prefix(SimpleNamespace(file=SimpleNamespace(src_uri="index.md"), url="")) == ""
    zensical_page = SimpleNamespace(path="guide/decide.md", url="guide/decide/")
    assert pages.root_prefix(zensical_page) == "../"  # Zensical: from the source folder, then rewritten
    assert pages.root_prefix(SimpleNamespace(path="letters/index.md", url="letters/")) == "../"
    assert pages.source_path(zensical_page) == pages.source_path(mkdocs_page) == "guide/decide.md"
    assert tools.guide_href("guide/decide.md#start-with-your-own-goals", "../../") == "../../guide/decide/#start-with-your-own-goals"


def test_worksheet_lists_every_question_and_hides_ratings_until_js() -> None:
    html = tools.worksheet(LIB)
    tags = parse(html).tags
    items = [a for t, a in tags if t == "li" and "data-dwg-criterion" in a]
    assert [a["data-dwg-criterion"] for a in items] == [c.id for c in tools.criteria(LIB)]
    for c in tools.criteria(LIB):
        assert c.question.replace("'", "&#x27;") in html
    rates = [a for t, a in tags if "data-dwg-rate" in a]
    assert len(rates) == len(items) and all("data-dwg-js" in a for a in rates)
    radios = [a for t, a in tags if t == "input" and a.get("type") == "radio"]
    assert len(radios) == 6 * len(items)
    # Importance starts at "somewhat"; fit starts unrated.
    assert [a["value"] for a in radios if "checked" in a] == ["2"] * len(items)
    assert not any("checked" in a for a in radios if a["name"].startswith("fit-"))
    summary = [a for t, a in tags if "data-dwg-ws-summary" in a]
    assert len(summary) == 1 and "data-dwg-js" in summary[0]  # shown only with scripts on
    assert [a["data-dwg-group"] for t, a in tags if "data-dwg-group" in a] == ["1", "2", "3", "0"]
    assert "Based only on your ratings" in html
    guides = [a["data-dwg-guide"] for t, a in tags if "data-dwg-guide" in a]
    assert len(guides) == len(set(guides)) == len({c.guide for c in tools.criteria(LIB)})
    assert any("data-clipboard-text" in a for t, a in tags if t == "button")


def test_planner_links_each_step_to_its_letter() -> None:
    html = tools.planner(LIB, "../../")
    tags = parse(html).tags
    steps = [a for t, a in tags if t == "li" and "data-dwg-step" in a]
    assert [a["data-dwg-step"] for a in steps] == [s.id for s in tools.steps(LIB)]
    links = [a["href"] for t, a in tags if t == "a"]
    assert links == [f"../../letters/{s.letter}/" for s in tools.steps(LIB)]
    assert all(LIB.letters[s.letter].kind == "follow-up" for s in tools.steps(LIB))
    buttons = [a for t, a in tags if t == "button" and a.get("data-dwg-ics")]
    assert [a for t, a in tags if a.get("data-dwg-ics") == ""], "one button saves every step"
    assert len(buttons) == len(steps) and all("data-dwg-js" in a and a["aria-label"].startswith("Add to calendar") for a in buttons)
    times = [a["datetime"] for t, a in tags if t == "time"]  # valid before the browser sets the date
    assert times == [f"P{s.offset_days}D" for s in tools.steps(LIB)]
    form = next(a for t, a in tags if t == "form")
    assert "data-dwg-js" in form and "data-dwg-planner" in form
    assert any(t == "input" and a.get("type") == "date" for t, a in tags)


def test_rendering_escapes_data() -> None:
    step = tools.Step("x", HOSTILE, HOSTILE, 3, HOSTILE, "no-such-letter")
    crit = tools.Criterion("x", HOSTILE, HOSTILE, 1, "guide/decide.md#x", HOSTILE)
    for html in (tools.step_html(step, LIB, "../../"), tools.criterion_html(crit, "../../")):
        assert "<script>" not in html and "{{" not in html.replace("{{ x }}", "")
        parse(html)


def test_process_timeline_is_an_ordered_list_with_a_name() -> None:
    html = tools.process_timeline(LIB)
    tags = parse(html).tags
    ol = next(a for t, a in tags if t == "ol")
    assert ol["aria-labelledby"] == "dwg-process-title" and 'id="dwg-process-title"' in html
    assert [t for t, _ in tags].count("li") == 5
    for word in ("Decide", "Call", "Confirm in writing", "Thank", "Check in"):
        assert f"<strong>{word}</strong>" in html


def test_checklists_have_labels_reset_buttons_and_stable_keys() -> None:
    html = render.checklists(LIB)
    tags = parse(html.replace("## ", "")).tags
    boxes = [a for t, a in tags if t == "input" and a.get("type") == "checkbox"]
    labels = {a["for"] for t, a in tags if t == "label"}
    assert boxes and all(b["id"] in labels for b in boxes)
    keys = [b["data-dwg-tick"] for b in boxes]
    assert len(keys) == len(set(keys)) and all(re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+", k) for k in keys)
    resets = [a for t, a in tags if "data-dwg-reset" in a]
    assert sorted(a["data-dwg-reset"] for a in resets) == sorted(LIB.checklists) and all("data-dwg-js" in a for a in resets)
    assert "only in this browser" in html


def test_dwg030_is_registered() -> None:
    assert RULES["DWG030"].severity.value == "error"


def copy_snippets(tmp_path: Path) -> Path:
    """The data (snippets/ and the letter pages) in tmp_path; returns its snippets folder."""
    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    shutil.copytree(ROOT / "docs" / "letters", tmp_path / "docs" / "letters")
    return tmp_path / "snippets"


@pytest.mark.parametrize(
    ("letter", "message"),
    [("follow-up-lunch", "no letter 'follow-up-lunch'"), ("decline-by-phone", "is a decline letter, not a follow-up")],
)
def test_dwg030_flags_a_missing_or_wrong_letter(tmp_path: Path, letter: str, message: str) -> None:
    root = copy_snippets(tmp_path)
    step = root / "followups" / "first-check-in.yml"
    step.write_text(re.sub(r"(?m)^letter: .*$", f"letter: {letter}", step.read_text()), encoding="utf-8")
    found = [f for f in load_library(root).findings if f.rule == "DWG030"]
    assert len(found) == 1
    assert found[0].file == "snippets/followups/first-check-in.yml" and found[0].field == "letter"
    assert found[0].line == 4 and message in found[0].message


def test_dwg030_is_quiet_on_the_shipped_data() -> None:
    assert [f for f in RESULT.findings if f.rule == "DWG030"] == []


def test_bad_step_data_fails_the_schema(tmp_path: Path) -> None:
    root = copy_snippets(tmp_path)
    (root / "followups" / "bad.yml").write_text("title: X\nfact: Soon\ndescription: Y\nletter: follow-up-check-in\n")
    (root / "criteria" / "bad.yml").write_text("label: X\nquestion: Y?\norder: 9\nguide: https://example.com/\nguide_title: Z\n")
    found = {(f.file, f.rule, f.field) for f in load_library(root).findings}
    assert ("snippets/followups/bad.yml", "DWG006", "fact") in found
    assert ("snippets/criteria/bad.yml", "DWG006", "guide") in found


# Each follow-up step links to the letter written for it: the LinkedIn step to the connection note, not the thank-you.
STEP_LETTERS = {
    "thank-you": "follow-up-thank-you",
    "connect": "follow-up-linkedin-note",
    "first-check-in": "follow-up-check-in",
    "one-year": "follow-up-check-in",
}


def test_every_step_links_to_the_letter_that_fits_it() -> None:
    assert {s.id: s.letter for s in tools.steps(LIB)} == STEP_LETTERS
    for step in tools.steps(LIB):
        assert LIB.letters[step.letter].kind == "follow-up"


def test_letter_tips_show_the_declared_fact() -> None:
    letter = LIB.letters["follow-up-linkedin-note"]
    assert any("{fact:connect}" in t for t in letter.tips)
    html = render.letter_body(LIB, letter)
    assert facts.declared(LIB)["connect"].value in html and "{fact:" not in html
