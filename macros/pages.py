"""The page a macro renders, as either builder describes it, and how macro output links to other pages.

Both builders give macros the current page: MkDocs a Page with a File, Zensical a Page with a ``path``. They
differ in one thing that matters to links in raw HTML (our macros' output): MkDocs passes raw HTML through, so a
relative link is read from the page's URL (``guide/decide/``); Zensical rewrites raw HTML links the way it rewrites
Markdown links, from the page's source folder (``guide/``). ``root_prefix`` gives the way back to the site root
that each builder turns into the same address.
"""
from __future__ import annotations


def is_mkdocs_page(page) -> bool:
    return getattr(page, "file", None) is not None


def source_path(page) -> str:
    """The page's source path inside docs/, e.g. 'letters/decline-by-phone.md'."""
    return page.file.src_uri if is_mkdocs_page(page) else str(page.path)


def root_prefix(page) -> str:
    """What a raw HTML link on this page starts with to reach the site root ('' on the home page)."""
    if page is None:  # rendered outside a page (tests, tools): as from a page two levels deep
        return "../../"
    if is_mkdocs_page(page):
        parts = page.url.split("/")
    else:
        parts = source_path(page).split("/")[:-1]  # Zensical resolves from the source file's folder
    return "../" * len([p for p in parts if p])
