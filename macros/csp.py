"""A strict Content Security Policy in every page of a built site, as a <meta http-equiv> tag.

Scripts run from the site's own files, plus the inline scripts the built pages hold, allowed by their sha256
hash. Every page carries the hashes of the inline scripts of ALL pages: Material's instant navigation keeps
the first page's policy while it swaps in (and re-runs the scripts of) the pages the reader moves to.
The hashes come from the built HTML, so an inline script changed after this step no longer runs.

Run it on a finished build: MkDocs calls `on_post_build` (this file is a hook in mkdocs.yml, listed after the
minify hook; neither rewrites HTML after it); Zensical has no hooks, so bench/builders.py and run.sh run it
after a Zensical build; by hand: `python -m macros.csp site/ [mkdocs|zensical]`.
"""
from __future__ import annotations

import base64
import hashlib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

# A script's start tag (quoted attribute values may hold ">"), its raw text, and its end tag.
SCRIPT = re.compile(r"<script\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>(.*?)</script\s*>", re.S | re.I)
STYLE = re.compile(r"<style\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>(.*?)</style\s*>", re.S | re.I)
META = re.compile(r"<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>\s*", re.I)
CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)
# The type values a browser runs as a script (an absent or empty type is JavaScript too); others, such as
# application/json, are data blocks: never executed, so they need no hash.
JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"}

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'report-sample'"],  # + the inline scripts' hashes; reports quote what was blocked
    # style-src is default-src's 'self' (every byte of the policy is in every page, and hashes do not compress);
    # style-src-elem adds the hash of each <style> element: our stylesheets, inlined (macros/inline_css.py).
    "img-src": ["'self'", "data:"],  # Material's icons in CSS (admonitions, lists) are data: SVG images
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
}
# What one builder's own scripts need beyond that.
BUILDER_NEEDS = {
    "mkdocs": {},
    # Zensical's search script puts its stylesheet into the page as a <style> element, which no hash made from
    # the HTML can cover; inline <style> elements are allowed (never style attributes, never scripts).
    "zensical": {"style-src-elem": ["'self'", "'unsafe-inline'"]},
}


class _StartTag(HTMLParser):
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = {name: value or "" for name, value in attrs}


class _StyleAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values += [value or "" for name, value in attrs if name == "style"]


def _runs(attributes: str) -> bool:
    """Whether a script with these start-tag attributes is executed inline (no src, a JavaScript type)."""
    parser = _StartTag()
    parser.feed(f"<script{attributes}>")
    attrs = parser.attrs
    return "src" not in attrs and attrs.get("type", "").strip().lower() in JS_TYPES


def source_hash(text: str) -> str:
    """The CSP source for an inline script's text or a style attribute's value, as the browser hashes it
    (the HTML parser turns every newline into \\n)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The text of each inline script the page executes, in page order."""
    return [m.group(2) for m in SCRIPT.finditer(html) if _runs(m.group(1))]


def style_elements(html: str) -> list[str]:
    """The text of each <style> element in the page."""
    return [m.group(1) for m in STYLE.finditer(html)]


def style_attributes(html: str) -> list[str]:
    """The value of each style attribute in the page, entities decoded (as the browser hashes it)."""
    parser = _StyleAttributes()
    parser.feed(html)
    parser.close()
    return parser.values


def policy(script_hashes: set[str], style_hashes: set[str] = frozenset(), builder: str = "mkdocs",
           element_hashes: set[str] = frozenset()) -> str:
    directives = {**POLICY, "script-src": POLICY["script-src"] + sorted(script_hashes)}
    if element_hashes:
        directives["style-src-elem"] = ["'self'", *sorted(element_hashes)]
    # A builder's own needs win: with 'unsafe-inline' (Zensical), a hash beside it would switch it off.
    directives |= BUILDER_NEEDS[builder]
    if style_hashes:
        # Python-Markdown aligns table columns with style="text-align: ..." (a table with ---: columns);
        # 'unsafe-hashes' allows exactly those attribute values, and no <style> element or other attribute.
        directives["style-src-attr"] = ["'unsafe-hashes'", *sorted(style_hashes)]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def with_policy(html: str, content: str) -> str:
    """The page with one policy tag first in <head>: after <meta charset> (which must stay early), before any script."""
    html = META.sub("", html)
    anchor = CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        raise ValueError("page has no <head> to put the Content-Security-Policy in")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return html[:anchor.end()] + tag + html[anchor.end():]


def apply_csp(site_dir: Path, builder: str = "mkdocs") -> int:
    """Put the site-wide policy into every HTML page under site_dir, built by `builder`; returns the number of pages."""
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(Path(site_dir).rglob("*.html"))}
    scripts = {source_hash(text) for html in pages.values() for text in inline_scripts(html)}
    styles = {source_hash(value) for html in pages.values() for value in style_attributes(html)}
    elements = {source_hash(text) for html in pages.values() for text in style_elements(html)}
    content = policy(scripts, styles, builder, elements)
    for path, html in pages.items():
        path.write_text(with_policy(html, content), encoding="utf-8")
    return len(pages)


_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_post_build(config) -> None:
    # `mkdocs serve` injects its live-reload script into each page as it serves it; that script has no hash,
    # so the preview goes without the policy. Built sites (mkdocs build, CI, the tests) have it.
    if not _serving:
        apply_csp(Path(config["site_dir"]))


if __name__ == "__main__":
    site, builder = (sys.argv[1:] + ["mkdocs"])[:2] if len(sys.argv) in (2, 3) else ("", "")
    if not Path(site).is_dir() or builder not in BUILDER_NEEDS:
        sys.exit("usage: python -m macros.csp SITE_DIR [mkdocs|zensical]")
    print(f"Content-Security-Policy in {apply_csp(Path(site), builder)} pages of {site}")
