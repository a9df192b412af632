"""`wgp-audit demo --flavour bitrix`: a synthetic WGP site in 1C-Bitrix's own tables.

Writes bitrix.sqlite (SQLite), bitrix-mysql.sql (MySQL/MariaDB DDL + INSERTs) and manifest.json
(the findings the audit through mappings/bitrix must produce, and the near-misses it must not).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from wgp_audit.demo import working_days
from wgp_audit.demo.bitrix import base, plants
from wgp_audit.demo.bitrix.site import Site
from wgp_audit.demo.bitrix.writer import write_manifest, write_mysql, write_sqlite
from wgp_audit.errors import ParameterError

DEFAULT_SEED = 20261031
DEFAULT_USERS = 300


@dataclass(frozen=True)
class BitrixDemoOutput:
    """Where the Bitrix demo was written."""

    sqlite: Path
    mysql: Path
    manifest: Path
    users: int


def build_site(users: int = DEFAULT_USERS, seed: int = DEFAULT_SEED) -> Site:
    """Reference rows, staff, the population and its activity, then the plants."""
    if users < 50:
        raise ParameterError(
            f"users = {users} is too small for the Bitrix demo", hint="ask for at least 50 users"
        )
    site = Site(seed=seed, rng=random.Random(seed), wd=working_days())
    base.reference(site)
    base.staff(site)
    base.population(site, users)
    base.withdrawals(site)
    plants.retention(site)
    plants.consent_records(site)
    plants.withdrawals(site)
    sent = base.digests(site)
    plants.marketing(site, sent)
    base.activity(site)
    plants.requests(site)
    plants.disclosures(site)
    return site


def generate_bitrix(out_dir: Path, users: int = DEFAULT_USERS, seed: int = DEFAULT_SEED) -> BitrixDemoOutput:
    """Build the site and write its SQLite file, its MySQL script and the manifest."""
    site = build_site(users, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    return BitrixDemoOutput(
        sqlite=write_sqlite(site, out_dir / "bitrix.sqlite"),
        mysql=write_mysql(site, out_dir / "bitrix-mysql.sql"),
        manifest=write_manifest(site, out_dir / "manifest.json"),
        users=users,
    )
