"""Report tables in real headless Chromium: sort by a header click, filter by typing, offline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from browser_support import LOCAL_SCHEMES, inspect_page
from wgp_audit.notebook import Table
from wgp_audit.report.html import export_html

from .notebooks import save

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "tables"
ATYRAU = ZoneInfo("Asia/Atyrau")


def findings_page(tmp_path: Path) -> Path:
    """An area page whose output is a findings table as the notebooks render it (no kernel needed)."""
    frame = pl.DataFrame(
        {
            "finding_id": ["REQ-2:r-0c4e9a7b21f3", "CON-1:r-7856f32eddf8", "RET-1:r-b2e3274cb3a7"],
            "check": ["REQ-2", "CON-1", "RET-1"],
            "severity": ["medium", "high", "low"],
            "what": ["answered 12 working days late", "account created before consent", "kept 3 years"],
            "when": [
                dt.datetime(2026, 10, 1, 14, 0, tzinfo=ATYRAU),
                dt.datetime(2024, 2, 5, 12, 0, tzinfo=ATYRAU),
                dt.datetime(2025, 7, 9, 8, 30, tzinfo=ATYRAU),
            ],
            "days": [12, 3, 250],
        }
    )
    html = Table(frame, "Findings (people pseudonymised)")._repr_html_()
    cell = new_code_cell("findings_table(results)")  # type: ignore[no-untyped-call]
    cell.outputs = [new_output("display_data", data={"text/html": html, "text/plain": "table"})]  # type: ignore[no-untyped-call]
    nb = new_notebook(cells=[cell])  # type: ignore[no-untyped-call]
    save(nb, tmp_path / "40_requests.ipynb")
    return export_html(tmp_path / "40_requests.ipynb", tmp_path / "40_requests.html")


def column(page: Page, index: int) -> list[str]:
    """The visible cells of one column of the findings table, top to bottom."""
    texts: list[str] = page.eval_on_selector_all(
        "table.wgp-table tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].textContent)"
    )
    return texts


def open_page(browser: Browser, html: Path, requests: list[str]) -> tuple[Any, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    context.route(
        "**/*",
        lambda route: route.abort() if not route.request.url.startswith(LOCAL_SCHEMES) else route.continue_(),
    )
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(html.resolve().as_uri(), wait_until="load")
    return context, page


def test_findings_table_sorts_on_a_header_click_and_filters_as_one_types(
    chromium: Browser, tmp_path: Path
) -> None:
    html = findings_page(tmp_path)
    requests: list[str] = []
    context, page = open_page(chromium, html, requests)
    try:
        assert column(page, 0) == ["REQ-2:r-0c4e9a7b21f3", "CON-1:r-7856f32eddf8", "RET-1:r-b2e3274cb3a7"]
        page.click("table.wgp-table th:has-text('days')")
        assert column(page, 5) == ["3", "12", "250"]  # numbers sort as numbers
        page.click("table.wgp-table th:has-text('days')")
        assert column(page, 5) == ["250", "12", "3"]
        page.click("table.wgp-table th:has-text('when')")
        assert column(page, 4) == [
            "2024-02-05 12:00 (Asia/Atyrau)",
            "2025-07-09 08:30 (Asia/Atyrau)",
            "2026-10-01 14:00 (Asia/Atyrau)",
        ]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "findings-sorted.png"), full_page=True)
        page.fill(".wgp-filter input", "consent")
        assert column(page, 0) == ["CON-1:r-7856f32eddf8"]
        assert page.inner_text(".wgp-filter .wgp-count") == "1 of 3 rows"
        page.fill(".wgp-filter input", "severity:medium")
        assert column(page, 1) == ["REQ-2"]
        page.screenshot(path=str(ARTIFACTS / "findings-filtered.png"), full_page=True)
        page.fill(".wgp-filter input", "")
        assert len(column(page, 0)) == 3
        styles = page.eval_on_selector(
            "table.wgp-table tbody tr td",
            "td => [getComputedStyle(td).whiteSpace, getComputedStyle(td).textAlign]",
        )
        assert styles == ["nowrap", "left"]  # ids unbroken, text left-aligned
        what = page.eval_on_selector(
            "table.wgp-table tbody tr td:nth-child(4)", "td => getComputedStyle(td).textAlign"
        )
        assert what == "left"
    finally:
        context.close()
    assert [u for u in requests if not u.startswith(LOCAL_SCHEMES)] == []


def test_findings_page_loads_offline_without_errors(chromium: Browser, tmp_path: Path) -> None:
    report = inspect_page(chromium, findings_page(tmp_path), screenshot=ARTIFACTS / "findings-page.png")
    assert report.external_requests == [] and report.console_errors == [] and report.page_errors == []
    assert "1 of 3 rows" not in report.body_text and "3 rows" in report.body_text


@pytest.mark.slow
def test_a_runs_pages_sort_and_filter_offline(chromium: Browser, full_run: Any) -> None:
    run_dir: Path = full_run.outcome.run_dir
    pages = [run_dir / name for name in ("index.html", "40_requests.html", "00_summary.html")]
    for page_path in [*pages, full_run.reports_dir / "index.html"]:
        name = f"{page_path.parent.name}-{page_path.name}"
        report = inspect_page(chromium, page_path, screenshot=ARTIFACTS / f"run-{name}.png")
        assert report.external_requests == [], name
        assert report.page_errors == [] and report.console_errors == [], name
        assert "Filter rows" not in report.body_text  # a placeholder, not text
    requests: list[str] = []
    context, page = open_page(chromium, run_dir / "index.html", requests)
    try:
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        for export in ("findings.xlsx", "findings.csv", "checks.csv", "register.csv"):
            assert export in hrefs and (run_dir / export).is_file(), export
        register = page.locator("table.wgp-enhanced", has=page.locator("th", has_text="overdue"))
        checks = register.locator("tbody tr td:nth-child(2)").all_inner_texts()
        assert len(checks) > 1 and len(set(checks)) > 1, checks
        page.locator("div.wgp-filter:has(+ table th:has-text('overdue')) input").fill(f"check:{checks[0]}")
        shown = register.locator("tbody tr:not([hidden]) td:nth-child(2)").all_inner_texts()
        assert shown == [c for c in checks if checks[0].lower() in c.lower()]  # a substring filter
        page.screenshot(path=str(ARTIFACTS / "run-index-register-filtered.png"), full_page=True)
    finally:
        context.close()
    assert [u for u in requests if not u.startswith(LOCAL_SCHEMES)] == []
