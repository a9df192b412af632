"""Cookie-inventory plants: COOK-1, COOK-2 (the declared inventory, not observed cookies)."""

from __future__ import annotations

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.dataset import Dataset


def _cookie(ds: Dataset, name: str, kind: str, days: int | None) -> str:
    ds.add("cookies", name=name, domain=".wgp.kz", kind=kind, declared_max_age_days=days,
           purpose_code="account", essential=True)
    return f"{name}@.wgp.kz"


def plant(ds: Dataset, wd: WorkingDays) -> None:
    """A session cookie with a lifetime, a persistent one without; near-misses: the reverse."""
    ds.plant("COOK-1", _cookie(ds, "wgp_csrf", "session", 1), "session cookie declared 1 day")
    ds.near_miss("COOK-1", _cookie(ds, "wgp_cart", "session", None), "session cookie, no age")
    ds.plant("COOK-2", _cookie(ds, "wgp_device", "persistent", None),
             "persistent cookie with no declared lifetime")
    ds.near_miss("COOK-2", _cookie(ds, "wgp_theme", "persistent", 30),
                 "persistent cookie declared 30 days")
