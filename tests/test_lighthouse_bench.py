"""bench/lighthouse.py says how busy the machine was, since a busy machine lowers the mobile performance score."""
from __future__ import annotations

import os
import sys

import pytest

from conftest import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import lighthouse  # noqa: E402


def scores(performance: int) -> dict:
    return {"scores": {c: 100 for c in lighthouse.CATEGORIES} | {"performance": performance}, "failing": [],
            "titles": {}}


@pytest.mark.parametrize("one_minute, warned", [(0.9, False), (1.1, True)])
def test_warns_when_the_machine_is_busy(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
                                        one_minute: float, warned: bool) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # the threshold is 0.5 per CPU
    monkeypatch.setattr(os, "getloadavg", lambda: (one_minute, 0.4, 0.3))
    assert lighthouse.load_at_start() == f"{one_minute:.1f} / 0.4 / 0.3"
    assert ("the machine is busy" in capsys.readouterr().err) is warned


def test_table_gives_the_load_before_and_after() -> None:
    results = {preset: {page: scores(99) for page in lighthouse.PAGES} for preset in lighthouse.PRESETS}
    data = {"machine": {"date": "today", "platform": "here", "cpus": 2, "python": "3"},
            "versions": {"lighthouse": "12", "chromium": "C", "node": "20"}, "runs": 5,
            "load": {"before": "0.2 / 0.3 / 0.4", "after": "1.9 / 1.0 / 0.6"}, "results": results,
            "verdicts": lighthouse.judge(results)}
    table = lighthouse.markdown(data)
    assert "before the runs: 0.2 / 0.3 / 0.4; after: 1.9 / 1.0 / 0.6." in table
    assert "before the runs: 0.2 / 0.3 / 0.4; after: 1.9 / 1.0 / 0.6." in lighthouse.side_by_side({"mkdocs": data})
