"""A run's pages in real headless Chromium: every link resolves, a finding leads to its check, offline."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pytest

from browser_support import LOCAL_SCHEMES, inspect_page
from tests.conftest import FullRun
from wgp_audit.report.signoff import sign_run

from .run_copies import copy_reports

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "links"


class _Anchors(HTMLParser):
    """The ids (and <a name>s) of one page: where a #fragment may point."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(v for k, v in attrs if v and (k == "id" or (tag == "a" and k == "name")))


def anchors(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8"))
        cache[path] = parser.ids
    return cache[path]


def hrefs(browser: Browser, page_path: Path) -> list[str]:
    """Every link of a page as the browser resolves it (absolute URLs), with the page opened offline."""
    context = browser.new_context()
    context.route(
        "**/*",
        lambda route: route.abort() if not route.request.url.startswith(LOCAL_SCHEMES) else route.continue_(),
    )
    try:
        page = context.new_page()
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        found: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    finally:
        context.close()
    return found


def broken_links(browser: Browser, pages: list[Path]) -> list[str]:
    """'page -> link: why' for each link that leaves the machine, names no file, or no anchor."""
    cache: dict[Path, set[str]] = {}
    broken = []
    for page_path in pages:
        for url in hrefs(browser, page_path):
            parts = urlsplit(url)
            if parts.scheme != "file":
                broken.append(f"{page_path.name} -> {url}: not a local file")
                continue
            target = Path(url2pathname(parts.path))
            if not target.is_file():
                broken.append(f"{page_path.name} -> {url}: no such file")
            elif parts.fragment and unquote(parts.fragment) not in anchors(target, cache):
                broken.append(f"{page_path.name} -> {url}: no such anchor")
    return broken


def test_every_link_of_every_page_of_a_signed_run_resolves(
    chromium: Browser, full_run: FullRun, tmp_path: Path
) -> None:
    run_dir = copy_reports(full_run, tmp_path)
    sign_run(run_dir, "Aigul Nurlanova", "preparer")  # the index links the sign-off page it writes
    pages = sorted(run_dir.glob("*.html"))
    assert {"index.html", "checks.html", "40_requests.html", "signatures.html"} <= {p.name for p in pages}
    assert broken_links(chromium, [*pages, run_dir.parent / "index.html"]) == []
    for page_path in pages:
        if page_path.name != "signatures.html":  # written later by `wgp-audit sign`, not by the run
            assert 'class="wgp-nav"' in page_path.read_text(encoding="utf-8"), page_path.name


def test_every_page_of_a_run_loads_offline_with_zero_network_requests(
    chromium: Browser, full_run: FullRun
) -> None:
    run_dir = full_run.outcome.run_dir
    for page_path in sorted(run_dir.glob("*.html")):
        report = inspect_page(chromium, page_path)  # (checks.html is too tall for a full-page shot)
        assert report.external_requests == [], page_path.name
        assert report.page_errors == [] and report.console_errors == [], page_path.name


def test_a_finding_on_an_area_page_leads_to_its_checks_sql_note_and_parameters(
    chromium: Browser, full_run: FullRun
) -> None:
    run_dir = full_run.outcome.run_dir
    requests: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: route.abort() if not route.request.url.startswith(LOCAL_SCHEMES) else route.continue_(),
    )
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto((run_dir / "40_requests.html").as_uri(), wait_until="load")
        link = page.locator("table.wgp-table td a[href^='checks.html#']", has_text=":").first
        finding = link.inner_text()
        check_id = finding.split(":", 1)[0]
        link.click()
        page.wait_for_url(f"**/checks.html#{check_id}")
        section = page.locator(f"section[id='{check_id}']")
        assert section.is_visible()
        box = section.bounding_box()
        assert box is not None and abs(box["y"]) < 5  # scrolled to the check's section
        text = section.inner_text()
        for label in ("Requirement", "Policy clause", "Law", "Interpretation", "Parameters", "SQL"):
            assert label in text, label
        assert "$period_start" in text and "select" in text and "failed:" in text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"check-{check_id}.png"))
        page.click("nav.wgp-nav a:has-text('run index')")
        page.wait_for_url("**/index.html")
        assert page.locator("nav.wgp-nav a[aria-current='page']").inner_text() == "run index"
        page.screenshot(path=str(ARTIFACTS / "run-index.png"))
    finally:
        context.close()
    assert requests and [u for u in requests if not u.startswith(LOCAL_SCHEMES)] == []
