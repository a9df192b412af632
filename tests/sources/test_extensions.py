"""DuckDB extensions come from their PyPI packages into the project's own extension folder."""

from __future__ import annotations

import duckdb
import pytest

from wgp_audit.sources.extensions import KNOWN, extension_directory, load_extension


@pytest.mark.parametrize("name", KNOWN)
def test_each_extension_loads_offline_into_the_project_folder(name: str) -> None:
    con = duckdb.connect()
    try:
        load_extension(con, name)
        row = con.execute(
            "select loaded, install_path, installed_from from duckdb_extensions() where extension_name = ?",
            [f"{name}_scanner"],
        ).fetchone()
    finally:
        con.close()
    assert row is not None and row[0] is True
    assert str(row[1]).startswith(str(extension_directory()))
    assert f"duckdb_extension_{name}" in str(row[2])  # from the PyPI package, not the network
