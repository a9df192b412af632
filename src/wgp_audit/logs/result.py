"""Typed results of a log ingestion: one record per source file, and the Parquet it produced."""

from __future__ import annotations

import shutil
import tempfile
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from wgp_audit.sqltext import sql_string as _lit

Kind = Literal["web", "app"]

_EMPTY_REJECTS = (
    "select null::varchar as file, null::bigint as line_no, null::varchar as reason, "
    "null::varchar as raw, null::boolean as raw_truncated, null::bigint as raw_bytes limit 0"
)


class TempDir:
    """A scratch folder removed, quietly, when its owner is garbage-collected."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="wgp-logs-"))
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.path, ignore_errors=True)

    def cleanup(self) -> None:
        """Remove the folder now."""
        self._finalizer()


@dataclass(frozen=True)
class FileRecord:
    """What happened to one source file: its fingerprint, line accounting and any file-level problem."""

    path: str
    sha256: str
    size: int
    lines_read: int
    parsed: int
    rejected: int
    from_cache: bool
    problem: str | None = None


@dataclass(frozen=True)
class IngestResult:
    """Per-file records plus the Parquet files holding parsed rows and rejects (keep it alive while
    its views are queried: without a cache_dir its files live in a temporary folder it owns)."""

    kind: Kind
    tz: str
    files: tuple[FileRecord, ...]
    rows_paths: tuple[Path, ...]
    rejects_paths: tuple[Path, ...]
    empty_rows_sql: str
    _tmp: TempDir | None = field(default=None, repr=False, compare=False)

    @property
    def lines_read(self) -> int:
        """Total lines read across files."""
        return sum(f.lines_read for f in self.files)

    @property
    def parsed(self) -> int:
        """Total lines parsed into rows."""
        return sum(f.parsed for f in self.files)

    @property
    def rejected(self) -> int:
        """Total lines kept as rejects."""
        return sum(f.rejected for f in self.files)

    @property
    def problems(self) -> tuple[FileRecord, ...]:
        """Files with a file-level problem (e.g. a truncated .gz)."""
        return tuple(f for f in self.files if f.problem is not None)

    def _files_sql(self) -> str:
        """Return a VALUES relation mapping content sha256 to the path as given."""
        pairs = ", ".join(f"({_lit(f.sha256)}, {_lit(f.path)})" for f in self.files)
        return f"(values {pairs}) as src(sha256, file)"

    def register(self, con: duckdb.DuckDBPyConnection, name: str) -> None:
        """Create views `name` (parsed rows) and `name_rejects` in the given DuckDB connection."""
        tz = _lit(self.tz)
        if self.rows_paths:
            files = ", ".join(_lit(str(p)) for p in self.rows_paths)
            rows = (
                f"select src.file, r.* exclude (sha256, raw, date_local), "
                f"timezone({tz}, r.ts) as ts_local, r.date_local "
                f"from read_parquet([{files}], union_by_name = true) as r "
                f"join {self._files_sql()} on r.sha256 = src.sha256 "
                "where r.date_local is not null"  # lines left to the exact parser have none
            )
        else:
            rows = self.empty_rows_sql
        con.execute(f"create or replace view {name} as {rows}")
        if self.rejects_paths:
            files = ", ".join(_lit(str(p)) for p in self.rejects_paths)
            rejects = (
                f"select src.file, r.* exclude (sha256) from read_parquet([{files}]) as r "
                f"join {self._files_sql()} on r.sha256 = src.sha256"
            )
        else:
            rejects = _EMPTY_REJECTS
        con.execute(f"create or replace view {name}_rejects as {rejects}")
