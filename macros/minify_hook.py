"""Minify the project's own JS and CSS in the built site, so each page stays within its byte budget.

Only files that come from docs/ are touched (Material's are minified already). rjsmin and
rcssmin remove comments and whitespace and nothing else, so the code runs exactly as written.
bench/page_weight.py measures the result.
"""
from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minify_tree(docs_dir: Path, site_dir: Path) -> list[Path]:
    """Minify, in site_dir, every .js/.css that docs_dir holds; returns the files changed."""
    changed = []
    for source in sorted(docs_dir.rglob("*")):
        minify = MINIFIERS.get(source.suffix)
        built = site_dir / source.relative_to(docs_dir)
        if minify is None or not built.is_file():
            continue
        text = built.read_text(encoding="utf-8")
        small = minify(text)
        if small != text:
            built.write_text(small, encoding="utf-8")
            changed.append(built)
    return changed


def on_post_build(config) -> None:
    minify_tree(Path(config["docs_dir"]), Path(config["site_dir"]))
