"""Run checks against an audit connection: a failed check is data, a broken check is an error."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import duckdb

from wgp_audit.checks import CheckSpec
from wgp_audit.errors import CheckDefinitionError
from wgp_audit.findings import CheckResult, Finding, Outcome
from wgp_audit.lineage import check_reads
from wgp_audit.validate import NOT_PROVIDED, Gaps

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_RESERVED = ("record_key", "reason")


def _empty_needs(con: duckdb.DuckDBPyConnection, spec: CheckSpec) -> list[str]:
    """The tables a check needs that are empty or not attached; a need no view defines is an error."""
    empty = []
    for name in spec.needs:
        if not _IDENT.match(name):
            raise CheckDefinitionError(f"check {spec.path}: needs {name!r} is not a table name")
        try:
            row = con.execute(f"select count(*) from {name}").fetchone()
        except duckdb.CatalogException:
            if not name.startswith("log_"):
                raise CheckDefinitionError(
                    f"check {spec.path} needs {name}, which no staging view defines",
                    hint="name a stg_* view or a log view (log_web, log_app) in `-- needs:`",
                ) from None
            empty.append(f"{name} (not attached: give the logs with --logs)")
            continue
        if not row or row[0] == 0:
            empty.append(name)
    return empty


def _bind(spec: CheckSpec, params: Mapping[str, object]) -> dict[str, object]:
    """The values of the parameters a check uses."""
    unknown = [p for p in spec.params if p not in params]
    if unknown:
        raise CheckDefinitionError(
            f"check {spec.path} uses parameters {', '.join(unknown)} that the audit does not provide",
            hint=f"known parameters: {', '.join(sorted(params))}",
        )
    return {p: params[p] for p in spec.params}


def _findings(spec: CheckSpec, columns: list[str], rows: list[tuple[Any, ...]]) -> list[Finding]:
    """A check's rows as findings."""
    missing = [c for c in _RESERVED if c not in columns]
    if missing:
        raise CheckDefinitionError(
            f"check {spec.path} returns no {', '.join(missing)} column",
            hint="a check returns one row per offending record with record_key and reason",
        )
    subject = spec.subject or ("user_id" if "user_id" in columns else None)
    out = []
    for row in rows:
        rec = dict(zip(columns, row, strict=True))
        occurred = rec.get("occurred_at")
        out.append(
            Finding(
                check_id=spec.id,
                record_key=str(rec["record_key"]),
                reason=str(rec["reason"]),
                subject_id=None if subject is None or rec.get(subject) is None else str(rec[subject]),
                occurred_at=occurred if isinstance(occurred, dt.datetime) else None,
                evidence={k: v for k, v in rec.items() if k not in _RESERVED},
            )
        )
    return out


def _not_evaluable(spec: CheckSpec, start: float, message: str) -> CheckResult:
    """A not-evaluable result with its reason."""
    return CheckResult(spec, Outcome.NOT_EVALUABLE, message=message, seconds=time.perf_counter() - start)


def run_check(
    con: duckdb.DuckDBPyConnection,
    spec: CheckSpec,
    params: Mapping[str, object],
    gaps: Gaps | None = None,
) -> CheckResult:
    """Run one check; SQL errors become an ERROR result naming the file, never an exception.

    A check that reads a contract table or column the source does not provide (worked out from
    its SQL) is not evaluable, and is not run.
    """
    start = time.perf_counter()
    try:
        if gaps:
            reads = check_reads(spec, gaps)
            missing = gaps.blocking(reads.columns, reads.tables)
            if missing:
                return _not_evaluable(
                    spec,
                    start,
                    f"not evaluable: the source does not provide {', '.join(missing)}, "
                    "which this check reads (it is not reported as compliant)",
                )
        empty = _empty_needs(con, spec)
        if empty:
            return CheckResult(
                spec,
                Outcome.NOT_EVALUABLE,
                message=f"not evaluable: {', '.join(empty)} holds no rows, so compliance "
                "cannot be shown (it is not reported as compliant)",
                seconds=time.perf_counter() - start,
            )
        # On the audit connection itself, not a cursor: a cursor is another session, without
        # the variables (e.g. the time zone) that views and mappings read with getvariable().
        cur = con.execute(spec.sql, _bind(spec, params))
        columns = [d[0] for d in cur.description or []]
        findings = _findings(spec, columns, cur.fetchall())
    except duckdb.Error as exc:
        text = str(exc)
        if NOT_PROVIDED in text:  # a read the lineage did not foresee still never yields NULLs
            detail = text[text.index(NOT_PROVIDED) + len(NOT_PROVIDED) :].strip()
            return _not_evaluable(spec, start, f"not evaluable: {detail}")
        return CheckResult(
            spec, Outcome.ERROR, message=f"{spec.path}: {exc}", seconds=time.perf_counter() - start
        )
    except CheckDefinitionError as exc:
        return CheckResult(
            spec, Outcome.ERROR, message=f"{spec.path}: {exc}", seconds=time.perf_counter() - start
        )
    outcome = Outcome.FAIL if findings else Outcome.PASS
    return CheckResult(spec, outcome, tuple(findings), seconds=time.perf_counter() - start)


def run_checks(
    con: duckdb.DuckDBPyConnection,
    specs: Iterable[CheckSpec],
    params: Mapping[str, object],
    *,
    progress: Callable[[CheckResult], None] | None = None,
    gaps: Gaps | None = None,
) -> list[CheckResult]:
    """Run every check in order and return all results."""
    results = []
    for spec in specs:
        result = run_check(con, spec, params, gaps)
        if progress is not None:
            progress(result)
        results.append(result)
    return results
