"""The findings register: carried over between runs by finding id, edited by hand or by command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from wgp_audit import register
from wgp_audit.cli import main
from wgp_audit.errors import ConfigError, ExitCode


def finding(fid: str, title: str = "Personal data kept past its retention period") -> dict[str, Any]:
    return {"finding_id": fid, "check_id": fid.split(":")[0], "title": title}


RUN1, RUN2, RUN3 = "2026-11-01T100000Z-aaaaaa", "2026-11-02T100000Z-bbbbbb", "2026-11-03T100000Z-cccccc"


def test_first_run_adds_every_finding_as_open(tmp_path: Path) -> None:
    rows, update = register.update_for_run(tmp_path, [finding("RET-1:r-2"), finding("RET-1:r-1")], RUN1)
    assert update.new == ("RET-1:r-1", "RET-1:r-2") and update.regressions == ()
    assert [(e.finding_id, e.status, e.first_seen_run, e.last_seen_run) for e in rows] == [
        ("RET-1:r-1", "open", RUN1, RUN1),
        ("RET-1:r-2", "open", RUN1, RUN1),
    ]
    lines = (tmp_path / "register.csv").read_text().splitlines()
    assert lines[0] == "finding_id,check_id,title,first_seen_run,last_seen_run,status,owner,due,comment"
    assert [line.split(",")[0] for line in lines[1:]] == ["RET-1:r-1", "RET-1:r-2"]


def test_hand_edited_statuses_carry_into_the_next_run(tmp_path: Path) -> None:
    register.update_for_run(tmp_path, [finding("RET-1:r-1"), finding("CON-1:r-9")], RUN1)
    path = tmp_path / "register.csv"
    path.write_text(
        path.read_text().replace(
            f"{RUN1},open,,,", f'{RUN1},in remediation,Aigerim,2026-11-15,"ticket 42, DPO informed"', 1
        )
    )
    rows, update = register.update_for_run(tmp_path, [finding("RET-1:r-1"), finding("CON-1:r-9")], RUN2)
    assert update.new == ()
    first = rows[0]
    assert (first.finding_id, first.status, first.owner, first.due, first.comment) == (
        "CON-1:r-9",
        "in remediation",
        "Aigerim",
        "2026-11-15",
        "ticket 42, DPO informed",
    )
    assert (first.first_seen_run, first.last_seen_run) == (RUN1, RUN2)
    assert first.overdue(dt.date(2026, 11, 16)) and not first.overdue(dt.date(2026, 11, 15))


def test_a_resolved_finding_that_returns_is_reopened_as_a_regression(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    register.update_for_run(tmp_path, [finding("RET-1:r-1")], RUN1)
    register.set_status(path, "RET-1:r-1", "resolved", comment="deleted on 2026-11-02")
    register.update_for_run(tmp_path, [], RUN2)  # gone in the second run
    rows, update = register.update_for_run(tmp_path, [finding("RET-1:r-1")], RUN3)
    assert update.regressions == ("RET-1:r-1",)
    (entry,) = rows
    assert entry.status == "open"
    assert entry.comment == f"regression: reappeared in run {RUN3}; deleted on 2026-11-02"
    assert (entry.first_seen_run, entry.last_seen_run) == (RUN1, RUN3)


def test_a_run_changes_only_the_rows_of_the_findings_it_saw(tmp_path: Path) -> None:
    register.update_for_run(tmp_path, [finding(f"RET-1:r-{i}") for i in range(5)], RUN1)
    before = (tmp_path / "register.csv").read_text().splitlines()
    register.update_for_run(tmp_path, [finding("RET-1:r-3"), finding("RET-1:r-7")], RUN2)
    after = (tmp_path / "register.csv").read_text().splitlines()
    changed = set(after) - set(before)
    assert {line.split(",")[0] for line in changed} == {"RET-1:r-3", "RET-1:r-7"}
    assert len(after) == len(before) + 1


def test_resolved_is_never_overdue() -> None:
    entry = register.Entry("RET-1:r-1", "RET-1", "t", RUN1, RUN1, status="resolved", due="2026-01-01")
    assert not entry.overdue(dt.date(2026, 12, 1))
    still_open = register.Entry("RET-1:r-1", "RET-1", "t", RUN1, RUN1, due="2026-01-01")
    assert still_open.overdue(dt.date(2026, 12, 1))


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda t: t.replace("finding_id,", "id,", 1), "columns"),
        (lambda t: t.replace(",open,", ",done,", 1), "unknown status 'done'"),
        (lambda t: t.replace(f"{RUN1},open,,", f"{RUN1},open,,31.12.2026", 1), "not a date"),
        (lambda t: t + t.splitlines()[1] + "\n", "repeats finding"),
    ],
)
def test_a_broken_hand_edit_is_refused_with_its_line(tmp_path: Path, damage: Any, message: str) -> None:
    register.update_for_run(tmp_path, [finding("RET-1:r-1")], RUN1)
    path = tmp_path / "register.csv"
    path.write_text(damage(path.read_text()))
    with pytest.raises(ConfigError, match=message):
        register.update_for_run(tmp_path, [finding("RET-1:r-1")], RUN2)


def test_register_commands_assign_set_status_and_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register.update_for_run(tmp_path, [finding("RET-1:r-1"), finding("CON-1:r-2")], RUN1)
    reports = ["--reports", str(tmp_path)]
    assert (
        main(["register", "assign", "RET-1:r-1", "--owner", "Aigerim", "--due", "2020-01-31", *reports]) == 0
    )
    assert (
        main(["register", "status", "RET-1:r-1", "in-remediation", "--comment", "ticket 42", *reports]) == 0
    )
    capsys.readouterr()
    assert main(["register", "list", "--overdue", *reports]) == 0
    out = capsys.readouterr().out
    assert "RET-1:r-1" in out and "in remediation" in out and "2020-01-31 OVERDUE" in out
    assert "CON-1:r-2" not in out and "1 finding(s)" in out
    entry = register.load(tmp_path / "register.csv")["RET-1:r-1"]
    assert (entry.owner, entry.due, entry.status, entry.comment) == (
        "Aigerim",
        "2020-01-31",
        "in remediation",
        "ticket 42",
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["register", "assign", "RET-9:r-404", "--owner", "Aigerim"],
        ["register", "status", "RET-1:r-1", "fixed"],
        ["register", "assign", "RET-1:r-1", "--owner", "Aigerim", "--due", "tomorrow"],
    ],
)
def test_register_commands_refuse_unknown_ids_statuses_and_dates(tmp_path: Path, argv: list[str]) -> None:
    register.update_for_run(tmp_path, [finding("RET-1:r-1")], RUN1)
    before = (tmp_path / "register.csv").read_text()
    assert main([*argv, "--reports", str(tmp_path)]) == ExitCode.USAGE
    assert (tmp_path / "register.csv").read_text() == before


@pytest.mark.slow
def test_a_register_edited_between_two_runs_shows_in_the_second_and_flags_a_returning_finding(
    full_run: Any, demo: Any, tmp_path: Path
) -> None:
    import json
    import re
    import shutil

    from wgp_audit.report.run import RunOptions, run_audit

    first = json.loads((full_run.outcome.run_dir / "findings.json").read_text())["findings"]
    owned, fixed = sorted(f["finding_id"] for f in first if f["area"] == "retention")[:2]
    path = full_run.reports_dir / "register.csv"
    register.assign(path, owned, "Aigerim", "2026-10-01")
    register.set_status(path, owned, "in remediation", "ticket 42")
    register.set_status(path, fixed, "resolved", "deleted")
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "notebooks" / "10_retention.ipynb", notebooks)
    second = run_audit(
        RunOptions(
            source=str(demo.database),
            reports_dir=full_run.reports_dir,
            notebooks_dir=notebooks,
            logs_dir=str(demo.logs),
        ),
        progress=False,
    )
    seen = {f["finding_id"] for f in json.loads((second.run_dir / "findings.json").read_text())["findings"]}
    assert {owned, fixed} <= seen
    first_id = re.compile(r'class="wgp-id"[^>]*>(?:<a [^>]*>)?([^<]+)<')  # the id, linked to its check or not
    rows = {
        m.group(1): row
        for row in (second.run_dir / "index.html").read_text().split("<tr>")
        if (m := first_id.search(row))
    }
    assert all(s in rows[owned] for s in ("in remediation", "Aigerim", "2026-10-01", "OVERDUE", "ticket 42"))
    assert "REGRESSION" in rows[fixed] and "OVERDUE" not in rows[fixed]
    kept = register.load(path)
    assert kept[fixed].status == "open"
    assert kept[fixed].comment == f"regression: reappeared in run {second.run_id}; deleted"
    assert kept[owned].last_seen_run == second.run_id
    assert kept[owned].first_seen_run == full_run.outcome.run_id
