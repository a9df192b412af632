"""A run's snapshot: the mapped, validated contract tables and the ingested logs, taken once.

`wgp-audit run` opens the operator's source once, writes this snapshot into a private working
folder (0700, outside the reports), and every notebook of the run reads the snapshot, read-only,
instead of the source: all areas see the same data even when the source is a live database that
changes during the run, and no notebook kernel touches the operator's database. The notebooks'
check results go into the same folder, so the summary and findings.json are assembled from them
rather than by running the catalogue again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from wgp_audit.audit import Audit, open_audit
from wgp_audit.checks import load_checks
from wgp_audit.config import Yardstick
from wgp_audit.contract import load_contract
from wgp_audit.errors import ReportError
from wgp_audit.findings import CheckResult
from wgp_audit.logs import IngestResult
from wgp_audit.sources.base import TableOrigin, file_sha256, quote_ident, sql_string
from wgp_audit.sources.duckdb_file import DuckDBFileSource

SCHEME = "snapshot:"
DATABASE = "snapshot.duckdb"
META = "snapshot.pickle"
RESULTS = "results"


@dataclass(frozen=True)
class Snapshot:
    """A written snapshot: its private folder, database file and hash, and the logs it refers to."""

    folder: Path
    database: Path
    sha256: str
    logs: dict[str, IngestResult] = field(default_factory=dict, repr=False)

    @property
    def spec(self) -> str:
        """The source spec notebooks are given (`snapshot:<folder>`)."""
        return f"{SCHEME}{self.folder}"

    @property
    def results_dir(self) -> Path:
        """Where the notebooks write their check results."""
        return self.folder / RESULTS

    def remove(self) -> None:
        """Delete the working folder (the reports keep the snapshot's hash, not its data)."""
        shutil.rmtree(self.folder, ignore_errors=True)


class SnapshotSource(DuckDBFileSource):
    """A snapshot file, described as the source it was taken from (messages name the real source)."""

    def __init__(self, path: Path, description: str, origins: Mapping[str, str]) -> None:
        super().__init__(path)
        self._description = description
        self._origins = dict(origins)

    def describe(self) -> str:
        """The original source's description."""
        return self._description

    def attach(self, con: duckdb.DuckDBPyConnection) -> dict[str, TableOrigin]:
        """The snapshot's tables, each labelled with where it originally came from."""
        return {
            name: dataclasses.replace(o, origin=self._origins.get(name, o.origin))
            for name, o in super().attach(con).items()
        }


def new_folder(parent: Path | None = None) -> Path:
    """A private working folder (0700) for one run's snapshot and results."""
    folder = Path(tempfile.mkdtemp(prefix="wgp-audit-run-", dir=parent))
    folder.chmod(0o700)
    return folder


def write_snapshot(audit: Audit, folder: Path) -> Snapshot:
    """Copy the audit's contract tables (the columns the source provides) and log references."""
    database = folder / DATABASE
    gaps = audit.validation.gaps
    con = audit.con
    con.execute(f"attach {sql_string(str(database))} as wgp_snapshot")
    try:
        for table in load_contract().tables:
            if table.name in gaps.tables:
                continue
            missing = set(gaps.columns.get(table.name, ()))
            cols = ", ".join(quote_ident(c.name) for c in table.columns if c.name not in missing)
            con.execute(
                f"create table wgp_snapshot.main.{quote_ident(table.name)} as"
                f" select {cols} from raw_{table.name}"
            )
    finally:
        con.execute("detach wgp_snapshot")
    database.chmod(0o600)
    logs = {k: dataclasses.replace(r, _tmp=None) for k, r in audit.logs.items()}
    meta = {
        "source": audit.source.describe(),
        "origins": {t: o.origin for t, o in audit.validation.origins.items()},
        "logs": logs,
        "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    (folder / META).write_bytes(pickle.dumps(meta))
    (folder / META).chmod(0o600)
    (folder / RESULTS).mkdir(mode=0o700, exist_ok=True)
    return Snapshot(folder, database, file_sha256(database), dict(audit.logs))


def open_snapshot(
    folder: str | Path,
    *,
    config: str | Path | Yardstick | None = None,
    as_of: str | None = None,
    period_start: str | None = None,
    period_end: str | None = None,
) -> Audit:
    """Open a snapshot read-only as an audit, with the logs it refers to attached."""
    folder = Path(folder)
    try:
        meta: dict[str, Any] = pickle.loads((folder / META).read_bytes())
    except OSError as exc:
        raise ReportError(
            f"snapshot {folder} cannot be read: {exc.strerror}",
            hint="a snapshot lives only while its run does; run `wgp-audit run` again",
        ) from exc
    source = SnapshotSource(folder / DATABASE, meta["source"], meta["origins"])
    return open_audit(
        source,
        config=config,
        as_of=as_of,
        period_start=period_start,
        period_end=period_end,
        ingested=meta["logs"],
    )


def save_results(results: list[CheckResult], results_dir: str | Path, name: str) -> None:
    """Keep one notebook's check results for the summary and findings.json (private folder)."""
    path = Path(results_dir) / f"{name}.pickle"
    path.write_bytes(pickle.dumps(results))
    path.chmod(0o600)


def load_results_file(path: Path) -> list[CheckResult]:
    """The results one notebook kept (none while it has not written them)."""
    try:
        results: list[CheckResult] = pickle.loads(path.read_bytes())
    except FileNotFoundError:
        return []
    return results


def load_results(results_dir: str | Path) -> list[CheckResult]:
    """Every notebook's results, in catalogue order (data quality first), each check once."""
    order = {spec.id: i for i, spec in enumerate(load_checks())}
    results: list[CheckResult] = []
    for path in sorted(Path(results_dir).glob("*.pickle")):
        results.extend(pickle.loads(path.read_bytes()))
    ids = [r.spec.id for r in results]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ReportError(
            f"checks {', '.join(duplicated)} ran more than once in this run",
            hint="each area notebook must run only its own areas' checks",
        )
    return sorted(results, key=lambda r: (r.spec.area != "data_quality", order.get(r.spec.id, -1)))
