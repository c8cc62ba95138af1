"""The house style, checked: spelling, readability and sentence length of the guide and the letters."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import textstat

from conftest import ROOT
from macros import facts
from macros.loading import cached_library

GUIDE_PAGES = sorted([ROOT / "docs" / "index.md", *(ROOT / "docs" / "guide").glob("*.md"), ROOT / "docs" / "sources.md"])
MIN_READING_EASE = 60
MAX_SENTENCE_WORDS = 30
LIB = cached_library(ROOT / "snippets").library
FACT_CALL = re.compile(r"""\{\{\s*(fact|words)\(\s*["']([a-z0-9-]+)["']\s*(?:,\s*sentence_start=True\s*)?\)\s*\}\}""")


def fill_facts(markdown: str) -> str:
    """The page as a reader sees it: each fact() and words() call replaced by its declared value."""
    declared = facts.declared(LIB)

    def value(m: re.Match) -> str:
        return declared[m.group(2)].value if m.group(1) == "fact" else str(LIB.channels[m.group(2)].max_words)

    return FACT_CALL.sub(value, markdown)


def prose(markdown: str) -> str:
    """The sentences a reader reads: no front matter, macros, markup, link targets or headings; facts filled in."""
    text = re.sub(r"\A---\n.*?\n---\n", "", fill_facts(markdown), flags=re.S)
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


def test_facts_are_filled_in_before_scoring() -> None:
    text = prose('Send it {{ fact("thank-you") }}, in {{ words("email") }} words or fewer.')
    assert text == f"Send it {facts.declared(LIB)['thank-you'].value}, in {LIB.channels['email'].max_words} words or fewer."


def test_sentence_splitter_finds_long_sentences() -> None:
    """The length check above can fail: a 31-word sentence is caught."""
    long = " ".join(["word"] * 31) + "."
    assert [s for s in sentences(prose(long)) if len(s.split()) > MAX_SENTENCE_WORDS]
