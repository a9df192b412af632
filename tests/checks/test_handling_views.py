"""The notebook views int_request_handling and int_retention_ages on inline rows."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AS_OF, REPO, utc
from wgp_audit.audit import open_audit
from wgp_audit.demo.dataset import Dataset
from wgp_audit.demo.writer import write_duckdb


def _view(
    tmp_path: Path, view: str, tables: dict[str, list[dict[str, Any]]], config: Path | None = None
) -> dict[str, dict[str, Any]]:
    ds = Dataset(
        seed=0,
        as_of=dt.datetime(2026, 10, 31, tzinfo=dt.UTC),
        start=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
        rng=random.Random(0),
    )
    for name, rows in tables.items():
        for row in rows:
            ds.add(name, **row)
    with open_audit(write_duckdb(ds, tmp_path / "v.duckdb"), as_of=AS_OF, config=config) as audit:
        rows = audit.query(f"select * from {view}").to_dicts()
    return {str(r.get("request_id") or r.get("record_key")): r for r in rows}


def _req(request_id: str, kind: str, **extra: Any) -> dict[str, Any]:
    # Thu 2025-03-20: the 1st working day after it is Wed 2025-03-26 (Nauryz)
    row = {
        "request_id": request_id,
        "user_id": request_id,
        "kind": kind,
        "received_at": utc("2025-03-20T16:00+05:00"),
        "outcome": "granted",
    }
    row.update(extra)
    return row


def test_request_handling_counts_working_days_across_nauryz(tmp_path: Path) -> None:
    rows = _view(
        tmp_path,
        "int_request_handling",
        {
            "dsr_requests": [
                _req("wed", "block", completed_at=utc("2025-03-26T18:00+05:00")),
                _req("thu", "unblock", completed_at=utc("2025-03-27T09:00+05:00")),
                _req("holiday", "block", completed_at=utc("2025-03-24T09:00+05:00")),
                _req("gone", "destroy"),
                _req("open", "access"),
            ],
            "destruction_records": [
                {"destruction_id": "d1", "user_id": "gone", "destroyed_at": utc("2025-03-27T10:00+05:00")}
            ],
        },
    )
    taken = {k: (r["working_days_taken"], r["deadline_working_days"], r["on_time"]) for k, r in rows.items()}
    assert taken == {
        "wed": (1, 1, True),
        "thu": (2, 1, False),
        "holiday": (1, 1, True),
        "gone": (2, 1, False),
        "open": (None, 3, False),
    }
    assert rows["wed"]["received_month"] == dt.date(2025, 3, 1)


def test_request_handling_takes_the_deadline_from_the_yardstick(tmp_path: Path) -> None:
    config = tmp_path / "y.toml"
    config.write_text(
        (REPO / "config" / "yardstick.toml").read_text().replace("unblock = 1 ", "unblock = 3 ")
    )
    rows = _view(
        tmp_path,
        "int_request_handling",
        {"dsr_requests": [_req("thu", "unblock", completed_at=utc("2025-03-27T09:00+05:00"))]},
        config=config,
    )
    assert (
        rows["thu"]["working_days_taken"],
        rows["thu"]["deadline_working_days"],
        rows["thu"]["on_time"],
    ) == (2, 3, True)


@pytest.mark.parametrize(
    ("status", "category"), [("closed", "closed_account"), ("destroyed", "destroyed_account")]
)
def test_retention_ages_measure_accounts_against_the_limit(
    tmp_path: Path,
    status: str,
    category: str,
) -> None:
    person = {"email": "x@example.kz"} if status == "closed" else {}
    rows = _view(
        tmp_path,
        "int_retention_ages",
        {
            "users": [
                {
                    "user_id": "u",
                    "status": status,
                    "closed_at": utc("2025-10-01T10:00+05:00"),
                    "created_at": utc("2024-01-01T10:00+05:00"),
                    **person,
                }
            ],
            "support_tickets": [
                {
                    "ticket_id": "t",
                    "user_id": "u",
                    "closed_at": utc("2024-10-30T10:00+05:00"),
                    "body": "text",
                },
                {"ticket_id": "open", "user_id": "u", "closed_at": None, "body": "text"},
            ],
            "destruction_records": [
                {"destruction_id": "d", "user_id": "u", "destroyed_at": utc("2025-10-03T10:00+05:00")}
            ],
        },
    )
    assert set(rows) == {"u", "t"}
    account, ticket = rows["u"], rows["t"]
    assert (
        account["category"],
        account["days_since_trigger"],
        account["limit_days"],
        account["over_limit"],
        account["still_holds_data"],
    ) == (category, 395, 365, True, status == "closed")
    assert account["days_to_destruction"] == 2
    assert (
        ticket["category"],
        ticket["days_since_trigger"],
        ticket["limit_days"],
        ticket["still_holds_data"],
    ) == ("closed_ticket", 731, 730, True)
