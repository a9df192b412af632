"""An audit session: a source opened read-only, validated, staged, with the calendar and logs."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from wgp_audit.calendar import build_calendar, calendar_years, register_calendar
from wgp_audit.checks import load_checks
from wgp_audit.config import Yardstick, load_yardstick
from wgp_audit.contract import load_contract
from wgp_audit.findings import CheckResult
from wgp_audit.identifiers import register_identifier_functions
from wgp_audit.logs import IngestResult, ingest_app_logs, ingest_web_logs
from wgp_audit.mapping import Mapping, apply_mapping, load_mapping
from wgp_audit.params import AuditPeriod, audit_period, is_demo_source
from wgp_audit.runner import run_checks
from wgp_audit.sources import Evidence, Source, TableOrigin, open_source
from wgp_audit.sqlhouse import build
from wgp_audit.validate import ValidationReport, validate_source


@dataclass
class Audit:
    """An open audit: its connection, source, yardstick, period, and what validation found."""

    con: duckdb.DuckDBPyConnection
    source: Source
    yardstick: Yardstick
    period: AuditPeriod
    validation: ValidationReport
    logs: dict[str, IngestResult] = field(default_factory=dict)
    spill: Path | None = None
    mapping: Mapping | None = None
    inputs: dict[str, TableOrigin] = field(default_factory=dict)  # the operator relations read

    def params(self) -> dict[str, object]:
        """Every parameter a check may bind: the period plus the flattened yardstick."""
        return {**self.period.params(), **self.yardstick.params()}

    def run_checks(
        self,
        area: str | None = None,
        ids: tuple[str, ...] = (),
        checks_root: Path | None = None,
        *,
        progress: Callable[[int, int, CheckResult], None] | None = None,
    ) -> list[CheckResult]:
        """Run the catalogue (or one area, or some ids), data-quality results first.

        `progress(done, total, result)` is called after each check (wgp_audit.progress shows it).
        """
        specs = load_checks(checks_root, area=area, ids=ids)
        specs.sort(key=lambda s: s.area != "data_quality")  # stable: data quality first
        done = itertools.count(1)
        on_result = None if progress is None else (lambda r: progress(next(done), len(specs), r))
        return run_checks(self.con, specs, self.params(), gaps=self.validation.gaps, progress=on_result)

    def query(self, sql: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
        """Run a read query on the audit connection and return a polars frame."""
        return self.con.execute(sql, params or {}).pl()

    def person_names(self) -> list[str]:
        """The full names the source holds (for masking free text), none when it provides none."""
        if "users" in self.validation.gaps.tables or "full_name" in self.validation.gaps.columns.get(
            "users", ()
        ):
            return []
        rows = self.con.execute("select distinct full_name from stg_users where full_name is not null")
        return [str(r[0]) for r in rows.fetchall()]

    def evidence(self) -> list[Evidence]:
        """Fingerprints of every input table or file read."""
        return self.source.evidence(self.con, self.inputs)

    def close(self) -> None:
        """Close the connection (the source is detached with it) and remove its spill folder."""
        self.con.close()
        if self.spill is not None:
            shutil.rmtree(self.spill, ignore_errors=True)

    def __enter__(self) -> Audit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(memory_limit: str, spill: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the memory limit and spill folder set."""
    con = duckdb.connect(":memory:")
    con.execute("set memory_limit = ?", [memory_limit])
    con.execute("set temp_directory = ?", [str(spill)])
    return con


def default_memory_limit() -> str:
    """DuckDB's memory limit per audit connection: $WGP_AUDIT_MEMORY_LIMIT, else 1GB."""
    return os.environ.get("WGP_AUDIT_MEMORY_LIMIT") or "1GB"


def set_variables(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> None:
    """Expose the check parameters as DuckDB variables, for views (which cannot bind parameters)."""
    for name, value in params.items():
        con.execute(f"set variable {name} = ?", [value])


def stage(con: duckdb.DuckDBPyConnection, logs: tuple[str, ...] = ()) -> list[str]:
    """Create the macros, seeds, staging and intermediate views over the typed raw views and the
    attached logs (`log_web`, `log_app`), in dependency order (wgp_audit.sqlhouse)."""
    return build(con, logs)


def open_audit(
    source: str | Path | Source,
    *,
    config: str | Path | Yardstick | None = None,
    as_of: str | dt.date | dt.datetime | None = None,
    period_start: str | dt.date | dt.datetime | None = None,
    period_end: str | dt.date | dt.datetime | None = None,
    web_logs: str | Path | None = None,
    app_logs: str | Path | None = None,
    log_cache: Path | None = None,
    memory_limit: str | None = None,
    temp_dir: Path | None = None,
    mapping: str | Path | Mapping | None = None,
    strict_contract: bool = False,
    ingested: dict[str, IngestResult] | None = None,
) -> Audit:
    """Open, map, validate and stage a source; every parameter is checked before any data is read.

    With a mapping, the contract tables are the mapping's queries over the operator's own tables;
    without, the source's tables of the contract's names. A contract table or column the source
    cannot provide makes the checks reading it not evaluable (an error with `strict_contract`).
    """
    yardstick = config if isinstance(config, Yardstick) else load_yardstick(config)
    demo = is_demo_source(getattr(source, "path", "") if isinstance(source, Source) else source)
    period = audit_period(as_of, period_start, period_end, yardstick.time_zone, demo=demo)
    src = source if isinstance(source, Source) else open_source(source)
    contract = load_contract()
    mapped = mapping if isinstance(mapping, Mapping) or mapping is None else load_mapping(mapping, contract)
    # Each connection spills into a folder of its own: DuckDB processes sharing one spill folder
    # (parallel notebook kernels) were seen to crash.
    spill = Path(tempfile.mkdtemp(prefix="wgp-audit-spill-", dir=temp_dir))
    con = _connect(memory_limit or default_memory_limit(), spill)
    try:
        con.execute("set TimeZone = ?", [yardstick.time_zone])
        set_variables(con, {**period.params(), **yardstick.params()})
        relations = src.attach(con)
        origins, inputs = apply_mapping(con, mapped, relations, contract, src.describe())
        report = validate_source(con, contract, origins, src.describe(), strict=strict_contract)
        cal = yardstick.calendar
        register_calendar(
            con,
            build_calendar(*calendar_years(cal, period), cal["working_weekends"], cal["extra_days_off"]),
            yardstick.time_zone,
        )
        register_identifier_functions(con)
        if ingested is None:
            logs = attach_logs(con, yardstick.time_zone, web_logs, app_logs, log_cache)
        else:  # logs already ingested (a run's snapshot refers to them): no file is read again
            logs = dict(ingested)
            register_logs(con, logs)
        stage(con, tuple(f"log_{kind}" for kind in logs))
    except BaseException:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
        raise
    return Audit(con, src, yardstick, period, report, logs, spill, mapped, inputs)


def attach_logs(
    con: duckdb.DuckDBPyConnection,
    tz: str,
    web_logs: str | Path | None,
    app_logs: str | Path | None,
    cache: Path | None,
) -> dict[str, IngestResult]:
    """Ingest the logs given and expose them as log_web / log_app (plus *_rejects) views."""
    logs: dict[str, IngestResult] = {}
    if web_logs is not None:
        logs["web"] = ingest_web_logs(web_logs, cache_dir=cache, tz=tz)
    if app_logs is not None:
        logs["app"] = ingest_app_logs(app_logs, cache_dir=cache, tz=tz)
    register_logs(con, logs)
    return logs


def register_logs(con: duckdb.DuckDBPyConnection, logs: dict[str, IngestResult]) -> None:
    """Expose ingested logs as log_web / log_app (plus *_rejects); `stage` builds on them."""
    for kind, result in logs.items():
        result.register(con, f"log_{kind}")
