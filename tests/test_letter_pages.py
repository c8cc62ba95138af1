"""The built letter pages: the letter as composed before any choice, the parts the browser composes
from (never every combination), the wordings without scripts, and a failing combination failing the build."""
from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT, build_site, copy_project
from macros.loading import cached_library
from macros.model import compose_letter, form_placeholders, options_for, reason_text, variants
from macros.render import first_choice
from macros.template_text import fill
from site_pages import html_pages, main_content

LIB = cached_library(ROOT / "snippets").library
FOLLOW_UPS = [letter.id for letter in LIB.letters.values() if not letter.is_decline]
ISLAND = re.compile(r'<script type="application/json" data-dwg-data>(.*?)</script>', re.S)


def letter_html(site: Path, letter_id: str) -> str:
    return (site / "letters" / letter_id / "index.html").read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("letter_id", sorted(LIB.letters))
def test_each_page_shows_the_letter_before_any_choice_with_every_label(built_site: Path, letter_id: str) -> None:
    letter = LIB.letters[letter_id]
    page = letter_html(built_site, letter_id)
    pre = re.search(r"<pre[^>]*data-dwg-body[^>]*>(.*?)</pre>", page, re.S).group(1)
    _, body = compose_letter(LIB, letter, first_choice(LIB, letter))
    assert text_of(pre) == fill(body, {}, LIB.labels(), LIB.types())
    assert "[[" not in text_of(pre)


@pytest.mark.parametrize("letter_id", sorted(i for i, l in LIB.letters.items() if l.is_decline))
def test_without_scripts_every_reason_and_closing_can_be_pasted_in(built_site: Path, letter_id: str) -> None:
    letter = LIB.letters[letter_id]
    page = letter_html(built_site, letter_id)
    wordings = text_of(re.search(r'<details class="dwg-wordings".*?</details>', page, re.S).group(0))
    offered = options_for(LIB, letter)
    for rid in offered["reason"]:
        wording = fill(reason_text(letter, LIB.reasons[rid]), {}, LIB.labels(), LIB.types()).strip()
        assert wording in wordings, f"{letter_id}: the {rid} wording is missing"
    for cid in offered["closing"]:
        assert fill(LIB.closings[cid].text, {}, LIB.labels(), LIB.types()).strip() in wordings


@pytest.mark.parametrize("letter_id", FOLLOW_UPS)
def test_follow_up_pages_have_no_reason_picker(built_site: Path, letter_id: str) -> None:
    page = letter_html(built_site, letter_id)
    assert 'data-dwg-option="reason"' not in page
    assert page.count("data-dwg-body") == 1


def test_island_ships_the_parts_not_every_combination(built_site: Path) -> None:
    for letter in LIB.letters.values():
        page = letter_html(built_site, letter.id)
        data = json.loads(ISLAND.search(page).group(1))
        data.pop("check", None)  # the pre-send check's rules (#13), the same on every letter page
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        assert list(data["placeholders"]) == [p.id for p in form_placeholders(LIB, letter)]
        offered = options_for(LIB, letter)
        assert data["offered"] == offered
        for kind in ("reason", "closing", "extras"):
            assert sorted(data["parts"].get(kind, {})) == sorted(offered.get(kind, []))
        assert data["email"] == LIB.channels[letter.channel].can_email  # from the channel data, not the script
        # The parts grow with the options, not with their product.
        assert len(raw.encode()) < 8000, f"{letter.id}: the island is {len(raw.encode())} bytes"
        assert len(variants(LIB, letter)) < 50 or len(raw.encode()) * 20 < sum(len(v.body) for v in variants(LIB, letter))


@pytest.mark.build
def test_a_failing_combination_fails_the_build_naming_file_options_and_rule(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    closing = project / "snippets" / "closings" / "introductions.yml"
    closing.write_text(closing.read_text(encoding="utf-8").replace("please ask.", "I have decided to help."), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    line = next(line for line in result.stderr.splitlines() if "DWG116" in line)
    assert "docs/letters/" in line and "closing=introductions" in line and "decided" in line, line


def test_index_links_every_letter_page(built_site: Path) -> None:
    index = (built_site / "letters" / "index.html").read_text(encoding="utf-8")
    for letter in LIB.letters.values():
        assert f'href="{letter.id}/"' in index
        assert (built_site / "letters" / letter.id / "index.html").exists()


def test_letter_pages_stay_out_of_the_nav(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    nav = home[: home.index('<div class="md-content"')]
    assert "letters/decline-written-offer/" not in nav
    assert 'href="letters/"' in nav


def test_no_id_is_duplicated_on_any_page(built_site: Path) -> None:
    for page in html_pages(built_site):
        ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
        dupes = {i for i in ids if ids.count(i) > 1}
        assert not dupes, f"{page.relative_to(built_site)} repeats ids {sorted(dupes)}"


VNU = ROOT / "tests" / "nu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def content_lines(page: str) -> tuple[int, int]:
    """First and last line of the page's main content (the theme's own markup is not ours to fix)."""
    start = page.index('<article class="md-content__inner md-typeset">')
    body = main_content(page)
    first = page[:start].count("\n") + 1
    return first, first + body.count("\n")


@pytest.mark.build
def test_nu_checker_finds_no_errors_in_content(built_site: Path) -> None:
    java = shutil.which("java")
    if not (java and VNU.exists()):
        message = "the Nu checker needs java and tests/nu/node_modules (./run.sh test installs them)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    out = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--skip-non-html", str(built_site)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(out.stderr or out.stdout)["messages"]
    assert len(html_pages(built_site)) > 10
    in_content = []
    for m in messages:
        if m.get("type") != "error":
            continue
        path = Path(m["url"].removeprefix("file:"))
        first, last = content_lines(path.read_text(encoding="utf-8"))
        if first <= m.get("lastLine", 0) <= last:
            in_content.append(f"{path.relative_to(built_site)}:{m.get('lastLine')}: {m['message']}")
    assert in_content == []
