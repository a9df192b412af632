"""Typed results of a check run, and the exit code they add up to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wgp_audit.checks import CheckSpec
from wgp_audit.errors import ExitCode, redact_secrets

#: Columns a check may return that name a person: their values never reach a report raw.
PERSON_COLUMNS = frozenset(
    {
        "user_id",
        "actor_id",
        "subject_id",
        "full_name",
        "name",
        "email",
        "phone",
        "iin",
        "ip",
        "client_ip",
        "remote_addr",
    }
)


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
            rows.append(
                {
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
                    "reason": shown_reason(f, pseudo),
                }
            )
    return rows


def shown_reason(finding: Finding, pseudo: Any) -> str | None:
    """The finding's reason as a report shows it: the identifiers the finding itself holds (its
    person, its record key, person columns of its evidence) replaced by their pseudonyms wherever a
    check wrote them into the text, then the free-text masker (both are no-ops under --reveal)."""
    reason = finding.reason
    own = {(finding.subject_id, "p"), (finding.record_key, "r")}
    own |= {(str(v), "p") for k, v in finding.evidence.items() if k in PERSON_COLUMNS and v is not None}
    for value, prefix in sorted(own, key=lambda item: -len(item[0] or "")):
        if value and len(value) >= 4 and value in reason:
            reason = reason.replace(value, str(pseudo(value, prefix)))
    shown: str | None = pseudo.text(reason)
    return shown


def summary_rows(results: Iterable[CheckResult]) -> list[dict[str, Any]]:
    """One row per check: id, area, severity, outcome, number of findings, message."""
    return [
        {
            "check_id": r.spec.id,
            "area": r.spec.area,
            "severity": r.spec.severity.value,
            "title": r.spec.title,
            "outcome": r.outcome.value,
            "findings": len(r.findings),
            "seconds": round(r.seconds, 3),
            "message": redact_secrets(r.message) if r.message else None,
        }
        for r in results
    ]
