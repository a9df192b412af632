"""A SQLite database file, attached read-only through DuckDB's sqlite extension.

SQLite stores values, not column types (a column declared TIMESTAMP may hold text, numbers or
both), so every column is read as text and validated like a CSV export: timestamps need a zone
(`2024-05-01 10:00:00+00`), booleans are 0/1 or true/false, list columns are `;`-separated.

A read-only open of a database in WAL mode still creates `-wal` and `-shm` files beside it (and
DuckDB's sqlite extension takes no `immutable=1` URI), so such a file, with its `-wal` if any, is
copied into a private temporary folder and the copy is attached; the operator's folder is never
written. A file in the default rollback-journal mode is attached in place.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import duckdb

from wgp_audit.errors import SourceError
from wgp_audit.sources.base import Evidence, Source, TableOrigin, file_sha256, quote_ident, sql_string
from wgp_audit.sources.extensions import load_extension

_MAGIC = b"SQLite format 3\x00"
_WAL = 2  # header bytes 18 and 19 (file format write / read version): 2 means WAL mode


class SQLiteSource(Source):
    """Reads the tables and views of a SQLite file, never writing to it."""

    scheme = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        """Name the file."""
        return f"SQLite file {self.path}"

    def _check_file(self) -> bytes:
        """Refuse a missing, unreadable or non-SQLite file before DuckDB touches it; return its header."""
        if not self.path.is_file():
            raise SourceError(
                f"SQLite file {self.path} does not exist",
                hint="pass the path of the operator's SQLite database: sqlite:PATH",
            )
        try:
            with self.path.open("rb") as fh:
                head = fh.read(100)
        except PermissionError:
            raise SourceError(
                f"SQLite file {self.path} is not readable by this user",
                hint="grant read permission on the file (the audit never needs write access)",
            ) from None
        if head[: len(_MAGIC)] != _MAGIC:
            raise SourceError(
                f"{self.path} is not a SQLite database (its first bytes are not 'SQLite format 3')",
                hint="pass a SQLite database file, or use duckdb:PATH / exports:DIR for other formats",
            )
        return head

    def _readable_copy(self, head: bytes) -> Path:
        """The file to attach: the file itself, or a private copy when it is in WAL mode."""
        if len(head) < 20 or _WAL not in (head[18], head[19]):
            return self.path
        folder = Path(tempfile.mkdtemp(prefix="wgp-sqlite-"))
        atexit.register(shutil.rmtree, folder, True)
        copy = folder / self.path.name
        shutil.copyfile(self.path, copy)
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        return copy

    def attach(self, con: duckdb.DuckDBPyConnection) -> dict[str, TableOrigin]:
        """Attach the file READ_ONLY as `src` (every column as text) and list its tables and views."""
        target = self._readable_copy(self._check_file())
        load_extension(con, "sqlite")
        con.execute("set sqlite_all_varchar = true")
        try:
            con.execute(f"attach {sql_string(str(target))} as src (type sqlite, read_only)")
            present = sorted(
                {
                    str(r[0])
                    for r in con.execute(
                        "select table_name from information_schema.tables where table_catalog = 'src'"
                    ).fetchall()
                }
            )
        except duckdb.Error as exc:
            raise SourceError(
                f"cannot read the SQLite file {self.path}: {exc}",
                hint="check that it is a complete SQLite database (not one being written right now)",
            ) from None
        return {
            t.lower(): TableOrigin(
                t, f"src.main.{quote_ident(t)}", f"table {t} in {self.path.name}", all_varchar=True
            )
            for t in present
        }

    def evidence(self, con: duckdb.DuckDBPyConnection, origins: dict[str, TableOrigin]) -> list[Evidence]:
        """The file's own sha256, plus a checksum per table."""
        whole = Evidence("file", str(self.path), file_sha256(self.path), self.path.stat().st_size)
        return [whole, *super().evidence(con, origins)]
