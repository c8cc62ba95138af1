"""The built letter pages: every allowed (letter, reason) pair has a variant with its wording and labels."""
from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT
from macros.loading import load_library
from macros.model import form_placeholders, reason_text, reasons_for
from macros.template_text import fill
from site_pages import html_pages, main_content

LIB = load_library(ROOT / "snippets").library
PAIRS = [
    (letter.id, reason.id)
    for letter in LIB.letters.values()
    for reason in reasons_for(LIB, letter)
]
FOLLOW_UPS = [letter.id for letter in LIB.letters.values() if not letter.is_decline]


def variant_text(page: str, variant: str) -> str:
    match = re.search(rf'<section[^>]*data-dwg-variant="{re.escape(variant)}".*?</section>', page, re.S)
    assert match, f"no variant '{variant}'"
    return html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(0)))


def letter_html(site: Path, letter_id: str) -> str:
    return (site / "letters" / letter_id / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("letter_id", "reason_id"), PAIRS, ids=[f"{l}+{r}" for l, r in PAIRS])
def test_each_pair_has_a_variant_with_the_reason_and_every_label(built_site: Path, letter_id: str, reason_id: str) -> None:
    letter, reason = LIB.letters[letter_id], LIB.reasons[reason_id]
    text = variant_text(letter_html(built_site, letter_id), reason_id)
    wording = fill(reason_text(letter, reason), {}, LIB.labels()).strip()
    assert wording in text, f"{letter_id}: the {reason_id} variant lacks the reason's wording"
    used = set(re.findall(r"\[\[([a-z_]+)\]\]", letter.body + (letter.subject or "") + reason_text(letter, reason))) - {"reason"}
    for pid in used:
        assert f"[{LIB.placeholders[pid].label}]" in text, f"{letter_id}+{reason_id} lacks the label for {pid}"


@pytest.mark.parametrize("letter_id", FOLLOW_UPS)
def test_follow_up_pages_have_one_variant_without_a_reason_picker(built_site: Path, letter_id: str) -> None:
    page = letter_html(built_site, letter_id)
    assert page.count("data-dwg-variant=") == 1
    assert "data-dwg-reason" not in page


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


def test_island_matches_the_form(built_site: Path) -> None:
    for letter in LIB.letters.values():
        page = letter_html(built_site, letter.id)
        raw = re.search(r'<script type="application/json" data-dwg-data>(.*?)</script>', page, re.S).group(1)
        data = json.loads(raw)
        assert list(data["placeholders"]) == [p.id for p in form_placeholders(LIB, letter)]
        assert len(data["variants"]) == page.count("data-dwg-variant=")


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


def test_edit_button_opens_the_letters_data_file(built_site: Path) -> None:
    """Contributors land on the YAML file, not on a docs/ page that does not exist."""
    import posixpath
    import urllib.parse

    for letter in LIB.letters.values():
        page = letter_html(built_site, letter.id)
        href = re.search(r'<a href="([^"]+)" title="Edit this page"', page).group(1)
        path = posixpath.normpath(urllib.parse.urlsplit(href).path)  # as a browser resolves "../"
        assert path.endswith(f"/edit/main/{letter.source.path}"), href
        assert (ROOT / letter.source.path).is_file()
