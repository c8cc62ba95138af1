"""What MkDocs' hooks do to a finished site, for a builder with no hooks (Zensical): our own JS and CSS
minified (macros/minify_hook.py), our stylesheets inlined into the pages (macros/inline_css.py), then the Content
Security Policy hashed from the final pages (macros/csp.py).

Run: python -m macros.after_build SITE_DIR [DOCS_DIR]   (bench/builders.py and `./run.sh zensical build` do)
"""
from __future__ import annotations

import sys
from pathlib import Path

from .csp import apply_csp
from .inline_css import inline_stylesheets
from .minify_hook import minify_tree


def finish_zensical_site(site_dir: Path, docs_dir: Path) -> int:
    """Minify, inline, then the policy (it hashes the pages as they will be served); returns the number of pages."""
    minify_tree(docs_dir, site_dir)
    inline_stylesheets(site_dir)
    return apply_csp(site_dir, "zensical")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python -m macros.after_build SITE_DIR [DOCS_DIR]")
    docs = Path(sys.argv[2] if len(sys.argv) == 3 else "docs")
    print(f"minified our JS and CSS, inlined our stylesheets, and put the Content-Security-Policy in {finish_zensical_site(Path(sys.argv[1]), docs)} pages")
