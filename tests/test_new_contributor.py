"""Tried as a new contributor would: add the worked example from CONTRIBUTING.md as a new letter file,
lint it, build the site, and find the letter in the library index and on its own page. Nothing else changes."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site, copy_project
from macros.lint import lint

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"^```yaml\n(.*?)^```$", GUIDE, re.S | re.M)  # a reason, a closing, a checklist
LETTER_PAGE = re.search(r"^```markdown\n(---\n(.*?)^---\n.*?)^```$", GUIDE, re.S | re.M)
LETTER_FILE = re.search(r"Save it as `docs/letters/([a-z0-9-]+)\.md`", GUIDE)


def hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_contributing_has_a_letter_a_reason_a_closing_and_a_checklist() -> None:
    kinds = [yaml.safe_load(text) for text in EXAMPLES]
    assert len(kinds) == 3 and LETTER_FILE and LETTER_PAGE
    letter = yaml.safe_load(LETTER_PAGE.group(2))
    assert {"kind", "body"} <= set(letter) and "[[closing]]" in letter["body"] and "[[standard]] " in letter["body"]
    assert "situations" in kinds[0] and "text" in kinds[1] and "items" in kinds[2]


@pytest.mark.build
def test_new_letter_from_contributing_builds_and_is_found(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = hashes(project)
    letter_id = LETTER_FILE.group(1)
    new_file = project / "docs" / "letters" / f"{letter_id}.md"
    assert not new_file.exists(), "the worked example must be a new letter, not a shipped one"
    new_file.write_text(LETTER_PAGE.group(1), encoding="utf-8")

    findings = lint(project / "snippets")
    assert [f.format() for f in findings] == []

    out = tmp_path / "site"
    result = build_site(project, out)
    assert result.returncode == 0, result.stderr

    title = yaml.safe_load(LETTER_PAGE.group(2))["title"]
    index = (out / "letters" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="[^"]*{letter_id}/"', index), "the letter is not linked from the library index"
    assert title in index
    page = (out / "letters" / letter_id / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"<h1[^>]*>{re.escape(title)}", page), "the letter page has no title heading"
    assert "data-dwg-body" in page and "Thank you for inviting me to join the board of" in page

    after = hashes(project)
    added = set(after) - set(before)
    assert added == {f"docs/letters/{letter_id}.md"}
    assert {k: v for k, v in after.items() if k in before} == before, "a source file changed"


def test_examples_for_a_reason_a_closing_and_a_checklist_lint_clean(tmp_path: Path) -> None:
    root = tmp_path / "snippets"
    shutil.copytree(ROOT / "snippets", root)
    shutil.copytree(ROOT / "docs" / "letters", tmp_path / "docs" / "letters")
    (root / "reasons" / "better-fit-elsewhere.yml").write_text(EXAMPLES[0], encoding="utf-8")
    (root / "closings" / "reference-for-others.yml").write_text(EXAMPLES[1], encoding="utf-8")
    (root / "checklists" / "after-the-call.yml").write_text(EXAMPLES[2], encoding="utf-8")
    assert [f.format() for f in lint(root)] == []
