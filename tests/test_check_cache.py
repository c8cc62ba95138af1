"""The rule-result cache the test builds share (macros/check_cache.py): it is read, and it can never hide a
finding, because a changed letter is checked afresh. (A changed data file is: tests/test_letter_pages.py
breaks a closing and its build, which runs with the cache, fails.)"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from macros import check_cache
from macros.loading import load_library

LETTER = "docs/letters/decline-written-offer.md"


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "kept"
    monkeypatch.setenv(check_cache.ENV, str(where))
    return where


def messages(project: Path) -> list[str]:
    return [f.format() for f in load_library(project / "snippets").findings]


def plant(where: Path, message: str) -> None:
    """Make every kept result of every letter say that DWG116 fails, as if an earlier build had found it."""
    for path in where.glob("*.json"):
        path.write_text(json.dumps({"DWG116": [["reason=x", message]]}), encoding="utf-8")


def test_a_build_keeps_one_result_file_per_letter_and_reads_them_back(kept: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = messages(project)
    files = sorted(kept.glob("*.json"))
    assert len(files) >= 10 and not list(kept.glob("*.tmp"))
    assert messages(project) == first
    plant(kept, "planted by the test")
    assert any("planted by the test" in m and LETTER in m for m in messages(project)), "the kept results were not read"


def test_a_changed_letter_is_checked_afresh(kept: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    messages(project)
    plant(kept, "planted by the test")
    letter = project / LETTER
    letter.write_text(letter.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not any("planted" in m and LETTER in m for m in messages(project))


def test_a_half_written_result_is_ignored(kept: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = messages(project)
    for path in kept.glob("*.json"):
        path.write_text('{"DWG116": [["reason', encoding="utf-8")
    assert messages(project) == first


def test_nothing_is_kept_without_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(check_cache.ENV, raising=False)
    assert check_cache.folder() is None
    assert load_library(ROOT / "snippets").library.letters
