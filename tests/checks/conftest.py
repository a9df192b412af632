"""Fixtures for log checks: inline database rows plus small web and app log files."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wgp_audit.audit import open_audit
from wgp_audit.demo.dataset import Dataset
from wgp_audit.demo.writer import write_duckdb

LogCheckRunner = Callable[..., set[str]]


def web(
    ts: str,
    path: str = "/",
    *,
    ip: str = "95.56.1.2",
    status: int = 200,
    user: str = "-",
    referer: str = "-",
    method: str = "GET",
) -> str:
    """One combined-format line at a local time 'YYYY-MM-DD HH:MM:SS' (UTC+5)."""
    t = dt.datetime.fromisoformat(ts)
    return (
        f'{ip} - {user} [{t:%d/%b/%Y:%H:%M:%S} +0500] "{method} {path} HTTP/1.1" {status} 10 '
        f'"{referer}" "Mozilla/5.0"'
    )


def app(ts: str, event: str, request_id: str, **fields: Any) -> str:
    """One app event at a local time 'YYYY-MM-DD HH:MM:SS' (UTC+5), as a JSON line."""
    t = dt.datetime.fromisoformat(ts).replace(tzinfo=dt.timezone(dt.timedelta(hours=5)))
    return json.dumps({"ts": t.isoformat(), "event": event, "request_id": request_id, **fields})


@pytest.fixture
def run_log_check(tmp_path: Path) -> LogCheckRunner:
    """Run one check on inline rows and log lines (web and/or app); return the record keys."""

    def _run(
        check_id: str,
        tables: dict[str, list[dict[str, Any]]] | None = None,
        *,
        web_lines: list[str] | None = None,
        app_lines: list[str] | None = None,
        as_of: str = "2026-10-31",
        period_start: str = "2023-01-01",
    ) -> set[str]:
        ds = Dataset(
            seed=0,
            as_of=dt.datetime(2026, 10, 31, tzinfo=dt.UTC),
            start=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
            rng=random.Random(0),
        )
        for name, rows in (tables or {}).items():
            for row in rows:
                ds.add(name, **row)
        db = write_duckdb(ds, tmp_path / f"{check_id}.duckdb")
        logs: dict[str, Path] = {}
        for kind, lines, name in (
            ("web_logs", web_lines, "access.log"),
            ("app_logs", app_lines, "events.jsonl"),
        ):
            if lines is not None:
                folder = tmp_path / kind
                folder.mkdir(exist_ok=True)
                (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
                logs[kind] = folder
        with open_audit(
            db,
            as_of=as_of,
            period_start=period_start,
            web_logs=logs.get("web_logs"),
            app_logs=logs.get("app_logs"),
        ) as audit:
            (result,) = audit.run_checks(ids=(check_id,))
        assert result.outcome.value not in ("error", "not_evaluable"), result.message
        return {f.record_key for f in result.findings}

    return _run
