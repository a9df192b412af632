"""The data contract (sql/schema/contract.sql) as typed values: tables, columns, keys, enumerations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from wgp_audit.errors import ContractError
from wgp_audit.paths import sql_dir

_ENUM = re.compile(r"^\s*(\w+)\s+[^,]*,?\s*--\s*enum:\s*([\w|]+)\s*$")
_VALIDITY = re.compile(r"^\s*(\w+)\s+[^,]*,?\s*--\s*validity:")
_TABLE = re.compile(r"^\s*create table (\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """One required column: its name, DuckDB type and, for closed sets, the allowed values."""

    name: str
    type: str
    enum: tuple[str, ...] | None = None
    validity: bool = False  # a validity or planning date: lies in the future by design, not an event

    @property
    def is_event_time(self) -> bool:
        """A timestamp recording when something happened (one in the future is a data-quality finding)."""
        return self.type == "TIMESTAMP WITH TIME ZONE" and not self.validity


@dataclass(frozen=True)
class Table:
    """One required table with its columns and primary key (if any)."""

    name: str
    columns: tuple[Column, ...]
    primary_key: str | None

    def column(self, name: str) -> Column:
        """Return the column called `name`."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


@dataclass(frozen=True)
class Contract:
    """The whole data contract, read from its DDL file."""

    tables: tuple[Table, ...]
    ddl: str
    path: Path

    def table(self, name: str) -> Table:
        """Return the table called `name`."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Names of all required tables, in DDL order."""
        return tuple(t.name for t in self.tables)


def _enums(ddl: str) -> tuple[dict[tuple[str, str], tuple[str, ...]], set[tuple[str, str]]]:
    """The closed-set values per (table, column) and the validity columns, read from the DDL comments."""
    enums: dict[tuple[str, str], tuple[str, ...]] = {}
    validity: set[tuple[str, str]] = set()
    table = ""
    for line in ddl.splitlines():
        if m := _TABLE.match(line):
            table = m.group(1)
        elif m := _ENUM.match(line):
            enums[(table, m.group(1))] = tuple(m.group(2).split("|"))
        elif m := _VALIDITY.match(line):
            validity.add((table, m.group(1)))
    return enums, validity


@cache
def load_contract(path: Path | None = None) -> Contract:
    """Parse the contract DDL with DuckDB itself, so the types are exactly DuckDB's."""
    path = path or sql_dir() / "schema" / "contract.sql"
    try:
        ddl = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContractError(
            f"cannot read the data contract {path}: {exc.strerror}",
            hint="run wgp-audit from a complete checkout, or set WGP_AUDIT_HOME to it",
        ) from exc
    con = duckdb.connect()
    try:
        con.execute(ddl)
        cols = con.execute(
            "select table_name, column_name, data_type from information_schema.columns"
            " order by table_name, ordinal_position"
        ).fetchall()
        pks = dict(
            con.execute(
                "select table_name, constraint_column_names[1] from duckdb_constraints()"
                " where constraint_type = 'PRIMARY KEY'"
            ).fetchall()
        )

    finally:
        con.close()
    enums, validity = _enums(ddl)
    by_table: dict[str, list[Column]] = {}
    for table, column, dtype in cols:
        by_table.setdefault(table, []).append(
            Column(column, dtype, enums.get((table, column)), (table, column) in validity)
        )
    ordered = [m.group(1) for line in ddl.splitlines() if (m := _TABLE.match(line))]
    tables = tuple(Table(t, tuple(by_table[t]), pks.get(t)) for t in ordered)
    return Contract(tables, ddl, path)
