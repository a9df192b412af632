"""Purpose plants: PUR-*."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo import base
from wgp_audit.demo.dataset import Dataset


def _anonymised(ds: Dataset, at: dt.datetime, purpose: str, population: list[dict[str, Any]]) -> str:
    """An anonymised country-level extract to the research lab (k = population size)."""
    d = ds.add(
        "disclosures",
        disclosure_id=ds.new_id("dsc"),
        recipient_id="rcp-res-1",
        disclosed_at=at,
        legal_basis="anonymised",
        request_id=None,
        anonymised=True,
        fields=["country"],
        record_count=len(population),
        consideration_amount=None,
        destination_country="KZ",
        purpose_code=purpose,
    )
    for u in population:
        ds.add("disclosure_subjects", disclosure_id=d["disclosure_id"], user_id=u["user_id"])
    return str(d["disclosure_id"])


def pur_1(ds: Dataset, wd: WorkingDays) -> None:
    """An extract for credit scoring, a purpose the policy never declared; near-miss: a research
    extract on the day the 2023-01-12 policy took effect."""
    population = [
        base.new_user(ds, created=ds.local(2022, 11, 1, 12), scopes=("account", "research")) for _ in range(6)
    ]
    key = _anonymised(ds, ds.local(2025, 3, 18, 11), "credit_scoring", population)
    ds.plant("PUR-1", key, "extract for credit scoring, not a declared purpose")
    key = _anonymised(ds, ds.local(2023, 1, 12, 15), "research", population)
    ds.near_miss("PUR-1", key, "research extract on the policy's first day in force")


def pur_5(ds: Dataset, wd: WorkingDays) -> None:
    """A partner-supplied record with no basis document; near-miss: one with the agreement."""
    bare = base.new_user(ds, source="partner", source_recipient_id="rcp-aff-2", source_basis_ref=None)
    ds.plant("PUR-5", str(bare["user_id"]), "enriched from a partner, no lawful-basis document")
    backed = base.new_user(
        ds,
        source="partner",
        source_recipient_id="rcp-aff-2",
        source_basis_ref="agr-2024-017 (subject consent to transfer)",
    )
    ds.near_miss("PUR-5", str(backed["user_id"]), "enriched from a partner under agreement")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every purpose violation and near-miss."""
    pur_1(ds, wd)
    pur_5(ds, wd)
