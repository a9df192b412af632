"""A DuckDB database file, attached read-only (the embedded default source)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from wgp_audit.errors import SourceError
from wgp_audit.sources.base import Evidence, Source, TableOrigin, file_sha256, quote_ident, sql_string


class DuckDBFileSource(Source):
    """Reads the contract tables from the `main` schema of a DuckDB file, never writing to it."""

    scheme = "duckdb"

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        """Name the file."""
        return f"DuckDB file {self.path}"

    def attach(self, con: duckdb.DuckDBPyConnection) -> dict[str, TableOrigin]:
        """Attach the file READ_ONLY as `src` and list the tables and views of its main schema."""
        if not self.path.is_file():
            raise SourceError(
                f"source file {self.path} does not exist",
                hint="run `wgp-audit demo` to create the demo database, or pass --source PATH",
            )
        try:
            with self.path.open("rb"):
                pass
            con.execute(f"attach {sql_string(str(self.path))} as src (read_only)")
        except PermissionError as exc:
            raise SourceError(
                f"source file {self.path} is not readable by this user",
                hint="grant read permission on the file (the audit never needs write access)",
            ) from exc
        except duckdb.Error as exc:
            raise SourceError(
                f"{self.path} is not a DuckDB database this version can open: {exc}",
                hint="export the tables as Parquet/CSV into a folder and pass that folder instead",
            ) from exc
        present = sorted({
            str(r[0])
            for r in con.execute(
                "select table_name from duckdb_tables() where database_name = 'src'"
                " and schema_name = 'main'"
                " union select view_name from duckdb_views() where database_name = 'src'"
                " and schema_name = 'main'"
            ).fetchall()
        })
        return {
            t.lower(): TableOrigin(t, f"src.main.{quote_ident(t)}", f"table {t} in {self.path.name}")
            for t in present
        }

    def evidence(self, con: duckdb.DuckDBPyConnection, origins: dict[str, TableOrigin]) -> list[Evidence]:
        """The file's own sha256, plus a checksum per table."""
        whole = Evidence("file", str(self.path), file_sha256(self.path), self.path.stat().st_size)
        return [whole, *super().evidence(con, origins)]
