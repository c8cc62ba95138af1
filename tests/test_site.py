"""The site builds strictly, every guide point has real prose, and nothing ships half-rendered."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from site_pages import html_pages, main_content, page_file, words_under

COVERAGE = yaml.safe_load((ROOT / "tests" / "guide_coverage.yml").read_text(encoding="utf-8"))["points"]
MIN_WORDS = 60


def test_coverage_map_lists_ten_article_points_and_fourteen_field_points() -> None:
    sources = [p["source"] for p in COVERAGE]
    assert sources.count("article") == 10 and sources.count("field") == 14
    assert len({p["id"] for p in COVERAGE}) == 24
    hard_cases = {"confidential-search", "prepare-the-call", "back-out-any-stage", "board-and-investors"}
    assert hard_cases <= {p["id"] for p in COVERAGE}


@pytest.mark.parametrize("point", COVERAGE, ids=[p["id"] for p in COVERAGE])
def test_each_point_has_its_own_heading_with_prose(built_site: Path, point: dict) -> None:
    html = page_file(built_site, point["page"]).read_text(encoding="utf-8")
    count = words_under(html, point["anchor"])
    assert count is not None, f"{point['page']} has no heading #{point['anchor']} for '{point['topic']}'"
    assert count >= MIN_WORDS, f"{point['page']}#{point['anchor']} has {count} words of prose, needs {MIN_WORDS}"


def test_every_point_sits_on_a_page_in_the_nav(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for page in {p["page"] for p in COVERAGE}:
        href = page.removesuffix(".md") + "/"
        assert f'href="{href}"' in home, f"{page} is not linked from the navigation"


UNRENDERED = re.compile(r"\{\{|\{%|\{#")
CODE_EXAMPLE = re.compile(r'<div class="highlight">.*?</div>', re.S)
MACRO_ERROR = re.compile(r"Macro (Rendering )?Error|jinja2\.exceptions|Traceback \(most recent call last\)", re.I)


def test_no_page_carries_template_syntax_or_a_macro_error(built_site: Path) -> None:
    pages = html_pages(built_site)
    assert len(pages) > 10
    for page in pages:
        content = page.read_text(encoding="utf-8")
        body = main_content(content) if "md-content__inner" in content else content
        body = CODE_EXAMPLE.sub("", body)  # a highlighted code block may show template syntax on purpose
        assert not UNRENDERED.search(body), f"{page.relative_to(built_site)} ships unrendered template syntax"
        assert not MACRO_ERROR.search(content), f"{page.relative_to(built_site)} shows a macro error"


def test_no_page_names_the_source_except_sources(built_site: Path) -> None:
    for page in html_pages(built_site):
        if page.name == "index.html" and page.parent.name != "sources":
            assert "Ivy Exec" not in main_content(page.read_text(encoding="utf-8")), (
                f"{page.relative_to(built_site)} names the source article"
            )
    assert "Ivy Exec" in (built_site / "sources" / "index.html").read_text(encoding="utf-8")


EXTERNAL_LOAD = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(https?:)?//', re.I)


def test_pages_load_nothing_from_another_origin(built_site: Path) -> None:
    for page in html_pages(built_site):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html, re.I):
            if re.search(r'rel="(canonical|alternate)"', tag):
                continue  # canonical links name the site itself and are never fetched
            assert not EXTERNAL_LOAD.match(tag), f"{page.relative_to(built_site)} loads {tag}"
    assert "fonts.googleapis" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_every_page_has_a_meta_description(built_site: Path) -> None:
    site_wide = re.search(r"^site_description: (.*)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    for page in html_pages(built_site):
        if page.name == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        match = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert match and match.group(1) != "", f"{page.relative_to(built_site)} has no meta description"
        if page.parent != built_site:  # the home page may share the site's own description
            assert match.group(1) != site_wide, f"{page.relative_to(built_site)} uses the site-wide description"


def test_internal_links_resolve(built_site: Path) -> None:
    """Raw-HTML links are not checked by MkDocs' validation, so check every href here."""
    for page in html_pages(built_site):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a\b[^>]*\bhref="([^"#?:]+)/?(?:#[^"]*)?"', html):
            base = built_site if href.startswith("/") else page.parent  # the 404 page links from the root
            target = (base / href.lstrip("/")).resolve()
            assert target.exists() or target.with_suffix(".html").exists() or (target / "index.html").exists(), (
                f"{page.relative_to(built_site)} links to missing {href}"
            )
