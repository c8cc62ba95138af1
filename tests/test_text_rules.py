"""The letter-text rules declared in macros/text_rules.json: well formed, each with examples, and the
Python interpreter gives the findings the examples expect. tests/browser/test_check.py runs the same
examples through the browser's interpreter and compares."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from macros import render, rules, text_check as tc
from macros.loading import cached_library
from text_examples import EXAMPLES_DIR, all_examples, declaration_examples, fixture_examples, python_findings

RULES = tc.text_rules()
EXAMPLES = fixture_examples()
LIB = cached_library(ROOT / "snippets").library


def patterns() -> list[tuple[str, str]]:
    found = [(f"syntax.{k}", v) for k, v in tc.declaration()["syntax"].items()]
    found += [(f"{r.id}.pattern", r.params["pattern"]) for r in RULES if "pattern" in r.params]
    return found


def test_declaration_is_well_formed() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)), "a rule id is declared twice"
    for r in RULES:
        assert re.fullmatch(r"DWG1\d\d", r.id), r.id
        assert r.test in tc.TESTS, f"{r.id}: unknown test '{r.test}'"
        assert r.applies in ("all", "decline", "follow-up"), r.id
        assert set(r.severity) == set(tc.AUDIENCES) and set(r.severity.values()) <= set(tc.SEVERITIES), r.id
        assert r.message and r.rationale and r.title, r.id
        assert set(r.examples) == {"good", "bad"}, f"{r.id} needs one good and one bad example"
        placeholders = set(re.findall(r"\{(\w+)\}", r.message))
        assert placeholders <= {"quote", "count", "limit", "channel"}, f"{r.id}: unknown {placeholders}"


def test_patterns_use_the_shared_subset() -> None:
    """Python reads each pattern; none uses what JavaScript reads differently (checked in Chromium too)."""
    for name, pattern in patterns():
        re.compile(pattern, re.IGNORECASE | re.ASCII)
        assert "\\s" not in pattern and "\\S" not in pattern, f"{name}: \\s differs between Python and JavaScript"
        assert "(?P" not in pattern and "(?i" not in pattern and "\\Z" not in pattern and "\\A" not in pattern, name


def test_every_rule_has_an_example_that_breaks_it(capsys: pytest.CaptureFixture[str]) -> None:
    broken = {rule for ex in EXAMPLES for rule in ex.expect}
    missing = [r.id for r in RULES if r.id not in broken]
    assert not missing, f"add an example to {EXAMPLES_DIR.relative_to(ROOT)} that breaks {', '.join(missing)}"
    assert any(not ex.expect for ex in EXAMPLES), "no good example letter"
    with capsys.disabled():  # shown in every run, not only with -s
        print(f"\n{len(RULES)} letter-text rules, {len(EXAMPLES)} shared example letters, "
              f"{len(declaration_examples())} declaration examples")


@pytest.mark.parametrize("example", all_examples(), ids=lambda e: e.name)
def test_python_finds_what_the_example_expects(example) -> None:
    found = python_findings(example)
    assert [f["rule"] for f in found] == example.expect, [f["message"] for f in found]
    for f in found:
        assert "{" not in f["message"], f"a message placeholder was left unfilled: {f['message']}"


def test_limits_come_from_the_channels() -> None:
    """The declaration holds no channel limit; the context brings it from snippets/channels.yml."""
    text = json.dumps(tc.declaration())
    for channel in LIB.channels.values():
        assert f'"max_words": {channel.max_words}' not in text
    email = next(e for e in EXAMPLES if e.name == "bad-too-long-message").context
    assert email.max_words == LIB.channels["message"].max_words


def test_template_rules_are_the_declared_rules() -> None:
    """The linter registers each declared rule with its template severity and title."""
    from macros import style_rules  # noqa: F401  (registers the rules)

    for r in RULES:
        if r.severity["template"] == "off":
            assert r.id not in rules.RULES, f"{r.id} is off for templates but registered"
            continue
        registered = rules.RULES[r.id]
        assert (registered.severity.value, registered.title) == (r.severity["template"], r.title)


def test_letter_pages_carry_the_reader_rules() -> None:
    letter = LIB.letters["decline-written-offer"]
    island = render.island_data(LIB, letter, tc.browser_rules())["check"]
    assert island["rules"] == tc.browser_rules()
    assert island["maxWords"] == LIB.channels[letter.channel].max_words
    assert {r["id"] for r in island["rules"]["rules"]} == {r.id for r in RULES if r.severity["reader"] != "off"}
    assert all("examples" not in r and "rationale" not in r for r in island["rules"]["rules"]), "docs stay out of the page"


def test_guide_links_point_at_headings_that_exist(built_site: Path) -> None:
    for r in RULES:
        url = tc.guide_url(r.guide)
        page, _, anchor = url.partition("#")
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert anchor and f'id="{anchor}"' in html, f"{r.id}: {r.guide} has no such heading in the built site"


def test_built_letter_page_ships_the_rules(built_site: Path) -> None:
    html = (built_site / "letters" / "decline-written-offer" / "index.html").read_text(encoding="utf-8")
    assert html.count("data-dwg-check ") == 1  # one findings list beside the composed letter
    island = re.search(r'<script type="application/json" data-dwg-data>(.*?)</script>', html, re.S).group(1)
    assert json.loads(island)["check"]["rules"] == tc.browser_rules()
