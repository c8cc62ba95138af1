"""The schemas are the one declaration of fields: what each file holds and what each field is for.

Besides JSON Schema's own keywords, a field may carry marks that the loader, the rules, the
renderers' tests and the data reference all read from here:

- ``"x-reader-text"``: the field is text a reader sees. ``"letter"``: letter text, which may hold
  placeholders ``[[id]]``; ``"text"``: guidance, labels and headings, escaped on the page;
  ``"meta"``: page meta that the theme prints unescaped (``<title>``, ``<h1>``, ``<meta content>``),
  so ``<``, ``>``, ``"`` and ``&`` are refused there. The text rules run on exactly these fields.
- ``"x-literal-block": true``: the text must be written as a literal block (``field: |``), so its
  line breaks are kept as written.
- ``"x-unique": true``: no two items hold the same value: across files for a top-level field,
  within the list for a field of list items.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).parent / "schemas"
READER_TEXT = "x-reader-text"
LITERAL_BLOCK = "x-literal-block"
UNIQUE = "x-unique"
TEXT_MARKS = ("letter", "text", "meta")

FieldPath = tuple[str | int, ...]


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def walk(node: dict[str, Any], value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, dict[str, Any], Any]]:
    """Every value in ``value`` with the sub-schema that describes it."""
    yield path, node, value
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        for key, item in value.items():
            sub = props.get(key, extra if isinstance(extra, dict) else None)
            if sub is not None:
                yield from walk(sub, item, (*path, key))
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for i, item in enumerate(value):
            yield from walk(node["items"], item, (*path, i))


def marked_values(schema_name: str, data: Any) -> Iterator[tuple[FieldPath, dict[str, Any], Any]]:
    """(path, schema field, value) for every value whose field carries one of the marks above."""
    for path, node, value in walk(schema(schema_name), data):
        if READER_TEXT in node or LITERAL_BLOCK in node or UNIQUE in node:
            yield path, node, value


def reader_texts(schema_name: str, data: Any, marked=None) -> Iterator[tuple[FieldPath, str, str]]:
    """(path, text, mark) for every string the schema marks as reader-visible text."""
    for path, node, value in marked if marked is not None else marked_values(schema_name, data):
        mark = node.get(READER_TEXT)
        if mark and isinstance(value, str):
            yield path, value, mark


def literal_blocks(schema_name: str, data: Any) -> Iterator[FieldPath]:
    for path, node, value in walk(schema(schema_name), data):
        if node.get(LITERAL_BLOCK) and isinstance(value, str):
            yield path


def unique_values(schema_name: str, data: Any, marked=None) -> Iterator[tuple[FieldPath, Any, bool]]:
    """(path, value, across_files) for every field marked unique; list items are unique within their list."""
    for path, node, value in marked if marked is not None else marked_values(schema_name, data):
        if node.get(UNIQUE) and isinstance(value, (str, int)):
            yield path, value, not any(isinstance(p, int) for p in path)


def marked_schema_fields(node: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(dotted name, sub-schema) for every property, depth first; list items are written ``name[]``."""
    for name, prop in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        yield path, prop
        items = prop.get("items")
        if isinstance(items, dict):
            yield f"{path}[]", items
            yield from marked_schema_fields(items, f"{path}[].")
        extra = prop.get("additionalProperties")
        if isinstance(extra, dict):
            yield f"{path}.<id>", extra
        if prop.get("type") == "object":
            yield from marked_schema_fields(prop, f"{path}.")
