"""The SQL house, loaded by one loader: macros, seeds, then staging and intermediate views.

Tiers (as in dbt's jaffle-shop): `sql/macros/` one macro a file; `sql/seeds/` reference data as
CSV, loaded as `seed_<name>` tables; `sql/staging/` one normalising view per contract table (and
per log); `sql/intermediate/` shared logic, one view a file. Every view file declares what it
reads in a `-- depends:` line (checked against its SQL by a test); views are created in
dependency order, and a view that depends on a log that is not attached is simply not created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wgp_audit.errors import CheckDefinitionError
from wgp_audit.paths import sql_dir
from wgp_audit.sources.base import quote_ident, sql_string

VIEW_TIERS = ("staging", "intermediate")
_DEPENDS = re.compile(r"^--\s*depends:\s*(.*?)\s*$", re.M)
_VIEW = re.compile(r"^create\s+(?:or\s+replace\s+)?view\s+(\w+)\s+as\b", re.M | re.I)
LOG_VIEWS = ("log_web", "log_app")


@dataclass(frozen=True)
class ViewFile:
    """One view of the staging or intermediate tier: its name, file, SQL and declared inputs."""

    name: str
    path: Path
    sql: str
    depends: tuple[str, ...]


def view_files(root: Path | None = None) -> list[ViewFile]:
    """Every view file of the staging and intermediate tiers, sorted by name."""
    root = root or sql_dir()
    out = []
    for tier in VIEW_TIERS:
        for path in sorted((root / tier).glob("*.sql")):
            sql = path.read_text(encoding="utf-8")
            views = _VIEW.findall(sql)
            if len(views) != 1:
                raise CheckDefinitionError(
                    f"{path} defines {len(views)} views", hint="keep one `create or replace view` per file"
                )
            depends = _DEPENDS.search(sql)
            if depends is None:
                raise CheckDefinitionError(
                    f"{path} declares no `-- depends:` line",
                    hint="name the relations the view reads, e.g. `-- depends: raw_users`",
                )
            names = tuple(d.strip() for d in depends.group(1).split(",") if d.strip())
            out.append(ViewFile(views[0].lower(), path, sql, names))
    return sorted(out, key=lambda v: v.name)


def load_macros(con: duckdb.DuckDBPyConnection, root: Path | None = None) -> None:
    """Create every macro of sql/macros (one a file)."""
    for path in sorted(((root or sql_dir()) / "macros").glob("*.sql")):
        try:
            con.execute(path.read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            raise CheckDefinitionError(f"macro {path} cannot be created: {exc}") from None


def load_seeds(con: duckdb.DuckDBPyConnection, root: Path | None = None) -> None:
    """Load every sql/seeds/<name>.csv as table seed_<name> (all columns text unless typed by CSV)."""
    for path in sorted(((root or sql_dir()) / "seeds").glob("*.csv")):
        con.execute(
            f"create or replace table {quote_ident('seed_' + path.stem)} as"
            f" select * from read_csv({sql_string(str(path))}, header = true, all_varchar = true)"
        )


def build(con: duckdb.DuckDBPyConnection, logs: tuple[str, ...] = (), root: Path | None = None) -> list[str]:
    """Load macros and seeds, then create the views in dependency order; return the views created.

    `logs` names the log views attached (log_web, log_app); views needing another log are skipped.
    """
    load_macros(con, root)
    load_seeds(con, root)
    files = {v.name: v for v in view_files(root)}
    existing = con.execute(
        "select table_name from duckdb_tables() where database_name = 'memory'"
        " union select view_name from duckdb_views() where database_name = 'memory'"
        " and not internal"
    ).fetchall()
    available = set(logs) | {str(r[0]).lower() for r in existing if str(r[0]).lower() not in files}
    created: list[str] = []
    state: dict[str, str] = {}

    def create(name: str, chain: tuple[str, ...]) -> bool:
        if name in available or name.startswith(("raw_", "seed_")):
            return True
        if name in LOG_VIEWS or (name in state and state[name] == "skipped"):
            return False
        if name in state:
            if state[name] == "visiting":
                raise CheckDefinitionError(f"views depend on each other in a cycle: {' -> '.join(chain)}")
            return state[name] == "created"
        view = files.get(name)
        if view is None:
            raise CheckDefinitionError(
                f"{files[chain[-2]].path if len(chain) > 1 else name} depends on "
                f"{name}, which no view file defines"
            )
        state[name] = "visiting"
        if not all([create(d, (*chain, d)) for d in view.depends]):
            state[name] = "skipped"
            return False
        try:
            con.execute(view.sql)
        except duckdb.Error as exc:
            raise CheckDefinitionError(
                f"view {view.path} cannot be created: {exc}", hint="fix its SQL, or its `-- depends:` line"
            ) from None
        state[name] = "created"
        available.add(name)
        created.append(name)
        return True

    for name in files:
        create(name, (name,))
    return created
