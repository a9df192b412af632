"""A live PostgreSQL database, attached read-only through DuckDB's postgres extension."""

from __future__ import annotations

import os
import re

import duckdb

from wgp_audit.errors import SourceError, redact_secrets, register_secret
from wgp_audit.sources.base import Source, TableOrigin, quote_ident, sql_string
from wgp_audit.sources.extensions import load_extension

DEFAULT_DSN_VARIABLE = "WGP_AUDIT_PG_DSN"
_PASSWORD = re.compile(r"(password\s*=\s*)(\S+)|(://[^:/@\s]+:)([^@\s]+)(@)", re.IGNORECASE)


def redact(text: str, dsn: str) -> str:
    """Remove a DSN and any password it holds from a message (the seam: errors.redact_secrets)."""
    register_secret(dsn)
    return redact_secrets(text)


def load_postgres_extension(con: duckdb.DuckDBPyConnection) -> None:
    """Load the postgres extension offline from its PyPI package (see sources.extensions)."""
    load_extension(con, "postgres")


class PostgresSource(Source):
    """Reads the contract tables from one schema of a PostgreSQL database, attached READ_ONLY."""

    scheme = "postgres"

    def __init__(self, variable: str = DEFAULT_DSN_VARIABLE, schema: str = "public") -> None:
        self.variable = variable
        self.schema = schema

    def describe(self) -> str:
        """Name the environment variable and schema, never the DSN itself."""
        return f"PostgreSQL database from ${self.variable}, schema {self.schema}"

    def attach(self, con: duckdb.DuckDBPyConnection) -> dict[str, TableOrigin]:
        """Attach the database read-only as `src` and list the tables and views of the schema."""
        dsn = os.environ.get(self.variable)
        if not dsn:
            raise SourceError(
                f"environment variable {self.variable} is not set",
                hint=f"export {self.variable}='host=... port=... dbname=... user=... password=...'",
            )
        register_secret(dsn)  # every later error text of this process drops it (errors.redact_secrets)
        load_postgres_extension(con)
        try:
            con.execute(f"attach {sql_string(dsn)} as src (type postgres, read_only)")
            present = sorted(
                {
                    str(r[0])
                    for r in con.execute(
                        "select table_name from information_schema.tables"
                        " where table_catalog = 'src' and table_schema = ?",
                        [self.schema],
                    ).fetchall()
                }
            )
        except duckdb.Error as exc:
            raise SourceError(
                f"cannot read the PostgreSQL database named by ${self.variable}: {redact(str(exc), dsn)}",
                hint="check host, port, database, user and password in that variable",
            ) from None
        schema = quote_ident(self.schema)
        return {
            t.lower(): TableOrigin(
                t, f"src.{schema}.{quote_ident(t)}", f"table {self.schema}.{t} in ${self.variable}"
            )
            for t in present
        }
