"""Typed, read-only model of the template library, and the variants it expands to."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations, product
from typing import Any

from .fields import marked_values
from .plan import Plan
from .template_text import OPTION_SLOTS, STANDARD_ONLY, compose, slot_ids

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
    type: str = "text"  # text | names | when: how the value reads in a sentence (template_text.fill)


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
    can_email: bool = False  # the letter page offers "Open in email" and a .eml draft


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
class Option:
    """A closing (the open door) or an extra sentence: one file each, offered where it fits."""

    id: str
    label: str
    summary: str
    order: int
    text: str
    source: Source


@dataclass(frozen=True)
class Formality:
    """A salutation and sign-off set."""

    id: str
    label: str
    salutation: str
    sign_off: str


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
    extras: tuple[str, ...] = ()

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
    """One combination of a letter's options, composed: the text a reader gets before typing anything."""

    letter: str
    options: tuple[tuple[str, str], ...]  # (option kind, chosen id), in OPTION_KINDS order
    subject: str | None
    body: str

    @property
    def reason(self) -> str | None:
        return dict(self.options).get("reason")

    @property
    def label(self) -> str:
        """Names every option, so a finding says exactly which combination failed."""
        return ", ".join(f"{kind}={value or 'none'}" for kind, value in self.options) or "the letter as written"


@dataclass
class Library:
    placeholders: dict[str, Placeholder] = field(default_factory=dict)
    situations: dict[str, Situation] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    reasons: dict[str, Reason] = field(default_factory=dict)
    letters: dict[str, Letter] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    closings: dict[str, Option] = field(default_factory=dict)
    extras: dict[str, Option] = field(default_factory=dict)
    formality: dict[str, Formality] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    plan: Plan = field(default_factory=Plan)  # snippets/plan.yml and the letters' plan blocks
    unloaded: set[str] = field(default_factory=set)  # files found but left out for their own errors
    # Kinds added later (worksheet criteria, follow-up steps) keep their validated data here.
    extra: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    # Every letter's variants, worked out once per loaded library (the rules iterate them many times).
    variant_cache: dict[str, list[Variant]] = field(default_factory=dict, compare=False, repr=False)
    # Rule results per letter, worked out once for all the rules that read whole variants (style_rules).
    variant_findings: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict, compare=False, repr=False)

    def labels(self) -> dict[str, str]:
        return {p.id: p.label for p in self.placeholders.values()}

    def types(self) -> dict[str, str]:
        return {p.id: p.type for p in self.placeholders.values() if p.type != "text"}


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


OPTION_KINDS = ("reason", "closing", "length", "formality", "extras")
# Until the reader picks, the letter shows these: no reason, and good wishes only. The pickers say so.
UNCHOSEN = {"reason": "no-reason", "closing": "good-wishes"}
LENGTHS = ("standard", "brief")


def _uses(letter: Letter, slot: str) -> bool:
    return f"[[{slot}]]" in letter.body


def options_for(library: Library, letter: Letter) -> dict[str, list[str]]:
    """The options a letter offers, by kind, in picker order. A kind a letter does not use is left out."""
    out: dict[str, list[str]] = {}
    if letter.is_decline:
        out["reason"] = [r.id for r in reasons_for(library, letter)]
    if _uses(letter, "closing"):
        out["closing"] = [c.id for c in sorted(library.closings.values(), key=lambda c: (c.order, c.id))]
    if any(p.startswith(STANDARD_ONLY) for p in letter.body.split("\n\n")):
        out["length"] = list(LENGTHS)
    if _uses(letter, "salutation") or _uses(letter, "sign_off"):
        out["formality"] = list(library.formality)
    if _uses(letter, "extras") and letter.extras:
        order = {e.id: (e.order, e.id) for e in library.extras.values()}
        out["extras"] = sorted((e for e in letter.extras if e in library.extras), key=order.__getitem__)
    return {kind: ids for kind, ids in out.items() if ids}  # nothing to choose from: nothing offered


def parts_for(library: Library, letter: Letter, choice: dict[str, Any]) -> dict[str, str]:
    """The text each option slot takes for one choice (extras: a list of ids, in offered order)."""
    parts: dict[str, str] = {}
    if "reason" in choice:
        parts["reason"] = reason_text(letter, library.reasons[choice["reason"]]).strip()
    if "closing" in choice:
        parts["closing"] = library.closings[choice["closing"]].text.strip()
    parts["extras"] = "\n\n".join(library.extras[e].text.strip() for e in choice.get("extras", ()))
    if "formality" in choice:
        f = library.formality[choice["formality"]]
        parts["salutation"], parts["sign_off"] = f.salutation, f.sign_off
    return parts


def compose_letter(library: Library, letter: Letter, choice: dict[str, Any]) -> tuple[str | None, str]:
    """Subject and body for one choice of options, placeholders still unfilled."""
    parts = parts_for(library, letter, choice)
    body = compose(letter.body, parts, choice.get("length") == "brief")
    return letter.subject, body


def choices(library: Library, letter: Letter) -> list[dict[str, Any]]:
    """Every combination of a letter's options: each reason x closing x length x formality x subset of extras."""
    offered = options_for(library, letter)
    axes = []
    for kind in OPTION_KINDS:
        if kind not in offered:
            continue
        if kind == "extras":
            ids = offered[kind]
            subsets = [list(c) for n in range(len(ids) + 1) for c in combinations(ids, n)]
            axes.append([(kind, s) for s in subsets])
        else:
            axes.append([(kind, value) for value in offered[kind]])
    return [dict(combo) for combo in product(*axes)]


def variants(library: Library, letter: Letter) -> list[Variant]:
    """Every combination of a letter's options, composed, each labelled with the options it took."""
    shipped = library.letters.get(letter.id) is letter  # a letter changed in a test is never cached
    if shipped and letter.id in library.variant_cache:
        return library.variant_cache[letter.id]
    out = []
    for choice in choices(library, letter):
        subject, body = compose_letter(library, letter, choice)
        label = tuple((k, "+".join(v) if isinstance(v, list) else v) for k, v in choice.items())
        out.append(Variant(letter.id, label, subject, body))
    if shipped:
        library.variant_cache[letter.id] = out
    return out


def form_placeholders(library: Library, letter: Letter) -> list[Placeholder]:
    """The form fields a letter page needs: its own placeholders, then any its reasons add."""
    return [library.placeholders[i] for i in option_fields(library, letter) if i in library.placeholders]


def option_fields(library: Library, letter: Letter) -> dict[str, list[str]]:
    """Each form field a letter needs, with the options that need it ("reason:own"); an empty list
    means the letter itself uses it, so the field always shows."""
    fields: dict[str, list[str]] = {i: [] for i in letter.placeholders}
    offered = options_for(library, letter)
    texts = [(f"reason:{r}", reason_text(letter, library.reasons[r])) for r in offered.get("reason", ())]
    texts += [(f"closing:{c}", library.closings[c].text) for c in offered.get("closing", ())]
    texts += [(f"extras:{e}", library.extras[e].text) for e in offered.get("extras", ())]
    for option, text in texts:
        for pid in slot_ids(text):
            if pid in OPTION_SLOTS or fields.get(pid) == []:
                continue  # the letter itself uses it
            needed_by = fields.setdefault(pid, [])
            if option not in needed_by:
                needed_by.append(option)
    return fields


def checklist_variant(checklist: Checklist, situation: str) -> list[ChecklistItem]:
    """The items of a checklist that apply in one situation."""
    return [i for i in checklist.items if i.situations is None or situation in i.situations]
