"""Data-subject request plants: DSR-*."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo import base
from wgp_audit.demo.activity import at_local
from wgp_audit.demo.dataset import LOCAL, Dataset

ELEMENTS = ["confirmation", "purpose", "sources", "methods", "data_list", "terms", "third_parties"]


def dsr_1(ds: Dataset, wd: WorkingDays) -> None:
    """Late and unanswered access requests; near-miss: answered on the last day, across a holiday."""
    access = [r for r in ds.rows("dsr_requests") if r["kind"] == "access"]
    late, missing = ds.rng.sample(access, k=2)
    day = late["received_at"].astimezone(LOCAL).date()
    late["answered_at"] = late["completed_at"] = at_local(wd.nth_after(day, 4), 10)
    ds.plant("DSR-1", late["request_id"], "answered on the 4th working day")
    missing["answered_at"] = missing["completed_at"] = None
    ds.plant("DSR-1", missing["request_id"], "never answered")
    # received Friday 2024-05-03; Saturday 2024-05-04 is a working day (transfer), then the
    # 7-9 May holidays: the 3rd working day is 2024-05-10, answered that evening.
    user = ds.rows("users")[7]
    on_time = ds.add(
        "dsr_requests",
        request_id=ds.new_id("dsr"),
        user_id=user["user_id"],
        kind="access",
        channel="e_document",
        received_at=ds.local(2024, 5, 3, 17),
        identity_verified_at=ds.local(2024, 5, 3, 18),
        docs_received_at=None,
        answered_at=ds.local(2024, 5, 10, 23, 30),
        completed_at=ds.local(2024, 5, 10, 23, 30),
        outcome="granted",
        refusal_reason=None,
        fee_charged=0,
        response_elements=[
            "confirmation",
            "purpose",
            "sources",
            "methods",
            "data_list",
            "terms",
            "third_parties",
        ],
    )
    ds.near_miss("DSR-1", on_time["request_id"], "answered 23:30 on the 3rd working day")


def _request(
    ds: Dataset, kind: str, received: dt.datetime, done: dt.datetime | None, **extra: Any
) -> dict[str, Any]:
    """A request by a new user, identity checked at once, granted free at `done`."""
    user = base.new_user(ds, created=ds.local(2023, 6, 1))
    row: dict[str, Any] = {
        "request_id": ds.new_id("dsr"),
        "user_id": user["user_id"],
        "kind": kind,
        "channel": "written",
        "received_at": received,
        "identity_verified_at": received + dt.timedelta(minutes=30),
        "docs_received_at": received if kind == "rectify" else None,
        "answered_at": done,
        "completed_at": done,
        "outcome": "granted",
        "refusal_reason": None,
        "fee_charged": 0,
        "response_elements": list(ELEMENTS) if kind == "access" else None,
    }
    row.update(extra)
    return ds.add("dsr_requests", **row)


# Thu 2025-03-20: Fri 03-21 and Mon-Tue 03-24/25 are Nauryz days off, so the 1st working day
# after it is Wed 2025-03-26 and the 3rd is Fri 2025-03-28.
NAURYZ_EVE = (2025, 3, 20, 16)
# Fri 2024-05-03: Sat 2024-05-04 is a working day (transfer), so it is the 1st working day after.
BEFORE_WORKING_SATURDAY = (2024, 5, 3, 15)


def dsr_2(ds: Dataset, wd: WorkingDays) -> None:
    """An access answer without sources and terms; near-miss: all six elements, no third parties."""
    got = _request(
        ds,
        "access",
        ds.local(*NAURYZ_EVE),
        ds.local(2025, 3, 26, 12),
        response_elements=["confirmation", "purpose", "methods", "data_list"],
    )
    ds.plant("DSR-2", got["request_id"], "answer lacks sources and terms")
    full = _request(
        ds, "access", ds.local(*NAURYZ_EVE), ds.local(2025, 3, 28, 12), response_elements=ELEMENTS[:-1]
    )
    ds.near_miss("DSR-2", full["request_id"], "all six Art. 24(1)(1) elements, no third_parties")


def dsr_3(ds: Dataset, wd: WorkingDays) -> None:
    """Unreasoned and late refusals; near-miss: reasoned refusal on the last day, across Nauryz."""
    refused = {"outcome": "refused", "completed_at": None}
    bare = _request(
        ds,
        "rectify",
        ds.local(*NAURYZ_EVE),
        ds.local(2025, 3, 26, 11),
        docs_received_at=None,
        refusal_reason=None,
        **refused,
    )
    ds.plant("DSR-3", bare["request_id"], "rectification refused without a reason")
    late = _request(
        ds,
        "block",
        ds.local(*NAURYZ_EVE),
        ds.local(2025, 3, 27, 11),
        refusal_reason="no violation of processing conditions found",
        **refused,
    )
    ds.plant("DSR-3", late["request_id"], "block refused on the 2nd working day")
    on_time = _request(
        ds,
        "destroy",
        ds.local(*NAURYZ_EVE),
        ds.local(2025, 3, 26, 23, 30),
        refusal_reason="data kept under Tax Code Art. 48",
        **refused,
    )
    ds.near_miss("DSR-3", on_time["request_id"], "reasoned refusal 23:30 on Wed 2025-03-26")


def dsr_4(ds: Dataset, wd: WorkingDays) -> None:
    """An access request charged a fee; near-miss: fee recorded as zero."""
    paid = _request(ds, "access", ds.local(2025, 6, 10), ds.local(2025, 6, 11), fee_charged=2000)
    ds.plant("DSR-4", paid["request_id"], "2,000 KZT charged for access")
    free = _request(ds, "access", ds.local(2025, 6, 10), ds.local(2025, 6, 11), fee_charged=0.0)
    ds.near_miss("DSR-4", free["request_id"], "fee recorded as 0")


def dsr_5(ds: Dataset, wd: WorkingDays) -> None:
    """Rectification done on Monday; near-miss: done on the working Saturday 2024-05-04."""
    late = _request(ds, "rectify", ds.local(*BEFORE_WORKING_SATURDAY), ds.local(2024, 5, 6, 10))
    ds.plant("DSR-5", late["request_id"], "documents Fri 2024-05-03, done Mon 2024-05-06")
    on_time = _request(ds, "rectify", ds.local(*BEFORE_WORKING_SATURDAY), ds.local(2024, 5, 4, 17))
    ds.near_miss("DSR-5", on_time["request_id"], "done on the working Saturday 2024-05-04")


def dsr_6(ds: Dataset, wd: WorkingDays) -> None:
    """Late block and unblock; near-miss: block done on the 1st working day after Nauryz."""
    block = _request(ds, "block", ds.local(*BEFORE_WORKING_SATURDAY), ds.local(2024, 5, 6, 10))
    ds.plant("DSR-6", block["request_id"], "block received Fri 2024-05-03, done Mon 2024-05-06")
    unblock = _request(ds, "unblock", ds.local(*NAURYZ_EVE), ds.local(2025, 3, 27, 10))
    ds.plant("DSR-6", unblock["request_id"], "unblock received Thu 2025-03-20, done Thu 03-27")
    on_time = _request(ds, "block", ds.local(*NAURYZ_EVE), ds.local(2025, 3, 26, 17))
    ds.near_miss("DSR-6", on_time["request_id"], "block done Wed 2025-03-26 across Nauryz")


def dsr_7(ds: Dataset, wd: WorkingDays) -> None:
    """Destruction late or never done; near-miss: destroyed on the 1st working day after Nauryz."""
    received = ds.local(*NAURYZ_EVE)
    for destroyed_at, expected, note in (
        (ds.local(2025, 3, 27, 10), True, "destroyed Thu 2025-03-27, one working day late"),
        (None, True, "granted but no destruction record"),
        (ds.local(2025, 3, 26, 22), False, "destroyed Wed 2025-03-26 across Nauryz"),
    ):
        req = _request(ds, "destroy", received, destroyed_at or ds.local(2025, 3, 26, 10))
        if destroyed_at is not None:
            user = ds.find("users", user_id=req["user_id"])[0]
            rec = base.destroy_user(ds, user, None, wd, reason="request", trigger=received)
            rec["destroyed_at"] = destroyed_at
        (ds.plant if expected else ds.near_miss)("DSR-7", req["request_id"], note)


def dsr_8(ds: Dataset, wd: WorkingDays) -> None:
    """No channel; data released before identity check; near-miss: verified the same minute."""
    received = ds.local(*NAURYZ_EVE)
    answered = ds.local(2025, 3, 26, 12)
    blank = _request(ds, "access", received, answered, channel=None)
    ds.plant("DSR-8", blank["request_id"], "no channel recorded")
    early = _request(ds, "access", received, answered, identity_verified_at=ds.local(2025, 3, 26, 15))
    ds.plant("DSR-8", early["request_id"], "data released 3 hours before identity verified")
    same = _request(ds, "access", received, answered, identity_verified_at=answered)
    ds.near_miss("DSR-8", same["request_id"], "identity verified at the moment of the answer")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every request-handling violation and near-miss."""
    dsr_1(ds, wd)
    dsr_2(ds, wd)
    dsr_3(ds, wd)
    dsr_4(ds, wd)
    dsr_5(ds, wd)
    dsr_6(ds, wd)
    dsr_7(ds, wd)
    dsr_8(ds, wd)
