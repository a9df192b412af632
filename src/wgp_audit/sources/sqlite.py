"""A SQLite database file, attached read-only through DuckDB's sqlite extension.

SQLite stores values, not column types (a column declared TIMESTAMP may hold text, numbers or
both), so every column is read as text and validated like a CSV export: timestamps need a zone
(`2024-05-01 10:00:00+00`), booleans are 0/1 or true/false, list columns are `;`-separated.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from wgp_audit.errors import SourceError
from wgp_audit.sources.base import Evidence, Source, TableOrigin, file_sha256, quote_ident, sql_string
from wgp_audit.sources.extensions import load_extension

_MAGIC = b"SQLite format 3\x00"


class SQLiteSource(Source):
    """Reads the tables and views of a SQLite file, never writing to it."""

    scheme = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        """Name the file."""
        return f"SQLite file {self.path}"

    def _check_file(self) -> None:
        """Refuse a missing, unreadable or non-SQLite file before DuckDB touches it."""
        if not self.path.is_file():
            raise SourceError(
                f"SQLite file {self.path} does not exist",
                hint="pass the path of the operator's SQLite database: sqlite:PATH",
            )
        try:
            with self.path.open("rb") as fh:
                head = fh.read(len(_MAGIC))
        except PermissionError:
            raise SourceError(
                f"SQLite file {self.path} is not readable by this user",
                hint="grant read permission on the file (the audit never needs write access)",
            ) from None
        if head != _MAGIC:
            raise SourceError(
                f"{self.path} is not a SQLite database (its first bytes are not 'SQLite format 3')",
                hint="pass a SQLite database file, or use duckdb:PATH / exports:DIR for other formats",
            )

    def attach(self, con: duckdb.DuckDBPyConnection) -> dict[str, TableOrigin]:
        """Attach the file READ_ONLY as `src` (every column as text) and list its tables and views."""
        self._check_file()
        load_extension(con, "sqlite")
        con.execute("set sqlite_all_varchar = true")
        try:
            con.execute(f"attach {sql_string(str(self.path))} as src (type sqlite, read_only)")
            present = sorted({
                str(r[0])
                for r in con.execute(
                    "select table_name from information_schema.tables where table_catalog = 'src'"
                ).fetchall()
            })
        except duckdb.Error as exc:
            raise SourceError(
                f"cannot read the SQLite file {self.path}: {exc}",
                hint="check that it is a complete SQLite database (not one being written right now)",
            ) from None
        return {
            t.lower(): TableOrigin(t, f"src.main.{quote_ident(t)}", f"table {t} in {self.path.name}",
                                   all_varchar=True)
            for t in present
        }

    def evidence(self, con: duckdb.DuckDBPyConnection, origins: dict[str, TableOrigin]) -> list[Evidence]:
        """The file's own sha256, plus a checksum per table."""
        whole = Evidence("file", str(self.path), file_sha256(self.path), self.path.stat().st_size)
        return [whole, *super().evidence(con, origins)]
