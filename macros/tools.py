"""Render the follow-through tools: the offer worksheet, the follow-up planner and the process timeline.

Criteria and follow-up steps are data (``snippets/criteria``, ``snippets/followups``),
validated by the loader into ``library.extra``. Output is whole HTML blocks at
column 0; every piece of data goes through ``esc``/``attrs``. With JavaScript off,
each tool still reads as a plain list.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import facts
from .html import attrs, esc
from .model import Library
from .pages import root_prefix
from .rules import Issue, Severity, check

FIT = (("1", "Poor"), ("2", "Mixed"), ("3", "Good"))
WEIGHT = (("1", "A little"), ("2", "Somewhat"), ("3", "A lot"))
DEFAULT_WEIGHT = "2"
# The summary's lines, by fit: poor and mixed first, so what needs thought leads.
SUMMARY_GROUPS = (
    ("1", "Where the offer falls short:"),
    ("2", "Where it is mixed:"),
    ("3", "Where it fits:"),
    ("0", "Not rated yet:"),
)

# The calendar title used when the reader marks the search as confidential, and the note on a step already past.
NEUTRAL_TITLE = "Personal reminder"
PASSED = " This date has passed, so it is left out of your calendar. "
# The dates the planner takes (the date input's min and max); dwg-tools.js refuses any other with this message.
DATE_RANGE = ("1900-01-01", "2200-12-31")
DATE_ERROR = f"Enter a date between {DATE_RANGE[0][:4]} and {DATE_RANGE[1][:4]}. No calendar file is made until then."

# The whole process in five steps: (step, what to do, the fact in snippets/facts.yml that says when).
PROCESS = (
    ("Decide", "Weigh the offer against your goals, then sleep on it.", "sleep-on-it"),
    ("Call", "Tell them yourself, kindly and clearly.", "answer"),
    ("Confirm in writing", "Send a short email that repeats your answer.", "confirm"),
    ("Thank", "Thank the people you met.", "thank-you"),
    ("Check in", "Share news now and then, and ask for nothing.", "check-in"),
)


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    question: str
    order: int
    guide: str
    guide_title: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    when: str
    offset_days: int
    description: str
    letter: str


def criteria(library: Library) -> list[Criterion]:
    items = library.extra.get("criteria", {})
    found = [Criterion(cid, **{k: e["data"][k] for k in ("label", "question", "order", "guide", "guide_title")}) for cid, e in items.items()]
    return sorted(found, key=lambda c: (c.order, c.id))


def steps(library: Library) -> list[Step]:
    """The follow-up steps in date order; each step's timing comes from the fact it names."""
    known = facts.declared(library)
    found = []
    for sid, entry in library.extra.get("followups", {}).items():
        d, fact = entry["data"], known.get(entry["data"]["fact"])
        if fact is None or fact.days is None:
            continue  # DWG040 reports it
        found.append(Step(sid, d["title"], fact.sentence_start(), fact.days, facts.expand(d["description"], library), d["letter"]))
    return sorted(found, key=lambda s: (s.offset_days, s.id))


def guide_href(guide: str, root: str) -> str:
    """'guide/decide.md#anchor' as a link from a page ``root`` away from the site root."""
    path, _, anchor = guide.partition("#")
    return f"{root}{path.removesuffix('.md')}/" + (f"#{anchor}" if anchor else "")


def radios(name: str, legend: str, choices: tuple[tuple[str, str], ...], checked: str | None = None) -> str:
    options = "".join(
        f'<label><input type="radio"{attrs(name=name, value=value, checked=value == checked)}> {esc(text)}</label>'
        for value, text in choices
    )
    return f'<fieldset class="dwg-scale"><legend>{esc(legend)}</legend>{options}</fieldset>'


def criterion_html(c: Criterion, root: str) -> str:
    qid = f"dwg-q-{c.id}"
    return (
        f'<li{attrs(data_dwg_criterion=c.id, data_label=c.label, data_guide=guide_href(c.guide, root))}>'
        f'<fieldset{attrs(aria_describedby=qid)}><legend><strong>{esc(c.label)}</strong></legend>'
        f'<p id="{qid}">{esc(c.question)}</p>'
        '<div class="dwg-rate" data-dwg-rate data-dwg-js>'
        + radios(f"fit-{c.id}", "How well the offer fits", FIT)
        + radios(f"weight-{c.id}", "How much it matters to you", WEIGHT, DEFAULT_WEIGHT)
        + "</div></fieldset></li>"
    )


def summary_html(crit: list[Criterion], root: str) -> str:
    """The summary's frame: one line per group of ratings and every guide link; the browser fills and hides them."""
    groups = "\n".join(f'<p data-dwg-group="{g}">{esc(text)} <span></span></p>' for g, text in SUMMARY_GROUPS)
    guides = dict.fromkeys((guide_href(c.guide, root), c.guide_title) for c in crit)
    links = "".join(f'<li data-dwg-guide="{esc(href)}"><a href="{esc(href)}">{esc(title)}</a></li>' for href, title in guides)
    return (
        '<div data-dwg-ws-out aria-live="polite">\n<p>Based only on your ratings:</p>\n'
        f"{groups}\n<p data-dwg-help>Guide pages that may help next:</p>\n<ul>{links}</ul>\n</div>\n"
    )


def worksheet(library: Library, root: str = "../../") -> str:
    """The offer-alignment worksheet: a list of questions; the browser adds ratings and a summary."""
    crit = criteria(library)
    items = "\n".join(criterion_html(c, root) for c in crit)
    return (
        '\n<form class="dwg-worksheet" data-dwg-worksheet>\n'
        f'<ol class="dwg-criteria">\n{items}\n</ol>\n</form>\n\n'
        '<div class="dwg-ws-summary" data-dwg-ws-summary data-dwg-js>\n'
        '<h3 id="dwg-ws-summary">Your summary</h3>\n'
        + summary_html(crit, root)
        + '<p><button type="button" class="md-button" data-dwg-ws-copy data-clipboard-text="">Copy the summary</button> '
        '<button type="button" class="md-button" data-dwg-ws-reset>Clear my ratings</button></p>\n'
        '<p class="dwg-privacy-note">Your ratings stay in this browser. They are kept after you leave only if you chose '
        "“Remember my details” on a letter page.</p>\n</div>\n"
    )


def step_html(s: Step, library: Library, root: str) -> str:
    letter = library.letters.get(s.letter)
    link = f'<a href="{esc(root)}letters/{esc(s.letter)}/">Letter: {esc(letter.title if letter else s.letter)}</a>'
    button = (
        f'<button type="button" class="md-button"{attrs(data_dwg_ics=s.id, aria_label=f"Add to calendar: {s.title}", data_dwg_js=True)}>'
        "Add to calendar</button>"
    )
    return (
        f'<li{attrs(data_dwg_step=s.id, data_offset=s.offset_days, data_title=s.title, data_description=s.description)}>'
        f'<strong>{esc(s.title)}</strong> · <span>{esc(s.when)}</span> <time data-dwg-date datetime="P{s.offset_days}D"></time>'
        f"<small data-dwg-passed hidden>{esc(PASSED)}</small>"
        f"{esc(s.description)}<br>{link} {button}</li>"
    )


def planner(library: Library, root: str = "../../") -> str:
    """The follow-up planner: the steps as a list; the browser adds dates and calendar files."""
    items = "\n".join(step_html(s, library, root) for s in steps(library))
    return (
        f'\n<form class="dwg-planner" data-dwg-planner data-dwg-js{attrs(data_dwg_neutral=NEUTRAL_TITLE)}>\n'
        '<p class="dwg-field"><label for="dwg-declined">The date you declined</label>'
        f'<input type="date" id="dwg-declined" data-dwg-declined required{attrs(min=DATE_RANGE[0], max=DATE_RANGE[1])}'
        ' aria-describedby="dwg-declined-error">'
        "</p>\n"
        f'<p id="dwg-declined-error" data-dwg-date-error role="alert" hidden>{esc(DATE_ERROR)}</p>\n'
        '<p class="dwg-field"><label for="dwg-contact">Contact\'s name (optional)</label>'
        '<input type="text" id="dwg-contact" data-dwg-contact maxlength="120" autocomplete="off" aria-describedby="dwg-company-hint"></p>\n'
        '<p class="dwg-field"><label for="dwg-company">Company (optional)</label>'
        '<input type="text" id="dwg-company" data-dwg-company maxlength="120" autocomplete="off" aria-describedby="dwg-company-hint">'
        '<small id="dwg-company-hint">The name and the company are added to the title of each calendar event.</small></p>\n'
        '<p class="dwg-checkbox"><label><input type="checkbox" data-dwg-confidential aria-describedby="dwg-confidential-hint"> '
        'My search is confidential</label>'
        f'<small id="dwg-confidential-hint">Each event is titled “{esc(NEUTRAL_TITLE)}”, marked private, '
        "and leaves out the name and the company.</small></p>\n"
        '<p class="dwg-field"><label for="dwg-note">Note for your calendar (optional)</label>'
        '<textarea id="dwg-note" data-dwg-note maxlength="1000" rows="2"></textarea></p>\n'
        '<p><button type="button" class="md-button md-button--primary" data-dwg-ics="">Add all steps to your calendar</button></p>\n'
        '<p class="dwg-privacy-note">The calendar files are made in your browser. Nothing you type here is saved or sent. '
        "Each event is shown as free time, with a reminder the day before. Weekend dates move to the Monday, "
        "and steps whose date has passed are left out.</p>\n"
        "</form>\n\n"
        f'<ol class="dwg-plan" data-dwg-plan>\n{items}\n</ol>\n'
    )


def process_timeline(library: Library) -> str:
    """The whole process as an ordered list, drawn as a timeline by CSS; the list is the text alternative."""
    known = facts.declared(library)
    items = "\n".join(
        f"<li><strong>{esc(step)}</strong> <span>{esc(what)}</span> <small>{esc(known[when].sentence_start())}</small></li>"
        for step, what, when in PROCESS
    )
    return (
        '\n<div class="dwg-process">\n'
        '<p id="dwg-process-title"><strong>The whole process at a glance</strong></p>\n'
        f'<ol class="dwg-timeline" aria-labelledby="dwg-process-title">\n{items}\n</ol>\n</div>\n'
    )


def register(env, library: Library) -> None:
    """Expose the tools' macros to pages; links are made relative to the page that calls them."""

    def root() -> str:
        return root_prefix(getattr(env, "page", None))

    env.macro(lambda: worksheet(library, root()), "worksheet")
    env.macro(lambda: planner(library, root()), "planner")
    env.macro(lambda: process_timeline(library), "process_timeline")
    facts.register(env, library)  # fact(), words()


@check("DWG030", Severity.ERROR, "a follow-up step names a letter that is missing or is not a follow-up")
def followup_letters(library: Library) -> Iterator[Issue]:
    for sid, entry in sorted(library.extra.get("followups", {}).items()):
        source, letter_id = entry["source"], entry["data"]["letter"]
        letter = library.letters.get(letter_id)
        if letter is None:
            yield source.path, "letter", f"no letter '{letter_id}' in docs/letters/", source.line("letter")
        elif letter.kind != "follow-up":
            yield source.path, "letter", f"letter '{letter_id}' is a {letter.kind} letter, not a follow-up", source.line("letter")
