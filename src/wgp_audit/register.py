"""The findings register: every finding id ever reported, with its owner, status and due date.

The register is one CSV file beside the runs (reports/register.csv), one row per finding id, sorted
by finding id, so that it diffs well in git: a run changes only the rows of the findings it saw.
An auditor edits it by hand or with `wgp-audit register`; every run reads it, adds its new findings
as open, records when each finding was last seen, and reopens a finding that was marked resolved
but is found again (a regression).
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Final

from wgp_audit.errors import ConfigError, ParameterError

REGISTER_FILE: Final = "register.csv"
STATUSES: Final = ("open", "in remediation", "accepted risk", "false positive", "resolved")
RESOLVED: Final = "resolved"
REGRESSION: Final = "regression: reappeared in run {run_id}"


@dataclass(frozen=True)
class Entry:
    """One finding's row in the register (every field is text; empty when not set)."""

    finding_id: str
    check_id: str
    title: str
    first_seen_run: str
    last_seen_run: str
    status: str = "open"
    owner: str = ""
    due: str = ""
    comment: str = ""

    def overdue(self, as_of: dt.date) -> bool:
        """True when the finding has a due date before `as_of` and is not resolved."""
        return bool(self.due) and self.status != RESOLVED and dt.date.fromisoformat(self.due) < as_of


FIELDS: Final = tuple(f.name for f in fields(Entry))


@dataclass(frozen=True)
class Update:
    """What one run did to the register: the finding ids it added and those it reopened."""

    new: tuple[str, ...]
    regressions: tuple[str, ...]


def register_path(reports_dir: Path) -> Path:
    """Where the register of the runs under `reports_dir` is kept."""
    return Path(reports_dir) / REGISTER_FILE


def parse_status(text: str) -> str:
    """A status as the register writes it ('in-remediation' and any case are accepted)."""
    status = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    if status not in STATUSES:
        raise ParameterError(f"unknown status {text!r}", hint=f"give one of: {', '.join(STATUSES)}")
    return status


def parse_due(text: str) -> str:
    """A due date as YYYY-MM-DD (empty clears it)."""
    if not text.strip():
        return ""
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ParameterError(f"due date {text!r} is not a date", hint="give it as YYYY-MM-DD") from None


def load(path: Path) -> dict[str, Entry]:
    """Read the register at `path` (none yet: empty); a hand edit that broke it is refused."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header != FIELDS:
        raise ConfigError(
            f"{path} has the columns {', '.join(header) or '(none)'}",
            hint=f"its first line must be: {','.join(FIELDS)}",
        )
    entries: dict[str, Entry] = {}
    for line, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ConfigError(
                f"{path} line {line} does not have {len(FIELDS)} columns",
                hint="quote a value that holds a comma; compare with the first line",
            )
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        where = f"{path} line {line}"
        if not values["finding_id"]:
            raise ConfigError(f"{where} has no finding_id", hint="remove the line or restore its id")
        if values["finding_id"] in entries:
            raise ConfigError(
                f"{where} repeats finding {values['finding_id']}", hint="keep one line per finding id"
            )
        try:
            values["status"] = parse_status(values["status"] or "open")
            values["due"] = parse_due(values["due"])
        except ParameterError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        entries[values["finding_id"]] = Entry(**values)
    return entries


def dumps(entries: Iterable[Entry]) -> str:
    """The register as CSV text: the header, then one row per finding id in id order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for entry in sorted(entries, key=lambda e: e.finding_id):
        writer.writerow(asdict(entry).values())
    return out.getvalue()


def save(path: Path, entries: Mapping[str, Entry]) -> None:
    """Write the register atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(dumps(entries.values()), encoding="utf-8")
    os.replace(tmp, path)


@contextmanager
def editing(path: Path) -> Iterator[dict[str, Entry]]:
    """Load the register under an exclusive lock, let the caller change it, and save it.

    Two runs (or a run and `wgp-audit register`) finishing together take turns.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "a", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        entries = load(path)
        before = dict(entries)
        yield entries
        if entries != before:
            save(path, entries)


def merge_run(entries: dict[str, Entry], findings: Iterable[Mapping[str, Any]], run_id: str) -> Update:
    """Carry the findings of run `run_id` into `entries` (in place).

    A new finding id is added as open; a known one gets this run as last seen; one that was
    resolved is reopened with the comment 'regression: reappeared in run <run id>'.
    """
    new, regressions = [], []
    for finding in findings:
        fid = str(finding["finding_id"])
        known = entries.get(fid)
        if known is None:
            entries[fid] = Entry(fid, str(finding["check_id"]), str(finding["title"]), run_id, run_id)
            new.append(fid)
            continue
        entry = replace(
            known, check_id=str(finding["check_id"]), title=str(finding["title"]), last_seen_run=run_id
        )
        if known.status == RESOLVED:
            note = REGRESSION.format(run_id=run_id)
            entry = replace(
                entry, status="open", comment=f"{note}; {known.comment}" if known.comment else note
            )
            regressions.append(fid)
        entries[fid] = entry
    return Update(tuple(sorted(new)), tuple(sorted(regressions)))


def update_for_run(
    reports_dir: Path, findings: Iterable[Mapping[str, Any]], run_id: str
) -> tuple[list[Entry], Update]:
    """Carry a run's findings into the register under `reports_dir`; return its rows for them."""
    rows = list(findings)
    with editing(register_path(reports_dir)) as entries:
        update = merge_run(entries, rows, run_id)
        mine = [entries[fid] for fid in sorted({str(f["finding_id"]) for f in rows})]
    return mine, update


def carry_run(
    reports_dir: Path, findings: Iterable[Mapping[str, Any]], run_id: str, reveal: bool
) -> tuple[list[Entry], Update] | None:
    """`update_for_run`, except for a --reveal run (its finding ids hold raw record keys, which the
    register beside the reports must never hold): None, and the register is left as it is."""
    return None if reveal else update_for_run(reports_dir, findings, run_id)


def _known(entries: Mapping[str, Entry], finding_id: str) -> Entry:
    """The register entry of a finding id, or a ParameterError naming it."""
    entry = entries.get(finding_id)
    if entry is None:
        raise ParameterError(
            f"finding {finding_id} is not in the register",
            hint="`wgp-audit register list` shows the finding ids a run has recorded",
        )
    return entry


def assign(path: Path, finding_id: str, owner: str, due: str | None = None) -> Entry:
    """Give a finding an owner (and a due date, YYYY-MM-DD) in the register at `path`."""
    if not owner.strip():
        raise ParameterError("the owner is empty", hint="give --owner NAME")
    due_text = parse_due(due) if due is not None else None
    with editing(path) as entries:
        entry = replace(_known(entries, finding_id), owner=owner.strip())
        if due_text is not None:
            entry = replace(entry, due=due_text)
        entries[finding_id] = entry
    return entry


def set_status(path: Path, finding_id: str, status: str, comment: str | None = None) -> Entry:
    """Set a finding's status (and comment) in the register at `path`."""
    status = parse_status(status)
    with editing(path) as entries:
        entry = replace(_known(entries, finding_id), status=status)
        if comment is not None:
            entry = replace(entry, comment=comment.strip())
        entries[finding_id] = entry
    return entry
