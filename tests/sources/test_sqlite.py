"""The SQLite file source: read-only, every column validated as text, the file never written."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import AS_OF, run_as_nobody
from wgp_audit.audit import open_audit
from wgp_audit.contract import load_contract
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ExitCode, SourceError
from wgp_audit.findings import CheckResult
from wgp_audit.sources.base import file_sha256
from wgp_audit.sources.extensions import load_extension


def copy_into_sqlite(duckdb_file: Path, target: Path) -> Path:
    """Copy every contract table of a DuckDB file into a new SQLite file, as an operator's would be.

    SQLite keeps values, not types: timestamps go in as ISO text with the UTC offset, booleans as
    0/1, list columns as ';'-separated text.
    """
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        load_extension(con, "sqlite")
        con.execute(f"attach '{duckdb_file}' as demo (read_only)")
        con.execute(f"attach '{target}' as lite (type sqlite)")
        for table in load_contract().tables:
            cols = ", ".join(
                f"array_to_string({c.name}, ';') as {c.name}"
                if c.type == "VARCHAR[]"
                else f"{c.name}::varchar as {c.name}"
                if c.type == "TIMESTAMP WITH TIME ZONE"
                else c.name
                for c in table.columns
            )
            con.execute(f"create table lite.{table.name} as select {cols} from demo.main.{table.name}")
    finally:
        con.close()
    return target


@pytest.fixture(scope="module")
def lite(demo: DemoOutput, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_into_sqlite(demo.database, tmp_path_factory.mktemp("sqlite") / "operator.sqlite")


# The same audit period for both sources: the default audit date depends on the source
# (a demo file is audited as of its demo date, anything else as of today).
PERIOD: dict[str, Any] = {"as_of": AS_OF, "period_start": "2023-01-01"}


def _found(results: list[CheckResult]) -> set[tuple[str, str]]:
    return {(r.spec.id, f.record_key) for r in results for f in r.findings}


def test_sqlite_source_gives_the_same_findings_as_the_duckdb_file(lite: Path, demo: DemoOutput) -> None:
    with open_audit(demo.database, **PERIOD) as audit:
        expected = audit.run_checks()
        counts = audit.validation.row_counts
        lists = audit.con.execute(
            "select request_id, response_elements from raw_dsr_requests order by 1"
        ).fetchall()
    with open_audit(f"sqlite:{lite}", **PERIOD) as audit:
        assert audit.validation.row_counts == counts
        assert (
            audit.con.execute(
                "select request_id, response_elements from raw_dsr_requests order by 1"
            ).fetchall()
            == lists
        )
        live = audit.run_checks()
    assert _found(expected)  # the demo plants violations: an empty comparison proves nothing
    assert _found(live) == _found(expected)
    assert [r.outcome for r in live] == [r.outcome for r in expected]


def test_an_audit_leaves_the_file_bytes_and_mtime_unchanged(lite: Path) -> None:
    before = (file_sha256(lite), lite.stat().st_mtime_ns, sorted(p.name for p in lite.parent.iterdir()))
    with open_audit(f"sqlite:{lite}") as audit:
        audit.run_checks()
        evidence = audit.evidence()
        with pytest.raises(duckdb.Error, match=r"(?i)read.only"):
            audit.con.execute("delete from src.main.users")
    after = (file_sha256(lite), lite.stat().st_mtime_ns, sorted(p.name for p in lite.parent.iterdir()))
    assert after == before
    assert evidence[0].kind == "file" and evidence[0].sha256 == before[0]
    assert {e.name.split(" ")[0] for e in evidence[1:]} == set(load_contract().names)


def test_a_wal_mode_file_is_read_without_creating_files_beside_it(lite: Path, tmp_path: Path) -> None:
    wal = tmp_path / "wal.sqlite"
    shutil.copy(lite, wal)
    with closing(sqlite3.connect(wal)) as db:
        assert db.execute("pragma journal_mode = wal").fetchone() == ("wal",)
    before = (file_sha256(wal), wal.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir()))
    with open_audit(f"sqlite:{wal}", **PERIOD) as audit:
        users = audit.validation.row_counts["users"]
    after = (file_sha256(wal), wal.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir()))
    assert after == before  # without the copy, wal.sqlite-shm and wal.sqlite-wal appear here
    assert users > 0


def test_a_missing_sqlite_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    with pytest.raises(SourceError, match=f"SQLite file {missing} does not exist"):
        open_audit(f"sqlite:{missing}")


def test_a_file_that_is_not_sqlite_is_named(tmp_path: Path, demo: DemoOutput) -> None:
    for name, content in (
        ("notes.sqlite", b"user_id,email\nu1,a@b.kz\n"),
        ("wgp.sqlite", demo.database.read_bytes()[:4096]),
        ("empty.db", b""),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(SourceError, match=f"{path} is not a SQLite database"):
            open_audit(f"sqlite:{path}")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to an unprivileged user")
def test_an_unreadable_sqlite_file_is_named(lite: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="wgp-locked-"))
    folder.chmod(0o755)
    secret = folder / "locked.sqlite"
    shutil.copy(lite, secret)
    secret.chmod(0o600)
    code, stderr = run_as_nobody(["validate", "--source", f"sqlite:{secret}"])
    shutil.rmtree(folder)
    assert code == ExitCode.SOURCE, stderr
    assert "locked.sqlite is not readable by this user" in stderr
