"""Deterministic synthetic WGP data with planted violations and a ground-truth manifest."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wgp_audit.calendar import WorkingDays, build_calendar
from wgp_audit.config import load_yardstick
from wgp_audit.contract import load_contract
from wgp_audit.demo import activity, base
from wgp_audit.demo.dataset import LOCAL, Dataset
from wgp_audit.demo.logs import absorb, plan_logs, write_logs
from wgp_audit.demo.plants import planters
from wgp_audit.demo.writer import append_duckdb, new_duckdb, write_manifest
from wgp_audit.errors import ParameterError
from wgp_audit.params import DEMO_AS_OF

DEFAULT_SEED = 20260131
#: Users built in memory with every plant; any more are streamed in chunks of BULK_CHUNK.
CORE_USERS = 3000
BULK_CHUNK = 20_000


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


def bulk_chunks(core: Dataset, users: int, wd: WorkingDays, size: int = BULK_CHUNK) -> Iterator[Dataset]:
    """`users` more compliant base users with their activity (no plants), chunk by chunk.

    Each chunk has its own seeded random stream and continues the core's id counters, so the
    ids never collide and the output is the same for a seed, whatever else runs.
    """
    done = 0
    for i in itertools.count():
        if done >= users:
            return
        n = min(size, users - done)
        chunk = Dataset(
            seed=core.seed,
            as_of=core.as_of,
            start=core.start,
            rng=random.Random(core.seed * 1_000_003 + i),
            _counters=core._counters,
        )
        base.users(chunk, n, wd)
        activity.communications(chunk, wd)
        activity.tickets(chunk)
        activity.requests(chunk, wd)
        yield chunk
        done += n


def generate(
    out_dir: Path,
    users: int = 3000,
    seed: int = DEFAULT_SEED,
    log_lines: int = 20000,
    *,
    core_users: int = CORE_USERS,
    chunk: int = BULK_CHUNK,
) -> DemoOutput:
    """Write the demo database, logs (unless log_lines is 0) and manifest, in bounded memory.

    The first `core_users` users and every plant are built in memory; the log plants add their
    users and the inventory cookie. The rest are streamed in chunks of `chunk` users into DuckDB,
    keeping only what the logs need of them; the logs are then written hour by hour.
    """
    wd = working_days()
    core_users = min(users, core_users)
    ds = build_dataset(core_users, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = plan_logs(ds, log_lines, wd) if log_lines else None
    db = out_dir / "wgp.duckdb"
    contract = load_contract()
    con = new_duckdb(db, contract)
    try:
        append_duckdb(con, ds, contract)
        for part in bulk_chunks(ds, users - core_users, wd, chunk):
            append_duckdb(con, part, contract)
            if plan is not None:
                absorb(plan, part)
        con.execute("checkpoint")
    finally:
        con.close()
    logs = write_logs(plan, out_dir / "logs") if plan is not None else None
    manifest = write_manifest(ds, out_dir / "manifest.json")
    return DemoOutput(db, manifest, logs, users)
