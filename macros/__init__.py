"""Decline with Grace: the page macros.

``define_env`` is the only entry point the builders call: mkdocs-macros under MkDocs, and Zensical's macros
extension. It loads and validates the whole library (cached while no data file changes), then exposes small
rendering functions to pages. It reads no builder-specific config, so both builders run it unchanged.
"""
from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import pass_context

from . import pages, render, render_index, text_check, tools
from .loading import LibraryError, cached_library, checked_library
from .rules import warnings
from .reference import reference

PROJECT = Path(__file__).resolve().parent.parent
SNIPPETS = PROJECT / "snippets"

# Under the "mkdocs" logger, so `mkdocs serve` shows advice and still renders, while `--strict` counts it and fails.
# Its own level, so `-q` (which raises the "mkdocs" logger to ERROR) can neither hide advice nor let --strict pass it.
LOG = logging.getLogger("mkdocs.plugins.decline_with_grace")
LOG.setLevel(logging.WARNING)

try:  # MkDocs reports a PluginError as a clean build failure; Zensical has no MkDocs installed
    from mkdocs.exceptions import PluginError as BuildError
except ImportError:  # pragma: no cover - only under Zensical
    BuildError = RuntimeError


def define_env(env) -> None:  # env: mkdocs-macros' MacrosPlugin, or Zensical's MacroEnv
    try:
        library = checked_library(SNIPPETS)
    except LibraryError as err:
        raise BuildError(str(err)) from None
    for finding in warnings(cached_library(SNIPPETS).findings):
        LOG.warning(finding.format())
    reader_rules = text_check.browser_rules()  # the pre-send check's rules, shipped in each letter page

    @pass_context
    def letter_page(context) -> str:
        """The body of a letter page: the letter whose front matter this page holds."""
        page = context["page"]
        source = pages.source_path(page)
        letter = library.letters.get(Path(source).stem)
        if letter is None or not source.startswith("letters/"):
            raise BuildError(f"{source}: letter_page() only works in a letter file under docs/letters/")
        return render.letter_body(library, letter, pages.root_prefix(page), check_rules=reader_rules)

    env.macro(letter_page, "letter_page")
    env.macro(lambda: render_index.letter_index(library), "letter_index")  # questions, plan, grouped list
    env.macro(lambda: render.checklists(library), "checklists")
    # The contributor reference, generated from the schemas and the rules; its guide links start from this page.
    env.macro(lambda: reference(pages.root_prefix(getattr(env, "page", None))), "schema_reference")
    tools.register(env, library)  # worksheet(), planner(), process_timeline()
