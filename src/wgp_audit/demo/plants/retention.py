"""Retention plants: RET-*."""

from __future__ import annotations

import datetime as dt

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo import base
from wgp_audit.demo.activity import living
from wgp_audit.demo.dataset import Dataset


def _active_users(ds: Dataset, n: int) -> list[dict[str, object]]:
    """n active users created at least 500 days before the audit date."""
    pool = [
        u
        for u in living(ds)
        if u["status"] == "active" and u["created_at"] < ds.as_of - dt.timedelta(days=500)
    ]
    return ds.rng.sample(pool, k=n)


def ret_3(ds: Dataset, wd: WorkingDays) -> None:
    """Closed accounts past retention that still hold data; near-misses: legal hold, not yet due."""
    kept, held, due_soon = _active_users(ds, 3)
    kept.update(status="closed", closed_at=ds.as_of - dt.timedelta(days=420))
    ds.plant("RET-3", str(kept["user_id"]), "closed 420 days ago, personal data still held")
    held.update(
        status="closed",
        closed_at=ds.as_of - dt.timedelta(days=420),
        legal_hold_until=(ds.as_of + dt.timedelta(days=200)).date(),
        legal_hold_basis="Tax Code Art. 48: records kept 5 years",
    )
    ds.near_miss("RET-3", str(held["user_id"]), "closed 420 days ago but under a legal hold")
    due_soon.update(status="closed", closed_at=ds.as_of - dt.timedelta(days=364))
    ds.near_miss("RET-3", str(due_soon["user_id"]), "closed 364 days ago: retention not yet over")


def ret_2(ds: Dataset, wd: WorkingDays) -> None:
    """A ticket body and a dormant account kept past retention; near-misses within the grace day."""
    user = base.new_user(ds, created=ds.local(2023, 3, 1))
    ticket = {"user_id": user["user_id"], "channel": "email", "body": "Please change my phone"}
    kept = ds.add(
        "support_tickets",
        ticket_id=ds.new_id("tkt"),
        **ticket,
        opened_at=ds.local(2024, 8, 19),
        closed_at=ds.local(2024, 8, 20),
    )
    ds.plant("RET-2", f"ticket:{kept['ticket_id']}", "ticket closed 2024-08-20, body still kept")
    # closed 2024-10-30 + 730 days = Fri 2026-10-30; the grace working day is Mon 2026-11-02
    grace = ds.add(
        "support_tickets",
        ticket_id=ds.new_id("tkt"),
        **ticket,
        opened_at=ds.local(2024, 10, 29),
        closed_at=ds.local(2024, 10, 30),
    )
    ds.near_miss(
        "RET-2",
        f"ticket:{grace['ticket_id']}",
        "retention ended Fri 2026-10-30; the grace working day is Mon 2026-11-02",
    )
    dormant = base.new_user(ds, created=ds.local(2023, 2, 1), last_active_at=ds.local(2023, 7, 10))
    ds.plant("RET-2", f"account:{dormant['user_id']}", "active account unused since 2023-07-10")
    # last used 2023-10-31 + 1095 days = Fri 2026-10-30; grace until Mon 2026-11-02
    idle = base.new_user(ds, created=ds.local(2023, 2, 1), last_active_at=ds.local(2023, 10, 31))
    ds.near_miss(
        "RET-2",
        f"account:{idle['user_id']}",
        "inactivity limit reached Fri 2026-10-30; the grace working day is Mon 2026-11-02",
    )


def ret_4(ds: Dataset, wd: WorkingDays) -> None:
    """A legacy account created before its first consent; near-misses: destroyed, same second.

    The legacy accounts predate the audit period (2023-01-01), so CON-1, an event check over
    the period, does not report them; RET-4 judges the data still held at the audit date.
    """
    legacy = base.new_user(ds, created=ds.local(2022, 6, 10), scopes=())
    base.consent(ds, legacy, "account", ds.local(2023, 2, 1))
    ds.plant("RET-4", str(legacy["user_id"]), "created 2022-06-10, first consent 2023-02-01")
    wiped = base.new_user(ds, created=ds.local(2022, 6, 12), scopes=())
    base.consent(ds, wiped, "account", ds.local(2023, 2, 3))
    base.destroy_user(ds, wiped, None, wd, reason="unlawful", trigger=ds.local(2023, 2, 6))
    ds.near_miss("RET-4", str(wiped["user_id"]), "created before consent but since destroyed")
    created = ds.local(2024, 5, 4, 12)
    same = base.new_user(ds, created=created, scopes=())
    base.consent(ds, same, "account", created)
    ds.near_miss("RET-4", str(same["user_id"]), "consent given in the same second as the account")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every retention violation and near-miss."""
    ret_2(ds, wd)
    ret_3(ds, wd)
    ret_4(ds, wd)
