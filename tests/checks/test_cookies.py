"""Cookie-inventory checks (COOK-1, COOK-2) on inline rows and app-log cookie.set events: what must
be found, and the near-misses that must not. Both judge the declared inventory and what was set."""

from __future__ import annotations

from typing import Any

from tests.checks.conftest import LogCheckRunner, app

COOKIE = {"domain": ".wgp.kz", "purpose_code": "account", "essential": True}
NO_COOKIES = [app("2026-10-10 10:00:00", "page_view", "r0", user_id="u0")]
YEAR = 365 * 86400


def setc(ts: str, rid: str, name: str, *, domain: str | None = ".wgp.kz", **attrs: Any) -> str:
    """A cookie.set event with the attributes given (max_age, expires, ...)."""
    details = {"name": name, "domain": domain, "secure": True, "http_only": True, **attrs}
    return app(ts, "cookie.set", rid, session_id="s1", details=details)


def test_cook_1_finds_session_cookie_declared_with_a_lifetime(
    run_log_check: LogCheckRunner,
) -> None:
    keys = run_log_check(
        "COOK-1",
        {
            "cookies": [
                {"name": "sid", "kind": "session", "declared_max_age_days": 30, **COOKIE},
                {"name": "sid0", "kind": "session", "declared_max_age_days": 0, **COOKIE},
                {"name": "plain", "kind": "session", "declared_max_age_days": None, **COOKIE},
                {"name": "lang", "kind": "persistent", "declared_max_age_days": 365, **COOKIE},
            ]
        },
        app_lines=NO_COOKIES,
    )
    assert keys == {"sid@.wgp.kz", "sid0@.wgp.kz"}


def test_cook_1_finds_session_cookie_set_with_max_age_or_expires(
    run_log_check: LogCheckRunner,
) -> None:
    keys = run_log_check(
        "COOK-1",
        {
            "cookies": [
                {"name": name, "kind": "session", "declared_max_age_days": None, **COOKIE}
                for name in (
                    "by_age",
                    "by_expiry",
                    "by_bad_expiry",
                    "host_only",
                    "plain",
                    "deleted",
                    "expired",
                    "before",
                )
            ]
            + [{"name": "lang", "kind": "persistent", "declared_max_age_days": 365, **COOKIE}]
        },
        app_lines=[
            setc("2026-10-10 10:00:00", "r1", "by_age", max_age=3600),
            setc(
                "2026-10-10 10:00:00",
                "r2",
                "by_expiry",
                domain="WGP.KZ",
                expires="Sat, 10 Oct 2026 06:00:00 GMT",
            ),
            setc("2026-10-10 10:00:00", "r3", "by_bad_expiry", expires="tomorrow"),
            setc("2026-10-10 10:00:00", "r4", "host_only", domain=None, max_age=60),
            # near-misses: no lifetime; a Max-Age of 0 and a past Expires delete the cookie;
            # a persistent cookie; a session cookie set with a lifetime before the period
            setc("2026-10-10 10:00:00", "r5", "plain", max_age=None, expires=None),
            setc("2026-10-10 10:00:00", "r6", "deleted", max_age=0),
            setc("2026-10-10 10:00:00", "r7", "expired", expires="Thu, 01 Jan 1970 00:00:00 GMT"),
            setc("2026-10-10 10:00:00", "r8", "lang", max_age=YEAR),
            setc("2024-12-31 10:00:00", "r9", "before", max_age=3600),
        ],
        period_start="2025-01-01",
    )
    assert keys == {"by_age@.wgp.kz", "by_expiry@.wgp.kz", "by_bad_expiry@.wgp.kz", "host_only@.wgp.kz"}


def test_cook_1_joins_declared_and_observed_lifetime_in_one_finding(
    run_log_check: LogCheckRunner,
) -> None:
    keys = run_log_check(
        "COOK-1",
        {
            "cookies": [
                {"name": "sid", "kind": "session", "declared_max_age_days": 30, **COOKIE},
            ]
        },
        app_lines=[
            setc("2026-10-10 10:00:00", "r1", "sid", max_age=3600),
            setc("2026-10-10 11:00:00", "r2", "sid", max_age=7200),
        ],
    )
    assert keys == {"sid@.wgp.kz"}


def test_cook_2_finds_persistent_cookie_without_a_declared_lifetime(
    run_log_check: LogCheckRunner,
) -> None:
    keys = run_log_check(
        "COOK-2",
        {
            "cookies": [
                {"name": "forever", "kind": "persistent", "declared_max_age_days": None, **COOKIE},
                {"name": "lang", "kind": "persistent", "declared_max_age_days": 365, **COOKIE},
                {"name": "plain", "kind": "session", "declared_max_age_days": None, **COOKIE},
            ]
        },
        app_lines=NO_COOKIES,
    )
    assert keys == {"forever@.wgp.kz"}


def test_cook_2_finds_persistent_cookie_set_for_longer_than_declared(
    run_log_check: LogCheckRunner,
) -> None:
    keys = run_log_check(
        "COOK-2",
        {
            "cookies": [
                {"name": name, "kind": "persistent", "declared_max_age_days": 365, **COOKIE}
                for name in ("by_age", "by_expiry", "exact", "expiry_exact", "no_lifetime", "before")
            ]
            + [{"name": "sess", "kind": "session", "declared_max_age_days": None, **COOKIE}]
        },
        app_lines=[
            setc("2026-10-10 10:00:00", "r1", "by_age", max_age=YEAR + 1),
            # local 2026-10-10 10:00 = 05:00 UTC; 366 days later
            setc(
                "2026-10-10 10:00:00",
                "r2",
                "by_expiry",
                domain="wgp.kz",
                expires="Mon, 11 Oct 2027 05:00:00 GMT",
            ),
            # near-misses: exactly the declared lifetime (by Max-Age, and by Expires with the
            # Max-Age absent); a persistent cookie set with no lifetime is deleted sooner than
            # declared, which exceeds nothing; set too long but before the period; a session
            # cookie (COOK-1's)
            setc("2026-10-10 10:00:00", "r3", "exact", max_age=YEAR),
            setc("2026-10-10 10:00:00", "r4", "expiry_exact", expires="Sun, 10 Oct 2027 05:00:30 GMT"),
            setc("2026-10-10 10:00:00", "r5", "no_lifetime", max_age=None, expires=None),
            setc("2024-12-31 10:00:00", "r6", "before", max_age=2 * YEAR),
            setc("2026-10-10 10:00:00", "r7", "sess", max_age=2 * YEAR),
        ],
        period_start="2025-01-01",
    )
    assert keys == {"by_age@.wgp.kz", "by_expiry@.wgp.kz"}


def test_cook_2_max_age_wins_over_expires(run_log_check: LogCheckRunner) -> None:
    keys = run_log_check(
        "COOK-2",
        {
            "cookies": [
                {"name": name, "kind": "persistent", "declared_max_age_days": 30, **COOKIE}
                for name in ("long_age", "short_age")
            ]
        },
        app_lines=[
            setc(
                "2026-10-10 10:00:00",
                "r1",
                "long_age",
                max_age=31 * 86400,
                expires="Sun, 11 Oct 2026 05:00:00 GMT",
            ),
            setc(
                "2026-10-10 10:00:00",
                "r2",
                "short_age",
                max_age=86400,
                expires="Mon, 11 Oct 2027 05:00:00 GMT",
            ),
        ],
    )
    assert keys == {"long_age@.wgp.kz"}
