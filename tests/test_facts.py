"""One source for every fact: each timing and length is declared once and no reader page states another value.

``snippets/facts.yml`` declares the timings and counts; ``snippets/channels.yml`` the word limits. The scanner in
``macros/facts.py`` finds every time or count a text states and the fact it is about; here it reads the built
pages, and a fixture page that contradicts the facts shows that it can fail.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project
from macros import facts, tools
from macros.loading import cached_library
from site_pages import html_pages, main_content

LIB = cached_library(ROOT / "snippets").library
FACTS = facts.every_fact(LIB)
DECLARED = facts.declared(LIB)
READER_SECTIONS = ("", "guide", "letters", "checklists", "sources")  # the readers' pages, not the project's


class VisibleText(HTMLParser):
    """The text a reader sees, one line per block; no scripts, styles or templates."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "div", "br", "pre", "summary", "label", "small"}
    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self.hidden += tag in self.HIDDEN
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(main_content(html))
    return re.sub(r"[ \t]+", " ", "".join(parser.parts))


def reader_pages(site: Path) -> dict[str, str]:
    pages = {}
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        if "md-content__inner" in (html := page.read_text(encoding="utf-8")) and rel.split("/")[0] in (*READER_SECTIONS, "index.html"):
            pages[rel] = visible_text(html)
    return pages


def test_facts_file_declares_timings_and_counts() -> None:
    assert {"answer", "confirm", "thank-you", "check-in", "reason-length"} <= set(DECLARED)
    for fact in DECLARED.values():
        assert fact.quantities, f"{fact.id}: '{fact.value}' states no time or count the scanner can read"
        assert fact.line, f"{fact.id} has no line in snippets/facts.yml"
    assert {f"words-{c}" for c in LIB.channels} <= set(FACTS)


def test_no_reader_page_contradicts_a_fact(built_site: Path) -> None:
    pages = reader_pages(built_site)
    assert {"index.html", "guide/timing/index.html", "checklists/index.html", "letters/follow-up-check-in/index.html"} <= set(pages)
    found = [f"{page}: “{c.sentence}” — {c.message()}" for page, text in pages.items() for c in facts.contradictions(text, FACTS)]
    assert found == [], "\n".join(found)


def source_uses() -> dict[str, list[str]]:
    """Where each fact is read from its declaration: fact() on pages, {fact:id} and 'fact: id' in data, the timeline."""
    uses: dict[str, list[str]] = {fid: [] for fid in FACTS}
    for md in sorted((ROOT / "docs").rglob("*.md")):  # guide pages call fact(); letter tips write {fact:id}
        text = md.read_text(encoding="utf-8")
        for fid in re.findall(r"""\bfact\(\s*["']([a-z0-9-]+)["']""", text) + facts.TOKEN.findall(text):
            uses.setdefault(fid, []).append(md.relative_to(ROOT).as_posix())
        for channel in re.findall(r"""\bwords\(\s*["']([a-z0-9-]+)["']""", text):
            uses.setdefault(f"words-{channel}", []).append(md.relative_to(ROOT).as_posix())
    for data in sorted((ROOT / "snippets").rglob("*.yml")):
        if data.name == "facts.yml":
            continue  # the declaration itself
        text = data.read_text(encoding="utf-8")
        for fid in facts.TOKEN.findall(text) + re.findall(r"(?m)^fact: ([a-z0-9-]+)$", text):
            uses.setdefault(fid, []).append(data.relative_to(ROOT).as_posix())
    for step, _, fid in tools.PROCESS:
        uses.setdefault(fid, []).append(f"macros/tools.py PROCESS ({step})")
    return uses


def test_each_fact_and_the_places_that_use_it(built_site: Path) -> None:
    """Each declared fact is read from its declaration, and the pages that state it show that one value.

    Run with ``-s`` to print the table: fact, value, where it is read, and the built pages that state it."""
    pages = reader_pages(built_site)
    read = source_uses()
    stated = {fid: sorted(p for p, text in pages.items() if fid in facts.uses(text, FACTS)) for fid in FACTS}
    for fid in FACTS:
        print(f"\n{fid} = {FACTS[fid].value!r}\n  read in: {', '.join(dict.fromkeys(read[fid])) or '-'}"
              f"\n  stated on: {', '.join(stated[fid]) or '-'}")
    assert set(read) == set(FACTS), f"names no declared fact: {sorted(set(read) - set(FACTS))}"
    unused = [fid for fid in DECLARED if not read[fid]]
    assert unused == [], f"declared but read nowhere: {unused}"
    # The timings the issue found contradicted are each read in two or more places, and stated on reader pages.
    for fid in ("answer", "confirm", "thank-you", "check-in"):
        assert len(set(read[fid])) >= 2 and stated[fid], (fid, read[fid], stated[fid])


def test_a_page_that_contradicts_the_facts_is_caught() -> None:
    text = (ROOT / "tests" / "fixtures" / "facts" / "contradicting.md").read_text(encoding="utf-8")
    found = {(c.fact.id, c.stated) for c in facts.contradictions(text, FACTS)}
    email = f"words-{'email'}"
    assert found == {
        ("check-in", "one to three months"),
        ("thank-you", "one to two days"),
        (email, "300 words"),
        ("reason-length", "three sentences"),
    }


def test_the_declared_values_pass_the_same_scanner() -> None:
    """The control for the test above: the same sentences with the declared values raise nothing."""
    text = (
        f"Set a reminder to check in {DECLARED['check-in'].value}.\n"
        f"Send your thanks {DECLARED['thank-you'].value}.\n"
        f"An email of up to {LIB.channels['email'].max_words} words is fine.\n"
        f"Give your reason in {DECLARED['reason-length'].value}.\n"
    )
    assert facts.contradictions(text, FACTS) == []
    assert facts.uses(text, FACTS) == {"check-in", "thank-you", "words-email", "reason-length"}


@pytest.mark.parametrize(
    ("sentence", "fact"),
    [
        ("Thank them three weeks later.", "thank-you"),
        ("Check in after a month.", "check-in"),
        ("Confirm it in writing within a week.", "confirm"),
        ("Answer within five working days.", "answer"),
        ("Keep the reason to four sentences.", "reason-length"),
        ("A short message of 120 words is fine.", "words-message"),
    ],
)
def test_each_kind_of_contradiction_names_its_fact(sentence: str, fact: str) -> None:
    (found,) = facts.contradictions(sentence, FACTS)
    assert found.fact.id == fact and fact in found.message()


def test_nearest_topic_decides_which_fact_a_time_is_about() -> None:
    text = f"Send your thanks {DECLARED['thank-you'].value}, and check in {DECLARED['check-in'].value}."
    assert facts.contradictions(text, FACTS) == []
    assert facts.contradictions("Send your thanks after three to six months.", FACTS)[0].fact.id == "thank-you"


def test_the_timeline_and_the_plan_read_their_timings_from_the_facts() -> None:
    timeline = tools.process_timeline(LIB)
    for _, _, fid in tools.PROCESS:
        assert f"<small>{DECLARED[fid].sentence_start()}</small>" in timeline
    for step in tools.steps(LIB):
        fact = DECLARED[LIB.extra["followups"][step.id]["data"]["fact"]]
        assert (step.when, step.offset_days) == (fact.sentence_start(), fact.days)


@pytest.mark.build
def test_a_contradicting_checklist_item_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    item = project / "snippets" / "checklists" / "after-you-decline.yml"
    item.write_text(item.read_text(encoding="utf-8").replace("{fact:check-in}", "after one to three months"), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "snippets/checklists/after-you-decline.yml" in result.stderr and "DWG041" in result.stderr
    assert "three to six months" in result.stderr and not (tmp_path / "site" / "index.html").exists()
