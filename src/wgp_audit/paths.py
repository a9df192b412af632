"""Where the workspace's own files live (SQL, config), found relative to the repository."""

from __future__ import annotations

import os
from pathlib import Path


def workspace_root() -> Path:
    """Return the workspace root: $WGP_AUDIT_HOME, else the repository holding this package."""
    env = os.environ.get("WGP_AUDIT_HOME")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def sql_dir() -> Path:
    """Return the folder holding schema/, staging/ and checks/."""
    return workspace_root() / "sql"


def config_dir() -> Path:
    """Return the folder holding the auditor's yardstick."""
    return workspace_root() / "config"
