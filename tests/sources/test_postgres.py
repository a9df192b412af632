"""The live PostgreSQL source, against a real server started by the test."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import REPO
from tests.pg_support import PgServer, create_reader, load_duckdb_into, pg_server
from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ExitCode, SourceError
from wgp_audit.findings import CheckResult
from wgp_audit.params import DEMO_AS_OF, DEMO_PERIOD_START

pytestmark = pytest.mark.postgres
READER_PASSWORD = "Reader-Secret-4471"


@pytest.fixture(scope="module")
def server(demo: DemoOutput) -> Iterator[PgServer]:
    with pg_server() as srv:
        load_duckdb_into(srv, demo.database)
        create_reader(srv, "auditor", READER_PASSWORD)
        yield srv


@pytest.fixture
def dsn_env(server: PgServer, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WGP_AUDIT_PG_DSN", server.dsn(user="auditor", password=READER_PASSWORD))
    return "postgres:WGP_AUDIT_PG_DSN"


def _found(results: list[CheckResult]) -> set[tuple[str, str]]:
    return {(r.spec.id, f.record_key) for r in results for f in r.findings}


def test_postgres_source_gives_the_same_findings_as_the_duckdb_file(dsn_env: str, demo: DemoOutput) -> None:
    with open_audit(demo.database) as audit:
        expected = audit.run_checks()
    # a server is never recognised as the demo (its audit date would default to today)
    with open_audit(dsn_env, as_of=DEMO_AS_OF, period_start=DEMO_PERIOD_START) as audit:
        assert audit.validation.row_counts["users"] > 0
        live = audit.run_checks()
    assert _found(live) == _found(expected)
    assert [r.outcome for r in live] == [r.outcome for r in expected]


def test_a_write_through_the_audit_connection_is_refused(dsn_env: str) -> None:
    with open_audit(dsn_env) as audit:
        before = audit.con.execute("select count(*) from src.public.users").fetchone()
        with pytest.raises(duckdb.Error, match=r"(?i)read.only"):
            audit.con.execute("delete from src.public.users")
        after = audit.con.execute("select count(*) from src.public.users").fetchone()
    assert before == after


def test_wrong_password_is_reported_without_the_password(
    server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PG_BAD", server.dsn(user="auditor", password="Wrong-Pass-8812"))
    with pytest.raises(SourceError) as err:
        open_audit("postgres:PG_BAD")
    text = str(err.value)
    assert "Wrong-Pass-8812" not in text
    assert "PG_BAD" in text and "password" in text


def test_missing_dsn_variable_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PG_NOT_SET", raising=False)
    with pytest.raises(SourceError, match="PG_NOT_SET is not set"):
        open_audit("postgres:PG_NOT_SET")


def _table_checksums(server: PgServer) -> dict[str, tuple[int, str]]:
    import psycopg

    from wgp_audit.contract import load_contract

    out = {}
    with psycopg.connect(server.dsn()) as pg:
        for name in load_contract().names:
            row = pg.execute(
                f"select count(*), coalesce(md5(string_agg(t::text, '|' order by t::text)), '')"
                f" from public.{name} as t"
            ).fetchone()
            assert row is not None
            out[name] = (int(row[0]), str(row[1]))
    return out


def test_full_run_on_postgres_holds_no_secret_and_leaves_the_database_unchanged(
    server: PgServer,
    dsn_env: str,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    from wgp_audit.report.refresh import use_demo_key
    from wgp_audit.report.run import RunOptions, run_audit

    use_demo_key()
    before = _table_checksums(server)
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    for name in ("00_summary.ipynb", "30_disclosure.ipynb"):
        shutil.copy(REPO / "notebooks" / name, notebooks)
    outcome = run_audit(
        RunOptions(source=dsn_env, reports_dir=tmp_path / "reports", notebooks_dir=notebooks), progress=True
    )
    assert outcome.exit_code == ExitCode.FINDINGS, [r.failure_text() for r in outcome.notebooks]
    assert _table_checksums(server) == before
    streams = capfd.readouterr()
    secrets = (READER_PASSWORD, server.dsn(user="auditor", password=READER_PASSWORD))
    places = [(p, p.read_text(errors="replace")) for p in outcome.run_dir.rglob("*") if p.is_file()]
    places += [(Path("<stdout>"), streams.out), (Path("<stderr>"), streams.err)]
    assert len(places) > 8
    for path, text in places:
        for secret in secrets:
            assert secret not in text, f"secret found in {path}"
    summary = (outcome.run_dir / "00_summary.html").read_text()
    assert "WGP_AUDIT_PG_DSN" in summary  # the source is named by its variable, never its DSN


def test_a_live_source_changed_during_a_run_does_not_change_the_report(
    server: PgServer,
    demo: DemoOutput,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The notebooks read the run's snapshot: a change to the database after it was taken is not seen."""
    import psycopg

    from wgp_audit.report import run as run_module
    from wgp_audit.report.execute import execute_many
    from wgp_audit.report.refresh import use_demo_key
    from wgp_audit.report.run import RunOptions, run_audit

    load_duckdb_into(server, demo.database, schema="live")
    monkeypatch.setenv("WGP_LIVE_DSN", server.dsn())
    source = "postgres:WGP_LIVE_DSN?schema=live"
    period: dict[str, Any] = {"as_of": DEMO_AS_OF.isoformat(), "period_start": DEMO_PERIOD_START.isoformat()}
    with open_audit(source, **period) as audit:
        (before,) = audit.run_checks(ids=("DSR-1",))
    assert before.findings
    original = execute_many

    def change_then_execute(jobs: list[Any], progress: bool = True) -> Any:
        with psycopg.connect(server.dsn(), autocommit=True) as pg:
            pg.execute("update live.dsr_requests set answered_at = received_at")
        return original(jobs, progress=progress)

    monkeypatch.setattr(run_module, "execute_many", change_then_execute)
    use_demo_key()
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    for name in ("00_summary.ipynb", "40_requests.ipynb"):
        shutil.copy(REPO / "notebooks" / name, notebooks)
    outcome = run_audit(
        RunOptions(source=source, reports_dir=tmp_path / "reports", notebooks_dir=notebooks, **period),
        progress=False,
    )
    assert all(r.ok for r in outcome.notebooks), [r.failure_text() for r in outcome.notebooks]
    findings = json.loads((outcome.run_dir / "findings.json").read_text())
    late = [f for f in findings["findings"] if f["check_id"] == "DSR-1"]
    assert len(late) == len(before.findings)
    with open_audit(source, **period) as audit:
        (after,) = audit.run_checks(ids=("DSR-1",))
    assert not after.findings  # the change did happen, after the snapshot
