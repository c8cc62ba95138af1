"""Our site-wide stylesheet, put into every built page as a <style> element in place of its <link>.

A phone on a slow connection waits for every stylesheet in the head before it paints. One request fewer
lets Material's start-up run before the first paint, which Lighthouse then does not count as blocking time
(bench/lighthouse.py; the Performance page). The file stays in the site, so bench/page_weight.py still counts it.

Run it on a finished build, after the minify hook and before the Content-Security-Policy, which allows each
<style> element by its hash (macros/csp.py). MkDocs calls `on_post_build` (a hook in mkdocs.yml); Zensical has
no hooks, so macros/after_build.py runs it.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

INLINED = "assets/dwg.css"  # relative to the site folder
LINK = re.compile(r"<link\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.I)
# One attribute of a start tag; MkDocs loads this file as a hook on its own, so it cannot import macros/csp.py's parser.
ATTRIBUTE = re.compile(r"""\s([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def start_tag_attributes(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in ATTRIBUTE.finditer(tag)}


def links_to_inlined(tag: str) -> bool:
    """Whether a <link> tag is the stylesheet link to INLINED (any relative or absolute address of it)."""
    attrs = start_tag_attributes(tag)
    path = urlsplit(attrs.get("href", "")).path
    return "stylesheet" in attrs.get("rel", "").lower().split() and (path == INLINED or path.endswith("/" + INLINED))


def inline_stylesheet(site_dir: Path) -> int:
    """Replace the link to INLINED with its text in every page under site_dir; returns the pages changed.
    A site without the file (bench/page_weight.py's bare Material page) has nothing to inline."""
    source = Path(site_dir) / INLINED
    if not source.is_file():
        return 0
    css = source.read_text(encoding="utf-8")
    if "</style" in css.lower():
        raise ValueError(f"{INLINED} holds '</style', which would end the inlined <style> element early")
    changed = 0
    for page in sorted(Path(site_dir).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        new = LINK.sub(lambda m: f"<style>{css}</style>" if links_to_inlined(m.group(0)) else m.group(0), html)
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def on_post_build(config) -> None:
    inline_stylesheet(Path(config["site_dir"]))
