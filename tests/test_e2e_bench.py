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
    def row(scale: str, phase: str, seconds: float, mb: float = 500) -> object:
        s = bench.SCALES[scale]
        return bench.Row(scale, s.users, s.log_lines, phase, seconds, mb, mb, 1.0)

    rows = [
        row("small", "run warm", 40),
        row("medium", "run warm", 80, 2500),
        row("small", "checks: run_checks", 1),
        row("medium", "checks: run_checks", 12),
    ]
    assert [(p, lo, hi, round(tx, 1)) for p, lo, hi, _, tx in bench.growth(rows)] == [
        ("checks: run_checks", "small", "medium", 12.0),
        ("run warm", "small", "medium", 2.0),
    ]
    met = {t: ok for t, _, ok in bench.targets(rows)}
    assert met["whole run, medium, warm log cache < 90 s"] is True
    assert met["whole run, medium, cold log cache < 180 s"] is None
    assert met["all checks, medium < 10 s"] is False
    assert met["peak memory < 2 GB, medium (audit phases, process tree)"] is False
    assert met["10× data → at most 10× time (audit phases)"] is False
    assert "| NO |" in bench.growth_table(rows)
