"""Marketing checks on inline rows: one row that must be found, one near-miss that must not."""

from __future__ import annotations

from tests.conftest import CheckRunner, utc


def _msg(mid: str, user: str, at: str, kind: str = "marketing", channel: str = "email") -> dict[str, object]:
    return {"message_id": mid, "user_id": user, "channel": channel, "kind": kind, "sent_at": utc(at)}


def _consent(cid: str, user: str, scope: str, given: str) -> dict[str, object]:
    return {
        "consent_id": cid,
        "user_id": user,
        "scope": scope,
        "given_at": utc(given),
        "method": "web_form",
        "evidence_ref": "ev",
        "given_by": "subject",
    }


def test_mkt_1_finds_marketing_before_any_consent_but_not_one_sent_after_it(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "MKT-1",
        {
            "consents": [
                _consent("c1", "u", "marketing", "2025-02-01T10:00+05:00"),
                _consent("c2", "v", "account", "2025-01-01T10:00+05:00"),
            ],
            "communications": [
                _msg("early", "u", "2025-02-01T09:59+05:00"),
                _msg("ok", "u", "2025-02-01T10:00+05:00"),
                _msg("never", "v", "2025-03-01T10:00+05:00"),
                _msg("service", "v", "2025-03-01T10:00+05:00", kind="service"),
            ],
        },
    )
    assert keys == {"early", "never"}


def test_mkt_2_names_legal_and_strict_breaches_and_spares_sends_before_processing(
    run_check: CheckRunner,
) -> None:
    # received Fri 2026-03-13: the 15th working day (Nauryz off) is Wed 2026-04-08.
    withdrawal = {
        "consent_id": "c1",
        "scope": "marketing",
        "received_at": utc("2026-03-13T16:00+05:00"),
        "outcome": "stopped",
    }
    keys = run_check(
        "MKT-2",
        {
            "consents": [
                _consent("c1", "u", "marketing", "2025-01-01T10:00+05:00"),
                _consent("c2", "r", "marketing", "2025-01-01T10:00+05:00"),
                _consent("c3", "r", "marketing", "2026-04-10T10:00+05:00"),
            ],
            "consent_withdrawals": [
                {"withdrawal_id": "w_late", "user_id": "u", **withdrawal, "processed_at": None},
                {
                    "withdrawal_id": "w_strict",
                    "user_id": "s",
                    **withdrawal,
                    "processed_at": utc("2026-03-16T12:00+05:00"),
                },
                {
                    "withdrawal_id": "w_renew",
                    "user_id": "r",
                    **withdrawal,
                    "processed_at": utc("2026-03-16T12:00+05:00"),
                },
            ],
            "communications": [
                _msg("on_deadline_day", "u", "2026-04-08T23:00+05:00"),
                _msg("legal", "u", "2026-04-09T09:00+05:00"),
                _msg("strict", "s", "2026-03-17T09:00+05:00"),
                _msg("before_processing", "s", "2026-03-16T11:00+05:00"),
                _msg("after_renewal", "r", "2026-04-20T09:00+05:00"),
            ],
        },
    )
    assert keys == {"legal", "strict"}


def test_mkt_3_finds_service_email_to_account_without_email_but_not_sms(
    run_check: CheckRunner,
) -> None:
    at = "2025-05-05T10:00+05:00"
    keys = run_check(
        "MKT-3",
        {
            "users": [
                {"user_id": "phone_only", "status": "active", "email": None, "phone": "+77010000000"},
                {"user_id": "gone", "status": "destroyed", "email": None, "phone": None},
            ],
            "communications": [
                _msg("email_off_account", "phone_only", at, kind="service", channel="email"),
                _msg("sms_on_account", "phone_only", at, kind="service", channel="sms"),
                _msg("to_destroyed", "gone", at, kind="service", channel="email"),
                _msg("push", "gone", at, kind="service", channel="push"),
            ],
        },
    )
    assert keys == {"email_off_account"}


def test_mkt_4_finds_hashed_email_upload_but_not_anonymised_audience(
    run_check: CheckRunner,
) -> None:
    at = utc("2025-05-05T10:00+05:00")
    keys = run_check(
        "MKT-4",
        {
            "recipients": [
                {"recipient_id": "ads", "name": "Ads", "kind": "ad_platform"},
                {"recipient_id": "aff", "name": "Aff", "kind": "affiliate"},
            ],
            "disclosures": [
                {
                    "disclosure_id": "hashed",
                    "recipient_id": "ads",
                    "disclosed_at": at,
                    "legal_basis": "consent",
                    "anonymised": False,
                    "fields": ["email"],
                },
                {
                    "disclosure_id": "labelled",
                    "recipient_id": "ads",
                    "disclosed_at": at,
                    "legal_basis": "anonymised",
                    "anonymised": True,
                    "fields": ["phone", "age_band"],
                },
                {
                    "disclosure_id": "audience",
                    "recipient_id": "ads",
                    "disclosed_at": at,
                    "legal_basis": "anonymised",
                    "anonymised": True,
                    "fields": ["age_band", "city"],
                },
                {
                    "disclosure_id": "affiliate",
                    "recipient_id": "aff",
                    "disclosed_at": at,
                    "legal_basis": "consent",
                    "anonymised": False,
                    "fields": ["email"],
                },
            ],
        },
    )
    assert keys == {"hashed", "labelled"}
