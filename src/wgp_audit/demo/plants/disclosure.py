"""Disclosure plants: DIS-*."""

from __future__ import annotations

import datetime as dt

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.dataset import Dataset


def dis_5(ds: Dataset, wd: WorkingDays) -> None:
    """A paid disclosure and one to a data broker; near-miss: consideration of zero."""
    ds.add("recipients", recipient_id="rcp-broker-1", name="DataMarket Asia Ltd",
           kind="data_broker", country="KZ", contract_signed_at=ds.local(2024, 1, 10),
           security_clause=True)
    paid = ds.add("disclosures", disclosure_id=ds.new_id("dsc"), recipient_id="rcp-aff-1",
                  disclosed_at=ds.local(2025, 3, 12), legal_basis="consent", request_id=None,
                  anonymised=True, fields=["age_band", "country"], record_count=1200,
                  consideration_amount=450000.0, destination_country="KZ",
                  purpose_code="analytics")
    ds.plant("DIS-5", paid["disclosure_id"], "paid transfer (450,000 KZT)")
    broker = ds.add("disclosures", disclosure_id=ds.new_id("dsc"), recipient_id="rcp-broker-1",
                    disclosed_at=ds.local(2025, 8, 4), legal_basis="anonymised", request_id=None,
                    anonymised=True, fields=["age_band", "country"], record_count=800,
                    consideration_amount=None, destination_country="KZ",
                    purpose_code="analytics")
    ds.plant("DIS-5", broker["disclosure_id"], "transfer to a data broker")
    free = ds.add("disclosures", disclosure_id=ds.new_id("dsc"), recipient_id="rcp-res-1",
                  disclosed_at=ds.as_of - dt.timedelta(days=60), legal_basis="anonymised",
                  request_id=None, anonymised=True, fields=["age_band", "country"],
                  record_count=900, consideration_amount=0.0, destination_country="KZ",
                  purpose_code="research")
    ds.near_miss("DIS-5", free["disclosure_id"], "consideration recorded as 0")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every disclosure violation and near-miss."""
    dis_5(ds, wd)
