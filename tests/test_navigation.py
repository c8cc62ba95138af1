"""The readers' navigation holds the guide, the letters and the checklists; the project's own pages sit in the
footer, still reachable and in the sitemap. Every guide page says which source backs it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from site_pages import main_content

PROJECT_PAGES = ("contributing/", "contributing/reference/", "performance/")
GUIDE_PAGES = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "guide").glob("*.md"))
COVERAGE = yaml.safe_load((ROOT / "tests" / "guide_coverage.yml").read_text(encoding="utf-8"))["points"]


def nav_links(html: str) -> set[str]:
    """The links in Material's primary navigation (the drawer and sidebar)."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    end = html.index('<div class="md-content"', start)
    return set(re.findall(r'href="([^"#]*)"', html[start:end]))


def footer(html: str) -> str:
    return html[html.index('<div class="md-footer-meta'):]


def test_reader_nav_holds_the_guide_the_letters_and_the_checklists_only(built_site: Path) -> None:
    links = {link.removeprefix("./") for link in nav_links((built_site / "index.html").read_text(encoding="utf-8"))}
    assert {"letters/", "checklists/", "guide/decide/", "guide/timing/", "sources/"} <= links
    assert not any(link.startswith(("contributing", "performance")) for link in links), sorted(links)


@pytest.mark.parametrize("page", ["index.html", "guide/decide/index.html", "letters/decline-by-phone/index.html"])
def test_project_pages_are_linked_from_the_footer_of_every_page(built_site: Path, page: str) -> None:
    html = (built_site / page).read_text(encoding="utf-8")
    depth = "../" * page.count("/")
    links = set(re.findall(r'href="([^"]*)"', footer(html)))
    assert {depth + p for p in PROJECT_PAGES} <= links, sorted(links)


def test_project_pages_are_built_and_in_the_sitemap(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for page in PROJECT_PAGES:
        assert (built_site / page / "index.html").is_file()
        assert f"/{page}</loc>" in sitemap, page


@pytest.mark.parametrize("page", GUIDE_PAGES)
def test_each_guide_page_says_which_source_backs_it(built_site: Path, page: str) -> None:
    html = main_content((built_site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8"))
    credit = re.search(r'<p class="dwg-sources">(.*?)</p>', html, re.S)
    assert credit, f"{page} has no 'Where this comes from' line"
    targets = set(re.findall(r'href="\.\./\.\./sources/#([a-z-]+)"', credit.group(1)))
    kinds = {p["source"] for p in COVERAGE if p["page"] == page}
    assert kinds and targets, page
    if "article" in kinds:
        assert "the-source-article" in targets, (page, targets)
    if "field" in kinds:  # common practice is labelled as such
        assert "common-hiring-practice" in targets, (page, targets)


def test_sources_give_title_publisher_date_and_link(built_site: Path) -> None:
    html = main_content((built_site / "sources" / "index.html").read_text(encoding="utf-8"))
    article = html[html.index('id="the-source-article"'):html.index('id="common-hiring-practice"')]
    for field in ("Title and publisher:", "Date:", "Link:"):
        assert f"<strong>{field}</strong>" in article
    assert 'href="https://' in article and "Ivy Exec" in article
    practice = html[html.index('id="common-hiring-practice"'):html.index('id="how-we-write"')]
    assert "no single source" in practice
    for anchor in re.findall(r'sources/#([a-z-]+)', "".join(
            (built_site / p.removesuffix(".md") / "index.html").read_text(encoding="utf-8") for p in GUIDE_PAGES)):
        assert f'id="{anchor}"' in html, anchor
