"""Our stylesheets for readers' pages, put into each built page that links one as a <style> element instead.

A phone on a slow connection waits for every stylesheet in the head before it paints. Each request fewer
lets Material's start-up run before the first paint, which Lighthouse then does not count as blocking time
(bench/lighthouse.py; the Performance page). The files stay in the site, so bench/page_weight.py still counts them.
dwg-code.css, only on the contributor pages, stays a link: each inlined file adds a hash to every page's policy.

Run it on a finished build, after the minify hook and before the Content-Security-Policy, which allows each
<style> element by its hash (macros/csp.py). MkDocs calls `on_post_build` (a hook in mkdocs.yml); Zensical has
no hooks, so macros/after_build.py runs it.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

INLINED = ("assets/dwg.css", "assets/dwg-tools.css")  # relative to the site folder
LINK = re.compile(r"<link\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.I)
# One attribute of a start tag; MkDocs loads this file as a hook on its own, so it cannot import macros/csp.py's parser.
ATTRIBUTE = re.compile(r"""\s([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def start_tag_attributes(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in ATTRIBUTE.finditer(tag)}


def linked_stylesheet(tag: str) -> str | None:
    """Which of INLINED a <link> tag loads as a stylesheet (by any relative or absolute address), or None."""
    attrs = start_tag_attributes(tag)
    if "stylesheet" not in attrs.get("rel", "").lower().split():
        return None
    path = urlsplit(attrs.get("href", "")).path
    return next((name for name in INLINED if path == name or path.endswith("/" + name)), None)


def inline_stylesheets(site_dir: Path) -> int:
    """Replace each link to one of INLINED with its text in every page under site_dir; returns the pages changed.
    A site without the files (bench/page_weight.py's bare Material page) has nothing to inline."""
    texts = {name: (Path(site_dir) / name).read_text(encoding="utf-8")
             for name in INLINED if (Path(site_dir) / name).is_file()}
    for name, css in texts.items():
        if "</style" in css.lower():
            raise ValueError(f"{name} holds '</style', which would end the inlined <style> element early")

    def swap(link: re.Match) -> str:
        name = linked_stylesheet(link.group(0))
        return f"<style>{texts[name]}</style>" if name in texts else link.group(0)

    changed = 0
    for page in sorted(Path(site_dir).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        new = LINK.sub(swap, html)
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def on_post_build(config) -> None:
    inline_stylesheets(Path(config["site_dir"]))
