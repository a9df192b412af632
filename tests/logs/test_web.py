"""Web access log ingestion: every line parsed or rejected with a reason, offsets kept, rotated sets."""

from __future__ import annotations

import datetime as dt
import gzip
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from wgp_audit.errors import LogIngestError, ParameterError
from wgp_audit.logs import IngestResult, ingest_web_logs
from wgp_audit.logs.engine import NOT_UTF8

UA = "Mozilla/5.0 (X11; Linux x86_64)"
GOOD = '10.0.0.{n} - - [17/May/2015:10:05:03 +0600] "GET /p/{n}?q=1 HTTP/1.1" 200 {n} "-" "' + UA + '"'


def _views(result: IngestResult) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    result.register(con, "log_web")
    return con


def _accounted(result: IngestResult) -> None:
    for f in result.files:
        assert f.parsed + f.rejected == f.lines_read, f


def test_real_sample_every_line_accounted_and_the_cut_user_agent_rejected(real_log: Path) -> None:
    result = ingest_web_logs(real_log, cache_dir=None)
    con = _views(result)
    rejects = con.execute("select line_no, reason, raw from log_web_rejects order by 1").fetchall()
    for line_no, reason, raw in rejects:
        print(f"reject line {line_no}: {reason}: {raw[:120]}")
    assert result.parsed + result.rejected == 10_000 == result.lines_read
    assert Counter(r[1] for r in rejects) == {"a quoted field is not closed (line cut short?)": 1}
    assert [r[0] for r in rejects] == [8899]
    (n, lines, first) = con.execute(
        "select count(*), count(distinct line_no), min(ts) filter (where line_no = 1) from log_web"
    ).fetchone() or (0, 0, None)
    assert n == lines == 9_999
    assert first == dt.datetime(2015, 5, 17, 10, 5, 3, tzinfo=dt.UTC)


P = b"1.2.3.4 - - [17/May/2015:10:05:03 +0000] "
V6 = b"2a02:2168:8c1:1200::1 - alice [17/May/2015:10:05:03 +0600] "
HAZARDS: list[tuple[bytes, str | None]] = [
    (V6 + b'"GET /a?x=1 HTTP/1.1" 200 5 "-" "ua"', None),
    (P + b'"GET /s?q=\\"x\\" HTTP/1.1" 200 5 "-" "say \\"hi\\""', None),
    (P + b'"GET /s?q=\\x22x HTTP/1.1" 200 - "-" "a\\x22b"', None),
    (P + b'"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" 400 0 "-" "-"', NOT_UTF8),
    (
        P + b'"\\x16\\x03\\x01\\x02\\x00" 400 157 "-" "-"',
        "request field is not 'METHOD target PROTOCOL' (binary data?)",
    ),
    (P + b'"-" 408 0 "-" "-"', "request field is '-' (the client sent no request line)"),
    (P + b'"GET /' + b"x" * 1_000_000 + b' HTTP/1.1" 414 0 "-" "-"', None),
    (
        b'1.2.3.4 - - [2015-05-17 10:05:03] "GET / HTTP/1.1" 200 5 "-" "-"',
        "timestamp not in [dd/Mon/yyyy:HH:MM:SS +zzzz] form",
    ),
    (b"", "empty line"),
    (b'1.2.3.4 - - [17/May/2015:10:05:03 -0130] "POST /login HTTP/1.0" 302 0', None),
    (b"1.2.3.4 - -", "line truncated (fewer than 9 fields)"),
    (P + b'"GET /cut HTTP/1.1" 200 5 "http://ref', "a quoted field is not closed (line cut short?)"),
]


def _write(path: Path, lines: list[bytes], *, end: bytes = b"\n") -> Path:
    path.write_bytes(b"\n".join(lines) + end)
    return path


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_crafted_hazards_are_parsed_or_rejected_at_their_own_line(tmp_path: Path, crlf: bool) -> None:
    lines = [line for line, _ in HAZARDS]
    if crlf:
        lines = [line + b"\r" for line in lines]
    # the last line has no newline: a line cut by rotation
    path = _write(tmp_path / "access.log", lines, end=b"")
    result = ingest_web_logs(path, cache_dir=None)
    con = _views(result)
    _accounted(result)
    assert result.lines_read == len(HAZARDS)
    got = dict(con.execute("select line_no, reason from log_web_rejects").fetchall())
    expected = {i: reason for i, (_, reason) in enumerate(HAZARDS, 1) if reason}
    assert got == expected
    rows = {
        r[0]: r
        for r in con.execute(
            "select line_no, remote_addr, remote_user, ts, path, bytes, user_agent, referer, protocol "
            "from log_web"
        ).fetchall()
    }
    utc = dt.datetime(2015, 5, 17, 4, 5, 3, tzinfo=dt.UTC)  # +0600 kept: 10:05:03 local is 04:05:03 UTC
    assert rows[1][1:4] == ("2a02:2168:8c1:1200::1", "alice", utc)
    assert rows[2][4] == '/s?q=\\"x\\"' and rows[2][6] == 'say \\"hi\\"'
    assert rows[3][4] == "/s?q=\\x22x" and rows[3][5] == 0 and rows[3][6] == "a\\x22b"
    assert len(rows[7][4]) == 1_000_001
    assert rows[10][3] == dt.datetime(2015, 5, 17, 11, 35, 3, tzinfo=dt.UTC) and rows[10][7] is None
    tls = con.execute(
        "select raw, raw_truncated, raw_bytes from log_web_rejects where line_no = 4"
    ).fetchone()
    assert tls is not None and "\x16\x03\x01" in tls[0] and "\\xfc" in tls[0] and tls[1:] == (False, 68)


def test_long_reject_keeps_2000_chars_and_says_it_was_cut(tmp_path: Path) -> None:
    result = ingest_web_logs(_write(tmp_path / "a.log", [b"x" * 5000]), cache_dir=None)
    con = _views(result)
    assert con.execute("select length(raw), raw_truncated, raw_bytes from log_web_rejects").fetchone() == (
        2000,
        True,
        5000,
    )


def test_local_time_follows_the_given_zone(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.log", [GOOD.format(n=1).encode()])
    for tz, local in [("Asia/Atyrau", 9), ("UTC", 4), ("Asia/Almaty", 10)]:  # Almaty was +06 in 2015
        result = ingest_web_logs(path, cache_dir=None, tz=tz)
        con = _views(result)
        assert con.execute("select ts_local, date_local from log_web").fetchone() == (
            dt.datetime(2015, 5, 17, local, 5, 3),
            dt.date(2015, 5, 17),
        )


def test_lone_carriage_return_does_not_shift_line_numbers(tmp_path: Path) -> None:
    garbage = P + b'"\x16\r\x03" 400 0 "-" "-"'
    lines = [GOOD.format(n=1).encode(), garbage, GOOD.format(n=3).encode()]
    result = ingest_web_logs(_write(tmp_path / "a.log", lines), cache_dir=None)
    con = _views(result)
    assert con.execute("select list(line_no order by line_no) from log_web").fetchone() == ([1, 3],)
    assert result.rejected == 1 and result.lines_read == 3


def test_line_numbers_match_content_across_parallel_pieces(tmp_path: Path) -> None:
    lines = [GOOD.format(n=n).encode() if n % 997 else b"\xff garbage" for n in range(1, 30_001)]
    lines[14_999] = b""
    result = ingest_web_logs(_write(tmp_path / "big.log", lines), cache_dir=None)
    con = _views(result)
    assert result.lines_read == 30_000 and result.rejected == 30 + 1
    misplaced = "select count(*) from log_web where path <> '/p/' || line_no || '?q=1'"
    assert con.execute(misplaced).fetchone() == (0,)
    assert con.execute("select count(*) from log_web_rejects where line_no % 997 <> 0").fetchone() == (1,)


def test_formats_common_and_combined_are_enforced_when_asked(tmp_path: Path) -> None:
    common = P + b'"GET / HTTP/1.1" 200 5'
    path = _write(tmp_path / "a.log", [GOOD.format(n=1).encode(), common])
    assert ingest_web_logs(path, cache_dir=None, log_format="common").parsed == 1
    strict = ingest_web_logs(path, cache_dir=None, log_format="combined")
    assert (strict.parsed, strict.rejected) == (1, 1)
    assert ingest_web_logs(path, cache_dir=None).parsed == 2


def test_rotated_set_with_truncated_gz_reports_it_and_reads_the_others(tmp_path: Path) -> None:
    body = [GOOD.format(n=n).encode() for n in range(1, 2001)]
    _write(tmp_path / "access.log", body[:10])
    _write(tmp_path / "access.log.1", body[:20])
    (tmp_path / "access.log.2.gz").write_bytes(gzip.compress(b"\n".join(body[:30]) + b"\n"))
    whole = gzip.compress(b"\n".join(body) + b"\n")
    (tmp_path / "access.log.3.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "access.log.4").write_bytes(b"")
    result = ingest_web_logs(tmp_path, cache_dir=None)
    _accounted(result)
    by_name = {Path(f.path).name: f for f in result.files}
    assert list(by_name) == [
        "access.log",
        "access.log.1",
        "access.log.2.gz",
        "access.log.3.gz",
        "access.log.4",
    ]
    assert [by_name[n].parsed for n in ("access.log", "access.log.1", "access.log.2.gz")] == [10, 20, 30]
    cut = by_name["access.log.3.gz"]
    assert cut.problem is not None and "truncated" in cut.problem
    assert 0 < cut.lines_read < 2000
    assert by_name["access.log.4"].lines_read == 0 and by_name["access.log.4"].problem is None
    assert [f.problem for f in result.problems] == [cut.problem]
    con = _views(result)
    assert con.execute("select count(*) from log_web").fetchone() == (result.parsed,)


def test_glob_and_list_sources_select_the_same_files(tmp_path: Path) -> None:
    for name in ("access.log", "access.log.1"):
        _write(tmp_path / name, [GOOD.format(n=1).encode()])
    by_glob = ingest_web_logs(str(tmp_path / "access.log*"), cache_dir=None)
    by_list = ingest_web_logs([tmp_path / "access.log", tmp_path / "access.log.1"], cache_dir=None)
    assert [f.path for f in by_glob.files] == [f.path for f in by_list.files]


def test_cache_skips_unchanged_files_and_reparses_a_changed_one(tmp_path: Path) -> None:
    logs, cache = tmp_path / "logs", tmp_path / "cache"
    logs.mkdir()
    _write(logs / "access.log", [GOOD.format(n=1).encode(), b"junk"])
    _write(logs / "access.log.1", [GOOD.format(n=2).encode()])
    first = ingest_web_logs(logs, cache_dir=cache)
    second = ingest_web_logs(logs, cache_dir=cache)
    assert [f.from_cache for f in first.files] == [False, False]
    assert [f.from_cache for f in second.files] == [True, True]
    assert [(f.parsed, f.rejected) for f in second.files] == [(1, 1), (1, 0)]
    assert _views(second).execute("select count(*), min(line_no) from log_web_rejects").fetchone() == (1, 2)
    _write(logs / "access.log", [GOOD.format(n=1).encode(), GOOD.format(n=3).encode()])
    third = ingest_web_logs(logs, cache_dir=cache)
    assert [f.from_cache for f in third.files] == [False, True]
    con = _views(third)
    assert con.execute("select count(*) from log_web").fetchone() == (3,)
    assert con.execute("select count(*) from log_web_rejects").fetchone() == (0,)


def test_unreadable_sources_and_unknown_zones_are_refused(tmp_path: Path) -> None:
    with pytest.raises(LogIngestError):
        ingest_web_logs(tmp_path / "missing.log", cache_dir=None)
    with pytest.raises(ParameterError):
        ingest_web_logs(_write(tmp_path / "a.log", [b"x"]), cache_dir=None, tz="Mars/Olympus")
