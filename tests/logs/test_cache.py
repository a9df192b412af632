"""The Parquet cache is shared safely: concurrent runs ingesting the same file both succeed."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from wgp_audit.logs import ingest_web_logs

LINE = '10.0.0.{n} - - [10/Oct/2026:13:55:{s:02d} +0500] "GET /p/{n} HTTP/1.1" 200 12 "-" "curl/8"\n'


def _ingest(args: tuple[str, str]) -> tuple[int, int, int]:
    log, cache = args
    result = ingest_web_logs(log, cache_dir=Path(cache))
    return result.lines_read, result.parsed, result.rejected


def test_two_processes_ingesting_the_same_file_into_one_cache_both_succeed(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text("".join(LINE.format(n=i % 250, s=i % 60) for i in range(60_000)) + "garbage\n")
    cache = tmp_path / "cache"
    with multiprocessing.get_context("fork").Pool(2) as pool:
        outcomes = pool.map(_ingest, [(str(log), str(cache))] * 2)
    assert outcomes == [(60_001, 60_000, 1)] * 2
    again = ingest_web_logs(log, cache_dir=cache)
    assert [f.from_cache for f in again.files] == [True]
    assert again.parsed == 60_000
