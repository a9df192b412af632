"""Security plants: SEC-*."""

from __future__ import annotations

from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.dataset import Dataset


def _breach(ds: Dataset, **extra: Any) -> dict[str, Any]:
    """A personal-data breach notified on time with contact and measures, unless told otherwise."""
    row: dict[str, Any] = {
        "incident_id": ds.new_id("inc"),
        "detected_at": ds.local(2025, 1, 2, 15),
        "personal_data_breach": True,
        "affected_count": 25,
        "authority_notified_at": ds.local(2025, 1, 5, 21),
        "contact_included": True,
        "measures_taken": "Leaked API key revoked; affected subjects notified",
    }
    row.update(extra)
    return ds.add("security_incidents", **row)


def sec_6(ds: Dataset, wd: WorkingDays) -> None:
    """A late notice and one without contact; near-misses: the working Sunday, before in force.

    Detected Thu 2025-01-02 (a day off): 01-03 is off and Sun 2025-01-05 a transferred working
    day, so the notice was due by the end of that Sunday.
    """
    late = _breach(ds, authority_notified_at=ds.local(2025, 1, 6, 9))
    ds.plant("SEC-6", late["incident_id"], "detected 2025-01-02, notified Mon 2025-01-06")
    bare = _breach(ds, contact_included=False)
    ds.plant("SEC-6", bare["incident_id"], "notice without the responsible person's contact")
    sunday = _breach(ds)
    ds.near_miss("SEC-6", sunday["incident_id"], "notified 21:00 on the working Sun 2025-01-05")
    early = _breach(
        ds, detected_at=ds.local(2024, 6, 20, 10), authority_notified_at=ds.local(2024, 6, 28, 10)
    )
    ds.near_miss("SEC-6", early["incident_id"], "detected before the duty came into force")


def sec_7(ds: Dataset, wd: WorkingDays) -> None:
    """A breach recording no measures; near-miss: an incident that was no personal-data breach."""
    silent = _breach(ds, measures_taken=None)
    ds.plant("SEC-7", silent["incident_id"], "breach with no measures recorded")
    other = _breach(
        ds, personal_data_breach=False, authority_notified_at=None, contact_included=None, measures_taken=" "
    )
    ds.near_miss("SEC-7", other["incident_id"], "not a personal-data breach")


def sec_8(ds: Dataset, wd: WorkingDays) -> None:
    """An unencrypted backup and a log store of unknown encryption; near-misses beside them."""

    def store(store_id: str, role: str, encrypted: bool | None, holds: bool | None) -> None:
        ds.add(
            "storage_locations",
            store_id=store_id,
            system=f"{role}-{store_id[-3:]}",
            role=role,
            provider="WGP LLP",
            country="KZ",
            city="Atyrau",
            holds_personal_data=holds,
            encrypted_at_rest=encrypted,
            cross_border_basis=None,
        )

    store("st-backup-tape", "backup", False, True)
    ds.plant("SEC-8", "st-backup-tape", "tape backup with personal data, unencrypted")
    store("st-logs-old", "log_store", None, True)
    ds.plant("SEC-8", "st-logs-old", "old log archive, encryption not recorded")
    store("st-backup-cfg", "backup", False, False)
    ds.near_miss("SEC-8", "st-backup-cfg", "unencrypted backup of configuration, no personal data")
    store("st-replica-old", "replica", False, True)
    ds.near_miss("SEC-8", "st-replica-old", "unencrypted replica: SEC-8 covers backups and logs only")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every security violation and near-miss."""
    sec_6(ds, wd)
    sec_7(ds, wd)
    sec_8(ds, wd)
