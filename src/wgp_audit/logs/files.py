"""Find log files, fingerprint them, and read them byte-exactly where DuckDB cannot."""

from __future__ import annotations

import codecs
import glob
import hashlib
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path
from typing import BinaryIO, ClassVar, Literal

from wgp_audit.errors import LogIngestError, ParameterError

Sources = str | Path | Sequence[str | Path]
_MIB = 1 << 20
_CHUNK = 1 << 22
_GZ_STEP = _MIB  # decompressed bytes produced per call: memory stays bounded whatever the ratio
LONG_HEAD = 8000  # bytes kept of a line over the length limit (its reject shows 2,000 characters)
PLACEHOLDER = b"-"  # stands for a line over the limit in the copy DuckDB reads (never parses)
# line number -> (first LONG_HEAD bytes, length in bytes) of each line over the length limit
LongLines = dict[int, tuple[bytes, int]]


@dataclass(frozen=True)
class LogLimits:
    """Bounds on reading one log file, so that no file can exhaust memory or disk.

    A line longer than `max_line_bytes` is rejected under its own number (its first bytes kept);
    a .gz stops decompressing past `gzip_max_ratio` times its compressed size (once past
    64 MiB) or `gzip_max_bytes` in all, and the cut is that file's problem. Each can be set from
    the environment (see ENV); a change of limits is another cache.
    """

    max_line_bytes: int = 2 * _MIB
    gzip_max_ratio: int = 100
    gzip_max_bytes: int = 32 << 30
    RATIO_FLOOR: ClassVar[int] = 64 * _MIB
    ENV: ClassVar[dict[str, str]] = {
        "max_line_bytes": "WGP_AUDIT_LOG_MAX_LINE_BYTES",
        "gzip_max_ratio": "WGP_AUDIT_GZIP_MAX_RATIO",
        "gzip_max_bytes": "WGP_AUDIT_GZIP_MAX_BYTES",
    }

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ParameterError(
                    f"log limit {f.name} = {value!r} is not a positive whole number",
                    hint=f"set {self.ENV[f.name]} to a number such as {getattr(LogLimits, f.name)}",
                )

    @classmethod
    def from_env(cls) -> LogLimits:
        """The defaults, overridden by the environment variables in ENV."""
        given: dict[str, int] = {}
        for name, var in cls.ENV.items():
            text = os.environ.get(var)
            if text is None or not text.strip():
                continue
            try:
                given[name] = int(text.strip().replace("_", ""))
            except ValueError:
                raise ParameterError(
                    f"{var} = {text!r} is not a whole number",
                    hint=f"set {var} to a number of {name.split('_')[-1]}, e.g. {getattr(cls, name)}",
                ) from None
        return cls(**given)

    @property
    def tag(self) -> str:
        """'' for the defaults, else a suffix naming the limits (for the cache folder)."""
        if self == LogLimits():
            return ""
        return f"-L{self.max_line_bytes}-R{self.gzip_max_ratio}-B{self.gzip_max_bytes}"

    def expansion_allowed(self, compressed: int) -> int:
        """How many decompressed bytes a .gz of this size may expand to."""
        return min(self.gzip_max_bytes, max(self.RATIO_FLOOR, self.gzip_max_ratio * compressed))

    def too_long(self, size: int) -> str:
        """The reject reason of a line of `size` bytes over the limit."""
        return (
            f"line is {size:,} bytes long, over the line-length limit of "
            f"{self.max_line_bytes:,} bytes (not parsed; {self.ENV['max_line_bytes']} raises it)"
        )


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
            raise LogIngestError(f"log source {item!s} does not exist", hint="give a folder, a glob or files")
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

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit  # if given, `long_line` tells whether a line is longer
        self.long_line = False
        self._run = 0  # bytes since the last newline
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
        if self.limit is not None and not self.long_line:
            self._scan_long(chunk, self.limit)
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

    def _scan_long(self, chunk: bytes | bytearray, limit: int) -> None:
        """Find whether a line is longer than limit bytes: a run of more than limit bytes without a
        newline. From each newline, the last newline within limit + 1 bytes is the next stop, so
        a chunk costs about two memchr passes whatever its lines."""
        p = chunk.find(b"\n")
        if p < 0:
            self._run += len(chunk)
            self.long_line = self._run > limit
            return
        if self._run + p > limit:
            self.long_line = True
            return
        last = chunk.rfind(b"\n")
        while p < last:
            q = chunk.rfind(b"\n", p + 1, p + limit + 2)
            if q < 0:
                self.long_line = True
                return
            p = q
        self._run = len(chunk) - last - 1

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
        long_line = self.long_line or (self.limit is not None and self._run > self.limit)
        return Index(self.size, total, self.utf8, crs, tuple(self.marks), long_line)


@dataclass(frozen=True)
class Index:
    """Physical line count, UTF-8 validity and carriage returns of a (decompressed) log."""

    size: int
    total: int
    utf8: bool
    crs: Literal["none", "crlf", "lone"]
    marks: tuple[tuple[int, int], ...] = ((0, 0),)
    long_line: bool = False  # a line is longer than the limit the index was made with

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


def fingerprint(path: Path, index: bool, limit: int | None = None) -> tuple[str, Index | None]:
    """Return the sha256 of the file's bytes as stored and, if asked, the index of those bytes
    (telling whether a line is longer than `limit`).

    One read pass: a helper thread hashes chunk k (hashlib releases the GIL) while this thread
    counts lines and checks chunk k, so the index costs little over the hash alone.
    """
    h = hashlib.sha256()
    stats = LineStats(limit) if index else None
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


class LineGuard:
    """Write a byte stream to a file, each line longer than `limit` bytes replaced by PLACEHOLDER
    and remembered in `long` (first bytes, length), indexing what is written.

    Memory stays bounded by the limit: a line is held back only until its newline or until it
    passes the limit, and the rest of an over-long line is counted, not kept.
    """

    def __init__(self, out: BinaryIO, limit: int) -> None:
        self.out, self.limit = out, limit
        self.stats = LineStats()
        self.long: LongLines = {}
        self._tail = bytearray()  # the start of the current line, at most `limit` bytes
        self._long_head: bytes | None = None  # set while inside an over-long line
        self._long_size = 0

    def _emit(self, data: bytes | bytearray) -> None:
        """Write bytes to the output and count them."""
        if data:
            self.out.write(data)
            self.stats.feed(data)

    def _close_long(self, head: bytes, size: int) -> None:
        """Keep the head of an over-long line and write its placeholder instead."""
        self.long[self.stats.newlines + 1] = (head, size)
        self._emit(PLACEHOLDER + b"\n")
        self._long_head, self._long_size = None, 0

    def feed(self, data: bytes) -> None:
        """Take the next bytes of the stream."""
        for k in range(0, len(data), self.limit):
            self._feed(data[k : k + self.limit] if len(data) > self.limit else data)

    def _feed(self, data: bytes) -> None:
        """Take at most `limit` bytes: only the line they continue can be over the limit."""
        if self._long_head is not None:
            nl = data.find(b"\n")
            if len(self._long_head) < LONG_HEAD:
                self._long_head += data[: nl if nl >= 0 else len(data)][: LONG_HEAD - len(self._long_head)]
            if nl < 0:
                self._long_size += len(data)
                return
            self._close_long(self._long_head, self._long_size + nl)
            data = data[nl + 1 :]
        first = data.find(b"\n")
        if first < 0:
            if len(self._tail) + len(data) > self.limit:
                self._long_head = bytes((self._tail + data[:LONG_HEAD])[:LONG_HEAD])
                self._long_size = len(self._tail) + len(data)
                self._tail = bytearray()
            else:
                self._tail += data
            return
        if len(self._tail) + first > self.limit:
            self._close_long(
                bytes((self._tail + data[: min(first, LONG_HEAD)])[:LONG_HEAD]), len(self._tail) + first
            )
            self._tail = bytearray()
            data = data[first + 1 :]
        last = data.rfind(b"\n")
        if last >= 0:
            self._emit(self._tail + data[: last + 1] if self._tail else data[: last + 1])
            self._tail = bytearray(data[last + 1 :])
        else:
            self._tail += data

    def finish(self) -> Index:
        """End the stream (a last line without newline stays so) and return the index."""
        if self._long_head is not None:
            self._close_long(self._long_head, self._long_size)
        self._emit(self._tail)
        self._tail = bytearray()
        return self.stats.finish()


def guard_copy(path: Path, target: Path, limit: int) -> tuple[Index, LongLines]:
    """Copy a plain log with its lines over `limit` bytes replaced (see LineGuard)."""
    with path.open("rb") as src, target.open("wb") as dst:
        guard = LineGuard(dst, limit)
        while chunk := src.read(_CHUNK):
            guard.feed(chunk)
        return guard.finish(), guard.long


def gunzip_to(
    path: Path, target: Path, limits: LogLimits | None = None
) -> tuple[str | None, Index, LongLines]:
    """Decompress a .gz into target as a stream, lines over the length limit replaced (see
    LineGuard), indexing the output; also return a problem sentence if the archive is cut, corrupt,
    or expands past the limits (the lines before are kept: a zip bomb is that file's problem)."""
    limits = limits or LogLimits()
    size = path.stat().st_size
    allowed = limits.expansion_allowed(size)
    inflater, pending, written = zlib.decompressobj(wbits=31), False, 0
    with path.open("rb") as src, target.open("wb") as dst:
        guard = LineGuard(dst, limits.max_line_bytes)
        while chunk := src.read(_CHUNK):
            while chunk:
                try:
                    data = inflater.decompress(chunk, _GZ_STEP)
                except zlib.error as exc:
                    problem = f"gzip archive is corrupt ({exc}); lines before the damage were read"
                    return problem, guard.finish(), guard.long
                if written + len(data) > allowed:
                    guard.feed(data[: allowed - written])
                    problem = (
                        f"gzip archive expands past {allowed:,} bytes (its {size:,} compressed bytes "
                        f"allow {limits.gzip_max_ratio}x, at most {limits.gzip_max_bytes:,}): "
                        "decompression stopped there, the lines before were read (a zip bomb? if "
                        f"the file is genuine, raise {limits.ENV['gzip_max_ratio']} or "
                        f"{limits.ENV['gzip_max_bytes']})"
                    )
                    return problem, guard.finish(), guard.long
                written += len(data)
                guard.feed(data)
                if inflater.eof:  # a further gzip member may follow
                    chunk, pending = inflater.unused_data, False
                    inflater = zlib.decompressobj(wbits=31)
                else:
                    chunk, pending = inflater.unconsumed_tail, True
        if pending:
            guard.feed(inflater.flush())
            return "gzip archive is truncated; lines before the cut were read", guard.finish(), guard.long
    return None, guard.finish(), guard.long


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
