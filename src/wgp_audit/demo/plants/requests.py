"""Data-subject request plants: DSR-*."""

from __future__ import annotations

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.activity import at_local
from wgp_audit.demo.dataset import LOCAL, Dataset


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
        "dsr_requests", request_id=ds.new_id("dsr"), user_id=user["user_id"], kind="access",
        channel="e_document", received_at=ds.local(2024, 5, 3, 17),
        identity_verified_at=ds.local(2024, 5, 3, 18), docs_received_at=None,
        answered_at=ds.local(2024, 5, 10, 23, 30), completed_at=ds.local(2024, 5, 10, 23, 30),
        outcome="granted", refusal_reason=None, fee_charged=0,
        response_elements=["confirmation", "purpose", "sources", "methods", "data_list", "terms",
                           "third_parties"])
    ds.near_miss("DSR-1", on_time["request_id"], "answered 23:30 on the 3rd working day")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every request-handling violation and near-miss."""
    dsr_1(ds, wd)
