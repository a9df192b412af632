"""`wgp-audit check` on a terminal shows progress and colour; piped, it prints only its table."""

from __future__ import annotations

import errno
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wgp_audit.checks import CheckSpec, Severity
from wgp_audit.demo import DemoOutput
from wgp_audit.findings import CheckResult, Finding, Outcome
from wgp_audit.progress import (
    CheckProgress,
    notebook_line,
    outcome_cell,
    progress_line,
    step_line,
    use_colour,
)

ESCAPE = "\x1b["
#: what a progress line looks like: "12/63 DSR-1 fail 2"
PROGRESS = re.compile(r"(\d+)/(\d+) ([A-Z]+-\w+) (?:\x1b\[\d+m)?(pass|fail|not_evaluable|error)")


def result(outcome: Outcome, findings: int = 0) -> CheckResult:
    spec = CheckSpec(
        "DSR-1",
        "Requests answered late",
        "4.1",
        "Art. 24",
        Severity.HIGH,
        "requests",
        Path("sql/checks/requests/dsr_1.sql"),
        "select 1",
    )
    return CheckResult(spec, outcome, tuple(Finding("DSR-1", f"r{i}", "late") for i in range(findings)))


def wgp_audit_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from wgp_audit.cli import main; sys.exit(main())", *args]


def run_on_terminal(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run `argv` with stdout and stderr on a pseudo-terminal; return all it wrote there."""
    main_fd, child_fd = pty.openpty()
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=child_fd, stderr=child_fd, cwd=cwd, env=env, close_fds=True
    )
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 65536)
        except OSError as exc:  # EIO: the child closed the terminal
            if exc.errno != errno.EIO:
                raise
            break
        if not data:
            break
        chunks.append(data)
    os.close(main_fd)
    assert proc.wait(timeout=300) in (0, 1), b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode()


@pytest.fixture
def checked_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    return {**env, "TERM": "xterm-256color", "WGP_AUDIT_HOME": str(tmp_path)}


@pytest.fixture
def database(demo: DemoOutput, tmp_path: Path) -> Path:
    db = tmp_path / "wgp.duckdb"
    shutil.copy(demo.database, db)
    return db


def test_progress_line_counts_the_check_and_its_findings() -> None:
    assert progress_line(12, 63, result(Outcome.FAIL, 2)) == "12/63 DSR-1 fail 2"
    assert progress_line(3, 63, result(Outcome.PASS)) == " 3/63 DSR-1 pass"


def test_outcome_cell_colours_only_the_word_and_keeps_the_column_width() -> None:
    assert outcome_cell("fail", 14, colour=False) == "fail          "
    coloured = outcome_cell("fail", 14, colour=True)
    assert coloured == "\x1b[31mfail\x1b[0m          "
    assert outcome_cell("pass", 14, colour=True).startswith("\x1b[32mpass")


def test_no_colour_when_no_color_is_set_or_the_stream_is_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    main_fd, child_fd = pty.openpty()
    try:
        with os.fdopen(child_fd, "w", closefd=False) as terminal, (tmp_path / "f").open("w") as file:
            monkeypatch.setenv("TERM", "xterm")
            monkeypatch.delenv("NO_COLOR", raising=False)
            assert use_colour(terminal) and not use_colour(file)
            monkeypatch.setenv("NO_COLOR", "1")
            assert not use_colour(terminal)
            monkeypatch.delenv("NO_COLOR")
            monkeypatch.setenv("TERM", "dumb")
            assert not use_colour(terminal) and CheckProgress.for_terminal(terminal) is None
            assert CheckProgress.for_terminal(file) is None
    finally:
        os.close(main_fd)
        os.close(child_fd)


def test_check_on_a_terminal_shows_every_check_counted_then_the_table_in_colour(
    database: Path, tmp_path: Path, checked_env: dict[str, str]
) -> None:
    shown = run_on_terminal(wgp_audit_command("check", "--source", str(database)), tmp_path, checked_env)
    steps = [(int(m[1]), int(m[2]), m[3]) for m in PROGRESS.finditer(shown.split("check    area")[0])]
    total = steps[0][1]
    assert [done for done, _, _ in steps] == list(range(1, total + 1))
    assert {t for _, t, _ in steps} == {total} and total >= 60
    assert re.search(r"\d+/\d+ [A-Z]+-\w+ \x1b\[31mfail\x1b\[0m \d+", shown)  # failures with counts
    table = shown.split("check    area")[1]
    assert "\x1b[31mfail\x1b[0m" in table and "\x1b[32mpass\x1b[0m" in table
    assert f"{total} checks," in table


def test_check_on_a_terminal_with_no_color_shows_progress_without_escapes_in_the_table(
    database: Path, tmp_path: Path, checked_env: dict[str, str]
) -> None:
    shown = run_on_terminal(
        wgp_audit_command("check", "--source", str(database), "--area", "requests"),
        tmp_path,
        {**checked_env, "NO_COLOR": "1"},
    )
    before, table = shown.split("check    area")
    assert PROGRESS.search(before) and "\x1b[3" not in shown
    assert ESCAPE not in table


def test_check_piped_prints_only_its_table(
    database: Path, tmp_path: Path, checked_env: dict[str, str]
) -> None:
    done = subprocess.run(
        wgp_audit_command("check", "--source", str(database)),
        cwd=tmp_path,
        env=checked_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["check", "area", "sev", "outcome", "rows", "title"]
    assert re.fullmatch(r"\d+ checks, \d+ findings; exit code 1 \(findings\)", lines[-1])
    assert ESCAPE not in done.stdout and "\r" not in done.stdout
    assert not PROGRESS.search(done.stdout)


#: a finished step of `wgp-audit run`: "1/5 snapshot 2.1 s"
STEP = re.compile(r"(\d)/5 (snapshot|notebooks|findings|pages and exports|evidence) (\d+\.\d) s")
#: a finished notebook: "  1/2 40_requests ok 4.1 s: 6 pass, 2 fail"
NOTEBOOK = re.compile(r"(\d)/(\d) (\d\d_\w+) (?:\x1b\[\d+m)?(ok|INCOMPLETE)(?:\x1b\[0m)? \d+\.\d s(: .*)?")


def test_step_and_notebook_lines_name_the_step_and_count_the_outcomes() -> None:
    assert step_line(1, "snapshot") == "1/5 snapshot ..."
    assert step_line(2, "notebooks", 12.345) == "2/5 notebooks 12.3 s"
    counts = {"fail": 2, "pass": 6}
    assert (
        notebook_line(3, 7, "20_consent", True, 4.06, counts) == "  3/7 20_consent ok 4.1 s: 6 pass, 2 fail"
    )
    coloured = notebook_line(3, 7, "20_consent", False, 4.0, counts, colour=True)
    assert (
        coloured
        == "  3/7 20_consent \x1b[31mINCOMPLETE\x1b[0m 4.0 s: 6 \x1b[32mpass\x1b[0m, 2 \x1b[31mfail\x1b[0m"
    )


@pytest.fixture
def two_notebooks(tmp_path: Path) -> Path:
    folder = tmp_path / "nb"
    folder.mkdir()
    for name in ("00_summary.ipynb", "40_requests.ipynb"):
        shutil.copy(Path(__file__).resolve().parents[1] / "notebooks" / name, folder)
    return folder


def test_run_on_a_terminal_shows_its_steps_timed_and_each_notebook_with_outcomes_in_colour(
    database: Path, two_notebooks: Path, tmp_path: Path, checked_env: dict[str, str]
) -> None:
    shown = run_on_terminal(
        wgp_audit_command(
            "run",
            "--source",
            str(database),
            "--notebooks",
            str(two_notebooks),
            "--reports",
            str(tmp_path / "r"),
        ),
        tmp_path,
        checked_env,
    )
    assert [m[2] for m in STEP.finditer(shown)] == [
        "snapshot",
        "notebooks",
        "findings",
        "pages and exports",
        "evidence",
    ]
    notebooks = {m[3]: m for m in NOTEBOOK.finditer(shown)}
    assert set(notebooks) == {"40_requests", "00_summary"}
    assert notebooks["40_requests"][1] == "1" and notebooks["00_summary"][1] == "2"  # the summary last
    assert "\x1b[31mfail\x1b[0m" in notebooks["40_requests"][0] and "\x1b[32mok\x1b[0m" in shown
    assert "KeyboardInterrupt" not in shown
    assert re.search(r"report: .*index\.html", shown)


def test_run_piped_prints_only_its_closing_lines(
    database: Path, two_notebooks: Path, tmp_path: Path, checked_env: dict[str, str]
) -> None:
    done = subprocess.run(
        wgp_audit_command(
            "run",
            "--source",
            str(database),
            "--notebooks",
            str(two_notebooks),
            "--reports",
            str(tmp_path / "r"),
        ),
        cwd=tmp_path,
        env=checked_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == 3, lines
    assert lines[0].startswith("compared with no previous run: ")
    assert re.fullmatch(r"report: .*/index\.html", lines[1])
    assert lines[2] == "exit code 1 (findings)"
    assert ESCAPE not in done.stdout and "\r" not in done.stdout
