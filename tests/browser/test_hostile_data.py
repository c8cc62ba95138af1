"""Data never becomes markup: a site built from hostile text in every reader-visible field of every kind.

Fields come from the schemas' ``x-reader-text`` marks, so a kind or field added later is covered the day it
is marked. Each field gets the most hostile text its rules accept (quotes, angle brackets, Markdown links to
``javascript:``, emphasis, ampersands); text the rules refuse is tested in tests/test_bad_data.py. The built
HTML must hold no tag, attribute or link the clean build lacks, and in Chromium nothing may run, call out or
appear in the DOM that the clean site does not have.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import build_site, copy_project, free_port, serve
from data_files import set_at, write_data
from macros.fields import READER_TEXT, schema, walk
from macros.loading import load_library

# The most hostile text each mark accepts. Both try to end an attribute, open a tag, or become a link that runs.
# One word each, so letters stay within their channel's word limit. Letter text may hold no '[x]' (DWG113: a
# bracket the form cannot fill), so its link has empty text, which Markdown would still make a link.
PAYLOAD = {
    "letter": "\"'>[](javascript:__pwned=1)*b*_i_`c`&<{x}",
    "text": "\"'>[x](javascript:__pwned=1)*b*_i_`c`&<{x}",
    "meta": "'[x](javascript:__pwned=1)*b*_i_`c`{x}",
}
MARKER = "javascript:__pwned=1"
# One worker builds the hostile site once for both tests (SHARED_BUILDS in conftest.py), and starts on it first.
pytestmark = pytest.mark.heavy


def hostile(value: str, node: dict) -> str:
    """The value with the payload added (a line of its own in a block), cut to the field's limit."""
    payload = PAYLOAD[node[READER_TEXT]]
    text = f"{value.rstrip()}\n{payload}\n" if "\n" in value.strip() else f"{value} {payload}".strip()
    return text[: node.get("maxLength", len(text))]


def make_hostile(project: Path) -> int:
    """Rewrite every data file with hostile text in every marked field; returns how many fields changed."""
    lib = load_library(project / "snippets").library
    changed = 0
    for rel, src in lib.sources.items():
        for path, node, value in list(walk(schema(src.schema), src.data)):
            if node.get(READER_TEXT) and isinstance(value, str):
                set_at(src.data, path, hostile(value, node))
                changed += 1
        write_data(project / rel, src.data)
    return changed


class Tags(HTMLParser):
    """Every (tag, attribute) pair and every URL-valued attribute in a page."""

    URLS = {"href", "src", "action", "formaction", "srcset", "content", "data"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.urls: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.pairs[(tag, "")] += 1
        for name, value in attrs:
            self.pairs[(tag, name)] += 1
            if name in {"href", "src", "action", "formaction"} and value:
                self.urls.add(value)


def tags(path: Path, origin: str) -> Tags:
    """The page's tags; links keep their target but not the site's own origin or an in-page anchor's name
    (a heading's anchor is made from its text, so it may differ; it can only point inside the page)."""
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.urls = {"#" if u.startswith("#") else u.replace(origin, "/") for u in parser.urls}
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, int]]:
    """The hostile site, built --strict (every hostile value passes the rules) and served on its own port."""
    tmp = tmp_path_factory.mktemp("hostile")
    project = copy_project(tmp / "project")
    changed = make_hostile(project)
    assert [f.format() for f in load_library(project / "snippets").findings] == []
    port = free_port()
    out = tmp / "site"
    result = build_site(project, out, f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr[-3000:]
    server = serve(out, port)
    yield out, f"http://127.0.0.1:{port}/", changed
    server.shutdown()


def changed_pages(clean: Path, dirty: Path) -> list[str]:
    pages = sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*.html"))
    return [p for p in pages if (dirty / p).read_bytes() != (clean / p).read_bytes()]


def test_hostile_html_has_no_tag_attribute_or_link_the_clean_build_lacks(built_site: Path, site_origin: str, hostile_site) -> None:
    out, base, changed = hostile_site
    assert changed > 100, "every marked field of every file was made hostile"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == \
        sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    pages = changed_pages(built_site, out)
    assert {"letters/index.html", "checklists/index.html", "letters/decline-written-offer/index.html"} <= set(pages)
    shown = 0
    for page in pages:
        clean, dirty = tags(built_site / page, site_origin + "/"), tags(out / page, base)
        new_pairs = set(dirty.pairs) - set(clean.pairs)
        assert new_pairs == set(), f"{page}: new tags or attributes {sorted(new_pairs)}"
        for pair, count in dirty.pairs.items():
            assert count <= clean.pairs[pair], f"{page}: more {pair} than the clean build"
        assert dirty.urls <= clean.urls, f"{page}: new links {sorted(dirty.urls - clean.urls)}"
        html = (out / page).read_text(encoding="utf-8")
        shown += html.count("javascript&#58;__pwned=1") + html.count(MARKER.replace("=", "&#61;")) + html.count(MARKER)
    assert shown > 0, "the hostile text reaches the pages (as text)"


# Material sizes its sidebars with a style attribute whenever its layout observer fires: not ours, and not timed.
JS_DOM = """() => {
  const pairs = new Set();
  for (const el of document.querySelectorAll('*')) {
    pairs.add(el.localName);
    for (const a of el.attributes) {
      if (a.name === 'style' && el.matches('.md-sidebar, .md-sidebar__scrollwrap')) continue;
      pairs.add(el.localName + '@' + a.name);
    }
  }
  return [...pairs].sort();
}"""
JS_STARTED = """() => document.readyState === 'complete' && !!window.dwg
  && [...document.querySelectorAll('script[src*="/dwg-"]')].every(s => performance.getEntriesByName(s.src).length > 0)
  && [['[data-dwg-letter]', 'letters'], ['[data-dwg-index]', 'plan'], ['[data-dwg-tick], [data-dwg-worksheet], [data-dwg-planner]', 'tools']]
     .every(([needs, name]) => !document.querySelector(needs) || (document.documentElement.dataset.dwgReady || '').split(' ').includes(name))"""
# Each script names itself in <html data-dwg-ready> once it has started on the page (tests/browser/ready.py).


class Visitor:
    """One tab on one site, kept for every page of it (a warm cache, no new renderer per page), recording
    anything that runs, calls out or complains."""

    def __init__(self, page: Page, origin: str):
        self.page, self.problems = page, []
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        page.on("request", lambda r: r.url.startswith((origin, "data:", "blob:")) or self.problems.append(f"request: {r.url}"))

    def visit(self, url: str) -> tuple[list[str], list[str]]:
        """Open a page, wait until its scripts have started; return (problems, DOM tag@attribute names)."""
        self.problems.clear()
        self.page.goto(url)
        self.page.wait_for_function(JS_STARTED)
        if self.page.evaluate("() => window.__pwned !== undefined"):
            self.problems.append("window.__pwned was set")
        return list(self.problems), self.page.evaluate(JS_DOM)


def test_hostile_site_runs_nothing_in_chromium(built_site: Path, served_site: str, hostile_site, browser) -> None:
    out, base, _ = hostile_site
    context = browser.new_context()
    clean, dirty = Visitor(context.new_page(), served_site), Visitor(context.new_page(), base)
    for rel in changed_pages(built_site, out):
        url = rel.removesuffix("index.html")
        clean_problems, clean_dom = clean.visit(served_site + url)
        problems, dom = dirty.visit(base + url)
        assert clean_problems == [], f"{url}: the clean page itself has problems"
        assert problems == [], f"{url}: {problems}"
        assert sorted(set(dom) - set(clean_dom)) == [], f"{url}: new elements or attributes in the DOM"
    context.close()
