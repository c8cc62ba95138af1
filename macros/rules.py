"""The rule registry: every check on the template library has a stable id.

The build (through ``define_env``) and the command-line linter run the same
registry, so a contributor sees the same message in both places.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - import for type hints only
    from .model import Library


class Severity(str, Enum):
    ERROR = "error"  # blocks the build and the suite
    WARNING = "warning"  # advice only


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

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}: {self.severity.value} {self.rule}{field}: {self.message}"


# A check yields (file, field path, message, line); the registry adds the rule id.
Issue = tuple[str, str, str, int | None]
Check = Callable[["Library"], Iterable[Issue]]

RULES: dict[str, Rule] = {}
CHECKS: dict[str, Check] = {}


def declare(rule_id: str, severity: Severity, title: str) -> Rule:
    """Declare a rule that the loader reports itself (YAML, encoding, schema)."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} is declared twice")
    RULES[rule_id] = Rule(rule_id, severity, title)
    return RULES[rule_id]


def check(rule_id: str, severity: Severity, title: str) -> Callable[[Check], Check]:
    """Declare a rule and register the function that checks a loaded library for it."""

    def register(func: Check) -> Check:
        declare(rule_id, severity, title)
        CHECKS[rule_id] = func
        return func

    return register


def run_checks(library: "Library") -> list[Finding]:
    findings = [
        Finding(rule_id, file, field, message, line)
        for rule_id, func in sorted(CHECKS.items())
        for file, field, message, line in func(library)
    ]
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.rule))


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


# Rules the loader reports before a library model exists.
BAD_YAML = declare("DWG001", Severity.ERROR, "file is not valid YAML")
BOM = declare("DWG002", Severity.ERROR, "file starts with a byte-order mark")
NOT_UTF8 = declare("DWG003", Severity.ERROR, "file is not UTF-8")
MISSING_FIELD = declare("DWG004", Severity.ERROR, "a required field is missing")
UNKNOWN_FIELD = declare("DWG005", Severity.ERROR, "a field is not in the schema")
BAD_VALUE = declare("DWG006", Severity.ERROR, "a field has the wrong type or value")
BAD_PAGE = declare("DWG023", Severity.ERROR, "a letter page is not front matter plus the letter macro")
