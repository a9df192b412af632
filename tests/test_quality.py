"""Data-quality checks (DQ-1, DQ-2): every closed-set and event column of the contract is read, only
event timestamps can lie in the future, an earlier audit date narrows scope, and a partial source is
checked on the columns it has."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import duckdb

from wgp_audit.audit import Audit, open_audit
from wgp_audit.checks import CheckSpec, load_checks
from wgp_audit.contract import load_contract
from wgp_audit.demo import DemoOutput
from wgp_audit.demo.dataset import Dataset
from wgp_audit.demo.writer import write_duckdb
from wgp_audit.findings import Outcome
from wgp_audit.lineage import check_reads


def _dq2(db: Path, as_of: str) -> set[str]:
    with open_audit(db, as_of=as_of, period_start="2023-01-01") as audit:
        (dq2,) = audit.run_checks(ids=("DQ-2",))
        return {f.record_key for f in dq2.findings}


def test_an_audit_of_a_past_date_does_not_flag_later_rows(demo: DemoOutput) -> None:
    assert _dq2(demo.database, "2026-09-30") == set()


def test_validity_dates_may_lie_in_the_future_but_events_may_not(tmp_path: Path) -> None:
    ds = Dataset(
        seed=0,
        as_of=dt.datetime(2026, 10, 31, tzinfo=dt.UTC),
        start=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
        rng=random.Random(0),
    )
    ds.add("users", user_id="u1", status="active", created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    ds.add(
        "consents",
        consent_id="five-years",
        user_id="u1",
        scope="marketing",
        given_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        valid_until=dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
    )
    ds.add(
        "consents",
        consent_id="given-later",
        user_id="u1",
        scope="marketing",
        given_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
    )
    ds.add(
        "org_roles",
        person_id="p1",
        role="responsible_for_personal_data",
        appointed_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        ended_at=dt.datetime(2029, 12, 31, tzinfo=dt.UTC),
    )
    db = write_duckdb(ds, tmp_path / "dq.duckdb")
    assert _dq2(db, "2026-10-31") == {"consents:given-later:given_at"}


def _spec(check_id: str) -> CheckSpec:
    (spec,) = load_checks(ids=(check_id,))
    return spec


def test_unknown_enum_values_are_read_from_every_closed_set_column_of_the_contract() -> None:
    contract = load_contract()
    enums = {(t.name, c.name) for t in contract.tables for c in t.columns if c.enum}
    assert len(enums) > 10
    assert check_reads(_spec("DQ-1")).columns >= enums


def test_future_timestamps_are_read_from_every_event_column_and_no_validity_date() -> None:
    contract = load_contract()
    events = {(t.name, c.name) for t in contract.tables for c in t.columns if c.is_event_time}
    validity = {(t.name, c.name) for t in contract.tables for c in t.columns if c.validity}
    reads = check_reads(_spec("DQ-2")).columns
    assert ("consents", "given_at") in events and ("consents", "valid_until") in validity
    assert reads >= events
    assert reads.isdisjoint(validity)


def _faulty(tmp_path: Path) -> Path:
    ds = Dataset(
        seed=0,
        as_of=dt.datetime(2026, 10, 31, tzinfo=dt.UTC),
        start=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
        rng=random.Random(0),
    )
    ds.add("users", user_id="u1", status="dormant", created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    ds.add("recipients", recipient_id="r1", name="Partner LLP", kind="partner")
    ds.add(
        "consents",
        consent_id="c1",
        user_id="u1",
        scope="marketing",
        given_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
    )
    return write_duckdb(ds, tmp_path / "faulty.duckdb")


def _found(audit: Audit) -> dict[str, set[str]]:
    results = audit.run_checks(area="data_quality")
    assert [r.outcome for r in results] == [Outcome.FAIL, Outcome.FAIL], [r.message for r in results]
    return {r.spec.id: {f.record_key for f in r.findings} for r in results}


def test_unknown_values_and_future_events_are_found_with_their_table_and_origin(tmp_path: Path) -> None:
    with open_audit(_faulty(tmp_path), as_of="2026-10-31", period_start="2023-01-01") as audit:
        assert _found(audit) == {
            "DQ-1": {"users:u1", "recipients:r1"},
            "DQ-2": {"consents:c1:given_at"},
        }
        (dq1,) = audit.run_checks(ids=("DQ-1",))
    reasons = sorted(f.reason for f in dq1.findings)
    assert reasons[0].startswith("recipients.kind = 'partner' is not one of ")
    assert "faulty.duckdb" in reasons[0] and reasons[0].endswith("the row is kept and audited as is")


def test_a_source_lacking_columns_is_still_checked_on_the_columns_it_has(tmp_path: Path) -> None:
    db = _faulty(tmp_path)
    with duckdb.connect(str(db)) as con:
        con.execute("alter table users drop column status")
        con.execute("alter table consents drop column scope")
    with open_audit(db, as_of="2026-10-31", period_start="2023-01-01") as audit:
        gaps = audit.validation.gaps
        assert gaps.columns == {"users": ("status",), "consents": ("scope",)}
        assert _found(audit) == {"DQ-1": {"recipients:r1"}, "DQ-2": {"consents:c1:given_at"}}
        reads = check_reads(_spec("DQ-1"), gaps).columns
    assert ("users", "status") not in reads and ("recipients", "kind") in reads
