"""The template linter: ``python -m macros.lint snippets/``.

It runs the same rule registry as the build and prints one line per finding,
``file:line:column: severity RULE [field]: message``, sorted by file and line, then how
many files of each kind it loaded, then a count. Errors make the exit status 1;
warnings only advise here (``mkdocs build --strict`` and CI fail on them). There are
no suppressions.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .loading import KINDS, load_library
from .rules import Finding, Severity


def lint(root: Path) -> list[Finding]:
    """Every finding for the data folder ``root`` (the ``snippets`` folder)."""
    return load_library(root).findings


def loaded(counts: dict[str, int]) -> str:
    """How many files of each kind were loaded, so a file that was silently skipped would show."""
    return "loaded: " + ", ".join(f"{counts.get(k.name, 0)} {k.name}" for k in KINDS)


def summary(findings: Sequence[Finding], files: int) -> str:
    errs = sum(1 for f in findings if f.severity is Severity.ERROR)
    warns = len(findings) - errs
    return f"{errs} error(s), {warns} warning(s) in {files} file(s)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.lint", description="Check the letter library for errors and style.")
    parser.add_argument("root", nargs="?", default="snippets", help="the data folder (default: snippets)")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too, as `mkdocs build --strict` and CI do")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not root.is_dir():
        print(f"{root}: not a folder; pass the snippets folder", file=sys.stderr)
        return 2
    result = load_library(root.resolve())
    for finding in result.findings:
        print(finding.format())
    print(loaded(result.counts))
    print(summary(result.findings, sum(result.counts.values())))
    findings = result.findings
    failing = findings if args.strict else [f for f in findings if f.severity is Severity.ERROR]
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
