"""The house style, checked: spelling, readability and sentence length of the guide and the letters."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import textstat

from conftest import ROOT

GUIDE_PAGES = sorted([ROOT / "docs" / "index.md", *(ROOT / "docs" / "guide").glob("*.md")])
MIN_READING_EASE = 50
MAX_SENTENCE_WORDS = 30


def prose(markdown: str) -> str:
    """The sentences a reader reads: no front matter, macros, markup, link targets or headings."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)
    text = re.sub(r"^\s*(#+ .*|[!?]{3}.*|-{3,}|\|.*)$", "", text, flags=re.M)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)(\{[^}]*\})?", r"\1", text)
    text = re.sub(r"[*_`>]", "", text)
    return text


def sentences(text: str) -> list[str]:
    chunks = re.split(r"(?<=[.!?])\s+|\n\s*\n|\n\s*[-*\d]+[.)]?\s", text)
    return [c.strip() for c in chunks if c.strip()]


@pytest.mark.parametrize("page", GUIDE_PAGES, ids=[p.stem for p in GUIDE_PAGES])
def test_guide_page_reads_easily(page: Path) -> None:
    score = textstat.flesch_reading_ease(prose(page.read_text(encoding="utf-8")))
    assert score >= MIN_READING_EASE, f"{page.relative_to(ROOT)}: Flesch reading ease {score:.0f} < {MIN_READING_EASE}"


@pytest.mark.parametrize("page", GUIDE_PAGES, ids=[p.stem for p in GUIDE_PAGES])
def test_no_guide_sentence_runs_past_thirty_words(page: Path) -> None:
    long = [s for s in sentences(prose(page.read_text(encoding="utf-8"))) if len(s.split()) > MAX_SENTENCE_WORDS]
    assert long == [], f"{page.relative_to(ROOT)} has sentences over {MAX_SENTENCE_WORDS} words: {long}"


def test_spelling() -> None:
    targets = ["docs", "snippets", "README.md", "CONTRIBUTING.md"]
    existing = [t for t in targets if (ROOT / t).exists()]
    result = subprocess.run(
        [sys.executable, "-m", "codespell_lib", "--skip", "*.png,*.json", *existing],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout


def test_sentence_splitter_finds_long_sentences() -> None:
    """The length check above can fail: a 31-word sentence is caught."""
    long = " ".join(["word"] * 31) + "."
    assert [s for s in sentences(prose(long)) if len(s.split()) > MAX_SENTENCE_WORDS]
