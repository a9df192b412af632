"""SQL text written once: quoting an identifier and a string literal for DuckDB."""

from __future__ import annotations


def quote_ident(name: str) -> str:
    """Quote an identifier (double quotes, embedded quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def sql_string(value: str) -> str:
    """Quote a value as a string literal (for paths in read_* calls and DDL, which take no parameters)."""
    return "'" + value.replace("'", "''") + "'"
