"""Retention checks on inline rows: one row that must be found, the near-miss that must not."""

from __future__ import annotations

from tests.conftest import CheckRunner, utc

PERSON = {"full_name": "X", "email": "x@example.kz"}


def test_ret_2_finds_ticket_body_kept_past_retention_counting_grace_over_nauryz(
    run_check: CheckRunner,
) -> None:
    # closed 2024-03-20 + 730 days = Fri 2026-03-20; 21-25 March 2026 are days off (Nauryz
    # and the weekend), so the one grace working day ends on Thu 2026-03-26.
    ticket = {
        "user_id": "u",
        "opened_at": utc("2024-03-19T10:00+05:00"),
        "closed_at": utc("2024-03-20T10:00+05:00"),
        "body": "text",
    }
    rows = {
        "users": [
            {
                "user_id": "u",
                "status": "active",
                "created_at": utc("2024-01-01T10:00+05:00"),
                "last_active_at": utc("2026-03-01T10:00+05:00"),
                **PERSON,
            }
        ],
        "support_tickets": [
            {"ticket_id": "kept", **ticket},
            {"ticket_id": "erased", **ticket, "body": None},
            {"ticket_id": "open", **ticket, "closed_at": None},
        ],
    }
    assert run_check("RET-2", rows, as_of="2026-03-25T23:00+05:00") == set()
    assert run_check("RET-2", rows, as_of="2026-03-27T09:00+05:00") == {"ticket:kept"}


def test_ret_2_finds_inactive_account_but_not_one_under_legal_hold_or_recently_used(
    run_check: CheckRunner,
) -> None:
    old = {
        "status": "active",
        "created_at": utc("2023-01-20T10:00+05:00"),
        "last_active_at": utc("2023-06-01T10:00+05:00"),
        **PERSON,
    }
    keys = run_check(
        "RET-2",
        {
            "users": [
                {"user_id": "dormant", **old},
                {"user_id": "held", **old, "legal_hold_until": utc("2027-06-01T00:00+05:00").date()},
                {"user_id": "recent", **old, "last_active_at": utc("2023-11-20T10:00+05:00")},
                {"user_id": "emptied", **old, "full_name": None, "email": None},
            ]
        },
    )
    assert keys == {"account:dormant"}


def test_ret_4_finds_account_created_before_its_first_consent_while_data_held(
    run_check: CheckRunner,
) -> None:
    created = utc("2024-05-04T10:00+05:00")
    keys = run_check(
        "RET-4",
        {
            "users": [
                {"user_id": "early", "status": "active", "created_at": created, **PERSON},
                {"user_id": "none", "status": "active", "created_at": created, **PERSON},
                {"user_id": "same_second", "status": "active", "created_at": created, **PERSON},
                {"user_id": "wiped", "status": "destroyed", "created_at": created},
            ],
            "consents": [
                {
                    "consent_id": "c1",
                    "user_id": "early",
                    "scope": "account",
                    "given_at": utc("2024-05-04T10:00:01+05:00"),
                },
                {"consent_id": "c2", "user_id": "same_second", "scope": "account", "given_at": created},
                {
                    "consent_id": "c3",
                    "user_id": "wiped",
                    "scope": "account",
                    "given_at": utc("2024-06-01T10:00+05:00"),
                },
            ],
        },
    )
    assert keys == {"early", "none"}
