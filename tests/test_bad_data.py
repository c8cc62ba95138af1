"""Bad data fails loudly: each case names the file, the field and the rule, and the build exits non-zero."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project
from data_files import set_at, write_data
from macros.fields import reader_texts
from macros.loading import load_library
from macros.rules import Finding

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
    Case("carried extra not offered", edit("docs/letters/withdraw-before-offer.md", replace_line("extras", "extras: [discretion]\n")),
         "DWG061", "docs/letters/withdraw-before-offer.md", "plan.carry.extras"),
]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A whole copy of the project, for the cases that build it."""
    return copy_project(tmp_path / "project")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_data_is_reported_with_file_field_and_rule(tmp_path: Path, case: Case) -> None:
    project = data_copy(tmp_path).parent  # the loader reads the data folders only
    case.apply(project)
    findings = load_library(project / "snippets").findings
    field = case.field
    if "{n}" in field:
        field = next((f.field for f in findings if f.rule == case.rule), field)
    matches = [f for f in findings if f.rule == case.rule and f.file == case.file and f.field == field]
    assert matches, f"expected {case.rule} on {case.file} [{field}], got: {[f.format() for f in findings]}"
    assert matches[0].format().startswith(case.file)


# A real build for a few cases only: the build runs the same loader, which the in-process tests cover case by case.
# "Jinja expression": template syntax in data stops the build before any page is rendered, so none can run it.
BUILD_CASES = [c for c in CASES if c.name in {"missing field", "script in body", "Jinja expression"}]


@pytest.mark.build
@pytest.mark.parametrize("case", BUILD_CASES, ids=[c.name for c in BUILD_CASES])
def test_bad_data_fails_the_build_and_publishes_nothing(project: Path, tmp_path: Path, case: Case) -> None:
    case.apply(project)
    out = tmp_path / "out"
    result = build_site(project, out)
    assert result.returncode != 0, "the build must fail on bad data"
    assert case.rule in result.stderr and case.file in result.stderr, result.stderr[-2000:]
    assert not (out.exists() and any(out.rglob("*.html"))), "nothing may be published half-rendered"


@pytest.mark.build
def test_an_unread_file_fails_the_build(project: Path, tmp_path: Path) -> None:
    """A letter saved as .yaml would have been skipped: the build names it and stops."""
    shutil.copy(project / LETTER, project / "docs" / "letters" / "by-post.yaml")
    result = build_site(project, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/letters/by-post.yaml: error DWG024" in result.stderr, result.stderr[-2000:]


@pytest.mark.build
def test_a_clean_copy_builds(project: Path, tmp_path: Path) -> None:
    """The cases above fail because of their one change, not because a copy cannot build."""
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    shutil.rmtree(tmp_path / "out")


# --- Every file accounted for, bounded loading and plain messages (in-process: no build needed) ------

def data_copy(tmp: Path) -> Path:
    """A copy of only the data folders (snippets/ and docs/letters/); returns the copy's snippets folder."""
    project = tmp / "project"
    shutil.copytree(ROOT / "snippets", project / "snippets")
    shutil.copytree(ROOT / "docs" / "letters", project / "docs" / "letters")
    return project / "snippets"


REASON_FILE = (ROOT / "snippets" / "reasons" / "relocation-or-family.yml").read_text(encoding="utf-8")
SECRET = "TOP-SECRET-OUTSIDE-THE-REPOSITORY"


def drop(rel: str, text: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")

    return apply


def link_outside(rel: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        outside = project.parent / "outside.yml"
        outside.write_text(f"label: {SECRET}\n", encoding="utf-8")
        (project / rel).symlink_to(outside)

    return apply


def retitled(source: str, title: str) -> str:
    return re.sub(r"^title: .*$", f"title: {title}", source, count=1, flags=re.M)


LETTER_TEXT = (ROOT / LETTER).read_text(encoding="utf-8")
# A copy that only repeats the title: without the plan block, which would also (rightly) overlap the original's.
LETTER_COPY = re.sub(r"^plan:\n(?:[ \t]+.*\n)*", "", LETTER_TEXT, count=1, flags=re.M)
BAD_FILES = [
    Case("unknown extension", drop("snippets/reasons/moving-abroad.yaml", REASON_FILE), "DWG024", "snippets/reasons/moving-abroad.yaml", ""),
    Case("letter saved as .yml", drop("docs/letters/by-post.yml", LETTER_TEXT), "DWG024", "docs/letters/by-post.yml", ""),
    Case("misspelt folder", drop("snippets/reason/moving-abroad.yml", REASON_FILE), "DWG025", "snippets/reason/", ""),
    Case("symlink outside", link_outside("snippets/reasons/moving-abroad.yml"), "DWG026", "snippets/reasons/moving-abroad.yml", ""),
    Case("space in name", drop("snippets/reasons/moving abroad.yml", REASON_FILE), "DWG027", "snippets/reasons/moving abroad.yml", ""),
    Case("capitals in name", drop("docs/letters/Decline-By-Post.md", retitled(LETTER_TEXT, "Post")), "DWG027", "docs/letters/Decline-By-Post.md", ""),
    Case("double dot name", drop("docs/letters/..md", retitled(LETTER_TEXT, "Dots")), "DWG027", "docs/letters/..md", ""),
    Case("duplicate key", edit(LETTER, lambda t: t.replace("\nkind:", "\ntitle: A second title\nkind:", 1)), "DWG028", LETTER, "title"),
    Case("duplicate title", drop("docs/letters/decline-written-offer-copy.md", LETTER_COPY), "DWG029", LETTER, "title"),
    Case("folded body", edit(LETTER, lambda t: t.replace("\nbody: |\n", "\nbody: >\n", 1)), "DWG032", LETTER, "body"),
]


@pytest.mark.parametrize("case", BAD_FILES, ids=[c.name for c in BAD_FILES])
def test_each_bad_file_is_reported_with_its_rule_file_and_field(tmp_path: Path, case: Case) -> None:
    snippets = data_copy(tmp_path)
    case.apply(snippets.parent)
    findings = load_library(snippets).findings
    assert [f.format() for f in findings if f.rule == case.rule and (f.file, f.field) == (case.file, case.field)], \
        [f.format() for f in findings]
    assert all(f.rule == case.rule for f in findings), "one mistake, one finding: " + str([f.format() for f in findings])
    if case.field:
        assert all(f.line for f in findings), "a field's finding names its line"
    assert SECRET not in "\n".join(f.format() for f in findings), "a link's target is never read or echoed"


def test_every_bad_file_at_once_each_reported_once(tmp_path: Path) -> None:
    """All the bad files together: each one reported once, by its own rule; nothing else is reported."""
    snippets = data_copy(tmp_path)
    for case in BAD_FILES:
        if case.rule not in {"DWG028", "DWG029", "DWG032"}:  # those three change the same letter
            case.apply(snippets.parent)
    findings = load_library(snippets).findings
    got = sorted((f.rule, f.file) for f in findings)
    want = sorted((c.rule, c.file) for c in BAD_FILES if c.rule not in {"DWG028", "DWG029", "DWG032"})
    assert got == want


ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
label: [*i,*i,*i,*i,*i,*i,*i,*i,*i]
"""

BOMB_SCRIPT = """
import resource, sys, time
limit = 200 * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
resource.setrlimit(resource.RLIMIT_CPU, (30, 30))  # a backstop: a bomb that got through would be killed
sys.path.insert(0, sys.argv[2])
from macros.lint import main
start = time.process_time()
code = main([sys.argv[1]])
print(f"cpu {time.process_time() - start:.3f}")
sys.exit(code)
"""


def test_an_alias_bomb_is_refused_quickly_under_a_memory_limit(tmp_path: Path) -> None:
    """A billion 'lol's from ten lines: refused with 200 MB of address space, naming the file, in well under a
    second of CPU time (CPU, not the clock: a busy machine must not make it fail). The tree holds the bomb alone,
    so the time is the bomb's, not the rest of the library's."""
    snippets = tmp_path / "project" / "snippets"
    (snippets / "reasons").mkdir(parents=True)
    (snippets / "reasons" / "bomb.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", BOMB_SCRIPT, str(snippets), str(ROOT)], capture_output=True, text=True,
                            timeout=120, cwd=snippets.parent)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "snippets/reasons/bomb.yml:1:4: error DWG031" in result.stdout, result.stdout
    cpu = float(result.stdout.rsplit("cpu ", 1)[1].split()[0])
    assert cpu < 1.0, f"{cpu:.2f} s of CPU to refuse the bomb"
    assert "MemoryError" not in result.stderr


# --- Messages: plain words, with the fix -------------------------------------------------------------

def one_finding(project: Path) -> "Finding":
    findings = load_library(project / "snippets").findings
    assert len(findings) == 1, [f.format() for f in findings]
    return findings[0]


# The line of each top-level field in the letter, so the cases follow the file as it changes.
LINE = {m.group(1): LETTER_TEXT[: m.start()].count("\n") + 1 for m in re.finditer(r"^([a-z_]+):", LETTER_TEXT, re.M)}
MESSAGES = [
    # (name, change, rule, field, line, column, words the message must hold)
    ("number for text", edit(LETTER, lambda t: retitled(t, "2024")), "DWG006", "title", LINE["title"], 8, ["number 2024", "put the value in quotes"]),
    ("enum", edit(LETTER, replace_line("kind", "kind: refusal\n")), "DWG006", "kind", LINE["kind"], None, ["must be one of: decline, follow-up"]),
    ("unknown reason id", edit(LETTER, with_field("exclude_reasons: [relocation-or-famly]\n")), "DWG008",
     "exclude_reasons.relocation-or-famly", None, None, ["did you mean `relocation-or-family`?"]),
    ("misspelt field", edit(LETTER, lambda t: t.replace("\ndescription:", "\ndescripton:", 1)), "DWG005", "descripton", LINE["description"], None,
     ["unknown field 'descripton'", "did you mean `description`?"]),
    ("tab", edit(LETTER, lambda t: t.replace("\ntips:\n  - ", "\ntips:\n\t- ", 1)), "DWG001", "", None, 1, ["a tab character", "spaces"]),
    ("empty file", write_bytes("snippets/reasons/relocation-or-family.yml", b""), "DWG004", "", 1, None, ["the file is empty"]),
    ("not UTF-8", write_bytes("snippets/reasons/relocation-or-family.yml", REASON_FILE.replace("A move", "Caf\u00e9 move").encode("latin-1")),
     "DWG003", "", 2, 13, ["character 13 on line 2", "save the file as UTF-8"]),
    ("colon in value", edit(LETTER, lambda t: retitled(t, "Re: the offer: no")), "DWG001", "", LINE["title"], 10, ["put the value in quotes"]),
    ("markup inside the body", edit(LETTER, lambda t: t.replace("\n\n  [[reason]]", "\n\n  <b>x</b>\n\n  [[reason]]", 1)), "DWG013", "body", None, None,
     ["remove the markup"]),
    ("long value", edit(LETTER, lambda t: retitled(t, "x" * 5000)), "DWG006", "title", LINE["title"], None, ["5,000 characters long", "limit is 80", "shortened to 80"]),
    ("long unknown id", edit(LETTER, with_field(f"exclude_reasons: [{'y' * 5000}]\n")), "DWG008", "exclude_reasons." + "y" * 5000, None, None,
     ["shortened to 80 characters"]),
]


@pytest.mark.parametrize("case", MESSAGES, ids=[m[0] for m in MESSAGES])
def test_messages_are_plain_and_say_the_fix(tmp_path: Path, case) -> None:
    _, change, rule, field, line, column, words = case
    snippets = data_copy(tmp_path)
    change(snippets.parent)
    found = one_finding(snippets.parent)
    assert (found.rule, found.field) == (rule, field), found.format()
    if line:
        assert found.line == line, found.format()
    if column:
        assert found.column == column, found.format()
    for word in words:
        assert word in found.message, found.format()
    assert len(found.format()) < 400, "no value is quoted whole"


def test_a_finding_inside_the_body_points_at_the_body_line(tmp_path: Path) -> None:
    snippets = data_copy(tmp_path)
    text = (snippets.parent / LETTER).read_text(encoding="utf-8")
    lines = text.split("\n")
    target = next(i for i, line in enumerate(lines) if line.strip() == "[[reason]]") + 2  # 1-based line after [[reason]]
    lines.insert(target - 1, "  {{ config.site_name }}")
    (snippets.parent / LETTER).write_text("\n".join(lines), encoding="utf-8")
    found = one_finding(snippets.parent)
    assert (found.rule, found.line) == ("DWG014", target)


def test_a_file_that_is_not_fields_is_never_echoed(tmp_path: Path) -> None:
    snippets = data_copy(tmp_path)
    (snippets / "reasons" / "relocation-or-family.yml").write_text(f"- {SECRET}\n- two\n", encoding="utf-8")
    found = one_finding(snippets.parent)
    assert found.rule == "DWG006" and "holds a list, not fields" in found.message
    assert SECRET not in found.format()


def test_findings_are_sorted_by_file_and_line(tmp_path: Path) -> None:
    snippets = data_copy(tmp_path)
    edit(LETTER, lambda t: retitled(t, "Hello <b>x</b>").replace("\nbody: |\n", "\nbody: |\n  {{ x }}\n", 1)
         .replace("\nkind: decline", "\nkind: refusal", 1))(snippets.parent)
    findings = [f for f in load_library(snippets).findings if f.file == LETTER]
    assert [f.line for f in findings] == sorted(f.line for f in findings) and len(findings) >= 2


def test_every_marked_field_of_every_kind_rejects_markup(tmp_path: Path) -> None:
    """Generated from the schemas' marks, so a new kind or field is covered the day it is marked."""
    snippets = data_copy(tmp_path)
    project = snippets.parent
    lib = load_library(snippets).library
    expected = set()
    for rel, src in lib.sources.items():
        data = src.data
        for path, _text, _mark in reader_texts(src.schema, data):
            set_at(data, path, "<img src=x onerror=alert(1)>")
            expected.add((rel, ".".join(map(str, path))))
        write_data(project / rel, data)
    assert len({rel for rel, _ in expected}) == len(lib.sources), "every file has marked fields"
    findings = load_library(snippets).findings
    got = {(f.file, f.field) for f in findings if f.rule == "DWG013"}
    assert expected - got == set()
