"""Disclosure plants: DIS-*."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo import base
from wgp_audit.demo.activity import at_local
from wgp_audit.demo.dataset import Dataset


def dis_5(ds: Dataset, wd: WorkingDays) -> None:
    """A paid disclosure and one to a data broker; near-miss: consideration of zero."""
    ds.add(
        "recipients",
        recipient_id="rcp-broker-1",
        name="DataMarket Asia Ltd",
        kind="data_broker",
        country="KZ",
        contract_signed_at=ds.local(2024, 1, 10),
        security_clause=True,
    )
    paid = ds.add(
        "disclosures",
        disclosure_id=ds.new_id("dsc"),
        recipient_id="rcp-aff-1",
        disclosed_at=ds.local(2025, 3, 12),
        legal_basis="consent",
        request_id=None,
        anonymised=True,
        fields=["age_band", "country"],
        record_count=1200,
        consideration_amount=450000.0,
        destination_country="KZ",
        purpose_code="analytics",
    )
    ds.plant("DIS-5", paid["disclosure_id"], "paid transfer (450,000 KZT)")
    broker = ds.add(
        "disclosures",
        disclosure_id=ds.new_id("dsc"),
        recipient_id="rcp-broker-1",
        disclosed_at=ds.local(2025, 8, 4),
        legal_basis="anonymised",
        request_id=None,
        anonymised=True,
        fields=["age_band", "country"],
        record_count=800,
        consideration_amount=None,
        destination_country="KZ",
        purpose_code="analytics",
    )
    ds.plant("DIS-5", broker["disclosure_id"], "transfer to a data broker")
    free = ds.add(
        "disclosures",
        disclosure_id=ds.new_id("dsc"),
        recipient_id="rcp-res-1",
        disclosed_at=ds.as_of - dt.timedelta(days=60),
        legal_basis="anonymised",
        request_id=None,
        anonymised=True,
        fields=["age_band", "country"],
        record_count=900,
        consideration_amount=0.0,
        destination_country="KZ",
        purpose_code="research",
    )
    ds.near_miss("DIS-5", free["disclosure_id"], "consideration recorded as 0")


# Plants below build on new users, recipients and disclosures only, so that each one trips the
# check it is planted for and nothing else (see the comments on what each one keeps clean).
PLANT_CREATED = dt.datetime(2023, 2, 1, 6, 0, tzinfo=dt.UTC)  # new users exist before any plant


def _users(
    ds: Dataset, n: int, scopes: tuple[str, ...] = ("account",), **overrides: Any
) -> list[dict[str, Any]]:
    """n new users for a plant (IINs kept consistent with a given birth date)."""
    made = [base.new_user(ds, created=PLANT_CREATED, scopes=scopes, **overrides) for _ in range(n)]
    birth = overrides.get("birth_date")
    if not isinstance(birth, dt.date):
        return made
    for u in made:
        # keep the IIN consistent with the birth date given (YYMMDD, then century and sex)
        male = int(u["iin"][6]) % 2 == 1
        century_sex = (3 if male else 4) if birth.year < 2000 else (5 if male else 6)
        u["iin"] = base.valid_iin(f"{birth:%y%m%d}{century_sex}{u['iin'][7:11]}")
    return made


def _recipient(
    ds: Dataset,
    rid: str,
    name: str,
    kind: str,
    *,
    country: str = "KZ",
    signed: dt.datetime | None = None,
    security: bool | None = True,
) -> str:
    """Add a recipient to the register; returns its recipient_id."""
    ds.add(
        "recipients",
        recipient_id=rid,
        name=name,
        kind=kind,
        country=country,
        contract_signed_at=signed or ds.local(2023, 1, 20),
        security_clause=security,
    )
    return rid


def _disclose(
    ds: Dataset,
    recipient_id: str,
    at: dt.datetime,
    basis: str | None,
    subjects: list[dict[str, Any]],
    *,
    fields: list[str] | None = None,
    anonymised: bool = False,
    purpose: str = "customer_service",
    destination: str = "KZ",
    request_id: str | None = None,
) -> str:
    """A disclosure with its subjects listed (for anonymised ones: the population)."""
    d = ds.add(
        "disclosures",
        disclosure_id=ds.new_id("dsc"),
        recipient_id=recipient_id,
        disclosed_at=at,
        legal_basis=basis,
        request_id=request_id,
        anonymised=anonymised,
        fields=fields or ["full_name", "email"],
        record_count=len(subjects),
        consideration_amount=None,
        destination_country=destination,
        purpose_code=purpose,
    )
    for u in subjects:
        ds.add("disclosure_subjects", disclosure_id=d["disclosure_id"], user_id=u["user_id"])
    return str(d["disclosure_id"])


def _request(ds: Dataset, kind: str, authority: str, received: dt.datetime, scope: list[str] | None) -> str:
    """Add a request from an authority; returns its request_id."""
    req = ds.add(
        "legal_requests",
        request_id=ds.new_id("lrq"),
        authority_name=authority,
        authority_kind=kind,
        received_at=received,
        legal_basis_ref=f"No. {ds.rng.randrange(100, 999)}-{received:%Y}",
        scope_fields=scope,
    )
    return str(req["request_id"])


def dis_1(ds: Dataset, wd: WorkingDays) -> None:
    """Identifiable data to a researcher on consent; near-miss: to a buyer in a reorganisation."""
    # subjects consented to third-party transfer and research (CON-6, CON-10 stay clean)
    group = _users(ds, 4, scopes=("account", "third_party", "research"))
    key = _disclose(
        ds,
        "rcp-res-1",
        ds.local(2025, 4, 15),
        "consent",
        group,
        fields=["full_name", "birth_date", "email"],
        purpose="research",
    )
    ds.plant("DIS-1", key, "identifiable research extract to a non-affiliate researcher")
    # the reorganisation near-miss is planted by dis_6 (its covered transfer)


def dis_1b(ds: Dataset, wd: WorkingDays) -> None:
    """Identifiable export to a CRM processor; near-miss: an anonymised one to the same processor."""
    rid = _recipient(ds, "rcp-sp-crm", "Bitrix Cloud KZ LLP", "service_provider")
    group = _users(ds, 6)
    key = _disclose(
        ds, rid, ds.local(2024, 9, 10), "processor_contract", group, fields=["full_name", "email", "phone"]
    )
    ds.plant("DIS-1b", key, "CRM upload of names, e-mails and phones to a processor")
    cohort = _users(ds, 6, birth_date=dt.date(1984, 1, 10))
    near = _disclose(
        ds,
        rid,
        ds.local(2025, 2, 11),
        "anonymised",
        cohort,
        fields=["age_band", "country"],
        anonymised=True,
        purpose="analytics",
    )
    ds.near_miss("DIS-1b", near, "anonymised statistics to the same processor (k = 6)")


def dis_2(ds: Dataset, wd: WorkingDays) -> None:
    """Transfer to an affiliate missing from the register; near-miss: consent given just before."""
    rid = _recipient(ds, "rcp-aff-3", "WGP Trade LLP", "affiliate")
    group = _users(ds, 3, scopes=("account", "third_party"))
    key = _disclose(ds, rid, ds.local(2025, 5, 20), "consent", group)
    ds.plant("DIS-2", key, "affiliate-kind recipient not in the affiliate register")
    late = _users(ds, 2)
    at = ds.local(2025, 6, 3, 12)
    for u in late:
        base.consent(ds, u, "third_party", at - dt.timedelta(minutes=10))
    near = _disclose(ds, "rcp-aff-1", at, "consent", late)
    ds.near_miss("DIS-2", near, "third-party consent given ten minutes before the transfer")


def dis_3(ds: Dataset, wd: WorkingDays) -> None:
    """Police disclosures before the request and beyond its scope; near-miss: same-day request."""
    police = "Atyrau Region Police Department"
    early = _users(ds, 1)
    at = ds.local(2025, 3, 4, 11)
    req = _request(ds, "police", police, at + dt.timedelta(days=2), ["full_name", "phone"])
    key = _disclose(
        ds,
        "rcp-gov-police",
        at,
        "authority_request",
        early,
        fields=["full_name", "phone"],
        purpose="enforcement",
        request_id=req,
    )
    ds.plant("DIS-3", key, "data released two days before the police request arrived")
    wide = _users(ds, 1)
    at = ds.local(2025, 10, 14, 15)
    req = _request(ds, "police", police, at - dt.timedelta(days=1), ["full_name", "phone"])
    key = _disclose(
        ds,
        "rcp-gov-police",
        at,
        "authority_request",
        wide,
        fields=["full_name", "phone", "iin"],
        purpose="enforcement",
        request_id=req,
    )
    ds.plant("DIS-3", key, "IIN disclosed although the request asked for name and phone")
    none = _users(ds, 1)
    key = _disclose(
        ds,
        "rcp-gov-tax",
        ds.local(2026, 2, 17),
        "authority_request",
        none,
        fields=["full_name", "iin"],
        purpose="enforcement",
    )
    ds.plant("DIS-3", key, "disclosure to the tax authority with no request on file")
    ok = _users(ds, 1)
    at = ds.local(2026, 4, 8, 16)
    req = _request(ds, "police", police, at - dt.timedelta(hours=5), ["full_name", "phone"])
    near = _disclose(
        ds,
        "rcp-gov-police",
        at,
        "authority_request",
        ok,
        fields=["full_name", "phone"],
        purpose="enforcement",
        request_id=req,
    )
    ds.near_miss("DIS-3", near, "request received the same morning, fields within its scope")


def dis_4(ds: Dataset, wd: WorkingDays) -> None:
    """Data to a complainant with no basis recorded; near-miss: the same under a court order."""
    # the complainant signed a confidentiality undertaking first (DIS-10 stays clean)
    rid = _recipient(
        ds, "rcp-ind-1", "Private complainant, case 2025-031", "individual", signed=ds.local(2025, 1, 15)
    )
    one = _users(ds, 1)
    key = _disclose(
        ds, rid, ds.local(2025, 2, 5), None, one, fields=["full_name", "phone"], purpose="enforcement"
    )
    ds.plant("DIS-4", key, "name and phone given to a complainant with no legal basis")
    other = _users(ds, 1)
    at = ds.local(2025, 7, 9, 15)
    req = _request(ds, "court", "Atyrau City Court No. 2", at - dt.timedelta(days=3), ["full_name", "phone"])
    near = _disclose(
        ds,
        rid,
        at,
        "court_order",
        other,
        fields=["full_name", "phone"],
        purpose="enforcement",
        request_id=req,
    )
    ds.near_miss("DIS-4", near, "complainant received the data under a court order")
    ds.near_miss("DIS-3", near, "court order from a court, before the disclosure, within scope")


def dis_6(ds: Dataset, wd: WorkingDays) -> None:
    """Buyer transfers before closing and under a partial asset sale; near-miss: after closing."""
    buyer = _recipient(ds, "rcp-buyer-1", "Caspian Digital Holdings LLP", "buyer")
    ds.add(
        "corporate_transactions",
        txn_id="txn-2025-01",
        kind="sale",
        buyer_recipient_id=buyer,
        assets_share_pct=100.0,
        closed_at=ds.local(2025, 6, 30, 18),
    )
    early = _users(ds, 3)
    key = _disclose(
        ds,
        buyer,
        ds.local(2025, 6, 20),
        "reorganisation",
        early,
        fields=["full_name", "email", "phone"],
        purpose="account",
    )
    ds.plant("DIS-6", key, "customer data handed over ten days before the sale closed")
    partial = _recipient(ds, "rcp-buyer-2", "Atyrau Retail Group LLP", "buyer")
    ds.add(
        "corporate_transactions",
        txn_id="txn-2024-02",
        kind="sale",
        buyer_recipient_id=partial,
        assets_share_pct=35.0,
        closed_at=ds.local(2024, 11, 29),
    )
    some = _users(ds, 3)
    key = _disclose(
        ds,
        partial,
        ds.local(2024, 12, 10),
        "reorganisation",
        some,
        fields=["full_name", "email"],
        purpose="account",
    )
    ds.plant("DIS-6", key, "transfer under a sale of 35 % of assets, not substantially all")
    after = _users(ds, 3)
    near = _disclose(
        ds,
        buyer,
        ds.local(2025, 7, 2),
        "reorganisation",
        after,
        fields=["full_name", "email", "phone"],
        purpose="account",
    )
    ds.near_miss("DIS-6", near, "transfer two days after the 100 % sale closed")
    ds.near_miss("DIS-1", near, "identifiable, but to a reorganisation buyer (PP-16 exception)")


def dis_7(ds: Dataset, wd: WorkingDays) -> None:
    """Anonymised extracts with an e-mail and with a unique age band; near-miss: k = 8."""
    # born 1984-01-10: aged 41 throughout 2025, so one 10-year band (40-49)
    cohort = _users(ds, 8, birth_date=dt.date(1984, 1, 10))
    key = _disclose(
        ds,
        "rcp-res-1",
        ds.local(2025, 5, 6),
        "anonymised",
        cohort,
        fields=["age_band", "email"],
        anonymised=True,
        purpose="research",
    )
    ds.plant("DIS-7", key, "'anonymised' extract still carries e-mail addresses")
    small = _users(ds, 5, birth_date=dt.date(1984, 1, 10))
    small += _users(ds, 1, birth_date=dt.date(2001, 2, 14))
    key = _disclose(
        ds,
        "rcp-res-1",
        ds.local(2025, 9, 16),
        "anonymised",
        small,
        fields=["age_band", "country"],
        anonymised=True,
        purpose="research",
    )
    ds.plant("DIS-7", key, "one person alone in age band 20-29: k = 1")
    near = _disclose(
        ds,
        "rcp-res-1",
        ds.local(2025, 11, 4),
        "anonymised",
        cohort,
        fields=["age_band", "country"],
        anonymised=True,
        purpose="research",
    )
    ds.near_miss("DIS-7", near, "eight people in one age band and country: k = 8")


def dis_8(ds: Dataset, wd: WorkingDays) -> None:
    """Affiliate processing in the UAE without cross-border consent; near-miss: Turkey with it."""
    # basis processor_contract (the affiliate processes for WGP abroad): CON-6 judges consent-based
    # transfers only; the subjects consented to third-party transfer, so DIS-2 stays clean
    group = _users(ds, 3, scopes=("account", "third_party"))
    key = _disclose(ds, "rcp-aff-2", ds.local(2025, 8, 12), "processor_contract", group, destination="AE")
    ds.plant("DIS-8", key, "identifiable data to the UAE (not assessed) without consent")
    covered = _users(ds, 3, scopes=("account", "third_party", "cross_border"))
    near = _disclose(ds, "rcp-aff-2", ds.local(2025, 8, 19), "processor_contract", covered, destination="TR")
    ds.near_miss("DIS-8", near, "Turkey is not assessed, but every subject consented")


def dis_9(ds: Dataset, wd: WorkingDays) -> None:
    """Affiliate transfer notified late to one subject, never to another; near-miss: day 10."""
    group = _users(ds, 3)
    at = ds.local(2025, 12, 22, 17)
    for u in group:
        base.consent(ds, u, "third_party", PLANT_CREATED - dt.timedelta(seconds=20), notify_on_transfer=True)
    key = _disclose(ds, "rcp-aff-1", at, "consent", group)
    late, silent, on_time = group
    day = at.astimezone(dt.timezone(dt.timedelta(hours=5))).date()
    ds.add(
        "transfer_notifications",
        notification_id=ds.new_id("ntf"),
        disclosure_id=key,
        user_id=late["user_id"],
        sent_at=at_local(wd.nth_after(day, 11), 10),
    )
    ds.plant("DIS-9", f"{key}:{late['user_id']}", "notified on the 11th working day")
    ds.plant("DIS-9", f"{key}:{silent['user_id']}", "never notified")
    ds.add(
        "transfer_notifications",
        notification_id=ds.new_id("ntf"),
        disclosure_id=key,
        user_id=on_time["user_id"],
        sent_at=at_local(wd.nth_after(day, 10), 18),
    )
    ds.near_miss(
        "DIS-9",
        f"{key}:{on_time['user_id']}",
        "notified at 18:00 on the 10th working day (across the New Year holidays)",
    )


def dis_10(ds: Dataset, wd: WorkingDays) -> None:
    """Anonymised data to researchers before their contract and without a security clause."""
    cohort = _users(ds, 6, birth_date=dt.date(1984, 1, 10))
    rid = _recipient(
        ds, "rcp-res-2", "Caspian Social Research Centre", "researcher", signed=ds.local(2025, 3, 1)
    )
    key = _disclose(
        ds,
        rid,
        ds.local(2025, 2, 18),
        "anonymised",
        cohort,
        fields=["age_band", "country"],
        anonymised=True,
        purpose="research",
    )
    ds.plant("DIS-10", key, "data sent eleven days before the contract was signed")
    near = _disclose(
        ds,
        rid,
        ds.local(2025, 3, 3),
        "anonymised",
        cohort,
        fields=["age_band", "country"],
        anonymised=True,
        purpose="research",
    )
    ds.near_miss("DIS-10", near, "same researcher, two days after signing")
    loose = _recipient(ds, "rcp-res-3", "Open Data Hub KZ", "researcher", security=False)
    key = _disclose(
        ds,
        loose,
        ds.local(2025, 10, 7),
        "anonymised",
        cohort,
        fields=["age_band", "country"],
        anonymised=True,
        purpose="research",
    )
    ds.plant("DIS-10", key, "contract without a security and confidentiality clause")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every disclosure violation and near-miss."""
    dis_5(ds, wd)
    for planter in (dis_1, dis_1b, dis_2, dis_3, dis_4, dis_6, dis_7, dis_8, dis_9, dis_10):
        planter(ds, wd)
