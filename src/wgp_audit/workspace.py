"""The workspace file `wgp-audit.toml`: a workspace's defaults, and `wgp-audit init` that writes one.

Keys (all optional; a command-line option wins): `source` (the default source spec), `mapping` (a
mapping folder), `logs` (a folder holding web/ and app/) and `reports` (where runs are written).
Relative paths are relative to the folder holding the file.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from wgp_audit.errors import ConfigError, ParameterError
from wgp_audit.paths import (
    WORKSPACE_FILE,
    bundled_dir,
    workspace_file,
)

KEYS: Final = ("source", "mapping", "logs", "reports")
#: A source spec that is not a path: postgres:ENV, mysql:ENV, sqlite:PATH (a scheme, then a colon).
_SCHEME: Final = re.compile(r"^(?P<scheme>[a-z][a-z0-9]+):(?P<rest>.*)$")

WORKSPACE_TEMPLATE: Final = """\
# wgp-audit workspace: the defaults of every wgp-audit command run in this folder or below it.
# Every key is optional; an option on the command line wins. Relative paths are relative to
# this file's folder. An unknown key or a wrong type is an error that names it.

# The source audited when --source is not given: a DuckDB file, an exports folder (Parquet or
# CSV), postgres:ENV_VAR[?schema=S], mysql:ENV_VAR or sqlite:PATH (the DSN stays in ENV_VAR).
# Default: the demo data that `wgp-audit demo` writes into demo-data/.
# source = "demo-data/wgp.duckdb"

# The mapping from your own schema onto the data contract (one SQL file per contract table).
# Start one with: wgp-audit map init --source S --out mappings/own
# Default: none (the source already has the contract's tables and columns).
# mapping = "mappings/own"

# The log folder holding web/ (access logs) and app/ (JSON Lines events).
# Default: the demo logs when auditing the demo data, otherwise none.
# logs = "/var/log/wgp"

# Where `wgp-audit run` writes reports/<run id>/.
reports = "reports"
"""

OWN_MAPPING_README: Final = """\
# Your own mapping

Put here the mapping from your database onto the data contract: one SQL file per contract table,
each a `select` over your tables that yields the contract's columns. Start from a generated one:

    wgp-audit map init --source S --out mappings/own

(S is your source: a DuckDB file, postgres:ENV_VAR, mysql:ENV_VAR or sqlite:PATH.) Then fill the
`TODO` lines, check it with `wgp-audit map status --source S --mapping mappings/own`, and set
`mapping = "mappings/own"` in wgp-audit.toml. The folders beside this one are worked examples.
"""


@dataclass(frozen=True)
class WorkspaceSettings:
    """A workspace file's values, paths resolved against its folder (None: not set)."""

    path: Path | None = None
    source: str | None = None
    mapping: Path | None = None
    logs: Path | None = None
    reports: Path | None = None


def _resolve_source(spec: str, base: Path) -> str:
    """A source spec with a relative file path resolved against the workspace."""
    m = _SCHEME.match(spec)
    if m is None:
        return str((base / spec).resolve())
    if m.group("scheme") == "sqlite" and not Path(m.group("rest")).is_absolute():
        return f"sqlite:{(base / m.group('rest')).resolve()}"
    return spec


def load_workspace(path: Path) -> WorkspaceSettings:
    """Read and validate a workspace file; a problem names the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            f"cannot read the workspace file {path}: {exc.strerror}",
            hint="make the file readable, or remove it",
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"workspace file {path} is not valid TOML: {exc}", hint="fix the line named"
        ) from exc
    problems = [f"unknown key {key!r}" for key in data if key not in KEYS]
    problems += [
        f"{key} = {value!r} must be a string"
        for key, value in data.items()
        if key in KEYS and not isinstance(value, str)
    ]
    problems += [
        f"{key} must not be empty"
        for key, value in data.items()
        if key in KEYS and isinstance(value, str) and not value.strip()
    ]
    if problems:
        raise ConfigError(
            f"workspace file {path}: " + "; ".join(problems),
            hint=f"the keys are {', '.join(KEYS)}, each a string; "
            "`wgp-audit init` writes a commented example",
        )
    base = path.resolve().parent

    def folder(key: str) -> Path | None:
        value = data.get(key)
        return (base / value).resolve() if value is not None else None

    source = data.get("source")
    return WorkspaceSettings(
        path=path.resolve(),
        source=_resolve_source(source, base) if source is not None else None,
        mapping=folder("mapping"),
        logs=folder("logs"),
        reports=folder("reports"),
    )


def workspace_settings() -> WorkspaceSettings:
    """The current workspace's settings (all None when it has no wgp-audit.toml)."""
    path = workspace_file()
    return load_workspace(path) if path is not None else WorkspaceSettings()


@dataclass(frozen=True)
class InitResult:
    """What `wgp-audit init` wrote."""

    root: Path
    created: tuple[Path, ...]


def _is_empty_workspace(target: Path) -> bool:
    """Whether a target folder is missing or empty."""
    return not target.exists() or (target.is_dir() and not any(target.iterdir()))


def init_workspace(target: Path, force: bool = False) -> InitResult:
    """Create a workspace a user edits: wgp-audit.toml, config/, mappings/, notebooks/, reports/."""
    target = target.resolve()
    if target.exists() and not target.is_dir():
        raise ParameterError(
            f"{target} exists and is not a folder", hint="give a new or empty folder to `wgp-audit init`"
        )
    if not _is_empty_workspace(target) and not force:
        raise ParameterError(
            f"{target} is not empty; init would overwrite a workspace in it",
            hint="give a new or empty folder, or add --force to overwrite the files init writes",
        )
    created: list[Path] = []
    target.mkdir(parents=True, exist_ok=True)
    (target / WORKSPACE_FILE).write_text(WORKSPACE_TEMPLATE, encoding="utf-8")
    created.append(target / WORKSPACE_FILE)
    (target / "config").mkdir(exist_ok=True)
    shutil.copyfile(bundled_dir("config") / "yardstick.toml", target / "config" / "yardstick.toml")
    created.append(target / "config" / "yardstick.toml")
    mappings = target / "mappings"
    examples = bundled_dir("mappings")
    if examples.is_dir():
        shutil.copytree(
            examples, mappings, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    (mappings / "own").mkdir(parents=True, exist_ok=True)
    (mappings / "own" / "README.md").write_text(OWN_MAPPING_README, encoding="utf-8")
    created.append(mappings)
    notebooks = target / "notebooks"
    notebooks.mkdir(exist_ok=True)
    for nb in sorted(bundled_dir("notebooks").glob("*.ipynb")):
        shutil.copyfile(nb, notebooks / nb.name)
    created.append(notebooks)
    (target / "reports").mkdir(exist_ok=True)
    created.append(target / "reports")
    return InitResult(target, tuple(created))
