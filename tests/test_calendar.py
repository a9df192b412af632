"""The Kazakhstan working-day calendar matches requirements.md section 5, in Python and in SQL."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tests.conftest import CheckRunner, utc
from wgp_audit.calendar import (
    WorkingDays,
    build_calendar,
    calendar_years,
    register_calendar,
    working_days_off,
)
from wgp_audit.config import load_yardstick
from wgp_audit.errors import ConfigError
from wgp_audit.params import AuditPeriod, audit_period

TRANSFERS = [dt.date(2023, 7, 1), dt.date(2024, 5, 4), dt.date(2025, 1, 5)]
# requirements.md section 5: weekday days off per year (holidays, observed or transferred)
EXPECTED_OFF = {
    2023: "01-02 01-03 03-08 03-21 03-22 03-23 05-01 05-08 05-09 06-28 07-06 07-07 08-30 10-25 12-18",
    2024: "01-01 01-02 03-08 03-21 03-22 03-25 05-01 05-07 05-08 05-09 07-08 08-30 10-25 12-16",
    2025: "01-01 01-02 01-03 01-07 03-10 03-21 03-24 03-25 05-01 05-07 05-09 06-06 07-07 09-01 10-27 12-16",
    2026: "01-01 01-02 01-07 03-09 03-23 03-24 03-25 05-01 05-07 05-11 05-27 07-06 10-26 12-16",
}


@pytest.fixture(scope="module")
def days() -> list:  # type: ignore[type-arg]
    return build_calendar(2023, 2026, TRANSFERS)


@pytest.mark.parametrize("year", sorted(EXPECTED_OFF))
def test_weekday_days_off_match_the_catalogue(days: list, year: int) -> None:  # type: ignore[type-arg]
    got = " ".join(d.strftime("%m-%d") for d in working_days_off(days, year))
    assert got == EXPECTED_OFF[year]


@pytest.mark.parametrize("day", TRANSFERS)
def test_decreed_working_weekend_days_are_working_days(days: list, day: dt.date) -> None:  # type: ignore[type-arg]
    assert day.weekday() >= 5
    assert WorkingDays(days).is_working(day)


def test_constitution_day_is_not_a_holiday_in_2026_but_is_in_2025(days: list) -> None:  # type: ignore[type-arg]
    wd = WorkingDays(days)
    assert not wd.is_working(dt.date(2025, 9, 1))  # 30 Aug 2025 (Sat) observed on Monday
    assert wd.is_working(dt.date(2026, 8, 31))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2024-05-03T17:00:00+05:00", 1, "2024-05-04"),  # Friday -> working Saturday (transfer)
        ("2024-05-03T17:00:00+05:00", 3, "2024-05-10"),  # across 7-9 May days off
        ("2025-03-20T09:00:00+05:00", 1, "2025-03-26"),  # Nauryz 21-25 March
        ("2024-01-06T12:00:00+05:00", 1, "2024-01-08"),  # a Saturday counts from the Friday before
        ("2024-01-05T20:00:00+00:00", 1, "2024-01-08"),  # 01:00 Saturday local time
        ("2026-01-16T10:00:00+05:00", 15, "2026-02-06"),  # consent withdrawal, 15 working days
    ],
)
def test_wd_deadline_in_sql_matches_python(days: list, start: str, n: int, expected: str) -> None:  # type: ignore[type-arg]
    con = duckdb.connect()
    register_calendar(con, days, "Asia/Atyrau")
    row = con.execute(
        "select strftime(local_date(wd_deadline(?::timestamptz, ?)), '%Y-%m-%d'),"
        " strftime(timezone('Asia/Atyrau', wd_deadline(?::timestamptz, ?)), '%H:%M:%S')",
        [start, n, start, n],
    ).fetchone()
    assert row == (expected, "23:59:59")
    local = dt.datetime.fromisoformat(start).astimezone(dt.timezone(dt.timedelta(hours=5))).date()
    assert WorkingDays(days).nth_after(local, n).isoformat() == expected


def _period(as_of: str, start: str) -> AuditPeriod:
    return audit_period(as_of, start, None, "Asia/Atyrau")


def test_calendar_years_reach_past_the_yardstick_to_the_audit_dates() -> None:
    cal = load_yardstick().calendar
    first, last = calendar_years(cal, _period("2031-06-30", "2030-01-01"))
    assert first <= min(cal["first_year"], 2029)
    assert last >= 2033  # as_of + 2 years: deadlines of the last events lie after as_of


def test_calendar_years_keep_the_yardstick_range_for_an_audit_inside_it() -> None:
    cal = load_yardstick().calendar
    first, last = calendar_years(cal, _period("2026-10-31", "2023-01-01"))
    assert first <= cal["first_year"] and last >= cal["last_year"]


def test_wd_deadline_answers_for_every_day_of_the_calendar_years() -> None:
    first, last = calendar_years(load_yardstick().calendar, _period("2028-12-31", "2028-01-01"))
    con = duckdb.connect()
    register_calendar(con, build_calendar(first, last), "Asia/Atyrau")
    missing = con.execute(
        "select count(*) from range(?::date, ?::date, interval 1 day) as t(day)"
        " where wd_deadline(day::timestamp at time zone 'Asia/Atyrau', 10) is null",
        [f"{first}-01-01", f"{last - 1}-01-01"],
    ).fetchone()
    assert missing == (0,)


def test_an_audit_past_the_years_the_holidays_package_knows_is_refused_with_exit_5() -> None:
    with pytest.raises(ConfigError) as err:
        calendar_years(load_yardstick().calendar, _period("2100-06-30", "2100-01-01"))
    assert err.value.exit_code == 5
    assert "2102" in str(err.value)


def test_a_yardstick_first_year_before_the_holidays_package_is_refused() -> None:
    cal = {**load_yardstick().calendar, "first_year": 1985}
    with pytest.raises(ConfigError, match="1985"):
        calendar_years(cal, _period("2026-10-31", "2023-01-01"))


def test_dsr_1_reports_an_unanswered_access_request_received_in_2028(run_check: CheckRunner) -> None:
    received = utc("2028-03-01T10:00+05:00")
    keys = run_check(
        "DSR-1",
        {
            "dsr_requests": [
                {
                    "request_id": "unanswered_2028",
                    "user_id": "u",
                    "kind": "access",
                    "channel": "e_document",
                    "received_at": received,
                    "identity_verified_at": received,
                },
                {
                    "request_id": "answered_2028",
                    "user_id": "u",
                    "kind": "access",
                    "channel": "e_document",
                    "received_at": received,
                    "identity_verified_at": received,
                    "answered_at": utc("2028-03-02T10:00+05:00"),
                    "outcome": "granted",
                    "response_elements": [
                        "confirmation",
                        "purpose",
                        "sources",
                        "methods",
                        "data_list",
                        "terms",
                    ],
                },
            ]
        },
        as_of="2028-06-30",
        period_start="2028-01-01",
    )
    assert keys == {"unanswered_2028"}
