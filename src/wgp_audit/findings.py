"""Typed results of a check run, and the exit code they add up to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wgp_audit.checks import CheckSpec
from wgp_audit.errors import ExitCode


class Outcome(StrEnum):
    """What became of one check."""

    PASS = "pass"  # evaluated, no offending rows
    FAIL = "fail"  # evaluated, offending rows found
    NOT_EVALUABLE = "not_evaluable"  # a table it needs is empty: never reported as compliant
    ERROR = "error"  # the check itself broke (bad SQL): the run is incomplete


@dataclass(frozen=True)
class Finding:
    """One offending record: stable key, the person concerned (raw id), when, and why."""

    check_id: str
    record_key: str
    reason: str
    subject_id: str | None = None
    occurred_at: dt.datetime | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check, its findings, and the error or reason when it did not pass."""

    spec: CheckSpec
    outcome: Outcome
    findings: tuple[Finding, ...] = ()
    message: str | None = None
    seconds: float = 0.0


def exit_code(results: Iterable[CheckResult]) -> ExitCode:
    """Errors outrank findings, findings outrank not-evaluable checks."""
    outcomes = {r.outcome for r in results}
    if Outcome.ERROR in outcomes:
        return ExitCode.CHECK_ERROR
    if Outcome.FAIL in outcomes:
        return ExitCode.FINDINGS
    if Outcome.NOT_EVALUABLE in outcomes:
        return ExitCode.NOT_EVALUABLE
    return ExitCode.OK


def findings_rows(results: Iterable[CheckResult], pseudo: Any) -> list[dict[str, Any]]:
    """One row per finding, with the person and record pseudonymised and free text masked."""
    rows = []
    for r in results:
        for f in r.findings:
            rows.append({
                "finding_id": f"{r.spec.id}:{pseudo(f.record_key, 'r')}",
                "check_id": r.spec.id,
                "area": r.spec.area,
                "severity": r.spec.severity.value,
                "title": r.spec.title,
                "clause": r.spec.clause,
                "law": r.spec.law,
                "record": pseudo(f.record_key, "r"),
                "subject": pseudo(f.subject_id),
                "occurred_at": f.occurred_at,
                "reason": pseudo.text(f.reason),
            })
    return rows


def summary_rows(results: Iterable[CheckResult]) -> list[dict[str, Any]]:
    """One row per check: id, area, severity, outcome, number of findings, message."""
    return [
        {"check_id": r.spec.id, "area": r.spec.area, "severity": r.spec.severity.value,
         "title": r.spec.title, "outcome": r.outcome.value, "findings": len(r.findings),
         "seconds": round(r.seconds, 3), "message": r.message}
        for r in results
    ]
