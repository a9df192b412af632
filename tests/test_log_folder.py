"""`--logs DIR` with log files directly in DIR: recognised by content, or refused saying what was expected."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from wgp_audit.cli import main
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ExitCode
from wgp_audit.log_folder import sniff
from wgp_audit.notebook import log_arguments


def _flat(demo: DemoOutput, target: Path) -> Path:
    assert demo.logs is not None
    target.mkdir()
    for kind in ("web", "app"):
        for f in (demo.logs / kind).iterdir():
            shutil.copy(f, target / f.name)
    return target


def _log_lines(stdout: str) -> list[str]:
    return re.findall(r"^(?:web|app) logs: .*$", stdout, flags=re.MULTILINE)


def test_log_files_directly_in_the_folder_are_read_like_web_and_app_subfolders(
    demo: DemoOutput,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert demo.logs is not None
    flat = _flat(demo, tmp_path / "flat")
    assert {p.name: sniff(p) for p in flat.iterdir()} == {
        **{p.name: "web" for p in (demo.logs / "web").iterdir()},
        **{p.name: "app" for p in (demo.logs / "app").iterdir()},
    }
    main(["check", "--source", str(demo.database), "--logs", str(demo.logs), "--id", "LOG-1"])
    structured = _log_lines(capsys.readouterr().out)
    main(["check", "--source", str(demo.database), "--logs", str(flat), "--id", "LOG-1"])
    assert _log_lines(capsys.readouterr().out) == structured
    assert len(structured) == 2
    found = log_arguments(flat)  # what `run` and the notebooks read
    assert sorted(found) == ["app_logs", "web_logs"]


def test_a_folder_of_files_that_are_no_log_is_refused_saying_what_was_expected(
    demo: DemoOutput,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "notes.txt").write_text("Minutes of the meeting\nnothing here is a log line\n")
    (folder / "users.csv").write_text("user_id,email\nusr-1,a@b.kz\n")
    code = main(["check", "--source", str(demo.database), "--logs", str(folder)])
    err = capsys.readouterr().err
    assert code == ExitCode.LOGS
    assert "notes.txt" in err and "users.csv" in err
    assert "common or combined format" in err and "JSON Lines" in err


def test_sniffing_tells_combined_and_common_lines_from_json_lines(tmp_path: Path) -> None:
    common = tmp_path / "common.log"
    common.write_text('10.0.0.1 - - [01/Oct/2026:10:00:00 +0500] "GET / HTTP/1.1" 200 512\n' * 3)
    jsonl = tmp_path / "events"
    jsonl.write_text('{"ts":"2026-10-01T10:00:00Z","event":"login"}\n' * 3 + '{"ts":"2026-10-01T1')
    prose = tmp_path / "readme"
    prose.write_text("{not json}\nsome words\n")
    assert (sniff(common), sniff(jsonl), sniff(prose)) == ("web", "app", None)
