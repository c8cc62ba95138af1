"""The second builder (issue 15): Zensical builds every page MkDocs builds, with the same article text and links.

scripts/compare_builders.py does the comparing; these tests run it on both real builds and check that it can
see a difference at all.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT, copy_project

sys.path.insert(0, str(ROOT / "scripts"))

import compare_builders as cb  # noqa: E402
from bench import builders  # noqa: E402

pytestmark = pytest.mark.build  # Zensical and synthetic-library builds


@pytest.fixture(scope="module")
def zensical() -> Path:
    try:
        return builders.ensure_zensical()
    except builders.ZensicalUnavailable as err:
        if IN_CI:
            pytest.fail(f"{err}\nCI=true, so a Zensical that cannot be installed fails instead of skipping")
        pytest.skip(str(err))


def test_every_page_exists_in_both_builds_with_the_same_article_text(zensical: Path, tmp_path: Path) -> None:
    results = cb.compare_sites(*cb.build_both(tmp_path))
    pages = {r.page for r in results}
    assert {"index.html", "letters/index.html", "guide/decide/index.html", "checklists/index.html"} <= pages
    letters = {f"letters/{p.stem}/index.html" for p in (ROOT / "docs" / "letters").glob("*.md") if p.stem != "index"}
    assert letters and letters <= pages, f"letter pages missing from both builds: {sorted(letters - pages)}"
    assert [r.page for r in results if not r.in_mkdocs] == [], "pages only Zensical builds"
    assert [r.page for r in results if not r.in_zensical] == [], "pages Zensical does not build"
    differ = [f"{r.page}: {r.detail}" for r in results if not (r.same_text and r.same_links)]
    assert differ == [], "article text or links differ between the builds"


def page(site: Path, path: str, article: str) -> None:
    file = site / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f"<html><body><nav><a href='/x'>nav</a></nav><article class='md-content__inner'>{article}"
                    "</article></body></html>", encoding="utf-8")


def test_the_comparison_sees_text_links_and_missing_pages(tmp_path: Path) -> None:
    """Guards the test above: the comparison must notice each kind of difference, and ignore chrome."""
    m, z = tmp_path / "m", tmp_path / "z"
    heading = "<h1>Say no <a class='headerlink' href='#say-no'>¶</a></h1>"
    page(m, "index.html", heading + "<p>Thank   them\n first.</p>")
    page(z, "index.html", heading.replace("¶", "#") + "<p>Thank them first.</p>")
    page(m, "guide/decide/index.html", "<p>Decide.</p><a href='../../letters/'>All letters</a>")
    page(z, "guide/decide/index.html", "<p>Decide.</p><a href='../../../letters/'>All letters</a>")
    page(m, "letters/index.html", "<p>Letters</p>")
    page(z, "letters/index.html", "<p>Letters<br>and more</p>")
    page(m, "letters/only-here/index.html", "<p>Only MkDocs</p>")
    results = {r.page: r for r in cb.compare_sites(m, z)}
    assert results["index.html"].ok  # whitespace and permalink marks are not article text
    decide = results["guide/decide/index.html"]
    assert decide.same_text and not decide.same_links  # climbing above the site root is caught, not clamped
    assert "OUTSIDE THE SITE" in decide.detail
    assert not results["letters/index.html"].same_text and "and more" in results["letters/index.html"].detail
    assert results["letters/only-here/index.html"].in_mkdocs and not results["letters/only-here/index.html"].in_zensical
    table = cb.markdown(list(results.values()), {"mkdocs": "1", "material": "2", "zensical": "3"})
    assert "1 of 4 pages exist in both builds" in table
    assert all(feature in table for feature, _, _ in cb.GAPS)


def test_bad_data_fails_the_zensical_build_naming_file_and_line(zensical: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    letter = project / "docs" / "letters" / "decline-by-phone.md"
    lines = letter.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("channel:"))
    letter.write_text("".join(lines).replace("channel:", "medium:", 1), encoding="utf-8")
    result = builders.run_build("zensical", project, tmp_path / "out")
    assert result.returncode != 0
    assert f"docs/letters/decline-by-phone.md:{line}" in result.stderr and "medium" in result.stderr
    assert not (tmp_path / "out").exists(), "nothing half-built is left behind"


@pytest.mark.both_builders
def test_each_builder_parameter_builds_with_that_builder(builder: str, built_site: Path) -> None:
    """Guards the browser tests' builder parameter: a 'zensical' site really is Zensical's output."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    made_by_zensical = (built_site / "search.json").is_file() and "assets/stylesheets/classic/" in home
    made_by_mkdocs = (built_site / "search" / "search_index.json").is_file()
    assert (made_by_zensical, made_by_mkdocs) == (builder == "zensical", builder == "mkdocs")
