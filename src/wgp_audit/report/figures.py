"""The populations an area examined (counts, maxima, dates: never a person), kept beside its results.

Findings say what broke; the management summary also needs how much was looked at ("3 of 91
access requests"). Each area notebook computes these small aggregates from the intermediate views
its charts draw (int_request_handling, int_consent_coverage, int_disclosure_classes,
int_retention_ages) and the row counts of the staged tables, and keeps them in the run's results
folder as <areas>.figures.json; the summary reads them back instead of querying the source again.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import duckdb

from wgp_audit.audit import Audit
from wgp_audit.lineage import lacking

SUFFIX: Final = ".figures.json"

#: Per figure: the check areas whose notebook computes it, and its query (one row per group).
QUERIES: Final[dict[str, tuple[frozenset[str], str]]] = {
    "requests": (
        frozenset({"requests"}),
        """
        select
            kind,
            count(*) as requests,
            count(*) filter (where on_time = false) as late,
            count(*) filter (where ended_at is null) as open,
            count(*) filter (where ended_at is null and on_time = false) as open_overdue,
            max(working_days_taken - deadline_working_days) filter (
                where on_time = false and ended_at is not null
            ) as most_days_late
        from int_request_handling
        where started_at between getvariable('period_start') and getvariable('period_end')
        group by kind
        order by kind
        """,
    ),
    "consent_coverage": (
        frozenset({"consent", "marketing", "purpose"}),
        """
        select
            event_source,
            purpose,
            count(*) as events,
            count(*) filter (where not covered) as uncovered,
            min(month) as first_month,
            max(month) as last_month
        from int_consent_coverage
        where event_at between getvariable('period_start') and getvariable('period_end')
        group by event_source, purpose
        order by event_source, purpose
        """,
    ),
    "disclosures": (
        frozenset({"disclosure"}),
        """
        select
            count(*) as disclosures,
            count(*) filter (where identifiable) as identifiable,
            count(distinct recipient_id) as recipients,
            count(*) filter (where destination_country is not null and destination_country <> 'KZ')
                as abroad,
            count(*) filter (where legal_basis = 'not recorded') as basis_not_recorded,
            count(*) filter (where recipient_kind = 'unknown recipient') as unknown_recipient
        from int_disclosure_classes
        where month between date_trunc('month', getvariable('period_start'))::date
            and getvariable('period_end')::date
        """,
    ),
    "retention": (
        frozenset({"retention"}),
        """
        select
            category,
            count(*) as items,
            count(*) filter (where over_limit and still_holds_data and not on_legal_hold) as held_past_limit,
            count(*) filter (where on_legal_hold) as on_legal_hold,
            max(days_since_trigger - limit_days) filter (
                where over_limit and still_holds_data and not on_legal_hold
            ) as most_days_past_limit
        from int_retention_ages
        group by category
        order by category
        """,
    ),
    "log_web": (frozenset({"logs", "security"}), "select count(*) as lines from log_web"),
    "log_app": (frozenset({"logs", "cookies", "security"}), "select count(*) as lines from log_app"),
}


def compute(audit: Audit, areas: Sequence[str] = ()) -> dict[str, Any]:
    """The figures of the notebook covering `areas` (every area when empty), plus the period and
    the staged tables' row counts. A view the source cannot provide is recorded as absent (None)."""
    wanted = set(areas)
    out: dict[str, Any] = {
        "as_of": audit.period.as_of.date().isoformat(),
        "period_start": audit.period.period_start.date().isoformat(),
        "period_end": audit.period.period_end.date().isoformat(),
        "row_counts": {str(k): int(v) for k, v in audit.validation.row_counts.items()},
    }
    for name, (owners, sql) in QUERIES.items():
        if wanted and not wanted & owners:
            continue
        out[name] = _rows(audit, sql)
    return out


def _rows(audit: Audit, sql: str) -> list[dict[str, Any]] | None:
    """The query's rows as JSON-ready dicts, or None when the source cannot feed it: a table or
    column it reads is not provided (a partial source), or a view it reads does not exist here (a
    log that was not attached)."""
    tables, columns = lacking(sql, audit.validation.gaps, Path("<figures>"))
    if tables or columns:
        return None
    try:
        cursor = audit.con.execute(sql)
    except duckdb.CatalogException:
        return None
    names = [d[0] for d in cursor.description or ()]
    return [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]


def _plain(value: object) -> object:
    """A value as JSON holds it: dates as ISO text, decimals as integers."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value)
    return value


def save(audit: Audit, areas: Sequence[str], results_dir: str | Path) -> Path:
    """Compute the figures of `areas` and keep them in the run's results folder."""
    path = Path(results_dir) / f"{'-'.join(areas) or 'all'}{SUFFIX}"
    path.write_text(json.dumps(compute(audit, areas), indent=1), encoding="utf-8")
    return path


def load(results_dir: str | Path) -> dict[str, Any]:
    """Every notebook's figures of a run, merged (each figure is computed by one notebook)."""
    merged: dict[str, Any] = {}
    for path in sorted(Path(results_dir).glob(f"*{SUFFIX}")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def total(rows: Sequence[Mapping[str, Any]] | None, column: str) -> int:
    """The sum of `column` over figure rows (0 for none)."""
    return sum(int(r.get(column) or 0) for r in rows or ())


def largest(rows: Sequence[Mapping[str, Any]] | None, column: str) -> int | None:
    """The largest non-null `column` over figure rows, None when there is none."""
    values = [int(r[column]) for r in rows or () if r.get(column) is not None]
    return max(values) if values else None
