"""Shared fixtures: inline-row audits for check tests, and the demo dataset built once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput, generate
from wgp_audit.demo.dataset import Dataset
from wgp_audit.demo.writer import write_duckdb

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
AS_OF = "2026-10-31"

CheckRunner = Callable[..., set[str]]


@pytest.fixture
def run_check(tmp_path: Path) -> CheckRunner:
    """Run one check on a database holding only the inline rows given; return the record keys."""

    def _run(
        check_id: str,
        tables: dict[str, list[dict[str, Any]]],
        *,
        as_of: str = AS_OF,
        period_start: str = "2023-01-01",
        period_end: str | None = None,
    ) -> set[str]:
        ds = Dataset(
            seed=0,
            as_of=dt.datetime(2026, 10, 31, tzinfo=dt.UTC),
            start=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
            rng=random.Random(0),
        )
        for name, rows in tables.items():
            for row in rows:
                ds.add(name, **row)
        db = write_duckdb(ds, tmp_path / f"{check_id}.duckdb")
        with open_audit(db, as_of=as_of, period_start=period_start, period_end=period_end) as audit:
            (result,) = audit.run_checks(ids=(check_id,))
        assert result.message is None or result.outcome.value != "error", result.message
        return {f.record_key for f in result.findings}

    return _run


def copy_demo_database(demo: DemoOutput, tmp: Path, *statements: str) -> Path:
    """A copy of the demo database in `tmp` (an operator's own), changed by `statements`."""
    db = tmp / "operator.duckdb"
    shutil.copy(demo.database, db)
    con = duckdb.connect(str(db))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()
    return db


def utc(text: str) -> dt.datetime:
    """Parse an ISO timestamp with offset (e.g. '2024-05-03T17:00+05:00') into UTC."""
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoOutput]:
    """The default demo dataset, generated once per test session."""
    yield generate(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def demo_manifest(demo: DemoOutput) -> list[dict[str, Any]]:
    """The planted violations and near-misses of the demo dataset."""
    planted: list[dict[str, Any]] = json.loads(demo.manifest.read_text())["planted"]
    return planted


@dataclass(frozen=True)
class FullRun:
    """One full demo run, how long it took, and the reports folder it went into."""

    outcome: Any  # wgp_audit.report.run.RunOutcome
    seconds: float
    reports_dir: Path
    cwd_before: Path
    cwd_after: Path
    source_sha256_before: str


@pytest.fixture(scope="session")
def full_run(demo: DemoOutput, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FullRun]:
    """Run every area notebook on the demo data once for the session."""
    from wgp_audit.report.refresh import use_demo_key
    from wgp_audit.report.run import RunOptions, run_audit

    use_demo_key()
    reports = tmp_path_factory.mktemp("reports")
    source_sha = hashlib.sha256(demo.database.read_bytes()).hexdigest()
    started, cwd = time.monotonic(), Path.cwd()
    outcome = run_audit(
        RunOptions(
            source=str(demo.database), reports_dir=reports, logs_dir=str(demo.logs) if demo.logs else None
        ),
        progress=False,
    )
    yield FullRun(outcome, time.monotonic() - started, reports, cwd, Path.cwd(), source_sha)


def run_as_nobody(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the real command line in a forked child that dropped root to `nobody`; (exit, stderr).

    Root bypasses file permissions, so this is how a test shows what an unprivileged auditor sees.
    """
    from wgp_audit.cli import main

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            sys.stderr = os.fdopen(write_end, "w")
            os.setgid(65534)
            os.setuid(65534)
            os.environ.update(env or {})
            code = main(argv)
            sys.stderr.flush()
            os._exit(code)
        except BaseException:
            os._exit(99)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        stderr = pipe.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), stderr
