"""Find log files, fingerprint them, and read them byte-exactly where DuckDB cannot."""

from __future__ import annotations

import codecs
import glob
import hashlib
import re
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from wgp_audit.errors import LogIngestError

Sources = str | Path | Sequence[str | Path]
_CHUNK = 1 << 22
_LONE_CR = re.compile(rb"\r(?!\n)")
_ROTATION = re.compile(r"^(.*?)(?:\.(\d+))?(\.gz)?$")


def _rotation_key(path: Path) -> tuple[str, int, str]:
    """Order rotated files by base name, then by rotation number (access.log before .1, .2.gz)."""
    m = _ROTATION.match(path.name)
    assert m is not None
    return (str(path.parent / m.group(1)), int(m.group(2) or 0), path.name)


def resolve_sources(sources: Sources) -> list[Path]:
    """Expand a folder, a glob or a list of files into existing files, as given, rotation-ordered."""
    items = [sources] if isinstance(sources, str | Path) else list(sources)
    found: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found.extend(sorted((c for c in p.iterdir() if c.is_file()), key=_rotation_key))
        elif p.is_file():
            found.append(p)
        elif glob.has_magic(str(item)):
            found.extend(sorted((Path(g) for g in glob.glob(str(item))), key=_rotation_key))
        else:
            raise LogIngestError(
                f"log source {item!s} does not exist", hint="give a folder, a glob or files"
            )
    if not found:
        raise LogIngestError(f"no log files found in {sources!s}", hint="check the path or glob")
    for p in found:
        try:
            with p.open("rb"):
                pass
        except OSError as exc:
            raise LogIngestError(f"log file {p} cannot be opened: {exc}", hint="check permissions") from exc
    return found


class LineStats:
    """Line count, UTF-8 validity and carriage returns of a byte stream fed chunk by chunk.

    ASCII chunks (the usual case: nginx and Apache escape other bytes) skip the UTF-8 decoder; a chunk
    is decoded only if it has a byte >= 0x80 or the decoder holds a sequence cut by the chunk border.
    `marks` keeps (offset, newlines before it) at each chunk border, for cutting the file later.
    """

    def __init__(self) -> None:
        self.size = 0
        self.newlines = 0
        self.utf8 = True
        self.cr_seen = False
        self.lone_cr = False
        self._cr_pending = False
        self._last = b""
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.marks: list[tuple[int, int]] = [(0, 0)]

    def feed(self, chunk: bytes | bytearray) -> None:
        """Account one chunk of the stream."""
        if not chunk:
            return
        self.newlines += chunk.count(b"\n")
        if self.utf8 and (not chunk.isascii() or self._decoder.getstate()[0]):
            try:
                self._decoder.decode(chunk)
            except UnicodeDecodeError:
                self.utf8 = False
        if not self.lone_cr:
            if self._cr_pending and not chunk.startswith(b"\n"):
                self.lone_cr = True
            elif b"\r" in chunk:
                self.cr_seen = True
                if _LONE_CR.search(chunk[:-1] if chunk.endswith(b"\r") else chunk):
                    self.lone_cr = True
            self._cr_pending = chunk.endswith(b"\r")
        self._last = bytes(chunk[-1:])
        self.size += len(chunk)
        self.marks.append((self.size, self.newlines))

    def finish(self) -> Index:
        """Close the stream and return its index (one piece; see `Index.pieces` for more)."""
        if self.utf8:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8 = False
        lone = self.lone_cr or self._cr_pending
        crs: Literal["none", "crlf", "lone"] = "lone" if lone else "crlf" if self.cr_seen else "none"
        total = self.newlines + (1 if self.size and self._last != b"\n" else 0)
        return Index(self.size, total, self.utf8, crs, tuple(self.marks))


@dataclass(frozen=True)
class Index:
    """Physical line count, UTF-8 validity and carriage returns of a (decompressed) log."""

    size: int
    total: int
    utf8: bool
    crs: Literal["none", "crlf", "lone"]
    marks: tuple[tuple[int, int], ...] = ((0, 0),)

    def pieces(self, path: Path, pieces: int) -> list[tuple[int, int]]:
        """Cut the file just after a newline near each 1/pieces into (lines before, line count)."""
        skips = [0]
        with path.open("rb") as fh:
            for k in range(1, pieces):
                target = self.size * k // pieces
                offset, before = max(m for m in self.marks if m[0] <= target)
                fh.seek(offset)
                before += fh.read(target - offset).count(b"\n")
                while (block := fh.read(1 << 16)) and b"\n" not in block:
                    pass
                if not block:
                    break
                cut = fh.tell() - len(block) + block.index(b"\n") + 1
                if cut >= self.size or before + 1 <= skips[-1]:
                    continue
                skips.append(before + 1)
        ends = [*skips[1:], self.total]
        return [(s, e - s) for s, e in zip(skips, ends, strict=True)]


def fingerprint(path: Path, index: bool) -> tuple[str, Index | None]:
    """Return the sha256 of the file's bytes as stored and, if asked, the index of those bytes.

    One read pass: a helper thread hashes chunk k (hashlib releases the GIL) while this thread
    counts lines and checks chunk k, so the index costs little over the hash alone.
    """
    h = hashlib.sha256()
    stats = LineStats() if index else None
    bufs = (bytearray(_CHUNK), bytearray(_CHUNK))
    with ThreadPoolExecutor(1) as hasher, path.open("rb", buffering=0) as fh:
        previous: Future[None] | None = None
        k = 0
        while n := fh.readinto(bufs[k % 2]):
            chunk: bytes | bytearray = bufs[k % 2] if n == _CHUNK else bytes(bufs[k % 2][:n])
            k += 1
            if previous is not None:
                previous.result()
            previous = hasher.submit(h.update, chunk)
            if stats is not None:
                stats.feed(chunk)
        if previous is not None:
            previous.result()
    return h.hexdigest(), stats.finish() if stats is not None else None


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of the file's bytes as stored (compressed bytes for .gz)."""
    return fingerprint(path, index=False)[0]


def is_gzip(path: Path) -> bool:
    """Tell whether the file starts with the gzip magic bytes."""
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def gunzip_to(path: Path, target: Path) -> tuple[str | None, Index]:
    """Decompress a .gz into target, indexing the decompressed bytes on the way; also return a
    problem sentence if the archive is cut or corrupt (the lines before the damage are kept)."""
    inflater, pending = zlib.decompressobj(wbits=31), False
    stats = LineStats()

    def out(data: bytes) -> None:
        dst.write(data)
        stats.feed(data)

    with path.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(_CHUNK):
            while chunk:
                try:
                    out(inflater.decompress(chunk))
                except zlib.error as exc:
                    problem = f"gzip archive is corrupt ({exc}); lines before the damage were read"
                    return problem, stats.finish()
                pending = not inflater.eof
                if pending:
                    break
                chunk = inflater.unused_data  # a further gzip member may follow
                inflater = zlib.decompressobj(wbits=31)
        if pending:
            out(inflater.flush())
            return "gzip archive is truncated; lines before the cut were read", stats.finish()
    return None, stats.finish()


def iter_lines(path: Path) -> Iterator[bytes]:
    """Yield physical lines split on LF only, without the LF and one trailing CR."""
    with path.open("rb") as fh:
        for line in fh:
            if line.endswith(b"\n"):
                line = line[:-1]
            yield line[:-1] if line.endswith(b"\r") else line


def raw_lines(path: Path, wanted: set[int]) -> dict[int, bytes]:
    """Return the raw bytes of the given 1-based physical line numbers."""
    out: dict[int, bytes] = {}
    if not wanted:
        return out
    last = max(wanted)
    for no, line in enumerate(iter_lines(path), 1):
        if no in wanted:
            out[no] = line
        if no >= last:
            break
    return out
