"""Bounded reading: a line of any length is parsed or rejected under its own number, and a gzip
bomb is stopped as that file's problem with memory bounded, while the other files go on."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from wgp_audit.errors import ParameterError
from wgp_audit.logs import IngestResult, ingest_app_logs, ingest_web_logs
from wgp_audit.logs.files import LONG_HEAD, PLACEHOLDER, LineGuard, LineStats, LogLimits

GOOD = '10.0.0.{n} - - [17/May/2015:10:05:03 +0600] "GET /p/{n} HTTP/1.1" 200 5 "-" "ua"\n'
MB = 1 << 20


def _write_with_long_line(path: Path, size: int, at: int = 4, total: int = 7) -> Path:
    """Write `total` good lines but line `at`, a web line of `size` bytes, in 1 MB pieces."""
    head = b'10.0.0.9 - - [17/May/2015:10:05:03 +0600] "GET /'
    tail = b' HTTP/1.1" 200 5 "-" "ua"'
    with path.open("wb") as fh:
        for n in range(1, total + 1):
            if n != at:
                fh.write(GOOD.format(n=n).encode())
                continue
            fh.write(head)
            left = size - len(head) - len(tail)
            while left > 0:
                fh.write(b"y" * min(MB, left))
                left -= MB
            fh.write(tail + b"\n")
    return path


def _lines(result: IngestResult) -> tuple[list[int], list[tuple[int, str, int, bool]]]:
    con = duckdb.connect()
    result.register(con, "w")
    parsed = [r[0] for r in con.execute("select line_no from w order by 1").fetchall()]
    rejects = con.execute(
        "select line_no, reason, raw_bytes, raw_truncated from w_rejects order by 1"
    ).fetchall()
    return parsed, rejects


def _check_long_line_rejected_alone(result: IngestResult, size: int) -> None:
    (record,) = result.files
    assert (record.lines_read, record.parsed, record.rejected) == (7, 6, 1)
    parsed, rejects = _lines(result)
    assert parsed == [1, 2, 3, 5, 6, 7]
    ((line_no, reason, raw_bytes, truncated),) = rejects
    assert (line_no, raw_bytes, truncated) == (4, size, True)
    assert "line-length limit" in reason


@pytest.mark.parametrize("packed", ["plain", "gz"])
def test_a_5mb_line_is_rejected_under_its_own_number_and_the_next_line_counted_once(
    tmp_path: Path,
    packed: str,
) -> None:
    size = 5 * MB
    path = _write_with_long_line(tmp_path / "access.log", size)
    if packed == "gz":
        gz = tmp_path / "access.log.1.gz"
        gz.write_bytes(gzip.compress(path.read_bytes(), compresslevel=1))
        path.unlink()
        path = gz
    _check_long_line_rejected_alone(ingest_web_logs(path, cache_dir=None), size)


def test_a_long_line_below_a_raised_limit_is_parsed(tmp_path: Path) -> None:
    path = _write_with_long_line(tmp_path / "access.log", 5 * MB)
    result = ingest_web_logs(path, cache_dir=None, limits=LogLimits(max_line_bytes=6 * MB))
    assert _lines(result) == ([1, 2, 3, 4, 5, 6, 7], [])


def test_a_long_app_event_is_rejected_under_its_own_number(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    event = '{"ts": "2026-10-10T10:00:00+05:00", "event": "login", "details": {"x": "%s"}}\n'
    path.write_text(event % "a" + event % ("b" * (3 * MB)) + event % "c")
    result = ingest_app_logs(path, cache_dir=None)
    parsed, rejects = _lines(result)
    assert parsed == [1, 3] and [r[0] for r in rejects] == [2]


def _run_measured(code: str, env: dict[str, str] | None = None) -> dict[str, object]:
    """Run code in a fresh interpreter; return what it printed as JSON plus its peak RSS in MB.

    The peak is VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over fork and exec, so
    a child of this pytest process would report pytest's own peak."""
    probe = (
        code + "\nout['peak_mb'] = int(next(line.split()[1] for line in "
        "open('/proc/self/status') if line.startswith('VmHWM:'))) / 1024"
        "\nprint(json.dumps(out))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


INGEST = """
import json, sys
from pathlib import Path
from wgp_audit.logs import ingest_web_logs
r = ingest_web_logs(sys.argv[1:] or {paths!r}, cache_dir=None)
out = {{"files": [[f.path, f.lines_read, f.parsed, f.rejected, f.problem] for f in r.files]}}
"""


@pytest.mark.slow
def test_a_200mb_line_is_rejected_alone_with_memory_bounded(tmp_path: Path) -> None:
    size = 200 * MB
    path = _write_with_long_line(tmp_path / "access.log", size)
    out = _run_measured(INGEST.format(paths=[str(path)]))
    assert out["files"] == [[str(path), 7, 6, 1, None]]
    peak = out["peak_mb"]
    assert isinstance(peak, float) and peak < 350, f"peak RSS {peak:.0f} MB"  # 459 MB before


def _bomb(path: Path, member: bytes, repeat: int) -> Path:
    """A multi-member .gz: `member` compressed once at level 9, repeated (gzip reads them all)."""
    packed = gzip.compress(member, compresslevel=9)
    with path.open("wb") as fh:
        for _ in range(repeat):
            fh.write(packed)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("content", ["zeros", "one endless line", "many short lines"])
def test_a_gzip_bomb_is_that_files_problem_with_memory_bounded(tmp_path: Path, content: str) -> None:
    member = {
        "zeros": bytes(64 * MB),
        "one endless line": b"a" * (64 * MB),
        "many short lines": GOOD.format(n=1).encode() * (64 * MB // len(GOOD.format(n=1))),
    }[content]
    bomb = _bomb(tmp_path / "access.log.2.gz", member, 32)  # 2 GiB inside
    assert bomb.stat().st_size < 8 * MB
    good = tmp_path / "access.log"
    good.write_text("".join(GOOD.format(n=n) for n in range(1, 101)))
    # Short lines compress less (about 300:1): at the default 100x this 7 MB bomb still yields
    # 9 million lines to parse (~90 s); 10x stops it at the 64 MiB floor, the same mechanism.
    env = {"WGP_AUDIT_GZIP_MAX_RATIO": "10"} if content == "many short lines" else {}
    out = _run_measured(INGEST.format(paths=[str(good), str(bomb)]), env)
    files = out["files"]
    assert isinstance(files, list)
    assert files[0] == [str(good), 100, 100, 0, None]
    path, read, parsed, rejected, problem = files[1]
    assert path == str(bomb) and read == parsed + rejected
    assert isinstance(problem, str) and "expands" in problem, problem
    peak = out["peak_mb"]
    assert isinstance(peak, float) and peak < 1536, f"peak RSS {peak:.0f} MB"  # 5.7 GB before


def test_an_expansion_limit_stops_decompression_and_keeps_the_lines_before(tmp_path: Path) -> None:
    lines = "".join(GOOD.format(n=n % 250) for n in range(50_000)).encode()
    gz = tmp_path / "access.log.1.gz"
    gz.write_bytes(gzip.compress(lines))
    limits = LogLimits(gzip_max_bytes=len(lines) // 2)
    result = ingest_web_logs([gz], cache_dir=None, limits=limits)
    (record,) = result.files
    assert record.problem is not None and "expands" in record.problem
    assert record.lines_read == record.parsed + record.rejected
    assert 24_000 <= record.parsed <= 25_000 and record.rejected <= 1
    whole = ingest_web_logs([gz], cache_dir=None)
    assert (whole.files[0].parsed, whole.files[0].problem) == (50_000, None)


def test_limits_from_the_environment_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WGP_AUDIT_GZIP_MAX_RATIO", "50")
    assert LogLimits.from_env().gzip_max_ratio == 50
    monkeypatch.setenv("WGP_AUDIT_LOG_MAX_LINE_BYTES", "lots")
    with pytest.raises(ParameterError, match="WGP_AUDIT_LOG_MAX_LINE_BYTES"):
        LogLimits.from_env()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"abc",
        b"abcdef\n",
        b"ab\nabcdefgh\nab",
        b"abcdefghij",
        b"\n\n\n",
        b"abcd\nabcde\nabcdef\n",
        b"a\r\nabcdefgh\r\n\xff\n",
        b"abcdefghijklmnopqrstuvwxyz\nab\nabcdefghijklmnopqrstuvwxyz",
    ],
)
def test_line_guard_and_line_stats_agree_with_the_obvious_split_whatever_the_chunking(
    tmp_path: Path,
    data: bytes,
) -> None:
    limit = 5
    lines = data.split(b"\n") if data else []
    if data.endswith(b"\n"):
        lines.pop()
    long = {n: (line[:LONG_HEAD], len(line)) for n, line in enumerate(lines, 1) if len(line) > limit}
    expected = b"".join((PLACEHOLDER if n in long else line) + b"\n" for n, line in enumerate(lines, 1))
    if lines and not data.endswith(b"\n") and len(lines) not in long:
        expected = expected[:-1]
    for size in (1, 2, 3, 4, 5, 6, 7, 11, max(1, len(data))):
        out = tmp_path / f"out{size}"
        stats = LineStats(limit)
        with out.open("wb") as fh:
            guard = LineGuard(fh, limit)
            for k in range(0, len(data), size):
                guard.feed(data[k : k + size])
                stats.feed(data[k : k + size])
            index = guard.finish()
        assert (out.read_bytes(), guard.long) == (expected, long), size
        assert index.total == len(lines)
        assert stats.finish().long_line == bool(long), size
