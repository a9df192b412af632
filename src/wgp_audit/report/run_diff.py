"""The run diff as a reader sees it: findings new, resolved and persisting, grouped by check.

runs.diff_findings compares finding ids (`<check id>:<record pseudonym>`); here they are counted
per check and title, each check linked to its section of checks.html, the ids kept only as a
folded detail.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Final

from wgp_audit.report import runs
from wgp_audit.report.check_pages import check_href

CHANGES: Final = ("new", "resolved", "persisting")


def check_of(finding_id: str) -> str:
    """The check id a finding id starts with ('DSR-1:r-0c4e...' -> 'DSR-1')."""
    return finding_id.split(":", 1)[0]


def check_titles() -> dict[str, str]:
    """Every check's title, from the check files."""
    from wgp_audit.checks import load_checks

    return {spec.id: spec.title for spec in load_checks()}


def diff_rows(diff: Mapping[str, Any], titles: Mapping[str, str]) -> list[dict[str, Any]]:
    """Per check with any finding in the diff: its title and the count and ids of each change,
    checks with new findings first, then by check id."""
    ids: dict[str, dict[str, list[str]]] = {}
    for change in CHANGES:
        for finding_id in diff.get(change) or ():
            ids.setdefault(check_of(finding_id), {c: [] for c in CHANGES})[change].append(finding_id)
    rows = [
        {
            "check_id": check,
            "title": titles.get(check, ""),
            **{change: len(found[change]) for change in CHANGES},
            "ids": found,
        }
        for check, found in ids.items()
    ]
    return sorted(rows, key=lambda r: (-r["new"], -r["resolved"], r["check_id"]))


def totals(diff: Mapping[str, Any]) -> Counter[str]:
    """How many findings are new, resolved and persisting."""
    return Counter({change: len(diff.get(change) or ()) for change in CHANGES})


def diff_section(diff: Mapping[str, Any], titles: Mapping[str, str] | None = None) -> str:
    """The run index's comparison with the previous run of the same source, as HTML."""
    e = html.escape
    previous = diff.get("previous_run")
    heading = f"<h2>Compared with the previous run ({e(str(previous or 'none'))})</h2>"
    count = totals(diff)
    if previous is None:
        return (
            heading + f"<p>No earlier run of this source: all {count['new']} findings are new; "
            "later runs of the same source are compared with this one.</p>"
        )
    rows = diff_rows(diff, titles if titles is not None else check_titles())
    if not rows:
        return heading + "<p>No findings in either run.</p>"
    summary = (
        f"<p>{count['new']} new, {count['resolved']} resolved and {count['persisting']} persisting "
        f"findings in {len(rows)} checks.</p>"
    )
    table = runs.table(
        ["check", "title", *CHANGES, "finding ids"],
        [
            [
                f'<a href="{check_href(r["check_id"])}">{e(r["check_id"])}</a>',
                e(r["title"]),
                *(str(r[c]) for c in CHANGES),
                _ids_detail(r["ids"]),
            ]
            for r in rows
        ],
        raw_columns=(0, 1, 5),
    )
    return heading + summary + table


def _ids_detail(ids: Mapping[str, Iterable[str]]) -> str:
    """The finding ids of one check, folded away (a detail, not what the reader reads first)."""
    parts = [
        f"<b>{change}:</b> " + ", ".join(f'<span class="wgp-id">{html.escape(i)}</span>' for i in found)
        for change, found in ((c, list(ids[c])) for c in CHANGES)
        if found
    ]
    return f"<details><summary>ids</summary>{'<br>'.join(parts)}</details>"
