"""Cookie-inventory plants: COOK-1, COOK-2 on the declared inventory. The cookies the app log
shows being set with a lifetime (the observed half of COOK-1/COOK-2) are planted by
logplants._cookie_plants over the inventory rows added here."""

from __future__ import annotations

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.dataset import Dataset


def _cookie(ds: Dataset, name: str, kind: str, days: int | None) -> str:
    """Add a .wgp.kz cookie to the inventory; returns its record key (name@domain)."""
    ds.add(
        "cookies",
        name=name,
        domain=".wgp.kz",
        kind=kind,
        declared_max_age_days=days,
        purpose_code="account",
        essential=True,
    )
    return f"{name}@.wgp.kz"


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """A session cookie with a lifetime, a persistent one without; near-misses: the reverse.

    Also declares wgp_checkout (session) and wgp_recent (persistent, 30 days), which the app
    log shows set with a Max-Age: 30 minutes and 90 days (logplants)."""
    ds.plant("COOK-1", _cookie(ds, "wgp_csrf", "session", 1), "session cookie declared 1 day")
    ds.near_miss("COOK-1", _cookie(ds, "wgp_cart", "session", None), "session cookie, no age")
    ds.plant(
        "COOK-2", _cookie(ds, "wgp_device", "persistent", None), "persistent cookie with no declared lifetime"
    )
    ds.near_miss("COOK-2", _cookie(ds, "wgp_theme", "persistent", 30), "persistent cookie declared 30 days")
    _cookie(ds, "wgp_checkout", "session", None)
    _cookie(ds, "wgp_recent", "persistent", 30)
