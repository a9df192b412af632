"""Sources of operator data, chosen through a registry keyed by URL scheme or path.

Schemes: duckdb:PATH, exports:DIR, postgres:ENV_VAR[?schema=S], mysql:ENV_VAR[?tz=ZONE] (MySQL or
MariaDB), sqlite:PATH; a bare path is a DuckDB file or an exports folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

from wgp_audit.errors import SourceError
from wgp_audit.sources.base import Evidence, Source, TableOrigin
from wgp_audit.sources.duckdb_file import DuckDBFileSource
from wgp_audit.sources.exports import ExportsSource
from wgp_audit.sources.mysql import DEFAULT_DSN_VARIABLE as MYSQL_DSN_VARIABLE
from wgp_audit.sources.mysql import MySQLSource
from wgp_audit.sources.postgres import DEFAULT_DSN_VARIABLE, PostgresSource
from wgp_audit.sources.sqlite import SQLiteSource

__all__ = ["REGISTRY", "Evidence", "Source", "TableOrigin", "open_source"]


def _postgres(rest: str) -> Source:
    """A PostgreSQL source from `ENV_VAR[?schema=S]`."""
    variable, _, query = rest.partition("?")
    schema = parse_qs(query).get("schema", ["public"])[0]
    return PostgresSource(variable or DEFAULT_DSN_VARIABLE, schema)


def _mysql(rest: str) -> Source:
    """A MySQL source from `ENV_VAR[?tz=ZONE]`."""
    variable, _, query = rest.partition("?")
    time_zone = parse_qs(query).get("tz", ["UTC"])[0]
    return MySQLSource(variable or MYSQL_DSN_VARIABLE, time_zone)


REGISTRY: dict[str, Callable[[str], Source]] = {
    "duckdb": lambda rest: DuckDBFileSource(Path(rest).expanduser()),
    "exports": lambda rest: ExportsSource(Path(rest).expanduser()),
    "postgres": _postgres,
    "postgresql": _postgres,
    "mysql": _mysql,
    "mariadb": _mysql,
    "sqlite": lambda rest: SQLiteSource(Path(rest).expanduser()),
}


def open_source(spec: str | Path) -> Source:
    """Resolve `duckdb:PATH`, `exports:DIR`, `postgres:[ENV_VAR][?schema=S]`,
    `mysql:[ENV_VAR][?tz=ZONE]`, `sqlite:PATH`, or a bare path.

    A bare path that is a folder is an exports folder; any other path is a DuckDB file.
    """
    text = str(spec)
    scheme, sep, rest = text.partition(":")
    if sep and scheme in REGISTRY and not (len(scheme) == 1 and rest.startswith("\\")):
        return REGISTRY[scheme](rest)
    path = Path(text).expanduser()
    if path.is_dir():
        return ExportsSource(path)
    if not path.exists():
        raise SourceError(
            f"source {text!r} does not exist",
            hint="pass a DuckDB file, a folder of exports, sqlite:PATH, postgres:ENV_VAR or mysql:ENV_VAR "
            "(run `wgp-audit demo` first to create the demo database)",
        )
    return DuckDBFileSource(path)
