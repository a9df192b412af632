"""Disclosure checks (DIS-*) on inline rows: a row that must be found and a near-miss that must not."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from tests.conftest import CheckRunner, utc
from wgp_audit.audit import open_audit
from wgp_audit.demo.dataset import Dataset
from wgp_audit.demo.writer import write_duckdb

AT = utc("2025-03-12T10:00+05:00")
SIGNED = utc("2023-01-10T10:00+05:00")


def rcp(rid: str, kind: str, **extra: Any) -> dict[str, Any]:
    row = {
        "recipient_id": rid,
        "name": rid,
        "kind": kind,
        "country": "KZ",
        "contract_signed_at": SIGNED,
        "security_clause": True,
    }
    row.update(extra)
    return row


def dsc(did: str, rid: str, basis: str | None, **extra: Any) -> dict[str, Any]:
    row = {
        "disclosure_id": did,
        "recipient_id": rid,
        "disclosed_at": AT,
        "legal_basis": basis,
        "anonymised": False,
        "fields": ["full_name", "email"],
        "record_count": 1,
        "destination_country": "KZ",
        "purpose_code": "customer_service",
    }
    row.update(extra)
    return row


def cns(cid: str, uid: str, scope: str, **extra: Any) -> dict[str, Any]:
    row = {
        "consent_id": cid,
        "user_id": uid,
        "scope": scope,
        "given_at": utc("2024-01-10T10:00+05:00"),
        "notify_on_transfer": False,
    }
    row.update(extra)
    return row


def subj(did: str, uid: str) -> dict[str, str]:
    return {"disclosure_id": did, "user_id": uid}


def test_dis_1_finds_identifiable_data_to_a_researcher_but_not_to_affiliates_or_authorities(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "DIS-1",
        {
            "recipients": [
                rcp("res", "researcher"),
                rcp("aff", "affiliate"),
                rcp("reg", "service_provider"),
                rcp("pol", "government_authority"),
                rcp("sp", "service_provider"),
                rcp("ind", "individual"),
            ],
            "disclosures": [
                dsc("to_researcher", "res", "consent"),
                dsc("unknown_recipient", "ghost", "consent"),
                dsc("anonymised", "res", "anonymised", anonymised=True),
                dsc("affiliate", "aff", "consent"),
                # in the yardstick's affiliate register (rcp-aff-1) although not recorded as one
                dsc("registered", "rcp-aff-1", "consent"),
                dsc("police", "pol", "authority_request"),
                dsc("processor", "sp", "processor_contract"),  # DIS-1b's
                dsc("individual", "ind", "consent"),  # DIS-4's
            ],
        },
    )
    assert keys == {"to_researcher", "unknown_recipient"}


def test_dis_1b_finds_identifiable_flow_to_processor_but_not_anonymised_one(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "DIS-1b",
        {
            "recipients": [rcp("sp", "service_provider"), rcp("aff", "affiliate")],
            "disclosures": [
                dsc("crm", "sp", "processor_contract"),
                dsc("flag_missing", "sp", "processor_contract", anonymised=None),
                dsc("stats", "sp", "anonymised", anonymised=True),
                dsc("affiliate", "aff", "consent"),
            ],
        },
    )
    assert keys == {"crm", "flag_missing"}


def test_dis_2_finds_unregistered_affiliate_and_missing_scope_but_not_covered_transfer(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "DIS-2",
        {
            "recipients": [rcp("rcp-aff-1", "affiliate"), rcp("rcp-aff-9", "affiliate")],
            "consents": [
                cns("c1", "u1", "third_party"),
                cns("c2", "u2", "third_party", valid_until=utc("2025-03-01T00:00+05:00")),
                cns("c3", "u3", "third_party"),
                cns("c4", "u4", "third_party", given_at=utc("2025-03-12T09:59+05:00")),
            ],
            "consent_withdrawals": [
                {
                    "withdrawal_id": "w3",
                    "consent_id": "c3",
                    "user_id": "u3",
                    "scope": "third_party",
                    "received_at": utc("2025-03-01T10:00+05:00"),
                    "outcome": "stopped",
                },
            ],
            "disclosures": [
                dsc("unregistered", "rcp-aff-9", "consent"),
                dsc("expired", "rcp-aff-1", "consent"),
                dsc("withdrawn", "rcp-aff-1", "consent"),
                dsc("no_subjects", "rcp-aff-1", "consent"),
                dsc("covered", "rcp-aff-1", "consent"),
                dsc("just_in_time", "rcp-aff-1", "consent"),
            ],
            "disclosure_subjects": [
                subj("unregistered", "u1"),
                subj("expired", "u2"),
                subj("withdrawn", "u3"),
                subj("covered", "u1"),
                subj("just_in_time", "u4"),
            ],
        },
    )
    assert keys == {"unregistered", "expired", "withdrawn", "no_subjects"}


def test_dis_3_finds_late_missing_or_too_wide_requests_but_not_a_prior_request_in_scope(
    run_check: CheckRunner,
) -> None:
    before = utc("2025-03-11T10:00+05:00")

    def lrq(rid: str, kind: str, **extra: Any) -> dict[str, Any]:
        row = {
            "request_id": rid,
            "authority_name": "Police",
            "authority_kind": kind,
            "received_at": before,
            "legal_basis_ref": "No. 1",
            "scope_fields": ["full_name", "email"],
        }
        row.update(extra)
        return row

    keys = run_check(
        "DIS-3",
        {
            "recipients": [rcp("pol", "government_authority"), rcp("court", "court")],
            "legal_requests": [
                lrq("ok", "police"),
                lrq("late", "police", received_at=utc("2025-03-12T11:00+05:00")),
                lrq("narrow", "police", scope_fields=["full_name"]),
                lrq("other", "other"),
                lrq("court_req", "court"),
            ],
            "disclosures": [
                dsc("in_scope", "pol", "authority_request", request_id="ok"),
                dsc("court_ok", "court", "court_order", request_id="court_req"),
                dsc("no_request", "pol", "authority_request"),
                dsc("dangling", "pol", "authority_request", request_id="nope"),
                dsc("before_request", "pol", "authority_request", request_id="late"),
                dsc("beyond_scope", "pol", "authority_request", request_id="narrow"),
                dsc("not_competent", "pol", "authority_request", request_id="other"),
                dsc("order_from_police", "court", "court_order", request_id="ok"),
            ],
        },
    )
    assert keys == {
        "no_request",
        "dangling",
        "before_request",
        "beyond_scope",
        "not_competent",
        "order_from_police",
    }


def test_dis_4_finds_individual_recipient_without_consent_or_court_order(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "DIS-4",
        {
            "recipients": [rcp("ind", "individual"), rcp("aff", "affiliate")],
            "disclosures": [
                dsc("no_basis", "ind", None),
                dsc("processor", "ind", "processor_contract"),
                dsc("court", "ind", "court_order"),
                dsc("consent", "ind", "consent"),
                dsc("anon", "ind", "anonymised", anonymised=True),
                dsc("affiliate", "aff", None),
            ],
        },
    )
    assert keys == {"no_basis", "processor"}


def test_dis_6_finds_transfer_before_closing_or_under_partial_sale(run_check: CheckRunner) -> None:
    keys = run_check(
        "DIS-6",
        {
            "recipients": [rcp("b1", "buyer"), rcp("b2", "buyer"), rcp("b3", "buyer")],
            "corporate_transactions": [
                {
                    "txn_id": "t1",
                    "kind": "sale",
                    "buyer_recipient_id": "b1",
                    "assets_share_pct": 100,
                    "closed_at": utc("2025-03-12T09:00+05:00"),
                },
                {
                    "txn_id": "t2",
                    "kind": "sale",
                    "buyer_recipient_id": "b2",
                    "assets_share_pct": 40,
                    "closed_at": utc("2025-01-01T09:00+05:00"),
                },
            ],
            "disclosures": [
                dsc("after_close", "b1", "reorganisation"),
                dsc("before_close", "b1", "reorganisation", disclosed_at=utc("2025-03-12T08:00+05:00")),
                dsc("partial", "b2", "reorganisation"),
                dsc("no_txn", "b3", "reorganisation"),
                dsc("buyer_on_consent", "b3", "consent"),
            ],
        },
    )
    assert keys == {"before_close", "partial", "no_txn", "buyer_on_consent"}


def test_dis_7_finds_direct_identifier_and_small_class_but_not_k_anonymous_release(
    run_check: CheckRunner,
) -> None:
    def user(uid: str, born: str, iin: str = "8401103000001") -> dict[str, Any]:
        return {
            "user_id": uid,
            "birth_date": utc(f"{born}T12:00+05:00").date(),
            "country": "KZ",
            "iin": iin,
            "status": "active",
        }

    # at 2025-03-12 users born 1984-01-10 are 41 (40-49); one born 1985-03-13 is still 39 (30-39)
    users = [user(f"u{i}", "1984-01-10") for i in range(5)] + [user("young", "1985-03-13")]
    population = [f"u{i}" for i in range(5)]
    anon = {"anonymised": True, "purpose_code": "research"}
    keys = run_check(
        "DIS-7",
        {
            "recipients": [rcp("res", "researcher")],
            "users": users,
            "disclosures": [
                dsc("email", "res", "anonymised", fields=["age_band", "email"], **anon),
                dsc("small_class", "res", "anonymised", fields=["age_band", "country"], **anon),
                dsc("k5", "res", "anonymised", fields=["age_band", "country"], **anon),
                # the young person joins the 40-49 class once age_band is not disclosed
                dsc("country_only", "res", "anonymised", fields=["country"], **anon),
                dsc("identifiable", "res", "consent", fields=["email"]),
            ],
            "disclosure_subjects": (
                [subj("email", u) for u in population]
                + [subj("small_class", u) for u in [*population, "young"]]
                + [subj("k5", u) for u in population]
                + [subj("country_only", u) for u in [*population, "young"]]
            ),
        },
    )
    assert keys == {"email", "small_class"}


def test_dis_8_finds_transfer_to_unassessed_state_without_consent(run_check: CheckRunner) -> None:
    keys = run_check(
        "DIS-8",
        {
            "recipients": [rcp("aff", "affiliate"), rcp("us", "service_provider", country="US")],
            "consents": [cns("c1", "u1", "cross_border"), cns("c2", "u2", "third_party")],
            "disclosures": [
                dsc("uae_no_consent", "aff", "consent", destination_country="AE"),
                dsc("uae_consented", "aff", "consent", destination_country="AE"),
                dsc("germany", "aff", "consent", destination_country="DE"),
                dsc("recipient_abroad", "us", "processor_contract", destination_country=None),
                dsc("anonymised", "aff", "anonymised", destination_country="AE", anonymised=True),
                dsc("home", "aff", "consent"),
            ],
            "disclosure_subjects": [
                subj("uae_no_consent", "u2"),
                subj("uae_consented", "u1"),
                subj("germany", "u2"),
                subj("recipient_abroad", "u1"),
                subj("anonymised", "u2"),
                subj("home", "u2"),
            ],
        },
    )
    # recipient_abroad: destination from the recipient (US); u1's cross-border consent covers it
    assert keys == {"uae_no_consent"}


def test_dis_9_counts_ten_working_days_and_skips_art_19_2_exceptions(
    run_check: CheckRunner,
) -> None:
    # Mon 2025-12-22 + 10 working days: 12-23..12-26, 12-29..12-31, (01-01, 01-02 off), 01-05,
    # 01-06, (01-07 off), 01-08 -> the 10th working day is Thu 2026-01-08.
    at = utc("2025-12-22T17:00+05:00")

    def ntf(nid: str, did: str, uid: str, sent: str) -> dict[str, Any]:
        return {"notification_id": nid, "disclosure_id": did, "user_id": uid, "sent_at": utc(sent)}

    keys = run_check(
        "DIS-9",
        {
            "recipients": [rcp("aff", "affiliate"), rcp("pol", "government_authority")],
            "consents": [cns(f"c{u}", u, "third_party", notify_on_transfer=True) for u in ("u1", "u2", "u3")]
            + [cns("c4", "u4", "third_party")],
            "disclosures": [
                dsc("d", "aff", "consent", disclosed_at=at),
                dsc("police", "pol", "authority_request", disclosed_at=at),
            ],
            "disclosure_subjects": [subj("d", u) for u in ("u1", "u2", "u3", "u4")] + [subj("police", "u1")],
            "transfer_notifications": [
                ntf("n1", "d", "u1", "2026-01-08T23:00+05:00"),
                ntf("n2", "d", "u2", "2026-01-09T09:00+05:00"),
            ],
        },
    )
    assert keys == {"d:u2", "d:u3"}


def test_dis_10_finds_transfer_before_contract_or_without_security_clause(
    run_check: CheckRunner,
) -> None:
    keys = run_check(
        "DIS-10",
        {
            "recipients": [
                rcp("late", "researcher", contract_signed_at=utc("2025-03-13T10:00+05:00")),
                rcp("loose", "researcher", security_clause=False),
                rcp("unsigned", "affiliate", contract_signed_at=None),
                rcp("ok", "researcher"),
                rcp("pol", "government_authority", contract_signed_at=None),
            ],
            "disclosures": [
                dsc("before_contract", "late", "anonymised", anonymised=True),
                dsc("no_clause", "loose", "anonymised", anonymised=True),
                dsc("no_contract", "unsigned", "consent"),
                dsc("unknown", "ghost", "consent"),
                dsc("signed", "ok", "anonymised", anonymised=True),
                dsc("statutory", "pol", "authority_request"),
            ],
        },
    )
    assert keys == {"before_contract", "no_clause", "no_contract", "unknown"}


def test_disclosure_classes_view_has_one_row_per_disclosure_by_local_month(tmp_path: Path) -> None:
    ds = Dataset(
        seed=0,
        as_of=dt.datetime(2026, 10, 31, tzinfo=dt.UTC),
        start=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
        rng=random.Random(0),
    )
    ds.add("recipients", **rcp("aff", "affiliate", country="KZ"))
    # 2025-03-31 20:00 UTC is 2025-04-01 01:00 in Atyrau: an April disclosure
    ds.add(
        "disclosures",
        **dsc(
            "late_march_utc",
            "aff",
            "consent",
            disclosed_at=utc("2025-03-31T20:00+00:00"),
            record_count=2,
            destination_country=None,
        ),
    )
    ds.add("disclosures", **dsc("anon", "ghost", None, anonymised=True))
    for uid in ("u1", "u2"):
        ds.add("disclosure_subjects", **subj("late_march_utc", uid))
    db = write_duckdb(ds, tmp_path / "classes.duckdb")
    with open_audit(db) as audit:
        rows = audit.query(
            "select disclosure_id, month, recipient_kind, legal_basis, identifiable,"
            " destination_country, record_count, subjects"
            " from int_disclosure_classes order by disclosure_id"
        ).rows()
    assert rows == [
        ("anon", dt.date(2025, 3, 1), "unknown recipient", "not recorded", False, "KZ", 1, 0),
        ("late_march_utc", dt.date(2025, 4, 1), "affiliate", "consent", True, "KZ", 2, 2),
    ]
