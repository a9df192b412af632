"""The demo generator streams: users beyond the core arrive in chunks, logs hour by hour, same per seed."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from wgp_audit.demo import DemoOutput, generate
from wgp_audit.demo.traffic import Rand, hourly_counts, window_seconds

CORE = 200
LINES = 12_000


def _small(out: Path, users: int) -> DemoOutput:
    """A demo with a 200-user core and bulk users in chunks of 150."""
    return generate(out, users=users, log_lines=LINES, core_users=CORE, chunk=150)


@pytest.fixture(scope="module")
def core_only(tmp_path_factory: pytest.TempPathFactory) -> DemoOutput:
    return _small(tmp_path_factory.mktemp("core"), CORE)


@pytest.fixture(scope="module")
def streamed(tmp_path_factory: pytest.TempPathFactory) -> DemoOutput:
    return _small(tmp_path_factory.mktemp("streamed"), CORE + 400)


def _lines(path: Path) -> list[str]:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8").splitlines()


def _query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _digest(demo: DemoOutput) -> dict[str, str]:
    """sha256 of every log file and the manifest, and of the users and consents tables' rows."""
    assert demo.logs is not None
    out = {
        str(p.relative_to(demo.logs)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in demo.logs.rglob("*")
        if p.is_file()
    }
    out["manifest"] = hashlib.sha256(demo.manifest.read_bytes()).hexdigest()
    for table, key in (("users", "user_id"), ("consents", "consent_id")):
        rows = _query(demo.database, f"select * from {table} order by {key}")
        out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def test_bulk_users_are_added_to_the_core_in_the_database(
    core_only: DemoOutput, streamed: DemoOutput
) -> None:
    (core_n,) = _query(core_only.database, "select count(*) from users")[0]
    n, distinct = _query(streamed.database, "select count(*), count(distinct user_id) from users")[0]
    assert n == core_n + 400
    assert distinct == n


def test_bulk_users_have_their_own_activity(streamed: DemoOutput) -> None:
    """Consents and messages of users beyond the core's ids (the bulk, streamed after it)."""
    (core_max,) = _query(streamed.database, "select max(user_id) from users where user_id <= 'usr-000200'")[0]
    bulk = "user_id in (select user_id from users order by user_id desc limit 400)"
    (consents,) = _query(streamed.database, f"select count(*) from consents where {bulk}")[0]
    (messages,) = _query(streamed.database, f"select count(*) from communications where {bulk}")[0]
    assert core_max == "usr-000200"
    assert consents >= 400  # every user consents to the account at least
    assert messages > 0


def test_web_logs_hold_exactly_the_lines_asked_for(streamed: DemoOutput) -> None:
    assert streamed.logs is not None
    files = sorted((streamed.logs / "web").iterdir())
    assert len(files) == 4
    assert sum(len(_lines(p)) for p in files) == LINES


def test_bulk_consents_are_mirrored_in_the_app_log(streamed: DemoOutput) -> None:
    """Every consent of the app log's span has its consent.grant event, bulk users' included."""
    assert streamed.logs is not None
    granted = set()
    actors = set()
    for path in (streamed.logs / "app").iterdir():
        for line in _lines(path):
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue  # the planted truncated tail and noise
            if event["event"] == "consent.grant" and event["details"]:
                granted.add(event["details"].get("consent_id"))
            actors.add(event["user_id"])
    newest = _query(
        streamed.database,
        "select consent_id, user_id from consents where given_at >= timestamptz '2025-09-06 23:00:00+05' "
        "and user_id in (select user_id from users order by user_id desc limit 400)",
    )
    assert newest, "some bulk consents fall in the app log's 420 days"
    assert {c for c, _ in newest} <= granted
    assert {u for _, u in newest} & actors


def test_same_seed_same_output(streamed: DemoOutput, tmp_path: Path) -> None:
    again = _small(tmp_path / "again", CORE + 400)
    assert _digest(again) == _digest(streamed)


def test_hourly_counts_add_up_and_leave_excluded_hours_empty() -> None:
    start = 1_760_000_400 - 1_760_000_400 % 3600
    excluded = [(start + 7200, start + 3 * 3600 - 1)]  # the third hour, whole
    hours = hourly_counts(100_000, start, start + 48 * 3600, excluded)
    assert len(hours) == 48
    assert sum(c for _, _, c in hours) == 100_000
    assert hours[2][2] == 0
    assert all(c > 0 for i, (_, _, c) in enumerate(hours) if i != 2)


def test_window_seconds_stay_in_the_window_outside_exclusions_and_sorted() -> None:
    ts = window_seconds(Rand(7), 5000, 1000, 4600, [(2000, 2999)])
    assert ts.len() == 5000
    assert ts.is_sorted()
    assert ts.min() >= 1000 and ts.max() < 4600  # type: ignore[operator]
    assert ts.filter((ts >= 2000) & (ts <= 2999)).len() == 0
