"""Purpose checks on inline rows: one row that must be found, one near-miss that must not."""

from __future__ import annotations

from tests.checks.conftest import LogCheckRunner, app
from tests.conftest import CheckRunner, utc

PURPOSES = [
    {
        "purpose_code": "customer_service",
        "policy_clause": "PP-9(a)",
        "legal_basis": "contract",
        "requires_consent": False,
    },
    {
        "purpose_code": "marketing",
        "policy_clause": "PP-9(c)",
        "legal_basis": "consent",
        "requires_consent": True,
    },
    {
        "purpose_code": "research",
        "policy_clause": "PP-9(d)",
        "legal_basis": "consent",
        "requires_consent": True,
    },
    {"purpose_code": "scoring", "policy_clause": None, "legal_basis": "consent", "requires_consent": True},
]


POLICY = [
    {
        "version_id": "pv-1",
        "label": "2023-01-12",
        "effective_at": utc("2023-01-12T00:00+05:00"),
        "material_change": True,
    }
]
APP_OK = [app("2026-10-10 10:00:00", "page_view", "r0", user_id="u0", purpose="customer_service")]


def test_pur_1_finds_undeclared_purposes_but_not_a_declared_one_in_other_case(
    run_log_check: LogCheckRunner,
) -> None:
    at = utc("2025-05-05T10:00+05:00")

    def disclosure(did: str, purpose: str | None, when: object = at) -> dict[str, object]:
        return {
            "disclosure_id": did,
            "recipient_id": "r",
            "disclosed_at": when,
            "legal_basis": "anonymised",
            "anonymised": True,
            "purpose_code": purpose,
        }

    keys = run_log_check(
        "PUR-1",
        {
            "purposes": PURPOSES,
            "policy_versions": POLICY,
            "disclosures": [
                disclosure("undeclared", "credit_scoring"),
                disclosure("no_clause", "scoring"),
                disclosure("no_purpose", None),
                disclosure("declared", " Research "),
                disclosure("before_policy", "research", utc("2023-01-11T23:00+05:00")),
            ],
            "disclosure_subjects": [{"disclosure_id": "undeclared", "user_id": u} for u in ("u1", "u2")],
            "communications": [
                {"message_id": "mkt", "user_id": "u1", "channel": "sms", "kind": "marketing", "sent_at": at},
            ],
        },
        app_lines=APP_OK,
    )
    assert keys == {"undeclared", "no_clause", "no_purpose", "before_policy"}


def test_pur_1_finds_app_events_for_a_purpose_the_policy_does_not_declare(
    run_log_check: LogCheckRunner,
) -> None:
    keys = run_log_check(
        "PUR-1",
        {
            "purposes": PURPOSES,
            "policy_versions": POLICY,
            "disclosures": [
                {
                    "disclosure_id": "d1",
                    "recipient_id": "r",
                    "legal_basis": "consent",
                    "disclosed_at": utc("2026-10-10T09:00+05:00"),
                    "anonymised": False,
                    "purpose_code": "profiling",
                }
            ],
        },
        app_lines=[
            app(
                "2026-10-10 10:00:00",
                "profile.read",
                "undeclared",
                user_id="u1",
                purpose="profiling",
                details={"fields": ["email"]},
            ),
            app("2026-10-10 10:00:00", "page_view", "no_clause", user_id="u1", purpose="Scoring"),
            app(
                "2023-01-11 23:00:00", "page_view", "before_policy", user_id="u1", purpose="customer_service"
            ),
            app(
                "2026-10-10 10:00:00",
                "export",
                "export_undeclared",
                actor_id="svc",
                purpose="profiling",
                details={"fields": ["email"]},
            ),
            app(
                "2026-10-10 10:00:00",
                "export",
                "export_unknown_disclosure",
                actor_id="svc",
                purpose="profiling",
                details={"disclosure_id": "d9"},
            ),
            app(
                "2026-10-10 10:00:00",
                "consent.grant",
                "consent_undeclared",
                user_id="u1",
                purpose="profiling",
                details={"scope": "profiling"},
            ),
            # near-misses: a declared purpose (any case); an event that names no purpose; a consent
            # event whose purpose is a transfer scope (third_party, cross_border, publication are
            # consent scopes, not processing purposes); an export of a disclosure judged on its own
            # row (d1); an undeclared purpose before the period
            app("2026-10-10 10:00:00", "page_view", "declared", user_id="u1", purpose=" Research "),
            app("2026-10-10 10:00:00", "login", "no_purpose", user_id="u1"),
            app(
                "2026-10-10 10:00:00",
                "consent.grant",
                "scope_grant",
                user_id="u1",
                purpose="cross_border",
                details={"scope": "cross_border"},
            ),
            app(
                "2026-10-10 10:00:00",
                "consent.withdraw",
                "scope_withdraw",
                user_id="u1",
                purpose="third_party",
                details={"scope": "third_party"},
            ),
            app(
                "2026-10-10 09:05:00",
                "export",
                "export_d1",
                actor_id="svc",
                purpose="profiling",
                details={"disclosure_id": "d1"},
            ),
            app("2022-12-31 10:00:00", "profile.read", "before_period", user_id="u1", purpose="profiling"),
        ],
        period_start="2023-01-01",
    )
    assert keys == {
        "d1",
        "undeclared",
        "no_clause",
        "before_policy",
        "consent_undeclared",
        "export_undeclared",
        "export_unknown_disclosure",
    }


def test_pur_5_finds_partner_record_without_basis_but_not_one_with_basis(
    run_check: CheckRunner,
) -> None:
    created = utc("2024-03-01T10:00+05:00")
    keys = run_check(
        "PUR-5",
        {
            "users": [
                {
                    "user_id": "no_basis",
                    "status": "active",
                    "created_at": created,
                    "source": "partner",
                    "source_recipient_id": "rcp-aff-1",
                    "source_basis_ref": None,
                },
                {
                    "user_id": "no_source",
                    "status": "active",
                    "created_at": created,
                    "source": "Third_Party",
                    "source_recipient_id": None,
                    "source_basis_ref": "agr-7",
                },
                {
                    "user_id": "with_basis",
                    "status": "active",
                    "created_at": created,
                    "source": "partner",
                    "source_recipient_id": "rcp-aff-1",
                    "source_basis_ref": "agr-2024-03",
                },
                {"user_id": "self", "status": "active", "created_at": created, "source": "self"},
            ]
        },
    )
    assert keys == {"no_basis", "no_source"}
