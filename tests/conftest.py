"""Shared fixtures: the project, a strict build of the site, and that site served on 127.0.0.1.

The site is built with MkDocs; a test marked ``both_builders`` runs once against the MkDocs build and once
against the Zensical build (the ``builder`` parameter), through the same fixtures.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.builders import BUILDERS, ZensicalUnavailable, run_build  # noqa: E402
from bench.gzip_server import QuietHandler, free_port  # noqa: E402
from macros import check_cache  # noqa: E402

CHECK_CACHE = pytest.StashKey[str]()

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def build_site(project: Path, out: Path, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` for a project folder; return the finished process."""
    return run_build("mkdocs", project, out, site_url)


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project (sources only) for tests that change data."""
    ignore = shutil.ignore_patterns(".git", ".venv*", ".cache", "site", "node_modules", "__pycache__", ".pytest_cache", "bench")
    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)  # links copied as links, never followed
    return dest


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that drops a connection it no longer needs is not an error; anything else still is."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path, port: int) -> QuietServer:
    """Serve a folder on 127.0.0.1:port from a background thread; call .shutdown() to stop."""
    server = QuietServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pytest_configure(config: pytest.Config) -> None:
    # Every build in this run, in any process (pytest-xdist workers inherit it), shares the rule results of the
    # letters it has already checked (macros/check_cache.py); a changed letter or data file is checked afresh.
    if check_cache.ENV not in os.environ and not hasattr(config, "workerinput"):
        os.environ[check_cache.ENV] = config.stash[CHECK_CACHE] = tempfile.mkdtemp(prefix="dwg-check-cache-")
    config.addinivalue_line("markers", "both_builders: run against the MkDocs build and the Zensical build")
    config.addinivalue_line("markers", "heavy: one of the slowest tests, started first so that no worker is left with it at the end")


def pytest_unconfigure(config: pytest.Config) -> None:
    if CHECK_CACHE in config.stash:
        shutil.rmtree(config.stash[CHECK_CACHE], ignore_errors=True)


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests (under tests/browser/) and Zensical builds get their markers, so the fast tier can leave them out.
    The heaviest tests come first, so that pytest-xdist hands them out first and the quick ones fill the gaps."""
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        if callspec and callspec.params.get("builder") == "zensical":
            item.add_marker(pytest.mark.build)
    items.sort(key=lambda item: (item.get_closest_marker("heavy") is None, item.get_closest_marker("browser") is None))


# Tests that share an expensive build run on one pytest-xdist worker, which builds it once: a test id matching
# a pattern here goes to the worker of that group. (xdist's own --dist loadgroup relies on a pytest internal
# that pytest 9 no longer has, so the groups are made here, from the test ids the controller sees.)
SHARED_BUILDS = {
    "zensical": re.compile(r"\[zensical\b"),
    "hostile-site": re.compile(r"/test_hostile_data\.py::"),
}


class SharedBuildScheduling(LoadScopeScheduling):
    """pytest-xdist's load balancing, one test at a time, except that each group of SHARED_BUILDS is one unit."""

    def _split_scope(self, nodeid: str) -> str:
        return next((group for group, pattern in SHARED_BUILDS.items() if pattern.search(nodeid)), nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> SharedBuildScheduling:
    return SharedBuildScheduling(config, log)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test on a built site gets a builder: MkDocs, and Zensical too when marked both_builders."""
    if "builder" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_builders") is not None
        metafunc.parametrize("builder", BUILDERS if both else BUILDERS[:1], indirect=True, scope="session")


@pytest.fixture(scope="session")
def builder(request: pytest.FixtureRequest) -> str:
    return request.param


class Sites:
    """Each builder's site, built the first time a test asks for it with SITE_URL equal to the origin it is served
    from, then kept and served until the run ends.

    The fixtures below are parametrized by builder, so pytest tears them down whenever the next test has the other
    builder (pytest-xdist hands tests out in any order); the builds live here instead, so that a worker builds
    each site at most once.
    """

    def __init__(self, tmp_path_factory: pytest.TempPathFactory):
        self.tmp_path_factory = tmp_path_factory
        self.sites: dict[str, tuple[Path, int]] = {}
        self.servers: list[QuietServer] = []
        self.failures: dict[str, str] = {}  # builder -> why its build failed: every test on it fails, none rebuilds
        self.unavailable: dict[str, str] = {}  # builder -> why it cannot be installed here (skipped outside CI)

    def site(self, builder: str) -> tuple[Path, int]:
        """(built site folder, port it is served on); fails the test when the build failed (and every later one)."""
        if builder in self.failures:
            pytest.fail(self.failures[builder], pytrace=False)
        if builder in self.unavailable:
            pytest.skip(self.unavailable[builder])
        if builder not in self.sites:
            port = free_port()
            out = self.tmp_path_factory.mktemp(f"site-{builder}")
            try:
                result = run_build(builder, ROOT, out, f"http://127.0.0.1:{port}/")
            except ZensicalUnavailable as err:
                if IN_CI:
                    self.failures[builder] = f"{err}\nCI=true, so a Zensical that cannot be installed fails instead of skipping"
                    pytest.fail(self.failures[builder], pytrace=False)
                self.unavailable[builder] = str(err)
                pytest.skip(str(err))
            if result.returncode != 0:
                self.failures[builder] = f"{builder} build --strict failed:\n{result.stdout}{result.stderr}"
                pytest.fail(self.failures[builder], pytrace=False)
            self.servers.append(serve(out, port))
            self.sites[builder] = (out, port)
        return self.sites[builder]

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    cache = Sites(tmp_path_factory)
    yield cache
    cache.close()


@pytest.fixture(scope="session")
def built_site(sites: Sites, builder: str) -> Path:
    """The site, built once per run, builder and pytest-xdist worker."""
    return sites.site(builder)[0]


@pytest.fixture(scope="session")
def site_origin(sites: Sites, builder: str) -> str:
    return f"http://127.0.0.1:{sites.site(builder)[1]}"


@pytest.fixture(scope="session")
def served_site(built_site: Path, site_origin: str) -> str:
    """The built site on 127.0.0.1 (served from the moment it is built); its base URL with a trailing slash."""
    return site_origin + "/"


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


