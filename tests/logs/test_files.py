"""The one-pass fingerprint and index of a log, the piece cuts, and the local-date SQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from wgp_audit.logs import files, ingest_web_logs
from wgp_audit.logs.engine import local_date_sql, local_day_sql

GOOD = '10.0.0.1 - - [17/May/2015:10:05:03 +0600] "GET /p/{n}?q=1 HTTP/1.1" 200 5 "-" "ua"'


def _reference(data: bytes) -> tuple[int, bool, str]:
    """Line count, UTF-8 validity and CR kind computed the slow, obvious way."""
    total = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    try:
        data.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    crs = "lone" if b"\r" in data.replace(b"\r\n", b"") else "crlf" if b"\r" in data else "none"
    return total, utf8, crs


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a",
        b"a\n",
        b"\n\n",
        "ж\n".encode() * 3,
        b"a\r\nb\r\n",
        b"a\rb\n",
        b"a\r",
        b"\xff\n",
        "x€".encode()[:-1],
        b"a\r\n\r",
    ],
)
def test_line_stats_match_the_obvious_computation_whatever_the_chunking(data: bytes) -> None:
    for size in (1, 2, 3, 7, max(1, len(data))):
        stats = files.LineStats()
        for k in range(0, len(data), size):
            stats.feed(data[k : k + size])
        index = stats.finish()
        assert (index.total, index.utf8, index.crs) == _reference(data), (data, size)


def test_fingerprint_hashes_and_indexes_across_chunk_borders(tmp_path: Path) -> None:
    # a 2-byte UTF-8 character straddles the first 4 MB chunk border; the file has no final newline
    head = b"a" * ((1 << 22) - 1)
    data = head + "ж".encode() + b"\n" + b"b\r\n" * 1000 + b"tail"
    path = tmp_path / "a.log"
    path.write_bytes(data)
    sha, index = files.fingerprint(path, index=True)
    assert sha == hashlib.sha256(data).hexdigest() == files.sha256_file(path)
    assert index is not None
    assert (index.total, index.utf8, index.crs) == _reference(data) == (1002, True, "crlf")
    path.write_bytes(head + b"\xd0" + b"\n")  # a sequence cut at the chunk border, then ASCII
    _, index = files.fingerprint(path, index=True)
    assert index is not None and not index.utf8


def test_pieces_cut_just_after_a_newline_and_count_every_line(tmp_path: Path) -> None:
    rng = random.Random(5)
    lines = [b"x" * rng.choice([0, 1, 80, 3000, 1_000_000]) for _ in range(400)]
    data = b"\n".join(lines)  # no final newline
    path = tmp_path / "a.log"
    path.write_bytes(data)
    _, index = files.fingerprint(path, index=True)
    assert index is not None
    for n in (1, 2, 3, 4):
        pieces = index.pieces(path, n)
        assert sum(count for _, count in pieces) == index.total == 400
        assert [s for s, _ in pieces] == [0, *[s + c for s, c in pieces][:-1]]
        for skip, _ in pieces[1:]:  # each cut sits just after a newline near k/n of the bytes
            assert 0 < skip < 400


def test_line_numbers_stay_exact_in_a_multi_chunk_file_with_hazards(tmp_path: Path) -> None:
    lines = [GOOD.format(n=n).encode() for n in range(1, 60_001)]
    long_path = b"/" + b"y" * 1_000_000
    prefix = b'1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET '
    lines[20_000] = prefix + long_path + b' HTTP/1.1" 200 0 "-" "-"'
    lines[40_000] = b"\xff\xfe garbage"
    lines[50_000] = GOOD.format(n=50_001).encode() + b"\r"
    path = tmp_path / "big.log"
    path.write_bytes(b"\n".join(lines) + b"\n")
    for variant in ("all", "no-bad-utf8", "no-cr"):
        if variant == "no-bad-utf8":
            lines[40_000] = GOOD.format(n=40_001).encode()
        if variant == "no-cr":
            lines[50_000] = GOOD.format(n=50_001).encode()
        path.write_bytes(b"\n".join(lines) + b"\n")
        result = ingest_web_logs(path, cache_dir=None)
        con = duckdb.connect()
        result.register(con, "w")
        assert result.lines_read == 60_000 == result.parsed + result.rejected, variant
        misplaced = "select count(*) from w where path <> '/p/' || line_no || '?q=1' and line_no <> 20001"
        assert con.execute(misplaced).fetchone() == (0,), variant
        assert con.execute("select length(path) from w where line_no = 20001").fetchone() == (1_000_001,)
        rejects = con.execute("select line_no from w_rejects").fetchall()
        assert rejects == ([(40_001,)] if variant == "all" else []), variant


@pytest.mark.parametrize("tz", ["Asia/Almaty", "Asia/Atyrau", "UTC", "Europe/Berlin", "America/New_York"])
def test_local_date_sql_text_and_date_agree_with_zoneinfo(tz: str) -> None:
    zone = ZoneInfo(tz)
    base = dt.datetime(2024, 2, 29, 17, 0, tzinfo=dt.UTC)  # Almaty left +06 for +05 at 18:00 UTC
    stamps = [base + dt.timedelta(minutes=15 * k) for k in range(-8, 24)]
    stamps += [
        dt.datetime(y, m, 1, 19, 30, tzinfo=dt.UTC)
        for y in (1985, 2003, 2015, 2099, 2150)
        for m in (1, 3, 6, 10, 11)
    ]
    con = duckdb.connect()
    got = con.execute(
        f"select {local_date_sql(tz)}, {local_day_sql(tz)} from unnest(?::timestamptz[]) as u(ts)", [stamps]
    ).fetchall()
    assert [g[0] for g in got] == [s.astimezone(zone).date().isoformat() for s in stamps]
    assert [g[1] for g in got] == [s.astimezone(zone).date() for s in stamps]
