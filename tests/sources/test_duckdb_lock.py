"""A DuckDB file held open read-write by the operator's application: said so, and audited from a copy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wgp_audit.cli import main
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ExitCode
from wgp_audit.sources.base import file_sha256
from wgp_audit.sources.duckdb_file import take_snapshot

HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])  # read-write, as the operator's application holds it
con.execute("create table if not exists app_state (n integer)")
print("holding", flush=True)
sys.stdin.read()  # until the test closes stdin
"""


@pytest.fixture
def held(demo: DemoOutput, tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A copy of the demo database, held open read-write by a second process."""
    db = tmp_path / "operator.duckdb"
    shutil.copy(demo.database, db)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    yield db, proc
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.close()
    proc.wait(timeout=30)
    proc.stdout.close()


def test_a_file_locked_by_another_process_is_named_locked_with_its_pid_and_the_way_out(
    held: tuple[Path, subprocess.Popen[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, proc = held
    assert main(["validate", "--source", str(db)]) == ExitCode.SOURCE
    err = capsys.readouterr().err
    assert "locked by another process" in err and f"PID {proc.pid}" in err
    assert "--snapshot" in err
    assert "not a DuckDB database" not in err and "export" not in err


def test_snapshot_audits_a_private_copy_of_a_locked_file_and_hashes_it(
    held: tuple[Path, subprocess.Popen[str]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    db, _ = held
    out = tmp_path / "findings.json"
    code = main(["check", "--source", str(db), "--snapshot", "--out", str(out)])
    printed = capsys.readouterr()
    assert code == ExitCode.FINDINGS, printed.err
    assert "snapshot" in printed.err and str(db) in printed.err
    assert json.loads(out.read_text())["findings"]


def test_a_snapshot_is_private_read_only_and_names_its_original(demo: DemoOutput) -> None:
    snap = take_snapshot(demo.database)
    try:
        assert snap.copy.parent.stat().st_mode & 0o777 == 0o700
        assert not os.access(snap.copy, os.W_OK) or os.geteuid() == 0
        assert snap.copy.stat().st_mode & 0o222 == 0
        assert snap.sha256 == file_sha256(snap.copy) == file_sha256(demo.database)
        assert snap.original == demo.database.resolve()
    finally:
        snap.remove()
    assert not snap.copy.parent.exists()


def test_without_a_snapshot_the_file_is_held_only_while_the_audit_is_open(
    demo: DemoOutput, tmp_path: Path
) -> None:
    import duckdb

    from wgp_audit.audit import open_audit

    db = tmp_path / "operator.duckdb"
    shutil.copy(demo.database, db)
    with open_audit(db) as audit:
        assert audit.validation.row_counts["users"] > 0
    duckdb.connect(str(db)).close()  # the operator's application can open it read-write again
