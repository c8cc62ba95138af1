"""The shared example letters for the letter-text rules, and the contexts they are checked in.

Both interpreters read these: tests/test_text_rules.py (Python) and tests/browser/test_check.py (Chromium).
A context's channel limits come from snippets/channels.yml through the project's loader, never from here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from conftest import ROOT
from macros import text_check as tc
from macros.loading import cached_library

EXAMPLES_DIR = ROOT / "tests" / "fixtures" / "text_rules"
CHANNELS = cached_library(ROOT / "snippets").library.channels


@dataclass(frozen=True)
class Example:
    name: str
    text: str
    context: tc.Context
    expect: list[str]
    only: str | None = None  # a declaration example runs its own rule only


def context(data: dict[str, Any]) -> tc.Context:
    channel = CHANNELS[data.get("channel", "email")]
    return tc.Context(
        kind=data.get("kind", "decline"), channel=channel.id, channel_label=channel.label, max_words=channel.max_words,
        subject_rule=channel.subject, subject=data.get("subject", "") or "", reply=bool(data.get("reply", False)),
        reason=data.get("reason", "") or "", fields=dict(data.get("fields") or {}),
    )


def fixture_examples() -> list[Example]:
    out = []
    for path in sorted(EXAMPLES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append(Example(path.stem, data["text"], context(data["context"]), list(data["expect"])))
    return out


def declaration_examples() -> list[Example]:
    """Each rule's good and bad example from the declaration, run with that rule alone."""
    out = []
    for rule in tc.text_rules():
        for verdict in ("good", "bad"):
            ex = rule.examples[verdict]
            ex = ex if isinstance(ex, dict) else {"text": ex}
            ctx = {"kind": rule.applies if rule.applies != "all" else "decline", "subject": "Example", **ex}
            if rule.test == "reason_sentences":
                ctx["reason"] = ex["text"]
            out.append(Example(f"{rule.id}-{verdict}", ex["text"], context(ctx), [rule.id] if verdict == "bad" else [], rule.id))
    return out


def all_examples() -> list[Example]:
    return fixture_examples() + declaration_examples()


def python_findings(ex: Example) -> list[dict[str, str]]:
    return [f.as_json() for f in tc.check(ex.text, ex.context, "reader", only=ex.only)]
