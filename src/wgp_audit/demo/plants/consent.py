"""Consent plants: CON-*."""

from __future__ import annotations

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.dataset import Dataset


def con_3(ds: Dataset, wd: WorkingDays) -> None:
    """Consents by continued use or without evidence; near-miss: written consent with evidence."""
    account = [c for c in ds.rows("consents") if c["scope"] == "account"]
    by_use, no_proof, written = ds.rng.sample(account, k=3)
    by_use["method"] = "continued_use"
    ds.plant("CON-3", by_use["consent_id"], "consent by continued use")
    no_proof["evidence_ref"] = None
    ds.plant("CON-3", no_proof["consent_id"], "consent without evidence reference")
    written["method"] = "written"
    ds.near_miss("CON-3", written["consent_id"], "written consent with evidence kept")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every consent violation and near-miss."""
    con_3(ds, wd)
