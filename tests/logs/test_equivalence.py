"""The fast path (DuckDB) gives exactly the field values of the exact parser (Python), line by line,
on the demo logs and the real sample: every parsed row, its local date, and every reject's number."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from wgp_audit.demo import DemoOutput
from wgp_audit.logs import IngestResult, files, ingest_app_logs, ingest_web_logs
from wgp_audit.logs.app import FIELDS, parse_event
from wgp_audit.logs.web import SCHEMA, parse_line

TZ = "Asia/Atyrau"
WEB_FIELDS = [f.name for f in SCHEMA]
APP_FIELDS = ["ts", *FIELDS, "details"]


def _lines(path: Path, tmp: Path) -> list[bytes]:
    if files.is_gzip(path):
        plain = tmp / (path.name + ".plain")
        plain.write_bytes(gzip.decompress(path.read_bytes()))
        path = plain
    return list(files.iter_lines(path))


def _expected(
    paths: list[Path], tmp: Path, parse: object, names: list[str]
) -> tuple[dict[tuple[str, int], tuple[object, ...]], set[tuple[str, int]]]:
    """Rows and reject numbers the exact parser gives, line by line, keyed by (file, line_no)."""
    assert callable(parse)
    zone = ZoneInfo(TZ)
    rows: dict[tuple[str, int], tuple[object, ...]] = {}
    rejects: set[tuple[str, int]] = set()
    for path in paths:
        for no, raw in enumerate(_lines(path, tmp), 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                rejects.add((str(path), no))
                continue
            parsed = parse(text) if text not in ("", "\r") else "empty line"
            if isinstance(parsed, str):
                rejects.add((str(path), no))
                continue
            ts = parsed["ts"]
            assert isinstance(ts, dt.datetime)
            values = [ts.astimezone(dt.UTC) if n == "ts" else parsed[n] for n in names]
            rows[(str(path), no)] = (*values, ts.astimezone(zone).date())
    return rows, rejects


def _ingested(
    result: IngestResult, names: list[str]
) -> tuple[dict[tuple[str, int], tuple[object, ...]], set[tuple[str, int]]]:
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    result.register(con, "v")
    cols = ", ".join(names)
    got = con.execute(f"select file, line_no, {cols}, date_local from v").fetchall()
    rows = {(r[0], r[1]): tuple(r[2:]) for r in got}
    assert len(rows) == len(got), "a line appears twice among the parsed rows"
    rejects = {(r[0], r[1]) for r in con.execute("select file, line_no from v_rejects").fetchall()}
    return rows, rejects


def _web_sources(demo: DemoOutput) -> list[Path]:
    assert demo.logs is not None
    return sorted((demo.logs / "web").iterdir())


@pytest.mark.parametrize("which", ["demo", "real"])
def test_web_rows_are_the_exact_parsers_field_for_field(
    which: str, demo: DemoOutput, real_log: Path, tmp_path: Path
) -> None:
    paths = _web_sources(demo) if which == "demo" else [real_log]
    result = ingest_web_logs(paths, cache_dir=tmp_path / "cache", tz=TZ)
    want_rows, want_rejects = _expected(paths, tmp_path, parse_line, WEB_FIELDS)
    got_rows, got_rejects = _ingested(result, WEB_FIELDS)
    assert got_rejects == want_rejects
    assert got_rows.keys() == want_rows.keys()
    differ = [k for k in want_rows if got_rows[k] != want_rows[k]]
    assert differ == [], [(k, got_rows[k], want_rows[k]) for k in differ[:3]]
    assert len(want_rows) > 1000
    if which == "real":
        assert len(want_rows) == 9_999 and want_rejects == {(str(real_log), 8899)}


def test_app_rows_are_the_exact_parsers_field_for_field(demo: DemoOutput, tmp_path: Path) -> None:
    assert demo.logs is not None
    paths = sorted((demo.logs / "app").iterdir())
    result = ingest_app_logs(paths, cache_dir=tmp_path / "cache", tz=TZ)
    want_rows, want_rejects = _expected(paths, tmp_path, parse_event, APP_FIELDS)
    got_rows, got_rejects = _ingested(result, APP_FIELDS)
    assert got_rejects == want_rejects
    assert got_rows.keys() == want_rows.keys()
    differ = [k for k in want_rows if got_rows[k] != want_rows[k]]
    assert differ == [], [(k, got_rows[k], want_rows[k]) for k in differ[:3]]
    assert len(want_rows) > 1000
