"""Shared fixtures: the project, a strict build of the site, and that site served on 127.0.0.1."""
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
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(project: Path, out: Path, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` for a project folder; return the finished process."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project (sources only) for tests that change data."""
    ignore = shutil.ignore_patterns(".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache", "bench")
    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)  # links copied as links, never followed
    return dest


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def site_origin(site_port: int) -> str:
    return f"http://127.0.0.1:{site_port}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_origin: str) -> Path:
    """The site, built once per run with SITE_URL equal to the origin it is served from."""
    out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, out, site_origin + "/")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
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
