"""Reliability and privacy guarantees of a whole audit: sources untouched, no canary in any report,
no secret anywhere, faults during a run contained."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, FullRun, run_as_nobody
from tests.report.notebooks import area_notebook_with
from wgp_audit.cli import main
from wgp_audit.demo import DemoOutput, build_dataset
from wgp_audit.demo.writer import write_exports
from wgp_audit.errors import ExitCode
from wgp_audit.report.refresh import use_demo_key
from wgp_audit.report.run import RunOptions, run_audit

NOTEBOOKS = REPO / "notebooks"
_CANDIDATES = {
    "email": re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"),
    "digits": re.compile(r"\+?\d{11,12}"),
    "name": re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+ [A-Z][a-z]+"),
    "ip": re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b"),
}


def _personal_values(demo: DemoOutput) -> set[str]:
    with duckdb.connect(str(demo.database), read_only=True) as con:
        rows = con.execute("select email, phone, iin, full_name from users").fetchall()
    values = {v for row in rows for v in row if v}
    if demo.logs is not None:  # client IP addresses of the demo web logs
        for path in (demo.logs / "web").glob("access.log*"):
            if path.suffix != ".gz":
                for line in path.read_text(errors="replace").splitlines()[:5000]:
                    head = line.split(" ", 1)[0]
                    try:
                        ipaddress.ip_address(head)
                    except ValueError:
                        continue
                    values.add(head)
    return values


def _leaks(folder: Path, values: set[str]) -> dict[str, list[str]]:
    leaked: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = {m for rx in _CANDIDATES.values() for m in rx.findall(text)} & values
        if found:
            leaked[str(path.relative_to(folder))] = sorted(found)[:3]
    return leaked


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_full_run_leaves_the_duckdb_source_byte_identical(full_run: FullRun, demo: DemoOutput) -> None:
    assert hashlib.sha256(demo.database.read_bytes()).hexdigest() == full_run.source_sha256_before


def test_no_canary_value_of_any_person_appears_anywhere_in_the_run(
    full_run: FullRun, demo: DemoOutput
) -> None:
    values = _personal_values(demo)
    assert len(values) > 3000  # e-mails, phones, IINs and names of every demo user (and log IPs)
    assert _leaks(full_run.outcome.run_dir, values) == {}


def test_evidence_records_the_hash_of_every_input_and_output(full_run: FullRun, demo: DemoOutput) -> None:
    evidence = json.loads((full_run.outcome.run_dir / "evidence.json").read_text())
    text = json.dumps(evidence)
    assert hashlib.sha256(demo.database.read_bytes()).hexdigest() in text
    checks = {c["id"]: c for c in evidence["checks"]}
    assert "RET-3" in checks and "select" in checks["RET-3"]["sql"]  # the SQL text of every check
    assert {o["path"] for o in evidence["outputs"]} >= {"index.html", "00_summary.html", "findings.json"}


def test_exports_folder_is_unchanged_by_an_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_exports(build_dataset(users=200, seed=3), tmp_path / "exports", "csv")
    before = _tree_digest(folder)
    assert main(["check", "--source", str(folder)]) in (ExitCode.OK, ExitCode.FINDINGS)
    assert _tree_digest(folder) == before


def test_killed_kernel_leaves_other_reports_complete_and_a_rerun_succeeds(
    demo: DemoOutput, tmp_path: Path
) -> None:
    use_demo_key()
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    shutil.copy(NOTEBOOKS / "10_retention.ipynb", notebooks)
    area_notebook_with(
        NOTEBOOKS / "40_requests.ipynb",
        notebooks / "40_requests.ipynb",
        "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
    )
    reports = tmp_path / "reports"
    first = run_audit(
        RunOptions(source=str(demo.database), reports_dir=reports, notebooks_dir=notebooks), progress=False
    )
    assert first.exit_code == ExitCode.REPORT
    status = {r.output_path.stem: r.ok for r in first.notebooks}
    assert status == {"10_retention": True, "40_requests": False}
    assert "INCOMPLETE" in (first.run_dir / "40_requests.html").read_text()
    assert "INCOMPLETE" not in (first.run_dir / "10_retention.html").read_text()
    assert "INCOMPLETE" in (first.run_dir / "index.html").read_text()
    kept = _tree_digest(first.run_dir)
    (notebooks / "40_requests.ipynb").unlink()
    second = run_audit(
        RunOptions(source=str(demo.database), reports_dir=reports, notebooks_dir=notebooks), progress=False
    )
    assert second.exit_code in (ExitCode.OK, ExitCode.FINDINGS)
    assert second.run_dir != first.run_dir
    assert _tree_digest(first.run_dir) == kept


def test_a_broken_check_is_named_and_the_other_checks_still_run(
    demo: DemoOutput,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "ws"
    for folder in ("sql", "config"):
        shutil.copytree(REPO / folder, home / folder)
    broken = home / "sql" / "checks" / "retention" / "ret_9_broken.sql"
    broken.write_text(
        "-- id: RET-9\n-- title: t\n-- clause: c\n-- law: l\n-- severity: low\n"
        "select no_such_column as record_key, 'x' as reason from stg_users;\n"
    )
    monkeypatch.setenv("WGP_AUDIT_HOME", str(home))
    code = main(["check", "--source", str(demo.database), "--area", "retention"])
    out = capsys.readouterr().out
    assert code == ExitCode.CHECK_ERROR
    assert "ret_9_broken.sql" in out and "no_such_column" in out
    assert re.search(r"RET-3\s+retention\s+high\s+fail", out)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_read_only_reports_folder_is_refused_before_any_notebook_runs(
    demo: DemoOutput, tmp_path: Path
) -> None:
    import os
    import tempfile

    if os.geteuid() != 0:
        pytest.skip("needs root to drop to an unprivileged user")
    work = Path(tempfile.mkdtemp(prefix="wgp-ro-"))
    work.chmod(0o755)
    source = work / "wgp.duckdb"
    shutil.copy(demo.database, source)
    source.chmod(0o644)
    reports = work / "reports"
    reports.mkdir(mode=0o755)  # owned by root: read-only for `nobody`
    code, stderr = run_as_nobody(
        ["run", "--source", str(source), "--reports", str(reports)], {"WGP_AUDIT_PSEUDONYM_KEY": "test"}
    )
    leftovers = list(reports.iterdir())
    shutil.rmtree(work)
    assert code == ExitCode.REPORT, stderr
    assert "cannot write the run folder" in stderr and "--reports" in stderr
    assert leftovers == []
