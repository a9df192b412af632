"""Localisation checks (LOC-*) on inline rows: a row that must be found and a near-miss that must not."""

from __future__ import annotations

from typing import Any

from tests.conftest import CheckRunner


def store(sid: str, role: str, country: str | None, city: str | None = None, **extra: Any) -> dict[str, Any]:
    row = {
        "store_id": sid,
        "system": sid,
        "role": role,
        "provider": "WGP LLP",
        "country": country,
        "city": city,
        "holds_personal_data": True,
        "encrypted_at_rest": True,
        "cross_border_basis": None,
    }
    row.update(extra)
    return row


HOME = store("home", "primary", "KZ", "Atyrau")


def test_loc_1_finds_primary_abroad_and_outside_atyrau(run_check: CheckRunner) -> None:
    keys = run_check(
        "LOC-1",
        {
            "storage_locations": [
                HOME,
                store("abroad", "primary", "DE", "Falkenstein"),
                store("almaty", "primary", "KZ", "Almaty"),
                store("nowhere", "primary", None),
                store("spaced", "primary", "kz", " ATYRAU "),
                store("no_pd", "primary", "NL", "Amsterdam", holds_personal_data=False),
                store("replica", "replica", "DE", "Falkenstein"),
            ]
        },
    )
    assert keys == {"abroad", "almaty", "nowhere"}


def test_loc_2_finds_copies_abroad_without_basis_but_not_adequate_or_based(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "LOC-2",
        {
            "storage_locations": [
                HOME,
                store("backup_ae", "backup", "AE", "Dubai"),
                store("analytics_none", "analytics", None),
                store("replica_de", "replica", "DE", "Falkenstein"),
                store("backup_sg", "backup", "SG", "Singapore", cross_border_basis="consent + DPA"),
                store("blank_basis", "backup", "SG", "Singapore", cross_border_basis="  "),
                store("logs_us", "log_store", "US"),
                store("replica_kz", "replica", "KZ", "Almaty"),
            ]
        },
    )
    assert keys == {"backup_ae", "analytics_none", "blank_basis"}


def test_loc_2_finds_a_missing_rk_primary(run_check: CheckRunner) -> None:
    keys = run_check(
        "LOC-2",
        {
            "storage_locations": [
                store("abroad", "primary", "DE", "Falkenstein"),
                store("replica_kz", "replica", "KZ", "Almaty"),
            ]
        },
    )
    assert keys == {"no-primary-in-rk"}


def test_loc_3_finds_log_store_abroad_but_not_in_kazakhstan(run_check: CheckRunner) -> None:
    keys = run_check(
        "LOC-3",
        {
            "storage_locations": [
                HOME,
                store("logs_ie", "log_store", "IE", "Dublin", cross_border_basis="DPA"),
                store("logs_none", "log_store", None),
                store("logs_ala", "log_store", "KZ", "Almaty"),
                store("backup_ie", "backup", "IE", "Dublin"),
            ]
        },
    )
    assert keys == {"logs_ie", "logs_none"}


def test_loc_4_finds_processors_abroad_without_basis_or_without_location(
    run_check: CheckRunner,
) -> None:
    def sp(rid: str, country: str | None) -> dict[str, Any]:
        return {
            "recipient_id": rid,
            "name": f"{rid} Ltd",
            "kind": "service_provider",
            "country": country,
            "security_clause": True,
        }

    keys = run_check(
        "LOC-4",
        {
            "recipients": [
                sp("us", "US"),
                sp("none", None),
                sp("sg", "SG"),
                sp("de", "DE"),
                sp("kz", "KZ"),
                {"recipient_id": "aff_us", "name": "x", "kind": "affiliate", "country": "US"},
            ],
            "storage_locations": [
                HOME,
                store(
                    "st_sg",
                    "processor",
                    "SG",
                    "Singapore",
                    provider="sg Ltd",
                    cross_border_basis="consent + DPA",
                ),
                store("st_us", "processor", "US", None, provider="Other Inc"),
                store("st_no_pd", "processor", "US", None, holds_personal_data=False),
            ],
        },
    )
    assert keys == {"us", "none", "st_us"}
