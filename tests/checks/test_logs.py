"""Log checks on inline rows and log lines: one that must be found, the near-miss that must not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.checks.conftest import LogCheckRunner, app, web

UTC = dt.UTC
WEB_OK = [web("2026-10-10 10:00:00")]
APP_OK = [app("2026-10-10 10:00:00", "page_view", "r0", user_id="u0")]


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone(dt.timedelta(hours=5)))


def cookie(
    ts: str,
    rid: str,
    name: str,
    *,
    domain: str | None = ".wgp.kz",
    session: str = "s1",
    user_id: str | None = None,
    **flags: Any,
) -> str:
    details = {"name": name, "domain": domain, "secure": True, "http_only": True, **flags}
    return app(ts, "cookie.set", rid, session_id=session, user_id=user_id, details=details)


INVENTORY = [
    {
        "name": "wgp_session",
        "domain": ".wgp.kz",
        "kind": "session",
        "declared_max_age_days": None,
        "purpose_code": "account",
        "essential": True,
    },
    {
        "name": "wgp_lang",
        "domain": ".wgp.kz",
        "kind": "persistent",
        "declared_max_age_days": 365,
        "purpose_code": "customer_service",
        "essential": True,
    },
    {
        "name": "_wgp_an",
        "domain": ".wgp.kz",
        "kind": "persistent",
        "declared_max_age_days": 395,
        "purpose_code": "analytics",
        "essential": False,
    },
]
RECIPIENTS = [
    {
        "recipient_id": "rcp-ad",
        "name": "AdReach Kazakhstan LLP",
        "kind": "ad_platform",
        "country": "KZ",
        "contract_signed_at": None,
        "security_clause": True,
    }
]


def test_log_1_finds_pd_values_in_details_and_remote_user(run_log_check: LogCheckRunner) -> None:
    keys = run_log_check(
        "LOG-1",
        web_lines=[
            web("2026-10-10 10:00:00", "/admin", user="aigerim.omarova7@mail.kz", status=401),
            web("2026-10-10 10:01:00", "/healthz", user="monitor"),
        ],
        app_lines=[
            app("2026-10-10 10:00:00", "profile.update", "r1", details={"new": "+7 (701) 123-45-67"}),
            app("2026-10-10 10:00:00", "login", "r2", details={"password": "hunter2"}),
            app("2026-10-10 10:00:00", "profile.read", "r3", details={"fields": ["email", "iin"]}),
            app("2026-10-10 10:00:00", "order.create", "r4", details={"order_no": "202610311234"}),
            app("2026-10-10 10:00:00", "profile.update", "r5", details={"iin": "950612350121"}),
        ],
    )
    assert keys == {"access.log:1", "r1", "r2", "r5"}


def test_sec_3_finds_pd_in_urls_and_http_profile_referers(run_log_check: LogCheckRunner) -> None:
    keys = run_log_check(
        "SEC-3",
        web_lines=[
            web("2026-10-10 10:00:00", "/reset?email=a.b%40mail.kz"),
            web("2026-10-10 10:00:01", "/verify?phone=%2B77011234567"),
            web("2026-10-10 10:00:02", "/users/950612350121"),
            web("2026-10-10 10:00:03", "/app.js", referer="http://www.wgp.kz/account/profile"),
            web("2026-10-10 10:00:04", "/search?q=iphone+15"),
            web("2026-10-10 10:00:05", "/orders/202610311234"),
            web("2026-10-10 10:00:06", "/app.js", referer="https://www.wgp.kz/account/profile"),
            web("2026-10-10 10:00:07", "/app.js", referer="http://www.wgp.kz/catalog"),
        ],
    )
    assert keys == {"access.log:1", "access.log:2", "access.log:3", "access.log:4"}


def test_log_2_finds_consent_and_disclosure_without_event(run_log_check: LogCheckRunner) -> None:
    consent = {
        "scope": "marketing",
        "policy_version_id": "pv",
        "method": "web_form",
        "evidence_ref": "e",
        "given_by": "subject",
        "operator_bin": "1",
    }
    disclosure = {
        "recipient_id": "rcp-aff-1",
        "legal_basis": "consent",
        "anonymised": False,
        "fields": ["email"],
        "record_count": 1,
        "destination_country": "KZ",
    }
    keys = run_log_check(
        "LOG-2",
        {
            "consents": [
                {"consent_id": "c-miss", "user_id": "u1", "given_at": _at("2026-09-01T10:00"), **consent},
                {"consent_id": "c-late", "user_id": "u2", "given_at": _at("2026-09-01T10:00"), **consent},
                {"consent_id": "c-id", "user_id": "u3", "given_at": _at("2026-09-01T10:00"), **consent},
                {"consent_id": "c-old", "user_id": "u4", "given_at": _at("2026-01-01T10:00"), **consent},
            ],
            "disclosures": [
                {"disclosure_id": "d-miss", "disclosed_at": _at("2026-09-02T10:00"), **disclosure},
                {"disclosure_id": "d-vague", "disclosed_at": _at("2026-09-03T10:00"), **disclosure},
            ],
        },
        app_lines=[
            app("2026-08-01 00:00:00", "page_view", "r0"),
            app("2026-09-01 10:30:00", "consent.grant", "r1", user_id="u2", details={"scope": "marketing"}),
            app(
                "2026-09-01 10:00:00",
                "consent.grant",
                "r2",
                user_id="u3",
                details={"consent_id": "c-id", "scope": "marketing"},
            ),
            app("2026-09-03 15:00:00", "export", "r3", details={"recipient_id": "rcp-aff-1"}),
            app("2026-10-01 00:00:00", "page_view", "r4"),
        ],
    )
    assert keys == {"c-miss", "d-miss"}


def test_log_3_finds_gaps_longer_than_the_limit(run_log_check: LogCheckRunner) -> None:
    keys = run_log_check(
        "LOG-3",
        web_lines=[
            web("2026-10-10 10:00:00"),
            web("2026-10-10 10:30:00"),  # exactly 30 minutes: no gap
            web("2026-10-10 11:00:01"),  # 30 minutes 1 second: a gap after line 2
            web("2026-10-10 11:10:00"),
        ],
    )
    assert keys == {"access.log:2"}


def test_log_4_finds_admin_access_from_outside_kazakhstan(run_log_check: LogCheckRunner) -> None:
    keys = run_log_check(
        "LOG-4",
        web_lines=[
            web("2026-10-10 10:00:00", "/admin/users", ip="185.220.101.47"),
            web("2026-10-10 10:00:01", "/admin", ip="2a01:4f8:c17::2", method="POST", status=302),
            web("2026-10-10 10:00:02", "/admin?x=1", ip="203.0.113.5"),
            web("2026-10-10 10:00:03", "/admin", ip="66.249.66.1", status=404),
            web("2026-10-10 10:00:04", "/admin/orders", ip="95.57.1.1"),
            web("2026-10-10 10:00:05", "/admin/orders", ip="2a03:32c0:5::7"),
            web("2026-10-10 10:00:06", "/admin", ip="10.8.0.14"),
            web("2026-10-10 10:00:07", "/catalog", ip="185.220.101.47"),
        ],
    )
    assert keys == {"access.log:1", "access.log:2", "access.log:3"}


def test_ret_5_finds_destroyed_subject_logged_after_destruction(
    run_log_check: LogCheckRunner,
) -> None:
    user = {"status": "destroyed", "country": "KZ", "created_at": _at("2024-01-01T10:00"), "source": "self"}
    keys = run_log_check(
        "RET-5",
        {
            "users": [{"user_id": "u1", **user}, {"user_id": "u2", **user, "status": "active"}],
            "destruction_records": [
                {
                    "destruction_id": "d1",
                    "user_id": "u1",
                    "store_id": "st",
                    "category": "account",
                    "reason": "closure",
                    "triggered_at": _at("2026-06-01T10:00"),
                    "destroyed_at": _at("2026-06-02T10:00"),
                    "includes_backups": True,
                },
                {
                    "destruction_id": "d2",
                    "user_id": "u2",
                    "store_id": "st",
                    "category": "marketing",
                    "reason": "consent_withdrawn",
                    "triggered_at": _at("2026-06-01T10:00"),
                    "destroyed_at": _at("2026-06-02T10:00"),
                    "includes_backups": True,
                },
            ],
        },
        app_lines=[
            app("2026-06-12 10:00:00", "profile.read", "r1", user_id="u1"),
            app("2026-06-02 10:00:30", "account.delete", "r2", user_id="u1"),
            app("2026-06-01 10:00:00", "page_view", "r3", user_id="u1"),
            app("2026-06-12 10:00:00", "page_view", "r4", user_id="u2"),
        ],
    )
    assert keys == {"r1"}


def test_ret_6_finds_delete_event_without_destruction_record(run_log_check: LogCheckRunner) -> None:
    rec = {
        "store_id": "st",
        "category": "account",
        "reason": "request",
        "triggered_at": _at("2026-06-01T10:00"),
        "includes_backups": True,
    }
    keys = run_log_check(
        "RET-6",
        {
            "destruction_records": [
                {"destruction_id": "d1", "user_id": "u1", "destroyed_at": _at("2026-06-02T10:00"), **rec},
                {"destruction_id": "d3", "user_id": "u3", "destroyed_at": _at("2026-06-20T10:00"), **rec},
            ]
        },
        app_lines=[
            app("2026-06-02 10:05:00", "account.delete", "r1", user_id="u1"),
            app("2026-06-02 10:05:00", "account.delete", "r2", user_id="u2"),
            app("2026-06-02 10:05:00", "account.delete", "r3", user_id="u3"),
        ],
    )
    assert keys == {"r2", "r3"}


def test_ret_7_finds_log_files_holding_lines_past_retention(run_log_check: LogCheckRunner) -> None:
    # web 180 days: 2026-05-03 + 180 = 2026-10-30 (Fri), grace day Mon 2026-11-02: kept
    keys = run_log_check(
        "RET-7",
        web_lines=[web("2026-05-03 10:00:00"), web("2026-10-01 10:00:00")],
        app_lines=[app("2025-10-01 10:00:00", "page_view", "r1")],
    )
    assert keys == {"app:events.jsonl"}
    keys = run_log_check("RET-7", web_lines=[web("2026-04-20 10:00:00")], app_lines=APP_OK)
    assert keys == {"web:access.log"}


def test_cook_3_finds_cookies_missing_from_the_inventory(run_log_check: LogCheckRunner) -> None:
    keys = run_log_check(
        "COOK-3",
        {"cookies": INVENTORY},
        app_lines=[
            cookie("2026-10-10 10:00:00", "r1", "wgp_ab"),
            cookie("2026-10-10 10:00:00", "r2", "wgp_lang", domain="WGP.KZ"),
            cookie("2026-10-10 10:00:00", "r3", "wgp_session", domain=".evil.kz"),
            cookie("2026-10-10 10:00:00", "r4", "wgp_session", domain=None),
        ],
    )
    assert keys == {"wgp_ab@.wgp.kz", "wgp_session@.evil.kz"}


def test_cook_4_finds_unregistered_third_party_domains(run_log_check: LogCheckRunner) -> None:
    keys = run_log_check(
        "COOK-4",
        {"recipients": RECIPIENTS},
        app_lines=[
            cookie("2026-10-10 10:00:00", "r1", "_ym_uid", domain=".yandex.ru"),
            cookie("2026-10-10 10:00:00", "r2", "_adr", domain=".adreach.kz"),
            cookie("2026-10-10 10:00:00", "r3", "x", domain="shop.wgp.kz"),
        ],
    )
    assert keys == {"yandex.ru"}


def test_cook_5_finds_auth_cookies_without_flags(run_log_check: LogCheckRunner) -> None:
    keys = run_log_check(
        "COOK-5",
        {"cookies": INVENTORY},
        app_lines=[
            cookie("2026-10-10 10:00:00", "r1", "wgp_session", http_only=False),
            cookie("2026-10-10 10:00:00", "r2", "auth_token", secure=None),
            cookie("2026-10-10 10:00:00", "r3", "wgp_lang", http_only=False),
            cookie("2026-10-10 10:00:00", "r4", "wgp_session"),
        ],
    )
    assert keys == {"wgp_session@.wgp.kz", "auth_token@.wgp.kz"}


def test_cook_6_finds_non_essential_cookie_before_consent(run_log_check: LogCheckRunner) -> None:
    consent = {"consent_id": "c1", "user_id": "u9", "scope": "analytics", "given_at": _at("2025-01-01T10:00")}
    keys = run_log_check(
        "COOK-6",
        {"cookies": INVENTORY, "consents": [consent]},
        app_lines=[
            cookie("2026-10-10 10:00:00", "r1", "_wgp_an", session="s1"),
            app(
                "2026-10-10 10:00:05", "consent.grant", "g1", session_id="s1", details={"scope": "analytics"}
            ),
            app(
                "2026-10-10 11:00:00", "consent.grant", "g2", session_id="s2", details={"scope": "analytics"}
            ),
            cookie("2026-10-10 11:00:00", "r2", "_wgp_an", session="s2"),
            app(
                "2026-10-10 12:00:00",
                "consent.grant",
                "g3",
                session_id="s3",
                details={"scope": "advertising"},
            ),
            cookie("2026-10-10 12:00:01", "r3", "_wgp_an", session="s3"),
            cookie("2026-10-10 13:00:00", "r4", "_wgp_an", session="s4", user_id="u9"),
            cookie("2026-10-10 13:00:00", "r5", "wgp_lang", session="s5"),
        ],
    )
    assert keys == {"r1", "r3"}


def test_dis_11_finds_pixels_without_recipient_or_consent(run_log_check: LogCheckRunner) -> None:
    def pixel(ts: str, rid: str, domain: str, session: str) -> str:
        return app(
            ts,
            "pixel.fire",
            rid,
            session_id=session,
            purpose="advertising",
            details={"vendor": "v", "domain": domain},
        )

    keys = run_log_check(
        "DIS-11",
        {"recipients": RECIPIENTS},
        app_lines=[
            app(
                "2026-10-10 10:00:00",
                "consent.grant",
                "g1",
                session_id="s1",
                details={"scope": "advertising"},
            ),
            pixel("2026-10-10 10:00:01", "p1", "mc.yandex.ru", "s1"),
            pixel("2026-10-10 10:00:02", "p2", "px.adreach.kz", "s1"),
            pixel("2026-10-10 10:00:03", "p3", "px.adreach.kz", "s2"),
            pixel("2026-10-10 10:00:04", "p4", "stats.wgp.kz", "s2"),
        ],
    )
    assert keys == {"p1", "p3"}
