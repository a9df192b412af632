"""Marketing plants: MKT-*; MKT-2's legal-variant violation is planted by consent.con_5."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo import base
from wgp_audit.demo.dataset import Dataset


def _message(
    ds: Dataset, user: dict[str, Any], kind: str, sent_at: dt.datetime, channel: str = "email"
) -> str:
    """Add a message sent to the user; returns its message_id."""
    row = ds.add(
        "communications",
        message_id=ds.new_id("msg"),
        user_id=user["user_id"],
        channel=channel,
        kind=kind,
        campaign_id=f"cmp-{sent_at:%Y%m}" if kind == "marketing" else None,
        sent_at=sent_at,
        provider_recipient_id="rcp-sp-sms",
    )
    return str(row["message_id"])


def _opt_out(ds: Dataset, user: dict[str, Any], received: dt.datetime, processed: dt.datetime) -> None:
    """Add the user's withdrawal of the marketing consent, received and processed when given."""
    (mkt,) = [c for c in ds.find("consents", user_id=user["user_id"]) if c["scope"] == "marketing"]
    ds.add(
        "consent_withdrawals",
        withdrawal_id=ds.new_id("wdr"),
        consent_id=mkt["consent_id"],
        user_id=user["user_id"],
        scope="marketing",
        received_at=received,
        processed_at=processed,
        outcome="stopped",
        refusal_basis=None,
    )


def mkt_1(ds: Dataset, wd: WorkingDays) -> None:
    """A campaign to a person who never consented; near-miss: sent the instant consent was given."""
    never = base.new_user(ds, created=ds.local(2024, 4, 1, 12), scopes=("account",))
    ds.plant(
        "MKT-1",
        _message(ds, never, "marketing", ds.local(2025, 2, 3, 10)),
        "marketing with no marketing consent",
    )
    late = base.new_user(ds, created=ds.local(2024, 4, 1, 12), scopes=("account",))
    given = ds.local(2025, 2, 3, 10)
    base.consent(ds, late, "marketing", given)
    ds.near_miss(
        "MKT-1",
        _message(ds, late, "marketing", given),
        "marketing sent in the same second the consent was given",
    )


def mkt_2(ds: Dataset, wd: WorkingDays) -> None:
    """Marketing after an opt-out recorded as processed (policy, strict); near-miss: sent between
    receipt and processing."""

    def user() -> dict[str, Any]:
        return base.new_user(ds, created=ds.local(2024, 2, 1, 12), scopes=("account", "marketing"))

    strict = user()
    _opt_out(ds, strict, ds.local(2025, 9, 1, 10), ds.local(2025, 9, 2, 16))
    ds.plant(
        "MKT-2",
        _message(ds, strict, "marketing", ds.local(2025, 9, 5, 10)),
        "sent 3 days after the opt-out was processed (policy, strict)",
    )
    between = user()
    _opt_out(ds, between, ds.local(2025, 10, 6, 10), ds.local(2025, 10, 8, 16))
    ds.near_miss(
        "MKT-2",
        _message(ds, between, "marketing", ds.local(2025, 10, 7, 9)),
        "sent after the opt-out arrived but before it was processed, within 15 WD",
    )


def mkt_3(ds: Dataset, wd: WorkingDays) -> None:
    """A service e-mail to an account that gave only a phone; near-miss: SMS to that phone."""
    phone_only = base.new_user(ds, created=ds.local(2024, 7, 1, 12), scopes=("account",), email=None)
    ds.plant(
        "MKT-3",
        _message(ds, phone_only, "service", ds.local(2025, 4, 2, 10), "email"),
        "service e-mail, but the account gave no e-mail address",
    )
    ds.near_miss(
        "MKT-3",
        _message(ds, phone_only, "service", ds.local(2025, 4, 2, 11), "sms"),
        "service SMS to the account's phone",
    )


def mkt_4(ds: Dataset, wd: WorkingDays) -> None:
    """Hashed e-mails uploaded to an ad platform; near-miss: an anonymised country-level count."""
    audience = [
        base.new_user(ds, created=ds.local(2024, 1, 10, 12), scopes=("account", "third_party", "advertising"))
        for _ in range(6)
    ]
    for at, fields, anonymised, basis, plant in (
        (ds.local(2025, 6, 9, 11), ["email"], False, "consent", True),
        (ds.local(2025, 6, 16, 11), ["country"], True, "anonymised", False),
    ):
        d = ds.add(
            "disclosures",
            disclosure_id=ds.new_id("dsc"),
            recipient_id="rcp-ad-1",
            disclosed_at=at,
            legal_basis=basis,
            request_id=None,
            anonymised=anonymised,
            fields=fields,
            record_count=len(audience),
            consideration_amount=None,
            destination_country="KZ",
            purpose_code="advertising",
        )
        for u in audience:
            ds.add("disclosure_subjects", disclosure_id=d["disclosure_id"], user_id=u["user_id"])
        if plant:
            ds.plant("MKT-4", d["disclosure_id"], "hashed e-mail audience upload (not depersonalised)")
        else:
            ds.near_miss("MKT-4", d["disclosure_id"], "anonymised country-level audience (k = 6)")


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every marketing violation and near-miss."""
    mkt_1(ds, wd)
    mkt_2(ds, wd)
    mkt_3(ds, wd)
    mkt_4(ds, wd)
