"""Security checks on inline rows: one row that must be found, the near-miss that must not."""

from __future__ import annotations

from typing import Any

from tests.conftest import CheckRunner, utc

# Thu 2025-01-02 is a New Year day off, Fri 01-03 a transferred day off, and Sun 2025-01-05 a
# working day (transfer), so a breach detected on 01-02 had to be notified by Sunday night.
DETECTED = utc("2025-01-02T15:00+05:00")


def _incident(incident_id: str, **extra: Any) -> dict[str, Any]:
    row = {
        "incident_id": incident_id,
        "detected_at": DETECTED,
        "personal_data_breach": True,
        "affected_count": 10,
        "authority_notified_at": utc("2025-01-05T20:00+05:00"),
        "contact_included": True,
        "measures_taken": "passwords reset",
    }
    row.update(extra)
    return row


def test_sec_6_finds_breach_notified_after_the_working_sunday_or_without_contact(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "SEC-6",
        {
            "security_incidents": [
                _incident("sunday"),
                _incident("monday", authority_notified_at=utc("2025-01-06T09:00+05:00")),
                _incident("never", authority_notified_at=None),
                _incident("no_contact", contact_included=None),
                _incident("not_pd", personal_data_breach=False, authority_notified_at=None),
                _incident(
                    "before_in_force", detected_at=utc("2024-06-28T10:00+05:00"), authority_notified_at=None
                ),
            ]
        },
    )
    assert keys == {"monday", "never", "no_contact"}


def test_sec_7_finds_breach_without_measures_but_not_one_stating_them(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "SEC-7",
        {
            "security_incidents": [
                _incident("none", measures_taken=None),
                _incident("blank", measures_taken="  "),
                _incident("stated"),
                _incident("before_in_force", detected_at=utc("2024-06-28T10:00+05:00"), measures_taken=None),
            ]
        },
    )
    assert keys == {"none", "blank"}


def test_sec_8_finds_unencrypted_backup_with_personal_data_but_not_replica_or_config_backup(
    run_check: CheckRunner,
) -> None:
    def store(store_id: str, role: str, encrypted: bool | None, holds: bool | None) -> dict[str, object]:
        return {
            "store_id": store_id,
            "role": role,
            "country": "KZ",
            "holds_personal_data": holds,
            "encrypted_at_rest": encrypted,
        }

    keys = run_check(
        "SEC-8",
        {
            "storage_locations": [
                store("bak", "backup", False, True),
                store("logs-unknown", "log_store", None, True),
                store("bak-enc", "backup", True, True),
                store("bak-nopd", "backup", False, False),
                store("replica", "replica", False, True),
            ]
        },
    )
    assert keys == {"bak", "logs-unknown"}
