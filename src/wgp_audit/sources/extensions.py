"""DuckDB extensions (postgres, mysql, sqlite) loaded offline from their PyPI packages."""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb

from wgp_audit.errors import SourceError
from wgp_audit.paths import workspace_root
from wgp_audit.sources.base import sql_string

KNOWN = ("postgres", "mysql", "sqlite")


def extension_directory() -> Path:
    """The project-local folder DuckDB installs extensions into (never the user's ~/.duckdb)."""
    return workspace_root() / ".cache" / "duckdb_extensions"


def _packaged_binary(name: str) -> Path | None:
    """The extension binary shipped by `duckdb-extension-<name>` for this DuckDB version, if any."""
    try:
        package = importlib.import_module(f"duckdb_extension_{name}")
    except ImportError:
        return None
    folder = Path(str(package.__file__)).parent / "extensions" / f"v{duckdb.__version__}"
    binary = folder / f"{name}.duckdb_extension"
    return binary if binary.is_file() else None


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Install `name` from its PyPI package (offline), else from DuckDB's repository, and load it.

    Raises SourceError with the pip command to run when neither is possible.
    """
    if name not in KNOWN:
        raise ValueError(f"unknown DuckDB extension {name!r}; expected one of {KNOWN}")
    ext_dir = extension_directory()
    try:
        ext_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceError(
            f"cannot create the DuckDB extension folder {ext_dir}: {exc.strerror}",
            hint="run from a workspace you may write to, or set WGP_AUDIT_HOME to one",
        ) from None
    con.execute(f"set extension_directory = {sql_string(str(ext_dir))}")
    binary = _packaged_binary(name)
    try:
        con.execute(f"install {sql_string(str(binary))}" if binary else f"install {name}")
        con.execute(f"load {name}")
    except duckdb.Error as exc:
        raise SourceError(
            f"the DuckDB {name} extension is not available offline: {exc}",
            hint=f"pip install duckdb-extension-{name}=={duckdb.__version__}",
        ) from exc
