"""No secret leaves the process: one redaction seam for every error text, and URL sources refused."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.pg_support import PgServer, create_reader, load_duckdb_into, pg_server
from wgp_audit.cli import main
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ExitCode, SourceError, WgpAuditError, redact_secrets, register_secret

READER_PASSWORD = "Reader-Secret-7733"


def test_a_registered_secret_is_removed_from_any_text() -> None:
    register_secret("host=db port=5432 user=a password=Zq-91-secret")
    text = redact_secrets("failed for 'host=db port=5432 user=a password=Zq-91-secret' (Zq-91-secret)")
    assert "Zq-91-secret" not in text and "host=db port" not in text


def test_unregistered_passwords_are_redacted_quoted_spaced_and_in_urls() -> None:
    samples = {
        "password='a b c' host=x": "a b c",
        'password = "q w" host=x': "q w",
        "password=plain host=x": "plain",
        "PASSWORD=Upper": "Upper",
        "could not connect to postgresql://bob:pw-77x@db:5432/wgp": "pw-77x",
        "mysql://svc:s%40cret@h/d": "s%40cret",
        r"password='it\'s here' user=z": "s here",
    }
    for text, secret in samples.items():
        assert secret not in redact_secrets(text), text


def test_every_error_of_the_hierarchy_is_redacted() -> None:
    register_secret("Hierarchy-Pw-5521")
    err = SourceError("cannot read: password=Hierarchy-Pw-5521 host=x", hint="not Hierarchy-Pw-5521")
    assert "Hierarchy-Pw-5521" not in str(err)
    assert "Hierarchy-Pw-5521" not in err.message and "Hierarchy-Pw-5521" not in (err.hint or "")
    assert isinstance(err, WgpAuditError)


@pytest.mark.parametrize(
    "command", [["check"], ["validate"], ["run"], ["subject", "--user-id", "usr-000001"]]
)
def test_a_source_url_with_credentials_is_refused_with_exit_4_and_never_echoed(
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    argv = [command[0], "--source", "postgresql://user:Url-Pw-3190@db.example/wgp", *command[1:]]
    if command[0] in ("run", "subject"):
        argv += ["--reports", str(tmp_path)]
    assert main(argv) == ExitCode.USAGE
    out = capsys.readouterr()
    assert "Url-Pw-3190" not in out.out + out.err
    assert "postgres:ENV_VAR" in out.err
    assert list(tmp_path.iterdir()) == []


def test_an_executed_notebook_keeps_no_registered_secret_in_outputs_tracebacks_or_pages(
    tmp_path: Path,
) -> None:
    import nbformat

    from wgp_audit.report.execute import execute_notebook
    from wgp_audit.report.html import export_html

    register_secret("host=db user=a password='Nb Secret 66'")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("print(\"to host=db user=a password='Nb Secret 66'\")"),
        nbformat.v4.new_code_cell("raise RuntimeError(\"lost host=db password='Nb Secret 66'\")"),
    ]
    nbformat.write(nb, tmp_path / "in.ipynb")
    result = execute_notebook(tmp_path / "in.ipynb", tmp_path / "out.ipynb")
    assert not result.ok
    export_html(tmp_path / "out.ipynb", tmp_path / "out.html")
    for text in (
        (tmp_path / "out.ipynb").read_text(),
        (tmp_path / "out.html").read_text(),
        result.failure_text() or "",
    ):
        assert "Nb Secret 66" not in text and "Secret" not in text
    assert "RuntimeError" in (result.failure_text() or "")


# --- the real server: the connection dies while `wgp-audit run` executes notebooks --------------


@pytest.fixture(scope="module")
def server(demo: DemoOutput) -> Iterator[PgServer]:
    with pg_server() as srv:
        load_duckdb_into(srv, demo.database)
        create_reader(srv, "auditor", READER_PASSWORD)
        yield srv


def _cut_the_auditor_off(server: PgServer, stop: threading.Event) -> None:
    """Once the run has attached the database and reads it: disable the auditor's role and terminate
    its backends, repeatedly (DuckDB's reconnect then fails with an error quoting the whole DSN)."""
    import psycopg

    with psycopg.connect(server.dsn(), autocommit=True) as pg:
        attached = "select count(*) from pg_stat_activity where usename = 'auditor'"
        while not stop.is_set() and pg.execute(attached).fetchone() < (1,):  # type: ignore[operator]
            time.sleep(0.02)
        time.sleep(0.3)  # attached, and reading
        pg.execute("alter role auditor nologin")
        while not stop.is_set():
            pg.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = 'auditor'")
            time.sleep(0.1)


@pytest.mark.postgres
@pytest.mark.slow
def test_a_connection_lost_mid_run_leaks_no_password_into_the_run_folder_or_the_terminal(
    server: PgServer,
    tmp_path: Path,
) -> None:
    from wgp_audit.report.refresh import DEMO_PSEUDONYM_KEY

    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    for name in ("00_summary.ipynb", "30_disclosure.ipynb", "40_requests.ipynb"):
        shutil.copy(REPO / "notebooks" / name, notebooks)
    reports = tmp_path / "reports"
    reports.mkdir()
    dsn = server.dsn(user="auditor", password=READER_PASSWORD)
    env = {
        **os.environ,
        "WGP_AUDIT_PG_DSN": dsn,
        "WGP_AUDIT_PSEUDONYM_KEY": DEMO_PSEUDONYM_KEY,
        "WGP_AUDIT_CRASH_DIR": str(tmp_path / "crashes"),
    }
    stop = threading.Event()
    cutter = threading.Thread(target=_cut_the_auditor_off, args=(server, stop), daemon=True)
    cutter.start()
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "wgp_audit.cli",
                "run",
                "--source",
                "postgres:WGP_AUDIT_PG_DSN",
                "--reports",
                str(reports),
                "--notebooks",
                str(notebooks),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
    finally:
        stop.set()
        cutter.join(timeout=10)
        import psycopg

        with psycopg.connect(server.dsn(), autocommit=True) as pg:
            pg.execute("alter role auditor login")
    assert proc.returncode == ExitCode.SOURCE, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert "the source failed while it was being read" in proc.stderr
    places = [(p, p.read_text(errors="replace")) for p in reports.rglob("*") if p.is_file()]
    places += [(p, p.read_text(errors="replace")) for p in (tmp_path / "crashes").rglob("*") if p.is_file()]
    places += [(Path("<stdout>"), proc.stdout), (Path("<stderr>"), proc.stderr)]
    assert any("crash-" in p.name for p, _ in places)  # the traceback was kept, redacted
    for path, text in places:
        assert READER_PASSWORD not in text, f"password found in {path}"
        assert dsn not in text, f"DSN found in {path}"
    for run_dir in (p for p in reports.iterdir() if p.is_dir()):  # a run folder, if any, is marked
        record = json.loads((run_dir / "run.json").read_text())
        assert record["status"] == "failed" and record["exit_code"] == ExitCode.SOURCE
        assert "INCOMPLETE" in (run_dir / "index.html").read_text()
