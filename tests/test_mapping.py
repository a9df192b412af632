"""The mapping tier: an operator's own schema read through a mapping, and partial audits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import AS_OF, copy_demo_database
from wgp_audit.audit import open_audit
from wgp_audit.contract import load_contract
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ContractError, MappingError
from wgp_audit.findings import CheckResult, Outcome
from wgp_audit.lineage import check_reads

pytestmark = pytest.mark.slow

RENAME_ANSWERED_AT = "alter table dsr_requests rename column answered_at to date_answered"


def _found(results: list[CheckResult]) -> dict[str, set[str]]:
    return {r.spec.id: {f.record_key for f in r.findings} for r in results}


@pytest.fixture(scope="module")
def log_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("log-cache")


def _open(db: Path, demo: DemoOutput, cache: Path, **kw: Any) -> list[CheckResult]:
    assert demo.logs is not None
    with open_audit(
        db,
        web_logs=demo.logs / "web",
        app_logs=demo.logs / "app",
        log_cache=cache,
        as_of=AS_OF,
        period_start="2023-01-01",
        **kw,
    ) as audit:
        return audit.run_checks()


@pytest.fixture(scope="module")
def baseline(demo: DemoOutput, log_cache: Path) -> list[CheckResult]:
    return _open(demo.database, demo, log_cache)


def test_a_renamed_column_plus_a_one_line_mapping_gives_the_same_findings(
    demo: DemoOutput, tmp_path: Path, log_cache: Path, baseline: list[CheckResult]
) -> None:
    db = copy_demo_database(demo, tmp_path, RENAME_ANSWERED_AT)
    mapping = tmp_path / "mapping"
    mapping.mkdir()
    (mapping / "mapping.toml").write_text('[dsr_requests.columns]\nanswered_at = "date_answered"\n')
    mapped = _open(db, demo, log_cache, mapping=mapping)
    assert _found(mapped) == _found(baseline)
    assert [r.outcome for r in mapped] == [r.outcome for r in baseline]


def test_a_renamed_column_without_mapping_disables_only_the_checks_reading_it(
    demo: DemoOutput, tmp_path: Path, log_cache: Path, baseline: list[CheckResult]
) -> None:
    db = copy_demo_database(demo, tmp_path, RENAME_ANSWERED_AT)
    results = _open(db, demo, log_cache)
    by_id = {r.spec.id: r for r in results}
    column = ("dsr_requests", "answered_at")
    readers = {
        r.spec.id for r in baseline if r.spec.area != "data_quality" and column in check_reads(r.spec).columns
    }
    assert {"DSR-1", "DSR-3"} <= readers
    for check_id in readers:
        assert by_id[check_id].outcome is Outcome.NOT_EVALUABLE
        assert "dsr_requests.answered_at" in str(by_id[check_id].message)
    # an unanswered request must never appear: the missing column is not read as NULL
    for r in baseline:
        if r.spec.id not in readers:
            assert by_id[r.spec.id].outcome == r.outcome, r.spec.id
            assert {f.record_key for f in by_id[r.spec.id].findings} == {f.record_key for f in r.findings}


def test_strict_contract_refuses_a_missing_column(demo: DemoOutput, tmp_path: Path) -> None:
    db = copy_demo_database(demo, tmp_path, RENAME_ANSWERED_AT)
    with pytest.raises(ContractError, match=r"dsr_requests .* has no column answered_at"):
        open_audit(db, strict_contract=True)


def _tables() -> list[str]:
    return list(load_contract().names)


@pytest.mark.parametrize("table", _tables())
def test_dropping_one_contract_table_disables_exactly_the_checks_that_read_it(
    table: str, demo: DemoOutput, tmp_path: Path, log_cache: Path, baseline: list[CheckResult]
) -> None:
    db = copy_demo_database(demo, tmp_path, f"drop table {table}")
    results = _open(db, demo, log_cache)
    assert [r.spec.id for r in results] == [r.spec.id for r in baseline]
    for before, after in zip(baseline, results, strict=True):
        if before.spec.area == "data_quality":
            continue
        if table in check_reads(before.spec).tables:
            assert after.outcome is Outcome.NOT_EVALUABLE, before.spec.id
            assert f"table {table}" in str(after.message)
        else:
            assert after.outcome == before.outcome, (before.spec.id, after.message)
            assert {f.record_key for f in after.findings} == {f.record_key for f in before.findings}


def test_a_mapping_sql_over_operator_tables_is_read(demo: DemoOutput, tmp_path: Path) -> None:
    db = copy_demo_database(
        demo,
        tmp_path,
        "create table members as select user_id as id, * exclude (user_id) from users",
        "drop table users",
    )
    mapping = tmp_path / "m"
    mapping.mkdir()
    (mapping / "users.sql").write_text(
        "-- the operator keeps users in members\nselect id as user_id, * exclude (id) from members\n"
    )
    with open_audit(db, mapping=mapping) as audit:
        assert audit.validation.gaps.tables == {}
        assert audit.validation.row_counts["users"] > 0
        assert "members" in audit.inputs


def test_a_failing_mapping_names_its_file_and_the_database_message(demo: DemoOutput, tmp_path: Path) -> None:
    mapping = tmp_path / "m"
    mapping.mkdir()
    (mapping / "users.sql").write_text("select user_id, no_such_column as email from users")
    with pytest.raises(MappingError, match=r"users\.sql.*no_such_column"):
        open_audit(demo.database, mapping=mapping)


def test_a_mapping_reading_an_unknown_table_names_it(demo: DemoOutput, tmp_path: Path) -> None:
    mapping = tmp_path / "m"
    mapping.mkdir()
    (mapping / "users.sql").write_text("select * from b_user")
    with pytest.raises(MappingError, match=r"reads b_user, which DuckDB file .* does not hold"):
        open_audit(demo.database, mapping=mapping)


@pytest.mark.parametrize("text", ["delete from users", "select 1; select 2", "create table x as select 1"])
def test_a_mapping_file_must_be_one_query(text: str, demo: DemoOutput, tmp_path: Path) -> None:
    mapping = tmp_path / "m"
    mapping.mkdir()
    (mapping / "users.sql").write_text(text)
    with pytest.raises(MappingError, match="exactly one query"):
        open_audit(demo.database, mapping=mapping)


def test_a_mapping_file_for_no_contract_table_is_refused(demo: DemoOutput, tmp_path: Path) -> None:
    mapping = tmp_path / "m"
    mapping.mkdir()
    (mapping / "user.sql").write_text("select * from users")
    with pytest.raises(MappingError, match="named after no contract table"):
        open_audit(demo.database, mapping=mapping)


@pytest.fixture
def readonly_copy(demo: DemoOutput, tmp_path: Path) -> Iterator[Path]:
    db = copy_demo_database(demo, tmp_path)
    yield db


def test_mapping_sql_cannot_write_to_the_source(readonly_copy: Path, tmp_path: Path) -> None:
    before = readonly_copy.read_bytes()
    mapping = tmp_path / "m"
    mapping.mkdir()
    (mapping / "users.sql").write_text("with x as (select * from users) select * from x")
    with (
        open_audit(readonly_copy, mapping=mapping) as audit,
        pytest.raises(duckdb.Error, match=r"(?i)read.only"),
    ):
        audit.con.execute("delete from src.main.users")
    assert readonly_copy.read_bytes() == before
