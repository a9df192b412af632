"""Open local HTML reports in real headless Chromium (Playwright) and record what the page did.

Every request that is not `file:` or `data:` is recorded and blocked, so a report that would load
something from the network fails the test here instead of silently working online.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request, Route

CHROMIUM: Final = Path("/usr/bin/chromium")
CHROMIUM_ARGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
)
LOCAL_SCHEMES: Final = ("file:", "data:", "about:", "blob:")

# Top-level chart elements inside output cells: inline <svg>, or an <img> (nbconvert embeds
# image/svg+xml outputs as <img src="data:image/svg+xml;base64,...">).
_CHARTS_JS: Final = """
() => Array.from(document.querySelectorAll(
        '.jp-OutputArea-output svg, .jp-OutputArea-output img'))
    .filter(el => !(el.tagName.toLowerCase() === 'svg' && el.parentElement.closest('svg')))
    .map(el => {
        const box = el.getBoundingClientRect();
        const isImg = el.tagName.toLowerCase() === 'img';
        return {
            kind: isImg ? 'img:' + (el.getAttribute('src') || '').slice(0, 20) : 'svg',
            width: box.width,
            height: box.height,
            decoded: isImg ? (el.complete && el.naturalWidth > 0) : true,
        };
    })
"""


@dataclass(frozen=True)
class ChartBox:
    """One chart element found in an output cell, with its rendered size."""

    kind: str
    width: float
    height: float
    decoded: bool

    @property
    def rendered(self) -> bool:
        """Return True when the chart decoded and occupies a non-empty area."""
        return self.decoded and self.width > 0 and self.height > 0


@dataclass
class PageReport:
    """What happened while a page loaded: errors, blocked network requests, charts, screenshot."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    charts: list[ChartBox] = field(default_factory=list)
    screenshot: Path | None = None
    body_text: str = ""

    @property
    def rendered_charts(self) -> int:
        """Return the number of charts that rendered with a non-zero size."""
        return sum(chart.rendered for chart in self.charts)


def require_chromium(executable: Path = CHROMIUM) -> Path:
    """Return Chromium's path; skip the test if it is absent, or fail when CI is set."""
    if executable.is_file() and os.access(executable, os.X_OK):
        return executable
    reason = f"{executable} not found; install it with scripts/install-chromium.sh (as root)"
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI is set and {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Start headless Chromium through Playwright and stop it afterwards."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


def inspect_page(browser: Browser, html_path: Path, screenshot: Path | None = None) -> PageReport:
    """Load `html_path` in a fresh context, block external requests, and report what happened."""
    report = PageReport()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()

        def note_external(url: str) -> bool:
            external = not url.startswith(LOCAL_SCHEMES)
            if external and url not in report.external_requests:
                report.external_requests.append(url)
            return external

        def block_external(route: Route) -> None:
            if note_external(route.request.url):
                route.abort()
            else:
                route.continue_()

        context.route("**/*", block_external)
        page.on(
            "console",
            lambda message: report.console_errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: report.page_errors.append(str(error)))

        def on_request(request: Request) -> None:
            note_external(request.url)

        page.on("request", on_request)
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        page.wait_for_load_state("networkidle")
        report.charts = [ChartBox(**box) for box in page.evaluate(_CHARTS_JS)]
        report.body_text = page.inner_text("body")
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
            report.screenshot = screenshot
    finally:
        context.close()
    return report


def keep_artifact(path: Path) -> Path | None:
    """Copy `path` into $WGP_AUDIT_ARTIFACTS when that variable is set; return the copy."""
    target_dir = os.environ.get("WGP_AUDIT_ARTIFACTS")
    if not target_dir:
        return None
    target = Path(target_dir) / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, target)
    return target
