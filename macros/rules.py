"""The rule registry: every check on the template library has a stable id.

The build (through ``define_env``) and the command-line linter run the same
registry, so a contributor sees the same message in both places.

Rules come from one explicit table, ``RULE_MODULES``: the loader's own rules are
declared below, and each module named there marks its check functions with
``@check``. Nothing registers as a side effect of an import; ``registry()`` reads
the table, so the set of rules never depends on which module happened to load first.
"""
from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - import for type hints only
    from .model import Library


class Severity(str, Enum):
    ERROR = "error"  # structural: blocks the build, the linter and CI
    WARNING = "warning"  # advice: `mkdocs serve` still renders the page; `--strict` builds and CI fail on it


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str


@dataclass(frozen=True)
class Finding:
    rule: str
    file: str
    field: str
    message: str
    line: int | None = None
    column: int | None = None

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}" + (f":{self.column}" if self.column else "")
        shown = self.field if len(self.field) <= QUOTE_LIMIT else self.field[:QUOTE_LIMIT] + "…"
        field = f" [{shown}]" if self.field else ""
        return f"{where}: {self.severity.value} {self.rule}{field}: {self.message}"

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.rule, self.field)


# A check yields (file, field path, message, line); the registry adds the rule id.
Issue = tuple[str, str, str, int | None]
Check = Callable[["Library"], Iterable[Issue]]

RULES: dict[str, Rule] = {}

# The one table of rules: the modules whose ``@check`` functions run on a loaded library, in this order.
RULE_MODULES = ("macros.checks", "macros.style_rules", "macros.tools", "macros.plan_rules", "macros.facts")


def declare(rule_id: str, severity: Severity, title: str) -> Rule:
    """Declare a rule that the loader reports itself (YAML, encoding, schema, files)."""
    rule = Rule(rule_id, severity, title)
    if RULES.get(rule_id, rule) != rule:
        raise ValueError(f"rule {rule_id} is declared twice")
    RULES[rule_id] = rule
    return rule


def check(rule_id: str, severity: Severity, title: str) -> Callable[[Check], Check]:
    """Mark a function as the check for one rule; ``registry()`` collects it from ``RULE_MODULES``."""

    def mark(func: Check) -> Check:
        func.rule = Rule(rule_id, severity, title)  # type: ignore[attr-defined]
        return func

    return mark


@cache
def registry() -> dict[str, Check]:
    """Every rule's check function, read from the modules in ``RULE_MODULES``; declares their rules."""
    checks: dict[str, Check] = {}
    for name in RULE_MODULES:
        module = importlib.import_module(name)
        for func in vars(module).values():
            rule = getattr(func, "rule", None)
            if isinstance(rule, Rule) and getattr(func, "__module__", None) == name:
                if rule.id in checks:
                    raise ValueError(f"rule {rule.id} has two checks")
                declare(rule.id, rule.severity, rule.title)
                checks[rule.id] = func
    return checks


def all_rules() -> dict[str, Rule]:
    registry()
    return RULES


def run_checks(library: "Library") -> list[Finding]:
    findings = [
        Finding(rule_id, file, field, message, line)
        for rule_id, func in sorted(registry().items())
        for file, field, message, line in func(library)
    ]
    return sorted(findings, key=Finding.sort_key)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.WARNING]


# The most characters of any value a message quotes.
QUOTE_LIMIT = 80


def quote(value: object) -> str:
    """A value as a message shows it: on one line, at most QUOTE_LIMIT characters."""
    text = " ".join(str(value).split())
    if len(text) <= QUOTE_LIMIT:
        return f"'{text}'"
    return f"'{text[:QUOTE_LIMIT]}…' (shortened to {QUOTE_LIMIT} characters)"


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """' did you mean `x`?' for the closest known word, or '' when none is close."""
    close = difflib.get_close_matches(str(word), sorted(map(str, known)), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


# Rules the loader reports before a library model exists.
BAD_YAML = declare("DWG001", Severity.ERROR, "file is not valid YAML")
BOM = declare("DWG002", Severity.ERROR, "file starts with a byte-order mark")
NOT_UTF8 = declare("DWG003", Severity.ERROR, "file is not UTF-8")
MISSING_FIELD = declare("DWG004", Severity.ERROR, "a required field is missing")
UNKNOWN_FIELD = declare("DWG005", Severity.ERROR, "a field is not in the schema")
BAD_VALUE = declare("DWG006", Severity.ERROR, "a field has the wrong type or value")
BAD_PAGE = declare("DWG023", Severity.ERROR, "a letter page is not front matter plus the letter macro")
# Every file accounted for (the loader's walk) and bounded, unambiguous YAML.
UNKNOWN_EXTENSION = declare("DWG024", Severity.ERROR, "a data file has an extension no kind of file uses")
UNKNOWN_FOLDER = declare("DWG025", Severity.ERROR, "a file is in a folder no kind of file uses")
SYMLINK = declare("DWG026", Severity.ERROR, "a data file or folder is a symbolic link")
BAD_FILE_NAME = declare("DWG027", Severity.ERROR, "a file name is not lowercase words joined by hyphens")
DUPLICATE_KEY = declare("DWG028", Severity.ERROR, "a field is written twice in one file")
ALIAS = declare("DWG031", Severity.ERROR, "a file uses YAML anchors or aliases")
NOT_LITERAL = declare("DWG032", Severity.ERROR, "a letter's text is not a literal block (|)")
