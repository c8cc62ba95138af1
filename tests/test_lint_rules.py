"""Every rule in the registry has a fixture that triggers exactly that rule, and the shipped library is clean.

A fixture is ``tests/fixtures/lint/<RULE_ID>/``: a ``snippets/`` folder with the files that differ from the
small valid tree in ``tests/fixtures/lint/base/``, and ``expect.yml`` naming the file, field and line reported.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site, copy_project
from macros import rules
from macros.lint import lint

FIXTURES = ROOT / "tests" / "fixtures" / "lint"
BASE = FIXTURES / "base"


def load_all_rules() -> list[str]:
    return sorted(rules.all_rules())


def fixture_tree(rule_id: str, tmp: Path) -> Path:
    """The base tree (``snippets/`` and ``docs/letters/``) with the rule's files laid over it; returns ``tmp/snippets``."""
    shutil.copytree(BASE, tmp, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / rule_id, tmp, dirs_exist_ok=True, symlinks=True, ignore=shutil.ignore_patterns("expect.yml"))
    return tmp / "snippets"


def test_base_tree_is_clean() -> None:
    assert [f.format() for f in lint(BASE / "snippets")] == []


@pytest.mark.parametrize("rule_id", load_all_rules())
def test_fixture_triggers_exactly_its_rule(rule_id: str, tmp_path: Path) -> None:
    folder = FIXTURES / rule_id
    assert (folder / "expect.yml").is_file(), f"{rule_id} has no fixture: add tests/fixtures/lint/{rule_id}/"
    expect = yaml.safe_load((folder / "expect.yml").read_text(encoding="utf-8"))
    findings = lint(fixture_tree(rule_id, tmp_path))
    assert [f.rule for f in findings] == [rule_id], "\n".join(f.format() for f in findings)
    found = findings[0]
    assert (found.file, found.field) == (expect["file"], expect["field"])
    if "line" in expect:
        assert found.line == expect["line"]
    assert found.message.strip()


def test_every_fixture_belongs_to_a_rule() -> None:
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - {"base"}
    assert folders - set(load_all_rules()) == set()


def test_every_check_in_the_package_is_in_the_rule_table() -> None:
    """A module with @check functions must be named in rules.RULE_MODULES, or its rules would never run."""
    import importlib
    import pkgutil

    import macros

    registry = rules.registry()
    for info in pkgutil.iter_modules(macros.__path__, "macros."):
        module = importlib.import_module(info.name)
        for func in vars(module).values():
            rule = getattr(func, "rule", None)
            if isinstance(rule, rules.Rule) and func.__module__ == info.name:
                assert registry.get(rule.id) is func, f"{info.name}.{func.__name__} ({rule.id}): add '{info.name}' to RULE_MODULES"


def test_rules_have_stable_ids_and_titles() -> None:
    for rule_id, rule in rules.RULES.items():
        assert rule_id == rule.id and rule.title and rule.severity in set(rules.Severity)
        assert rule_id[:3] == "DWG" and rule_id[3:].isdigit() and len(rule_id) == 6


def test_shipped_templates_have_no_errors_and_no_warnings() -> None:
    findings = lint(ROOT / "snippets")
    assert [f.format() for f in findings] == []


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.lint", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)


def test_cli_passes_on_the_shipped_library() -> None:
    result = run_cli("snippets/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("0 error(s), 0 warning(s) in ")


def test_cli_reports_an_error_and_exits_1(tmp_path: Path) -> None:
    root = fixture_tree("DWG032", tmp_path)
    result = run_cli(str(root), cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert lines[0].startswith("docs/letters/decline.md:11: error DWG032 [body]: ")
    assert lines[-1].startswith("1 error(s), 0 warning(s) in ")


def test_cli_prints_how_many_files_of_each_kind_it_loaded(tmp_path: Path) -> None:
    """A file the library skipped would show as a count lower than the files in the folder."""
    root = fixture_tree("DWG029", tmp_path)
    result = run_cli(str(root), cwd=tmp_path)
    loaded = result.stdout.splitlines()[-2]
    assert loaded.startswith("loaded: ")
    counts = dict(reversed(part.split(" ")) for part in loaded.removeprefix("loaded: ").split(", "))
    assert counts["letters"] == "3" and counts["reasons"] == "4" and counts["placeholders"] == "1"
    assert counts["criteria"] == "0"


def test_cli_warnings_advise_only(tmp_path: Path) -> None:
    root = fixture_tree("DWG111", tmp_path)
    result = run_cli(str(root), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert " warning DWG111 " in result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 error(s), 1 warning(s) in ")
    assert run_cli("--strict", str(root), cwd=tmp_path).returncode == 1, "--strict fails on warnings, as CI does"


def test_cli_rejects_a_missing_folder(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "not a folder" in result.stderr


def test_letter_rules_check_every_variant(tmp_path: Path) -> None:
    """A reason that happens to keep the door open fixes only its own variant, not the letter."""
    root = fixture_tree("DWG104", tmp_path)
    reason = root / "reasons" / "career-misalignment.yml"
    reason.write_text(reason.read_text(encoding="utf-8").replace("plan to go.", "plan to go, and I wish you success."), encoding="utf-8")
    [found] = lint(root)
    assert found.rule == "DWG104"
    assert "personal-goals" in found.message and "career-misalignment" not in found.message


@pytest.mark.build
def test_new_rules_block_the_build(tmp_path: Path) -> None:
    """The build runs the same registry: a letter that breaks a DWG1xx rule stops it, naming the rule."""
    project = copy_project(tmp_path / "project")
    letter = project / "docs" / "letters" / "decline-written-offer.md"
    text = letter.read_text(encoding="utf-8")
    assert "\n  [[closing]]\n" in text
    letter.write_text(text.replace("\n  [[closing]]\n", "\n  That is all.\n"), encoding="utf-8")
    assert [f.rule for f in lint(project / "snippets")] == ["DWG104"]
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "warning DWG104 [body]" in result.stderr


@pytest.mark.build
def test_advice_is_shown_but_a_preview_still_renders(tmp_path: Path) -> None:
    """Style advice (a warning) is logged by a non-strict build, as `mkdocs serve` runs, and the page still renders."""
    project = copy_project(tmp_path / "project")
    letter = project / "docs" / "letters" / "decline-written-offer.md"
    letter.write_text(letter.read_text(encoding="utf-8").replace("\n  [[closing]]\n", "\n  That is all.\n"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "WARNING" in result.stderr and "warning DWG104 [body]" in result.stderr
    assert "That is all." in (tmp_path / "site" / "letters" / "decline-written-offer" / "index.html").read_text(encoding="utf-8")
