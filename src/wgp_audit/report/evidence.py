"""evidence.json: fingerprints of what a run read, how it judged, with what, and what it wrote."""

from __future__ import annotations

import importlib.metadata
import json
import platform
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from wgp_audit.audit import Audit
from wgp_audit.checks import load_checks
from wgp_audit.paths import sql_dir, workspace_root
from wgp_audit.sources.base import file_sha256

EVIDENCE_FILE: Final = "evidence.json"
PACKAGES: Final = (
    "wgp-audit",
    "duckdb",
    "polars",
    "pyarrow",
    "altair",
    "vl-convert-python",
    "papermill",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "holidays",
)


def _relative(path: Path) -> str:
    """Return `path` relative to the workspace when inside it."""
    try:
        return str(path.resolve().relative_to(workspace_root()))
    except ValueError:
        return str(path)


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages that shape a run's result."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def input_evidence(audit: Audit) -> dict[str, Any]:
    """Input fingerprints: source tables/files, log files, yardstick, staging SQL and check SQL."""
    logs = [
        {
            "kind": kind,
            "path": f.path,
            "sha256": f.sha256,
            "size": f.size,
            "lines_read": f.lines_read,
            "parsed": f.parsed,
            "rejected": f.rejected,
            "problem": f.problem,
        }
        for kind, result in sorted(audit.logs.items())
        for f in result.files
    ]
    staging = sorted((sql_dir() / "staging").rglob("*.sql"))
    return {
        "source": audit.source.describe(),
        "inputs": [
            {"kind": e.kind, "name": e.name, "sha256": e.sha256, "size": e.size} for e in audit.evidence()
        ],
        "logs": logs,
        "yardstick": {"path": _relative(audit.yardstick.path), "sha256": file_sha256(audit.yardstick.path)},
        "staging_sql": [{"path": _relative(p), "sha256": file_sha256(p)} for p in staging],
        "checks": [
            {
                "id": s.id,
                "area": s.area,
                "path": _relative(s.path),
                "sha256": file_sha256(s.path),
                "sql": s.sql,
            }
            for s in load_checks()
        ],
        "row_counts": dict(audit.validation.row_counts),
    }


def output_evidence(run_dir: Path) -> list[dict[str, Any]]:
    """sha256 and size of every file of the run folder except evidence.json itself."""
    return [
        {"path": str(p.relative_to(run_dir)), "sha256": file_sha256(p), "size": p.stat().st_size}
        for p in sorted(run_dir.rglob("*"))
        if p.is_file() and p.name != EVIDENCE_FILE
    ]


def write_evidence(run_dir: Path, record: Mapping[str, Any], inputs: Mapping[str, Any]) -> Path:
    """Write evidence.json last, so that it fingerprints every other output of the run."""
    data = {**record, "packages": package_versions(), **inputs, "outputs": output_evidence(run_dir)}
    path = run_dir / EVIDENCE_FILE
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return path
