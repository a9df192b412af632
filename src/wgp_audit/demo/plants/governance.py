"""Governance plants: POL-*, ORG-*."""

from __future__ import annotations

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.dataset import Dataset


def pol_1(ds: Dataset, wd: WorkingDays) -> None:
    """Two non-material versions taking effect at the same instant; near-miss: the next one a day
    later does not overlap."""
    for vid, label, day, sha, plant in (
        ("pv-2024-03-01", "2024-03-01", 1, "a1", True),
        ("pv-2024-03-01-kk", "2024-03-01 (kk)", 1, "b2", True),
        ("pv-2024-03-02", "2024-03-02", 2, "c3", False),
    ):
        ds.add(
            "policy_versions",
            version_id=vid,
            label=label,
            effective_at=ds.local(2024, 3, day, 0),
            url="https://www.wgp.kz/privacy",
            text_sha256=sha + "0" * 62,
            material_change=False,
        )
        if plant:
            ds.plant("POL-1", vid, "two versions take effect at the same instant")
        else:
            ds.near_miss("POL-1", vid, "takes effect the next day: no overlap")


def org_1(ds: Dataset, wd: WorkingDays) -> None:
    """The first appointment made 2023-01-10, after the period began; near-miss: a same-day
    handover on 2025-11-14."""
    (first,) = ds.find("org_roles", person_id="emp-0007", role="responsible_for_personal_data")
    first["appointed_at"] = ds.local(2023, 1, 10, 9)
    ds.plant("ORG-1", "gap:2023-01-01", "no responsible person from 2023-01-01 to 2023-01-09")
    first["ended_at"] = ds.local(2025, 11, 14, 10)
    ds.add(
        "org_roles",
        person_id="emp-0031",
        role="responsible_for_personal_data",
        appointed_at=ds.local(2025, 11, 14, 15),
        ended_at=None,
    )
    ds.near_miss("ORG-1", "gap:2025-11-14", "handover on the same day: the day is covered")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every governance violation and near-miss."""
    pol_1(ds, wd)
    org_1(ds, wd)
