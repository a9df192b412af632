"""A folder of `<table>.parquet` or `<table>.csv` exports, as an operator hands them over."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from wgp_audit.errors import SourceError
from wgp_audit.sources.base import Evidence, Source, TableOrigin, file_sha256, sql_string


class ExportsSource(Source):
    """Reads each table from `<table>.parquet` (preferred) or `<table>.csv` in one folder."""

    scheme = "exports"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[str, Path] = {}

    def describe(self) -> str:
        """Name the folder."""
        return f"exports folder {self.folder}"

    def attach(self, con: duckdb.DuckDBPyConnection) -> dict[str, TableOrigin]:
        """Find every `<name>.parquet` / `<name>.csv` in the folder (Parquet wins) and how to read it."""
        if not self.folder.is_dir():
            raise SourceError(
                f"exports folder {self.folder} does not exist",
                hint="pass the folder holding <table>.parquet or <table>.csv files",
            )
        origins: dict[str, TableOrigin] = {}
        files = sorted(self.folder.glob("*.csv")) + sorted(self.folder.glob("*.parquet"))
        for path in files:  # Parquet last, so it replaces a CSV of the same table
            table = path.stem
            if not os.access(path, os.R_OK):
                raise SourceError(
                    f"export file {path} is not readable by this user",
                    hint="grant read permission on the file (the audit never needs write access)",
                )
            self._files[table.lower()] = path
            quoted = sql_string(str(path))
            if path.suffix == ".parquet":
                origins[table.lower()] = TableOrigin(table, f"read_parquet({quoted})", path.name)
            else:
                origins[table.lower()] = TableOrigin(
                    table,
                    f"read_csv({quoted}, header = true, all_varchar = true, auto_detect = true)",
                    path.name,
                    all_varchar=True,
                )
        return origins

    def evidence(self, con: duckdb.DuckDBPyConnection, origins: dict[str, TableOrigin]) -> list[Evidence]:
        """The sha256 of every export file read."""
        read = {o.table.lower() for o in origins.values()}
        return [
            Evidence("file", str(path), file_sha256(path), path.stat().st_size)
            for name, path in sorted(self._files.items())
            if name in read
        ]
