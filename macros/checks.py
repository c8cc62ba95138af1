"""Cross-file rules of the template library. Each function checks exactly one rule."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .fields import reader_texts, unique_values
from .model import FieldPath, Library, Source
from .rules import Issue, Severity, check, did_you_mean, quote
from .template_text import MARKERS, REASON_SLOT, malformed_slots, slot_ids

ERROR = Severity.ERROR
# A tag's start (even unclosed, as in '<img src=x onerror=...'), or a character entity.
HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?]|&[a-zA-Z#][a-zA-Z0-9]*;")
JINJA = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
# Characters the theme would print as markup in page meta (<title>, <h1>, <meta content="...">).
META_UNSAFE = re.compile(r'[<>"&]')


@dataclass(frozen=True)
class Text:
    """One reader-visible text field, as the schema marks it."""

    source: Source
    path: FieldPath
    text: str
    mark: str  # letter | text | meta (see macros/fields.py)

    @property
    def file(self) -> str:
        return self.source.path

    @property
    def field(self) -> str:
        return ".".join(str(p) for p in self.path)

    @property
    def line(self) -> int | None:
        return self.source.line(*self.path)

    def line_at(self, index: int) -> int | None:
        """The file line of a character in the text: inside a block, the block's own line."""
        return self.source.line_in(self.path, self.text, index)


def marked_texts(lib: Library) -> Iterator[Text]:
    """Every field that any schema marks as reader-visible text, in every loaded file of every kind."""
    for src in lib.sources.values():
        if src.schema:
            for path, text, mark in reader_texts(src.schema, src.data, src.marked):
                yield Text(src, path, text, mark)


def texts(lib: Library) -> Iterator[tuple[str, str, str, int | None]]:
    """Every piece of reader-facing text in the library: (file, field, text, line)."""
    for t in marked_texts(lib):
        yield t.file, t.field, t.text, t.line


@check("DWG007", ERROR, "an id is used twice")
def duplicate_ids(lib: Library) -> Iterator[Issue]:
    for src in lib.sources.values():
        seen: dict[tuple, FieldPath] = {}
        for path, value, across in unique_values(src.schema, src.data, src.marked):
            if across:
                continue  # DWG029 compares files
            key = (path[:-2], path[-1], value)  # same list, same field
            if key in seen:
                yield (src.path, ".".join(map(str, path)),
                       f"'{value}' is used twice in this list (first at {'.'.join(map(str, seen[key]))}); give each its own", src.line(*path))
            else:
                seen[key] = path


@check("DWG029", ERROR, "two files of one kind share a title or label that must be unique")
def duplicate_titles(lib: Library) -> Iterator[Issue]:
    seen: dict[tuple, str] = {}
    for src in sorted(lib.sources.values(), key=lambda s: s.path):
        for path, value, across in unique_values(src.schema, src.data, src.marked):
            if not across:
                continue
            key = (src.schema, path, str(value).casefold())
            if key in seen:
                yield (src.path, ".".join(map(str, path)),
                       f"{seen[key]} has the same {path[-1]} {quote(value)}; readers could not tell them apart, so change one", src.line(*path))
            else:
                seen[key] = src.path


@check("DWG008", ERROR, "an unknown reason is named")
def unknown_reasons(lib: Library) -> Iterator[Issue]:
    where = "; reasons are the files in snippets/reasons/"
    for letter in lib.letters.values():
        for field, ids in (("exclude_reasons", letter.exclude_reasons), ("reason_wording", tuple(letter.reason_wording))):
            for rid in ids:
                if rid not in lib.reasons:
                    hint = did_you_mean(rid, lib.reasons) or where
                    yield letter.source.path, f"{field}.{rid}", f"unknown reason {quote(rid)}{hint}", letter.source.line(field, rid)
    for c in lib.checklists.values():
        for i, item in enumerate(c.items):
            for j, rid in enumerate(item.reasons or ()):
                if rid not in lib.reasons:
                    hint = did_you_mean(rid, lib.reasons) or where
                    yield c.source.path, f"items.{i}.reasons", f"unknown reason {quote(rid)}{hint}", c.source.line("items", i, "reasons", j)


@check("DWG009", ERROR, "an unknown placeholder is used or listed")
def unknown_placeholders(lib: Library) -> Iterator[Issue]:
    known = set(lib.placeholders) | MARKERS
    where = "; declare it in snippets/placeholders.yml"
    for t in marked_texts(lib):
        if t.mark != "letter":
            continue  # DWG021: placeholders belong in letter text only
        for sid in slot_ids(t.text):
            if sid not in known:
                yield t.file, t.field, f"unknown placeholder {quote(f'[[{sid}]]')}{did_you_mean(sid, known) or where}", t.line_at(t.text.find(f"[[{sid}]]"))
    for letter in lib.letters.values():
        for i, pid in enumerate(letter.placeholders):
            if pid not in lib.placeholders and pid not in _letter_slots(letter):  # a used one is reported where it is used
                yield (letter.source.path, "placeholders", f"unknown placeholder {quote(pid)}{did_you_mean(pid, lib.placeholders) or where}",
                       letter.source.line("placeholders", i))


def _letter_slots(letter) -> set[str]:
    return (set(slot_ids(letter.body)) | set(slot_ids(letter.subject or ""))) - MARKERS


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


@check("DWG043", ERROR, "an unknown extra is named")
def unknown_extras(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        for eid in letter.extras:
            if eid not in lib.extras:
                yield letter.source.path, "extras", f"unknown extra '{eid}'; extras are the files in snippets/extras/", letter.source.line("extras")
        if letter.extras and "[[extras]]" not in letter.body.split("\n"):
            yield letter.source.path, "body", "the letter offers extras, so its body needs a line holding only [[extras]]", letter.source.line("body")


@check("DWG013", ERROR, "text holds raw HTML or script")
def raw_html(lib: Library) -> Iterator[Issue]:
    for t in marked_texts(lib):
        match = HTML.search(t.text)
        if match:
            shown = quote(t.text[match.start() : match.start() + 40])
            yield (t.file, t.field, f"remove the markup starting {shown}: this text is shown as plain text, "
                   "so write 'less than' for '<', and 'and' for '&'", t.line_at(match.start()))


@check("DWG014", ERROR, "text holds template syntax")
def jinja_syntax(lib: Library) -> Iterator[Issue]:
    for t in marked_texts(lib):
        match = JINJA.search(t.text)
        if match:
            yield (t.file, t.field, f"remove '{match.group(0)}': template syntax is not allowed in data; placeholders are written [[id]]",
                   t.line_at(match.start()))


@check("DWG033", ERROR, "page meta holds a character the theme would print as markup")
def meta_characters(lib: Library) -> Iterator[Issue]:
    for t in marked_texts(lib):
        if t.mark != "meta" or HTML.search(t.text) or JINJA.search(t.text):
            continue  # DWG013 and DWG014 report markup and template syntax
        match = META_UNSAFE.search(t.text)
        if match:
            words = {"&": "write 'and'", '"': "use curly quotes “ ” or none", "<": "write it in words", ">": "write it in words"}
            yield (t.file, t.field, f"the {t.field} is printed in the page's title and description as it is, so it cannot hold "
                   f"'{match.group(0)}'; {words[match.group(0)]}", t.line)


def _unknown_ids(src: Source, field: str, path: FieldPath, ids, known, what: str, where: str) -> Iterator[Issue]:
    for i, sid in enumerate(ids):
        if sid not in known:
            yield src.path, field, f"unknown {what} {quote(sid)}{did_you_mean(sid, known) or where}", src.line(*path, i)


@check("DWG015", ERROR, "an unknown situation is named")
def unknown_situations(lib: Library) -> Iterator[Issue]:
    where = "; situations are listed in snippets/situations.yml"
    for letter in lib.letters.values():
        if letter.situation not in lib.situations:
            hint = did_you_mean(letter.situation, lib.situations) or where
            yield letter.source.path, "situation", f"unknown situation {quote(letter.situation)}{hint}", letter.source.line("situation")
    for r in lib.reasons.values():
        yield from _unknown_ids(r.source, "situations", ("situations",), r.situations or (), lib.situations, "situation", where)
    for c in lib.checklists.values():
        for i, item in enumerate(c.items):
            yield from _unknown_ids(c.source, f"items.{i}.situations", ("items", i, "situations"), item.situations or (),
                                    lib.situations, "situation", where)


@check("DWG016", ERROR, "an unknown channel is named")
def unknown_channels(lib: Library) -> Iterator[Issue]:
    for letter in lib.letters.values():
        if letter.channel not in lib.channels:
            hint = did_you_mean(letter.channel, lib.channels) or "; channels are listed in snippets/channels.yml"
            yield letter.source.path, "channel", f"unknown channel {quote(letter.channel)}{hint}", letter.source.line("channel")


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
    """Reasons marked ``from_article: true`` fit every decline letter: no letter excludes them, no situation limits them."""
    article = {r.id for r in lib.reasons.values() if r.from_article}
    for letter in lib.letters.values():
        for i, rid in enumerate(letter.exclude_reasons):
            if rid in article:
                yield (letter.source.path, "exclude_reasons", f"'{rid}' comes from the article (from_article: true) and must be "
                       "offered by every decline letter; remove it from exclude_reasons", letter.source.line("exclude_reasons", i))
    for rid in sorted(article):
        r = lib.reasons[rid]
        if r.situations is not None:
            yield r.source.path, "situations", "a reason from the article fits every decline letter; remove 'situations'", r.source.line("situations")


@check("DWG020", ERROR, "a placeholder is written wrongly")
def malformed(lib: Library) -> Iterator[Issue]:
    for t in marked_texts(lib):
        for bad in malformed_slots(t.text):
            if "\u00a0" in bad or any(q in bad for q in "\u2018\u2019\u201c\u201d"):
                continue  # the house-style rule reports these more precisely
            yield t.file, t.field, f"{quote(bad)} is not a placeholder: write [[id]] with a lowercase id, no spaces", t.line_at(t.text.find(bad))


@check("DWG021", ERROR, "guidance uses placeholder syntax")
def placeholders_in_guidance(lib: Library) -> Iterator[Issue]:
    for t in marked_texts(lib):
        if t.mark != "letter" and slot_ids(t.text):
            yield t.file, t.field, "only letter text holds placeholders: name the detail in words instead of [[...]]", t.line


@check("DWG022", ERROR, "reason text is empty")
def empty_reason(lib: Library) -> Iterator[Issue]:
    for r in lib.reasons.values():
        if not r.text.strip() and r.id != "no-reason":
            yield r.source.path, "text", "only the no-reason variant may have empty text", r.source.line("text")
