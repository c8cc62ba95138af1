"""Tiny helpers to build escaped HTML. Every piece of data goes through ``esc``."""
from __future__ import annotations

import json
from html import escape
from typing import Any


def esc(text: str) -> str:
    return escape(text, quote=True)


# Characters Markdown (and its extensions) could read as syntax in a heading: links, emphasis, code,
# attribute lists, autolinks, raw HTML, entities.
MARKDOWN_SYNTAX = frozenset("\\`*_{}[]()#+-!<>&\"'|~:@=")


def md_text(text: str) -> str:
    """Text for a Markdown heading: every syntax character as a numeric character reference, so a
    title like '[Go](javascript:...)' stays words, while the heading still gets its anchor and TOC entry."""
    return "".join(f"&#{ord(c)};" if c in MARKDOWN_SYNTAX else c for c in " ".join(text.split()))


def attrs(**values: str | int | bool | None) -> str:
    """Render attributes; ``data_x`` becomes ``data-x``; True is a bare attribute; None/False are left out."""
    out = []
    for name, value in values.items():
        name = name.rstrip("_").replace("_", "-")
        if value is None or value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{esc(str(value))}"')
    return "".join(out)


def json_island(data: Any, **attributes: str | bool) -> str:
    """Data for the browser as JSON; every ``<`` is escaped so ``</script>`` can never close it."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json"{attrs(**attributes)}>{payload}</script>'
