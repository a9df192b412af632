"""The live MySQL/MariaDB source, against a real MariaDB server started by the test.

What round-trips: every contract type but lists. Timestamps are stored as DATETIME(6) in UTC and
come back as the same instants (TIMESTAMPTZ); booleans (TINYINT(1)), dates, decimals and integers
come back as themselves. MySQL has no list type, so the three VARCHAR[] columns
(disclosures.fields, legal_requests.scope_fields, dsr_requests.response_elements) are stored as
';'-separated text and must be split by a mapping; the comparison with the DuckDB file splits them
in a mapping folder (three one-line queries).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import AS_OF
from tests.mariadb_support import MariaDBServer, create_reader, load_duckdb_into, mariadb_server
from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ContractError, SourceError
from wgp_audit.findings import CheckResult
from wgp_audit.sources.mysql import MySQLSource

pytestmark = pytest.mark.mariadb
READER_PASSWORD = "Reader-Secret-5307"
LIST_COLUMNS = {
    "disclosures": "fields",
    "legal_requests": "scope_fields",
    "dsr_requests": "response_elements",
}


@pytest.fixture(scope="module")
def server(demo: DemoOutput) -> Iterator[MariaDBServer]:
    with mariadb_server() as srv:
        load_duckdb_into(srv, demo.database)
        create_reader(srv, "auditor", READER_PASSWORD)
        yield srv


@pytest.fixture
def dsn_env(server: MariaDBServer, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WGP_AUDIT_MYSQL_DSN", server.dsn("auditor", READER_PASSWORD))
    return "mysql:WGP_AUDIT_MYSQL_DSN"


@pytest.fixture(scope="module")
def lists_mapping(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mapping folder splitting the ';'-separated list columns, as an operator's mapping would."""
    folder = tmp_path_factory.mktemp("mapping")
    for table, column in LIST_COLUMNS.items():
        (folder / f"{table}.sql").write_text(
            f"select * replace (case when {column} = '' then []::varchar[]"
            f" else string_split({column}, ';') end as {column}) from {table}\n"
        )
    return folder


# The same audit period for both sources: the default audit date depends on the source
# (a demo file is audited as of its demo date, anything else as of today).
PERIOD: dict[str, Any] = {"as_of": AS_OF, "period_start": "2023-01-01"}


def _found(results: list[CheckResult]) -> set[tuple[str, str]]:
    return {(r.spec.id, f.record_key) for r in results for f in r.findings}


def test_mysql_source_gives_the_same_findings_as_the_duckdb_file_once_lists_are_split(
    dsn_env: str, lists_mapping: Path, demo: DemoOutput
) -> None:
    with open_audit(demo.database, **PERIOD) as audit:
        expected = audit.run_checks()
        counts = audit.validation.row_counts
    with open_audit(dsn_env, mapping=lists_mapping, **PERIOD) as audit:
        assert audit.validation.row_counts == counts
        live = audit.run_checks()
        evidence = audit.evidence()
    assert {e.name.split(" ")[0] for e in evidence} == set(counts)  # a checksum per table read
    assert all("$WGP_AUDIT_MYSQL_DSN" in e.name and READER_PASSWORD not in e.name for e in evidence)
    assert _found(expected)  # the demo plants violations: an empty comparison proves nothing
    assert _found(live) == _found(expected)
    assert [r.outcome for r in live] == [r.outcome for r in expected]


def test_lists_are_the_only_contract_columns_mysql_cannot_hold(dsn_env: str) -> None:
    with pytest.raises(ContractError) as err:
        open_audit(dsn_env)
    problems = str(err.value).split(": ", 1)[1].split("; ")
    assert sorted(p.split(" (")[0] for p in problems) == sorted(
        f"column {t}.{c}" for t, c in LIST_COLUMNS.items()
    )
    assert all("is VARCHAR, the contract says VARCHAR[]" in p for p in problems)


def test_timestamps_come_back_as_the_same_instants(
    dsn_env: str, lists_mapping: Path, demo: DemoOutput
) -> None:
    query = "select user_id, created_at, closed_at from raw_users order by user_id"
    with open_audit(demo.database, **PERIOD) as audit:
        expected = audit.con.execute(query).fetchall()
    with open_audit(dsn_env, mapping=lists_mapping, **PERIOD) as audit:
        assert audit.con.execute(query).fetchall() == expected


def test_datetime_is_read_in_the_zone_given_and_timestamp_in_utc(
    server: MariaDBServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.execute_sql(
        "create database zones; create table zones.t (id int primary key, dt datetime, ts timestamp);"
        " set time_zone = '+05:00';"  # the server keeps TIMESTAMP in UTC: 15:00+05 is 10:00Z
        " insert into zones.t values (1, '2024-05-01 15:00:00', '2024-05-01 15:00:00');"
    )
    create_reader(server, "zone_reader", READER_PASSWORD, "zones")
    monkeypatch.setenv("ZONES_DSN", server.dsn("zone_reader", READER_PASSWORD, "zones"))
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        origins = MySQLSource("ZONES_DSN", time_zone="Asia/Atyrau").attach(con)
        row = con.execute(f"select dt::varchar, ts::varchar from {origins['t'].relation_sql}").fetchone()
    finally:
        con.close()
    assert row == ("2024-05-01 10:00:00+00", "2024-05-01 10:00:00+00")


def test_operator_tables_keep_their_names_and_zero_dates_read_as_null(
    server: MariaDBServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.execute_sql(
        "create database shop character set utf8mb4;"
        " create table shop.b_user (ID int primary key, LOGIN varchar(50), ACTIVE char(1),"
        " DATE_REGISTER datetime not null, LAST_LOGIN datetime, PERSONAL_BIRTHDAY date)"
        " engine=InnoDB;"
        " create view shop.v_active as select ID, LOGIN from shop.b_user where ACTIVE = 'Y';"
        " insert into shop.b_user values (1, 'aigerim', 'Y', '2024-05-01 15:00:00',"
        " '0000-00-00 00:00:00', '0000-00-00'), (2, 'dauren', 'N', '2024-05-02 09:30:00', NULL, NULL);"
    )
    server.create_reader("shop_reader", READER_PASSWORD, "shop")
    monkeypatch.setenv("SHOP_DSN", server.dsn("shop_reader", READER_PASSWORD, "shop"))
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        origins = MySQLSource("SHOP_DSN", time_zone="Asia/Almaty").attach(con)
        rows = con.execute(
            f"select ID, DATE_REGISTER::varchar, LAST_LOGIN, PERSONAL_BIRTHDAY"
            f" from {origins['b_user'].relation_sql} order by ID"
        ).fetchall()
        active = con.execute(f"select LOGIN from {origins['v_active'].relation_sql}").fetchall()
    finally:
        con.close()
    assert set(origins) == {"b_user", "v_active"}
    assert origins["b_user"].table == "b_user" and "$SHOP_DSN" in origins["b_user"].origin
    # Wall-clock times in Almaty (UTC+5 since March 2024); the zero dates are NULL, not errors.
    assert rows == [(1, "2024-05-01 10:00:00+00", None, None), (2, "2024-05-02 04:30:00+00", None, None)]
    assert active == [("aigerim",)]


def test_a_write_through_the_audit_connection_is_refused(
    dsn_env: str, lists_mapping: Path, server: MariaDBServer
) -> None:
    before = server.execute_sql("select count(*) from users", "wgp")
    with open_audit(dsn_env, mapping=lists_mapping) as audit:
        with pytest.raises(duckdb.Error, match=r"(?i)read.only"):
            audit.con.execute("delete from src.wgp.users")
        with pytest.raises(duckdb.Error, match=r"(?i)read.only"):
            audit.con.execute("call mysql_execute('src', 'delete from users')")
        with pytest.raises(duckdb.Error):  # a raw query is only prepared, never run, for its types
            audit.con.execute("select * from mysql_query('src', 'delete from users')")
    assert server.execute_sql("select count(*) from users", "wgp") == before
    assert before.split()[1] != "0"


def test_wrong_password_is_reported_without_the_password(
    server: MariaDBServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_BAD", server.dsn("auditor", "Wrong-Pass-8812"))
    monkeypatch.setenv("MY_BAD_URL", f"mysql://auditor:Wrong-Pass-8813@127.0.0.1:{server.port}/wgp")
    for variable, password in (("MY_BAD", "Wrong-Pass-8812"), ("MY_BAD_URL", "Wrong-Pass-8813")):
        with pytest.raises(SourceError) as err:
            open_audit(f"mysql:{variable}")
        text = f"{err.value} {err.value.hint}"
        assert password not in text
        assert variable in text and "password" in text and "Access denied" in text


def test_a_mysql_url_in_the_variable_is_accepted(
    server: MariaDBServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_URL", f"mysql://auditor:{READER_PASSWORD}@127.0.0.1:{server.port}/wgp")
    con = duckdb.connect()
    try:
        origins = MySQLSource("MY_URL").attach(con)
    finally:
        con.close()
    assert {"users", "consents", "disclosures"} <= set(origins)


def test_an_unknown_time_zone_is_refused_before_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_TZ", "host=127.0.0.1 port=1 user=u password=p database=d")
    with pytest.raises(SourceError, match="time zone 'Mars/Olympus' given for mysql:MY_TZ"):
        open_audit("mysql:MY_TZ?tz=Mars/Olympus")


def test_missing_dsn_variable_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MY_NOT_SET", raising=False)
    with pytest.raises(SourceError, match="MY_NOT_SET is not set"):
        open_audit("mysql:MY_NOT_SET")


def test_a_dsn_without_a_database_is_refused_before_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_NO_DB", "host=127.0.0.1 port=1 user=u password=Secret-771")
    with pytest.raises(SourceError) as err:
        open_audit("mysql:MY_NO_DB")
    assert "names no database" in str(err.value) and "Secret-771" not in str(err.value)
