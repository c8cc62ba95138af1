"""The built site grows in a straight line with the number of letters (issue 7).

Uses bench/build_scaling.py's generator: 0, 50 and 100 synthetic letters added to copies of the project.
The timed runs at 250-1,000 letters are a script (bench/build_scaling.py), not part of the suite.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import build_scaling  # noqa: E402

pytestmark = pytest.mark.build  # Zensical and synthetic-library builds

LINEAR_SLACK = 1.2  # the second 50 letters may cost at most 20% more bytes than the first 50


@pytest.fixture(scope="module")
def site_sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, int]:
    sizes = {}
    for count in (0, 50, 100):
        project = copy_project(tmp_path_factory.mktemp(f"letters-{count}") / "project")
        build_scaling.add_letters(project, count)
        out = project.parent / "site"
        result = build_site(project, out)
        assert result.returncode == 0, f"strict build with {count} synthetic letters failed:\n{result.stderr}"
        assert len(list((out / "letters").glob("synthetic-*/index.html"))) == count
        sizes[count] = build_scaling.site_bytes(out)
    return sizes


def test_synthetic_letters_are_distinct(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "docs" / "letters").mkdir(parents=True)
    (project / "docs" / "letters" / build_scaling.BASE_LETTER).write_text(
        (ROOT / "docs" / "letters" / build_scaling.BASE_LETTER).read_text(encoding="utf-8"), encoding="utf-8")
    texts = [p.read_text(encoding="utf-8") for p in build_scaling.add_letters(project, 1000)]
    assert len(set(texts)) == 1000
    assert len({t.split("\n", 2)[1] for t in texts}) == 1000, "titles repeat"  # the line after the opening ---


@pytest.mark.heavy
def test_site_size_grows_linearly(site_sizes: dict[int, int]) -> None:
    first, second = site_sizes[50] - site_sizes[0], site_sizes[100] - site_sizes[50]
    assert first > 0, f"50 letters added no bytes: {site_sizes}"
    assert second <= first * LINEAR_SLACK, (
        f"letters 51-100 added {second} bytes, letters 1-50 added {first}: "
        f"more than {LINEAR_SLACK}x, so the site grows faster than the library ({site_sizes})"
    )
