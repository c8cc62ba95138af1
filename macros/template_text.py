"""Placeholder syntax for letter text, and how a letter's parts and the reader's values become plain text.

Placeholders are written ``[[id]]``. Neither Jinja (``{{ }}``, ``{# #}``) nor Markdown reads double
square brackets, and the text never goes through either: it is escaped into HTML as plain text.

docs/assets/dwg-letters.js implements ``compose`` and ``fill`` with the same steps, character for
character (tests/browser/test_letters.py compares the two).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

REASON_SLOT = "reason"
# Slots the composer fills from the reader's choices, never from the form.
OPTION_SLOTS = (REASON_SLOT, "closing", "extras", "salutation", "sign_off")
# A paragraph that starts with this marker is left out of the brief version.
STANDARD_ONLY = "[[standard]] "
SLOT = re.compile(r"\[\[([^\[\]\n]*)\]\]")
SLOT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
MARKERS = frozenset({*OPTION_SLOTS, STANDARD_ONLY[2:-3]})

# Placeholder types: how a typed value reads in a sentence.
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
RELATIVE_TIME = re.compile(r"\b(next|this|later|after|before|around|once|when|by|during|within|at)\b")
NAME_SEPARATOR = re.compile(r"[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+")
SPACE = " \t"


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


def compose(body: str, parts: dict[str, str], brief: bool = False) -> str:
    """The letter text for one choice of options: each option slot replaced by its part, paragraphs
    that end up empty dropped, and ``[[standard]]`` paragraphs left out of the brief version."""
    out = []
    for paragraph in body.strip("\n").split("\n\n"):
        if paragraph.startswith(STANDARD_ONLY):
            if brief:
                continue
            paragraph = paragraph[len(STANDARD_ONLY):]
        paragraph = SLOT.sub(lambda m: parts.get(m.group(1), m.group(0)), paragraph)
        if paragraph.strip(SPACE + "\n"):
            out.append(paragraph)
    return "\n\n".join(out)


def fill_reason(body: str, reason_text: str) -> str:
    """Put the reason on the body's ``[[reason]]`` line; drop the paragraph when the reason is empty."""
    return compose(body, {REASON_SLOT: reason_text.strip()})


def name_list(value: str) -> list[str]:
    return [n for n in (p.strip(SPACE) for p in NAME_SEPARATOR.split(value)) if n]


def join_names(names: list[str]) -> str:
    return names[0] if len(names) < 2 else ", ".join(names[:-1]) + " and " + names[-1]


def when_phrase(value: str) -> str:
    """A month or season as it reads after a verb: 'spring' -> 'in the spring', 'March' -> 'in March'."""
    value = value.strip(SPACE)
    if value.lower().startswith("in "):
        value = value[3:].strip(SPACE)
    low = value.lower()
    if not value:
        return ""
    if low in SEASONS or (low.startswith("the ") and low[4:] in SEASONS):
        return "in " + ("" if low.startswith("the ") else "the ") + low
    if low in MONTHS:
        return "in " + low[0].upper() + low[1:]
    return value if RELATIVE_TIME.search(low) else "in " + value


def fill(text: str, values: dict[str, str], labels: dict[str, str], types: dict[str, str] | None = None) -> str:
    """Plain text with each placeholder replaced by the reader's value, or by ``[Label]`` when empty.

    A ``names`` value is joined as a list ("you, Priya and the board"); a ``when`` value reads as a time
    ("in the spring"); any other value stays exactly as typed.
    """
    types = types or {}
    out: list[str] = []
    for part in segments(text):
        if isinstance(part, str):
            out.append(part)
            continue
        value, kind = values.get(part.id) or "", types.get(part.id, "text")
        if kind == "names":
            names = name_list(value)
            if len(names) > 1 and out and out[-1].endswith(" and "):
                out[-1] = out[-1][:-5] + ", "  # "you and [[names]]" -> "you, Priya and the board"
            value = join_names(names) if names else ""
        elif kind == "when":
            value = when_phrase(value)
        out.append(value or f"[{labels.get(part.id, part.id)}]")
    return "".join(out)
