"""Where each thing the audit reads or writes is found: the one settings seam for folders.

The workspace is, in this order: $WGP_AUDIT_HOME; else the nearest folder at or above the current
directory holding a `wgp-audit.toml` workspace file (written by `wgp-audit init`); else the
repository checkout this package runs from (an editable install: its root holds sql/ and
pyproject.toml); else the current directory. The workspace's own sql/, config/, notebooks/ and
mappings/ win; where it has none, the copies bundled in the package are used (an installed wheel
carries them under wgp_audit/_data/; a checkout reads its top-level folders). What a run writes
(reports/, demo-data/, .cache/) always lives in the workspace, never in the installed package.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

HOME_VARIABLE: Final = "WGP_AUDIT_HOME"
WORKSPACE_FILE: Final = "wgp-audit.toml"
#: The folders shipped as package data, kept at the top of the repository.
BUNDLED_FOLDERS: Final = ("sql", "config", "notebooks", "mappings")
_PACKAGE_DIR: Final = Path(__file__).resolve().parent


def checkout_root() -> Path | None:
    """The repository this package runs from (editable install), or None for an installed wheel."""
    root = _PACKAGE_DIR.parents[1]
    if (root / "pyproject.toml").is_file() and (root / "sql").is_dir():
        return root
    return None


def find_workspace_file(start: Path | None = None) -> Path | None:
    """The nearest `wgp-audit.toml` at or above `start` (default: the current directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / WORKSPACE_FILE
        if candidate.is_file():
            return candidate
    return None


def workspace_root() -> Path:
    """The workspace: $WGP_AUDIT_HOME, a wgp-audit.toml folder, the checkout, else the current dir."""
    env = os.environ.get(HOME_VARIABLE)
    if env:
        return Path(env).resolve()
    found = find_workspace_file()
    if found is not None:
        return found.parent
    checkout = checkout_root()
    return checkout if checkout is not None else Path.cwd().resolve()


def workspace_file() -> Path | None:
    """The workspace's `wgp-audit.toml`, if the workspace has one."""
    path = workspace_root() / WORKSPACE_FILE
    return path if path.is_file() else None


def bundled_dir(name: str) -> Path:
    """The package's own copy of a top-level folder (sql, config, notebooks, mappings)."""
    if name not in BUNDLED_FOLDERS:
        raise ValueError(f"{name!r} is not a bundled folder; one of {', '.join(BUNDLED_FOLDERS)}")
    shipped = _PACKAGE_DIR / "_data" / name
    if shipped.is_dir():
        return shipped
    checkout = checkout_root()
    return (checkout if checkout is not None else _PACKAGE_DIR / "_data") / name


def _workspace_or_bundled(name: str) -> Path:
    """The workspace's own folder of that name, else the one shipped in the package."""
    own = workspace_root() / name
    return own if own.is_dir() else bundled_dir(name)


def sql_dir() -> Path:
    """The folder holding schema/, staging/ and checks/: the workspace's own, else the bundled one."""
    return _workspace_or_bundled("sql")


def config_dir() -> Path:
    """The folder holding the auditor's yardstick: the workspace's config/, else the bundled one."""
    own = workspace_root() / "config"
    return own if (own / "yardstick.toml").is_file() else bundled_dir("config")


def yardstick_path() -> Path:
    """The default yardstick TOML."""
    return config_dir() / "yardstick.toml"


def notebooks_dir() -> Path:
    """The area notebook templates: the workspace's notebooks/, else the bundled ones."""
    own = workspace_root() / "notebooks"
    return own if any(own.glob("*.ipynb")) else bundled_dir("notebooks")


def mappings_dir() -> Path:
    """The mappings folder: the workspace's mappings/, else the bundled examples."""
    return _workspace_or_bundled("mappings")


def reports_dir() -> Path:
    """Where runs are written: the workspace file's `reports`, else <workspace>/reports."""
    from wgp_audit.workspace import workspace_settings

    configured = workspace_settings().reports
    return configured if configured is not None else workspace_root() / "reports"


def demo_dir() -> Path:
    """Where `wgp-audit demo` writes by default, and where the other commands look for it."""
    return workspace_root() / "demo-data"


def cache_dir() -> Path:
    """The workspace's cache folder (parsed logs, DuckDB extensions)."""
    return workspace_root() / ".cache"
