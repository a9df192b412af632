"""Consent plants: CON-*."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo import base
from wgp_audit.demo.activity import at_local
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


def _withdrawal(
    ds: Dataset,
    user: dict[str, Any],
    received: dt.datetime,
    processed: dt.datetime | None,
    outcome: str | None,
    refusal_basis: str | None = None,
) -> str:
    """Add a withdrawal of the user's marketing consent; returns its withdrawal_id."""
    (mkt,) = [c for c in ds.find("consents", user_id=user["user_id"]) if c["scope"] == "marketing"]
    row = ds.add(
        "consent_withdrawals",
        withdrawal_id=ds.new_id("wdr"),
        consent_id=mkt["consent_id"],
        user_id=user["user_id"],
        scope="marketing",
        received_at=received,
        processed_at=processed,
        outcome=outcome,
        refusal_basis=refusal_basis,
    )
    return str(row["withdrawal_id"])


def con_1(ds: Dataset, wd: WorkingDays) -> None:
    """Accounts created before any consent (since destroyed, so RET-4 stays clean); near-miss:
    consent given in the same second as the account."""
    late = base.new_user(ds, created=ds.local(2024, 2, 5, 12), scopes=())
    base.consent(ds, late, "account", ds.local(2024, 2, 7, 9))
    base.destroy_user(ds, late, None, wd, reason="unlawful", trigger=ds.local(2024, 3, 4, 10))
    ds.plant("CON-1", str(late["user_id"]), "account created two days before its first consent")
    never = base.new_user(ds, created=ds.local(2024, 8, 12, 15), scopes=())
    base.destroy_user(ds, never, None, wd, reason="unlawful", trigger=ds.local(2024, 9, 2, 10))
    ds.plant("CON-1", str(never["user_id"]), "account created with no consent at all")
    created = ds.local(2025, 1, 20, 14)
    same = base.new_user(ds, created=created, scopes=())
    base.consent(ds, same, "account", created)
    ds.near_miss("CON-1", str(same["user_id"]), "consent given in the same second as the account")


def con_2(ds: Dataset, wd: WorkingDays) -> None:
    """Consents naming another BIN or no data list; near-miss: the operator's BIN with spaces."""
    at = ds.local(2024, 4, 8, 11)
    wrong_bin = base.consent(
        ds,
        base.new_user(ds, created=at, scopes=()),
        "account",
        at - dt.timedelta(seconds=30),
        operator_bin="990140000001",
    )
    ds.plant("CON-2", wrong_bin["consent_id"], "consent names another company's BIN")
    no_list = base.consent(
        ds,
        base.new_user(ds, created=at, scopes=()),
        "account",
        at - dt.timedelta(seconds=30),
        states_data_list=False,
    )
    ds.plant("CON-2", no_list["consent_id"], "consent does not state the list of data")
    spaced = base.consent(
        ds,
        base.new_user(ds, created=at, scopes=()),
        "account",
        at - dt.timedelta(seconds=30),
        operator_bin="1505 4001 2345",
    )
    ds.near_miss("CON-2", spaced["consent_id"], "operator BIN written with spaces")


def con_4(ds: Dataset, wd: WorkingDays) -> None:
    """Marketing after the marketing consent expired; near-misses: last hour, after renewal."""
    created = ds.local(2024, 3, 1, 12)
    expiry = ds.local(2025, 6, 30, 23, 59)
    lapsed = base.new_user(ds, created=created, scopes=("account",))
    base.consent(ds, lapsed, "marketing", created - dt.timedelta(seconds=20), valid_until=expiry)
    ds.near_miss(
        "CON-4",
        _message(ds, lapsed, "marketing", ds.local(2025, 6, 30, 22)),
        "marketing sent an hour before the consent expired",
    )
    ds.plant(
        "CON-4",
        _message(ds, lapsed, "marketing", ds.local(2025, 7, 3, 10)),
        "marketing sent 3 days after the consent expired",
    )
    renewed = base.new_user(ds, created=created, scopes=("account",))
    base.consent(ds, renewed, "marketing", created - dt.timedelta(seconds=20), valid_until=expiry)
    base.consent(ds, renewed, "marketing", ds.local(2025, 7, 10, 9))
    ds.near_miss(
        "CON-4",
        _message(ds, renewed, "marketing", ds.local(2025, 7, 15, 10)),
        "marketing sent after the expired consent was renewed",
    )


def con_5(ds: Dataset, wd: WorkingDays) -> None:
    """Withdrawals (in force from 2026-01-18) late, ignored, refused bare; near-misses: 15th
    working day across Nauryz, and a late one received before the rule was in force."""

    def user() -> dict[str, Any]:
        return base.new_user(ds, created=ds.local(2024, 5, 6, 12), scopes=("account", "marketing"))

    late = user()
    received = ds.local(2026, 3, 2, 10)
    key = _withdrawal(ds, late, received, at_local(wd.nth_after(received.date(), 17), 12), "stopped")
    ds.plant("CON-5", key, "withdrawal processed on the 17th working day")
    # Opt-out recorded on time but marketing kept going: also a legal MKT-2 breach.
    ignored = user()
    received = ds.local(2026, 4, 1, 10)
    key = _withdrawal(ds, ignored, received, at_local(wd.nth_after(received.date(), 2), 16), "stopped")
    ds.plant("CON-5", key, "marketing still sent after the 15-working-day deadline")
    sent = _message(ds, ignored, "marketing", at_local(wd.nth_after(received.date(), 16), 10))
    ds.plant("MKT-2", sent, "sent on the 16th working day after the opt-out (legal breach)")
    bare = user()
    received = ds.local(2026, 5, 12, 10)
    key = _withdrawal(ds, bare, received, at_local(wd.nth_after(received.date(), 3), 16), "refused")
    ds.plant("CON-5", key, "withdrawal refused with no legal basis stated")
    # received Fri 2026-03-13; Nauryz 23-25 March: the 15th working day is Wed 2026-04-08
    last_day = user()
    key = _withdrawal(ds, last_day, ds.local(2026, 3, 13, 16), ds.local(2026, 4, 8, 23), "stopped")
    ds.near_miss("CON-5", key, "processed at 23:00 on the 15th working day, across Nauryz")
    early = user()
    received = ds.local(2025, 11, 3, 10)
    key = _withdrawal(ds, early, received, at_local(wd.nth_after(received.date(), 17), 12), "stopped")
    ds.near_miss("CON-5", key, "17 working days, but received before Art. 8(7) was in force")


def con_6(ds: Dataset, wd: WorkingDays) -> None:
    """An affiliate transfer to Germany on consent without cross-border consent; near-miss: a
    co-subject who gave it."""
    created = ds.local(2024, 1, 15, 12)
    lacking = base.new_user(ds, created=created, scopes=("account", "third_party"))
    covered = base.new_user(ds, created=created, scopes=("account", "third_party", "cross_border"))
    d = ds.add(
        "disclosures",
        disclosure_id=ds.new_id("dsc"),
        recipient_id="rcp-aff-1",
        disclosed_at=ds.local(2025, 10, 14, 11),
        legal_basis="consent",
        request_id=None,
        anonymised=False,
        fields=["full_name", "email"],
        record_count=2,
        consideration_amount=None,
        destination_country="DE",
        purpose_code="customer_service",
    )
    for u in (lacking, covered):
        ds.add("disclosure_subjects", disclosure_id=d["disclosure_id"], user_id=u["user_id"])
    ds.plant(
        "CON-6",
        f"{d['disclosure_id']}:{lacking['user_id']}",
        "sent to Germany without a cross-border consent",
    )
    ds.near_miss(
        "CON-6",
        f"{d['disclosure_id']}:{covered['user_id']}",
        "same transfer, subject consented to cross-border transfer",
    )


def con_8(ds: Dataset, wd: WorkingDays) -> None:
    """A pre-2023 account still active that never accepted the 2023-01-12 version; near-miss:
    one that accepted it by a web form."""
    created = ds.local(2022, 9, 1, 12)
    stale = base.new_user(ds, created=created, scopes=())
    base.consent(ds, stale, "account", created - dt.timedelta(seconds=30), policy_version_id=None)
    ds.plant(
        "CON-8",
        f"{stale['user_id']}:pv-2023-01-12",
        "active after 2023-01-12 with no consent to that version",
    )
    renewed = base.new_user(ds, created=created, scopes=())
    base.consent(ds, renewed, "account", created - dt.timedelta(seconds=30), policy_version_id=None)
    base.consent(ds, renewed, "account", ds.local(2023, 2, 1, 10))
    ds.near_miss(
        "CON-8", f"{renewed['user_id']}:pv-2023-01-12", "accepted the 2023-01-12 version on 2023-02-01"
    )


def _born(user: dict[str, Any], birth: dt.date) -> dict[str, Any]:
    """Set the user's birth date and the IIN that goes with it."""
    # keep the IIN consistent with the birth date given (YYMMDD, then century and sex)
    male = int(user["iin"][6]) % 2 == 1
    century_sex = (3 if male else 4) if birth.year < 2000 else (5 if male else 6)
    user.update(birth_date=birth, iin=base.valid_iin(f"{birth:%y%m%d}{century_sex}{user['iin'][7:11]}"))
    return user


def con_9(ds: Dataset, wd: WorkingDays) -> None:
    """A 16-year-old consenting alone, in the period and before it (still in force); near-misses:
    through a legal representative, on the 18th birthday, and a minor's consent that expired
    before the period."""
    created = ds.local(2024, 6, 3, 12)
    alone = _born(base.new_user(ds, created=created, scopes=()), dt.date(2008, 1, 20))
    c = base.consent(ds, alone, "account", created - dt.timedelta(seconds=30))
    ds.plant("CON-9", c["consent_id"], "16-year-old consented alone")
    rep = _born(base.new_user(ds, created=created, scopes=()), dt.date(2008, 2, 11))
    c = base.consent(
        ds,
        rep,
        "account",
        created - dt.timedelta(seconds=30),
        given_by="legal_rep",
        representative_id="rep-000001",
    )
    ds.near_miss("CON-9", c["consent_id"], "16-year-old's consent given by a parent")
    adult = _born(base.new_user(ds, created=created, scopes=()), dt.date(2006, 6, 3))
    c = base.consent(ds, adult, "account", created - dt.timedelta(seconds=30))
    ds.near_miss("CON-9", c["consent_id"], "consent given on the 18th birthday")
    # CON-9 judges a state: a minor's consent given before the audit period (which starts
    # 2023-01-01) counts while it is still in force during it, not once it has ended.
    created = ds.local(2022, 5, 10, 12)
    kept = _born(base.new_user(ds, created=created, scopes=()), dt.date(2006, 1, 20))
    c = base.consent(ds, kept, "account", created - dt.timedelta(seconds=30))
    ds.plant("CON-9", c["consent_id"], "16-year-old consented alone in 2022, still in force")
    created = ds.local(2022, 3, 1, 12)
    ended = _born(base.new_user(ds, created=created, scopes=()), dt.date(2006, 2, 11))
    c = base.consent(
        ds, ended, "account", created - dt.timedelta(seconds=30), valid_until=ds.local(2022, 12, 1, 0)
    )
    base.consent(ds, ended, "account", ds.local(2024, 2, 12, 9))
    ds.near_miss(
        "CON-9",
        c["consent_id"],
        "16-year-old consented alone in 2022; that consent expired before the period",
    )


def con_10(ds: Dataset, wd: WorkingDays) -> None:
    """An identifiable analytics transfer for a person with no analytics consent; near-miss: a
    co-subject who gave one."""
    created = ds.local(2024, 2, 12, 12)
    bare = base.new_user(ds, created=created, scopes=("account", "third_party"))
    consented = base.new_user(ds, created=created, scopes=("account", "third_party", "analytics"))
    d = ds.add(
        "disclosures",
        disclosure_id=ds.new_id("dsc"),
        recipient_id="rcp-aff-2",
        disclosed_at=ds.local(2025, 5, 19, 11),
        legal_basis="consent",
        request_id=None,
        anonymised=False,
        fields=["email", "city"],
        record_count=2,
        consideration_amount=None,
        destination_country="KZ",
        purpose_code="analytics",
    )
    for u in (bare, consented):
        ds.add("disclosure_subjects", disclosure_id=d["disclosure_id"], user_id=u["user_id"])
    ds.plant(
        "CON-10",
        f"{d['disclosure_id']}:{bare['user_id']}",
        "analytics transfer without analytics consent or Art. 9 ground",
    )
    ds.near_miss(
        "CON-10",
        f"{d['disclosure_id']}:{consented['user_id']}",
        "same transfer, subject consented to analytics",
    )


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """Plant every consent violation and near-miss."""
    con_3(ds, wd)  # first: it samples base consents, and must not pick a planted one
    con_1(ds, wd)
    con_2(ds, wd)
    con_4(ds, wd)
    con_5(ds, wd)
    con_6(ds, wd)
    con_8(ds, wd)
    con_9(ds, wd)
    con_10(ds, wd)
