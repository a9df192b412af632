"""reports/ledger.jsonl: each run's evidence hash chained; `verify --ledger` shows runs altered,
deleted or inserted, and a ledger edited."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FullRun
from wgp_audit.cli import main
from wgp_audit.errors import ExitCode
from wgp_audit.report.ledger import GENESIS, LEDGER_FILE, append_run, check_ledger, entry_hash, read_ledger
from wgp_audit.report.verify import verify_run

from .run_copies import copy_reports, flip_last_byte

pytestmark = pytest.mark.slow


def _problems(reports: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in check_ledger(reports).problems:
        out.setdefault(p.run_id, set()).add(p.problem)
    return out


def test_a_run_appends_its_evidence_hash_to_the_chain(full_run: FullRun) -> None:
    from wgp_audit.sources.base import file_sha256

    entries = read_ledger(full_run.reports_dir)
    mine = [e for e in entries if e["run_id"] == full_run.outcome.run_id]
    assert len(mine) == 1
    assert mine[0]["evidence_sha256"] == file_sha256(full_run.outcome.run_dir / "evidence.json")
    assert entries[0]["prev_hash"] == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after["prev_hash"] == before["hash"]
    assert all(e["hash"] == entry_hash(e) for e in entries)


def test_an_intact_reports_folder_passes(
    full_run: FullRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = copy_reports(full_run, tmp_path)
    assert check_ledger(run_dir.parent).ok
    assert main(["verify", "--ledger", "--reports", str(run_dir.parent)]) == ExitCode.OK
    assert "OK" in capsys.readouterr().out


def test_a_deleted_run_shows_in_verify_ledger(
    full_run: FullRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = copy_reports(full_run, tmp_path)
    shutil.rmtree(run_dir)
    assert _problems(run_dir.parent) == {run_dir.name: {"deleted"}}
    assert main(["verify", "--ledger", "--reports", str(run_dir.parent)]) == ExitCode.VERIFY_FAILED
    assert f"DELETED {run_dir.name}" in capsys.readouterr().out


def test_an_altered_evidence_shows_in_the_ledger_and_in_verify_run(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_reports(full_run, tmp_path)
    flip_last_byte(run_dir / "evidence.json")
    assert _problems(run_dir.parent) == {run_dir.name: {"altered"}}
    diffs = verify_run(run_dir, inputs=False).differences
    assert [(d.kind, d.path) for d in diffs] == [("evidence", "evidence.json")]


def test_a_run_folder_the_ledger_never_recorded_shows_as_inserted(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_reports(full_run, tmp_path)
    forged = run_dir.parent / "2026-01-01T000000Z-f0f0f0"
    shutil.copytree(run_dir, forged)
    assert _problems(run_dir.parent) == {forged.name: {"inserted"}}


def test_an_edited_or_removed_ledger_line_breaks_the_chain(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_reports(full_run, tmp_path)
    reports = run_dir.parent
    second = reports / "2099-01-01T000000Z-0a0a0a"
    shutil.copytree(run_dir, second)
    append_run(reports, second)
    assert check_ledger(reports).ok
    ledger = reports / LEDGER_FILE
    lines = ledger.read_text().splitlines()
    entry = json.loads(lines[0])
    entry["created_at"] = "2020-01-01T00:00:00+00:00"  # backdated
    ledger.write_text("\n".join([json.dumps(entry), *lines[1:]]) + "\n")
    assert "broken chain" in _problems(reports)[entry["run_id"]]
    ledger.write_text("\n".join(lines[1:]) + "\n")  # the first line removed
    problems = _problems(reports)
    assert any("broken chain" in v for v in problems.values())


def test_a_new_ledger_adopts_the_runs_already_there(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_reports(full_run, tmp_path)
    reports = run_dir.parent
    (reports / LEDGER_FILE).unlink()
    assert _problems(reports).get(run_dir.name) == {"inserted"}
    later = reports / "2099-01-01T000000Z-0b0b0b"
    shutil.copytree(run_dir, later)
    append_run(reports, later)
    entries = read_ledger(reports)
    assert entries[-1]["run_id"] == later.name and "adopted" not in entries[-1]
    assert any(e["run_id"] == run_dir.name and e.get("adopted") for e in entries)
    assert check_ledger(reports).ok
