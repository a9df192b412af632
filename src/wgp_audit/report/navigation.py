"""Links between the pages of a run: a bar on every page, every finding linked to its check.

After a run has written its pages (index.html, the area pages, checks.html), `link_run_pages`
puts the same navigation bar at the top of each (run index, area pages, checks, all runs) and turns
every table cell holding a check id or a finding id (`DSR-1`, `DSR-1:r-0c4e...`) into a link to
that check's section of checks.html. Pages are plain files: the links are relative, nothing is
fetched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Final

from wgp_audit.report.check_pages import CHECKS_PAGE, check_href

INDEX_PAGE: Final = "index.html"
RUNS_LIST: Final = "../index.html"
NAV_CLASS: Final = "wgp-nav"
_BODY: Final = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_ID_CELL: Final = re.compile(
    r'<td>(?P<open><span class="wgp-id">)?(?P<id>[A-Z]+-\d+[a-z]?)(?P<rest>(?::[^<:]+)?)'
    r"(?P<close></span>)?</td>"
)
_NAV_STYLE: Final = (
    "<style>.wgp-nav { font: 14px/1.6 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; "
    "padding: 6px 12px; margin: 0 0 12px; background: #f0f0f0; border-bottom: 1px solid #bbb; } "
    ".wgp-nav a { margin-right: 4px; color: #0b4f8a; text-decoration: underline; } "
    ".wgp-nav a[aria-current] { font-weight: bold; color: #000; } "
    "@media print { .wgp-nav { display: none; } }</style>"
)


def area_pages(run_dir: Path) -> list[str]:
    """The run's notebook pages (00_summary.html, 10_retention.html, ...), in order."""
    return sorted(p.name for p in run_dir.glob("[0-9][0-9]_*.html"))


def nav_bar(current: str, areas: Sequence[str], checks: bool = True) -> str:
    """The navigation bar of one page (`current` is its file name, marked as the current page)."""

    def link(href: str, label: str) -> str:
        mark = ' aria-current="page"' if href == current else ""
        return f'<a href="{html.escape(href, quote=True)}"{mark}>{html.escape(label)}</a>'

    parts = [link(INDEX_PAGE, "run index")]
    if areas:
        parts.append("areas: " + " ".join(link(a, a.removesuffix(".html").split("_", 1)[-1]) for a in areas))
    if checks:
        parts.append(link(CHECKS_PAGE, "checks"))
    parts.append(link(RUNS_LIST, "all runs"))
    return f'<nav class="{NAV_CLASS}" aria-label="pages of this run">{_NAV_STYLE}{" · ".join(parts)}</nav>'


def link_checks(page: str, check_ids: Collection[str]) -> str:
    """Every table cell holding exactly a check id or a finding id of one of `check_ids` becomes a
    link to the check's section of checks.html (other cells, and cells already linked, are kept)."""

    def linked(m: re.Match[str]) -> str:
        if m["id"] not in check_ids or bool(m["open"]) != bool(m["close"]):
            return m[0]
        link = f'<a href="{check_href(m["id"])}">{m["id"]}{m["rest"]}</a>'
        return f"<td>{m['open'] or ''}{link}{m['close'] or ''}</td>"

    return _ID_CELL.sub(linked, page)


def add_nav(page: str, nav: str) -> str:
    """The page with `nav` right after its <body> tag (a page that has a bar keeps it)."""
    if f'class="{NAV_CLASS}"' in page:
        return page
    m = _BODY.search(page)
    if m is None:
        return nav + page
    return page[: m.end()] + nav + page[m.end() :]


def link_run_pages(run_dir: Path, check_ids: Iterable[str]) -> list[Path]:
    """Add the navigation bar to every page of `run_dir` and link its findings to their checks;
    return the pages changed."""
    ids = frozenset(check_ids)
    areas = area_pages(run_dir)
    checks = (run_dir / CHECKS_PAGE).is_file()
    pages = [run_dir / INDEX_PAGE, *(run_dir / a for a in areas), run_dir / CHECKS_PAGE]
    changed = []
    for path in pages:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        new = add_nav(link_checks(text, ids), nav_bar(path.name, areas, checks))
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed
