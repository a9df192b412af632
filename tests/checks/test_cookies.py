"""Cookie-inventory checks on inline rows: one row that must be found, the near-miss that must not."""

from __future__ import annotations

from tests.conftest import CheckRunner

COOKIE = {"domain": ".wgp.kz", "purpose_code": "account", "essential": True}


def test_cook_1_finds_session_cookie_declared_with_a_lifetime(run_check: CheckRunner) -> None:
    keys = run_check("COOK-1", {"cookies": [
        {"name": "sid", "kind": "session", "declared_max_age_days": 30, **COOKIE},
        {"name": "sid0", "kind": "session", "declared_max_age_days": 0, **COOKIE},
        {"name": "plain", "kind": "session", "declared_max_age_days": None, **COOKIE},
        {"name": "lang", "kind": "persistent", "declared_max_age_days": 365, **COOKIE},
    ]})
    assert keys == {"sid@.wgp.kz", "sid0@.wgp.kz"}


def test_cook_2_finds_persistent_cookie_without_a_declared_lifetime(
    run_check: CheckRunner,
) -> None:
    keys = run_check("COOK-2", {"cookies": [
        {"name": "forever", "kind": "persistent", "declared_max_age_days": None, **COOKIE},
        {"name": "lang", "kind": "persistent", "declared_max_age_days": 365, **COOKIE},
        {"name": "plain", "kind": "session", "declared_max_age_days": None, **COOKIE},
    ]})
    assert keys == {"forever@.wgp.kz"}
