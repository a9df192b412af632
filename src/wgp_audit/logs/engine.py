"""Shared ingestion engine: DuckDB fast path, exact Python pass for the rest, cache, threads."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from wgp_audit.errors import ParameterError
from wgp_audit.logs import files
from wgp_audit.logs.cache import Layout, Manifest, SourceStat, collect, source_stat
from wgp_audit.logs.result import FileRecord, IngestResult, Kind, TempDir
from wgp_audit.sqltext import sql_string as _lit

RAW_LIMIT = 2000
NOT_UTF8 = "line is not valid UTF-8 text (binary data, e.g. a TLS handshake sent to port 80)"
_BATCH = 100_000
_MAX_LINE = 4 << 20  # DuckDB's default; raised to twice the line-length limit if that is higher
_READ = (
    "read_csv({path}, columns = {{'l': 'VARCHAR'}}, header = false, delim = '\r', quote = '', "
    "escape = '', comment = '', auto_detect = false, strict_mode = false, store_rejects = true, "
    "max_line_size = {max_line}, skip = {skip})"
)
# one file per piece, in line order (a log's own order is its time order, so row groups follow time)
_PARQUET = "format parquet, compression snappy, parquet_version v2"  # v2: ~20% less write time, smaller
_REJECT_SCHEMA = pa.schema(
    [
        ("sha256", pa.string()),
        ("line_no", pa.int64()),
        ("reason", pa.string()),
        ("raw", pa.string()),
        ("raw_truncated", pa.bool_()),
        ("raw_bytes", pa.int64()),
    ]
)

Parsed = dict[str, object]


@dataclass(frozen=True)
class Spec:
    """How one kind of log is parsed: the fast SQL, the exact Python parser and the row schema."""

    kind: Kind
    fast_sql: str  # select over raw(line_no, l): line_no, <schema fields>, ok, l
    schema: pa.Schema  # parsed fields after line_no, ts among them
    parse: Callable[[str], Parsed | str]  # a row, or the reason it is rejected
    empty_rows_sql: str


def _connect() -> duckdb.DuckDBPyConnection:
    """Open a private single-threaded in-memory DuckDB with bounded memory and no progress bar."""
    con = duckdb.connect(
        config={
            "threads": 1,
            "memory_limit": "192MB",  # per piece: 10M lines in 2 pieces peaked at 557 MB (832 MB at 512MB)
            "partitioned_write_flush_threshold": 65536,
        }
    )
    # inside a Jupyter kernel without ipywidgets the setting is refused, and no bar is drawn anyway
    with contextlib.suppress(duckdb.InvalidInputException):
        con.execute("set enable_progress_bar = false")
    return con


def check_tz(tz: str) -> ZoneInfo:
    """Return the zone, or refuse an unknown time zone name."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        hint = "use an IANA name such as Asia/Atyrau"
        raise ParameterError(f"unknown time zone {tz!r}", hint=hint) from exc


@lru_cache(maxsize=32)
def _fixed_offset_spans(tz: str) -> tuple[tuple[int, int, int], ...]:
    """Spans [start, end) in epoch microseconds, at least a year long and ending after 2000, over
    which the zone keeps one UTC offset (microseconds), most recent first, at most four.

    The zone is sampled daily over 1990-2100 and each change is narrowed to the second, so the
    spans are exact (tz rules never change the offset twice within a day). Zones with daylight
    saving time have no such span and keep the ICU conversion.
    """
    zone = ZoneInfo(tz)

    def offset(t: datetime) -> timedelta:
        return t.astimezone(zone).utcoffset() or timedelta(0)

    start, stop = datetime(1990, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
    changes = [start]
    t, day = start, timedelta(days=1)
    while t + day <= stop:
        if offset(t + day) != offset(t):
            lo, hi = 0, 86_400  # offset(t + lo s) differs from offset(t + hi s): bisect to the second
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if offset(t + timedelta(seconds=mid)) == offset(t) else (lo, mid)
            changes.append(t + timedelta(seconds=hi))
        t += day
    bounds = [*changes, stop]
    spans = [(a, b) for a, b in pairwise(bounds) if b - a >= timedelta(days=365) and b.year >= 2000]

    def us(t: datetime) -> int:
        return (t - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)

    return tuple((us(a), us(b), offset(a) // timedelta(microseconds=1)) for a, b in reversed(spans))[:4]


def _local_sql(tz: str, ts: str, icu: str, cast: str) -> str:
    """Plain arithmetic over the zone's fixed-offset spans (each then cast), `icu` elsewhere."""
    spans = _fixed_offset_spans(tz)
    if not spans:
        return icu
    whens = " ".join(
        f"when epoch_us({ts}) >= {a} and epoch_us({ts}) < {b} "
        f"then make_timestamp(epoch_us({ts}) + {off}){cast}"
        for a, b, off in spans
    )
    return f"case {whens} else {icu} end"


def local_date_sql(tz: str, ts: str = "ts") -> str:
    """SQL for the local date (text yyyy-mm-dd) of a timestamptz in the zone: plain arithmetic over
    the zone's fixed-offset spans, ICU's conversion (about ten times slower) elsewhere."""
    return _local_sql(tz, ts, f"strftime(timezone({_lit(tz)}, {ts}), '%Y-%m-%d')", "::date::varchar")


def local_day_sql(tz: str, ts: str = "ts") -> str:
    """SQL for the local date (a DATE) of a timestamptz in the zone, computed as `local_date_sql`."""
    return _local_sql(tz, ts, f"timezone({_lit(tz)}, {ts})::date", "::date")


class _Job:
    """Ingestion of one source content into a scratch folder."""

    def __init__(
        self, spec: Spec, tz: str, sha: str, work: Path, limits: files.LogLimits, long: files.LongLines
    ) -> None:
        self.spec, self.tz, self.zone, self.sha, self.work = spec, tz, ZoneInfo(tz), sha, work
        self.limits, self.long = limits, long  # lines over the length limit, by number
        self.parsed = 0
        self.rejects: list[tuple[int, str, str, bool, int]] = []
        self.batches = 0

    def fast(self, plain: Path, pieces: list[tuple[int, int]]) -> int:
        """Parse with DuckDB, one single-threaded ordered scan per piece, each into one Parquet file
        in line order (lines the fast SQL leaves to the exact parser have no date_local and keep
        their text in raw); return rows seen."""

        def run(k: int, skip: int, count: int) -> tuple[int, int]:
            con = _connect()
            try:
                max_line = max(_MAX_LINE, 2 * self.limits.max_line_bytes)
                src = _READ.format(path=_lit(str(plain)), skip=skip, max_line=max_line)
                limit = f" limit {count}" if k < len(pieces) - 1 else ""
                sql = (
                    f"with raw as (select row_number() over () + {skip} as line_no, l "
                    f"from (select l from {src}{limit})), fast as ({self.spec.fast_sql}) "
                    f"select {_lit(self.sha)} as sha256, fast.* exclude (ok, l), "
                    "case when ok then null else l end as raw, "
                    f"case when ok then {local_day_sql(self.tz)} end as date_local from fast"
                )
                out = self.work / "rows" / f"u{k}.parquet"
                out.parent.mkdir(parents=True, exist_ok=True)
                got = con.execute(f"copy ({sql}) to {_lit(str(out))} ({_PARQUET})").fetchall()
                bad = con.execute(
                    "select count(*) from read_parquet(?) where date_local is null", [str(out)]
                ).fetchall()
                return int(got[0][0]), int(bad[0][0])
            finally:
                con.close()

        with ThreadPoolExecutor(len(pieces)) as pool:
            done = list(pool.map(lambda a: run(*a), [(k, s, n) for k, (s, n) in enumerate(pieces)]))
        self.parsed += sum(total - bad for total, bad in done)
        return sum(total for total, _ in done)

    def second_pass(self, plain: Path) -> None:
        """Run the exact parser over the lines the fast path left unparsed."""
        fast = sorted(self.work.glob("rows/u*.parquet"))
        if not fast:
            return
        con = _connect()
        try:
            names = ", ".join(_lit(str(f)) for f in fast)
            pairs: list[tuple[int, str | None]] = [
                (int(n), raw)
                for n, raw in con.execute(
                    f"select line_no, raw from read_parquet([{names}]) "
                    "where date_local is null order by line_no"
                ).fetchall()
            ]
        finally:
            con.close()
        if not pairs:
            return
        missing = files.raw_lines(plain, {n for n, raw in pairs if raw is None})
        self.consume((n, raw if raw is not None else missing[n]) for n, raw in pairs)

    def consume(self, lines: Iterable[tuple[int, str | bytes]]) -> None:
        """Parse lines exactly, writing rows in batches and keeping rejects."""
        rows: list[tuple[int, Parsed]] = []
        for line_no, raw in lines:
            if line_no in self.long:  # replaced by PLACEHOLDER in the file read
                head, size = self.long[line_no]
                text = head.decode("utf-8", "backslashreplace")[:RAW_LIMIT]
                self.rejects.append((line_no, self.limits.too_long(size), text, True, size))
                continue
            result = self._parse_one(raw)
            if isinstance(result, str):
                text = raw if isinstance(raw, str) else raw.decode("utf-8", "backslashreplace")
                size = len(raw) if isinstance(raw, bytes) else len(raw.encode())
                self.rejects.append((line_no, result, text[:RAW_LIMIT], len(text) > RAW_LIMIT, size))
            else:
                rows.append((line_no, result))
                if len(rows) >= _BATCH:
                    self._write(rows)
                    rows = []
        self._write(rows)

    def _parse_one(self, raw: str | bytes) -> Parsed | str:
        """Decode and parse one line, or say why it is rejected."""
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                return NOT_UTF8
        if raw in ("", "\r"):
            return "empty line"
        return self.spec.parse(raw)

    def _write(self, rows: list[tuple[int, Parsed]]) -> None:
        """Write parsed Python rows as one Parquet file with the fast path's columns."""
        if not rows:
            return
        self.parsed += len(rows)
        cols: dict[str, list[object]] = {"sha256": [self.sha] * len(rows), "line_no": []}
        cols.update({f.name: [] for f in self.spec.schema})
        cols["raw"] = [None] * len(rows)
        cols["date_local"] = []
        for line_no, row in rows:
            cols["line_no"].append(line_no)
            for f in self.spec.schema:
                cols[f.name].append(row.get(f.name))
            ts = row["ts"]
            assert isinstance(ts, datetime)
            cols["date_local"].append(ts.astimezone(self.zone).date())
        schema = pa.schema(
            [
                ("sha256", pa.string()),
                ("line_no", pa.int64()),
                *self.spec.schema,
                ("raw", pa.string()),
                ("date_local", pa.date32()),
            ]
        )
        out = self.work / "rows" / f"py{self.batches}.parquet"
        out.parent.mkdir(parents=True, exist_ok=True)
        self.batches += 1
        pq.write_table(pa.table(cols, schema=schema), out, compression="snappy")

    def write_rejects(self) -> None:
        """Write the rejects of this content to one Parquet file."""
        if not self.rejects:
            return
        cols = list(zip(*sorted(self.rejects), strict=True))
        table = pa.table(
            [pa.array([self.sha] * len(self.rejects)), *(pa.array(c) for c in cols)],
            schema=_REJECT_SCHEMA,
        )
        pq.write_table(table, self.work / "rejects.parquet")


def _ingest_one(
    spec: Spec,
    layout: Layout,
    tz: str,
    path: Path,
    sha: str,
    index: files.Index | None,
    pieces: int,
    sources: tuple[SourceStat, ...],
    limits: files.LogLimits,
) -> Manifest:
    """Ingest one source file (already known not to be cached) and install it in the cache.

    `index` describes a plain file's bytes (from the hashing pass); a .gz is indexed as it is
    decompressed. Another process ingesting the same content is waited for, then reused.
    `sources` are the log files holding this content, recorded in its manifest."""
    with layout.lock(sha):
        done = layout.load(sha)
        if done is None:
            return _ingest_locked(spec, layout, tz, path, sha, index, pieces, sources, limits)
    return layout.remember(done, sources)


def _ingest_locked(
    spec: Spec,
    layout: Layout,
    tz: str,
    path: Path,
    sha: str,
    index: files.Index | None,
    pieces: int,
    sources: tuple[SourceStat, ...] = (),
    limits: files.LogLimits | None = None,
) -> Manifest:
    """The body of _ingest_one, run while holding the content's lock.

    A .gz is decompressed into the scratch folder, and a plain file with a line over the length
    limit copied there, each such line replaced by a placeholder: DuckDB and Python then read
    bounded lines, and the placeholder's number is rejected with the line's real length."""
    limits = limits or files.LogLimits()
    layout.forget(sha)
    work = layout.work(sha)
    problem: str | None = None
    plain = path
    long: files.LongLines = {}
    if index is None:
        plain = work / "plain.log"
        problem, index, long = files.gunzip_to(path, plain, limits)
    elif index.long_line:
        plain = work / "plain.log"
        index, long = files.guard_copy(path, plain, limits.max_line_bytes)
    job = _Job(spec, tz, sha, work, limits, long)
    total, crs = index.total, index.crs
    cuts = index.pieces(plain, pieces if crs == "none" else 1)
    seen = -1
    # DuckDB splits on a lone CR and drops an invalid UTF-8 line, shifting the numbers after it
    # (the row count alone does not show it: a CRLF line elsewhere can add a row back)
    if total and crs != "lone" and index.utf8:
        try:
            seen = job.fast(plain, cuts)
        except duckdb.Error:
            seen = -1
    if seen == total:
        job.second_pass(plain)
    else:  # DuckDB could not map lines one to one: parse every line exactly in Python
        shutil.rmtree(work / "rows", ignore_errors=True)
        job = _Job(spec, tz, sha, work, limits, long)
        job.consume(enumerate(files.iter_lines(plain), 1))
    job.write_rejects()
    if job.parsed + len(job.rejects) != total:
        raise RuntimeError(f"line accounting broke for {path}: {job.parsed}+{len(job.rejects)}!={total}")
    manifest = Manifest(
        sha, path.stat().st_size, total, job.parsed, len(job.rejects), problem, (), (), sources
    )
    return layout.install(sha, work, manifest)


def ingest(
    spec: Spec,
    sources: files.Sources,
    cache_dir: Path | None,
    tz: str,
    log_format: str,
    limits: files.LogLimits | None = None,
) -> IngestResult:
    """Ingest every source file (cached ones from the cache) and return records and Parquet paths.

    `limits` bound what one file may cost (default: LogLimits.from_env())."""
    check_tz(tz)
    limits = limits or files.LogLimits.from_env()
    paths = files.resolve_sources(sources)
    tmp = TempDir() if cache_dir is None else None
    root = tmp.path if tmp is not None else Path(cache_dir or ".")
    layout = Layout.for_settings(root, spec.kind, tz, log_format + limits.tag).open()
    workers = max(1, min(os.cpu_count() or 1, 4))
    pieces = workers if len(paths) < workers else 1
    stats = [source_stat(p) for p in paths]
    with ThreadPoolExecutor(workers) as pool:
        prints = list(
            pool.map(lambda p: files.fingerprint(p, not files.is_gzip(p), limits.max_line_bytes), paths)
        )
        shas = [sha for sha, _ in prints]
        if tmp is None:  # entries of log files that no longer exist go when the cache is used
            collect(root, in_use=shas)
        seen_in: dict[str, tuple[SourceStat, ...]] = {}
        for sha, st in zip(shas, stats, strict=True):
            seen_in[sha] = (*seen_in.get(sha, ()), st)
        jobs: dict[str, tuple[Manifest | None, Path, files.Index | None]] = {}
        for path, (sha, index) in zip(paths, prints, strict=True):
            if sha not in jobs:
                cached = layout.load(sha)
                jobs[sha] = (cached and layout.remember(cached, seen_in[sha]), path, index)
        fresh = {
            sha: pool.submit(_ingest_one, spec, layout, tz, path, sha, index, pieces, seen_in[sha], limits)
            for sha, (cached, path, index) in jobs.items()
            if cached is None
        }
        manifests = {sha: cached or fresh[sha].result() for sha, (cached, _, _) in jobs.items()}
    records = tuple(
        FileRecord(
            str(path),
            sha,
            m.size,
            m.lines_read,
            m.parsed,
            m.rejected,
            from_cache=sha not in fresh,
            problem=m.problem,
        )
        for path, sha in zip(paths, shas, strict=True)
        for m in [manifests[sha]]
    )
    unique = [manifests[s] for s in dict.fromkeys(shas)]
    return IngestResult(
        kind=spec.kind,
        tz=tz,
        files=records,
        rows_paths=tuple(layout.root / p for m in unique for p in m.rows),
        rejects_paths=tuple(layout.root / p for m in unique for p in m.rejects),
        empty_rows_sql=spec.empty_rows_sql,
        _tmp=tmp,
    )
