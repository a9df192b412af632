"""Consent checks on inline rows: one row that must be found, one near-miss that must not."""

from __future__ import annotations

import datetime as dt

from tests.conftest import CheckRunner, utc

BIN = "150540012345"


def _consent(cid: str, user: str, scope: str, given: str, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "consent_id": cid,
        "user_id": user,
        "scope": scope,
        "given_at": utc(given),
        "method": "web_form",
        "evidence_ref": f"ev-{cid}",
        "given_by": "subject",
        "operator_bin": BIN,
        "states_data_list": True,
        "policy_version_id": "pv-1",
    }
    row.update(extra)
    return row


def test_con_1_finds_account_created_before_consent_but_not_one_consented_that_second(
    run_check: CheckRunner,
) -> None:
    created = "2024-02-01T10:00+05:00"
    keys = run_check(
        "CON-1",
        {
            "users": [
                {"user_id": u, "status": "active", "created_at": utc(created)}
                for u in ("late", "none", "same_second")
            ],
            "consents": [
                _consent("c1", "late", "account", "2024-02-01T10:00:01+05:00"),
                _consent("c2", "same_second", "account", created),
            ],
        },
    )
    assert keys == {"late", "none"}


def test_con_2_finds_foreign_bin_and_missing_data_list_but_not_spaced_bin(
    run_check: CheckRunner,
) -> None:
    given = "2024-02-01T10:00+05:00"
    keys = run_check(
        "CON-2",
        {
            "consents": [
                _consent("other_bin", "u", "account", given, operator_bin="990140000001"),
                _consent("no_list", "u", "marketing", given, states_data_list=False),
                _consent("no_bin", "u", "analytics", given, operator_bin=None),
                _consent("spaced", "u", "advertising", given, operator_bin="1505 4001 2345"),
                _consent("before_rule", "u", "research", "2021-12-31T10:00+05:00", operator_bin=None),
            ]
        },
    )
    assert keys == {"other_bin", "no_list", "no_bin"}


def test_con_4_finds_marketing_after_expiry_but_not_on_the_last_valid_minute_or_after_renewal(
    run_check: CheckRunner,
) -> None:
    expiry = utc("2025-06-30T23:59+05:00")

    def msg(mid: str, user: str, at: str) -> dict[str, object]:
        return {
            "message_id": mid,
            "user_id": user,
            "channel": "email",
            "kind": "marketing",
            "sent_at": utc(at),
        }

    keys = run_check(
        "CON-4",
        {
            "consents": [
                _consent("c1", "u1", "marketing", "2024-01-10T10:00+05:00", valid_until=expiry),
                _consent("c2", "u2", "marketing", "2024-01-10T10:00+05:00", valid_until=expiry),
                _consent("c3", "u2", "marketing", "2025-07-05T10:00+05:00"),
            ],
            "communications": [
                msg("after", "u1", "2025-07-01T09:00+05:00"),
                msg("last_minute", "u1", "2025-06-30T23:59+05:00"),
                msg("renewed", "u2", "2025-07-06T09:00+05:00"),
            ],
        },
    )
    assert keys == {"after"}


def test_con_5_counts_15_working_days_across_nauryz_and_finds_late_refused_and_ignored(
    run_check: CheckRunner,
) -> None:
    # received Fri 2026-03-13; Nauryz 23-25 March are days off, so the 15th working day is
    # Wed 2026-04-08.
    received = utc("2026-03-13T16:00+05:00")
    base = {"user_id": "u", "consent_id": "c1", "scope": "marketing", "received_at": received}
    keys = run_check(
        "CON-5",
        {
            "consents": [_consent("c1", "u", "marketing", "2025-01-10T10:00+05:00")],
            "consent_withdrawals": [
                {
                    "withdrawal_id": "on_time",
                    **base,
                    "outcome": "stopped",
                    "processed_at": utc("2026-04-08T23:00+05:00"),
                },
                {
                    "withdrawal_id": "late",
                    **base,
                    "outcome": "stopped",
                    "processed_at": utc("2026-04-09T09:00+05:00"),
                },
                {
                    "withdrawal_id": "refused_bare",
                    **base,
                    "outcome": "refused",
                    "processed_at": utc("2026-03-20T09:00+05:00"),
                    "refusal_basis": " ",
                },
                {
                    "withdrawal_id": "before_law",
                    **base,
                    "received_at": utc("2025-12-01T10:00+05:00"),
                    "outcome": "stopped",
                    "processed_at": utc("2026-02-20T10:00+05:00"),
                },
                {
                    "withdrawal_id": "kept_sending",
                    **base,
                    "user_id": "v",
                    "outcome": "stopped",
                    "processed_at": utc("2026-03-16T10:00+05:00"),
                },
            ],
            "communications": [
                {
                    "message_id": "m1",
                    "user_id": "v",
                    "channel": "sms",
                    "kind": "marketing",
                    "sent_at": utc("2026-04-09T10:00+05:00"),
                },
                {
                    "message_id": "m2",
                    "user_id": "u",
                    "channel": "sms",
                    "kind": "service",
                    "sent_at": utc("2026-04-20T10:00+05:00"),
                },
            ],
        },
    )
    assert keys == {"late", "refused_bare", "kept_sending"}


def test_con_6_finds_cross_border_transfer_without_cross_border_consent(
    run_check: CheckRunner,
) -> None:
    at = utc("2025-04-10T10:00+05:00")
    keys = run_check(
        "CON-6",
        {
            "consents": [
                _consent("c1", "both", "third_party", "2024-01-10T10:00+05:00"),
                _consent("c2", "both", "cross_border", "2024-01-10T10:00+05:00"),
                _consent("c3", "tp_only", "third_party", "2024-01-10T10:00+05:00"),
                _consent("c4", "late_tp", "third_party", "2025-04-11T10:00+05:00"),
            ],
            "disclosures": [
                {
                    "disclosure_id": "abroad",
                    "recipient_id": "r",
                    "disclosed_at": at,
                    "legal_basis": "consent",
                    "anonymised": False,
                    "destination_country": "de",
                },
                {
                    "disclosure_id": "home",
                    "recipient_id": "r",
                    "disclosed_at": at,
                    "legal_basis": "consent",
                    "anonymised": False,
                    "destination_country": "KZ",
                },
            ],
            "disclosure_subjects": [
                {"disclosure_id": "abroad", "user_id": "both"},
                {"disclosure_id": "abroad", "user_id": "tp_only"},
                {"disclosure_id": "home", "user_id": "tp_only"},
                {"disclosure_id": "home", "user_id": "late_tp"},
            ],
        },
    )
    assert keys == {"abroad:tp_only", "home:late_tp"}


def test_con_8_finds_user_active_under_unaccepted_material_version(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "CON-8",
        {
            "policy_versions": [
                {
                    "version_id": "pv-1",
                    "label": "2022-01-01",
                    "effective_at": utc("2022-01-01T00:00+05:00"),
                    "material_change": True,
                },
                {
                    "version_id": "pv-2",
                    "label": "2024-01-01",
                    "effective_at": utc("2024-01-01T00:00+05:00"),
                    "material_change": True,
                },
                {
                    "version_id": "pv-3",
                    "label": "2025-01-01",
                    "effective_at": utc("2025-01-01T00:00+05:00"),
                    "material_change": False,
                },
            ],
            "users": [
                {
                    "user_id": "old",
                    "status": "active",
                    "created_at": utc("2022-05-01T10:00+05:00"),
                    "last_active_at": utc("2025-03-01T10:00+05:00"),
                },
                {
                    "user_id": "renewed",
                    "status": "active",
                    "created_at": utc("2022-05-01T10:00+05:00"),
                    "last_active_at": utc("2025-03-01T10:00+05:00"),
                },
                {
                    "user_id": "new",
                    "status": "active",
                    "created_at": utc("2024-05-01T10:00+05:00"),
                    "last_active_at": utc("2025-03-01T10:00+05:00"),
                },
            ],
            "consents": [
                _consent("c1", "old", "account", "2022-05-01T09:59+05:00", policy_version_id="pv-1"),
                _consent("c2", "renewed", "account", "2022-05-01T09:59+05:00", policy_version_id="pv-1"),
                _consent("c3", "renewed", "account", "2024-02-01T10:00+05:00", policy_version_id="pv-2"),
                _consent("c4", "new", "account", "2024-05-01T09:59+05:00", policy_version_id="pv-2"),
            ],
        },
    )
    assert keys == {"old:pv-2"}


def test_con_9_finds_minor_consenting_alone_but_not_through_a_representative_or_at_18(
    run_check: CheckRunner,
) -> None:
    given = "2025-03-10T10:00+05:00"
    keys = run_check(
        "CON-9",
        {
            "users": [
                {"user_id": "minor", "birth_date": dt.date(2009, 5, 1)},
                {"user_id": "child", "birth_date": dt.date(2013, 5, 1)},
                {"user_id": "adult_today", "birth_date": dt.date(2007, 3, 10)},
            ],
            "consents": [
                _consent("alone", "minor", "account", given),
                _consent(
                    "via_rep", "minor", "marketing", given, given_by="legal_rep", representative_id="rep-1"
                ),
                _consent("child_alone", "child", "account", given),
                _consent("eighteen", "adult_today", "account", given),
            ],
        },
    )
    assert keys == {"alone", "child_alone"}


def test_con_10_finds_processing_with_no_consent_but_not_covered_or_art9_events(
    run_check: CheckRunner,
) -> None:
    at = utc("2025-05-05T10:00+05:00")
    keys = run_check(
        "CON-10",
        {
            "purposes": [
                {
                    "purpose_code": "account",
                    "policy_clause": "PP-9(a)",
                    "legal_basis": "contract",
                    "requires_consent": False,
                },
                {
                    "purpose_code": "customer_service",
                    "policy_clause": "PP-9(a)",
                    "legal_basis": "contract",
                    "requires_consent": False,
                },
                {
                    "purpose_code": "analytics",
                    "policy_clause": "PP-9(d)",
                    "legal_basis": "consent",
                    "requires_consent": True,
                },
                {
                    "purpose_code": "enforcement",
                    "policy_clause": "PP-9(e)",
                    "legal_basis": "law",
                    "requires_consent": False,
                },
            ],
            "consents": [_consent("c1", "acct", "account", "2024-01-10T10:00+05:00")],
            "communications": [
                {
                    "message_id": "svc_covered",
                    "user_id": "acct",
                    "channel": "email",
                    "kind": "service",
                    "sent_at": at,
                },
                {
                    "message_id": "svc_bare",
                    "user_id": "nobody",
                    "channel": "email",
                    "kind": "service",
                    "sent_at": at,
                },
            ],
            "disclosures": [
                {
                    "disclosure_id": "an",
                    "recipient_id": "r",
                    "disclosed_at": at,
                    "legal_basis": "processor_contract",
                    "anonymised": False,
                    "purpose_code": "analytics",
                },
                {
                    "disclosure_id": "police",
                    "recipient_id": "p",
                    "disclosed_at": at,
                    "legal_basis": "authority_request",
                    "anonymised": False,
                    "purpose_code": "customer_service",
                },
                {
                    "disclosure_id": "enf",
                    "recipient_id": "c",
                    "disclosed_at": at,
                    "legal_basis": "consent",
                    "anonymised": False,
                    "purpose_code": "enforcement",
                },
            ],
            "disclosure_subjects": [
                {"disclosure_id": "an", "user_id": "acct"},
                {"disclosure_id": "police", "user_id": "nobody"},
                {"disclosure_id": "enf", "user_id": "nobody"},
            ],
        },
    )
    assert keys == {"svc_bare", "an:acct"}


# State requirements (CON-2, CON-3, CON-9): a consent is judged when it was in force at some
# moment of the period, whenever it was given. Period here: 2025-01-01 .. 2026-06-30.
STATE_PERIOD = {"period_start": "2025-01-01", "period_end": "2026-06-30"}
BEFORE = "2024-06-01T10:00+05:00"


def _state_cases(**defect: object) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Consents carrying one defect, given before, in and after the period; and withdrawals."""
    consents = [
        _consent("before_in_force", "u", "account", BEFORE, **defect),
        _consent(
            "before_expiring_in_period",
            "u",
            "marketing",
            BEFORE,
            valid_until=utc("2025-02-01T00:00+05:00"),
            **defect,
        ),
        _consent("before_withdrawal_refused", "u", "analytics", BEFORE, **defect),
        _consent("in_period", "u", "research", "2025-05-05T10:00+05:00", **defect),
        # near-misses: ended before the period began (expired; withdrawn), given after it
        _consent(
            "before_expired", "u", "advertising", BEFORE, valid_until=utc("2024-12-31T23:59+05:00"), **defect
        ),
        _consent("before_withdrawn", "u", "third_party", BEFORE, **defect),
        _consent("after_period", "u", "cross_border", "2026-07-01T10:00+05:00", **defect),
    ]
    withdrawals = [
        {
            "withdrawal_id": "w1",
            "consent_id": "before_withdrawn",
            "user_id": "u",
            "received_at": utc("2024-10-01T10:00+05:00"),
            "outcome": "stopped",
            "processed_at": utc("2024-10-02T10:00+05:00"),
        },
        {
            "withdrawal_id": "w2",
            "consent_id": "before_withdrawal_refused",
            "user_id": "u",
            "received_at": utc("2024-10-01T10:00+05:00"),
            "outcome": "refused",
            "processed_at": utc("2024-10-02T10:00+05:00"),
            "refusal_basis": "open contract",
        },
    ]
    return consents, withdrawals


IN_FORCE = {"before_in_force", "before_expiring_in_period", "before_withdrawal_refused", "in_period"}


def test_con_9_judges_a_minors_consent_still_in_force_during_the_period(
    run_check: CheckRunner,
) -> None:
    consents, withdrawals = _state_cases()
    keys = run_check(
        "CON-9",
        {
            "users": [{"user_id": "u", "birth_date": dt.date(2009, 5, 1)}],
            "consents": consents,
            "consent_withdrawals": withdrawals,
        },
        **STATE_PERIOD,
    )
    assert keys == IN_FORCE


def test_con_2_judges_a_consent_lacking_elements_still_in_force_during_the_period(
    run_check: CheckRunner,
) -> None:
    consents, withdrawals = _state_cases(operator_bin=None)
    keys = run_check("CON-2", {"consents": consents, "consent_withdrawals": withdrawals}, **STATE_PERIOD)
    assert keys == IN_FORCE


def test_con_3_judges_an_unconfirmable_consent_still_in_force_during_the_period(
    run_check: CheckRunner,
) -> None:
    consents, withdrawals = _state_cases(method="continued_use")
    keys = run_check("CON-3", {"consents": consents, "consent_withdrawals": withdrawals}, **STATE_PERIOD)
    assert keys == IN_FORCE


def test_con_5_finds_marketing_in_the_period_after_a_withdrawal_received_before_it(
    run_check: CheckRunner,
) -> None:
    def withdrawal(wid: str, user: str) -> dict[str, object]:
        return {
            "withdrawal_id": wid,
            "consent_id": f"c-{user}",
            "user_id": user,
            "scope": "marketing",
            "received_at": utc("2026-02-02T10:00+05:00"),
            "outcome": "stopped",
            "processed_at": utc("2026-02-03T10:00+05:00"),
        }

    def message(mid: str, user: str, sent: str) -> dict[str, object]:
        return {
            "message_id": mid,
            "user_id": user,
            "channel": "sms",
            "kind": "marketing",
            "sent_at": utc(sent),
        }

    keys = run_check(
        "CON-5",
        {
            "consents": [
                _consent(f"c-{u}", u, "marketing", "2025-01-10T10:00+05:00")
                for u in ("kept", "stopped_in_time", "again")
            ]
            + [_consent("c-again-2", "again", "marketing", "2026-04-01T10:00+05:00")],
            "consent_withdrawals": [
                withdrawal("kept_sending", "kept"),
                withdrawal("sent_before_period", "stopped_in_time"),
                withdrawal("consented_again", "again"),
            ],
            "communications": [
                message("m1", "kept", "2026-07-01T10:00+05:00"),
                # near-misses: sent after the deadline but before the period; sent in the period
                # after the person consented again
                message("m2", "stopped_in_time", "2026-05-01T10:00+05:00"),
                message("m3", "again", "2026-07-01T10:00+05:00"),
            ],
        },
        period_start="2026-06-01",
        period_end="2026-10-31",
    )
    assert keys == {"kept_sending"}


def test_con_8_judges_activity_in_the_period_not_before_it(run_check: CheckRunner) -> None:
    keys = run_check(
        "CON-8",
        {
            "policy_versions": [
                {
                    "version_id": "pv-1",
                    "label": "2022-01-01",
                    "effective_at": utc("2022-01-01T00:00+05:00"),
                    "material_change": True,
                },
                {
                    "version_id": "pv-2",
                    "label": "2024-01-01",
                    "effective_at": utc("2024-01-01T00:00+05:00"),
                    "material_change": True,
                },
            ],
            "users": [
                # active in the period under pv-2, accepted in 2022 only: found
                {
                    "user_id": "in_period",
                    "status": "active",
                    "created_at": utc("2022-05-01T10:00+05:00"),
                    "last_active_at": utc("2025-03-01T10:00+05:00"),
                },
                # last active under pv-2 before the period began: not found
                {
                    "user_id": "before",
                    "status": "active",
                    "created_at": utc("2022-05-01T10:00+05:00"),
                    "last_active_at": utc("2024-06-01T10:00+05:00"),
                },
            ],
            "consents": [
                _consent(f"c-{u}", u, "account", "2022-05-01T09:59+05:00", policy_version_id="pv-1")
                for u in ("in_period", "before")
            ],
        },
        period_start="2025-01-01",
        period_end="2026-06-30",
    )
    assert keys == {"in_period:pv-2"}
