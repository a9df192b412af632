"""The runner: a failed check is data, a broken check an ERROR result, an empty input not evaluable."""

from __future__ import annotations

from pathlib import Path

import duckdb

from wgp_audit.checks import parse_check
from wgp_audit.errors import ExitCode
from wgp_audit.findings import CheckResult, Outcome, exit_code
from wgp_audit.runner import run_check, run_checks

HEADER = "-- id: RET-3\n-- title: t\n-- clause: c\n-- law: l\n-- severity: low\n"


def _spec(tmp_path: Path, body: str, name: str = "c.sql") -> object:
    path = tmp_path / "area" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(HEADER + body)
    return parse_check(path)


def _con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table t as select * from (values ('a', 'u1'), ('b', 'u2')) v(k, user_id)")
    con.execute("create table empty_t (k varchar)")
    return con


def test_rows_become_findings_with_subject_and_evidence(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        "-- params: key\nselect k as record_key, user_id, 'bad ' || k as reason,"
        " 42 as n from t where k = $key;",
    )
    result = run_check(_con(), spec, {"key": "a", "unused": 1})  # type: ignore[arg-type]
    assert result.outcome is Outcome.FAIL
    (f,) = result.findings
    assert (f.record_key, f.subject_id, f.reason) == ("a", "u1", "bad a")
    assert f.evidence == {"user_id": "u1", "n": 42}


def test_parameter_is_bound_as_data_not_sql(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "-- params: key\nselect k as record_key, 'x' as reason from t where k = $key;")
    result = run_check(_con(), spec, {"key": "' or 1=1 --"})  # type: ignore[arg-type]
    assert result.outcome is Outcome.PASS and result.findings == ()


def test_broken_sql_is_an_error_result_naming_the_file(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "select nope as record_key, 'x' as reason from t;", "broken.sql")
    result = run_check(_con(), spec, {})  # type: ignore[arg-type]
    assert result.outcome is Outcome.ERROR and "broken.sql" in (result.message or "")


def test_missing_record_key_or_reason_is_an_error(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "select k from t;")
    result = run_check(_con(), spec, {})  # type: ignore[arg-type]
    assert result.outcome is Outcome.ERROR and "record_key, reason" in (result.message or "")


def test_empty_needed_table_is_not_evaluable_never_pass(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "-- needs: empty_t\nselect k as record_key, 'x' as reason from empty_t;")
    result = run_check(_con(), spec, {})  # type: ignore[arg-type]
    assert result.outcome is Outcome.NOT_EVALUABLE and "empty_t holds no rows" in (result.message or "")


def test_absent_log_view_is_not_evaluable(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "-- needs: log_web\nselect 1 as record_key, 'x' as reason;")
    result = run_check(_con(), spec, {})  # type: ignore[arg-type]
    assert result.outcome is Outcome.NOT_EVALUABLE and "--logs" in (result.message or "")


def test_one_broken_check_does_not_stop_the_others(tmp_path: Path) -> None:
    good = _spec(tmp_path, "select k as record_key, 'x' as reason from t;", "good.sql")
    bad = _spec(tmp_path, "select from;", "bad.sql")
    outcomes = [r.outcome for r in run_checks(_con(), [bad, good], {})]  # type: ignore[list-item]
    assert outcomes == [Outcome.ERROR, Outcome.FAIL]


def test_exit_code_ranks_errors_over_findings_over_not_evaluable(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "select 1;")

    def res(o: Outcome) -> CheckResult:
        return CheckResult(spec, o)  # type: ignore[arg-type]

    assert exit_code([res(Outcome.PASS)]) is ExitCode.OK
    assert exit_code([res(Outcome.PASS), res(Outcome.NOT_EVALUABLE)]) is ExitCode.NOT_EVALUABLE
    assert exit_code([res(Outcome.NOT_EVALUABLE), res(Outcome.FAIL)]) is ExitCode.FINDINGS
    assert exit_code([res(Outcome.FAIL), res(Outcome.ERROR)]) is ExitCode.CHECK_ERROR


def test_needing_a_view_that_does_not_exist_is_a_broken_check(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "-- needs: stg_nothing\nselect 1 as record_key, 'x' as reason;")
    result = run_check(_con(), spec, {})  # type: ignore[arg-type]
    assert result.outcome is Outcome.ERROR and "needs stg_nothing" in (result.message or "")
