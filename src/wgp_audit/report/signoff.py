"""Preparer and reviewer sign-off of a run: who signed which evidence hash, when; void once it changes.

signatures.json in the run folder is append-only: each signature records the signer's name, role,
note, time and the sha256 of the run's evidence.json, chained to the signature before it. It is not
cryptographic identity (there are no keys: anyone who can write the folder can write a name); what
is checked is the binding to the evidence hash. A signature is void as soon as evidence.json or any
output of the run differs from what the run recorded (verify re-hashes them). signatures.html, linked
from the run's index.html and written by the first `sign`, shows the signatures and their status as
of the last `sign` or `verify` (a static page cannot re-hash: it says when it was written).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from wgp_audit.errors import ParameterError, VerifyError
from wgp_audit.report import runs
from wgp_audit.report.verify import Verification, load_evidence, verify_run

SIGNATURES_FILE: Final = "signatures.json"
SIGNATURES_PAGE: Final = "signatures.html"
ROLES: Final = ("preparer", "reviewer")
_GENESIS: Final = "0" * 64


@dataclass(frozen=True)
class SignatureStatus:
    """One recorded signature and whether it still holds (the reasons it is void, if any)."""

    signature: dict[str, Any]
    void: tuple[str, ...]

    @property
    def valid(self) -> bool:
        """True while the run is exactly what was signed."""
        return not self.void

    def line(self) -> str:
        """One line: who, role, when, which hash, valid or void and why."""
        s = self.signature
        state = "valid" if self.valid else "; ".join(self.void)
        return (
            f"{s['role']} {s['name']} signed {s['signed_at']} evidence {s['evidence_sha256'][:16]}: {state}"
        )


def _signature_hash(sig: dict[str, Any]) -> str:
    """The hash of a signature over all its fields but the hash."""
    body = json.dumps({k: v for k, v in sig.items() if k != "hash"}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def read_signatures(run_dir: Path) -> list[dict[str, Any]]:
    """The signatures recorded in the run folder, oldest first."""
    path = run_dir / SIGNATURES_FILE
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data.get("signatures", []))


def sign_run(
    run_dir: Path, name: str, role: str, note: str | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Record a signature of the run as it is now; refused when the run differs from its evidence."""
    if role not in ROLES:
        raise ParameterError(
            f"role {role!r} is not one of {', '.join(ROLES)}", hint="--role preparer|reviewer"
        )
    if not name.strip():
        raise ParameterError("a signature needs a name", hint="--as 'First Last'")
    check = verify_run(run_dir, inputs=False)
    if check.run_folder_changes:
        changed = ", ".join(d.path for d in check.run_folder_changes)
        raise VerifyError(
            f"run {run_dir.name} is not what it recorded ({changed} changed): not signed",
            hint="`wgp-audit verify` shows the differences; sign a run that verifies",
        )
    existing = read_signatures(run_dir)
    sig: dict[str, Any] = {
        "name": name.strip(),
        "role": role,
        "note": note or "",
        "signed_at": (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds"),
        "evidence_sha256": check.evidence_sha256,
        "run_id": run_dir.name,
        "prev": existing[-1]["hash"] if existing else _GENESIS,
    }
    sig["hash"] = _signature_hash(sig)
    data = {
        "run_id": run_dir.name,
        "note": "append-only; a name is not a cryptographic identity: the evidence hash is what binds",
        "signatures": [*existing, sig],
    }
    tmp = run_dir / f".{SIGNATURES_FILE}.tmp"
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, run_dir / SIGNATURES_FILE)
    write_page(run_dir)
    return sig


def signature_status(run_dir: Path, check: Verification | None = None) -> list[SignatureStatus]:
    """Every signature of the run, void when the run folder changed since it was signed."""
    signatures = read_signatures(run_dir)
    if not signatures:
        return []
    check = check or verify_run(run_dir, inputs=False)
    changed = [f"void: {d.path} changed since signed" for d in check.run_folder_changes]
    out = []
    prev = _GENESIS
    for sig in signatures:
        void = list(changed)
        if sig.get("evidence_sha256") != check.evidence_sha256 and not any(
            "evidence.json" in c for c in changed
        ):
            void.insert(0, "void: evidence.json changed since signed")
        if sig.get("prev") != prev or sig.get("hash") != _signature_hash(sig):
            void.append("void: signatures.json was edited (its chain does not hold)")
        prev = str(sig.get("hash"))
        out.append(SignatureStatus(sig, tuple(void)))
    return out


def write_page(run_dir: Path, check: Verification | None = None) -> Path:
    """Write signatures.html: the signatures and their status now (linked from the run's index)."""
    statuses = signature_status(run_dir, check)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    rows = [
        [
            s.signature["role"],
            s.signature["name"],
            s.signature["signed_at"],
            s.signature["evidence_sha256"],
            s.signature.get("note", ""),
            "valid" if s.valid else '<span class="incomplete">' + html.escape("; ".join(s.void)) + "</span>",
        ]
        for s in statuses
    ]
    body = (
        runs.table(
            ["role", "name", "signed (UTC)", "evidence.json sha256", "note", "status"], rows, raw_columns=(5,)
        )
        if rows
        else "<p>Not signed yet.</p>"
    )
    body += (
        f"<p>Status as of {html.escape(now)} (when this page was last written, by `wgp-audit sign` "
        f"or `wgp-audit verify`); run <code>wgp-audit verify {html.escape(run_dir.name)}</code> for "
        "the status now. A name is not a cryptographic identity: what binds a signature is the "
        'evidence hash. <a href="index.html">this run</a></p>'
    )
    path = run_dir / SIGNATURES_PAGE
    try:
        reveal = bool(load_evidence(run_dir).get("reveal"))
    except VerifyError:
        reveal = False
    banner = "RAW PERSONAL DATA: this run was made with --reveal." if reveal else None
    path.write_text(runs.page(f"Sign-off of run {run_dir.name}", body, banner), encoding="utf-8")
    return path
