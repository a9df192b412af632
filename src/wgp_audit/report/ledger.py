"""reports/ledger.jsonl: every finished run's evidence hash, chained to the previous entry's hash.

One JSON line a run: run_id, created_at, evidence_sha256, prev_hash and hash, where hash is the
sha256 of prev_hash followed by the line's other fields as canonical JSON. The file is only ever
appended to (under an exclusive lock, so that runs finishing together cannot interleave). Walking the
chain shows a run whose evidence.json changed (altered), a run folder that is gone (deleted), and a
run folder the ledger never recorded or an entry whose chain does not hold (inserted or edited).
This is tamper-evidence, not tamper-proofing: someone who may rewrite the whole reports folder may
rewrite the ledger too; keep a copy of the last hash elsewhere (it is printed by every check).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from wgp_audit.errors import VerifyError
from wgp_audit.report.evidence import EVIDENCE_FILE
from wgp_audit.sources.base import file_sha256

LEDGER_FILE: Final = "ledger.jsonl"
GENESIS: Final = "0" * 64
_FIELDS: Final = ("run_id", "created_at", "evidence_sha256", "prev_hash")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """sha256(prev_hash + canonical JSON of the entry's fields other than its own hash)."""
    body = json.dumps(
        {k: entry.get(k) for k in (*_FIELDS, "adopted") if k in entry}, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256((str(entry.get("prev_hash")) + body).encode()).hexdigest()


def read_ledger(reports_dir: Path) -> list[dict[str, Any]]:
    """The ledger's entries in order (none when there is no ledger yet)."""
    path = reports_dir / LEDGER_FILE
    if not path.is_file():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(json.loads(line))
        except ValueError:
            entries.append({"run_id": f"(line {number} is not JSON)", "hash": "", "prev_hash": ""})
    return entries


def recorded_evidence_sha256(reports_dir: Path, run_id: str) -> str | None:
    """The evidence hash the ledger recorded for `run_id` (its last entry), None when not recorded."""
    found = [e for e in read_ledger(reports_dir) if e.get("run_id") == run_id]
    return str(found[-1]["evidence_sha256"]) if found else None


def _new_entry(run_id: str, evidence_sha256: str, prev_hash: str, adopted: bool = False) -> dict[str, Any]:
    """A ledger entry for a run, chained to the previous entry's hash."""
    entry: dict[str, Any] = {
        "run_id": run_id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "evidence_sha256": evidence_sha256,
        "prev_hash": prev_hash,
    }
    if adopted:
        entry["adopted"] = True
    entry["hash"] = entry_hash(entry)
    return entry


def append_run(reports_dir: Path, run_dir: Path) -> dict[str, Any]:
    """Append the finished run in `run_dir` to the ledger and return its entry.

    A new ledger first adopts the finished runs already in the folder (oldest first, marked adopted),
    so that they are chained too rather than reported as inserted.
    """
    path = reports_dir / LEDGER_FILE
    with path.open("a+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.seek(0)
            lines = [line for line in fh.read().splitlines() if line.strip()]
            prev = json.loads(lines[-1])["hash"] if lines else GENESIS
            new: list[dict[str, Any]] = []
            if not lines:
                for other in sorted(reports_dir.glob(f"*/{EVIDENCE_FILE}")):
                    if other.parent.name != run_dir.name:
                        new.append(_new_entry(other.parent.name, file_sha256(other), prev, adopted=True))
                        prev = new[-1]["hash"]
            new.append(_new_entry(run_dir.name, file_sha256(run_dir / EVIDENCE_FILE), prev))
            fh.seek(0, 2)
            fh.write("".join(json.dumps(e, sort_keys=True) + "\n" for e in new))
            fh.flush()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return new[-1]


@dataclass(frozen=True)
class LedgerProblem:
    """One thing the ledger walk found: the run, what happened to it (altered, deleted, inserted,
    broken chain) and the detail."""

    run_id: str
    problem: str
    detail: str

    def line(self) -> str:
        """One line for the terminal."""
        return f"{self.problem.upper()} {self.run_id}: {self.detail}"


@dataclass(frozen=True)
class LedgerCheck:
    """The walk of a ledger: entries, runs that hold, the problems, and the last hash."""

    entries: int
    intact: int
    problems: tuple[LedgerProblem, ...]
    last_hash: str

    @property
    def ok(self) -> bool:
        """True when the chain holds and every run matches it."""
        return not self.problems


def check_ledger(reports_dir: Path) -> LedgerCheck:
    """Walk the chain and compare every entry with its run folder; list every run not recorded."""
    if not reports_dir.is_dir():
        raise VerifyError(f"no reports folder {reports_dir}", hint="give --reports DIR")
    entries = read_ledger(reports_dir)
    problems: list[LedgerProblem] = []
    prev, intact = GENESIS, 0
    latest: dict[str, dict[str, Any]] = {}
    for number, entry in enumerate(entries, start=1):
        run_id = str(entry.get("run_id"))
        if entry.get("prev_hash") != prev:
            problems.append(
                LedgerProblem(
                    run_id,
                    "broken chain",
                    f"ledger line {number} does not follow "
                    "the line before it: a line was inserted, removed or edited",
                )
            )
        elif entry.get("hash") != entry_hash(entry):
            problems.append(
                LedgerProblem(
                    run_id, "broken chain", f"ledger line {number} was edited (its hash does not hold)"
                )
            )
        prev = str(entry.get("hash"))
        latest[run_id] = entry
    for run_id, entry in latest.items():
        evidence = reports_dir / run_id / EVIDENCE_FILE
        if not (reports_dir / run_id).is_dir():
            problems.append(LedgerProblem(run_id, "deleted", "the run folder is gone"))
        elif not evidence.is_file():
            problems.append(LedgerProblem(run_id, "deleted", f"its {EVIDENCE_FILE} is gone"))
        elif file_sha256(evidence) != entry.get("evidence_sha256"):
            problems.append(
                LedgerProblem(
                    run_id,
                    "altered",
                    f"{EVIDENCE_FILE} sha256 {file_sha256(evidence)}, ledger {entry.get('evidence_sha256')}",
                )
            )
        elif not any(p.run_id == run_id for p in problems):
            intact += 1
    for evidence in sorted(reports_dir.glob(f"*/{EVIDENCE_FILE}")):
        if evidence.parent.name not in latest:
            problems.append(
                LedgerProblem(
                    evidence.parent.name,
                    "inserted",
                    "a run folder with evidence that the ledger never recorded",
                )
            )
    return LedgerCheck(len(entries), intact, tuple(problems), prev)


def report_lines(result: LedgerCheck, reports_dir: Path) -> list[str]:
    """What `wgp-audit verify --ledger` prints."""
    lines = [p.line() for p in result.problems]
    verdict = "OK" if result.ok else f"FAILED: {len(result.problems)} problems"
    lines.append(
        f"{reports_dir / LEDGER_FILE}: {result.entries} entries, {result.intact} runs intact; "
        f"{verdict}; last hash {result.last_hash}"
    )
    return lines
