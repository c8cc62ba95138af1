"""Render the library to page content: letter pages, the library index and the checklists.

Output is Markdown headings plus whole HTML blocks that start at column 0, so it
survives being placed anywhere in a page. All data is escaped; none is parsed as
Markdown or as a template.
"""
from __future__ import annotations

from . import facts
from .html import attrs, esc, json_island, md_text
from .model import (
    UNCHOSEN,
    Letter,
    Library,
    Placeholder,
    Variant,
    compose_letter,
    form_placeholders,
    option_fields,
    options_for,
    parts_for,
    reason_text,
)
from .template_text import MONTHS, RELATIVE_TIME, SEASONS, fill, segments

NO_SCRIPT_HINT = "Replace each label in square brackets with your own details before you send it."
PRIVACY_NOTE = (
    "What you type stays in this browser and is never sent anywhere. It follows you to the other letters in "
    "this tab and is gone when you close the tab. Remember it on this device only if the computer is yours "
    "alone: never on a shared or work computer."
)
# What the letter says when the reader has edited it and then changes the form; dwg-letters.js copies it
# into the live region above it.
STALE_TEXT = (
    '<template data-dwg-stale-text data-search-exclude>You have edited the letter, so the change you just made is not '
    'in it. Your own text is kept. <button type="button" class="md-button" data-dwg-act="revert">Use the form version '
    "instead</button></template>"
)


def unkept_html(what: str) -> str:
    """Said next to a tool's privacy note when the browser refuses to store anything (dwg-*.js shows it)."""
    return (f'<p data-dwg-unkept role="status" hidden>This browser is not keeping anything: '
            f"your {esc(what)} will be gone when you leave this page.</p>")


LENGTH_LABELS = {"standard": "Standard", "brief": "Brief: the essentials only"}


def slot_html(text: str, library: Library) -> str:
    """Escaped text with each placeholder as a labelled span the browser can fill."""
    labels = library.labels()
    return "".join(
        esc(part)
        if isinstance(part, str)
        else f'<span class="dwg-slot"{attrs(data_dwg_slot=part.id)}>[{esc(labels.get(part.id, part.id))}]</span>'
        for part in segments(text)
    )


def plain_text(variant: Variant, library: Library, values: dict[str, str] | None = None) -> str:
    """The text a reader copies with "Copy all": subject line first when there is one."""
    labels, types = library.labels(), library.types()
    body = fill(variant.body, values or {}, labels, types)
    if variant.subject:
        return f"Subject: {fill(variant.subject, values or {}, labels, types)}\n\n{body}"
    return body


def field_html(p: Placeholder, needed_by: list[str]) -> str:
    hint_id = f"dwg-hint-{p.id}" if p.hint else None
    hint = f'<small id="{hint_id}">{esc(p.hint)}</small>' if p.hint else ""
    return (
        f'<p class="dwg-field"{attrs(data_dwg_needs=" ".join(needed_by) or None, hidden=bool(needed_by))}><label for="dwg-f-{p.id}">{esc(p.label)}</label>'
        f'<input type="text"{attrs(id=f"dwg-f-{p.id}", maxlength=p.max_length, data_dwg_input=p.id, aria_describedby=hint_id)}>'
        f"{hint}</p>"
    )


def picker_html(kind: str, label: str, unchosen: str, choices: list[tuple[str, str]], hint: str) -> str:
    """A select whose first entry says what the letter shows until the reader picks: no silent default."""
    options = f'<option value="" selected>{esc(unchosen)}</option>' + "".join(
        f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in choices)
    return (
        f'<p class="dwg-field"><label for="dwg-o-{kind}">{esc(label)}</label>'
        f'<select id="dwg-o-{kind}"{attrs(data_dwg_option=kind, aria_describedby=f"dwg-o-{kind}-hint")}>{options}</select>'
        f'<small id="dwg-o-{kind}-hint">{esc(hint)}</small></p>'
    )


def radios_html(kind: str, legend: str, choices: list[tuple[str, str]]) -> str:
    boxes = "".join(
        f'<label><input type="radio" name="dwg-o-{kind}"{attrs(value=v, data_dwg_option=kind, checked=i == 0)}> {esc(t)}</label>'
        for i, (v, t) in enumerate(choices))
    return f'<fieldset class="dwg-choice"><legend>{esc(legend)}</legend>{boxes}</fieldset>'


def options_html(library: Library, letter: Letter) -> str:
    offered = options_for(library, letter)
    parts = []
    if "reason" in offered:
        reasons = [(r, library.reasons[r].label) for r in offered["reason"]]
        parts.append(picker_html(
            "reason", "Your reason", "Not chosen yet: the letter gives no reason", reasons,
            'Until you choose, the letter gives no reason. "No reason given" leaves it out on purpose.'))
    if "closing" in offered:
        closings = [(c, library.closings[c].label) for c in offered["closing"]]
        parts.append(picker_html(
            "closing", "How you keep the door open", "Not chosen yet: good wishes only", closings,
            "Until you choose, the letter ends with good wishes only."))
    if "length" in offered:
        parts.append(radios_html("length", "Length", [(x, LENGTH_LABELS[x]) for x in offered["length"]]))
    if "formality" in offered:
        parts.append(radios_html("formality", "Tone", [(f, library.formality[f].label) for f in offered["formality"]]))
    if "extras" in offered:
        boxes = "".join(
            f'<label><input type="checkbox"{attrs(value=e, data_dwg_option="extras")}> {esc(library.extras[e].label)}</label>'
            f"<small>{esc(library.extras[e].summary)}</small>" for e in offered["extras"])
        parts.append(f'<fieldset class="dwg-choice dwg-extras"><legend>Add if it fits</legend>{boxes}</fieldset>')
    if letter.subject:
        parts.append('<p class="dwg-field"><label><input type="checkbox" data-dwg-reply> '
                     "I will reply in the offer's email thread, so leave the subject out</label></p>")
    return "\n".join(parts)


def form_html(library: Library, letter: Letter) -> str:
    needs = option_fields(library, letter)
    fields = form_placeholders(library, letter)
    always = "\n".join(field_html(p, []) for p in fields if not needs.get(p.id))
    # Fields only an option needs (the one-line reason, the month to call again) follow the pickers.
    on_demand = "\n".join(field_html(p, needs[p.id]) for p in fields if needs.get(p.id))
    # The controls are the same on every letter, so search leaves them out (bench/page_weight.py budget).
    return (
        # No name on any field and autocomplete off for all of them: nothing typed here can be sent or suggested.
        '<form class="dwg-form" data-dwg-form data-dwg-js data-search-exclude autocomplete="off">\n'
        f"{always}\n{options_html(library, letter)}\n{on_demand}\n"
        '<p class="dwg-privacy"><label><input type="checkbox" data-dwg-remember> Remember my details on this device</label> '
        '<button type="button" class="md-button" data-dwg-forget>Forget my details</button></p>\n'
        f"{unkept_html('details')}\n"
        f'<p class="dwg-privacy-note">{esc(PRIVACY_NOTE)}</p>\n'
        "</form>"
    )


# The pre-send check (issue #13): a findings list next to each letter's buttons, which dwg-check.js fills.
# It is only rendered when define_env passes the reader rules, so the renderer never reads the declaration.
# Its summary line is there from the start: a live region before its first words, which every way to send the
# letter names as its description (the count of findings left).
CHECK_SUMMARY = "dwg-check-summary"
CHECK_LIST = (f'<div class="dwg-check" data-dwg-check data-dwg-js><p id="{CHECK_SUMMARY}" '
              'aria-live="polite"></p></div>\n')
# The browser makes the findings' guide links from the island's JSON, which no builder rewrites, so the way
# back to the site root is the one from the page's address: letters/<id>/ under MkDocs and Zensical alike.
LETTER_TO_ROOT = "../../"


def check_data(library: Library, letter: Letter, rules: dict) -> dict:
    """What dwg.check needs besides the text: the rules, the letter's kind and its channel's limits."""
    channel = library.channels[letter.channel]
    return {"rules": rules, "kind": letter.kind, "channel": channel.id, "channelLabel": channel.label,
            "maxWords": channel.max_words, "subjectRule": channel.subject, "base": LETTER_TO_ROOT}


def first_choice(library: Library, letter: Letter) -> dict:
    """What the page shows before the reader picks anything (and without scripts)."""
    offered = options_for(library, letter)
    choice: dict = {kind: UNCHOSEN.get(kind, ids[0]) for kind, ids in offered.items() if kind != "extras"}
    choice["extras"] = []
    return choice


# The words a "when" value is phrased with (template_text.when_phrase); the browser gets them from here.
WHEN_WORDS = {"seasons": " ".join(SEASONS), "months": " ".join(MONTHS), "relative": RELATIVE_TIME.pattern}


def placeholder_data(p: Placeholder) -> dict:
    """A field's label, and its type when the browser treats it specially (names, when)."""
    if p.type == "text":
        return {"label": p.label}
    return {"label": p.label, "type": p.type} | (WHEN_WORDS if p.type == "when" else {})


def island_data(library: Library, letter: Letter, check_rules: dict | None = None) -> dict:
    """The parts the browser composes from, with the same steps as template_text.compose (never every combination)."""
    offered = options_for(library, letter)
    channel = library.channels[letter.channel]
    parts: dict[str, dict[str, dict[str, str]]] = {}
    for kind, ids in offered.items():
        if kind in ("reason", "closing", "extras"):
            parts[kind] = {i: parts_for(library, letter, {kind: [i] if kind == "extras" else i})[kind] for i in ids}
    parts["formality"] = {
        f: {"salutation": library.formality[f].salutation, "sign_off": library.formality[f].sign_off}
        for f in offered.get("formality", ())}
    checks = {"check": check_data(library, letter, check_rules)} if check_rules else {}
    return checks | {
        "id": letter.id,
        "email": channel.can_email,
        "subject": letter.subject,
        "body": letter.body,
        "unchosen": UNCHOSEN,
        "offered": offered,
        "parts": parts,
        "placeholders": {p.id: placeholder_data(p) for p in form_placeholders(library, letter)},
    }


def action(label: str, act: str, about: str | None = None) -> str:
    return f'<button type="button" class="md-button"{attrs(data_dwg_act=act, aria_describedby=about)}>{esc(label)}</button>'


def actions_html(library: Library, letter: Letter, checked: bool = False) -> str:
    """The ways to copy, edit and send; with the pre-send check, each way to send is described by its summary."""
    about = CHECK_SUMMARY if checked else None
    copies = [("Copy subject", "copy-subject"), ("Copy body", "copy-body"), ("Copy all", "copy-all")]
    buttons = [action(t, a, about) for t, a in copies] if letter.subject else [action("Copy", "copy-all", about)]
    buttons.append('<button type="button" class="md-button" data-dwg-act="edit" aria-pressed="false">Edit</button>')
    if library.channels[letter.channel].can_email:
        buttons.append(f'<a class="md-button" data-dwg-mail href="mailto:"{attrs(aria_describedby=about)}>Open in email</a>')
        buttons.append(action("Download .eml draft", "eml", about))
    buttons.append(action("Download .txt", "txt", about))
    return f'<p class="dwg-actions" data-dwg-actions data-dwg-js>{"".join(buttons)}</p>'


def wordings_html(library: Library, letter: Letter) -> str:
    """Without scripts, the other reasons and closings are listed to paste in by hand."""
    offered = options_for(library, letter)
    lists = []
    for kind, title, option in (
        ("reason", "Reasons", lambda i: (library.reasons[i].label, reason_text(letter, library.reasons[i]))),
        ("closing", "Ways to keep the door open", lambda i: (library.closings[i].label, library.closings[i].text)),
        ("extras", "Sentences to add if they fit", lambda i: (library.extras[i].label, library.extras[i].text)),
    ):
        items = [
            f"<li>{esc(label)}: {slot_html(text.strip(), library) or 'leave it out.'}</li>"
            for label, text in map(option, offered.get(kind, ()))
        ]
        if items:
            lists.append(f"<p>{esc(title)}:</p><ul>{''.join(items)}</ul>")
    if not lists:
        return ""
    return ('<details class="dwg-wordings" data-dwg-nojs data-search-exclude><summary>Other wordings to paste in</summary>'
            + "".join(lists) + "</details>")


def letter_body(library: Library, letter: Letter, root: str = "../../", check_rules: dict | None = None) -> str:
    """The content of a letter's page, below its title; ``root`` leads from the page to the site root.
    With ``check_rules``, the pre-send check too."""
    channel = library.channels[letter.channel]
    situation = library.situations[letter.situation]
    subject, body = compose_letter(library, letter, first_choice(library, letter))
    subject_parts = []
    if subject:
        subject_parts = [
            f'<p class="dwg-subject" data-dwg-nojs>Subject: {slot_html(subject, library)}</p>',
            '<p class="dwg-field" data-dwg-js data-dwg-subject-field><label for="dwg-subject">Subject</label>'
            f'<input type="text" id="dwg-subject" data-dwg-subject maxlength="300" autocomplete="off"'
            f'{attrs(value=fill(subject, {}, library.labels()))}></p>',
        ]
    parts = [
        f'<p class="dwg-lede">{esc(letter.description)}</p>',
        f'<p class="dwg-meta"><span>{esc(channel.label)}</span> · <span>{esc(situation.label)}</span> · '
        f'<a href="{esc(root)}letters/">All letters</a></p>',
        "",
        "## Fill in your details",
        "",
        f'<p class="dwg-nojs" data-dwg-nojs>{esc(NO_SCRIPT_HINT)}</p>',
        "",
        form_html(library, letter),
        "",
        "## Your letter",
        "",
        '<div class="dwg-letter" data-dwg-letter>',
        *subject_parts,
        f'<pre class="dwg-body" data-dwg-body data-search-exclude>{slot_html(body, library)}</pre>',
        '<textarea data-dwg-area hidden aria-label="Edit your letter"></textarea>',
        '<div class="dwg-stale" data-dwg-stale aria-live="polite"></div>',
        STALE_TEXT,
        actions_html(library, letter, checked=bool(check_rules)),
        CHECK_LIST.strip() if check_rules else "",
        wordings_html(library, letter),
        # In a <template>, so Material's instant navigation does not re-run the island as a classic script.
        f"<template data-dwg-island>{json_island(island_data(library, letter, check_rules), data_dwg_data=True)}</template>",
        "</div>",
        "",
    ]
    if letter.tips:
        parts += ["## Before you send it", "", '<ul class="dwg-tips">']
        parts += [f"<li>{esc(facts.expand(tip, library))}</li>" for tip in letter.tips]
        parts += ["</ul>", ""]
    return "\n".join(parts)


def letter_url(letter_id: str) -> str:
    """Where a letter's page lives, relative to the library index."""
    return f"{letter_id}/"


def select_html(name: str, label: str, options: list[tuple[str, str]]) -> str:
    opts = '<option value="">Any</option>' + "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in options)
    return f'<p class="dwg-field"><label for="dwg-filter-{name}">{esc(label)}</label><select id="dwg-filter-{name}" data-dwg-filter="{name}">{opts}</select></p>'


def checklist_tags(library: Library, situations: tuple[str, ...] | None, reasons: tuple[str, ...] | None) -> str:
    tags = []
    if situations:
        tags.append("Only if: " + ", ".join(library.situations[s].label for s in situations if s in library.situations))
    if reasons:
        tags.append("If your reason is: " + ", ".join(library.reasons[r].label for r in reasons if r in library.reasons))
    return "".join(f' <small class="dwg-tag">{esc(t)}</small>' for t in tags)


def checklists(library: Library) -> str:
    """Every checklist; items tagged with their situations, so each situation's variant can be shown."""
    situations = [(s.id, s.label) for s in library.situations.values()]
    picker = (
        '<form class="dwg-filters" data-dwg-checklist-filter data-dwg-js>\n'
        + select_html("checklist-situation", "Show the steps for", situations)
        + '\n<p class="dwg-privacy-note">Your ticks are saved as you go, and only in this browser.</p>\n'
        + unkept_html("ticks") + "\n</form>"
    )
    parts = [picker, ""]
    for c in sorted(library.checklists.values(), key=lambda c: (c.order, c.id)):
        parts += [f"## {md_text(c.title)}", "", f"<p>{esc(c.summary)}</p>", ""]
        rows = []
        for item in c.items:
            key = f"{c.id}/{item.id}"
            box_id = f"dwg-cl-{c.id}-{item.id}"
            rows.append(
                f'<li{attrs(data_situations=" ".join(item.situations or ()) or None)}>'
                f'<input type="checkbox"{attrs(id=box_id, data_dwg_tick=key)}>'
                f' <label for="{box_id}">{esc(facts.expand(item.text, library))}</label>{checklist_tags(library, item.situations, item.reasons)}</li>'
            )
        reset = f'<p><button type="button" class="md-button"{attrs(data_dwg_reset=c.id, data_dwg_js=True)}>Reset “{esc(c.title)}”</button></p>'
        parts += [f'<ul class="dwg-checklist"{attrs(data_dwg_checklist=c.id)}>', *rows, "</ul>", "", reset, ""]
    return "\n".join(parts)
