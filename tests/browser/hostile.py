"""Text a reader might type (or paste) into a letter's form, chosen to break naive code.

Each case must come out exactly as typed: in the preview, the clipboard, the mailto link and the
downloaded file. Markup must never become elements, and nothing may run: every script-shaped case
tries to set ``window.__pwned``.
"""
from __future__ import annotations

import re

PWN = "window.__pwned=1"

HOSTILE: dict[str, str] = {
    "bold-markup": "<b>Acme</b> & <i>Co</i>",
    "script-tag": f"<script>{PWN}</script>",
    "img-onerror": f'<img src=x onerror="{PWN}">',
    "svg-onload": f"<svg onload={PWN}>",
    "iframe-srcdoc": f'<iframe srcdoc="<script>{PWN}</script>"></iframe>',
    "close-pre": f"</pre><script>{PWN}</script><pre>",
    "close-script": f"</script><script>{PWN}</script>",
    "close-textarea": f"</textarea><img src=x onerror={PWN}>",
    "double-quotes": 'She said "no" and "thanks"',
    "single-quotes": "O'Brien's 'final' answer",
    "attribute-break": f'" onmouseover="{PWN}" x="',
    "jinja-expression": "{{ 7*7 }} {{ config }}",
    "jinja-statement": "{% for x in y %}loop{% endfor %}",
    "jinja-comment": "{# hidden #} heading {#id}",
    "placeholder-syntax": "[[your_name]] and [[reason]]",
    "label-lookalike": "[Your name]",
    "emoji": "Thanks 🙏 from 🇳🇿 and 🚀",
    "zwj-family": "👩‍👩‍👧‍👦 and 👩🏽‍💻",
    "arabic-rtl": "شكراً جزيلاً لكم",
    "hebrew-rtl": "תודה רבה, דנה",
    "rlo-override": "Acme \u202egnp.exe\u202c Ltd",
    "cr-lf-injection": "Board\r\nBcc: attacker@example.com\nX: y",
    "html-entity": "&amp; &lt;b&gt; &#60;script&#62; &nbsp;",
    "percent-encoded": "%0A%0DBcc:%20x@example.com %26body%3D",
    "mailto-delimiters": "a&body=injected&subject=two?x=1#frag",
    "javascript-url": "javascript:alert(document.domain)",
    "null-ish": "null undefined NaN false 0 [object Object]",
    "backslashes": r"C:\new\table \\ \u0041 \x41",
    "combining-marks": "Zalgo: Z\u0335\u0321a\u0336l\u0337g\u0338o and e\u0301",
    "nul-and-controls": "tab\there \u0007bell \u200bzero-width",
    "whitespace-only-inner": "  spaced   out  ",
    "long-1000": ("Supply chain resilience in cold climates, " * 30)[:1000],
    "long-unbroken-1000": "W" * 1000,
}


def typed(value: str) -> str:
    """What a one-line text input keeps of a typed or pasted value: Chromium turns each line break into a space."""
    return re.sub(r"\r\n|[\r\n]", " ", value)


def utf16_len(value: str) -> int:
    """Length as the browser counts it for maxlength."""
    return len(value.encode("utf-16-le")) // 2
