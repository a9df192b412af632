"""Failures nobody planned for: each exits with its documented code and a readable message, never a
raw traceback, and a run that dies or is interrupted leaves its folder marked."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from wgp_audit import cli
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ExitCode


def _logs_with(demo: DemoOutput, tmp_path: Path, web_name: bytes) -> Path:
    assert demo.logs is not None
    logs = tmp_path / "logs"
    shutil.copytree(demo.logs / "app", logs / "app")
    (logs / "web").mkdir(parents=True)
    shutil.copy(
        os.fsencode(demo.logs / "web" / "access.log"), os.path.join(os.fsencode(logs / "web"), web_name)
    )
    return logs


def test_an_unexpected_exception_exits_9_names_its_traceback_file_and_prints_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    def broken(args: object) -> int:
        raise AttributeError("'NoneType' object has no attribute 'rows' (password=Crash-Pw-12)")

    monkeypatch.setattr(cli, "cmd_coverage", broken)
    monkeypatch.setenv("WGP_AUDIT_CRASH_DIR", str(tmp_path / "crashes"))
    assert cli.main(["coverage"]) == ExitCode.INTERNAL and int(ExitCode.INTERNAL) == 9
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" in err
    (written,) = (tmp_path / "crashes").iterdir()
    assert str(written) in err
    assert written.stat().st_mode & 0o777 == 0o600
    text = written.read_text()
    assert "Traceback" in text and "broken" in text and "Crash-Pw-12" not in text


def test_a_log_file_name_that_is_not_utf8_is_a_log_error_shown_escaped(
    demo: DemoOutput,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    logs = _logs_with(demo, tmp_path, b"access\xff\x1b[31m.log")
    code = cli.main(["check", "--source", str(demo.database), "--logs", str(logs)])
    err = capsys.readouterr().err
    assert code == ExitCode.LOGS, err
    assert "Traceback" not in err and "\x1b" not in err and "\udcff" not in err
    assert "access\\xff\\x1b[31m.log" in err and "not valid UTF-8" in err


def test_a_full_disk_while_writing_findings_is_a_report_error(
    demo: DemoOutput,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = cli.main(["check", "--source", str(demo.database), "--out", "/dev/full"])
    err = capsys.readouterr().err
    assert code == ExitCode.REPORT, err
    assert "disk is full" in err and "Traceback" not in err


def test_an_unwritable_log_cache_is_a_log_error(
    demo: DemoOutput,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert demo.logs is not None
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("WGP_AUDIT_LOG_CACHE", str(blocker / "cache"))
    code = cli.main(
        [
            "run",
            "--source",
            str(demo.database),
            "--logs",
            str(demo.logs),
            "--reports",
            str(tmp_path / "reports"),
        ]
    )
    err = capsys.readouterr().err
    assert code == ExitCode.LOGS, err
    assert "Traceback" not in err


@pytest.mark.slow
def test_ctrl_c_during_a_run_marks_it_interrupted_and_lists_it(demo: DemoOutput, tmp_path: Path) -> None:
    from wgp_audit.report.refresh import DEMO_PSEUDONYM_KEY

    reports = tmp_path / "reports"
    env = {**os.environ, "WGP_AUDIT_PSEUDONYM_KEY": DEMO_PSEUDONYM_KEY}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wgp_audit.cli",
            "run",
            "--source",
            str(demo.database),
            "--reports",
            str(reports),
            "--notebooks",
            str(REPO / "notebooks"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 120
    while not list(reports.glob("*/notebooks/*.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    interrupted_at = time.monotonic()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == ExitCode.INTERRUPTED, err[-2000:]
    assert time.monotonic() - interrupted_at < 30  # the running kernels are stopped, not awaited
    assert "Traceback" not in err
    (run_dir,) = [p for p in reports.iterdir() if p.is_dir()]
    record = json.loads((run_dir / "run.json").read_text())
    assert record["status"] == "interrupted" and record["incomplete"] is True
    assert "interrupted" in record["failure"]
    assert "INCOMPLETE" in (run_dir / "INCOMPLETE.txt").read_text()
    assert "INCOMPLETE" in (run_dir / "index.html").read_text()
    listing = (reports / "index.html").read_text()
    assert "INTERRUPTED" in listing and run_dir.name in listing
