"""Read the data files under ``snippets/``, validate each against its schema, build the model.

Nothing here executes the data: YAML is read with the safe loader and text is
only ever escaped, never rendered as a template.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from . import rules
from .model import (
    Channel,
    Checklist,
    ChecklistItem,
    FieldPath,
    Letter,
    Library,
    Placeholder,
    Reason,
    Situation,
    Source,
)
from .rules import Finding

SCHEMA_DIR = Path(__file__).parent / "schemas"


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


LETTER_PAGE_MACRO = "{{ letter_page() }}"
KINDS: tuple[Kind, ...] = (
    Kind("placeholders", "snippets/placeholders.yml", "placeholders.schema.json"),
    Kind("situations", "snippets/situations.yml", "situations.schema.json"),
    Kind("channels", "snippets/channels.yml", "channels.schema.json"),
    Kind("facts", "snippets/facts.yml", "facts.schema.json"),
    Kind("reasons", "snippets/reasons/*.yml", "reason.schema.json"),
    Kind("letters", "docs/letters/*.md", "letter.schema.json", LETTER_PAGE_MACRO),
    Kind("checklists", "snippets/checklists/*.yml", "checklist.schema.json"),
    Kind("criteria", "snippets/criteria/*.yml", "criterion.schema.json"),
    Kind("followups", "snippets/followups/*.yml", "followup-step.schema.json"),
)
# Pages in a letters folder that are not letters.
NOT_ITEMS = frozenset({"index.md"})


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class LoadResult:
    library: Library
    findings: list[Finding]


def _line_map(node: yaml.Node, path: FieldPath = ()) -> Iterator[tuple[FieldPath, int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*path, key.value), key.start_mark.line + 1
            yield from _line_map(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _line_map(item, (*path, i))


def field_name(path: FieldPath) -> str:
    return ".".join(str(p) for p in path)


# libyaml's loader when PyYAML has it: three times faster, which counts with 1,000 letters (bench/build_scaling.py)
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


def read_data_file(path: Path, rel: str, page_macro: str | None = None) -> tuple[Any, Source | None, list[Finding]]:
    """Decode and parse one file; report encoding and YAML problems as findings."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, None, [Finding(rules.BOM.id, rel, "", "remove the byte-order mark (save as UTF-8 without BOM)", 1)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, None, [Finding(rules.NOT_UTF8.id, rel, "", f"byte {err.start} is not UTF-8; save the file as UTF-8", line)]
    yaml_text = text
    if page_macro is not None:
        yaml_text, problems = front_matter(text, rel, page_macro)
        if yaml_text is None:
            return None, None, problems
    try:
        node = yaml.compose(yaml_text, Loader=FAST_LOADER)
        data = yaml.load(yaml_text, Loader=FAST_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        return None, None, [Finding(rules.BAD_YAML.id, rel, "", f"invalid YAML: {problem}", line)]
    lines = dict(_line_map(node)) if node is not None else {}
    return data, Source(rel, lines, text), []


def schema_findings(data: Any, kind: Kind, source: Source) -> list[Finding]:
    validator = jsonschema.Draft202012Validator(schema(kind.schema))
    found = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        if err.validator == "required":
            missing = err.message.split("'")[1]
            rule, field, message = rules.MISSING_FIELD, (*path, missing), f"required field '{missing}' is missing"
        elif err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            rule, field = rules.UNKNOWN_FIELD, (*path, extra[0]) if extra else path
            message = f"unknown field '{', '.join(extra)}'; see the data reference for the fields a {kind.name[:-1]} file has"
        else:
            rule, field, message = rules.BAD_VALUE, path, err.message
        found.append(Finding(rule.id, source.path, field_name(field), message, source.line(*field)))
    return found


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
        lib.placeholders.setdefault(entry["id"], Placeholder(entry["id"], entry["label"], entry["max_length"], entry.get("hint", "")))


@builds("situations")
def _situations(lib: Library, _: str, data: dict[str, Any], source: Source) -> None:
    for entry in data["situations"]:
        lib.situations.setdefault(entry["id"], Situation(entry["id"], entry["label"], entry["summary"]))


@builds("channels")
def _channels(lib: Library, _: str, data: dict[str, Any], source: Source) -> None:
    for entry in data["channels"]:
        lib.channels.setdefault(entry["id"], Channel(entry["id"], entry["label"], entry["subject"], entry["max_words"]))


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
    )


@builds("checklists")
def _checklist(lib: Library, item_id: str, d: dict[str, Any], source: Source) -> None:
    items = tuple(
        ChecklistItem(i["id"], i["text"], _tuple(i.get("situations")), _tuple(i.get("reasons"))) for i in d["items"]
    )
    lib.checklists[item_id] = Checklist(item_id, d["title"], d["summary"], d["order"], items, source)


def kind_files(project: Path, kind: Kind) -> list[Path]:
    return sorted(p for p in project.glob(kind.pattern) if p.name not in NOT_ITEMS)


def load_library(root: Path) -> LoadResult:
    """Load and validate every data file of the project whose ``snippets`` folder is ``root``
    (letters live beside it, in ``docs/letters``); run every registered rule."""
    lib = Library()
    findings: list[Finding] = []
    project = root.parent
    for kind in KINDS:
        for path in kind_files(project, kind):
            rel = path.relative_to(project).as_posix()
            data, source, problems = read_data_file(path, rel, kind.page_macro)
            if source is None:
                findings.extend(problems)
                continue
            lib.sources[rel] = source
            problems = schema_findings(data, kind, source)
            findings.extend(problems)
            if problems:
                continue
            target = lib.extra.setdefault(kind.name, {}) if kind.name not in BUILDERS else None
            if target is not None:
                target[path.stem] = {"data": data, "source": source}
            else:
                BUILDERS[kind.name](lib, path.stem, data, source)
    from . import checks, tools  # noqa: F401  (registers the cross-file rules)
    from . import style_rules  # noqa: F401  (registers the letter and house-style rules)

    findings.extend(rules.run_checks(lib))
    return LoadResult(lib, findings)


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    files = [p for kind in KINDS for p in kind_files(root.parent, kind)]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(files) if p.is_file())


_CACHE: dict[str, tuple[tuple, LoadResult]] = {}


def cached_library(root: Path) -> LoadResult:
    """Load once per build: reuse the result while no file under ``root`` has changed."""
    key = str(root.resolve())
    stamp = _fingerprint(root)
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
    result = cached_library(root)
    errs = rules.errors(result.findings)
    if errs:
        raise LibraryError(errs)
    return result.library
