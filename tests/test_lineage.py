"""The columns each check reads are worked out from its SQL, and the runtime agrees with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import AS_OF
from wgp_audit.audit import Audit, open_audit
from wgp_audit.checks import CheckSpec, load_checks
from wgp_audit.contract import load_contract
from wgp_audit.demo import DemoOutput
from wgp_audit.lineage import check_reads, lacking
from wgp_audit.runner import run_check
from wgp_audit.validate import Gaps


def test_every_check_has_a_traced_set_of_contract_columns() -> None:
    for spec in load_checks():
        reads = check_reads(spec)
        assert reads.tables or reads.logs, spec.id
        assert {t for t, _ in reads.columns} <= reads.tables, spec.id


def test_a_late_access_request_check_reads_only_what_it_uses() -> None:
    (spec,) = load_checks(ids=("DSR-1",))
    reads = check_reads(spec)
    assert reads.tables == {"dsr_requests"}
    assert reads.columns == {
        ("dsr_requests", c) for c in ("request_id", "user_id", "kind", "received_at", "answered_at")
    }


def test_a_check_reading_a_log_names_the_log_view() -> None:
    (spec,) = load_checks(ids=("LOG-3",))
    assert check_reads(spec).logs == {"log_web"}


def test_lacking_names_only_what_a_notebook_query_reads_through_the_views() -> None:
    gaps = Gaps(tables={"cookies": "DuckDB file op.duckdb"}, columns={"consents": ("valid_until",)})
    where = Path("<test>")
    coverage = "select purpose, month, covered from int_consent_coverage"
    assert lacking(coverage, gaps, where) == ([], ["consents.valid_until"])
    counted = "select count(*) from int_consent_coverage where event_at >= getvariable('period_start')"
    assert lacking(counted, gaps, where) == ([], [])  # a count needs no consent term
    assert lacking("select count(*) from stg_cookies", gaps, where)[0] == [
        "table cookies (not in DuckDB file op.duckdb)"
    ]
    assert lacking(coverage, Gaps(), where) == ([], [])


@pytest.fixture(scope="module")
def audit(demo: DemoOutput) -> Audit:
    assert demo.logs is not None
    return open_audit(
        demo.database,
        web_logs=demo.logs / "web",
        app_logs=demo.logs / "app",
        as_of=AS_OF,
        period_start="2023-01-01",
    )


def _only(audit: Audit, spec: CheckSpec) -> None:
    """Recreate every raw view so that reading any column the lineage did not name raises."""
    reads = check_reads(spec)
    for table in load_contract().tables:
        origin = audit.validation.origins[table.name].relation_sql
        cols = ", ".join(
            f'"{c.name}"'
            if (table.name, c.name) in reads.columns
            else f"error('unforeseen read of {table.name}.{c.name}')::{c.type} as \"{c.name}\""
            for c in table.columns
        )
        audit.con.execute(f"create or replace view raw_{table.name} as select {cols} from {origin}")


def test_each_check_runs_unchanged_when_only_its_traced_columns_exist(audit: Audit) -> None:
    params = audit.params()
    full = {s.id: run_check(audit.con, s, params) for s in load_checks()}
    for spec in load_checks():
        _only(audit, spec)
        narrow = run_check(audit.con, spec, params)
        assert narrow.message is None or "unforeseen" not in narrow.message, narrow.message
        assert narrow.outcome == full[spec.id].outcome, (spec.id, narrow.message)
        assert {f.record_key for f in narrow.findings} == {f.record_key for f in full[spec.id].findings}
