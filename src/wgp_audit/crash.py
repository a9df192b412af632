"""Failures nobody raised on purpose: mapped to their documented exit code, traceback kept aside.

The command line's last-resort handler calls `explain`: a lost connection is a source error, an
unwritable cache or a log file name that is not UTF-8 a log error, a full disk a report error, and
anything else an internal error (exit 9). The traceback goes to a private file outside the reports,
with every secret redacted.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
import traceback
from pathlib import Path

import duckdb

from wgp_audit.errors import (
    InternalError,
    LogIngestError,
    ReportError,
    SourceError,
    WgpAuditError,
    redact_secrets,
)

CRASH_DIR_VARIABLE = "WGP_AUDIT_CRASH_DIR"
_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def crash_dir() -> Path:
    """Where tracebacks go: $WGP_AUDIT_CRASH_DIR, else $XDG_STATE_HOME/wgp-audit/crashes."""
    if env := os.environ.get(CRASH_DIR_VARIABLE):
        return Path(env)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "wgp-audit" / "crashes"


def write_traceback(exc: BaseException) -> Path | None:
    """Write the redacted traceback of `exc` to a new 0600 file; None when no folder is writable."""
    text = redact_secrets("".join(traceback.format_exception(exc)))
    name = f"crash-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}.txt"
    for folder in (crash_dir(), Path(tempfile.gettempdir()) / f"wgp-audit-crashes-{os.getuid()}"):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = folder / name
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(text)
            return path
        except OSError:
            continue
    return None


def _area(exc: BaseException) -> str | None:
    """The part of wgp-audit where `exc` was raised (deepest frame of the package), if any."""
    area = None
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        path = frame.f_code.co_filename.replace(os.sep, "/")
        if "/wgp_audit/" not in path:
            continue
        inner = path.rsplit("/wgp_audit/", 1)[1]
        if inner.startswith("logs/"):
            area = "logs"
        elif inner.startswith("sources/") or inner in ("validate.py", "audit.py", "runner.py"):
            area = "source"
        elif inner.startswith("report/") or inner.startswith("notebook"):
            area = "report"
    return area


def _what(exc: BaseException) -> str:
    """A readable sentence for an unforeseen exception."""
    if isinstance(exc, OSError):
        target = f" {os.fsdecode(exc.filename)}" if exc.filename is not None else ""
        if exc.errno in _FULL:
            return f"the disk is full: cannot write{target}"
        return f"cannot read or write{target}: {exc.strerror or str(exc).strip()}"
    if isinstance(exc, UnicodeError):
        return f"a file name or text is not valid UTF-8 ({exc})"
    return f"{type(exc).__name__}: {str(exc).strip()}"


def explain(exc: BaseException) -> tuple[WgpAuditError, Path | None]:
    """Map an exception to the documented error it amounts to, with where its traceback was written."""
    if isinstance(exc, WgpAuditError):
        return exc, None
    where = write_traceback(exc)
    return classify(exc, f" (traceback written to {where})" if where else ""), where


def classify(exc: BaseException, kept: str = "") -> WgpAuditError:
    """The documented error `exc` amounts to (an error of the hierarchy is itself); `kept` ends its text."""
    if isinstance(exc, WgpAuditError):
        return exc
    area = _area(exc)
    what = _what(exc)
    error: WgpAuditError
    if area == "logs" and isinstance(exc, OSError | UnicodeError | duckdb.Error):
        error = LogIngestError(
            f"the log files could not be read or cached: {what}{kept}",
            hint="rename log files whose names are not UTF-8; give the log cache "
            "(WGP_AUDIT_LOG_CACHE) a writable folder with free space",
        )
    elif isinstance(exc, duckdb.Error) or (area == "source" and isinstance(exc, OSError)):
        error = SourceError(
            f"the source failed while it was being read: {what}{kept}",
            hint="check that the source is reachable and the account may still read it, then run again",
        )
    elif isinstance(exc, OSError):
        error = ReportError(
            f"the output could not be written: {what}{kept}",
            hint="free disk space or pass a writable folder (--reports, --out), then run again",
        )
    else:
        error = InternalError(
            f"internal error: {what}{kept}",
            hint="this is a bug in wgp-audit: send the traceback file to its "
            "maintainers (it holds no password)",
        )
    return error
