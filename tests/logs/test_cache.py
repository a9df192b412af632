"""The Parquet cache is shared safely by concurrent runs, private to its owner, and bounded in life:
entries of log files that no longer exist go, and `wgp-audit cache clean` empties it."""

from __future__ import annotations

import gzip
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from wgp_audit.cli import main
from wgp_audit.logs import ingest_app_logs, ingest_web_logs

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


def _log(path: Path, n: int, garbage: bool = True) -> Path:
    path.write_text(
        "".join(LINE.format(n=i % 250, s=i % 60) for i in range(n)) + ("garbage\n" if garbage else "")
    )
    return path


def _cached_files(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file() and p.parent.name != "locks"]


def _holds(cache: Path, sha: str) -> list[Path]:
    return [p for p in _cached_files(cache) if sha in p.name]


def test_cache_folders_are_private_and_files_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    log = _log(tmp_path / "access.log", 1000)
    gz = tmp_path / "access.log.1.gz"
    gz.write_bytes(gzip.compress(log.read_bytes().replace(b"10.0.0.", b"10.9.9.")))
    cache = tmp_path / "home" / ".cache" / "logs"
    old = os.umask(0)
    try:
        ingest_web_logs([log, gz], cache_dir=cache)
    finally:
        os.umask(old)
    created = [tmp_path / "home", tmp_path / "home" / ".cache", cache]
    folders = created + [p for p in cache.rglob("*") if p.is_dir()]
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert len(files) >= 5  # rows, rejects, manifests and locks of both contents
    assert {
        str(p): oct(stat.S_IMODE(p.stat().st_mode))
        for p in folders
        if stat.S_IMODE(p.stat().st_mode) != 0o700
    } == {}
    assert {
        str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in files if stat.S_IMODE(p.stat().st_mode) != 0o600
    } == {}


def test_a_cache_made_world_readable_before_is_made_private_when_next_used(tmp_path: Path) -> None:
    log = _log(tmp_path / "access.log", 100)
    cache = tmp_path / "cache"
    ingest_web_logs(log, cache_dir=cache)
    for p in [cache, *cache.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    ingest_web_logs(log, cache_dir=cache)
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in cache.rglob("*")} <= {"0o700", "0o600"}


def test_entries_of_deleted_log_files_are_removed_when_the_cache_is_next_used(tmp_path: Path) -> None:
    gone, kept = _log(tmp_path / "gone.log", 300), _log(tmp_path / "kept.log", 200)
    cache = tmp_path / "cache"
    gone_sha = ingest_web_logs(gone, cache_dir=cache).files[0].sha256
    ingest_web_logs(kept, cache_dir=cache)
    assert _holds(cache, gone_sha)  # rows, rejects and manifest
    gone.unlink()
    again = ingest_web_logs(kept, cache_dir=cache)
    assert [f.from_cache for f in again.files] == [True]
    assert _holds(cache, gone_sha) == []


def test_the_old_content_of_a_grown_log_is_removed_but_a_rotated_log_keeps_its_entry(
    tmp_path: Path,
) -> None:
    log = _log(tmp_path / "access.log", 300)
    cache = tmp_path / "cache"
    old_sha = ingest_web_logs(log, cache_dir=cache).files[0].sha256
    log.rename(tmp_path / "access.log.1")  # logrotate: same content, new name
    rotated = ingest_web_logs(tmp_path / "access.log.1", cache_dir=cache)
    assert [f.from_cache for f in rotated.files] == [True]
    with (tmp_path / "access.log.1").open("a") as fh:  # a log that grew is another content
        fh.write(LINE.format(n=1, s=1))
    grown = ingest_web_logs(tmp_path / "access.log.1", cache_dir=cache)
    assert grown.files[0].sha256 != old_sha
    assert _holds(cache, old_sha) == []


def test_cache_clean_missing_removes_only_entries_of_missing_files_and_says_so(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    gone, kept = _log(tmp_path / "gone.log", 300), _log(tmp_path / "kept.log", 200)
    cache = tmp_path / "cache"
    gone_sha = ingest_web_logs(gone, cache_dir=cache).files[0].sha256
    kept_sha = ingest_web_logs(kept, cache_dir=cache).files[0].sha256
    ingest_app_logs(_events(tmp_path / "events.jsonl"), cache_dir=cache)
    gone_bytes = sum(p.stat().st_size for p in _holds(cache, gone_sha))
    gone.unlink()
    assert main(["cache", "clean", "--missing", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert str(gone) in out and str(kept) not in out
    assert f"{gone_bytes:,} bytes" in out
    assert _holds(cache, gone_sha) == [] and _holds(cache, kept_sha)
    assert [f.from_cache for f in ingest_web_logs(kept, cache_dir=cache).files] == [True]


def test_cache_clean_removes_everything_and_says_how_many_bytes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cache = tmp_path / "cache"
    ingest_web_logs(_log(tmp_path / "a.log", 300), cache_dir=cache)
    ingest_app_logs(_events(tmp_path / "events.jsonl"), cache_dir=cache)
    total = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    assert main(["cache", "clean", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert f"{total:,} bytes" in out
    assert [p for p in cache.rglob("*") if p.is_file()] == []
    assert main(["cache", "clean", "--cache-dir", str(cache)]) == 0  # an empty cache is no error
    assert "0 bytes" in capsys.readouterr().out


def _events(path: Path) -> Path:
    path.write_text(
        "".join(
            f'{{"ts": "2026-10-10T10:00:{s:02d}+05:00", "event": "login", "user_id": "u{s}",'
            f' "ip": "10.0.0.{s}"}}\n'
            for s in range(60)
        )
        + "not json\n"
    )
    return path


def test_cache_clean_shows_an_escape_sequence_in_a_log_name_escaped(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = _log(tmp_path / "a\x1b[2Jb.log", 50)
    cache = tmp_path / "cache"
    ingest_web_logs(log, cache_dir=cache)
    log.unlink()
    assert main(["cache", "clean", "--missing", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "a\\x1b[2Jb.log" in out
