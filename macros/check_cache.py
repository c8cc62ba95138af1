"""Rule results per letter, kept in a folder that the builds of one test run share (named by DWG_CHECK_CACHE).

Checking every option combination of every letter is most of a build's time, and a test run builds the same
letters many times, each build in a new process. With DWG_CHECK_CACHE set, each letter's results are kept
under a digest of everything they depend on: the code and the rules that check, every data file but the letters,
and the letter's own file. A changed letter, data file, rule or line of code gets a new digest and is checked
afresh. Unset (as in every build outside the tests), nothing is kept.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from . import style_rules
from .model import Library

ENV = "DWG_CHECK_CACHE"
MACROS = Path(__file__).parent


def folder() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None


@cache
def code_digest() -> str:
    """Every file of the macros package (code, rule declarations, schemas)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in MACROS.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(MACROS).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _file(where: Path, lib: Library, letter_id: str) -> Path:
    return where / f"{style_rules.variant_key(lib, lib.letters[letter_id], code_digest())}.json"


def restore(lib: Library, where: Path) -> None:
    """Put every letter's kept results into the library, where the rules look before checking."""
    for letter_id in lib.letters:
        try:
            kept = json.loads(_file(where, lib, letter_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not kept yet, or half-written by a build that was stopped
        lib.variant_findings[letter_id] = {rule: [tuple(found) for found in each] for rule, each in kept.items()}


def keep(lib: Library, where: Path) -> None:
    """Write every letter's results that are not kept yet; each file appears whole or not at all."""
    where.mkdir(parents=True, exist_ok=True)
    for letter_id, found in lib.variant_findings.items():
        path = _file(where, lib, letter_id)
        if path.exists():
            continue
        with tempfile.NamedTemporaryFile("w", dir=where, suffix=".tmp", delete=False, encoding="utf-8") as tmp:
            json.dump(found, tmp)
        os.replace(tmp.name, path)
