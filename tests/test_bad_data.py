"""Bad data fails loudly: each case names the file, the field and the rule, and the build exits non-zero."""
from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from macros.loading import load_library

LETTER = "docs/letters/decline-written-offer.md"


def edit(rel: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        path = project / rel
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    return apply


def replace_line(key: str, new: str) -> Callable[[str], str]:
    """Replace a top-level ``key: ...`` line (and its indented continuation) with ``new``."""

    def change(text: str) -> str:
        pattern = re.compile(rf"^{key}:.*\n(?:[ \t]+.*\n|\n(?=[ \t]))*", re.M)
        assert pattern.search(text), f"no top-level '{key}' to replace"
        return pattern.sub(new, text, count=1)

    return change


def write_bytes(rel: str, data: bytes) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        (project / rel).write_bytes(data)

    return apply


def prepend_bom(project: Path) -> None:
    path = project / LETTER
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def with_field(extra: str) -> Callable[[str], str]:
    """Add lines at the end of a letter page's front matter (before its closing '---')."""
    return lambda text: text.replace("\n---\n", f"\n{extra}---\n", 1)


def body_with(extra: str) -> Callable[[str], str]:
    return lambda text: re.sub(r"^body: \|\n", f"body: |\n  {extra}\n", text, count=1, flags=re.M)


def placeholders_line(text: str, transform: Callable[[list[str]], list[str]]) -> str:
    match = re.search(r"^placeholders: \[(.*)\]$", text, re.M)
    ids = [i.strip() for i in match.group(1).split(",")]
    return text.replace(match.group(0), f"placeholders: [{', '.join(transform(ids))}]")


@dataclass(frozen=True)
class Case:
    name: str
    apply: Callable[[Path], None]
    rule: str
    file: str
    field: str


def duplicate_first_placeholder(text: str) -> str:
    match = re.search(r"^  - id: .*\n(?:    .*\n)*", text, re.M)
    return text + match.group(0)


CASES = [
    Case("missing field", edit(LETTER, replace_line("description", "")), "DWG004", LETTER, "description"),
    Case("unknown field", edit(LETTER, with_field("sender: me\n")), "DWG005", LETTER, "sender"),
    Case("wrong type", edit(LETTER, replace_line("kind", "kind: refusal\n")), "DWG006", LETTER, "kind"),
    Case("unknown reason", edit(LETTER, with_field("exclude_reasons: [made-up-reason]\n")), "DWG008", LETTER, "exclude_reasons.made-up-reason"),
    Case("unknown placeholder", edit(LETTER, lambda t: placeholders_line(body_with("[[boss_nickname]]")(t), lambda ids: ids + ["boss_nickname"])), "DWG009", LETTER, "body"),
    Case("used but not listed", edit(LETTER, lambda t: placeholders_line(t, lambda ids: ids[1:])), "DWG010", LETTER, "placeholders"),
    Case("listed but not used", edit(LETTER, lambda t: placeholders_line(t, lambda ids: ids + ["topic"])), "DWG011", LETTER, "placeholders"),
    Case("bad YAML", edit(LETTER, with_field("title: [unclosed\n")), "DWG001", LETTER, ""),
    Case("empty body", edit(LETTER, replace_line("body", 'body: ""\n')), "DWG012", LETTER, "body"),
    Case("duplicate id", edit("snippets/placeholders.yml", duplicate_first_placeholder), "DWG007", "snippets/placeholders.yml", "placeholders.{n}.id"),
    Case("raw HTML", edit(LETTER, body_with("<b>Hello</b>")), "DWG013", LETTER, "body"),
    Case("script in body", edit(LETTER, body_with("<script>alert(1)</script>")), "DWG013", LETTER, "body"),
    Case("Jinja expression", edit(LETTER, body_with("{{ config.site_name }}")), "DWG014", LETTER, "body"),
    Case("Jinja statement", edit(LETTER, lambda t: t.replace("title: ", "title: Hello {% raw %} ", 1)), "DWG014", LETTER, "title"),
    Case("byte-order mark", prepend_bom, "DWG002", LETTER, ""),
    Case("not UTF-8", write_bytes(LETTER, "title: Caf\u00e9\nbody: x\n".encode("latin-1")), "DWG003", LETTER, ""),
]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_data_is_reported_with_file_field_and_rule(project: Path, case: Case) -> None:
    case.apply(project)
    findings = load_library(project / "snippets").findings
    field = case.field
    if "{n}" in field:
        field = next((f.field for f in findings if f.rule == case.rule), field)
    matches = [f for f in findings if f.rule == case.rule and f.file == case.file and f.field == field]
    assert matches, f"expected {case.rule} on {case.file} [{field}], got: {[f.format() for f in findings]}"
    assert matches[0].format().startswith(case.file)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_data_fails_the_build_and_publishes_nothing(project: Path, tmp_path: Path, case: Case) -> None:
    case.apply(project)
    out = tmp_path / "out"
    result = build_site(project, out)
    assert result.returncode != 0, "the build must fail on bad data"
    assert case.rule in result.stderr and case.file in result.stderr, result.stderr[-2000:]
    assert not (out.exists() and any(out.rglob("*.html"))), "nothing may be published half-rendered"


def test_template_data_is_never_executed(project: Path, tmp_path: Path) -> None:
    """Even a Jinja expression that would print config values must not reach any page."""
    edit(LETTER, body_with("{{ config.site_name }}"))(project)
    out = tmp_path / "out"
    build_site(project, out)
    for page in out.rglob("*.html") if out.exists() else []:
        assert "Decline with Grace" not in page.read_text(encoding="utf-8").split("<pre", 1)[-1]


def test_a_clean_copy_builds(project: Path, tmp_path: Path) -> None:
    """The cases above fail because of their one change, not because a copy cannot build."""
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    shutil.rmtree(tmp_path / "out")
