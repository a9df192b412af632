"""The full catalogue on the demo data finds exactly the planted violations: no misses, no extras."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput
from wgp_audit.findings import CheckResult, Outcome


@pytest.fixture(scope="module")
def results(demo: DemoOutput) -> list[CheckResult]:
    assert demo.logs is not None, "the demo writes its logs by default"
    with open_audit(demo.database, web_logs=demo.logs / "web", app_logs=demo.logs / "app") as audit:
        return audit.run_checks()


@pytest.fixture(scope="module")
def rejects(demo: DemoOutput) -> tuple[dict[str, tuple[int, int, int]], set[tuple[str, str, int]]]:
    """Per log: (lines read, parsed, rejected), and the rejected (log, file, line) triples."""
    assert demo.logs is not None
    with open_audit(demo.database, web_logs=demo.logs / "web", app_logs=demo.logs / "app") as audit:
        counts = {k: (r.lines_read, r.parsed, r.rejected) for k, r in audit.logs.items()}
        rows = audit.query(
            "select 'web' as log, file, line_no from log_web_rejects "
            "union all select 'app', file, line_no from log_app_rejects"
        ).rows()
    return counts, {(log, Path(file).name, int(n)) for log, file, n in rows}


def test_demo_log_lines_are_all_accounted_for(
    rejects: tuple[dict[str, tuple[int, int, int]], set[tuple[str, str, int]]],
) -> None:
    counts, _ = rejects
    assert set(counts) == {"web", "app"}
    for read, parsed, rejected in counts.values():
        assert parsed + rejected == read


def test_demo_log_rejects_are_exactly_the_planted_noise(
    demo: DemoOutput,
    rejects: tuple[dict[str, tuple[int, int, int]], set[tuple[str, str, int]]],
) -> None:
    assert demo.logs is not None
    noise = json.loads((demo.logs / "noise.json").read_text())
    expected = {(n["log"], n["file"], n["line_no"]) for n in noise if n["rejected"]}
    assert {n["kind"] for n in noise} >= {
        "tls handshake",
        "request '-'",
        "escaped quote in user agent",
        "truncated last line",
    }
    assert rejects[1] == expected


def test_no_check_is_broken(results: list[CheckResult]) -> None:
    broken = [r.message for r in results if r.outcome is Outcome.ERROR]
    assert broken == []


def test_every_check_is_evaluable_on_the_demo(results: list[CheckResult]) -> None:
    assert [r.spec.id for r in results if r.outcome is Outcome.NOT_EVALUABLE] == []


def test_findings_equal_the_planted_violations(
    results: list[CheckResult], demo_manifest: list[dict[str, Any]]
) -> None:
    found = {(r.spec.id, f.record_key) for r in results for f in r.findings}
    planted = {(p["requirement_id"], p["record_key"]) for p in demo_manifest if p["expected"]}
    assert sorted(planted - found) == [], "planted violations the checks missed"
    assert sorted(found - planted) == [], "findings nobody planted"


def test_near_misses_are_not_flagged(results: list[CheckResult], demo_manifest: list[dict[str, Any]]) -> None:
    found = {(r.spec.id, f.record_key) for r in results for f in r.findings}
    near = {(p["requirement_id"], p["record_key"]) for p in demo_manifest if not p["expected"]}
    assert sorted(near & found) == []


def test_every_check_has_a_planted_violation(
    results: list[CheckResult], demo_manifest: list[dict[str, Any]]
) -> None:
    planted_ids = {p["requirement_id"] for p in demo_manifest if p["expected"]}
    unplanted = [r.spec.id for r in results if r.spec.area != "data_quality" and r.spec.id not in planted_ids]
    assert unplanted == []
