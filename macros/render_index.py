"""Render the letters index: the plan questions, the message plan, and every letter grouped by situation.

Without scripts the reader gets the grouped list only. With them, dwg-plan.js shows the questions and
the plan (already drawn for the default answers, so nothing moves when it starts), narrows the list and
keeps the answers in the page address. Everything the script needs is in the markup: which answers a
plan entry fits (``data-when``), what each answer implies (``data-reason``, ``data-extras``) and what
each letter's link carries (``data-carry-reason``, ``data-carry-extras``).
"""
from __future__ import annotations

import json
from urllib.parse import urlencode

from .html import attrs, esc
from .model import Library, reasons_for
from .plan import Plan, PlanPart, Question, options_for, ordered_parts, plan_for
from .render import letter_url, select_html

EMPTY = 'No letter matches both choices. Set one of them back to "Any".'


def answer_key(question: Question, answer_id: str) -> str:
    return f"dwg-q-{question.id}-{answer_id}"


def question_html(question: Question) -> str:
    """One question as a group of radio buttons; each answer says what it implies for the letters."""
    choices = "".join(
        f"<label{attrs(for_=answer_key(question, a.id))}><input type=\"radio\""
        f"{attrs(id=answer_key(question, a.id), name=question.id, value=a.id, checked=a.id == question.default, data_reason=a.reason, data_extras=' '.join(a.extras) or None)}>"
        f" {esc(a.label)}</label>"
        for a in question.answers
    )
    return f'<fieldset class="dwg-question"><legend>{esc(question.label)}</legend>{choices}</fieldset>'


def part_href(plan: Plan, part: PlanPart, answers: dict[str, str]) -> str:
    query = urlencode(options_for(plan, part, answers), safe=",")
    return letter_url(part.letter) + (f"?{query}" if query else "")


def plan_item_html(library: Library, part: PlanPart, shown: bool) -> str:
    """One message of the plan: its link (for the default answers), its step and channel, and why it comes here."""
    plan, letter = library.plan, library.letters[part.letter]
    step = next((s.label for s in plan.steps if s.id == part.step), part.step)
    data = attrs(
        data_letter=part.letter, data_when=json.dumps(dict(part.when), separators=(",", ":")),
        data_carry_reason=part.carry_reason, data_carry_extras=" ".join(part.carry_extras) or None, hidden=not shown,
    )
    return (
        f"<li{data}><a{attrs(href=part_href(plan, part, plan.defaults()), data_href=letter_url(part.letter))}>{esc(letter.title)}</a>"
        f'<br><span class="dwg-meta">{esc(step)} · {esc(library.channels[letter.channel].label)}</span>'
        f"<br>{esc(part.why)}</li>"
    )


def plan_html(library: Library) -> str:
    """The questions and every letter that can be in a plan, in plan order; those that do not fit the
    default answers start hidden."""
    plan = library.plan
    shown = {p.letter for p in plan_for(plan, plan.defaults())}
    items = [plan_item_html(library, part, part.letter in shown) for part in ordered_parts(plan)]
    questions = "\n".join(question_html(q) for q in plan.questions)
    return (
        '<form class="dwg-plan-questions" data-dwg-plan data-dwg-js aria-labelledby="dwg-plan-q">\n'
        '<h2 id="dwg-plan-q">Your situation</h2>\n'
        "<p>Each question starts on the most common answer. Change any that do not fit; the plan follows.</p>\n"
        f"{questions}\n</form>\n"
        '<section class="dwg-plan" data-dwg-plan-result data-dwg-js aria-labelledby="dwg-plan-h">\n'
        '<h2 id="dwg-plan-h">Your messages, in order</h2>\n'
        '<ol class="dwg-plan-list" data-dwg-plan-list aria-live="polite">\n' + "\n".join(items) + "\n</ol>\n</section>"
    )


def list_html(library: Library) -> str:
    """Every letter, grouped by situation in the order situations.yml gives."""
    groups = []
    for situation in library.situations.values():
        letters = sorted((l for l in library.letters.values() if l.situation == situation.id), key=lambda l: (not l.is_decline, l.title))
        if not letters:
            continue
        items = []
        for letter in letters:
            reason_ids = " ".join(r.id for r in reasons_for(library, letter))
            items.append(
                f"<li{attrs(data_channel=letter.channel, data_reasons=reason_ids, data_kind=letter.kind)}>"
                f'<a{attrs(href=letter_url(letter.id), data_href=letter_url(letter.id))}>{esc(letter.title)}</a>'
                f'<br><span class="dwg-meta">{esc(library.channels[letter.channel].label)}</span><br>{esc(letter.description)}</li>'
            )
        gid = f"dwg-g-{situation.id}"
        groups.append(
            f'<section class="dwg-group"{attrs(data_dwg_group=situation.id, aria_labelledby=gid)}>'
            f'<h3 id="{gid}">{esc(situation.label)}</h3>\n<p>{esc(situation.summary)}</p>\n'
            '<ul class="dwg-index">\n' + "\n".join(items) + "\n</ul></section>"
        )
    return '<div data-dwg-index>\n' + "\n".join(groups) + "\n</div>"


def filters_html(library: Library) -> str:
    reasons = sorted(library.reasons.values(), key=lambda r: (r.order, r.id))
    total = len(library.letters)
    return (
        '<form class="dwg-filters" data-dwg-filters data-dwg-js>\n'
        + select_html("channel", "How you will send it", [(c.id, c.label) for c in library.channels.values()])
        + select_html("reason", "Your reason", [(r.id, r.label) for r in reasons])
        # The count starts filled in, as the script would fill it, so the list does not move when it runs.
        + f'\n<p class="dwg-count" data-dwg-count aria-live="polite">Showing {total} of {total} letters</p>\n</form>'
    )


def letter_index(library: Library) -> str:
    """The letters index page body, below its introduction."""
    parts = []
    if library.plan.questions and library.plan.parts:
        parts += [plan_html(library), ""]
    parts += [
        "## All letters",
        "",
        filters_html(library),
        "",
        list_html(library),
        "",
        f"<p data-dwg-empty hidden>{esc(EMPTY)}</p>",
    ]
    return "\n" + "\n".join(parts) + "\n"
