"""Findings, the check summary and the register as CSV and Excel files a reader can filter.

Every run writes findings.csv, checks.csv, register.csv and findings.xlsx into its folder; `wgp-audit
check --out FILE` writes the format its extension names. Values are those of findings.json (times
as findings.json writes them, with their UTC offset). In the Excel file each area has its own sheet,
the header row is frozen and every sheet has a filter; text is written as text, never as a formula.
In the CSV files a text that a spreadsheet would run as a formula (it starts with = + - @) gets a
leading apostrophe.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Final

from wgp_audit.errors import ParameterError, redact_secrets
from wgp_audit.register import FIELDS as REGISTER_FIELDS
from wgp_audit.register import Entry, Update

FORMATS: Final = (".json", ".csv", ".xlsx")
FINDINGS_CSV: Final = "findings.csv"
CHECKS_CSV: Final = "checks.csv"
REGISTER_CSV: Final = "register.csv"
WORKBOOK: Final = "findings.xlsx"
FINDING_COLUMNS: Final = (
    "finding_id",
    "check_id",
    "area",
    "severity",
    "title",
    "clause",
    "law",
    "record",
    "subject",
    "occurred_at",
    "reason",
)
CHECK_COLUMNS: Final = ("check_id", "area", "severity", "title", "outcome", "findings", "seconds", "message")
CHECKS_SHEET: Final = "checks (summary)"
REGISTER_SHEET: Final = "register"
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_FREE_TEXT: Final = ("reason", "message")
_WIDTHS: Final = {
    "finding_id": 24,
    "check_id": 9,
    "title": 48,
    "reason": 60,
    "clause": 30,
    "law": 22,
    "message": 50,
    "comment": 40,
    "occurred_at": 26,
    "first_seen_run": 26,
    "last_seen_run": 26,
}


def out_format(path: str | Path) -> str:
    """The format `check --out` writes to `path`: .json, .csv or .xlsx by its extension, JSON for a
    name without one (as before, e.g. /dev/stdout); any other extension is refused."""
    suffix = Path(path).suffix.lower()
    if not suffix:
        return ".json"
    if suffix not in FORMATS:
        raise ParameterError(
            f"--out {path}: cannot write a {suffix} file", hint="name the file .json, .csv or .xlsx"
        )
    return suffix


def plain(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows as findings.json holds them (times and other values as JSON writes them, secrets in
    the free text redacted: the reason of a finding, the message of a check)."""
    data: list[dict[str, Any]] = json.loads(json.dumps(list(rows), default=str))
    for row in data:
        for key in _FREE_TEXT:
            if isinstance(row.get(key), str):
                row[key] = redact_secrets(row[key])
    return data


def register_rows(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """Register entries as rows (in finding id order)."""
    return [asdict(e) for e in sorted(entries, key=lambda e: e.finding_id)]


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV with a header; a formula-like text is defused with a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    """A value for a CSV cell: empty for None, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Path:
    """Write rows as CSV (UTF-8 with a byte-order mark, so that Excel reads Cyrillic correctly)."""
    path.write_text(csv_text(rows, columns), encoding="utf-8-sig")
    return path


def write_workbook(
    path: Path,
    findings: Sequence[Mapping[str, Any]],
    checks: Sequence[Mapping[str, Any]],
    register: Sequence[Mapping[str, Any]] | None = None,
) -> Path:
    """Write the Excel file: one findings sheet per area, then the check summary and the register.

    Every area with a check gets a sheet (an area without findings shows only its header).
    """
    import xlsxwriter

    areas = sorted({str(c["area"]) for c in checks} | {str(f["area"]) for f in findings})
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    try:
        bold = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
        for area in areas:
            _sheet(book, bold, _sheet_name(area), [f for f in findings if f["area"] == area], FINDING_COLUMNS)
        _sheet(book, bold, CHECKS_SHEET, checks, CHECK_COLUMNS)
        if register is not None:
            _sheet(book, bold, REGISTER_SHEET, register, REGISTER_FIELDS)
    finally:
        book.close()
    return path


def _sheet_name(area: str) -> str:
    r"""An Excel sheet name (at most 31 characters, none of []:*?/\)."""
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in area)[:31]


def _sheet(
    book: Any, bold: Any, name: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]
) -> None:
    """One sheet: a bold frozen header, the rows (numbers as numbers), a filter over all of it."""
    sheet = book.add_worksheet(name)
    for col, title in enumerate(columns):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, _WIDTHS.get(title, 14))
    for r, row in enumerate(rows, start=1):
        for col, key in enumerate(columns):
            value = row.get(key)
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)


def write_run_exports(
    run_dir: Path,
    findings: Sequence[Mapping[str, Any]],
    checks: Sequence[Mapping[str, Any]],
    carried: tuple[Sequence[Entry], Update] | None,
) -> list[Path]:
    """Write a run's findings, check summary and register rows as CSV and as one Excel file
    (`carried`: what `register.carry_run` returned; None for a --reveal run, no register rows).

    Call before the evidence is written (it fingerprints every file of the run folder).
    """
    found, summary = plain(findings), plain(checks)
    kept = register_rows(carried[0] if carried is not None else ())
    return [
        write_csv(run_dir / FINDINGS_CSV, found, FINDING_COLUMNS),
        write_csv(run_dir / CHECKS_CSV, summary, CHECK_COLUMNS),
        write_csv(run_dir / REGISTER_CSV, kept, REGISTER_FIELDS),
        write_workbook(run_dir / WORKBOOK, found, summary, kept),
    ]


def write_check_out(
    path: Path, checks: Sequence[Mapping[str, Any]], findings: Sequence[Mapping[str, Any]]
) -> list[Path]:
    """Write `check --out`: JSON (checks and findings), CSV (findings; the checks beside it in
    <name>.checks.csv) or Excel (a sheet per area and the check summary), by the extension."""
    kind = out_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    found, summary = plain(findings), plain(checks)
    if kind == ".json":
        path.write_text(json.dumps({"checks": summary, "findings": found}, indent=1), encoding="utf-8")
        return [path]
    if kind == ".csv":
        beside = path.with_name(f"{path.stem}.checks.csv")
        return [write_csv(path, found, FINDING_COLUMNS), write_csv(beside, summary, CHECK_COLUMNS)]
    return [write_workbook(path, found, summary)]


def register_section(carried: tuple[Sequence[Entry], Update] | None, as_of: str) -> str:
    """The run page's register section: each finding of the run with status, owner, due, overdue,
    and whether it reappeared after being resolved (None: a --reveal run, no register kept)."""
    import datetime as dt

    if carried is None:
        return (
            "<h2>Findings register</h2><p>Not kept for a run with --reveal: its finding ids hold "
            "raw record keys, which the register must not hold.</p>"
        )
    entries, update = carried
    day = dt.date.fromisoformat(as_of)
    reopened = set(update.regressions)
    overdue = [e for e in entries if e.overdue(day)]
    counts = {s: sum(e.status == s for e in entries) for s in dict.fromkeys(e.status for e in entries)}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items()) or "no findings"
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{cell}</td>"
            for cell in (
                f'<span class="wgp-id">{html.escape(e.finding_id)}</span>',
                html.escape(e.check_id),
                html.escape(e.title),
                html.escape(e.status),
                html.escape(e.owner),
                html.escape(e.due),
                '<span class="incomplete">OVERDUE</span>' if e.overdue(day) else "",
                '<span class="incomplete">REGRESSION</span>' if e.finding_id in reopened else "",
                html.escape(e.comment),
                html.escape(e.first_seen_run),
            )
        )
        + "</tr>"
        for e in entries
    )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "finding",
            "check",
            "title",
            "status",
            "owner",
            "due",
            "overdue",
            "regression",
            "comment",
            "first seen",
        )
    )
    return (
        f"<h2>Findings register ({len(entries)} findings of this run)</h2>"
        f"<p>Status as of {html.escape(as_of)}: {html.escape(summary)}; {len(overdue)} overdue, "
        f"{len(reopened)} reappeared after being resolved. Edit <code>register.csv</code> beside "
        "the runs, or use <code>wgp-audit register</code>; the next run shows the change.</p>"
        f'<table class="wgp-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        '<p>Exports: <a href="findings.xlsx">findings.xlsx</a> (a sheet per area) · '
        '<a href="findings.csv">findings.csv</a> · <a href="checks.csv">checks.csv</a> · '
        '<a href="register.csv">register.csv</a></p>'
    )
