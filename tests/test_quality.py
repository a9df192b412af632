"""Data-quality findings: only event timestamps can lie in the future; an earlier audit date narrows scope."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput
from wgp_audit.demo.dataset import Dataset
from wgp_audit.demo.writer import write_duckdb


def _dq2(db: Path, as_of: str) -> set[str]:
    with open_audit(db, as_of=as_of, period_start="2023-01-01") as audit:
        return {q.record_key for q in audit.validation.quality if q.check_id == "DQ-2"}


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
