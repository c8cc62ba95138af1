"""The Content-Security-Policy in every built page (macros/csp.py), and edit links that point somewhere real.

The pages are read with a parser of their own here, not macros/csp.py's, so a page the policy-writer misreads
is still caught. tests/browser/test_content_policy.py checks the policy in Chromium.
"""
from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from bench.builders import run_build
from conftest import ROOT
from macros.csp import apply_csp
from macros.inline_css import INLINED, LINK, inline_stylesheets, linked_stylesheet
from site_pages import html_pages, page_file

EXECUTED_TYPES = {"", "text/javascript", "module", "application/javascript"}
NOT_A_PAGE_SOURCE = {"performance"}  # docs/performance/ holds tables docs/performance.md includes (exclude_docs)


class Page(HTMLParser):
    """Where a page's policy tags and scripts are, and the inline code, style elements and style attributes it holds."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.policies: list[tuple[int, str]] = []  # (position among start tags, content)
        self.first_script: int | None = None
        self.inline_scripts: list[str] = []
        self.styles: list[str] = []
        self.style_elements: list[str] = []
        self.edit_links: list[str] = []
        self._tags = 0
        self._script: list[str] | None = None
        self._style: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        self._tags += 1
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append((self._tags, a.get("content", "")))
        if tag == "script":
            self.first_script = self.first_script or self._tags
            runs = "src" not in a and a.get("type", "").lower() in EXECUTED_TYPES
            self._script = [] if runs else None
        if tag == "style":
            self._style = []
        if tag == "a" and a.get("rel") == "edit":
            self.edit_links.append(a.get("href", ""))
        if "style" in a:
            self.styles.append(a["style"])

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None
        if tag == "style" and self._style is not None:
            self.style_elements.append("".join(self._style))
            self._style = None


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (d.split() for d in policy.split(";") if d.strip())}


def findings(site: Path) -> list[str]:
    """Every way a page of the site falls short of the policy: one tag, before any script, covering its code."""
    found = []
    for path in html_pages(site):
        name, page = path.relative_to(site), Page(path.read_text(encoding="utf-8"))
        if len(page.policies) != 1:
            found.append(f"{name}: {len(page.policies)} Content-Security-Policy tags")
            continue
        position, policy = page.policies[0]
        if page.first_script is not None and page.first_script < position:
            found.append(f"{name}: a script comes before the policy")
        rules = directives(policy)
        found += [f"{name}: inline script not in script-src: {code[:60]!r}"
                  for code in page.inline_scripts if sha256(code) not in rules.get("script-src", [])]
        found += [f"{name}: style attribute not allowed: {style!r}"
                  for style in page.styles if sha256(style) not in rules.get("style-src-attr", [])]
        allowed_elements = rules.get("style-src-elem", [])
        found += [f"{name}: <style> element not in style-src-elem: {style[:60]!r}"
                  for style in page.style_elements
                  if sha256(style) not in allowed_elements and "'unsafe-inline'" not in allowed_elements]
    return found


def site_policy(site: Path) -> dict[str, list[str]]:
    [(_, policy)] = Page((site / "index.html").read_text(encoding="utf-8")).policies
    return directives(policy)


# --- The built site -------------------------------------------------------------------------------

@pytest.mark.both_builders
def test_every_page_has_one_policy_before_any_script_covering_its_inline_code(built_site: Path) -> None:
    pages = html_pages(built_site)
    assert len(pages) > 20
    assert findings(built_site) == []
    assert sum(len(Page(p.read_text(encoding="utf-8")).inline_scripts) for p in pages) >= 3 * len(pages)


@pytest.mark.both_builders
def test_the_policy_is_strict_and_the_same_on_every_page(built_site: Path, builder: str) -> None:
    """The same on every page: instant navigation keeps the first page's policy for every page it shows."""
    rules = site_policy(built_site)
    assert rules["default-src"] == ["'self'"] and rules["object-src"] == ["'none'"] and rules["base-uri"] == ["'none'"]
    assert "style-src" not in rules and rules["img-src"] == ["'self'", "data:"]  # styles fall back to default-src
    assert rules["script-src"][:2] == ["'self'", "'report-sample'"]
    assert all(s.startswith("'sha256-") for s in rules["script-src"][2:])
    assert not [name for name, sources in rules.items() if "'unsafe-eval'" in sources]
    # Only Zensical's search needs a <style> element of its own (macros/csp.py, BUILDER_NEEDS).
    unsafe_inline = [name for name, sources in rules.items() if "'unsafe-inline'" in sources]
    assert unsafe_inline == {"mkdocs": [], "zensical": ["style-src-elem"]}[builder]
    if builder == "mkdocs":  # our stylesheets, inlined (macros/inline_css.py), are the only <style> elements allowed
        inlined = [sha256((built_site / name).read_text(encoding="utf-8")) for name in INLINED]
        assert rules["style-src-elem"] == ["'self'", *sorted(inlined)]
    policies = {Page(p.read_text(encoding="utf-8")).policies[0][1] for p in html_pages(built_site)}
    assert len(policies) == 1
    head_script = 'document.documentElement.classList.add("dwg-js")'  # overrides/main.html
    assert head_script in Page((built_site / "index.html").read_text(encoding="utf-8")).inline_scripts
    assert sha256(head_script) in rules["script-src"]


def test_a_script_changed_after_the_build_is_caught_and_hashed_again_by_apply_csp(built_site: Path, tmp_path: Path) -> None:
    site = shutil.copytree(built_site, tmp_path / "site")
    page = site / "letters" / "decline-by-phone" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('classList.add("dwg-js")', 'classList.add("dwg-js", "changed")'), encoding="utf-8")
    assert findings(site) == ["letters/decline-by-phone/index.html: inline script not in script-src: "
                              """'document.documentElement.classList.add("dwg-js", "changed")'"""]
    done = subprocess.run([sys.executable, "-m", "macros.csp", str(site)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert findings(site) == []  # one policy tag per page still, now with the changed script's hash


def test_apply_csp_hashes_code_and_style_but_not_data_blocks(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<!doctype html><html><head><script>one()\r\n</script><script src="x.js"></script><style>p>a{color:red}</style></head><body>'
        '<script type="application/json">{"data": "</p>"}</script><p style="color: &quot;red&quot;">x</p>'
        "<script type='module'>two()</script></body></html>", encoding="utf-8")
    (tmp_path / "b.html").write_text('<html><head><meta charset="utf-8"><title>b</title></head><body></body></html>',
                                     encoding="utf-8")
    assert apply_csp(tmp_path) == 2
    assert findings(tmp_path) == []
    rules = site_policy(tmp_path / "a")
    assert sorted(rules["script-src"][2:]) == sorted([sha256("one()\n"), sha256("two()")])  # as parsed: \r\n is \n
    assert rules["style-src-attr"] == ["'unsafe-hashes'", sha256('color: "red"')]
    assert rules["style-src-elem"] == ["'self'", sha256("p>a{color:red}")]
    b = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert b.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')


class EnvTagged(yaml.SafeLoader):
    """Reads mkdocs.yml as written: `!ENV NAME` stays the text "!ENV NAME"."""


EnvTagged.add_constructor("!ENV", lambda loader, node: f"!ENV {loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node)}")
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=EnvTagged)


def test_the_policy_hook_runs_last() -> None:
    """Hooks run in their listed order; a hook that rewrote HTML after the policy would break its hashes."""
    assert CONFIG["hooks"][-1] == "macros/csp.py"
    # The stylesheet is inlined as minified, and before the policy hashes it.
    assert CONFIG["hooks"][-3:] == ["macros/minify_hook.py", "macros/inline_css.py", "macros/csp.py"]


# --- Our stylesheet, inlined (macros/inline_css.py) ------------------------------------------------

@pytest.mark.both_builders
def test_our_stylesheets_are_inlined_never_linked(built_site: Path) -> None:
    """dwg.css in every page; dwg-tools.css in the pages with a tool (overrides/main.html picks them)."""
    main, tools = ((built_site / name).read_text(encoding="utf-8") for name in INLINED)
    assert ".dwg-form" in main and ".dwg-timeline" in tools and "/*" not in main + tools  # minified, as pages carry them
    with_tools = set()
    for path in html_pages(built_site):
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(built_site).as_posix()
        styles = Page(html).style_elements
        assert styles.count(main) == 1, f"{name}: not exactly one <style> with {INLINED[0]}"
        assert styles.count(tools) <= 1, f"{name}: {INLINED[1]} twice"
        if tools in styles:
            with_tools.add(name)
        assert not [tag for tag in LINK.findall(html) if linked_stylesheet(tag)], f"{name}: still links one of {INLINED}"
    assert {"index.html", "checklists/index.html", "guide/decide/index.html"} <= with_tools
    assert "letters/decline-by-phone/index.html" not in with_tools


def test_inlining_finds_every_address_of_the_stylesheet_and_refuses_a_style_end_tag(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / INLINED[0]).write_text("a>b{color:red}", encoding="utf-8")
    (tmp_path / "x" / "y").mkdir(parents=True)
    links = ('<link rel="stylesheet" href="../../assets/dwg.css"><link href="/site/assets/dwg.css?v=1" rel="stylesheet">'
             '<link rel="preload" href="../../assets/dwg.css"><link rel="stylesheet" href="../../assets/other.css">')
    (tmp_path / "x" / "y" / "index.html").write_text(f"<html><head>{links}</head></html>", encoding="utf-8")
    assert inline_stylesheets(tmp_path) == 1
    html = (tmp_path / "x" / "y" / "index.html").read_text(encoding="utf-8")
    assert html == ('<html><head><style>a>b{color:red}</style><style>a>b{color:red}</style>'
                    '<link rel="preload" href="../../assets/dwg.css"><link rel="stylesheet" href="../../assets/other.css">'
                    "</head></html>")
    (tmp_path / INLINED[0]).write_text("a::after{content:'</style><script>x()</script>'}", encoding="utf-8")
    with pytest.raises(ValueError, match="assets/dwg.css holds '</style'"):
        inline_stylesheets(tmp_path)


# --- Edit links -----------------------------------------------------------------------------------

EDIT_URI = "https://git.example/owner/dwg/edit/main/docs/"


def page_sources() -> list[str]:
    docs = ROOT / "docs"
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
                  if p.relative_to(docs).parts[0] not in NOT_A_PAGE_SOURCE)


def test_the_edit_uri_comes_from_the_environment_and_there_is_no_repo_url() -> None:
    assert CONFIG["edit_uri"] == "!ENV EDIT_URI"
    assert "repo_url" not in CONFIG  # the theme would call the repository host's API from every page


@pytest.mark.both_builders
def test_without_edit_uri_no_page_has_an_edit_link(built_site: Path) -> None:
    assert [p for p in html_pages(built_site) if Page(p.read_text(encoding="utf-8")).edit_links] == []


@pytest.mark.build
def test_with_edit_uri_every_page_links_to_its_own_source(tmp_path: Path) -> None:
    """A letter's page is its data file, so contributors land on the file that holds the letter."""
    done = run_build("mkdocs", ROOT, tmp_path / "site", edit_uri=EDIT_URI)
    assert done.returncode == 0, done.stderr
    sources = page_sources()
    assert {"guide/decide.md", "letters/index.md", "index.md", "letters/decline-by-phone.md"} <= set(sources)
    for source in sources:
        page = Page(page_file(tmp_path / "site", source).read_text(encoding="utf-8"))
        assert page.edit_links == [EDIT_URI + source], source
    assert findings(tmp_path / "site") == []


def run_sh_env(tmp_path: Path, **env: str) -> str:
    """The EDIT_URI run.sh hands the builder, run in a copy whose .venv holds a stand-in mkdocs."""
    project = tmp_path / "project"
    (project / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "run.sh", project / "run.sh")
    (project / "requirements.txt").write_text("", encoding="utf-8")
    (project / ".venv" / ".installed").touch()
    os.utime(project / ".venv" / ".installed", (os.path.getmtime(project / "requirements.txt") + 10,) * 2)
    mkdocs = project / ".venv" / "bin" / "mkdocs"
    mkdocs.write_text('#!/bin/sh\nprintf "%s" "${EDIT_URI-unset}"\n', encoding="utf-8")
    mkdocs.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in {"EDIT_URI", "REPO_URL"}}
    done = subprocess.run(["sh", str(project / "run.sh"), "serve"], env={**clean, **env},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_run_sh_derives_the_edit_uri_from_repo_url(tmp_path: Path) -> None:
    assert run_sh_env(tmp_path) == "unset"
    assert run_sh_env(tmp_path, REPO_URL="https://git.example/owner/dwg/") == EDIT_URI
    assert run_sh_env(tmp_path, REPO_URL="https://git.example/owner/dwg") == EDIT_URI
    assert run_sh_env(tmp_path, REPO_URL="https://git.example/o/r", EDIT_URI=EDIT_URI) == EDIT_URI
