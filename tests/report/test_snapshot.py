"""One snapshot a run: the source is opened once, every check runs once, the report is consistent."""

from __future__ import annotations

import json
import pickle
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AS_OF
from wgp_audit.checks import load_checks
from wgp_audit.demo import DemoOutput
from wgp_audit.findings import CheckResult
from wgp_audit.report import run as run_module
from wgp_audit.report.refresh import use_demo_key
from wgp_audit.report.run import RunOptions, RunOutcome, run_audit
from wgp_audit.report.snapshot import RESULTS, open_snapshot
from wgp_audit.sources.duckdb_file import DuckDBFileSource

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class KeptRun:
    """A demo run whose snapshot folder was kept, and how often the source file was opened."""

    outcome: RunOutcome
    snapshot: Path
    source_opens: int


@pytest.fixture(scope="module")
def kept_run(demo: DemoOutput, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KeptRun]:
    use_demo_key()
    opens: list[Path] = []
    original = DuckDBFileSource.attach

    def counting(self: DuckDBFileSource, con: Any) -> Any:
        opens.append(self.path)
        return original(self, con)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(DuckDBFileSource, "attach", counting)
        outcome = run_audit(
            RunOptions(
                source=str(demo.database),
                as_of=AS_OF,
                reports_dir=tmp_path_factory.mktemp("reports"),
                logs_dir=str(demo.logs),
                keep_snapshot=True,
            ),
            progress=False,
        )
    evidence = json.loads((outcome.run_dir / "evidence.json").read_text())
    snapshot = Path(evidence["snapshot"]["kept_at"])
    yield KeptRun(outcome, snapshot, sum(1 for p in opens if p == demo.database))
    shutil.rmtree(snapshot, ignore_errors=True)


def test_the_run_opens_the_operators_source_once(kept_run: KeptRun) -> None:
    assert kept_run.source_opens == 1


def test_no_notebook_of_the_run_is_given_the_operators_source(kept_run: KeptRun, demo: DemoOutput) -> None:
    for nb in (kept_run.outcome.run_dir / "notebooks").glob("*.ipynb"):
        params = json.loads(nb.read_text())["metadata"]["papermill"]["parameters"]
        assert params["source"].startswith("snapshot:"), nb.name
        assert str(demo.database) not in json.dumps(params)


def test_every_check_runs_exactly_once_per_run(kept_run: KeptRun) -> None:
    ran: list[str] = []
    for path in sorted((kept_run.snapshot / RESULTS).glob("*.pickle")):
        results: list[CheckResult] = pickle.loads(path.read_bytes())
        ran += [r.spec.id for r in results]
    assert sorted(ran) == sorted(s.id for s in load_checks())
    assert not (kept_run.snapshot / RESULTS / "summary.pickle").exists()


def test_findings_json_and_the_summary_page_come_from_the_same_results(kept_run: KeptRun) -> None:
    run_dir = kept_run.outcome.run_dir
    findings = json.loads((run_dir / "findings.json").read_text())
    summary = json.loads((run_dir / "notebooks" / "00_summary.ipynb").read_text())
    text = json.dumps(summary)
    for check in findings["checks"]:
        if check["findings"]:
            assert check["check_id"] in text
    for finding in findings["findings"][:50]:
        assert finding["record"] in text, finding["finding_id"]


def test_the_snapshot_folder_is_private_and_opens_without_the_source(kept_run: KeptRun) -> None:
    assert kept_run.snapshot.stat().st_mode & 0o077 == 0
    with open_snapshot(kept_run.snapshot, as_of=AS_OF, period_start="2023-01-01") as audit:
        assert audit.validation.row_counts["users"] > 0
        assert set(audit.logs) == {"web", "app"}


def test_the_snapshot_is_removed_after_a_run_unless_kept(
    demo: DemoOutput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders: list[Path] = []
    original = run_module.take_snapshot

    def recording(params: Any, parent: Path | None = None) -> Any:
        taken = original(params, parent)
        folders.append(taken.snapshot.folder)
        return taken

    monkeypatch.setattr(run_module, "take_snapshot", recording)
    monkeypatch.setattr(run_module, "execute_many", lambda jobs, progress=True: [])
    run_audit(RunOptions(source=str(demo.database), as_of=AS_OF, reports_dir=tmp_path), progress=False)
    assert folders and not folders[0].exists()
