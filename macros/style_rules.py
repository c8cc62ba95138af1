"""Rules for how letters read (DWG101 and up): the article's graceful refusal, follow-ups,
length per channel, and house style. Each function checks exactly one rule.

Letter rules look at every variant (every combination of a letter's options: reason, closing,
length, formality, extras), so an option that breaks a letter is caught with the letter it breaks,
and the finding names the options. Letters with an empty body are left to DWG012.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

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
    """Labels of the combinations whose body fails ``ok``."""
    return [v.label for v in variants(lib, letter) if not ok(v.body)]


def _which(lib: Library, letter: Letter, failing: list[str]) -> str:
    total = len(variants(lib, letter))
    if len(failing) == total:
        return f"in every one of its {total} option combinations"
    return f"in {len(failing)} of {total} option combinations, for example {failing[0]}"


def _variant_rule(lib: Library, ok: Callable[[str], bool], message: str, letters=_decline_letters) -> Iterator[Issue]:
    for letter in letters(lib):
        failing = _failing(lib, letter, ok)
        if failing:
            yield letter.source.path, "body", f"{message} ({_which(lib, letter, failing)})", letter.source.line("body")


@cache
def _decides_early(head: str) -> bool:
    """The first two sentences after the greeting lie within the first three paragraphs, which many
    combinations share."""
    return bool(DECISION.search(" ".join(opening(head)[:2])))


@check("DWG101", WARNING, "a decline letter does not state the decision in its first two sentences")
def decision_first(lib: Library) -> Iterator[Issue]:
    yield from _variant_rule(
        lib, lambda body: _decides_early("\n\n".join(body.split("\n\n")[:3])),
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
    labels, types = lib.labels(), lib.types()
    for letter in lib.letters.values():
        channel = lib.channels.get(letter.channel)
        if channel is None:
            continue  # DWG016 reports the unknown channel
        words_in = cache(lambda paragraph: word_count(fill(paragraph, {}, labels, types)))
        counts = [(sum(words_in(p) for p in v.body.split("\n\n")), v) for v in variants(lib, letter)]
        words, longest = max(counts, key=lambda c: c[0], default=(0, None))
        if words > channel.max_words:
            which = f" with {longest.label}" if longest and longest.options else ""
            yield (letter.source.path, "body",
                   f"the filled letter{which} has {words} words; a {channel.label.lower()} has at most {channel.max_words}",
                   letter.source.line("body"))


# Words too common to make a repeated phrase worth flagging on their own ("I would be", "and I am").
COMMON = frozenset(
    "a an and are as at be but by for from have i i'm if in is it me my not of on or so that the this to "
    "we will with would you your am was been can could do has had our us their them they there like".split())
PHRASE = 3


WORD = re.compile(r"[a-z0-9']+|\[\[[^\]]*\]\]")
REAL_WORD = re.compile(r"[a-z][a-z']+|[ia]")


@cache
def _phrases(paragraph: str) -> tuple[frozenset[tuple[str, ...]], str | None]:
    """The three-word runs of one paragraph worth comparing, and one it says twice (paragraphs recur across
    thousands of combinations, so each is worked out once)."""
    words = WORD.findall(paragraph.lower().replace("\u2019", "'"))
    seen: set[tuple[str, ...]] = set()
    twice = None
    for i in range(len(words) - PHRASE + 1):
        run = tuple(words[i : i + PHRASE])
        if not all(REAL_WORD.fullmatch(w) for w in run) or all(w in COMMON for w in run):
            continue  # placeholders, numbers and stray letters are not a phrase
        if run in seen and twice is None:
            twice = " ".join(run)
        seen.add(run)
    return frozenset(seen), twice


def repeated_phrase(body: str) -> str | None:
    """A run of three words the letter says twice, placeholders aside ("I have decided ... I have decided")."""
    said: set[tuple[str, ...]] = set()
    for paragraph in body.split("\n\n"):
        runs, twice = _phrases(paragraph)
        if twice:
            return twice
        again = said & runs
        if again:
            return " ".join(min(again))
        said |= runs
    return None


@check("DWG120", WARNING, "a letter says the same phrase twice")
def no_repeated_phrase(lib: Library) -> Iterator[Issue]:
    for letter in (x for x in lib.letters.values() if _has_body(x)):
        failing = [(v.label, phrase) for v in variants(lib, letter) if (phrase := repeated_phrase(v.body))]
        if failing:
            label, phrase = failing[0]
            total = len(variants(lib, letter))
            yield (letter.source.path, "body",
                   f"'{phrase}' appears twice in {len(failing)} of {total} option combinations, for example {label}; "
                   "say it once, or word the second one differently", letter.source.line("body"))


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
