"""The log cache: Parquet rows (one file per piece of a log, in line order) and rejects, keyed by
content sha256.

It holds personal data copied from the log lines (IP addresses, user ids, paths and query strings
with e-mails or phone numbers, user agents, the raw text of rejected lines), so it is private to
its owner: folders 0700 and files 0600 whatever the umask. Its life is bounded: each content
records the log files it was read from (path, size, mtime), and when the cache is next used the
contents none of whose files still exist unchanged are removed (`collect`); `clean` empties it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

CACHE_VERSION = 2  # 2: one rows file per piece with a date_local column (1: day partitions)
DIR_MODE = 0o700
FILE_MODE = 0o600
_KIND_DIR = re.compile(r"(web|app)-v[0-9]+")
_SHA = re.compile(r"[0-9a-f]{64}")

# A log file as the cache saw it: absolute path, size in bytes, modification time in ns.
SourceStat = tuple[str, int, int]


def source_stat(path: Path) -> SourceStat:
    """The path, size and mtime by which a cached content is tied to the file it was read from."""
    st = path.stat()
    return (str(path.absolute()), st.st_size, st.st_mtime_ns)


def _still_there(source: SourceStat) -> bool:
    """Whether the file still exists with the size and mtime it had when it was read."""
    path, size, mtime = source
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_size == size and st.st_mtime_ns == mtime


def private_dir(path: Path, *, ours: bool = True) -> Path:
    """Create the folder and any missing parents as 0700; a folder that exists is made 0700 too
    if it is the cache's own (ours), else left as it is (a cache_dir such as ~/.cache)."""
    missing: list[Path] = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    path.mkdir(parents=True, exist_ok=True)
    for p in (*missing, *([path] if ours else [])):
        p.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make a file the cache wrote owner-only (0600)."""
    path.chmod(FILE_MODE)
    return path


@dataclass(frozen=True)
class Manifest:
    """What the cache holds for one source content: counts, the Parquet files (relative paths)
    and the log files it was read from."""

    sha256: str
    size: int
    lines_read: int
    parsed: int
    rejected: int
    problem: str | None
    rows: tuple[str, ...]
    rejects: tuple[str, ...]
    sources: tuple[SourceStat, ...] = field(default=())

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Read a manifest written by `to_json` (one without sources has none recorded)."""
        data = json.loads(text)
        return cls(
            **{
                **data,
                "rows": tuple(data["rows"]),
                "rejects": tuple(data["rejects"]),
                "sources": tuple(tuple(s) for s in data.get("sources", ())),
            }
        )

    def to_json(self) -> str:
        """The manifest as JSON text."""
        return json.dumps(asdict(self), indent=1)

    @property
    def alive(self) -> bool:
        """Whether one of the log files it was read from still exists unchanged."""
        return any(_still_there(s) for s in self.sources)


@dataclass(frozen=True)
class Removed:
    """One content removed from the cache: what it was read from and the bytes freed."""

    layout: Path
    sha256: str
    sources: tuple[str, ...]
    bytes: int


@dataclass(frozen=True)
class Layout:
    """Folders of one cache for one kind of log and one set of parse settings."""

    root: Path

    @classmethod
    def for_settings(cls, cache_dir: Path, kind: str, tz: str, log_format: str) -> Layout:
        """Return the layout for these settings (a change of time zone or format is another cache)."""
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", tz)
        return cls(cache_dir / f"{kind}-v{CACHE_VERSION}" / f"{slug}-{log_format}")

    def open(self) -> Layout:
        """Create the layout's folders private, and make private a cache an older version left
        readable (a folder without group and other bits hides everything below it)."""
        private_dir(self.root.parent.parent, ours=False)
        kind_dir = self.root.parent
        private_dir(kind_dir)
        for p in kind_dir.rglob("*"):
            with contextlib.suppress(FileNotFoundError):  # removed meanwhile by another run
                mode = DIR_MODE if p.is_dir() else FILE_MODE
                if p.stat().st_mode & 0o777 != mode:
                    p.chmod(mode)
        private_dir(self.root)
        return self

    @property
    def rows(self) -> Path:
        """Folder of parsed rows: `<sha256>_<piece>.parquet` (version 1 had `date_local=<day>/` folders)."""
        return self.root / "rows"

    @property
    def rejects(self) -> Path:
        """Folder of reject files, one per source content."""
        return self.root / "rejects"

    def manifest_path(self, sha256: str) -> Path:
        """Path of the manifest of one source content."""
        return self.root / "manifests" / f"{sha256}.json"

    @contextmanager
    def lock(self, sha256: str, wait: bool = True) -> Iterator[bool]:
        """Hold an exclusive lock for one source content, so concurrent runs ingest it once.

        With wait=False, yield False at once if another process holds it."""
        path = private_dir(self.root / "locks") / f"{sha256}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def work(self, sha256: str) -> Path:
        """A fresh scratch folder for one source content."""
        path = self.root / "work" / sha256
        shutil.rmtree(path, ignore_errors=True)
        return private_dir(path)

    def _read(self, sha256: str) -> Manifest | None:
        """The cached manifest of a log file, if there is one."""
        path = self.manifest_path(sha256)
        return Manifest.from_json(path.read_text()) if path.is_file() else None

    def _write(self, manifest: Manifest) -> None:
        """Write a manifest atomically, readable by the owner only."""
        path = self.manifest_path(manifest.sha256)
        private_dir(path.parent)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)
            fh.write(manifest.to_json())
        tmp.replace(path)

    def load(self, sha256: str) -> Manifest | None:
        """Return the manifest if this content was fully ingested before and its files remain."""
        manifest = self._read(sha256)
        if manifest is not None and all(
            (self.root / p).is_file() for p in (*manifest.rows, *manifest.rejects)
        ):
            return manifest
        return None

    def remember(self, manifest: Manifest, sources: Iterable[SourceStat]) -> Manifest:
        """Record that these log files hold this content (so it is kept while they exist)."""
        new = tuple(s for s in dict.fromkeys(sources) if s not in manifest.sources)
        if not new:
            return manifest
        with self.lock(manifest.sha256):
            current = self._read(manifest.sha256) or manifest
            done = replace(current, sources=(*current.sources, *(s for s in new if s not in current.sources)))
            self._write(done)
        return done

    def _files_of(self, sha256: str) -> list[Path]:
        """Every file the cache holds for this content (manifest, rows, rejects, scratch)."""
        found = [*self.rows.rglob(f"{sha256}_*.parquet"), *self.rejects.glob(f"{sha256}*")]
        if self.manifest_path(sha256).is_file():
            found.append(self.manifest_path(sha256))
        work = self.root / "work" / sha256
        return found + ([p for p in work.rglob("*") if p.is_file()] if work.is_dir() else [])

    def forget(self, sha256: str) -> int:
        """Remove every file the cache holds for this content; return the bytes freed."""
        freed = 0
        for old in self._files_of(sha256):
            with contextlib.suppress(FileNotFoundError):
                freed += old.stat().st_size
                old.unlink()
        shutil.rmtree(self.root / "work" / sha256, ignore_errors=True)
        return freed

    def contents(self) -> set[str]:
        """The content hashes the layout holds any file of."""
        names = [
            p.name
            for p in (
                *self.rows.rglob("*.parquet"),
                *self.rejects.glob("*"),
                *(self.root / "manifests").glob("*"),
                *(self.root / "work").glob("*"),
            )
        ]
        return {n[:64] for n in names if _SHA.match(n[:64])}

    def collect(self, in_use: Iterable[str] = ()) -> list[Removed]:
        """Remove the contents none of whose log files still exist unchanged (and leftovers of
        ingestions that died), except those in use or being ingested by another process."""
        keep = set(in_use)
        removed: list[Removed] = []
        for sha in sorted(self.contents() - keep):
            with self.lock(sha, wait=False) as held:
                if not held:
                    continue  # another process is ingesting it right now
                manifest = self._read(sha)
                if manifest is not None and manifest.alive:
                    continue
                sources = tuple(s[0] for s in manifest.sources) if manifest else ()
                removed.append(Removed(self.root, sha, sources, self.forget(sha)))
        return removed

    def install(self, sha256: str, work: Path, manifest: Manifest) -> Manifest:
        """Move the Parquet written under work into the cache, then write the manifest last."""
        rows: list[str] = []
        for part in sorted(work.glob("rows/*.parquet")):
            target = self.rows / f"{sha256}_{part.name}"
            private_dir(target.parent)
            private_file(part).replace(target)
            rows.append(str(target.relative_to(self.root)))
        rejects: list[str] = []
        if (work / "rejects.parquet").is_file():
            target = self.rejects / f"{sha256}.parquet"
            private_dir(target.parent)
            private_file(work / "rejects.parquet").replace(target)
            rejects.append(str(target.relative_to(self.root)))
        done = replace(manifest, rows=tuple(rows), rejects=tuple(rejects))
        self._write(done)
        shutil.rmtree(work, ignore_errors=True)
        return done


def layouts(cache_dir: Path) -> list[Layout]:
    """Every layout (kind of log, parse settings) found in a cache folder."""
    if not cache_dir.is_dir():
        return []
    return [
        Layout(settings)
        for kind in sorted(cache_dir.iterdir())
        if kind.is_dir() and _KIND_DIR.fullmatch(kind.name)
        for settings in sorted(kind.iterdir())
        if settings.is_dir()
    ]


def collect(cache_dir: Path, in_use: Iterable[str] = ()) -> list[Removed]:
    """Remove, in every layout of the cache, the contents whose log files no longer exist."""
    keep = set(in_use)
    return [r for layout in layouts(cache_dir) for r in layout.collect(keep)]


def clean(cache_dir: Path) -> list[tuple[Path, int]]:
    """Remove everything the cache folder holds for wgp-audit (its web-vN and app-vN folders,
    nothing else); return each folder removed with its bytes."""
    removed: list[tuple[Path, int]] = []
    if not cache_dir.is_dir():
        return removed
    for kind in sorted(cache_dir.iterdir()):
        if kind.is_dir() and _KIND_DIR.fullmatch(kind.name):
            size = sum(p.stat().st_size for p in kind.rglob("*") if p.is_file())
            shutil.rmtree(kind)
            removed.append((kind, size))
    return removed
