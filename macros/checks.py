"""Cross-file rules of the template library. Each function checks exactly one rule."""
from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from .model import Library
from .rules import Issue, Severity, check
from .template_text import REASON_SLOT, malformed_slots, slot_ids

ERROR = Severity.ERROR
ARTICLE_REASONS = ("personal-goals", "conflicting-commitments", "career-misalignment", "no-reason")
HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&[a-zA-Z#][a-zA-Z0-9]*;")
JINJA = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def texts(lib: Library) -> Iterator[tuple[str, str, str, int | None]]:
    """Every piece of reader-facing text in the library: (file, field, text, line)."""
    src = lib.sources.get("snippets/placeholders.yml")
    for i, p in enumerate(lib.placeholders.values()):
        yield "snippets/placeholders.yml", f"placeholders.{p.id}.label", p.label, src.line("placeholders", i, "label") if src else None
    for r in lib.reasons.values():
        for name in ("label", "summary", "text"):
            yield r.source.path, name, getattr(r, name), r.source.line(name)
    for letter in lib.letters.values():
        src = letter.source
        for name in ("title", "description", "subject", "body"):
            value = getattr(letter, name)
            if value:
                yield src.path, name, value, src.line(name)
        for i, tip in enumerate(letter.tips):
            yield src.path, f"tips.{i}", tip, src.line("tips", i)
        for reason, wording in letter.reason_wording.items():
            yield src.path, f"reason_wording.{reason}", wording, src.line("reason_wording", reason)
    for c in lib.checklists.values():
        yield c.source.path, "title", c.title, c.source.line("title")
        yield c.source.path, "summary", c.summary, c.source.line("summary")
        for i, item in enumerate(c.items):
            yield c.source.path, f"items.{i}.text", item.text, c.source.line("items", i, "text")


@check("DWG007", ERROR, "an id is used twice")
def duplicate_ids(lib: Library) -> Iterator[Issue]:
    for kind, entries in (("placeholders", "placeholders"), ("situations", "situations"), ("channels", "channels")):
        path = f"snippets/{kind}.yml"
        src = lib.sources.get(path)
        if src is None:
            continue
        seen: set[str] = set()
        for i, entry in enumerate(yaml.safe_load(src.text)[entries]):
            if entry["id"] in seen:
                yield path, f"{entries}.{i}.id", f"id '{entry['id']}' is declared twice", src.line(entries, i, "id")
            seen.add(entry["id"])
    for c in lib.checklists.values():
        seen = set()
        for i, item in enumerate(c.items):
            if item.id in seen:
                yield c.source.path, f"items.{i}.id", f"item id '{item.id}' is used twice in this checklist", c.source.line("items", i, "id")
            seen.add(item.id)


@check("DWG008", ERROR, "an unknown reason is named")
def unknown_reasons(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        for field, ids in (("exclude_reasons", letter.exclude_reasons), ("reason_wording", tuple(letter.reason_wording))):
            for rid in ids:
                if rid not in lib.reasons:
                    yield letter.source.path, f"{field}.{rid}", f"unknown reason '{rid}'; reasons are the files in snippets/reasons/", letter.source.line(field)
    for c in lib.checklists.values():
        for i, item in enumerate(c.items):
            for rid in item.reasons or ():
                if rid not in lib.reasons:
                    yield c.source.path, f"items.{i}.reasons", f"unknown reason '{rid}'", c.source.line("items", i, "reasons")


@check("DWG009", ERROR, "an unknown placeholder is used or listed")
def unknown_placeholders(lib: Library) -> Iterator[Issue]:
    known = set(lib.placeholders) | {REASON_SLOT}
    for file, field, text, line in texts(lib):
        for sid in slot_ids(text):
            if sid not in known:
                yield file, field, f"unknown placeholder '[[{sid}]]'; declare it in snippets/placeholders.yml", line
    for letter in lib.letters.values():
        for pid in letter.placeholders:
            if pid not in lib.placeholders:
                yield letter.source.path, "placeholders", f"unknown placeholder '{pid}'; declare it in snippets/placeholders.yml", letter.source.line("placeholders")


def _letter_slots(letter) -> set[str]:
    return (set(slot_ids(letter.body)) | set(slot_ids(letter.subject or ""))) - {REASON_SLOT}


@check("DWG010", ERROR, "a placeholder is used but not listed")
def used_not_listed(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        for sid in sorted(_letter_slots(letter) - set(letter.placeholders)):
            yield letter.source.path, "placeholders", f"'[[{sid}]]' is used in the letter but not listed in placeholders", letter.source.line("placeholders")


@check("DWG011", ERROR, "a placeholder is listed but not used")
def listed_not_used(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        for pid in letter.placeholders:
            if pid not in _letter_slots(letter):
                yield letter.source.path, "placeholders", f"'{pid}' is listed but the subject and body never use it", letter.source.line("placeholders")


@check("DWG012", ERROR, "a letter body is empty")
def empty_body(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        if not letter.body.replace(f"[[{REASON_SLOT}]]", "").strip():
            yield letter.source.path, "body", "the body is empty; write the letter as plain text", letter.source.line("body")


@check("DWG013", ERROR, "text holds raw HTML or script")
def raw_html(lib: Library) -> Iterator[Issue]:
    for file, field, text, line in texts(lib):
        match = HTML.search(text)
        if match:
            yield file, field, f"remove the markup '{match.group(0)[:40]}'; letters and guidance are plain text", line


@check("DWG014", ERROR, "text holds template syntax")
def jinja_syntax(lib: Library) -> Iterator[Issue]:
    for file, field, text, line in texts(lib):
        match = JINJA.search(text)
        if match:
            yield file, field, f"remove '{match.group(0)}': template syntax is not allowed in data; placeholders are written [[id]]", line


@check("DWG015", ERROR, "an unknown situation is named")
def unknown_situations(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        if letter.situation not in lib.situations:
            yield letter.source.path, "situation", f"unknown situation '{letter.situation}'; see snippets/situations.yml", letter.source.line("situation")
    for r in lib.reasons.values():
        for sid in r.situations or ():
            if sid not in lib.situations:
                yield r.source.path, "situations", f"unknown situation '{sid}'", r.source.line("situations")
    for c in lib.checklists.values():
        for i, item in enumerate(c.items):
            for sid in item.situations or ():
                if sid not in lib.situations:
                    yield c.source.path, f"items.{i}.situations", f"unknown situation '{sid}'", c.source.line("items", i, "situations")


@check("DWG016", ERROR, "an unknown channel is named")
def unknown_channels(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        if letter.channel not in lib.channels:
            yield letter.source.path, "channel", f"unknown channel '{letter.channel}'; see snippets/channels.yml", letter.source.line("channel")


@check("DWG017", ERROR, "the reason line does not match the letter's kind")
def reason_line(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        count = sum(1 for line in letter.body.split("\n") if line.strip() == f"[[{REASON_SLOT}]]")
        inline = letter.body.count(f"[[{REASON_SLOT}]]") - count
        src = letter.source
        if letter.is_decline and (count != 1 or inline):
            yield src.path, "body", "a decline letter needs exactly one line holding only [[reason]]", src.line("body")
        if not letter.is_decline:
            if count or inline:
                yield src.path, "body", "a follow-up letter has no [[reason]] line", src.line("body")
            for field in ("exclude_reasons", "reason_wording"):
                if getattr(letter, field):
                    yield src.path, field, f"a follow-up letter has no reasons, so '{field}' does not apply", src.line(field)


@check("DWG018", ERROR, "the subject line does not suit the channel")
def subject_rule(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        channel = lib.channels.get(letter.channel)
        if channel is None:
            continue
        if channel.subject == "required" and not letter.subject:
            yield letter.source.path, "subject", f"letters sent by {channel.label.lower()} need a subject line", letter.source.line()
        if channel.subject == "forbidden" and letter.subject:
            yield letter.source.path, "subject", f"letters sent as {channel.label.lower()} have no subject line; remove it", letter.source.line("subject")


@check("DWG019", ERROR, "a decline letter does not offer a reason from the article")
def article_reasons_offered(lib: Library) -> Iterator[Issue]:
    for rid in ARTICLE_REASONS:
        if rid not in lib.reasons and lib.letters:
            yield f"snippets/reasons/{rid}.yml", "", f"the reason '{rid}' is required (the article names it); add the file", None
    for letter in lib.letters.values():
        for rid in ARTICLE_REASONS:
            if rid in letter.exclude_reasons:
                yield letter.source.path, "exclude_reasons", f"'{rid}' comes from the article and must be offered by every decline letter", letter.source.line("exclude_reasons")
    for rid in ARTICLE_REASONS:
        r = lib.reasons.get(rid)
        if r and r.situations is not None:
            yield r.source.path, "situations", "a reason from the article fits every decline letter; remove 'situations'", r.source.line("situations")


@check("DWG020", ERROR, "a placeholder is written wrongly")
def malformed(lib: Library) -> Iterator[Issue]:
    for file, field, text, line in texts(lib):
        for bad in malformed_slots(text):
            if "\u00a0" in bad or any(q in bad for q in "\u2018\u2019\u201c\u201d"):
                continue  # the house-style rule reports these more precisely
            yield file, field, f"'{bad}' is not a placeholder: write [[id]] with a lowercase id, no spaces", line


@check("DWG021", ERROR, "guidance uses placeholder syntax")
def placeholders_in_guidance(lib: Library) -> Iterator[Issue]:
    for file, field, text, line in texts(lib):
        if field.startswith(("tips", "items", "summary", "description", "title", "label")) and slot_ids(text):
            yield file, field, "guidance for the writer never uses [[...]]; name the detail in words", line


@check("DWG022", ERROR, "reason text is empty")
def empty_reason(lib: Library) -> Iterator[Issue]:
    for r in lib.reasons.values():
        if not r.text.strip() and r.id != "no-reason":
            yield r.source.path, "text", "only the no-reason variant may have empty text", r.source.line("text")
