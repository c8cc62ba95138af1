"""Read the built site: its pages, their main content, and the words under a heading."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

CONTENT_START = '<article class="md-content__inner md-typeset">'


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_file(site: Path, page: str) -> Path:
    """The built HTML of a source page such as ``guide/decide.md``."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / stem.removesuffix("index") / "index.html"
    return site / stem / "index.html"


def main_content(html: str) -> str:
    start = html.index(CONTENT_START)
    end = html.index("</article>", start)
    return html[start:end]


class SectionText(HTMLParser):
    """Collect the prose (paragraphs and list items, not admonitions) under one heading id."""

    PROSE = {"p", "li"}

    def __init__(self, anchor: str):
        super().__init__()
        self.anchor = anchor
        self.level: int | None = None
        self.inside = False
        self.stack: list[tuple[str, bool]] = []
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            level = int(tag[1])
            if a.get("id") == self.anchor:
                self.level, self.inside = level, True
            elif self.inside and self.level is not None and level <= self.level:
                self.inside = False
        classes = (a.get("class") or "").split()
        self.stack.append((tag, "admonition" in classes or "headerlink" in classes))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.inside or any(skip for _, skip in self.stack):
            return
        if any(t in self.PROSE for t, _ in self.stack):
            self.words += re.findall(r"[A-Za-z0-9’'-]+", data)


def words_under(html: str, anchor: str) -> int | None:
    """Words of prose under the heading with this id, or None when there is no such heading."""
    if f'id="{anchor}"' not in html:
        return None
    parser = SectionText(anchor)
    parser.feed(main_content(html))
    return len(parser.words)
