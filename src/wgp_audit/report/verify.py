"""`wgp-audit verify RUN`: re-hash a run's outputs and the inputs still present against evidence.json.

Outputs are the files of the run folder that evidence.json lists (every file the run wrote but
evidence.json itself); a file missing, changed or added since is a difference. Inputs are the source
file or export files, the log files, the yardstick and the staging and check SQL files: each one still
present is re-hashed. An input that is no longer where the run read it, a snapshot copy removed at
exit and the per-table checksums of a database (only a new run reads the tables again) cannot be
re-hashed: they are listed as such and never make verification fail. evidence.json itself is
compared with the hash the ledger recorded for the run, when the ledger holds it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from wgp_audit.errors import VerifyError
from wgp_audit.paths import reports_dir as default_reports_dir
from wgp_audit.paths import workspace_root
from wgp_audit.report.evidence import EVIDENCE_FILE
from wgp_audit.sources.base import file_sha256

MISSING: Final = "missing"
#: Files a run folder gains after its evidence was written (the sign-off): never run outputs.
POST_RUN_FILES: Final = frozenset({"signatures.json", "signatures.html"})


@dataclass(frozen=True)
class Difference:
    """One file whose hash is not the recorded one: kind (output, input...), path, expected, actual."""

    kind: str
    path: str
    expected: str
    actual: str

    def line(self) -> str:
        """One line for the terminal: what, where, expected and actual hash (or missing)."""
        return f"{self.kind} {self.path}: expected {self.expected}, actual {self.actual}"


@dataclass(frozen=True)
class Unchecked:
    """An input that could not be re-hashed, and why (never a failure)."""

    kind: str
    what: str
    why: str


@dataclass(frozen=True)
class Verification:
    """The outcome of re-hashing one run: how many files matched, what differs, what was not checked."""

    run_dir: Path
    evidence_sha256: str
    matched: int
    differences: tuple[Difference, ...]
    unchecked: tuple[Unchecked, ...]

    @property
    def ok(self) -> bool:
        """True when every output and every input still present hashes as recorded."""
        return not self.differences

    @property
    def run_folder_changes(self) -> tuple[Difference, ...]:
        """The differences inside the run folder (outputs and evidence.json): what voids a signature."""
        return tuple(d for d in self.differences if d.kind in ("output", "evidence"))


def sha256_hex(data: bytes) -> str:
    """sha256 of bytes, hex."""
    return hashlib.sha256(data).hexdigest()


def evidence_sha256(run_dir: Path) -> str:
    """The sha256 of a run's evidence.json (what the ledger chains and a signature binds)."""
    return file_sha256(run_dir / EVIDENCE_FILE)


def resolve_run(run: str | Path, reports_dir: Path | None = None) -> Path:
    """A run folder given as a path, or as a run id under the reports folder."""
    path = Path(run)
    if path.is_dir():
        return path.resolve()
    under = (reports_dir or default_reports_dir()) / str(run)
    if under.is_dir():
        return under.resolve()
    raise VerifyError(
        f"no run folder {run} (neither a folder nor a run id under {under.parent})",
        hint="give the run folder, or its id with --reports DIR",
    )


def load_evidence(run_dir: Path) -> dict[str, Any]:
    """A run's evidence.json; a run without one never finished and cannot be verified."""
    path = run_dir / EVIDENCE_FILE
    if not path.is_file():
        raise VerifyError(
            f"{run_dir} has no {EVIDENCE_FILE}: the run did not finish, or the file was deleted",
            hint="verify a finished run (reports/index.html lists them)",
        )
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VerifyError(
            f"{path} cannot be read as JSON: {exc}",
            hint="the evidence was damaged; compare it with a backup of the run",
        ) from None
    return data


def _workspace_path(recorded: str) -> Path:
    """A path recorded in evidence.json: absolute, or relative to the workspace."""
    path = Path(recorded)
    return path if path.is_absolute() else workspace_root() / path


def _outputs(run_dir: Path, evidence: Mapping[str, Any]) -> tuple[int, list[Difference]]:
    """The outputs that match the evidence and the differences of the others."""
    matched, diffs = 0, []
    listed = set()
    for item in evidence.get("outputs", []):
        rel = str(item["path"])
        listed.add(rel)
        path = run_dir / rel
        actual = file_sha256(path) if path.is_file() else MISSING
        if actual == item["sha256"]:
            matched += 1
        else:
            diffs.append(Difference("output", rel, str(item["sha256"]), actual))
    for path in sorted(run_dir.rglob("*")):
        rel = str(path.relative_to(run_dir))
        if path.is_file() and rel not in listed and rel != EVIDENCE_FILE and rel not in POST_RUN_FILES:
            diffs.append(Difference("output", rel, "absent (not written by the run)", file_sha256(path)))
    return matched, diffs


def _input_files(evidence: Mapping[str, Any]) -> Iterable[tuple[str, str, str]]:
    """(kind, recorded path, sha256) of every input that is a file."""
    for item in evidence.get("inputs", []):
        if item.get("kind") == "file":
            yield "source", str(item["name"]), str(item["sha256"])
    for item in evidence.get("logs", []):
        if item.get("sha256"):
            yield "log", str(item["path"]), str(item["sha256"])
    yardstick = evidence.get("yardstick")
    if yardstick:
        yield "yardstick", str(yardstick["path"]), str(yardstick["sha256"])
    for item in evidence.get("staging_sql", []):
        yield "staging sql", str(item["path"]), str(item["sha256"])
    for item in evidence.get("checks", []):
        yield "check sql", str(item["path"]), str(item["sha256"])


def _inputs(evidence: Mapping[str, Any]) -> tuple[int, list[Difference], list[Unchecked]]:
    """The inputs that match the evidence, the differences, and those that cannot be re-hashed."""
    matched, diffs, unchecked = 0, [], []
    for kind, recorded, expected in _input_files(evidence):
        if " (read-only snapshot of " in recorded:
            unchecked.append(Unchecked(kind, recorded, "a snapshot copy, removed when the run ended"))
            continue
        path = _workspace_path(recorded)
        if not path.is_file():
            unchecked.append(Unchecked(kind, recorded, f"{MISSING}: no longer at {path}, not re-hashed"))
            continue
        actual = file_sha256(path)
        if actual == expected:
            matched += 1
        else:
            diffs.append(Difference(f"input ({kind})", recorded, expected, actual))
    tables = [i for i in evidence.get("inputs", []) if i.get("kind") == "table"]
    if tables:
        files = any(i.get("kind") == "file" for i in evidence.get("inputs", []))
        why = (
            "checksums of the tables read, covered by the database file's own hash"
            if files
            else "a live database: its tables cannot be re-hashed, only read again by a new run"
        )
        unchecked.append(Unchecked("source tables", f"{len(tables)} tables of {evidence.get('source')}", why))
    return matched, diffs, unchecked


def verify_run(run_dir: Path, *, inputs: bool = True) -> Verification:
    """Re-hash the run folder's outputs (and, with `inputs`, every input still present)."""
    from wgp_audit.report.ledger import recorded_evidence_sha256

    recorded = recorded_evidence_sha256(run_dir.parent, run_dir.name)
    try:
        evidence = load_evidence(run_dir)
    except VerifyError:
        if recorded is None or not (run_dir / EVIDENCE_FILE).is_file():
            raise
        evidence = {}  # damaged: the ledger's hash says it changed; its outputs cannot be listed
    digest = evidence_sha256(run_dir)
    matched, diffs = _outputs(run_dir, evidence) if evidence else (0, [])
    unchecked: list[Unchecked] = []
    if recorded is not None and recorded != digest:
        diffs.insert(0, Difference("evidence", EVIDENCE_FILE, f"{recorded} (ledger)", digest))
    if inputs and evidence:
        more, input_diffs, unchecked = _inputs(evidence)
        matched += more
        diffs += input_diffs
    return Verification(run_dir, digest, matched, tuple(diffs), tuple(unchecked))


def report_lines(result: Verification) -> list[str]:
    """What `wgp-audit verify RUN` prints: each difference, what was not checked, and the verdict."""
    lines = [f"DIFFERS {d.line()}" for d in result.differences]
    lines += [f"not re-hashed: {u.kind} {u.what}: {u.why}" for u in result.unchecked]
    verdict = "OK" if result.ok else f"FAILED: {len(result.differences)} differ"
    lines.append(
        f"{result.run_dir.name}: {result.matched} files match their evidence; {verdict} "
        f"(evidence.json sha256 {result.evidence_sha256})"
    )
    return lines
