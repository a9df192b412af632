"""Purpose checks on inline rows: one row that must be found, one near-miss that must not."""

from __future__ import annotations

from tests.conftest import CheckRunner, utc

PURPOSES = [
    {"purpose_code": "customer_service", "policy_clause": "PP-9(a)", "legal_basis": "contract",
     "requires_consent": False},
    {"purpose_code": "marketing", "policy_clause": "PP-9(c)", "legal_basis": "consent",
     "requires_consent": True},
    {"purpose_code": "research", "policy_clause": "PP-9(d)", "legal_basis": "consent",
     "requires_consent": True},
    {"purpose_code": "scoring", "policy_clause": None, "legal_basis": "consent",
     "requires_consent": True},
]


def test_pur_1_finds_undeclared_purposes_but_not_a_declared_one_in_other_case(
    run_check: CheckRunner,
) -> None:
    at = utc("2025-05-05T10:00+05:00")

    def disclosure(did: str, purpose: str | None, when: object = at) -> dict[str, object]:
        return {"disclosure_id": did, "recipient_id": "r", "disclosed_at": when,
                "legal_basis": "anonymised", "anonymised": True, "purpose_code": purpose}

    keys = run_check("PUR-1", {
        "purposes": PURPOSES,
        "policy_versions": [{"version_id": "pv-1", "label": "2023-01-12",
                             "effective_at": utc("2023-01-12T00:00+05:00"),
                             "material_change": True}],
        "disclosures": [
            disclosure("undeclared", "credit_scoring"),
            disclosure("no_clause", "scoring"),
            disclosure("no_purpose", None),
            disclosure("declared", " Research "),
            disclosure("before_policy", "research", utc("2023-01-11T23:00+05:00")),
        ],
        "disclosure_subjects": [{"disclosure_id": "undeclared", "user_id": u}
                                for u in ("u1", "u2")],
        "communications": [
            {"message_id": "mkt", "user_id": "u1", "channel": "sms", "kind": "marketing",
             "sent_at": at},
        ],
    })
    assert keys == {"undeclared", "no_clause", "no_purpose", "before_policy"}


def test_pur_5_finds_partner_record_without_basis_but_not_one_with_basis(
    run_check: CheckRunner,
) -> None:
    created = utc("2024-03-01T10:00+05:00")
    keys = run_check("PUR-5", {"users": [
        {"user_id": "no_basis", "status": "active", "created_at": created, "source": "partner",
         "source_recipient_id": "rcp-aff-1", "source_basis_ref": None},
        {"user_id": "no_source", "status": "active", "created_at": created,
         "source": "Third_Party", "source_recipient_id": None, "source_basis_ref": "agr-7"},
        {"user_id": "with_basis", "status": "active", "created_at": created, "source": "partner",
         "source_recipient_id": "rcp-aff-1", "source_basis_ref": "agr-2024-03"},
        {"user_id": "self", "status": "active", "created_at": created, "source": "self"},
    ]})
    assert keys == {"no_basis", "no_source"}
