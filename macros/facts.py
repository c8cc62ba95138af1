"""Facts stated in more than one place (timings, lengths), declared once in ``snippets/facts.yml``.

Pages show a fact with ``{{ fact("id") }}``; data text writes ``{fact:id}``; follow-up steps name
their timing with ``fact: id``. Word limits come from ``snippets/channels.yml``. ``contradictions``
finds every time or count a text states, decides which fact it is about (the nearest topic word in
the same sentence) and reports the ones that differ from the declared value, so the build, the
linter and the site tests all refuse a second value for one fact.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .html import md_text
from .model import Library, Source
from .rules import Issue, Severity, check

TOKEN = re.compile(r"\{fact:([^{}\s]*)\}")

_NUM = r"(?:a few|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several|\d+)"
_UNIT = r"(?:working days?|business days?|hours?|days?|nights?|weeks?|months?|years?|minutes?|sentences?|words?)"
QUANTITY = re.compile(
    rf"\b(?:(?:the )?same day|{_NUM} {_UNIT} (?:or|to) {_NUM}\b|{_NUM} (?:(?:or|to) {_NUM} )?{_UNIT})\b", re.I
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


def unit_kind(quantity: str) -> str:
    """'time', 'sentences' or 'words': a count is only ever compared with facts of its own kind."""
    last = re.findall(r"[a-z]+", quantity.lower())
    unit = next((w for w in reversed(last) if re.fullmatch(_UNIT, w)), "day")
    return "sentences" if unit.startswith("sentence") else "words" if unit.startswith("word") else "time"


VAGUE = re.compile(r"^(?:a few|few|several)\b", re.I)  # "a few months" states no value to compare


def normal(quantity: str) -> str:
    """One spelling per value: lower case, single spaces, 'a'/'an' as 'one', no leading 'the'."""
    words = quantity.lower().split()
    return " ".join("one" if w in ("a", "an") else w for w in words).removeprefix("the ")


@dataclass(frozen=True)
class Fact:
    id: str
    value: str
    about: str
    topics: tuple[str, ...]
    days: int | None = None
    file: str = "snippets/facts.yml"
    line: int | None = None

    @property
    def quantities(self) -> set[str]:
        return {normal(m.group(0)) for m in QUANTITY.finditer(self.value)}

    @property
    def kinds(self) -> set[str]:
        return {unit_kind(q) for q in self.quantities}

    def sentence_start(self) -> str:
        return self.value[:1].upper() + self.value[1:]


def declared(library: Library) -> dict[str, Fact]:
    """The facts in ``snippets/facts.yml``, by id."""
    entry = library.extra.get("facts", {}).get("facts")
    if entry is None:
        return {}
    source = entry["source"]
    return {
        f["id"]: Fact(f["id"], f["value"], f["about"], tuple(f["topics"]), f.get("days"), source.path, source.line("facts", i))
        for i, f in enumerate(entry["data"]["facts"])
    }


def word_limits(library: Library) -> dict[str, Fact]:
    """Each channel's word limit as a fact, read from channels.yml (its one declaration)."""
    return {
        f"words-{c.id}": Fact(f"words-{c.id}", f"{c.max_words} words", f"Longest {c.label.lower()}", (c.id, c.label.lower()),
                              file="snippets/channels.yml")
        for c in library.channels.values()
    }


def every_fact(library: Library) -> dict[str, Fact]:
    return {**declared(library), **word_limits(library)}


def expand(text: str, library: Library) -> str:
    """Data text with each ``{fact:id}`` replaced by the fact's value (unknown ids are left for DWG040)."""
    facts = declared(library)
    return TOKEN.sub(lambda m: facts[m.group(1)].value if m.group(1) in facts else m.group(0), text)


@dataclass(frozen=True)
class Contradiction:
    fact: Fact
    stated: str
    sentence: str
    offset: int  # where the sentence starts in the text

    def message(self) -> str:
        return (f"'{self.stated}' is about '{self.fact.id}', which {self.fact.file} declares as '{self.fact.value}'; "
                f"write the declared value (or {{fact:{self.fact.id}}} in data, {{{{ fact(\"{self.fact.id}\") }}}} on a page)")


def _topics(sentence: str, facts: dict[str, Fact]) -> Iterator[tuple[int, Fact]]:
    low = sentence.lower()
    for fact in facts.values():
        for topic in fact.topics:
            for m in re.finditer(r"\b" + re.escape(topic), low):
                yield m.start(), fact


def statements(text: str, facts: dict[str, Fact]) -> Iterator[tuple[Fact, str, str, int]]:
    """Every time or count stated in ``text`` with the fact it is about: (fact, quantity, sentence, offset)."""
    pos = 0
    for sentence in SENTENCE_END.split(text):
        start = text.find(sentence, pos)
        pos = start + len(sentence)
        near = list(_topics(sentence, facts))
        for m in QUANTITY.finditer(sentence):
            if VAGUE.match(m.group(0)):
                continue
            kind = unit_kind(m.group(0))
            stated = normal(m.group(0))
            candidates = [(abs(at - m.start()), fact.id, fact) for at, fact in near if kind in fact.kinds]
            # The declared value of any fact the sentence names is consistent; otherwise the nearest topic decides.
            exact = [c for c in candidates if stated in c[2].quantities]
            if candidates:
                yield min(exact or candidates)[2], stated, sentence.strip(), start


def contradictions(text: str, facts: dict[str, Fact]) -> list[Contradiction]:
    """Each time or count in ``text`` that differs from the declared value of the fact it is about."""
    return [
        Contradiction(fact, stated, sentence, offset)
        for fact, stated, sentence, offset in statements(text, facts)
        if stated not in fact.quantities
    ]


def uses(text: str, facts: dict[str, Fact]) -> set[str]:
    """The ids of the facts that ``text`` states (with their declared value)."""
    return {fact.id for fact, stated, _, _ in statements(text, facts) if stated in fact.quantities}


def register(env, library: Library) -> None:
    facts, limits = declared(library), word_limits(library)

    def fact(fact_id: str, sentence_start: bool = False) -> str:
        """The value as Markdown-safe text: it lands inside a page's prose or headings."""
        if fact_id not in facts:
            raise KeyError(f"no fact '{fact_id}' in snippets/facts.yml; declared: {', '.join(sorted(facts))}")
        return md_text(facts[fact_id].sentence_start() if sentence_start else facts[fact_id].value)

    def words(channel: str) -> int:
        if f"words-{channel}" not in limits:
            raise KeyError(f"no channel '{channel}' in snippets/channels.yml")
        return library.channels[channel].max_words

    env.macro(fact, "fact")
    env.macro(words, "words")


# --- Rules ---------------------------------------------------------------------------------------

def _data_texts(library: Library) -> Iterator[tuple[str, Source]]:
    """(file, source) of every loaded data file except the facts' own declaration."""
    for path, source in sorted(library.sources.items()):
        if not path.endswith("/facts.yml"):
            yield path, source


def _where(source: Source, offset: int) -> tuple[str, int]:
    """The field (e.g. 'items.3.text') and line at a place in a data file's text."""
    line = source.text.count("\n", 0, offset) + 1
    paths = [p for p, n in source.lines.items() if n <= line and p]
    field = max(paths, key=lambda p: (source.lines[p], len(p)), default=())
    return ".".join(str(part) for part in field), line


@check("DWG040", Severity.ERROR, "a text names a fact that snippets/facts.yml does not declare")
def unknown_facts(library: Library) -> Iterator[Issue]:
    facts = declared(library)
    for path, source in _data_texts(library):
        for m in TOKEN.finditer(source.text):
            if m.group(1) not in facts:
                known = ", ".join(sorted(facts)) or "none"
                yield path, *_message_at(source, m.start(), f"{m.group(0)} names no declared fact (declared: {known})")
    for sid, entry in sorted(library.extra.get("followups", {}).items()):
        name = entry["data"]["fact"]
        if name not in facts or facts[name].days is None:
            problem = "is not declared in snippets/facts.yml" if name not in facts else "has no 'days' to date the step"
            yield entry["source"].path, "fact", f"fact '{name}' {problem}", entry["source"].line("fact")


@check("DWG041", Severity.ERROR, "a text states a timing or length that differs from the declared fact")
def contradicting_facts(library: Library) -> Iterator[Issue]:
    facts = every_fact(library)
    for path, source in _data_texts(library):
        for c in contradictions(source.text, facts):
            yield path, *_message_at(source, c.offset, c.message())


def _message_at(source: Source, offset: int, message: str) -> tuple[str, str, int]:
    field, line = _where(source, offset)
    return field, message, line
