"""A throwaway MkDocs hook for bench/build_scaling.py: saves every page's Markdown after the macros ran.

Runs last (lowest priority), so what it saves is exactly what the macros plugin and the page hook
produced. build_scaling.py writes those files back as static pages to build the same site with the
macros plugin off. DWG_CAPTURE_DIR names the folder to write to.
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority


@event_priority(-100)
def on_page_markdown(markdown: str, page, config, files) -> str:
    out = Path(os.environ["DWG_CAPTURE_DIR"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
    front = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n" if meta else ""
    out.write_text(front + markdown, encoding="utf-8")
    return markdown
