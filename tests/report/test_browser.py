"""Reports opened in real headless Chromium: charts render offline, no errors, no network."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_support import inspect_page, keep_artifact, require_chromium
from wgp_audit.report.html import export_html

from .notebooks import ExecutedRun

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_report_renders_its_chart_offline_without_errors(
    executed: ExecutedRun, chromium: Browser, tmp_path: Path
) -> None:
    html = export_html(executed.chart.output_path, tmp_path / "10_chart.html")
    page = inspect_page(chromium, html, screenshot=tmp_path / "10_chart.png")
    assert page.rendered_charts >= 1, page.charts
    assert page.console_errors == []
    assert page.page_errors == []
    assert page.external_requests == []
    assert page.screenshot is not None and page.screenshot.stat().st_size > 10_000
    keep_artifact(page.screenshot)
    keep_artifact(html)


def test_incomplete_banner_is_visible_in_the_browser(
    executed: ExecutedRun, chromium: Browser, tmp_path: Path
) -> None:
    html = export_html(executed.failing.output_path, tmp_path / "20_failing.html")
    page = inspect_page(chromium, html, screenshot=tmp_path / "20_failing.png")
    assert "INCOMPLETE: failed at cell" in page.body_text
    assert page.external_requests == []
    keep_artifact(page.screenshot or html)


def test_harness_catches_and_blocks_a_cdn_script(chromium: Browser, tmp_path: Path) -> None:
    html = tmp_path / "cdn.html"
    html.write_text(
        '<html><head><script src="https://cdn.jsdelivr.net/npm/vega@5"></script></head>'
        "<body><p>no chart</p></body></html>"
    )
    page = inspect_page(chromium, html)
    assert page.external_requests == ["https://cdn.jsdelivr.net/npm/vega@5"]
    assert page.console_errors  # the blocked script is reported as a failed load
    assert page.rendered_charts == 0


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_chromium_fails_under_ci(ci: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_chromium(tmp_path / "no-chromium")


def test_missing_chromium_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"install-chromium\.sh"):
        require_chromium(tmp_path / "no-chromium")
