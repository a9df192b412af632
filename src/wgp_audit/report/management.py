"""The management summary: per area a conclusion in sentences computed from the run's results.

Assembled from what the area notebooks kept (their check results and the populations they
examined, wgp_audit.report.figures), never by running a check or reading the source again. It
opens the run's index page and the summary notebook: conclusions by area, the top risks, what
could not be audited and why, and findings by severity across the runs of the same source.
Sentences hold counts, check ids and titles, dates: never a person, a record key or a reason text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from wgp_audit.audit import Audit
from wgp_audit.coverage import run_coverage
from wgp_audit.findings import CheckResult, Outcome
from wgp_audit.report import runs
from wgp_audit.report.figures import compute as compute_figures
from wgp_audit.report.figures import load as load_figures
from wgp_audit.report.sentences import POPULATIONS, count_of

HISTORY_FILE: Final = "history.json"
TOP_RISKS: Final = 5
CHART_RUNS: Final = 12  # the chart across runs shows the latest this many
AREA_NAMES: Final = {
    "data_quality": "Data quality",
    "retention": "Retention",
    "consent": "Consent",
    "purpose": "Purpose limitation",
    "marketing": "Marketing",
    "disclosure": "Disclosure",
    "requests": "Data-subject requests",
    "logs": "Logs",
    "cookies": "Cookies",
    "localisation": "Localisation",
    "security": "Security",
    "governance": "Governance",
}


@dataclass(frozen=True)
class Conclusion:
    """One area's conclusion: its name and its sentences."""

    area: str
    name: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Risk:
    """A failing check among the top risks: severity, check, title and number of findings."""

    severity: str
    check_id: str
    title: str
    findings: int


@dataclass(frozen=True)
class Gap:
    """Something the run could not audit: the requirement or check, and why."""

    item: str
    status: str  # "not evaluable", "error" or "not testable"
    why: str


@dataclass(frozen=True)
class RunCounts:
    """One run's findings per severity, for the chart across runs."""

    run_id: str
    counts: Mapping[str, int]


@dataclass(frozen=True)
class ManagementSummary:
    """Everything the summary shows; rendered as HTML for the index page and the notebook."""

    period: str
    conclusions: tuple[Conclusion, ...]
    risks: tuple[Risk, ...]
    gaps: tuple[Gap, ...]
    history: tuple[RunCounts, ...]

    def sentences(self) -> list[str]:
        """Every sentence of the summary, in order (for reading and for tests)."""
        return [s for c in self.conclusions for s in c.sentences]

    def _repr_html_(self) -> str:
        return to_html(self, chart=False)

    def __repr__(self) -> str:
        lines = [f"Management summary ({self.period})"]
        lines += [f"{c.name}: {' '.join(c.sentences)}" for c in self.conclusions]
        return "\n".join(lines)


def summarise(
    results: Sequence[CheckResult],
    figures: Mapping[str, Any],
    history: Sequence[RunCounts] = (),
) -> ManagementSummary:
    """Build the summary from a run's check results and the populations its notebooks kept."""
    period = f"{figures.get('period_start', '?')} to {figures.get('period_end', '?')}"
    by_area: dict[str, list[CheckResult]] = {}
    for r in results:
        by_area.setdefault(r.spec.area, []).append(r)
    conclusions = tuple(
        Conclusion(area, AREA_NAMES.get(area, area), tuple(_conclude(area, checks, figures)))
        for area, checks in by_area.items()
    )
    return ManagementSummary(period, conclusions, top_risks(results), gaps(results), tuple(history))


def _conclude(area: str, checks: Sequence[CheckResult], figures: Mapping[str, Any]) -> list[str]:
    """The sentences of one area: its population, then what its checks found or could not."""
    evaluated = [r for r in checks if r.outcome in (Outcome.PASS, Outcome.FAIL)]
    left = [r for r in checks if r.outcome is Outcome.NOT_EVALUABLE]
    broken = [r.spec.id for r in checks if r.outcome is Outcome.ERROR]
    out: list[str] = []
    if not evaluated:
        if left:
            out.append(f"Not audited: {'; '.join(_lacking(left))}.")
    else:
        population = POPULATIONS.get(area)
        out += population(figures) if population else []
        failing = [r for r in evaluated if r.findings]
        if failing:
            counts = runs.severity_counts(
                {"severity": r.spec.severity.value} for r in failing for _ in r.findings
            )
            by_sev = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
            out.append(
                f"{len(failing)} of {len(evaluated)} checks evaluated found "
                f"{count_of(sum(len(r.findings) for r in failing), 'finding')} ({by_sev})."
            )
        else:
            out.append(f"All {count_of(len(evaluated), 'check')} evaluated passed.")
        if left:
            ids = ", ".join(r.spec.id for r in left)
            out.append(f"{ids} could not be evaluated: {'; '.join(_lacking(left))}.")
    if broken:
        out.append(f"Not audited: the check {', '.join(broken)} broke (see the check table).")
    return out


_NO_ROWS: Final = re.compile(r"not evaluable: (?P<items>.*) holds no rows, so compliance")
_ITEM: Final = re.compile(r",\s*(?![^()]*\))")  # a comma outside parentheses
_LOG_NAMES: Final = {"log_web": "the web log", "log_app": "the app log"}


def _lacking(results: Iterable[CheckResult]) -> list[str]:
    """What not-evaluable checks lack, each missing piece once, in the order first met."""
    out: dict[str, None] = {}
    for r in results:
        out.update(dict.fromkeys(_missing_parts(r)))
    return list(out)


def _missing_parts(result: CheckResult) -> list[str]:
    """What one not-evaluable check lacks, read from the runner's message: a log not attached, a
    table with no rows, or data the source does not provide."""
    message = result.message or ""
    empty = _NO_ROWS.match(message)
    if not empty:
        detail = message.removeprefix("not evaluable: ").split(", which this check reads", 1)[0]
        return [detail or "the data it needs"]
    parts = []
    for item in _ITEM.split(empty["items"]):
        name = item.split(" (", 1)[0].strip()
        if "not attached" in item:
            parts.append(f"{_LOG_NAMES.get(name, name)} is not attached (give the logs with --logs)")
        else:
            parts.append(f"the table {name.removeprefix('stg_')} has no rows")
    return parts


def _missing(result: CheckResult) -> str:
    """What a not-evaluable check lacks, in one phrase."""
    return "; ".join(_missing_parts(result))


def for_notebook(
    audit: Audit, results: Sequence[CheckResult], results_dir: str | Path | None = None
) -> ManagementSummary:
    """The summary notebook's summary: in a run, from the figures and history the run kept; opened
    on its own, from figures computed on the audit now and this audit alone."""
    kept = load_figures(results_dir) if results_dir else compute_figures(audit)
    return summarise(results, kept, history(results_dir, current_counts(results)))


def top_risks(results: Iterable[CheckResult], limit: int = TOP_RISKS) -> tuple[Risk, ...]:
    """The failing checks, most severe first, then by number of findings."""
    rank = {s: i for i, s in enumerate(runs.SEVERITIES)}
    failing = [
        Risk(r.spec.severity.value, r.spec.id, r.spec.title, len(r.findings)) for r in results if r.findings
    ]
    failing.sort(key=lambda k: (rank.get(k.severity, 9), -k.findings, k.check_id))
    return tuple(failing[:limit])


def gaps(results: Sequence[CheckResult]) -> tuple[Gap, ...]:
    """What could not be audited: broken and not-evaluable checks, requirements not testable."""
    out = [
        Gap(r.spec.id, "error", "the check broke; see the check table")
        for r in results
        if r.outcome is Outcome.ERROR
    ]
    out += [
        Gap(r.spec.id, "not evaluable", _missing(r)) for r in results if r.outcome is Outcome.NOT_EVALUABLE
    ]
    out += [
        Gap(c["requirement"], c["status"], c["detail"])
        for c in run_coverage(list(results))
        if c["status"] == "not testable"
    ]
    return tuple(out)


def save_history(reports_dir: Path, source: str, results_dir: str | Path) -> None:
    """Keep the earlier finished runs' findings per severity of `source` for the summary notebook."""
    rows = [{"run_id": h.run_id, "counts": dict(h.counts)} for h in history_from_runs(reports_dir, source)]
    (Path(results_dir) / HISTORY_FILE).write_text(json.dumps(rows), encoding="utf-8")


def history(results_dir: str | Path | None, current: RunCounts | None = None) -> tuple[RunCounts, ...]:
    """The earlier runs kept by save_history (none outside a run), then `current`."""
    path = Path(results_dir) / HISTORY_FILE if results_dir else None
    rows = json.loads(path.read_text(encoding="utf-8")) if path and path.is_file() else []
    earlier = [RunCounts(str(r["run_id"]), {str(k): int(v) for k, v in r["counts"].items()}) for r in rows]
    return (*earlier, *([current] if current else []))


def history_from_runs(reports_dir: Path, source: str) -> tuple[RunCounts, ...]:
    """The finished runs of `source` under `reports_dir`, oldest first."""
    return tuple(
        RunCounts(str(r["run_id"]), r.get("severity_counts", {}))
        for r in runs.load_runs(reports_dir)
        if runs.finished(r) and r.get("source") == source
    )


def current_counts(results: Iterable[CheckResult], run_id: str = "this audit") -> RunCounts:
    """This run's findings per severity."""
    return RunCounts(
        run_id, runs.severity_counts({"severity": r.spec.severity.value} for r in results for _ in r.findings)
    )


def severity_chart(history: Sequence[RunCounts], width: int = 640, bar: int = 22) -> str:
    """An inline SVG of findings by severity per run (stacked bars, one row a run, oldest first;
    the latest CHART_RUNS runs)."""
    if not history:
        return "<p>No runs of this source recorded yet.</p>"
    history = history[-CHART_RUNS:]
    label, gap = 230, 4
    peak = max(sum(h.counts.values()) for h in history) or 1
    scale = (width - label - 60) / peak
    height = len(history) * (bar + gap) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="Findings by severity across the runs of this source" font-size="12">'
    ]
    for i, h in enumerate(history):
        y, x = 20 + i * (bar + gap), float(label)
        parts.append(f'<text x="0" y="{y + bar - 7}">{html.escape(h.run_id)}</text>')
        for sev in runs.SEVERITIES:
            n = int(h.counts.get(sev, 0))
            if n:
                w = n * scale
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                    f'fill="{runs.SEVERITY_COLOURS[sev]}"><title>{sev}: {n}</title></rect>'
                )
                x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + bar - 7}">{sum(h.counts.values())}</text>')
    legend_y, lx = height - 8, label
    for sev in runs.SEVERITIES:
        parts.append(
            f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{runs.SEVERITY_COLOURS[sev]}"/>'
        )
        parts.append(f'<text x="{lx + 16}" y="{legend_y}">{sev}</text>')
        lx += 90
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class SeverityChart:
    """The chart of findings by severity across runs, shown by a notebook cell."""

    history: tuple[RunCounts, ...]

    def _repr_html_(self) -> str:
        return severity_chart(self.history)

    def __repr__(self) -> str:
        return "\n".join(f"{h.run_id}: {dict(h.counts)}" for h in self.history)


def to_html(summary: ManagementSummary, chart: bool = True) -> str:
    """The summary as an HTML section (escaped; the chart, when asked for, is inline SVG)."""
    areas = "".join(
        f"<li><strong>{html.escape(c.name)}.</strong> {html.escape(' '.join(c.sentences))}</li>"
        for c in summary.conclusions
    )
    risks = (
        runs.table(
            ["severity", "check", "title", "findings"],
            [[r.severity, r.check_id, r.title, str(r.findings)] for r in summary.risks],
        )
        if summary.risks
        else "<p>No check found anything.</p>"
    )
    gap_rows = [[g.item, g.status, g.why] for g in summary.gaps]
    not_audited = (
        runs.table(["requirement or check", "status", "why"], gap_rows)
        if gap_rows
        else "<p>Everything was audited.</p>"
    )
    trend = severity_chart(summary.history) if chart else ""
    return (
        '<section id="management-summary"><h2>Management summary</h2>'
        f"<p>Audit period {html.escape(summary.period)}.</p>"
        f"<h3>Conclusions by area</h3><ul>{areas}</ul>"
        f"<h3>Top risks</h3>{risks}"
        + (f"<h3>Findings by severity across the runs of this source</h3>{trend}" if chart else "")
        + f"<h3>What could not be audited, and why</h3>{not_audited}"
        "</section>"
    )
