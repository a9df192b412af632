"""App event log ingestion: JSON Lines events parsed with offsets kept, every other line a reject."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import duckdb

from wgp_audit.logs import ingest_app_logs
from wgp_audit.logs.engine import NOT_UTF8

EVENTS: list[tuple[bytes, str | None]] = [
    (
        b'{"ts":"2024-05-01T10:00:00+05:00","event":"cookie.set","user_id":"u1","actor_role":"user",'
        b'"ip":"2a02:db8::1","details":{"name":"_ga","max_age":63072000,"secure":true}}',
        None,
    ),
    (
        b'{"ts":"2024-05-01T05:00:00.25Z","event":"profile.read","user_id":42,"actor_id":"s7",'
        b'"actor_role":"support","purpose":"customer_service","details":{"fields":["email","iin"]}}',
        None,
    ),
    (b'{"ts":"2024-05-01 10:00:00.123456789+05:00","event":"export","details":null}', None),
    (b"not json at all", "not valid JSON"),
    (b"[1, 2]", "JSON value is not an object (a list)"),
    (b'{"event":"login"}', "required field 'ts' is missing"),
    (b'{"ts":"2024-05-01T10:00:00+05:00"}', "required field 'event' is missing"),
    (b'{"ts":"2024-05-01T10:00:00","event":"login"}', "ts has no UTC offset (RFC 3339 needs Z or +hh:mm)"),
    (b'{"ts":1714539600,"event":"login"}', "ts is not an RFC 3339 timestamp"),
    (b'{"ts":"2024-05-01T10:00:00+05:00","event":"login","details":"x"}', "details is not an object"),
    (b'{"ts":"2024-05-01T10:00:00+05:00","event":"\xff\xfe"}', NOT_UTF8),
    (b"", "empty line"),
    (b'{"ts":"2024-05-01T10:00:00+05:00","event":"log', "not valid JSON"),  # cut by rotation
]


def test_events_are_parsed_or_rejected_with_their_reason(tmp_path: Path) -> None:
    path = tmp_path / "app.jsonl"
    path.write_bytes(b"\n".join(line for line, _ in EVENTS))
    result = ingest_app_logs(path, cache_dir=None, tz="Asia/Atyrau")
    con = duckdb.connect()
    result.register(con, "log_app")
    (record,) = result.files
    assert (record.lines_read, record.parsed, record.rejected) == (len(EVENTS), 3, len(EVENTS) - 3)
    got = dict(con.execute("select line_no, reason from log_app_rejects").fetchall())
    assert got == {i: reason for i, (_, reason) in enumerate(EVENTS, 1) if reason}
    rows = con.execute(
        "select line_no, ts, ts_local, event, user_id, ip, details, details->>'$.name' "
        "from log_app order by line_no"
    ).fetchall()
    utc5 = dt.datetime(2024, 5, 1, 5, 0, tzinfo=dt.UTC)
    assert rows[0][:7] == (
        1,
        utc5,
        dt.datetime(2024, 5, 1, 10, 0),
        "cookie.set",
        "u1",
        "2a02:db8::1",
        '{"name":"_ga","max_age":63072000,"secure":true}',
    )
    assert rows[0][7] == "_ga"
    assert rows[1][1] == utc5 + dt.timedelta(milliseconds=250) and rows[1][4] == "42"
    details = con.execute("select details from log_app where line_no = 2").fetchone()
    assert details is not None
    assert json.loads(details[0]) == {"fields": ["email", "iin"]}
    assert rows[2][1] == dt.datetime(2024, 5, 1, 5, 0, 0, 123456, tzinfo=dt.UTC) and rows[2][6] is None


def test_gzipped_events_and_cache_hit(tmp_path: Path) -> None:
    lines = [
        json.dumps({"ts": f"2024-05-0{d}T23:30:00+05:00", "event": "login", "user_id": f"u{d}"})
        for d in range(1, 6)
    ]
    (tmp_path / "app.log.1.gz").write_bytes(gzip.compress("\n".join(lines).encode() + b"\n"))
    first = ingest_app_logs(tmp_path, cache_dir=tmp_path / "cache", tz="Asia/Atyrau")
    again = ingest_app_logs(tmp_path, cache_dir=tmp_path / "cache", tz="Asia/Atyrau")
    assert [(f.parsed, f.from_cache) for f in first.files + again.files] == [(5, False), (5, True)]
    con = duckdb.connect()
    again.register(con, "log_app")
    assert con.execute("select count(distinct date_local), count(*) from log_app").fetchone() == (5, 5)
