"""Typed, read-only model of the template library, and the variants it expands to."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .fields import marked_values
from .plan import Plan
from .template_text import REASON_SLOT, fill_reason, slot_ids

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Source:
    """Where an item came from, so every finding can name the file and the line."""

    path: str
    lines: dict[FieldPath, int] = field(default_factory=dict, compare=False, repr=False)
    text: str = field(default="", compare=False, repr=False)
    # The validated data and its schema's file name, so rules can walk the fields the schema marks.
    data: Any = field(default=None, compare=False, repr=False)
    schema: str = field(default="", compare=False, repr=False)
    # The first line of each block scalar's text (``body: |`` on line 9 -> 10), for findings inside it.
    blocks: dict[FieldPath, int] = field(default_factory=dict, compare=False, repr=False)
    # The column where each field's value starts, for findings about a value.
    columns: dict[FieldPath, int] = field(default_factory=dict, compare=False, repr=False)

    def line(self, *path: str | int) -> int | None:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)

    def column(self, *path: str | int) -> int | None:
        return self.columns.get(path)

    @cached_property
    def marked(self) -> tuple[tuple[FieldPath, dict[str, Any], Any], ...]:
        """Every value whose schema field carries a mark (x-reader-text, x-unique, ...), walked once per file."""
        return tuple(marked_values(self.schema, self.data)) if self.schema else ()

    def line_in(self, path: FieldPath, text: str, index: int) -> int | None:
        """The file line of character ``index`` of the field's text: a block's own line, else the field's."""
        start = self.blocks.get(tuple(path))
        if start is None:
            return self.line(*path)
        return start + text.count("\n", 0, max(index, 0))


@dataclass(frozen=True)
class Placeholder:
    id: str
    label: str
    max_length: int
    hint: str = ""


@dataclass(frozen=True)
class Situation:
    id: str
    label: str
    summary: str


@dataclass(frozen=True)
class Channel:
    id: str
    label: str
    subject: str  # required | optional | forbidden
    max_words: int


@dataclass(frozen=True)
class Reason:
    id: str
    label: str
    summary: str
    order: int
    text: str
    source: Source
    from_article: bool = False
    situations: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Letter:
    id: str
    title: str
    description: str
    kind: str  # decline | follow-up
    situation: str
    channel: str
    placeholders: tuple[str, ...]
    body: str
    source: Source
    subject: str | None = None
    exclude_reasons: tuple[str, ...] = ()
    reason_wording: dict[str, str] = field(default_factory=dict)
    tips: tuple[str, ...] = ()

    @property
    def is_decline(self) -> bool:
        return self.kind == "decline"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    situations: tuple[str, ...] | None = None
    reasons: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    summary: str
    order: int
    items: tuple[ChecklistItem, ...]
    source: Source


@dataclass(frozen=True)
class Variant:
    """One ready-to-edit letter: a letter with one reason filled in (or none, for follow-ups)."""

    letter: str
    reason: str | None
    label: str
    subject: str | None
    body: str

    @property
    def slot_id(self) -> str:
        return self.reason or "letter"


@dataclass
class Library:
    placeholders: dict[str, Placeholder] = field(default_factory=dict)
    situations: dict[str, Situation] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    reasons: dict[str, Reason] = field(default_factory=dict)
    letters: dict[str, Letter] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    plan: Plan = field(default_factory=Plan)  # snippets/plan.yml and the letters' plan blocks
    unloaded: set[str] = field(default_factory=set)  # files found but left out for their own errors
    # Kinds added later (worksheet criteria, follow-up steps) keep their validated data here.
    extra: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def labels(self) -> dict[str, str]:
        return {p.id: p.label for p in self.placeholders.values()}


def reasons_for(library: Library, letter: Letter) -> list[Reason]:
    """The reasons a decline letter offers, in picker order; none for a follow-up."""
    if not letter.is_decline:
        return []
    return sorted(
        (
            r
            for r in library.reasons.values()
            if r.id not in letter.exclude_reasons
            and (r.situations is None or letter.situation in r.situations)
        ),
        key=lambda r: (r.order, r.id),
    )


def reason_text(letter: Letter, reason: Reason) -> str:
    return letter.reason_wording.get(reason.id, reason.text)


def variants(library: Library, letter: Letter) -> list[Variant]:
    """Every ready-to-edit variant of a letter: one per reason it offers."""
    if not letter.is_decline:
        return [Variant(letter.id, None, letter.title, letter.subject, letter.body)]
    return [
        Variant(letter.id, r.id, r.label, letter.subject, fill_reason(letter.body, reason_text(letter, r)))
        for r in reasons_for(library, letter)
    ]


def form_placeholders(library: Library, letter: Letter) -> list[Placeholder]:
    """The form fields a letter page needs: its own placeholders, then any its reasons add."""
    ids = dict.fromkeys(letter.placeholders)
    for variant in variants(library, letter):
        ids.update(dict.fromkeys(slot_ids(variant.body)))
    ids.pop(REASON_SLOT, None)
    return [library.placeholders[i] for i in ids if i in library.placeholders]


def checklist_variant(checklist: Checklist, situation: str) -> list[ChecklistItem]:
    """The items of a checklist that apply in one situation."""
    return [i for i in checklist.items if i.situations is None or situation in i.situations]
