"""`wgp-audit verify RUN`: a one-byte change to any output or input fails it and names the file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FullRun
from wgp_audit.cli import main
from wgp_audit.errors import ExitCode, VerifyError
from wgp_audit.report.verify import MISSING, verify_run

from .run_copies import copy_reports, copy_run, flip_last_byte

pytestmark = pytest.mark.slow


def test_an_untouched_run_verifies_and_exits_0(
    full_run: FullRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = copy_reports(full_run, tmp_path)
    result = verify_run(run_dir)
    assert result.ok, result.differences
    assert result.matched > 20  # every output and the inputs: source, logs, yardstick, SQL
    code = main(["verify", run_dir.name, "--reports", str(run_dir.parent)])
    assert code == ExitCode.OK
    assert "OK" in capsys.readouterr().out


def test_a_one_byte_change_to_any_output_fails_verify_and_names_it(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_run(full_run, tmp_path)
    outputs = [o["path"] for o in json.loads((run_dir / "evidence.json").read_text())["outputs"]]
    assert {"index.html", "findings.json", "run.json", "sample.json"} <= set(outputs)
    assert any(p.startswith("notebooks/") for p in outputs)
    for rel in outputs:
        original = flip_last_byte(run_dir / rel)
        result = verify_run(run_dir, inputs=False)
        assert [d.path for d in result.differences] == [rel]
        (run_dir / rel).write_bytes(original)
    assert verify_run(run_dir, inputs=False).ok


def test_the_command_prints_the_changed_file_with_both_hashes_and_exits_10(
    full_run: FullRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = copy_run(full_run, tmp_path)
    flip_last_byte(run_dir / "findings.json")
    assert main(["verify", str(run_dir)]) == ExitCode.VERIFY_FAILED and int(ExitCode.VERIFY_FAILED) == 10
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("DIFFERS"))
    assert "findings.json" in line and "expected" in line and "actual" in line


def test_a_deleted_output_is_missing_and_an_added_file_is_named(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_run(full_run, tmp_path)
    (run_dir / "10_retention.html").unlink()
    (run_dir / "notebooks" / "extra.ipynb").write_text("{}")
    diffs = {d.path: d.actual for d in verify_run(run_dir, inputs=False).differences}
    assert diffs["10_retention.html"] == MISSING
    assert "notebooks/extra.ipynb" in diffs


def _input_entry(evidence: dict[str, Any], kind: str) -> tuple[dict[str, Any], str]:
    """The evidence entry of one input of `kind` and the key holding its path."""
    if kind == "source":
        return next(i for i in evidence["inputs"] if i["kind"] == "file"), "name"
    if kind == "log":
        return evidence["logs"][0], "path"
    if kind == "yardstick":
        return evidence["yardstick"], "path"
    if kind == "check sql":
        return evidence["checks"][0], "path"
    return evidence["staging_sql"][0], "path"


@pytest.mark.parametrize("kind", ["source", "log", "yardstick", "check sql", "staging sql"])
def test_a_one_byte_change_to_any_input_fails_verify_and_names_it(
    full_run: FullRun, tmp_path: Path, kind: str
) -> None:
    """Each input is moved to a copy that may be altered (the recorded path points at it)."""
    run_dir = copy_run(full_run, tmp_path)
    evidence_path = run_dir / "evidence.json"
    evidence = json.loads(evidence_path.read_text())
    entry, key = _input_entry(evidence, kind)
    original = Path(entry[key])
    if not original.is_absolute():
        from wgp_audit.paths import workspace_root

        original = workspace_root() / original
    copy = tmp_path / "inputs" / original.name
    copy.parent.mkdir()
    shutil.copyfile(original, copy)
    entry[key] = str(copy)
    evidence_path.write_text(json.dumps(evidence, indent=1))
    assert verify_run(run_dir).ok  # the copy is the input the run read
    flip_last_byte(copy)
    result = verify_run(run_dir)
    assert [d.path for d in result.differences] == [str(copy)]
    assert result.differences[0].kind.startswith("input")


def test_an_input_no_longer_present_is_listed_not_failed(full_run: FullRun, tmp_path: Path) -> None:
    run_dir = copy_run(full_run, tmp_path)
    evidence_path = run_dir / "evidence.json"
    evidence = json.loads(evidence_path.read_text())
    evidence["logs"][0]["path"] = str(tmp_path / "gone.log")
    evidence_path.write_text(json.dumps(evidence))
    result = verify_run(run_dir)
    assert result.ok
    assert any(u.kind == "log" and MISSING in u.why for u in result.unchecked)


def test_a_live_database_cannot_be_re_hashed_and_says_so(full_run: FullRun, tmp_path: Path) -> None:
    """Only table checksums (as from PostgreSQL or MySQL): listed as not re-hashable, no failure."""
    run_dir = copy_run(full_run, tmp_path)
    evidence_path = run_dir / "evidence.json"
    evidence = json.loads(evidence_path.read_text())
    evidence["inputs"] = [i for i in evidence["inputs"] if i["kind"] == "table"]
    evidence_path.write_text(json.dumps(evidence))
    result = verify_run(run_dir)
    assert result.ok
    assert any("live database" in u.why for u in result.unchecked)


def test_a_run_without_evidence_cannot_be_verified(tmp_path: Path) -> None:
    (tmp_path / "2026-01-01T000000Z-abcdef").mkdir()
    with pytest.raises(VerifyError, match=r"no evidence\.json"):
        verify_run(tmp_path / "2026-01-01T000000Z-abcdef")
    assert main(["verify", "nope", "--reports", str(tmp_path)]) == ExitCode.VERIFY_FAILED
