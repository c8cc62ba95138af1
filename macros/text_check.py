"""The letter-text rules (macros/text_rules.json) as one pure function over plain text.

``check(text, context)`` is the Python twin of ``dwg.check`` in docs/assets/dwg-check.js: the same
steps in the same order, so both give identical findings for the shared examples in
tests/fixtures/text_rules/. The template linter (macros/style_rules.py) runs these tests on every
variant of every letter; the letter page runs the browser's copy on the reader's own text.

Patterns are compiled with IGNORECASE and ASCII, which is how a JavaScript RegExp with the ``i``
flag reads them: ``\\b`` and ``\\w`` are ASCII-only in both.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

DECLARATION = Path(__file__).with_name("text_rules.json")
SEVERITIES = ("error", "warning", "off")
AUDIENCES = ("template", "reader")
MAX_QUOTES = 3


@dataclass(frozen=True)
class TextRule:
    id: str
    test: str
    applies: str  # decline | follow-up | all
    title: str
    message: str
    severity: dict[str, str]
    params: dict[str, Any]
    rationale: str
    guide: str  # docs-relative page path and anchor, e.g. guide/decline.md#leave-the-door-open
    examples: dict[str, Any]

    def applies_to(self, kind: str) -> bool:
        return self.applies in ("all", kind)


@dataclass(frozen=True)
class Context:
    """What the check knows besides the text: the letter's kind, its channel's limits, the subject and reason."""

    kind: str = "decline"
    channel: str = "email"
    channel_label: str = "Email"
    max_words: int = 0  # 0: no limit
    subject_rule: str = "optional"  # required | optional | forbidden, from snippets/channels.yml
    subject: str = ""
    reply: bool = False  # the reader replies in the offer's email thread, which has a subject already
    reason: str = ""  # the reason as the letter says it (chosen or typed)
    fields: dict[str, str] = field(default_factory=dict)  # label -> value of every field the letter uses

    def as_json(self) -> dict[str, Any]:
        """The context as dwg.check takes it."""
        return {"kind": self.kind, "channel": self.channel, "channelLabel": self.channel_label,
                "maxWords": self.max_words, "subjectRule": self.subject_rule, "subject": self.subject,
                "reply": self.reply, "reason": self.reason, "fields": dict(self.fields)}


@dataclass(frozen=True)
class TextFinding:
    rule: str
    severity: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message}


@cache
def declaration() -> dict[str, Any]:
    return json.loads(DECLARATION.read_text(encoding="utf-8"))


@cache
def text_rules() -> tuple[TextRule, ...]:
    return tuple(TextRule(**r) for r in declaration()["rules"])


def rule(rule_id: str) -> TextRule:
    return next(r for r in text_rules() if r.id == rule_id)


@cache
def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.ASCII)


def syntax(name: str) -> re.Pattern[str]:
    return rx(declaration()["syntax"][name])


# --- Text into sentences and words (mirrored line by line in dwg-check.js) -------------------------

def squash(text: str) -> str:
    """Runs of white space become one space; none at either end."""
    return syntax("space").sub(" ", text).strip(" ")


@lru_cache(maxsize=4096)  # several rules read the sentences of the same text
def sentences(text: str) -> tuple[str, ...]:
    """Sentences: split at blank lines, then after . ! ? (and a closing quote or bracket) and a space."""
    out: list[str] = []
    for paragraph in syntax("paragraph_break").split(text):
        out.extend(s for s in syntax("sentence_end").split(squash(paragraph)) if s)
    return tuple(out)


def after_greeting(text: str) -> str:
    """The text without its first line when that line greets ("Dear ...", "Hello ...")."""
    text = trim(text)
    first, _, rest = text.partition("\n")
    return rest if syntax("greeting").search(squash(first)) else text


def trim(text: str) -> str:
    """The text without white space at either end (Python's and JavaScript's own trims differ)."""
    space = declaration()["syntax"]["space"]
    return rx(f"^(?:{space})|(?:{space})$").sub("", text)


@lru_cache(maxsize=4096)  # the build checks thousands of option combinations that share their sentences
def raw_words(text: str) -> tuple[str, ...]:
    return tuple(syntax("word").findall(text))


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Words as compared: lowercase, with a straight apostrophe."""
    return tuple(w.lower().replace("\u2019", "'") for w in raw_words(text))


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of anything but white space."""
    return len(squash(text).split(" ")) if squash(text) else 0


def quote(items: list[str]) -> str:
    return ", ".join(f"'{s}'" for s in items)


def distinct(found: Iterator[str]) -> list[str]:
    out: list[str] = []
    for item in found:
        if item not in out:
            out.append(item)
    return out


# --- The tests: each returns the message values when the text breaks the rule, or None ------------

Values = dict[str, Any] | None


def early(r: TextRule, text: str, ctx: Context) -> Values:
    opening = " ".join(sentences(after_greeting(text))[: r.params["sentences"]])
    return None if rx(r.params["pattern"]).search(opening) else {}


def present(r: TextRule, text: str, ctx: Context) -> Values:
    return None if rx(r.params["pattern"]).search(text) else {}


def absent(r: TextRule, text: str, ctx: Context) -> Values:
    pattern = rx(r.params["pattern"])
    found = [m.group(0) for part in (ctx.subject, text) for m in pattern.finditer(part)]
    if r.params.get("blank_fields"):  # a field filled with spaces leaves a gap no bracket shows
        found += [f"[{label}]" for label, value in ctx.fields.items() if value and not squash(value)]
    found = distinct(iter(found))
    return {"quote": quote(found[:MAX_QUOTES])} if found else None


def at_most(r: TextRule, text: str, ctx: Context) -> Values:
    count = len(rx(r.params["pattern"]).findall(text))
    return {"count": count} if count > r.params["max"] else None


def reason_sentences(r: TextRule, text: str, ctx: Context) -> Values:
    count = len(sentences(ctx.reason))
    return {"count": count, "limit": r.params["max"]} if count > r.params["max"] else None


def channel_words(r: TextRule, text: str, ctx: Context) -> Values:
    count = word_count(text)
    if ctx.max_words and count > ctx.max_words:
        return {"count": count, "limit": ctx.max_words, "channel": ctx.channel_label.lower()}
    return None


@lru_cache(maxsize=4096)
def phrases(sentence: str, n: int) -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """Each run of n words in a sentence: (its words as compared, the phrase as compared, as written)."""
    raw, ws = raw_words(sentence), words(sentence)
    return tuple((ws[i : i + n], " ".join(ws[i : i + n]), " ".join(raw[i : i + n])) for i in range(len(ws) - n + 1))


def repeated_phrase(r: TextRule, text: str, ctx: Context) -> Values:
    # Words of the reader's own details are common too: a company or a title may rightly come up twice.
    n, common = r.params["words"], set(r.params["common"]).union(*(words(v) for v in ctx.fields.values()))
    seen: set[str] = set()
    for sentence in sentences(text):
        for gram, phrase, written in phrases(sentence, n):
            if common.issuperset(gram):  # every word of it is common
                continue
            if phrase in seen:
                return {"quote": quote([written])}  # as the reader wrote it the second time
            seen.add(phrase)
    return None


def repeated_opening(r: TextRule, text: str, ctx: Context) -> Values:
    n, last = r.params["words"], None
    for sentence in sentences(after_greeting(text)):
        ws = words(sentence)
        opening = " ".join(ws[:n]) if len(ws) > n else None
        if opening and opening == last:
            return {"quote": quote([" ".join(raw_words(sentence)[:n])])}
        last = opening
    return None


def subject(r: TextRule, text: str, ctx: Context) -> Values:
    missing = ctx.subject_rule == "required" and not ctx.reply and not squash(ctx.subject)
    return {} if missing else None


TESTS: dict[str, Callable[[TextRule, str, Context], Values]] = {
    "early": early, "present": present, "absent": absent, "at_most": at_most, "reason_sentences": reason_sentences,
    "channel_words": channel_words, "repeated_phrase": repeated_phrase, "repeated_opening": repeated_opening,
    "subject": subject,
}


def message(r: TextRule, values: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), r.message)


def run(r: TextRule, text: str, ctx: Context) -> str | None:
    """The rule's message when the text breaks it, else None."""
    if not r.applies_to(ctx.kind):
        return None
    values = TESTS[r.test](r, text, ctx)
    return None if values is None else message(r, values)


def check(text: str, ctx: Context, audience: str = "reader", only: str | None = None) -> list[TextFinding]:
    """Every rule the text breaks, in declaration order, with its severity for this audience."""
    out = []
    for r in text_rules():
        severity = r.severity[audience]
        if severity == "off" or (only and r.id != only):
            continue
        found = run(r, text, ctx)
        if found is not None:
            out.append(TextFinding(r.id, severity, found))
    return out


def browser_rules() -> dict[str, Any]:
    """What the letter page's script needs: the syntax and each reader rule, without docs or examples."""
    keep = ("id", "test", "applies", "message", "params")
    return {
        "syntax": declaration()["syntax"],
        "rules": [
            {**{k: getattr(r, k) for k in keep}, "severity": r.severity["reader"], "guide": guide_url(r.guide)}
            for r in text_rules() if r.severity["reader"] != "off"
        ],
    }


def guide_url(guide: str) -> str:
    """A docs-relative link (guide/decline.md#anchor) as a URL path from the site root (guide/decline/#anchor)."""
    page, _, anchor = guide.partition("#")
    path = page.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    return f"{path}#{anchor}" if anchor else path
