"""GitHub conventions: workflows and issue forms match their published schemas, the workflows do what the
project needs, and the pre-commit hooks run (locally, downloading nothing) and catch a broken letter."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
BIN = str(Path(sys.executable).parent)


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


@pytest.mark.parametrize(("schema", "files"), [
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.github-issue-forms", FORMS),
    ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
], ids=["workflows", "issue-forms", "issue-config"])
def test_github_files_match_their_published_schemas(schema: str, files: list[Path]) -> None:
    assert files
    result = check_jsonschema(schema, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = load(GITHUB / "workflows" / "ci.yml")
    del broken["jobs"]["test"]["runs-on"]
    path = tmp_path / "ci.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", path).returncode == 1


def test_ci_runs_the_ci_script_on_pull_requests_in_debian() -> None:
    ci = load(GITHUB / "workflows" / "ci.yml")
    assert "pull_request" in triggers(ci)
    [job] = ci["jobs"].values()
    assert job["container"] == "debian:bookworm"
    assert str(job["env"]["CI"]).lower() == "true"
    runs = [step.get("run", "") for step in job["steps"]]
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert ".ci/run" in [r.strip() for r in runs]
    checkout = uses.index(next(u for u in uses if u.startswith("actions/checkout@")))
    assert "git" in " ".join(runs[:checkout]), "the container needs git before checkout"


def test_pages_builds_with_the_production_url_and_deploys_from_main() -> None:
    pages = load(GITHUB / "workflows" / "pages.yml")
    assert triggers(pages)["push"]["branches"] == ["main"]
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = pages["jobs"]["build"]["steps"]
    configure = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in steps if "mkdocs build --strict" in s.get("run", ""))
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}/"
    # "Edit this page" opens the file in the repository and branch being published (mkdocs.yml reads EDIT_URI).
    assert build["env"]["EDIT_URI"] == "${{ github.server_url }}/${{ github.repository }}/edit/${{ github.ref_name }}/docs/"
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in steps)
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def options(form: Path, field_id: str) -> list[str]:
    return next(f["attributes"]["options"] for f in load(form)["body"] if f.get("id") == field_id)


def test_request_form_offers_the_library_situations_and_channels() -> None:
    form = GITHUB / "ISSUE_TEMPLATE" / "request-a-letter.yml"
    situations = [s["label"] for s in load(ROOT / "snippets" / "situations.yml")["situations"]]
    channels = [c["label"] for c in load(ROOT / "snippets" / "channels.yml")["channels"]]
    assert options(form, "situation") == [*situations, "Something else"]
    assert options(form, "channel") == [*channels, "Not sure"]


def test_pull_request_template_has_a_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert text.count("- [ ] ") >= 3 and "macros.lint snippets/" in text


# --- pre-commit ------------------------------------------------------------------------------

HOOKS = ("lint-templates", "ruff", "github-workflows", "github-issue-forms", "github-issue-config", "data-schemas")


def git_copy(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)
    return project


def pre_commit(project: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.build
def test_pre_commit_hooks_are_local_and_pass(tmp_path: Path) -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    assert [r["repo"] for r in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert [h["id"] for h in hooks] == list(HOOKS) and {h["language"] for h in hooks} == {"system"}

    result = pre_commit(git_copy(tmp_path), tmp_path / "pre-commit-home")
    assert result.returncode == 0, result.stdout + result.stderr
    passed = [line for line in result.stdout.splitlines() if line.rstrip().endswith("Passed")]
    assert len(passed) == len(HOOKS), result.stdout


@pytest.mark.build
def test_pre_commit_stops_a_broken_letter(tmp_path: Path) -> None:
    project = git_copy(tmp_path)
    letter = project / "docs" / "letters" / "decline-by-phone.md"
    letter.write_text(letter.read_text(encoding="utf-8").replace("Thank you", "Hello again").replace("grateful", "pleased"),
                      encoding="utf-8")
    result = pre_commit(project, tmp_path / "pre-commit-home")
    assert result.returncode == 1
    assert "warning DWG102 [body]" in result.stdout  # advice, but the hook is strict, as CI is
