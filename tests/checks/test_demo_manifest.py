"""The full catalogue on the demo data finds exactly the planted violations: no misses, no extras."""

from __future__ import annotations

from typing import Any

import pytest

from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput
from wgp_audit.findings import CheckResult, Outcome


@pytest.fixture(scope="module")
def results(demo: DemoOutput) -> list[CheckResult]:
    with open_audit(demo.database) as audit:
        return audit.run_checks()


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


def test_near_misses_are_not_flagged(
    results: list[CheckResult], demo_manifest: list[dict[str, Any]]
) -> None:
    found = {(r.spec.id, f.record_key) for r in results for f in r.findings}
    near = {(p["requirement_id"], p["record_key"]) for p in demo_manifest if not p["expected"]}
    assert sorted(near & found) == []


def test_every_check_has_a_planted_violation(
    results: list[CheckResult], demo_manifest: list[dict[str, Any]]
) -> None:
    planted_ids = {p["requirement_id"] for p in demo_manifest if p["expected"]}
    unplanted = [r.spec.id for r in results
                 if r.spec.area != "data_quality" and r.spec.id not in planted_ids]
    assert unplanted == []
