"""The data reference page is generated from the schemas: every property of every schema is on it."""
from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from macros import rules
from macros.loading import KINDS

SCHEMAS = sorted((ROOT / "macros" / "schemas").glob("*.schema.json"))


def properties(node: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Walk a schema on its own terms: nested objects, arrays of objects, and maps."""
    for name, prop in node.get("properties", {}).items():
        path = prefix + name
        yield path, prop
        yield from properties(prop, path + ".")
        items = prop.get("items")
        if isinstance(items, dict):
            yield from properties(items, path + "[].")


@pytest.fixture(scope="module")
def page(built_site: Path) -> str:
    return (built_site / "contributing" / "reference" / "index.html").read_text(encoding="utf-8")


def test_every_schema_file_is_a_kind() -> None:
    assert {k.schema for k in KINDS} == {p.name for p in SCHEMAS}


@pytest.mark.parametrize("schema_file", SCHEMAS, ids=lambda p: p.stem)
def test_every_property_is_on_the_page(page: str, schema_file: Path) -> None:
    doc = json.loads(schema_file.read_text(encoding="utf-8"))
    assert html.escape(doc["description"]) in page
    found = list(properties(doc))
    assert found, f"{schema_file.name} has no properties"
    for path, prop in found:
        assert f"<code>{html.escape(path)}</code>" in page, f"{schema_file.name}: {path} is not on the reference page"
        assert html.escape(prop["description"]) in page, f"{schema_file.name}: the description of {path} is missing"
        for value in prop.get("enum", ()):
            assert f"<code>{html.escape(str(value))}</code>" in page


def test_every_rule_is_in_the_rule_table(page: str) -> None:
    table = page[page.index("<table data-dwg-rules"):]
    for rule in rules.all_rules().values():
        row = f"<tr><td><code>{rule.id}</code></td><td>{rule.severity.value}</td><td>{html.escape(rule.title)}</td></tr>"
        assert row in table, f"{rule.id} is not in the rule table"


def test_required_fields_are_marked(page: str) -> None:
    letters = page[page.index('data-dwg-reference="letters"'):]
    letters = letters[: letters.index("</table>")]
    assert "<tr><td><code>body</code></td><td>text</td><td>yes</td>" in letters
    assert "<tr><td><code>subject</code></td><td>text</td><td>no</td>" in letters


def test_every_letter_text_rule_is_listed_with_its_docs(page: str) -> None:
    """Generated from macros/text_rules.json: id, severities, message, rationale, guide link, good and bad example."""
    from macros import text_check
    from macros.reference import SEVERITY_WORDS, example_text

    table = page[page.index("<table data-dwg-text-rules"):]  # the table, not the inlined stylesheet
    table = table[: table.index("</table>")]
    rows = table.split("<tr id=")[1:]
    assert len(rows) == len(text_check.text_rules())
    for rule, row in zip(text_check.text_rules(), rows):
        assert f"<code>{rule.id}</code>" in row
        for text in (rule.message, rule.rationale, example_text(rule.examples["good"]),
                     example_text(rule.examples["bad"])):
            assert html.escape(text) in row, f"{rule.id}: {text[:40]!r} is missing"
        assert f"{SEVERITY_WORDS[rule.severity['template']]} in templates, {SEVERITY_WORDS[rule.severity['reader']]} for readers" in row
        assert f'href="../../{text_check.guide_url(rule.guide)}"' in row
