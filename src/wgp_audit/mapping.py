"""The mapping tier: an operator's own schema turned into the data contract's tables.

A mapping is a folder. For a contract table it may hold `<table>.sql`, one read-only query over the
operator's tables by their own names, returning the contract's column names; or an entry in
`mapping.toml` that renames the columns of one operator table. A contract table with neither is read
from the operator's table of the same name, if there is one (a contract-shaped source needs no
mapping at all). A contract column the mapping does not return is missing, never NULL.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from wgp_audit.contract import Contract
from wgp_audit.errors import MappingError
from wgp_audit.sources.base import TableOrigin, quote_ident

SCHEMA = "source"  # the in-memory schema holding one view per operator relation, and the mapped views
_PREFIX = "wgp_mapped__"


@dataclass(frozen=True)
class TableMapping:
    """How one contract table is produced: a SQL file, or a rename of one operator table."""

    table: str
    path: Path
    sql: str | None = None
    from_table: str | None = None
    columns: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """The file (and entry) that defines this table, for messages."""
        return str(self.path) if self.sql is not None else f"{self.path} [{self.table}]"


@dataclass(frozen=True)
class Mapping:
    """A mapping folder, parsed: one TableMapping per contract table it defines."""

    path: Path
    tables: dict[str, TableMapping]


def load_mapping(path: str | Path, contract: Contract) -> Mapping:
    """Read a mapping folder; a file for an unknown table or a malformed entry is a MappingError."""
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise MappingError(
            f"mapping folder {folder} does not exist",
            hint="pass --mapping with a folder of <contract table>.sql files "
            "(`wgp-audit map init` writes a starting one)",
        )
    known = set(contract.names)
    tables: dict[str, TableMapping] = {}
    for sql_file in sorted(folder.glob("*.sql")):
        if sql_file.stem not in known:
            raise MappingError(
                f"mapping file {sql_file} is named after no contract table",
                hint=f"name each file <contract table>.sql; the tables are: {', '.join(contract.names)}",
            )
        tables[sql_file.stem] = TableMapping(sql_file.stem, sql_file, sql=_read_query(sql_file))
    toml_file = folder / "mapping.toml"
    if toml_file.is_file():
        for table, entry in _read_toml(toml_file).items():
            if table not in known:
                raise MappingError(
                    f"{toml_file}: [{table}] is not a contract table",
                    hint=f"the tables are: {', '.join(contract.names)}",
                )
            if table in tables:
                raise MappingError(
                    f"contract table {table} is mapped twice: {tables[table].path} and {toml_file}",
                    hint="keep one definition per table",
                )
            tables[table] = _toml_entry(toml_file, table, entry, contract)
    return Mapping(folder, tables)


def _read_query(path: Path) -> str:
    """The one select statement of a mapping file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"cannot read mapping file {path}: {exc}") from exc
    try:
        statements = [s for s in sqlglot.parse(text, dialect="duckdb") if s is not None]
    except sqlglot.errors.ParseError as exc:
        raise MappingError(
            f"mapping file {path} is not valid SQL: {str(exc).splitlines()[0]}",
            hint="write one select (or with ... select) query",
        ) from None
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise MappingError(
            f"mapping file {path} must hold exactly one query (select or with ... select)",
            hint="a mapping only reads; no create, insert, update or several statements",
        )
    return text.strip().rstrip(";")


def _read_toml(path: Path) -> dict[str, object]:
    """A mapping TOML file as a dict."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"cannot read {path}: {exc}", hint="fix the TOML syntax") from exc


def _toml_entry(path: Path, table: str, entry: object, contract: Contract) -> TableMapping:
    """The table mapping one TOML entry describes (a source table and column renames)."""
    if not isinstance(entry, dict) or set(entry) - {"from", "columns"}:
        raise MappingError(f'{path}: [{table}] may only hold `from = "..."` and a [{table}.columns] table')
    source = entry.get("from", table)
    columns = entry.get("columns", {})
    if (
        not isinstance(source, str)
        or not isinstance(columns, dict)
        or not all(isinstance(v, str) for v in columns.values())
    ):
        raise MappingError(f"{path}: [{table}] `from` must be a table name and its columns strings")
    wanted = {c.name for c in contract.table(table).columns}
    unknown = sorted(set(columns) - wanted)
    if unknown:
        raise MappingError(
            f"{path}: [{table}.columns] names {', '.join(unknown)}, not columns of {table}",
            hint=f"the columns of {table} are: {', '.join(sorted(wanted))}",
        )
    return TableMapping(table, path, from_table=source, columns=dict(columns))


def expose_relations(con: duckdb.DuckDBPyConnection, relations: dict[str, TableOrigin]) -> None:
    """Create schema `source` with one view per operator relation, named by its lower-case name."""
    con.execute(f"create schema if not exists {SCHEMA}")
    for name, origin in relations.items():
        con.execute(
            f"create or replace view {SCHEMA}.{quote_ident(name)} as select * from {origin.relation_sql}"
        )


def referenced_tables(sql: str) -> set[str]:
    """Lower-case names of the tables a query reads (common table expressions excluded)."""
    tree = sqlglot.parse_one(sql, dialect="duckdb")
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    return {t.name.lower() for t in tree.find_all(exp.Table) if t.name.lower() not in ctes and t.name}


def apply_mapping(
    con: duckdb.DuckDBPyConnection,
    mapping: Mapping | None,
    relations: dict[str, TableOrigin],
    contract: Contract,
    source_name: str,
) -> tuple[dict[str, TableOrigin], dict[str, TableOrigin]]:
    """Create the mapped relations; return (origin per contract table present, operator relations read).

    Without a mapping, or for a table the mapping does not define, the operator's table of the
    contract table's name is used as it is. A mapping that fails names its file and the message.
    """
    expose_relations(con, relations)
    origins: dict[str, TableOrigin] = {}
    read: dict[str, TableOrigin] = {}
    defined = mapping.tables if mapping is not None else {}
    for table in contract.names:
        entry = defined.get(table)
        if entry is None:
            if table in relations:
                origins[table] = relations[table]
                read[table] = relations[table]
            continue
        sql = entry.sql if entry.sql is not None else _rename_sql(con, entry, relations)
        used = referenced_tables(sql) if entry.sql is not None else {str(entry.from_table).lower()}
        missing = sorted(u for u in used if u not in relations)
        if missing:
            raise MappingError(
                f"mapping {entry.describe()} reads {', '.join(missing)}, which {source_name} does not hold",
                hint=f"the source holds: {', '.join(sorted(relations)) or 'no tables'}",
            )
        view = f"{SCHEMA}.{quote_ident(_PREFIX + table)}"
        try:
            con.execute(f"create or replace view {view} as {sql}")
            con.execute(f"describe select * from {view}").fetchall()
        except duckdb.Error as exc:
            raise MappingError(
                f"mapping {entry.describe()} fails on {source_name}: {exc}",
                hint="fix that query; it runs in DuckDB's SQL dialect on the read-only source",
            ) from None
        all_varchar = entry.sql is None and relations[str(entry.from_table).lower()].all_varchar
        origins[table] = TableOrigin(table, view, f"mapping {entry.describe()}", all_varchar=all_varchar)
        read.update({u: relations[u] for u in used if u in relations})
    return origins, read


def _rename_sql(
    con: duckdb.DuckDBPyConnection, entry: TableMapping, relations: dict[str, TableOrigin]
) -> str:
    """A select renaming the operator table's columns; contract columns it lacks are left out."""
    source = str(entry.from_table).lower()
    if source not in relations:
        return f"select * from {quote_ident(source)}"  # reported as missing by the caller
    actual = {
        str(r[0]).lower(): str(r[0])
        for r in con.execute(f"describe select * from {SCHEMA}.{quote_ident(source)}").fetchall()
    }
    renamed = {v.lower() for v in entry.columns.values()}
    parts = []
    for contract_col, operator_col in entry.columns.items():
        if operator_col.lower() not in actual:
            raise MappingError(
                f"mapping {entry.describe()}: {source} has no column {operator_col}",
                hint=f"its columns are: {', '.join(sorted(actual.values()))}",
            )
        parts.append(f"{quote_ident(actual[operator_col.lower()])} as {quote_ident(contract_col)}")
    for lower, real in actual.items():
        if lower not in renamed and lower not in entry.columns:
            parts.append(quote_ident(real))
    return f"select {', '.join(parts) or '*'} from {quote_ident(source)}"
