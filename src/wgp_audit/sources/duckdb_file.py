"""A DuckDB database file, attached read-only (the embedded default source).

While the audit has the file attached, DuckDB holds a shared lock on it: the operator's application
cannot open it read-write until the audit is closed (and an application that holds it read-write
keeps the audit out). `take_snapshot` is the way around both: it holds the file only while copying
it into a private folder, and the audit reads the copy, whose sha256 goes into the evidence.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wgp_audit.errors import SourceError
from wgp_audit.sources.base import Evidence, Source, TableOrigin, file_sha256, quote_ident, sql_string

SNAPSHOT_INFO = "snapshot.json"
_LOCK_MARKERS = ("Could not set lock on file", "Conflicting lock")
_PID = re.compile(r"\(PID (\d+)\)")


def lock_error(path: Path, exc: Exception) -> SourceError | None:
    """The error to give when `exc` says another process holds `path` locked, else None."""
    text = str(exc)
    if not any(marker in text for marker in _LOCK_MARKERS):
        return None
    pid = _PID.search(text)
    who = f" (PID {pid.group(1)})" if pid else ""
    return SourceError(
        f"DuckDB file {path} is locked by another process{who} that holds it open for writing",
        hint="close that application while the audit runs, or pass --snapshot: wgp-audit then copies "
        "the file into a private folder, holding it only while copying, and audits the copy "
        "(its sha256 goes into the evidence)",
    )


@dataclass(frozen=True)
class Snapshot:
    """A read-only copy of a DuckDB file in a private (0700) folder, and what it was taken from."""

    original: Path
    copy: Path
    sha256: str
    taken_at: str
    taken_while_written: bool  # another process held the file read-write while it was copied

    def remove(self) -> None:
        """Delete the copy and its folder."""
        shutil.rmtree(self.copy.parent, ignore_errors=True)


def take_snapshot(path: Path) -> Snapshot:
    """Copy `path` (and its write-ahead log) into a new private folder, holding it only meanwhile.

    When no other process writes the file, a read-only attach holds off writers during the copy; when
    one does, the copy is taken anyway (the last checkpoint plus the log) and checked to open.
    """
    original = Path(path).resolve()
    if not original.is_file():
        raise SourceError(
            f"source file {original} does not exist", hint="pass --source PATH to a DuckDB file"
        )
    folder = Path(tempfile.mkdtemp(prefix="wgp-audit-snapshot-"))  # mode 0700
    copy = folder / original.name
    taken_while_written = False
    con = duckdb.connect()
    try:
        try:
            con.execute(f"attach {sql_string(str(original))} as held (read_only)")
        except duckdb.Error as exc:
            if lock_error(original, exc) is None:
                raise SourceError(
                    f"{original} is not a DuckDB database this version can open: {exc}",
                    hint="check the file, or export its tables and pass that folder",
                ) from None
            taken_while_written = True
        taken_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        for src in (original, original.with_name(original.name + ".wal")):
            if src.is_file():
                target = folder / src.name
                shutil.copyfile(src, target)
                os.chmod(target, 0o400)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise SourceError(
            f"cannot copy {original} for a snapshot: {exc.strerror}",
            hint="free space in the temporary folder (TMPDIR), or audit the file directly",
        ) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        con.close()
    snapshot = Snapshot(original, copy, file_sha256(copy), taken_at, taken_while_written)
    (folder / SNAPSHOT_INFO).write_text(
        json.dumps(
            {
                "original": str(original),
                "sha256": snapshot.sha256,
                "taken_at": taken_at,
                "taken_while_written": taken_while_written,
            }
        ),
        encoding="utf-8",
    )
    return snapshot


def _snapshot_info(path: Path) -> dict[str, object] | None:
    """What a snapshot copy was taken from (None for an ordinary file)."""
    info = path.parent / SNAPSHOT_INFO
    if not info.is_file():
        return None
    data: dict[str, object] = json.loads(info.read_text(encoding="utf-8"))
    return data


class DuckDBFileSource(Source):
    """Reads the contract tables from the `main` schema of a DuckDB file, never writing to it."""

    scheme = "duckdb"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.snapshot = _snapshot_info(path)

    def describe(self) -> str:
        """Name the file (a snapshot copy is named by its original: runs of both compare)."""
        return f"DuckDB file {self.snapshot['original'] if self.snapshot else self.path}"

    def attach(self, con: duckdb.DuckDBPyConnection) -> dict[str, TableOrigin]:
        """Attach the file READ_ONLY as `src` and list the tables and views of its main schema."""
        if not self.path.is_file():
            raise SourceError(
                f"source file {self.path} does not exist",
                hint="run `wgp-audit demo` to create the demo database, or pass --source PATH",
            )
        try:
            with self.path.open("rb"):
                pass
            con.execute(f"attach {sql_string(str(self.path))} as src (read_only)")
        except PermissionError as exc:
            raise SourceError(
                f"source file {self.path} is not readable by this user",
                hint="grant read permission on the file (the audit never needs write access)",
            ) from exc
        except duckdb.Error as exc:
            if locked := lock_error(self.path, exc):
                raise locked from None
            raise SourceError(
                f"{self.path} is not a DuckDB database this version can open: {exc}",
                hint="export the tables as Parquet/CSV into a folder and pass that folder instead",
            ) from exc
        present = sorted(
            {
                str(r[0])
                for r in con.execute(
                    "select table_name from duckdb_tables() where database_name = 'src'"
                    " and schema_name = 'main'"
                    " union select view_name from duckdb_views() where database_name = 'src'"
                    " and schema_name = 'main'"
                ).fetchall()
            }
        )
        return {
            t.lower(): TableOrigin(t, f"src.main.{quote_ident(t)}", f"table {t} in {self.path.name}")
            for t in present
        }

    def evidence(self, con: duckdb.DuckDBPyConnection, origins: dict[str, TableOrigin]) -> list[Evidence]:
        """The file's own sha256, plus a checksum per table."""
        name = str(self.path)
        if self.snapshot:
            name = (
                f"{self.path} (read-only snapshot of {self.snapshot['original']} taken "
                f"{self.snapshot['taken_at']}"
                + (
                    " while another process held it open for writing)"
                    if self.snapshot.get("taken_while_written")
                    else ")"
                )
            )
        whole = Evidence("file", name, file_sha256(self.path), self.path.stat().st_size)
        return [whole, *super().evidence(con, origins)]
