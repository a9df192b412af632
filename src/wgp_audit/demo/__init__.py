"""Deterministic synthetic WGP data with planted violations and a ground-truth manifest."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from wgp_audit.calendar import WorkingDays, build_calendar
from wgp_audit.config import load_yardstick
from wgp_audit.demo import activity, base
from wgp_audit.demo.dataset import LOCAL, Dataset
from wgp_audit.demo.logs import write_logs
from wgp_audit.demo.plants import planters
from wgp_audit.demo.writer import write_duckdb, write_manifest
from wgp_audit.errors import ParameterError
from wgp_audit.params import DEMO_AS_OF

DEFAULT_SEED = 20260131


@dataclass(frozen=True)
class DemoOutput:
    """Where `wgp-audit demo` wrote things."""

    database: Path
    manifest: Path
    logs: Path | None
    users: int


def working_days() -> WorkingDays:
    """Working-day arithmetic from the workspace yardstick's calendar."""
    cal = load_yardstick().calendar
    return WorkingDays(
        build_calendar(cal["first_year"], cal["last_year"], cal["working_weekends"], cal["extra_days_off"])
    )


def build_dataset(users: int = 3000, seed: int = DEFAULT_SEED) -> Dataset:
    """Build the base population, its activity, then every plant module's violations."""
    if users < 200:
        raise ParameterError(f"users = {users} is too small for the demo", hint="ask for at least 200 users")
    as_of = dt.datetime.combine(DEMO_AS_OF, dt.time(23, 0), tzinfo=LOCAL).astimezone(dt.UTC)
    ds = Dataset(
        seed=seed, as_of=as_of, start=dt.datetime(2023, 1, 15, tzinfo=dt.UTC), rng=random.Random(seed)
    )
    wd = working_days()
    base.reference_tables(ds)
    base.users(ds, users, wd)
    activity.communications(ds, wd)
    activity.tickets(ds)
    activity.requests(ds, wd)
    activity.disclosures(ds, wd)
    activity.incidents(ds, wd)
    for _, plant in planters():
        plant(ds, wd)
    return ds


def generate(
    out_dir: Path, users: int = 3000, seed: int = DEFAULT_SEED, log_lines: int = 20000
) -> DemoOutput:
    """Write the demo logs (unless log_lines is 0), then the database and the manifest.

    The logs come first: their writer adds rows (its users, an inventory cookie) and plants.
    """
    ds = build_dataset(users, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    logs = write_logs(ds, out_dir / "logs", log_lines, working_days()) if log_lines else None
    db = write_duckdb(ds, out_dir / "wgp.duckdb")
    manifest = write_manifest(ds, out_dir / "manifest.json")
    return DemoOutput(db, manifest, logs, users)
