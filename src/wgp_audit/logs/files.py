"""Find log files, fingerprint them, and read them byte-exactly where DuckDB cannot."""

from __future__ import annotations

import codecs
import glob
import hashlib
import re
import zlib
from collections.abc import Iterator, Sequence
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


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of the file's bytes as stored (compressed bytes for .gz)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def is_gzip(path: Path) -> bool:
    """Tell whether the file starts with the gzip magic bytes."""
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def gunzip_to(path: Path, target: Path) -> str | None:
    """Decompress a .gz into target; return a problem sentence if the archive is cut or corrupt."""
    inflater, pending = zlib.decompressobj(wbits=31), False
    with path.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(_CHUNK):
            while chunk:
                try:
                    dst.write(inflater.decompress(chunk))
                except zlib.error as exc:
                    return f"gzip archive is corrupt ({exc}); lines before the damage were read"
                pending = not inflater.eof
                if pending:
                    break
                chunk = inflater.unused_data  # a further gzip member may follow
                inflater = zlib.decompressobj(wbits=31)
        if pending:
            dst.write(inflater.flush())
            return "gzip archive is truncated; lines before the cut were read"
    return None


def carriage_returns(path: Path) -> Literal["none", "crlf", "lone"]:
    """Say whether the file has no CR, only CRLF line ends, or a lone CR (which DuckDB splits on)."""
    seen, pending = False, False
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            if pending and not chunk.startswith(b"\n"):
                return "lone"
            if b"\r" in chunk:
                seen = True
                if _LONE_CR.search(chunk[:-1] if chunk.endswith(b"\r") else chunk):
                    return "lone"
            pending = chunk.endswith(b"\r")
    if pending:
        return "lone"
    return "crlf" if seen else "none"


def _cut_offsets(path: Path, size: int, pieces: int) -> list[int]:
    """Byte offsets just after a newline near each 1/pieces of the file."""
    cuts: list[int] = []
    with path.open("rb") as fh:
        for k in range(1, pieces):
            fh.seek(size * k // pieces)
            rest = fh.readline()
            cut = fh.tell() if rest.endswith(b"\n") else size
            if cut < size and (not cuts or cut > cuts[-1]):
                cuts.append(cut)
    return cuts


def line_index(path: Path, pieces: int) -> tuple[int, bool, list[tuple[int, int]]]:
    """Count physical lines, check UTF-8, and cut the file at newlines into (skip, count) pieces."""
    size = path.stat().st_size
    if size == 0:
        return 0, True, [(0, 0)]
    decoder = codecs.getincrementaldecoder("utf-8")()
    valid, last = True, b""
    out: list[tuple[int, int]] = []
    total = 0
    with path.open("rb") as fh:
        for end in [*_cut_offsets(path, size, pieces), size]:
            n = 0
            while fh.tell() < end and (chunk := fh.read(min(_CHUNK, end - fh.tell()))):
                n += chunk.count(b"\n")
                last = chunk[-1:]
                if valid:
                    try:
                        decoder.decode(chunk, final=fh.tell() >= size)
                    except UnicodeDecodeError:
                        valid = False
            out.append((total, n))
            total += n
    if last != b"\n":
        total += 1
        out[-1] = (out[-1][0], out[-1][1] + 1)
    return total, valid, out


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
