"""Copies of the session's full demo run to alter (the run itself is never altered)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FullRun


def copy_reports(full_run: FullRun, tmp_path: Path) -> Path:
    """A copy of the full run's reports folder (its runs and ledger); returns the copied run folder."""
    reports = tmp_path / "reports"
    shutil.copytree(full_run.reports_dir, reports)
    run_dir: Path = reports / full_run.outcome.run_id
    return run_dir


def copy_run(full_run: FullRun, tmp_path: Path) -> Path:
    """A copy of the full run's folder alone (no ledger beside it)."""
    target: Path = tmp_path / "alone" / full_run.outcome.run_id
    shutil.copytree(full_run.outcome.run_dir, target)
    return target


def flip_last_byte(path: Path) -> bytes:
    """Change one byte of `path` (its last, XOR 1); return the original content."""
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    return data
