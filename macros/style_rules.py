"""Rules for how letters read (DWG101 and up), applied to the templates.

The letter-text rules are declared once, in macros/text_rules.json, and run by macros/text_check.py:
here each becomes a registered check over the library, so the linter and the build report it with
file, field and line. Rules that only make sense for template files (file endings, placeholder
characters) stay written out below.

Whole-letter rules look at every variant (one per reason), so a reason that breaks a letter is
caught with the letter it breaks; placeholders read as their labels. Pattern rules look at each
piece of letter text on its own, so the finding names the field. Letters with an empty body are
left to DWG012.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace

from . import text_check
from .checks import marked_texts, texts
from .model import Letter, Library, form_placeholders, reason_text, reasons_for, variants
from .rules import Check, Issue, Severity, check
from .template_text import REASON_SLOT, SLOT, malformed_slots, segments
from .text_check import Context, TextRule

ERROR, WARNING = Severity.ERROR, Severity.WARNING
SMART_QUOTES = "\u2018\u2019\u201c\u201d"
PER_FIELD = ("absent",)  # tests that quote words, so each piece of text is checked where it is written
PER_REASON = ("reason_sentences",)


# Kept for code that splits text the way the rules do.
sentences = text_check.sentences
word_count = text_check.word_count


def opening(body: str) -> list[str]:
    """The sentences after the greeting line ("Dear ...", "Hello ...")."""
    return text_check.sentences(text_check.after_greeting(body))


def _has_body(letter: Letter) -> bool:
    return bool(letter.body.replace(f"[[{REASON_SLOT}]]", "").strip())


def as_read(lib: Library, text: str) -> str:
    """Template text as a reader would see it filled in: each placeholder reads as its label."""
    labels = {**lib.labels(), REASON_SLOT: "Your reason."}
    read = "".join(part if isinstance(part, str) else labels.get(part.id, part.id) for part in segments(text))
    return SLOT.sub("", read)  # a malformed placeholder is DWG020's to report


def letter_context(lib: Library, letter: Letter) -> Context:
    """What the check knows of a template: its kind, its channel's limits and its subject; fields read as labels."""
    channel = lib.channels[letter.channel]
    return Context(
        kind=letter.kind, channel=channel.id, channel_label=channel.label, max_words=channel.max_words,
        subject_rule=channel.subject, subject=as_read(lib, letter.subject or ""),
        fields={p.label: p.label for p in form_placeholders(lib, letter)},
    )


def _which(failing: list[str], total: int) -> str:
    """Which option combinations fail: all of them, or how many and the first, named by its options."""
    if len(failing) == total:
        return f"in every one of its {total} option combinations" if total > 1 else "in every variant"
    return f"in {len(failing)} of {total} option combinations, for example {failing[0]}"


def variant_rules() -> list[TextRule]:
    return [r for r in text_check.text_rules() if r.severity["template"] != "off" and r.test not in PER_FIELD + PER_REASON]


def variant_findings(lib: Library, letter: Letter) -> dict[str, list[tuple[str, str]]]:
    """Each whole-letter rule's failing variants of one letter, as (options, message). Worked out once for all
    those rules, variant by variant, so each text is split into sentences and words once, not once per rule."""
    shipped = lib.letters.get(letter.id) is letter  # a letter changed in a test is never cached
    if shipped and letter.id in lib.variant_findings:
        return lib.variant_findings[letter.id]
    rules = _letter_rules(letter)
    key = (_shared_data(lib), repr(rules), letter.source.path, letter.source.text) if shipped else None
    if key in _SAME_TEXTS:
        lib.variant_findings[letter.id] = _SAME_TEXTS[key]
        return _SAME_TEXTS[key]
    reasons = {x.id: as_read(lib, reason_text(letter, x)) for x in reasons_for(lib, letter)}
    context, found, rules_key = letter_context(lib, letter), {r.id: [] for r in rules}, repr(rules)
    for v in variants(lib, letter):
        text, ctx = as_read(lib, v.body), replace(context, reason=reasons.get(v.reason or "", ""))
        read_key = (rules_key, text, repr(ctx))
        if read_key not in _SAME_READ:
            _SAME_READ[read_key] = [(r.id, m) for r in rules if (m := text_check.run(r, text, ctx)) is not None]
        for rule_id, message in _SAME_READ[read_key]:
            found[rule_id].append((v.label, message))
    if shipped:
        lib.variant_findings[letter.id] = _SAME_TEXTS[key] = found
    return found


# The same letter file over the same shared data reads the same in every load: a linter run on a copy with one
# file changed (the tests do it many times) rechecks only what the change can reach.
_SAME_TEXTS: dict[tuple[int, str, str, str], dict[str, list[tuple[str, str]]]] = {}
# And the same text, read in the same context, breaks the same rules, whichever file it was composed from.
_SAME_READ: dict[tuple[str, str, str], list[tuple[str, str]]] = {}


def _letter_rules(letter: Letter) -> list[TextRule]:
    return [r for r in variant_rules() if r.applies_to(letter.kind)]


def _shared_sources(lib: Library) -> tuple[tuple[str, str], ...]:
    """(path, text) of every data file but the letters: what a letter's variants are composed from."""
    return tuple(sorted((path, src.text) for path, src in lib.sources.items() if not path.startswith("docs/letters/")))


def _shared_data(lib: Library) -> int:
    return hash(_shared_sources(lib))


def variant_key(lib: Library, letter: Letter, salt: str) -> str:
    """A digest of what a letter's variant findings depend on, the same in every process (macros/check_cache.py)."""
    shared = (f"{path}\0{text}" for path, text in _shared_sources(lib))
    digest = hashlib.sha256(salt.encode())
    for part in (repr(_letter_rules(letter)), letter.source.path, letter.source.text, *shared):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def per_variant(lib: Library, r: TextRule) -> Iterator[Issue]:
    """One issue per letter: the first failing variant's message, and which variants fail."""
    for letter in lib.letters.values():
        if not (_has_body(letter) and r.applies_to(letter.kind) and letter.channel in lib.channels):
            continue  # DWG016 reports an unknown channel
        found = variant_findings(lib, letter).get(r.id, [])
        if found:
            total = len(variants(lib, letter))
            which = "" if total == 1 else f" ({_which([f[0] for f in found], total)})"
            yield letter.source.path, "body", found[0][1] + which, letter.source.line("body")


def per_field(lib: Library, r: TextRule) -> Iterator[Issue]:
    """Every field the schemas mark as letter text (subject, body, reason wording), where it is written.
    Placeholders are left out: what they hold is the reader's, and their labels are checked as labels."""
    for t in marked_texts(lib):
        if t.mark == "letter":
            message = text_check.run(r, SLOT.sub("", t.text), Context(kind="all"))
            if message is not None:
                yield t.file, t.field, message, t.line


def per_reason(lib: Library, r: TextRule) -> Iterator[Issue]:
    """Each reason's wording once, where it is written: the reason file or the letter's own wording."""
    seen: set[tuple[str, str]] = set()
    for letter in lib.letters.values():
        if not (_has_body(letter) and r.applies_to(letter.kind)):
            continue
        for reason in reasons_for(lib, letter):
            if reason.id in letter.reason_wording:
                where = (letter.source.path, f"reason_wording.{reason.id}")
                line = letter.source.line("reason_wording", reason.id)
            else:
                where, line = (reason.source.path, "text"), reason.source.line("text")
            message = text_check.run(r, "", Context(kind=letter.kind, reason=as_read(lib, reason_text(letter, reason))))
            if message is not None and where not in seen:
                seen.add(where)
                yield *where, message, line


def template_check(r: TextRule) -> Check:
    """The check for one declared rule, marked with its id, template severity and title."""
    apply = per_field if r.test in PER_FIELD else per_reason if r.test in PER_REASON else per_variant

    def check_text_rule(lib: Library) -> Iterator[Issue]:
        return apply(lib, r)

    check_text_rule.__name__ = f"text_rule_{r.id}"
    return check(r.id, Severity(r.severity["template"]), r.title)(check_text_rule)


# Each declared rule that templates are held to becomes a check of this module, one name each, so
# rules.registry() finds it in RULE_MODULES like any check written out below.
TEXT_RULE_CHECKS = {f"text_rule_{r.id}": template_check(r) for r in text_check.text_rules() if r.severity["template"] != "off"}
globals().update(TEXT_RULE_CHECKS)


# --- Rules for template files only -------------------------------------------------------------

@check("DWG108", ERROR, "a file does not end with a newline")
def final_newline(lib: Library) -> Iterator[Issue]:
    for src in lib.sources.values():
        if src.text and not src.text.endswith("\n"):
            yield src.path, "", "end the file with a newline", src.text.count("\n") + 1


@check("DWG109", ERROR, "a line ends with whitespace")
def trailing_whitespace(lib: Library) -> Iterator[Issue]:
    for src in lib.sources.values():
        bad = [i for i, line in enumerate(src.text.split("\n"), 1) if line != line.rstrip(" \t\r")]
        if bad:
            yield src.path, "", f"remove the spaces, tabs or Windows line endings at the end of {len(bad)} line(s)", bad[0]


@check("DWG110", ERROR, "a placeholder holds a non-breaking space or a smart quote")
def placeholder_characters(lib: Library) -> Iterator[Issue]:
    for file, field, text, line in texts(lib):
        for bad in malformed_slots(text):
            if "\u00a0" in bad or any(q in bad for q in SMART_QUOTES):
                shown = bad.replace("\u00a0", "<nbsp>")
                yield file, field, f"'{shown}' holds a non-breaking space or a curly quote; type the id with plain characters", line
