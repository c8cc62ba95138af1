"""Byte budgets for every built page (issue 7), measured with bench/page_weight.py's own functions."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import page_weight as pw  # noqa: E402

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def bare_page(tmp_path_factory: pytest.TempPathFactory) -> pw.PageWeight:
    """A one-page Material site with our theme settings, built in this run."""
    tmp = tmp_path_factory.mktemp("bare")
    pw.build(pw.bare_project(ROOT / "mkdocs.yml", tmp / "project"), tmp / "site")
    return pw.measure_page(tmp / "site", tmp / "site" / "index.html", tmp / "no-docs")


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[pw.PageWeight]:
    measured = pw.measure_site(built_site, DOCS)
    assert len(measured) >= 10, f"expected the whole site, measured only {[p.page for p in measured]}"
    return measured


@pytest.fixture(scope="module")
def letters() -> dict:
    return pw.library_letters(ROOT)


def test_pages_load_the_project_assets(pages: list[pw.PageWeight]) -> None:
    """Guards the other budgets: if no page loaded our JS/CSS, they would pass vacuously."""
    loaded = {f for p in pages for f in p.own_files}
    assert any(f.endswith(".js") for f in loaded) and any(f.endswith(".css") for f in loaded), loaded


def test_every_own_script_and_style_is_counted(built_site: Path, pages: list[pw.PageWeight]) -> None:
    """A file no page is seen to load is either dead or loaded in a way the budget cannot see."""
    loaded = {f for p in pages for f in p.own_files}
    _, files = pw.own_total(built_site, DOCS)
    unseen = sorted(set(files) - loaded)
    assert not unseen, (
        f"no page loads {unseen}: link it from mkdocs.yml, or, if a script loads it on demand, list it in that "
        "script's { file: ..., needs: ... } table so bench/page_weight.py counts it"
    )


def test_own_js_and_css_per_page(pages: list[pw.PageWeight]) -> None:
    over = sorted((p for p in pages if p.own > pw.OWN_PER_PAGE_BUDGET), key=lambda p: -p.own)
    lines = [f"{p.page}: {p.own} bytes gzip ({', '.join(p.own_files)})" for p in over[:5]]
    assert not over, (
        f"{len(over)} page(s) load over {pw.OWN_PER_PAGE_BUDGET} bytes gzip of our own JS + CSS; heaviest:\n"
        + "\n".join(lines)
    )


def test_own_js_and_css_together(built_site: Path) -> None:
    total, files = pw.own_total(built_site, DOCS)
    assert total <= pw.OWN_TOTAL_BUDGET, (
        f"all own JS + CSS is {total} bytes gzip, over {pw.OWN_TOTAL_BUDGET}: {', '.join(files)}"
    )


def test_every_page_within_bare_material_plus_budget(pages: list[pw.PageWeight], bare_page: pw.PageWeight) -> None:
    limit = bare_page.total + pw.OVER_BARE_BUDGET
    over = [f"{p.page}: {p.total} bytes gzip ({p.total - bare_page.total} over bare)" for p in pages if p.total > limit]
    assert not over, (
        f"pages heavier than the bare Material page ({bare_page.total} bytes) + {pw.OVER_BARE_BUDGET}:\n" + "\n".join(over)
    )


def test_bare_page_counts_material_assets(bare_page: pw.PageWeight) -> None:
    """The baseline must include Material's bundle and styles, or 'bare + 15 KB' means nothing."""
    assert bare_page.material > 40 * 1024, f"bare page assets only {bare_page.material} bytes gzip"


def test_search_index_budget(built_site: Path) -> None:
    size = pw.search_index_bytes(built_site)
    assert size <= pw.SEARCH_INDEX_BUDGET, f"search/search_index.json is {size} bytes gzip, over {pw.SEARCH_INDEX_BUDGET}"


def test_letter_bodies_left_out_of_search(built_site: Path, letters: dict) -> None:
    bodies = {lid: letter.body for lid, letter in letters.items()}
    assert sum(len(pw.body_phrases(b)) for b in bodies.values()) > len(bodies), "too few phrases to check"
    leaks = pw.search_leaks(built_site, bodies)
    assert not leaks, "letter body text is in the search index:\n" + "\n".join(leaks)


def test_letter_titles_and_summaries_stay_in_search(built_site: Path, letters: dict) -> None:
    missing = pw.search_missing(built_site, {lid: (l.title, l.description) for lid, l in letters.items()})
    assert not missing, "search cannot find:\n" + "\n".join(missing)
