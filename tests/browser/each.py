"""Many cases in one browser page: one page load for all of them, and a failure still names each case."""
from __future__ import annotations

from collections.abc import Callable, Iterable


def check_each(cases: Iterable[tuple[str, object]], check: Callable[..., None]) -> None:
    """Run check(case) for every (name, case); fail once at the end, naming every case that failed and why."""
    failed = []
    for name, case in cases:
        try:
            check(case)
        except AssertionError as err:
            failed.append(f"{name}: {err}")
    assert not failed, f"{len(failed)} case(s) failed:\n" + "\n".join(failed)
