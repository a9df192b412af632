"""Localisation plants: LOC-*. Each adds its own storage locations or processors."""

from __future__ import annotations

from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.dataset import Dataset


def _store(
    ds: Dataset,
    store_id: str,
    system: str,
    role: str,
    provider: str,
    country: str | None,
    city: str | None,
    *,
    holds_pd: bool = True,
    basis: str | None = None,
) -> dict[str, Any]:
    """Add a storage location (encrypted at rest); returns its row."""
    # encrypted at rest, so the security checks on stores stay clean
    return ds.add(
        "storage_locations",
        store_id=store_id,
        system=system,
        role=role,
        provider=provider,
        country=country,
        city=city,
        holds_personal_data=holds_pd,
        encrypted_at_rest=True,
        cross_border_basis=basis,
    )


def loc_1(ds: Dataset, wd: WorkingDays) -> None:
    """A primary store abroad and one in Almaty; near-miss: a non-PD primary abroad."""
    _store(ds, "st-primary-eu", "postgres-eu-shop", "primary", "Hetzner Online GmbH", "DE", "Falkenstein")
    ds.plant("LOC-1", "st-primary-eu", "primary shop database in Germany")
    _store(ds, "st-primary-crm", "postgres-crm", "primary", "Kazakhtelecom", "KZ", "Almaty")
    ds.plant("LOC-1", "st-primary-crm", "primary CRM database in Almaty, not Atyrau (PP-2)")
    _store(
        ds,
        "st-primary-cms",
        "postgres-cms",
        "primary",
        "Hetzner Online GmbH",
        "NL",
        "Amsterdam",
        holds_pd=False,
    )
    ds.near_miss("LOC-1", "st-primary-cms", "primary abroad, but it holds no personal data")
    _store(ds, "st-primary-dwh", "postgres-dwh", "primary", "WGP LLP", "KZ", " atyrau ")
    ds.near_miss("LOC-1", "st-primary-dwh", "city written ' atyrau ': still the LLP's city")


def loc_2(ds: Dataset, wd: WorkingDays) -> None:
    """Backup in the UAE and analytics in the US with no basis; near-misses: adequacy, basis."""
    _store(ds, "st-backup-ae", "offsite-backup", "backup", "Gulf Vault FZ-LLC", "AE", "Dubai")
    ds.plant("LOC-2", "st-backup-ae", "offsite backup in the UAE with no cross-border basis")
    _store(ds, "st-analytics-us", "bigquery-export", "analytics", "Google LLC", "US", None)
    ds.plant("LOC-2", "st-analytics-us", "analytics copy in the US with no cross-border basis")
    _store(ds, "st-replica-de", "postgres-replica-eu", "replica", "Hetzner Online GmbH", "DE", "Falkenstein")
    ds.near_miss("LOC-2", "st-replica-de", "replica in Germany, an assessed protecting state")
    _store(
        ds,
        "st-backup-sg",
        "cold-backup",
        "backup",
        "Asia Vault Pte Ltd",
        "SG",
        "Singapore",
        basis="cross_border consent of every subject; DPA 2024-11-02",
    )
    ds.near_miss("LOC-2", "st-backup-sg", "backup in Singapore with a recorded basis")


def loc_3(ds: Dataset, wd: WorkingDays) -> None:
    """App logs shipped to Ireland; near-miss: a second log store in Almaty."""
    _store(ds, "st-logs-ie", "saas-log-search", "log_store", "Logz Ltd", "IE", "Dublin")
    ds.plant("LOC-3", "st-logs-ie", "app event logs shipped to a log service in Ireland")
    _store(ds, "st-logs-ala", "log-archive-2", "log_store", "Kazakhtelecom", "KZ", "Almaty")
    ds.near_miss("LOC-3", "st-logs-ala", "log store in Almaty: inside Kazakhstan")


def loc_4(ds: Dataset, wd: WorkingDays) -> None:
    """Processors in the US with no basis and with no location; near-miss: Singapore with basis."""
    signed = ds.local(2023, 3, 1)
    for rid, name, country in (
        ("rcp-sp-mail", "MailBlast Inc.", "US"),
        ("rcp-sp-chat", "HelpChat Widget Ltd", None),
        ("rcp-sp-sg", "CloudSMS Asia Pte Ltd", "SG"),
    ):
        ds.add(
            "recipients",
            recipient_id=rid,
            name=name,
            kind="service_provider",
            country=country,
            contract_signed_at=signed,
            security_clause=True,
        )
    ds.plant("LOC-4", "rcp-sp-mail", "e-mail processor in the US, no cross-border basis")
    ds.plant("LOC-4", "rcp-sp-chat", "chat processor with no recorded location")
    _store(
        ds,
        "st-sms-sg",
        "sms-gateway-asia",
        "processor",
        "CloudSMS Asia Pte Ltd",
        "SG",
        "Singapore",
        basis="cross_border consent; DPA 2024-05-14",
    )
    ds.near_miss("LOC-4", "rcp-sp-sg", "processor in Singapore with a basis on its store")
    ds.near_miss("LOC-4", "st-sms-sg", "the processor's store carries the basis")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every localisation violation and near-miss."""
    for planter in (loc_1, loc_2, loc_3, loc_4):
        planter(ds, wd)
