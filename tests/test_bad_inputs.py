"""The catalogue of bad inputs: each ends in a message naming the thing, a distinct exit code,
and nothing presented as complete. Runs the real command line (`wgp_audit.cli.main`)."""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, run_as_nobody
from wgp_audit.cli import main
from wgp_audit.demo import build_dataset
from wgp_audit.demo.writer import write_duckdb, write_exports
from wgp_audit.errors import ExitCode


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ds = build_dataset(users=200, seed=7)
    root = tmp_path_factory.mktemp("clean")
    return {
        "csv": write_exports(ds, root / "csv", "csv"),
        "parquet": write_exports(ds, root / "parquet", "parquet"),
        "duckdb": write_duckdb(ds, root / "wgp.duckdb"),
    }


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def csv_copy(clean: dict[str, Path], tmp_path: Path) -> Path:
    return Path(shutil.copytree(clean["csv"], tmp_path / "csv"))


def edit_csv(folder: Path, table: str, fn: Callable[[list[str]], list[str]]) -> None:
    path = folder / f"{table}.csv"
    path.write_text("\n".join(fn(path.read_text().splitlines())) + "\n")


def drop_column(lines: list[str], name: str) -> list[str]:
    idx = lines[0].split(",").index(name)
    return [",".join(c for i, c in enumerate(line.split(",")) if i != idx) for line in lines]


def set_cell(lines: list[str], row: int, column: str, value: str) -> list[str]:
    idx = lines[0].split(",").index(column)
    cells = lines[row].split(",")
    cells[idx] = value
    return [*lines[:row], ",".join(cells), *lines[row + 1 :]]


# (name, how to break a CSV exports folder, expected exit code, text the message must hold)
SOURCE_CASES: list[tuple[str, Callable[[Path], None], ExitCode, str]] = [
    (
        "missing table",
        lambda f: (f / "consents.csv").unlink(),
        ExitCode.SOURCE,
        "table consents is missing from exports folder",
    ),
    (
        "missing column",
        lambda f: edit_csv(f, "users", lambda ls: drop_column(ls, "iin")),
        ExitCode.SOURCE,
        "table users (users.csv) has no column iin",
    ),
    (
        "wrong column type",
        lambda f: edit_csv(f, "cookies", lambda ls: set_cell(ls, 1, "essential", "maybe")),
        ExitCode.SOURCE,
        "column cookies.essential (cookies.csv): value 'maybe' is not a BOOLEAN",
    ),
    (
        "integer column with text",
        lambda f: edit_csv(f, "cookies", lambda ls: set_cell(ls, 2, "declared_max_age_days", "a year")),
        ExitCode.SOURCE,
        "cookies.declared_max_age_days (cookies.csv): value 'a year'",
    ),
    (
        "timestamp without a zone",
        lambda f: edit_csv(f, "users", lambda ls: set_cell(ls, 1, "created_at", "2024-01-01 10:00:00")),
        ExitCode.SOURCE,
        "users.created_at (users.csv): value '2024-01-01 10:00:00' is not a timestamp with a time zone",
    ),
    (
        "unparsable timestamp",
        lambda f: edit_csv(f, "users", lambda ls: set_cell(ls, 1, "created_at", "yesterday")),
        ExitCode.SOURCE,
        "users.created_at (users.csv): value 'yesterday'",
    ),
    (
        "duplicate primary key",
        lambda f: edit_csv(f, "purposes", lambda ls: [*ls, ls[1]]),
        ExitCode.SOURCE,
        "purposes (purposes.csv) has duplicate purpose_code values",
    ),
    (
        "missing primary key",
        lambda f: edit_csv(f, "recipients", lambda ls: set_cell(ls, 1, "recipient_id", "")),
        ExitCode.SOURCE,
        "recipients (recipients.csv) has 1 rows with no recipient_id",
    ),
    (
        "unknown enumeration value",
        lambda f: edit_csv(f, "recipients", lambda ls: set_cell(ls, 1, "kind", "partner")),
        ExitCode.FINDINGS,
        "recipients.kind = 'partner' is not one of",
    ),
    (
        "future timestamp",
        lambda f: edit_csv(
            f, "security_incidents", lambda ls: set_cell(ls, 1, "detected_at", "2031-01-01T00:00:00Z")
        ),
        ExitCode.FINDINGS,
        "security_incidents.detected_at = 2031-01-01",
    ),
    (
        "empty table a check needs",
        lambda f: edit_csv(f, "dsr_requests", lambda ls: ls[:1]),
        ExitCode.NOT_EVALUABLE,
        "not evaluable: stg_dsr_requests holds no rows",
    ),
]


STRICT_CASES = {"missing table", "missing column"}  # gaps stop the audit only in strict mode


@pytest.mark.parametrize(
    ("name", "breaker", "code", "message"), SOURCE_CASES, ids=[c[0] for c in SOURCE_CASES]
)
def test_bad_source_is_named_with_a_distinct_exit_code(
    clean: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    breaker: Callable[[Path], None],
    code: ExitCode,
    message: str,
) -> None:
    folder = csv_copy(clean, tmp_path)
    breaker(folder)
    argv = ["check", "--source", str(folder)]
    if name in STRICT_CASES:
        argv += ["--strict-contract"]
    if code is ExitCode.NOT_EVALUABLE:
        argv += ["--area", "requests"]
    elif code is ExitCode.FINDINGS:
        argv += ["--area", "data_quality"]
    got, text = run(argv, capsys)
    assert message in text
    assert got == code
    if code is ExitCode.SOURCE:
        assert "Traceback" not in text and "what to do" in text


@pytest.mark.parametrize(
    ("breaker", "check_id", "missing"),
    [
        (lambda f: (f / "consents.csv").unlink(), "CON-9", "table consents (not in exports folder"),
        (lambda f: edit_csv(f, "users", lambda ls: drop_column(ls, "iin")), "DIS-7", "users.iin"),
    ],
    ids=["missing table", "missing column"],
)
def test_a_gap_makes_only_the_checks_reading_it_not_evaluable(
    clean: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    breaker: Callable[[Path], None],
    check_id: str,
    missing: str,
) -> None:
    folder = csv_copy(clean, tmp_path)
    breaker(folder)
    code, text = run(["check", "--source", str(folder)], capsys)
    assert code == ExitCode.FINDINGS
    line = next(ln for ln in text.splitlines() if ln.startswith(f"{check_id} "))
    assert "not_evaluable" in line
    assert missing in text
    assert " error " not in text


def test_empty_table_is_never_reported_as_compliant(
    clean: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = csv_copy(clean, tmp_path)
    edit_csv(folder, "security_incidents", lambda ls: ls[:1])
    code, text = run(["check", "--source", str(folder), "--id", "SEC-6"], capsys)
    assert code == ExitCode.NOT_EVALUABLE
    assert "not_evaluable" in text and " pass " not in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "2024-01-01", "--period-start", "2025-01-01"], "is after period_end"),
        (
            ["--as-of", "2025-01-01", "--period-start", "2025-02-01", "--period-end", "2025-01-01"],
            "is after period_end",
        ),
        (["--as-of", "31.10.2026"], "as_of = '31.10.2026' is not a date"),
        (["--as-of", "2026-10-31", "--period-end", "2026-11-30"], "period_end 2026-11-30 is after as_of"),
        (["--area", "retention'; drop table users; --"], "unknown check area"),
        (["--id", "' OR 1=1 --"], "no check implements ' OR 1=1 --"),
        (["--logs", "/nonexistent/logs"], "--logs /nonexistent/logs is not a folder"),
    ],
)
def test_wrong_parameter_is_refused_before_anything_runs(
    clean: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    code, text = run(["check", "--source", str(clean["duckdb"]), *argv], capsys)
    assert code == ExitCode.USAGE
    assert message in text and "refused" in text


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["check", "--asof", "2026-10-31"], capsys)
    assert code == ExitCode.USAGE and "--asof" in text


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("rectify = 1 ", 'rectify = "one" '), "deadlines.rectify = 'one'"),
        (lambda t: t.replace("[privacy]", "[privacy]\nk_anon = 2"), "unknown key privacy.k_anon"),
        (lambda t: t + "\n[extra\n", "is not valid TOML"),
    ],
)
def test_wrong_config_is_refused(
    clean: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edit: Callable[[str], str],
    message: str,
) -> None:
    cfg = tmp_path / "y.toml"
    cfg.write_text(edit((REPO / "config" / "yardstick.toml").read_text()))
    code, text = run(["check", "--source", str(clean["duckdb"]), "--config", str(cfg)], capsys)
    assert code == ExitCode.CONFIG and message in text


def test_source_path_that_does_not_exist(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, text = run(["check", "--source", str(tmp_path / "gone.duckdb")], capsys)
    assert code == ExitCode.SOURCE and "gone.duckdb' does not exist" in text


def test_file_that_is_not_a_duckdb_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bogus = tmp_path / "export.duckdb"
    bogus.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 50)
    code, text = run(["check", "--source", str(bogus)], capsys)
    assert code == ExitCode.SOURCE and "export.duckdb is not a DuckDB database" in text


def test_log_path_that_holds_no_logs(
    clean: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    code, text = run(
        ["check", "--source", str(clean["duckdb"]), "--web-logs", str(tmp_path / "nothing-*.log")], capsys
    )
    assert code == ExitCode.LOGS and "no log files found" in text


def test_bad_log_lines_are_kept_as_rejects_not_fatal(
    clean: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    logs = tmp_path / "web"
    logs.mkdir()
    good = '10.0.0.1 - - [10/Oct/2026:13:55:36 +0500] "GET /a HTTP/1.1" 200 12 "-" "curl/8"\n'
    (logs / "access.log").write_bytes(
        good.encode()
        + b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xff garbage\n"
        + b'10.0.0.2 - - [10/Oct/2026:13:55:37 +0500] "GET /'
        + b"a" * 1_000_000
        + b' HTTP/1.1" 200 1 "-" "x"\n'
        + good.encode()[:30]
    )
    (logs / "empty.log").write_bytes(b"")
    with gzip.open(logs / "access.log.2.gz", "wb") as fh:
        fh.write(good.encode() * 50)
    data = (logs / "access.log.2.gz").read_bytes()
    (logs / "access.log.2.gz").write_bytes(data[: len(data) // 2])
    code, text = run(
        ["check", "--source", str(clean["duckdb"]), "--web-logs", str(logs), "--area", "retention"], capsys
    )
    assert code in (ExitCode.OK, ExitCode.FINDINGS)
    assert "web logs:" in text and "rejected" in text
    assert "access.log.2.gz" in text  # the truncated archive is reported, not fatal


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to an unprivileged user")
def test_unreadable_source_file_is_named(clean: dict[str, Path]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="wgp-locked-"))
    folder.chmod(0o755)
    secret = folder / "locked.duckdb"
    shutil.copy(clean["duckdb"], secret)
    secret.chmod(0o600)
    code, stderr = run_as_nobody(["validate", "--source", str(secret)])
    shutil.rmtree(folder)
    assert code == ExitCode.SOURCE, stderr
    assert "locked.duckdb is not readable by this user" in stderr
