"""Shared fixtures: the project, a strict build of the site, and that site served on 127.0.0.1.

The site is built with MkDocs; a test marked ``both_builders`` runs once against the MkDocs build and once
against the Zensical build (the ``builder`` parameter), through the same fixtures.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.builders import BUILDERS, ZensicalUnavailable, run_build  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(project: Path, out: Path, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` for a project folder; return the finished process."""
    return run_build("mkdocs", project, out, site_url)


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project (sources only) for tests that change data."""
    ignore = shutil.ignore_patterns(".git", ".venv*", ".cache", "site", "node_modules", "__pycache__", ".pytest_cache", "bench")
    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)  # links copied as links, never followed
    return dest


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_builders: run against the MkDocs build and the Zensical build")
    config.addinivalue_line("markers", "heavy: one of the slowest tests, started first so that no worker is left with it at the end")


BROWSER_TESTS = Path(__file__).parent / "browser"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests (under tests/browser/) and Zensical builds get their markers, so the fast tier can leave them out.

    Under pytest-xdist (``--dist loadgroup``), every test on the Zensical build runs on one worker, so that
    Zensical builds the site once; the heaviest tests are handed out first and the quick ones fill the gaps.
    """
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        if callspec and callspec.params.get("builder") == "zensical":
            item.add_marker(pytest.mark.build)
            item.add_marker(pytest.mark.xdist_group("zensical"))
    items.sort(key=lambda item: (item.get_closest_marker("heavy") is None, item.get_closest_marker("browser") is None))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test on a built site gets a builder: MkDocs, and Zensical too when marked both_builders."""
    if "builder" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_builders") is not None
        metafunc.parametrize("builder", BUILDERS if both else BUILDERS[:1], indirect=True, scope="session")


@pytest.fixture(scope="session")
def builder(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def site_port(builder: str) -> int:
    return free_port()


@pytest.fixture(scope="session")
def site_origin(site_port: int) -> str:
    return f"http://127.0.0.1:{site_port}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, builder: str, site_origin: str) -> Path:
    """The site, built once per run, builder and pytest-xdist worker, with SITE_URL equal to the origin it is served from."""
    out = tmp_path_factory.mktemp(f"site-{builder}")
    try:
        result = run_build(builder, ROOT, out, site_origin + "/")
    except ZensicalUnavailable as err:
        if IN_CI:
            pytest.fail(f"{err}\nCI=true, so a Zensical that cannot be installed fails instead of skipping")
        pytest.skip(str(err))
    assert result.returncode == 0, f"{builder} build --strict failed:\n{result.stdout}{result.stderr}"
    return out


@pytest.fixture(scope="session")
def served_site(built_site: Path, site_port: int, site_origin: str) -> Iterator[str]:
    """The built site on 127.0.0.1; yields its base URL with a trailing slash."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_origin + "/"
    server.shutdown()


# --- Real Chromium for pytest-playwright ------------------------------------------------------

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)"
        if IN_CI:
            pytest.fail(message + "; CI=true, so a missing browser fails instead of skipping")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    }


# --- Content-Security-Policy violations fail every browser test ---------------------------------

# Runs in every page before the page's own scripts, and reports each violation to the test.
CSP_RECORDER = """addEventListener("securitypolicyviolation", e => __dwgCspViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "?"} on ${location.pathname}: ${e.sample}`), true)"""


@pytest.fixture(autouse=True)
def csp_violations(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """In a test that drives Chromium, every context it opens (``page``, ``context``, ``browser.new_context()``,
    ``browser.new_page()``) records Content-Security-Policy violations; any at all fails the test."""
    violations: list[str] = []
    if "browser" not in request.fixturenames:
        yield violations
        return
    browser = request.getfixturevalue("browser")
    new_context, new_page = browser.new_context, browser.new_page

    def recording(context):
        context.expose_binding("__dwgCspViolation", lambda source, text: violations.append(text))
        context.add_init_script(CSP_RECORDER)
        return context

    def recording_page(**kwargs):
        page = new_page(**kwargs)
        recording(page.context)  # the page is still blank: the recorder is in place before its first load
        return page

    # Instance attributes shadow the Browser's methods for this test only (pytest-playwright's fixtures call them).
    browser.new_context = lambda **kwargs: recording(new_context(**kwargs))
    browser.new_page = recording_page
    try:
        yield violations
    finally:
        del browser.new_context, browser.new_page
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)
