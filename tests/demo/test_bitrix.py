"""The Bitrix demo flavour: a 1C-Bitrix site's own tables, audited through mappings/bitrix.

The audit of the SQLite file (and of the same site loaded into a real MariaDB) must produce
exactly the manifest's planted findings, none of its near-misses, and must call every check the
mapping cannot feed "not evaluable".
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.mariadb_support import create_reader, mariadb_server
from wgp_audit.audit import Audit, open_audit
from wgp_audit.demo.bitrix import BitrixDemoOutput, build_site, generate_bitrix
from wgp_audit.demo.bitrix.schema import TABLES
from wgp_audit.findings import CheckResult, Outcome

MAPPING = Path(__file__).resolve().parents[2] / "mappings" / "bitrix"  # the repository's own
PERIOD: dict[str, Any] = {"as_of": "2026-10-31", "period_start": "2023-01-01"}
READER_PASSWORD = "Bitrix-Reader-7731"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BitrixDemoOutput:
    return generate_bitrix(tmp_path_factory.mktemp("bitrix"))


@pytest.fixture(scope="module")
def manifest(site: BitrixDemoOutput) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(site.manifest.read_text())
    return loaded


@pytest.fixture(scope="module")
def results(site: BitrixDemoOutput) -> list[CheckResult]:
    with open_audit(f"sqlite:{site.sqlite}", mapping=MAPPING, **PERIOD) as audit:
        return audit.run_checks()


def _found(results: list[CheckResult]) -> set[tuple[str, str]]:
    return {(r.spec.id, f.record_key) for r in results for f in r.findings}


def _planted(manifest: dict[str, Any], expected: bool) -> set[tuple[str, str]]:
    return {(p["requirement_id"], p["record_key"]) for p in manifest["planted"] if p["expected"] is expected}


def test_same_seed_writes_the_same_site(tmp_path: Path, site: BitrixDemoOutput) -> None:
    again = generate_bitrix(tmp_path)
    assert again.mysql.read_bytes() == site.mysql.read_bytes()
    assert again.manifest.read_bytes() == site.manifest.read_bytes()
    dumps = []
    for path in (site.sqlite, again.sqlite):
        con = sqlite3.connect(path)
        dumps.append("\n".join(con.iterdump()))
        con.close()
    assert dumps[0] == dumps[1]


def test_another_seed_gives_other_people() -> None:
    one, two = build_site(seed=1), build_site(seed=2)
    assert [u["EMAIL"] for u in one.rows("b_user")] != [u["EMAIL"] for u in two.rows("b_user")]


def test_sqlite_file_holds_the_bitrix_tables_with_local_datetimes(site: BitrixDemoOutput) -> None:
    con = sqlite3.connect(site.sqlite)
    try:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
        columns = {t: [r[1] for r in con.execute(f'pragma table_info("{t}")')] for t in tables}
        users = con.execute("select count(*) from b_user").fetchone()[0]
        registered = con.execute("select DATE_REGISTER from b_user order by ID limit 1").fetchone()
        flags = {r[0] for r in con.execute("select distinct ACTIVE from b_user")}
    finally:
        con.close()
    assert tables == set(TABLES)
    assert columns == {t: [c for c, _ in cols] for t, cols in TABLES.items()}
    assert users >= site.users
    assert registered == ("2022-11-01 10:00:00",)  # zone-less local time, as Bitrix stores it
    assert flags == {"Y", "N"}


def test_mysql_script_creates_and_fills_every_table(site: BitrixDemoOutput) -> None:
    script = site.mysql.read_text(encoding="utf-8")
    for table in TABLES:
        assert f"CREATE TABLE `{table}`" in script
        assert f"INSERT INTO `{table}`" in script


def test_manifest_plants_a_violation_and_a_near_miss_for_every_fed_check(
    manifest: dict[str, Any],
) -> None:
    planted = {c for c, _ in _planted(manifest, True)}
    near = {c for c, _ in _planted(manifest, False)}
    assert planted == near == set(manifest["feeds"])
    assert len(planted) >= 20


def test_audit_through_the_mapping_finds_exactly_the_planted_violations(
    results: list[CheckResult], manifest: dict[str, Any]
) -> None:
    found = _found(results)
    planted = _planted(manifest, True)
    assert sorted(planted - found) == [], "planted violations the checks missed"
    assert sorted(found - planted) == [], "findings nobody planted"


def test_audit_through_the_mapping_flags_no_near_miss(
    results: list[CheckResult], manifest: dict[str, Any]
) -> None:
    assert sorted(_planted(manifest, False) & _found(results)) == []


def test_checks_the_mapping_cannot_feed_are_not_evaluable(
    results: list[CheckResult], manifest: dict[str, Any]
) -> None:
    assert [r.message for r in results if r.outcome is Outcome.ERROR] == []
    checks = [r for r in results if r.spec.area != "data_quality"]
    evaluable = {r.spec.id for r in checks if r.outcome is not Outcome.NOT_EVALUABLE}
    fed, unplanted = set(manifest["feeds"]), set(manifest["evaluated_without_plant"])
    # CON-3 is evaluable or not depending on whether its SQL reads consents.valid_until.
    assert fed <= evaluable <= fed | unplanted
    assert {r.spec.id for r in checks} == fed | unplanted | set(manifest["not_fed"])


INSTANTS = (
    "select user_id, status, created_at, last_active_at, closed_at, legal_hold_until"
    " from stg_users order by user_id"
)


def test_mapping_turns_bitrix_local_datetimes_and_flags_into_contract_values(
    site: BitrixDemoOutput,
) -> None:
    with open_audit(f"sqlite:{site.sqlite}", mapping=MAPPING, **PERIOD) as audit:
        admin = audit.query("select created_at, status from stg_users where user_id = '1'").row(0)
        statuses = set(audit.query("select distinct status from stg_users")["status"])
        clauses = audit.query(
            "select recipient_id, security_clause from stg_recipients order by recipient_id"
        ).rows()
        elements = audit.query(
            "select response_elements from stg_dsr_requests where kind = 'access' limit 1"
        ).item()
    # b_user.DATE_REGISTER '2022-11-01 10:00:00' is Atyrau time (UTC+5)
    assert admin == (dt.datetime(2022, 11, 1, 5, 0, tzinfo=dt.UTC), "active")
    assert statuses == {"active", "closed", "destroyed"}
    assert ("rcp-aff-1", True) in clauses and ("rcp-police-atyrau", None) in clauses
    assert list(elements)[:2] == ["confirmation", "purpose"]


@pytest.fixture(scope="module")
def mariadb_audit(site: BitrixDemoOutput) -> Iterator[Audit]:
    with mariadb_server() as server, pytest.MonkeyPatch.context() as mp:
        server.execute_sql(site.mysql.read_text(encoding="utf-8"), database="wgp")
        create_reader(server, "auditor", READER_PASSWORD)
        mp.setenv("WGP_BITRIX_DSN", server.dsn("auditor", READER_PASSWORD))
        # Bitrix's DATETIMEs are the server's local time: the source reads them in that zone.
        with open_audit("mysql:WGP_BITRIX_DSN?tz=Asia/Atyrau", mapping=MAPPING, **PERIOD) as audit:
            yield audit


@pytest.mark.mariadb
def test_same_site_in_mariadb_maps_to_the_same_users_as_the_sqlite_file(
    mariadb_audit: Audit, site: BitrixDemoOutput
) -> None:
    with open_audit(f"sqlite:{site.sqlite}", mapping=MAPPING, **PERIOD) as audit:
        expected = audit.query(INSTANTS).rows()
    assert mariadb_audit.query(INSTANTS).rows() == expected
    assert len(expected) > site.users


@pytest.mark.mariadb
def test_same_site_in_mariadb_gives_the_same_results_as_the_sqlite_file(
    mariadb_audit: Audit, results: list[CheckResult], manifest: dict[str, Any]
) -> None:
    live = mariadb_audit.run_checks()
    assert _found(live) == _planted(manifest, True)
    assert [(r.spec.id, r.outcome) for r in live] == [(r.spec.id, r.outcome) for r in results]
