"""A live MySQL or MariaDB database, attached read-only through DuckDB's mysql extension.

Read-only twice over: DuckDB refuses every write to a READ_ONLY attachment, and for such an
attachment the extension itself wraps its reads in `START TRANSACTION READ ONLY` on the server
(seen with `mysql_debug_show_queries`). `SET SESSION TRANSACTION READ ONLY` cannot be sent on top:
`mysql_execute` is refused on a read-only attachment and the DSN has no init-command option.

MySQL has no zone-aware timestamp: DuckDB reads both TIMESTAMP and DATETIME as a naive TIMESTAMP.
The session time zone is set to UTC, so TIMESTAMP columns (kept in UTC by the server) arrive in
UTC; DATETIME columns hold wall-clock times, read in the zone named by `?tz=` (default UTC, as the
data contract stores timestamps). Both are given to the audit as TIMESTAMPTZ. MySQL has no list
type either: a contract list column stored as text must be split by a mapping.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

import duckdb

from wgp_audit.errors import SourceError, register_secret
from wgp_audit.sources.base import Source, TableOrigin, quote_ident, sql_string
from wgp_audit.sources.extensions import load_extension
from wgp_audit.sources.postgres import redact

DEFAULT_DSN_VARIABLE = "WGP_AUDIT_MYSQL_DSN"
_DSN_EXAMPLE = "host=... port=3306 user=... password=... database=..."


def mysql_attach_string(dsn: str) -> str:
    """The DuckDB mysql attach string for `dsn`: key=value as is, or a mysql:// URL converted."""
    if not dsn.startswith(("mysql://", "mariadb://")):
        return dsn
    url = urlsplit(dsn)
    parts = {
        "host": url.hostname,
        "port": str(url.port) if url.port else None,
        "user": unquote(url.username) if url.username else None,
        "password": unquote(url.password) if url.password else None,
        "database": unquote(url.path.lstrip("/")) or None,
    }
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


def dsn_database(attach: str) -> str | None:
    """The database named by a key=value attach string (`database=` or `db=`), if any."""
    for item in attach.split():
        key, _, value = item.partition("=")
        if key.lower() in ("database", "db") and value:
            return value
    return None


class MySQLSource(Source):
    """Reads the tables and views of the database named in a DSN held by an environment variable."""

    scheme = "mysql"

    def __init__(self, variable: str = DEFAULT_DSN_VARIABLE, time_zone: str = "UTC") -> None:
        self.variable = variable
        self.time_zone = time_zone

    def describe(self) -> str:
        """Name the environment variable, never the DSN itself."""
        return f"MySQL/MariaDB database from ${self.variable}"

    def attach(self, con: duckdb.DuckDBPyConnection) -> dict[str, TableOrigin]:
        """Attach the database READ_ONLY as `src` and list its tables and views."""
        dsn = os.environ.get(self.variable)
        if not dsn:
            raise SourceError(
                f"environment variable {self.variable} is not set",
                hint=f"export {self.variable}='{_DSN_EXAMPLE}'",
            )
        attach = mysql_attach_string(dsn)
        for secret in (dsn, attach):  # a URL's password arrives unquoted in the attach string
            register_secret(secret)  # every later error text of this process drops it
        database = dsn_database(attach)
        if database is None:
            raise SourceError(
                f"the DSN in ${self.variable} names no database",
                hint=f"add database=NAME to it: {_DSN_EXAMPLE}",
            )
        try:
            con.execute("select timezone(?, timestamp '2000-01-01')", [self.time_zone]).fetchall()
        except duckdb.Error:
            raise SourceError(
                f"time zone {self.time_zone!r} given for mysql:{self.variable} is not known",
                hint="give ?tz= an IANA zone, e.g. ?tz=Asia/Almaty (default UTC)",
            ) from None
        load_extension(con, "mysql")
        # TIMESTAMP columns arrive in UTC; zero dates ('0000-00-00', common in MySQL dumps) as NULL.
        con.execute("set mysql_session_time_zone = '+00:00'")
        con.execute("set mysql_incomplete_dates_as_nulls = true")
        # mysql 1.5.5 fails with an INTERNAL error on count(*) over any projection of a table
        # (e.g. `select count(*) from (select * replace (...) from src.db.t)`) when it pushes the
        # aggregate down to the server; DuckDB aggregating the rows itself is correct.
        con.execute("set mysql_aggregate_pushdown_enabled = false")
        try:
            con.execute(f"attach {sql_string(attach)} as src (type mysql, read_only)")
            present = sorted(
                {
                    str(r[0])
                    for r in con.execute(
                        "select table_name from information_schema.tables"
                        " where table_catalog = 'src' and table_schema = ?",
                        [database],
                    ).fetchall()
                }
            )
            kinds: dict[str, dict[str, str]] = {}
            for table, column, kind in con.execute(
                "select table_name, column_name, lower(data_type)"
                " from src.information_schema.columns"
                " where table_schema = ? and lower(data_type) in ('timestamp', 'datetime')",
                [database],
            ).fetchall():
                kinds.setdefault(str(table), {})[str(column)] = str(kind)
        except duckdb.Error as exc:
            raise SourceError(
                f"cannot read the MySQL/MariaDB database named by ${self.variable}: {redact(str(exc), dsn)}",
                hint="check host, port, database, user and password in that variable",
            ) from None
        return {
            t.lower(): TableOrigin(
                t, self._relation(database, t, kinds.get(t, {})), f"table {database}.{t} in ${self.variable}"
            )
            for t in present
        }

    def _relation(self, database: str, table: str, timestamps: dict[str, str]) -> str:
        """SQL selecting the table, with its TIMESTAMP/DATETIME columns as TIMESTAMPTZ."""
        name = f"src.{quote_ident(database)}.{quote_ident(table)}"
        if not timestamps:
            return name
        zoned = ", ".join(
            f"timezone({sql_string('UTC' if kind == 'timestamp' else self.time_zone)},"
            f" {quote_ident(column)}) as {quote_ident(column)}"
            for column, kind in timestamps.items()
        )
        return f"(select * replace ({zoned}) from {name})"
