"""Write data back as files the loader reads: YAML with literal blocks for multi-line text, letters as pages."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from macros.loading import LETTER_PAGE_MACRO


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)


def write_data(path: Path, data: Any) -> None:
    text = dump(data)
    if path.suffix == ".md":
        text = f"---\n{text}---\n\n{LETTER_PAGE_MACRO}\n"
    path.write_text(text, encoding="utf-8")


def set_at(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
