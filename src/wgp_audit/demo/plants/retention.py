"""Retention plants: RET-*."""

from __future__ import annotations

import datetime as dt

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.activity import living
from wgp_audit.demo.dataset import Dataset


def _active_users(ds: Dataset, n: int) -> list[dict[str, object]]:
    pool = [u for u in living(ds) if u["status"] == "active"
            and u["created_at"] < ds.as_of - dt.timedelta(days=500)]
    return ds.rng.sample(pool, k=n)


def ret_3(ds: Dataset, wd: WorkingDays) -> None:
    """Closed accounts past retention that still hold data; near-misses: legal hold, not yet due."""
    kept, held, due_soon = _active_users(ds, 3)
    kept.update(status="closed", closed_at=ds.as_of - dt.timedelta(days=420))
    ds.plant("RET-3", str(kept["user_id"]), "closed 420 days ago, personal data still held")
    held.update(status="closed", closed_at=ds.as_of - dt.timedelta(days=420),
                legal_hold_until=(ds.as_of + dt.timedelta(days=200)).date(),
                legal_hold_basis="Tax Code Art. 48: records kept 5 years")
    ds.near_miss("RET-3", str(held["user_id"]), "closed 420 days ago but under a legal hold")
    due_soon.update(status="closed", closed_at=ds.as_of - dt.timedelta(days=364))
    ds.near_miss("RET-3", str(due_soon["user_id"]), "closed 364 days ago: retention not yet over")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every retention violation and near-miss."""
    ret_3(ds, wd)
