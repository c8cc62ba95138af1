"""Decline with Grace: the page macros.

``define_env`` is the only entry point mkdocs-macros calls. It loads and validates
the whole library once per build, then exposes small rendering functions to pages.
"""
from __future__ import annotations

from pathlib import Path

from . import render, tools
from .loading import LibraryError, checked_library
from .reference import reference


def snippets_dir(config_file: str) -> Path:
    return Path(config_file).resolve().parent / "snippets"


def define_env(env) -> None:  # env: mkdocs_macros.plugin.MacrosPlugin
    from mkdocs.exceptions import PluginError

    try:
        library = checked_library(snippets_dir(env.conf["config_file_path"]))
    except LibraryError as err:
        raise PluginError(str(err)) from None

    env.macro(lambda: render.letter_index(library), "letter_index")
    env.macro(lambda: render.checklists(library), "checklists")
    env.macro(reference, "schema_reference")  # contributor reference, generated from the schemas
    tools.register(env, library)  # worksheet(), planner(), process_timeline()
