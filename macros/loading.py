"""Read the data files under ``snippets/`` and ``docs/letters/``, validate each against its schema, build the model.

Nothing here executes the data: YAML is read with the safe loader, anchors and aliases are refused
(so no file can make the loader's work grow past its size), symbolic links are never followed, and
text is only ever escaped, never rendered as a template. Every file in the walked folders is
accounted for: a file no kind of data reads is an error, never silently ignored.
"""
from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
import yaml

from . import check_cache, rules
from .fields import literal_blocks, schema
from .model import (
    Channel,
    Checklist,
    ChecklistItem,
    FieldPath,
    Formality,
    Letter,
    Library,
    Option,
    Placeholder,
    Reason,
    Situation,
    Source,
)
from .plan import Answer, PlanPart, Question, Step
from .rules import Finding, did_you_mean, quote


@dataclass(frozen=True)
class Kind:
    """One kind of data file: where its files live (from the project root) and which schema they follow."""

    name: str
    pattern: str  # a file name, or a folder glob with one file per item
    schema: str
    # A Markdown page whose YAML front matter is the item: the page exists for every builder
    # (MkDocs, Zensical) because the file does, and its body only calls the page macro.
    page_macro: str | None = None

    @property
    def one_file(self) -> bool:
        return "*" not in self.pattern

    @property
    def folder(self) -> str:
        return PurePosixPath(self.pattern).parent.as_posix()

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.pattern).suffix

    @property
    def singular(self) -> str:
        return self.name[:-1] if self.name.endswith("s") else self.name


LETTER_PAGE_MACRO = "{{ letter_page() }}"
KINDS: tuple[Kind, ...] = (
    Kind("placeholders", "snippets/placeholders.yml", "placeholders.schema.json"),
    Kind("situations", "snippets/situations.yml", "situations.schema.json"),
    Kind("channels", "snippets/channels.yml", "channels.schema.json"),
    Kind("facts", "snippets/facts.yml", "facts.schema.json"),
    Kind("reasons", "snippets/reasons/*.yml", "reason.schema.json"),
    Kind("closings", "snippets/closings/*.yml", "closing.schema.json"),
    Kind("extras", "snippets/extras/*.yml", "extra.schema.json"),
    Kind("formality", "snippets/formality.yml", "formality.schema.json"),
    Kind("letters", "docs/letters/*.md", "letter.schema.json", LETTER_PAGE_MACRO),
    Kind("checklists", "snippets/checklists/*.yml", "checklist.schema.json"),
    Kind("criteria", "snippets/criteria/*.yml", "criterion.schema.json"),
    Kind("followups", "snippets/followups/*.yml", "followup-step.schema.json"),
    Kind("plan", "snippets/plan.yml", "plan.schema.json"),
)
# Pages in a letters folder that are not letters.
NOT_ITEMS = frozenset({"index.md"})
# An item's file name is its id and its web address.
FILE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The largest data file the loader reads; the longest shipped file is under 3 KB.
MAX_FILE_BYTES = 64_000


@dataclass(frozen=True)
class LoadResult:
    library: Library
    findings: list[Finding]
    counts: dict[str, int] = field(default_factory=dict)  # files loaded, by kind


def field_name(path: FieldPath) -> str:
    return ".".join(str(p) for p in path)


# --- The walk: every file in the data folders belongs to a kind, or is an error ------------------

def data_folders() -> tuple[str, ...]:
    """The folders the walk starts from: every kind's folder that is not inside another's."""
    folders = sorted({k.folder for k in KINDS})
    return tuple(f for f in folders if not any(f.startswith(other + "/") for other in folders))


def _children(folder: str) -> set[str]:
    """The names a known folder may hold: its kinds' files and the known folders inside it."""
    names = {PurePosixPath(k.pattern).name for k in KINDS if k.one_file and k.folder == folder}
    names |= {PurePosixPath(k.folder).name for k in KINDS if PurePosixPath(k.folder).parent.as_posix() == folder}
    return names


@dataclass(frozen=True)
class Walk:
    files: dict[Kind, list[Path]]
    findings: list[Finding]
    stamp: tuple[tuple[str, int, int], ...]  # (path, mtime, size) of everything seen, to know when to reload


def _classify(project: Path, rel: str, is_link: bool) -> tuple[Kind | None, Finding | None]:
    path = PurePosixPath(rel)
    folder, name = path.parent.as_posix(), path.name
    if is_link:
        return None, Finding(rules.SYMLINK.id, rel, "", "this is a symbolic link, and links are never followed; put the file itself here")
    for kind in KINDS:
        if kind.one_file and kind.pattern == rel:
            return kind, None
    folder_kinds = [k for k in KINDS if not k.one_file and k.folder == folder]
    if name in NOT_ITEMS and folder_kinds:
        return None, None
    kind = next((k for k in folder_kinds if path.suffix == k.suffix), None)
    if kind is None:
        expected = sorted({k.suffix for k in folder_kinds})
        if expected:
            fix = f"files in {folder}/ end in {', '.join(expected)}: rename it to {path.stem}{expected[0]}"
        else:
            fix = f"{folder}/ holds only: {', '.join(sorted(_children(folder)))}{did_you_mean(name, _children(folder))}"
        return None, Finding(rules.UNKNOWN_EXTENSION.id, rel, "", f"the library does not read this file; {fix}")
    if not FILE_NAME.match(path.stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "a-name"
        return None, Finding(rules.BAD_FILE_NAME.id, rel, "", f"the file name is the {kind.singular}'s id and web address: use lowercase "
                             f"letters, digits and single hyphens, e.g. {suggestion}{kind.suffix}")
    return kind, None


def walk_project(project: Path) -> Walk:
    """Every file under the data folders, sorted into kinds; anything else is a finding. Links are never followed."""
    files: dict[Kind, list[Path]] = {k: [] for k in KINDS}
    findings: list[Finding] = []
    stamp: list[tuple[str, int, int]] = []
    known = {k.folder for k in KINDS}
    for top in data_folders():
        start = project / top
        if start.is_symlink():
            findings.append(_classify(project, top, True)[1])
            continue
        for here, dirs, names in os.walk(start, followlinks=False):
            rel_here = Path(here).relative_to(project).as_posix()
            for d in sorted(dirs):
                rel = f"{rel_here}/{d}"
                if (Path(here) / d).is_symlink():
                    findings.append(_classify(project, rel, True)[1])
                    dirs.remove(d)
                elif rel not in known:
                    folders = [PurePosixPath(f).name for f in known if PurePosixPath(f).parent.as_posix() == rel_here]
                    findings.append(Finding(rules.UNKNOWN_FOLDER.id, rel + "/", "", f"the library reads no folder named '{d}' here; "
                                            f"data goes in {', '.join(sorted(folders)) or 'the known folders'}{did_you_mean(d, folders)}"))
                    dirs.remove(d)
            dirs.sort()
            for name in sorted(names):
                full = Path(here) / name
                rel = f"{rel_here}/{name}"
                st = full.lstat()
                stamp.append((rel, st.st_mtime_ns, st.st_size))
                kind, problem = _classify(project, rel, full.is_symlink())
                if problem is not None:
                    findings.append(problem)
                elif kind is not None:
                    files[kind].append(full)
    return Walk(files, findings, tuple(stamp))


# --- Reading one file: bounded, and every problem in plain words ----------------------------------

# libyaml's parser when PyYAML has it: three times faster, which counts with 1,000 letters (bench/build_scaling.py)
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter(text: str, rel: str, macro: str) -> tuple[str | None, list[Finding]]:
    """The YAML of a page's front matter, kept on its own lines so line numbers match the file.

    The page itself must hold nothing but ``macro``: everything a reader sees comes from the data.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [Finding(rules.BAD_PAGE.id, rel, "", "start the file with a line holding only '---', then the letter's fields", 1)]
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == "---"), None)
    if end is None:
        return None, [Finding(rules.BAD_PAGE.id, rel, "", "close the fields with a line holding only '---'", len(lines))]
    after = [(i + 1, line.strip()) for i, line in enumerate(lines) if i > end and line.strip()]
    if [text for _, text in after] != [macro]:
        line = next((n for n, text in after if text != macro), end + 1)
        return None, [Finding(rules.BAD_PAGE.id, rel, "", f"after the closing '---', the page holds only the line {macro}", line)]
    return "\n".join(lines[:end]) + "\n", []


def yaml_problem(err: yaml.YAMLError, text: str) -> tuple[str, int | None, int | None]:
    """A YAML library error in plain words, with the fix: (message, line, column)."""
    mark = getattr(err, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None) or ""
    char = text.split("\n")[mark.line][mark.column : mark.column + 1] if mark and mark.line < text.count("\n") + 1 else ""
    if "tab" in problem or char == "\t":
        return "a tab character is used for indenting; YAML indents with spaces only: replace the tab with spaces", line, column
    if "cannot start any token" in problem:
        return f"a value cannot start with '{char}'; put the value in quotes", line, column
    if "mapping values are not allowed" in problem:
        return "this line holds a second ': ' (or is indented more than the field above); put the value in quotes", line, column
    if "quoted scalar" in context:
        return "a quote opens a value but is never closed; close it with the same quote mark", line, column
    if "flow sequence" in context or "flow mapping" in context:
        return "a list written in [ ] or { } is not closed; end it with ] or }, or put the value in quotes", line, column
    if "expected key" in problem or "'-' indicator" in problem or "block end" in problem:
        return "this line's indentation does not match the lines around it; indent it like the other fields or list items", line, column
    if "could not find expected ':'" in problem:
        return "a line has no ': ' between the field name and its value; add it, or put a long value in quotes", line, column
    return f"the YAML cannot be read ({problem}); check the quotes and the indentation", line, column


def _refuse_anchors(text: str, rel: str) -> Finding | None:
    """Anchors (&name) and aliases (*name) let a few lines expand into millions of values: refuse them."""
    if "&" not in text and "*" not in text:
        return None  # neither can occur: skip the extra pass
    for event in yaml.parse(text, Loader=FAST_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            return Finding(rules.ALIAS.id, rel, "", "YAML anchors (&name) and aliases (*name) are not allowed in data files; "
                           "write each value out in full (or put a value that starts with & or * in quotes)", mark.line + 1, mark.column + 1)
    return None


@dataclass
class Parsed:
    data: Any
    lines: dict[FieldPath, int]
    blocks: dict[FieldPath, int]
    styles: dict[FieldPath, str | None]
    columns: dict[FieldPath, int] = field(default_factory=dict)


def _map_nodes(node: yaml.Node, rel: str, path: FieldPath, parsed: Parsed, found: list[Finding]) -> None:
    """Record every field's line, each block scalar's first text line and style; report keys written twice."""
    parsed.lines.setdefault(path, node.start_mark.line + 1)
    parsed.columns[path] = node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode):
        parsed.styles[path] = node.style
        if node.style in ("|", ">"):
            parsed.blocks[path] = node.start_mark.line + 2
    elif isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            if name in seen:
                found.append(Finding(rules.DUPLICATE_KEY.id, rel, field_name((*path, name)),
                                     f"'{name}' is written twice in the same place (first on line {seen[name]}); "
                                     "keep one, since only the last would count", key.start_mark.line + 1, key.start_mark.column + 1))
                continue
            seen[name] = key.start_mark.line + 1
            parsed.lines[(*path, name)] = key.start_mark.line + 1
            _map_nodes(value, rel, (*path, name), parsed, found)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _map_nodes(item, rel, (*path, i), parsed, found)


def parse_yaml(text: str, rel: str) -> tuple[Parsed | None, list[Finding]]:
    """Parse YAML text into data with its line map; anchors, aliases and repeated keys are findings."""
    try:
        refused = _refuse_anchors(text, rel)
        if refused:
            return None, [refused]
        loader = FAST_LOADER(text)
        try:
            node = loader.get_single_node()
            parsed = Parsed(None, {}, {}, {})
            found: list[Finding] = []
            if node is not None:
                _map_nodes(node, rel, (), parsed, found)
                if found:
                    return None, found
                parsed.data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        message, line, column = yaml_problem(err, text)
        return None, [Finding(rules.BAD_YAML.id, rel, "", message, line, column)]
    return parsed, []


def _not_utf8(raw: bytes, rel: str, err: UnicodeDecodeError) -> Finding:
    before = raw[: err.start].decode("utf-8")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    byte = raw[err.start]
    return Finding(rules.NOT_UTF8.id, rel, "", f"character {column} on line {line} is not UTF-8 (the byte 0x{byte:02X}, "
                   "often an accented letter saved by an older editor); save the file as UTF-8", line, column)


def read_data_file(path: Path, rel: str, page_macro: str | None = None) -> tuple[Any, Source | None, list[Finding]]:
    """Decode and parse one file; report size, encoding and YAML problems as findings."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, None, [Finding(rules.BAD_VALUE.id, rel, "", f"the file is {size:,} bytes; a data file holds at most "
                                    f"{MAX_FILE_BYTES:,} bytes: split it or shorten it")]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, None, [Finding(rules.BOM.id, rel, "", "remove the byte-order mark (save as UTF-8 without BOM)", 1, 1)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, None, [_not_utf8(raw, rel, err)]
    yaml_text = text
    if page_macro is not None:
        yaml_text, problems = front_matter(text, rel, page_macro)
        if yaml_text is None:
            return None, None, problems
    parsed, problems = parse_yaml(yaml_text, rel)
    if parsed is None:
        return None, None, problems
    source = Source(rel, parsed.lines, text, parsed.data, blocks=parsed.blocks, columns=parsed.columns)
    return parsed, source, []


# --- Schema findings: one per mistake, in plain words ---------------------------------------------

TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
              "array": "a list", "object": "a group of fields"}
PATTERN_WORDS = {
    "^[a-z][a-z0-9-]*$": "lowercase letters, digits and hyphens, starting with a letter",
    "^[a-z][a-z0-9_]*$": "lowercase letters, digits and underscores, starting with a letter",
}


def _read_as(value: Any) -> str:
    """What YAML made of an unquoted value, in words."""
    if value is None:
        return "is empty"
    if isinstance(value, bool):
        return f"is read as {str(value).lower()} (YAML reads yes, no, on, off, true and false as true or false)"
    if isinstance(value, (int, float)):
        return f"is read as the number {value}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"is read as the date {value}"
    if isinstance(value, list):
        return "is a list"
    if isinstance(value, dict):
        return "is a group of fields"
    return f"is the text {quote(value)}"


def _message(err: jsonschema.ValidationError) -> str:
    v, value = err.validator, err.instance
    if v == "type":
        want = err.validator_value
        if want == "string" and value is not None and not isinstance(value, (list, dict)):
            return f"{_read_as(value)}, but it must be text: put the value in quotes, e.g. \"{value}\""
        if want == "string" and value is None:
            return "is empty: write the text after the colon"
        if want == "array" and isinstance(value, str):
            return f"{_read_as(value)}, but it must be a list: write [a, b] or one '- item' per line"
        if want == "integer" and isinstance(value, str):
            return f"{_read_as(value)}, but it must be a whole number: write the digits without quotes"
        return f"{_read_as(value)}, but it must be {TYPE_WORDS.get(want, want)}"
    if v == "enum":
        options = [str(o) for o in err.validator_value]
        return f"{quote(value)} is not allowed: it must be one of: {', '.join(options)}{did_you_mean(value, options)}"
    if v == "minLength":
        return "is empty: write some text" if not value else f"is too short: at least {err.validator_value} characters"
    if v == "maxLength":
        return (f"is {len(value):,} characters long; the limit is {err.validator_value} characters. "
                f"It starts {quote(value)}: shorten it")
    if v == "pattern":
        return f"{quote(value)} must be {PATTERN_WORDS.get(err.validator_value, 'written to match ' + err.validator_value)}"
    if v == "minimum":
        return f"is {value}; the smallest allowed is {err.validator_value}"
    if v == "maximum":
        return f"is {value}; the largest allowed is {err.validator_value}"
    if v == "minItems":
        return f"needs at least {err.validator_value} item(s)"
    if v == "uniqueItems":
        seen: set[str] = set()
        twice = next((x for x in map(str, value) if x in seen or seen.add(x)), "")
        return f"lists {quote(twice)} twice; list each value once"
    return f"{quote(value)} is not allowed here ({err.validator})"


def _shape(data: Any, kind: Kind) -> str | None:
    """A whole file that is not a group of fields, described without quoting it."""
    names = ", ".join(schema(kind.schema).get("required", ()))
    if data is None:
        return f"the file is empty; a {kind.singular} file holds the fields: {names}"
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value"
        return f"the file holds {what}, not fields; a {kind.singular} file holds lines like 'name: value' for the fields: {names}"
    return None


def schema_findings(data: Any, kind: Kind, source: Source) -> list[Finding]:
    shape = _shape(data, kind)
    if shape:
        rule = rules.MISSING_FIELD if data is None else rules.BAD_VALUE
        return [Finding(rule.id, source.path, "", shape, 1)]
    validator = jsonschema.Draft202012Validator(schema(kind.schema))
    errors = list(validator.iter_errors(data))
    unknown: dict[FieldPath, list[str]] = {}
    for err in errors:
        if err.validator == "additionalProperties":
            unknown[tuple(err.absolute_path)] = sorted(set(err.instance) - set(err.schema.get("properties", {})))
    found: list[Finding] = []
    done: set[FieldPath] = set()
    for err in errors:
        path = tuple(err.absolute_path)
        if err.validator == "required":
            missing = err.message.split("'")[1]
            if any(did_you_mean(extra, [missing]) for extra in unknown.get(path, ())):
                continue  # a misspelt field: reported once, as the unknown field with its fix
            rule, field, message = rules.MISSING_FIELD, (*path, missing), f"required field '{missing}' is missing: add a line '{missing}: ...'"
        elif err.validator == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for extra in unknown[path]:
                hint = did_you_mean(extra, allowed) or f"; a {kind.singular} has the fields: {', '.join(allowed)}"
                found.append(Finding(rules.UNKNOWN_FIELD.id, source.path, field_name((*path, extra)),
                                     f"unknown field {quote(extra)}{hint}", source.line(*path, extra)))
            continue
        else:
            rule, field, message = rules.BAD_VALUE, path, f"{field_name(path) or 'the file'} {_message(err)}"
        if field in done:
            continue  # one finding per field: the first problem is the one to fix
        done.add(field)
        column = source.column(*field) if rule is rules.BAD_VALUE else None
        found.append(Finding(rule.id, source.path, field_name(field), message, source.line(*field), column))
    return found


def literal_block_findings(parsed: Parsed, kind: Kind, source: Source) -> list[Finding]:
    found = []
    for path in literal_blocks(kind.schema, parsed.data):
        value = parsed.data
        for part in path:
            value = value[part]
        if value.strip() and parsed.styles.get(path) != "|":
            name = field_name(path)
            how = "'>' joins its lines into one paragraph" if parsed.styles.get(path) == ">" else "its line breaks would be lost"
            found.append(Finding(rules.NOT_LITERAL.id, source.path, name, f"write '{name}: |' and the text on the lines below it, "
                                 f"indented; {how}", source.line(*path)))
    return found


# --- Building the model ------------------------------------------------------------------------

def _tuple(value: list[str] | None) -> tuple[str, ...] | None:
    return tuple(value) if value is not None else None


BUILDERS: dict[str, Callable[[Library, str, dict[str, Any], Source], None]] = {}


def builds(kind: str):
    def register(func):
        BUILDERS[kind] = func
        return func

    return register


@builds("placeholders")
def _placeholders(lib: Library, _: str, data: dict[str, Any], source: Source) -> None:
    for entry in data["placeholders"]:
        lib.placeholders.setdefault(entry["id"], Placeholder(
            entry["id"], entry["label"], entry["max_length"], entry.get("hint", ""), entry.get("type", "text")))


@builds("situations")
def _situations(lib: Library, _: str, data: dict[str, Any], source: Source) -> None:
    for entry in data["situations"]:
        lib.situations.setdefault(entry["id"], Situation(entry["id"], entry["label"], entry["summary"]))


@builds("channels")
def _channels(lib: Library, _: str, data: dict[str, Any], source: Source) -> None:
    for entry in data["channels"]:
        lib.channels.setdefault(entry["id"], Channel(
            entry["id"], entry["label"], entry["subject"], entry["max_words"], entry.get("can_email", False)))


@builds("reasons")
def _reason(lib: Library, item_id: str, d: dict[str, Any], source: Source) -> None:
    lib.reasons[item_id] = Reason(
        item_id, d["label"], d["summary"], d["order"], d["text"], source,
        d.get("from_article", False), _tuple(d.get("situations")),
    )


@builds("letters")
def _letter(lib: Library, item_id: str, d: dict[str, Any], source: Source) -> None:
    lib.letters[item_id] = Letter(
        item_id, d["title"], d["description"], d["kind"], d["situation"], d["channel"],
        tuple(d["placeholders"]), d["body"], source, d.get("subject"),
        tuple(d.get("exclude_reasons", ())), dict(d.get("reason_wording", {})), tuple(d.get("tips", ())),
        tuple(d.get("extras", ())),
    )
    if "plan" in d:
        lib.plan.parts[item_id] = _plan_part(item_id, d["plan"], source)


def _plan_part(letter_id: str, p: dict[str, Any], source: Source) -> PlanPart:
    carry = p.get("carry", {})
    when = {qid: tuple(answers) for qid, answers in p["when"].items()}
    return PlanPart(letter_id, p["step"], p["why"], when, source, p.get("order", 0),
                    carry.get("reason", False), tuple(carry.get("extras", ())))


@builds("plan")
def _plan(lib: Library, _: str, d: dict[str, Any], source: Source) -> None:
    lib.plan.questions = tuple(
        Question(q["id"], q["label"], q["default"],
                 tuple(Answer(a["id"], a["label"], a.get("reason"), tuple(a.get("extras", ()))) for a in q["answers"]))
        for q in d["questions"]
    )
    lib.plan.steps = tuple(Step(s["id"], s["label"], s.get("how_many", "any")) for s in d["steps"])
    lib.plan.source = source


@builds("closings")
@builds("extras")
def _option(lib: Library, item_id: str, d: dict[str, Any], source: Source) -> None:
    kind = "closings" if source.path.startswith("snippets/closings/") else "extras"
    getattr(lib, kind)[item_id] = Option(item_id, d["label"], d["summary"], d["order"], d["text"], source)


@builds("formality")
def _formality(lib: Library, _: str, data: dict[str, Any], source: Source) -> None:
    for entry in data["formality"]:
        lib.formality.setdefault(entry["id"], Formality(entry["id"], entry["label"], entry["salutation"], entry["sign_off"]))


@builds("checklists")
def _checklist(lib: Library, item_id: str, d: dict[str, Any], source: Source) -> None:
    items = tuple(
        ChecklistItem(i["id"], i["text"], _tuple(i.get("situations")), _tuple(i.get("reasons"))) for i in d["items"]
    )
    lib.checklists[item_id] = Checklist(item_id, d["title"], d["summary"], d["order"], items, source)


def kind_files(project: Path, kind: Kind) -> list[Path]:
    """The files of one kind (links and misnamed files left out: the walk reports them)."""
    return walk_project(project).files[kind]


def load_library(root: Path) -> LoadResult:
    """Load and validate every data file of the project whose ``snippets`` folder is ``root``
    (letters live beside it, in ``docs/letters``); run every rule in the registry."""
    lib = Library()
    project = root.parent
    walk = walk_project(project)
    findings: list[Finding] = list(walk.findings)
    counts: dict[str, int] = {}
    for kind in KINDS:
        for path in walk.files[kind]:
            rel = path.relative_to(project).as_posix()
            parsed, source, problems = read_data_file(path, rel, kind.page_macro)
            if source is None:
                findings.extend(problems)
                lib.unloaded.add(rel)
                continue
            source = Source(source.path, source.lines, source.text, source.data, kind.schema, source.blocks, source.columns)
            lib.sources[rel] = source
            problems = schema_findings(parsed.data, kind, source)
            problems += [] if problems else literal_block_findings(parsed, kind, source)
            findings.extend(problems)
            if problems:
                lib.unloaded.add(rel)
                continue
            counts[kind.name] = counts.get(kind.name, 0) + 1
            if kind.name in BUILDERS:
                BUILDERS[kind.name](lib, path.stem, parsed.data, source)
            else:
                lib.extra.setdefault(kind.name, {})[path.stem] = {"data": parsed.data, "source": source}
    kept = check_cache.folder()
    if kept:
        check_cache.restore(lib, kept)
    findings.extend(rules.run_checks(lib))
    if kept:
        check_cache.keep(lib, kept)
    return LoadResult(lib, sorted(findings, key=Finding.sort_key), counts)


_CACHE: dict[str, tuple[tuple, LoadResult]] = {}


def cached_library(root: Path) -> LoadResult:
    """Load once per build: reuse the result while no file in the data folders has changed."""
    key = str(root.resolve())
    stamp = walk_project(root.parent).stamp
    hit = _CACHE.get(key)
    if hit is None or hit[0] != stamp:
        _CACHE[key] = (stamp, load_library(root))
    return _CACHE[key][1]


class LibraryError(Exception):
    """The library has errors; the message lists every one, naming file, line, rule and field."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        listing = "\n".join("  " + f.format() for f in findings)
        super().__init__(f"the template library has {len(findings)} error(s):\n{listing}")


def checked_library(root: Path) -> Library:
    """The library, or LibraryError listing its errors. Warnings are left to the caller to show."""
    result = cached_library(root)
    errs = rules.errors(result.findings)
    if errs:
        raise LibraryError(errs)
    return result.library
