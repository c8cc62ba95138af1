"""Tiny helpers to build escaped HTML. Every piece of data goes through ``esc``."""
from __future__ import annotations

import json
from html import escape
from typing import Any


def esc(text: str) -> str:
    return escape(text, quote=True)


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
