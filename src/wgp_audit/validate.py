"""Validate a source against the data contract and expose it as typed `raw_<table>` views."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import duckdb

from wgp_audit.contract import Column, Contract, Table
from wgp_audit.errors import ContractError
from wgp_audit.sources.base import TableOrigin
from wgp_audit.sqltext import quote_ident as _quote
from wgp_audit.sqltext import sql_string as _literal

_INTS = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
}
_TZ_SUFFIX = r"(Z|z|[+-]\d{2}(:?\d{2})?)$"


def _accepts(contract_type: str, actual: str) -> bool:
    """Whether a source column type can be cast to the contract type."""
    actual = actual.upper()
    if contract_type == "VARCHAR":
        return actual == "VARCHAR" or actual == "UUID" or actual in _INTS
    if contract_type in ("BIGINT", "INTEGER"):
        return actual in _INTS
    if contract_type.startswith("DECIMAL"):
        return actual.startswith("DECIMAL") or actual in _INTS or actual in ("DOUBLE", "FLOAT")
    if contract_type == "VARCHAR[]":
        return actual in ("VARCHAR[]", "UUID[]")
    return actual == contract_type


NOT_PROVIDED = "[not provided]"  # marks the error a read of a missing column raises


@dataclass(frozen=True)
class Gaps:
    """What the source cannot provide: absent contract tables and missing columns, with where looked."""

    tables: dict[str, str] = field(default_factory=dict)  # table -> where it was looked for
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> missing columns

    def __bool__(self) -> bool:
        return bool(self.tables or self.columns)

    def blocking(self, columns: frozenset[tuple[str, str]], tables: frozenset[str]) -> list[str]:
        """Name each absent table and missing column among those a check reads."""
        out = [f"table {t} (not in {self.tables[t]})" for t in sorted(tables) if t in self.tables]
        out += [
            f"{t}.{c}" for t, c in sorted(columns) if t not in self.tables and c in self.columns.get(t, ())
        ]
        return out


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validation: what was read, row counts, and gaps."""

    origins: dict[str, TableOrigin]
    row_counts: dict[str, int]
    gaps: Gaps = field(default_factory=Gaps)


def _columns(con: duckdb.DuckDBPyConnection, origin: TableOrigin) -> dict[str, str]:
    """A source table's columns and their types."""
    try:
        rows = con.execute(f"describe select * from {origin.relation_sql}").fetchall()
    except duckdb.Error as exc:
        raise ContractError(
            f"cannot read table {origin.table} from {origin.origin}: {exc}",
            hint="check that the file is a complete, well-formed export of that table",
        ) from exc
    return {str(r[0]).lower(): str(r[1]) for r in rows}


def _text_problems(con: duckdb.DuckDBPyConnection, origin: TableOrigin, col: Column) -> str | None:
    """For text exports (CSV), say why a column's values cannot become the contract type."""
    q = _quote(col.name)
    if col.type in ("VARCHAR", "VARCHAR[]"):
        return None
    if col.type == "TIMESTAMP WITH TIME ZONE":
        bad = con.execute(
            f"select {q} from {origin.relation_sql} where {q} is not null and"
            f" (try_cast({q} as timestamptz) is null"
            f" or not regexp_matches(trim({q}), ?)) limit 1",
            [_TZ_SUFFIX],
        ).fetchone()
        if bad:
            return (
                f"value {bad[0]!r} is not a timestamp with a time zone"
                " (write e.g. 2024-05-01T10:00:00Z or +05:00)"
            )
        return None
    bad = con.execute(
        f"select {q} from {origin.relation_sql} where {q} is not null and"
        f" try_cast({q} as {col.type}) is null limit 1"
    ).fetchone()
    return None if bad is None else f"value {bad[0]!r} is not a {col.type}"


def _cast(col: Column, origin: TableOrigin, actual: str) -> str:
    """The expression that casts a source column to its contract type."""
    q = _quote(col.name)
    if col.type == "VARCHAR[]" and actual == "VARCHAR":
        return f"case when {q} is null or trim({q}) = '' then null else string_split({q}, ';') end"
    return f"cast({q} as {col.type})"


def _not_provided(table: str, col: Column, where: str) -> str:
    """A stand-in that raises when read: a missing column is never read as NULL ("not recorded")."""
    message = f"{NOT_PROVIDED} {table}.{col.name} is not provided by {where}"
    return f"error({_literal(message)})::{col.type} as {_quote(col.name)}"


def _table(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    origin: TableOrigin,
    problems: list[str],
    missing: list[str],
) -> bool:
    """Note a table's missing and mistyped columns; with none mistyped, create its raw_ view (True)."""
    actual = _columns(con, origin)
    ok = True
    for col in table.columns:
        if col.name not in actual:
            missing.append(col.name)
            continue
        found = actual[col.name]
        if origin.all_varchar:
            why = _text_problems(con, origin, col)
            if why:
                problems.append(f"column {table.name}.{col.name} ({origin.origin}): {why}")
                ok = False
        elif not _accepts(col.type, found):
            hint = (
                " without a time zone; export it as timestamptz (UTC)"
                if (col.type == "TIMESTAMP WITH TIME ZONE" and found.startswith("TIMESTAMP"))
                else ""
            )
            problems.append(
                f"column {table.name}.{col.name} ({origin.origin}) is {found}{hint},"
                f" the contract says {col.type}"
            )
            ok = False
    if ok:
        select = ", ".join(
            f"{_cast(c, origin, actual[c.name])} as {_quote(c.name)}"
            if c.name in actual
            else _not_provided(table.name, c, origin.origin)
            for c in table.columns
        )
        con.execute(f"create or replace view raw_{table.name} as select {select} from {origin.relation_sql}")
    return ok


def _absent(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """An absent table reads as no rows of the contract's columns (checks reading it are not run)."""
    select = ", ".join(f"null::{c.type} as {_quote(c.name)}" for c in table.columns)
    con.execute(f"create or replace view raw_{table.name} as select {select} where false")


def _keys(
    con: duckdb.DuckDBPyConnection, table: Table, origin: TableOrigin, missing: tuple[str, ...]
) -> list[str]:
    """Problems with a table's primary key: duplicate values and rows without one."""
    if table.primary_key is None or table.primary_key in missing:
        return []
    pk = _quote(table.primary_key)
    problems = []
    dup = con.execute(
        f"select {pk}, count(*) from raw_{table.name} where {pk} is not null"
        f" group by 1 having count(*) > 1 order by 2 desc, 1 limit 3"
    ).fetchall()
    if dup:
        shown = ", ".join(f"{k!r} ({n} rows)" for k, n in dup)
        problems.append(
            f"table {table.name} ({origin.origin}) has duplicate {table.primary_key} values: {shown}"
        )
    nulls = con.execute(f"select count(*) from raw_{table.name} where {pk} is null").fetchone()
    if nulls and nulls[0]:
        problems.append(
            f"table {table.name} ({origin.origin}) has {nulls[0]} rows with no {table.primary_key}"
        )
    return problems


ENUM_VALUES = "dq_enum_values"
EVENT_TIMES = "dq_event_times"


def _enum_value(col: Column) -> str:
    """The value and allowed values of a closed-set column, for the data-quality view."""
    allowed = ", ".join(_literal(v) for v in col.enum or ())
    return f"cast({_quote(col.name)} as varchar) as value, [{allowed}]::varchar[] as allowed"


def _event_time(col: Column) -> str:
    """The value of an event-time column, for the data-quality view."""
    return f"{_quote(col.name)} as value"


def _quality_parts(
    table: Table, gaps: Gaps, origin: str, wanted: Callable[[Column], bool], value: Callable[[Column], str]
) -> list[str]:
    """One `select` per wanted column the source provides: table, column, the row's key, value, origin."""
    missing = gaps.columns.get(table.name, ())
    columns = [c for c in table.columns if wanted(c) and c.name not in missing]
    if not columns:
        return []
    keyed = table.primary_key is not None and table.primary_key not in missing
    present = ", ".join(_quote(c.name) for c in table.columns if c.name not in missing)
    base = (
        f"raw_{table.name}"
        if keyed
        else f"(select {present}, row_number() over () as rowid_ from raw_{table.name})"
    )
    key = _quote(str(table.primary_key)) if keyed else "rowid_"
    return [
        f"select {_literal(table.name)} as table_name, {_literal(c.name)} as column_name,"
        f" cast({key} as varchar) as record_id, {value(c)}, {_literal(origin)} as origin"
        f" from {base} where {_quote(c.name)} is not null"
        for c in columns
    ]


def quality_views(contract: Contract, gaps: Gaps, origins: Mapping[str, str] | None = None) -> dict[str, str]:
    """The views the data-quality checks (sql/checks/data_quality) read, generated from the contract.

    `dq_enum_values` holds every value of every closed-set (`-- enum:`) column with its allowed
    values; `dq_event_times` every event timestamp (a timestamptz not marked `-- validity:`). Only
    the tables and columns the source provides are read, so a partial source is still checked on
    what it has. They are generated here, beside the typed raw views, because only here are both
    the contract and the source's gaps known: a fixed SQL file would read the stand-ins of missing
    columns, and would be a second list of the contract's columns to keep in step.
    """
    enums: list[str] = []
    events: list[str] = []
    for table in contract.tables:
        if table.name in gaps.tables:
            continue
        origin = (origins or {}).get(table.name, table.name)
        enums += _quality_parts(table, gaps, origin, lambda c: bool(c.enum), _enum_value)
        events += _quality_parts(table, gaps, origin, lambda c: c.is_event_time, _event_time)
    empty = "select null::varchar as table_name, null::varchar as column_name, null::varchar as record_id"
    enum_sql = " union all ".join(enums) or (
        f"{empty}, null::varchar as value, null::varchar[] as allowed, null::varchar as origin where false"
    )
    event_sql = " union all ".join(events) or (
        f"{empty}, null::timestamptz as value, null::varchar as origin where false"
    )
    return {
        ENUM_VALUES: f"create or replace view {ENUM_VALUES} as {enum_sql}",
        EVENT_TIMES: f"create or replace view {EVENT_TIMES} as {event_sql}",
    }


def validate_source(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    origins: dict[str, TableOrigin],
    source_name: str,
    *,
    strict: bool = False,
) -> ValidationReport:
    """Check every contract table, column, type and key of the (mapped) source.

    A wrong type or a broken key is a ContractError naming every fault. An absent table or a
    missing column is a gap: recorded, and the checks that read it are not evaluable; in strict
    mode a gap is an error too. Values outside the contract's closed sets and event timestamps in
    the future are not faults here: the data-quality checks DQ-1 and DQ-2 report them (the rows
    are kept), reading the views of `quality_views`.
    """
    problems: list[str] = []
    gaps = Gaps()
    typed: list[Table] = []
    for table in contract.tables:
        if table.name not in origins:
            gaps.tables[table.name] = source_name
            _absent(con, table)
            continue
        missing: list[str] = []
        if _table(con, table, origins[table.name], problems, missing):
            typed.append(table)
        if missing:
            gaps.columns[table.name] = tuple(missing)
    if strict:
        problems[:0] = [f"table {t} is missing from {source_name}" for t in gaps.tables] + [
            f"table {t} ({origins[t].origin}) has no column {c}"
            for t, cols in gaps.columns.items()
            for c in cols
        ]
    for table in typed:
        problems.extend(_keys(con, table, origins[table.name], gaps.columns.get(table.name, ())))
    if problems:
        raise ContractError(
            f"{source_name} does not meet the data contract: " + "; ".join(problems),
            hint="fix the export or the mapping (docs: ../shared/data-contract.md, "
            "DDL: sql/schema/contract.sql)",
        )
    counts: dict[str, int] = {}
    for table in typed:
        row = con.execute(f"select count(*) from raw_{table.name}").fetchone()
        counts[table.name] = int(row[0]) if row else 0
    for sql in quality_views(contract, gaps, {t: o.origin for t, o in origins.items()}).values():
        con.execute(sql)
    return ValidationReport(origins, counts, gaps)
