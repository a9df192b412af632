"""Exports: findings, check summary and register as CSV and Excel, from a run and from `check --out`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wgp_audit import register
from wgp_audit.cli import main
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ExitCode
from wgp_audit.report import exports

FINDINGS: list[dict[str, Any]] = [
    {
        "finding_id": "RET-1:r-1",
        "check_id": "RET-1",
        "area": "retention",
        "severity": "high",
        "title": "Kept too long",
        "clause": "PP-7",
        "law": "Art. 12 L94",
        "record": "r-1",
        "subject": "p-1",
        "occurred_at": "2024-02-05 12:00:00+05:00",
        "reason": '=HYPERLINK("http://x")',
    },
    {
        "finding_id": "CON-1:r-2",
        "check_id": "CON-1",
        "area": "consent",
        "severity": "high",
        "title": "No consent",
        "clause": "PP-3",
        "law": "Art. 7 L94",
        "record": "r-2",
        "subject": None,
        "occurred_at": None,
        "reason": "account created 2024-08-12 has no consent on record",
    },
]
CHECKS: list[dict[str, Any]] = [
    {
        "check_id": "RET-1",
        "area": "retention",
        "severity": "high",
        "title": "Kept too long",
        "outcome": "fail",
        "findings": 1,
        "seconds": 0.25,
        "message": None,
    },
    {
        "check_id": "CON-1",
        "area": "consent",
        "severity": "high",
        "title": "No consent",
        "outcome": "fail",
        "findings": 1,
        "seconds": 0.5,
        "message": None,
    },
    {
        "check_id": "LOG-1",
        "area": "logs",
        "severity": "low",
        "title": "Logs kept",
        "outcome": "pass",
        "findings": 0,
        "seconds": 0.1,
        "message": None,
    },
]


def sheet_rows(sheet: Any) -> list[dict[str, Any]]:
    """A worksheet's rows as dicts keyed by its header (empty cells as None)."""
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_workbook_has_a_sheet_per_area_frozen_header_and_filter(tmp_path: Path) -> None:
    path = exports.write_workbook(tmp_path / "f.xlsx", FINDINGS, CHECKS)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["consent", "logs", "retention", "checks (summary)"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    assert sheet_rows(book["retention"]) == [FINDINGS[0]]
    assert sheet_rows(book["consent"]) == [FINDINGS[1]]
    assert sheet_rows(book["logs"]) == []  # an area without findings keeps its header
    assert sheet_rows(book["checks (summary)"]) == CHECKS
    assert book["retention"]["K2"].data_type == "s"  # a formula-like reason stays text


def test_csv_defuses_formula_like_text_and_keeps_the_rest(tmp_path: Path) -> None:
    path = exports.write_csv(tmp_path / "f.csv", FINDINGS, exports.FINDING_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0]["reason"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["reason"] == FINDINGS[1]["reason"] and rows[1]["subject"] == ""
    assert [r["finding_id"] for r in rows] == ["RET-1:r-1", "CON-1:r-2"]


@pytest.mark.parametrize("name", ["findings.txt", "findings.pdf", "findings.XLS"])
def test_check_out_with_another_extension_is_refused_before_anything_runs(
    demo: DemoOutput, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = tmp_path / name
    code = main(["check", "--source", str(demo.database), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == ExitCode.USAGE
    assert "name the file .json, .csv or .xlsx" in captured.err
    assert captured.out == ""  # no check ran
    assert not out.exists()


def test_check_out_writes_csv_and_excel_by_extension(
    demo: DemoOutput, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "check",
                "--source",
                str(demo.database),
                "--area",
                "retention",
                "--out",
                str(tmp_path / "f.json"),
            ]
        )
        == ExitCode.FINDINGS
    )
    wanted = json.loads((tmp_path / "f.json").read_text())
    assert (
        main(
            [
                "check",
                "--source",
                str(demo.database),
                "--area",
                "retention",
                "--out",
                str(tmp_path / "f.xlsx"),
            ]
        )
        == ExitCode.FINDINGS
    )
    assert (
        main(
            ["check", "--source", str(demo.database), "--area", "retention", "--out", str(tmp_path / "f.csv")]
        )
        == ExitCode.FINDINGS
    )
    book = openpyxl.load_workbook(tmp_path / "f.xlsx")
    assert book.sheetnames == ["retention", "checks (summary)"]
    assert sheet_rows(book["retention"]) == wanted["findings"] and wanted["findings"]
    found = list(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text(encoding="utf-8-sig"))))
    assert [r["finding_id"] for r in found] == [f["finding_id"] for f in wanted["findings"]]
    checks = list(csv.DictReader(io.StringIO((tmp_path / "f.checks.csv").read_text(encoding="utf-8-sig"))))
    assert [c["check_id"] for c in checks] == [c["check_id"] for c in wanted["checks"]]


def test_register_section_shows_status_owner_overdue_and_regression() -> None:
    run = "2026-11-02T100000Z-bbbbbb"
    entries = [
        register.Entry(
            "CON-1:r-2",
            "CON-1",
            "No consent",
            run,
            run,
            "in remediation",
            "Aigerim",
            "2026-10-15",
            "ticket 42",
        ),
        register.Entry(
            "RET-1:r-1",
            "RET-1",
            "Kept too long",
            run,
            run,
            "open",
            "",
            "",
            f"regression: reappeared in run {run}",
        ),
    ]
    page = exports.register_section((entries, register.Update((), ("RET-1:r-1",))), "2026-10-31")
    assert "1 in remediation, 1 open; 1 overdue, 1 reappeared after being resolved" in page
    row = page.split("<tr>")[2]
    assert "Aigerim" in row and "2026-10-15" in row and "OVERDUE" in row and "REGRESSION" not in row
    assert "REGRESSION" in page.split("<tr>")[3]
    assert "Not kept for a run with --reveal" in exports.register_section(None, "2026-10-31")


@pytest.mark.slow
def test_a_run_writes_its_exports_before_the_evidence_and_carries_its_findings_into_the_register(
    full_run: Any,
) -> None:
    run_dir: Path = full_run.outcome.run_dir
    findings = json.loads((run_dir / "findings.json").read_text())
    book = openpyxl.load_workbook(run_dir / "findings.xlsx")
    areas = sorted({c["area"] for c in findings["checks"]})
    assert book.sheetnames == [*areas, "checks (summary)", "register"]
    excel_findings = [row for area in areas for row in sheet_rows(book[area])]
    by_id = {f["finding_id"]: f for f in findings["findings"]}
    assert len(excel_findings) == len(by_id) > 0
    assert all(row == by_id[row["finding_id"]] for row in excel_findings)
    assert all(sheet.freeze_panes == "A2" and sheet.auto_filter.ref for sheet in book.worksheets)
    assert sheet_rows(book["checks (summary)"]) == findings["checks"]
    kept = register.load(full_run.reports_dir / "register.csv")
    assert set(by_id) <= set(kept)
    assert {r["finding_id"] for r in sheet_rows(book["register"])} == set(by_id)
    evidence = json.dumps(json.loads((run_dir / "evidence.json").read_text()))
    for name in ("findings.csv", "checks.csv", "register.csv", "findings.xlsx"):
        assert (run_dir / name).is_file() and name in evidence
    index = (run_dir / "index.html").read_text()
    assert f"Findings register ({len(by_id)} findings of this run)" in index


@pytest.mark.browser
def test_a_page_prints_to_pdf_with_headless_chromium(tmp_path: Path) -> None:
    from browser_support import require_chromium
    from wgp_audit.report import pdf, runs, tables

    require_chromium()
    page = tmp_path / "index.html"
    entries = [register.Entry(f"RET-1:r-{i}", "RET-1", "Kept too long", "run", "run") for i in range(40)]
    page.write_text(
        runs.page(
            "wgp-audit run",
            exports.register_section((entries, register.Update((), ())), "2026-10-31") + tables.assets(),
        )
    )
    (out,) = pdf.print_run(tmp_path)
    data = out.read_bytes()
    assert out == tmp_path / "pdf" / "index.pdf" and data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 1


def test_run_pdf_without_chromium_stops_before_anything_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WGP_AUDIT_CHROMIUM", str(tmp_path / "no-chromium"))
    code = main(["run", "--pdf", "--reports", str(tmp_path / "reports")])
    assert code == ExitCode.REPORT
    assert "--pdf needs headless Chromium" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())


def test_exports_redact_secrets_in_free_text_as_findings_json_does(tmp_path: Path) -> None:
    from wgp_audit.errors import register_secret

    register_secret("hunter2-export-secret")
    row = {**FINDINGS[1], "reason": "login failed for dsn with hunter2-export-secret inside"}
    path = exports.write_csv(tmp_path / "f.csv", exports.plain([row]), exports.FINDING_COLUMNS)
    text = path.read_text(encoding="utf-8-sig")
    assert "hunter2-export-secret" not in text and "with *** inside" in text
