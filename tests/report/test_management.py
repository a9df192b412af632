"""The management summary: sentences computed from the results and populations, never static."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from wgp_audit.demo import DemoOutput
from wgp_audit.findings import CheckResult, Outcome
from wgp_audit.notebook import open_from_parameters
from wgp_audit.report import figures, management, runs, sentences

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.conftest import FullRun

AREAS = ("requests", "marketing", "cookies", "retention", "disclosure")


def _summarise(
    source: Path, logs: Path | None, results_dir: Path
) -> tuple[management.ManagementSummary, Any]:
    """Run AREAS on `source` as their notebooks do in a run (results and figures kept), then assemble."""
    with open_from_parameters(
        str(source), None, None, None, None, str(logs) if logs else None, None, False
    ) as audit:
        results: list[CheckResult] = []
        for area in AREAS:
            area_results = audit.run_checks(area=area)
            figures.save(audit, (area,), results_dir)
            results += area_results
        period = (audit.period.period_start, audit.period.period_end)
    return management.summarise(results, figures.load(results_dir)), (results, period, results_dir)


def _conclusion(summary: management.ManagementSummary, area: str) -> str:
    return " ".join(next(c.sentences for c in summary.conclusions if c.area == area))


@pytest.fixture(scope="module")
def demo_summary(
    demo: DemoOutput, tmp_path_factory: pytest.TempPathFactory
) -> tuple[management.ManagementSummary, Any]:
    """The summary of the default demo, its logs attached."""
    return _summarise(demo.database, demo.logs, tmp_path_factory.mktemp("results-demo"))


@pytest.fixture(scope="module")
def altered(demo: DemoOutput, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the demo database: every request answered the day it came, every marketing message
    and every cookie gone (and no logs given with it)."""
    folder = tmp_path_factory.mktemp("altered")
    copy = folder / "wgp.duckdb"
    shutil.copy(demo.database, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("delete from dsr_requests where kind <> 'access'")
        con.execute("update dsr_requests set answered_at = received_at + interval 1 hour")
        con.execute("delete from communications where kind = 'marketing'")
        con.execute("delete from cookies")
    yield copy


@pytest.fixture(scope="module")
def altered_summary(
    altered: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[management.ManagementSummary, Any]:
    return _summarise(altered, None, tmp_path_factory.mktemp("results-altered"))


def _requests_in_period(database: Path, period: tuple[Any, Any]) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        row = con.execute(
            "select count(*) from dsr_requests where received_at between ? and ?", list(period)
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_late_requests_are_counted_against_the_requests_received(
    demo: DemoOutput, demo_summary: tuple[management.ManagementSummary, Any]
) -> None:
    summary, (results, period, _) = demo_summary
    text = _conclusion(summary, "requests")
    match = re.search(r"(\d+) of ([\d,]+) data-subject requests in the period were handled late", text)
    assert match, text
    late, received = int(match[1]), int(match[2].replace(",", ""))
    assert received == _requests_in_period(demo.database, period)
    dsr1 = next(r for r in results if r.spec.id == "DSR-1")
    assert late >= len(dsr1.findings) > 0
    assert re.search(r"the latest answered \d+ working days? after its deadline", text), text


def test_the_same_sentences_change_with_the_data(
    altered: Path,
    demo_summary: tuple[management.ManagementSummary, Any],
    altered_summary: tuple[management.ManagementSummary, Any],
) -> None:
    demo_s, altered_s = demo_summary[0], altered_summary[0]
    _, (_, period, _) = altered_summary
    received = _requests_in_period(altered, period)
    assert received > 0
    assert f"All {received:,} data-subject requests in the period were handled within their deadlines." in (
        _conclusion(altered_s, "requests")
    )
    assert re.search(
        r"\d+ of [\d,]+ marketing messages in the period had no consent in force",
        _conclusion(demo_s, "marketing"),
    )
    assert "No marketing messages in the period needed a consent." in _conclusion(altered_s, "marketing")
    assert demo_s.sentences() != altered_s.sentences()


def test_a_not_evaluable_area_says_what_is_missing(
    demo_summary: tuple[management.ManagementSummary, Any],
    altered_summary: tuple[management.ManagementSummary, Any],
) -> None:
    summary, (results, _, _) = altered_summary
    cookies = [r for r in results if r.spec.area == "cookies"]
    assert {r.outcome for r in cookies} == {Outcome.NOT_EVALUABLE}
    text = _conclusion(summary, "cookies")
    assert text.startswith("Not audited: ")
    assert "the table cookies has no rows" in text
    assert "the app log is not attached (give the logs with --logs)" in text
    assert {r.spec.id for r in cookies} <= {g.item for g in summary.gaps if g.status == "not evaluable"}
    assert "Not audited" not in _conclusion(demo_summary[0], "cookies")


def test_sentences_hold_no_personal_data(
    demo: DemoOutput, demo_summary: tuple[management.ManagementSummary, Any]
) -> None:
    page = management.to_html(demo_summary[0])
    with duckdb.connect(str(demo.database), read_only=True) as con:
        people = con.execute("select user_id, full_name, email, phone, iin from users").fetchall()
        keys = con.execute("select request_id from dsr_requests").fetchall()
    values = {str(v) for row in [*people, *keys] for v in row if v is not None and len(str(v)) >= 5}
    assert values
    leaked = sorted(v for v in values if v in page)
    assert leaked == []
    for f in demo_summary[1][0]:
        for finding in f.findings:
            assert finding.reason not in page


def _leaves(value: object) -> Iterator[object]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def test_kept_figures_hold_only_counts_dates_and_group_names(
    demo_summary: tuple[management.ManagementSummary, Any],
) -> None:
    kept = figures.load(demo_summary[1][2])
    assert {"requests", "consent_coverage", "retention", "disclosures", "row_counts"} <= set(kept)
    groups = {*sentences.REQUEST_KINDS, *sentences.RETENTION_ITEMS, "communication", "disclosure"}
    groups |= {"marketing", "third_party", "cross_border"}
    for leaf in _leaves(kept):
        if isinstance(leaf, str):
            assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", leaf) or leaf in groups, leaf
        else:
            assert leaf is None or isinstance(leaf, int), leaf


def test_top_risks_come_most_severe_first_then_by_findings(
    demo_summary: tuple[management.ManagementSummary, Any],
) -> None:
    risks = demo_summary[0].risks
    assert 0 < len(risks) <= management.TOP_RISKS
    order = [(runs.SEVERITIES.index(r.severity), -r.findings) for r in risks]
    assert order == sorted(order)


def test_severity_chart_draws_one_bar_per_run() -> None:
    history = (
        management.RunCounts("run-a", {"high": 3, "medium": 1, "low": 0}),
        management.RunCounts("run-b", {"high": 0, "medium": 2, "low": 5}),
    )
    svg = management.severity_chart(history)
    assert svg.count("<title>") == 4  # the non-zero segments
    assert "run-a" in svg and "run-b" in svg and ">4<" in svg and ">7<" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    many = [management.RunCounts(f"run-{i:02d}", {"high": 1}) for i in range(management.CHART_RUNS + 3)]
    shown = management.severity_chart(many)
    assert "run-00" not in shown and f"run-{management.CHART_RUNS + 2:02d}" in shown
    assert shown.count("<title>") == management.CHART_RUNS


@pytest.mark.slow
@pytest.mark.browser
def test_run_index_opens_with_the_management_summary(full_run: FullRun, chromium: Browser) -> None:
    from browser_support import inspect_page, keep_artifact

    index = full_run.outcome.run_dir / "index.html"
    text = index.read_text(encoding="utf-8")
    assert text.index('id="management-summary"') < text.index("<table")
    page = inspect_page(chromium, index, screenshot=full_run.outcome.run_dir.parent / "index-summary.png")
    assert page.external_requests == [] and page.page_errors == []
    keep_artifact(index)
    if page.screenshot is not None:
        keep_artifact(page.screenshot)


def test_history_and_run_list_show_findings_by_severity_per_source(tmp_path: Path) -> None:
    records = [
        ("2026-01-01T000000Z-aaaaaa", "demo", {"high": 2, "medium": 0, "low": 1}),
        ("2026-02-01T000000Z-bbbbbb", "other", {"high": 9, "medium": 9, "low": 9}),
        ("2026-03-01T000000Z-cccccc", "demo", {"high": 0, "medium": 4, "low": 0}),
    ]
    for run_id, source, counts in records:
        (tmp_path / run_id).mkdir()
        record = {"run_id": run_id, "source": source, "period": "", "severity_counts": counts}
        (tmp_path / run_id / runs.RUN_FILE).write_text(json.dumps(record), encoding="utf-8")
    history = management.history_from_runs(tmp_path, "demo")
    assert [(h.run_id, dict(h.counts)) for h in history] == [(r[0], r[2]) for r in records if r[1] == "demo"]
    page = runs.write_runs_index(tmp_path).read_text(encoding="utf-8")
    assert 'title="high: 2"' in page and 'title="low: 1"' in page and 'title="medium: 4"' in page
    assert 'title="medium: 0"' not in page  # no segment for a severity without findings
