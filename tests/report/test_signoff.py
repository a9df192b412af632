"""`wgp-audit sign`: signatures bound to the evidence hash, void once the signed run changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FullRun
from wgp_audit.cli import main
from wgp_audit.errors import ExitCode, VerifyError
from wgp_audit.report.ledger import recorded_evidence_sha256
from wgp_audit.report.signoff import SIGNATURES_FILE, SIGNATURES_PAGE, sign_run, signature_status

from .run_copies import copy_reports, copy_run, flip_last_byte

pytestmark = pytest.mark.slow


def test_signatures_are_recorded_with_the_evidence_hash_and_shown(
    full_run: FullRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = copy_reports(full_run, tmp_path)
    reports = str(run_dir.parent)
    assert (
        main(
            [
                "sign",
                run_dir.name,
                "--reports",
                reports,
                "--as",
                "Aigul Nurlanova",
                "--role",
                "preparer",
                "--note",
                "tested CON-1 sample",
            ]
        )
        == ExitCode.OK
    )
    assert (
        main(["sign", run_dir.name, "--reports", reports, "--as", "Daniyar K", "--role", "reviewer"])
        == ExitCode.OK
    )
    data = json.loads((run_dir / SIGNATURES_FILE).read_text())
    assert [(s["name"], s["role"]) for s in data["signatures"]] == [
        ("Aigul Nurlanova", "preparer"),
        ("Daniyar K", "reviewer"),
    ]
    assert {s["evidence_sha256"] for s in data["signatures"]} == {
        recorded_evidence_sha256(run_dir.parent, run_dir.name)
    }
    assert all(s.valid for s in signature_status(run_dir))
    page = (run_dir / SIGNATURES_PAGE).read_text()
    assert "Aigul Nurlanova" in page and "Daniyar K" in page and "valid" in page
    assert 'href="signatures.html"' in (run_dir / "index.html").read_text()
    capsys.readouterr()
    assert main(["verify", str(run_dir)]) == ExitCode.OK  # the sign-off files are not run outputs
    assert "valid" in capsys.readouterr().out


def test_a_signed_run_that_changes_shows_its_signature_void(
    full_run: FullRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = copy_run(full_run, tmp_path)
    sign_run(run_dir, "Aigul Nurlanova", "preparer")
    flip_last_byte(run_dir / "20_consent.html")
    (status,) = signature_status(run_dir)
    assert status.void == ("void: 20_consent.html changed since signed",)
    assert main(["verify", str(run_dir)]) == ExitCode.VERIFY_FAILED
    assert "void: 20_consent.html changed since signed" in capsys.readouterr().out
    assert "void: 20_consent.html changed since signed" in (run_dir / SIGNATURES_PAGE).read_text()


def test_a_changed_evidence_voids_the_signature(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_run(full_run, tmp_path)
    sign_run(run_dir, "Aigul Nurlanova", "reviewer")
    evidence = json.loads((run_dir / "evidence.json").read_text())
    evidence["exit_code"] = 0  # a finding-free story told afterwards
    (run_dir / "evidence.json").write_text(json.dumps(evidence, indent=1))
    (status,) = signature_status(run_dir)
    assert "void: evidence.json changed since signed" in status.void


def test_an_edited_signature_is_void(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_run(full_run, tmp_path)
    sign_run(run_dir, "Aigul Nurlanova", "preparer")
    sign_run(run_dir, "Daniyar K", "reviewer")
    path = run_dir / SIGNATURES_FILE
    data = json.loads(path.read_text())
    data["signatures"][0]["name"] = "Someone Else"
    path.write_text(json.dumps(data))
    first, second = signature_status(run_dir)
    assert not first.valid and "signatures.json was edited" in first.void[0]
    assert second.valid
    assert main(["verify", str(run_dir)]) == ExitCode.VERIFY_FAILED  # the run itself is intact


def test_a_run_that_differs_from_its_evidence_cannot_be_signed(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_run(full_run, tmp_path)
    flip_last_byte(run_dir / "findings.json")
    with pytest.raises(VerifyError, match=r"findings\.json"):
        sign_run(run_dir, "Aigul Nurlanova", "preparer")
    assert not (run_dir / SIGNATURES_FILE).exists()
    assert main(["sign", str(run_dir), "--as", "A B", "--role", "approver"]) == ExitCode.USAGE
