"""`wgp-audit run` end to end on the demo data: area reports, index, evidence, diffs, failures, privacy."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

from tests.conftest import FullRun, copy_demo_database
from wgp_audit.cli import main
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ExitCode, ParameterError
from wgp_audit.report.refresh import use_demo_key
from wgp_audit.report.run import RunOptions, area_notebooks, run_audit
from wgp_audit.report.runs import diff_findings

from .notebooks import area_notebook_with

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
AREA_PAGES = {p.stem for p in area_notebooks(NOTEBOOKS)}
_TOKENS = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+|\+?\d{11,12}")

pytestmark = pytest.mark.slow


def test_parallel_notebooks_leave_the_working_directory_unchanged(full_run: FullRun) -> None:
    assert full_run.cwd_after == full_run.cwd_before


def _fingerprints(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_full_run_writes_every_area_report_the_index_and_evidence(full_run: FullRun) -> None:
    run_dir = full_run.outcome.run_dir
    print(f"full demo run: {full_run.seconds:.1f} s")
    assert full_run.outcome.exit_code == ExitCode.FINDINGS
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{6}Z-[0-9a-f]{6}", full_run.outcome.run_id)
    assert {p.stem for p in run_dir.glob("*.html")} == AREA_PAGES | {"index", "checks"}
    assert all(r.ok for r in full_run.outcome.notebooks)
    assert (full_run.reports_dir / "index.html").is_file()
    findings = json.loads((run_dir / "findings.json").read_text())
    assert findings["findings"] and all(
        f["finding_id"].startswith(f["check_id"] + ":") for f in findings["findings"]
    )
    evidence = json.loads((run_dir / "evidence.json").read_text())
    assert evidence["reveal"] is False
    assert {c["id"] for c in evidence["checks"]} >= {"RET-3", "DIS-1"}
    assert all(len(c["sha256"]) == 64 for c in evidence["checks"])
    assert evidence["inputs"] and evidence["packages"]["duckdb"]
    outputs = {o["path"]: o["sha256"] for o in evidence["outputs"]}
    actual = _fingerprints(run_dir)
    actual.pop("evidence.json")
    assert outputs == actual


def test_run_index_lists_areas_and_the_run_list_shows_the_trend(full_run: FullRun) -> None:
    index = (full_run.outcome.run_dir / "index.html").read_text()
    for stem in AREA_PAGES:
        assert f'href="{stem}.html"' in index
    assert "INCOMPLETE" not in index
    runs_page = (full_run.reports_dir / "index.html").read_text()
    assert full_run.outcome.run_id in runs_page


@pytest.mark.browser
def test_reports_render_offline_in_chromium_without_errors(full_run: FullRun, chromium: Browser) -> None:
    from browser_support import inspect_page

    artifacts = REPO / "test-artifacts"
    pages = [*sorted(full_run.outcome.run_dir.glob("*.html")), full_run.reports_dir / "index.html"]
    for html in pages:
        shot = artifacts / "summary.png" if html.stem == "00_summary" else None
        page = inspect_page(chromium, html, screenshot=shot)
        assert page.console_errors == [] and page.page_errors == [], html.name
        assert page.external_requests == [], html.name
        if html.stem not in ("index", "checks"):  # the run's own pages hold no chart
            assert page.charts and all(c.rendered for c in page.charts), (html.name, page.charts)
    assert (artifacts / "summary.png").stat().st_size > 10_000


def test_no_raw_contact_or_iin_of_a_demo_user_appears_in_the_run_folder(
    full_run: FullRun, demo: DemoOutput
) -> None:
    with duckdb.connect(str(demo.database), read_only=True) as con:
        rows = con.execute("select email, phone, iin from users").fetchall()
    raw = {v for row in rows for v in row if v}
    assert len(raw) > 1000
    leaked = {}
    for path in full_run.outcome.run_dir.rglob("*"):
        if path.is_file():
            found = set(_TOKENS.findall(path.read_text(encoding="utf-8", errors="replace"))) & raw
            if found:
                leaked[str(path)] = sorted(found)[:3]
    assert leaked == {}


def test_second_run_gets_a_new_id_leaves_the_first_untouched_and_persists_findings(
    full_run: FullRun, demo: DemoOutput, tmp_path: Path
) -> None:
    first = full_run.outcome.run_dir
    before = _fingerprints(first)
    one = tmp_path / "nb"
    one.mkdir()
    shutil.copy(NOTEBOOKS / "10_retention.ipynb", one)
    second = run_audit(
        RunOptions(
            source=str(demo.database),
            reports_dir=full_run.reports_dir,
            notebooks_dir=one,
            logs_dir=str(demo.logs),
        ),
        progress=False,
    )
    assert second.run_id != full_run.outcome.run_id and second.run_dir != first
    assert _fingerprints(first) == before
    assert second.diff.previous_run == full_run.outcome.run_id
    assert second.diff.new == () and second.diff.resolved == ()
    # only the checks the second run evaluated (retention and data quality) are compared
    ran = {c["check_id"] for c in json.loads((second.run_dir / "findings.json").read_text())["checks"]}
    assert ran and not any(c.startswith("DSR-") for c in ran)
    earlier = json.loads((first / "findings.json").read_text())["findings"]
    assert len(second.diff.persisting) == len([f for f in earlier if f["check_id"] in ran]) > 0
    # the index compares by check and title, each check linked to its section of checks.html
    comparison = (second.run_dir / "index.html").read_text().split("Compared with the previous run", 1)[1]
    comparison = comparison.split("</table>", 1)[0]
    assert f"0 new, 0 resolved and {len(second.diff.persisting)} persisting findings" in comparison
    sections = (second.run_dir / "checks.html").read_text()
    for check in {i.split(":", 1)[0] for i in second.diff.persisting}:
        assert f'<a href="checks.html#{check}">{check}</a>' in comparison and f'id="{check}"' in sections


def test_a_partial_source_gives_a_complete_run_that_names_what_it_lacks(
    demo: DemoOutput, tmp_path: Path
) -> None:
    use_demo_key()
    db = copy_demo_database(
        demo,
        tmp_path,
        "alter table dsr_requests rename column answered_at to date_answered",
        "alter table consents drop column valid_until",
        "drop table cookies",
    )
    outcome = run_audit(RunOptions(source=str(db), reports_dir=tmp_path / "reports"), progress=False)
    assert outcome.exit_code == ExitCode.FINDINGS  # not INCOMPLETE: charts and figures say "not audited"
    assert all(r.ok for r in outcome.notebooks), [r.failure_text() for r in outcome.notebooks if not r.ok]
    index = (outcome.run_dir / "index.html").read_text()
    assert "dsr_requests.answered_at" in index and "consents.valid_until" in index


def test_diff_sorts_findings_into_new_resolved_and_persisting() -> None:
    diff = diff_findings(["RET-3:r-a", "DIS-1:r-b"], ["DIS-1:r-b", "DSR-1:r-c"], "run-1")
    assert diff.new == ("DSR-1:r-c",)
    assert diff.resolved == ("RET-3:r-a",)
    assert diff.persisting == ("DIS-1:r-b",)
    assert diff_findings(None, ["X:1"]).new == ("X:1",)


def test_failing_notebook_keeps_the_others_marks_its_partial_html_and_exits_8(
    demo: DemoOutput, tmp_path: Path
) -> None:
    use_demo_key()
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    shutil.copy(NOTEBOOKS / "10_retention.ipynb", notebooks)
    area_notebook_with(
        NOTEBOOKS / "40_requests.ipynb", notebooks / "20_broken.ipynb", 'raise ValueError("planted failure")'
    )
    outcome = run_audit(
        RunOptions(
            source=str(demo.database), reports_dir=tmp_path / "reports", notebooks_dir=notebooks, reveal=True
        ),
        progress=False,
    )
    assert outcome.exit_code == ExitCode.REPORT
    run_dir = outcome.run_dir
    broken = (run_dir / "20_broken.html").read_text()
    assert "INCOMPLETE: failed at cell" in broken and "planted failure" in broken
    assert "INCOMPLETE" not in (run_dir / "10_retention.html").read_text()
    assert "INCOMPLETE" in (run_dir / "index.html").read_text()
    for page in run_dir.glob("*.html"):  # the reveal run: every page says so
        assert "RAW PERSONAL DATA" in page.read_text(), page.name
    assert re.search(r"usr-\d{6}", (run_dir / "10_retention.html").read_text())  # raw ids shown
    evidence = json.loads((run_dir / "evidence.json").read_text())
    assert evidence["reveal"] is True and evidence["incomplete"] is True


def test_bad_parameters_are_refused_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(ParameterError):
        run_audit(RunOptions(as_of="2026-13-45", reports_dir=tmp_path))
    assert (
        main(
            ["run", "--period-start", "2026-10-01", "--period-end", "2026-09-01", "--reports", str(tmp_path)]
        )
        == ExitCode.USAGE
    )
    assert list(tmp_path.iterdir()) == []


def test_subject_report_refuses_an_unknown_user_and_writes_its_own_folder(
    demo: DemoOutput, tmp_path: Path
) -> None:
    use_demo_key()
    args = ["subject", "--source", str(demo.database), "--reports", str(tmp_path)]
    assert main([*args, "--user-id", "usr-nobody"]) == ExitCode.USAGE
    assert not (tmp_path / "subjects").exists()
    assert main([*args, "--user-id", "usr-000001"]) == ExitCode.OK
    (folder,) = (tmp_path / "subjects").iterdir()
    assert folder.name.startswith("p-") and "usr-000001" not in folder.name
    page = (folder / "subject.html").read_text()
    with duckdb.connect(str(demo.database), read_only=True) as con:
        (email,) = con.execute("select email from users where user_id = 'usr-000001'").fetchone() or ("",)
    assert email and email in page
    assert "PERSONAL REPORT" in page
    with duckdb.connect(str(demo.database), read_only=True) as con:
        others = con.execute(
            "select email, phone, iin, full_name from users where user_id <> 'usr-000001'"
        ).fetchall()
    texts = [p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file()]
    leaked = {v for row in others for v in row if v and any(v in t for t in texts)}
    assert leaked == set()  # the person's own report holds no one else's data


def test_previous_month_is_the_whole_calendar_month_before_today() -> None:
    import datetime as dt

    from wgp_audit.report.run import previous_month

    assert previous_month(dt.date(2026, 3, 15)) == ("2026-02-01", "2026-02-28")
    assert previous_month(dt.date(2026, 1, 1)) == ("2025-12-01", "2025-12-31")
