"""Rules for how letters read (DWG101 and up): the article's graceful refusal, follow-ups,
length per channel, and house style. Each function checks exactly one rule.

Letter rules look at every variant (one per reason), so a reason that breaks a letter
is caught with the letter it breaks. Letters with an empty body are left to DWG012.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .checks import marked_texts, texts
from .model import Letter, Library, reason_text, reasons_for, variants
from .rules import Issue, Severity, check
from .template_text import REASON_SLOT, fill, malformed_slots

ERROR, WARNING = Severity.ERROR, Severity.WARNING

GREETING = re.compile(r"^\s*(dear|hi|hello|hey|good (morning|afternoon|evening))\b", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u2019\u201d)\]]*\s+")
DECISION = re.compile(
    r"\b(decided not to|not to accept|declin\w*|will not be accepting|won't be accepting|"
    r"withdraw\w*|not be moving forward|turn(ing)? down)\b", re.I)
THANKS = re.compile(r"\b(thank|thanks|grateful|appreciate)", re.I)
DOOR_OPEN = re.compile(
    r"\b(stay in touch|keep in touch|future|cross paths|paths cross|wish you|best wishes|success)", re.I)
OFFER = re.compile(r"\b(happy to|glad to|offer|introduce)", re.I)
SMART_QUOTES = "\u2018\u2019\u201c\u201d"


def sentences(text: str) -> list[str]:
    """Split plain text into sentences: at . ! ? followed by space, and at blank lines."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        out.extend(s for s in SENTENCE_END.split(" ".join(paragraph.split())) if s.strip())
    return out


def opening(body: str) -> list[str]:
    """The sentences after the greeting line ("Dear ...", "Hello ...")."""
    lines = body.strip().split("\n")
    if lines and GREETING.match(lines[0]):
        lines = lines[1:]
    return sentences("\n".join(lines))


def word_count(text: str) -> int:
    return len(text.split())


def _decline_letters(lib: Library) -> Iterator[Letter]:
    return (x for x in lib.letters.values() if x.is_decline and _has_body(x))


def _has_body(letter: Letter) -> bool:
    return bool(letter.body.replace(f"[[{REASON_SLOT}]]", "").strip())


def _failing(lib: Library, letter: Letter, ok: Callable[[str], bool]) -> list[str]:
    """Reason ids of the variants whose body fails ``ok``."""
    return [v.reason or "" for v in variants(lib, letter) if not ok(v.body)]


def _which(lib: Library, letter: Letter, failing: list[str]) -> str:
    if len(failing) == len(variants(lib, letter)):
        return "in every variant"
    return "with the reason(s) " + ", ".join(failing)


def _variant_rule(lib: Library, ok: Callable[[str], bool], message: str) -> Iterator[Issue]:
    for letter in _decline_letters(lib):
        failing = _failing(lib, letter, ok)
        if failing:
            yield letter.source.path, "body", f"{message} ({_which(lib, letter, failing)})", letter.source.line("body")


@check("DWG101", WARNING, "a decline letter does not state the decision in its first two sentences")
def decision_first(lib: Library) -> Iterator[Issue]:
    yield from _variant_rule(
        lib, lambda body: bool(DECISION.search(" ".join(opening(body)[:2]))),
        "say the decision plainly in the first two sentences after the greeting, for example "
        "'I have decided not to accept'")


@check("DWG102", WARNING, "a decline letter does not thank the reader")
def decline_thanks(lib: Library) -> Iterator[Issue]:
    yield from _variant_rule(
        lib, lambda body: bool(THANKS.search(body)),
        "thank them for the offer or their time ('thank you', 'grateful', 'appreciate')")


@check("DWG103", WARNING, "a reason takes more than two sentences")
def short_reason(lib: Library) -> Iterator[Issue]:
    seen: set[tuple[str, str]] = set()
    for letter in _decline_letters(lib):
        for reason in reasons_for(lib, letter):
            if reason.id in letter.reason_wording:
                where = (letter.source.path, f"reason_wording.{reason.id}")
                line = letter.source.line("reason_wording", reason.id)
            else:
                where, line = (reason.source.path, "text"), reason.source.line("text")
            count = len(sentences(reason_text(letter, reason)))
            if count > 2 and where not in seen:
                seen.add(where)
                yield *where, f"the reason has {count} sentences; keep it to two at most", line


@check("DWG104", WARNING, "a decline letter does not leave the door open")
def door_open(lib: Library) -> Iterator[Issue]:
    yield from _variant_rule(
        lib, lambda body: bool(DOOR_OPEN.search(body)),
        "add a line that leaves the door open, such as staying in touch or good wishes for the future")


def _follow_ups(lib: Library) -> Iterator[Letter]:
    return (x for x in lib.letters.values() if not x.is_decline and _has_body(x))


@check("DWG105", WARNING, "a follow-up letter does not thank the reader")
def follow_up_thanks(lib: Library) -> Iterator[Issue]:
    for letter in _follow_ups(lib):
        if not THANKS.search(letter.body):
            yield letter.source.path, "body", "a follow-up thanks them ('thank you', 'grateful', 'appreciate')", letter.source.line("body")


@check("DWG106", WARNING, "a follow-up letter offers nothing")
def follow_up_offer(lib: Library) -> Iterator[Issue]:
    for letter in _follow_ups(lib):
        if not OFFER.search(letter.body):
            yield letter.source.path, "body", "a follow-up offers something, such as an introduction ('happy to', 'glad to', 'introduce')", letter.source.line("body")


@check("DWG107", ERROR, "a letter is too long for its channel")
def length_per_channel(lib: Library) -> Iterator[Issue]:
    labels = lib.labels()
    for letter in lib.letters.values():
        channel = lib.channels.get(letter.channel)
        if channel is None:
            continue  # DWG016 reports the unknown channel
        counts = [(word_count(fill(v.body, {}, labels)), v.reason) for v in variants(lib, letter)]
        words, reason = max(counts, key=lambda c: c[0], default=(0, None))
        if words > channel.max_words:
            which = f" with the reason '{reason}'" if reason else ""
            yield (letter.source.path, "body",
                   f"the filled letter{which} has {words} words; a {channel.label.lower()} has at most {channel.max_words}",
                   letter.source.line("body"))


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


def _letter_texts(lib: Library) -> Iterator[tuple[str, str, str, int | None]]:
    return ((t.file, t.field, t.text, t.line) for t in marked_texts(lib) if t.mark == "letter")


@check("DWG111", WARNING, "letter text uses an exclamation mark")
def exclamation(lib: Library) -> Iterator[Issue]:
    for file, field, text, line in _letter_texts(lib):
        if "!" in text:
            yield file, field, "an executive letter stays calm: use a full stop instead of '!'", line


@check("DWG112", WARNING, "letter text says 'unfortunately'")
def unfortunately(lib: Library) -> Iterator[Issue]:
    for file, field, text, line in _letter_texts(lib):
        if re.search(r"\bunfortunately\b", text, re.I):
            yield file, field, "leave out 'unfortunately': state the decision plainly instead", line
