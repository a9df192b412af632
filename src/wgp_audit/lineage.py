"""Which contract columns each check reads, worked out from the SQL itself (sqlglot).

A check's query is expanded through the staging and intermediate views it reads (recursively),
qualified against the contract's columns and the log views' columns, and pruned to the
projections actually used; the columns it then reads from `raw_<table>` are the contract columns
it needs. A check whose needs are not all provided by the source is "not evaluable", never run on
stand-in values. The data-quality views, generated from the contract, are expanded as built for
the source's gaps: they leave out what it lacks, so the data-quality checks read only what exists.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.optimizer.pushdown_projections import pushdown_projections
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import traverse_scope

from wgp_audit.checks import CheckSpec
from wgp_audit.contract import load_contract
from wgp_audit.errors import CheckDefinitionError
from wgp_audit.paths import sql_dir
from wgp_audit.sqlhouse import LOG_VIEWS, VIEW_TIERS, view_files
from wgp_audit.validate import Gaps, quality_views

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_RAW = "raw_"


@dataclass(frozen=True)
class Reads:
    """What one query reads: contract (table, column) pairs, contract tables, and log views."""

    columns: frozenset[tuple[str, str]]
    tables: frozenset[str]
    logs: frozenset[str]


def _log_schemas() -> dict[str, dict[str, str]]:
    """The column types of the log views, from their empty-rows SQL."""
    from wgp_audit.logs.app import APP_SPEC
    from wgp_audit.logs.web import web_spec

    con = duckdb.connect()
    try:
        out = {}
        for name, sql in (
            ("log_web", web_spec("combined").empty_rows_sql),
            ("log_app", APP_SPEC.empty_rows_sql),
        ):
            out[name] = {str(r[0]): str(r[1]) for r in con.execute(f"describe {sql}").fetchall()}
        return out
    finally:
        con.close()


def _parse(sql: str, where: Path) -> exp.Expr:
    """A check's SQL as a sqlglot tree ($name placeholders as getvariable calls)."""
    try:
        tree = sqlglot.parse_one(_PARAM.sub(r"getvariable('\1')", sql), dialect="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise CheckDefinitionError(
            f"{where}: sqlglot cannot parse it: {str(exc).splitlines()[0]}",
            hint="keep the SQL within DuckDB syntax that sqlglot reads",
        ) from None
    return tree


@cache
def _views(root: Path, fingerprint: str) -> dict[str, exp.Query]:
    """The select of every view file, by view name."""
    views: dict[str, exp.Query] = {}
    for view in view_files(root):
        for stmt in sqlglot.parse(view.sql, dialect="duckdb"):
            if (
                isinstance(stmt, exp.Create)
                and str(stmt.kind).upper() == "VIEW"
                and isinstance(stmt.expression, exp.Query)
            ):
                views[stmt.this.name.lower()] = stmt.expression
    return views


def _fingerprint(root: Path) -> str:
    """A hash of every view file, so that cached lineage follows their edits."""
    files = sorted(p for tier in VIEW_TIERS for p in (root / tier).glob("*.sql"))
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


@cache
def _schema() -> dict[str, dict[str, str]]:
    """The column types of the raw contract tables and the log views."""
    contract = load_contract()
    schema = {f"{_RAW}{t.name}": {c.name: c.type for c in t.columns} for t in contract.tables}
    schema.update(_log_schemas())
    return schema


def staging_views() -> dict[str, exp.Query]:
    """The staging and intermediate views by name, parsed (cached while the files are unchanged)."""
    root = sql_dir()
    return _views(root, _fingerprint(root))


_GapsKey = tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]


def _gaps_key(gaps: Gaps | None) -> _GapsKey:
    """A hashable key for the gaps of a partial source."""
    if gaps is None:
        return (), ()
    return tuple(sorted(gaps.tables)), tuple(sorted(gaps.columns.items()))


@cache
def _quality_views(key: _GapsKey) -> dict[str, exp.Query]:
    """The selects of the data-quality views as built for these gaps."""
    gaps = Gaps(dict.fromkeys(key[0], ""), dict(key[1]))
    views: dict[str, exp.Query] = {}
    for name, sql in quality_views(load_contract(), gaps).items():
        stmt = sqlglot.parse_one(sql, dialect="duckdb")
        if not (isinstance(stmt, exp.Create) and isinstance(stmt.expression, exp.Query)):
            raise CheckDefinitionError(f"the generated view {name} is not a `create view ... as select`")
        views[name] = stmt.expression
    return views


@cache
def _reads_of(sql: str, where: Path, fingerprint: str, gaps: _GapsKey) -> Reads:
    """The contract tables and columns a check's SQL reads, through every view."""
    views: dict[str, exp.Query | Callable[[], exp.Query]] = {**staging_views(), **_quality_views(gaps)}
    tree = exp.expand(_parse(sql, where), views, dialect="duckdb")
    try:
        tree = qualify(
            tree, schema=dict[str, object](_schema()), dialect="duckdb", validate_qualify_columns=False
        )
        tree = pushdown_projections(tree)
    except sqlglot.errors.SqlglotError as exc:
        raise CheckDefinitionError(
            f"{where}: cannot trace the columns it reads: {exc}",
            hint="qualify ambiguous columns with their table alias",
        ) from None
    columns: set[tuple[str, str]] = set()
    tables: set[str] = set()
    logs: set[str] = set()
    for scope in traverse_scope(tree):
        for source in scope.sources.values():
            if isinstance(source, exp.Table):
                name = source.name.lower()
                if name.startswith(_RAW):
                    tables.add(name[len(_RAW) :])
                elif name in LOG_VIEWS:
                    logs.add(name)
        for col in scope.columns:
            origin = scope.sources.get(col.table)
            if isinstance(origin, exp.Table) and origin.name.lower().startswith(_RAW):
                columns.add((origin.name.lower()[len(_RAW) :], col.name.lower()))
    return Reads(frozenset(columns), frozenset(tables), frozenset(logs))


def reads(sql: str, where: Path, gaps: Gaps | None = None) -> Reads:
    """The contract columns and tables, and the log views, that a query reads through the views
    (the data-quality views as built for a source with `gaps`, or for a complete source)."""
    return _reads_of(sql, where, _fingerprint(sql_dir()), _gaps_key(gaps))


def check_reads(spec: CheckSpec, gaps: Gaps | None = None) -> Reads:
    """What a check reads (see `reads`)."""
    return reads(spec.sql, spec.path, gaps)


def lacking(sql: str, gaps: Gaps, where: Path) -> tuple[list[str], list[str]]:
    """What a notebook query reads that the source does not provide: (absent tables, missing columns).

    Both empty when the source feeds it. The charts and the summary's figures ask before they run
    a query, so a partial source gives "not audited" where it lacks data, never a crash or NULLs.
    """
    if not gaps:
        return [], []
    read = reads(sql, where, gaps)
    return gaps.blocking(frozenset(), read.tables), gaps.blocking(read.columns, frozenset())
