"""Chart data and charts for the area notebooks, read from the staging views defensively.

A view that is missing, or lacks the columns a chart needs, gives an explicit "no data" chart
instead of an error, so that a notebook never fails because another part is not written yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import altair as alt
import duckdb
import polars as pl

from wgp_audit import charts
from wgp_audit.audit import Audit
from wgp_audit.findings import CheckResult
from wgp_audit.notebook import findings_by_area
from wgp_audit.privacy import suppress_small

Chart = Any  # an Altair chart of any kind (Chart, LayerChart, VConcatChart)


def view_frame(audit: Audit, view: str) -> pl.DataFrame | None:
    """Return the whole staging view as a frame, or None when it does not exist (yet)."""
    try:
        return audit.query(f"select * from {view}")
    except duckdb.Error:
        return None


def pick(df: pl.DataFrame, *candidates: str) -> str | None:
    """Return the first of `candidates` that is a column of `df` (views name columns variously)."""
    return next((c for c in candidates if c in df.columns), None)


def _missing(title: str, view: str) -> alt.Chart:
    """A chart saying that `view` is not available."""
    return charts.no_data_chart(title, f"No data: view {view} is not available or lacks the columns")


def findings_by_area_chart(results: Iterable[CheckResult]) -> Chart:
    """Bars of findings per area, coloured by severity (summary notebook)."""
    return charts.bar_by_category(
        findings_by_area(results), "area", "findings", "severity", title="Findings by area and severity"
    )


def findings_by_check_chart(results: Iterable[CheckResult], title: str) -> Chart:
    """Bars of findings per check, coloured by severity."""
    rows = [
        {"check": r.spec.id, "severity": r.spec.severity.value, "findings": len(r.findings)}
        for r in results
        if r.findings
    ]
    frame = pl.DataFrame(rows) if rows else pl.DataFrame()
    return charts.bar_by_category(frame, "check", "findings", "severity", title=title)


def retention_ages_chart(audit: Audit) -> Chart:
    """Per data category, days since the retention trigger of data still held, against the limit."""
    title, view = "Age of data still held since its retention trigger", "int_retention_ages"
    df = view_frame(audit, view)
    if df is None:
        return _missing(title, view)
    cat, days = pick(df, "category"), pick(df, "days_since_trigger", "days_since", "age_days", "days")
    limit = pick(df, "limit_days", "retention_days", "limit")
    holds = pick(df, "still_holds_data", "holds_data")
    if not (cat and days and limit):
        return _missing(title, view)
    if holds:
        df = df.filter(pl.col(holds))
    panels = []
    for category in sorted(df[cat].drop_nulls().unique().to_list()):
        part = df.filter(pl.col(cat) == category).drop_nulls([days, limit])
        if part.is_empty():
            continue
        limit_days = float(part[limit].cast(pl.Float64).max())  # type: ignore[arg-type]
        panels.append(
            charts.histogram_against_limit(
                part.select(pl.col(days).cast(pl.Float64)),
                days,
                limit_days,
                title=f"{category}: days since trigger (limit {limit_days:g})",
            )
        )
    if not panels:
        return charts.no_data_chart(title)
    return alt.vconcat(*panels).resolve_scale(color="independent")


def consent_coverage_frame(audit: Audit, threshold: int) -> pl.DataFrame | None:
    """Share of consent-requiring events covered by a valid consent, by purpose and month.

    Months with fewer events than the small-count threshold are left out (person-level breakdown).
    """
    df = view_frame(audit, "int_consent_coverage")
    if df is None or not {"purpose", "month", "covered"} <= set(df.columns):
        return None
    agg = (
        df.group_by(["purpose", "month"])
        .agg(pl.len().alias("events"), pl.col("covered").cast(pl.Int64).sum().alias("covered"))
        .sort(["purpose", "month"])
    )
    agg = agg.with_columns(
        pl.col("events").map_elements(lambda n: suppress_small(n, threshold), return_dtype=pl.Int64),
        (pl.col("covered") * 100.0 / pl.col("events")).round(1).alias("covered_pct"),
        pl.col("month").cast(pl.String).str.slice(0, 7).str.to_date("%Y-%m").alias("month"),
    )
    return agg.drop_nulls("events")


def consent_coverage_chart(audit: Audit, threshold: int) -> Chart:
    """Consent coverage (% of events covered) by purpose over time, with a rule at 100 %."""
    title = "Consent coverage of consent-requiring processing, by purpose"
    frame = consent_coverage_frame(audit, threshold)
    if frame is None:
        return _missing(title, "int_consent_coverage")
    return charts.line_over_time(frame, "month", "covered_pct", "purpose", title=title, rule_y=100.0)


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
    view = "int_disclosure_classes"
    df = view_frame(audit, view)
    needed = {"month", "recipient_kind", "legal_basis"}
    if df is None or not needed <= set(df.columns):
        return _missing("Disclosures by month", view)
    counted = df.with_columns(pl.lit(1).alias("disclosures"))
    return alt.vconcat(
        charts.stacked_by_month(
            counted, "month", "disclosures", "recipient_kind", title="Disclosures by month and recipient kind"
        ),
        charts.stacked_by_month(
            counted, "month", "disclosures", "legal_basis", title="Disclosures by month and legal basis"
        ),
    ).resolve_scale(color="independent")


def disclosure_table(audit: Audit) -> pl.DataFrame:
    """Disclosures counted by recipient kind, legal basis and identifiability over the whole history."""
    df = view_frame(audit, "int_disclosure_classes")
    if df is None or not {"recipient_kind", "legal_basis", "identifiable"} <= set(df.columns):
        return pl.DataFrame(schema={"recipient_kind": pl.String, "disclosures": pl.Int64})
    return (
        df.group_by(["recipient_kind", "legal_basis", "identifiable"])
        .agg(pl.len().alias("disclosures"))
        .sort(["recipient_kind", "legal_basis", "identifiable"])
    )


def request_handling_chart(audit: Audit) -> Chart:
    """Per request kind, working days taken against the kind's working-day deadline."""
    title, view = "Request handling time in working days", "int_request_handling"
    df = view_frame(audit, view)
    if df is None:
        return _missing(title, view)
    kind = pick(df, "kind", "request_kind")
    days = pick(df, "working_days_taken", "working_days", "days_taken", "wd_taken")
    limit = pick(df, "deadline_working_days", "deadline_days", "deadline")
    if not (kind and days and limit):
        return _missing(title, view)
    panels = []
    for k in sorted(df[kind].drop_nulls().unique().to_list()):
        part = df.filter(pl.col(kind) == k).drop_nulls([days, limit])
        if part.is_empty():
            continue
        deadline = float(part[limit].cast(pl.Float64).max())  # type: ignore[arg-type]
        panels.append(
            charts.histogram_against_limit(
                part.select(pl.col(days).cast(pl.Float64)),
                days,
                deadline,
                title=f"{k}: working days taken (deadline {deadline:g})",
                bins=20,
            )
        )
    return alt.vconcat(*panels).resolve_scale(color="independent") if panels else charts.no_data_chart(title)


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


def cookie_frame(audit: Audit) -> pl.DataFrame:
    """The declared cookie inventory, counted by purpose (empty when the table is absent)."""
    df = view_frame(audit, "stg_cookies")
    if df is None or "purpose_code" not in df.columns:
        return pl.DataFrame(schema={"purpose_code": pl.String, "cookies": pl.Int64})
    return df.group_by("purpose_code").agg(pl.len().alias("cookies")).sort("purpose_code")
