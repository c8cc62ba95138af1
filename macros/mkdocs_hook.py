"""The one MkDocs hook: give every letter data file its own generated page.

This file is the only code tied to MkDocs' event API besides ``define_env``.
Port this (and ``define_env``) if the site ever leaves MkDocs; everything it
calls is plain Python.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of the package
    sys.path.insert(0, str(ROOT))

from macros import render  # noqa: E402
from macros.loading import LibraryError, checked_library  # noqa: E402


def on_files(files: Files, config) -> Files:
    try:
        library = checked_library(Path(config["config_file_path"]).resolve().parent / "snippets")
    except LibraryError as err:
        raise PluginError(str(err)) from None
    for letter in library.letters.values():
        page = File.generated(config, f"letters/{letter.id}.md", content=render.letter_page(library, letter))
        page.inclusion = InclusionLevel.NOT_IN_NAV  # the nav lists the index only
        page.edit_uri = f"../{letter.source.path}"  # "Edit this page" opens the data file (edit_uri ends in docs/)
        files.append(page)
    return files
