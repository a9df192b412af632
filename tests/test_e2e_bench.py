"""The end-to-end benchmark's arithmetic (growth ratios, targets); the benchmark itself never runs here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "e2e_bench.py"
    spec = importlib.util.spec_from_file_location("e2e_bench", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["e2e_bench"] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


def test_growth_and_targets(bench: ModuleType) -> None:
    def row(scale: str, phase: str, seconds: float, mb: float = 500, cpu: float = 0.0) -> object:
        s = bench.SCALES[scale]
        return bench.Row(scale, s.users, s.log_lines, phase, seconds, mb, mb, 1.0, cpu_s=cpu)

    rows = [
        row("small", "run warm", 40, cpu=30),
        row("medium", "run warm", 80, 2500, cpu=60),
        row("small", "checks: run_checks", 1),
        row("medium", "checks: run_checks", 12),
    ]
    growth = [(p, lo, hi, round(tx, 1), cx) for p, lo, hi, _, tx, cx in bench.growth(rows)]
    assert growth == [
        ("checks: run_checks", "small", "medium", 12.0, None),  # no CPU figures: judged on wall time
        ("run warm", "small", "medium", 2.0, 2.0),
    ]
    met = {t: ok for t, _, ok in bench.targets(rows)}
    assert met["whole run, medium, warm log cache < 30 s"] is False
    assert met["whole run, medium, cold log cache < 60 s"] is None
    assert met["all checks, medium < 5 s"] is False
    assert met["peak memory < 1.5 GB, small (audit phases, process tree)"] is True
    assert met["peak memory < 1.5 GB, medium (audit phases, process tree)"] is False
    growth_label = "10× data → at most 10× CPU time (wall time where CPU was not measured; audit phases)"
    assert met[growth_label] is False  # the checks grew 12x in wall time
    assert "| NO |" in bench.growth_table(rows)
