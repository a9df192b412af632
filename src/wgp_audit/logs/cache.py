"""Cache layout: Parquet rows partitioned by local day and rejects, keyed by content sha256."""

from __future__ import annotations

import fcntl
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

CACHE_VERSION = 1


@dataclass(frozen=True)
class Manifest:
    """What the cache holds for one source content: counts and the Parquet files, relative paths."""

    sha256: str
    size: int
    lines_read: int
    parsed: int
    rejected: int
    problem: str | None
    rows: tuple[str, ...]
    rejects: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    """Folders of one cache for one kind of log and one set of parse settings."""

    root: Path

    @classmethod
    def for_settings(cls, cache_dir: Path, kind: str, tz: str, log_format: str) -> Layout:
        """Return the layout for these settings (a change of time zone or format is another cache)."""
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", tz)
        return cls(cache_dir / f"{kind}-v{CACHE_VERSION}" / f"{slug}-{log_format}")

    @property
    def rows(self) -> Path:
        """Folder of parsed rows, hive-partitioned by `date_local`."""
        return self.root / "rows"

    @property
    def rejects(self) -> Path:
        """Folder of reject files, one per source content."""
        return self.root / "rejects"

    def manifest_path(self, sha256: str) -> Path:
        """Path of the manifest of one source content."""
        return self.root / "manifests" / f"{sha256}.json"

    @contextmanager
    def lock(self, sha256: str) -> Iterator[None]:
        """Hold an exclusive lock for one source content, so concurrent runs ingest it once."""
        path = self.root / "locks" / f"{sha256}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def work(self, sha256: str) -> Path:
        """A fresh scratch folder for one source content."""
        path = self.root / "work" / sha256
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def load(self, sha256: str) -> Manifest | None:
        """Return the manifest if this content was fully ingested before and its files remain."""
        path = self.manifest_path(sha256)
        if not path.is_file():
            return None
        data = json.loads(path.read_text())
        manifest = Manifest(**{**data, "rows": tuple(data["rows"]), "rejects": tuple(data["rejects"])})
        if all((self.root / p).is_file() for p in (*manifest.rows, *manifest.rejects)):
            return manifest
        return None

    def forget(self, sha256: str) -> None:
        """Remove every file the cache holds for this content (before it is ingested again)."""
        self.manifest_path(sha256).unlink(missing_ok=True)
        for old in (*self.rows.glob(f"*/{sha256}_*.parquet"), *self.rejects.glob(f"{sha256}*")):
            old.unlink()

    def install(self, sha256: str, work: Path, manifest: Manifest) -> Manifest:
        """Move the Parquet written under work into the cache, then write the manifest last."""
        rows: list[str] = []
        for part in sorted(work.glob("rows/*/date_local=*/*.parquet")):
            if part.parent.name == "date_local=unparsed":
                continue
            target = self.rows / part.parent.name / f"{sha256}_{part.parent.parent.name}_{part.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            part.replace(target)
            rows.append(str(target.relative_to(self.root)))
        rejects: list[str] = []
        if (work / "rejects.parquet").is_file():
            target = self.rejects / f"{sha256}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            (work / "rejects.parquet").replace(target)
            rejects.append(str(target.relative_to(self.root)))
        done = Manifest(**{**asdict(manifest), "rows": tuple(rows), "rejects": tuple(rejects)})
        path = self.manifest_path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(done), indent=1))
        tmp.replace(path)
        shutil.rmtree(work, ignore_errors=True)
        return done
