"""Chart data and charts for the area notebooks, read from fixed mart schemas.

Each chart reads a declared set of columns (a `Mart`) from one named view of the SQL house, and
counts in DuckDB, so a chart carries aggregates only, whatever the size of the source. A view or
column that is not there is an error naming it (ReportError), never a silent "no data". The one
legitimate gap is a partial audit: when a contract table the chart cannot do without is absent
from the source (the validation's gaps), or a log it reads was not given, the chart says
"Not audited: <table> not provided"; other absent inputs of the view are named in its subtitle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl

from wgp_audit.audit import Audit
from wgp_audit.errors import ReportError
from wgp_audit.findings import CheckResult
from wgp_audit.lineage import lacking
from wgp_audit.notebook import charts, findings_by_area
from wgp_audit.privacy import suppress_small
from wgp_audit.sqlhouse import LOG_VIEWS, view_files

Chart = Any  # an Altair chart of any kind (Chart, LayerChart, VConcatChart)

_LOG_NAMES = {"log_web": "web logs", "log_app": "app logs"}


@dataclass(frozen=True)
class Mart:
    """The columns a chart reads from one view, and the contract tables it cannot do without."""

    view: str
    columns: tuple[str, ...]
    requires: tuple[str, ...] = ()  # absent from the source: the chart is "not audited"


REQUEST_HANDLING = Mart(
    "int_request_handling", ("kind", "working_days_taken", "deadline_working_days"), ("dsr_requests",)
)
RETENTION_AGES = Mart(
    "int_retention_ages", ("category", "days_since_trigger", "limit_days", "still_holds_data")
)
CONSENT_COVERAGE = Mart("int_consent_coverage", ("purpose", "month", "covered"), ("consents",))
DISCLOSURE_CLASSES = Mart(
    "int_disclosure_classes", ("month", "recipient_kind", "legal_basis", "identifiable"), ("disclosures",)
)
COOKIES = Mart("stg_cookies", ("purpose_code",), ("cookies",))

WEB_LOG = Mart("log_web", ("ts_local",))
APP_LOG = Mart("log_app", ("ts_local",))

MARTS = (REQUEST_HANDLING, RETENTION_AGES, CONSENT_COVERAGE, DISCLOSURE_CLASSES, COOKIES, WEB_LOG, APP_LOG)

#: Periods of the log activity chart by the hours the log spans: hours up to 60 days, days up to
#: 5,000, else weeks (the chart stays under a few thousand points whatever the size of the logs).
_LOG_PERIODS: tuple[tuple[int | None, str, str, str], ...] = (
    (60 * 24, "1h", "Hour (local time)", "%d %b %Y %H:%M"),
    (5000 * 24, "1d", "Day (local time)", "%d %b %Y"),
    (None, "1w", "Week (local time)", "%d %b %Y"),
)

#: What a retention category is, in words.
_CATEGORY_WORDS = {
    "closed_account": "Closed accounts",
    "destroyed_account": "Destroyed accounts",
    "closed_ticket": "Closed support tickets",
}
#: What a request kind is, in words.
_KIND_WORDS = {
    "access": "Access requests",
    "rectify": "Rectification requests",
    "block": "Blocking requests",
    "unblock": "Unblocking requests",
    "destroy": "Destruction requests",
    "object_automated": "Objections to automated decisions",
}


@cache
def inputs_of(view: str) -> frozenset[str]:
    """The contract tables (`raw_<table>` read as `<table>`) and logs a view reads, through every
    view it depends on (the `-- depends:` lines of the SQL house)."""
    files = {v.name: v for v in view_files()}
    found: set[str] = set()
    todo, seen = [view], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name.startswith("raw_"):
            found.add(name.removeprefix("raw_"))
        elif name in LOG_VIEWS:
            found.add(name)
        elif name in files:
            todo.extend(files[name].depends)
    return frozenset(found)


def not_provided(audit: Audit, mart: Mart) -> tuple[list[str], list[str]]:
    """What the source lacks among the inputs of `mart`'s view, as (blocking, other).

    Blocking: a required contract table absent, a log the view reads not given (its view is then
    not created at all), or a missing column the chart's columns are computed from (traced through
    the views by `wgp_audit.lineage`). Other: any other absent table (read as empty), by name.
    """
    gaps = audit.validation.gaps
    inputs = inputs_of(mart.view)
    blocking = [t for t in sorted(inputs) if t in mart.requires and t in gaps.tables]
    blocking += [
        _LOG_NAMES[log]
        for log in sorted(inputs & set(LOG_VIEWS))
        if log.removeprefix("log_") not in audit.logs
    ]
    _, unread = lacking(
        f"select {', '.join(mart.columns)} from {mart.view}", gaps, Path(f"<chart {mart.view}>")
    )
    blocking += unread  # a column the chart's data is computed from: the chart would read its stand-in
    other = [t for t in sorted(inputs) if t in gaps.tables and t not in mart.requires]
    return blocking, other


def _days(n: int, unit: str) -> str:
    """A count with its unit, plural when it is not one."""
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _as_words(df: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Codes as words for legends: `government_authority` -> "government authority"."""
    return df.with_columns(pl.col(c).str.replace_all("_", " ") for c in columns)


def _note(other: Sequence[str]) -> str | None:
    """The note that the inputs named were not provided, if any."""
    return f"Not audited in part: {', '.join(other)} not provided" if other else None


def read_mart(audit: Audit, mart: Mart, sql: str) -> pl.DataFrame:
    """Run `sql` (an aggregate over `mart.view`) after checking the view and its columns exist.

    A missing view or column is a ReportError naming it and saying where it comes from.
    """
    found = audit.con.execute(
        "select lower(column_name) from duckdb_columns() where database_name = current_database()"
        " and schema_name = current_schema() and lower(table_name) = ?",
        [mart.view],
    ).fetchall()
    source = {v.name: f"{v.path.parent.name}/{v.path.name}" for v in view_files()}.get(
        mart.view, f"{mart.view}.sql"
    )
    if not found:
        raise ReportError(
            f"chart data: view {mart.view} does not exist in the audit's database",
            hint=f"open the audit with wgp_audit.notebook.open_from_parameters (it stages sql/{source});"
            f" if it did, check that sql/{source} exists and its `-- depends:` inputs are there",
        )
    columns = {str(r[0]) for r in found}
    missing = [c for c in mart.columns if c not in columns]
    if missing:
        raise ReportError(
            f"chart data: view {mart.view} has no column {', '.join(missing)}"
            f" (the chart reads {', '.join(mart.columns)})",
            hint=f"restore the column in sql/{source}, or change the chart's Mart"
            " in wgp_audit.notebook.area_charts",
        )
    return audit.query(sql)


def findings_by_area_chart(results: Iterable[CheckResult]) -> Chart:
    """Bars of findings per area, coloured by severity (summary notebook)."""
    frame = findings_by_area(results)
    return charts.bar_by_category(
        frame if frame.is_empty() else _as_words(frame, "area"),
        "area",
        "findings",
        "severity",
        title="Findings by area and severity",
        x_title="Area",
        y_title="Findings",
    )


def findings_by_check_chart(results: Iterable[CheckResult], title: str) -> Chart:
    """Bars of findings per check, coloured by severity."""
    rows = [
        {"check": r.spec.id, "severity": r.spec.severity.value, "findings": len(r.findings)}
        for r in results
        if r.findings
    ]
    frame = pl.DataFrame(rows) if rows else pl.DataFrame()
    return charts.bar_by_category(
        frame, "check", "findings", "severity", title=title, x_title="Check", y_title="Findings"
    )


def retention_ages_chart(audit: Audit) -> Chart:
    """Per data category, days since the retention trigger of data still held, against the limit."""
    title = "Age of data still held since its retention trigger"
    blocking, other = not_provided(audit, RETENTION_AGES)
    if blocking:
        return charts.not_audited_chart(title, blocking)
    df = read_mart(
        audit,
        RETENTION_AGES,
        "select category, days_since_trigger as days, max(limit_days) as limit_days, count(*) as records"
        " from int_retention_ages where still_holds_data and days_since_trigger is not null"
        " and limit_days is not null group by all order by all",
    )
    panels = []
    for category in sorted(df["category"].unique().to_list()):
        part = df.filter(pl.col("category") == category)
        limit = int(part["limit_days"].max())  # type: ignore[arg-type]
        panels.append(
            charts.histogram_against_limit(
                part,
                "days",
                limit,
                weight_col="records",
                title=f"{_CATEGORY_WORDS.get(category, category)}: data still held",
                value_title="Days since the retention trigger",
                count_title="Records still held",
                within_label=f"within {_days(limit, 'day')}",
                over_label="held past the limit",
                limit_label=f"limit: {_days(limit, 'day')}",
            )
        )
    if not panels:
        return charts.no_data_chart(
            title, "No data still held after its retention trigger", note=_note(other)
        )
    return alt.vconcat(*panels, title=charts.chart_title(title, _note(other))).resolve_scale(
        color="independent"
    )


def consent_coverage_frame(audit: Audit, threshold: int) -> pl.DataFrame | None:
    """Share of consent-requiring events covered by a valid consent, by purpose and month; None
    when consent was not audited (no consents table in the source).

    Months with fewer events than the small-count threshold are left out (person-level breakdown).
    """
    if not_provided(audit, CONSENT_COVERAGE)[0]:
        return None
    return _consent_coverage(audit, threshold)


def _consent_coverage(audit: Audit, threshold: int) -> pl.DataFrame:
    """Events and covered events per purpose and month, small counts suppressed."""
    agg = read_mart(
        audit,
        CONSENT_COVERAGE,
        "select purpose, month, count(*) as events, count(*) filter (where covered) as covered"
        " from int_consent_coverage group by all order by all",
    )
    agg = agg.with_columns(
        pl.col("events").map_elements(lambda n: suppress_small(n, threshold), return_dtype=pl.Int64),
        pl.col("covered").cast(pl.Int64),
        (pl.col("covered") * 100.0 / pl.col("events")).round(1).alias("covered_pct"),
        pl.col("month").cast(pl.String).str.slice(0, 7).str.to_date("%Y-%m").alias("month"),
    )
    return agg.drop_nulls("events")


def consent_coverage_chart(audit: Audit, threshold: int) -> Chart:
    """Consent coverage (% of events covered) by purpose over time, with a rule at 100 %."""
    title = "Consent coverage of consent-requiring processing, by purpose"
    blocking, other = not_provided(audit, CONSENT_COVERAGE)
    if blocking:
        return charts.not_audited_chart(title, blocking)
    return charts.line_over_time(
        _consent_coverage(audit, threshold).pipe(_as_words, "purpose"),
        "month",
        "covered_pct",
        "purpose",
        title=title,
        rule_y=100.0,
        y_title="Events covered by a consent (%)",
        color_title="Purpose",
        rule_label="all covered",
        note=_note(other),
    )


def consent_gaps(audit: Audit, threshold: int) -> pl.DataFrame:
    """Purposes and months where some events were not covered (counts under the threshold withheld)."""
    frame = consent_coverage_frame(audit, threshold)
    if frame is None:
        return pl.DataFrame(schema={"purpose": pl.String, "month": pl.String, "uncovered": pl.Int64})
    return (
        frame.filter(pl.col("covered") < pl.col("events"))
        .select(
            "purpose",
            pl.col("month").dt.strftime("%Y-%m"),
            (pl.col("events") - pl.col("covered")).alias("uncovered"),
        )
        .with_columns(
            pl.col("uncovered").map_elements(lambda n: suppress_small(n, threshold), return_dtype=pl.Int64)
        )
    )


def disclosure_charts(audit: Audit) -> Chart:
    """Disclosures per month by recipient kind, and per month by legal basis."""
    title = "Disclosures by month"
    blocking, other = not_provided(audit, DISCLOSURE_CLASSES)
    if blocking:
        return charts.not_audited_chart(title, blocking)
    counted = read_mart(
        audit,
        DISCLOSURE_CLASSES,
        "select month, recipient_kind, legal_basis, count(*) as disclosures"
        " from int_disclosure_classes group by all order by all",
    ).pipe(_as_words, "recipient_kind", "legal_basis")
    note = _note(other)
    return alt.vconcat(
        charts.stacked_by_month(
            counted,
            "month",
            "disclosures",
            "recipient_kind",
            title="Disclosures by month and recipient kind",
            value_title="Disclosures",
            color_title="Recipient kind",
            note=note,
        ),
        charts.stacked_by_month(
            counted,
            "month",
            "disclosures",
            "legal_basis",
            title="Disclosures by month and legal basis",
            value_title="Disclosures",
            color_title="Legal basis",
        ),
    ).resolve_scale(color="independent")


def disclosure_table(audit: Audit) -> pl.DataFrame:
    """Disclosures counted by recipient kind, legal basis and identifiability over the whole history."""
    if not_provided(audit, DISCLOSURE_CLASSES)[0]:
        return pl.DataFrame(
            schema={
                "recipient_kind": pl.String,
                "legal_basis": pl.String,
                "identifiable": pl.Boolean,
                "disclosures": pl.Int64,
            }
        )
    return read_mart(
        audit,
        DISCLOSURE_CLASSES,
        "select recipient_kind, legal_basis, identifiable, count(*) as disclosures"
        " from int_disclosure_classes group by all order by all",
    )


def request_handling_chart(audit: Audit) -> Chart:
    """Per request kind, working days taken against the kind's working-day deadline: bars within
    the deadline and late bars in their own colours, the deadline a labelled rule."""
    title = "Request handling time in working days"
    blocking, other = not_provided(audit, REQUEST_HANDLING)
    if blocking:
        return charts.not_audited_chart(title, blocking)
    df = read_mart(
        audit,
        REQUEST_HANDLING,
        "select kind, working_days_taken as days, max(deadline_working_days) as deadline,"
        " count(*) as requests from int_request_handling"
        " where working_days_taken is not null and deadline_working_days is not null"
        " group by kind, working_days_taken order by all",
    )
    panels = []
    for kind in sorted(df["kind"].unique().to_list()):
        part = df.filter(pl.col("kind") == kind)
        deadline = int(part["deadline"].max())  # type: ignore[arg-type]
        panels.append(
            charts.histogram_against_limit(
                part,
                "days",
                deadline,
                weight_col="requests",
                title=f"{_KIND_WORDS.get(kind, kind)}: working days taken",
                bins=20,
                value_title="Working days taken",
                count_title="Requests",
                within_label=f"within {_days(deadline, 'working day')}",
                over_label="late",
                limit_label=f"deadline: {_days(deadline, 'working day')}",
            )
        )
    if not panels:
        return charts.no_data_chart(title, "No request answered in the data", note=_note(other))
    return alt.vconcat(*panels, title=charts.chart_title(title, _note(other))).resolve_scale(
        color="independent"
    )


def log_ingest_frame(audit: Audit) -> pl.DataFrame:
    """Lines read, parsed and rejected per log kind (empty when no logs are attached)."""
    rows = [
        {
            "log": kind,
            "files": len(r.files),
            "lines_read": r.lines_read,
            "parsed": r.parsed,
            "rejected": r.rejected,
        }
        for kind, r in sorted(audit.logs.items())
    ]
    schema: Sequence[str] = ["log", "files", "lines_read", "parsed", "rejected"]
    return pl.DataFrame(rows) if rows else pl.DataFrame(schema=dict.fromkeys(schema, pl.Int64))


def log_activity_chart(audit: Audit) -> Chart:
    """Lines per hour (or day, or week) of the web and the app log, zeros included, so that a
    stretch without lines (LOG-3's gaps) shows; a log not given says "Not audited"."""
    panels = [_log_activity(audit, mart, kind) for mart, kind in ((WEB_LOG, "Web"), (APP_LOG, "App"))]
    return alt.vconcat(*panels)


def _log_activity(audit: Audit, mart: Mart, kind: str) -> Chart:
    """A chart of a log's lines per hour over time (or why it is not audited)."""
    title = f"{kind} log lines over time"
    blocking, _ = not_provided(audit, mart)
    if blocking:
        return charts.not_audited_chart(title, blocking)
    hourly = read_mart(
        audit,
        mart,
        f"select date_trunc('hour', ts_local) as period, count(*) as lines from {mart.view}"
        " where ts_local is not null group by 1 order by 1",
    )
    if hourly.is_empty():
        return charts.no_data_chart(title, f"No parsed lines in the {kind.lower()} log")
    hours = int(hourly.select((pl.col("period").max() - pl.col("period").min()).dt.total_hours()).item())
    every, time_title, time_format = next(
        (e, t, f) for most, e, t, f in _LOG_PERIODS if most is None or hours <= most
    )
    return charts.counts_over_time(
        charts.fill_periods(hourly, "period", "lines", every),
        "period",
        "lines",
        title=title,
        time_title=time_title,
        count_title="Log lines",
        period_format=time_format,
    )


def cookie_frame(audit: Audit) -> pl.DataFrame:
    """The declared cookie inventory, counted by purpose (empty when the source has no cookies table)."""
    if not_provided(audit, COOKIES)[0]:
        return pl.DataFrame(schema={"purpose_code": pl.String, "cookies": pl.Int64})
    return read_mart(
        audit,
        COOKIES,
        "select purpose_code, count(*) as cookies from stg_cookies group by all order by all",
    )
