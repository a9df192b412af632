"""Behaviour of the first checks on inline rows: one row that must be found, one near-miss."""

from __future__ import annotations

from tests.conftest import CheckRunner, utc


def test_ret_3_finds_closed_account_kept_past_retention_but_not_one_under_legal_hold(
    run_check: CheckRunner,
) -> None:
    base = {"status": "closed", "closed_at": utc("2025-01-10T10:00+05:00"), "email": "a@b.kz"}
    keys = run_check(
        "RET-3",
        {
            "users": [
                {"user_id": "kept", **base},
                {"user_id": "held", **base, "legal_hold_until": utc("2027-01-01T00:00+05:00").date()},
                {"user_id": "young", **base, "closed_at": utc("2025-11-10T10:00+05:00")},
            ]
        },
    )
    assert keys == {"kept"}


def test_con_3_finds_consent_by_continued_use_but_not_sms_code_with_evidence(
    run_check: CheckRunner,
) -> None:
    given = utc("2024-01-10T10:00+05:00")
    keys = run_check(
        "CON-3",
        {
            "consents": [
                {
                    "consent_id": "c1",
                    "user_id": "u",
                    "scope": "account",
                    "given_at": given,
                    "method": "continued_use",
                    "evidence_ref": "ev-1",
                },
                {
                    "consent_id": "c2",
                    "user_id": "u",
                    "scope": "account",
                    "given_at": given,
                    "method": "sms_code",
                    "evidence_ref": "ev-2",
                },
                {
                    "consent_id": "c3",
                    "user_id": "u",
                    "scope": "account",
                    "given_at": given,
                    "method": "web_form",
                    "evidence_ref": None,
                },
            ]
        },
    )
    assert keys == {"c1", "c3"}


def test_dis_5_finds_paid_disclosure_but_not_zero_consideration(run_check: CheckRunner) -> None:
    at = utc("2025-03-12T10:00+05:00")
    keys = run_check(
        "DIS-5",
        {
            "recipients": [{"recipient_id": "r", "name": "Partner", "kind": "affiliate"}],
            "disclosures": [
                {
                    "disclosure_id": "paid",
                    "recipient_id": "r",
                    "disclosed_at": at,
                    "consideration_amount": 10.0,
                },
                {
                    "disclosure_id": "free",
                    "recipient_id": "r",
                    "disclosed_at": at,
                    "consideration_amount": 0.0,
                },
            ],
        },
    )
    assert keys == {"paid"}


def test_dsr_1_counts_working_days_across_transfer_and_holidays(run_check: CheckRunner) -> None:
    # Fri 2024-05-03 + 3 working days: Sat 05-04 (transfer, working), Mon 05-06, then
    # 05-07..05-09 are days off, so the 3rd working day is Fri 05-10.
    received = utc("2024-05-03T17:00+05:00")
    keys = run_check(
        "DSR-1",
        {
            "dsr_requests": [
                {
                    "request_id": "on_time",
                    "user_id": "u",
                    "kind": "access",
                    "received_at": received,
                    "answered_at": utc("2024-05-10T23:30+05:00"),
                },
                {
                    "request_id": "late",
                    "user_id": "u",
                    "kind": "access",
                    "received_at": received,
                    "answered_at": utc("2024-05-11T00:30+05:00"),
                },
                {"request_id": "unanswered", "user_id": "u", "kind": "access", "received_at": received},
            ]
        },
    )
    assert keys == {"late", "unanswered"}
