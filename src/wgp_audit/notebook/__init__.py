"""What an audit notebook needs: the audit opened from its parameters, results, tables and samples."""

from __future__ import annotations

import datetime as dt
import html
import os
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from wgp_audit import paths
from wgp_audit.audit import Audit, open_audit
from wgp_audit.findings import CheckResult, Outcome, findings_rows
from wgp_audit.notebook import narrative
from wgp_audit.paths import sql_dir, workspace_root
from wgp_audit.privacy import pseudonymiser

#: Which check areas each area notebook reports (the notebook's stem without its number).
NOTEBOOK_AREAS: dict[str, tuple[str, ...]] = {
    "summary": (),  # every area
    "retention": ("retention",),
    "consent": ("consent", "purpose", "marketing"),
    "disclosure": ("disclosure",),
    "requests": ("requests",),
    "logs_cookies": ("logs", "cookies"),
    "localisation_security": ("localisation", "security", "governance"),
}
SEVERITY_ORDER = ("high", "medium", "low")


def demo_dir() -> Path:
    """The demo data folder the notebooks default to."""
    return paths.demo_dir()


def log_arguments(logs_dir: str | Path | None) -> dict[str, Any]:
    """Return web_logs/app_logs for open_audit: DIR/web and DIR/app, or the log files in DIR
    recognised by their content (wgp_audit.log_folder); nothing when `logs_dir` does not exist."""
    if logs_dir is None or not Path(logs_dir).is_dir():
        return {}
    from wgp_audit.log_folder import log_sources

    return dict(log_sources(Path(logs_dir)))


def open_from_parameters(
    source: str | None = None,
    as_of: str | None = None,
    period_start: str | None = None,
    period_end: str | None = None,
    config: str | None = None,
    logs_dir: str | None = None,
    mapping: str | None = None,
    strict_contract: bool = False,
) -> Audit:
    """Open the audit a notebook's parameters describe; None means the demo data and its logs.

    `snapshot:<folder>` is the snapshot `wgp-audit run` took of the source: the notebook reads it,
    never the operator's database itself.
    """
    from wgp_audit.report.snapshot import SCHEME, open_snapshot

    if source is not None and source.startswith(SCHEME):
        return open_snapshot(
            source.removeprefix(SCHEME),
            config=config,
            as_of=as_of,
            period_start=period_start,
            period_end=period_end,
        )
    if source is None:
        source = str(demo_dir() / "wgp.duckdb")
        logs_dir = logs_dir if logs_dir is not None else str(demo_dir() / "logs")
    logs = log_arguments(logs_dir)
    return open_audit(
        source,
        config=config,
        as_of=as_of,
        period_start=period_start,
        period_end=period_end,
        web_logs=logs.get("web_logs"),
        app_logs=logs.get("app_logs"),
        log_cache=log_cache_dir() if logs else None,
        mapping=mapping,
        strict_contract=strict_contract,
    )


def log_cache_dir() -> Path:
    """Where parsed logs are cached between runs: $WGP_AUDIT_LOG_CACHE, else .cache/logs."""
    env = os.environ.get("WGP_AUDIT_LOG_CACHE")
    return Path(env) if env else paths.cache_dir() / "logs"


def available_areas() -> tuple[str, ...]:
    """The check areas present under sql/checks (an area not written yet is simply absent)."""
    root = sql_dir() / "checks"
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir())) if root.is_dir() else ()


def area_results(
    audit: Audit, areas: Sequence[str] = (), results_dir: str | Path | None = None
) -> list[CheckResult]:
    """Run the checks of `areas` (all, with data quality, when empty); absent areas are skipped.

    In a run (`results_dir` given) each area notebook keeps its results there, with the populations
    it examined (wgp_audit.report.figures: counts, maxima, dates), and the summary (no areas)
    assembles the run's results from them instead of running any check again.
    """
    from wgp_audit.report import figures
    from wgp_audit.report.snapshot import load_results, save_results

    if not areas:
        if results_dir is None:
            return audit.run_checks()
        return load_results(results_dir)  # data quality ran when the snapshot was taken
    present = set(available_areas()) | {"data_quality"}
    results: list[CheckResult] = []
    for area in areas:
        if area in present:
            results.extend(audit.run_checks(area=area))
    if results_dir is not None:
        save_results(results, results_dir, "-".join(areas))
        figures.save(audit, areas, results_dir)
    return results


@dataclass(frozen=True)
class Table:
    """A frame shown in full: complete HTML in reports, CSV text for nbval's comparison."""

    frame: pl.DataFrame
    caption: str = ""

    def _repr_html_(self) -> str:
        """Return the whole frame as an HTML table (no truncation)."""
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
            for row in self.frame.iter_rows()
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        if self.frame.is_empty():
            body = f'<tr><td colspan="{max(1, self.frame.width)}">(no rows)</td></tr>'
        return (
            f'<table class="wgp-table">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )

    def __repr__(self) -> str:
        """Return the caption and the frame as CSV (every row and column)."""
        shown = self.frame.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%d %H:%M"))
        text = shown.write_csv() if not shown.is_empty() else "(no rows)\n"
        return (f"{self.caption}\n" if self.caption else "") + text


def _cell(value: object) -> str:
    """Format one table value: dates and times local and without microseconds."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def check_table(results: Iterable[CheckResult]) -> Table:
    """One row per check: id, area, severity, outcome, number of findings, title, clause, law."""
    rows = [
        {
            "check": r.spec.id,
            "area": r.spec.area,
            "severity": r.spec.severity.value,
            "outcome": r.outcome.value,
            "findings": len(r.findings),
            "title": r.spec.title,
            "clause": r.spec.clause,
            "law": r.spec.law,
            "note": r.message or "",
        }
        for r in results
    ]
    schema = ["check", "area", "severity", "outcome", "findings", "title", "clause", "law", "note"]
    return Table(
        pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema),
        narrative.CHECKS,
    )


def findings_frame(results: Iterable[CheckResult], reveal: bool = False) -> pl.DataFrame:
    """Findings with the person pseudonymised: id, check, what, who, when, clause, law, severity."""
    rows = findings_rows(results, pseudonymiser(reveal))
    columns = ["finding_id", "check", "severity", "what", "who", "when", "clause", "law"]
    out = [
        {
            "finding_id": r["finding_id"],
            "check": r["check_id"],
            "severity": r["severity"],
            "what": r["reason"],
            "who": r["subject"] or "",
            "when": _cell(r["occurred_at"]),
            "clause": r["clause"],
            "law": r["law"],
        }
        for r in rows
    ]
    if not out:
        return pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    return pl.DataFrame(out, schema=dict.fromkeys(columns, pl.String)).sort(["check", "finding_id"])


def findings_table(results: Iterable[CheckResult], reveal: bool = False) -> Table:
    """The findings table a notebook displays (pseudonyms only unless the run reveals)."""
    return Table(findings_frame(results, reveal), narrative.FINDINGS)


def follow_up_sample(results: Iterable[CheckResult], size: int, seed: int, reveal: bool = False) -> Table:
    """A seeded random sample of each failing check's findings, with the seed and population size."""
    frame = findings_frame(results, reveal)
    parts = []
    for check in frame["check"].unique(maintain_order=True).to_list():
        ids = sorted(frame.filter(pl.col("check") == check)["finding_id"].to_list())
        chosen = random.Random(f"{seed}:{check}").sample(ids, min(size, len(ids)))
        parts.append(
            pl.DataFrame(
                {
                    "check": [check] * len(chosen),
                    "finding_id": sorted(chosen),
                    "population": [len(ids)] * len(chosen),
                    "seed": [seed] * len(chosen),
                }
            )
        )
    schema = {"check": pl.String, "finding_id": pl.String, "population": pl.Int64, "seed": pl.Int64}
    sample = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
    return Table(sample, narrative.sample(size, seed))


def outcome_counts(results: Iterable[CheckResult]) -> Table:
    """How many checks passed, failed, could not be evaluated or broke."""
    counts = {o.value: 0 for o in Outcome}
    for r in results:
        counts[r.outcome.value] += 1
    return Table(pl.DataFrame({"outcome": list(counts), "checks": list(counts.values())}), "Check outcomes")


def findings_by_area(results: Iterable[CheckResult]) -> pl.DataFrame:
    """Findings counted per area and severity (for the summary chart and table)."""
    rows = [
        {"area": r.spec.area, "severity": r.spec.severity.value, "findings": len(r.findings)}
        for r in results
        if r.findings
    ]
    if not rows:
        return pl.DataFrame(schema={"area": pl.String, "severity": pl.String, "findings": pl.Int64})
    return (
        pl.DataFrame(rows)
        .group_by(["area", "severity"])
        .agg(pl.col("findings").sum())
        .sort(["area", "severity"])
    )


def coverage_table(results: list[CheckResult]) -> Table:
    """Per requirement: evaluated, not evaluable (and which data would make it evaluable), or not testable."""
    from wgp_audit.coverage import run_coverage

    rows = run_coverage(results)
    frame = (
        pl.DataFrame(rows, schema=["requirement", "text", "status", "detail"], orient="row")
        if not rows
        else pl.DataFrame(rows)
    )
    counts = frame.group_by("status").len().sort("status").iter_rows()
    caption = "Coverage of the requirements: " + ", ".join(f"{n} {s}" for s, n in counts)
    return Table(frame, caption)


def describe_scope(audit: Audit) -> Table:
    """The audited source, period, audit date and row counts (no secrets: the source's description)."""
    period = audit.period
    rows: list[dict[str, Any]] = [
        {"item": "source", "value": audit.source.describe().replace(f"{workspace_root()}/", "")},
        {"item": "as of", "value": period.as_of.date().isoformat()},
        {"item": "period", "value": f"{period.period_start.date()} to {period.period_end.date()}"},
        {"item": "logs", "value": ", ".join(sorted(audit.logs)) or "none attached"},
    ]
    rows += [{"item": f"rows in {t}", "value": str(n)} for t, n in audit.validation.row_counts.items()]
    return Table(pl.DataFrame(rows), narrative.SCOPE)
