"""The Kazakhstan working-day calendar matches requirements.md section 5, in Python and in SQL."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from wgp_audit.calendar import WorkingDays, build_calendar, register_calendar, working_days_off

TRANSFERS = [dt.date(2023, 7, 1), dt.date(2024, 5, 4), dt.date(2025, 1, 5)]
# requirements.md section 5: weekday days off per year (holidays, observed or transferred)
EXPECTED_OFF = {
    2023: "01-02 01-03 03-08 03-21 03-22 03-23 05-01 05-08 05-09 06-28 07-06 07-07 08-30 10-25 12-18",
    2024: "01-01 01-02 03-08 03-21 03-22 03-25 05-01 05-07 05-08 05-09 07-08 08-30 10-25 12-16",
    2025: "01-01 01-02 01-03 01-07 03-10 03-21 03-24 03-25 05-01 05-07 05-09 06-06 07-07 09-01 10-27"
          " 12-16",
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


@pytest.mark.parametrize(("start", "n", "expected"), [
    ("2024-05-03T17:00:00+05:00", 1, "2024-05-04"),  # Friday -> working Saturday (transfer)
    ("2024-05-03T17:00:00+05:00", 3, "2024-05-10"),  # across 7-9 May days off
    ("2025-03-20T09:00:00+05:00", 1, "2025-03-26"),  # Nauryz 21-25 March
    ("2024-01-06T12:00:00+05:00", 1, "2024-01-08"),  # a Saturday counts from the Friday before
    ("2024-01-05T20:00:00+00:00", 1, "2024-01-08"),  # 01:00 Saturday local time
    ("2026-01-16T10:00:00+05:00", 15, "2026-02-06"),  # consent withdrawal, 15 working days
])
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
