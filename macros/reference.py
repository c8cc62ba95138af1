"""The contributor reference, generated from the JSON Schemas and the rule registry.

Nothing here is written by hand: a field added to a schema, or a rule added to the
registry, shows up on the page at the next build.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import rules, text_check
from .fields import LITERAL_BLOCK, READER_TEXT, UNIQUE
from .html import esc
from .loading import KINDS, Kind, schema


@dataclass(frozen=True)
class Field:
    path: str  # e.g. items[].id
    type: str
    required: bool
    description: str
    allowed: str
    shown: str  # where readers see it, from the schema's x-reader-text mark


NAMES = {"string": ("text", "texts"), "integer": ("whole number", "whole numbers"), "boolean": ("true or false", "true or false values"),
         "object": ("group of fields", "groups of fields"), "array": ("list", "lists")}


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def type_name(prop: dict[str, Any], many: bool = False) -> str:
    if "enum" in prop:
        return "one of the values listed" if not many else "values from the list"
    kind = prop.get("type", "any")
    if kind == "array":
        name = f"list of {type_name(prop.get('items', {}), many=True)}"
    elif kind == "object" and isinstance(prop.get("additionalProperties"), dict):
        name = f"map from an id to {type_name(prop['additionalProperties'])}"
    else:
        name = NAMES.get(kind, (kind, kind))[many]
    return name


LIMITS = (
    ("minLength", lambda v: f"at least {plural(v, 'character')}"), ("maxLength", lambda v: f"at most {plural(v, 'character')}"),
    ("minimum", lambda v: f"at least {v}"), ("maximum", lambda v: f"at most {v}"),
    ("minItems", lambda v: f"at least {plural(v, 'item')}"), ("pattern", lambda v: f"matches `{v}`"),
)


# How each x-reader-text mark reaches readers (macros/fields.py); the text rules run on every marked field.
SHOWN = {
    "letter": "in the letter, as plain text; may use [[placeholders]]",
    "text": "on the page, as plain text; no markup, no [[placeholders]]",
    "meta": "in the page title and description; no markup and none of < > \" &",
}


def reader_mark(prop: dict[str, Any]) -> str:
    """The field's mark, or the mark of its list items or map values."""
    for node in (prop, prop.get("items"), prop.get("additionalProperties")):
        if isinstance(node, dict) and node.get(READER_TEXT):
            return node[READER_TEXT]
    return ""


def allowed(prop: dict[str, Any]) -> str:
    """The values a field accepts, in words: enum values, limits, uniqueness, default."""
    parts = []
    if "enum" in prop:
        parts.append(", ".join(f"`{v}`" for v in prop["enum"]))
    parts.extend(text(prop[key]) for key, text in LIMITS if key in prop)
    if prop.get("uniqueItems"):
        parts.append("no repeats")
    if prop.get(UNIQUE):
        parts.append("unique: no two may be the same")
    if prop.get(LITERAL_BLOCK):
        parts.append("written as a block: `field: |` then the text indented below")
    if "default" in prop:
        parts.append(f"default `{json.dumps(prop['default'])}`")
    items = prop.get("items")
    if isinstance(items, dict) and items.get("type") != "object" and allowed(items) != "any":
        parts.append(f"each item: {allowed(items)}")
    return "; ".join(parts) or "any"


def fields(node: dict[str, Any], prefix: str = "") -> Iterator[Field]:
    """Every property of a schema, depth first; list items are written ``name[].field``."""
    required = set(node.get("required", ()))
    for name, prop in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        mark = reader_mark(prop)
        yield Field(path, type_name(prop), name in required, prop.get("description", ""), allowed(prop), SHOWN.get(mark, "no"))
        items = prop.get("items", {})
        if items.get("type") == "object":
            yield from fields(items, f"{path}[].")
        elif prop.get("type") == "object":
            yield from fields(prop, f"{path}.")


def _cell(text: str) -> str:
    """Escape a cell, turning `code` spans into <code> (the table is raw HTML, not Markdown)."""
    parts = esc(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def kind_table(kind: Kind) -> str:
    rows = "\n".join(
        f"<tr><td><code>{esc(f.path)}</code></td><td>{esc(f.type)}</td><td>{'yes' if f.required else 'no'}</td>"
        f"<td>{_cell(f.description)}</td><td>{_cell(f.allowed)}</td><td>{_cell(f.shown)}</td></tr>"
        for f in fields(schema(kind.schema))
    )
    head = "<tr><th>Field</th><th>Type</th><th>Required</th><th>What it holds</th><th>Allowed values</th><th>Readers see it</th></tr>"
    return f"<table data-dwg-reference=\"{esc(kind.name)}\">\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def kind_section(kind: Kind) -> str:
    doc = schema(kind.schema)
    title = doc.get("title", kind.name)
    return "\n\n".join([
        f"### {esc(title)}",
        esc(doc.get("description", "")),
        f"Files: `{kind.pattern}`. Schema: `macros/schemas/{kind.schema}`.",
        kind_table(kind),
    ])


def rule_table() -> str:
    rows = "\n".join(
        f"<tr><td><code>{esc(r.id)}</code></td><td>{esc(r.severity.value)}</td><td>{esc(r.title)}</td></tr>"
        for r in sorted(rules.all_rules().values(), key=lambda r: r.id)
    )
    head = "<tr><th>Rule</th><th>Severity</th><th>What it catches</th></tr>"
    return f"<table data-dwg-rules>\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


SEVERITY_WORDS = {"error": "error", "warning": "warning", "off": "not checked"}


def example_text(example: str | dict[str, str]) -> str:
    if isinstance(example, str):
        return example
    subject = example.get("subject")
    head = "" if subject is None else f"Subject: {subject or '(none)'}\n\n"
    return head + example["text"]


def severity_text(r: text_check.TextRule) -> str:
    return f"{SEVERITY_WORDS[r.severity['template']]} in templates, {SEVERITY_WORDS[r.severity['reader']]} for readers"


def text_rule_table(root: str) -> str:
    """Every letter-text rule from macros/text_rules.json, with why it exists and an example each way.
    ``root`` leads from the page to the site root (macros/pages.py), for the guide links."""
    rows = []
    for r in text_check.text_rules():
        guide = esc(root + text_check.guide_url(r.guide))
        rows.append(
            f'<tr id="{esc(r.id.lower())}"><td><code>{esc(r.id)}</code></td><td>'
            f"<p><strong>{esc(r.title[0].upper() + r.title[1:])}.</strong> Severity: {esc(severity_text(r))}.</p>"
            f"<p>Message: {esc(r.message)}</p>"
            f'<p>Why: {esc(r.rationale)} <a href="{guide}">Guide</a></p>'
            f'<p>Good: “{esc(example_text(r.examples["good"]))}”<br>Bad: “{esc(example_text(r.examples["bad"]))}”</p>'
            "</td></tr>"
        )
    head = "<tr><th>Rule</th><th>What it catches, why, and an example each way</th></tr>"
    body = "\n".join(rows)
    return f"<table data-dwg-text-rules>\n<thead>{head}</thead>\n<tbody>\n{body}\n</tbody>\n</table>"


TEXT_RULES_INTRO = (
    "These rules read a letter's final text. They are declared once, in `macros/text_rules.json`: the linter "
    "applies them to every template, and the letter page runs the same declaration on the reader's own letter "
    "before they send it. A message may quote the words it found where the table shows `{quote}`. To add a rule, "
    "add it to the declaration with a good and a bad example, and add an example letter that breaks it to "
    "`tests/fixtures/text_rules/`."
)


def reference(root: str = "../../") -> str:
    """The whole generated part of the reference page, as Markdown blocks at column 0."""
    kinds = "\n\n".join(kind_section(k) for k in KINDS)
    return (f"## Data files\n\n{kinds}\n\n## Lint rules\n\n{rule_table()}\n\n"
            f"## Letter text rules\n\n{TEXT_RULES_INTRO}\n\n{text_rule_table(root)}\n")
