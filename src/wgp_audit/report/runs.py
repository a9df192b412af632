"""The runs kept under reports/: run ids, the previous run of a source, finding diffs, the run list."""

from __future__ import annotations

import datetime as dt
import html
import json
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

RUN_FILE: Final = "run.json"
FINDINGS_FILE: Final = "findings.json"
#: Present in a run folder from its creation until the run has written everything: a run that died
#: (crash, lost source, Ctrl-C, killed) keeps it, with the reason when there was time to write one.
UNFINISHED_FILE: Final = "INCOMPLETE.txt"
UNFINISHED_TEXT: Final = (
    "INCOMPLETE: this run has not finished (it is still running, or it died "
    "before it could say why); its pages may be missing or partial.\n"
)
SEVERITIES: Final = ("high", "medium", "low")
#: One colour per severity (Okabe-Ito), in the run list and the summary's chart across runs.
SEVERITY_COLOURS: Final = {"high": "#D55E00", "medium": "#E69F00", "low": "#56B4E9"}
PAGE_STYLE: Final = """<style>
body { font: 15px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 24px; color: #111; }
table { border-collapse: collapse; margin: 8px 0 20px; }
th, td { border: 1px solid #bbb; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #eee; }
.incomplete { background: #E69F00; font-weight: bold; }
.banner { padding: 10px 16px; border: 3px solid #000; background: #D55E00; color: #fff; font-weight: bold; }
.bar { display: inline-block; height: 12px; }
</style>"""


def new_run_id(now: dt.datetime | None = None) -> str:
    """Return a new run id such as 2026-11-25T101500Z-a1b2c3 (UTC time and 6 random hex digits)."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return f"{now:%Y-%m-%dT%H%M%SZ}-{secrets.token_hex(3)}"


@dataclass(frozen=True)
class FindingDiff:
    """Finding ids new since the previous run, resolved since then, and persisting."""

    previous_run: str | None
    new: tuple[str, ...]
    resolved: tuple[str, ...]
    persisting: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the diff as JSON-ready data."""
        return {
            "previous_run": self.previous_run,
            "new": list(self.new),
            "resolved": list(self.resolved),
            "persisting": list(self.persisting),
        }


def diff_findings(
    previous: Iterable[str] | None, current: Iterable[str], previous_run: str | None = None
) -> FindingDiff:
    """Compare finding ids of two runs (no previous run: every finding is new)."""
    before, now = set(previous or ()), set(current)
    return FindingDiff(
        previous_run, tuple(sorted(now - before)), tuple(sorted(before - now)), tuple(sorted(now & before))
    )


def load_runs(reports_dir: Path) -> list[dict[str, Any]]:
    """Every run record under `reports_dir`, oldest first; a run that never wrote run.json but is
    marked unfinished is listed as such (other folders are skipped)."""
    runs = []
    for path in sorted(reports_dir.glob(f"*/{RUN_FILE}")):
        try:
            runs.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    recorded = {str(r.get("run_id")) for r in runs}
    for marker in sorted(reports_dir.glob(f"*/{UNFINISHED_FILE}")):
        if marker.parent.name not in recorded:
            runs.append({"run_id": marker.parent.name, "incomplete": True, "status": "unfinished"})
    return sorted(runs, key=lambda r: str(r.get("run_id", "")))


def finished(record: Mapping[str, Any]) -> bool:
    """True when the run wrote all its results (its notebooks may still have failed)."""
    return str(record.get("status", "complete")) == "complete"


def previous_run(reports_dir: Path, source: str, before: str) -> dict[str, Any] | None:
    """The latest finished run of the same source whose id sorts before `before`, or None."""
    same = [
        r
        for r in load_runs(reports_dir)
        if finished(r) and r.get("source") == source and r.get("run_id", "") < before
    ]
    return same[-1] if same else None


def finding_ids(run_dir: Path) -> list[str] | None:
    """The finding ids recorded in a run folder's findings.json, None if it has none."""
    path = run_dir / FINDINGS_FILE
    if not path.is_file():
        return None
    return [f["finding_id"] for f in json.loads(path.read_text(encoding="utf-8"))["findings"]]


def severity_counts(findings: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Findings counted per severity (every severity present, zero included)."""
    counts = Counter(str(f["severity"]) for f in findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def severity_bar(counts: Mapping[str, int], px_per_finding: float) -> str:
    """Inline HTML bar of findings stacked by severity, one coloured segment each (titled)."""
    return "".join(
        f'<span class="bar" title="{s}: {n}" style="width:{max(1, round(n * px_per_finding))}px;'
        f'background:{SEVERITY_COLOURS[s]}"></span>'
        for s in SEVERITIES
        if (n := int(counts.get(s, 0)))
    )


def page(title: str, body: str, banner: str | None = None) -> str:
    """Return a complete, self-contained HTML page (nothing fetched; the only script is the inline
    table sort/filter that callers add with wgp_audit.report.tables.assets())."""
    top = f'<div class="banner" role="alert">{html.escape(banner)}</div>' if banner else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title>{PAGE_STYLE}</head><body>{top}<h1>{html.escape(title)}</h1>{body}</body></html>\n"
    )


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], raw_columns: Iterable[int] = ()) -> str:
    """Return an HTML table; cells are escaped except in `raw_columns` (already HTML)."""
    raw = set(raw_columns)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{c if i in raw else html.escape(str(c))}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_runs_index(reports_dir: Path) -> Path:
    """Write reports/index.html: every run, newest first, with its findings per severity (the trend)."""
    runs = load_runs(reports_dir)
    peak = max((sum(r.get("severity_counts", {}).values()) for r in runs), default=0) or 1
    rows = []
    for r in reversed(runs):
        counts = r.get("severity_counts", {})
        total = sum(counts.values())
        diff = r.get("diff", {})
        link = f'<a href="{html.escape(r["run_id"])}/index.html">{html.escape(r["run_id"])}</a>'
        bar = severity_bar(counts, 200 / peak) + f" {total}"
        status = {
            "interrupted": "INTERRUPTED",
            "failed": "FAILED: INCOMPLETE",
            "unfinished": "UNFINISHED (running or died)",
        }.get(str(r.get("status")), "INCOMPLETE" if r.get("incomplete") else "complete")
        if r.get("failure"):
            status += f" ({r['failure']})"
        rows.append(
            [
                link,
                html.escape(r.get("source", "")),
                html.escape(r.get("period", "")),
                status,
                bar,
                *(str(counts.get(s, 0)) for s in SEVERITIES),
                str(len(diff.get("new", []))),
                str(len(diff.get("resolved", []))),
                "yes" if r.get("reveal") else "",
            ]
        )
    body = (
        table(
            ["run", "source", "period", "status", "findings", *SEVERITIES, "new", "resolved", "raw values"],
            rows,
            raw_columns=(0, 1, 2, 4),
        )
        if rows
        else "<p>No runs yet.</p>"
    )
    out = reports_dir / "index.html"
    from wgp_audit.report.tables import assets  # sort and filter the run list, offline

    out.write_text(page("wgp-audit runs", body + assets()), encoding="utf-8")
    return out
