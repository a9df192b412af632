"""Request-handling checks on inline rows: one row that must be found, the near-miss that must not."""

from __future__ import annotations

from typing import Any

from tests.conftest import CheckRunner, utc

ALL_ELEMENTS = ["confirmation", "purpose", "sources", "methods", "data_list", "terms"]
# Thu 2025-03-20: Fri 03-21 and Mon-Tue 03-24/25 are Nauryz days off, so the 1st working day
# after it is Wed 2025-03-26.
NAURYZ_EVE = utc("2025-03-20T16:00+05:00")


def _req(request_id: str, kind: str, **extra: Any) -> dict[str, Any]:
    row = {
        "request_id": request_id,
        "user_id": "u",
        "kind": kind,
        "channel": "e_document",
        "received_at": NAURYZ_EVE,
        "identity_verified_at": NAURYZ_EVE,
    }
    row.update(extra)
    return row


def test_dsr_2_finds_access_answer_missing_an_element_but_not_a_complete_one(
    run_check: CheckRunner,
) -> None:
    answered = utc("2025-03-26T12:00+05:00")
    keys = run_check(
        "DSR-2",
        {
            "dsr_requests": [
                _req(
                    "no_terms",
                    "access",
                    answered_at=answered,
                    outcome="granted",
                    response_elements=ALL_ELEMENTS[:-1],
                ),
                _req("empty", "access", answered_at=answered, outcome="partial", response_elements=None),
                _req(
                    "complete",
                    "access",
                    answered_at=answered,
                    outcome="granted",
                    response_elements=[*ALL_ELEMENTS, "third_parties"],
                ),
                _req(
                    "refused",
                    "access",
                    answered_at=answered,
                    outcome="refused",
                    refusal_reason="identity not proven",
                    response_elements=None,
                ),
            ]
        },
    )
    assert keys == {"no_terms", "empty"}


def test_dsr_3_finds_unreasoned_and_late_refusals_but_not_one_on_time_across_nauryz(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "DSR-3",
        {
            "dsr_requests": [
                _req(
                    "unreasoned",
                    "access",
                    outcome="refused",
                    refusal_reason="  ",
                    answered_at=utc("2025-03-26T10:00+05:00"),
                ),
                _req(
                    "late",
                    "block",
                    outcome="refused",
                    refusal_reason="no violation shown",
                    answered_at=utc("2025-03-27T10:00+05:00"),
                ),
                _req("unsent", "destroy", outcome="refused", refusal_reason="data kept by law"),
                _req(
                    "on_time",
                    "block",
                    outcome="refused",
                    refusal_reason="no violation shown",
                    answered_at=utc("2025-03-26T23:00+05:00"),
                ),
                _req("granted_late", "block", outcome="granted", answered_at=utc("2025-03-27T10:00+05:00")),
            ]
        },
    )
    assert keys == {"unreasoned", "late", "unsent"}


def test_dsr_4_finds_a_fee_for_access_but_not_a_zero_fee(run_check: CheckRunner) -> None:
    keys = run_check(
        "DSR-4",
        {
            "dsr_requests": [
                _req("paid", "access", fee_charged=1500.0),
                _req("free", "access", fee_charged=0.0),
                _req("unrecorded", "access", fee_charged=None),
            ]
        },
    )
    assert keys == {"paid"}


def test_dsr_5_counts_the_working_saturday_after_the_documents(run_check: CheckRunner) -> None:
    # documents Fri 2024-05-03; Sat 2024-05-04 is a working day (transfer), so it is the deadline
    docs = utc("2024-05-03T15:00+05:00")
    keys = run_check(
        "DSR-5",
        {
            "dsr_requests": [
                _req(
                    "saturday", "rectify", docs_received_at=docs, completed_at=utc("2024-05-04T20:00+05:00")
                ),
                _req("monday", "rectify", docs_received_at=docs, completed_at=utc("2024-05-06T09:00+05:00")),
                _req("undone", "rectify", docs_received_at=docs),
                _req("no_docs_yet", "rectify", docs_received_at=None),
            ]
        },
    )
    assert keys == {"monday", "undone"}


def test_dsr_6_finds_late_block_and_unblock_but_not_on_time_across_nauryz(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "DSR-6",
        {
            "dsr_requests": [
                _req("block_on_time", "block", completed_at=utc("2025-03-26T18:00+05:00")),
                _req("unblock_late", "unblock", completed_at=utc("2025-03-27T09:00+05:00")),
                _req("block_undone", "block"),
                _req("block_refused", "block", outcome="refused", refusal_reason="not confirmed"),
            ]
        },
    )
    assert keys == {"unblock_late", "block_undone"}


def test_dsr_7_finds_late_or_missing_destruction_but_not_one_on_time_across_nauryz(
    run_check: CheckRunner,
) -> None:
    def destroyed(user_id: str, at: str) -> dict[str, Any]:
        return {
            "destruction_id": f"d-{user_id}",
            "user_id": user_id,
            "store_id": "st-primary",
            "reason": "request",
            "triggered_at": NAURYZ_EVE,
            "destroyed_at": utc(at),
        }

    keys = run_check(
        "DSR-7",
        {
            "dsr_requests": [
                _req("on_time", "destroy", user_id="a", outcome="granted"),
                _req("late", "destroy", user_id="b", outcome="granted"),
                _req("missing", "destroy", user_id="c", outcome="granted"),
                _req("refused", "destroy", user_id="d", outcome="refused", refusal_reason="lawful"),
            ],
            "destruction_records": [
                destroyed("a", "2025-03-26T23:00+05:00"),
                destroyed("b", "2025-03-27T08:00+05:00"),
            ],
        },
    )
    assert keys == {"late", "missing"}


def test_dsr_8_finds_missing_channel_and_release_before_verification(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "DSR-8",
        {
            "dsr_requests": [
                _req("no_channel", "rectify", channel=" "),
                _req(
                    "released_early",
                    "access",
                    outcome="granted",
                    identity_verified_at=utc("2025-03-26T12:00+05:00"),
                    answered_at=utc("2025-03-26T11:00+05:00"),
                ),
                _req(
                    "never_verified",
                    "access",
                    outcome="partial",
                    identity_verified_at=None,
                    answered_at=utc("2025-03-26T11:00+05:00"),
                ),
                _req(
                    "verified_first",
                    "access",
                    outcome="granted",
                    identity_verified_at=utc("2025-03-26T11:00+05:00"),
                    answered_at=utc("2025-03-26T11:00+05:00"),
                ),
                _req(
                    "refused_unverified",
                    "access",
                    outcome="refused",
                    identity_verified_at=None,
                    answered_at=utc("2025-03-26T11:00+05:00"),
                ),
            ]
        },
    )
    assert keys == {"no_channel", "released_early", "never_verified"}
