"""Compliant activity over the demo period: messages, tickets, withdrawals, disclosures, requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.dataset import LOCAL, Dataset

UTC = dt.UTC


def at_local(day: dt.date, hour: int = 11, minute: int = 0) -> dt.datetime:
    """An instant on a local calendar day, in UTC."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL).astimezone(UTC)


def living(ds: Dataset) -> list[dict[str, Any]]:
    """Users whose personal data is still held (active or closed, not destroyed)."""
    return [u for u in ds.rows("users") if u["status"] != "destroyed"]


def scopes_of(ds: Dataset, user_id: str) -> dict[str, dict[str, Any]]:
    """The user's consents keyed by scope (one per scope in the base data)."""
    return {c["scope"]: c for c in ds.rows("consents") if c["user_id"] == user_id}


def communications(ds: Dataset, wd: WorkingDays) -> None:
    """Service messages to anyone; marketing only under an active marketing consent."""
    by_user: dict[str, dict[str, dict[str, Any]]] = {}
    for c in ds.rows("consents"):
        by_user.setdefault(c["user_id"], {})[c["scope"]] = c
    for user in ds.rows("users"):
        end = user["closed_at"] or ds.as_of
        for _ in range(ds.rng.randrange(0, 3)):
            ds.add(
                "communications",
                message_id=ds.new_id("msg"),
                user_id=user["user_id"],
                channel=ds.rng.choice(("email", "sms", "push")),
                kind="service",
                campaign_id=None,
                sent_at=ds.between(user["created_at"], end),
                provider_recipient_id="rcp-sp-sms",
            )
        mkt = by_user.get(user["user_id"], {}).get("marketing")
        if mkt is None:
            continue
        stop = end
        if ds.rng.random() < 0.08 and user["status"] == "active":
            received = ds.between(mkt["given_at"] + dt.timedelta(days=10), ds.as_of - dt.timedelta(days=40))
            processed_day = wd.nth_after(received.astimezone(LOCAL).date(), ds.rng.randrange(1, 10))
            ds.add(
                "consent_withdrawals",
                withdrawal_id=ds.new_id("wdr"),
                consent_id=mkt["consent_id"],
                user_id=user["user_id"],
                scope="marketing",
                received_at=received,
                processed_at=at_local(processed_day, 16),
                outcome="stopped",
                refusal_basis=None,
            )
            stop = received
        for _ in range(ds.rng.randrange(0, 4)):
            sent = ds.between(mkt["given_at"] + dt.timedelta(minutes=5), stop)
            if sent >= stop:
                continue
            ds.add(
                "communications",
                message_id=ds.new_id("msg"),
                user_id=user["user_id"],
                channel=ds.rng.choice(("email", "sms")),
                kind="marketing",
                campaign_id=f"cmp-{sent:%Y%m}",
                sent_at=sent,
                provider_recipient_id="rcp-sp-sms",
            )


def tickets(ds: Dataset) -> None:
    """Support tickets; bodies of tickets closed longer ago than retention are already erased."""
    cutoff = ds.as_of - dt.timedelta(days=730)
    for user in ds.rng.sample(living(ds), k=len(living(ds)) // 5):
        opened = ds.between(user["created_at"], ds.as_of - dt.timedelta(days=3))
        closed = opened + dt.timedelta(hours=ds.rng.randrange(2, 96))
        body = ds.rng.choice(
            (
                "Cannot log in after password change",
                "Please update my delivery city",
                "Question about the invoice for last month",
                "The page shows an error 500",
            )
        )
        ds.add(
            "support_tickets",
            ticket_id=ds.new_id("tkt"),
            user_id=user["user_id"],
            opened_at=opened,
            closed_at=closed,
            channel=ds.rng.choice(("web", "email", "phone")),
            body=None if closed < cutoff else body,
        )


def requests(ds: Dataset, wd: WorkingDays) -> None:
    """Data-subject requests answered within the working-day deadlines."""
    elements = ["confirmation", "purpose", "sources", "methods", "data_list", "terms", "third_parties"]
    pool = living(ds)
    for user in ds.rng.sample(pool, k=max(len(pool) // 40, 10)):
        received = ds.between(
            max(user["created_at"], ds.start + dt.timedelta(days=30)), ds.as_of - dt.timedelta(days=10)
        )
        day = received.astimezone(LOCAL).date()
        kind = ds.rng.choice(("access", "access", "rectify"))
        verified = received + dt.timedelta(hours=2)
        if kind == "access":
            answered = at_local(wd.nth_after(day, ds.rng.randrange(1, 4)), 15)
            ds.add(
                "dsr_requests",
                request_id=ds.new_id("dsr"),
                user_id=user["user_id"],
                kind="access",
                channel="e_document",
                received_at=received,
                identity_verified_at=verified,
                docs_received_at=None,
                answered_at=answered,
                completed_at=answered,
                outcome="granted",
                refusal_reason=None,
                fee_charged=0,
                response_elements=list(elements),
            )
        else:
            done = at_local(wd.nth_after(day, 1), 12)
            ds.add(
                "dsr_requests",
                request_id=ds.new_id("dsr"),
                user_id=user["user_id"],
                kind="rectify",
                channel="written",
                received_at=received,
                identity_verified_at=verified,
                docs_received_at=received,
                answered_at=done,
                completed_at=done,
                outcome="granted",
                refusal_reason=None,
                fee_charged=0,
                response_elements=None,
            )


def disclosures(ds: Dataset, wd: WorkingDays) -> None:
    """Affiliate transfers under consent, authority requests, court orders, anonymised research."""
    consents: dict[str, dict[str, dict[str, Any]]] = {}
    for c in ds.rows("consents"):
        consents.setdefault(c["user_id"], {})[c["scope"]] = c
    tp = [u for u in living(ds) if "third_party" in consents.get(u["user_id"], {})]
    for i in range(12):
        group = ds.rng.sample(tp, k=min(len(tp), ds.rng.randrange(3, 12)))
        latest = max(consents[u["user_id"]]["third_party"]["given_at"] for u in group)
        at = ds.between(latest + dt.timedelta(days=1), ds.as_of - dt.timedelta(days=20))
        d = ds.add(
            "disclosures",
            disclosure_id=ds.new_id("dsc"),
            recipient_id=f"rcp-aff-{1 + i % 2}",
            disclosed_at=at,
            legal_basis="consent",
            request_id=None,
            anonymised=False,
            fields=["full_name", "email"],
            record_count=len(group),
            consideration_amount=None,
            destination_country="KZ",
            purpose_code="customer_service",
        )
        notify_day = wd.nth_after(at.astimezone(LOCAL).date(), ds.rng.randrange(1, 10))
        for u in group:
            ds.add("disclosure_subjects", disclosure_id=d["disclosure_id"], user_id=u["user_id"])
            if consents[u["user_id"]]["third_party"]["notify_on_transfer"]:
                ds.add(
                    "transfer_notifications",
                    notification_id=ds.new_id("ntf"),
                    disclosure_id=d["disclosure_id"],
                    user_id=u["user_id"],
                    sent_at=at_local(notify_day, 10),
                )
    pool = living(ds)
    for kind, rid, basis in (
        ("police", "rcp-gov-police", "authority_request"),
        ("tax", "rcp-gov-tax", "authority_request"),
        ("court", "rcp-court-1", "court_order"),
    ):
        for _ in range(3):
            user = ds.rng.choice(pool)
            received = ds.between(max(user["created_at"], ds.start), ds.as_of - dt.timedelta(days=15))
            req = ds.add(
                "legal_requests",
                request_id=ds.new_id("lrq"),
                authority_name=ds.find("recipients", recipient_id=rid)[0]["name"],
                authority_kind=kind,
                received_at=received,
                legal_basis_ref=f"No. {ds.rng.randrange(100, 999)}-{received:%Y}",
                scope_fields=["full_name", "phone", "iin"],
            )
            d = ds.add(
                "disclosures",
                disclosure_id=ds.new_id("dsc"),
                recipient_id=rid,
                disclosed_at=received + dt.timedelta(days=2),
                legal_basis=basis,
                request_id=req["request_id"],
                anonymised=False,
                fields=["full_name", "phone"],
                record_count=1,
                consideration_amount=None,
                destination_country="KZ",
                purpose_code="enforcement",
            )
            ds.add("disclosure_subjects", disclosure_id=d["disclosure_id"], user_id=user["user_id"])
    for _ in range(3):
        at = ds.between(ds.start + dt.timedelta(days=200), ds.as_of - dt.timedelta(days=5))
        cohort = [u for u in pool if u["created_at"] < at and u["birth_date"] is not None]
        d = ds.add(
            "disclosures",
            disclosure_id=ds.new_id("dsc"),
            recipient_id="rcp-res-1",
            disclosed_at=at,
            legal_basis="anonymised",
            request_id=None,
            anonymised=True,
            fields=["age_band", "country"],
            record_count=len(cohort),
            consideration_amount=None,
            destination_country="KZ",
            purpose_code="research",
        )
        for u in cohort:
            ds.add("disclosure_subjects", disclosure_id=d["disclosure_id"], user_id=u["user_id"])


def incidents(ds: Dataset, wd: WorkingDays) -> None:
    """Security incidents; breaches detected after 01.07.2024 notified within one working day."""
    for _ in range(4):
        detected = ds.between(ds.local(2024, 7, 2), ds.as_of - dt.timedelta(days=10))
        notified = at_local(wd.nth_after(detected.astimezone(LOCAL).date(), 1), 9)
        ds.add(
            "security_incidents",
            incident_id=ds.new_id("inc"),
            detected_at=detected,
            personal_data_breach=True,
            affected_count=ds.rng.randrange(3, 400),
            authority_notified_at=notified,
            contact_included=True,
            measures_taken="Credentials rotated; affected accounts locked; subjects notified",
        )
    ds.add(
        "security_incidents",
        incident_id=ds.new_id("inc"),
        detected_at=ds.local(2025, 2, 3, 14),
        personal_data_breach=False,
        affected_count=0,
        authority_notified_at=None,
        contact_included=None,
        measures_taken="DDoS filtered upstream",
    )
