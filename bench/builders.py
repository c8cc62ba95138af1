"""The site's two builders: MkDocs with Material (the primary build) and Zensical (Material's successor).

Each builds a project folder into an output folder with a given site URL. Zensical has no hooks, so the
Content-Security-Policy that MkDocs' hook puts in (macros/csp.py) is put into a Zensical build here.
Zensical lives in its own environment, .venv-zensical, installed from requirements-zensical.txt on first use
(and again when that file changes), so MkDocs' pins stay untouched. Zensical has no -d option and keeps its
output inside the project, so it builds a throwaway copy of the project's sources; the copy's folder is put on
PYTHONPATH so its macros extension can import our `macros` package.

Run: .venv/bin/python -m bench.builders install   (creates .venv-zensical; prints the zensical command)
"""
from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from macros.after_build import finish_zensical_site

ROOT = Path(__file__).resolve().parent.parent
BUILDERS = ("mkdocs", "zensical")
SITE_URL = "http://127.0.0.1:8000/"
ZENSICAL_VENV = ROOT / ".venv-zensical"
ZENSICAL_REQUIREMENTS = ROOT / "requirements-zensical.txt"
ZENSICAL = ZENSICAL_VENV / "bin" / "zensical"
_INSTALLED = ZENSICAL_VENV / ".installed"
# What a build reads; everything else (environments, outputs, caches, the bench) stays out of the copy.
_NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv*", "site", "node_modules", "__pycache__", ".pytest_cache", ".cache", "bench", "tests",
)


class BuildFailed(RuntimeError):
    """A builder exited with an error; the message holds its output."""


class ZensicalUnavailable(RuntimeError):
    """Zensical could not be installed into .venv-zensical; the message holds pip's output."""


def chosen_builders(description: str) -> list[str]:
    """The --builders a bench script was asked for (default: all), refused by name when unknown."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--builders", default=",".join(BUILDERS), help="comma-separated, from: " + ", ".join(BUILDERS))
    chosen = parser.parse_args().builders.split(",")
    if not set(chosen) <= set(BUILDERS):
        parser.error(f"unknown builder in {chosen}")
    return chosen


def ensure_zensical() -> Path:
    """The zensical command, installing it first when .venv-zensical is missing or older than its pins."""
    ZENSICAL_VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(ROOT / ".venv-zensical.lock", "w") as lock:  # one installer at a time (tests and bench may race)
        fcntl.flock(lock, fcntl.LOCK_EX)
        fresh = _INSTALLED.is_file() and _INSTALLED.stat().st_mtime >= ZENSICAL_REQUIREMENTS.stat().st_mtime
        if fresh and ZENSICAL.is_file():
            return ZENSICAL
        steps = [
            [sys.executable, "-m", "venv", "--clear", str(ZENSICAL_VENV)],
            [str(ZENSICAL_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "-r", str(ZENSICAL_REQUIREMENTS)],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise ZensicalUnavailable(
                    f"could not install Zensical ({' '.join(step[-3:])}):\n{done.stdout}{done.stderr}"
                )
        _INSTALLED.touch()
        return ZENSICAL


def _mkdocs(project: Path, out: Path, env: dict) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def _zensical(project: Path, out: Path, env: dict) -> subprocess.CompletedProcess:
    zensical = ensure_zensical()
    with tempfile.TemporaryDirectory(prefix="dwg-zensical-") as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(project, copy, ignore=_NOT_SOURCES)
        env = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(copy), env.get("PYTHONPATH")]))}
        done = subprocess.run([str(zensical), "build", "--strict", "-f", "mkdocs.yml"],
                              cwd=copy, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode == 0:
            shutil.rmtree(out, ignore_errors=True)
            shutil.move(str(copy / "site"), str(out))
            finish_zensical_site(out, copy / "docs")  # what the MkDocs hooks do
        return done


def run_build(builder: str, project: Path, out: Path, site_url: str = SITE_URL,
              edit_uri: str | None = None) -> subprocess.CompletedProcess:
    """Build `project` into `out` with one builder (strict); returns the finished process.

    Pages get an "Edit this page" link to `edit_uri` + their source path only when edit_uri is given, whatever
    EDIT_URI the shell holds, so a build is the same on every machine."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("EDIT_URI", None)
    if edit_uri:
        env["EDIT_URI"] = edit_uri
    if builder == "mkdocs":
        return _mkdocs(project, out, env)
    if builder == "zensical":
        return _zensical(project, out, env)
    raise ValueError(f"unknown builder {builder!r}; expected one of {BUILDERS}")


def build(builder: str, project: Path, out: Path, site_url: str = SITE_URL) -> None:
    """Like run_build, but raises BuildFailed with the builder's output when the build fails."""
    done = run_build(builder, project, out, site_url)
    if done.returncode != 0:
        raise BuildFailed(f"{builder} build --strict failed for {project}:\n{done.stdout}{done.stderr}")


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit(__doc__)
    print(ensure_zensical())
