"""Render the library to page content: letter pages, the library index and the checklists.

Output is Markdown headings plus whole HTML blocks that start at column 0, so it
survives being placed anywhere in a page. All data is escaped; none is parsed as
Markdown or as a template.
"""
from __future__ import annotations

from . import facts
from .html import attrs, esc, json_island, md_text
from .model import Letter, Library, Placeholder, Variant, form_placeholders, reasons_for, variants
from .template_text import fill, segments

NO_SCRIPT_HINT = "Replace each label in square brackets with your own details before you send it."


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
    """The text a reader copies: subject line first when there is one."""
    labels = library.labels()
    body = fill(variant.body, values or {}, labels)
    if variant.subject:
        return f"Subject: {fill(variant.subject, values or {}, labels)}\n\n{body}"
    return body


def field_html(p: Placeholder) -> str:
    hint_id = f"dwg-hint-{p.id}" if p.hint else None
    hint = f'<small id="{hint_id}">{esc(p.hint)}</small>' if p.hint else ""
    return (
        f'<p class="dwg-field"><label for="dwg-f-{p.id}">{esc(p.label)}</label>'
        f'<input type="text"{attrs(id=f"dwg-f-{p.id}", name=p.id, maxlength=p.max_length, data_dwg_input=p.id, aria_describedby=hint_id, autocomplete="off")}>'
        f"{hint}</p>"
    )


def form_html(library: Library, letter: Letter) -> str:
    fields = "\n".join(field_html(p) for p in form_placeholders(library, letter))
    reasons = reasons_for(library, letter)
    picker = ""
    if reasons:
        options = "".join(f'<option value="{esc(r.id)}">{esc(r.label)}</option>' for r in reasons)
        picker = (
            '<p class="dwg-field"><label for="dwg-reason">Your reason</label>'
            f'<select id="dwg-reason" data-dwg-reason aria-describedby="dwg-reason-hint">{options}</select>'
            '<small id="dwg-reason-hint">A reason is optional. Choose "No reason given" to leave it out.</small></p>'
        )
    return (
        '<form class="dwg-form" data-dwg-form data-dwg-js>\n'
        f"{fields}\n{picker}\n"
        '<p class="dwg-privacy"><label><input type="checkbox" data-dwg-remember> Remember my details on this device</label> '
        '<button type="button" class="md-button" data-dwg-forget>Forget my details</button></p>\n'
        '<p class="dwg-privacy-note">What you type stays in this browser. Nothing is sent anywhere.</p>\n'
        "</form>"
    )


# The pre-send check (issue #13): a findings list next to each letter's buttons, which dwg-check.js fills.
# It is only rendered when define_env passes the reader rules, so the renderer never reads the declaration.
CHECK_LIST = '<div class="dwg-check" data-dwg-check data-dwg-js></div>\n'
# The browser makes the findings' guide links from the island's JSON, which no builder rewrites, so the way
# back to the site root is the one from the page's address: letters/<id>/ under MkDocs and Zensical alike.
LETTER_TO_ROOT = "../../"


def check_data(library: Library, letter: Letter, rules: dict) -> dict:
    """What dwg.check needs besides the text: the rules, the letter's kind and its channel's limits."""
    channel = library.channels[letter.channel]
    return {"rules": rules, "kind": letter.kind, "channel": channel.id, "channelLabel": channel.label,
            "maxWords": channel.max_words, "subjectRule": channel.subject, "base": LETTER_TO_ROOT}


def variant_html(variant: Variant, library: Library, channel_label: str, check: bool = False) -> str:
    vid = f"dwg-v-{variant.slot_id}"
    heading = f"Reason: {variant.label}" if variant.reason else channel_label
    subject = ""
    if variant.subject:
        subject = f'<p class="dwg-subject">Subject: <span data-dwg-subject>{slot_html(variant.subject, library)}</span></p>\n'
    return (
        f'<section class="dwg-variant"{attrs(data_dwg_variant=variant.slot_id, aria_labelledby=vid)}>\n'
        f'<h3 id="{vid}">{esc(heading)}</h3>\n'
        f"{subject}"
        f'<pre class="dwg-body" data-dwg-body data-search-exclude>{slot_html(variant.body, library)}</pre>\n'
        '<p class="dwg-actions" data-dwg-actions data-dwg-js></p>\n'
        f"{CHECK_LIST if check else ''}"
        "</section>"
    )


def island_data(library: Library, letter: Letter, check_rules: dict | None = None) -> dict:
    checks = {"check": check_data(library, letter, check_rules)} if check_rules else {}
    return checks | {
        "id": letter.id,
        "channel": letter.channel,
        "title": letter.title,
        "placeholders": {p.id: {"label": p.label, "max": p.max_length} for p in form_placeholders(library, letter)},
        "variants": [
            {"id": v.slot_id, "label": v.label, "subject": v.subject, "body": v.body} for v in variants(library, letter)
        ],
    }


def letter_body(library: Library, letter: Letter, root: str = "../../", check_rules: dict | None = None) -> str:
    """The content of a letter's page, below its title; ``root`` leads from the page to the site root.
    With ``check_rules``, the pre-send check too."""
    channel = library.channels[letter.channel]
    situation = library.situations[letter.situation]
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
        *(variant_html(v, library, channel.label, bool(check_rules)) for v in variants(library, letter)),
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
        + '\n<p class="dwg-privacy-note">Your ticks are saved as you go, and only in this browser.</p>\n</form>'
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
