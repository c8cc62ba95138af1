"""Placeholder syntax for letter text: ``[[id]]``.

Neither Jinja (``{{ }}``, ``{# #}``) nor Markdown reads double square brackets,
and the text never goes through either: it is escaped into HTML as plain text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

REASON_SLOT = "reason"
SLOT = re.compile(r"\[\[([^\[\]\n]*)\]\]")
SLOT_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Slot:
    id: str


Segment = str | Slot


def slot_ids(text: str) -> list[str]:
    """Every well-formed placeholder id in the text, in order of use, once each."""
    seen: dict[str, None] = {}
    for match in SLOT.finditer(text):
        if SLOT_ID.match(match.group(1)):
            seen.setdefault(match.group(1), None)
    return list(seen)


def malformed_slots(text: str) -> list[str]:
    """Bracketed names that look like placeholders but are not valid ids."""
    return [m.group(0) for m in SLOT.finditer(text) if not SLOT_ID.match(m.group(1))]


def segments(text: str) -> list[Segment]:
    """Split text into literal strings and placeholder slots."""
    parts: list[Segment] = []
    pos = 0
    for match in SLOT.finditer(text):
        if not SLOT_ID.match(match.group(1)):
            continue
        if match.start() > pos:
            parts.append(text[pos : match.start()])
        parts.append(Slot(match.group(1)))
        pos = match.end()
    if pos < len(text):
        parts.append(text[pos:])
    return parts


def fill_reason(body: str, reason_text: str) -> str:
    """Put the reason on the body's ``[[reason]]`` line; drop the line (and its gap) when empty."""
    lines = body.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.strip() != f"[[{REASON_SLOT}]]":
            out.append(line)
            continue
        if reason_text.strip():
            out.append(reason_text.strip())
        elif out and out[-1].strip() == "" and i + 1 < len(lines) and lines[i + 1].strip() == "":
            out.pop()  # keep a single blank line between the paragraphs around it
    return "\n".join(out)


def fill(text: str, values: dict[str, str], labels: dict[str, str]) -> str:
    """Plain text with each placeholder replaced by its value, or by ``[Label]`` when empty."""
    return "".join(
        part
        if isinstance(part, str)
        else (values.get(part.id) or f"[{labels.get(part.id, part.id)}]")
        for part in segments(text)
    )
