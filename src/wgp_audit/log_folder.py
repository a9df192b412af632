"""What a `--logs DIR` folder holds: web/ and app/ sub-folders, or log files recognised by content.

A web access log is in the common or combined format (`IP - user [date] "request" status size`);
an app event log is JSON Lines (one object a line). Files are sniffed from their first lines
(gzip-compressed files too); a folder holding files of neither kind is refused, saying what was
expected, instead of being silently ignored.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from itertools import islice
from pathlib import Path

from wgp_audit.errors import LogIngestError

_WEB_LINE = re.compile(r'^\S+ \S+ \S+ \[[^\]]+\] "[^"]*" \d{3} (?:\d+|-)')
_SNIFF_LINES = 20
_SNIFF_BYTES = 1 << 16
EXPECTED = (
    'web access logs in the common or combined format (IP - user [date] "request" status size)'
    " and app event logs as JSON Lines (one JSON object a line), either in DIR/web and DIR/app"
    " or as files directly in DIR"
)


def _head(path: Path) -> list[str]:
    """The first non-empty lines of a (possibly gzip-compressed) file, decoded leniently."""
    with path.open("rb") as fh:
        magic = fh.read(2)
    opener = gzip.open if magic == b"\x1f\x8b" else open
    try:
        with opener(path, "rb") as fh:
            data = fh.read(_SNIFF_BYTES)
    except (OSError, EOFError):
        return []
    lines = (line.strip() for line in data.decode("utf-8", errors="replace").splitlines())
    return list(islice((line for line in lines if line), _SNIFF_LINES))


def _is_json_object(line: str) -> bool:
    """Whether a line is one JSON object."""
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def sniff(path: Path) -> str | None:
    """'web', 'app', or None: the kind most of the file's first lines are written in."""
    lines = _head(path)
    if not lines:
        return None
    web = sum(1 for line in lines if _WEB_LINE.match(line))
    app = sum(1 for line in lines if line.startswith("{") and _is_json_object(line))
    best = max(web, app)
    if best * 2 <= len(lines) or web == app:  # a truncated last line may fail; most must pass
        return None
    return "web" if web > app else "app"


def check_names(paths: list[Path]) -> None:
    """Refuse a log file whose name is not valid UTF-8 (it cannot be read by name, nor reported)."""
    for path in paths:
        try:
            str(path).encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(path).decode("utf-8", errors="backslashreplace")
            raise LogIngestError(
                f"log file name {shown} is not valid UTF-8",
                hint="rename the file (e.g. with `mv`) to a UTF-8 name and run again",
            ) from None


def _files(folder: Path) -> list[Path]:
    """The visible files of a folder, sorted."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def log_sources(root: Path) -> dict[str, Path | list[Path]]:
    """web_logs / app_logs for the audit from a `--logs DIR` folder (see the module doc)."""
    if not root.is_dir():
        raise LogIngestError(f"--logs {root} is not a folder", hint=f"give a folder holding {EXPECTED}")
    found: dict[str, Path | list[Path]] = {}
    for kind in ("web", "app"):
        sub = root / kind
        if sub.is_dir():
            check_names(_files(sub))
            found[f"{kind}_logs"] = sub
    loose = _files(root)
    check_names(loose)
    if found:
        return found
    kinds: dict[str, list[Path]] = {"web": [], "app": []}
    unknown: list[Path] = []
    for path in loose:
        sniffed = sniff(path)
        if sniffed:
            kinds[sniffed].append(path)
        elif path.stat().st_size:  # an empty file (a fresh rotation) holds nothing to lose
            unknown.append(path)
    if unknown or not (kinds["web"] or kinds["app"]):
        names = ", ".join(p.name for p in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        what = f"file(s) that are neither kind of log: {names}" if unknown else "no log file"
        raise LogIngestError(f"--logs {root} holds {what}", hint=f"give a folder holding only {EXPECTED}")
    return {f"{k}_logs": v for k, v in kinds.items() if v}
