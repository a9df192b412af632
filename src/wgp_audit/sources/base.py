"""What every source provides: where each contract table comes from, as a DuckDB relation."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wgp_audit.sqltext import quote_ident, sql_string


@dataclass(frozen=True)
class TableOrigin:
    """Where one table of a source is read from: SQL to select it and a name for messages."""

    table: str
    relation_sql: str
    origin: str  # e.g. "users.csv in /data/export" - never holds a secret
    all_varchar: bool = False  # CSV: every column arrives as text and is cast after validation


@dataclass(frozen=True)
class Evidence:
    """A fingerprint of one input: a file's sha256, or a table snapshot's checksum."""

    kind: str  # "file" or "table"
    name: str
    sha256: str
    size: int


class Source(ABC):
    """An operator database given to the audit; always read-only."""

    scheme: str = ""

    @abstractmethod
    def describe(self) -> str:
        """A one-line description safe to print and to store in a report (no secrets)."""

    @abstractmethod
    def attach(self, con: duckdb.DuckDBPyConnection) -> dict[str, TableOrigin]:
        """Make the source readable in `con`, read-only, and return every table or view it holds.

        Keys are lower-case relation names (the operator's own names); a mapping, or the contract
        itself when there is none, picks what it reads from them.
        """

    def evidence(self, con: duckdb.DuckDBPyConnection, origins: dict[str, TableOrigin]) -> list[Evidence]:
        """Fingerprint every table read, as an order-independent checksum of its rows."""
        items: list[Evidence] = []
        for name, origin in sorted(origins.items()):
            row = con.execute(
                f"select count(*), coalesce(bit_xor(hash(t::varchar)), 0)::varchar"
                f" from {origin.relation_sql} as t"
            ).fetchone()
            count, digest = (0, "0") if row is None else (int(row[0]), str(row[1]))
            sha = hashlib.sha256(f"{name}:{count}:{digest}".encode()).hexdigest()
            items.append(Evidence("table", f"{name} ({origin.origin})", sha, count))
        return items


def file_sha256(path: Path) -> str:
    """Return the sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


__all__ = ["Evidence", "Source", "TableOrigin", "file_sha256", "quote_ident", "sql_string"]
