"""Run the test suite the way CI does (a fresh clone, the README's command, CI=true) and read pytest's own time.

Shared by bench/suite_time.py (one run per tier) and bench/stress_runs.py (the full suite, again and again,
with the CPU kept busy). pytest's time and counts come from its JUnit XML, not from a clock around it, so
setting up the environment on a fresh clone is not counted.
"""
from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The tiers, as pytest marker expressions (pytest.ini declares the markers). Their commands are in the README.
TIERS = {
    "fast": "not browser and not build",
    "full": "",
}


@dataclass
class SuiteRun:
    tier: str
    seconds: float  # pytest's own time
    passed: int
    failed: int
    errors: int
    skipped: int
    exit_code: int

    @property
    def green(self) -> bool:
        return self.exit_code == 0 and self.failed == self.errors == self.skipped == 0 and self.passed > 0


def fresh_clone(into: Path) -> Path:
    """A clone of the committed state of this repository (what CI sees), never the working tree."""
    dest = into / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    return dest


def run_tier(checkout: Path, tier: str, extra: list[str] | None = None) -> SuiteRun:
    """`CI=true ./run.sh test -m <tier>` in a checkout; counts and pytest's time from its JUnit report."""
    report = checkout / f".suite-{tier}.xml"
    args = ["./run.sh", "test", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"]
    if TIERS[tier]:
        args += ["-m", TIERS[tier]]
    env = {**os.environ, "CI": "true"}
    done = subprocess.run(args + (extra or []), cwd=checkout, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not report.exists():
        sys.stdout.write(done.stdout[-4000:])
        return SuiteRun(tier, 0.0, 0, 0, 1, 0, done.returncode)
    suite = ET.parse(report).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    total, failed, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-4000:])
    return SuiteRun(tier, float(suite.get("time", 0)), total - failed - errors - skipped, failed, errors, skipped, done.returncode)


def machine() -> str:
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.platform()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}")


def as_dict(run: SuiteRun) -> dict:
    return {**asdict(run), "green": run.green}


def temporary_clone() -> tuple[tempfile.TemporaryDirectory, Path]:
    holder = tempfile.TemporaryDirectory(prefix="dwg-suite-")
    return holder, fresh_clone(Path(holder.name))
